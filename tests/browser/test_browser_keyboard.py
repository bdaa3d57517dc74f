"""Keyboard use: a skip link first, a visible focus indicator on every stop, search with Enter."""

from __future__ import annotations

import pytest

from .checks import PAGE_TYPES, focus_indicator_problem, walk_focus

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

IN_HEADER = "e => !!e.closest('.md-header, .md-tabs, [data-md-component=skip]')"
IN_FILTERS = "e => !!e.closest('[data-gk-filters]')"


@pytest.mark.parametrize("name, path, ready", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_skip_link_is_the_first_thing_tab_reaches_and_jumps_to_the_content(page, site_url, name, path, ready):
    page.goto(site_url + path)
    page.wait_for_selector(ready, state="attached")
    page.keyboard.press("Tab")
    first = page.evaluate_handle("document.activeElement")
    if "#" in path:
        # A link to a part of a page (the factsheet) starts keyboard navigation there, as HTML's
        # focus navigation starting point says: the first Tab stop is the first control in that part.
        fragment = path.split("#", 1)[1]
        assert first.evaluate("(e, id) => !!e.closest('#' + id)", fragment), (
            "the first Tab stop is " + first.evaluate("e => e.outerHTML.slice(0, 120)"))
        return
    assert first.evaluate("e => e.classList.contains('md-skip')"), (
        "the first Tab stop is " + first.evaluate("e => e.outerHTML.slice(0, 120)"))
    assert first.evaluate("e => e.textContent.trim()"), "the skip link has no text"
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    target = first.evaluate("e => e.hash.slice(1)")
    assert page.evaluate(
        "id => { const t = document.getElementById(id); return !!t && !!t.closest('article'); }", target
    ), f"the skip link points at #{target}, which is not in the page's content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => location.hash.slice(1)") == target


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_stop_in_the_header_shows_where_the_focus_is(visit, scheme):
    page = visit(color_scheme=scheme).open("")
    stops = walk_focus(page, 40, until=lambda r: not r["element_handle"].evaluate(IN_HEADER))
    header_stops = stops[:-1]
    assert stops[-1]["element_handle"].evaluate(f"e => !({IN_HEADER})(e)"), "Tab never left the header"
    problems = [p for p in map(focus_indicator_problem, header_stops) if p]
    assert not problems, "\n".join(problems)

    reached = [s["element_handle"] for s in header_stops]
    classes = [h.evaluate("e => e.className") for h in reached]
    assert any("md-skip" in c for c in classes)
    assert any(h.evaluate("e => e.id === 'gk-kopzoek-veld'") for h in reached), "Tab skips the search field"
    assert any(h.evaluate("e => e.type === 'submit' && !!e.closest('form.gk-kopzoek')") for h in reached), (
        "Tab skips the search button")
    tab_count = page.locator(".md-tabs__link").count()
    assert tab_count > 0
    assert sum("md-tabs__link" in c for c in classes) == tab_count, "Tab does not reach every tab"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_overview_filter_is_reached_by_tab_and_shows_focus(visit, scheme):
    page = visit(color_scheme=scheme).open("aanpakken/", "[data-gk-filters]:not([hidden])")
    controls = page.locator("[data-gk-filters] input, [data-gk-filters] select, [data-gk-filters] button").count()
    assert controls > 5
    last = "e => e === [...document.querySelectorAll('[data-gk-filters] input, [data-gk-filters] select, [data-gk-filters] button')].pop()"
    stops = walk_focus(page, 120, until=lambda r: r["element_handle"].evaluate(last))
    assert stops[-1]["element_handle"].evaluate(last), "Tab never reached the last filter control"
    problems = [p for p in map(focus_indicator_problem, stops) if p]
    assert not problems, "\n".join(problems)
    in_filters = [s for s in stops if s["element_handle"].evaluate(IN_FILTERS)]
    assert len(in_filters) == controls, f"Tab reached {len(in_filters)} of the {controls} filter controls"


def test_header_search_submits_with_enter_and_shows_results(page, site_url):
    page.goto(site_url + "begrippen/")
    page.focus("#gk-kopzoek-veld")
    page.keyboard.type("rouw")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=rouw")
    page.wait_for_selector(".gk-zoeken__resultaat")
    assert page.locator(".gk-zoeken__resultaat").count() > 0
    assert page.input_value("#gk-zoekterm") == "rouw"
