"""Citations at the claim: reached by Tab, followed with Enter to the source, named for screen readers."""

from __future__ import annotations

import pytest

from .checks import focus_indicator_problem, walk_focus

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

IS_CITATION = "e => !!e.closest('sup.gk-bronref')"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_tab_reaches_a_citation_shows_focus_and_enter_jumps_to_its_source(visit, scheme):
    page = visit(color_scheme=scheme).open("aanpakken/rouw-bij-baanverlies/", "sup.gk-bronref a")
    stops = walk_focus(page, 200, until=lambda r: r["element_handle"].evaluate(IS_CITATION))
    citation = stops[-1]["element_handle"]
    assert citation.evaluate(IS_CITATION), "Tab never reached a citation"
    assert focus_indicator_problem(stops[-1]) is None
    name = citation.evaluate("e => e.getAttribute('aria-label')")
    visible = citation.evaluate("e => e.textContent.trim()")
    assert name.startswith("bron " + visible), "the accessible name does not hold the visible number"
    target = citation.evaluate("e => e.hash.slice(1)")
    citation.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    entry = page.locator(f"li#{target}")
    assert entry.is_visible()
    assert entry.evaluate("e => e.parentElement.tagName") == "OL"
    number = entry.evaluate("e => [...e.parentElement.children].indexOf(e) + 1")
    assert visible.split(",")[0] == str(number), "the citation's number is not the source's place in the list"
    assert entry.evaluate("e => { const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }")
