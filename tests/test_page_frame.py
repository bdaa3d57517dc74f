"""The navigation drawn once for the pages that share it (generator/page_frame.py) changes no byte.

The site is built twice with the real MkDocs: once as always, once with every navigation and tab
bar rendered for its own page. Every file of the two sites must be the same.
"""

from __future__ import annotations

from pathlib import Path

from generator import page_frame
from generator.build import build_site
from generator.paths import Project

from conftest import ROOT


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file() and path.relative_to(site).parts[0] != "pagefind"}


def test_shared_navigation_is_byte_for_byte_what_each_page_would_draw(tmp_path, monkeypatch):
    frames: list[page_frame.Frame] = []
    original = page_frame.Frame.__init__

    def remember(self, nav):
        original(self, nav)
        frames.append(self)

    monkeypatch.setattr(page_frame.Frame, "__init__", remember)
    monkeypatch.setenv("GEREEDSCHAPSKIST_WORKERS", "1")  # the build in this process, to see its frames
    shared = build_site(Project(ROOT), strict=True, site_dir=tmp_path / "gedeeld")
    (frame,) = frames
    pages = sum(1 for _ in shared.rglob("index.html"))

    monkeypatch.setattr(page_frame.Frame, "key", lambda self, part, page, base_url: None)
    own = build_site(Project(ROOT), strict=True, site_dir=tmp_path / "eigen")
    alone = frames[1]

    assert alone.rendered >= 2 * pages - 5  # every page drew its navigation and tabs itself
    assert frame.rendered < alone.rendered / 2  # the shared build drew them far less often
    ours, theirs = _files(shared), _files(own)
    assert ours.keys() == theirs.keys()
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []
