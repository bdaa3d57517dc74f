"""Every internal link of the built site leads somewhere: a file that exists, and an id on the page.

Generated pages are finished HTML that MkDocs does not convert, so the hook checks their links
itself (generator/mkdocs_hook.py, `check_links`); these tests hold the built site to it and prove
that a broken link or anchor in a generated page stops a strict build.
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.build import build_site
from generator.paths import Project


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img"):
                self.links.append((tag, attrs[name]))


def internal_links(site: Path):
    pages: dict[str, Page] = {}
    for file in sorted(site.rglob("*.html")):
        pages[file.relative_to(site).as_posix()] = Page(file.read_text(encoding="utf-8"))
    return pages


def resolve(site: Path, page: str, url: str) -> tuple[str | None, str]:
    """(path of the target file relative to the site or None if it leaves the site, fragment)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None, ""
    if not parts.path:
        return page, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if (site / target).is_dir():
        target = posixpath.join(target, "index.html")
    return target, unquote(parts.fragment)


def test_every_internal_link_and_anchor_in_the_built_site_resolves(built_site):
    pages = internal_links(built_site)
    checked = anchors = 0
    broken = []
    for path, page in pages.items():
        if path == "404.html":  # the theme writes it with links from the site's root, for any depth
            continue
        for tag, url in page.links:
            target, fragment = resolve(built_site, path, url)
            if target is None:
                continue
            checked += 1
            if target.startswith("../") or not (built_site / target).is_file():
                broken.append(f"{path}: {tag} {url} -> {target} does not exist")
            elif fragment and target.endswith(".html"):
                anchors += 1
                ids = pages[target].ids if target in pages else set()
                if fragment not in ids:
                    broken.append(f"{path}: {url} -> no id {fragment!r} in {target}")
    assert not broken, "\n".join(broken[:30])
    assert checked > 1000 and anchors > 200, (checked, anchors)  # the check saw the site's links


@pytest.mark.parametrize("link, message", [
    ('<a href="{{ page.href(\'nergens/index.md\') }}">kapot</a>', "'nergens/' is not found among documentation files"),
    ('<a href="{{ page.href(\'proces/index.md\') }}#geen-fase">kapot</a>', "does not contain an anchor '#geen-fase'"),
    ('<a href="#geen-anker">kapot</a>', "there is no such anchor on this page"),
])
def test_a_broken_link_in_a_generated_page_stops_a_strict_build(project_copy, tmp_path, caplog, link, message):
    template = project_copy / "templates" / "pages" / "aanpak.html.j2"
    template.write_text(template.read_text(encoding="utf-8") + link + "\n", encoding="utf-8")
    with pytest.raises(BaseException):
        build_site(Project(project_copy), strict=True, site_dir=tmp_path / "site")
    assert any(message in record.getMessage() and "aanpakken/" in record.getMessage() for record in caplog.records), \
        [r.getMessage() for r in caplog.records if r.levelname == "WARNING"][:5]
