"""Read a YAML file into plain data plus the line and column of every key and value.

The loader is deliberately stricter than YAML itself, because the files come from many hands:

- every scalar is read as text (or None when empty); the typed model decides what a value means, so
  `no` stays "no" and `2024-01` is not silently turned into something else;
- anchors and aliases (`&`, `*`) are refused, which also rules out alias bombs ("billion laughs");
- tags (`!!python/object`, `!ding`) are refused;
- a key that appears twice in one mapping is an error naming both lines;
- files larger than MAX_BYTES, files that are not UTF-8, tabs used for indentation: clear errors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, format_location

MAX_BYTES = 512 * 1024
NULLS = {"", "~", "null", "Null", "NULL"}

Location = tuple[str | int, ...]


@dataclass
class Positions:
    """Where each value (and each mapping key) stands in the file, by its path in the data."""

    values: dict[Location, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def of(self, location: Location, prefer_key: bool = False) -> tuple[int, int]:
        """The best known position for a location: the item itself, else its nearest parent."""
        loc = tuple(location)
        while True:
            if prefer_key and loc in self.keys:
                return self.keys[loc]
            if loc in self.values:
                return self.values[loc]
            if loc in self.keys:
                return self.keys[loc]
            if not loc:
                return (1, 1)
            loc = loc[:-1]


@dataclass
class Loaded:
    data: Any
    positions: Positions


class _RefusingLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses aliases before any node is built from them."""

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _Refused(event.start_mark, "ankers en verwijzingen (&naam, *naam) zijn niet toegestaan",
                           "schrijf de tekst voluit op elke plek waar hij nodig is")
        return super().compose_node(parent, index)


class _Refused(Exception):
    def __init__(self, mark, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge",
}


def _to_data(node: Node, loc: Location, positions: Positions, problems: list[tuple[Any, Location, str, str]]) -> Any:
    positions.values[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if node.tag not in _STANDARD_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(node.start_mark, f"het label '{tag}' is niet toegestaan",
                       "haal het label met ! weg; waarden zijn gewone tekst, lijsten of groepen")
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULLS:
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_data(child, loc + (i,), positions, problems) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark, "samenvoegen met '<<' is niet toegestaan",
                               "schrijf de velden voluit")
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark, "een sleutel moet een enkel woord zijn, geen lijst of groep")
            key = key_node.value
            key_pos = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if key in first_seen:
                problems.append((key_node.start_mark, loc + (key,),
                                 f"de sleutel '{key}' staat twee keer in dezelfde groep "
                                 f"(eerder op regel {first_seen[key]})",
                                 "houd één van de twee over"))
                continue
            first_seen[key] = key_pos[0]
            positions.keys[loc + (key,)] = key_pos
            result[key] = _to_data(value_node, loc + (key,), positions, problems)
        return result
    raise _Refused(node.start_mark, "onbekend soort YAML-waarde")  # pragma: no cover - PyYAML has three


_SYNTAX_MESSAGES = [
    ("found character '\\t' that cannot start any token",
     "er staat een tab-teken", "spring in met spaties, niet met tabs"),
    ("mapping values are not allowed here",
     "hier mag geen dubbele punt staan",
     "staat er een ': ' in een tekst? Zet de hele tekst dan tussen aanhalingstekens"),
    ("could not find expected ':'",
     "na de sleutel ontbreekt een dubbele punt, of de inspringing klopt niet",
     "schrijf 'sleutel: waarde' en controleer de spaties aan het begin van de regel"),
    ("did not find expected key",
     "de inspringing klopt niet",
     "velden in dezelfde groep beginnen precies onder elkaar"),
    ("did not find expected '-' indicator",
     "een lijst-onderdeel begint niet met '- ' of de inspringing klopt niet",
     "begin elk onderdeel van een lijst met een streepje en een spatie"),
    ("found unexpected end of stream",
     "het bestand houdt op midden in een waarde",
     "is een aanhalingsteken niet gesloten?"),
    ("found undefined tag handle",
     "er staat een onbekend label met '!'", "haal het label weg"),
    ("expected <block end>",
     "de inspringing klopt niet", "velden in dezelfde groep beginnen precies onder elkaar"),
    ("found unknown escape character",
     "onbekende code na een backslash tussen dubbele aanhalingstekens",
     "gebruik enkele aanhalingstekens of schrijf \\\\ voor een backslash"),
    ("expected alphabetic or numeric character",
     "een '&' of '*' aan het begin van een waarde heeft in YAML een speciale betekenis",
     "zet de tekst tussen aanhalingstekens"),
    ("found character that cannot start any token",
     "deze waarde begint met een teken dat in YAML een speciale betekenis heeft (zoals @, ` of %)",
     "zet de tekst tussen aanhalingstekens"),
    ("special characters are not allowed",
     "het bestand bevat een onzichtbaar of ongeldig teken",
     "typ de regel opnieuw of plak hem als platte tekst"),
]


def _syntax_diagnostic(name: str, error: yaml.MarkedYAMLError) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = error.problem or str(error)
    for needle, message, hint in _SYNTAX_MESSAGES:
        if needle in problem:
            return Diagnostic(name, line, col, "", f"YAML-fout: {message}", hint=hint)
    return Diagnostic(name, line, col, "", f"YAML-fout: {problem}",
                      hint="controleer inspringing, dubbele punten en aanhalingstekens op deze regel")


def read_text(path: Path, name: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or the reason it cannot be read (too large, not UTF-8)."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [Diagnostic(name, 1, 1, "", f"het bestand kan niet worden gelezen: {error.strerror}")]
    if len(raw) > MAX_BYTES:
        return None, [Diagnostic(name, 1, 1, "", f"het bestand is te groot ({len(raw) // 1024} KB; "
                                 f"de grens is {MAX_BYTES // 1024} KB)",
                                 hint="zet lange teksten en bijlagen in een publicatie en verwijs ernaar")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        col = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [Diagnostic(name, line, col, "", "het bestand is niet in UTF-8 opgeslagen",
                                 hint="sla het op als UTF-8; de GitHub-editor doet dat vanzelf")]
    return text, []


def load(path: Path, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Load one YAML file: its data and positions, or the diagnostics that explain why not."""
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return loads(text, name)


def loads(text: str, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    loader = _RefusingLoader(text)
    positions = Positions()
    duplicates: list[tuple[Any, Location, str, str]] = []
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded({}, positions), []
        data = _to_data(node, (), positions, duplicates)
    except _Refused as refused:
        return None, [Diagnostic(name, refused.mark.line + 1, refused.mark.column + 1, "", refused.message,
                                 hint=refused.hint)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_diagnostic(name, error)]
    except yaml.YAMLError as error:  # e.g. a reader error without a mark
        return None, [Diagnostic(name, 1, 1, "", f"YAML-fout: {error}")]
    finally:
        loader.dispose()
    diagnostics = [Diagnostic(name, m.line + 1, m.column + 1, format_location(loc), message, hint=hint)
                   for m, loc, message, hint in duplicates]
    if diagnostics:
        return None, diagnostics
    return Loaded(data, positions), []
