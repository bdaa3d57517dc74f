"""Glossary tooltips: the first use of each glossary term in a page gets its explanation.

`Tooltips(vocabulaire).mark(html)` walks the text of a finished HTML page with one compiled
pattern of every term (longest first, whole words, case as written and with a lower-case first
letter) and wraps the first use of each term in `<abbr title="...">`. The explanation is
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
        self.terms = len(set(self.key.values()))
        # The terms form a trie, so each word start costs a few steps; a term is not glued to a
        # letter or digit on either side, nor the name of an entity (`&amp;`).
        words = _trie_pattern(sorted(self.title))
        self.pattern = re.compile(rf"(?<![\w&#])(?:{words})(?!\w)") if words else None

    def mark(self, page_html: str) -> str:
        """`page_html` with the first use of every term wrapped in an <abbr> with its explanation."""
        if self.pattern is None:
            return page_html
        seen: set[str] = set()
        parts: list[str] = []
        done = 0
        tags = skipped = None
        for match in self.pattern.finditer(page_html):
            term = match.group()
            if self.key[term] in seen:
                continue
            if tags is None:  # only pages that use a term pay for finding their tags
                tags = _spans(_TAG, page_html)
                skipped = _spans(_SKIPPED, page_html)
            if _inside(tags, match.start()) or _inside(skipped, match.start()):
                continue
            seen.add(self.key[term])
            parts += [page_html[done:match.start()], f'<abbr title="{self.title[term]}">{term}</abbr>']
            done = match.end()
            if len(seen) == self.terms:
                break
        return "".join(parts) + page_html[done:] if parts else page_html


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


def _trie_pattern(words: list[str]) -> str:
    """A regular expression matching any of `words`, longest first, as a trie of their characters."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def pattern(node: dict) -> str:
        ends = "" in node
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return pattern(trie)
