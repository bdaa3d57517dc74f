"""Structured figures (`resultaten[].cijfers`): what the model accepts, and the exact Dutch message an
editor reads for each mistake, on the line and column where it is.

Each test writes the valid fixture with a `cijfers:` block under its one result into a copy of the
project and runs the real command line.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from test_errors import FIXTURES, TODAY, project  # noqa: F401  (the project fixture: no approaches yet)

from generator.cli import main
from generator.model import Cijfer

SUMMARY_OK = "1 aanpak gecontroleerd: 0 fouten, 0 waarschuwingen."


def validate_with(project: Path, cijfers: str) -> list[str]:
    """Put `cijfers` (YAML, indented as under a result) after the fixture's result and validate."""
    text = (FIXTURES / "geldig.yml").read_text(encoding="utf-8")
    anchor = "    bron: tussenrapport-2026\n"
    assert text.count(anchor) == 1
    (project / "approaches" / "cijfer.yml").write_text(text.replace(anchor, anchor + cijfers), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project), "validate"],
                                env={"SOURCE_DATE_EPOCH": str(int(TODAY.timestamp()))})
    assert "Traceback" not in result.output
    return result.output.splitlines()


GOOD = """    cijfers:
      - wat: Nieuw werk gevonden
        groep: Deelnemers
        waarde: "{waarde}"
        eenheid: "%"
        benadering: ongeveer
        basis: deelnemers
        basis_n: "{n}"
        meting: tussentijds
"""


def test_a_complete_figure_is_accepted(project):
    assert validate_with(project, GOOD.format(waarde="66,7", n="12")) == [SUMMARY_OK]


@pytest.mark.parametrize("written, value", [("66,7", 66.7), ("66.7", 66.7), ("42", 42.0), (" 5 ", 5.0)])
def test_a_value_may_be_written_with_a_decimal_comma_or_point(written, value):
    cijfer = Cijfer.model_validate({"wat": "x", "groep": "y", "waarde": written, "eenheid": "%",
                                    "meting": "eind", "basis_n": "3"})
    assert cijfer.waarde == value and cijfer.basis_n == 3
    assert cijfer.benadering == "precies" and cijfer.bron is None


def test_a_value_in_words_says_to_write_only_the_number(project):
    assert validate_with(project, GOOD.format(waarde="twee derde", n="12")) == [
        "approaches/cijfer.yml:31:17: resultaten[0].cijfers[0].waarde: 'twee derde' is geen getal; schrijf alleen "
        "het getal, zoals 42 of 66,7, zonder %-teken of woorden (die horen in 'eenheid' en 'benadering')",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]


def test_a_value_with_a_percent_sign_is_refused(project):
    assert validate_with(project, GOOD.format(waarde="67%", n="12"))[0].startswith(
        "approaches/cijfer.yml:31:17: resultaten[0].cijfers[0].waarde: '67%' is geen getal;")


def test_a_base_of_zero_says_it_must_be_positive(project):
    assert validate_with(project, GOOD.format(waarde="50", n="0")) == [
        "approaches/cijfer.yml:35:18: resultaten[0].cijfers[0].basis_n: moet groter dan 0 zijn: het aantal waarop "
        "het cijfer berekend is",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]


def test_an_approximate_base_says_to_leave_the_number_out_and_describe_it(project):
    assert validate_with(project, GOOD.format(waarde="50", n="ruim 50")) == [
        "approaches/cijfer.yml:35:18: resultaten[0].cijfers[0].basis_n: 'ruim 50' is geen heel getal; schrijf het "
        "aantal personen of trajecten, zoals 55 (is het aantal niet precies bekend, laat basis_n dan weg en "
        "beschrijf de groep in 'basis')",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]


def test_a_percentage_over_a_hundred_is_refused(project):
    assert validate_with(project, GOOD.format(waarde="120", n="12")) == [
        "approaches/cijfer.yml:29:9: resultaten[0].cijfers[0]: een percentage ligt tussen 0 en 100, niet 120",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]


def test_a_figure_must_say_whether_it_is_interim_or_final(project):
    cijfers = GOOD.format(waarde="50", n="12").replace("meting: tussentijds", "meting: voorlopig")
    assert validate_with(project, cijfers) == [
        "approaches/cijfer.yml:36:17: resultaten[0].cijfers[0].meting: 'voorlopig' is geen toegestane waarde "
        "(kies uit: tussentijds, eind)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]
    cijfers = GOOD.format(waarde="50", n="12").replace("        meting: tussentijds\n", "")
    assert validate_with(project, cijfers) == [
        "approaches/cijfer.yml:29:9: resultaten[0].cijfers[0].meting: ontbreekt; dit veld is verplicht (voeg "
        "'meting:' toe onder 'resultaten[0].cijfers[0]'; zie approaches/_sjabloon.yml voor een voorbeeld)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]


def test_the_source_of_a_figure_must_be_in_bronnen(project):
    cijfers = GOOD.format(waarde="50", n="12") + "        bron: tussenraport-2026\n"
    assert validate_with(project, cijfers) == [
        "approaches/cijfer.yml:37:15: resultaten[0].cijfers[0].bron: er is geen bron met id 'tussenraport-2026' "
        "(bedoelde u 'tussenrapport-2026'?)",
        "1 aanpak gecontroleerd: 1 fout, 0 waarschuwingen.",
    ]
    cijfers = GOOD.format(waarde="50", n="12") + "        bron: tussenrapport-2026\n"
    assert validate_with(project, cijfers) == [SUMMARY_OK]
