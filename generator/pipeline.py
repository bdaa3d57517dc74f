"""The whole pipeline in one call: load → validate → catalog → render.

The MkDocs hook, the CLI and `export` all call `generate`; none of them knows the stages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Mapping

from . import check_cache
from .catalog import Catalog, build_catalog
from .diagnostics import Diagnostics, ProjectError
from .paths import Project
from .settings import SiteSettings
from .validate import LoadedProject, load_project
from .validate import _today as validate_today


@dataclass
class Generated:
    diagnostics: Diagnostics
    catalog: Catalog
    pages: dict[str, Any]  # render_site's, packed: {docs path: PackedPage, Markdown text or Packed data}


def check(project: Project, stored: bool = True, rendering: bool = False) -> LoadedProject:
    """Load and validate everything; never raises for bad input.

    Each file's own checks are taken from those kept from the last run when the file did not change
    (`generator/check_cache.py`), unless `stored` is False or GEREEDSCHAPSKIST_CACHE=0. With
    `rendering` (the build checks first, then renders what it checked) the approaches are loaded for
    rendering: equal small values kept once (`load_project`'s `shared`).
    """
    return _load(project, stored=stored, shared=rendering)


def generate(project: Project, settings: SiteSettings, reuse: bool = False) -> Generated:
    """Every generated page, or ProjectError carrying every diagnostic when the data has errors.

    The loaded project (with the position of every value in every file, for messages) is let go
    before the pages are rendered: at thousands of approaches it is hundreds of megabytes. Pages
    and data files come packed (`render.PackedPage`, `packed.Packed`) for the same reason.
    With `reuse` (while serving: one process, many rebuilds), what did not change since the last
    call is taken from it: the checks of each unchanged file, and unchanged approach pages.
    """
    from .page_cache import PageCache
    from .render import render_site  # Jinja2 and the templates: not needed to validate

    if reuse:
        state = _reused.setdefault(str(project.root.resolve()), ({}, PageCache()))
        loaded = load_project(project, cache=state[0])
    else:
        loaded = _load(project, keep=False)
    if not loaded.ok:
        raise ProjectError(loaded.diagnostics)
    catalog, diagnostics = build_catalog(loaded), loaded.diagnostics
    del loaded
    pages = render_site(catalog, project.page_templates_dir, settings, cache=state[1] if reuse else None, pack=True)
    return Generated(diagnostics, catalog, pages)


_reused: dict[str, tuple[dict, Any]] = {}
"""Per project while serving: the file checks and the page cache of the last generate(reuse=True)."""


_last: list[tuple[tuple, LoadedProject]] = []


def forget() -> None:
    """Let go of the loaded project kept for the next call (see `_load`)."""
    _last.clear()


def _load(project: Project, keep: bool = True, stored: bool = True, shared: bool = True) -> LoadedProject:
    """load_project, reused when no input changed since the last call in this process.

    `gereedschapskist build` checks the data and then builds, which loads it again; at a thousand
    approaches that second load would cost seconds. Files changed in the last two seconds are never
    trusted to their time stamps (as git does with racily clean files), so an edit is always seen.
    With keep=False (the build itself) the result is handed over and not kept for a next call.
    """
    key = _fingerprint(project)
    if key is not None and _last and _last[0][0] == key:
        loaded = _last[0][1]
    else:
        loaded = _load_stored(project, shared) if stored and check_cache.enabled() else \
            load_project(project, shared=shared)
        _last[:] = [(key, loaded)] if key is not None else []
    if not keep:
        _last.clear()
    return loaded


def _load_stored(project: Project, shared: bool = True) -> LoadedProject:
    """load_project with the file checks kept between runs, and kept again for the next."""
    kept = check_cache.open_for(project, shared)
    loaded = load_project(project, cache=kept, shared=shared)
    check_cache.save(kept)
    return loaded


def _fingerprint(project: Project) -> tuple | None:
    recent = time.time_ns() - 2_000_000_000
    stats = []
    for path in (project.vocabulary_file, *project.approach_files()):
        try:
            st = path.stat()
        except OSError:
            return None
        if st.st_mtime_ns > recent:
            return None
        stats.append((path.name, st.st_mtime_ns, st.st_size, st.st_ino))
    # the date matters too: warnings about old descriptions depend on it (SOURCE_DATE_EPOCH, set by build)
    return (str(project.root.resolve()), validate_today(), tuple(stats))


def settings_from_config(config: Mapping[str, Any]) -> SiteSettings:
    """Site settings from a loaded mkdocs.yml (`extra.gereedschapskist` holds ours)."""
    ours = (config.get("extra") or {}).get("gereedschapskist") or {}
    return SiteSettings(
        repository=str(ours.get("repository", "")).rstrip("/"),
        branch=str(ours.get("branch", "main")),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or SiteSettings.site_name),
    )
