"""Fixtures shared by the test modules: copies of the real project and one real build of it."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["approaches", "content", "templates", "generator", "vocabulaire.yml", "mkdocs.yml"]


def copy_project(target: Path) -> Path:
    """A copy of the real project (data, pages, templates, config) that a test may change."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / part)
    return target


@pytest.fixture(scope="session", autouse=True)
def own_cache_home(tmp_path_factory: pytest.TempPathFactory):
    """Every test, and every command a test starts, keeps its file checks (generator/check_cache.py) in
    a directory of this run, never in the user's ~/.cache."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache-home"))
    yield Path(os.environ["XDG_CACHE_HOME"])
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once with the real MkDocs, strict."""
    from generator.build import build_site
    from generator.paths import Project

    site = tmp_path_factory.mktemp("gebouwd") / "site"
    build_site(Project(ROOT), strict=True, site_dir=site)
    return site
