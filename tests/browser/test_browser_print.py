"""Printing: an approach page prints without the site's navigation and with the addresses of its
external links, and without its factsheet; the factsheet (the print view of the same page, at
#factsheet) of every approach fits on one A4 page and holds only the title and the factsheet."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

NAVIGATION = ".md-header__topic, .md-tabs__link, .md-sidebar--primary .md-nav__link, .md-footer a, .md-skip, .gk-kopzoek label"


def print_to_pdf(page, path: str) -> PdfReader:
    page.goto(path)
    page.wait_for_selector("article h1")
    page.emulate_media(media="print")
    return PdfReader(io.BytesIO(page.pdf(format="A4")))


def pdf_text(reader: PdfReader) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def mentions(text: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text, re.IGNORECASE) is not None


def test_printed_approach_page_leaves_out_the_site_navigation(page):
    page.goto("aanpakken/rouw-bij-baanverlies/")
    labels = page.evaluate(
        "sel => [...document.querySelectorAll(sel)].map(e => e.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean)",
        NAVIGATION)
    content = " ".join(page.inner_text("article").split())
    # A label that is also a word of the content cannot tell navigation from content.
    navigation_only = sorted({label for label in labels if not mentions(content, label)})
    assert len(navigation_only) >= 3, f"too few navigation labels to check: {navigation_only}"

    text = pdf_text(print_to_pdf(page, "aanpakken/rouw-bij-baanverlies/"))
    title = " ".join(page.inner_text("article h1").split())
    assert title in text, "the title of the approach is not in the PDF text (text extraction failed?)"
    printed = [label for label in navigation_only if mentions(text, label)]
    assert not printed, f"navigation in the printed page: {printed}"


def test_printed_approach_pages_show_the_address_of_every_external_link(page, site_url, approaches):
    titled_links = 0
    for approach in approaches:
        path = f"aanpakken/{approach['slug']}/"
        page.goto(path)
        links = page.evaluate(
            """base => [...document.querySelectorAll("article a[href^='http']")]
                .filter(a => !a.href.startsWith(base) && a.offsetParent !== null)
                .map(a => ({href: a.getAttribute("href"), text: a.textContent.trim()}))""", site_url)
        text = re.sub(r"\s+", "", pdf_text(print_to_pdf(page, path)))
        missing = [link["href"] for link in links if re.sub(r"\s+", "", link["href"]) not in text]
        assert not missing, f"/{path} printed without the addresses {missing}"
        titled_links += sum(1 for link in links if link["href"].rstrip("/") not in link["text"])
        page.emulate_media(media="screen")
    # The check means something only if some link's text is not its address.
    assert titled_links, "no approach has an external link whose text differs from its address"


def test_factsheet_of_every_approach_prints_on_exactly_one_page(page, approaches):
    pages = {}
    for approach in approaches:
        page.goto("about:blank")  # a fresh load, so #factsheet is the page's target from the start
        reader = print_to_pdf(page, f"aanpakken/{approach['slug']}/#factsheet")
        text = pdf_text(reader)
        assert approach["titel"].split()[0] in text, "the factsheet PDF lacks the approach's title"
        for label in ["Wat is het?", "Wat vraagt het van u?", "Wat kost het?", "Wat levert het op?", "Wanneer?"]:
            assert label in text, label
        for section in ["Werkingsmechanismen", "Citeer deze aanpak"]:  # the rest of the page is left out
            assert section not in text, section
        pages[approach["slug"]] = len(reader.pages)
        page.emulate_media(media="screen")
    assert all(n == 1 for n in pages.values()), f"factsheet pages per approach: {pages}"


def test_the_whole_approach_page_prints_without_its_factsheet(page):
    text = pdf_text(print_to_pdf(page, "aanpakken/rouw-bij-baanverlies/"))
    assert "Citeer deze aanpak" in text and "Werkingsmechanismen" in text
    assert "Deze samenvatting past op" not in text and "Factsheet afdrukken" not in text
    page.emulate_media(media="screen")


def test_the_factsheet_button_shows_the_factsheet_on_screen_with_a_print_button(page):
    page.goto("aanpakken/rouw-bij-baanverlies/")
    assert not page.is_visible("#factsheet")
    page.click("text=Factsheet (1 pagina)")
    page.wait_for_selector("#factsheet", state="visible")
    assert page.is_visible("#factsheet [data-gk-afdrukken]")  # the script showed the print button
    assert "Wat vraagt het van u?" in page.inner_text("#factsheet")
