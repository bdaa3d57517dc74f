"""Freed memory goes back to the system (generator/memory.py): measured as this process's resident
memory, before and after, with glibc's allocator (the one the build runs on)."""

from __future__ import annotations

import ctypes
import platform

import pytest

from generator import memory

pytestmark = pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")

MB = 1024 * 1024


def resident() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_trim_gives_back_freed_memory_the_allocator_kept() -> None:
    # 200 MB in blocks of 4 KB (too large for Python's own allocator, too small for glibc to map them
    # apart), every twentieth kept, so the freed ones are holes that free() alone never gives back
    blocks = [ctypes.create_string_buffer(b"x" * 4000) for _ in range(50_000)]
    kept = blocks[::20]
    del blocks
    held = resident()
    memory.trim()
    after = resident()
    assert held - after > 100 * MB, (held // MB, after // MB)
    assert all(block.raw[:1] == b"x" for block in kept)  # what is still used is untouched
