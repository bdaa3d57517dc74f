"""YAML hazards: each one is refused with a positioned Dutch message, or handled so the editor's intent
survives. Never an exception, never a surprise value, never unbounded time or memory."""

from __future__ import annotations

import re
import shutil
import tracemalloc
from pathlib import Path

import pytest

from generator import yamlsource
from generator.diagnostics import Diagnostic
from generator.paths import Project
from generator.validate import load_project
from generator.yamlsource import MAX_BYTES, load, loads

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "approaches" / "rouw-bij-baanverlies.yml"

# Words that give away an untranslated PyYAML or pydantic message.
ENGLISH = re.compile(r"\b(found|expected|while|could not|cannot|not allowed|input should|field required|"
                     r"unacceptable|character|scanning|parsing|mapping|sequence|value|error)\b", re.I)
DUTCH = re.compile(r"\b(de|het|een|is|niet|geen|moet|mag|staat|bevat|hier|ontbreekt|zijn|te|van|in|met)\b",
                   re.I)


def assert_dutch(diagnostic: Diagnostic) -> None:
    """The message and hint are Dutch: no PyYAML/pydantic English, some Dutch (quoted input aside)."""
    for text in (diagnostic.message, diagnostic.hint):
        if not text:
            continue
        unquoted = re.sub(r"'[^']*'", "''", text)
        assert not ENGLISH.search(unquoted), f"English in: {text!r}"
    assert DUTCH.search(re.sub(r"'[^']*'", "''", diagnostic.message)), f"not Dutch: {diagnostic.message!r}"


def only(problems: list[Diagnostic]) -> Diagnostic:
    assert len(problems) == 1, [p.format() for p in problems]
    assert_dutch(problems[0])
    return problems[0]


def position_of(text: str, needle: str) -> tuple[int, int]:
    """Line and column (1-based) of the first occurrence of `needle`, counted the way editors count."""
    index = text.index(needle)
    before = text[:index]
    line_start = max(before.rfind("\n"), before.rfind("\r")) + 1
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1, index - line_start + 1


# ------------------------------------------------------------------------------------------------
# Aliases, tags, duplicate keys
# ------------------------------------------------------------------------------------------------

BILLION_LAUGHS = """\
titel: lol
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_an_alias_bomb_is_refused_at_its_first_anchor_within_a_few_megabytes():
    tracemalloc.start()
    try:
        loaded, problems = loads(BILLION_LAUGHS, "approaches/bom.yml")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == position_of(BILLION_LAUGHS, "&a")
    assert "ankers en verwijzingen" in problem.message
    assert peak < 3 * 1024 * 1024, f"peak memory {peak} bytes"


def test_an_anchor_and_alias_in_a_real_approach_file_stop_validation_with_one_error(tmp_path):
    text = REAL.read_text(encoding="utf-8").replace("status: beschikbaar", "status: &s beschikbaar", 1)
    text = text.replace("bewijsniveau: in-ontwikkeling", "bewijsniveau: *s", 1)
    path = tmp_path / "rouw.yml"
    path.write_text(text, encoding="utf-8")
    loaded, problems = load(path, "approaches/rouw.yml")
    assert loaded is None
    assert (only(problems).line, problems[0].column) == position_of(text, "&s")


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system",
    "!!python/object/new:os.system",
    "!!python/name:os.system",
    "!!python/object:pathlib.Path",
    "!!binary",
    "!!set",
    "!ding",
])
def test_a_custom_tag_is_refused_and_nothing_is_run(tag, tmp_path):
    marker = tmp_path / "uitgevoerd"
    text = f"titel: Voorbeeld\nsamenvatting: {tag} [\"touch {marker}\"]\n"
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == position_of(text, tag)
    assert "label" in problem.message and "niet toegestaan" in problem.message
    assert not marker.exists()


def test_a_duplicate_key_is_an_error_naming_both_lines():
    text = "titel: Eerste\nstatus: pilot\ntitel: Tweede\n"
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.file, problem.line, problem.column, problem.path) == ("approaches/x.yml", 3, 1, "titel")
    assert "twee keer" in problem.message and "regel 1" in problem.message


def test_a_duplicate_key_deep_in_a_list_is_reported_with_its_path_and_both_lines():
    text = ("bronnen:\n"
            "  - id: a\n"
            "    titel: Een\n"
            "  - id: b\n"
            "    titel: Twee\n"
            "    jaar: 2024\n"
            "    titel: Drie\n")
    _, problems = loads(text, "approaches/x.yml")
    problem = only(problems)
    assert (problem.line, problem.column, problem.path) == (7, 5, "bronnen[1].titel")
    assert "regel 5" in problem.message


def test_every_duplicate_key_in_a_file_is_reported_in_one_run():
    text = "titel: a\ntitel: b\naanpak:\n  doel: x\n  doel: y\n"
    _, problems = loads(text, "approaches/x.yml")
    assert [(p.line, p.path) for p in problems] == [(2, "titel"), (5, "aanpak.doel")]
    for problem in problems:
        assert_dutch(problem)


def test_a_merge_key_is_refused():
    text = "contact:\n  organisatie: A\nkopie:\n  <<: {organisatie: B}\n"
    _, problems = loads(text, "approaches/x.yml")
    problem = only(problems)
    assert problem.line == 4 and "'<<'" in problem.message


# ------------------------------------------------------------------------------------------------
# Tabs, byte-order marks, line ends, encodings, control characters
# ------------------------------------------------------------------------------------------------


def test_a_tab_used_for_indentation_is_an_error_at_the_tab():
    text = "titel: Voorbeeld\naanpak:\n\tdoel: iets\n"
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == (3, 1)
    assert "tab" in problem.message and "spaties" in problem.hint


def test_a_tab_inside_an_unquoted_text_is_an_error_that_says_how_to_keep_it():
    loaded, problems = loads("titel: een\ttab\n", "x.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == (1, 11)
    assert "midden in een waarde" in problem.message and "aanhalingstekens" in problem.hint


def test_a_tab_inside_a_quoted_text_is_kept():
    loaded, problems = loads('titel: "een\ttab"\n', "x.yml")
    assert problems == [] and loaded.data == {"titel": "een\ttab"}


def test_a_file_with_a_byte_order_mark_loads_with_the_same_data_and_positions(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    plain, with_bom = tmp_path / "zonder.yml", tmp_path / "met.yml"
    plain.write_bytes(text.encode("utf-8"))
    with_bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    a, problems_a = load(plain, "zonder.yml")
    b, problems_b = load(with_bom, "met.yml")
    assert problems_a == problems_b == []
    assert a.data == b.data
    assert a.positions == b.positions
    assert b.positions.keys[("titel",)] == position_of(text, "titel:")


def test_windows_line_ends_give_the_same_data_and_positions(tmp_path):
    text = REAL.read_text(encoding="utf-8")
    unix, windows = tmp_path / "unix.yml", tmp_path / "windows.yml"
    unix.write_bytes(text.encode("utf-8"))
    windows.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    a, _ = load(unix, "unix.yml")
    b, _ = load(windows, "windows.yml")
    assert a.data == b.data
    assert a.positions == b.positions


def test_an_error_in_a_file_with_windows_line_ends_points_at_the_right_line_and_column():
    text = "titel: Voorbeeld\r\nstatus: pilot\r\nsamenvatting: een: twee\r\n"
    _, problems = loads(text, "approaches/x.yml")
    problem = only(problems)
    assert (problem.line, problem.column) == (3, 18)


def test_unicode_line_separators_are_read_as_spaces_and_do_not_shift_lines():
    text = "titel: Een\u2028twee\nstatus: drie\x85vier\nthemas: [a, b\n"
    loaded, problems = loads(text.replace("[a, b", "[a, b]"), "x.yml")
    assert problems == []
    assert loaded.data["titel"] == "Een twee"
    assert loaded.positions.keys[("status",)] == (2, 1)
    _, problems = loads(text, "x.yml")
    problem = only(problems)  # the unclosed '[' on editor line 3, found at the end, on editor line 4
    assert problem.line == 3 and "loopt vast op regel 4" in problem.hint


def test_bytes_that_are_not_utf8_are_an_error_with_their_line_and_column(tmp_path):
    path = tmp_path / "latin1.yml"
    path.write_bytes("titel: Voorbeeld\nsamenvatting: café en thé\n".encode("latin-1"))
    loaded, problems = load(path, "approaches/latin1.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == (2, 18)
    assert "UTF-8" in problem.message and "0xE9" in problem.message


def test_a_utf16_file_is_an_error_not_garbage(tmp_path):
    path = tmp_path / "utf16.yml"
    path.write_bytes("titel: Voorbeeld\n".encode("utf-16"))
    loaded, problems = load(path, "approaches/utf16.yml")
    assert loaded is None
    assert "UTF-8" in only(problems).message


@pytest.mark.parametrize("text, needle", [
    ("titel: een\x07bel\n", "\x07"),
    ("titel: nul\x00teken\n", "\x00"),
    ("titel: Een\nstatus: del\x7fteken\n", "\x7f"),
])
def test_a_control_character_in_the_file_is_an_error_at_its_position(text, needle):
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == position_of(text, needle)
    assert f"U+{ord(needle):04X}" in problem.message


@pytest.mark.parametrize("escape", ["\\x00", "\\e", "\\x1b", "\\ud800", "\\x9b"])
def test_a_control_character_written_as_an_escape_is_an_error_at_its_value(escape):
    text = f'titel: Voorbeeld\nsamenvatting: "tekst {escape} tekst"\n'
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None
    assert (only(problems).line, problems[0].column) == (2, 15)


def test_a_lone_surrogate_never_reaches_the_model_where_it_could_not_be_written_as_utf8():
    _, problems = loads('titel: "\\udc80"\n', "x.yml")
    assert "U+DC80" in only(problems).message


# ------------------------------------------------------------------------------------------------
# Values YAML 1.1 would coerce
# ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("written, kept", [
    ("no", "no"), ("yes", "yes"), ("off", "off"), ("On", "On"), ("2024-01", "2024-01"),
    ("2024-01-05", "2024-01-05"), ("12:30", "12:30"), ("1e3", "1e3"), ("0x1F", "0x1F"), ("010", "010"),
    (".inf", ".inf"), ("'~'", "~"), ('"null"', "null"), ("2026", "2026"),
])
def test_every_scalar_is_read_as_the_text_the_editor_typed(written, kept):
    loaded, problems = loads(f"titel: {written}\n", "x.yml")
    assert problems == []
    assert loaded.data["titel"] == kept


@pytest.mark.parametrize("written", ["", "~", "null", "NULL"])
def test_an_empty_value_is_none(written):
    loaded, _ = loads(f"titel: {written}\n", "x.yml")
    assert loaded.data["titel"] is None


def _project_with(tmp_path: Path, edits: dict[str, str]) -> tuple[Project, str]:
    """A project with the real vocabulary and one real approach, edited line by line.

    `edits` maps a regular expression for a whole line to its replacement; each must match once.
    Related approaches are dropped, as the project holds only this one.
    """
    root = tmp_path / "project"
    (root / "approaches").mkdir(parents=True)
    shutil.copy2(ROOT / "vocabulaire.yml", root / "vocabulaire.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    text = re.sub(r"^gerelateerd:\n(?:  - .*\n)+", "", REAL.read_text(encoding="utf-8"), flags=re.M)
    for pattern, replacement in edits.items():
        text, count = re.subn(f"^{pattern}$", replacement, text, count=1, flags=re.M)
        assert count == 1, pattern
    (root / "approaches" / "rouw-bij-baanverlies.yml").write_text(text, encoding="utf-8")
    return Project(root), text


def test_yaml_11_lookalikes_keep_the_editors_meaning_in_the_model(tmp_path):
    project, _ = _project_with(tmp_path, {
        r"titel: .*": "titel: 2024-01",
        r"  naam: .*": "  naam: no",  # contact.naam, the only two-space 'naam'
        r"    jaar: .*": "    jaar: 2026",  # the first source
        r"  kosten_bekend: .*": "  kosten_bekend: no",
    })
    loaded = load_project(project)
    assert loaded.diagnostics.errors == []
    aanpak = loaded.sources[0].aanpak
    assert aanpak.titel == "2024-01"
    assert aanpak.contact.naam == "no"
    assert aanpak.bronnen[0].jaar == 2026
    assert aanpak.kosten_baten.kosten_bekend is False


def test_a_title_no_stays_the_word_no_and_is_only_too_short_not_a_boolean(tmp_path):
    project, text = _project_with(tmp_path, {r"titel: .*": "titel: no"})
    problem = only(load_project(project).diagnostics.errors)
    assert (problem.path, problem.line, problem.column) == ("titel", *position_of(text, "no\n"))
    assert "te kort" in problem.message


@pytest.mark.parametrize("written", ["2024-01", "1 mei 2026", "2026-13-01", "01-05-2026"])
def test_a_date_that_is_not_a_full_date_is_an_error_with_a_hint(tmp_path, written):
    project, text = _project_with(tmp_path, {r"bijgewerkt: .*": f"bijgewerkt: {written}"})
    errors = load_project(project).diagnostics.errors
    problem = only(errors)
    assert problem.path == "bijgewerkt"
    assert (problem.line, problem.column) == (position_of(text, f"bijgewerkt: {written}")[0], 13)
    assert "geen geldige datum" in problem.message and "JJJJ-MM-DD" in problem.hint


def test_a_year_in_words_is_an_error_not_a_guess(tmp_path):
    project, text = _project_with(tmp_path, {r"    jaar: .*": "    jaar: tweeduizend"})
    problem = only(load_project(project).diagnostics.errors)
    assert problem.path == "bronnen[0].jaar" and "heel getal" in problem.message
    assert (problem.line, problem.column) == position_of(text, "tweeduizend")


# ------------------------------------------------------------------------------------------------
# Size and depth
# ------------------------------------------------------------------------------------------------


def test_a_file_larger_than_the_limit_is_refused(tmp_path):
    path = tmp_path / "groot.yml"
    line = "# " + "x" * 98 + "\n"
    path.write_text("titel: Groot\n" + line * (MAX_BYTES // len(line) + 1), encoding="utf-8")
    assert path.stat().st_size > MAX_BYTES
    loaded, problems = load(path, "approaches/groot.yml")
    assert loaded is None
    problem = only(problems)
    assert (problem.line, problem.column) == (1, 1)
    assert "te groot" in problem.message and f"{MAX_BYTES // 1024} KB" in problem.message


def test_a_file_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "net.yml"
    path.write_text("titel: Net\n" + "#" * (MAX_BYTES - 20) + "\n", encoding="utf-8")
    loaded, problems = load(path, "net.yml")
    assert problems == [] and loaded.data == {"titel": "Net"}


@pytest.mark.parametrize("text", [
    "titel: " + "[" * 50_000,
    "titel: " + "{a: " * 5_000,
    "".join("  " * depth + f"k{depth}:\n" for depth in range(200)),
    "- " * 1_000 + "x\n",
])
def test_deep_nesting_is_refused_before_it_can_exhaust_the_stack(text):
    loaded, problems = loads(text, "approaches/diep.yml")
    assert loaded is None
    problem = only(problems)
    assert "te diep genest" in problem.message
    assert problem.line >= 1 and problem.column >= 1


def test_nesting_as_deep_as_an_approach_needs_is_fine():
    loaded, problems = loads(REAL.read_text(encoding="utf-8"), "x.yml")
    assert problems == [] and loaded.data["aanpak"]["onderdelen"][0]["naam"] == "Signaleren"


# ------------------------------------------------------------------------------------------------
# Every syntax error is Dutch and positioned
# ------------------------------------------------------------------------------------------------

BROKEN = [
    # (text, the text the error points at)
    ("titel: a\nsamenvatting: een: twee\n", ": twee"),
    ("titel: a\n  status: b\n", ": b"),
    ("themas:\n  - a\n b\n", "b"),
    ("titel: 'niet gesloten\n", None),
    ('titel: "niet gesloten\n', None),
    ("titel: @begin\n", "@"),
    ("titel: `code`\n", "`"),
    ("titel: %procent\n", None),
    ("titel: &\n", None),
    ("titel: *\n", None),
    ("titel: [a, b\n", None),
    ("titel: {a: b\n", None),
    ("titel: [a, b}\n", "}"),
    ("titel: {a: b]\n", "]"),
    ("titel: a\n---\ntitel: b\n", "---"),
    ("%YAML 2.0\n---\ntitel: a\n", "%YAML"),
    ("%YAML 1.1\n%YAML 1.1\n---\ntitel: a\n", None),
    ("%YAML\n---\ntitel: a\n", None),
    ("%TAG ! tag:x,2000:\n%TAG ! tag:y,2000:\n---\ntitel: a\n", None),
    ("titel: |9x\n  tekst\n", None),
    ("titel: |0\n  tekst\n", None),
    ('titel: "\\q"\n', None),
    ('titel: "\\x4"\n', None),
    ("titel: !<tag:yaml.org,2002:str\n", None),
    ("titel: !x!y tekst\n", None),
    ("- a\ntitel: b\n", None),
    ("titel: a\n- b\n", None),
    ("? a\n? - b\n  - c\n: d\n", None),
    ("titel: a\n...\ntitel: b\n", None),
    ("titel: 'a\n---\nb'\n", None),
    ("x" * 1100 + ": a\n", None),
    ("titel:\n  - a\n  b: c\n", None),
    ("[a]: b\n", None),
]


@pytest.mark.parametrize("text, at", BROKEN)
def test_a_syntax_error_is_one_positioned_dutch_message(text, at):
    loaded, problems = loads(text, "approaches/x.yml")
    assert loaded is None, loaded
    problem = only(problems)
    lines = text.count("\n") + 1
    assert 1 <= problem.line <= lines and problem.column >= 1
    if at is not None:
        assert problem.line == position_of(text, at)[0]


def test_an_empty_file_or_one_with_only_comments_loads_as_no_fields():
    assert loads("", "x.yml")[0].data == {}
    assert loads("# alleen commentaar\n", "x.yml")[0].data == {}


def test_inputs_that_once_raised_an_exception_now_give_a_diagnostic():
    # The loader promises diagnostics, never exceptions (test_properties.py hammers on that); these
    # are the smallest inputs that once escaped as ReaderError or RecursionError.
    for text in ("\x00", "\ud800", "[" * 100_000, "a: \x85", "\ufeff\ufeff"):
        loaded, problems = yamlsource.loads(text, "x.yml")
        assert (loaded is None) == bool(problems)
