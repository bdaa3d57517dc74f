"""Hostile text in approach files: markup shows as the text that was typed, and links may only go to
https:, http: or mailto:. Checked on the real built HTML (and once in a real browser), and on the
validation errors an editor gets for a forbidden link.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import copy_project

from generator.paths import Project
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
SLUG = "vijandige-aanpak"

# A complete, valid approach. Tests replace one value at a time; every value sits on its own line.
BASE = """\
titel: Vijandige aanpak
samenvatting: Een aanpak om te testen.
status: pilot
bewijsniveau: in-ontwikkeling
themas:
  - eigen-regie
doelgroepen:
  - werkgevers
organisaties:
  - naam: Testorganisatie
    rol: ontwikkelaar
    website: https://www.zonmw.nl/
aanpak:
  doel: Testen of niets binnenkomt.
  beschrijving: Zo werkt het.
werkzame_elementen:
  - naam: Eerste element
    toelichting: Uitleg bij het eerste element.
  - naam: Tweede element
    toelichting: Uitleg bij het tweede element.
contextfactoren:
  - naam: Een factor
    niveau: werknemer
    toelichting: Uitleg bij de factor.
kosten_baten:
  kosten_bekend: true
  samenvatting: Het kost weinig.
  kosten:
    - post: Een kostenpost
      bedrag: 100 euro
      bron: bron-een
resultaten:
  - omschrijving: Een resultaat.
    bron: bron-een
voor_werkgevers:
  wat_is_het: Een aanpak.
  wat_vraagt_het: Wat tijd.
  wat_kost_het: Weinig.
  wat_levert_het_op: Veel.
  wanneer: In het tweede jaar.
praktijkproducten:
  - titel: Een product
    soort: handreiking
    beschrijving: Een handreiking.
    url: https://www.zonmw.nl/product
bronnen:
  - id: bron-een
    titel: Een bron
    organisatie: ZonMw
    jaar: 2026
    url: https://www.zonmw.nl/bron
contact:
  organisatie: ZonMw
  naam: Iemand
  email: iemand@zonmw.nl
  website: https://www.zonmw.nl/
bijgewerkt: 2026-05-01
"""

# Where each value stands in BASE: (data path, the line's own text).
FIELDS = {
    "titel": "titel: Vijandige aanpak",
    "samenvatting": "samenvatting: Een aanpak om te testen.",
    "organisaties[0].naam": "  - naam: Testorganisatie",
    "organisaties[0].rol": "    rol: ontwikkelaar",
    "organisaties[0].website": "    website: https://www.zonmw.nl/",
    "aanpak.doel": "  doel: Testen of niets binnenkomt.",
    "aanpak.beschrijving": "  beschrijving: Zo werkt het.",
    "werkzame_elementen[0].naam": "  - naam: Eerste element",
    "werkzame_elementen[0].toelichting": "    toelichting: Uitleg bij het eerste element.",
    "contextfactoren[0].naam": "  - naam: Een factor",
    "kosten_baten.samenvatting": "  samenvatting: Het kost weinig.",
    "kosten_baten.kosten[0].post": "    - post: Een kostenpost",
    "resultaten[0].omschrijving": "  - omschrijving: Een resultaat.",
    "voor_werkgevers.wat_is_het": "  wat_is_het: Een aanpak.",
    "praktijkproducten[0].titel": "  - titel: Een product",
    "praktijkproducten[0].beschrijving": "    beschrijving: Een handreiking.",
    "praktijkproducten[0].url": "    url: https://www.zonmw.nl/product",
    "bronnen[0].titel": "    titel: Een bron",
    "bronnen[0].url": "    url: https://www.zonmw.nl/bron",
    "contact.naam": "  naam: Iemand",
    "contact.website": "  website: https://www.zonmw.nl/",
}


def with_value(field: str, value: str, text: str = BASE) -> tuple[str, int, int]:
    """BASE with one value replaced (written as a double-quoted YAML string); also its line and column."""
    line_text = FIELDS[field]
    lines = text.split("\n")
    index = lines.index(line_text)
    key_end = line_text.index(":") + 2
    lines[index] = line_text[:key_end] + json.dumps(value, ensure_ascii=False)
    return "\n".join(lines), index + 1, key_end + 1


def label(field: str) -> str:
    """A short name for a field, so that the payload fits the length limit of a name or title."""
    return "veld" + "abcdefghijklmnopqrstuvwxyz"[HOSTILE_FIELDS.index(field)]  # no digits: no figure to cite


def payload(field: str) -> str:
    """Every kind of raw HTML an editor might paste, each naming (by its label) the field it was put in."""
    field = label(field)
    return (f'<script>window.gkXss="{field}"</script> '
            f'<iframe src="https://evil.example/{field}"></iframe> '
            f'<img src="https://evil.example/{field}.png" onerror="gkXss=[]"> '
            f'<!-- verborgen {field} --> '
            f'<a href="javascript:gkXss=[]">klik {field}</a> '
            f'<svg onload="gkXss=[]"></svg> '
            f'<style>body{{display:none}}</style>')


# Markdown's attribute lists would add attributes to the element before them; link titles and
# abbreviation definitions become title attributes, which the theme's tooltips show as HTML.
ATTRIBUTE_LISTS = ('# Kop { onclick="window.gkXss=true" }\n\n'
                   'Een alinea.\n{: onmouseover="window.gkXss=true" style="position:fixed" }\n\n'
                   '[Een link](https://www.zonmw.nl/){ onclick="window.gkXss=true" href="javascript:window.gkXss=true" }\n\n'
                   'Een [link met titel](https://www.zonmw.nl/titel "<img src=x onerror=window.gkXss=false>") '
                   'en een Tooltipwoord.\n\n'
                   '*[Tooltipwoord]: <img src=x onerror=window.gkXss=null>')

HOSTILE_FIELDS = ["samenvatting", "aanpak.doel", "werkzame_elementen[0].naam", "werkzame_elementen[0].toelichting",
                  "contextfactoren[0].naam", "kosten_baten.samenvatting", "kosten_baten.kosten[0].post",
                  "resultaten[0].omschrijving", "voor_werkgevers.wat_is_het", "praktijkproducten[0].titel",
                  "praktijkproducten[0].beschrijving", "bronnen[0].titel", "organisaties[0].naam",
                  "contact.naam"]
HOSTILE_TITLE = 'Vijandig <script>window.gkXss="titel"</script> { onclick="window.gkXss=true" } & "zo"'


def hostile_text() -> str:
    text, _, _ = with_value("titel", HOSTILE_TITLE)
    for field in HOSTILE_FIELDS:
        text, _, _ = with_value(field, payload(field), text)
    text, _, _ = with_value("aanpak.beschrijving", ATTRIBUTE_LISTS, text)
    return text


# ------------------------------------------------------------------------------------------------
# The built site
# ------------------------------------------------------------------------------------------------


class Page(HTMLParser):
    """What a browser would make of a page: elements with attributes, comments, script bodies, text."""

    RAW = {"script", "style"}

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.comments: list[str] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag in self.RAW:
            self._open.append(tag)
            if tag == "script":
                self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_comment(self, data):
        self.comments.append(data)

    def handle_data(self, data):
        if self._open:
            if self._open[-1] == "script":
                attrs, body = self.scripts[-1]
                self.scripts[-1] = (attrs, body + data)
        else:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return re.sub(r"\s+", " ", "".join(self.text))


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The real project plus the hostile approach, built with the real command, strict."""
    root = copy_project(tmp_path_factory.mktemp("vijandig") / "project")
    (root / "approaches" / f"{SLUG}.yml").write_text(hostile_text(), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), "build", "--strict", "-q"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


@pytest.fixture(scope="module")
def pages(hostile_site) -> dict[str, Page]:
    return {p.relative_to(hostile_site).as_posix(): Page(p.read_text(encoding="utf-8"))
            for p in sorted(hostile_site.rglob("*.html"))}


def test_the_hostile_approach_is_in_the_built_site(hostile_site, pages):
    assert f"aanpakken/{SLUG}/index.html" in pages
    assert any(attrs.get("id") == "factsheet" for _, attrs in pages[f"aanpakken/{SLUG}/index.html"].elements)


def test_no_page_has_an_event_handler_attribute(pages):
    found = [(name, tag, attr) for name, page in pages.items() for tag, attrs in page.elements
             for attr in attrs if attr.startswith("on")]
    assert found == []


def test_no_element_gets_a_style_attribute_from_the_data(pages):
    found = [(name, tag, attrs["style"]) for name, page in pages.items() for tag, attrs in page.elements
             if "position:fixed" in (attrs.get("style") or "").replace(" ", "")]
    assert found == []


def test_no_iframe_svg_style_or_image_from_the_data_is_on_any_page(pages):
    for name, page in pages.items():
        tags = [tag for tag, _ in page.elements]
        assert "iframe" not in tags, name
        images = [attrs.get("src") or "" for tag, attrs in page.elements if tag == "img"]
        assert not [src for src in images if "evil.example" in src], name
        styles = [attrs for tag, attrs in page.elements if tag == "style"]
        assert styles == [], name
        assert not [attrs for tag, attrs in page.elements if tag == "svg" and "onload" in attrs], name


def test_no_script_runs_text_from_the_data(pages):
    for name, page in pages.items():
        for attrs, body in page.scripts:
            if "gkXss" not in body:
                continue
            # Only the approach's JSON-LD may carry its text, as inert JSON without a '<'.
            assert attrs.get("type") == "application/ld+json", (name, body[:200])
            assert "<" not in body, name
            assert json.loads(body)["name"] == HOSTILE_TITLE


def test_no_html_comment_comes_from_the_data(pages):
    assert [(name, c) for name, page in pages.items() for c in page.comments if "verborgen" in c] == []


def test_every_link_and_source_on_every_page_uses_an_allowed_scheme(pages):
    schemes = {}
    for name, page in pages.items():
        for tag, attrs in page.elements:
            for attr in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                value = attrs.get(attr)
                if value:
                    schemes.setdefault(urlsplit(value.strip()).scheme.lower(), (name, tag, value))
    assert set(schemes) <= {"", "http", "https", "mailto"}, schemes


@pytest.mark.parametrize("field", HOSTILE_FIELDS)
def test_hostile_markup_in_a_field_shows_on_the_approach_page_as_the_text_that_was_typed(pages, field):
    visible = pages[f"aanpakken/{SLUG}/index.html"].visible
    field = label(field)
    for part in (f'<script>window.gkXss="{field}"</script>',
                 f'<iframe src="https://evil.example/{field}"></iframe>',
                 f'<!-- verborgen {field} -->',
                 f'<a href="javascript:gkXss=[]">klik {field}</a>'):
        assert part in visible, part


def test_attribute_lists_show_as_text_instead_of_becoming_attributes(pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]
    assert '{ onclick="window.gkXss=true" }' in page.visible
    assert '{: onmouseover="window.gkXss=true" style="position:fixed" }' in page.visible
    links = [attrs for tag, attrs in page.elements if tag == "a" and attrs.get("href") == "https://www.zonmw.nl/"]
    assert links and all(set(attrs) <= {"href", "title", "class"} for attrs in links)


def test_the_title_is_text_in_the_heading_the_head_and_every_list(hostile_site, pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]
    raw = (hostile_site / "aanpakken" / SLUG / "index.html").read_text(encoding="utf-8")
    head_title = re.search(r"<title>(.*?)</title>", raw, re.S).group(1)
    assert "<" not in head_title
    assert HOSTILE_TITLE in page.visible
    descriptions = [attrs for tag, attrs in page.elements if tag == "meta" and attrs.get("name") == "description"]
    assert len(descriptions) == 1 and set(descriptions[0]) == {"name", "content"}
    assert f'<script>window.gkXss="{label("samenvatting")}"' in descriptions[0]["content"].replace("scriptwindow", "script>window")
    assert HOSTILE_TITLE in pages["aanpakken/index.html"].visible
    assert HOSTILE_TITLE in pages["themas/eigen-regie/index.html"].visible


def test_the_factsheet_shows_the_hostile_text_as_text(pages):
    page = pages[f"aanpakken/{SLUG}/index.html"]  # the factsheet is the print view of the approach page
    assert 'Factsheet · ' + HOSTILE_TITLE in re.sub(r"\s+", " ", page.visible)
    assert not [attrs for tag, attrs in page.elements if any(a.startswith("on") for a in attrs)]


# Runs in its own process: Playwright's synchronous API allows one instance per thread, and the
# browser tests in tests/browser/ keep theirs open for the whole session.
BROWSER_CHECK = """
import json, sys
from playwright.sync_api import sync_playwright

TRIGGER = '''() => {
    for (const el of document.querySelectorAll('body *')) {
        for (const type of ['mouseover', 'mouseenter', 'focus', 'click', 'load', 'error']) {
            if (type === 'click' && el.closest('a[href], button, label, input')) continue;
            el.dispatchEvent(new Event(type, {bubbles: true}));
        }
    }
}'''
STATE = '''() => ({
    xss: window.gkXss === undefined ? null : String(window.gkXss),
    handlers: [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
        .filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name)),
    iframes: document.querySelectorAll('iframe').length,
    badLinks: [...document.querySelectorAll('[href], [src]')]
        .map(el => el.getAttribute('href') || el.getAttribute('src'))
        .filter(v => /^[\\\\s]*(javascript|data|vbscript):/i.test(v)),
    text: document.body.innerText,
})'''
# The site's tooltips are the browser's own (a title attribute, shown as text) and, for a glossary
# term with keyboard focus, the title as CSS generated content (text by definition): read both.
TOOLTIP = ("el => { el.focus(); const after = getComputedStyle(el, '::after').content; "
           "return [el.getAttribute('title'), after && after !== 'none' ? after : ''].join(' '); }")

site, pages = sys.argv[1], sys.argv[2:]
args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
requested, results, failed = [], {}, []
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=args)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.on("request", lambda request: requested.append(request.url))
    context.route(lambda url: not url.startswith("file://"), lambda route: route.abort())
    page = context.new_page()
    for path in pages:
        page.goto("file://" + site + "/" + path)
        page.wait_for_load_state("load")
        page.wait_for_timeout(300)
        # Hover, for real, everything whose title (the theme sets some) carries hostile text
        shown = []
        for element in page.query_selector_all("[title]"):
            if "gkXss" in (element.get_attribute("title") or "") and element.is_visible():
                try:
                    element.scroll_into_view_if_needed(timeout=3000)
                    element.hover(timeout=3000)
                except Exception as error:  # e.g. a tooltip's <style> hid the page
                    failed.append(path + ": " + str(error).splitlines()[0])
                    continue
                page.wait_for_timeout(100)
                shown.append(element.evaluate(TOOLTIP))
                page.mouse.move(0, 0)
        page.evaluate(TRIGGER)
        results[path] = page.evaluate(STATE)
        results[path]["tooltips"] = shown
    browser.close()
print(json.dumps({"requested": requested, "pages": results, "failed": failed}))
"""


@pytest.mark.browser
def test_in_a_real_browser_no_script_from_the_data_runs_and_nothing_is_fetched_from_elsewhere(hostile_site):
    if not Path("/usr/bin/chromium").is_file():
        pytest.fail("/usr/bin/chromium ontbreekt; draai scripts/setup.sh", pytrace=False)
    paths = [f"aanpakken/{SLUG}/index.html", f"aanpakken/{SLUG}/index.html#factsheet", "aanpakken/index.html",
             "werkzame-elementen/index.html"]
    result = subprocess.run([sys.executable, "-c", BROWSER_CHECK, str(hostile_site), *paths],
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    for path in paths:
        state = report["pages"][path]
        assert state["xss"] is None, (path, state["xss"])
        assert state["handlers"] == [], path
        assert state["iframes"] == 0 and state["badLinks"] == [], path
        assert "<script>window.gkXss=" in state["text"], path
    assert report["failed"] == []
    # The tooltips show the hostile titles as text: a link's title; an abbreviation definition typed
    # in a field is no glossary term (fields have no abbreviation syntax) and shows as typed.
    tooltips = " ".join(report["pages"][paths[0]]["tooltips"])
    assert "<img src=x onerror=window.gkXss=false>" in tooltips
    assert "*[Tooltipwoord]: <img src=x onerror=window.gkXss=null>" in report["pages"][paths[0]]["text"]
    element = label("werkzame_elementen[0].naam")
    assert f'<script>window.gkXss="{element}"' in report["pages"][paths[3]]["text"]
    assert [url for url in report["requested"] if not url.startswith("file://")] == []


# ------------------------------------------------------------------------------------------------
# Forbidden links are validation errors naming the field
# ------------------------------------------------------------------------------------------------


def validate(tmp_path: Path, text: str):
    root = tmp_path / "project"
    (root / "approaches").mkdir(parents=True)
    shutil.copy2(ROOT / "vocabulaire.yml", root / "vocabulaire.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    (root / "approaches" / f"{SLUG}.yml").write_text(text, encoding="utf-8")
    return load_project(Project(root)).diagnostics.errors


def test_the_base_approach_is_valid(tmp_path):
    assert validate(tmp_path, BASE) == []


def test_the_hostile_approach_is_valid_because_its_markup_is_harmless_text(tmp_path):
    assert validate(tmp_path, hostile_text()) == []


MARKDOWN_LINKS = {
    "inline": ("[klik](javascript:alert(1))", "javascript"),
    "hoofdletters": ("[klik](JaVaScRiPt:alert(1))", "javascript"),
    "tab in het schema": ("[klik](java\tscript:alert(1))", "javascript"),
    "nieuwe regel in het schema": ("[klik](java\nscript:alert(1))", "javascript"),
    "spaties eromheen": ("[klik]( javascript:alert(1) )", "javascript"),
    "tussen punthaken": ("[klik](<javascript:alert(1)>)", "javascript"),
    "numerieke entiteit": ("[klik](&#106;avascript:alert(1))", "javascript"),
    "hexadecimale entiteit": ("[klik](&#x6A;avascript:alert(1))", "javascript"),
    "entiteit zonder puntkomma": ("[klik](&#106avascript:alert(1))", "javascript"),
    "benoemde entiteit": ("[klik](javascript&colon;alert(1))", "javascript"),
    "tab als entiteit": ("[klik](jav&Tab;ascript:alert(1))", "javascript"),
    "dubbel gecodeerd": ("[klik](&amp;#106;avascript:alert(1))", "javascript"),
    "referentie": ("[klik][x]\n\n[x]: javascript:alert(1)", "javascript"),
    "referentie op de volgende regel": ("[klik][x]\n\n[x]:\n  javascript:alert(1)", "javascript"),
    "referentie in een lijst": ("- [x]: javascript:alert(1)\n\n[x]", "javascript"),
    "referentie in een citaat": ("> [x]: javascript:alert(1)\n\n[x]", "javascript"),
    "autolink": ("<javascript:alert(1)>", "javascript"),
    "afbeelding met data": ("![foto](data:image/svg+xml;base64,PHN2Zz4=)", "data"),
    "link met data": ("[klik](data:text/html,<script>alert(1)</script>)", "data"),
    "vbscript": ("[klik](vbscript:msgbox(1))", "vbscript"),
    "in een naam, sluit de linktekst van de pagina": ("x](javascript:alert(1)) [y", "javascript"),
}

TEXT_FIELDS = ["samenvatting", "werkzame_elementen[0].toelichting", "aanpak.beschrijving", "titel",
               "organisaties[0].naam", "contact.naam", "bronnen[0].titel", "kosten_baten.kosten[0].post"]


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize("kind", list(MARKDOWN_LINKS))
def test_a_forbidden_link_in_any_text_is_an_error_naming_the_field(tmp_path, field, kind):
    link, scheme = MARKDOWN_LINKS[kind]
    text, line, column = with_value(field, f"Een alinea.\n\n{link} en verder.")
    all_errors = validate(tmp_path, text)
    # a title or name is also refused for the line break in it (see test_hostile_input.py)
    assert {e.path for e in all_errors} == {field}
    errors = [e for e in all_errors if "de link" in e.message]
    assert [(e.file, e.line, e.column, e.path) for e in errors] == [
        (f"approaches/{SLUG}.yml", line, column, field)]
    assert f"gebruikt '{scheme}:'" in errors[0].message
    assert "alleen https:, http: en mailto:" in errors[0].message
    assert errors[0].format().startswith(f"approaches/{SLUG}.yml:{line}:{column}: {field}: de link ")


@pytest.mark.parametrize("link", ["[site](https://www.zonmw.nl/)", "[mail](mailto:info@zonmw.nl)",
                                  "[oud](http://example.nl/)", "[hier](#bronnen)", "[daar](../andere/)",
                                  "<https://www.zonmw.nl/>", "Let op: tijd 10:00", "[Noot]: Titel: ondertitel"])
def test_an_allowed_link_or_a_colon_in_plain_text_is_no_error(tmp_path, link):
    text, _, _ = with_value("samenvatting", f"Tekst met {link} erin.")
    assert validate(tmp_path, text) == []


URL_FIELDS = ["praktijkproducten[0].url", "bronnen[0].url", "contact.website", "organisaties[0].website"]
BAD_URLS = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", " javascript:alert(1)",
            "&#106;avascript:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox(1)",
            "https://www.zonmw.nl/x](javascript:alert(1)", "https://www.zonmw.nl/\"onclick=\"alert(1)",
            "https://www.zonmw.nl/<script>", "//evil.example/"]


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize("url", BAD_URLS)
def test_a_url_field_accepts_only_a_full_https_http_or_mailto_address(tmp_path, field, url):
    text, line, column = with_value(field, url)
    errors = validate(tmp_path, text)
    assert [(e.line, e.column, e.path) for e in errors] == [(line, column, field)]
    assert "webadres" in errors[0].message


@pytest.mark.parametrize("url", ["https://www.zonmw.nl/", "http://example.nl/pad?a=1&b=2#x",
                                 "https://nl.wikipedia.org/wiki/Rouw_(emotie)", "mailto:info@zonmw.nl"])
def test_an_ordinary_address_in_a_url_field_is_accepted(tmp_path, url):
    text, _, _ = with_value("contact.website", url)
    assert validate(tmp_path, text) == []


@pytest.mark.parametrize("email", ["a](javascript:alert(1))@x.nl", "iemand@zonmw.nl\"onclick=x",
                                   "<script>@x.nl", "iemand zonmw.nl"])
def test_an_email_address_that_could_break_its_link_is_an_error(tmp_path, email):
    lines = BASE.split("\n")
    index = lines.index("  email: iemand@zonmw.nl")
    lines[index] = "  email: " + json.dumps(email)
    errors = validate(tmp_path, "\n".join(lines))
    assert [(e.line, e.path) for e in errors] == [(index + 1, "contact.email")]


def test_a_forbidden_link_stops_the_build_and_the_message_names_file_line_and_field(tmp_path):
    root = copy_project(tmp_path / "project")
    text, line, column = with_value("samenvatting", "Zie [hier](JaVaScRiPt:alert(1)).")
    (root / "approaches" / f"{SLUG}.yml").write_text(text, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), "build", "-q"],
                            capture_output=True, text=True, check=False, env=env)
    assert result.returncode == 1
    assert f"approaches/{SLUG}.yml:{line}:{column}: samenvatting: de link " in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "site").exists()
