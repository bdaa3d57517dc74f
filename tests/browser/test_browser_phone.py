"""Phones (375 x 667): no page scrolls sideways, and search and the overview filters work."""

from __future__ import annotations

import pytest

from .checks import PAGE_TYPES, PHONE, result_paths, visible_overview_slugs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.fixture
def phone(visit):
    return visit(viewport=PHONE, is_mobile=True, has_touch=True)


@pytest.mark.parametrize("name, path, ready", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_page_does_not_scroll_sideways_on_a_phone(phone, name, path, ready):
    page = phone.open(path, ready)
    page.wait_for_load_state("load")
    width, scroll_width = page.evaluate("[window.innerWidth, document.documentElement.scrollWidth]")
    assert width == PHONE["width"]
    assert scroll_width <= width, (
        f"/{path} is {scroll_width}px wide on a {width}px screen; widest: "
        + page.evaluate("""w => [...document.querySelectorAll("body *")]
            .filter(e => e.getBoundingClientRect().right > w + 0.5)
            .slice(-3).map(e => e.tagName.toLowerCase() + "." + e.className).join(", ")""", width))


def test_search_from_the_header_works_on_a_phone(phone):
    page = phone.open("")
    field = page.locator("#gk-kopzoek-veld")
    assert field.is_visible(), "the header search field is not shown on a phone"
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    field.tap()
    field.fill("rouw")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/?q=rouw")
    page.wait_for_selector(".gk-zoeken__resultaat")
    assert result_paths(page)[0] == "/aanpakken/rouw-bij-baanverlies/"


def test_overview_filters_work_on_a_phone(phone, approaches):
    page = phone.open("aanpakken/", "[data-gk-filters]:not([hidden])")
    assert visible_overview_slugs(page) == {a["slug"] for a in approaches}
    page.get_by_role("button", name="Filters", exact=True).tap()  # folded on a phone: results first
    page.get_by_label("Rouwverwerking", exact=True).tap()
    expected = {a["slug"] for a in approaches if "rouwverwerking" in a["themas"]}
    assert expected and len(expected) < len(approaches), "pick a theme that some but not all approaches have"
    page.wait_for_function("n => document.querySelectorAll('[data-gk-overzicht] tbody tr:not([hidden])').length === n",
                           arg=len(expected))
    assert visible_overview_slugs(page) == expected
