"""MkDocs glue: hand the generated pages to MkDocs, and index the built site for search.

Listed under `hooks:` in mkdocs.yml, so plain `mkdocs build` and `mkdocs serve` run the generator.
While serving, a file with errors does not stop the server: the errors are printed and the last
good pages stay up until the file is fixed.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator import citations
from generator.build import source_date_epoch
from generator.diagnostics import ProjectError
from generator.paths import Project
from generator.pipeline import generate, settings_from_config
from generator.render import abbreviations, with_abbreviations
from generator.text import explain_first_use_only
from generator.search import index_site

log = logging.getLogger("mkdocs.gereedschapskist")

_state: dict = {"command": "build", "last_good": None}


def on_startup(command: str, dirty: bool) -> None:
    _state["command"] = command


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
        generated = generate(project, settings)
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
        _state["last_good"] = generated
    _state["abbreviations"] = abbreviations(generated.catalog.vocabulaire)
    # citations link to the Bronnen section of the approach page (from its factsheet: one level up)
    _state["citations"] = {}
    for entry in generated.catalog.aanpakken:
        sources = citations.numbering(entry.aanpak.bronnen)
        _state["citations"][entry.page] = (sources, "")
        _state["citations"][f"aanpakken/{entry.slug}/factsheet/index.md"] = (sources, "../")
    for path, content in generated.pages.items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        file = File.generated(config, path, content=content)
        if path.startswith("aanpakken/") and path.count("/") == 2:
            file.edit_uri = f"approaches/{path.split('/')[1]}.yml"
        files.append(file)
    for file in files:
        if file.generated_by is None and file.src_uri.endswith(".md"):
            file.edit_uri = f"content/{file.src_uri}"
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Give pages outside the navigation (approaches, terms) a place in it without listing them.

    Each such page gets as parent the section of the nearest listed page above it in the URL tree
    (aanpakken/x/ -> the section holding aanpakken/), so the theme marks the right tab and shows
    that section's sidebar, while the navigation itself stays small.
    """
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


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand-written pages get the glossary's abbreviations too (generated pages have them already)."""
    if page.file.generated_by is None:
        return with_abbreviations(markdown, _state.get("abbreviations", ""))
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    cited = _state.get("citations", {}).get(page.file.src_uri)
    if cited is not None:
        html = citations.link(html, *cited)
    return explain_first_use_only(html)


def on_post_build(config: MkDocsConfig) -> None:
    index_site(Path(config.site_dir))
    from generator.decap import build_admin  # the editor at /beheer/, after the search index

    last_good = _state.get("last_good")
    build_admin(config, last_good.catalog.vocabulaire if last_good is not None else None)
