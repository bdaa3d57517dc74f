"""MkDocs' page loop on two cores: `begin(pages, ...)` before it, `Split.finish()` after it.

MkDocs puts every page through the theme's templates in one loop, on one core: at 1,000
approaches some 2,200 pages and 7 to 11 s, while the other core waits. By the time the loop
starts (the hook's on_env) every page is read and the navigation is made, and one page's HTML
depends on no other page's writing. So the generated pages are shared with a forked process: it
writes them from the last one backwards with MkDocs' own function for a page (the same hooks,
context and template), while the loop here writes them from the first one on, each side taking
the next page from a shared count, until they meet. Taken as they go rather than dealt out, so
neither core waits for the other (the pages differ in cost, and so does what else each core does).

For a page written there, the loop here still does everything the build keeps from a page (the
hook's `load`: its table of contents, its anchors for MkDocs' anchor check, the check of its
links, whose warnings count for --strict as before), but renders an empty template in place of
the theme's, so MkDocs writes nothing for it (and its note "Page skipped" for such a page is left
out of the log). The other process checks no links (`writing_elsewhere()`): every warning is given
once, here. `finish` (on_post_build, before the search index is made) waits for the other process;
what it logged reaches the handlers here then, and an exception there is raised here.

Not split when the caller decides so (while serving a rebuild writes a few pages), with fewer
than `MIN_PAGES` pages, with one core, or where `apart.can_fork()` says no.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from typing import Sequence

import jinja2
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import memory
from .apart import Started, can_fork
from .workers import workers

MIN_PAGES = 64
"""Fewer pages than this are all written here: starting a process costs more than it saves."""
EMPTY = "gk-elders-geschreven.html"
"""The template of a page written by the other process, here: empty (it has no file of its own)."""
SKIPPED = "Page skipped: '{}'. Generated empty output."
"""MkDocs' note for a page whose template gave no output (mkdocs/commands/build.py)."""

_elsewhere = False  # True in the process that writes from the back


def writing_elsewhere() -> bool:
    """True in the forked process that writes pages from the back (it leaves the link checks to the
    build's own loop, which sees the same links)."""
    return _elsewhere


class Split:
    """The pages shared with the other process, and how far each side got. `taken` holds, shared
    with it: how many pages from the front are taken here, and where the pages taken there begin."""

    def __init__(self, pages: Sequence[Page], taken, started: Started, env: jinja2.Environment,
                 loader: jinja2.BaseLoader | None) -> None:
        self.pages, self.taken, self.started = list(pages), taken, started
        self.elsewhere: set[str] = set()  # the pages the other process writes (source paths)
        self._env, self._loader = env, loader
        self._quiet = _QuietSkipped(self.elsewhere)
        logging.getLogger(mkdocs_build.__name__).addFilter(self._quiet)

    def written(self, page: Page) -> None:
        """After each page of the loop here (on_post_page): once the last page taken here is
        written, take the next one, or, when the other process has it, leave every page from
        there on to it (they get the empty template)."""
        front = self.taken[0]
        if front >= len(self.pages) or page is not self.pages[front - 1]:
            return
        with self.taken.get_lock():
            if self.taken[0] < self.taken[1]:
                self.taken[0] += 1
                return
        for rest in self.pages[front:]:
            rest.meta["template"] = EMPTY
            self.elsewhere.add(rest.file.src_uri)

    def finish(self) -> None:
        """Wait for the other process (its log records reach the handlers here; its exception is
        raised here)."""
        try:
            count = self.started.result()
        finally:
            self._end()
        if count != len(self.elsewhere):
            raise RuntimeError(f"Het tweede bouwproces schreef {count} pagina's, maar kreeg er "
                               f"{len(self.elsewhere)}; de website is niet volledig.")

    def stop(self) -> None:
        """End the other process without waiting for its pages (the build failed)."""
        try:
            self.started.stop()
        finally:
            self._end()

    def _end(self) -> None:
        logging.getLogger(mkdocs_build.__name__).removeFilter(self._quiet)
        self._env.loader = self._loader
        gc.unfreeze()


def begin(pages: Sequence[Page], config: MkDocsConfig, files: Files, nav: Navigation,
          env: jinja2.Environment) -> Split | None:
    """Share `pages` (in the loop's order) with a forked process that writes from the back (see the
    module text). None (all left to MkDocs' loop) when that would not pay or cannot be done."""
    pages = list(pages)
    if len(pages) < MIN_PAGES or workers() < 2 or not can_fork():
        return None
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
    taken = multiprocessing.get_context("fork").Array("q", [1, len(pages)])  # the first page: here

    def write() -> int:
        global _elsewhere
        _elsewhere = True
        count = 0
        while True:
            with taken.get_lock():
                if taken[1] <= taken[0]:
                    return count
                taken[1] -= 1
                index = taken[1]
            mkdocs_build._build_page(pages[index], config, doc_files, nav, env)
            count += 1

    # what exists now stays shared with the other process until one of them writes to it; the
    # cycle collector would write to every object it visits (see workers.spread)
    memory.trim()
    gc.freeze()
    try:
        started = Started(write)
    except BaseException:
        gc.unfreeze()
        raise
    loader = env.loader
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({EMPTY: ""}), loader]) if loader else \
        jinja2.DictLoader({EMPTY: ""})
    return Split(pages, taken, started, env, loader)


class _QuietSkipped(logging.Filter):
    """Leaves out MkDocs' note that a page written by the other process was not written here."""

    def __init__(self, names: set[str]) -> None:
        super().__init__()
        self.names = names

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        message, (before, after) = record.getMessage(), SKIPPED.split("{}")
        if not (message.startswith(before) and message.endswith(after)):
            return True
        return message[len(before):-len(after)] not in self.names
