"""Text fields to HTML: Markdown, the allow-list sanitiser, the citation hook, and glossary tooltips.

`fields.markdown_field` is the one way a text field's Markdown becomes HTML; `sanitize.clean_fragment`
is its guarantee against hostile markup; `tooltips.Tooltips` marks glossary terms in finished pages.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import citations
from generator.fields import _plain_paragraphs, _set_aside_citations, markdown_field, markdown_to_html
from generator.model import Begrip, Vocabulaire
from generator.sanitize import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, clean_fragment
from generator.tooltips import Tooltips


class Elements(HTMLParser):
    """Every element of a fragment with its attributes, as a browser's parser sees them."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def assert_inert(fragment: str) -> None:
    for tag, attrs in Elements(fragment).elements:
        assert tag in ALLOWED_TAGS, (tag, fragment)
        assert set(attrs) <= ALLOWED_ATTRIBUTES.get(tag, set()), (tag, attrs, fragment)
        for name in ("href", "src"):
            if name in attrs:
                url = attrs[name].strip().lower()
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", url)
                assert scheme is None or scheme.group(1) in ("https", "http", "mailto"), (url, fragment)
                assert not url.startswith(("//", "\\")), (url, fragment)


HOSTILE_FIELDS = [
    # inline links, with the scheme hidden in several ways
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik]( javascript:alert(1) )",
    "[klik](jav&#x61;script:alert(1))",
    "[klik](jav&#97;script:alert(1))",
    "[klik](javascript&colon;alert(1))",
    "[klik](java\tscript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    "[klik](//evil.example/)",
    "![beeld](javascript:alert(1))",
    "<javascript:alert(1)>",
    # reference links, also inside a definition list and a list
    "[klik][x]\n\n[x]: javascript:alert(1)",
    "[klik]\n\n[klik]: data:text/html,<script>alert(1)</script>",
    "Term\n: [klik][y]\n\n[y]: vbscript:alert(1)",
    "- [klik][z]\n\n  [z]: javascript:alert(1)",
    # raw HTML, attributes, styles, frames
    '<a href="javascript:alert(1)">klik</a>',
    '<img src=x onerror="alert(1)">',
    '<p onclick="alert(1)" style="position:fixed" class="md-button" id="bron-x">tekst</p>',
    "<iframe src=\"https://evil.example/\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg onload=alert(1)><script>alert(1)</script></svg>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;img src=x onerror=alert(1)&#62;",
    "<!-- opmerking --> tekst",
    '[klik](https://ok.example/ "titel" onclick="alert(1)")',
    "[klik](https://ok.example/){: onclick=\"alert(1)\" }",
    "*[HTML]: <img src=x onerror=alert(1)>\n\nHTML",
    "\x02wzxhzdk:0\x03 plaats",
]


@pytest.mark.parametrize("text", HOSTILE_FIELDS)
def test_a_hostile_field_becomes_inert_html(text):
    out = markdown_field(text)
    assert_inert(out)
    for tag in ("<iframe", "<script", "<svg", "<style", "<img"):  # as text (escaped) they may show
        assert tag not in out.lower(), out
    assert "\x02" not in out and "\x03" not in out


@pytest.mark.parametrize("fragment", [
    '<a href="javascript:alert(1)" onclick="x()">a</a>',
    '<a href="jav&#x0A;ascript:alert(1)">a</a>',
    '<a href="&#106;avascript:alert(1)">a</a>',
    '<a href="data:text/html,x">a</a>',
    '<a href="vbscript:x">a</a>',
    '<a href="\\\\evil.example\\x">a</a>',
    '<div style="background:url(javascript:alert(1))"><p id="x" class="y">t</p></div>',
    '<form action="https://evil.example/"><input name="q"><button formaction="javascript:x">b</button></form>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    '<details open ontoggle=alert(1)>x</details>',
    '<a href="https://ok.example/" target="_blank" rel="opener">ok</a>',
])
def test_the_sanitiser_keeps_only_allowed_tags_attributes_and_schemes(fragment):
    out = clean_fragment(fragment)
    assert_inert(out)
    assert "alert" not in "".join(str(attrs) for _, attrs in Elements(out).elements)


def test_the_sanitiser_keeps_what_editors_write():
    fragment = ('<p><strong>vet</strong> <em>schuin</em> <a href="https://ok.example/a?b=1&amp;c=2">extern</a> '
                '<a href="mailto:a@example.org">mail</a> <a href="../andere/#stap">relatief</a> '
                '<a href="#bron-x">bron</a></p><ol start="3"><li>drie</li></ol>')
    assert clean_fragment(fragment) == fragment


def test_markdown_fields_keep_their_markup():
    assert markdown_field("Een **vet** en *schuin* woord met [een link](https://ok.example/).") == (
        '<p>Een <strong>vet</strong> en <em>schuin</em> woord met <a href="https://ok.example/">een link</a>.</p>')
    assert markdown_field("- een\n- twee") == "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>"
    assert markdown_field("Een zin.", inline=True) == "Een zin."
    assert markdown_field("Een.\n\nTwee.", inline=True) == "<p>Een.</p>\n<p>Twee.</p>"
    assert markdown_field("Zie <b>dit</b> & dat") == "<p>Zie &lt;b&gt;dit&lt;/b&gt; &amp; dat</p>"


def test_the_cite_callable_runs_last_on_the_sanitised_html():
    calls = []

    def cite(fragment: str) -> str:
        calls.append(fragment)
        return fragment.replace("[@bron]", '<sup id="cite-1"><a href="#bron-bron" class="gk-cite">1</a></sup>')

    out = markdown_field('Een cijfer [@bron] <a href="javascript:x">a</a>', cite=cite)
    assert calls == ["<p>Een cijfer [@bron] &lt;a href=\"javascript:x\"&gt;a&lt;/a&gt;</p>"]
    assert '<sup id="cite-1"><a href="#bron-bron" class="gk-cite">1</a></sup>' in out  # trusted: not sanitised
    assert markdown_field("Een cijfer [@bron]") == "<p>Een cijfer [@bron]</p>"  # default: unchanged


prose = st.text(alphabet=st.sampled_from(list("abcdefgh ijk.,?;:'\"()%€éë-+=>#*_[]!`<&\\\n\t0123456789 ")),
                max_size=120)


structured_prose = st.lists(st.one_of(
    st.sampled_from(["**", "*", "- ", "-", "1. ", "2. ", "12. ", "1) ", "\n", "\n\n", "\n \n", " ", "  ", "&", "&amp;",
                     ":", "_", "x**y", "    ", "\t", "# ", "> ", "=", "\n- ", "\n1. ", "**a**", "** a**", "**a **", "*a*", "*a b*", "* a*",
                     "x*y", "***", "*a **b** c*", "**a *b* c**"]),
    st.text(alphabet="abc .,;()%0123456789éë'", max_size=10)), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(st.one_of(prose, structured_prose))
def test_plain_prose_skips_the_converter_only_when_the_converter_would_write_the_same(text):
    plain = _plain_paragraphs(text)
    if plain is not None:
        assert plain == markdown.Markdown().convert(text)
        assert clean_fragment(plain) == plain


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_becomes_inert_html(text):
    assert_inert(markdown_to_html(text))


# ---------------------------------------------------------------------------------------------
# Glossary tooltips on finished HTML
# ---------------------------------------------------------------------------------------------


def vocabulary(**begrippen: Begrip) -> Vocabulaire:
    return Vocabulaire.model_construct(themas={}, doelgroepen={}, statussen={}, bewijsniveaus={}, fasen={},
                                       begrippen=begrippen)


UWV = Begrip(term="UWV", titel="Uitvoeringsinstituut Werknemersverzekeringen", afkorting=True, beschrijving="x")
DRIEGESPREK = Begrip(term="Driegesprek", titel="Driegesprek",
                     beschrijving="Een gesprek met werknemer, werkgever en coach. Meer uitleg.")


def test_only_the_first_use_of_each_term_in_a_page_gets_a_tooltip():
    tips = Tooltips(vocabulary(uwv=UWV, driegesprek=DRIEGESPREK))
    out = tips.mark("<p>Het UWV kijkt. Een driegesprek met het UWV.</p><p>Driegesprek en UWV.</p>")
    assert out == ('<p>Het <abbr title="Uitvoeringsinstituut Werknemersverzekeringen">UWV</abbr> kijkt. Een '
                   '<abbr title="Een gesprek met werknemer, werkgever en coach.">driegesprek</abbr> met het UWV.</p>'
                   "<p>Driegesprek en UWV.</p>")


def test_no_tooltip_in_tags_links_headings_code_or_inside_words():
    tips = Tooltips(vocabulary(uwv=UWV))
    page = ('<h2 id="uwv">UWV</h2><p title="over UWV > meer UWV" data-x=\'UWV\'>'
            '<a href="https://uwv.example/UWV">UWV</a> <code>UWV</code> UWVX xUWV &UWV; '
            '<!-- UWV --></p><p>Het UWV.</p>')
    out = tips.mark(page)
    assert out == page.replace("<p>Het UWV.", '<p>Het <abbr title="Uitvoeringsinstituut Werknemersverzekeringen">UWV</abbr>.')


@pytest.mark.parametrize("titel", ['"><img src=x onerror=alert(1)>', "a\nb\\c <script>", "x' onmouseover='alert(1)"])
def test_a_tooltip_explanation_is_escaped_into_the_title(titel):
    hostile = Begrip.model_construct(term="WIA", titel=titel, afkorting=True, beschrijving="x")
    out = Tooltips(vocabulary(wia=hostile)).mark("<p>De WIA.</p>")
    [(tag, attrs)] = [e for e in Elements(out).elements if e[0] == "abbr"]
    assert attrs == {"title": " ".join(titel.split())}  # the text, on one line, nothing more
    assert "<img" not in out and "<script" not in out and "onmouseover=" not in out.replace("&#x27; onmouseover=", "")


@pytest.mark.parametrize("term", ["Regel\nbreuk", "A&B", "x<y", "Back\\slash", "[haak]", "*ster*"])
def test_a_term_with_odd_characters_is_matched_as_text_and_cannot_inject_markup(term):
    hostile = Begrip.model_construct(term=term, titel="Uitleg", afkorting=True, beschrijving="x")
    shown = html.escape(" ".join(term.split()), quote=False)
    out = Tooltips(vocabulary(kwaad=hostile)).mark(f"<p>Voor {shown} na.</p>")
    assert out == f'<p>Voor <abbr title="Uitleg">{shown}</abbr> na.</p>'


# --- Citations set aside while converting ---------------------------------------------------------

_SOURCES = {"a": citations.Numbered(1, "Rapport A"), "b-2": citations.Numbered(2, "Rapport & <B>")}


def _convert_then_link(text: str, inline: bool = False, sources: dict = _SOURCES) -> str:
    """The reference result: convert the whole field, then link the citations in its HTML."""
    out = markdown_to_html(text)
    if inline:
        match = re.fullmatch(r"<p>((?:(?!</?p>).)*)</p>", out, re.S)
        out = match.group(1) if match else out
    return citations.link(out, sources)


citation_prose = st.lists(st.one_of(
    st.sampled_from(["[@a]", "[@b-2, p. 12]", "[@a; @b-2, tabel 3]", "[@onbekend]", "[@a, p_1 *x*]", "[@A]",
                     "[@a](x)", "[@a]:", "[x][@a]", "[@a]([@a])", "[zie [@a]](https://x.nl)", "](", "`[@a]`", "    ", "\n\n", "\n", "- ", "1. ", " ", "*", "_",
                     "&", "&amp;", "<", "\t", "!", "#"]),
    st.text(alphabet="abc .,;()%0123456789éë-", max_size=12)), max_size=14).map("".join)


@settings(max_examples=500, deadline=None)
@given(citation_prose, st.booleans())
def test_citations_set_aside_give_the_html_of_converting_first_and_linking_after(text, inline):
    assert markdown_field(text, inline=inline, cite=citations.Linker(_SOURCES)) == _convert_then_link(text, inline)


def test_every_text_of_the_real_approaches_gives_the_same_html_either_way():
    import yaml

    from generator.paths import Project

    checked = 0
    for path in Project(Path(__file__).resolve().parents[1]).approach_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        linker = citations.Linker(citations.numbering(
            [type("B", (), {"id": b["id"], "titel": b.get("titel", "")}) for b in data.get("bronnen", [])]))
        for _, text in citations.texts(data, ()):
            for inline in (False, True):
                expected = _convert_then_link(text, inline, linker.sources)
                assert markdown_field(text, inline=inline, cite=linker) == expected, text
            checked += "[@" in text
    assert checked > 50  # the real files cite their sources in many texts


@pytest.mark.parametrize("text", [
    "**Experimentele regio's:** van de meer dan tachtig werknemers & hun werkgevers",
    "Inleiding.\n\n- Geef de begeleiding tijd.\n- Bespreek het **samen**.\n\nSlot.",
    "1. **Motiverende gespreksvoering.** Een\n2. Twee\n12. Drie",
    "Cijfers. *Tussentijds; conclusies volgen later.*",
])
def test_lists_and_strong_text_take_the_quick_path_with_the_converters_html(text):
    assert _plain_paragraphs(text) is not None
    assert _plain_paragraphs(text) == markdown.Markdown().convert(text)


def test_every_real_text_that_takes_the_quick_path_gets_the_converters_html():
    import yaml

    from generator.paths import Project

    quick = 0
    for path in Project(Path(__file__).resolve().parents[1]).approach_files():
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        for _, text in citations.texts(data, ()):
            set_aside = _set_aside_citations(text)  # as markdown_field does first
            text = set_aside[0] if set_aside else text
            plain = _plain_paragraphs(text)
            if plain is not None:
                assert plain == markdown.Markdown().convert(text), text
                quick += "**" in text or "\n- " in text or text.startswith("- ")
    assert quick >= 3  # the real files have lists and strong text that the quick path takes


def test_a_citation_in_a_link_address_never_puts_markup_into_the_address():
    out = markdown_field("[@a]([@a]) en [zie [@a]](https://www.zonmw.nl/)", cite=citations.Linker(_SOURCES))
    assert out == _convert_then_link("[@a]([@a]) en [zie [@a]](https://www.zonmw.nl/)")
    hrefs = re.findall(r'href="([^"]*)"', out)
    assert hrefs and all("<" not in href for href in hrefs)
