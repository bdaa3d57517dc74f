"""The render path holds whatever validate lets through: every HTML fragment made from data passes the
sanitiser, and no data reaches a page as markup, through the glossary's abbreviations, the front matter
or a link made after the link check has looked at the text.

The inputs below are accepted by validate (the check teaches editors; the sanitiser guarantees), and
each reaches the page by another path:
- a link in a code span, written so that the check sees no scheme, which a template filter that
  strips Markdown characters ('*', '_', '`') then turns into a `javascript:` link (the shared-element
  pages);
- a reference definition inside a definition list, which the check's pattern does not see;
- a glossary term with a backslash, which breaks its abbreviation definition so that its title is
  printed as raw Markdown (with HTML) on every page;
- a title with characters the theme's front-matter reader might misread.

Checked on the built HTML with a parser (no event attributes, no javascript:, data: or vbscript:
address, no script from the data) and in Chromium by clicking every link made from the data.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import copy_project
from test_hostile import BASE, SLUG, Page, with_value

from generator.paths import Project
from generator.validate import load_project

# No digits in the payloads: a figure without a citation would be a warning, and the build is strict.
ELEMENT_LINK = ("Zie `[gkklika [x]](java*script:void(gkXss=Math.E))` en `[gkklikb [x]](java_script:void(gkXss=Math.PI))` "
                "hier.")
DEFINITION_LIST = ("Lees [gkklikc][def] en [gkklikd][data], of [gkklikveilig](https://www.zonmw.nl/).\n\n"
                   "Begrip\n:   [def]: javascript:void(gkXss=document.title)\n\n"
                   "Ander begrip\n:   [data]: data:text/html,gkXss")
GLOSSARY = {"term": "Gkterm\\", "titel": "<img src=x onerror=gkXss=Math.E> gkklike", "afkorting": "true",
            "beschrijving": "Een vijandig begrip."}
TITLE = 'Vijandig: "titel" \\ met # en --- en { } en \u00a0'
# Citation locators reach the visible text and the aria-label of the citation's link.
LOCATOR_QUOTES = 'p. x" onmouseover="gkXss=Math.E" data-x="'
LOCATOR_APOSTROPHES = "x' onfocus='gkXss=Math.PI' & <b>"
# Markup Pagefind's page cut looks for (generator/search.py `indexed_text`), typed into the data: a heading
# (also in the table of contents, outside the search body) and a text with raw HTML.
CUT_NAME = "Gkwerk </article> data-pagefind-body"
CUT_TEXT = "Gkdoel <div data-pagefind-body>Gknep</div> </article> en verder."
DANGEROUS = re.compile(r"^(javascript|data|vbscript):", re.I)


def hostile_text() -> str:
    text, _, _ = with_value("werkzame_elementen[0].toelichting", ELEMENT_LINK)
    text, _, _ = with_value("aanpak.beschrijving", DEFINITION_LIST, text)
    text, _, _ = with_value("titel", TITLE, text)
    text, _, _ = with_value("werkzame_elementen[0].naam", CUT_NAME, text)
    text, _, _ = with_value("aanpak.doel", CUT_TEXT, text)
    text, _, _ = with_value("samenvatting", f"Gkterm\\ staat hier [@bron-een, {LOCATOR_QUOTES}], en Gkterm ook "
                                            f"[@bron-een; @bron-een, {LOCATOR_APOSTROPHES}].", text)
    return text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("uitvoer") / "project")
    (root / "approaches" / f"{SLUG}.yml").write_text(hostile_text(), encoding="utf-8")
    vocabulary = yaml.safe_load((root / "vocabulaire.yml").read_text(encoding="utf-8"))
    vocabulary["begrippen"]["gkterm"] = {**GLOSSARY, "afkorting": True}
    (root / "vocabulaire.yml").write_text(yaml.safe_dump(vocabulary, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return root


def test_the_hostile_input_is_accepted_by_validate(project):
    """The render path must hold on its own: validate does not stop these inputs."""
    assert load_project(Project(project)).diagnostics.errors == []


@pytest.fixture(scope="module")
def site(project) -> Path:
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project), "build", "--strict",
                             "-q"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def pages(site) -> dict[str, Page]:
    return {p.relative_to(site).as_posix(): Page(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def scheme_of(value: str) -> str:
    """What a browser makes of an address: entities decoded, whitespace and controls dropped."""
    decoded = html.unescape(value)
    return re.sub(r"[\x00-\x20\x7f]", "", decoded)


def test_no_link_or_source_on_any_page_has_a_dangerous_scheme(pages):
    found = [(name, tag, attr, value) for name, page in pages.items() for tag, attrs in page.elements
             for attr, value in attrs.items()
             if attr in ("href", "src", "action", "formaction", "poster", "data", "xlink:href") and value
             and DANGEROUS.match(scheme_of(value))]
    assert found == []


def test_no_element_on_any_page_has_an_event_attribute(pages):
    found = [(name, tag, attr) for name, page in pages.items() for tag, attrs in page.elements
             for attr in attrs if attr.lower().startswith("on")]
    assert found == []


def test_no_image_or_markup_from_the_glossary_reaches_any_page(pages):
    found = [(name, attrs) for name, page in pages.items() for tag, attrs in page.elements
             if tag == "img" and (attrs.get("src") or "") == "x"]
    assert found == []


def test_the_glossary_title_shows_as_text_where_the_term_is_explained(pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]
    titles = [attrs.get("title") or "" for tag, attrs in page.elements if tag == "abbr"]
    visible = page.visible + " ".join(titles)
    assert "gkklike" in visible


def test_a_citation_locator_shows_as_text_in_the_link_and_its_accessible_name(pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]
    labels = [attrs.get("aria-label") or "" for tag, attrs in page.elements
              if tag == "a" and (attrs.get("href") or "").endswith("#bron-bron-een")]
    assert any(LOCATOR_QUOTES in label for label in labels)
    assert any(LOCATOR_APOSTROPHES in label for label in labels)
    assert LOCATOR_QUOTES in page.visible


def test_the_title_with_front_matter_characters_shows_as_typed_in_heading_and_head(site, pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]
    raw = (site / "aanpakken" / SLUG / "index.html").read_text(encoding="utf-8")
    head_title = html.unescape(re.search(r"<title>(.*?)</title>", raw, re.S).group(1))
    assert " ".join(TITLE.split()) in " ".join(head_title.split())
    assert " ".join(TITLE.split()) in page.visible
    assert "factsheet: true" not in page.visible and "description:" not in page.visible


def test_markup_typed_into_the_data_does_not_cut_a_page_short_for_search(site):
    from generator.search import indexed_text

    page = (site / "aanpakken" / SLUG / "index.html").read_bytes()
    cut = indexed_text(page)
    body = page[page.find(b"<div data-pagefind-body"): page.rfind(b"</article>")]
    assert page.count(b"<div data-pagefind-body") == 1 and page.count(b"</article>") == 1
    assert body in cut  # the whole search body, up to the real end of the article
    assert b"Gkwerk" in body and b"Gkdoel" in body


def test_no_script_on_any_page_carries_text_from_the_data_except_inert_json(pages):
    for name, page in pages.items():
        for attrs, body in page.scripts:
            if "gkXss" in body or "gkklik" in body:
                assert attrs.get("type") == "application/ld+json", (name, body[:200])
                json.loads(body)


CLICK = """
import json, sys
from playwright.sync_api import sync_playwright

site, paths = sys.argv[1], sys.argv[2:]
args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
results = []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
    page = context.new_page()
    for path in paths:
        url = "file://" + site + "/" + path
        page.goto(url)
        count = page.evaluate("() => [...document.querySelectorAll('a')].filter(a => a.textContent.includes('gkklik')).length")
        for index in range(count):
            page.goto(url)
            page.wait_for_load_state("load")
            href = page.evaluate('''(i) => {
                const a = [...document.querySelectorAll('a')].filter(a => a.textContent.includes('gkklik'))[i];
                const href = a.getAttribute('href');
                a.click();
                return href;
            }''', index)
            page.wait_for_timeout(300)
            try:
                xss = page.evaluate("() => window.gkXss === undefined ? null : String(window.gkXss)")
            except Exception:  # navigated away: nothing ran in this page
                xss = None
            results.append({"path": path, "href": href, "xss": xss})
    browser.close()
print(json.dumps(results))
"""


@pytest.mark.browser
def test_clicking_every_link_made_from_the_data_runs_nothing(site):
    if not Path("/usr/bin/chromium").is_file():
        pytest.fail("/usr/bin/chromium ontbreekt; draai scripts/setup.sh", pytrace=False)
    paths = [f"aanpakken/{SLUG}/index.html", f"aanpakken/{SLUG}/index.html#factsheet",
             "werkzame-elementen/index.html", "aanpakken/index.html"]
    result = subprocess.run([sys.executable, "-c", CLICK, str(site), *paths], capture_output=True, text=True,
                            check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    clicks = json.loads(result.stdout)
    # The safe link is clicked on every page that shows the text; the hostile ones are no links at all
    # (the sanitiser drops their targets) or, when they are, run nothing.
    assert any(c["href"] == "https://www.zonmw.nl/" for c in clicks), clicks
    assert [c for c in clicks if c["xss"] is not None] == []
    assert [c for c in clicks if DANGEROUS.match(scheme_of(c["href"] or ""))] == []
