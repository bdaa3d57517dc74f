"""Error messages that teach: the exact Dutch text an editor reads for each kind of mistake.

Each test puts one or more fixture files (tests/fixtures/) in a copy of the project as its only
approaches, runs the real command line and compares the output line by line. "Today" is fixed at
2026-06-01 through SOURCE_DATE_EPOCH, so the date warning does not depend on when the tests run.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project

from generator.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project without its approaches; tests add the fixtures they need."""
    root = copy_project(tmp_path / "project")
    for path in (root / "approaches").glob("*.yml"):
        if not path.name.startswith("_"):
            path.unlink()
    return root


def add(project: Path, fixture: str, name: str | None = None) -> Path:
    source = FIXTURES / fixture
    target = project / "approaches" / (name or source.name)
    shutil.copyfile(source, target)
    return target


def run(project: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--project", str(project), *args],
                                env={"SOURCE_DATE_EPOCH": str(int(TODAY.timestamp()))})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result.exit_code, result.output.splitlines()


def test_the_valid_fixture_has_no_errors_and_no_warnings(project):
    add(project, "geldig.yml")
    assert run(project, "validate") == (0, ["1 aanpak gecontroleerd: 0 fouten, 0 waarschuwingen."])


def test_a_missing_required_field_names_the_field_and_how_to_add_it(project):
    add(project, "kapot/zonder-titel.yml")
    assert run(project, "validate") == (1, [
        "approaches/zonder-titel.yml:2:1: titel: ontbreekt; dit veld is verplicht "
        "(voeg 'titel:' toe; zie approaches/_sjabloon.yml voor een voorbeeld)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_single_text_where_a_list_belongs_says_how_to_write_a_list(project):
    add(project, "kapot/thema-geen-lijst.yml")
    assert run(project, "validate") == (1, [
        "approaches/thema-geen-lijst.yml:7:9: themas: moet een lijst zijn "
        "(begin elk onderdeel op een nieuwe regel met '- ')",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_year_in_words_says_a_whole_number_is_expected(project):
    add(project, "kapot/jaar-geen-getal.yml")
    assert run(project, "validate") == (1, [
        "approaches/jaar-geen-getal.yml:38:11: bronnen[0].jaar: moet een heel getal zijn (bijvoorbeeld 2026)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_misspelt_key_gets_a_suggestion_and_no_second_error_for_the_field_it_was_meant_to_be(project):
    add(project, "kapot/onbekend-veld.yml")
    assert run(project, "validate") == (1, [
        "approaches/onbekend-veld.yml:3:1: samenvating: onbekend veld (bedoelde u 'samenvatting'?)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_an_unknown_key_that_resembles_nothing_lists_the_allowed_keys(project):
    path = add(project, "geldig.yml")
    text = path.read_text(encoding="utf-8").replace("    rol: uitvoering\n", "    rol: uitvoering\n    xyz: 1\n")
    path.write_text(text, encoding="utf-8")
    assert run(project, "validate") == (1, [
        "approaches/geldig.yml:14:5: organisaties[0].xyz: onbekend veld (toegestaan: naam, rol, website)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_misspelt_vocabulary_term_is_pointed_at_in_its_list_with_a_suggestion(project):
    add(project, "kapot/verkeerde-term.yml")
    assert run(project, "validate") == (1, [
        "approaches/verkeerde-term.yml:9:5: themas[1]: 'eigen-regi' is geen bekend thema (bedoelde u 'eigen-regie'?)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_a_yaml_syntax_error_names_the_line_where_the_colon_is_missing(project):
    add(project, "syntaxfout.yml")
    assert run(project, "validate") == (1, [
        "approaches/syntaxfout.yml:9:1: YAML-fout: na de sleutel ontbreekt een dubbele punt, of de inspringing "
        "klopt niet (schrijf 'sleutel: waarde' en controleer de spaties aan het begin van de regel)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ])


def test_errors_in_two_files_are_reported_together_in_one_run(project):
    add(project, "geldig.yml")
    add(project, "kapot/zonder-titel.yml")
    add(project, "kapot/verkeerde-term.yml")
    assert run(project, "validate") == (1, [
        "approaches/verkeerde-term.yml:9:5: themas[1]: 'eigen-regi' is geen bekend thema (bedoelde u 'eigen-regie'?)",
        "approaches/zonder-titel.yml:2:1: titel: ontbreekt; dit veld is verplicht "
        "(voeg 'titel:' toe; zie approaches/_sjabloon.yml voor een voorbeeld)",
        "3 aanpakken gecontroleerd: 2 fouten, 0 waarschuwingen.",
    ])


def test_build_stops_with_the_same_messages_and_leaves_no_site(project, tmp_path):
    add(project, "kapot/zonder-titel.yml")
    add(project, "kapot/verkeerde-term.yml")
    site = tmp_path / "site"
    code, lines = run(project, "build", "--strict", "--site", str(site), "--stil")
    assert code == 1
    assert lines[:3] == [
        "approaches/verkeerde-term.yml:9:5: themas[1]: 'eigen-regi' is geen bekend thema (bedoelde u 'eigen-regie'?)",
        "approaches/zonder-titel.yml:2:1: titel: ontbreekt; dit veld is verplicht "
        "(voeg 'titel:' toe; zie approaches/_sjabloon.yml voor een voorbeeld)",
        "2 fouten, 0 waarschuwingen.",
    ]
    assert not site.exists()


def test_errors_become_github_annotations_on_the_lines_they_name(project):
    add(project, "kapot/zonder-titel.yml")
    add(project, "kapot/onbekend-veld.yml")
    code, lines = run(project, "validate", "--github")
    assert code == 1
    annotations = [line for line in lines if line.startswith("::")]
    assert annotations == [
        "::error file=approaches/onbekend-veld.yml,line=3,col=1::samenvating: onbekend veld "
        "(bedoelde u 'samenvatting'?)",
        "::error file=approaches/zonder-titel.yml,line=2,col=1::titel (Titel): ontbreekt; dit veld is verplicht "
        "(voeg 'titel:' toe; zie approaches/_sjabloon.yml voor een voorbeeld)",
    ]


def test_a_value_still_holding_the_template_text_says_whether_it_may_be_removed(project):
    path = add(project, "geldig.yml")
    text = path.read_text(encoding="utf-8")
    text = text.replace("    rol: uitvoering\n", '    rol: "Vul in: rol van de organisatie"\n')
    text = text.replace("    jaar: 2026\n", '    jaar: "Vul in: jaar"\n')
    text = text.replace("  doel: Een zieke werknemer vindt passend werk bij een andere werkgever.\n",
                        '  doel: "Vul in: wat de aanpak wil bereiken"\n')
    path.write_text(text, encoding="utf-8")
    assert run(project, "validate") == (1, [
        "approaches/geldig.yml:13:10: organisaties[0].rol: is nog niet ingevuld "
        "(vervang 'Vul in: ...' door uw eigen tekst, of haal de regel weg: dit veld is optioneel)",
        "approaches/geldig.yml:15:9: aanpak.doel: is nog niet ingevuld "
        "(vervang 'Vul in: ...' door uw eigen tekst; dit veld is verplicht)",
        "approaches/geldig.yml:38:11: bronnen[0].jaar: is nog niet ingevuld "
        "(vervang 'Vul in: ...' door uw eigen tekst, of haal 'bronnen' helemaal weg: dat is optioneel)",
        "1 aanpak gecontroleerd: 3 fouten, 0 waarschuwingen.",
    ])


# --- warnings: the check passes, a reviewer would still want to know --------------------------------


def test_an_approach_without_sources_gets_a_warning(project):
    add(project, "waarschuwing/zonder-bronnen.yml")
    assert run(project, "validate") == (0, [
        "approaches/zonder-bronnen.yml:2:1: waarschuwing: bronnen: deze aanpak noemt geen bronnen "
        "(zet onder 'bronnen:' de publicaties waarop de beschrijving steunt; zie CONTRIBUTING.md)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])


def test_a_working_element_without_explanation_gets_a_warning(project):
    add(project, "waarschuwing/zonder-toelichting.yml")
    assert run(project, "validate") == (0, [
        "approaches/zonder-toelichting.yml:19:5: waarschuwing: werkzame_elementen[0]: het werkzame element "
        "'Driegesprek' heeft geen toelichting (voeg 'toelichting:' toe en leg in een zin of twee uit wat het "
        "inhoudt en waarom het werkt)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])


def test_a_description_updated_more_than_two_years_ago_gets_a_warning(project):
    add(project, "waarschuwing/verouderd.yml")
    assert run(project, "validate") == (0, [
        "approaches/verouderd.yml:39:13: waarschuwing: bijgewerkt: de beschrijving is op 2024-05-31 bijgewerkt, "
        "meer dan twee jaar geleden (kijk of de inhoud nog klopt en zet de datum daarna op vandaag)",
        "1 aanpak gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])


def test_a_description_updated_exactly_two_years_ago_gets_no_warning(project):
    path = add(project, "waarschuwing/verouderd.yml")
    path.write_text(path.read_text(encoding="utf-8").replace("2024-05-31", "2024-06-01"), encoding="utf-8")
    assert run(project, "validate") == (0, ["1 aanpak gecontroleerd: 0 fouten, 0 waarschuwingen."])


def test_a_near_duplicate_working_element_name_gets_one_warning_naming_both_places(project):
    add(project, "geldig.yml")
    add(project, "waarschuwing/bijna-dubbel.yml")
    assert run(project, "validate") == (0, [
        "approaches/bijna-dubbel.yml:19:11: waarschuwing: werkzame_elementen[0].naam: 'Drie-gesprekken' lijkt op "
        "'Driegesprek' in approaches/geldig.yml:19 (gebruik precies dezelfde naam als het hetzelfde "
        "is, dan worden ze gekoppeld)",
        "2 aanpakken gecontroleerd: 0 fouten, 1 waarschuwing.",
    ])
