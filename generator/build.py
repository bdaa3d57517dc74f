"""Build and serve the site, and export the generated docs tree.

`build` is atomic: MkDocs writes into a fresh directory beside site/, and only a complete build
replaces site/. A failed or interrupted build leaves the previous site/ as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config

from .paths import Project
from .pipeline import generate, settings_from_config
from .render import abbreviations, with_abbreviations


def load_mkdocs_config(project: Project, **overrides):
    return load_config(str(project.config_file), **overrides)


def build_site(project: Project, strict: bool = False, site_dir: Path | None = None) -> Path:
    """Build into a temporary directory, then swap it into place. Returns the site directory."""
    target = (site_dir or project.site_dir).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".site-bouw-", dir=target.parent))
    try:
        config = load_mkdocs_config(project, site_dir=str(staging), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
        finally:
            config.plugins.on_shutdown()
        _replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target


def _replace(new: Path, target: Path) -> None:
    """Put `new` where `target` is, with the old tree removed only after the new one is in place."""
    if target.exists():
        retired = target.with_name(f".site-oud-{os.getpid()}")
        os.replace(target, retired)
        os.replace(new, target)
        shutil.rmtree(retired, ignore_errors=True)
    else:
        os.replace(new, target)


def serve(project: Project, address: str = "127.0.0.1:8000") -> None:
    """Build and serve with live reload; edits to approaches, vocabulary and templates rebuild."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(project.config_file), open_in_browser=False, livereload=True, dev_addr=address,
                 watch_theme=True)


def export(project: Project, out: Path) -> list[str]:
    """Write the generated pages and content/ as a plain docs tree with its own mkdocs.yml.

    The result builds with `mkdocs build -f OUT/mkdocs.yml`, without our hook. Returns the written
    paths relative to OUT/docs.
    """
    config = load_mkdocs_config(project)
    generated = generate(project, settings_from_config(config))
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(project.content_dir, docs)
    definitions = abbreviations(generated.catalog.vocabulaire)
    for md in docs.rglob("*.md"):
        md.write_text(with_abbreviations(md.read_text(encoding="utf-8"), definitions), encoding="utf-8")
    for path, content in generated.pages.items():
        destination = docs / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        destination.write_text(content, encoding="utf-8")
    overrides = out / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(project.overrides_dir, overrides)
    raw = yaml.safe_load(_config_without_tags(project.config_file.read_text(encoding="utf-8")))
    raw.pop("hooks", None)
    raw.pop("watch", None)
    raw["docs_dir"] = "docs"
    raw["site_dir"] = "site"
    raw["site_url"] = config.site_url or ""
    raw["theme"]["custom_dir"] = "overrides"
    (out / "mkdocs.yml").write_text(
        "# Exported by `gereedschapskist export`: plain MkDocs, no generator needed.\n"
        "# For search, index the built site afterwards: python -m pagefind --site site\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())


def _config_without_tags(text: str) -> str:
    # `!ENV [NAME, default]` is MkDocs' own tag; the loaded config already resolved it.
    return "\n".join(line for line in text.splitlines() if "!ENV" not in line)
