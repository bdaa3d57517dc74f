"""While serving: after a save, let MkDocs write only the pages whose output can have changed.

`gereedschapskist serve` runs MkDocs' server with its "dirty" builds: the site directory is kept
between builds, and MkDocs skips every page whose `File.is_modified()` is False. MkDocs decides
that by file times, which says nothing for generated pages, and it warns that navigation may come
out wrong. `Rebuild` decides instead, in the hook:

- a generated page is modified when what the generator made of it (content, meta, table of
  contents) differs from the previous build's;
- a hand-written page is modified when its file is newer than its output (MkDocs' own test);
- every page is modified at the first build, and whenever something all pages show may have
  changed: a file in content/ or templates/, mkdocs.yml, or the title of a page in the navigation.

A skipped page keeps its output from the previous build; its title is given back to the navigation
(MkDocs reads titles only from the pages it converts), and outputs of pages that are gone are
removed, so every page written shows the same navigation and links as a full build would.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation

DIRTY_WARNING = "A 'dirty' build is being performed"


class _QuietDirty(logging.Filter):
    """Drops MkDocs' warning about dirty builds: `Rebuild` keeps the navigation right."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith(DIRTY_WARNING)


class Rebuild:
    def __init__(self) -> None:
        self.site: tuple | None = None  # what every page shows, at the previous build
        self.generated: dict[str, str] = {}  # src_uri -> signature of the generated page
        self.titles: dict[str, str] = {}  # src_uri -> title, from the build that wrote the page
        self.outputs: set[str] = set()  # every output file of a page or file, at the previous build

    @staticmethod
    def quiet() -> None:
        """Leave out MkDocs' warning about dirty builds (call once, before the first build)."""
        logger = logging.getLogger("mkdocs.commands.build")
        if not any(isinstance(f, _QuietDirty) for f in logger.filters):
            logger.addFilter(_QuietDirty())

    def mark(self, files: Files, config: MkDocsConfig, generated: dict[str, Any]) -> int:
        """Set each page's is_modified for this build; returns how many pages will be written."""
        site = _site_key(Path(config.config_file_path).resolve().parent, config, generated)
        everything = site != self.site
        self.site = site
        signatures = {path: _signature(content) for path, content in generated.items() if path.endswith(".md")}
        written = 0
        for file in files.documentation_pages():
            if everything:
                modified = True
            elif file.src_uri in signatures:
                modified = self.generated.get(file.src_uri) != signatures[file.src_uri]
            else:
                modified = file.is_modified()
            if not modified and file.src_uri not in self.titles:
                modified = True  # never written with its title known
            file.is_modified = (lambda value: lambda: value)(modified)  # type: ignore[method-assign]
            written += modified
        self.generated = signatures
        return written

    def restore_titles(self, nav: Navigation, files: Files) -> None:
        """Titles of the pages MkDocs will skip, as the previous build found them."""
        for file in files.documentation_pages():
            if file.page is not None and not file.is_modified() and file.src_uri in self.titles:
                file.page._title_from_render = self.titles[file.src_uri]  # what Page.render would set

    def written(self, page: Any) -> None:
        if page.title is not None:
            self.titles[page.file.src_uri] = page.title

    def remove_stale(self, files: Files, site_dir: Path) -> None:
        """Delete what pages and files of the previous build are gone now (a removed approach's page and data)."""
        outputs = {file.abs_dest_path for file in files}
        for path in self.outputs - outputs:
            try:
                os.remove(path)
            except OSError:
                pass
        self.outputs = outputs
        kept = {file.src_uri for file in files.documentation_pages()}
        self.titles = {uri: title for uri, title in self.titles.items() if uri in kept}


def _signature(content: Any) -> str:
    meta = getattr(content, "meta", None)
    toc = getattr(content, "toc", None)
    return json.dumps([str(content), meta, toc], sort_keys=True, default=str)


def _site_key(root: Path, config: MkDocsConfig, generated: dict[str, Any]) -> tuple:
    stamps = []
    for part in ("content", "templates", "mkdocs.yml", "vocabulaire.yml"):
        path = root / part
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
        for item in paths:
            try:
                st = item.stat()
            except OSError:
                continue
            stamps.append((str(item), st.st_mtime_ns, st.st_size))
    in_nav = _nav_pages(config.nav or [])
    titles = tuple((uri, _title(generated[uri])) for uri in sorted(in_nav) if uri in generated)
    return tuple(stamps), titles, tuple(sorted(generated))  # a page added or gone changes links and lists


def _title(content: Any) -> str | None:
    """A generated page's title: set from Python (render.HtmlPage), or in its Markdown's first lines."""
    title = getattr(content, "title", None)
    if isinstance(title, str):
        return title
    if not isinstance(content, str):
        return None
    for line in content.splitlines()[:12]:
        if line.startswith("title:") or line.startswith("# "):
            return line
    return None


def _nav_pages(nav: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(nav, str):
        found.add(nav)
    elif isinstance(nav, dict):
        for value in nav.values():
            found |= _nav_pages(value)
    elif isinstance(nav, list):
        for value in nav:
            found |= _nav_pages(value)
    return found

