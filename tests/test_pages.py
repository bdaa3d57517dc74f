"""The pages for employers and for citing: the employer section, costs and benefits, the factsheet, the
104-week process page and the ready citation, checked in the real site built by MkDocs.

Expectations come from the approach files themselves (read with the project's strict YAML loader), so
the tests keep meaning something when the content changes.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import yamlsource
from generator.build import build_site
from generator.catalog import build_catalog
from generator.model import Aanpak
from generator.paths import Project
from generator.render import SiteSettings, render_site
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://voorbeeld.invalid/kist/"
SITE_NAME = "Gereedschapskist re-integratie 2e spoor"
SLUGS = sorted(p.stem for p in (ROOT / "approaches").glob("*.yml") if not p.name.startswith("_"))


# ---------------------------------------------------------------------------------------------
# Reading the sources and the built HTML
# ---------------------------------------------------------------------------------------------


def read_yaml(path: Path) -> dict:
    loaded, problems = yamlsource.load(path, path.name)
    assert loaded is not None, problems
    return loaded.data


def approach(slug: str) -> dict:
    return read_yaml(ROOT / "approaches" / f"{slug}.yml")


def phases() -> dict[str, dict]:
    return read_yaml(ROOT / "vocabulaire.yml")["fasen"]


def is_funder(organisatie: dict) -> bool:
    return "financier" in (organisatie.get("rol") or "").lower()


class Events(HTMLParser):
    """A page as a flat list of (kind, tag, attrs or text): enough to cut out sections and links."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, object]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, dict(attrs)))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, None))

    def handle_data(self, data):
        self.events.append(("data", "", data))


HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


def section(events: list, heading_id: str) -> list:
    """The events after the heading with this id, up to the next heading of the same or higher level."""
    for index, (kind, tag, attrs) in enumerate(events):
        if kind == "start" and tag in HEADINGS and attrs.get("id") == heading_id:
            level = HEADINGS[tag]
            end = next(i for i in range(index, len(events)) if events[i][:2] == ("end", tag))
            body = []
            for event in events[end + 1:]:
                if event[0] == "start" and event[1] in HEADINGS and HEADINGS[event[1]] <= level:
                    break
                body.append(event)
            return body
    raise AssertionError(f"no heading with id {heading_id!r}")


def text(events: list) -> str:
    return re.sub(r"\s+", " ", "".join(value for kind, _, value in events if kind == "data")).strip()


# A citation as editors write it, [@bron-id, § 3], and as the page shows it, [1, § 3]: the tests that
# compare the editors' words with the page compare them without the citations.
CITATION = re.compile(r"\s*\[(?:@[^\[\]\n]*|\d+(?:,[^\[\]]*)?(?:;\s*\d+(?:,[^\[\]]*)?)*)\]")


def without_citations(value: str) -> str:
    return re.sub(r"\s+", " ", CITATION.sub("", value)).strip()


def links(events: list) -> list[str]:
    return [attrs["href"] for kind, tag, attrs in events
            if kind == "start" and tag == "a" and "href" in attrs and "headerlink" not in attrs.get("class", "")]


def heading_ids(events: list, level: int) -> list[str]:
    return [attrs.get("id", "") for kind, tag, attrs in events if kind == "start" and tag == f"h{level}"]


def page_events(site: Path, page: str) -> list:
    return Events((site / page / "index.html").read_text(encoding="utf-8")).events


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
          "november", "december"]


def dutch_date(day: dt.date) -> str:
    """Day and month as a Dutch APA reference writes them: '1 mei'."""
    return f"{day.day} {MONTHS[day.month - 1]}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once for this module with the real MkDocs (strict), with a site URL."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEREEDSCHAPSKIST_SITE_URL", SITE_URL)
        return build_site(Project(ROOT), strict=True, site_dir=tmp_path_factory.mktemp("paginas") / "site")


# ---------------------------------------------------------------------------------------------
# Voor werkgevers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_employer_section_comes_first_right_after_the_summary_box(site, slug):
    events = page_events(site, f"aanpakken/{slug}")
    assert heading_ids(events, 2)[0] == "voor-werkgevers"
    box = next(i for i, (kind, tag, attrs) in enumerate(events)
               if kind == "start" and tag == "div" and "admonition" in attrs.get("class", ""))
    heading = next(i for i, (kind, tag, attrs) in enumerate(events)
                   if kind == "start" and attrs and attrs.get("id") == "voor-werkgevers")
    assert "In één oogopslag" in text(events[box:heading])


@pytest.mark.parametrize("slug", SLUGS)
def test_the_employer_section_answers_the_five_questions_in_the_editors_words(site, slug):
    events = page_events(site, f"aanpakken/{slug}")
    employer = section(events, "voor-werkgevers")
    assert heading_ids(employer, 3) == ["wat-is-het", "wat-vraagt-het-van-u", "wat-kost-het-en-wie-betaalt",
                                        "wat-levert-het-op", "wanneer-in-de-twee-ziektejaren"]
    written = approach(slug)["voor_werkgevers"]
    for key in ["wat_is_het", "wat_vraagt_het", "wat_kost_het", "wat_levert_het_op", "wanneer"]:
        # the first sentence of every answer is on the page (Markdown markers aside)
        line = without_citations(re.sub(r"^[-*+]\s+", "", written[key].strip().splitlines()[0]))
        first = re.sub(r"\s+", " ", re.sub(r"[*_`]", "", re.split(r"(?<=[.?!])\s", line)[0]))
        assert first in without_citations(text(employer)), (key, first)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_employer_section_states_the_costs_or_says_they_are_not_yet_known(site, slug):
    costs = section(page_events(site, f"aanpakken/{slug}"), "wat-kost-het-en-wie-betaalt")
    kosten_baten = approach(slug)["kosten_baten"]
    if kosten_baten["kosten_bekend"] == "true":
        for post in kosten_baten.get("kosten") or []:
            if post.get("bedrag"):
                assert " ".join(post["bedrag"].split()) in text(costs)
        assert "Bedragen: nog niet bekend" not in text(costs)
    else:
        assert "Bedragen: nog niet bekend." in text(costs)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_employer_section_links_every_phase_of_the_approach_to_the_process_page(site, slug):
    when = section(page_events(site, f"aanpakken/{slug}"), "wanneer-in-de-twee-ziektejaren")
    targets = {href.split("#", 1)[1] for href in links(when) if "#" in href and "proces/" in href}
    assert targets == set(approach(slug).get("fasen") or [])


def test_known_amounts_are_spelled_out_for_employers():
    """No approach has amounts yet, so an approach is given some in memory and rendered."""
    loaded = load_project(Project(ROOT))
    assert loaded.ok, loaded.diagnostics.report()
    source = loaded.sources[0]
    data = source.aanpak.model_dump()
    data["kosten_baten"]["kosten_bekend"] = True
    data["kosten_baten"]["kosten"] = [
        {"post": "Coaching", "bedrag": "€ 1.500 - € 2.500", "eenheid": "per traject", "betaler": "werkgever"},
        {"post": "Training", "eenheid": "per deelnemer"},
    ]
    source.aanpak = Aanpak.model_validate(data, context={"vocabulaire": loaded.vocabulaire})
    pages = render_site(build_catalog(loaded), ROOT / "templates" / "pages", SiteSettings())
    page = pages[f"aanpakken/{source.slug}/index.md"]
    employer = page.split("## Voor werkgevers", 1)[1].split("\n## ", 1)[0]
    assert "**Bedragen:** Coaching: € 1.500 - € 2.500 per traject, betaald door werkgever." in employer
    assert "Bedragen: nog niet bekend" not in employer
    table = page.split("### Kosten", 1)[1].split("### Baten", 1)[0]
    assert "| Coaching | € 1.500 - € 2.500 per traject | werkgever |" in table
    assert "| Training | **nog niet bekend** (per deelnemer) | nog niet bekend |" in table


# ---------------------------------------------------------------------------------------------
# Kosten en baten
# ---------------------------------------------------------------------------------------------


def table_rows(events: list) -> list[list[str]]:
    rows, row, cell, inside = [], None, [], False
    for kind, tag, value in events:
        if kind == "start" and tag == "tr":
            row = []
        elif kind == "start" and tag in ("td", "th"):
            cell, inside = [], True
        elif kind == "end" and tag in ("td", "th"):
            row.append(re.sub(r"\s+", " ", "".join(cell)).strip())
            inside = False
        elif kind == "end" and tag == "tr":
            rows.append(row)
        elif kind == "data" and inside:
            cell.append(value)
    return rows


@pytest.mark.parametrize("slug", SLUGS)
def test_the_cost_table_has_every_cost_item_with_amount_and_payer_or_not_yet_known(site, slug):
    events = page_events(site, f"aanpakken/{slug}")
    posts = approach(slug)["kosten_baten"].get("kosten") or []
    rows = table_rows(section(events, "kosten"))
    if not posts:
        assert rows == [] and "Nog niet bekend." in text(section(events, "kosten"))
        return
    assert rows[0] == ["Waarvoor", "Bedrag", "Wie betaalt", "Bron"]
    assert len(rows) == len(posts) + 1
    for post, row in zip(posts, rows[1:]):
        assert row[0] == " ".join(post["post"].split())
        assert row[1].startswith(" ".join(post["bedrag"].split()) if post.get("bedrag") else "nog niet bekend")
        if post.get("eenheid"):
            assert " ".join(post["eenheid"].split()) in row[1]
        if post.get("betaler"):
            assert row[2] == " ".join(post["betaler"].split())
        else:
            assert row[2] in ("nog niet bekend", "–")


@pytest.mark.parametrize("slug", SLUGS)
def test_the_benefits_table_names_every_party_and_marks_the_unknown_ones(site, slug):
    rows = table_rows(section(page_events(site, f"aanpakken/{slug}"), "baten"))
    baten = approach(slug)["kosten_baten"].get("baten") or []
    assert rows[0] == ["Voor wie", "Wat het oplevert", "Bron"]
    for partij in ["werkgever", "werknemer", "maatschappij"]:
        written = [without_citations(b["omschrijving"]) for b in baten if b["partij"] == partij]
        shown = [without_citations(row[1]) for row in rows[1:] if row[0] == partij.capitalize()]
        assert shown == (written or ["nog niet bekend"]), partij
    parties = [row[0] for row in rows[1:]]
    assert parties == sorted(parties, key=["Werkgever", "Werknemer", "Maatschappij"].index)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_state_of_cost_benefit_research_is_given(site, slug):
    research = text(section(page_events(site, f"aanpakken/{slug}"), "onderzoek-naar-kosten-en-baten"))
    onderzoek = approach(slug)["kosten_baten"].get("onderzoek")
    expected = without_citations(onderzoek) if onderzoek else "Er is nog niets bekend over onderzoek"
    assert expected in without_citations(research)


# ---------------------------------------------------------------------------------------------
# Factsheet
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_factsheet_gives_the_business_case_and_the_state_of_the_costs(site, slug):
    events = page_events(site, f"aanpakken/{slug}/factsheet")
    content = text(events)
    for label in ["Wat is het?", "Wat vraagt het van u?", "Wat kost het?", "Wat levert het op?", "Wanneer?"]:
        assert label in content
    if approach(slug)["kosten_baten"]["kosten_bekend"] != "true":
        assert "Bedragen: nog niet bekend." in content
    assert any(href.rstrip("/").endswith(slug) or href in ("../", "../index.html") for href in links(events))


def test_the_factsheet_stays_short_however_long_the_texts_are():
    loaded = load_project(Project(ROOT))
    source = loaded.sources[0]
    data = source.aanpak.model_dump()
    sentence = "Dit is een lange zin die een redacteur schreef om alles uit te leggen wat er te weten valt. "
    for key in data["voor_werkgevers"]:
        data["voor_werkgevers"][key] = sentence * 40
    data["voor_werkgevers"]["wat_vraagt_het"] = "\n".join(f"- {sentence}" for _ in range(40))
    data["samenvatting"] = sentence * 40
    source.aanpak = Aanpak.model_validate(data, context={"vocabulaire": loaded.vocabulaire})
    pages = render_site(build_catalog(loaded), ROOT / "templates" / "pages", SiteSettings())
    factsheet = pages[f"aanpakken/{source.slug}/factsheet/index.md"]
    blocks = re.findall(r'<div class="gk-factsheet__blok" markdown>\n(.*?)\n</div>', factsheet, flags=re.S)
    assert len(blocks) == 5
    for block in blocks:
        answer = block.split("**", 2)[2].split("  \n")[0]
        assert len(answer) <= 305, answer
        assert answer.strip().endswith("."), "cut after a whole sentence"
        assert "- " not in answer
    body = factsheet.split("\n---\n", 1)[1].split("\n*[")[0]
    assert len(body) < 3500


# ---------------------------------------------------------------------------------------------
# Waar in het verzuimproces?
# ---------------------------------------------------------------------------------------------


def approach_slug(href: str, page: str) -> str | None:
    resolved = posixpath.normpath(posixpath.join(page, href.split("#")[0]))
    match = re.fullmatch(r"aanpakken/([a-z0-9-]+)", resolved)
    return match.group(1) if match else None


def test_the_process_page_has_a_heading_for_every_phase_in_order(site):
    events = page_events(site, "proces")
    ids = [i for i in heading_ids(events, 2) if i in phases()]
    assert ids == list(phases())


@pytest.mark.parametrize("phase", list(phases()))
def test_the_process_page_lists_each_approach_under_each_of_its_phases(site, phase):
    listed = {approach_slug(href, "proces") for href in links(section(page_events(site, "proces"), phase))}
    listed.discard(None)
    expected = {slug for slug in SLUGS if phase in (approach(slug).get("fasen") or [])}
    assert listed == expected


@pytest.mark.parametrize("phase", list(phases()))
def test_the_process_page_gives_the_weeks_of_each_phase_in_words(site, phase):
    fase = phases()[phase]
    weeks = f"Week {fase['week_van']}" + (f" tot en met {fase['week_tot']}"
                                            if fase["week_tot"] != fase["week_van"] else "")
    assert text(section(page_events(site, "proces"), phase)).startswith(weeks + ".")


def test_the_timeline_bars_only_repeat_what_the_text_says(site):
    events = page_events(site, "proces")
    rows = [row for row in table_rows(events) if row and row[0] != "Fase"]
    assert [row[0] for row in rows] == [f["titel"] for f in phases().values()]
    bars = [attrs for kind, tag, attrs in events
            if kind == "start" and "gk-tijdlijn" in (attrs or {}).get("class", "")]
    assert len(bars) == len(phases())
    assert all(bar.get("aria-hidden") == "true" for bar in bars)
    for row, fase in zip(rows, phases().values()):
        assert row[1].startswith(f"week {fase['week_van']}")


def test_the_process_page_cites_the_werkwijzer_poortwachter_of_uwv(site):
    source = text(section(page_events(site, "proces"), "bron"))
    assert re.search(r"UWV\. \((\d{4})\)\. Werkwijzer Poortwachter", source)


# ---------------------------------------------------------------------------------------------
# Citeer deze aanpak
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_citation_is_apa_for_a_web_page_by_organisations(site, slug):
    data = approach(slug)
    citation = text(section(page_events(site, f"aanpakken/{slug}"), "citeer-deze-aanpak"))
    makers = [o["naam"] for o in data["organisaties"] if not is_funder(o)] or \
        [o["naam"] for o in data["organisaties"]]
    authors = makers[0] if len(makers) == 1 else ", ".join(makers[:-1]) + ", & " + makers[-1]
    updated = dt.date.fromisoformat(data["bijgewerkt"])
    title = " ".join(data["titel"].split())
    expected = (f"{authors}{'' if authors.endswith('.') else '.'} ({updated.year}, {dutch_date(updated)}). "
                f"{title}{'' if title[-1] in '.?!' else '.'} {SITE_NAME}. {SITE_URL}aanpakken/{slug}/")
    assert citation.startswith(expected)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_title_in_the_citation_is_in_italics(site, slug):
    events = section(page_events(site, f"aanpakken/{slug}"), "citeer-deze-aanpak")
    starts = [i for i, (kind, tag, _) in enumerate(events) if kind == "start" and tag == "em"]
    italics = [text(events[i:next(j for j in range(i, len(events)) if events[j][:2] == ("end", "em"))])
               for i in starts]
    assert italics == [" ".join(approach(slug)["titel"].split())]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_address_in_the_citation_is_a_link_to_the_page_itself(site, slug):
    events = section(page_events(site, f"aanpakken/{slug}"), "citeer-deze-aanpak")
    assert f"{SITE_URL}aanpakken/{slug}/" in links(events)


def test_a_funder_is_left_out_of_the_authors_of_the_citation():
    """No approach names a funder at the moment, so one is added in memory."""
    loaded = load_project(Project(ROOT))
    source = loaded.sources[0]
    data = source.aanpak.model_dump()
    makers = [o["naam"] for o in data["organisaties"]]
    data["organisaties"].append({"naam": "ZonMw", "rol": "financier van het onderzoek"})
    source.aanpak = Aanpak.model_validate(data, context={"vocabulaire": loaded.vocabulaire})
    pages = render_site(build_catalog(loaded), ROOT / "templates" / "pages", SiteSettings())
    citation = pages[f"aanpakken/{source.slug}/index.md"].split("## Citeer deze aanpak", 1)[1].strip()
    authors = makers[0] if len(makers) == 1 else ", ".join(makers[:-1]) + ", & " + makers[-1]
    assert citation.startswith(f"{authors}{'' if authors.endswith('.') else '.'} (")
    assert "ZonMw" not in citation.split("(", 1)[0]
