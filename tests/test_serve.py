"""The preview an editor can trust: `gereedschapskist serve` on a copy of the project.

Break an approach while the server runs: the terminal shows the Dutch error with file and line, and
the browser keeps getting the last good page. Fix it: the page shows the fix. Every wait polls
against a deadline (generous: the machine may be busy) and the server is always stopped.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import copy_project

FIXTURES = Path(__file__).resolve().parent / "fixtures"
COMMAND = Path(sys.executable).parent / "gereedschapskist"
DEADLINE = 240  # seconds for any one step; a step normally takes a few seconds

pytestmark = pytest.mark.timeout(4 * DEADLINE)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running `gereedschapskist serve`, with everything it prints collected line by line."""

    def __init__(self, project: Path) -> None:
        self.port = free_port()
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [str(COMMAND), "serve", "--adres", f"127.0.0.1:{self.port}"], cwd=project,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, ""
        except OSError:
            return 0, ""

    def wait_for(self, what: str, condition) -> None:
        end = time.monotonic() + DEADLINE
        while time.monotonic() < end:
            if condition():
                return
            if self.process.poll() is not None:
                pytest.fail(f"serve stopped while waiting for {what}:\n{self.output}")
            time.sleep(0.5)
        pytest.fail(f"no {what} within {DEADLINE} s:\n{self.output}")

    def wait_for_line(self, what: str, predicate, after: int = 0) -> int:
        """Wait until a line after index `after` satisfies `predicate`; return that line's index."""
        found: list[int] = []

        def seen() -> bool:
            found[:] = [i for i, line in enumerate(self.lines[after:], after) if predicate(line)]
            return bool(found)

        self.wait_for(what, seen)
        return found[0]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._reader.join(timeout=10)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path / "project")
    shutil.copyfile(FIXTURES / "geldig.yml", root / "approaches" / "samen-werkfit.yml")
    return root


@pytest.fixture
def server(project: Path):
    running = Server(project)
    try:
        yield running
    finally:
        running.stop()


PAGE = "/aanpakken/samen-werkfit/"


def test_serve_shows_an_error_in_the_terminal_keeps_the_last_good_page_and_picks_up_the_fix(project, server):
    server.wait_for("first page", lambda: server.get(PAGE)[0] == 200)
    status, page = server.get(PAGE)
    assert ">Samen werkfit in de regio<" in page.replace("\n", "")

    # the editor deletes the title line and saves
    path = project / "approaches" / "samen-werkfit.yml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("titel: Samen werkfit in de regio\n", ""), encoding="utf-8")
    error = server.wait_for_line("the error in the terminal",
                                 lambda line: line.startswith("approaches/samen-werkfit.yml:"))
    assert server.lines[error] == ("approaches/samen-werkfit.yml:2:1: titel: ontbreekt; dit veld is verplicht "
                                   "(voeg 'titel:' toe; zie approaches/_sjabloon.yml voor een voorbeeld)")
    assert "de vorige versie blijft zichtbaar" in server.lines[error - 1]
    rebuilt = server.wait_for_line("the end of the rebuild", lambda line: "Documentation built" in line, error)

    status, page = server.get(PAGE)
    assert status == 200
    assert ">Samen werkfit in de regio<" in page.replace("\n", "")
    assert server.process.poll() is None

    # the editor puts a (new) title back and saves
    path.write_text(good.replace("titel: Samen werkfit in de regio", "titel: Samen werkfit in heel de regio"),
                    encoding="utf-8")
    server.wait_for("the fixed page", lambda: ">Samen werkfit in heel de regio<" in server.get(PAGE)[1])
    assert "Traceback" not in server.output
    assert not [line for line in server.lines[rebuilt:] if line.startswith("approaches/")]


def test_serve_on_a_port_in_use_says_so_in_dutch_without_a_traceback(project):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([str(COMMAND), "serve", "--adres", f"127.0.0.1:{port}"], cwd=project,
                                capture_output=True, text=True, timeout=DEADLINE)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith(f"Serveren mislukt: 127.0.0.1:{port} is niet te gebruiken")


def test_a_rebuild_while_serving_keeps_the_search_index_of_the_start_and_the_search_page_says_so(project, server):
    server.wait_for("first page", lambda: server.get(PAGE)[0] == 200)
    entry_before = server.get("/pagefind/pagefind-entry.json")
    assert entry_before[0] == 200 and '"languages"' in entry_before[1]
    status, search = server.get("/zoeken/")
    assert status == 200 and "de zoekindex is gemaakt toen" in search

    path = project / "approaches" / "samen-werkfit.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("titel: Samen werkfit in de regio",
                                                             "titel: Samen werkfit na de start"), encoding="utf-8")
    server.wait_for("the edited page", lambda: ">Samen werkfit na de start<" in server.get(PAGE)[1])
    rebuilt = [line for line in server.lines if "Documentation built" in line]
    assert len(rebuilt) >= 2
    # Pagefind did not run again (it would have written a new index); the index of the start is served
    assert server.get("/pagefind/pagefind-entry.json") == entry_before
    assert "de zoekindex is gemaakt toen" in server.get("/zoeken/")[1]
