"""MkDocs glue: hand the generated pages to MkDocs, and index the built site for search.

Listed under `hooks:` in mkdocs.yml, so plain `mkdocs build` and `mkdocs serve` run the generator.
While serving, a file with errors does not stop the server: the errors are printed and the last
good pages stay up until the file is fixed.

A generated page that is finished HTML (`render.PackedPage`) reaches the theme without Markdown:
its File has an empty source, and the page becomes a `GeneratedPage`, whose `read_source` and
`render` set `meta`, `toc` and the anchors from Python instead of parsing anything (the way
mkdocs-material's blog plugin subclasses `Page`). Its relative links are checked against the
site's files here, and links to anchors are handed to MkDocs' own anchor check.

Memory: MkDocs reads every page before it writes the first, and keeps every page and file until
the build ends. A generated page stays packed until MkDocs writes it: its content is unpacked just
before (on_page_context) and let go just after (on_post_page); a data file is unpacked straight
into its output file (`PackedFile`). `gereedschapskist build` runs Pagefind after MkDocs has
returned (generator/search.py).

Cores: in a build (not while serving), another process writes a share of the generated pages
while MkDocs' loop writes the rest (generator/page_writers.py; on_env, on_post_page, on_post_build).
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator import page_writers
from generator.build import source_date_epoch
from generator.diagnostics import ProjectError
from generator.paths import Project
from generator.page_frame import Frame
from generator.pipeline import generate, settings_from_config
from generator.rebuild import Rebuild
from generator.packed import Packed
from generator.render import HtmlPage, PackedPage
from generator.search import SERVE_NOTE, index_after_build, keep_index, restore_index
from generator.tooltips import Tooltips

log = logging.getLogger("mkdocs.gereedschapskist")

_state: dict = {"command": "build", "last_good": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command
    _state["dirty"] = dirty and command == "serve"
    if _state["dirty"]:
        Rebuild.quiet()
    else:
        _state.pop("rebuild", None)  # a full build decides nothing from an earlier one


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Plain `mkdocs build` is reproducible too: date the sitemap by the last commit, not the clock."""
    if not os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        project = Project(Path(config.config_file_path).resolve().parent)
        os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(project))
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    project = Project(Path(config.config_file_path).resolve().parent)
    settings = settings_from_config(config)
    try:
        generated = generate(project, settings, reuse=_state["command"] == "serve")
    except ProjectError as error:
        if _state["command"] == "serve" and _state["last_good"] is not None:
            log.error("De gegevens bevatten fouten; de vorige versie blijft zichtbaar tot ze zijn opgelost:\n%s",
                      error.diagnostics.report())
            generated = _state["last_good"]
        else:
            raise PluginError("De gegevens bevatten fouten:\n" + error.diagnostics.report()) from None
    else:
        for warning in generated.diagnostics.warnings:
            log.warning(warning.format())
        if _state["command"] == "serve":  # a build keeps no second copy of every page
            _state["last_good"] = generated
    _state["tooltips"] = Tooltips(generated.catalog.vocabulaire)
    _state["vocabulaire"] = generated.catalog.vocabulaire  # the editor's choices (on_post_build)
    _state["html_pages"] = html_pages = {}
    _state["files"] = files  # for the link check of each page as it is written, and Rebuild
    pages, keep = generated.pages, _state["command"] == "serve"
    for path in list(pages):
        content = pages[path] if keep else pages.pop(path)  # a build: each page is held once, by its File
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        if isinstance(content, (HtmlPage, PackedPage)):
            html_pages[path] = content
            content = ""  # nothing to read: GeneratedPage takes the page from Python
        if isinstance(content, Packed):
            file = PackedFile.generated(config, path, content=b"")
            file.packed = content
        else:
            file = File.generated(config, path, content=content)
        if path.startswith("aanpakken/") and path.count("/") == 2:
            file.edit_uri = f"approaches/{path.split('/')[1]}.yml"
        files.append(file)
    for file in files:
        if file.generated_by is None and file.src_uri.endswith(".md"):
            file.edit_uri = f"content/{file.src_uri}"
    if _state.get("dirty"):  # serving: write only the pages that can have changed (see rebuild.py)
        rebuild = _state.setdefault("rebuild", Rebuild())
        written = rebuild.mark(files, config, generated.pages)
        log.info(f"{written} van de {len(files.documentation_pages())} pagina's worden opnieuw geschreven")
    return files


_COMPILED = None  # the theme's templates, compiled once per process (serving builds many times)


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """The navigation drawn once for the pages that share it (`generator/page_frame.py`), and in a
    build a share of the generated pages handed to another process to write (`generator/page_writers.py`).

    MkDocs makes a new template environment for every build, which compiles every theme
    template again: while serving, after each save. The compiled code is kept for the process
    (Jinja compares each template's source with the cached one, so a changed override is compiled anew)."""
    global _COMPILED
    env.globals["gk_gedeeld"] = Frame(_state["nav"])
    if _state["command"] == "serve":
        if _COMPILED is None:
            _COMPILED = jinja2.MemcachedBytecodeCache(_Memory())  # Jinja's cache over a plain dict
        env.bytecode_cache = _COMPILED
    else:  # a build: another process writes a share of the generated pages (generator/page_writers.py)
        generated = [file.page for file in files.documentation_pages() if isinstance(file.page, GeneratedPage)]
        _state["split"] = page_writers.begin(generated, config, files, _state["nav"], env)
    return env


class _Memory(dict):
    """A dict with the get/set that Jinja's MemcachedBytecodeCache asks of its client."""

    def set(self, key: str, value: bytes, timeout: int | None = None) -> None:
        self[key] = value


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Give pages outside the navigation (approaches, terms) a place in it without listing them.

    Each such page gets as parent the section of the nearest listed page above it in the URL tree
    (aanpakken/x/ -> the section holding aanpakken/), so the theme marks the right tab and shows
    that section's sidebar, while the navigation itself stays small.
    """
    _state["nav"] = nav
    if "rebuild" in _state:
        _state["rebuild"].restore_titles(nav, files)
    listed = {page.url: page for page in nav.pages}
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.url in listed:
            continue
        url = page.url
        while url:
            url = url.rstrip("/").rpartition("/")[0] + "/" if "/" in url.rstrip("/") else ""
            if url in listed and listed[url].parent is not None:
                page.parent = listed[url].parent
                break
    return nav


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    rendered = _state.get("html_pages", {}).pop(page.file.src_uri, None)
    if rendered is not None and page.file.generated_by is not None:
        page.__class__ = GeneratedPage
        page.rendered = rendered
    return page


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Pages converted from Markdown (hand-written ones, and generated Markdown pages) get the
    glossary tooltips on the first use of each term; finished HTML pages have them already."""
    if isinstance(page, GeneratedPage) or page.file.src_uri == "begrippen/index.md":
        return html
    tooltips = _state.get("tooltips")
    return tooltips.mark(html) if tooltips is not None else html


class PackedFile(File):
    """A generated data file kept packed until MkDocs writes it (before any page), then let go."""

    packed: Packed | None

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        if self.packed is not None:
            os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
            self.packed.write_to(self.abs_dest_path)
            self.packed = None


class GeneratedPage(Page):
    """A page whose content, title, meta and table of contents come finished from the generator.

    Between reading (`render`) and writing (`load`, from on_page_context) the page waits packed in
    `rendered`: its content is an empty text, and its table of contents and anchors are not set."""

    rendered: HtmlPage | PackedPage | None

    def read_source(self, config: MkDocsConfig) -> None:
        self.markdown = ""  # MkDocs requires a str; there is no Markdown to convert
        self.meta = dict(self.rendered.meta)

    def render(self, config: MkDocsConfig, files: Files) -> None:
        self.content = ""  # unpacked when the page is written (load)
        self._title_from_render = self.rendered.title
        self.links_to_anchors = {}

    def load(self, files: Files, config: MkDocsConfig) -> None:
        """The content, table of contents and anchors, for the theme to write and for MkDocs' anchor
        check (after the last page is written); the page's links are checked now."""
        rendered = self.rendered
        self.content = str(rendered)
        self.toc = get_toc(rendered.toc)
        self.present_anchor_ids = set(rendered.anchors)
        self.rendered = None  # the content is the page now: one copy of it, not two
        # the links of a page written by another process are checked in the build's own loop
        self.links_to_anchors = {} if page_writers.writing_elsewhere() else check_links(self, files, config)


_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def check_links(page: Page, files: Files, config: MkDocsConfig) -> dict[File, dict[str, str]]:
    """Check every relative link of a finished HTML page, as MkDocs checks links in Markdown.

    A link to a page or file that the site does not have is a warning (an error with --strict),
    named with the page and the link. Links to anchors are returned in MkDocs' form
    ({target file: {anchor: link}}) so its anchor check (validation.anchors) covers them too.
    """
    by_url = _state.get("files_by_url")
    if by_url is None or by_url[0] is not files:
        by_url = (files, {file.url: file for file in files})
        _state["files_by_url"] = by_url
    urls = by_url[1]
    base = page.url if page.url.endswith("/") else posixpath.dirname(page.url)
    anchors: dict[File, dict[str, str]] = {}
    for href in set(_HREF.findall(str(page.content))):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.scheme or parts.netloc or href.startswith("/"):
            continue
        target = page.file
        if parts.path:
            resolved = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
            resolved = "" if resolved == "." else resolved
            key = resolved + "/" if parts.path.endswith("/") and resolved else resolved
            target = (urls.get(key) or urls.get(key + "/")) if key else urls.get("")
            if target is None:
                log.warning(f"Doc file '{page.file.src_uri}' contains a link '{href}', but the target "
                            f"'{key or '.'}' is not found among documentation files.")
                continue
        if parts.fragment:
            anchors.setdefault(target, {})[unquote(parts.fragment)] = href
    return anchors


def on_pre_build(config: MkDocsConfig) -> None:
    if _state["command"] == "serve":
        keep_index(Path(config.site_dir))


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    if isinstance(page, GeneratedPage) and page.rendered is not None:
        page.load(_state["files"], config)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    if "rebuild" in _state:
        _state["rebuild"].written(page)
    if _state.get("split") is not None:  # the next generated page: here or by the other process
        _state["split"].written(page)
    # the page's HTML is made: nothing reads its content again (the anchor check after the last
    # page uses the anchors), and MkDocs would hold every page's content until the build ends
    page.content = None
    if _state["command"] == "serve" and page.file.src_uri == "zoeken/index.md":
        return output.replace('<div class="gk-zoeken"', SERVE_NOTE + '<div class="gk-zoeken"', 1)
    return output


def on_post_build(config: MkDocsConfig) -> None:
    split = _state.pop("split", None)
    if split is not None:  # the pages written by the other process are there before they are indexed
        split.finish()
    if "rebuild" in _state and "files" in _state:
        _state["rebuild"].remove_stale(_state["files"], Path(config.site_dir))
    for key in ("files", "files_by_url", "html_pages", "tooltips"):  # the build's files and pages: not kept past it
        _state.pop(key, None)
    # while serving, Pagefind runs for the first build only: a saved page should not wait for it
    if _state["command"] != "serve" or not restore_index(Path(config.site_dir)):
        index_after_build(Path(config.site_dir))
    from generator.decap import build_admin  # the editor at /beheer/, after the search index

    build_admin(config, _state.get("vocabulaire"))


def on_build_error(error: Exception) -> None:
    split = _state.pop("split", None)
    if split is not None:
        split.stop()
