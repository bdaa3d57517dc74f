"""Citations at the claim: `[@bron-id]`, `[@bron-id, p. 12]`, `[@a; @b, § 3.2]` in any text of an approach.

An editor cites a source where a claim is made, by the `id` of an entry in the approach's `bronnen`,
optionally with a place in it (page, section, table). This module holds everything about that syntax:

- `find` reads the citations in a text; `check` turns problems into positioned diagnostics: a citation
  of a source that is not in `bronnen` is an error, a paragraph or list item with a figure or an effect
  claim and no citation is a warning;
- `link` turns the citations in a page's HTML into numbered links to the Bronnen section (sources are
  numbered in the order of `bronnen`); `strip` removes them from plain text (descriptions, excerpts);
- `references` lists them for the open data.

The syntax survives Markdown unchanged (square brackets without a link target stay text), so the
same functions work on a field's Markdown and on the HTML made from it.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Sequence

from .diagnostics import Diagnostic, format_location, suggest

# `[@` ... `]` on one line, not followed by `(` (that would be a Markdown link).
REFERENCE = re.compile(r"\[(@[^\[\]\n]*)\](?!\()")


def _is_definition(text: str, match: re.Match) -> bool:
    """`[@x]: url` at the start of a line (up to three spaces in) is a Markdown reference definition."""
    line_start = text.rfind("\n", 0, match.start()) + 1
    return text[match.end():match.end() + 1] == ":" and len(text[line_start:match.start()].strip(" ")) == 0 \
        and match.start() - line_start <= 3


def _references(text: str) -> Iterator[re.Match]:
    return (m for m in REFERENCE.finditer(text) if not _is_definition(text, m))


_ONE = re.compile(r"^@(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\s*,\s*(?P<plaats>\S.*?))?\s*$")
_ID_LIKE = re.compile(r"@\s*([^\s,;\]]*)")


@dataclass(frozen=True)
class Citation:
    bron: str
    plaats: str | None = None


@dataclass(frozen=True)
class Reference:
    """One bracketed reference in a text: where it stands and what it cites (one or more sources)."""

    start: int
    end: int
    text: str
    citations: tuple[Citation, ...]
    problem: str = ""  # why it cannot be read, when it cannot

    @property
    def ok(self) -> bool:
        return not self.problem


def find(text: str) -> list[Reference]:
    """Every `[@...]` reference in a text, read or with the reason it cannot be read."""
    if "[@" not in text:
        return []
    found = []
    for match in _references(text):
        citations, problem = [], ""
        for part in match.group(1).split(";"):
            one = _ONE.match(part.strip())
            if one is None:
                problem = problem or _why(part.strip())
                continue
            citations.append(Citation(one.group("id"), one.group("plaats")))
        found.append(Reference(match.start(), match.end(), match.group(0), tuple(citations), problem))
    return found


def has_reference(text: str) -> bool:
    """Whether a text holds a `[@...]` reference (readable or not): `bool(find(text))`, but quicker."""
    return "[@" in text and next(_references(text), None) is not None


def _why(part: str) -> str:
    if not part.startswith("@"):
        return f"'{part}' begint niet met @"
    key = _ID_LIKE.match(part)
    if key is None or not key.group(1):
        return "na @ hoort de id van een bron"
    return f"'{key.group(1)}' is geen geldige id (kleine letters, cijfers en koppeltekens)"


def strip(text: str) -> str:
    """The text without its citations, for plain one-line uses (descriptions, summaries in lists)."""
    if "[@" not in text:
        return text
    kept, last = [], 0
    for match in _references(text):
        kept.append(text[last:match.start()])
        last = match.end()
    kept.append(text[last:])
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", "".join(kept)).replace("  ", " ")


_SPACE_BEFORE_PUNCTUATION = re.compile(r"[ \t]+([.,;:!?)])")


# --- On the page ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Numbered:
    """A source as the page lists it: its number in the Bronnen section and a short label."""

    number: int
    label: str


def numbering(bronnen: Sequence[Any]) -> dict[str, Numbered]:
    """Sources numbered 1, 2, ... in the order of `bronnen`, each with its title for screen readers."""
    return {b.id: Numbered(i, b.titel) for i, b in enumerate(bronnen, start=1)}


_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([a-zA-Z0-9]+)")
_SKIP = {"code", "pre", "script", "style", "textarea", "title"}
# Where a tag of one of them could start (anywhere in the page: a false find only costs the slower walk).
_SKIP_TAG = re.compile(r"</?\s*(?:%s)(?![a-zA-Z0-9])" % "|".join(sorted(_SKIP)), re.I)


def link(page_html: str, sources: dict[str, Numbered], href_prefix: str = "") -> str:
    """Every citation in the text of a page's HTML as a numbered link to its source.

    Only text between tags is touched (never an attribute, never code). `[@a; @b, p. 4]` becomes
    `<sup class="gk-bronref">[<a href="#bron-a">1</a>; <a href="#bron-b">2, p. 4</a>]</sup>`; each link's
    accessible name holds its visible text ("bron 2, p. 4: <title>", WCAG's label in name). A
    citation of an unknown source (validation refuses it) is left as text.
    """
    if "[@" not in page_html:
        return page_html
    parts = _TAG_OR_TEXT.split(page_html)
    if not _SKIP_TAG.search(page_html):  # no element to skip: every text part is looked at (most pages)
        parts[::2] = [_link_text(part, sources, href_prefix) if "[@" in part else part for part in parts[::2]]
        return "".join(parts)
    skipping: list[str] = []
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            name = _TAG_NAME.match(part)
            if name and name.group(1).lower() in _SKIP and not part.endswith("/>"):
                if part.startswith("</"):
                    if skipping and skipping[-1] == name.group(1).lower():
                        skipping.pop()
                else:
                    skipping.append(name.group(1).lower())
            continue
        if not skipping and "[@" in part:
            parts[i] = _link_text(part, sources, href_prefix)
    return "".join(parts)


def linked(reference: str, sources: dict[str, Numbered], href_prefix: str = "") -> str | None:
    """The HTML of one citation (`[@a; @b, p. 4]`, as plain text), or None when it cannot be linked
    (unreadable, or a source that is not in `sources`: validation reports both)."""
    found = find(reference)
    if not found or not found[0].ok or any(c.bron not in sources for c in found[0].citations):
        return None
    links = []
    for citation in found[0].citations:
        source = sources[citation.bron]
        visible = str(source.number) + (f", {citation.plaats}" if citation.plaats else "")
        name = f"bron {visible}: {source.label}"
        links.append(f'<a href="{html.escape(href_prefix)}#bron-{citation.bron}" '
                     f'aria-label="{html.escape(name, quote=True)}">{html.escape(visible, quote=False)}</a>')
    return f'<sup class="gk-bronref" data-pagefind-ignore>[{"; ".join(links)}]</sup>'


_SPACE_AND_REFERENCE = re.compile(r"\s*" + REFERENCE.pattern)


def _link_text(text: str, sources: dict[str, Numbered], href_prefix: str) -> str:
    # The text is HTML text: entities stay entities. Locators are shown as they are (already escaped).
    def replace(match: re.Match) -> str:
        return linked(html.unescape(match.group(0)).strip(), sources, href_prefix) or match.group(0)

    # "werk [@a]." reads as "werk[1].": the space (or line end) before a citation goes with it. (In HTML text a
    # reference definition has already been taken by Markdown, so every match here is a citation.)
    return _SPACE_AND_REFERENCE.sub(replace, text)


class Linker:
    """The citations of one page: `linker(html)` links every citation in a page's HTML (`link`),
    `linker.one(reference)` gives the HTML of a single citation written as plain text (`linked`)."""

    def __init__(self, sources: dict[str, Numbered], href_prefix: str = "") -> None:
        self.sources, self.href_prefix = sources, href_prefix
        self._done: dict[str, str | None] = {}  # a page cites the same source in the same words often

    def __call__(self, page_html: str) -> str:
        return link(page_html, self.sources, self.href_prefix)

    def one(self, reference: str) -> str | None:
        if reference not in self._done:
            self._done[reference] = linked(reference, self.sources, self.href_prefix)
        return self._done[reference]


# --- Open data --------------------------------------------------------------------------------------

def references(data: Any, location: tuple[str | int, ...] = ()) -> list[dict[str, str]]:
    """Every citation in an approach's data (a `model_dump()`), with the field it stands in."""
    found: list[dict[str, str]] = []
    for path, text in _cited_texts(data, location, []):
        for reference in find(text):
            for citation in reference.citations:
                item = {"veld": format_location(path), "bron": citation.bron}
                if citation.plaats:
                    item["plaats"] = citation.plaats
                found.append(item)
    return found


def _cited_texts(data: Any, location: tuple[str | int, ...],
                 found: list[tuple[tuple[str | int, ...], str]]) -> list[tuple[tuple[str | int, ...], str]]:
    """The texts of `texts` that hold `[@`, in the same order, gathered into `found`: the open data asks
    this of every approach, and most of an approach's values are short texts without a citation."""
    if isinstance(data, str):
        if "[@" in data:
            found.append((location, data))
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "bronnen":
                _cited_texts(value, location + (key,), found)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            _cited_texts(value, location + (index,), found)
    return found


def texts(data: Any, location: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, str):
        yield location, data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key != "bronnen":
                yield from texts(value, location + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from texts(value, location + (index,))


# --- Validation -------------------------------------------------------------------------------------

# Texts that make claims; names, labels, addresses and the sources themselves do not need a citation.
CLAIM_FIELDS = {"samenvatting", "doel", "beschrijving", "toelichting", "omschrijving", "onderzoek", "duur",
                "wat_is_het", "wat_vraagt_het", "wat_kost_het", "wat_levert_het_op", "wanneer"}
# Groups whose items name their source in a `bron:` field: a text there is cited by it.
_CITED_BY_FIELD = {"resultaten", "baten"}

_NUMBER = re.compile(r"(?<![\w@-])(\d+(?:[.,]\d+)*)(?:\s*(%|procent\b|euro\b)|(?P<ordinal>e|ste|de)\b|\b)", re.I)
_NOT_A_FIGURE_BEFORE = re.compile(r"(?:artikel|art\.|bijlage|hoofdstuk|paragraaf|§|stap|fase|nummer|nr\.)\s*$", re.I)
EFFECT_WORDS = (
    "helpt", "helpen", "hielp", "hielpen", "geholpen", "effect", "effecten", "effectief", "effectieve",
    "effectiviteit", "leidt tot", "leiden tot", "leidde tot", "leidden tot", "draagt bij", "dragen bij",
    "bijdraagt", "bijdragen", r"verbeter\w*", "vergroot", "vergroten", "verhoogt", "verhogen", "verkleint",
    "verkleinen", "vermindert", "verminderen", "verlaagt", "verlagen", "verkort", "verkorten", "versnelt",
    "versnellen", r"succesvol\w*", "sneller", "vaker", "minder vaak", "meer kans", "kans op")
"""Words and phrases that claim an effect (regular expressions, matched as whole words, any case)."""
# The lookahead on the first letters lets the search skip most positions without trying every word.
EFFECT = re.compile(rf"(?=[{''.join(sorted({w[0] for w in EFFECT_WORDS}))}])\b(?:{'|'.join(EFFECT_WORDS)})\b", re.I)


def figures(text: str) -> list[str]:
    """The figures in a text: numbers, amounts and percentages; not years, ordinals or references."""
    plain = _without_links(strip(text))
    found = []
    for match in _NUMBER.finditer(plain):
        number = match.group(1)
        if match.group("ordinal") and not match.group(2):
            continue  # "2e spoor", "1ste gesprek"
        if re.fullmatch(r"(19|20)\d\d", number) and not match.group(2):
            continue  # a year
        if _after_reference_word(plain, match.start()):
            continue  # "bijlage 4", "artikel 7:658"
        found.append(match.group(0).strip())
    return found


_LONGEST_REFERENCE_WORD = max(len(w) for w in ("artikel", "art.", "bijlage", "hoofdstuk", "paragraaf", "§", "stap",
                                                 "fase", "nummer", "nr."))


def _after_reference_word(text: str, start: int) -> bool:
    """Whether text[:start] ends in a word that makes a number a reference ("bijlage 4"), spaces
    allowed in between; looks back a few characters only, so a long text costs no more per number."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return _NOT_A_FIGURE_BEFORE.search(text[max(end - _LONGEST_REFERENCE_WORD, 0):end]) is not None


def _without_links(text: str) -> str:
    return _LINK_TARGET.sub("]", text)


_LINK_TARGET = re.compile(r"\]\([^)]*\)|https?://\S+|mailto:\S+")


_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def claim(text: str) -> str:
    """What in a paragraph needs a source: its first figure or effect word, or '' when nothing does."""
    text = _LIST_MARKER.sub("", text, count=1)  # a list item's marker is no figure
    numbers = figures(text)
    if numbers:
        return f"het cijfer '{numbers[0]}'"
    effect = EFFECT.search(strip(text))
    return f"de uitspraak '{effect.group(0)}'" if effect else ""


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The paragraphs and list items of a Markdown text, each with its first line's index in the text."""
    block: list[str] = []
    first = 0
    for index, line in enumerate(text.split("\n")):
        item = re.match(r"\s*(?:[-*+]|\d+[.)])\s+", line)
        if not line.strip() or item:
            if block:
                yield first, "\n".join(block)
            block, first = ([line], index) if item else ([], index + 1)
        else:
            if not block:
                first = index
            block.append(line)
    if block:
        yield first, "\n".join(block)


def check(source: Any, project_root: Path) -> list[Diagnostic]:
    """Citation problems of one validated approach (`validate.Source`), positioned in its file."""
    aanpak = source.aanpak
    known = {b.id for b in aanpak.bronnen}
    ids = sorted(known)
    example = f"[@{ids[0]}]" if ids else "[@bron-id]"
    raw: list[_Raw] = []  # the file's text, read at the first problem (most approaches have none)
    out: list[Diagnostic] = []

    def at(location: tuple[str | int, ...], needle: str, skip_lines: int = 0) -> tuple[int, int, str]:
        if not raw:
            raw.append(_raw_lines(project_root / source.file))
        line, col = source.where(*location)
        return _locate(raw[0], line, col, needle, skip_lines) + (format_location(location),)

    for location, text in texts(aanpak.model_dump(mode="json"), ()):
        for reference in find(text):
            if not reference.ok:
                out.append(Diagnostic(source.file, *at(location, reference.text),
                                      f"de bronverwijzing '{reference.text}' is niet leesbaar: {reference.problem}",
                                      hint=f"schrijf {example}, of met een plaats: [@{ids[0] if ids else 'bron-id'}, p. 12]"))
                continue
            for citation in reference.citations:
                if citation.bron not in known:
                    hint = suggest(citation.bron, known) or (
                        f"bekende ids: {', '.join(ids)}" if ids else "zet de bron eerst onder 'bronnen:' met een id")
                    out.append(Diagnostic(source.file, *at(location, reference.text),
                                          f"de bronverwijzing '{reference.text}' noemt bron '{citation.bron}', "
                                          "maar die staat niet in 'bronnen'", hint=hint))
        # without any source the 'no sources' warning says it all: one problem, one message
        if ids and location and location[-1] in CLAIM_FIELDS and not cited_by_field(aanpak, location):
            for offset, paragraph in paragraphs(text):
                what = "" if has_reference(paragraph) else claim(paragraph)
                if what:
                    out.append(Diagnostic(
                        source.file, *at(location, paragraph.strip().split("\n")[0][:40], offset),
                        f"{what} staat hier zonder bronverwijzing", severity="waarschuwing",
                        hint=f"zet de bron erachter, bijvoorbeeld {example} of met een plaats "
                             f"[@{ids[0] if ids else 'bron-id'}, p. 12]; zie CONTRIBUTING.md"))
    for i, post in enumerate(aanpak.kosten_baten.kosten):
        if ids and post.bedrag and not post.bron and figures(post.bedrag):
            line, col = source.where("kosten_baten", "kosten", i, "bedrag")
            out.append(Diagnostic(source.file, line, col, f"kosten_baten.kosten[{i}].bedrag",
                                  f"het bedrag '{post.bedrag}' staat hier zonder bron", severity="waarschuwing",
                                  hint=f"zet 'bron:' met de id van de bron eronder, bijvoorbeeld bron: {ids[0]}"
                                  if ids else "zet de bron onder 'bronnen:' en verwijs ernaar met 'bron:'"))
    return out


def cited_by_field(aanpak: Any, location: tuple[str | int, ...]) -> bool:
    """Whether the text stands in an item that names its source in a `bron:` field."""
    for depth, part in enumerate(location):
        if part in _CITED_BY_FIELD and len(location) > depth + 1 and isinstance(location[depth + 1], int):
            item: Any = aanpak
            for step in location[:depth + 2]:
                item = item[step] if isinstance(step, int) else getattr(item, step)
            return bool(getattr(item, "bron", None))
    return False


class _Raw:
    """A file's text with the offset of each line's start, to find a needle from a given line on."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        self.starts.extend(m.end() for m in _LINE_END.finditer(text))

    def find(self, needle: str, first_line: int, lines: int) -> tuple[int, int] | None:
        """(line, column), both from 1, of `needle` on one of `lines` lines from `first_line` (from 0)."""
        if first_line >= len(self.starts):
            return None
        stop = self.starts[first_line + lines] if first_line + lines < len(self.starts) else len(self.text)
        found = self.text.find(needle, self.starts[first_line], stop)
        if found < 0:
            return None
        line = bisect.bisect_right(self.starts, found)
        return line, found - self.starts[line - 1] + 1


_LINE_END = re.compile(r"\n")


def _raw_lines(path: Path) -> _Raw:
    try:
        return _Raw(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError):
        return _Raw("")


def _locate(raw: _Raw, line: int, col: int, needle: str, skip_lines: int = 0) -> tuple[int, int]:
    """The line and column in the file where `needle` stands, searching from the value's own line.

    A value's position is where it starts (for a block scalar, its `|` or `>`); the text itself may be
    folded by YAML, so this looks for the needle in the raw lines and falls back to the value's start.
    """
    needle = needle.strip()
    if not needle or "\n" in needle:
        return line, col
    # folding only joins lines, so the paragraph's own line is never before `line + skip_lines`
    return raw.find(needle, max(line - 1 + skip_lines, 0), 400) or (line, col)
