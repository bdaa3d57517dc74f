"""Render: the catalog in, every generated page out as {path in the docs tree: content}.

One function, `render_site`, produces every generated file; the MkDocs hook and `export` are thin
adapters around it. Page templates live in `templates/pages/`:

- `*.html.j2` write the finished HTML of a page's content (an `HtmlPage`): Jinja autoescapes every
  value, and text fields that hold Markdown go through `fields.markdown_field` (Markdown, then the
  sanitiser, then citations). The template sets `meta` (title, description and what the theme
  reads, such as `hide`), which the hook hands to MkDocs from Python: no front matter, and no
  Markdown round trip for the page.
- `*.md.j2` write Markdown with front matter that MkDocs converts as usual; every value passes
  `neutralise_html`, so text from YAML can never become markup.
"""

from __future__ import annotations

import functools
import html
import json
import pickle
import posixpath
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup, escape

from . import citations, opendata, overview, visual
from .catalog import Catalog, Entry, Shared, element_key
from .fields import Cite, markdown_field
from .model import Begrip, Vocabulaire
from .packed import Packed
from .page_cache import PageCache, approach_key, site_key
from .settings import SiteSettings
from .text import first_sentence, front_matter, inline, neutralise_html, shorten, slugify
from .tooltips import Tooltips, explanation, variants
from .workers import spread

PERMALINK_TITLE = "Link naar dit onderdeel"
"""The title of the `#` link after each heading; mkdocs.yml gives the toc extension the same one."""


def relpath(target: str, start: str) -> str:
    """posixpath.relpath for paths inside the docs tree, without asking the disk for the current
    directory on every link (tens of thousands of links at a thousand approaches)."""
    parts, base = target.split("/"), start.split("/")
    if target.startswith("/") or start.startswith("/") or ".." in parts or ".." in base:
        return posixpath.relpath(target, start)
    parts = [p for p in parts if p and p != "."]
    base = [p for p in base if p and p != "."]
    common = 0
    while common < min(len(parts), len(base)) and parts[common] == base[common]:
        common += 1
    return "/".join([".."] * (len(base) - common) + parts[common:]) or "."


class PageLinks:
    """Links from one page to another, relative so the site works under any base path."""

    def __init__(self, path: str) -> None:
        self.path = path
        self._here = posixpath.dirname(path) or "."
        self._hrefs: dict[str, Markup] = {}  # a page links to the same pages many times

    def link(self, target: str) -> Markup:
        """A Markdown link target: the relative path of the target's source file (MkDocs checks it)."""
        return Markup(relpath(target, self._here))

    def href(self, target: str) -> Markup:
        """An HTML href: the relative URL of the target page (directory URLs)."""
        done = self._hrefs.get(target)
        if done is None:
            there = posixpath.dirname(target) if target.endswith("index.md") else target
            rel = relpath(there or ".", self._here)
            if target.endswith("index.md"):
                rel = "./" if rel == "." else rel + "/"
            done = self._hrefs[target] = Markup(rel)
        return done


def abbreviations(vocabulaire: Vocabulaire) -> str:
    """Markdown abbreviation definitions (`*[term]: explanation`), for Markdown pages.

    Pages that go through Markdown (the exported docs tree; see `tooltips` for the built site)
    explain every glossary term this way. Only a term that Markdown's abbreviation syntax cannot
    misread is written: letters, digits, spaces and `-'.&/()+`; anything else (a bracket, a
    backslash, a line break, `<`, `*`) leaves that term out. The explanation is one line of plain
    text with control characters removed; Python-Markdown puts it into a `title` attribute, escaped.
    """
    definitions: dict[str, str] = {}
    for begrip in vocabulaire.begrippen.values():
        title = inline(explanation(begrip))
        for variant in variants(begrip):
            if _SAFE_TERM.fullmatch(variant):
                definitions.setdefault(variant, title)
    return "\n".join(f"*[{term}]: {title}" for term, title in sorted(definitions.items()))


_SAFE_TERM = re.compile(r"[^\W_](?:[\w '’.&/()+-]*[^\W_)])?")


def with_abbreviations(markdown: str, definitions: str) -> str:
    # One definition per paragraph: Python-Markdown tests a block again after each definition it takes
    # from it, so ninety definitions in one block cost some 35 ms per page; as paragraphs, 3 ms.
    return f"{markdown.rstrip()}\n\n{definitions.replace(chr(10), chr(10) * 2)}\n" if definitions else markdown


def _environment(templates_dir: Path, **options: Any) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir)), undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, **options)
    env.filters["zin"] = first_sentence
    env.filters["datum"] = dutch_date
    env.filters["key"] = lambda item: element_key(item.naam, getattr(item, "sleutel", None))
    visual.install(env)
    return env


# One environment per template directory and process: while serving, each rebuild would otherwise
# compile every template again. Jinja checks a template's file time and recompiles it when it changes.
@functools.lru_cache(maxsize=8)
def environment(templates_dir: Path) -> jinja2.Environment:
    """The environment of the Markdown templates (`*.md.j2`)."""
    env = _environment(templates_dir, finalize=neutralise_html, autoescape=False)
    env.filters["inline"] = inline
    env.filters["attr"] = lambda value: Markup.escape(str(value))  # for HTML attributes and HTML text
    env.filters["meta"] = front_matter  # title: and description: in front matter (the theme prints them as HTML)
    env.filters["json"] = lambda value: Markup(json.dumps(value, ensure_ascii=False, sort_keys=True)
                                               .replace("<", "\\u003c"))
    return env


@functools.lru_cache(maxsize=8)
def html_environment(templates_dir: Path) -> jinja2.Environment:
    """The environment of the HTML templates (`*.html.j2`): autoescape on, Markdown only via `md`."""
    env = _environment(templates_dir, autoescape=True)
    env.filters["attr"] = lambda value: Markup.escape(str(value))  # visual.j2 escapes its values with it
    env.filters["md"] = _md_filter(inline=False)
    env.filters["md_inline"] = _md_filter(inline=True)
    env.filters["url"] = safe_url
    env.filters["slug"] = slugify
    env.filters["kort"] = shorten
    env.globals["named_item"] = named_item
    env.globals["source_ref"] = source_ref
    return env


@jinja2.pass_context
def source_ref(context: jinja2.runtime.Context, bron_id: object) -> Markup:
    """A link to one of the approach's sources (`aanpak.bronnen`) by its id, as "organisatie, jaar";
    "–" without an id. Tables of costs and benefits and the results name one per row."""
    if not bron_id:
        return Markup("–")
    source = next((b for b in context["aanpak"].bronnen if b.id == bron_id), None)
    if source is None:  # validation refuses it; the page is not written
        raise jinja2.UndefinedError(f"no source {bron_id!r} in bronnen")
    return Markup(f'<a href="#bron-{escape(bron_id)}">{escape(source.organisatie)}, {escape(source.jaar)}</a>')


@jinja2.pass_context
def named_item(context: jinja2.runtime.Context, name: object, toelichting: object, weight: object = None,
               extra: object = "") -> Markup:
    """A list item with a bold name and, when there is one, its explanation below it (`md`, with the
    page's citations). An approach page has dozens; as a template macro each cost more than its Markdown."""
    weighted = f' data-pagefind-weight="{escape(weight)}"' if weight else ""
    head = f"<strong{weighted}>{escape(name)}</strong>{escape(extra)}"
    if toelichting:
        return Markup(f"<li>\n<p>{head}</p>\n{markdown_field(toelichting, cite=context.get('cite'))}\n</li>\n")
    return Markup(f"<li>{head}</li>\n")


def _md_filter(inline: bool):
    @jinja2.pass_context
    def md(context: jinja2.runtime.Context, text: object) -> Markup:
        """A text field's Markdown as sanitised HTML, with the page's citations (context `cite`)."""
        return markdown_field(text, inline=inline, cite=context.get("cite"))

    return md


def safe_url(value: object) -> str:
    """A URL from a URL field, if its scheme is https, http or mailto (the model checks it too)."""
    url = str(value or "").strip()
    return url if urlsplit(url).scheme.lower() in ("https", "http", "mailto") else ""


def citation_hook(entry: Entry) -> Cite | None:
    """What turns the citations in an approach's text fields into links (`citations.Linker`).

    `fields.markdown_field` uses it on each field, after Markdown and the sanitiser: `[@bron-id, p. 12]`
    becomes a numbered link to the Bronnen section of the same page.
    """
    return citations.Linker(citations.numbering(entry.aanpak.bronnen))


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def dutch_date(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def render_site(catalog: Catalog, templates_dir: Path, settings: SiteSettings,
                cache: PageCache | None = None, pack: bool = False) -> dict[str, Any]:
    """Every generated page and data file, keyed by its path in the docs tree, in a stable order.

    A page from an HTML template is an `HtmlPage` (a str of its finished content); a page from a
    Markdown template a str of Markdown with front matter; data files are str. With `pack` (a build),
    HTML pages are `PackedPage`s and data files `Packed`, compressed where they are rendered, so
    the build holds a tenth of their size until MkDocs writes them. With a `cache` (while serving),
    approach pages whose content did not change are taken from it.
    """
    env = environment(templates_dir)
    html_env = html_environment(templates_dir)
    vocab = catalog.vocabulaire
    tooltips = Tooltips(vocab)
    memo: dict[tuple, Any] = {}  # HTML that is the same on many pages (visual.once); each worker fills its own
    keep = Packed.of if pack else (lambda text: text)
    # What to write, in order: pages as (template, abbreviate, context), data files as a function that
    # makes them. Both are done afterwards, shared among the cores (workers.spread); so is the context
    # of an approach page (its related approaches and schema.org data), given as a function too.
    jobs: dict[str, Any] = {}

    def page(path: str, template: str, abbreviate: bool = True, **context: Any) -> None:
        jobs[path] = (template, abbreviate, context)

    def render(path: str) -> Any:
        job = jobs[path]
        if callable(job):  # a data file
            made = job()
            return made if isinstance(made, Packed) else keep(made)
        template, abbreviate, context = job
        if callable(context):
            context = context()
        values = dict(page=PageLinks(path), catalog=catalog, vocab=vocab, settings=settings, memo=memo, **context)
        if template.endswith(".html.j2"):
            module = html_env.get_template(template).make_module(values)
            content = str(module)
            if context.get("cite") is not None:  # plain values (duur, uitvoerders) may cite too
                content = context["cite"](content)
            finished = finish_page(content, getattr(module, "meta", {}), tooltips if abbreviate else None)
            return PackedPage(finished) if pack else finished
        # Glossary tooltips are added to the HTML after conversion (mkdocs_hook, export).
        return env.get_template(template).render(values)

    def approach_context(entry: Entry) -> dict[str, Any]:
        return dict(entry=entry, aanpak=entry.aanpak, cite=citation_hook(entry), verwant=catalog.verwant(entry),
                    jsonld=opendata.jsonld(entry, settings, catalog.vocabulaire))

    for path, context in overview.pages(catalog):
        page(path, "overzicht.html.j2", **context)
    jobs[overview.INDEX] = functools.partial(overview.index_json, catalog)
    keys: dict[str, tuple] = {}  # approach pages: what each shows, for the cache
    if cache is not None:
        cache.begin((site_key(templates_dir, settings, vocab), pack))
    for entry in catalog.aanpakken:
        if cache is None:
            jobs[entry.page] = ("aanpak.html.j2", True, functools.partial(approach_context, entry))
            continue
        context = approach_context(entry)
        elements = [(key, len(catalog.element(key).entries)) for key in
                    (element_key(e.naam, e.sleutel) for e in entry.aanpak.werkzame_elementen)]
        keys[entry.page] = approach_key(entry, context["verwant"], elements, context["jsonld"])
        kept = cache.get(entry.page, keys[entry.page])
        jobs[entry.page] = kept if kept is not None else ("aanpak.html.j2", True, context)
    page("themas/index.md", "themas.html.j2")
    for path, context in term_pages(catalog):
        page(path, "term.html.j2", **context)
    page("doelgroepen/index.md", "doelgroepen.html.j2")
    for kind, base, shared in (("werkzame_elementen", "werkzame-elementen", catalog.werkzame_elementen),
                               ("contextfactoren", "contextfactoren", catalog.contextfactoren)):
        for path, context in shared_pages(base, shared):
            page(path, "gedeeld.html.j2", kind=kind, base=base, **context)
    page("proces/index.md", "proces.html.j2", voorproef=phase_previews(catalog))
    # the glossary explains every term in full already
    page("begrippen/index.md", "begrippen.html.j2", abbreviate=False, begrippen=sorted_glossary(vocab.begrippen))
    page("vergelijk/index.md", "vergelijk.html.j2")
    page("zoeken/index.md", "zoeken.html.j2")
    page("bewijskaart/index.md", "bewijskaart.md.j2")
    page("keuzehulp/index.md", "keuzehulp.md.j2")
    page("in-cijfers/index.md", "in-cijfers.md.j2")
    jobs["data/keuzehulp.json"] = functools.partial(visual.finder_data, catalog)
    item = opendata.approach_json if cache is None else cache.per_approach("json", opendata.approach_json)
    jobs.update(opendata.makers(catalog, settings, pack=pack, item=item))
    # data files first: the catalog file takes as long as a hundred pages, and begun last it would
    # keep one core busy after the others are done
    to_render = [path for path, job in jobs.items() if callable(job)] + \
        [path for path, job in jobs.items() if isinstance(job, tuple)]
    rendered = dict(zip(to_render, spread(render, to_render)))
    result = {path: rendered.get(path, job) for path, job in jobs.items()}
    if cache is not None:
        cache.keep({path: (key, result[path]) for path, key in keys.items()})
    return result  # type: ignore[return-value]


class HtmlPage(str):
    """A generated page as finished HTML (the str itself: what the theme puts in the article).

    Beside it, what MkDocs would otherwise have read from front matter or found while converting
    Markdown: `title` (plain text, from the h1), `meta` (for the theme; `title` and `description`
    HTML-escaped, since the theme prints them as they are), `toc` (MkDocs' table-of-contents
    tokens, names as HTML) and `anchors` (every id in the page, for MkDocs' anchor check).
    """

    title: str
    meta: dict[str, Any]
    toc: list[dict[str, Any]]
    anchors: frozenset[str]


class PackedPage:
    """An `HtmlPage` kept compressed: its HTML (`str(page)`, `unpack()`) and, apart from it, its table
    of contents and anchors (`toc`, `anchors`: unpacked at each use); `title` and `meta` as they are."""

    __slots__ = ("body", "title", "meta", "_extras")

    def __init__(self, page: HtmlPage) -> None:
        self.body = Packed.of(page)
        self.title, self.meta = page.title, page.meta
        self._extras = zlib.compress(pickle.dumps((page.toc, sorted(page.anchors)), pickle.HIGHEST_PROTOCOL), 1)

    @property
    def toc(self) -> list[dict[str, Any]]:
        return pickle.loads(zlib.decompress(self._extras))[0]

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(pickle.loads(zlib.decompress(self._extras))[1])

    def unpack(self) -> HtmlPage:
        page = HtmlPage(self.body.text())
        page.title, page.meta, page.toc, page.anchors = self.title, self.meta, self.toc, self.anchors
        return page

    def __str__(self) -> str:
        return self.body.text()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PackedPage):
            return NotImplemented
        return (self.title, self.meta, self.toc, self.anchors, self.body) == \
            (other.title, other.meta, other.toc, other.anchors, other.body)

    __hash__ = None  # type: ignore[assignment]


_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"([^>]*)>(.*?)</h\1>', re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_TAGS = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def finish_page(content: str, meta: dict[str, Any], tooltips: Tooltips | None) -> HtmlPage:
    """What an HTML template wrote, made into a page: headings get their `#` permalink and form
    the table of contents, glossary terms their tooltip, and the meta its escaped title."""
    headings: list[dict[str, Any]] = []

    def permalink(match: re.Match) -> str:
        level, anchor, attributes, inner = match.groups()
        headings.append({"level": int(level), "id": anchor, "name": _SPACE.sub(" ", _TAGS.sub("", inner)).strip(),
                         "children": []})
        return (f'<h{level} id="{anchor}"{attributes}>{inner}<a class="headerlink" href="#{anchor}" '
                f'title="{PERMALINK_TITLE}">#</a></h{level}>')

    if tooltips is not None:
        content = tooltips.mark(content)
    content = _HEADING.sub(permalink, content)
    result = HtmlPage(content)
    h1 = next((h["name"] for h in headings if h["level"] == 1), "")
    result.title = html.unescape(h1)
    result.toc = nest_toc(headings)
    result.anchors = frozenset(_ID.findall(content))
    result.meta = {key: value for key, value in meta.items() if key not in ("title", "description")}
    for key in ("title", "description"):
        value = meta.get(key, result.title if key == "title" else None)
        if value:
            result.meta[key] = html.escape(_SPACE.sub(" ", str(value)).strip(), quote=True)
    return result


def export_markdown(page: HtmlPage) -> str:
    """A finished HTML page as a Markdown file that plain MkDocs builds to the same page (`export`).

    The meta becomes front matter written as JSON (valid YAML; title and description stay
    HTML-escaped, as the theme prints them as they are), with every character a YAML reader
    refuses written as an escape, so no value can make MkDocs drop it into the page. Headings become
    Markdown headings with their id (`## Titel { #id }`), so the toc extension gives them the same
    permalink and the page the same table of contents; Markdown characters in their text are written
    as entities. Everything else stays the HTML it is: block-level raw HTML, which Markdown passes on.
    """
    front = _YAML_REFUSED.sub(lambda m: f"\\u{ord(m.group()):04x}",
                              json.dumps(page.meta, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c"))

    def heading(match: re.Match) -> str:
        level, anchor, _attributes, inner = match.groups()
        inner = _PERMALINK.sub("", inner)
        text = "".join(part if part.startswith("<") else _MARKDOWN_CHARS.sub(lambda c: f"&#{ord(c.group())};", part)
                       for part in _TAG_SPLIT.split(inner) if part)
        return f"\n\n{'#' * int(level)} {' '.join(text.split())} {{ #{anchor} }}\n\n"

    body = _HEADING.sub(heading, str(page))
    return f"---\n{front}\n---\n\n{body.strip()}\n"


_YAML_REFUSED = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>#</a>')
_TAG_SPLIT = re.compile(r"(<[^>]*>)")
_MARKDOWN_CHARS = re.compile(r"[\\`*_{}\[\]#!|]")


def nest_toc(headings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Flat headings as nested table-of-contents tokens, as Python-Markdown's toc extension nests them."""
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for heading in headings:
        while stack and stack[-1]["level"] >= heading["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(heading)
        stack.append(heading)
    return root


NAMES_PER_PAGE = 500
"""Names on one page of the working-element or context-factor index (about 100 KB of HTML)."""
USES_PER_PAGE = 200
"""Approaches on one page of a single working element or context factor (about 150 KB of HTML)."""


@dataclass(frozen=True)
class Paging:
    number: int  # from 1
    targets: tuple[str, ...]  # the docs path of every page of the series, in order

    @property
    def count(self) -> int:
        return len(self.targets)


def paged(base: str, count: int) -> tuple[str, ...]:
    """base/index.md, base/pagina-2/index.md, ...: the paths of a series of `count` pages."""
    return tuple(f"{base}/index.md" if i == 0 else f"{base}/pagina-{i + 1}/index.md" for i in range(max(count, 1)))


def series(base: str, items: list, size: int) -> list[tuple[str, list, Paging]]:
    """A list shown `size` items at a time: (path, the items on that page, its paging) per page;
    one page (with no items) for an empty list."""
    targets = paged(base, -(-len(items) // size))
    return [(path, items[i * size:(i + 1) * size], Paging(i + 1, targets)) for i, path in enumerate(targets)]


def shared_pages(base: str, shared: list[Shared]) -> list[tuple[str, dict[str, Any]]]:
    """The pages of the working-element or context-factor index: (path, template context).

    The index lists every name with its number of approaches, NAMES_PER_PAGE at a time; each name
    has its own page under `base/<key>/` with the approaches that use it, USES_PER_PAGE at a time.
    """
    result: list[tuple[str, dict[str, Any]]] = [
        (path, {"view": "index", "items": items, "total": len(shared), "paging": paging})
        for path, items, paging in series(base, shared, NAMES_PER_PAGE)]
    for item in shared:
        result += [(path, {"view": "item", "item": item, "paging": paging, "uses": uses})
                   for path, uses, paging in series(f"{base}/{item.key}", item.uses, USES_PER_PAGE)]
    return result


APPROACHES_PER_PAGE = 50
"""Approaches on one page of a theme, target group, evidence level or phase (about 120 KB of HTML)."""
PHASE_PREVIEW = 5
"""Approaches the process page shows per phase; the phase's own page lists all of them."""


def facets(catalog: Catalog) -> list[tuple[str, dict, dict[str, list[Entry]], str]]:
    """(base path, terms, approaches per term, what a term is) of every kind of term with its own pages.
    The phases' pages sit under the process page."""
    vocab = catalog.vocabulaire
    return [
        ("themas", vocab.themas, catalog.per_thema, "Thema"),
        ("doelgroepen", vocab.doelgroepen, catalog.per_doelgroep, "Doelgroep"),
        ("bewijsniveaus", vocab.bewijsniveaus, catalog.per_bewijsniveau, "Bewijsniveau"),
        ("proces", vocab.fasen, catalog.per_fase, "Fase"),
    ]


def term_pages(catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    """The pages of every term (theme, target group, evidence level, phase): (path, template context).

    A term's page `base/<key>/` has its description and its first APPROACHES_PER_PAGE approaches;
    the rest follow on `base/<key>/pagina-2/` and so on, linked by a pager.
    """
    return [(path, {"facet": facet, "key": key, "term": term, "soort": title, "entries": entries,
                    "total": len(index[key]), "first": (paging.number - 1) * APPROACHES_PER_PAGE + 1,
                    "paging": paging})
            for facet, terms, index, title in facets(catalog) for key, term in terms.items()
            for path, entries, paging in series(f"{facet}/{key}", index[key], APPROACHES_PER_PAGE)]


def phase_previews(catalog: Catalog) -> dict[str, list[Entry]]:
    """Per phase, the PHASE_PREVIEW approaches the process page shows: the strongest evidence first,
    in the catalog's order within a level."""
    levels = catalog.vocabulaire.bewijsniveaus
    return {key: sorted(entries, key=lambda e: -levels[e.aanpak.bewijsniveau].niveau)[:PHASE_PREVIEW]
            for key, entries in catalog.per_fase.items()}


def sorted_glossary(begrippen: dict[str, Begrip]) -> list[tuple[str, Begrip]]:
    return sorted(begrippen.items(), key=lambda kv: kv[1].term.casefold())

