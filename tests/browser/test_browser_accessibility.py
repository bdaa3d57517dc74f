"""WCAG 2.1 AA in a real browser: axe-core finds no violation on any kind of page, light or dark."""

from __future__ import annotations

import pytest

from .checks import PAGE_TYPES, axe_violations, describe_violations

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]

SCHEMES = [("light", "default"), ("dark", "slate")]


def background_lightness(page) -> float:
    """Relative lightness (0 black .. 1 white) of the page background as drawn."""
    rgb = page.evaluate(
        """() => getComputedStyle(document.body).backgroundColor.match(/[\\d.]+/g).slice(0, 3).map(Number)"""
    )
    return sum(rgb) / (3 * 255)


@pytest.mark.parametrize("scheme, palette", SCHEMES, ids=[s for s, _ in SCHEMES])
@pytest.mark.parametrize("name, path, ready", PAGE_TYPES, ids=[p[0] for p in PAGE_TYPES])
def test_page_has_no_wcag_violations_in_colour_scheme(visit, name, path, ready, scheme, palette):
    page = visit(color_scheme=scheme).open(path, ready)
    page.wait_for_function(
        "scheme => document.body.getAttribute('data-md-color-scheme') === scheme", arg=palette
    )
    lightness = background_lightness(page)
    assert (lightness < 0.3) if scheme == "dark" else (lightness > 0.9), (
        f"the {scheme} palette is not what the page shows (background lightness {lightness:.2f})"
    )
    violations = axe_violations(page)
    assert not violations, f"axe-core on /{path} ({scheme}):\n" + describe_violations(violations)
