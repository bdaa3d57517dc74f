"""Render: the catalog in, every generated page out as {path in the docs tree: content}.

One function, `render_site`, produces every generated file; the MkDocs hook and `export` are thin
adapters around it. Page templates live in `templates/pages/` and emit Markdown. Every value a
template prints passes `neutralise_html`, so text from YAML can never become markup.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import opendata
from .catalog import Catalog, Entry, element_key
from .model import Begrip, Vocabulaire
from .settings import SiteSettings
from .text import first_sentence, front_matter, inline, neutralise_html


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

    def link(self, target: str) -> Markup:
        """A Markdown link target: the relative path of the target's source file (MkDocs checks it)."""
        return Markup(relpath(target, posixpath.dirname(self.path) or "."))

    def href(self, target: str) -> Markup:
        """An HTML href: the relative URL of the target page (directory URLs)."""
        here = posixpath.dirname(self.path) or "."
        there = posixpath.dirname(target) if target.endswith("index.md") else target
        rel = relpath(there or ".", here)
        if target.endswith("index.md"):
            return Markup("./" if rel == "." else rel + "/")
        return Markup(rel)


def abbreviations(vocabulaire: Vocabulaire) -> str:
    """Markdown abbreviation definitions, so every glossary term is explained where it appears.

    An abbreviation (`afkorting: true`) gets its full name; any other term the first sentence of
    its explanation. Terms are matched as whole words, as written and with a lower-case first
    letter ("Driegesprek", "driegesprek"); the theme shows the explanation as a tooltip.
    """
    definitions: dict[str, str] = {}
    for begrip in vocabulaire.begrippen.values():
        title = inline(begrip.titel if begrip.afkorting else first_sentence(begrip.beschrijving, 160))
        variants = [begrip.term] if begrip.afkorting else [begrip.term, begrip.term[:1].lower() + begrip.term[1:]]
        for variant in variants:
            if len(variant) >= 3:
                definitions.setdefault(variant, title)
    return "\n".join(f"*[{term}]: {title}" for term, title in sorted(definitions.items()))


def with_abbreviations(markdown: str, definitions: str) -> str:
    # One definition per paragraph: Python-Markdown tests a block again after each definition it takes
    # from it, so ninety definitions in one block cost some 35 ms per page; as paragraphs, 3 ms.
    return f"{markdown.rstrip()}\n\n{definitions.replace(chr(10), chr(10) * 2)}\n" if definitions else markdown


def environment(templates_dir: Path) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir)),
        undefined=jinja2.StrictUndefined,
        finalize=neutralise_html,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["inline"] = inline
    env.filters["attr"] = lambda value: Markup.escape(str(value))  # for HTML attributes and HTML text
    env.filters["zin"] = first_sentence
    env.filters["meta"] = front_matter  # title: and description: in front matter (the theme prints them as HTML)
    env.filters["json"] = lambda value: Markup(json.dumps(value, ensure_ascii=False, sort_keys=True)
                                               .replace("<", "\\u003c"))
    env.filters["datum"] = dutch_date
    env.filters["key"] = lambda item: element_key(item.naam, getattr(item, "sleutel", None))
    return env


MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]


def dutch_date(value) -> str:
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def render_site(catalog: Catalog, templates_dir: Path, settings: SiteSettings) -> dict[str, str]:
    """Every generated page and data file, keyed by its path in the docs tree, in a stable order."""
    env = environment(templates_dir)
    vocab = catalog.vocabulaire
    definitions = abbreviations(vocab)
    pages: dict[str, str] = {}

    def page(path: str, template: str, abbreviate: bool = True, **context: Any) -> None:
        text = env.get_template(template).render(
            page=PageLinks(path), catalog=catalog, vocab=vocab, settings=settings, **context)
        pages[path] = with_abbreviations(text, definitions) if abbreviate else text

    page("aanpakken/index.md", "overzicht.md.j2")
    for entry in catalog.aanpakken:
        page(entry.page, "aanpak.md.j2", entry=entry, aanpak=entry.aanpak,
             verwant=catalog.verwant(entry), jsonld=opendata.jsonld(entry, settings, catalog.vocabulaire))
        page(f"aanpakken/{entry.slug}/factsheet/index.md", "factsheet.md.j2", entry=entry, aanpak=entry.aanpak)
    page("themas/index.md", "themas.md.j2")
    for facet, terms, index, title in facets(catalog):
        for key, term in terms.items():
            page(f"{facet}/{key}/index.md", "term.md.j2", facet=facet, key=key, term=term,
                 entries=index[key], soort=title)
    page("doelgroepen/index.md", "doelgroepen.md.j2")
    page("werkzame-elementen/index.md", "gedeeld.md.j2", kind="werkzame_elementen",
         items=catalog.werkzame_elementen)
    page("contextfactoren/index.md", "gedeeld.md.j2", kind="contextfactoren", items=catalog.contextfactoren)
    page("proces/index.md", "proces.md.j2")
    # the glossary explains every term in full already
    page("begrippen/index.md", "begrippen.md.j2", abbreviate=False, begrippen=sorted_glossary(vocab.begrippen))
    page("vergelijk/index.md", "vergelijk.md.j2")
    page("zoeken/index.md", "zoeken.md.j2")
    pages.update(opendata.files(catalog, settings))
    return pages


def facets(catalog: Catalog) -> list[tuple[str, dict, dict[str, list[Entry]], str]]:
    vocab = catalog.vocabulaire
    return [
        ("themas", vocab.themas, catalog.per_thema, "Thema"),
        ("doelgroepen", vocab.doelgroepen, catalog.per_doelgroep, "Doelgroep"),
        ("bewijsniveaus", vocab.bewijsniveaus, catalog.per_bewijsniveau, "Bewijsniveau"),
    ]


def sorted_glossary(begrippen: dict[str, Begrip]) -> list[tuple[str, Begrip]]:
    return sorted(begrippen.items(), key=lambda kv: kv[1].term.casefold())

