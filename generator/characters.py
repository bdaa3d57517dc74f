"""Characters no editor needs, shared by the loader (which refuses them) and the diagnostics (which
show them escaped, so a value printed in CI output stays on its line and reads as what it is).

Each class is written out by its ranges so that importing costs nothing; tests/test_hostile_input.py
checks them against the categories of the running Python's Unicode database.
"""

from __future__ import annotations

import re

CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff"
"""C0 controls except tab and line feed, DEL, C1 controls, lone surrogates."""
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional marks, embeddings, overrides and isolates: they reorder what a reader sees."""
INVISIBLE = ("\u00ad\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200d\u2060-\u2064"
             "\u206a-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
             "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
             "\u115f\u1160\u3164\uffa0")
"""Every other format character (Unicode category Cf) and the Hangul fillers, which show as nothing."""
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane * 0x10000 + 0xfffe) + chr(plane * 0x10000 + 0xffff)
                                        for plane in range(17))
"""Code points Unicode reserves as never to appear in text."""
LINE_BREAKS = "\n\x85\u2028\u2029"
"""What ends a line for a terminal or a log reader besides CR (in CONTROL)."""

FORBIDDEN = re.compile(f"[{CONTROL}{BIDI}{INVISIBLE}{NONCHARACTERS}]")
"""What a YAML value may not contain once escapes are resolved."""
UNPRINTABLE = re.compile(f"[\t{LINE_BREAKS}{CONTROL}{BIDI}{INVISIBLE}{NONCHARACTERS}]")
"""What a diagnostic shows escaped: everything in FORBIDDEN, and tabs and line breaks."""

# Python's regular expressions test a class with many ranges (and ranges beyond the first plane) one
# range at a time, for every character; that makes FORBIDDEN some twenty times slower than a short
# class. Most text is ASCII, Latin letters and common punctuation: those are skipped by a short class,
# and only the characters it stops at are tested against the long one.
_ORDINARY = "\\x20-\\x7e\\xa0-\\xac\\xae-\\u024f\\u2010-\\u2027\\u2030-\\u205e\\u20ac"
_SUSPECT_IN_VALUE = re.compile(f"[^\\t\\n{_ORDINARY}]")
_SUSPECT_IN_LINE = re.compile(f"[^{_ORDINARY}]")


def _first(text: str, suspect: re.Pattern, pattern: re.Pattern) -> re.Match | None:
    position = 0
    while True:
        candidate = suspect.search(text, position)
        if candidate is None:
            return None
        found = pattern.match(text, candidate.start())
        if found is not None:
            return found
        position = candidate.end()


def search_forbidden(text: str) -> re.Match | None:
    """The first character of FORBIDDEN in `text` (as FORBIDDEN.search, but fast on ordinary text)."""
    return _first(text, _SUSPECT_IN_VALUE, FORBIDDEN)


def has_unprintable(text: str) -> bool:
    """Whether `text` holds a character of UNPRINTABLE."""
    return _first(text, _SUSPECT_IN_LINE, UNPRINTABLE) is not None
