"""Memory Python has freed, given back to the system.

glibc's allocator keeps freed memory for reuse instead of returning it. That matters twice in a
build: before Pagefind starts (the build's own memory should not stay beside Pagefind's), and before
the render processes are forked (memory freed but kept is shared with them, and once either side
reuses a page of it, both hold a copy).
"""

from __future__ import annotations

import ctypes
import gc


def trim() -> None:
    """Return the allocator's free pages to the system (glibc's malloc_trim; nothing elsewhere)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to ask


def release() -> None:
    """Free what only the cycle collector can, then `trim`."""
    gc.collect()
    trim()
