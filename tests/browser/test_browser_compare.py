"""The comparison view puts two or three approaches side by side, from the built open data."""

from __future__ import annotations

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def column(page, header: str) -> list[str]:
    """The cells of one row of the comparison table, one per approach."""
    row = page.locator("table.gk-vergelijk tbody tr", has=page.locator(f"th:text-is('{header}')"))
    return [row.locator("td").nth(i).inner_text() for i in range(row.locator("td").count())]


def test_two_approaches_from_the_address_stand_side_by_side(page, approaches):
    first, second = approaches[0], approaches[1]
    page.goto(f"vergelijk/?aanpak={first['slug']}&aanpak={second['slug']}")
    page.wait_for_selector("table.gk-vergelijk")
    headers = page.locator("table.gk-vergelijk thead th a")
    assert [headers.nth(i).inner_text() for i in range(headers.count())] == [first["titel"], second["titel"]]
    assert headers.nth(0).get_attribute("href").endswith(f"/aanpakken/{first['slug']}/")
    elements = column(page, "Werkzame elementen")
    for approach, cell in zip((first, second), elements):
        names = [e["naam"] for e in approach.get("werkzame_elementen", [])]
        assert cell.split("\n") == (names or ["–"])
    assert page.get_by_role("status").inner_text() == "2 aanpakken naast elkaar."


def test_choosing_a_third_approach_adds_a_column_and_updates_the_address(page, approaches):
    slugs = [a["slug"] for a in approaches[:3]]
    page.goto(f"vergelijk/?aanpak={slugs[0]}&aanpak={slugs[1]}")
    page.wait_for_selector("table.gk-vergelijk")
    page.get_by_label("Aanpak 3").select_option(slugs[2])
    page.wait_for_url(re.compile("aanpak=" + slugs[2]))
    page.wait_for_function("document.querySelectorAll('table.gk-vergelijk thead th').length === 4")
    assert page.get_by_role("status").inner_text() == "3 aanpakken naast elkaar."


def test_the_approach_page_offers_the_comparison_with_itself_preselected(page, approaches):
    slug = approaches[0]["slug"]
    page.goto(f"aanpakken/{slug}/")
    page.get_by_role("link", name="Vergelijk met andere aanpakken").click()
    page.wait_for_selector("[data-gk-vergelijk]:not([hidden])")
    assert page.get_by_label("Aanpak 1").input_value() == slug
    assert page.get_by_role("status").inner_text() == "Kies nog 1 aanpak om te vergelijken."
