"""Small text helpers shared by validation and rendering."""

from __future__ import annotations

import functools
import html
import json
import re
import unicodedata

from markupsafe import Markup

from .citations import strip as strip_citations


def slugify(text: str) -> str:
    """The URL slug of a text: lower case ASCII letters, digits and hyphens."""
    normalised = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return _NOT_SLUG.sub("-", normalised).strip("-")


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def neutralise_html(value: object) -> str:
    """Text from YAML as Markdown that cannot produce HTML or HTML attributes.

    Every '<' becomes an entity: without it no tag, comment or processing instruction can start, so
    `<script>`, `<iframe>` and event-handler attributes show as the text the editor typed. Every '{'
    becomes an entity too: the attr_list extension would otherwise read `{ onclick="..." }` or
    `{: href="javascript:..." }` after a heading, paragraph or link as attributes for that element.
    Markup written by the templates themselves is passed as `Markup` and left alone.

    The price: inside a code span (`` `<b>` ``) the entity shows as typed. Recognising code spans
    here would mean re-implementing Markdown's rules, and a mistake would let markup through.
    """
    if value is None:
        return ""
    if isinstance(value, Markup):
        return str(value)
    return str(value).replace("<", "&lt;").replace("{", "&#123;")


def front_matter(value: object) -> Markup:
    """A value for a page's front matter (`title:`, `description:`) that the theme prints as HTML.

    MkDocs themes print `page.meta.title` and `page.meta.description` unescaped, in the page's
    <title>, its header and a <meta content="..."> attribute. So the text is HTML-escaped (quotes
    included) and then written as a quoted YAML string (JSON is valid YAML).
    """
    escaped = html.escape(re.sub(r"\s+", " ", str(value or "")).strip(), quote=True)
    return Markup(json.dumps(escaped, ensure_ascii=False))


def inline(value: object) -> str:
    """Text for a single line (a table cell, a list item's first line): whitespace folded, pipes escaped."""
    return re.sub(r"\s+", " ", str(value or "")).strip().replace("|", "\\|")


# Listings show an approach's first sentence on many pages (every theme, target group and phase it is in).
@functools.lru_cache(maxsize=8192)
def first_sentence(value: str, limit: int = 200) -> str:
    """A plain one-line description: the first sentence, without Markdown link syntax or citations."""
    value = strip_citations(value)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"\s+", " ", value)).strip()
    text = re.sub(r"[*_`#>]", "", text)
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def shorten(text: str, budget: int = 300) -> str:
    """A Markdown text as one short line, for the factsheet: list markers dropped, lines joined, and
    cut after the last whole sentence that fits in `budget` characters (or at a word, with "…",
    when even the first sentence is too long). Citations are left out: a printed sheet has no
    Bronnen list to point into, and a cut must not split one. The result is still Markdown: it goes
    through the field function, and so the sanitiser, like every other text."""
    parts = []
    for line in strip_citations(str(text or "")).splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* ", "+ "):
            line = line[2:].lstrip()
        if line:
            parts.append(line)
    flat = " ".join(parts)
    if len(flat) <= budget:
        return flat
    cut = flat[: budget + 1]
    end = max(cut.rfind(". "), cut.rfind("? "), cut.rfind("! "))
    if end > 0:
        return cut[: end + 1]
    return flat[: budget - 1].rsplit(" ", 1)[0] + "…"
