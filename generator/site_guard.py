"""MkDocs hook: refuse to build into a site directory that is a symbolic link.

MkDocs empties its site directory before it builds (and `gereedschapskist build` swaps the new site
into its place); through a link called `site` that would empty whatever directory it points to.
Listed under `hooks:` in mkdocs.yml, so plain `mkdocs build` and `mkdocs serve` are guarded too.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

from generator.build import site_target


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    site_target(Path(config.site_dir))  # raises Abort with a Dutch message for a link
    return config
