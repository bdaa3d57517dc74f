"""The parts of the theme's page frame that many pages share, rendered once for all of them.

mkdocs-material draws the whole navigation (the sidebar and the tabs) into every page. For the
thousands of pages outside the navigation (approaches, working elements, context factors) that
markup is the same for every page in the same place: it depends on nothing but the navigation,
the relative address of every link in it from the page, and which sections are open. Rendering it
once per such place, not once per page, took about half of the theme's time per page.

`Frame` is handed to the theme's templates as `gk_gedeeld` (`generator/mkdocs_hook.py` `on_env`);
`templates/overrides/base.html` wraps the navigation and the tabs in `{% call gk_gedeeld("nav") %}`.
A page in the navigation is always rendered itself: it is the one marked as current.
`tests/test_page_frame.py` builds the site with and without it and compares every file.
"""

from __future__ import annotations

from typing import Any

import jinja2
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_relative_url


class Frame:
    """Rendered navigation parts, kept per part and per place in the site, for one build."""

    def __init__(self, nav: Navigation) -> None:
        self._listed = {page.url for page in nav.pages}
        self._targets = sorted(self._listed)
        self._parts: dict[tuple, Any] = {}
        self._links: tuple[str | None, tuple[str, ...]] = (None, ())
        self.rendered = 0  # how often a part was rendered, not taken from the kept ones

    def key(self, part: str, page: Any, base_url: str) -> tuple | None:
        """What the part's markup depends on for this page; None: render it for this page alone."""
        if page is None or getattr(page, "url", None) is None or page.url in self._listed:
            return None
        meta = page.meta or {}
        hide = meta.get("hide")
        if self._links[0] != page.url:  # the tabs and the navigation of one page ask in turn
            self._links = (page.url, tuple(get_relative_url(target, page.url) for target in self._targets))
        links = self._links[1]
        opened = tuple(id(section) for section in page.ancestors)
        return (part, base_url, links, opened, repr(hide))

    @jinja2.pass_context
    def __call__(self, context: jinja2.runtime.Context, part: str, caller: jinja2.runtime.Macro) -> Any:
        key = self.key(part, context.get("page"), context.get("base_url", ""))
        if key is not None and key in self._parts:
            return self._parts[key]
        self.rendered += 1
        markup = caller()
        if key is not None:
            self._parts[key] = markup
        return markup
