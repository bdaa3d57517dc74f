"""Read a YAML file into plain data plus the line and column of every key and value.

The loader is deliberately stricter than YAML itself, because the files come from many hands:

- every scalar is read as text (or None when empty); the typed model decides what a value means, so
  `no` stays "no" and `2024-01` is not silently turned into something else;
- anchors and aliases (`&`, `*`) are refused, an anchor even without an alias, which also rules out
  alias bombs ("billion laughs"): the first anchor stops the loader before any node is built from it;
- tags (`!!python/object`, `!ding`) are refused;
- a key that appears twice in one mapping is an error naming both lines;
- nesting deeper than MAX_DEPTH is refused before it can exhaust the stack;
- files larger than MAX_BYTES, files that are not UTF-8, tabs used for indentation, control
  characters, invisible and bidirectional format characters and noncharacters (typed, or written as
  escapes such as "\\x00" or "\\u202e"): clear errors naming the field, at the character where
  it is typed;
- a symbolic link is never followed: the file itself must be a regular file.

A byte-order mark and Windows line ends are accepted. Lines and columns are counted the way text
editors count them (only \\n, \\r\\n and \\r end a line), from the character offset PyYAML reports, so
they stay right whatever line ends the file uses. Every message is Dutch.
"""

from __future__ import annotations

import bisect
import errno
import itertools
import operator
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping

import yaml
from yaml.events import (AliasEvent, DocumentEndEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent,
                         ScalarEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent, StreamStartEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from . import characters
from .diagnostics import Diagnostic, format_location

MAX_BYTES = 512 * 1024
"""Largest file accepted. The longest approach is about 25 KB."""
MAX_DEPTH = 32
"""Deepest nesting of lists and groups accepted. An approach needs five levels."""
NULLS = {"", "~", "null", "Null", "NULL"}

# YAML 1.1 counts NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR as line ends; editors do not. They
# arrive by copy and paste and mean a line break to a reader: read them as a space, so PyYAML's idea of
# the structure and the editor's stay the same (one character for one, offsets unchanged).
_FOREIGN_LINE_ENDS = str.maketrans({"\x85": " ", "\u2028": " ", "\u2029": " "})
# What a scalar may not contain once escapes are resolved: see characters.py. No editor needs any of it,
# and each can make a text read differently from what it says or break what it is written into. A
# carriage return can only come from a "\\r" escape (YAML turns line ends into line feeds).
_FORBIDDEN_IN_VALUE = characters.FORBIDDEN
_search_forbidden = characters.search_forbidden
_BIDI_CHARACTERS = re.compile(f"[{characters.BIDI}]")
_NONCHARACTER = re.compile(f"[{characters.NONCHARACTERS}]")
_CONTROL_CHARACTER = re.compile(f"[{characters.CONTROL}]")

Location = tuple[str | int, ...]


class _Lines:
    """Turns a character offset into (line, column), both 1-based, counting lines as editors do."""

    def __init__(self, text: str = "") -> None:
        self.text = text
        self.length = len(text)
        if "\r" in text:
            self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
        else:  # the same, several times faster: each line's length and its \n added up
            self.starts = list(itertools.accumulate(map(operator.add, map(len, text.split("\n")),
                                                        itertools.repeat(1)), initial=0))[:-1]

    def without_text(self) -> _Lines:
        """The same line table, without holding on to the file's text."""
        light = _Lines()
        light.length, light.starts = self.length, self.starts
        return light

    def at(self, index: int) -> tuple[int, int]:
        index = max(0, min(index, self.length))
        line = bisect.bisect_right(self.starts, index) - 1
        return line + 1, index - self.starts[line] + 1

    def of_mark(self, mark: Any) -> tuple[int, int]:
        if mark is None:
            return (1, 1)
        return self.at(mark.index)


class _AtLines(Mapping):
    """{location: character offset} read as {location: (line, column)}."""

    def __init__(self, offsets: dict[Location, int], lines: _Lines) -> None:
        self._offsets, self._lines = offsets, lines

    def __getitem__(self, location: Location) -> tuple[int, int]:
        return self._lines.at(self._offsets[location])

    def __contains__(self, location: object) -> bool:
        return location in self._offsets

    def __iter__(self) -> Iterator[Location]:
        return iter(self._offsets)

    def __len__(self) -> int:
        return len(self._offsets)


class Positions:
    """Where each value (and each mapping key) stands in the file, by its path in the data.

    Held as character offsets and turned into (line, column) when asked: most are never asked for.
    """

    def __init__(self, lines: _Lines | None = None) -> None:
        self.lines = lines.without_text() if lines is not None else _Lines()
        self.value_offsets: dict[Location, int] = {}
        self.key_offsets: dict[Location, int] = {}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Positions) and dict(self.values) == dict(other.values) \
            and dict(self.keys) == dict(other.keys)

    __hash__ = None  # type: ignore[assignment] - mutable, compared by content

    # Pickled (generator/check_cache.py keeps checked approaches between runs) as one packed blob,
    # unpacked when first asked: most positions are only ever needed for a message.
    _UNPACKED = ("lines", "value_offsets", "key_offsets")

    def __getstate__(self) -> dict[str, bytes]:
        return {"_packed": self._blob()}

    def pack(self) -> None:
        """Hold the positions as that blob until one is asked for: a tenth of the memory (some 70 MB
        at 1,000 approaches as dicts of offsets, 7 MB packed), for a tenth of a second."""
        packed = self._blob()
        for name in Positions._UNPACKED:
            self.__dict__.pop(name, None)
        self.__dict__["_packed"] = packed

    def _blob(self) -> bytes:
        packed = self.__dict__.get("_packed")
        if packed is None:
            packed = pickle.dumps((self.lines.length, self.lines.starts, self.value_offsets, self.key_offsets),
                                  protocol=pickle.HIGHEST_PROTOCOL)
        return packed

    def __setstate__(self, state: dict[str, bytes]) -> None:
        self.__dict__["_packed"] = state["_packed"]

    def __getattr__(self, name: str) -> Any:
        packed = self.__dict__.get("_packed")
        if packed is None or name not in Positions._UNPACKED:
            raise AttributeError(name)
        length, starts, self.value_offsets, self.key_offsets = pickle.loads(packed)
        self.lines = _Lines()
        self.lines.length, self.lines.starts = length, starts
        del self.__dict__["_packed"]
        return getattr(self, name)

    @property
    def values(self) -> Mapping[Location, tuple[int, int]]:
        return _AtLines(self.value_offsets, self.lines)

    @property
    def keys(self) -> Mapping[Location, tuple[int, int]]:
        return _AtLines(self.key_offsets, self.lines)

    def of(self, location: Location, prefer_key: bool = False) -> tuple[int, int]:
        """The best known position for a location: the item itself, else its nearest parent."""
        loc = tuple(location)
        values, keys = self.value_offsets, self.key_offsets
        while True:
            if prefer_key and loc in keys:
                return self.lines.at(keys[loc])
            if loc in values:
                return self.lines.at(values[loc])
            if loc in keys:
                return self.lines.at(keys[loc])
            if not loc:
                return (1, 1)
            loc = loc[:-1]


@dataclass
class Loaded:
    data: Any
    positions: Positions


class _Refused(Exception):
    def __init__(self, mark, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


class _RefusingLoader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses aliases and deep nesting before building any node."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[override]
        event = self.peek_event()
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            # an anchor alone is refused too: it does nothing without an alias, and it is where one starts
            raise _Refused(event.start_mark, "ankers en verwijzingen (&naam, *naam) zijn niet toegestaan",
                           "schrijf de tekst voluit op elke plek waar hij nodig is")
        if self._depth >= MAX_DEPTH:
            raise _Refused(self.peek_event().start_mark,
                           f"de gegevens zijn te diep genest (meer dan {MAX_DEPTH} niveaus)",
                           "controleer de inspringing en de haakjes [ ] en { }")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Plain scalars that PyYAML's resolver gives a tag outside _STANDARD_TAGS (or the merge tag).
_PLAIN_SPECIAL = {"<<", "=", "!", "&", "*"}


def _load_fast(text: str, lines: _Lines) -> Loaded | None:
    """A clean file read from libyaml's events; None for anything else, which the exact path reads.

    Builds the same data and positions as `_RefusingLoader` + `_to_data`, several times faster.
    libyaml's messages differ from PyYAML's and it accepts tabs where PyYAML does not, so a file
    with a syntax error, a tab, a character PyYAML refuses, an alias, a tag, a merge key, deep
    nesting, a duplicate key or a control character goes the exact way and gets exactly the
    diagnostics it always got.
    """
    foreign = "\x85" in text or "\u2028" in text or "\u2029" in text
    translated = text.translate(_FOREIGN_LINE_ENDS) if foreign else text
    if not yaml.__with_libyaml__ or "\t" in text or yaml.reader.Reader.NON_PRINTABLE.search(translated):
        return None
    positions = Positions(lines)
    values, keys, bad = positions.value_offsets, positions.key_offsets, _search_forbidden
    # A scalar can hold a character the text does not only through an escape, in double quotes: when
    # the text holds none, only those need looking at.
    check_all = bad(translated) is not None
    root: list[Any] = []
    # Open collections: [container, is a mapping, its location, location of the pending mapping value]
    stack: list[list[Any]] = [[root, False, (), None]]
    documents = 0
    parser = None
    try:
        parser = yaml.CBaseLoader(translated)  # used only as libyaml's event parser
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is ScalarEvent or kind is SequenceStartEvent or kind is MappingStartEvent:
                if event.tag is not None or event.anchor is not None or len(stack) > MAX_DEPTH:
                    return None
                top = stack[-1]
                container, is_map, location = top[0], top[1], top[3]
                plain = kind is ScalarEvent and not event.style
                if plain and event.value in _PLAIN_SPECIAL:
                    return None
                index = event.start_mark.index
                if is_map and location is None:  # a key
                    key = event.value
                    if kind is not ScalarEvent or key in container or (
                            (check_all or event.style == '"') and bad(key)):
                        return None
                    location = top[3] = top[2] + (key,)
                    keys[location] = index
                    continue
                if not is_map:
                    location = top[2] + (len(container),) if len(stack) > 1 else ()  # root: ()
                values[location] = index
                if kind is ScalarEvent:
                    if plain and event.value in NULLS:
                        value = None
                    elif (check_all or event.style == '"') and bad(event.value):
                        return None
                    else:
                        value = event.value
                else:
                    value = {} if kind is MappingStartEvent else []
                if is_map:
                    container[location[-1]] = value
                    top[3] = None
                else:
                    container.append(value)
                if kind is not ScalarEvent:
                    stack.append([value, kind is MappingStartEvent, location, None])
            elif kind is SequenceEndEvent or kind is MappingEndEvent:
                stack.pop()
            elif kind is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return None
            elif kind is StreamEndEvent:
                break
            elif kind is not StreamStartEvent and kind is not DocumentEndEvent:
                return None  # an alias, or anything new
    except Exception:  # noqa: BLE001 - whatever it is, the exact path reports it
        return None
    finally:
        if parser is not None:
            parser.dispose()
    if len(root) != 1:
        return None  # an empty file: the exact path knows what that means
    return Loaded(root[0], positions)


_STANDARD_TAGS = {
    "tag:yaml.org,2002:str", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool", "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:merge",
}


@dataclass(frozen=True)
class _Mark:
    """A position in the text, as PyYAML's marks give it (only the character offset is used)."""

    index: int


def forbidden_character(value: str) -> tuple[int, str, str] | None:
    """The first character no editor needs in `value`: (its offset, the Dutch message, a hint), or None."""
    bad = _search_forbidden(value)
    if bad is None:
        return None
    character = bad.group()
    return (bad.start(),) + describe_character(character)


def describe_character(character: str) -> tuple[str, str]:
    """A Dutch message and hint for a character that `forbidden_character` refuses."""
    code = _codepoint(character)
    name = unicodedata.name(character, "")
    shown = f"{code}, '{name}'" if name else code
    if _CONTROL_CHARACTER.match(character):
        return (f"de tekst bevat een onzichtbaar stuurteken ({code})",
                "haal het teken weg; typ de tekst eventueel opnieuw")
    if _BIDI_CHARACTERS.match(character):
        return (f"de tekst bevat een onzichtbaar teken dat de leesrichting verandert ({shown})",
                "haal het teken weg: het laat de tekst anders lezen dan hij er staat")
    if _NONCHARACTER.match(character):
        return (f"de tekst bevat een teken dat in tekst niet mag voorkomen ({code})", "haal het teken weg")
    return (f"de tekst bevat een onzichtbaar teken ({shown})",
            "haal het teken weg; het komt vaak ongemerkt mee bij kopiëren en plakken")


def _check_characters(node: Node, value: str, loc: Location, lines: _Lines,
                      problems: list[tuple[Any, Location, str, str]]) -> None:
    """Report the first forbidden character of a scalar where it is typed (else at the scalar)."""
    found = forbidden_character(value)
    if found is None:
        return
    _, message, hint = found
    character = value[found[0]]
    start, end = node.start_mark.index, node.end_mark.index if node.end_mark is not None else node.start_mark.index
    typed = lines.text.find(character, start, max(end, start + 1))
    problems.append((_Mark(typed) if typed >= 0 else node.start_mark, loc, message, hint))


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


def _to_data(node: Node, loc: Location, positions: Positions, lines: _Lines,
             problems: list[tuple[Any, Location, str, str]]) -> Any:
    positions.value_offsets[loc] = node.start_mark.index
    if node.tag not in _STANDARD_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise _Refused(node.start_mark, f"het label '{tag}' is niet toegestaan",
                       "haal het label met ! weg; waarden zijn gewone tekst, lijsten of groepen")
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULLS:
            return None
        _check_characters(node, node.value, loc, lines, problems)
        return node.value
    if isinstance(node, SequenceNode):
        return [_to_data(child, loc + (i,), positions, lines, problems) for i, child in enumerate(node.value)]
    if isinstance(node, MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node.start_mark, "samenvoegen met '<<' is niet toegestaan",
                               "schrijf de velden voluit")
            if not isinstance(key_node, ScalarNode):
                raise _Refused(key_node.start_mark, "een sleutel moet een enkel woord zijn, geen lijst of groep")
            if key_node.tag not in _STANDARD_TAGS:
                tag = key_node.tag.replace("tag:yaml.org,2002:", "!!")
                raise _Refused(key_node.start_mark, f"het label '{tag}' is niet toegestaan",
                               "haal het label met ! weg")
            key = key_node.value
            _check_characters(key_node, key, loc + (key,), lines, problems)
            key_pos = lines.of_mark(key_node.start_mark)
            key_offset = key_node.start_mark.index
            if key in first_seen:
                problems.append((key_node.start_mark, loc + (key,),
                                 f"de sleutel '{key}' staat twee keer in dezelfde groep "
                                 f"(eerder op regel {first_seen[key]})",
                                 "houd één van de twee over"))
                continue
            first_seen[key] = key_pos[0]
            positions.key_offsets[loc + (key,)] = key_offset
            result[key] = _to_data(value_node, loc + (key,), positions, lines, problems)
        return result
    raise _Refused(node.start_mark, "onbekend soort YAML-waarde")  # pragma: no cover - PyYAML has three


# PyYAML's problems (and, where the problem alone is vague, its context) in Dutch. Matched by
# substring, first match wins; anything else gets the general message at the end.
_QUOTE_HINT = "zet de tekst tussen aanhalingstekens"
_INDENT_HINT = "velden in dezelfde groep beginnen precies onder elkaar"
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
     "de inspringing klopt niet", _INDENT_HINT),
    ("did not find expected '-' indicator",
     "een lijst-onderdeel begint niet met '- ' of de inspringing klopt niet",
     "begin elk onderdeel van een lijst met een streepje en een spatie"),
    ("did not find expected node content",
     "hier ontbreekt een waarde", "staat er een los streepje of een dubbele punt aan het eind van de regel?"),
    ("expected the node content",
     "hier ontbreekt een waarde", "is een haakje [ of { niet gesloten, of staat er een los teken?"),
    ("found unexpected end of stream",
     "het bestand houdt op midden in een waarde", "is een aanhalingsteken niet gesloten?"),
    ("found unexpected document separator",
     "een regel met '---' of '...' staat midden in een tekst tussen aanhalingstekens",
     "sluit het aanhalingsteken vóór die regel"),
    ("found undefined tag handle",
     "er staat een onbekend label met '!'", "haal het label weg"),
    ("found non-specific tag",
     "er staat een los '!'-teken", _QUOTE_HINT),
    ("expected <block end>",
     "de inspringing klopt niet", _INDENT_HINT),
    ("found unknown escape character",
     "onbekende code na een backslash tussen dubbele aanhalingstekens",
     "gebruik enkele aanhalingstekens of schrijf \\\\ voor een backslash"),
    ("expected escape sequence of",
     "onvolledige code na een backslash tussen dubbele aanhalingstekens",
     "gebruik enkele aanhalingstekens of schrijf \\\\ voor een backslash"),
    ("expected alphabetic or numeric character",
     "een '&' of '*' aan het begin van een waarde heeft in YAML een speciale betekenis", _QUOTE_HINT),
    ("that cannot start any token",
     "deze waarde begint met een teken dat in YAML een speciale betekenis heeft (zoals @, ` of %)",
     _QUOTE_HINT),
    ("expected ',' or ']'",
     "in een lijst tussen [ ] ontbreekt een komma of het sluithaakje ]", _QUOTE_HINT),
    ("expected ',' or '}'",
     "in een groep tussen { } ontbreekt een komma of het sluithaakje }", _QUOTE_HINT),
    ("mapping keys are not allowed here",
     "een vraagteken met spatie ('? ') heeft hier in YAML een speciale betekenis", _QUOTE_HINT),
    ("sequence entries are not allowed here",
     "hier mag geen lijst-onderdeel ('- ') beginnen",
     "begin een lijst op een nieuwe regel, onder de sleutel"),
    ("invalid indentation or unclosed",
     "de inspringing klopt niet of een haakje [ of { is niet gesloten", _INDENT_HINT),
    ("expected a single document", "het bestand bevat meer dan één document",
     "haal de regel met '---' weg; één aanpak per bestand"),
    ("but found another document", "het bestand bevat meer dan één document",
     "haal de regel met '---' weg; één aanpak per bestand"),
    ("expected '<document start>'", "na een regel met '%' moet een regel met '---' volgen",
     "haal de regel die met % begint weg"),
    ("incompatible YAML document", "deze YAML-versie wordt niet ondersteund",
     "haal de regel die met %YAML begint weg"),
    ("duplicate YAML directive", "de regel %YAML staat er twee keer",
     "haal de regels die met % beginnen weg"),
    ("duplicate tag handle", "een %TAG-regel staat er twee keer", "haal de regels die met % beginnen weg"),
    ("while scanning a directive", "een regel die met % begint, is geen geldige YAML-aanwijzing",
     "zet een tekst die met % begint tussen aanhalingstekens"),
    ("block scalar", "een tekstblok na '|' of '>' is niet goed ingesprongen of aangeduid",
     "schrijf '|' of '>' (eventueel met - erachter) en spring de tekst eronder in"),
    ("while scanning an anchor", "een '&' aan het begin van een waarde heeft in YAML een speciale betekenis",
     _QUOTE_HINT),
    ("while scanning an alias", "een '*' aan het begin van een waarde heeft in YAML een speciale betekenis",
     _QUOTE_HINT),
    ("tag", "een '!' aan het begin van een waarde heeft in YAML een speciale betekenis", _QUOTE_HINT),
    ("quoted scalar", "een tekst tussen aanhalingstekens is niet goed afgesloten",
     "sluit het aanhalingsteken, of verdubbel een ' binnen enkele aanhalingstekens"),
    ("simple key", "na de sleutel ontbreekt een dubbele punt, of de sleutel is te lang",
     "schrijf 'sleutel: waarde' op één regel"),
    ("special characters are not allowed",
     "het bestand bevat een onzichtbaar of ongeldig teken",
     "typ de regel opnieuw of plak hem als platte tekst"),
]
_GENERAL = ("het bestand is hier geen geldige YAML",
            "controleer inspringing, dubbele punten en aanhalingstekens op deze regel")


# PyYAML notices a missing ':', an unclosed quote or an unclosed [ or { lines later; the editor's
# mistake is where the key, the quoted text or the bracket began, which PyYAML gives as the context
# mark. The diagnostic stands there and also names the line where reading stopped.
_CONTEXT_AT_START = ("while scanning a simple key", "while scanning a quoted scalar",
                     "while parsing a flow sequence", "while parsing a flow mapping")
_NAME_WHERE_IT_STOPPED = _CONTEXT_AT_START[1:]


def _syntax_diagnostic(name: str, error: yaml.MarkedYAMLError, lines: _Lines) -> Diagnostic:
    diagnostic = _syntax_at(name, error, lines)
    if error.context in _NAME_WHERE_IT_STOPPED and error.context_mark is not None and error.problem_mark is not None:
        stopped = lines.of_mark(error.problem_mark)[0]
        if stopped != diagnostic.line:
            where = f"dit begint op regel {diagnostic.line}; het bestand loopt vast op regel {stopped}"
            hint = f"{where}; {diagnostic.hint}" if diagnostic.hint else where
            return Diagnostic(diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.path,
                              diagnostic.message, hint=hint)
    return diagnostic


def _syntax_at(name: str, error: yaml.MarkedYAMLError, lines: _Lines) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    if error.context_mark is not None and error.context in _CONTEXT_AT_START:
        mark = error.context_mark
    line, col = lines.of_mark(mark)
    problem = error.problem or ""
    context = error.context or ""
    if "'\\t'" in problem and mark is not None and lines.text[lines.starts[line - 1]:mark.index].strip():
        return Diagnostic(name, line, col, "", "YAML-fout: er staat een tab-teken midden in een waarde",
                          hint="vervang de tab door een spatie, of zet de tekst tussen aanhalingstekens")
    for text in (problem, context):
        for needle, message, hint in _SYNTAX_MESSAGES:
            if needle in text:
                return Diagnostic(name, line, col, "", f"YAML-fout: {message}", hint=hint)
    message, hint = _GENERAL
    return Diagnostic(name, line, col, "", f"YAML-fout: {message}", hint=hint)


def symlink_diagnostic(name: str) -> Diagnostic:
    """The error for a symbolic link where a file or folder of the project belongs."""
    return Diagnostic(name, 1, 1, "", "dit is een symbolische koppeling (symlink); die wordt niet gevolgd",
                      hint="zet het bestand of de map zelf in het project in plaats van een koppeling ernaar")


def read_text(path: Path, name: str) -> tuple[str | None, list[Diagnostic]]:
    """The file's text, or the reason it cannot be read (too large, not UTF-8)."""
    if path.is_symlink():
        return None, [symlink_diagnostic(name)]
    try:
        # O_NOFOLLOW: a link put in place after the check above is not followed either
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return None, [symlink_diagnostic(name)]
        return None, [Diagnostic(name, 1, 1, "", f"het bestand kan niet worden gelezen ({error.strerror})")]
    if len(raw) > MAX_BYTES:
        size = path.stat().st_size
        return None, [Diagnostic(name, 1, 1, "", f"het bestand is te groot ({size // 1024} KB; "
                                 f"de grens is {MAX_BYTES // 1024} KB)",
                                 hint="zet lange teksten en bijlagen in een publicatie en verwijs ernaar")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        start_of_line = raw.rfind(b"\n", 0, error.start) + 1
        col = len(raw[start_of_line:error.start].decode("utf-8", "replace")) + 1
        if raw.startswith(b"\xef\xbb\xbf") and line == 1:
            col -= 1
        return None, [Diagnostic(name, line, col, "", f"het bestand is niet in UTF-8 opgeslagen "
                                 f"(ongeldige byte 0x{raw[error.start]:02X})",
                                 hint="sla het op als UTF-8; de GitHub-editor doet dat vanzelf")]
    return text, []


def load(path: Path, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Load one YAML file: its data and positions, or the diagnostics that explain why not."""
    text, problems = read_text(path, name)
    if text is None:
        return None, problems
    return loads(text, name)


def loads(text: str, name: str) -> tuple[Loaded | None, list[Diagnostic]]:
    """Load YAML text; never raises for bad input."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = _Lines(text)
    fast = _load_fast(text, lines)
    if fast is not None:
        return fast, []
    positions = Positions(lines)
    refused: list[tuple[Any, Location, str, str]] = []  # duplicate keys, forbidden characters
    loader = None
    try:
        loader = _RefusingLoader(text.translate(_FOREIGN_LINE_ENDS))
        node = loader.get_single_node()
        if node is None:
            return Loaded({}, positions), []
        data = _to_data(node, (), positions, lines, refused)
    except _Refused as refused:
        line, col = lines.of_mark(refused.mark)
        return None, [Diagnostic(name, line, col, "", refused.message, hint=refused.hint)]
    except yaml.reader.ReaderError as error:
        line, col = lines.at(error.position)
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        return None, [Diagnostic(name, line, col, "", f"YAML-fout: het bestand bevat een onzichtbaar of "
                                 f"ongeldig teken ({_codepoint(character[:1] or '?')})",
                                 hint="haal het teken weg; typ de regel eventueel opnieuw")]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_diagnostic(name, error, lines)]
    except yaml.YAMLError:
        message, hint = _GENERAL
        return None, [Diagnostic(name, 1, 1, "", f"YAML-fout: {message}", hint=hint)]
    finally:
        if loader is not None:
            loader.dispose()
    diagnostics = []
    for mark, loc, message, hint in refused:
        line, col = lines.of_mark(mark)
        diagnostics.append(Diagnostic(name, line, col, format_location(loc), message, hint=hint))
    if diagnostics:
        return None, diagnostics
    return Loaded(data, positions), []
