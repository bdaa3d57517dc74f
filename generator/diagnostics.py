"""Diagnostics: what is wrong (or worth a second look) in which file, at which line and column.

Every stage of the pipeline reports problems as `Diagnostic` values instead of raising, so that one
run can show every problem of every file. Messages are Dutch: they are read by editors.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Literal

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
        where = f"{self.file}:{self.line}:{self.column}"
        what = f"{self.path}: {self.message}" if self.path else self.message
        label = "" if self.severity == "fout" else "waarschuwing: "
        text = f"{where}: {label}{what}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command, shown on the changed line.

        `::error file=...,line=...,col=...::message`; the message escapes %, CR and LF, and property
        values also ':' and ',' (as the Actions toolkit's command.ts does).
        """
        kind = "error" if self.severity == "fout" else "warning"
        what = f"{self.path}: {self.message}" if self.path else self.message
        if self.hint:
            what += f" ({self.hint})"
        return (f"::{kind} file={_escape_property(self.file)},line={self.line},col={self.column}"
                f"::{_escape_data(what)}")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


class Diagnostics:
    """An ordered collection of diagnostics with helpers to ask about errors."""

    def __init__(self, items: Iterable[Diagnostic] = ()) -> None:
        self.items: list[Diagnostic] = list(items)

    def add(self, item: Diagnostic) -> None:
        self.items.append(item)

    def extend(self, items: Iterable[Diagnostic]) -> None:
        self.items.extend(items)

    @property
    def errors(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.severity == "fout")

    @property
    def warnings(self) -> list[Diagnostic]:
        return sorted(d for d in self.items if d.severity == "waarschuwing")

    def __bool__(self) -> bool:
        return bool(self.items)

    def __iter__(self):
        return iter(sorted(self.items))

    def report(self) -> str:
        """All diagnostics, errors first, followed by a Dutch summary line."""
        lines = [d.format() for d in self.errors + self.warnings]
        lines.append(summary(len(self.errors), len(self.warnings)))
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


def suggest(word: str, choices: Iterable[str]) -> str:
    """A Dutch 'bedoelde u ...?' hint for the choice closest to `word`, or '' when none is close."""
    matches = difflib.get_close_matches(str(word).lower(), sorted(set(choices)), n=1, cutoff=0.6)
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
