"""The overview of all approaches: pages of at most `PAGE_SIZE` rows that link to each other, so the
whole list is there without a script and no page grows with the catalog, and the compact index
(`data/overzicht.json`) that the filters (assets/gk/gk.js) fetch the first time they are used on a
catalog of more than one page.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .text import first_sentence

if TYPE_CHECKING:
    from .catalog import Catalog

PAGE_SIZE = 100
"""Rows per overview page: about 110 KB of HTML at the benchmark corpus's text lengths."""

INDEX = "data/overzicht.json"


def page_path(number: int) -> str:
    """The docs path of overview page `number` (1-based). Page 1 is the overview itself; the others
    sit one level deeper than any approach page, so no approach slug can take their address."""
    return "aanpakken/index.md" if number == 1 else f"aanpakken/pagina/{number}/index.md"


def pages(catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    """(docs path, template context) of every overview page, in order."""
    entries = catalog.aanpakken
    chunks = [entries[i:i + PAGE_SIZE] for i in range(0, len(entries), PAGE_SIZE)] or [[]]
    paths = [page_path(n) for n in range(1, len(chunks) + 1)]
    return [(path, {"rijen": chunk, "nummer": number, "paginas": paths,
                    "eerste": (number - 1) * PAGE_SIZE + 1 if chunk else 0,
                    "laatste": (number - 1) * PAGE_SIZE + len(chunk)})
            for number, (path, chunk) in enumerate(zip(paths, chunks), start=1)]


def index_json(catalog: Catalog) -> str:
    """What the filters need of every approach, and the titles of the terms they show.

    Values are text: the script puts them in the page as text only. An approach's page is
    aanpakken/<slug>/ from the site's root. The text filter looks in the title and in the first
    sentence of the summary, as the rows show them.
    """
    vocab = catalog.vocabulaire
    items = []
    for e in catalog.aanpakken:
        a = e.aanpak
        items.append({
            "slug": e.slug, "titel": a.titel, "samenvatting": first_sentence(a.samenvatting),
            "thema": list(a.themas), "doelgroep": list(a.doelgroepen), "status": a.status,
            "bewijsniveau": a.bewijsniveau, "fase": list(a.fasen), "kosten_bekend": a.kosten_baten.kosten_bekend,
        })
    labels = {name: {key: term.titel for key, term in terms.items()} for name, terms in [
        ("thema", vocab.themas), ("doelgroep", vocab.doelgroepen), ("status", vocab.statussen),
        ("bewijsniveau", vocab.bewijsniveaus)]}
    return json.dumps({"labels": labels, "aanpakken": items}, ensure_ascii=False, separators=(",", ":"))
