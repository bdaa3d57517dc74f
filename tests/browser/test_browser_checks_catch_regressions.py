"""The checks catch what they are for: on a copy of the built site, break one thing and the same
check that passes on the real site fails."""

from __future__ import annotations

import re
import shutil

import pytest

from .checks import axe_violations, foreign_requests, serve_directory

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


@pytest.fixture
def broken_copy(site_dir, tmp_path):
    """A copy of the built site; `break_page(path, old_pattern, new)` edits one of its pages."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy, ignore=shutil.ignore_patterns("pagefind"))

    def break_page(path: str, pattern: str, replacement: str) -> None:
        html_file = copy / path / "index.html"
        html = html_file.read_text(encoding="utf-8")
        broken, count = re.subn(pattern, replacement, html, count=1)
        assert count == 1, f"nothing to break in {path}: {pattern!r} not found"
        html_file.write_text(broken, encoding="utf-8")

    with serve_directory(copy) as url:
        yield url, break_page


def violation_targets(violations: list[dict], rule: str) -> list[str]:
    return [node["target"] for v in violations if v["id"] == rule for node in v["nodes"]]


def test_accessibility_check_catches_an_image_without_alt_text(visit, broken_copy):
    url, break_page = broken_copy
    break_page("aanpakken/rouw-bij-baanverlies", r'(<img\b[^>]*?) alt="[^"]*"', r"\1")
    page = visit(base_url=url).open("aanpakken/rouw-bij-baanverlies/", "article h1")
    assert page.locator("img:not([alt])").count() == 1
    assert violation_targets(axe_violations(page), "image-alt"), "axe did not report the image without alt text"


def test_accessibility_check_catches_a_form_control_without_label(visit, broken_copy):
    url, break_page = broken_copy
    break_page("aanpakken", r'<label for="gk-filter-tekst">[^<]*</label>', "")
    page = visit(base_url=url).open("aanpakken/", "[data-gk-filters]:not([hidden])")
    assert "#gk-filter-tekst" in violation_targets(axe_violations(page), "label")


def test_request_check_catches_a_stylesheet_from_another_host(visit, broken_copy):
    url, break_page = broken_copy
    font = "https://fonts.googleapis.com/css?family=Roboto"
    break_page("begrippen", r"</head>", f'<link rel="stylesheet" href="{font}"></head>')
    copy = visit(base_url=url, audit=False)
    copy.open("begrippen/", "article h1")
    assert foreign_requests(copy.requests, url) == [font]
    assert any(p.endswith(font) for p in copy.problems())


def test_accessibility_check_catches_the_themes_default_indigo_tabs(visit, broken_copy):
    url, break_page = broken_copy
    break_page("begrippen", r'<link rel="stylesheet" href="[^"]*gk\.css[^"]*">', "")
    break_page("begrippen", r'data-md-color-primary="custom" data-md-color-accent="custom"',
               'data-md-color-primary="indigo" data-md-color-accent="indigo"')
    page = visit(base_url=url).open("begrippen/", "article h1")
    low_contrast = violation_targets(axe_violations(page), "color-contrast")
    assert any("md-tabs__link" in target for target in low_contrast), low_contrast
