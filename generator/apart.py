"""A stage of the build in a process of its own: `apart(work)`.

Python keeps most of the memory it frees for reuse, so a process that checked and rendered
thousands of approaches stays large after letting go of them, and the next stage (Pagefind, which
needs as much again) would come on top. `apart` runs `work()` in a forked process and hands back
its result, or raises its exception here; when the process ends, all the memory it used goes
back to the system.

What the work logs reaches this process's log handlers as it happens, as if it had been logged
here (a program or test that listens to MkDocs' loggers hears the build). What it prints goes to
the same files as this process's output; when that output is not a file (a StringIO, as click's
test runner uses) the work runs here instead, as a plain call. So it does with
GEREEDSCHAPSKIST_WORKERS=1, without fork, or with other threads running (see workers.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import pickle
import signal
import sys
import threading
from typing import IO, Any, Callable, TypeVar

R = TypeVar("R")


class StageLost(RuntimeError):
    """The process of the work ended without an outcome (killed, or out of memory), or its exception
    could not be sent back; the text says which, in Dutch."""


def apart(work: Callable[[], R]) -> R:
    """work() in a forked process (see the module text). Its result and exception must be picklable;
    an exception that cannot be sent comes back as `StageLost` with its text, as does a process that
    ends without an outcome. Stopped while
    waiting (Ctrl+C), this stops the process too and waits for it to end."""
    if not can_fork():
        return work()
    return Started(work).result()


def can_fork() -> bool:
    """Whether `apart` and `Started` fork: not with GEREEDSCHAPSKIST_WORKERS=1, without fork, with
    other threads running, or with output that is not a file."""
    return os.environ.get("GEREEDSCHAPSKIST_WORKERS", "").strip() != "1" and threading.active_count() == 1 \
        and hasattr(os, "fork") and _output_to_files()


class Started:
    """work() begun in a forked process while the caller goes on with other work (the caller asks
    `can_fork()` first); `result()` waits for it, as `apart` does, and `stop()` ends it. What the
    work logs reaches the caller's handlers when `result()` is called (the pipe holds it meanwhile;
    a work that logs more than the pipe holds waits until then)."""

    def __init__(self, work: Callable[[], Any]) -> None:
        read_end, write_end = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(work, os.fdopen(write_end, "wb"))  # never returns
        os.close(write_end)
        self.pid: int | None = pid
        self._pipe = os.fdopen(read_end, "rb")

    def result(self) -> Any:
        if self.pid is None:
            raise StageLost("Het bouwproces is al gestopt.")
        try:
            with self._pipe:
                outcome = _listen(self._pipe)
        except BaseException:
            self.stop()  # stopped while waiting: the work stops too
            raise
        status, self.pid = _end(self.pid), None
        if outcome is None:
            raise StageLost(f"Het bouwproces stopte zonder resultaat ({_how_it_ended(status)}).")
        done, value = outcome
        if not done:
            raise value
        return value

    def stop(self) -> None:
        """End the work, if it still runs, and wait for its process."""
        if self.pid is not None:
            pid, self.pid = self.pid, None
            self._pipe.close()
            _end(pid, signal.SIGTERM)


def _child(work: Callable[[], Any], pipe: IO[bytes]) -> None:
    """In the forked process: do the work with its log records sent to the caller, send what came
    of it, and end without running the caller's clean-up."""
    status = 0
    try:
        _end_with_caller()
        _forward_logging(pipe)
        try:
            outcome: tuple[bool, Any] = (True, work())
        except BaseException as error:  # noqa: BLE001 - every outcome goes back to the caller
            outcome = (False, error)
        try:
            message = pickle.dumps(("uitkomst", outcome), protocol=pickle.HIGHEST_PROTOCOL)
            if not outcome[0]:
                pickle.loads(message)  # an exception may pickle and still not be rebuilt from it
        except Exception:  # noqa: BLE001
            described = (f"Het bouwproces gaf een fout die niet kon worden doorgegeven: {_describe(outcome[1])}"
                         if not outcome[0] else "Het resultaat van het bouwproces kon niet worden doorgegeven")
            message = pickle.dumps(("uitkomst", (False, StageLost(described))))
        pipe.write(message)
        pipe.flush()
    except BaseException:  # noqa: BLE001 - the caller was stopped and closed the pipe
        status = 1
    finally:
        with contextlib.suppress(BaseException):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(status)


def _end_with_caller() -> None:
    """On Linux, this process is killed when the caller ends first (killed outright, SIGKILL): it
    would otherwise go on writing into a staging directory that the next build removes."""
    caller = os.getppid()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux
    if os.getppid() != caller:  # the caller ended before that was set
        os._exit(1)


def _listen(pipe: IO[bytes]) -> tuple[bool, Any] | None:
    """Hand each log record from the work to the handlers here, until its outcome arrives."""
    while True:
        try:
            kind, value = pickle.load(pipe)
        except EOFError:
            return None
        if kind == "uitkomst":
            return value
        name, record = value
        logger = logging.getLogger(name) if name != "root" else logging.getLogger()
        for handler in logger.handlers:
            if record.levelno >= handler.level:
                handler.handle(record)


class _Forward(logging.Handler):
    """Sends each record, with the name of the logger whose handlers it reached, to the caller."""

    def __init__(self, pipe: IO[bytes], name: str) -> None:
        super().__init__()
        self.pipe, self.name_of_logger, self.pid = pipe, name, os.getpid()

    def emit(self, record: logging.LogRecord) -> None:
        if os.getpid() != self.pid:  # a process the work forked in turn: not on this pipe
            sys.stderr.write(record.getMessage() + "\n")
            return
        try:
            record = _sendable(record)
            self.pipe.write(pickle.dumps(("log", (self.name_of_logger, record)), protocol=pickle.HIGHEST_PROTOCOL))
            self.pipe.flush()
        except Exception:  # noqa: BLE001
            self.handleError(record)


def _forward_logging(pipe: IO[bytes]) -> None:
    """Every logger with handlers gets, instead, one that sends its records to the caller, whose
    own handlers of that logger emit them (levels and filters of the loggers apply here, as before)."""
    loggers = [logging.getLogger()] + [logger for logger in logging.Logger.manager.loggerDict.values()
                                       if isinstance(logger, logging.Logger)]
    for logger in loggers:
        if logger.handlers:
            handler = _Forward(pipe, logger.name)
            handler.setLevel(min(h.level for h in logger.handlers))
            logger.handlers = [handler]


def _sendable(record: logging.LogRecord) -> logging.LogRecord:
    """The record with its message made (its arguments may not pickle) and its traceback as text."""
    copy = logging.makeLogRecord(record.__dict__)
    copy.msg, copy.args = record.getMessage(), None
    if record.exc_info:
        copy.exc_text = logging.Formatter().formatException(record.exc_info)
    copy.exc_info = None
    return copy


def _output_to_files() -> bool:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both of the last two
            return False
    return True


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _end(pid: int, stop: int | None = None) -> int | None:
    """Wait for the process (stopping it first with `stop`); its wait status, if it could be had."""
    if stop is not None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, stop)
    while True:
        try:
            return os.waitpid(pid, 0)[1]
        except InterruptedError:
            continue
        except ChildProcessError:
            return None


def _how_it_ended(status: int | None) -> str:
    if status is not None and os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        hint = "; had het systeem te weinig geheugen?" if number == signal.SIGKILL else ""
        return f"gestopt door signaal {number} ({signal.Signals(number).name}){hint}"
    if status is not None and os.WIFEXITED(status):
        return f"afgesloten met code {os.WEXITSTATUS(status)}"
    return "onbekend hoe"
