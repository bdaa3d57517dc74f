"""Property-based tests: whatever text an approach file holds, loading and validating it ends in a valid
model or in positioned Dutch diagnostics; never in an unexpected exception.

Inputs: arbitrary text and bytes; YAML generated from arbitrary nested data; hostile Markdown in every
text field (refused with a position, or rendered and converted without a crash); the real approach data
with keys deleted, renamed and retyped; and the real approach files mutated line by line (lines deleted,
duplicated, swapped, re-indented, characters inserted, values replaced, the file cut short). The
loader's libyaml fast path must read every input exactly as its exact PyYAML path does.

The normal suite runs a bounded number of examples per test (profile "normal"). Before a release, run
the long profile, which tries fifty times as many:

    HYPOTHESIS_PROFILE=release .venv/bin/python -m pytest tests/test_properties.py

A failure prints the smallest input that shows it, and Hypothesis replays it first on the next run.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import yamlsource
from generator.catalog import build_catalog
from generator.diagnostics import Diagnostic
from generator.model import Aanpak
from generator.paths import Project
from generator.render import SiteSettings, render_site
from generator.validate import load_project
from generator.yamlsource import load, loads

ROOT = Path(__file__).resolve().parent.parent
REAL_FILES = sorted(p for p in (ROOT / "approaches").glob("*.yml") if not p.name.startswith("_"))
REAL_TEXTS = {p.name: p.read_text(encoding="utf-8") for p in REAL_FILES}

settings.register_profile("normal", max_examples=100, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
settings.register_profile("release", max_examples=5_000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
PROFILE = settings.get_profile("release" if os.environ.get("HYPOTHESIS_PROFILE") == "release" else "normal")

# Words that give away an untranslated PyYAML or pydantic message (quoted input is ignored).
ENGLISH = re.compile(r"\b(found|expected|while|could not|cannot|not allowed|input should|field required|"
                     r"unacceptable|character|scanning|parsing|mapping|sequence|value|error|invalid)\b", re.I)
DUTCH = re.compile(r"\b(de|het|een|is|niet|geen|moet|mag|staat|bevat|hier|ontbreekt|zijn|te|van|in|met|"
                   r"onbekend|ongeldig)\b", re.I)


def unquoted(text: str) -> str:
    return re.sub(r"'[^'\n]*'", "''", text)


def assert_well_formed(diagnostic: Diagnostic, lines_in: dict[str, int]) -> None:
    assert diagnostic.line >= 1 and diagnostic.column >= 1, diagnostic
    if diagnostic.file in lines_in:
        assert diagnostic.line <= lines_in[diagnostic.file] + 1, diagnostic
    for text in (diagnostic.message, diagnostic.hint):
        assert not ENGLISH.search(unquoted(text)), f"English in {diagnostic.format()!r}"
    assert DUTCH.search(unquoted(diagnostic.message)), f"not Dutch: {diagnostic.format()!r}"
    assert diagnostic.format().startswith(f"{diagnostic.file}:{diagnostic.line}:{diagnostic.column}: ")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The real vocabulary and approaches, without pages: each example rewrites one approach file."""
    root = tmp_path_factory.mktemp("eigenschappen") / "project"
    shutil.copytree(ROOT / "approaches", root / "approaches")
    shutil.copy2(ROOT / "vocabulaire.yml", root / "vocabulaire.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return root


def check(root: Path, file_name: str, content: str | bytes, render: bool = False):
    """Put `content` in approaches/<file_name> (the real files beside it) and validate the project.

    The outcome must be one of two: the file became a valid model, or it has at least one error;
    every diagnostic of every file is positioned inside its file and Dutch. With `render`, a valid
    project is also rendered to pages that can be written as UTF-8.
    """
    for path in (root / "approaches").glob("*.yml"):
        if not path.name.startswith("_"):
            path.unlink()
    for name, text in REAL_TEXTS.items():
        if name != file_name:
            (root / "approaches" / name).write_text(text, encoding="utf-8")
    target = root / "approaches" / file_name
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content, encoding="utf-8", newline="")
    loaded = load_project(Project(root), today=dt.date(2026, 6, 1))
    name = f"approaches/{file_name}"
    raw = target.read_bytes().decode("utf-8", "replace")
    lines_in = {f"approaches/{n}": t.count("\n") + 1 for n, t in REAL_TEXTS.items()}
    lines_in[name] = len(re.findall(r"\r\n|\r|\n", raw)) + 1
    valid = any(source.file == name for source in loaded.sources)
    errors = [d for d in loaded.diagnostics.errors if d.file == name]
    assert valid or errors, "neither a valid model nor an error"
    for source in loaded.sources:
        assert isinstance(source.aanpak, Aanpak)
    for diagnostic in loaded.diagnostics:
        assert_well_formed(diagnostic, lines_in)
    if render and loaded.ok:
        pages = render_site(build_catalog(loaded), ROOT / "templates" / "pages", SiteSettings())
        for content_of_page in pages.values():
            content_of_page.encode("utf-8")
        return pages
    return None


# ------------------------------------------------------------------------------------------------
# Arbitrary text and bytes
# ------------------------------------------------------------------------------------------------


@PROFILE
@given(text=st.text())
def test_any_text_is_loaded_or_refused_with_positioned_dutch_messages(text):
    loaded, problems = loads(text, "approaches/x.yml")
    assert (loaded is None) == bool(problems)
    for problem in problems:
        assert_well_formed(problem, {"approaches/x.yml": len(re.findall(r"\r\n|\r|\n", text)) + 1})


YAMLISH = st.text(alphabet=st.sampled_from(list("ab:- \n\t'\"[]{}#&*!|>%@`,?~\\\r\x85\u2028\ufeff\x00é0")),
                  max_size=80)


@PROFILE
@given(text=YAMLISH)
def test_text_made_of_yaml_punctuation_is_loaded_or_refused_with_positioned_dutch_messages(text):
    loaded, problems = loads(text, "approaches/x.yml")
    assert (loaded is None) == bool(problems)
    for problem in problems:
        assert_well_formed(problem, {"approaches/x.yml": len(re.findall(r"\r\n|\r|\n", text)) + 1})


@PROFILE
@given(data=st.binary(max_size=300))
def test_any_bytes_in_a_file_are_loaded_or_refused(tmp_path_factory, data):
    path = tmp_path_factory.getbasetemp() / "bytes.yml"
    path.write_bytes(data)
    loaded, problems = load(path, "approaches/bytes.yml")
    assert (loaded is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1
        assert not ENGLISH.search(unquoted(problem.message))


@PROFILE
@given(text=st.text(max_size=400))
def test_any_text_as_an_approach_file_is_a_valid_model_or_errors(project, text):
    check(project, "rouw-bij-baanverlies.yml", text)


# ------------------------------------------------------------------------------------------------
# YAML generated from arbitrary data
# ------------------------------------------------------------------------------------------------

FIELD_NAMES = sorted({name for model in (Aanpak,) for name in model.model_fields}
                     | {"naam", "toelichting", "beschrijving", "id", "jaar", "url", "bron", "post", "niveau",
                        "soort", "partij", "omschrijving", "kosten_bekend", "doel", "organisatie", "website"})
SCALARS = (st.text(max_size=30) | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
           | st.dates() | st.sampled_from(["no", "yes", "2024-01", "2026-05-01", "eigen-regie", "pilot",
                                           "https://www.zonmw.nl/", "javascript:alert(1)", "[x](data:y)"]))
KEYS = st.sampled_from(FIELD_NAMES) | st.text(min_size=1, max_size=12)


def _nested(inner):
    return st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6)


DATA = st.recursive(SCALARS, _nested, max_leaves=25)


@PROFILE
@given(data=st.dictionaries(KEYS, DATA, max_size=12), flow=st.booleans())
def test_yaml_written_from_arbitrary_data_is_a_valid_model_or_errors(project, data, flow):
    text = yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    check(project, "rouw-bij-baanverlies.yml", text)


def _real_data(file_name: str) -> dict:
    return yaml.safe_load(REAL_TEXTS[file_name])


def _paths(value, prefix=()):
    """Every path into nested data, parents before children."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, prefix + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, prefix + (index,))


def _parent_and_key(data, path):
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    return parent, path[-1]


@st.composite
def mutated_data(draw):
    file_name = draw(st.sampled_from(sorted(REAL_TEXTS)))
    data = _real_data(file_name)
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(data) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, key = _parent_and_key(data, path)
        action = draw(st.sampled_from(["delete", "retype", "rename", "duplicate"]))
        if action == "delete":
            del parent[key]
        elif action == "retype":
            parent[key] = draw(DATA)
        elif action == "rename" and isinstance(parent, dict):
            parent[draw(KEYS)] = parent.pop(key)
        elif action == "duplicate" and isinstance(parent, list):
            parent.insert(key, parent[key])
    return file_name, data


@PROFILE
@given(case=mutated_data())
def test_real_data_with_keys_deleted_renamed_and_retyped_is_a_valid_model_or_errors(project, case):
    file_name, data = case
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    check(project, file_name, text, render=True)


# ------------------------------------------------------------------------------------------------
# Real files mutated as text
# ------------------------------------------------------------------------------------------------

INSERTS = ["\t", ":", ": ", "- ", "#", "'", '"', "[", "]", "{", "}", "&a ", "*a", "!!str ", "!ding ", "|", ">",
           "%", "@", "`", "?", ",", "\\", "\r", "\r\n", "\x85", "\u2028", "\x00", "\x1b", "\ufeff", "é", "€",
           "<script>", "](javascript:alert(1))", "{: onclick=x }", "---\n", "...\n", " ", "\n"]
VALUES = ["", "~", "null", "no", "yes", "2024-01", "1e3", "0x1F", "[]", "{}", "[a, b]", "{a: b}", "- x", "|", ">-",
          "'niet gesloten", '"\\x00"', '"\\ud800"', "&a x", "*a", "!!python/object/apply:os.system [ls]",
          "javascript:alert(1)", "[x](JaVaScRiPt:1)", "eigen-regie", "2026-13-45", "tweeduizend", "a: b: c"]


@st.composite
def mutated_text(draw):
    file_name = draw(st.sampled_from(sorted(REAL_TEXTS)))
    lines = REAL_TEXTS[file_name].split("\n")
    for _ in range(draw(st.integers(1, 5))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "insert", "value",
                                       "cut", "crlf"]))
        line = lines[i]
        if action == "delete":
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, line)
        elif action == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif action == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif action == "dedent":
            lines[i] = line[min(len(line) - len(line.lstrip(" ")), draw(st.integers(1, 4))):]
        elif action == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(INSERTS) | st.text(min_size=1, max_size=3)) + line[at:]
        elif action == "value" and ": " in line:
            lines[i] = line[: line.index(": ") + 2] + draw(st.sampled_from(VALUES))
        elif action == "cut":
            lines = lines[:i] + [line[: draw(st.integers(0, len(line)))]]
        elif action == "crlf":
            lines[i] = line + "\r"
    return file_name, "\n".join(lines)


@PROFILE
@given(case=mutated_text())
def test_real_files_mutated_line_by_line_are_a_valid_model_or_errors(project, case):
    file_name, text = case
    check(project, file_name, text, render=True)


@PROFILE
@given(case=mutated_text(), encoding=st.sampled_from(["latin-1", "utf-16", "utf-8-sig", "cp1252"]))
def test_real_files_saved_in_another_encoding_are_a_valid_model_or_errors(project, case, encoding):
    file_name, text = case
    check(project, file_name, text.encode(encoding, "replace"))


def _exact(text: str):
    """What the loader makes of `text` without its libyaml fast path."""
    fast = yamlsource._load_fast
    yamlsource._load_fast = lambda text, lines: None
    try:
        return loads(text, "approaches/x.yml")
    finally:
        yamlsource._load_fast = fast


def _same(text: str) -> None:
    (fast, fast_problems), (exact, exact_problems) = loads(text, "approaches/x.yml"), _exact(text)
    assert fast_problems == exact_problems
    assert (fast is None) == (exact is None)
    if fast is not None:
        assert fast.data == exact.data
        assert fast.positions == exact.positions


@PROFILE
@given(case=mutated_text())
def test_the_fast_path_reads_mutated_files_exactly_as_the_exact_path(case):
    _same(case[1])


@PROFILE
@given(data=st.dictionaries(KEYS, DATA, max_size=8), flow=st.booleans(), text=YAMLISH)
def test_the_fast_path_reads_generated_yaml_exactly_as_the_exact_path(data, flow, text):
    _same(yaml.safe_dump(data, allow_unicode=True, default_flow_style=flow, sort_keys=False))
    _same(text)


def test_the_real_files_are_valid_so_the_mutations_start_from_a_valid_model(project):
    for file_name in REAL_TEXTS:
        check(project, file_name, REAL_TEXTS[file_name], render=True)
    loaded = load_project(Project(project))
    assert loaded.diagnostics.errors == [] and len(loaded.sources) == len(REAL_TEXTS)


# ------------------------------------------------------------------------------------------------
# Hostile Markdown in every text field
# ------------------------------------------------------------------------------------------------

# Pieces an attacker (or an unlucky paste) puts in Markdown: link and image syntax, schemes and their
# disguises, raw HTML, attribute lists, containers that nest, brackets that run, entities, escapes,
# invisible and bidirectional characters, and YAML's own punctuation.
HOSTILE_PIECES = ["[", "]", "](", ")", "![", "[^", "]: ", "<", ">", "> ", "- ", "* ", "1. ", "    ", "\t", "\n",
                  "\n\n", ":   ", "{: ", "{ onclick=x }", "}", "`", "*", "_", "#", "\\", "|", "&#106;", "&colon;",
                  "javascript:", "JaVa\tScRiPt:", "java*script:", "java_script:", "data:text/html,", "vbscript:",
                  "https://www.zonmw.nl/", "mailto:a@b.nl", "<script>gkXss=1</script>", "<img src=x onerror=1>",
                  "<a href=javascript:1>", "<!--", "-->", "*[", "\u202e", "\u200b", "\ufffe", "\x00", "\r",
                  "\u2028", "é", "a", " ", "::error::", "=1+1", "---", "'", '"']
HOSTILE_MARKDOWN = (st.lists(st.sampled_from(HOSTILE_PIECES) | st.text(max_size=4), min_size=1, max_size=40)
                    .map("".join)
                    | st.tuples(st.sampled_from(["[", "- ", "> ", "<", "[a ", "1. ", "  - "]), st.integers(1, 1000))
                    .map(lambda piece: piece[0] * piece[1]))


def _text_locations() -> list[tuple[str, tuple]]:
    """(file name, location) of every text field (Markdown or single line) in the real files."""
    from generator.limits import LINE, TEXT, texts

    found = []
    for file_name in sorted(REAL_TEXTS):
        for location, kind, _, is_key in texts(Aanpak, _real_data(file_name)):
            if kind in (TEXT, LINE) and not is_key:
                found.append((file_name, location))
    return found


TEXT_LOCATIONS = _text_locations()
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc",
                       "pymdownx.details"]


def test_the_hostile_markdown_reaches_every_kind_of_text_field():
    fields = {re.sub(r"\d+", "N", ".".join(map(str, location))) for _, location in TEXT_LOCATIONS}
    for expected in ("titel", "samenvatting", "aanpak.beschrijving", "werkzame_elementen.N.naam",
                     "werkzame_elementen.N.toelichting", "contextfactoren.N.toelichting", "bronnen.N.titel",
                     "kosten_baten.samenvatting", "voor_werkgevers.wanneer", "organisaties.N.naam"):
        assert expected in fields, expected
    assert len(fields) >= 30


# Each example renders every page and converts two of them: a quarter of the examples of the others.
HEAVY = settings(PROFILE, max_examples=max(PROFILE.max_examples // 4, 10))


@HEAVY
@given(case=st.sampled_from(TEXT_LOCATIONS), value=HOSTILE_MARKDOWN)
def test_hostile_markdown_in_any_text_field_is_refused_with_a_position_or_renders_without_a_crash(
        project, case, value):
    """Validate refuses it with positioned Dutch errors, or accepts it and then every page renders and
    the approach page's Markdown converts to HTML: never an exception, never unbounded work."""
    import markdown

    file_name, location = case
    data = _real_data(file_name)
    parent, key = _parent_and_key(data, location)
    parent[key] = value
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    pages = check(project, file_name, text, render=True)
    if pages is not None:
        for path in (f"aanpakken/{file_name[:-4]}/index.md", "werkzame-elementen/index.md"):
            markdown.Markdown(extensions=MARKDOWN_EXTENSIONS).convert(pages[path])
