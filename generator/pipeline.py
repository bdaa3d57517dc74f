"""The whole pipeline in one call: load → validate → catalog → render.

The MkDocs hook, the CLI and `export` all call `generate`; none of them knows the stages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .catalog import Catalog, build_catalog
from .diagnostics import Diagnostics, ProjectError
from .paths import Project
from .render import SiteSettings, render_site
from .validate import LoadedProject, load_project


@dataclass
class Generated:
    loaded: LoadedProject
    catalog: Catalog
    pages: dict[str, str]

    @property
    def diagnostics(self) -> Diagnostics:
        return self.loaded.diagnostics


def check(project: Project) -> LoadedProject:
    """Load and validate everything; never raises for bad input."""
    return load_project(project)


def generate(project: Project, settings: SiteSettings) -> Generated:
    """Every generated page, or ProjectError carrying every diagnostic when the data has errors."""
    loaded = load_project(project)
    if not loaded.ok:
        raise ProjectError(loaded.diagnostics)
    catalog = build_catalog(loaded)
    return Generated(loaded, catalog, render_site(catalog, project.page_templates_dir, settings))


def settings_from_config(config: Mapping[str, Any]) -> SiteSettings:
    """Site settings from a loaded mkdocs.yml (`extra.gereedschapskist` holds ours)."""
    ours = (config.get("extra") or {}).get("gereedschapskist") or {}
    return SiteSettings(
        repository=str(ours.get("repository", "")).rstrip("/"),
        branch=str(ours.get("branch", "main")),
        site_url=str(config.get("site_url") or ""),
        site_name=str(config.get("site_name") or SiteSettings.site_name),
    )
