"""The visual layer in a real browser: the evidence map, charts with their tables, the finder with and
without JavaScript, the marks at a glance, and the accessibility statement in the footer.

axe-core (light and dark), keyboard and phone width for the new pages run with every other page type
(checks.PAGE_TYPES); every page opened here is also audited for requests to other hosts.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from .checks import PHONE, ROOT, visible_overview_slugs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

TRIMBOS = "aanpakken/motiverende-gespreksvoering-en-ervaringsdeskundigheid/"


def map_slugs(scope) -> set[str]:
    """The approaches marked inside a locator."""
    return set(scope.locator("a.gk-merk").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname.split('/')[2])"))


def test_every_approach_is_on_the_evidence_map_and_the_gaps_are_visible(visit, approaches):
    page = visit().open("bewijskaart/", "table.gk-bewijskaart")
    table = page.locator("table.gk-bewijskaart").first
    assert table.is_visible()
    assert map_slugs(page.locator(".gk-kaart--tabel").first) == {a["slug"] for a in approaches}
    headers = table.locator("thead th").evaluate_all("ths => ths.map(th => [th.scope, th.textContent.trim()])")
    assert headers[0] == ["col", "Thema"]
    assert len(headers) >= 9 and headers[1][1].startswith("Probleemanalyse")
    assert all(scope == "col" for scope, _ in headers)
    assert table.locator("tbody th").evaluate_all("ths => ths.every(th => th.scope === 'row')")
    rows = table.locator("tbody tr")
    assert rows.count() == 6, "one row per theme"
    # a theme no approach has yet is a row of visible gaps
    creativity = rows.filter(has_text="Creativiteit")
    gaps = creativity.locator("td.gk-gat")
    assert gaps.count() == creativity.locator("td").count() > 0
    assert gaps.first.is_visible() and gaps.first.inner_text().strip() == "nog geen aanpak"
    # every filled cell holds only approaches that name that theme and that phase
    grief = map_slugs(rows.filter(has_text="Rouwverwerking"))
    assert grief
    for slug in grief:
        approach = next(a for a in approaches if a["slug"] == slug)
        assert "rouwverwerking" in approach["themas"]


def test_a_mark_on_the_map_says_its_evidence_level_in_text_and_links_to_its_approach(visit, approaches):
    page = visit().open("bewijskaart/", "table.gk-bewijskaart")
    mark = page.locator(".gk-kaart--tabel a.gk-merk").first
    slug = urlsplit(mark.get_attribute("href")).path.strip("/").split("/")[-1]
    approach = next(a for a in approaches if a["slug"] == slug)
    name = mark.evaluate("a => a.textContent.replace(/\\s+/g, ' ').trim()")
    assert name.startswith(approach["titel"]) and "(bewijs: " in name
    assert mark.locator("svg").get_attribute("aria-hidden") == "true"
    mark.click()
    page.wait_for_url(f"**/aanpakken/{slug}/")


def test_on_a_phone_the_map_is_a_list_per_theme_with_its_gaps(visit, approaches):
    page = visit(viewport=PHONE, is_mobile=True).open("bewijskaart/", "table.gk-bewijskaart")
    assert not page.locator(".gk-kaart--tabel").first.is_visible()
    listing = page.locator(".gk-kaart--lijst").first
    assert listing.is_visible()
    assert listing.locator("h3").count() == 6
    assert map_slugs(listing) == {a["slug"] for a in approaches}
    creativity = listing.locator("section", has_text="Creativiteit")
    assert creativity.locator("p.gk-gat").is_visible()
    assert creativity.locator("p.gk-gat").inner_text().startswith("Nog geen aanpak in: Probleemanalyse")


def chart_facts(page) -> list[dict]:
    return page.eval_on_selector_all("figure.gk-grafiek", """figs => figs.map(f => {
        const svg = f.querySelector("svg");
        const ids = (svg.getAttribute("aria-labelledby") || "").split(" ");
        const named = ids.map(id => document.getElementById(id));
        return {
          role: svg.getAttribute("role"),
          labelled: named.length === 2 && named[0] && named[0].tagName === "title" && named[1].tagName === "desc"
                    && svg.contains(named[0]) && svg.contains(named[1]),
          title: named[0] ? named[0].textContent : "",
          desc: named[1] ? named[1].textContent : "",
          bars: [...svg.querySelectorAll("text.gk-grafiek__waarde")].map(t => t.textContent),
          cells: [...f.querySelectorAll("table tbody tr")].map(tr => tr.cells[1].textContent),
          caption: (f.querySelector("table caption") || {}).textContent || "",
        };
    })""")


@pytest.mark.parametrize("path", [TRIMBOS, "in-cijfers/"])
def test_every_chart_is_a_named_image_and_carries_its_table(visit, path):
    page = visit().open(path, "figure.gk-grafiek")
    charts = chart_facts(page)
    assert charts
    for chart in charts:
        assert chart["role"] == "img" and chart["labelled"], chart
        assert chart["bars"] and chart["bars"] == chart["cells"], "the table holds exactly the chart's values"
        assert chart["caption"].startswith(chart["title"])
        assert all(value in chart["desc"] for value in chart["bars"])


def test_the_trimbos_figures_are_shown_as_interim_with_their_bases_and_no_conclusion(visit):
    page = visit().open(TRIMBOS, "figure.gk-grafiek")
    charts = {c["title"]: c for c in chart_facts(page)}
    work = charts["Werkhervatting aan het eind van het traject (tussentijdse cijfers)"]
    assert work["bars"] == ["ongeveer 67%", "ongeveer 60%"]
    wia = charts["WIA-uitkering toegekend (tussentijdse cijfers)"]
    assert wia["bars"] == ["ruim 20%", "bijna 25%"]
    figure = page.locator("figure.gk-grafiek").first
    table = figure.locator("table").inner_text()
    assert "Experimentele regio's" in table and "Controleregio" in table
    assert "55 afgeronde trajecten" in table and "ruim 50 deelnemers, van wie de helft het traject afrondde" in table
    assert "tussentijds" in table
    text = " ".join(page.locator("figure.gk-grafiek").all_inner_texts()).lower()
    for word in ("beter", "effect", "werkt"):
        assert word not in text, f"the charts draw a conclusion the source does not: '{word}'"
    assert figure.locator("a[href='#bron-nieuwsbrief-3-2026']").count() == 2


def test_the_finder_works_without_javascript(visit, approaches):
    plain = visit(java_script_enabled=False)
    page = plain.open("keuzehulp/", "form[data-gk-keuzehulp]")
    page.get_by_label("Tweede jaar", exact=False).check()
    page.get_by_label("verdriet of boosheid", exact=False).check()
    page.get_by_label("Ik ben werknemer", exact=False).check()
    page.get_by_role("button", name="Toon passende aanpakken").click()
    page.wait_for_url("**/aanpakken/?*")
    query = parse_qs(urlsplit(page.url).query)
    assert query == {"fase": ["tweede-jaar"], "thema": ["rouwverwerking"], "doelgroep": ["werknemers"]}
    # the overview without a script lists every approach, complete
    assert len(page.locator("[data-gk-overzicht] tbody tr").all()) == len(approaches)
    # the same address in a browser with scripts applies the three answers as filters
    filtered = visit().open(urlsplit(page.url).path.lstrip("/") + "?" + urlsplit(page.url).query,
                            "[data-gk-filters]:not([hidden])")
    expected = {a["slug"] for a in approaches if "tweede-jaar" in a["fasen"]
                and "rouwverwerking" in a["themas"] and "werknemers" in a["doelgroepen"]}
    assert expected and len(expected) < len(approaches)
    filtered.wait_for_function("n => document.querySelectorAll('[data-gk-overzicht] tbody tr:not([hidden])').length === n",
                               arg=len(expected))
    assert visible_overview_slugs(filtered) == expected


def test_with_javascript_the_finder_answers_in_place_with_marks(visit, approaches):
    page = visit().open("keuzehulp/", "form[data-gk-keuzehulp]")
    page.get_by_label("samenwerken in netwerken", exact=False).check()
    page.get_by_label("Ik ben werkgever", exact=False).check()
    page.get_by_role("button", name="Toon passende aanpakken").click()
    answer = page.locator("[data-gk-keuzehulp-antwoord]")
    answer.locator("h2").wait_for()
    assert page.url.endswith("/keuzehulp/"), "the answer comes in place"
    assert page.evaluate("document.activeElement.id") == "uw-antwoord"
    employer = {"werkgevers", "mkb-werkgevers"}
    expected = {a["titel"] for a in approaches
                if "samenwerken-in-netwerken" in a["themas"] and employer & set(a["doelgroepen"])}
    assert expected
    assert set(answer.locator("li > a").all_inner_texts()) == expected
    assert answer.locator("li .gk-kenmerken").count() == len(expected)
    assert "Bewijs:" in answer.locator("li .gk-kenmerken").first.inner_text()
    link = answer.get_by_role("link", name="Bekijk deze keuze in het overzicht met filters")
    assert parse_qs(urlsplit(link.get_attribute("href")).query) == {
        "thema": ["samenwerken-in-netwerken"], "doelgroep": ["werkgevers", "mkb-werkgevers"]}


def test_term_pages_show_the_marks_at_a_glance_for_every_approach_text_first(visit, approaches):
    page = visit().open("themas/rouwverwerking/", "article h1")
    expected = [a for a in approaches if "rouwverwerking" in a["themas"]]
    marks = page.locator("article li .gk-kenmerken")
    assert marks.count() == len(expected)
    first = marks.first.locator(".gk-kenmerk").all()
    assert [m.locator(".gk-kenmerk__soort").inner_text() for m in first] == ["Bewijs:", "Status:", "Kosten:"]
    for mark in first:  # the words come before the drawing, which screen readers skip
        assert mark.evaluate("m => m.lastElementChild.tagName.toLowerCase()") == "svg"
        assert mark.locator("svg").get_attribute("aria-hidden") == "true"


def test_approach_pages_hand_their_marks_to_search(visit):
    page = visit().open("zoeken/", "article h1")
    meta = page.evaluate("""async () => {
        const pagefind = await import(new URL("../pagefind/pagefind.js", location.href).href);
        await pagefind.options({ baseUrl: new URL("../", location.href).pathname });
        const search = await pagefind.search("supportgroep");
        for (const result of search.results) {
            const data = await result.data();
            if (data.url.includes("motiverende-gespreksvoering")) { return data.meta; }
        }
        return null;
    }""")
    assert meta is not None, "the Trimbos approach is not found by 'supportgroep'"
    statuses = list(yaml.safe_load((ROOT / "vocabulaire.yml").read_text(encoding="utf-8"))["statussen"])
    expected = {"bewijs": "In ontwikkeling", "bewijs_niveau": "0", "status": "In onderzoek",
                "status_stap": f"{statuses.index('in-onderzoek') + 1}/{len(statuses)}", "kosten": "nog niet bekend"}
    assert {key: meta.get(key) for key in expected} == expected
    # the script draws the same marks from that metadata as the page template does
    drawn = page.evaluate("m => { const n = window.gkKenmerken(m); return [n.className, n.textContent.replace(/\\s+/g, ' ').trim(),"
                          " n.querySelectorAll('svg[aria-hidden=true]').length]; }", meta)
    assert drawn == ["gk-kenmerken", "Bewijs: In ontwikkeling Status: In onderzoek Kosten: nog niet bekend", 3]
    approach = visit().open(TRIMBOS, "article h1")
    static = approach.locator("article .gk-kenmerken").first.evaluate("n => n.textContent.replace(/\\s+/g, ' ').trim()")
    assert static == drawn[1]


def test_the_accessibility_statement_is_linked_from_every_footer_and_from_over(visit):
    page = visit().open("", "article h1")
    page.locator(".md-footer").get_by_role("link", name="Toegankelijkheid").click()
    page.wait_for_url("**/toegankelijkheid/")
    text = page.locator("article").inner_text()
    for needed in ("WCAG 2.1", "voldoet gedeeltelijk", "axe-core", "Een probleem melden", "Datum"):
        assert needed in text
    over = visit().open("over/", "article h1")
    assert over.locator("article a[href$='toegankelijkheid/']").count() >= 1


def test_the_new_pages_are_in_the_navigation_and_on_the_home_page(visit):
    page = visit().open("", "article h1")
    for path in ("keuzehulp/", "bewijskaart/", "in-cijfers/"):
        assert page.locator(f"article a[href$='{path}']").count() >= 1, path
    nav = visit().open("over/", "article h1").locator("nav.md-nav--primary")
    for name in ("Keuzehulp", "Bewijskaart", "In cijfers", "Toegankelijkheid"):
        assert nav.get_by_role("link", name=name, exact=True, include_hidden=True).count() >= 1, name
