"""The visual layer's data and HTML, without a browser: figures grouped into charts, the evidence map
(every approach on it, every gap marked), counts, the finder's data, and what the pages print."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from conftest import copy_project

from generator import visual
from generator.catalog import build_catalog
from generator.paths import Project
from generator.render import SiteSettings, render_site
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
TRIMBOS = "motiverende-gespreksvoering-en-ervaringsdeskundigheid"


def catalog_of(root: Path):
    loaded = load_project(Project(root), today=dt.date(2026, 12, 1))
    assert loaded.ok, loaded.diagnostics.report()
    return build_catalog(loaded)


@pytest.fixture(scope="module")
def catalog():
    return catalog_of(ROOT)


@pytest.fixture(scope="module")
def pages(catalog):
    return render_site(catalog, ROOT / "templates" / "pages", SiteSettings())


@pytest.mark.parametrize("value, text", [(66.7, "66,7"), (67.0, "67"), (0.5, "0,5"), (1250.0, "1250"), (12.25, "12,2")])
def test_numbers_are_written_the_dutch_way(value, text):
    assert visual.number(value) == text


def test_the_trimbos_figures_make_two_interim_charts_experimental_beside_control(catalog):
    charts = visual.figure_charts(catalog.by_slug[TRIMBOS].aanpak)
    assert [(c.wat, c.eenheid) for c in charts] == [
        ("Werkhervatting aan het eind van het traject", "%"), ("WIA-uitkering toegekend", "%")]
    work, wia = charts
    assert [(b.cijfer.groep, b.label, b.basis) for b in work.bars] == [
        ("Experimentele regio's", "ongeveer 67%", "55 afgeronde trajecten"),
        ("Controleregio", "ongeveer 60%", "niet precies genoemd: ruim 50 deelnemers, van wie de helft het traject afrondde")]
    assert [b.label for b in wia.bars] == ["ruim 20%", "bijna 25%"]
    assert all(c.tussentijds and c.maximum == 100 for c in charts)
    assert work.titel == "Werkhervatting aan het eind van het traject (tussentijdse cijfers)"
    # a figure without its own source takes its result's
    assert {b.bron for c in charts for b in c.bars} == {"nieuwsbrief-3-2026"}


def test_the_approach_page_prints_each_chart_with_title_description_and_table(pages):
    html = pages[f"aanpakken/{TRIMBOS}/index.md"]
    figures = re.findall(r'<figure class="gk-grafiek" id="(gk-cijfers-\d)">(.*?)</figure>', html, re.S)
    assert [f[0] for f in figures] == ["gk-cijfers-1", "gk-cijfers-2"]
    for ident, body in figures:
        assert f'role="img" aria-labelledby="{ident}-titel {ident}-desc"' in body
        assert f'<title id="{ident}-titel">' in body and f'<desc id="{ident}-desc">Tussentijdse cijfers' in body
        values = re.findall(r'<text class="gk-grafiek__waarde[^"]*"[^>]*>([^<]+)</text>', body)
        cells = re.findall(r'</th><td>([^<]+)</td>', body)
        assert values and values == cells


def test_every_approach_is_on_the_evidence_map_in_each_of_its_themes_and_phases(catalog):
    rows = visual.evidence_map(catalog, "themas")
    assert [r.key for r in rows] == list(catalog.vocabulaire.themas)
    placed = {(r.key, fase, e.slug) for r in rows for fase, entries in r.cells for e in entries}
    expected = {(t, f, e.slug) for e in catalog.aanpakken for t in e.aanpak.themas for f in e.aanpak.fasen}
    assert placed == expected
    assert {slug for _, _, slug in placed} == set(catalog.by_slug)
    assert [key for key, _ in visual.map_columns(catalog)] == list(catalog.vocabulaire.fasen)


def test_an_approach_without_phases_gets_its_own_column_so_it_is_still_on_the_map(tmp_path):
    root = copy_project(tmp_path / "project")
    path = root / "approaches" / f"{TRIMBOS}.yml"
    text = path.read_text(encoding="utf-8")
    text, n = re.subn(r"\nfasen:\n(?:  - .*\n)+", "\n", text)
    assert n == 1
    path.write_text(text, encoding="utf-8")
    catalog = catalog_of(root)
    assert visual.map_columns(catalog)[-1] == (visual.GEEN_FASE, "Geen fase genoemd")
    rows = {r.key: dict(r.cells) for r in visual.evidence_map(catalog, "doelgroepen")}
    assert TRIMBOS in [e.slug for e in rows["werknemers"][visual.GEEN_FASE]]
    html = render_site(catalog, root / "templates" / "pages", SiteSettings())["bewijskaart/index.md"]
    assert "<th scope=\"col\">Geen fase genoemd</th>" in html


def test_every_empty_cell_of_the_map_is_printed_as_a_gap(catalog, pages):
    html = pages["bewijskaart/index.md"]
    tables = re.findall(r'<table class="gk-bewijskaart">(.*?)</table>', html, re.S)
    assert len(tables) == 2
    for table, facet in zip(tables, ("themas", "doelgroepen")):
        empty = sum(1 for key in getattr(catalog.vocabulaire, facet) for fase in catalog.vocabulaire.fasen
                    if not any(key in getattr(e.aanpak, facet) and fase in e.aanpak.fasen for e in catalog.aanpakken))
        assert empty > 0
        assert table.count('<td class="gk-gat"><span>nog geen aanpak</span></td>') == empty
        assert table.count("<th scope=\"row\">") == len(getattr(catalog.vocabulaire, facet))


def test_the_status_icon_fills_as_far_as_the_status_is_along(catalog):
    vocab = catalog.vocabulaire
    steps = [visual.status_step(vocab, key) for key in vocab.statussen]
    assert steps == [(i + 1, len(vocab.statussen)) for i in range(len(vocab.statussen))]
    assert visual.pie_path(1, 4) == "M6.0 6.0V1.0A5.0 5.0 0 0 1 11.00 6.00z"
    assert visual.pie_path(3, 4).startswith("M6.0 6.0V1.0A5.0 5.0 0 1 1 ")
    assert visual.pie_path(4, 4).endswith("z") and "V" not in visual.pie_path(4, 4)


def test_counts_per_theme_level_status_and_phase_come_from_the_catalog(catalog):
    series = {s["id"]: s for s in visual.counts(catalog)}
    assert list(series) == ["themas", "bewijsniveaus", "statussen", "fasen"]
    assert dict((k, n) for k, _, n in series["themas"]["rijen"]) == {
        k: len(v) for k, v in catalog.per_thema.items()}
    levels = [k for k, _, _ in series["bewijsniveaus"]["rijen"]]
    assert levels == sorted(levels, key=lambda k: catalog.vocabulaire.bewijsniveaus[k].niveau)
    assert sum(n for _, _, n in series["statussen"]["rijen"]) == len(catalog.aanpakken)


def test_the_finder_data_holds_the_marks_the_pages_show(catalog, pages):
    data = json.loads(pages["data/keuzehulp.json"])["aanpakken"]
    assert [d["slug"] for d in data] == [e.slug for e in catalog.aanpakken]
    trimbos = next(d for d in data if d["slug"] == TRIMBOS)
    statuses = list(catalog.vocabulaire.statussen)
    assert trimbos["kenmerken"] == {"bewijs": "In ontwikkeling", "bewijs_niveau": "0", "status": "In onderzoek",
                                    "status_stap": f"{statuses.index('in-onderzoek') + 1}/{len(statuses)}",
                                    "kosten": "nog niet bekend"}
    assert json.loads(pages[f"data/vergelijk/{TRIMBOS}.json"])["kenmerken"] == trimbos["kenmerken"]
    page = pages[f"aanpakken/{TRIMBOS}/index.md"]
    for key, value in trimbos["kenmerken"].items():
        assert f'data-pagefind-meta="{key}:{value}"' in page


def test_the_finder_is_a_plain_get_form_to_the_overview_with_its_filter_names(catalog, pages):
    html = pages["keuzehulp/index.md"]
    assert '<form class="gk-keuzehulp" action="../aanpakken/" method="get"' in html
    names = set(re.findall(r'<input type="(?:radio|checkbox)" name="([a-z]+)"', html))
    assert names == {"fase", "thema", "doelgroep"}
    for key, thema in catalog.vocabulaire.themas.items():
        assert thema.in_gewone_woorden, f"theme {key} has no everyday wording for the finder"
        assert f'value="{key}"> <span>{thema.in_gewone_woorden}' in html
    assert len(re.findall(r'name="fase" value="[a-z-]+"', html)) == len(catalog.vocabulaire.fasen)


def test_a_full_cell_shows_the_strongest_marks_and_links_to_the_rest_in_the_overview(catalog, monkeypatch):
    from generator import render

    monkeypatch.setattr(visual, "KAART_MAX", 1)
    # the template environments are kept per process and hold the limit from when they were made
    render.environment.cache_clear()
    render.html_environment.cache_clear()
    try:
        html = render_site(catalog, ROOT / "templates" / "pages", SiteSettings())["bewijskaart/index.md"]
    finally:
        render.environment.cache_clear()
        render.html_environment.cache_clear()
    row = next(r for r in visual.evidence_map(catalog, "themas") if r.key == "goede-dialoog")
    entries = dict(row.cells)["eerste-jaar"]
    assert len(entries) > 1
    levels = [catalog.vocabulaire.bewijsniveaus[e.aanpak.bewijsniveau].niveau for e in entries]
    assert levels == sorted(levels, reverse=True), "strongest evidence first"
    more = (f'<li class="gk-merken__meer"><a href="../aanpakken/?thema=goede-dialoog&amp;fase=eerste-jaar">'
            f'en nog {len(entries) - 1} in het overzicht</a></li>')
    assert html.count(more) == 2  # in the table and in the phone list
    table = re.search(r'<table class="gk-bewijskaart">(.*?)</table>', html, re.S).group(1)
    assert max(cell.count('class="gk-merk"') for cell in re.findall(r"<td>(.*?)</td>", table)) == 1


def test_marks_written_once_per_combination_and_per_environment():
    """`once` keeps a macro's HTML per key within one render, apart per environment (the Markdown
    templates escape differently), and calls the macro every time when there is no memo."""
    import jinja2

    calls = []
    env = jinja2.Environment(autoescape=True)
    visual.install(env)
    template = env.from_string('{{ once(("k", key), mark, key) }}')

    def mark(key):
        calls.append(key)
        return f"<b>{key}</b>"

    memo = {}
    assert [template.render(memo=memo, key=k, mark=mark) for k in ("a", "b", "a")] == \
        ["<b>a</b>", "<b>b</b>", "<b>a</b>"]
    assert calls == ["a", "b"]
    other = jinja2.Environment(autoescape=True)
    visual.install(other)
    other.from_string('{{ once(("k", key), mark, key) }}').render(memo=memo, key="a", mark=mark)
    assert calls == ["a", "b", "a"]
    template.render(key="a", mark=mark)
    template.render(key="a", mark=mark)
    assert calls == ["a", "b", "a", "a", "a"]
