"""Rendering: the generated Markdown of a small fixed project, compared with stored snapshots.

When a template changes on purpose, refresh the snapshots with
`UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_render.py` and review the diff.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from generator.catalog import build_catalog
from generator.paths import Project
from generator.render import SiteSettings, render_site
from generator.validate import load_project

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SNAPSHOTS = HERE / "snapshots"
SETTINGS = SiteSettings(repository="https://github.com/zonmw/gereedschapskist", site_url="https://example.org/kist/")

SNAPSHOT_PAGES = [
    "aanpakken/voorbeeld-aanpak/index.md",
    "aanpakken/tweede-aanpak/index.md",
    "aanpakken/index.md",
    "werkzame-elementen/index.md",
    "themas/eigen-regie/index.md",
    "proces/index.md",
]


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    loaded = load_project(Project(SNAPSHOTS / "project"), today=dt.date(2026, 6, 1))
    assert loaded.ok, loaded.diagnostics.report()
    return render_site(build_catalog(loaded), ROOT / "templates" / "pages", SETTINGS)


@pytest.mark.parametrize("path", SNAPSHOT_PAGES)
def test_generated_markdown_matches_the_snapshot(pages, path):
    snapshot = SNAPSHOTS / "expected" / path.replace("/", "__")
    if os.environ.get("UPDATE_SNAPSHOTS"):
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(pages[path], encoding="utf-8")
    assert pages[path] == snapshot.read_text(encoding="utf-8")


def test_an_approach_page_has_every_section_its_data_fills(pages):
    text = pages["aanpakken/voorbeeld-aanpak/index.md"]
    headings = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    for section in ["Voor werkgevers", "Werkzame elementen", "Werkingsmechanismen", "Contextfactoren",
                    "Randvoorwaarden", "Kosten en baten", "Resultaten", "Praktijkproducten", "Bronnen",
                    "Contact"]:
        assert section in headings


def test_sections_without_data_are_left_out(pages):
    headings = [line[3:] for line in pages["aanpakken/tweede-aanpak/index.md"].splitlines()
                if line.startswith("## ")]
    for section in ["Werkingsmechanismen", "Contextfactoren", "Randvoorwaarden", "Resultaten",
                    "Praktijkproducten", "Bronnen", "Contact"]:
        assert section not in headings
    assert "Kosten en baten" in headings  # always there, saying the costs are unknown


def test_html_in_data_is_written_as_text(pages):
    text = pages["aanpakken/voorbeeld-aanpak/index.md"]
    assert "<script>" not in text
    assert "&lt;script>alert(1)&lt;/script>" in text


def test_every_page_but_the_glossary_explains_glossary_terms_where_they_appear(pages):
    for path, page in pages.items():
        if path.endswith(".md") and path != "begrippen/index.md":
            assert page.rstrip().endswith("*[WIA]: Wet werk en inkomen naar arbeidsvermogen"), path
    assert "*[WIA]" not in pages["begrippen/index.md"]


def test_a_glossary_term_that_is_no_abbreviation_is_explained_by_its_first_sentence():
    from generator.model import Begrip, Vocabulaire
    from generator.render import abbreviations

    loaded = load_project(Project(SNAPSHOTS / "project"), today=dt.date(2026, 6, 1))
    vocab = loaded.vocabulaire.model_copy(update={"begrippen": {
        "driegesprek": Begrip(term="Driegesprek", titel="Driegesprek",
                              beschrijving="Een gesprek met drie mensen. Meestal werknemer, werkgever en coach.")}})
    assert isinstance(vocab, Vocabulaire)
    assert abbreviations(vocab).splitlines() == ["*[Driegesprek]: Een gesprek met drie mensen.",
                                                 "*[driegesprek]: Een gesprek met drie mensen."]


def test_a_shared_working_element_links_both_approaches(pages):
    text = pages["werkzame-elementen/index.md"]
    section = text.split("## Driegesprek", 1)[1]
    assert "(../aanpakken/voorbeeld-aanpak/index.md)" in section
    assert "(../aanpakken/tweede-aanpak/index.md)" in section
