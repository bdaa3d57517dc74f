"""The overview's pages and its compact index (generator/overview.py)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from generator import overview


def test_a_catalog_is_split_in_pages_of_page_size_with_addresses_no_approach_can_take():
    entries = [SimpleNamespace(slug=f"a{i}") for i in range(2 * overview.PAGE_SIZE + 7)]
    pages = overview.pages(SimpleNamespace(aanpakken=entries))
    assert [p for p, _ in pages] == ["aanpakken/index.md", "aanpakken/pagina/2/index.md", "aanpakken/pagina/3/index.md"]
    assert [len(c["rijen"]) for _, c in pages] == [overview.PAGE_SIZE, overview.PAGE_SIZE, 7]
    assert [e for _, c in pages for e in c["rijen"]] == entries
    last = pages[-1][1]
    assert (last["nummer"], last["eerste"], last["laatste"]) == (3, 2 * overview.PAGE_SIZE + 1, len(entries))


def test_an_empty_catalog_still_has_its_overview_page():
    assert [p for p, _ in overview.pages(SimpleNamespace(aanpakken=[]))] == ["aanpakken/index.md"]


def test_the_index_names_every_approach_with_what_the_filters_use(built_site):
    index = json.loads((built_site / "data" / "overzicht.json").read_text(encoding="utf-8"))
    full = json.loads((built_site / "data" / "aanpakken.json").read_text(encoding="utf-8"))["aanpakken"]
    assert [i["slug"] for i in index["aanpakken"]] == [a["slug"] for a in full]
    for item, a in zip(index["aanpakken"], full):
        assert (item["titel"], item["thema"], item["doelgroep"], item["status"], item["bewijsniveau"]) == \
            (a["titel"], a["themas"], a["doelgroepen"], a["status"], a["bewijsniveau"])
    assert set(index["labels"]) == {"thema", "doelgroep", "status", "bewijsniveau"}
