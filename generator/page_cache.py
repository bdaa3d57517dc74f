"""Reuse finished approach pages between renders in one process (while serving).

After an editor saves one approach, the other pages of approaches show what they showed before:
rendering them again is most of the work of a rebuild. `PageCache` keeps each finished page with a
key made of everything the page shows (`approach_key`); a page is reused only when its key is the
same, and the whole cache is dropped when anything all pages depend on changes (the templates,
the vocabulary, the site settings: `site_key`). So is what one approach adds to a file about all
of them (`per_approach`: its part of the open-data file), reused while the approach is the same.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, TypeVar

T = TypeVar("T")


class PageCache:
    def __init__(self) -> None:
        self._site: tuple | None = None
        self._pages: dict[str, tuple[Any, str]] = {}
        self._parts: dict[tuple[str, str], tuple[Any, Any]] = {}

    def begin(self, site: tuple) -> None:
        """Start a render; forget every page when what all pages depend on changed."""
        if site != self._site:
            self._pages.clear()
            self._parts.clear()
            self._site = site

    def per_approach(self, kind: str, make: Callable[[Any], T]) -> Callable[[Any], T]:
        """`make(entry)`, kept per approach and reused while the approach (slug, file, data) is equal:
        `make` may depend on nothing else than the entry and what `begin` was given."""
        def made(entry: Any) -> T:
            key = (entry.slug, entry.file, entry.aanpak)
            kept = self._parts.get((kind, entry.slug))
            if kept is not None and kept[0] == key:
                return kept[1]
            value = make(entry)
            self._parts[(kind, entry.slug)] = (key, value)
            return value
        return made

    def get(self, path: str, key: Any) -> str | None:
        kept = self._pages.get(path)
        return kept[1] if kept is not None and kept[0] == key else None

    def keep(self, pages: dict[str, tuple[Any, str]]) -> None:
        """The pages of this render, {path: (key, page)}; pages not in it are forgotten."""
        self._pages = dict(pages)


def site_key(templates_dir: Path, settings: Any, vocabulaire: Any) -> tuple:
    """What every page depends on: the template files (by time and size), the settings, the vocabulary."""
    stats = ((p, p.stat()) for p in templates_dir.rglob("*") if p.is_file())
    templates = tuple(sorted((str(p.relative_to(templates_dir)), st.st_mtime_ns, st.st_size) for p, st in stats))
    return templates, repr(settings), vocabulaire.model_dump_json()


def approach_key(entry: Any, verwant: list[tuple[Any, str]], elements: list[tuple[str, int]], jsonld: Any) -> tuple:
    """Everything an approach page shows: its data, its related approaches (title and reason), how
    many approaches share each working element, and its schema.org description."""
    return (entry.slug, entry.aanpak.model_dump_json(),
            tuple((other.slug, other.aanpak.titel, reason) for other, reason in verwant),
            tuple(elements), json.dumps(jsonld, sort_keys=True, default=str))
