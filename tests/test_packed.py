"""Pages and data files kept compressed until they are written (generator/packed.py, render.PackedPage)."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.packed import BUFFER, Packed
from generator.render import PackedPage, finish_page


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=40))
def test_packed_text_comes_back_the_same_whole_or_in_pieces(tmp_path_factory, pieces):
    text = "".join(pieces)
    for packed in (Packed.of(text), Packed.from_chunks(pieces)):
        assert packed.text() == text and packed.size == len(text.encode("utf-8"))
        path = tmp_path_factory.mktemp("uit") / "f"
        packed.write_to(path)
        assert path.read_bytes() == text.encode("utf-8")
    assert Packed.of(text) == Packed.from_chunks(pieces)


def test_a_text_larger_than_the_buffer_is_written_a_piece_at_a_time_and_whole(tmp_path):
    pieces = [f"<p>Regel {i}: kosten € {i * 3} – {'x' * (i % 50)}</p>\n" for i in range(120_000)]
    packed = Packed.from_chunks(pieces)
    assert packed.size > 3 * BUFFER
    packed.write_to(tmp_path / "groot.html")
    assert (tmp_path / "groot.html").read_text(encoding="utf-8") == "".join(pieces)


def test_a_packed_page_keeps_what_mkdocs_needs_and_unpacks_to_the_same_page():
    page = finish_page('<h1 id="titel">Titel – € 5</h1><h2 id="a">Deel</h2><p id="p">tekst</p>',
                       {"description": "Over <dit>", "hide": ["toc"]}, None)
    packed = PackedPage(page)
    assert (packed.title, packed.meta, packed.toc, packed.anchors) == (page.title, page.meta, page.toc, page.anchors)
    assert str(packed) == page and packed.unpack() == page
    assert packed.unpack().toc == page.toc
    assert packed == PackedPage(page) and packed != PackedPage(finish_page("<p>anders</p>", {}, None))


def test_the_catalog_json_written_in_pieces_is_the_whole_document(real_catalog):
    from generator import opendata
    from generator.settings import SiteSettings

    for settings in (SiteSettings(), SiteSettings(site_url="https://example.org/kist/")):
        whole = json.dumps(opendata.catalog_document(real_catalog, settings), ensure_ascii=False,
                           separators=(",", ":")) + "\n"
        assert "".join(opendata.catalog_json_pieces(real_catalog, settings)) == whole
        assert opendata.makers(real_catalog, settings, pack=True)["data/aanpakken.json"]().text() == whole


@pytest.fixture(scope="module")
def real_catalog():
    from generator.catalog import build_catalog
    from generator.paths import Project
    from generator.validate import load_project

    from conftest import ROOT

    return build_catalog(load_project(Project(ROOT)))


def test_packed_render_gives_the_same_pages_and_files_as_plain_render(real_catalog):
    from generator.render import HtmlPage, render_site
    from generator.settings import SiteSettings

    from conftest import ROOT

    plain = render_site(real_catalog, ROOT / "templates" / "pages", SiteSettings())
    packed = render_site(real_catalog, ROOT / "templates" / "pages", SiteSettings(), pack=True)
    assert list(plain) == list(packed)
    for path, page in plain.items():
        other = packed[path]
        if isinstance(page, HtmlPage):
            assert isinstance(other, PackedPage) and other.unpack() == page and other.toc == page.toc, path
        elif path.endswith(".md"):
            assert other == page, path  # Markdown pages go to MkDocs as text
        else:
            assert isinstance(other, Packed) and other.text() == page, path
