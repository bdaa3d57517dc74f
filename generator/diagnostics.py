"""Diagnostics: what is wrong (or worth a second look) in which file, at which line and column.

Every stage of the pipeline reports problems as `Diagnostic` values instead of raising, so that one
run can show every problem of every file. Messages are Dutch: they are read by editors.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

from . import characters

Severity = Literal["fout", "waarschuwing"]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem, positioned in a source file (line and column are 1-based)."""

    file: str
    line: int
    column: int
    path: str
    message: str
    severity: Severity = "fout"
    hint: str = field(default="", compare=False)

    def format(self) -> str:
        """One line: `file:line:col: path: message (hint)`, every value in it shown by `one_line`."""
        where = f"{one_line(self.file)}:{self.line}:{self.column}"
        label = "" if self.severity == "fout" else "waarschuwing: "
        text = f"{where}: {label}{self._what()}"
        if text.lstrip().startswith("::"):  # never a workflow command, whatever the file is called
            text = "\\" + text
        return text

    def _what(self) -> str:
        what = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            what += f" ({self.hint})"
        return one_line(what)

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line.

        `::error file=...,line=...,col=...::message`. The text is first put on one line by `one_line`;
        then the message escapes %, CR and LF, and property values also ':' and ',' (as the Actions
        toolkit's command.ts does), so no value can end the command or start another.
        """
        kind = "error" if self.severity == "fout" else "warning"
        what = self._what()
        return (f"::{kind} file={_escape_property(one_line(self.file))},line={self.line},col={self.column}"
                f"::{_escape_data(what)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_character(match: re.Match) -> str:
    character = match.group()
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """Text from the data as it may be printed in a terminal or a CI log: on one line, and as it is.

    Line breaks, tabs, control characters (a terminal's escape sequences among them), invisible and
    bidirectional characters become visible escapes such as `\\n` and `\\u202e`. The runner of
    GitHub Actions also reads `##[command]` anywhere in a line as a command: its bracket is escaped.
    """
    text = str(text)
    if characters.has_unprintable(text):
        text = characters.UNPRINTABLE.sub(_escape_character, text)
    return text.replace("##[", "##\\[")


class Diagnostics:
    """An ordered collection of diagnostics with helpers to ask about errors.

    Sorted once, when first asked for in order after a change, however often errors, warnings or the
    report are asked for: printing thousands of diagnostics costs one sort.
    """

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self.items: list[Diagnostic] = list(items)
        self._sorted: tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]] | None = None

    def add(self, item: Diagnostic) -> None:
        self.items.append(item)
        self._sorted = None

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)
        self._sorted = None

    def _in_order(self) -> tuple[list[Diagnostic], list[Diagnostic], list[Diagnostic]]:
        """(errors, warnings, all), each sorted; `items` appended to directly is noticed too."""
        if self._sorted is None or len(self._sorted[2]) != len(self.items):
            ordered = sorted(self.items)
            self._sorted = ([d for d in ordered if d.severity == "fout"],
                            [d for d in ordered if d.severity == "waarschuwing"], ordered)
        return self._sorted

    @property
    def errors(self) -> list[Diagnostic]:
        """The errors, sorted (the same list until the next change: read it, do not change it)."""
        return self._in_order()[0]

    @property
    def warnings(self) -> list[Diagnostic]:
        """The warnings, sorted (the same list until the next change: read it, do not change it)."""
        return self._in_order()[1]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(self._in_order()[2])

    def report(self) -> str:
        """All diagnostics, errors first, followed by a Dutch summary line."""
        errors, warnings, _ = self._in_order()
        lines = [d.format() for d in errors + warnings]
        lines.append(summary(len(errors), len(warnings)))
        return "\n".join(lines)


def summary(errors: int, warnings: int) -> str:
    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    return f"{count(errors, 'fout', 'fouten')}, {count(warnings, 'waarschuwing', 'waarschuwingen')}."


class ProjectError(Exception):
    """Raised when the project cannot be turned into a site; carries every diagnostic found."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__(diagnostics.report())
        self.diagnostics = diagnostics

    def __reduce__(self):  # pickled as it was made (a build's stage may raise it in another process)
        return (ProjectError, (self.diagnostics,))


SUGGEST_FROM = 200
"""With more choices than this, a suggestion is looked for among those that begin alike and are about as
long: thousands of misspelt references to thousands of approaches must not cost millions of comparisons."""


def suggest(word: str, choices: Iterable[str]) -> str:
    """A Dutch 'bedoelde u ...?' hint for the choice closest to `word`, or '' when none is close."""
    word = str(word).lower()
    candidates = sorted(set(choices))
    if len(candidates) > SUGGEST_FROM:
        candidates = [c for c in candidates if c[:1] == word[:1] and 0.6 * len(word) <= len(c) <= len(word) / 0.6]
        candidates = candidates[:SUGGEST_FROM]  # difflib's ratio() >= 0.6 needs about as long
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return f"bedoelde u '{matches[0]}'?" if matches else ""


def format_location(location: Iterable[str | int]) -> str:
    """A data path as editors read it: `werkzame_elementen[0].naam`."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def relative_name(path: Path, root: Path) -> str:
    """The path as editors see it in the repository: relative to the project, with forward slashes."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
