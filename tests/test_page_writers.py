"""MkDocs' page loop on two cores (generator/page_writers.py), with the real MkDocs build.

The real project is built in this process (as plain `mkdocs build` does), once with a share of the
generated pages written by a forked process and once without; every file must be the same. The
link check of a handed-over page is done once, by the build's own loop, and an error while writing
one in the other process fails the build here, with its message.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
from mkdocs.commands import build as mkdocs_build

from generator import page_writers
from generator.build import load_mkdocs_config
from generator.paths import Project

from conftest import ROOT


@pytest.fixture
def splits(monkeypatch):
    """The build forks (other tests may leave a thread behind); every split of the builds, kept."""
    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "2")
    monkeypatch.setattr(page_writers, "can_fork", lambda: True)
    made: list[page_writers.Split] = []
    begin = page_writers.begin

    def noting(*args, **kwargs):
        split = begin(*args, **kwargs)
        if split is not None:
            split.pid = split.started.pid  # the other process, for the tests to look at after the build
            made.append(split)
        return split

    monkeypatch.setattr(page_writers, "begin", noting)
    return made


def _here_waits(monkeypatch, splits, until) -> None:
    """The build's own loop waits at its first page until the other process has taken the pages
    from `until(split)` (an index into the shared pages) on, or for two minutes at most: what each
    side writes then depends on the taking, not on how busy the machine is."""
    build_page = mkdocs_build._build_page

    def waiting(page, *args, **kwargs):
        if splits and not page_writers.writing_elsewhere() and page is splits[-1].pages[0]:
            split, deadline = splits[-1], time.monotonic() + 120
            while split.taken[1] > until(split) and time.monotonic() < deadline:
                time.sleep(0.01)
        return build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", waiting)


def _approach_pages(split) -> list[int]:
    return [index for index, page in enumerate(split.pages) if _is_approach(page.file.src_uri)]


def _is_approach(name: str) -> bool:
    return name.startswith("aanpakken/") and name.count("/") == 2


def _build(root: Path, site: Path) -> list[logging.LogRecord]:
    """Build as plain `mkdocs build` does, in this process; the records of MkDocs' loggers."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.INFO)
    handler.emit = records.append  # MkDocs' own loggers may not propagate to pytest's capture
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        mkdocs_build.build(load_mkdocs_config(Project(root), site_dir=str(site)))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return records


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file() and path.relative_to(site).parts[0] != "pagefind"}


def test_pages_written_by_two_processes_are_byte_for_byte_those_of_one(tmp_path, splits, monkeypatch):
    _here_waits(monkeypatch, splits, lambda split: len(split.pages) - 1)  # the other one has begun
    records = _build(ROOT, tmp_path / "twee")
    (split,) = splits
    assert split.elsewhere and len(split.elsewhere) < len(split.pages)  # both processes wrote pages
    assert not any(record.getMessage().startswith("Page skipped") for record in records)
    assert any(record.getMessage().startswith("Documentation built") for record in records)  # records seen

    monkeypatch.setattr(page_writers, "MIN_PAGES", 10**9)
    _build(ROOT, tmp_path / "een")
    assert len(splits) == 1  # not split

    two, one = _files(tmp_path / "twee"), _files(tmp_path / "een")
    assert two.keys() == one.keys()
    assert [name for name in two if two[name] != one[name]] == []
    written = {name.removesuffix("index.md") + "index.html" for name in split.elsewhere}
    assert written <= two.keys()


def test_a_process_that_is_behind_leaves_more_pages_to_the_other(tmp_path, splits, monkeypatch):
    # pages dealt out beforehand would leave half to each side, and the wait would run out
    _here_waits(monkeypatch, splits, lambda split: len(split.pages) // 5)
    _build(ROOT, tmp_path / "site")
    (split,) = splits
    assert len(split.elsewhere) > len(split.pages) * 3 / 4


def test_the_links_of_a_page_written_elsewhere_are_checked_once(project_copy, tmp_path, splits, monkeypatch):
    template = project_copy / "templates" / "pages" / "aanpak.html.j2"
    broken = '<a href="{{ page.href(\'nergens/index.md\') }}">kapot</a> <a href="#geen-anker">kapot</a>'
    template.write_text(template.read_text(encoding="utf-8") + broken + "\n", encoding="utf-8")
    _here_waits(monkeypatch, splits, lambda split: max(_approach_pages(split)))  # one approach there
    records = _build(project_copy, tmp_path / "site")
    (split,) = splits
    elsewhere = sorted(name for name in split.elsewhere if _is_approach(name))
    assert elsewhere
    warnings = [record.getMessage() for record in records if record.levelno == logging.WARNING]
    for name in elsewhere:
        assert sum(f"'{name}'" in text and "'nergens/' is not found" in text for text in warnings) == 1, name
        assert sum(f"'{name}'" in text and "no such anchor" in text for text in warnings) == 1, name


def test_an_error_while_writing_a_page_elsewhere_fails_the_build_with_its_message(tmp_path, splits, monkeypatch):
    build_page = mkdocs_build._build_page

    def failing(page, *args, **kwargs):
        if page_writers.writing_elsewhere():  # in the other process only
            raise RuntimeError(f"kapot: {page.file.src_uri}")
        return build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", failing)
    with pytest.raises(RuntimeError, match="kapot: "):
        _build(ROOT, tmp_path / "site")
    assert splits


def test_a_build_that_fails_here_stops_the_other_process(tmp_path, splits, monkeypatch):
    build_page = mkdocs_build._build_page
    written_here = []

    def failing_here(page, *args, **kwargs):
        if not page_writers.writing_elsewhere():
            written_here.append(page.file.src_uri)
            if len(written_here) == 5:  # the other process is still writing
                raise RuntimeError("kapot hier")
        return build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", failing_here)
    with pytest.raises(RuntimeError, match="kapot hier"):
        _build(ROOT, tmp_path / "site")
    (split,) = splits
    with pytest.raises(ChildProcessError):  # on_build_error has ended it and waited for it
        os.waitpid(split.pid, os.WNOHANG)
