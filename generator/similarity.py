"""Names that look alike: working elements or context factors that are probably the same thing
written in two ways ('Driegesprek' / 'Drie-gesprekken'), so validate can suggest one name for both.

Imported by the catalog (for `element_key`, the key that joins the same element across approaches)
and by validate (for the warnings); it imports neither.

The work grows linearly with the number of distinct names (plus one sort): instead of comparing
every pair, names are sorted twice, once as written and once read backwards, and each is compared
with its few nearest neighbours in both orders. Names that look alike are joined into groups (when
A looks like B and B like C, all three are one group), and each group is reported once. Two names
look alike when, without hyphens, they are equal, or they begin with the same three letters and
difflib's similarity ratio is at least 0.85.
"""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Any, Iterable

from .text import slugify

RATIO = 0.85
"""How alike two names must be (difflib's ratio) to be reported."""
NEIGHBOURS = 4
"""How many following names, in each sort order, each name is compared with."""

Use = tuple[Any, int, str]
"""Where a name is first used: (source, index in its list, the name as written)."""


def element_key(naam: str, sleutel: str | None = None) -> str:
    """The key that joins the same working element (or context factor) across approaches."""
    return sleutel or slugify(naam)


def groups(uses: Iterable[tuple[str, Use]]) -> list[list[Use]]:
    """Groups of differently keyed names that look alike, each as the first use of each key.

    `uses` gives (key, first use) in the order names should be reported in; a key seen again is
    ignored. Groups come in the order of their first member; members in the order of `uses`.
    """
    first: dict[str, Use] = {}
    order: dict[str, int] = {}
    for key, use in uses:
        if key not in first:
            first[key] = use
            order[key] = len(order)
    keys = list(first)
    parent = {key: key for key in keys}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    def join(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            if order[ra] > order[rb]:
                ra, rb = rb, ra
            parent[rb] = ra

    compact = {key: key.replace("-", "") for key in keys}
    by_compact: dict[str, str] = {}
    for key in keys:  # equal without hyphens: alike without comparing
        other = by_compact.setdefault(compact[key], key)
        if other != key:
            join(other, key)
    letters: dict[str, Counter] = {}
    distinct = sorted(by_compact)
    for ordering in (distinct, sorted(distinct, key=lambda c: c[::-1])):
        for index, a in enumerate(ordering):
            for b in ordering[index + 1:index + 1 + NEIGHBOURS]:
                if root(by_compact[a]) != root(by_compact[b]) and alike(a, b, letters):  # not yet one group
                    join(by_compact[a], by_compact[b])
    members: dict[str, list[str]] = {}
    for key in keys:
        members.setdefault(root(key), []).append(key)
    return [[first[key] for key in group] for group in members.values() if len(group) > 1]


def alike(a: str, b: str, letters: dict[str, Counter] | None = None) -> bool:
    """Whether two compact keys (without hyphens) look alike.

    difflib's ratio() >= RATIO (of the two in sorted order, as ratio is not symmetric), after its two
    cheap upper bounds (real_quick_ratio and quick_ratio), for names that begin with the same three
    letters.
    """
    if a == b:
        return True
    if a[:3] != b[:3]:
        return False
    a, b = min(a, b), max(a, b)
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < RATIO:
        return False
    cache = letters if letters is not None else {}
    counts_a = cache.get(a) or cache.setdefault(a, Counter(a))
    counts_b = cache.get(b) or cache.setdefault(b, Counter(b))
    if 2.0 * sum((counts_a & counts_b).values()) / total < RATIO:
        return False
    return difflib.SequenceMatcher(None, a, b).ratio() >= RATIO


def near_duplicates(sources: list[Any], kind: str) -> list[list[Use]]:
    """Groups of look-alike names of one kind ('werkzame_elementen', 'contextfactoren') in the sources."""
    return groups((element_key(item.naam, getattr(item, "sleutel", None)), (source, i, item.naam))
                  for source in sources for i, item in enumerate(getattr(source.aanpak, kind)))
