"""The search index: which pages Pagefind is given, the index in parts, and indexing after the build."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import search
from generator.search import PARTS, index_site, indexed_pages, split


def entry_count(index: Path) -> int:
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    return entry["languages"]["nl"]["page_count"]


def test_split_deals_the_pages_in_turn_over_as_few_parts_as_the_size_allows():
    pages = [f"p{i:02}" for i in range(23)]
    parts = split(pages, 10)
    assert len(parts) == 3
    assert parts[0][:3] == ["p00", "p03", "p06"]
    assert sorted(p for part in parts for p in part) == pages
    assert max(map(len, parts)) - min(map(len, parts)) <= 1
    assert split(pages, 23) == [pages]
    assert split([], 10) == [[]]


def test_only_pages_with_a_search_body_are_given_to_pagefind(built_site):
    pages = indexed_pages(built_site)
    assert "aanpakken/rouw-bij-baanverlies/index.html" in pages
    assert "tweede-spoor/index.html" in pages
    for left_out in ("index.html", "zoeken/index.html", "vergelijk/index.html", "beheer/index.html"):
        assert left_out not in pages
    assert not [p for p in pages if p.startswith(("werkzame-elementen/", "contextfactoren/", "pagefind/"))]
    # what Pagefind indexed in the real build is exactly this list
    assert entry_count(built_site / "pagefind") == len(pages)
    assert json.loads((built_site / "pagefind" / PARTS).read_text(encoding="utf-8")) == {"delen": []}


@pytest.fixture
def site_without_index(built_site, tmp_path) -> Path:
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    return site


def test_a_site_is_indexed_in_parts_that_together_hold_every_page(site_without_index):
    site = site_without_index
    pages = indexed_pages(site)
    assert index_site(site, pages_per_part=10) == len(split(pages, 10)) >= 3
    listed = json.loads((site / "pagefind" / PARTS).read_text(encoding="utf-8"))["delen"]
    assert listed == [f"deel-{n}/" for n in range(2, len(listed) + 2)]
    counts = [entry_count(site / "pagefind")] + [entry_count(site / "pagefind" / part) for part in listed]
    assert sum(counts) == len(pages) and max(counts) <= 10
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "wasm.nl.pagefind").is_file()
    further = site / "pagefind" / listed[0]
    assert not list(further.glob("*.js")) and not list(further.glob("wasm.*")), "the first part's files, twice"
    assert list((further / "fragment").iterdir())
    assert not [p for p in site.iterdir() if p.name.startswith(".")], "a part's directory of links is left behind"


def _index_files(index: Path) -> dict[str, bytes]:
    return {path.relative_to(index).as_posix(): path.read_bytes() for path in index.rglob("*") if path.is_file()}


def test_pages_cut_to_their_search_body_give_pagefind_the_same_index_as_whole_pages(site_without_index, monkeypatch):
    site = site_without_index
    pages = indexed_pages(site)
    page = (site / pages[0]).read_bytes()
    cut = search.indexed_text(page)
    assert len(cut) < len(page) * 0.8 and b'<nav class="md-nav' in page and b'<nav class="md-nav' not in cut
    index_site(site)
    from_cut = _index_files(site / "pagefind")
    shutil.rmtree(site / "pagefind")
    monkeypatch.setattr(search, "indexed_text", lambda html: html)
    index_site(site)
    assert _index_files(site / "pagefind") == from_cut


@pytest.mark.parametrize("page", [
    b"<html><head><title>t</title></head><body><h1 data-pagefind-meta='x'>a</h1>"
    b"<article><div data-pagefind-body>b</div></article></body></html>",  # Pagefind reads outside the body
    b"<html><head></head><body><article><div data-pagefind-body>b</div></body></html>",  # no end of article
    b"<html><body><article><div data-pagefind-body>b</div></article></body></html>",  # no head
])
def test_a_page_laid_out_otherwise_reaches_pagefind_whole(page):
    assert search.indexed_text(page) == page


def test_inside_after_build_the_index_waits_for_the_caller(site_without_index):
    site = site_without_index
    with search.after_build() as waiting:
        search.index_after_build(site)
        assert not (site / "pagefind").exists()
    assert waiting == [site]
    search.index_after_build(site)  # outside: at once, as plain `mkdocs build` does
    assert entry_count(site / "pagefind") == len(indexed_pages(site))


def test_a_failing_pagefind_is_a_build_error_and_leaves_no_links_behind(site_without_index, monkeypatch):
    from mkdocs.exceptions import PluginError

    monkeypatch.setattr(search.sys, "executable", "/bin/false")
    with pytest.raises(PluginError, match="zoekindex"):
        index_site(site_without_index)
    assert not [p for p in site_without_index.iterdir() if p.name.startswith(".")]


def test_a_packed_data_file_is_written_whole_and_then_let_go(tmp_path):
    from generator.mkdocs_hook import PackedFile
    from generator.packed import Packed

    text = "".join(f'{{"nr":{i},"tekst":"kosten € {i} – baten"}}\n' for i in range(200_000))  # some 8 MB
    file = PackedFile("data/x.json", src_dir=None, dest_dir=str(tmp_path), use_directory_urls=True)
    file.packed = Packed.of(text)
    assert len(file.packed.data) < len(text) / 5
    file.copy_file()
    assert (tmp_path / "data" / "x.json").read_bytes() == text.encode("utf-8")
    assert file.packed is None


def test_plain_mkdocs_build_makes_the_same_index_at_the_end_of_its_build(project_copy, built_site, tmp_path):
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project_copy, env=env,
                   check=True, capture_output=True)
    assert entry_count(site / "pagefind") == len(indexed_pages(site)) == entry_count(built_site / "pagefind")
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / PARTS).is_file()
