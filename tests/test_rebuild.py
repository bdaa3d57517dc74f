"""Serving writes only the pages that can have changed (generator/rebuild.py), and the site it
leaves is the site a full build makes: every page compared, after an edit and after a removal."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project
from mkdocs.commands.build import build
from mkdocs.config import load_config

SKIP = ("pagefind/", "beheer/")  # the search index is kept from the first build while serving


class _Told(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _build(project: Path, site: Path, dirty: bool) -> int | None:
    """One MkDocs build as `gereedschapskist serve` runs it; the number of pages written, if told."""
    previous = Path.cwd()
    logger, told = logging.getLogger("mkdocs.gereedschapskist"), _Told()  # whatever other tests set up
    level = logger.level
    logger.addHandler(told)
    logger.setLevel(logging.INFO)
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.plugins.on_startup(command="serve", dirty=dirty)
        build(config, dirty=dirty)
    finally:
        os.chdir(previous)
        logger.removeHandler(told)
        logger.setLevel(level)
    written = [m for m in told.messages if "pagina's worden opnieuw geschreven" in m]
    return int(written[-1].split()[0]) if written else None


def _pages(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
            if p.is_file() and not str(p.relative_to(site)).startswith(SKIP)}


FULL_BUILD = """
import os, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
os.chdir(sys.argv[1])
config = load_config("mkdocs.yml", site_dir=sys.argv[2])
config.plugins.on_startup(command="serve", dirty=False)
build(config)
"""


def _same_as_a_full_build(project: Path, served: Path, tmp_path: Path) -> None:
    """Every file of the served site is the file a full build (in its own process) writes."""
    full = tmp_path / f"vol-{time.monotonic_ns()}"
    subprocess.run([sys.executable, "-c", FULL_BUILD, str(project), str(full)], check=True, capture_output=True)
    expected, got = _pages(full), _pages(served)
    assert sorted(got) == sorted(expected)
    assert [path for path in expected if got[path] != expected[path]] == []


@pytest.mark.timeout(900)
def test_after_a_save_only_pages_that_change_are_written_and_the_site_is_that_of_a_full_build(tmp_path):
    project = copy_project(tmp_path / "project")
    served = tmp_path / "served"
    total = _build(project, served, dirty=True)
    assert total is not None and total > 30

    approach = sorted((project / "approaches").glob("[!_]*.yml"))[0]
    text = approach.read_text(encoding="utf-8")
    assert "samenvatting: " in text
    time.sleep(0.01)
    approach.write_text(text.replace("samenvatting: ", "samenvatting: Meetpunt. ", 1), encoding="utf-8")
    written = _build(project, served, dirty=True)
    assert written is not None and 0 < written < total / 2  # the page itself and the lists that show it
    page = (served / "aanpakken" / approach.stem / "index.html").read_text(encoding="utf-8")
    assert "Meetpunt." in page
    _same_as_a_full_build(project, served, tmp_path)

    files = sorted((project / "approaches").glob("[!_]*.yml"))
    unlinked = next(f for f in files if all(f.stem not in o.read_text(encoding="utf-8") for o in files if o != f))
    unlinked.unlink()  # gone: its page goes, every list and link to it changes
    _build(project, served, dirty=True)
    assert not (served / "aanpakken" / unlinked.stem / "index.html").exists()
    _same_as_a_full_build(project, served, tmp_path)


def test_the_file_checks_kept_while_serving_are_done_again_when_the_vocabulary_changes(tmp_path):
    from generator.paths import Project
    from generator.validate import load_project

    project = Project(copy_project(tmp_path / "project"))
    cache: dict = {}
    assert load_project(project, cache=cache).diagnostics.errors == []
    assert len(cache) == len(project.approach_files())  # every file's checks kept
    vocabulary = project.vocabulary_file.read_text(encoding="utf-8")
    project.vocabulary_file.write_text(vocabulary.replace("\n  goede-dialoog:\n", "\n  goed-gesprek:\n", 1),
                                       encoding="utf-8")
    errors = load_project(project, cache=cache).diagnostics.errors
    assert any("goede-dialoog" in error.message for error in errors)  # the approaches using it are checked again
