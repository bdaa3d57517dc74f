"""A stage in a process of its own (`generator/apart.py`): its result, exceptions and log records
come back; what it leaves in memory does not."""

from __future__ import annotations

import logging
import os
import threading

import pytest

from generator.apart import StageLost, apart


@pytest.fixture
def no_other_threads(monkeypatch):
    """Other tests may leave a thread behind (a server's reader); these tests are about forking."""
    monkeypatch.delenv("GEREEDSCHAPSKIST_WORKERS", raising=False)
    monkeypatch.setattr(threading, "active_count", lambda: 1)


@pytest.fixture
def forking(no_other_threads, monkeypatch):
    """The stage forks whatever pytest does with output: some of these stages kill their own process."""
    import generator.apart

    monkeypatch.setattr(generator.apart, "_output_to_files", lambda: True)


_LEFT_BEHIND: list[bytes] = []


def _fill_and_return_pid() -> int:
    _LEFT_BEHIND.append(b"x" * 50_000_000)  # what a stage leaves behind: here, 50 MB kept in a module
    return os.getpid()


def test_apart_returns_the_result_from_another_process_and_keeps_what_it_left_behind_there(forking):
    pid = apart(_fill_and_return_pid)
    assert pid != os.getpid()
    assert _LEFT_BEHIND == []  # the 50 MB stayed in the process that ended


class _Refused(Exception):
    def __init__(self, code: int, why: str) -> None:  # not rebuilt from its args by pickle
        super().__init__(f"{code}: {why}")


def test_apart_raises_the_stages_exception_here_and_one_it_cannot_send_as_its_text(forking):
    from generator.diagnostics import Diagnostic, Diagnostics, ProjectError

    def invalid() -> None:
        found = Diagnostics()
        found.add(Diagnostic("approaches/a.yml", 3, 1, "doel", "Het veld ontbreekt.", hint="Vul het in."))
        raise ProjectError(found)

    with pytest.raises(ProjectError) as raised:
        apart(invalid)
    assert raised.value.diagnostics.errors[0].file == "approaches/a.yml"  # the diagnostics came along

    def refuse() -> None:
        raise _Refused(7, "zeven")

    with pytest.raises(StageLost, match="niet kon worden doorgegeven: _Refused: 7: zeven"):
        apart(refuse)


def test_apart_runs_here_with_one_worker_or_other_threads(no_other_threads, monkeypatch):
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert apart(os.getpid) == os.getpid()
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "1")
    assert apart(os.getpid) == os.getpid()


def test_a_caller_stopped_while_waiting_stops_the_stage_and_waits_for_it(forking, tmp_path):
    import signal
    import time

    pid_file = tmp_path / "pid"

    def wait_long() -> None:
        pid_file.write_text(str(os.getpid()))
        time.sleep(60)

    def stop(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, 1.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            apart(wait_long)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    stage = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):  # ended and reaped, not left running or as a zombie
        os.kill(stage, 0)


def test_apart_runs_here_when_the_output_is_not_a_file(no_other_threads, monkeypatch):
    import io

    monkeypatch.setattr("sys.stderr", io.StringIO())  # as click's test runner captures output
    assert apart(os.getpid) == os.getpid()


def test_what_the_stage_logs_reaches_the_handlers_here_as_it_was_logged(forking):
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append
    logger = logging.getLogger("mkdocs.gereedschapskist-test")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    def log() -> int:
        logger.debug("niet doorgegeven")  # under the logger's level: not sent
        logger.warning("pagina %s heeft een kapotte link", "x/")
        try:
            raise ValueError("stuk")
        except ValueError:
            logger.exception("mislukt")
        return os.getpid()

    try:
        pid = apart(log)
    finally:
        logger.removeHandler(handler)
    assert pid != os.getpid()
    assert [r.getMessage() for r in records] == ["pagina x/ heeft een kapotte link", "mislukt"]
    assert [r.levelname for r in records] == ["WARNING", "ERROR"]
    assert "ValueError: stuk" in records[1].exc_text


def test_a_stage_that_ends_without_an_outcome_is_told_in_dutch_with_how_it_ended(forking):
    import signal

    with pytest.raises(StageLost, match=r"stopte zonder resultaat \(gestopt door signaal 9 \(SIGKILL\); had het"):
        apart(lambda: os.kill(os.getpid(), signal.SIGKILL))  # as the kernel does when memory runs out
    with pytest.raises(StageLost, match=r"afgesloten met code 3"):
        apart(lambda: os._exit(3))


def test_a_build_whose_process_is_killed_fails_with_that_message_and_leaves_no_staging(
        forking, tmp_path, monkeypatch):
    import signal

    from mkdocs.exceptions import Abort

    from conftest import ROOT
    from generator import build
    from generator.paths import Project

    monkeypatch.setattr(build, "_mkdocs_build", lambda *args: os.kill(os.getpid(), signal.SIGKILL))
    with pytest.raises(Abort, match="Het bouwproces stopte zonder resultaat"):
        build.build_site(Project(ROOT), site_dir=tmp_path / "site")
    assert list(tmp_path.iterdir()) == []  # no site, no staging directory left
