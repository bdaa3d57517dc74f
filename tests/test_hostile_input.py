"""Hostile input that no editor needs is refused by validate with a positioned Dutch error, or built
inert; it never reaches a visitor, the machine or CI output, and never makes the work unbounded.

Classes tried, each with variants of its own: invisible, bidirectional and noncharacters (typed and
as escapes, in titles, names, free text, keys and the vocabulary); anchors without alias; symbolic
links (approach files, pages, templates, folders, the vocabulary, mkdocs.yml, `site`); long file
names; duplicate terms, keys and elements; text length, Markdown nesting and bracket limits; CSV
formulas; diagnostics printed on one line in both output formats; many look-alike names.
The render path (sanitiser, abbreviations, links made after the check) is in test_hostile_output.py.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import copy_project
from test_hostile import BASE, SLUG, Page, with_value
from test_hostile import validate as validate_once

from generator import characters, limits
from generator.diagnostics import Diagnostic, one_line
from generator.opendata import csv_cell
from generator.paths import Project
from generator.validate import load_project
from generator.yamlsource import loads

ROOT = Path(__file__).resolve().parent.parent
FILE = f"approaches/{SLUG}.yml"


def cli(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), *args],
                          capture_output=True, text=True, check=False, env=env)


def small_project(tmp_path: Path, text: str = BASE, name: str = f"{SLUG}.yml") -> Path:
    """The real vocabulary and one approach file, without pages (enough for validate)."""
    root = tmp_path / "project"
    (root / "approaches").mkdir(parents=True)
    shutil.copy2(ROOT / "vocabulaire.yml", root / "vocabulaire.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "approaches" / name).write_text(text, encoding="utf-8")
    return root


_RUNS = itertools.count()


def validate(tmp_path: Path, text: str) -> list[Diagnostic]:
    """The errors of a project holding `text` as its one approach (a fresh project on every call)."""
    return validate_once(tmp_path / f"run{next(_RUNS)}", text)


def formatted(tmp_path: Path, text: str) -> list[str]:
    return [d.format() for d in validate(tmp_path, text)]


# ------------------------------------------------------------------------------------------------
# Invisible, bidirectional and noncharacters
# ------------------------------------------------------------------------------------------------

CHARACTERS = {
    "\u202e": "onzichtbaar teken dat de leesrichting verandert (U+202E, 'RIGHT-TO-LEFT OVERRIDE')",
    "\u202a": "onzichtbaar teken dat de leesrichting verandert (U+202A, 'LEFT-TO-RIGHT EMBEDDING')",
    "\u2066": "onzichtbaar teken dat de leesrichting verandert (U+2066, 'LEFT-TO-RIGHT ISOLATE')",
    "\u2069": "onzichtbaar teken dat de leesrichting verandert (U+2069, 'POP DIRECTIONAL ISOLATE')",
    "\u200f": "onzichtbaar teken dat de leesrichting verandert (U+200F, 'RIGHT-TO-LEFT MARK')",
    "\u061c": "onzichtbaar teken dat de leesrichting verandert (U+061C, 'ARABIC LETTER MARK')",
    "\u200b": "onzichtbaar teken (U+200B, 'ZERO WIDTH SPACE')",
    "\u200d": "onzichtbaar teken (U+200D, 'ZERO WIDTH JOINER')",
    "\u2060": "onzichtbaar teken (U+2060, 'WORD JOINER')",
    "\u00ad": "onzichtbaar teken (U+00AD, 'SOFT HYPHEN')",
    "\ufeff": "onzichtbaar teken (U+FEFF, 'ZERO WIDTH NO-BREAK SPACE')",
    "\U000e0041": "onzichtbaar teken (U+E0041, 'TAG LATIN CAPITAL LETTER A')",
    "\u3164": "onzichtbaar teken (U+3164, 'HANGUL FILLER')",
    "\ufdd0": "teken dat in tekst niet mag voorkomen (U+FDD0)",
    "\U0010ffff": "teken dat in tekst niet mag voorkomen (U+10FFFF)",
    "\x1b": "onzichtbaar stuurteken (U+001B)",
}
CHARACTER_FIELDS = ["titel", "samenvatting", "werkzame_elementen[0].naam", "aanpak.beschrijving",
                    "contact.naam", "bronnen[0].titel", "kosten_baten.kosten[0].post"]


def replace_line(text: str, old: str, new: str) -> tuple[str, int]:
    lines = text.split("\n")
    index = lines.index(old)
    lines[index] = new
    return "\n".join(lines), index + 1


@pytest.mark.parametrize("character", list(CHARACTERS))
@pytest.mark.parametrize("field", CHARACTER_FIELDS)
def test_an_invisible_bidi_or_noncharacter_written_as_an_escape_is_an_error_naming_the_field(
        tmp_path, field, character):
    text, line, column = with_value(field, f"Gewone tekst {character}met iets erachter")
    escape = f"\\u{ord(character):04x}" if ord(character) <= 0xFFFF else f"\\U{ord(character):08x}"
    text = text.replace(character, escape)  # a YAML escape in double quotes: reported at the value
    assert formatted(tmp_path, text) == [
        f"{FILE}:{line}:{column}: {field}: de tekst bevat een {CHARACTERS[character]} "
        f"({loads_hint(character)})"]


def loads_hint(character: str) -> str:
    if character in "\u202e\u202a\u2066\u2069\u200f\u061c":
        return "haal het teken weg: het laat de tekst anders lezen dan hij er staat"
    if character in "\ufdd0\U0010ffff":
        return "haal het teken weg"
    if character == "\x1b":
        return "haal het teken weg; typ de tekst eventueel opnieuw"
    return "haal het teken weg; het komt vaak ongemerkt mee bij kopiëren en plakken"


@pytest.mark.parametrize("character", [c for c in CHARACTERS if c not in "\x1b\ufdd0\U0010ffff"])
def test_an_invisible_or_bidi_character_typed_as_it_is_is_an_error_at_the_character(tmp_path, character):
    text, line = replace_line(BASE, "    toelichting: Uitleg bij het eerste element.",
                              f"    toelichting: Uitleg bij{character} het eerste element.")
    column = len("    toelichting: Uitleg bij") + 1
    errors = validate(tmp_path, text)
    assert [(e.line, e.column, e.path) for e in errors] == [(line, column, "werkzame_elementen[0].toelichting")]


def test_a_bidi_override_in_a_key_and_in_the_vocabulary_is_refused_too(tmp_path):
    _, problems = loads('"titel\u202e": x\n', "approaches/x.yml")
    assert [(p.line, p.column, p.path) for p in problems] == [(1, 7, "titel\u202e")]
    assert problems[0].format() == ("approaches/x.yml:1:7: titel\\u202e: de tekst bevat een onzichtbaar teken dat de "
                                    "leesrichting verandert (U+202E, 'RIGHT-TO-LEFT OVERRIDE') (haal het teken weg: "
                                    "het laat de tekst anders lezen dan hij er staat)")
    root = small_project(tmp_path)
    vocabulary = (root / "vocabulaire.yml").read_text(encoding="utf-8")
    first_title = next(line for line in vocabulary.split("\n") if line.strip().startswith("titel:"))
    (root / "vocabulaire.yml").write_text(vocabulary.replace(first_title, first_title + "\u2067", 1),
                                          encoding="utf-8")
    errors = load_project(Project(root)).diagnostics.errors
    assert [e.file for e in errors] == ["vocabulaire.yml"] and "leesrichting" in errors[0].message


def test_every_format_and_control_character_of_this_pythons_unicode_is_refused():
    allowed = {"\t", "\n"}
    missed = [f"U+{cp:04X}" for cp in range(0x110000)
              if unicodedata.category(chr(cp)) in ("Cf", "Cc", "Cs") and chr(cp) not in allowed
              and not characters.FORBIDDEN.match(chr(cp))]
    assert missed == []
    nonchars = [cp for plane in range(17) for cp in (plane * 0x10000 + 0xFFFE, plane * 0x10000 + 0xFFFF)]
    nonchars += list(range(0xFDD0, 0xFDF0))
    assert len(nonchars) == 66 and all(characters.FORBIDDEN.match(chr(cp)) for cp in nonchars)
    # Ordinary Dutch text, typography and emoji (with their joiner-free forms) are not touched
    assert not characters.FORBIDDEN.search("Één café, “quotes”, – en — · € ½ … 😀 \u00a0 ñ")


def test_a_tab_or_line_break_in_a_title_or_name_is_an_error_but_free_text_may_have_them(tmp_path):
    for field, value, what in [("titel", "Twee\nregels", "een regelovergang"),
                               ("werkzame_elementen[0].naam", "Met\ttab", "een tab"),
                               ("contact.naam", "Iemand\n", "een regelovergang")]:
        text, line, column = with_value(field, value)
        assert formatted(tmp_path, text) == [
            f"{FILE}:{line}:{column}: {field}: een naam of titel staat op één regel, maar hier staat {what} in "
            "(zet de tekst op één regel, tussen aanhalingstekens als hij lang is)"]
    text, _, _ = with_value("samenvatting", "Een alinea.\n\n\tEen ingesprongen regel.\n\n- een lijst")
    assert validate(tmp_path, text) == []


# ------------------------------------------------------------------------------------------------
# Anchors, even without an alias
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("old, new, needle", [
    ("status: pilot", "status: &s pilot", "&s"),
    ("themas:", "themas: &lijst", "&lijst"),
    ("contact:", "contact: &c", "&c"),
    ("  - naam: Eerste element", "  - &e naam: Eerste element", "&e"),
])
def test_an_anchor_without_alias_is_refused_where_it_is(tmp_path, old, new, needle):
    text, line = replace_line(BASE, old, new)
    assert formatted(tmp_path, text) == [
        f"{FILE}:{line}:{new.index(needle) + 1}: ankers en verwijzingen (&naam, *naam) zijn niet toegestaan "
        "(schrijf de tekst voluit op elke plek waar hij nodig is)"]


# ------------------------------------------------------------------------------------------------
# Symbolic links
# ------------------------------------------------------------------------------------------------

LINK_MESSAGE = ("dit is een symbolische koppeling (symlink); die wordt niet gevolgd (zet het bestand of de map "
                "zelf in het project in plaats van een koppeling ernaar)")


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the project that a link might point at: a valid approach with a secret in it."""
    path = tmp_path / "buiten" / "geheim.yml"
    path.parent.mkdir()
    path.write_text(BASE.replace("Een aanpak om te testen.", "GEHEIM-BUITEN-HET-PROJECT"), encoding="utf-8")
    return path


@pytest.mark.parametrize("place", ["approaches/gelinkt.yml", "approaches", "content/gelinkt.md", "content",
                                   "content/map", "templates/pages/aanpak.md.j2", "templates/overrides",
                                   "vocabulaire.yml", "mkdocs.yml", "approaches/_sjabloon.yml",
                                   "approaches/kapot.yml"])
def test_a_symlink_anywhere_the_site_is_built_from_is_an_error_and_is_never_read(tmp_path, secret, place):
    root = copy_project(tmp_path / "project")
    link = root / place
    if link.is_dir():
        shutil.rmtree(link)
    elif link.exists():
        link.unlink()
    target = {"approaches": secret.parent, "content": secret.parent, "content/map": secret.parent,
              "templates/overrides": secret.parent, "approaches/kapot.yml": tmp_path / "bestaat-niet"}.get(
        place, secret)
    link.symlink_to(target)
    result = cli(root, "validate")
    assert result.returncode == 1
    assert f"{place}:1:1: {LINK_MESSAGE}" in result.stderr.splitlines()
    assert "GEHEIM" not in result.stdout + result.stderr
    build = cli(root, "build", "-q")
    assert build.returncode == 1 and not (root / "site").exists()


def test_a_symlinked_approach_is_refused_even_when_read_directly(tmp_path, secret):
    from generator.yamlsource import load

    link = tmp_path / "link.yml"
    link.symlink_to(secret)
    loaded, problems = load(link, "approaches/link.yml")
    assert loaded is None and [p.format() for p in problems] == [f"approaches/link.yml:1:1: {LINK_MESSAGE}"]


@pytest.fixture
def victim(tmp_path) -> Path:
    path = tmp_path / "slachtoffer"
    path.mkdir()
    (path / "belangrijk.txt").write_text("blijft staan", encoding="utf-8")
    (path / "map").mkdir()
    (path / "map" / "ook.txt").write_text("ook", encoding="utf-8")
    return path


def untouched(victim: Path) -> bool:
    return (sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*")) == ["belangrijk.txt", "map", "map/ook.txt"]
            and (victim / "belangrijk.txt").read_text(encoding="utf-8") == "blijft staan")


def test_a_site_that_is_a_symlink_is_refused_by_validate_and_build_and_its_target_is_untouched(tmp_path, victim):
    root = copy_project(tmp_path / "project")
    (root / "site").symlink_to(victim)
    result = cli(root, "validate")
    assert result.returncode == 1
    assert ("site:1:1: de map site is een symbolische koppeling (symlink); bij het bouwen zou de map waar hij "
            "naar wijst worden leeggemaakt (haal de koppeling weg met git rm site; de bouw maakt site/ zelf aan)"
            ) in result.stderr.splitlines()
    assert cli(root, "build", "-q").returncode == 1
    assert untouched(victim) and (root / "site").is_symlink()


def test_build_into_a_symlink_given_with_site_is_refused_before_anything_is_written(tmp_path, victim):
    root = copy_project(tmp_path / "project")
    link = tmp_path / "uitvoer"
    link.symlink_to(victim)
    result = cli(root, "build", "-q", "--site", str(link))
    assert result.returncode == 1
    assert result.stderr.startswith(f"Bouwen mislukt: {link} is een symbolische koppeling (symlink); de website "
                                    "wordt daar niet gebouwd")
    assert untouched(victim)


def test_plain_mkdocs_build_does_not_empty_the_target_of_a_symlinked_site(tmp_path, victim):
    root = copy_project(tmp_path / "project")
    (root / "site").symlink_to(victim)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True,
                            text=True, check=False, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "is een symbolische koppeling (symlink)" in result.stdout + result.stderr
    assert untouched(victim)


def test_a_leftover_that_is_a_symlink_is_neither_followed_nor_put_in_place_of_the_site(tmp_path, victim):
    from generator.build import remove_leftovers

    site = tmp_path / "site"
    (tmp_path / ".site-oud-999999999-site").symlink_to(victim)
    (tmp_path / ".site-bouw-999999999-x").symlink_to(victim)
    assert remove_leftovers(site) == []
    assert not site.exists() and untouched(victim)


# ------------------------------------------------------------------------------------------------
# Long file names
# ------------------------------------------------------------------------------------------------

def test_an_approach_file_name_over_the_limit_is_an_error_with_the_limit(tmp_path):
    long_name = "a" * (limits_file_name() + 1)
    root = small_project(tmp_path, name=f"{long_name}.yml")
    loaded = load_project(Project(root))
    assert [d.format() for d in loaded.diagnostics.errors] == [
        f"approaches/{long_name}.yml:1:1: de naam is te lang (81 tekens; de grens is 80 tekens zonder de "
        "extensie) (kies een kortere naam; hij wordt deel van het webadres)"]
    assert loaded.sources == []
    (root / "approaches" / f"{long_name}.yml").rename(root / "approaches" / f"{long_name[:-1]}.yml")
    assert load_project(Project(root)).diagnostics.errors == []


def limits_file_name() -> int:
    from generator.validate import MAX_FILE_NAME

    return MAX_FILE_NAME


@pytest.mark.parametrize("place", ["approaches/{}.yml", "content/{}.md", "content/{}/index.md",
                                   "templates/pages/{}.md.j2"])
def test_a_file_name_of_two_hundred_and_forty_characters_is_refused_and_the_build_does_not_crash(tmp_path, place):
    root = copy_project(tmp_path / "project")
    path = root / place.format("l" * 240)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(BASE if path.suffix == ".yml" else "# Lang\n", encoding="utf-8")
    result = cli(root, "build", "-q")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "de naam is te lang (240 tekens; de grens is 80 tekens zonder de extensie)" in result.stderr


# ------------------------------------------------------------------------------------------------
# Duplicates
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("key, items", [
    ("themas", ["eigen-regie", "eigen-regie"]),
    ("doelgroepen", ["werkgevers", "werknemers", "werkgevers"]),
    ("fasen", ["tweede-jaar", "tweede-jaar"]),
    ("gerelateerd", ["rouw-bij-baanverlies", "rouw-bij-baanverlies"]),
])
def test_a_term_named_twice_in_a_list_is_an_error_at_the_second(tmp_path, key, items):
    text = BASE.replace("bijgewerkt: 2026-05-01", "") if key in ("fasen", "gerelateerd") else BASE
    lines = [line for line in text.split("\n") if line]
    if key in ("themas", "doelgroepen"):
        start = lines.index(f"{key}:")
        del lines[start + 1]
        lines[start + 1:start + 1] = [f"  - {item}" for item in items]
    else:
        lines += [f"{key}:"] + [f"  - {item}" for item in items] + ["bijgewerkt: 2026-05-01"]
    text = "\n".join(lines) + "\n"
    first = text.split("\n").index(f"  - {items[-1]}") + 1
    second = len(text.split("\n")) - text.split("\n")[::-1].index(f"  - {items[-1]}")
    errors = [d.format() for d in validate(tmp_path, text)]
    assert f"{FILE}:{second}:5: {key}[{len(items) - 1}]: '{items[-1]}' staat twee keer in de lijst " \
           f"(eerder op regel {first}) (haal er één weg)" in errors
    assert all(f": {key}" in e for e in errors)


@pytest.mark.parametrize("second", ["  - naam: Eerste element", "  - naam: Eerste-element",
                                    "  - naam: Ander\n    sleutel: eerste-element"])
def test_a_working_element_named_or_keyed_twice_in_one_approach_is_an_error(tmp_path, second):
    text = BASE.replace("  - naam: Tweede element", second)
    errors = [d.format() for d in validate(tmp_path, text)]
    assert len(errors) == 1 and "werkzame_elementen[1].naam: '" in errors[0]
    assert "staat twee keer in deze aanpak (eerder op regel 17) (voeg de twee samen tot één)" in errors[0]


def test_two_vocabulary_terms_with_one_title_or_two_glossary_entries_with_one_word_are_errors(tmp_path):
    root = small_project(tmp_path)
    vocabulary = (root / "vocabulaire.yml").read_text(encoding="utf-8")

    data = yaml.safe_load(vocabulary)
    theme_key, theme = next(iter(data["themas"].items()))
    begrip_key, begrip = next(iter(data["begrippen"].items()))
    data["themas"]["dubbel-thema"] = {"titel": theme["titel"].upper(), "beschrijving": "Nog eens."}
    data["begrippen"]["dubbel-begrip"] = {"term": begrip["term"].lower(), "titel": "Iets", "beschrijving": "Zelfde."}
    (root / "vocabulaire.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    messages = [(d.path, d.message) for d in load_project(Project(root)).diagnostics.errors]
    assert [path for path, _ in messages] == ["themas.dubbel-thema.titel", "begrippen.dubbel-begrip.term"]
    assert messages[0][1].startswith(f"'{theme['titel'].upper()}' staat al in 'themas' (regel ")
    assert messages[0][1].endswith(f", onder '{theme_key}')")
    assert messages[1][1].endswith(f", onder '{begrip_key}')")


# ------------------------------------------------------------------------------------------------
# Length, nesting and bracket limits
# ------------------------------------------------------------------------------------------------

def test_a_markdown_text_over_ten_thousand_characters_is_an_error_with_the_limit(tmp_path):
    text, line, column = with_value("aanpak.beschrijving", "woord " * 1667)
    assert formatted(tmp_path, text) == [
        f"{FILE}:{line}:{column}: aanpak.beschrijving: is te lang (10.002 tekens; de grens is 10.000) "
        "(houd het korter; zet een lange uitleg in een publicatie en verwijs ernaar)"]
    text, _, _ = with_value("aanpak.beschrijving", ("woord " * 1667)[:10_000])
    assert validate(tmp_path, text) == []


@pytest.mark.parametrize("field", ["titel", "werkzame_elementen[0].naam", "bronnen[0].titel", "contact.naam"])
def test_a_title_or_name_over_three_hundred_characters_is_an_error_once(tmp_path, field):
    text, line, column = with_value(field, "Lang " * 61)
    errors = formatted(tmp_path, text)
    assert (f"{FILE}:{line}:{column}: {field}: is te lang (305 tekens; de grens is 300) "
            "(houd een naam of titel kort; zet de uitleg in de toelichting of de beschrijving)") in errors
    if field == "werkzame_elementen[0].naam":  # its key would become part of a web address, too
        assert (f"{FILE}:{line}:{column}: {field}: de naam geeft een te lang webadres (304 tekens; de grens is "
                "240) (kies een kortere naam, of geef een kortere 'sleutel')") in errors
    assert len(errors) == 1 + (field == "werkzame_elementen[0].naam")


def test_a_key_and_a_web_address_over_their_limits_are_errors(tmp_path):
    text = BASE.replace("bron: bron-een", "bron: " + "b" * 81).replace("id: bron-een", "id: " + "b" * 81)
    errors = [(d.path, d.message) for d in validate(tmp_path, text)]
    assert ("bronnen[0].id", "is te lang (81 tekens; de grens is 80)") in errors
    text, _, _ = with_value("contact.website", "https://www.zonmw.nl/" + "a" * 2000)
    assert [(d.path, d.message) for d in validate(tmp_path, text)] == [
        ("contact.website", "is te lang (2.021 tekens; de grens is 2.000)")]


NESTING = {
    "lijst in lijst": "\n".join("  " * i + "- punt" for i in range(12)),
    "lijsten op één regel": "- " * 11 + "x",
    "genummerd": "1. " * 11 + "x",
    "citaten": ">" * 11 + " x",
    "citaat en lijst door elkaar": "> - " * 6 + "x",
    "ingesprongen met tabs": "\t" * 6 + "- x",
}


@pytest.mark.parametrize("kind", list(NESTING))
@pytest.mark.parametrize("field", ["aanpak.beschrijving", "werkzame_elementen[0].naam", "samenvatting"])
def test_markdown_nested_deeper_than_ten_levels_is_an_error_with_its_line(tmp_path, field, kind):
    text, line, column = with_value(field, "Eerst een regel.\n\n" + NESTING[kind])
    errors = [d for d in validate(tmp_path, text) if "genest" in d.message]
    assert [(e.line, e.column, e.path) for e in errors] == [(line, column, field)]
    assert errors[0].message.startswith("is te diep genest (")
    assert errors[0].message.endswith("van de tekst; de grens is 10)")
    assert "in regel 3 van de tekst" in errors[0].message or kind == "lijst in lijst"


def test_ten_levels_of_nesting_are_accepted(tmp_path):
    for value in ("- " * 10 + "x", ">" * 10 + " x", "\n".join("  " * i + "- punt" for i in range(6))):
        text, _, _ = with_value("aanpak.beschrijving", value)
        assert validate(tmp_path, text) == [], value


@pytest.mark.parametrize("value, message", [
    ("[[[[x]]]]", "heeft te veel haken [ binnen elkaar (4; de grens is 3)"),
    ("[a [b [c [d", "heeft te veel haken [ binnen elkaar (4; de grens is 3)"),
    ("![[![[x", "heeft te veel haken [ binnen elkaar (4; de grens is 3)"),
    ("[a] " * 201, "bevat te veel tekens '[' (201; de grens is 200)"),
    ("<a " * 201, "bevat te veel tekens '<' (201; de grens is 200)"),
])
def test_bracket_runs_and_counts_over_the_limit_are_errors_with_the_limit(tmp_path, value, message):
    text, line, column = with_value("werkzame_elementen[0].toelichting", value)
    errors = validate(tmp_path, text)
    assert [(e.line, e.column, e.path, e.message) for e in errors] == [
        (line, column, "werkzame_elementen[0].toelichting", message)]


def test_brackets_within_the_limits_and_escaped_brackets_are_accepted(tmp_path):
    for value in ("[[[x]]]", "\\[" * 20 + "x", "[a] " * 200, "Zie [de bron](https://www.zonmw.nl/) [1]."):
        text, _, _ = with_value("werkzame_elementen[0].toelichting", value)
        assert validate(tmp_path, text) == [], value[:20]


def test_the_limits_cover_every_text_field_of_the_model():
    """Every str field of both models has a kind, so no new field escapes the limits."""
    from generator.model import Aanpak, Vocabulaire

    seen = set()

    def walk(kind, path):
        if isinstance(kind, str):
            seen.add((path, kind))
        elif isinstance(kind, type):
            for name, inner in limits._fields(kind).items():
                walk(inner, f"{path}.{name}".lstrip("."))
        elif isinstance(kind, tuple):
            for inner in kind[1:]:
                walk(inner, path + "[]")

    walk(Aanpak, "")
    walk(Vocabulaire, "vocabulaire")
    kinds = dict(seen)
    assert kinds["samenvatting"] == "tekst" and kinds["titel"] == "regel"
    assert kinds["bronnen[].url"] == "url" and kinds["bronnen[].id"] == "sleutel"
    assert kinds["vocabulaire.begrippen[].term"] == "regel" and kinds["vocabulaire.themas[]"] == "sleutel"
    assert kinds["werkzame_elementen[].toelichting"] == "tekst" and kinds["contact.email"] == "email"
    assert len(seen) >= 60


AT_THE_LIMITS = {
    "aanpak.beschrijving": "\n".join("  " * i + "- niveau" for i in range(5)) + "\n\n" + ">" * 10 + " citaat",
    "werkzame_elementen[0].toelichting": "[a] " * 197 + "[[[x]]]",
    "contextfactoren[0].naam": "- " * 10 + "x",
    "kosten_baten.samenvatting": "<a " * 200,
    "samenvatting": ("Een lange zin met woorden. " * 400)[:10_000],
    "werkzame_elementen[1].naam": "[" * 3 + "x" * 230,
}


@pytest.fixture(scope="module")
def at_the_limits_site(tmp_path_factory) -> Path:
    """The real project plus an approach with texts right at every limit: validate accepts it, so the
    build must handle it."""
    root = copy_project(tmp_path_factory.mktemp("grenzen") / "project")
    text, _, _ = with_value("titel", "=HYPERLINK(\"https://evil.example/\";\"klik\")")
    for field, value in AT_THE_LIMITS.items():
        if field != "werkzame_elementen[1].naam":
            text, _, _ = with_value(field, value, text)
    text = text.replace("  - naam: Tweede element",
                        "  - naam: " + json.dumps(AT_THE_LIMITS["werkzame_elementen[1].naam"]))
    text = text.replace("  - naam: Testorganisatie", "  - naam: \"-2+3;@SUM(A1)\"")
    (root / "approaches" / f"{SLUG}.yml").write_text(text, encoding="utf-8")
    assert load_project(Project(root)).diagnostics.errors == []
    result = cli(root, "build", "--strict", "-q")
    assert result.returncode == 0, result.stderr[-2000:]
    return root / "site"


def test_texts_at_every_limit_build_and_show(at_the_limits_site):
    page = Page((at_the_limits_site / "aanpakken" / SLUG / "index.html").read_text(encoding="utf-8"))
    assert "Een lange zin met woorden." in page.visible
    assert [tag for tag, _ in page.elements].count("blockquote") >= 10
    assert not [attrs for _, attrs in page.elements if any(a.startswith("on") for a in attrs)]


def test_the_csv_neutralises_formulas_in_every_cell_and_after_every_semicolon(at_the_limits_site):
    raw = (at_the_limits_site / "data" / "aanpakken.csv").read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    row = next(r for r in rows if r["slug"] == SLUG)
    assert row["titel"] == "'=HYPERLINK(\"https://evil.example/\";\"klik\")"
    assert row["organisaties"] == "'-2+3;'@SUM(A1)"
    formula = tuple("=+-@\t\r")
    for r in rows:
        for value in r.values():
            assert not any(part.lstrip(" \u00a0").startswith(formula) for part in value.split(";")), value
    assert raw.count("\r\n") == len(rows) + 1  # RFC 4180 rows


@pytest.mark.parametrize("value, cell", [
    ("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\r=x", "'\r=x"), ("  =x", "'  =x"), ("\uff1d1+1", "'\uff1d1+1"), ("a;=b;c", "a;'=b;c"),
    ("Gewone tekst, met - streepje", "Gewone tekst, met - streepje"), ("2026-05-01", "2026-05-01"),
])
def test_a_csv_cell_that_would_start_a_formula_gets_a_single_quote(value, cell):
    assert csv_cell(value) == cell


def test_a_carriage_return_in_a_csv_cell_is_quoted_and_cannot_forge_a_row():
    from generator.catalog import build_catalog
    from generator.opendata import catalog_csv
    from generator.render import SiteSettings

    loaded = load_project(Project(ROOT))
    source = loaded.sources[0]
    forged = source.aanpak.model_copy(update={"titel": "Titel\rnep-slug,=1+1,x\nnog een"})
    loaded.sources[0] = type(source)(source.slug, source.file, forged, source.positions)
    text = catalog_csv(build_catalog(loaded), SiteSettings())
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == len(loaded.sources) + 1
    assert [r for r in rows if r[0] == source.slug][0][1] == "Titel\rnep-slug,=1+1,x\nnog een"


# ------------------------------------------------------------------------------------------------
# Diagnostics on one line, in both output formats
# ------------------------------------------------------------------------------------------------

FORGING = ["x\n::error file=approaches/ander.yml,line=1::vervalst", "x\r::warning::vervalst",
           "x\u2028::notice::vervalst", "x\x85::stop-commands::token", "x ##[error]vervalst",
           "x %0A::error::vervalst", "x\x1b[2J\x1b[31m", "x\u202eekaf", "x\n::add-mask::geheim"]


@pytest.mark.parametrize("value", FORGING)
def test_a_diagnostic_is_one_line_with_every_control_escaped_in_both_formats(value):
    item = Diagnostic(f"approaches/{value}.yml", 3, 4, f"werkzame_elementen[0].{value}", f"'{value}' klopt niet",
                      hint=value)
    for line in (item.format(), item.github_annotation()):
        assert "\n" not in line and "\r" not in line and "\x1b" not in line
        assert not any(ch in line for ch in "\u2028\u2029\x85\u202e")
        assert "##[" not in line
    annotation = item.github_annotation()
    assert annotation.startswith("::error file=approaches/") and annotation.count("::") >= 2
    head, _, data = annotation.partition(",col=4::")
    assert "::" not in head.removeprefix("::error ") and "%0A" not in data.replace("%250A", "")
    assert not item.format().lstrip().startswith("::")


def test_one_line_shows_what_was_there():
    assert one_line("a\nb\rc\td\x1be\u202ef\u200bg##[h") == "a\\nb\\rc\\td\\u001be\\u202ef\\u200bg##\\[h"
    assert Diagnostic("::error::x.yml", 1, 1, "", "m").format() == "\\::error::x.yml:1:1: m"


def test_validate_github_prints_one_annotation_per_diagnostic_even_for_forged_keys_and_file_names(tmp_path):
    text = BASE.replace("status: pilot", 'status: pilot\n"onbekend\\n::error file=x::vervalst\\n": 1')
    root = small_project(tmp_path, text)
    (root / "approaches" / "x\n::warning::vervalst.yml").write_text(BASE, encoding="utf-8")
    result = cli(root, "validate", "--github")
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.lstrip().startswith("::")]
    plain = [line for line in result.stderr.splitlines() if line.startswith("approaches/")]
    assert len(commands) == len(plain) == 2
    assert all(line.startswith(("::error file=approaches/", "::warning file=approaches/")) for line in commands)
    assert not [line for line in result.stdout.splitlines() + result.stderr.splitlines() if "##[" in line]
    assert any("onbekend\\n::error file=x::vervalst\\n: onbekend veld" in line for line in plain)
    assert any("approaches/x\\n::warning::vervalst.yml:1:1: de bestandsnaam" in line for line in plain)


# ------------------------------------------------------------------------------------------------
# Many look-alike names: bounded work, one warning per group
# ------------------------------------------------------------------------------------------------

def many_names(count: int) -> str:
    items = "".join(f"  - naam: Gesprek met de werkgever nummer {i:05d}\n" for i in range(count))
    return BASE.replace("werkzame_elementen:\n", "werkzame_elementen:\n" + items, 1)


def test_validate_with_thousands_of_look_alike_names_finishes_with_one_warning_per_group(tmp_path):
    count = 3000
    root = small_project(tmp_path, many_names(count))
    started = time.perf_counter()
    result = cli(root, "validate", "--github")
    elapsed = time.perf_counter() - started
    print(f"\nvalidate --github, {count} look-alike names and {2 * count} diagnostics: {elapsed:.2f} s")
    assert result.returncode == 0, result.stderr[-1000:]
    alike = [line for line in result.stdout.splitlines() if "lijkt op" in line and not line.startswith("::")]
    assert alike == [
        f"{FILE}:17:11: waarschuwing: werkzame_elementen[0].naam (Werkzame elementen › Naam): 'Gesprek met de werkgever nummer 00000' lijkt op "
        f"'Gesprek met de werkgever nummer 00001' in {FILE}:18, 'Gesprek met de werkgever nummer 00002' in "
        f"{FILE}:19, 'Gesprek met de werkgever nummer 00003' in {FILE}:20 en nog {count - 4} andere namen "
        "(gebruik precies dezelfde naam als het hetzelfde is, dan worden ze gekoppeld)"]
    untranslated = [line for line in result.stdout.splitlines() if "heeft geen toelichting" in line]
    assert len(untranslated) == 2 * count  # every element without explanation, in both formats


def test_look_alike_names_across_files_are_one_group_reported_once(tmp_path):
    from generator.similarity import groups

    uses = [("driegesprek", ("a", 0, "Driegesprek")), ("drie-gesprek", ("b", 0, "Drie-gesprek")),
            ("driegesprekken", ("c", 0, "Driegesprekken")), ("werkplek", ("c", 1, "Werkplek")),
            ("driegesprek", ("d", 0, "Driegesprek"))]
    assert groups(uses) == [[("a", 0, "Driegesprek"), ("b", 0, "Drie-gesprek"), ("c", 0, "Driegesprekken")]]
    assert groups([("rust", ("a", 0, "Rust")), ("lust", ("b", 0, "Lust"))]) == []


def test_diagnostics_are_sorted_once_however_often_they_are_asked_for(monkeypatch):
    from generator.diagnostics import Diagnostics

    items = Diagnostics(Diagnostic("f.yml", (i * 7919) % 2003 + 1, 1, "", "m",
                                   severity="fout" if i % 3 else "waarschuwing") for i in range(2000))
    comparisons = []
    original = Diagnostic.__lt__
    monkeypatch.setattr(Diagnostic, "__lt__", lambda a, b: comparisons.append(1) or original(a, b))
    first = items.errors
    one_sort = len(comparisons)
    assert one_sort > 2000
    for _ in range(1000):  # as the CLI asks, once per printed line
        assert items.errors is first and items.warnings
    items.report()
    list(items)
    assert len(comparisons) == one_sort
    assert [d.line for d in first] == sorted(d.line for d in first)
    items.add(Diagnostic("a.yml", 1, 1, "", "nieuw"))
    assert items.errors[0].file == "a.yml"
