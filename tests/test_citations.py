"""Citations at the claim: the syntax, the Dutch messages of the check, and the link on the built page."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_errors import FIXTURES, add, project, run  # noqa: F401  (project is a fixture)

from generator import citations
from generator.text import first_sentence


# --- The syntax -------------------------------------------------------------------------------------

def test_a_citation_names_a_source_and_optionally_a_place_in_it():
    [one, two] = citations.find("Zo gaat het [@rapport-2026]. En zo [@rapport-2026, p. 12; @nieuwsbrief, § 3.2].")
    assert one.citations == (citations.Citation("rapport-2026"),)
    assert two.citations == (citations.Citation("rapport-2026", "p. 12"), citations.Citation("nieuwsbrief", "§ 3.2"))
    assert one.ok and two.ok


@pytest.mark.parametrize("text, problem", [
    ("[@Rapport]", "'Rapport' is geen geldige id (kleine letters, cijfers en koppeltekens)"),
    ("[@]", "na @ hoort de id van een bron"),
    ("[@rapport; nieuwsbrief]", "'nieuwsbrief' begint niet met @"),
])
def test_a_citation_that_cannot_be_read_says_why(text, problem):
    [reference] = citations.find(text)
    assert not reference.ok and reference.problem == problem


def test_markdown_links_and_definitions_are_not_citations():
    assert citations.find("[@naam](https://example.org) en\n[@x]: https://example.org") == []


def test_a_citation_before_a_colon_in_running_text_is_a_citation():
    [reference] = citations.find("Drie dingen tellen [@rapport-2026, p. 3]: tijd, steun en werk.")
    assert reference.citations == (citations.Citation("rapport-2026", "p. 3"),)


def test_plain_uses_of_a_text_leave_the_citations_out():
    text = "Werk helpt bij herstel [@rapport-2026, p. 4]. Meer volgt."
    assert citations.strip(text) == "Werk helpt bij herstel. Meer volgt."
    assert first_sentence(text) == "Werk helpt bij herstel."


@pytest.mark.parametrize("text, expected", [
    ("42% vond werk", ["42%"]),
    ("Het kost € 2.000 per traject", ["2.000"]),
    ("12 van de 20 deelnemers", ["12", "20"]),
    ("In 2026 in het 2e spoor, zie bijlage 4 en artikel 7", []),
    ("Lees [het rapport](https://example.org/2024/rapport-12)", []),
    ("Zo staat het er [@bron-2026, p. 12]", []),
])
def test_figures_are_numbers_amounts_and_shares_but_not_years_ordinals_references_or_links(text, expected):
    assert citations.figures(text) == expected


# --- The check --------------------------------------------------------------------------------------

def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_citation_of_a_source_that_is_not_in_bronnen_is_an_error_on_its_line(project):
    path = add(project, "geldig.yml")
    _edit(path, "  wanneer: In het tweede ziektejaar.",
          "  wanneer: In het tweede ziektejaar [@tussenrapport-2025, p. 3].")
    assert run(project, "validate") == (1, [
        "approaches/geldig.yml:33:37: voor_werkgevers.wanneer: de bronverwijzing '[@tussenrapport-2025, p. 3]' "
        "noemt bron 'tussenrapport-2025', maar die staat niet in 'bronnen' (bedoelde u 'tussenrapport-2026'?)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_an_unreadable_citation_is_an_error_that_shows_the_form(project):
    path = add(project, "geldig.yml")
    _edit(path, "  wanneer: In het tweede ziektejaar.", "  wanneer: In het tweede ziektejaar [@Tussenrapport].")
    assert run(project, "validate") == (1, [
        "approaches/geldig.yml:33:37: voor_werkgevers.wanneer: de bronverwijzing '[@Tussenrapport]' is niet "
        "leesbaar: 'Tussenrapport' is geen geldige id (kleine letters, cijfers en koppeltekens) "
        "(schrijf [@tussenrapport-2026], of met een plaats: [@tussenrapport-2026, p. 12])",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_paragraph_with_a_figure_and_no_citation_is_a_warning_on_the_paragraphs_line(project):
    path = add(project, "geldig.yml")
    _edit(path, "  beschrijving: >-\n    Werkgevers melden kandidaten en vacatures bij een gezamenlijke coördinator, die ze koppelt.\n",
          "  beschrijving: |\n    Werkgevers melden kandidaten en vacatures bij een gezamenlijke coördinator, die ze\n"
          "    koppelt [@tussenrapport-2026].\n\n"
          "    In de eerste maanden deden 14 werkgevers mee.\n")
    assert run(project, "validate") == (0, [
        "approaches/geldig.yml:20:5: waarschuwing: aanpak.beschrijving: het cijfer '14' staat hier zonder "
        "bronverwijzing (zet de bron erachter, bijvoorbeeld [@tussenrapport-2026] of met een plaats "
        "[@tussenrapport-2026, p. 12]; zie CONTRIBUTING.md)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])
    _edit(path, "deden 14 werkgevers mee.", "deden 14 werkgevers mee [@tussenrapport-2026, p. 2].")
    assert run(project, "validate") == (0, ["1 aanpak gecontroleerd: 0 fouten, 0 waarschuwingen."])


def test_an_effect_claim_without_a_citation_is_a_warning_and_a_result_is_cited_by_its_bron_field(project):
    path = add(project, "geldig.yml")
    _edit(path, "  wat_levert_het_op: Een werknemer die weer aan het werk is.",
          "  wat_levert_het_op: Het kan helpen om weer aan het werk te gaan.")
    _edit(path, "  - omschrijving: Twaalf werknemers vonden een nieuwe baan.",
          "  - omschrijving: 12 werknemers vonden sneller een nieuwe baan.")
    assert run(project, "validate") == (0, [
        "approaches/geldig.yml:32:22: waarschuwing: voor_werkgevers.wat_levert_het_op: de uitspraak 'helpen' staat "
        "hier zonder bronverwijzing (zet de bron erachter, bijvoorbeeld [@tussenrapport-2026] of met een plaats "
        "[@tussenrapport-2026, p. 12]; zie CONTRIBUTING.md)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])


def test_an_amount_without_a_source_is_a_warning(project):
    path = add(project, "geldig.yml")
    _edit(path, "  samenvatting: De kosten zijn nog niet bekend.\n",
          "  samenvatting: De kosten zijn nog niet bekend.\n"
          "  kosten:\n    - post: Coach\n      bedrag: \"€ 1.500\"\n")
    assert run(project, "validate") == (0, [
        "approaches/geldig.yml:26:15: waarschuwing: kosten_baten.kosten[0].bedrag: het bedrag '€ 1.500' staat hier "
        "zonder bron (zet 'bron:' met de id van de bron eronder, bijvoorbeeld bron: tussenrapport-2026)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])


def test_a_plan_has_no_results_or_working_elements_yet(project):
    vocabulary = project / "vocabulaire.yml"
    if "\n  plan:\n" not in vocabulary.read_text(encoding="utf-8"):
        _edit(vocabulary, "statussen:\n", "statussen:\n  plan:\n    titel: Plan\n    beschrijving: Nog niet uitgevoerd.\n")
    path = add(project, "geldig.yml")
    _edit(path, "status: pilot", "status: plan")
    code, lines = run(project, "validate")
    assert code == 0
    assert lines == [
        "approaches/geldig.yml:19:3: waarschuwing: werkzame_elementen: een aanpak met status 'plan' is nog niet "
        "uitgevoerd en heeft dus nog geen werkzame elementen (beschrijf wat het plan van plan is onder "
        "'aanpak.onderdelen', of kies een andere status zodra de bronnen laten zien dat de aanpak is uitgevoerd)",
        "approaches/geldig.yml:25:3: waarschuwing: resultaten: een aanpak met status 'plan' is nog niet "
        "uitgevoerd en heeft dus nog geen resultaten (beschrijf wat het plan van plan is onder "
        "'aanpak.onderdelen', of kies een andere status zodra de bronnen laten zien dat de aanpak is uitgevoerd)",
        "1 aanpak gecontroleerd: 0 fouten, 2 waarschuwingen.",
    ]


# --- On the page ------------------------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.citations: list[dict[str, str]] = []
        self.sources: list[str] = []
        self._in_sup = False
        self._in_ol_of_sources = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "sup" and "gk-bronref" in (attrs.get("class") or ""):
            self._in_sup = True
        elif tag == "a" and self._in_sup:
            self.citations.append(attrs)
        elif tag == "li" and (attrs.get("id") or "").startswith("bron-"):
            self.sources.append(attrs["id"])

    def handle_endtag(self, tag):
        if tag == "sup":
            self._in_sup = False


def test_each_citation_on_the_page_is_a_numbered_link_to_its_entry_in_the_sources(project, tmp_path):
    path = add(project, "geldig.yml")
    text = path.read_text(encoding="utf-8")
    text = text.replace("bronnen:\n", "bronnen:\n  - id: nieuwsbrief-2025\n    titel: Nieuwsbrief <b>2</b>\n"
                                      "    organisatie: Netwerk\n    jaar: 2025\n")
    text = text.replace("  wanneer: In het tweede ziektejaar.",
                        "  wanneer: In het tweede ziektejaar [@tussenrapport-2026, p. 7; @nieuwsbrief-2025].")
    path.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    code, lines = run(project, "build", "--site", str(site))  # not strict: content/ links to the real approaches
    assert code == 0, "\n".join(lines)
    page = (site / "aanpakken" / "geldig" / "index.html").read_text(encoding="utf-8")
    parser = _Links()
    parser.feed(page)
    assert parser.sources == ["bron-nieuwsbrief-2025", "bron-tussenrapport-2026"]
    assert parser.citations == [
        {"href": "#bron-tussenrapport-2026", "aria-label": "bron 2: Tussenrapport Samen werkfit"},  # samenvatting
        {"href": "#bron-tussenrapport-2026", "aria-label": "bron 2, p. 7: Tussenrapport Samen werkfit"},
        {"href": "#bron-nieuwsbrief-2025", "aria-label": "bron 1: Nieuwsbrief <b>2</b>"},
    ]
    assert re.search(r'ziektejaar<sup class="gk-bronref" data-pagefind-ignore>\[<a [^>]*>2, p\. 7</a>; '
                     r'<a [^>]*>1</a>\]</sup>\.', page)
    # the sources are an ordered list, so the numbers a reader sees match the citations
    sources_section = page[page.index('id="bronnen"'):]
    assert sources_section.index("<ol>") < sources_section.index('id="bron-nieuwsbrief-2025"')
    assert "[@" not in page
    # the factsheet (the print view at the end of the same page) leaves the citations out
    factsheet = page[page.index('id="factsheet"'):].split("</section>", 1)[0]
    assert "[@" not in factsheet and "gk-bronref" not in factsheet and "tweede ziektejaar" in factsheet
    # the open data carries the citations, field by field
    data = json.loads((site / "data" / "aanpakken.json").read_text(encoding="utf-8"))
    [approach] = data["aanpakken"]
    assert approach["bronverwijzingen"] == [
        {"veld": "samenvatting", "bron": "tussenrapport-2026"},
        {"veld": "voor_werkgevers.wanneer", "bron": "tussenrapport-2026", "plaats": "p. 7"},
        {"veld": "voor_werkgevers.wanneer", "bron": "nieuwsbrief-2025"},
    ]
    csv = (site / "data" / "aanpakken.csv").read_text(encoding="utf-8")
    assert "[@" not in csv


def test_citations_are_never_linked_inside_code_or_attributes():
    sources = {"a": citations.Numbered(1, "Titel")}
    html = '<p title="[@a]">Tekst [@a]</p><code>[@a]</code><pre>[@a]</pre>'
    linked = citations.link(html, sources)
    assert linked.startswith('<p title="[@a]">Tekst<sup class="gk-bronref"')
    assert linked.endswith("<code>[@a]</code><pre>[@a]</pre>")


_PIECES = ["<p>", "</p>", "<li>", "<strong>", "</strong>", '<a href="#x">', "</a>", '<span title="[@a]">', "</span>",
           "Tekst", " ", "\n", "[@a]", "[@a, p. 4]", "[@b]", "[@a; @c]", "[@", "]", "&amp;", "<br/>", "<codex>"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_a_page_without_code_is_linked_as_a_page_with_code_around_it(html):
    """Pages with no element to skip are linked without the walk that tracks such elements: the result
    is the one the walk gives (a <code> element after the text makes it walk)."""
    sources = {"a": citations.Numbered(1, "Titel"), "c": citations.Numbered(2, "Ander")}
    assert citations.link(html, sources) + "<code>[@a]</code>" == citations.link(html + "<code>[@a]</code>", sources)


def test_a_citation_of_an_unknown_source_stays_text_on_the_page():
    assert citations.link("<p>Tekst [@b]</p>", {"a": citations.Numbered(1, "T")}) == "<p>Tekst [@b]</p>"


def test_no_page_of_the_real_site_shows_a_citation_as_typed(built_site):
    raw = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html")
           if "[@" in p.read_text(encoding="utf-8").split("<body", 1)[-1] and "beheer" not in p.parts]
    assert raw == []
