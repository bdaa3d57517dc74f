"""The overview of all approaches (filters, shareable addresses, the table without a script) and the
index of working elements, checked against the built open data (data/aanpakken.json)."""

from __future__ import annotations

import re

import pytest

from .checks import visible_overview_slugs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

THEME = "rouwverwerking"
THEME_LABEL = "Rouwverwerking"


@pytest.fixture
def with_theme(approaches) -> set[str]:
    expected = {a["slug"] for a in approaches if THEME in a["themas"]}
    assert expected and len(expected) < len(approaches), f"'{THEME}' no longer tells approaches apart"
    return expected


def test_ticking_a_theme_leaves_only_its_approaches_announces_the_count_and_sets_the_address(page, approaches, with_theme):
    page.goto("aanpakken/")
    page.wait_for_selector("[data-gk-filters]:not([hidden])")
    status = page.get_by_role("status")
    assert visible_overview_slugs(page) == {a["slug"] for a in approaches}

    page.get_by_label(THEME_LABEL, exact=True).check()
    page.wait_for_url(re.compile(rf"\?thema={THEME}$"))
    assert visible_overview_slugs(page) == with_theme
    announced = status.inner_text()
    assert re.match(rf"{len(with_theme)} aanpak(ken)?\b", announced), f"status says: {announced!r}"
    assert str(len(approaches)) in announced, f"status does not give the total: {announced!r}"
    assert status.get_attribute("aria-live") == "polite"


def test_opening_a_filtered_address_restores_the_filter(page, with_theme):
    page.goto(f"aanpakken/?thema={THEME}")
    page.wait_for_selector("[data-gk-filters]:not([hidden])")
    assert page.get_by_label(THEME_LABEL, exact=True).is_checked()
    assert visible_overview_slugs(page) == with_theme
    assert page.get_by_role("status").inner_text().startswith(str(len(with_theme)))


def test_without_javascript_the_overview_shows_every_approach(visit, approaches):
    page = visit(java_script_enabled=False).open("aanpakken/?thema=" + THEME)
    assert not page.locator("[data-gk-filters]").is_visible(), "filters that cannot work are shown"
    assert visible_overview_slugs_without_script(page) == {a["slug"] for a in approaches}


def visible_overview_slugs_without_script(page) -> set[str]:
    rows = page.locator("[data-gk-overzicht] tbody tr")
    slugs = set()
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.is_visible()
        href = row.locator("a").first.get_attribute("href")
        slugs.add(href.rstrip("/").split("/")[-1])
    return slugs


def approaches_naming(approaches, kind: str) -> dict[str, set[str]]:
    named: dict[str, set[str]] = {}
    for a in approaches:
        for item in a[kind]:
            named.setdefault(item["naam"].casefold(), set()).add(a["slug"])
    return named


def element_pages(page) -> dict[str, str]:
    """Name of every working element on the index (all its pages, followed by plain links) -> its page."""
    found: dict[str, str] = {}
    todo, seen = ["werkzame-elementen/"], set()
    while todo:
        address = todo.pop()
        page.goto(address)
        seen.add(page.url)
        for name, href in page.evaluate(
                """() => [...document.querySelectorAll("article ul.gk-gedeeld > li > a")]
                   .map(a => [a.textContent.trim(), a.href])"""):
            found[name.casefold()] = href
        todo += [href for href in page.evaluate(
            """() => [...document.querySelectorAll("article nav.gk-pagina a")].map(a => a.href)""")
            if href not in seen and href not in todo]
    return found


def approaches_on_element_page(page, address: str) -> set[str]:
    """Slugs of the approaches an element's page links, over all of its pages."""
    slugs: set[str] = set()
    todo, seen = [address], set()
    while todo:
        page.goto(todo.pop())
        seen.add(page.url)
        slugs |= {slug for (slug,) in page.evaluate(
            """() => [...document.querySelectorAll("article a[href]")].map(a => new URL(a.href).pathname)
                   .filter(p => /^\\/aanpakken\\/[^/]+\\/$/.test(p)).map(p => [p.split("/")[2]])""")}
        todo += [href for href in page.evaluate(
            """() => [...document.querySelectorAll("article nav.gk-pagina a")].map(a => a.href)""")
            if href not in seen and href not in todo]
    return slugs


def test_working_element_index_links_exactly_the_approaches_that_name_a_driegesprek(page, approaches):
    expected = approaches_naming(approaches, "werkzame_elementen").get("driegesprek")
    assert expected, "no approach names a working element 'Driegesprek'"
    pages = element_pages(page)
    assert "driegesprek" in pages
    assert approaches_on_element_page(page, pages["driegesprek"]) == expected


def test_working_element_index_links_every_approach_for_each_shared_element(page, approaches):
    shared = {name: slugs for name, slugs in approaches_naming(approaches, "werkzame_elementen").items()
              if len(slugs) > 1}
    assert "aandacht voor rouw" in shared and len(shared["aandacht voor rouw"]) >= 2
    pages = element_pages(page)
    wrong = {name: (approaches_on_element_page(page, pages[name]) if name in pages else None, slugs)
             for name, slugs in shared.items()}
    wrong = {name: pair for name, pair in wrong.items() if pair[0] != pair[1]}
    assert not wrong, f"element: (linked, expected) {wrong}"


def test_an_approach_page_links_each_shared_element_to_the_page_that_lists_its_approaches(page, approaches):
    with_rouw = sorted(approaches_naming(approaches, "werkzame_elementen")["aandacht voor rouw"])
    page.goto(f"aanpakken/{with_rouw[0]}/")
    link = page.locator("#werkzame-elementen ~ ul a", has_text="andere aanpak").first
    link.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text().casefold().startswith("aandacht voor rouw")
    assert approaches_on_element_page(page, page.url) == set(with_rouw)
