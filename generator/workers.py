"""Spread independent work over the machine's cores: `spread(work, items)`.

Checking a thousand approach files, or rendering a thousand pages, is the same small job many times
over, each needing nothing from the others. `spread` starts a forked process for each extra core
(which sees everything the parent had, so nothing needs sending but the results), and every
process, this one included, takes the next `CHUNK` items not yet taken until none are left; the
results come back in the order of the items. Taken as they go, not dealt out beforehand: jobs
differ in cost (an approach page, a data file of all approaches), and a share fixed in advance can
leave one core waiting seconds for the other (measured in benchmarks/README.md).

It does the work in this process alone, as if it were a plain loop, when that is quicker or safer:
fewer items than `MIN_ITEMS`, one core, `GEREEDSCHAPSKIST_WORKERS=1`, a platform without fork, or
other threads running (while serving: a fork copies no threads, and a lock one of them holds would
stay locked in the copy). An exception in a share is raised here, as in the loop.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
import threading
from typing import Any, Callable, Sequence, TypeVar

from . import memory

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 64
"""Fewer items than this are done in this process: starting a process costs more than it saves."""
MAX_WORKERS = 4
CHUNK = 16
"""Items a process takes at a time; a forked one sends their results back together."""

_work: tuple[Callable, Sequence, Any] | None = None
"""What the forked processes find (set just before they start): the work, the items, and the shared
count of items taken."""


def workers() -> int:
    """How many processes share the work: the cores this process may use, at most MAX_WORKERS."""
    setting = os.environ.get("GEREEDSCHAPSKIST_WORKERS", "").strip()
    if setting.isdigit() and int(setting) > 0:
        return min(int(setting), MAX_WORKERS)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def spread(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """[work(item) for item in items], with the items shared among the cores (see the module text)."""
    count = workers()
    if (count == 1 or len(items) < MIN_ITEMS or _other_threads()
            or "fork" not in multiprocessing.get_all_start_methods()):
        return [work(item) for item in items]
    global _work
    context = multiprocessing.get_context("fork")
    taken = context.Value("q", 0)  # how many items are taken; made before the fork, so shared with it
    _work = (work, items, taken)
    # What exists now is shared with the forked processes until one of them writes to it; the cycle
    # collector would write to every object it visits, copying the memory that holds it. Memory
    # freed but kept by the allocator would be copied too, once reused: it goes back first.
    memory.trim()
    gc.freeze()
    try:
        with context.Pool(count - 1, initializer=_plain_signals) as pool:
            # each task of the other processes takes one chunk (or finds none left) and sends its
            # results back when it is done: no process holds more than a chunk of results unsent
            pending = pool.imap_unordered(_do_chunk, range(-(-len(items) // CHUNK)))
            done = list(iter(lambda: _do_chunk(0), None))  # this process's chunks, as it takes them
            done += [chunk for chunk in pending if chunk is not None]
    finally:
        _work = None
        gc.unfreeze()
    ordered: list[R] = [None] * len(items)  # type: ignore[list-item]
    for start, results in done:
        ordered[start:start + len(results)] = results
    return ordered


def _other_threads() -> bool:
    return threading.active_count() > 1


def _plain_signals() -> None:
    """A forked process inherits the build's signal handlers (build.py turns SIGTERM into an
    exception with a message); the pool stops its processes with SIGTERM when the caller is done or
    fails, and that should end them quietly. Ctrl+C is for the caller to handle."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _do_chunk(_task: int) -> tuple[int, list] | None:
    """Take the next CHUNK items not yet taken and do them: (index of the first, results), or None
    when every item is taken."""
    assert _work is not None, "spread() sets the work before the processes start"
    work, items, taken = _work
    with taken.get_lock():
        start = taken.value
        taken.value = min(len(items), start + CHUNK)
    if start >= len(items):
        return None
    return start, [work(items[index]) for index in range(start, min(len(items), start + CHUNK))]
