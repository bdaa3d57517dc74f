"""Rendering: the generated pages of a small fixed project, compared with stored snapshots.

Pages from HTML templates are stored as their title, meta and table of contents (JSON) followed by
the finished HTML; pages from Markdown templates as their Markdown. When a template changes on
purpose, refresh the snapshots with `UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_render.py`
and review the diff.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
from pathlib import Path
from typing import Any

import pytest

from generator import render
from generator.catalog import Entry, Shared, build_catalog
from generator.model import Aanpak, Begrip, Vocabulaire
from generator.paths import Project
from generator.render import PERMALINK_TITLE, HtmlPage, SiteSettings, abbreviations, render_site
from generator.validate import load_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOTS = HERE / "snapshots"
SETTINGS = SiteSettings(repository="https://github.com/zonmw/gereedschapskist", site_url="https://example.org/kist/")

SNAPSHOT_PAGES = [
    "aanpakken/voorbeeld-aanpak/index.md",
    "aanpakken/tweede-aanpak/index.md",
    "aanpakken/index.md",
    "werkzame-elementen/index.md",
    "themas/eigen-regie/index.md",
    "proces/index.md",
    "proces/tweede-jaar/index.md",
]


def load():
    loaded = load_project(Project(SNAPSHOTS / "project"), today=dt.date(2026, 6, 1))
    assert loaded.ok, loaded.diagnostics.report()
    return loaded


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return render_site(build_catalog(load()), ROOT / "templates" / "pages", SETTINGS)


def snapshot_text(page: str) -> tuple[str, str]:
    """(file suffix, text) of a page as it is stored in tests/snapshots/expected."""
    if isinstance(page, HtmlPage):
        head = json.dumps({"title": page.title, "meta": page.meta, "toc": page.toc}, ensure_ascii=False,
                          indent=1, sort_keys=True)
        return ".html", f"{head}\n\n{page}"
    return "", page


@pytest.mark.parametrize("path", SNAPSHOT_PAGES)
def test_generated_page_matches_the_snapshot(pages, path):
    suffix, text = snapshot_text(pages[path])
    snapshot = SNAPSHOTS / "expected" / (path.replace("/", "__") + suffix)
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(text, encoding="utf-8")
    assert text == snapshot.read_text(encoding="utf-8")


def h2(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r'<h2 id="[^"]+">(.*?)<a class="headerlink"', page)]


def test_an_approach_page_has_every_section_its_data_fills(pages):
    headings = h2(pages["aanpakken/voorbeeld-aanpak/index.md"])
    for section in ["Voor werkgevers", "Werkzame elementen", "Werkingsmechanismen", "Contextfactoren",
                    "Randvoorwaarden", "Kosten en baten", "Resultaten", "Praktijkproducten", "Bronnen",
                    "Contact"]:
        assert section in headings


def test_sections_without_data_are_left_out(pages):
    headings = h2(pages["aanpakken/tweede-aanpak/index.md"])
    for section in ["Werkingsmechanismen", "Contextfactoren", "Randvoorwaarden", "Resultaten",
                    "Praktijkproducten", "Bronnen", "Contact"]:
        assert section not in headings
    assert "Kosten en baten" in headings  # always there, saying the costs are unknown


def test_html_in_data_is_written_as_text(pages):
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert page.meta["title"] == "Voorbeeldaanpak &lt;script&gt;alert(1)&lt;/script&gt;"


def test_approach_pages_are_finished_html_without_front_matter(pages):
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert isinstance(page, HtmlPage)
    assert page.startswith("<h1 ")
    assert "\n---\n" not in page and not page.startswith("---")
    assert page.meta["bron"] == "approaches/voorbeeld-aanpak.yml"
    assert page.meta["jsonld"]["@type"] == "CreativeWork"  # the object itself, not text to parse back


def test_every_heading_with_an_id_has_its_permalink_and_is_in_the_table_of_contents(pages):
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    ids = re.findall(r'<h[1-6] id="([^"]+)"', page)
    assert len(ids) > 10
    for anchor in ids:
        assert f'<a class="headerlink" href="#{anchor}" title="{PERMALINK_TITLE}">#</a>' in page
        assert anchor in page.anchors

    def flatten(tokens):
        for token in tokens:
            yield token["id"], token["level"]
            yield from flatten(token["children"])

    assert [anchor for anchor, _ in flatten(page.toc)] == ids
    assert [t["level"] for t in page.toc] == [1]  # the title holds the sections, as the toc extension nests them
    assert {t["level"] for t in page.toc[0]["children"]} == {2}


def test_the_permalink_title_is_the_one_mkdocs_gives_headings_of_markdown_pages():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    toc = next(e["toc"] for e in config["markdown_extensions"] if isinstance(e, dict) and "toc" in e)
    assert toc["permalink_title"] == PERMALINK_TITLE and toc["permalink"] == "#"


def hostile_project(**changes):
    """The snapshot project with the first approach changed in memory (validation is skipped for the
    changed values, as if a rule had let them through)."""
    loaded = load()
    source = next(s for s in loaded.sources if s.slug == "voorbeeld-aanpak")
    source.aanpak = source.aanpak.model_copy(update=changes)
    return render_site(build_catalog(loaded), ROOT / "templates" / "pages", SETTINGS)


def test_title_and_description_are_escaped_in_the_meta_and_the_page_without_front_matter():
    title = 'Titel "met" <img src=x onerror=alert(1)> & \'quotes\'\n---\nhide: [toc]'
    pages = hostile_project(titel=title, samenvatting="Een zin met \"aanhalingstekens\" & <b meer. Tweede zin.")
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert page.meta["title"] == ("Titel &quot;met&quot; &lt;img src=x onerror=alert(1)&gt; &amp; &#x27;quotes&#x27; "
                                  "--- hide: [toc]")
    assert page.meta["description"] == "Een zin met &quot;aanhalingstekens&quot; &amp; &lt;b meer."
    assert "hide" not in page.meta  # the title's text is no meta, whatever it looks like
    assert page.title == 'Titel "met" <img src=x onerror=alert(1)> & \'quotes\' --- hide: [toc]'
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.split("</h1>", 1)[0]
    # and wherever else the title shows: the overview, related lists, the citation
    assert "<img" not in pages["themas/eigen-regie/index.md"]


def test_every_text_field_goes_through_markdown_and_the_sanitiser():
    hostile = '[klik](javascript:alert(1)) <b onmouseover="x()">vet</b> **echt**'
    pages = hostile_project(samenvatting=hostile)
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert "javascript:" not in page
    assert "onmouseover=" not in page.replace("&lt;b onmouseover", "")
    assert "<strong>echt</strong>" in page
    assert "&lt;b onmouseover=\"x()\"&gt;vet&lt;/b&gt;" in page


def test_the_citation_hook_gets_each_field_after_markdown_and_the_sanitiser(monkeypatch):
    seen: list[str] = []

    def cite(html: str) -> str:
        seen.append(html)
        return html.replace("[@bron-a]", '<sup class="gk-bron"><a href="#bron-bron-a">1</a></sup>')

    monkeypatch.setattr(render, "citation_hook", lambda entry: cite if entry.slug == "voorbeeld-aanpak" else None)
    pages = hostile_project(samenvatting="Een *cijfer* [@bron-a] <script>x</script>")
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert '<p>Een <em>cijfer</em> <sup class="gk-bron"><a href="#bron-bron-a">1</a></sup> &lt;script&gt;x&lt;/script&gt;</p>' in page
    assert "<p>Een <em>cijfer</em> [@bron-a] &lt;script&gt;x&lt;/script&gt;</p>" in seen
    assert all("<script" not in html for html in seen)
    assert '[@bron-a]' not in pages["aanpakken/tweede-aanpak/index.md"]


def test_a_glossary_term_is_explained_at_its_first_use_in_html_pages_only(pages):
    explained = '<abbr title="Wet werk en inkomen naar arbeidsvermogen">WIA</abbr>'
    page = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert page.count(explained) == 1
    assert page.index(explained) + explained.index(">WIA") + 1 == page.index("WIA")  # the first use
    assert "<abbr" not in pages["begrippen/index.md"]
    for path, text in pages.items():
        if path.endswith(".md") and not isinstance(text, HtmlPage):
            assert "*[" not in text, f"{path}: Markdown pages get their tooltips after conversion"


def test_a_glossary_term_that_is_no_abbreviation_is_explained_by_its_first_sentence():
    loaded = load()
    vocab = loaded.vocabulaire.model_copy(update={"begrippen": {
        "driegesprek": Begrip(term="Driegesprek", titel="Driegesprek",
                              beschrijving="Een gesprek met drie mensen. Meestal werknemer, werkgever en coach.")}})
    assert isinstance(vocab, Vocabulaire)
    assert abbreviations(vocab).splitlines() == ["*[Driegesprek]: Een gesprek met drie mensen.",
                                                 "*[driegesprek]: Een gesprek met drie mensen."]


@pytest.mark.parametrize("term", ["Regel\nbreuk", "Back\\slash", "Haak]je", "<script>", "Ster*", "Code`x`",
                                  "Tab\tterm", "Nul\x00", "Stx\x02x"])
def test_a_term_that_markdown_could_misread_gets_no_abbreviation_definition(term):
    loaded = load()
    vocab = loaded.vocabulaire.model_copy(update={"begrippen": {
        "kwaad": Begrip.model_construct(term=term, titel="Uitleg\n*[x]: <b>", afkorting=True, beschrijving="x"),
        "goed": Begrip(term="UWV", titel="Uitvoeringsinstituut\nWerknemersverzekeringen", afkorting=True,
                       beschrijving="x")}})
    assert abbreviations(vocab).splitlines() == ["*[UWV]: Uitvoeringsinstituut Werknemersverzekeringen"]


def test_a_shared_working_element_links_both_approaches(pages):
    index = pages["werkzame-elementen/index.md"]
    assert '<li id="driegesprek"><a href="driegesprek/">Driegesprek</a> (2 aanpakken)</li>' in index
    text = pages["werkzame-elementen/driegesprek/index.md"]
    assert 'href="../../aanpakken/voorbeeld-aanpak/"' in text
    assert 'href="../../aanpakken/tweede-aanpak/"' in text
    # the approach page links the element's own page
    assert 'href="../../werkzame-elementen/driegesprek/">ook in 1 andere aanpak</a>' in \
        pages["aanpakken/voorbeeld-aanpak/index.md"]


def _shared(count: int, uses: int) -> list[Shared]:
    entries = [Entry(f"a{i:04d}", f"approaches/a{i:04d}.yml", None) for i in range(uses)]
    return [Shared(f"e{k:04d}", f"Element {k}", [(e, None) for e in entries[:uses - k]]) for k in range(count)]


def test_the_shared_index_is_paged_and_every_name_and_use_is_on_exactly_one_page(monkeypatch):
    monkeypatch.setattr(render, "NAMES_PER_PAGE", 3)
    monkeypatch.setattr(render, "USES_PER_PAGE", 4)
    shared = _shared(count=7, uses=10)
    pages = dict(render.shared_pages("werkzame-elementen", shared))
    indexes = [pages[p] for p in ("werkzame-elementen/index.md", "werkzame-elementen/pagina-2/index.md",
                                  "werkzame-elementen/pagina-3/index.md")]
    assert "werkzame-elementen/pagina-4/index.md" not in pages
    assert [[s.key for s in c["items"]] for c in indexes] == [["e0000", "e0001", "e0002"],
                                                              ["e0003", "e0004", "e0005"], ["e0006"]]
    assert [c["paging"].number for c in indexes] == [1, 2, 3] and indexes[0]["paging"].count == 3
    for item in shared:  # element k is used by 10 - k approaches, four to a page
        series = [c for path, c in pages.items() if c["view"] == "item" and c["item"] is item]
        assert len(series) == -(-len(item.uses) // 4)
        assert [u for c in series for u in c["uses"]] == item.uses
        assert series[0]["paging"].targets[0] == f"werkzame-elementen/{item.key}/index.md"
        assert all(len(c["uses"]) <= 4 for c in series)


def test_paged_element_pages_link_to_each_other(pages_with_small_pages):
    page2 = pages_with_small_pages["werkzame-elementen/driegesprek/pagina-2/index.md"]
    assert '<a href="../">1</a>' in page2 and '<strong aria-current="page">2</strong>' in page2
    first = pages_with_small_pages["werkzame-elementen/driegesprek/index.md"]
    assert '<a href="pagina-2/">2</a>' in first


@pytest.fixture
def pages_with_small_pages(monkeypatch):
    monkeypatch.setattr(render, "USES_PER_PAGE", 1)
    return render_site(build_catalog(load()), ROOT / "templates" / "pages", SETTINGS)


# Paging of the term pages (themes, target groups, evidence levels, phases) and the process page: the
# real project, one approach per page and one per phase on the process page, with its last approach
# (by title) given the strongest evidence, so "strongest first" differs from the order by title.

STRONGEST = "tweede-spoor-mkb-sociaal-werkbedrijf"


@pytest.fixture(scope="module")
def real_catalog():
    loaded = load_project(Project(ROOT))
    assert loaded.ok, loaded.diagnostics.report()
    source = next(s for s in loaded.sources if s.slug == STRONGEST)
    source.aanpak = source.aanpak.model_copy(update={"bewijsniveau": "sterke-aanwijzingen"})
    return build_catalog(loaded)


@pytest.fixture(scope="module")
def one_per_page(real_catalog):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(render, "APPROACHES_PER_PAGE", 1)
        patch.setattr(render, "PHASE_PREVIEW", 1)
        return render_site(real_catalog, ROOT / "templates" / "pages", SETTINGS)


def listed_approaches(page: str, path: str) -> list[str]:
    """The slugs of the approaches a page lists (its list items that link an approach page), in order."""
    here = path.rsplit("/", 1)[0]
    return [posixpath.normpath(posixpath.join(here, href)).split("/")[1]
            for href in re.findall(r'<li><a href="([^"]*aanpakken/[^"/?]+/)">', page)]


def test_every_approach_of_a_term_or_phase_is_on_exactly_one_page_of_its_series(real_catalog, one_per_page):
    series_of_more_pages = 0
    for base, terms, index in [("themas", real_catalog.vocabulaire.themas, real_catalog.per_thema),
                               ("doelgroepen", real_catalog.vocabulaire.doelgroepen, real_catalog.per_doelgroep),
                               ("bewijsniveaus", real_catalog.vocabulaire.bewijsniveaus, real_catalog.per_bewijsniveau),
                               ("proces", real_catalog.vocabulaire.fasen, real_catalog.per_fase)]:
        for key in terms:
            count = max(len(index[key]), 1)
            series = [f"{base}/{key}/index.md"] + [f"{base}/{key}/pagina-{n}/index.md" for n in range(2, count + 1)]
            assert f"{base}/{key}/pagina-{count + 1}/index.md" not in one_per_page
            assert all(len(listed_approaches(one_per_page[path], path)) <= 1 for path in series)
            assert [slug for path in series for slug in listed_approaches(one_per_page[path], path)] == \
                [e.slug for e in index[key]], f"{base}/{key}"
            series_of_more_pages += count > 1
    assert series_of_more_pages > 10


def test_later_pages_of_a_term_are_numbered_in_their_title_link_back_and_stay_out_of_search(one_per_page):
    first, second, last = (one_per_page[f"doelgroepen/werknemers/{p}index.md"] for p in ("", "pagina-2/", "pagina-4/"))
    pager = {page: " ".join(page.split("<nav", 1)[1].split()) for page in (first, second, last)}
    assert "doelgroepen/werknemers/pagina-5/index.md" not in one_per_page
    assert first.meta["title"] == "Doelgroep: Langdurig zieke werknemers" and "search" not in first.meta
    assert second.meta["title"] == "Doelgroep: Langdurig zieke werknemers (pagina 2 van 4)"
    assert second.meta["search"] == {"exclude": True} and last.meta["search"] == {"exclude": True}
    assert "pagina 2 van 4" in second.meta["description"]
    # the description of the target group only on the first page; the later ones link to it
    assert "Dit is pagina" not in first and 'Dit is pagina 2 van 4 van de aanpakken voor deze doelgroep.' in second
    assert '<a href="../">de eerste pagina</a>' in second
    assert '<nav class="gk-pagina" aria-label="Pagina&#39;s met aanpakken voor deze doelgroep">' in first
    assert '<strong aria-current="page">1</strong> <a href="pagina-2/">2</a>' in pager[first]
    assert 'href="pagina-2/" rel="next"' in pager[first] and 'rel="prev"' not in pager[first]
    assert '<a href="../">1</a> <strong aria-current="page">2</strong> <a href="../pagina-3/">3</a>' in pager[second]
    assert 'href="../" rel="prev"' in pager[second] and 'href="../pagina-3/" rel="next"' in pager[second]
    assert 'href="../pagina-3/" rel="prev"' in pager[last] and 'rel="next"' not in pager[last]
    assert "Deze pagina toont aanpak 2 tot en met 2;" in second


def test_a_term_on_one_page_has_no_pager(pages):
    assert "gk-pagina" not in pages["themas/eigen-regie/index.md"]
    assert "themas/eigen-regie/pagina-2/index.md" not in pages


def test_titles_of_term_and_phase_pages_stay_unique_when_paged(one_per_page):
    titles = [page.meta["title"] for path, page in one_per_page.items() if isinstance(page, HtmlPage)
              and path.startswith(("themas/", "doelgroepen/", "bewijsniveaus/", "proces/"))]
    assert len(titles) > 40 and len(set(titles)) == len(titles)


def test_the_process_page_shows_the_strongest_approaches_of_a_phase_and_links_the_phase_page(one_per_page):
    proces = one_per_page["proces/index.md"]
    assert "Bij een fase met veel aanpakken staan hier de 1 met het sterkste bewijs" in proces
    section = proces.split('<h2 id="eerste-jaar"', 1)[1].split("<h2", 1)[0]
    assert listed_approaches(section, "proces/index.md") == [STRONGEST]
    assert "In deze fase passen 4 aanpakken." in section
    assert '<a href="eerste-jaar/">Alle 4 aanpakken in de fase' in section
    assert '<a href="eerste-jaar/">4 aanpakken</a>' in proces  # in the table of phases
    # every approach of the phase is on the phase's own pages, described once
    phase = one_per_page["proces/eerste-jaar/index.md"]
    assert phase.meta["title"].startswith("Fase: ") and 'href="../#eerste-jaar"' in phase
    assert len(listed_approaches(phase, "proces/eerste-jaar/index.md")) == 1


def test_the_process_page_lists_every_approach_of_a_phase_that_has_few(pages):
    section = pages["proces/index.md"].split('<h2 id="tweede-jaar"', 1)[1].split("<h2", 1)[0]
    assert listed_approaches(section, "proces/index.md") == ["voorbeeld-aanpak"]
    assert "Alle 1 aanpakken" not in section and "met het sterkste bewijs" not in pages["proces/index.md"]


def test_phase_previews_put_the_strongest_evidence_first_and_keep_the_order_by_title_within_a_level(real_catalog):
    previews = render.phase_previews(real_catalog)
    order = [e.slug for e in real_catalog.per_fase["eerste-jaar"]]
    assert order[-1] == STRONGEST and len(previews["eerste-jaar"]) == min(render.PHASE_PREVIEW, len(order))
    assert [e.slug for e in previews["eerste-jaar"]] == ([STRONGEST, "eigen-regie-en-online-trainingen"]
                                                         + order[1:-1])[:render.PHASE_PREVIEW]


def test_pages_rendered_by_several_processes_are_the_pages_one_process_renders(pages, monkeypatch):
    from generator import workers

    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "2")
    monkeypatch.setattr(workers, "MIN_ITEMS", 2)
    spread = []
    real_spread = workers.spread
    monkeypatch.setattr(render, "spread", lambda work, items: spread.append(len(items)) or real_spread(work, items))
    shared = render_site(build_catalog(load()), ROOT / "templates" / "pages", SETTINGS)
    assert spread and spread[0] > 10  # the pages went through spread, with enough of them to share
    assert list(shared) == list(pages)
    for path, page in pages.items():
        assert shared[path] == page and type(shared[path]) is type(page), path
        if isinstance(page, HtmlPage):
            assert (shared[path].title, shared[path].meta, shared[path].toc, shared[path].anchors) == \
                   (page.title, page.meta, page.toc, page.anchors), path


def snapshot_project(tmp_path: Path) -> tuple[Project, Path, Any]:
    """A copy of the snapshot project, its page templates, and a function that loads its catalog anew."""
    import shutil

    shutil.copytree(SNAPSHOTS / "project", tmp_path / "project")
    project = Project(tmp_path / "project")

    def loaded():
        result = load_project(project, today=dt.date(2026, 6, 1))
        assert result.ok, result.diagnostics.report()
        return build_catalog(result)

    return project, ROOT / "templates" / "pages", loaded


def test_a_cached_render_gives_the_pages_of_a_fresh_one_when_a_related_approach_changes(tmp_path):
    from generator.page_cache import PageCache

    project, templates, loaded = snapshot_project(tmp_path)
    cache = PageCache()
    first = render_site(loaded(), templates, SETTINGS, cache=cache)
    assert render_site(loaded(), templates, SETTINGS, cache=cache) == first
    other = project.approaches_dir / "tweede-aanpak.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("titel: ", "titel: Hernoemd - ", 1), encoding="utf-8")
    cached, fresh = render_site(loaded(), templates, SETTINGS, cache=cache), render_site(loaded(), templates, SETTINGS)
    assert "Hernoemd" in cached["aanpakken/voorbeeld-aanpak/index.md"]  # it lists the related approach by title
    assert cached == fresh


def test_a_cached_render_makes_the_open_data_of_changed_approaches_only(tmp_path, monkeypatch):
    from generator import opendata
    from generator.page_cache import PageCache

    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "1")  # counted in this process
    project, templates, loaded = snapshot_project(tmp_path)
    made: list[str] = []
    real = opendata.approach_json
    monkeypatch.setattr(opendata, "approach_json", lambda entry: made.append(entry.slug) or real(entry))
    cache = PageCache()
    render_site(loaded(), templates, SETTINGS, cache=cache)
    assert sorted(made) == ["tweede-aanpak", "voorbeeld-aanpak"]
    made.clear()
    render_site(loaded(), templates, SETTINGS, cache=cache)
    assert made == []  # nothing changed: every approach's part of the file is reused
    other = project.approaches_dir / "tweede-aanpak.yml"
    other.write_text(other.read_text(encoding="utf-8").replace("titel: ", "titel: Hernoemd - ", 1), encoding="utf-8")
    cached = render_site(loaded(), templates, SETTINGS, cache=cache)["data/aanpakken.json"]
    assert made == ["tweede-aanpak"]
    assert "Hernoemd" in cached
    assert cached == render_site(loaded(), templates, SETTINGS)["data/aanpakken.json"]
