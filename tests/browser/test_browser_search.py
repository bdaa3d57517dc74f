"""Search with Pagefind in a real browser: the right approach first, Dutch word forms found."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .checks import PAGEFIND_LOAD, result_paths

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def search_from_header(page, query: str) -> list[str]:
    page.goto("")
    page.fill("#gk-kopzoek-veld", query)
    page.press("#gk-kopzoek-veld", "Enter")
    page.wait_for_url(re.compile(r"/zoeken/\?q="))
    page.wait_for_selector(".gk-zoeken__resultaat")
    return result_paths(page)


def pagefind_urls(page, query: str) -> list[str]:
    """Every result Pagefind's own API gives for `query`, not only those the page shows."""
    page.goto("zoeken/")
    return page.evaluate(
        "async (query) => {" + PAGEFIND_LOAD + """
            const pagefind = await loadPagefind();
            const search = await pagefind.search(query);
            const data = await Promise.all(search.results.map(r => r.data()));
            return data.map(d => d.url);
        }""",
        query,
    )


class _IndexedText(HTMLParser):
    """The text inside a page's data-pagefind-body element, as Pagefind indexes it."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.ignored = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        if self.depth:
            self.depth += 1
            if self.ignored or "data-pagefind-ignore" in names:
                self.ignored += 1
        elif "data-pagefind-body" in names:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            if self.ignored:
                self.ignored -= 1

    def handle_data(self, data):
        if self.depth and not self.ignored:
            self.parts.append(data)


def indexed_words(html: str) -> set[str]:
    parser = _IndexedText()
    parser.feed(html)
    return set(re.findall(r"\w+", " ".join(parser.parts).lower()))


def test_searching_rouw_in_the_header_puts_the_grief_approach_first(page):
    results = search_from_header(page, "rouw")
    assert results[0] == "/aanpakken/rouw-bij-baanverlies/", f"results: {results}"


def test_search_result_titles_and_excerpts_carry_no_heading_permalinks(page):
    search_from_header(page, "rouw")
    texts = page.locator(".gk-zoeken__resultaat").all_inner_texts()
    assert texts and not [t for t in texts if "#" in t], texts


def test_searching_ervaringsdeskundige_finds_the_approach_with_experts_by_experience_near_the_top(page):
    results = search_from_header(page, "ervaringsdeskundige")
    assert "/aanpakken/motiverende-gespreksvoering-en-ervaringsdeskundigheid/" in results[:3], f"results: {results}"


def test_searching_werkgevers_also_finds_pages_that_only_say_werkgever(page, site_dir):
    only_singular = set()
    for html_file in site_dir.rglob("index.html"):
        words = indexed_words(html_file.read_text(encoding="utf-8"))
        if "werkgever" in words and "werkgevers" not in words:
            only_singular.add("/" + html_file.parent.relative_to(site_dir).as_posix() + "/")
    assert only_singular, "no page says only 'werkgever'; pick another word pair for this test"
    found = set(pagefind_urls(page, "werkgevers"))
    assert only_singular <= found, f"not found by 'werkgevers': {sorted(only_singular - found)}"
