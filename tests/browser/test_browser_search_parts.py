"""A search index written in parts (as for a large site, generator/search.py) searches like one index.

The real project is built a second time with a few pages per part, so its index has several parts;
in a real browser, the search page and Pagefind's merged results must find what the single index of
the ordinary build finds, with titles, excerpts, labels and marks.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from .checks import PAGEFIND_LOAD, ROOT, result_paths, serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.timeout(300)]

PAGES_PER_PART = 8
QUERIES = ["rouw", "driegesprek", "werkgever", "ervaringsdeskundige", "loonsanctie", "supportgroep"]

_RESULTS = "async (query) => {" + PAGEFIND_LOAD + """
    const pagefind = await loadPagefind();
    const search = await pagefind.search(query);
    const data = await Promise.all(search.results.map(r => r.data()));
    return data.map(d => ({url: d.url, title: d.meta.title, excerpt: d.excerpt, soort: (d.filters.soort || [])[0]}));
}"""


@pytest.fixture(scope="session")
def parts_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("delen") / "site"
    env = {**os.environ, "GEREEDSCHAPSKIST_PAGES_PER_PART": str(PAGES_PER_PART)}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "--strict", "--site", str(site)],
                            cwd=ROOT, capture_output=True, text=True, check=False, env=env)
    if result.returncode != 0:
        pytest.fail("De site bouwt niet:\n" + result.stdout + result.stderr, pytrace=False)
    return site


@pytest.fixture(scope="session")
def parts_url(parts_site) -> str:
    with serve_directory(parts_site) as url:
        yield url


@pytest.fixture
def parts_visit(visit, parts_url):
    return visit(base_url=parts_url)


@pytest.fixture
def parts_page(parts_visit):
    return parts_visit.page


def results(page, query: str) -> list[dict]:
    page.goto("zoeken/")
    return page.evaluate(_RESULTS, query)


def test_the_index_is_in_parts_each_with_its_share_of_the_pages(site_dir, parts_site):
    listed = json.loads((parts_site / "pagefind" / "delen.json").read_text(encoding="utf-8"))["delen"]
    assert len(listed) >= 2, listed
    entries = [parts_site / "pagefind" / "pagefind-entry.json"]
    entries += [parts_site / "pagefind" / part / "pagefind-entry.json" for part in listed]
    counts = [json.loads(e.read_text(encoding="utf-8"))["languages"]["nl"]["page_count"] for e in entries]
    single = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sum(counts) == single["languages"]["nl"]["page_count"]
    assert max(counts) <= PAGES_PER_PART
    assert not list((parts_site / "pagefind" / listed[0]).glob("*.js")), "a further part carries its own script"
    assert not [p for p in parts_site.iterdir() if p.name.startswith(".")], "a part's temporary directory is left"


@pytest.mark.parametrize("query", QUERIES)
def test_the_parts_find_every_page_one_index_finds(page, parts_page, query):
    """Every page, with its title, label and an excerpt with the hit. A part in which no word starts
    with the query answers with the longest indexed word the query starts with (Pagefind's fallback,
    'drie' for 'driegesprek'), so the parts may find more; see generator/search.py."""
    single = results(page, query)
    merged = {r["url"]: r for r in results(parts_page, query)}
    assert single, f"'{query}' finds nothing in the single index"
    missing = [r["url"] for r in single if r["url"] not in merged]
    assert not missing, f"'{query}': the parts miss {missing}"
    for result in single:
        assert merged[result["url"]]["title"] == result["title"]
        assert merged[result["url"]]["soort"] == result["soort"]
    assert all("<mark>" in r["excerpt"] for r in merged.values())


def test_the_search_page_merges_the_parts_and_shows_the_grief_approach_near_the_top(parts_visit):
    """Near the top, not first: each part weighs a word by how many of its own pages have it, and
    parts of 8 pages differ much more in that than the parts of a large site do."""
    parts_page = parts_visit.page
    parts_page.goto("zoeken/?q=" + quote("rouw"))
    parts_page.wait_for_selector(".gk-zoeken__resultaat")
    shown = result_paths(parts_page)
    assert "/aanpakken/rouw-bij-baanverlies/" in shown[:3], shown
    assert [url for url in parts_visit.requests if "/pagefind/deel-" in url], "the search page did not load the further parts of the index"
    first = parts_page.locator(".gk-zoeken__resultaat").nth(shown.index("/aanpakken/rouw-bij-baanverlies/"))
    assert first.locator(".gk-label").inner_text() == "Aanpak"
    assert first.locator(".gk-kenmerken").count() == 1  # evidence, status and costs from the page's meta
    assert first.locator("p mark").count() >= 1
