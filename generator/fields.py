"""The one way a text field's Markdown becomes HTML: convert, sanitise, then add citations.

Generated pages are HTML written by our templates; only the text fields of the data (a summary,
an explanation, a list of steps) are Markdown. `markdown_field` turns one such field into an HTML
fragment:

1. Every `<` becomes `&lt;` first, so raw HTML in a field shows as the text the editor typed (the
   model refuses it with a positioned error anyway; this keeps the page readable if it got through).
2. One reused Python-Markdown instance converts it, with no extensions: fields need paragraphs,
   emphasis, links and lists, and every extension is more syntax a hostile text could use.
3. `sanitize.clean_fragment` keeps only allowed tags, attributes and link schemes.
4. `cite`, when given, runs on the sanitised HTML: citations (`[@bron-id, p. 12]`) become our own
   trusted markup, so they are added after the sanitiser has had its say.

Plain prose (no character that means anything in Markdown or HTML) skips the converter: the result
is the same `<p>` paragraphs Python-Markdown would write, and tests hold the two to each other.
Citations are plain text to Markdown, but their brackets would send every cited paragraph to the
converter: so a field whose citations are simple (no character inside them that Markdown could
read) has each one set aside as an inert placeholder, is converted without them, and gets them
back as links, with the same result as converting first and linking after (tests hold that too).
"""

from __future__ import annotations

import functools
import re
import threading
from typing import Protocol

import markdown
from markupsafe import Markup

from .citations import REFERENCE
from .sanitize import clean_fragment


class Cite(Protocol):
    """Links citations (see `citations.Linker`)."""

    def __call__(self, html: str) -> str:
        """Every citation in a fragment's HTML as a link."""

    def one(self, reference: str) -> str | None:
        """The HTML of one citation given as plain text; None leaves it as text."""

_local = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = markdown.Markdown(extensions=[], output_format="html")
    return md


# Anything Python-Markdown or HTML would read as syntax: emphasis, code, links, images, escapes,
# tags, entities, headings, and a line that starts a list, quote, heading, rule or code block, or
# that underlines the line above (setext heading), or ends in a space (two make a line break); any
# whitespace but spaces and line ends, whose handling is the converter's to decide.
_SYNTAX = re.compile(r"[\\`*_\[\]!<>#]|&(?=#[0-9]+;|#x[0-9a-fA-F]+;|[a-zA-Z0-9]+;)|[^\S \n]|^[ \t]*(?:[-+=>]|\d+[.)])|^(?: {4}|\t)| $", re.M)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of simple prose, or None when the text needs the converter.

    Simple is: paragraphs and tight lists (`- ` or `1. ` on every line of a block, one line per
    item, no two lists next to each other), with `**strong**` and `*emphasis*` as the only markup, and nothing else
    that Markdown or HTML would read as syntax. The result is what Python-Markdown writes.
    """
    if _UNLESS_SIMPLE.search(text):
        return None
    out: list[str] = []
    after_list = False
    for block in _BLANK_LINES.split(text.strip(" \n")):
        block = block.strip(" \n")
        if not block:
            continue
        lines = block.split("\n")
        items = [_LIST_ITEM.fullmatch(line) for line in lines]
        if any(items):
            kind = "ul" if items[0] and items[0].group(1) == "-" else "ol"
            if after_list or not all(item and (item.group(1) == "-") == (kind == "ul") for item in items):
                return None  # a loose list, mixed markers, or lines that continue an item
            inner = [_inline(item.group(2).strip(" ")) for item in items if item]
            if any(i is None for i in inner):
                return None
            out.append(f"<{kind}>\n" + "\n".join(f"<li>{i}</li>" for i in inner) + f"\n</{kind}>")
            after_list = True
        else:
            inline = _inline(block)
            if inline is None:
                return None
            out.append(f"<p>{inline}</p>")
            after_list = False
    return "\n".join(out)


# What the simple path never takes, anywhere in the text: tabs and other odd whitespace, indented
# lines (code blocks, nested lists), and a space at a line's end (two make a line break).
_UNLESS_SIMPLE = re.compile(r"[^\S \n]|^(?: {4}|\t)| $|^ +\S", re.M)
_LIST_ITEM = re.compile(r"(-|\d+\.) (?=\S)(.*)")
_STRONG = re.compile(r"(?<![\w*])\*\*(?=[^\s*])([^*\n]*?[^\s*])\*\*(?![\w*])")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=[^\s*])([^*\n]*?[^\s*])\*(?![\w*])")


def _inline(text: str) -> str | None:
    """A line or paragraph with `**strong**` and `*emphasis*` as its only markup, as HTML; None if it has
    other syntax. (A bare `&` is written as `&amp;`: _SYNTAX sends every `&` that starts an entity to the
    converter.)"""
    if "*" in text:
        spans = [m.group(1) for m in _STRONG.finditer(text)]
        rest = _STRONG.sub("x", text)
        spans += [m.group(1) for m in _EMPHASIS.finditer(rest)]
        if _SYNTAX.search(_EMPHASIS.sub("x", rest)) or any(_SYNTAX.search(span) for span in spans):
            return None
        html = _STRONG.sub(r"<strong>\1</strong>", text.replace("&", "&amp;"))
        return _EMPHASIS.sub(r"<em>\1</em>", html)
    return None if _SYNTAX.search(text) else text.replace("&", "&amp;")


# The same text recurs: on one page (a short summary is also the factsheet's, a missing value the same
# "nog niet bekend"), and across pages (a working element's explanation shared by many approaches). The
# result depends on the text alone, so it is kept; at a thousand approaches fewer than half the fields are
# distinct, and every field the converter sees repeats. Bounded, so memory does not grow with the corpus.
@functools.lru_cache(maxsize=8192)
def markdown_to_html(text: str) -> str:
    """A field's Markdown as sanitised HTML (steps 1 to 3 of the module text)."""
    # STX and ETX mark Python-Markdown's own placeholders; from data they are never wanted.
    text = str(text or "").replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "").replace("\x03", "")
    plain = _plain_paragraphs(text)
    if plain is not None:
        return plain
    html = _converter().reset().convert(text.replace("<", "&lt;"))
    return clean_fragment(html)


_ONE_PARAGRAPH = re.compile(r"<p>((?:(?!</?p>).)*)</p>", re.S)


def markdown_field(text: object, *, inline: bool = False, cite: Cite | None = None) -> Markup:
    """The HTML of one text field: Markdown converted, sanitised, then `cite` applied.

    `inline=True` is for a table cell or the rest of a list item's line: a single paragraph loses
    its `<p>`; longer texts keep their blocks. `cite` links the citations (default: left as text).
    """
    text = "" if text is None else str(text)
    set_aside = _set_aside_citations(text) if cite is not None else None
    html = markdown_to_html(text if set_aside is None else set_aside[0])
    if inline:
        match = _ONE_PARAGRAPH.fullmatch(html)
        if match:
            html = match.group(1)
    if set_aside is not None:
        references = set_aside[1]

        def back(match: re.Match) -> str:
            reference = references[int(match.group(2))]
            return cite.one(reference) or match.group(1) + reference

        html = _PLACEHOLDER_WITH_SPACE.sub(back, html)
    elif cite is not None:
        html = cite(html)
    return Markup(html)


# A placeholder is made of noncharacters, which validation refuses in any text, so it cannot be typed;
# Markdown and the sanitiser pass them on as text.
_PLACEHOLDER = "\ufdd0{}\ufdd1"
_PLACEHOLDER_WITH_SPACE = re.compile("(\\s*)\ufdd0(\\d+)\ufdd1")
# What may stand around and inside a citation that is set aside: nothing Markdown reads there. A field
# with a link (`](`) is converted whole: a citation in its address or text is no citation.
_NOT_WITH_PLACEHOLDERS = re.compile(r"[`\\<\t\ufdd0\ufdd1]|\]\s*:|\]\s*\[|\]\(|^ {4}", re.M)
_MARKDOWN_INSIDE = re.compile(r"[\\`*_\[\]!<>&#]")


def _set_aside_citations(text: str) -> tuple[str, list[str]] | None:
    """The text with each citation replaced by a placeholder, and the citations; None when the
    text has no citation, or one that Markdown could read differently as part of its context."""
    if "[@" not in text or _NOT_WITH_PLACEHOLDERS.search(text):
        return None
    references: list[str] = []

    def aside(match: re.Match) -> str:
        references.append(match.group(0))
        return _PLACEHOLDER.format(len(references) - 1)

    kept = REFERENCE.sub(aside, text)
    if any(_MARKDOWN_INSIDE.search(reference[1:-1]) for reference in references):
        return None
    return kept, references
