"""Search results come a few at a time, so a search downloads only the fragments it shows."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

QUERY = "werkgever"  # a word on most pages, so there are more results than one batch


def test_more_results_are_fetched_only_when_asked_for(page):
    fragments: list[str] = []
    page.on("request", lambda request: fragments.append(request.url) if "/pagefind/fragment/" in request.url else None)
    page.goto(f"zoeken/?q={QUERY}")
    results = page.locator(".gk-zoeken__resultaat")
    results.first.wait_for()
    status = page.get_by_role("status")
    total = int(re.match(r"(\d+) resultaten", status.inner_text()).group(1))
    first_batch = results.count()
    assert 0 < first_batch < total, "the query no longer has more results than one batch"
    assert len(fragments) == first_batch
    assert status.inner_text().endswith(f"; {first_batch} getoond")

    more = page.get_by_role("button", name="Toon meer resultaten")
    more.click()
    page.wait_for_function(f"document.querySelectorAll('.gk-zoeken__resultaat').length > {first_batch}")
    second = results.count()
    assert len(fragments) == second
    # the keyboard user lands on the first new result, not back at the top
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == results.nth(first_batch).locator("h2 a").inner_text()
    for _ in range(total):
        if not more.is_visible():
            break
        count = results.count()
        more.click()
        page.wait_for_function(f"document.querySelectorAll('.gk-zoeken__resultaat').length > {count}")
    assert results.count() == total
    assert status.inner_text() == f"{total} resultaten voor '{QUERY}'"
