"""Catalog: every valid approach plus the cross indexes the site is browsed by.

Built once, before anything is rendered: by theme, target group, evidence level, status and phase;
working elements and context factors shared between approaches; related approaches.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .model import Aanpak, Vocabulaire
from .similarity import element_key

__all__ = ["Catalog", "Entry", "Shared", "build_catalog", "element_key"]

if TYPE_CHECKING:
    from .validate import LoadedProject, Source


@dataclass(frozen=True)
class Entry:
    """One approach in the catalog."""

    slug: str
    file: str
    aanpak: Aanpak

    @property
    def page(self) -> str:
        return f"aanpakken/{self.slug}/index.md"


@dataclass
class Shared:
    """A working element or context factor, with every approach that names it."""

    key: str
    naam: str
    uses: list[tuple[Entry, object]] = field(default_factory=list)

    @cached_property
    def entries(self) -> list[Entry]:
        """Every approach that names it, once each (computed once: pages ask for it many times)."""
        seen: dict[str, Entry] = {}
        for entry, _ in self.uses:
            seen.setdefault(entry.slug, entry)
        return list(seen.values())


@dataclass
class Catalog:
    vocabulaire: Vocabulaire
    aanpakken: list[Entry]
    per_thema: dict[str, list[Entry]]
    per_doelgroep: dict[str, list[Entry]]
    per_bewijsniveau: dict[str, list[Entry]]
    per_status: dict[str, list[Entry]]
    per_fase: dict[str, list[Entry]]
    werkzame_elementen: list[Shared]
    contextfactoren: list[Shared]

    def __post_init__(self) -> None:
        self.by_slug = {e.slug: e for e in self.aanpakken}
        self._element_index = {s.key: s for s in self.werkzame_elementen}
        self._factor_index = {s.key: s for s in self.contextfactoren}
        self._element_keys = {e.slug: {element_key(w.naam, w.sleutel) for w in e.aanpak.werkzame_elementen}
                              for e in self.aanpakken}

    def element(self, key: str) -> Shared:
        return self._element_index[key]

    def factor(self, key: str) -> Shared:
        return self._factor_index[key]

    def verwant(self, entry: Entry) -> list[tuple[Entry, str]]:
        """Related approaches: the declared ones, then at most MAX_VERWANT sharing working elements.

        Approaches sharing the most elements come first. Elements used by more than COMMON_ELEMENT
        approaches are not counted (they say little about kinship and would make the work grow with
        the square of the number of approaches); they only fill the list when too few are found.
        """
        result: dict[str, tuple[Entry, str]] = {}
        for slug in entry.aanpak.gerelateerd:
            if slug in self.by_slug:
                result[slug] = (self.by_slug[slug], "verwante aanpak")
        mine = [(element_key(e.naam, e.sleutel), e.naam) for e in entry.aanpak.werkzame_elementen]
        counts: dict[str, int] = defaultdict(int)
        common: list[Shared] = []
        for key in dict.fromkeys(key for key, _ in mine):
            shared = self._element_index[key]
            if len(shared.entries) > COMMON_ELEMENT:
                common.append(shared)
                continue
            for other in shared.entries:
                if other.slug != entry.slug:
                    counts[other.slug] += 1
        ranked = [s for s in sorted(counts, key=lambda s: (-counts[s], s)) if s not in result]
        chosen = ranked[:MAX_VERWANT]
        for shared in common:
            for other in shared.entries:
                if len(chosen) >= MAX_VERWANT:
                    break
                if other.slug != entry.slug and other.slug not in result and other.slug not in chosen:
                    chosen.append(other.slug)
        for slug in chosen:
            keys = self._element_keys[slug]
            names = ", ".join(dict.fromkeys(naam for key, naam in mine if key in keys))
            result[slug] = (self.by_slug[slug], f"deelt: {names}")
        return list(result.values())


MAX_VERWANT = 10
"""At most this many approaches found through shared working elements are listed as related."""
COMMON_ELEMENT = 50
"""An element used by more approaches than this is too common to tell which approaches are related."""


def _sorted_entries(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.aanpak.titel.casefold(), e.slug))


def build_catalog(project: "LoadedProject") -> Catalog:
    """Index every valid approach. Call only when the project loaded without errors."""
    assert project.vocabulaire is not None
    vocab = project.vocabulaire
    entries = _sorted_entries([Entry(s.slug, s.file, s.aanpak) for s in project.sources])

    def index(attribute: str, terms: dict) -> dict[str, list[Entry]]:
        result: dict[str, list[Entry]] = {key: [] for key in terms}
        for entry in entries:
            values = getattr(entry.aanpak, attribute)
            for value in values if isinstance(values, list) else [values]:
                result[value].append(entry)
        return result

    return Catalog(
        vocabulaire=vocab,
        aanpakken=entries,
        per_thema=index("themas", vocab.themas),
        per_doelgroep=index("doelgroepen", vocab.doelgroepen),
        per_bewijsniveau=index("bewijsniveau", vocab.bewijsniveaus),
        per_status=index("status", vocab.statussen),
        per_fase=index("fasen", vocab.fasen),
        werkzame_elementen=_shared(entries, "werkzame_elementen"),
        contextfactoren=_shared(entries, "contextfactoren"),
    )


def _shared(entries: list[Entry], kind: str) -> list[Shared]:
    groups: dict[str, Shared] = {}
    names: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in entries:
        for item in getattr(entry.aanpak, kind):
            key = element_key(item.naam, getattr(item, "sleutel", None))
            groups.setdefault(key, Shared(key, item.naam)).uses.append((entry, item))
            names[key][item.naam] += 1
    for key, shared in groups.items():
        # the name most approaches use, ties broken alphabetically, so the output is stable
        shared.naam = sorted(names[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return sorted(groups.values(), key=lambda s: (s.naam.casefold(), s.key))
