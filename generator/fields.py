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
"""

from __future__ import annotations

import re
import threading
from typing import Callable

import markdown
from markupsafe import Markup

from .sanitize import clean_fragment

Cite = Callable[[str], str]

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
_SYNTAX = re.compile(r"[\\`*_\[\]!<>&#]|[^\S \n]|^[ \t]*(?:[-+=>]|\d+[.)])|^(?: {4}|\t)| $", re.M)
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")


def _plain_paragraphs(text: str) -> str | None:
    """The HTML of prose without any Markdown syntax, or None when the text needs the converter."""
    if _SYNTAX.search(text):
        return None
    paragraphs = [p.strip(" \n") for p in _BLANK_LINES.split(text.strip(" \n")) if p.strip(" \n")]
    if not paragraphs:
        return ""
    return "\n".join(f"<p>{p}</p>" for p in paragraphs)


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
    its `<p>`; longer texts keep their blocks. `cite` takes and returns HTML (default: unchanged).
    """
    html = markdown_to_html("" if text is None else str(text))
    if inline:
        match = _ONE_PARAGRAPH.fullmatch(html)
        if match:
            html = match.group(1)
    if cite is not None:
        html = cite(html)
    return Markup(html)
