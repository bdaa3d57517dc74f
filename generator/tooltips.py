"""Glossary tooltips: the first use of each glossary term in a page gets its explanation.

`Tooltips(vocabulaire).mark(html)` finds the first use of each term in the text of a finished HTML
page (whole words, case as written and with a lower-case first letter; a longer term wins where two
overlap) and wraps it in `<abbr title="...">`. One pass of `str.find` per spelling measured twice as
fast as one compiled pattern of all terms, whose matches Python must then walk one by one (a term
recurs hundreds of times on an index page). The explanation is
HTML-escaped into the attribute; the theme's tooltip shows it as text (see main.html). Text inside
headings, links, buttons, form labels, code and existing abbreviations is left alone, as is
anything inside a tag.

An abbreviation (`afkorting: true`) is explained by its full name, any other term by the first
sentence of its explanation.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata

from .model import Vocabulaire
from .text import first_sentence

SKIP = frozenset({"a", "abbr", "button", "code", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "label",
                  "option", "pre", "samp", "script", "select", "style", "svg", "textarea", "title"})
"""Elements whose text never gets a tooltip."""

_WHITESPACE = re.compile(r"\s+")


def explanation(begrip) -> str:
    """The tooltip text of a glossary term, as plain text on one line."""
    text = begrip.titel if begrip.afkorting else first_sentence(begrip.beschrijving, 160)
    text = "".join(ch for ch in text if unicodedata.category(ch)[0] != "C" or ch in "\n\t ")
    return _WHITESPACE.sub(" ", text).strip()


def variants(begrip) -> list[str]:
    """The spellings of a term that get a tooltip: as written, and (no abbreviation) lower-case first."""
    found = [begrip.term] if begrip.afkorting else [begrip.term, begrip.term[:1].lower() + begrip.term[1:]]
    return [v for v in dict.fromkeys(found) if len(v) >= 3]


class Tooltips:
    """One vocabulary's tooltips, compiled once, applied to many pages."""

    def __init__(self, vocabulaire: Vocabulaire) -> None:
        self.title: dict[str, str] = {}   # escaped spelling -> escaped explanation
        self.key: dict[str, str] = {}     # escaped spelling -> the term it belongs to
        for key, begrip in vocabulaire.begrippen.items():
            title = html.escape(explanation(begrip), quote=True)
            for variant in variants(begrip):
                spelled = html.escape(_WHITESPACE.sub(" ", variant).strip(), quote=False)
                if spelled and spelled not in self.title:
                    self.title[spelled] = title
                    self.key[spelled] = key
        # Per term its spellings; the terms with the longest spelling first, so where two overlap
        # ("Wet verbetering poortwachter", "Poortwachter") the longer one is explained.
        spellings: dict[str, list[str]] = {}
        for spelled, key in self.key.items():
            spellings.setdefault(key, []).append(spelled)
        self.spellings = sorted(spellings.values(), key=lambda s: -max(map(len, s)))

    def mark(self, page_html: str) -> str:
        """`page_html` with the first use of every term wrapped in an <abbr> with its explanation.

        Each spelling is looked for with str.find (fast even on index pages that repeat a term a
        thousand times); a find counts if it is a whole word, outside any tag and outside the
        elements in SKIP, and does not overlap a longer term's use.
        """
        chosen: list[tuple[int, int, str]] = []
        skipped = None
        for variants in self.spellings:
            best: tuple[int, int, str] | None = None
            for spelled in variants:
                position = page_html.find(spelled)
                while position != -1 and (best is None or position < best[0]):
                    end = position + len(spelled)
                    if _whole_word(page_html, position, end) and not _overlaps(chosen, position, end):
                        if skipped is None:  # only pages that use a term pay for finding these
                            skipped = _spans(_SKIPPED, page_html)
                        if not _in_tag(page_html, position) and not _inside(skipped, position):
                            best = (position, end, spelled)
                            break
                    position = page_html.find(spelled, position + 1)
            if best is not None:
                chosen.append(best)
        if not chosen:
            return page_html
        parts, done = [], 0
        for start, end, spelled in sorted(chosen):
            parts += [page_html[done:start], f'<abbr title="{self.title[spelled]}">{spelled}</abbr>']
            done = end
        return "".join(parts) + page_html[done:]


def _whole_word(text: str, start: int, end: int) -> bool:
    """Not glued to a letter or digit on either side, and not the name of an entity (`&amp;`)."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before in "_&#") and not (after.isalnum() or after == "_")


def _overlaps(chosen: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end, _ in chosen)


def _in_tag(text: str, position: int) -> bool:
    """Whether `position` is inside a tag or comment (text never holds a bare '<': it is escaped)."""
    opening = text.rfind("<", 0, position)
    if opening == -1:
        return False
    match = _TAG.match(text, opening)
    return match is not None and match.end() > position


# A comment or a tag; a quoted attribute value may hold '>'.
_TAG = re.compile(r"<!--.*?-->|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.S)
# An element whose text gets no tooltip, up to its end tag (none of them nests in itself here).
_SKIPPED = re.compile(r"<(%s)\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?</\1\s*>" % "|".join(sorted(SKIP)),
                      re.S | re.I)


def _spans(pattern: re.Pattern, text: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for match in pattern.finditer(text):
        starts.append(match.start())
        ends.append(match.end())
    return starts, ends


def _inside(spans: tuple[list[int], list[int]], position: int) -> bool:
    starts, ends = spans
    i = bisect.bisect_right(starts, position) - 1
    return i >= 0 and position < ends[i]
