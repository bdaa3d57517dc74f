"""Limits on what a text may hold, checked on the loaded data before the model sees it.

Each limit keeps the work of rendering a page bounded, so that build never meets input validate
accepted and cannot handle (Python-Markdown's work grows with the square of the number of '[' or
'<' in a paragraph, and it recurses once per level of nesting):

- a Markdown text is at most MAX_TEXT_LENGTH characters, a single-line text (a title, a name) at
  most MAX_LINE_LENGTH, a key (`id`, `sleutel`) MAX_KEY_LENGTH and a web address MAX_URL_LENGTH;
- lists and quotes nest at most MAX_NESTING levels deep, square brackets at most
  MAX_BRACKET_DEPTH, and a text holds at most MAX_BRACKETS of each of '[' and '<';
- a single-line text holds no tab or line break;
- a list of terms or keys (themas, doelgroepen, fasen, gerelateerd) names each one once, and in the
  vocabulary no two terms of one list share a title, nor two glossary entries a word.

The field kinds come from the model itself (`Tekst`, `Url`, `Sleutel`, `Email`, plain `str`), so a
new field is covered the day it is added. Every problem is a positioned Dutch diagnostic.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Iterator

from pydantic import BaseModel

from . import model as m
from .diagnostics import Diagnostic, format_location
from .similarity import element_key
from .yamlsource import Loaded

MAX_TEXT_LENGTH = 10_000
"""Longest Markdown text field, in characters. The longest real one is about 3,300."""
MAX_LINE_LENGTH = 300
"""Longest single-line text (title, name, role), in characters. The longest real one is about 150."""
MAX_WEB_NAME = 240
"""Longest web address part made from a name (a working element's key): file systems allow 255."""
MAX_KEY_LENGTH = 80
"""Longest key (`id`, `sleutel`, a term's key), in characters."""
MAX_URL_LENGTH = 2_000
"""Longest web address, in characters."""
MAX_NESTING = 10
"""Deepest nesting of Markdown lists and quotes, in levels."""
MAX_BRACKET_DEPTH = 3
"""Deepest nesting of square brackets ('[[[x]]]' is three)."""
MAX_BRACKETS = 200
"""Most '[' and most '<' in one text."""

TEXT, LINE, KEY, URL, EMAIL = "tekst", "regel", "sleutel", "url", "email"
_VALIDATORS = {m._check_text: TEXT, m._check_url: URL, m._check_slug: KEY, m._check_email: EMAIL}
_LENGTHS = {TEXT: MAX_TEXT_LENGTH, LINE: MAX_LINE_LENGTH, KEY: MAX_KEY_LENGTH, URL: MAX_URL_LENGTH,
            EMAIL: MAX_URL_LENGTH}
_LENGTH_HINTS = {TEXT: "houd het korter; zet een lange uitleg in een publicatie en verwijs ernaar",
                 LINE: "houd een naam of titel kort; zet de uitleg in de toelichting of de beschrijving",
                 KEY: "kies een kortere sleutel", URL: "gebruik een korter webadres", EMAIL: ""}
# A container marker at the start of a line, after any indentation: a quote, or a list item's bullet
# or number. Each one on a line opens one more level ('- - > x' is three).
_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
# A line whose prefix of spaces, tabs and container markers is this short cannot nest deeper than
# MAX_NESTING (a tab, the widest, is at most two levels), so most texts skip the exact count.
_DEEP_PREFIX = re.compile(r"^[ \t>*+\-\d.)]{%d,}" % (MAX_NESTING // 2 + 1), re.MULTILINE)

Location = tuple[str | int, ...]


def check(model: type[BaseModel], loaded: Loaded, name: str) -> list[Diagnostic]:
    """Every limit `loaded` breaks, as diagnostics in the file `name`."""
    found: list[Diagnostic] = []
    if not isinstance(loaded.data, dict):
        return found

    def add(location: Location, message: str, hint: str = "", key: bool = False) -> None:
        line, col = loaded.positions.of(location, prefer_key=key)
        found.append(Diagnostic(name, line, col, format_location(location), message, hint=hint))

    strings: list[tuple[Location, str, str, bool]] = []
    lists: list[tuple[Location, list]] = []
    _walk(model, loaded.data, (), strings, lists)
    for location, kind, value, is_key in strings:
        if _suspect(value, kind):
            for message, hint in text_problems(value, kind):
                add(location, message, hint, key=is_key)
    for location, items in lists:
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, str):
                continue
            if item in first:
                line, _ = loaded.positions.of(location + (first[item],))
                add(location + (index,), f"'{item}' staat twee keer in de lijst (eerder op regel {line})",
                    "haal er één weg")
            else:
                first[item] = index
    if model is m.Aanpak:
        _duplicate_elements(loaded, add)
    if model is m.Vocabulaire:
        _duplicate_terms(loaded, add)
    return found


def _suspect(value: str, kind: str) -> bool:
    """A cheap test that passes every text `text_problems` could find fault with (and few others)."""
    return (len(value) > _LENGTHS[kind] or (kind == LINE and ("\t" in value or "\n" in value))
            or (kind in (TEXT, LINE) and (value.count("[") > MAX_BRACKET_DEPTH or "<" in value
                                           or _DEEP_PREFIX.search(value) is not None)))


def text_problems(value: str, kind: str) -> Iterator[tuple[str, str]]:
    """(message, hint) for every limit one text of the given kind breaks."""
    limit = _LENGTHS[kind]
    if len(value) > limit:
        yield (f"is te lang ({len(value):,} tekens; de grens is {limit:,})".replace(",", "."),
               _LENGTH_HINTS[kind])
    if kind == LINE:
        breaks = re.search(r"[\t\n]", value)
        if breaks:
            what = "een tab" if breaks.group() == "\t" else "een regelovergang"
            yield (f"een naam of titel staat op één regel, maar hier staat {what} in",
                   "zet de tekst op één regel, tussen aanhalingstekens als hij lang is")
    if kind in (TEXT, LINE):
        yield from _markdown_problems(value)


def _markdown_problems(value: str) -> Iterator[tuple[str, str]]:
    depth, line = nesting(value) if _DEEP_PREFIX.search(value) else (0, 1)
    if depth > MAX_NESTING:
        yield (f"is te diep genest ({depth} niveaus van lijsten en citaten in regel {line} van de tekst; "
               f"de grens is {MAX_NESTING})",
               "maak de lijst minder diep; zet een '\\' voor een '-', '>' of '1.' die geen lijst of citaat is")
    brackets = bracket_depth(value) if value.count("[") > MAX_BRACKET_DEPTH else 0
    if brackets > MAX_BRACKET_DEPTH:
        yield (f"heeft te veel haken [ binnen elkaar ({brackets}; de grens is {MAX_BRACKET_DEPTH})",
               "sluit elke [ met ] voor een nieuwe begint, of schrijf \\[ voor een losse haak")
    for character in "[<":
        count = value.count(character)
        if count > MAX_BRACKETS:
            yield (f"bevat te veel tekens '{character}' ({count}; de grens is {MAX_BRACKETS})",
                   "schrijf de tekst met minder haken, of verdeel hem over meer velden")


def nesting(text: str) -> tuple[int, int]:
    """(an upper bound on the levels of lists and quotes, the 1-based line where it is reached).

    Counts the container markers at the start of each line, plus one level for every two columns of
    indentation before them: whatever the Markdown dialect, a level needs at least that.
    """
    deepest, where = 0, 1
    for number, line in enumerate(text.split("\n"), start=1):
        expanded = line.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip(" "))
        markers, position = 0, 0
        while True:
            match = _CONTAINER.match(expanded, position)
            if match is None or match.end() == position:
                break
            markers += 1
            position = match.end()
        depth = markers + indent // 2
        if depth > deepest:
            deepest, where = depth, number
    return deepest, where


# A backslash with the character it escapes, or a bracket: all that bracket_depth needs to look at.
_BRACKET_OR_ESCAPE = re.compile(r"\\.|[\[\]]", re.DOTALL)


def bracket_depth(text: str) -> int:
    """How deep unescaped square brackets nest; a '[' left open counts until the end of the text."""
    depth = deepest = 0
    for token in _BRACKET_OR_ESCAPE.findall(text):
        if token == "[":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif token == "]" and depth:
            depth -= 1
    return deepest


# ------------------------------------------------------------------------------------------------
# Walking the data along the model
# ------------------------------------------------------------------------------------------------


def _kind(annotation: Any, metadata: list[Any] = ()) -> Any:
    """What an annotation holds: a text kind, a model, ('list', inner), ('dict', key, value), or None."""
    for item in metadata:
        func = getattr(item, "func", None)
        if func in _VALIDATORS:
            return _VALIDATORS[func]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        return _kind(inner, extra)
    if origin in (typing.Union, types.UnionType):
        kinds = [_kind(arg) for arg in typing.get_args(annotation) if arg is not type(None)]
        return kinds[0] if len(kinds) == 1 else None
    if origin is list:
        return ("list", _kind(typing.get_args(annotation)[0]))
    if origin is dict:
        key, value = typing.get_args(annotation)
        return ("dict", _kind(key), _kind(value))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if annotation is str:
        return LINE
    return None


def _fields(model: type[BaseModel]) -> dict[str, Any]:
    cached = _FIELD_KINDS.get(model)
    if cached is None:
        cached = _FIELD_KINDS[model] = {name: _kind(info.annotation, info.metadata)
                                        for name, info in model.model_fields.items()}
    return cached


_FIELD_KINDS: dict[type[BaseModel], dict[str, Any]] = {}


def texts(model: type[BaseModel], data: Any) -> list[tuple[Location, str, str, bool]]:
    """(location, text kind, text, is a mapping key) for every text in `data` the model knows."""
    strings: list[tuple[Location, str, str, bool]] = []
    _walk(model, data, (), strings, [])
    return strings


def _walk(kind: Any, value: Any, location: Location, strings: list, lists: list) -> None:
    """Collect (location, text kind, text, is a mapping key) for every text in `value` the model knows,
    and (location, list) for every list of texts (terms, keys)."""
    if isinstance(kind, str):
        if isinstance(value, str):
            strings.append((location, kind, value, False))
    elif isinstance(kind, type):
        if isinstance(value, dict):
            fields = _fields(kind)
            for key, item in value.items():
                inner = fields.get(key)
                if inner is not None:
                    _walk(inner, item, location + (key,), strings, lists)
    elif kind is None:
        return
    elif kind[0] == "list":
        if isinstance(value, list):
            inner = kind[1]
            if isinstance(inner, str):
                lists.append((location, value))
            for index, item in enumerate(value):
                _walk(inner, item, location + (index,), strings, lists)
    elif isinstance(value, dict):  # ("dict", key kind, value kind)
        for key, item in value.items():
            if isinstance(kind[1], str) and isinstance(key, str):
                strings.append((location + (key,), kind[1], key, True))
            _walk(kind[2], item, location + (key,), strings, lists)


def _duplicate_elements(loaded: Loaded, add) -> None:
    """A working element or context factor named (or keyed) twice in one approach."""
    for kind in ("werkzame_elementen", "contextfactoren"):
        items = loaded.data.get(kind)
        if not isinstance(items, list):
            continue
        first: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict) or not isinstance(item.get("naam"), str):
                continue
            sleutel = item.get("sleutel") if isinstance(item.get("sleutel"), str) else None
            key = element_key(item["naam"], sleutel)
            if len(key) > MAX_WEB_NAME:
                add((kind, index, "naam"), f"de naam geeft een te lang webadres ({len(key)} tekens; "
                    f"de grens is {MAX_WEB_NAME})", "kies een kortere naam, of geef een kortere 'sleutel'")
            if key in first:
                line, _ = loaded.positions.of((kind, first[key], "naam"))
                add((kind, index, "naam"), f"'{item['naam']}' staat twee keer in deze aanpak "
                    f"(eerder op regel {line})", "voeg de twee samen tot één")
            else:
                first[key] = index


def _duplicate_terms(loaded: Loaded, add) -> None:
    """Two terms of one vocabulary list with the same title, two glossary entries with one word."""
    for list_name, terms in loaded.data.items():
        if not isinstance(terms, dict):
            continue
        field = "term" if list_name == "begrippen" else "titel"
        first: dict[str, str] = {}
        for key, term in terms.items():
            if not isinstance(term, dict) or not isinstance(term.get(field), str):
                continue
            word = " ".join(term[field].split()).casefold()
            if word in first:
                line, _ = loaded.positions.of((list_name, first[word], field))
                add((list_name, key, field), f"'{term[field]}' staat al in '{list_name}' (regel {line}, "
                    f"onder '{first[word]}')", "elke term staat één keer in de lijst; voeg de twee samen")
            else:
                first[word] = key
