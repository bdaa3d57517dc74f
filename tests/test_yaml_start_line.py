"""A YAML syntax error stands where the broken construct began and names where reading stopped."""

from __future__ import annotations

import pytest

from generator.yamlsource import loads

HEAD = "titel: Voorbeeld\nsamenvatting: Een korte tekst.\nstatus: pilot\n"
TAIL = "doelgroepen:\n  - werknemers\nfasen:\n  - tweede-jaar\n"


@pytest.mark.parametrize(("line4", "column", "stopped", "message"), [
    ("themas: [eigen-regie, goede-dialoog\n", 9, 5, "in een lijst tussen [ ] ontbreekt een komma of het sluithaakje ]"),
    ("contact: {organisatie: ZINZIZ, naam: Jan\n", 10, 5,
     "in een groep tussen { } ontbreekt een komma of het sluithaakje }"),
    ('bewijsniveau: "in-ontwikkeling\n', 15, 9, "het bestand houdt op midden in een waarde"),
    ("bewijsniveau: 'in-ontwikkeling\n", 15, 9, "het bestand houdt op midden in een waarde"),
])
def test_an_unclosed_bracket_or_quote_on_line_4_is_reported_on_line_4(line4, column, stopped, message):
    _, problems = loads(HEAD + line4 + TAIL, "approaches/x.yml")
    (problem,) = problems
    assert (problem.line, problem.column) == (4, column)
    assert problem.message == f"YAML-fout: {message}"
    assert f"dit begint op regel 4; het bestand loopt vast op regel {stopped}" in problem.hint
    assert problem.format().startswith("approaches/x.yml:4:")


def test_an_error_found_where_it_is_made_names_no_second_line():
    _, problems = loads(HEAD + "themas: [eigen-regie]]\n" + TAIL, "approaches/x.yml")
    (problem,) = problems
    assert problem.line == 4 and "loopt vast" not in problem.hint
