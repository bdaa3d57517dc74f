"""The promises the content makes to its readers, checked on the real approach files and vocabulary.

These tests do not build the site. They load the project the way the generator does and check what
the validator cannot know: that evidence levels stay honest, that employers get plain language and
a next step, that costs nobody knows are not given a price, that the glossary and the phases of the
Wet verbetering poortwachter say what the law says, and that no sentence was copied from the
source documents.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.paths import Project
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
COPYCHECK = ROOT.parent / "shared" / "tools" / "copycheck.py"

PROJECT = load_project(Project(ROOT))
VOCAB = PROJECT.vocabulaire
SOURCES = PROJECT.sources

# Approaches that are still being tried out or studied cannot claim more than this level.
UNFINISHED_STATUSES = {"plan", "pilot", "in-onderzoek"}
EMPLOYER_FIELDS = ["wat_is_het", "wat_vraagt_het", "wat_kost_het", "wat_levert_het_op", "wanneer"]
MAX_WORDS_PER_SENTENCE = 20  # plain language (B1): short sentences


def by_approach(test):
    return pytest.mark.parametrize("source", SOURCES, ids=[s.slug for s in SOURCES])(test)


def words(text: str) -> list[str]:
    return re.findall(r"\w[\w'-]*", text)


def sentences(markdown: str) -> list[str]:
    plain = re.sub(r"[*_`#>]", " ", markdown)
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", plain) if s.strip()]


def test_the_project_loads_without_errors_so_the_other_checks_see_every_approach():
    assert PROJECT.ok, PROJECT.diagnostics.errors
    assert SOURCES, "geen aanpakken gevonden"


@by_approach
def test_every_approach_lists_its_publications_with_organisation_and_year(source):
    aanpak = source.aanpak
    assert aanpak.bronnen, f"{source.file}: geen bronnen"
    for bron in aanpak.bronnen:
        assert bron.organisatie.strip(), f"{source.file}: bron '{bron.id}' zonder organisatie"
        assert 1990 <= bron.jaar <= aanpak.bijgewerkt.year + 1, f"{source.file}: bron '{bron.id}' jaar {bron.jaar}"


@by_approach
def test_no_approach_claims_more_than_well_described_without_effect_research(source):
    aanpak = source.aanpak
    level = VOCAB.bewijsniveaus[aanpak.bewijsniveau].niveau
    if level <= VOCAB.bewijsniveaus["goed-beschreven"].niveau:
        return
    effect_sources = [b.id for b in aanpak.bronnen if "effect" in f"{b.soort or ''} {b.titel}".casefold()]
    assert effect_sources, (f"{source.file}: bewijsniveau '{aanpak.bewijsniveau}' zonder een bron met "
                            "effectonderzoek (soort of titel met 'effect')")


@by_approach
def test_approaches_still_in_pilot_or_under_study_are_in_development(source):
    aanpak = source.aanpak
    if aanpak.status in UNFINISHED_STATUSES:
        assert aanpak.bewijsniveau == "in-ontwikkeling", (
            f"{source.file}: status '{aanpak.status}' maar bewijsniveau '{aanpak.bewijsniveau}'")


@by_approach
def test_figures_from_unfinished_studies_are_marked_as_interim(source):
    aanpak = source.aanpak
    if aanpak.status not in UNFINISHED_STATUSES:
        return
    for i, resultaat in enumerate(aanpak.resultaten):
        if resultaat.waarde and re.search(r"\d", resultaat.waarde):
            assert resultaat.voorlopig, f"{source.file}: resultaten[{i}] ({resultaat.waarde}) niet als voorlopig gemarkeerd"


@by_approach
def test_every_cost_item_and_benefit_names_the_source_it_comes_from(source):
    kb = source.aanpak.kosten_baten
    ids = {b.id for b in source.aanpak.bronnen}
    for i, post in enumerate(kb.kosten):
        assert post.bron in ids, f"{source.file}: kosten_baten.kosten[{i}] ({post.post}) zonder bron"
    for i, baat in enumerate(kb.baten):
        assert baat.bron in ids, f"{source.file}: kosten_baten.baten[{i}] zonder bron"


@by_approach
def test_costs_nobody_knows_are_not_given_an_amount(source):
    kb = source.aanpak.kosten_baten
    if kb.kosten_bekend:
        return
    for i, post in enumerate(kb.kosten):
        assert not (post.bedrag and re.search(r"\d", post.bedrag)), (
            f"{source.file}: kosten_bekend is false, maar kosten[{i}] noemt een bedrag ({post.bedrag})")


@by_approach
def test_every_approach_tells_employers_what_it_is_asks_costs_yields_and_when(source):
    vw = source.aanpak.voor_werkgevers
    for field in EMPLOYER_FIELDS:
        text = getattr(vw, field)
        assert len(words(text)) >= 12, f"{source.file}: voor_werkgevers.{field} is te kort"


@by_approach
def test_the_employer_section_is_written_in_short_sentences(source):
    vw = source.aanpak.voor_werkgevers
    for field in EMPLOYER_FIELDS:
        for sentence in sentences(getattr(vw, field)):
            assert len(words(sentence)) <= MAX_WORDS_PER_SENTENCE, (
                f"{source.file}: voor_werkgevers.{field}: zin van {len(words(sentence))} woorden: {sentence}")


@by_approach
def test_the_employer_section_ends_with_a_next_step(source):
    assert "Aan de slag?" in source.aanpak.voor_werkgevers.wat_vraagt_het, (
        f"{source.file}: voor_werkgevers.wat_vraagt_het zegt niet wat de werkgever nu kan doen ('**Aan de slag?**')")


@by_approach
def test_a_contact_always_gives_an_email_address_or_a_website(source):
    contact = source.aanpak.contact
    if contact is not None:
        assert contact.email or contact.website, f"{source.file}: contact zonder e-mailadres of website"


def test_the_six_priority_themes_of_the_programme_are_described():
    themes = ["goede-dialoog", "creativiteit", "samenwerken-in-netwerken", "rouwverwerking", "eigen-regie",
              "verlaging-van-drempels"]
    for key in themes:
        assert key in VOCAB.themas, f"thema '{key}' ontbreekt in vocabulaire.yml"
        assert len(words(VOCAB.themas[key].beschrijving)) >= 25, f"thema '{key}' heeft te weinig uitleg"


def test_the_glossary_explains_at_least_25_terms_including_the_core_words():
    terms = {b.term.casefold() for b in VOCAB.begrippen.values()}
    required = ["RIV", "WIA", "WGA", "loonsanctie", "no-riskpolis", "poortwachter", "eerste spoor", "tweede spoor",
                "belastbaarheid", "driegesprek", "ervaringsdeskundige", "eigen regie", "werkzaam element",
                "contextfactor", "CIMO"]
    missing = [term for term in required if term.casefold() not in terms]
    assert not missing, f"ontbreekt in de begrippenlijst: {missing}"
    assert len(VOCAB.begrippen) >= 25
    for key, begrip in VOCAB.begrippen.items():
        assert len(words(begrip.beschrijving)) >= 8, f"begrip '{key}' heeft te weinig uitleg"


def test_the_phases_follow_the_deadlines_of_the_wet_verbetering_poortwachter():
    keys = ["probleemanalyse", "plan-van-aanpak", "eerste-jaar", "melding-uwv", "eerstejaarsevaluatie",
            "tweede-jaar", "wia-aanvraag", "na-twee-jaar"]
    fasen = VOCAB.fasen
    assert list(fasen) == keys
    starts = [fasen[k].week_van for k in keys]
    assert starts == sorted(starts), "de fasen staan niet in de volgorde van de weken"
    assert fasen["probleemanalyse"].week_tot == 6  # probleemanalyse uiterlijk in week 6
    assert fasen["plan-van-aanpak"].week_tot == 8  # plan van aanpak uiterlijk in week 8
    assert fasen["melding-uwv"].week_van <= 42 <= fasen["melding-uwv"].week_tot  # ziekmelding bij UWV in week 42
    assert fasen["eerstejaarsevaluatie"].week_tot == 52  # eerstejaarsevaluatie rond week 52
    assert fasen["wia-aanvraag"].week_van <= 91 and fasen["wia-aanvraag"].week_tot == 93  # WIA-aanvraag week 91-93
    assert fasen["na-twee-jaar"].week_van == 104  # einde loondoorbetaling na 104 weken


@pytest.mark.skipif(not COPYCHECK.exists(), reason="../shared/tools/copycheck.py staat niet naast de repository")
def test_no_sentence_is_copied_from_the_source_documents():
    result = subprocess.run([sys.executable, str(COPYCHECK), str(ROOT)], capture_output=True, text=True,
                            timeout=300, check=False)
    assert result.returncode == 0, "overgenomen zinnen gevonden:\n" + result.stdout + result.stderr


# --- Every claim traceable --------------------------------------------------------------------------

def _claim_paragraphs(source):
    """(location, paragraph, cited?) for every paragraph or list item that holds a figure."""
    from generator import citations

    found = []
    for location, text in citations.texts(source.aanpak.model_dump(mode="json"), ()):
        if not location or location[-1] not in citations.CLAIM_FIELDS:
            continue
        if citations.cited_by_field(source.aanpak, location):
            continue
        for _, paragraph in citations.paragraphs(text):
            if citations.figures(paragraph):
                found.append((location, paragraph, bool(citations.find(paragraph))))
    return found


@by_approach
def test_every_figure_in_an_approach_is_cited_where_it_stands(source):
    uncited = [f"{'.'.join(map(str, loc))}: {text.strip()[:80]}" for loc, text, cited in _claim_paragraphs(source)
               if not cited]
    assert not uncited, f"{source.file}: cijfers zonder bronverwijzing:\n" + "\n".join(uncited)


@by_approach
def test_every_approach_cites_its_sources_at_least_ten_times(source):
    from generator import citations

    count = len(citations.references(source.aanpak.model_dump(mode="json")))
    assert count >= 10, f"{source.file}: {count} bronverwijzingen, minstens 10 verwacht"


def test_the_real_approaches_raise_no_citation_warnings():
    citation_warnings = [d.format() for d in PROJECT.diagnostics.warnings if "bronverwijzing" in d.message
                         or "zonder bron" in d.message]
    assert not citation_warnings, "\n".join(citation_warnings)
