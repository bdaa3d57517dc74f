"""Work shared among the cores (`workers.spread`): the same results, in the same order, as a plain loop."""

from __future__ import annotations

import os
import threading
import time

import pytest

from generator import workers

OTHER_THREADS = workers._other_threads


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


@pytest.fixture
def two_workers(monkeypatch):
    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "2")
    monkeypatch.setattr(workers, "MIN_ITEMS", 4)


@pytest.fixture
def no_other_threads(two_workers, monkeypatch):
    """Other tests may leave a thread behind (a server's reader); these tests are about forking."""
    monkeypatch.setattr(workers, "_other_threads", lambda: False)


class _Done:
    """Which process did which item, in a file every forked process appends to; `wait_until` waits
    (for a minute at most) until what a test needs of the other process is done, however busy the
    machine is."""

    def __init__(self, path) -> None:
        self.path = path
        self.clear()

    def clear(self) -> None:
        self.path.write_text("", encoding="ascii")

    def did(self, n: int) -> None:
        with self.path.open("a", encoding="ascii") as out:
            out.write(f"{os.getpid()} {n}\n")

    def by_others(self) -> list[int]:
        return [n for pid, n in self._lines() if pid != os.getpid()]

    def pids(self) -> set[int]:
        return {pid for pid, _ in self._lines()}

    def _lines(self) -> list[tuple[int, int]]:
        return [(int(pid), int(n)) for pid, n in
                (line.split() for line in self.path.read_text(encoding="ascii").splitlines())]

    def wait_until(self, enough) -> None:
        deadline = time.monotonic() + 60
        while not enough(self.by_others()) and time.monotonic() < deadline:
            time.sleep(0.01)


def test_the_results_come_back_in_the_order_of_the_items_from_more_than_one_process(no_other_threads, monkeypatch,
                                                                                   tmp_path):
    monkeypatch.setattr(workers, "CHUNK", 2)
    done, here = _Done(tmp_path / "gedaan"), os.getpid()

    def square_and_pid(n: int) -> tuple[int, int]:
        if os.getpid() == here:
            done.wait_until(bool)  # the forked process has done an item
        done.did(n)
        return n * n, os.getpid()

    results = workers.spread(square_and_pid, list(range(40)))
    assert [square for square, _ in results] == [n * n for n in range(40)]
    assert len({pid for _, pid in results}) == 2  # this process did some chunks, a forked one the others
    assert here in {pid for _, pid in results}


def test_a_process_that_is_done_takes_the_next_items_instead_of_waiting(no_other_threads, monkeypatch, tmp_path):
    # the process that takes the first item waits until the other has done all the rest: with items
    # dealt out beforehand, it would hold every other item itself, the wait would run out, and it
    # would do those too
    monkeypatch.setattr(workers, "CHUNK", 1)
    done = _Done(tmp_path / "gedaan")

    def work(n: int) -> int:
        if n == 0:
            done.wait_until(lambda others: len(others) == 19)
        done.did(n)
        return os.getpid()

    pids = workers.spread(work, list(range(20)))
    assert pids.count(pids[0]) == 1
    assert len(set(pids[1:])) == 1 and pids[1] != pids[0]


def test_work_the_forked_process_could_only_know_from_the_parent_is_done_there(no_other_threads):
    seen = {"prefix": "gedeeld-"}  # a closure: nothing is sent to the other process but the results

    def label(n: int) -> str:
        return f"{seen['prefix']}{n}"

    assert workers.spread(label, list(range(10))) == [f"gedeeld-{n}" for n in range(10)]


def test_an_error_in_a_share_is_raised_in_the_caller(no_other_threads):
    def fail_on_seven(n: int) -> int:
        if n == 7:
            raise ValueError("zeven")
        return n

    with pytest.raises(ValueError, match="zeven"):
        workers.spread(fail_on_seven, list(range(10)))


def test_few_items_one_worker_or_other_threads_keep_the_work_in_this_process(no_other_threads, monkeypatch):
    assert {pid for _, pid in workers.spread(_square_and_pid, [1, 2, 3])} == {os.getpid()}  # under MIN_ITEMS
    monkeypatch.setattr(workers, "_other_threads", OTHER_THREADS)  # workers' own test again
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert {pid for _, pid in workers.spread(_square_and_pid, list(range(40)))} == {os.getpid()}
    finally:
        stop.set()
        thread.join()
    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "1")
    assert {pid for _, pid in workers.spread(_square_and_pid, list(range(40)))} == {os.getpid()}



@pytest.mark.parametrize("cache", [None, {}], ids=["no cache", "cache"])
def test_approach_files_checked_on_two_cores_give_what_one_core_gives(tmp_path, monkeypatch, cache):
    import datetime as dt

    from conftest import copy_project
    from test_sharing import assert_shared

    from generator import yamlsource
    from generator.paths import Project
    from generator.validate import load_project

    root = copy_project(tmp_path / "project")
    files = Project(root).approach_files()
    assert len(files) >= 4
    text = files[0].read_text(encoding="utf-8")
    files[0].write_text(text.replace("status:", "samenvating: een tikfout\nstatus:", 1), encoding="utf-8")
    text = files[-1].read_text(encoding="utf-8")
    files[-1].write_text(text.replace("titel:", "titel: [niet afgesloten\nx:", 1), encoding="utf-8")
    load, here, done = yamlsource.load, os.getpid(), _Done(tmp_path / "gelezen")

    def noting(path, name):
        # with two cores, this process waits at its approach file until the forked one has read one
        if path in files and os.getpid() == here and os.environ["GEREEDSCHAPSKIST_WORKERS"] == "2":
            done.wait_until(bool)
        done.did(0)
        return load(path, name)

    monkeypatch.setattr(yamlsource, "load", noting)
    monkeypatch.setattr(workers, "_other_threads", lambda: False)
    monkeypatch.setattr(workers, "MIN_ITEMS", 2)
    monkeypatch.setattr(workers, "CHUNK", 1)

    def checked(count: str):
        monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", count)
        done.clear()
        result = load_project(Project(root), today=dt.date(2026, 6, 1), cache=None if cache is None else {})
        return result, done.pids()

    one, one_reader = checked("1")
    two, two_readers = checked("2")
    assert one_reader == {here} and len(two_readers) == 2  # this process and a forked one
    assert one.diagnostics.errors and two.diagnostics.report() == one.diagnostics.report()
    assert [(s.slug, s.file, s.aanpak) for s in two.sources] == [(s.slug, s.file, s.aanpak) for s in one.sources]
    assert [s.where("titel") for s in two.sources] == [s.where("titel") for s in one.sources]
    assert_shared([s.aanpak for s in two.sources])  # what came back from the other process is shared too
