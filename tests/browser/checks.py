"""Checks shared by the browser tests and by the tests that prove the checks catch regressions.

Each check takes a Playwright page (or what was recorded from it) and returns what is wrong, so a
test can assert that the real site has nothing wrong and that a deliberately broken copy does.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 667}
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# One page of every kind the site has: (name, path, selector that shows the page is ready to check).
# Pages that fill themselves with a script are checked after they have done so.
PAGE_TYPES = [
    ("home", "", "article h1"),
    ("aanpak", "aanpakken/rouw-bij-baanverlies/", "article h1"),
    ("thema", "themas/rouwverwerking/", "article h1"),
    ("overzicht", "aanpakken/", "[data-gk-filters]:not([hidden])"),
    ("werkzame-elementen", "werkzame-elementen/", "article h1"),
    ("contextfactoren", "contextfactoren/", "article h1"),
    ("begrippen", "begrippen/", "article h1"),
    ("proces", "proces/", "article h1"),
    ("fase", "proces/eerste-jaar/", "article h1"),
    ("vergelijk", "vergelijk/?aanpak=rouw-bij-baanverlies&aanpak=eigen-regie-en-online-trainingen",
     "table.gk-vergelijk"),
    ("factsheet", "aanpakken/rouw-bij-baanverlies/#factsheet", "#factsheet"),
    ("zoekresultaten", "zoeken/?q=rouw", ".gk-zoeken__resultaat"),
    ("aanpak-met-cijfers", "aanpakken/motiverende-gespreksvoering-en-ervaringsdeskundigheid/", "#gk-cijfers-1"),
    ("bewijskaart", "bewijskaart/", "table.gk-bewijskaart"),
    ("keuzehulp", "keuzehulp/", "form[data-gk-keuzehulp]"),
    ("in-cijfers", "in-cijfers/", "figure.gk-grafiek"),
    ("toegankelijkheid", "toegankelijkheid/", "article h1"),
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature of the base class
        pass


@contextmanager
def serve_directory(directory: Path, handler_class: type = QuietHandler) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) in a thread; yields the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="gk-site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def foreign_requests(urls: list[str], base_url: str) -> list[str]:
    """The requested URLs that go anywhere but the local server at `base_url`."""
    local = urlsplit(base_url).netloc
    foreign = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about"):
            continue
        if parts.netloc != local:
            foreign.append(url)
    return foreign


def axe_violations(page) -> list[dict]:
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; returns the violations."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary}))
            }));
        }""",
        WCAG_TAGS,
    )


def describe_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


# The element that shows focus for the focused element: itself, or, when it is hidden (the theme's
# colour-scheme switch is a hidden radio button), the visible label that stands for it.
_INDICATOR = """(el) => {
    const visible = (e) => {
        const s = getComputedStyle(e), r = e.getBoundingClientRect();
        return s.visibility !== "hidden" && parseFloat(s.opacity) > 0 && r.width > 0 && r.height > 0;
    };
    if (visible(el)) { return el; }
    const labels = [...(el.labels || []), el.nextElementSibling].filter(e => e && e.tagName === "LABEL");
    return labels.find(visible) || el;
}"""

# Outline and shadow of an element once its transitions (the theme fades some in) have finished.
_STYLE = """async (el) => {
    const finite = (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity;
    await Promise.all(document.getAnimations().filter(finite).map(a => a.finished.catch(() => null)));
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    const label = (el.getAttribute("aria-label") || el.getAttribute("title") || el.textContent || el.value || "")
        .trim().replace(/\\s+/g, " ").slice(0, 40);
    return {
        element: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + " '" + label + "'",
        visible: s.visibility !== "hidden" && parseFloat(s.opacity) > 0 && r.width > 0 && r.height > 0,
        outline: [s.outlineStyle, s.outlineWidth, s.outlineColor].join(" "),
        outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth) || 0,
        boxShadow: s.boxShadow,
    };
}"""


def walk_focus(page, steps: int, until=None) -> list[dict]:
    """Press Tab up to `steps` times; for every stop record the focused element, its focus indicator
    while focused, and the same indicator after focus has moved on.

    `until(record)` ends the walk after that stop. Each record also has `element_handle`.
    """
    records: list[dict] = []
    pending = None
    for _ in range(steps):
        page.keyboard.press("Tab")
        element = page.evaluate_handle("document.activeElement")
        indicator = element.evaluate_handle(_INDICATOR)
        record = {"element_handle": element, "focused": indicator.evaluate(_STYLE)}
        if pending is not None:
            pending[0]["blurred"] = pending[1].evaluate(_STYLE)
        records.append(record)
        pending = (record, indicator)
        if until is not None and until(record):
            break
    page.keyboard.press("Tab")
    if pending is not None:
        pending[0]["blurred"] = pending[1].evaluate(_STYLE)
    return records


def focus_indicator_problem(record: dict) -> str | None:
    """Why the focus on this stop cannot be seen, or None when it can.

    Visible means: the indicator is on screen, focus gives it an outline of at least 2px (or the
    browser's own focus ring) or a box-shadow, and that is not there once focus has moved on.
    """
    focused, blurred = record["focused"], record["blurred"]
    if not focused["visible"]:
        return f"{focused['element']}: niet zichtbaar terwijl het focus heeft"
    outline = focused["outlineStyle"] == "auto" or (
        focused["outlineStyle"] not in ("none", "hidden") and focused["outlineWidth"] >= 2)
    shadow = focused["boxShadow"] != "none" and focused["boxShadow"] != blurred["boxShadow"]
    changed = (focused["outline"], focused["boxShadow"]) != (blurred["outline"], blurred["boxShadow"])
    if blurred["outlineStyle"] != "none" and focused["outline"] == blurred["outline"]:
        outline = False
    if not (changed and (outline or shadow)):
        return (f"{focused['element']}: geen zichtbare focus (met focus: outline {focused['outline']}, "
                f"schaduw {focused['boxShadow']}; zonder: outline {blurred['outline']}, schaduw {blurred['boxShadow']})")
    return None


def visible_overview_slugs(page) -> set[str]:
    """Slugs of the approaches whose rows the overview table shows right now."""
    return set(page.evaluate(
        """() => [...document.querySelectorAll("[data-gk-overzicht] tbody tr")]
            .filter(tr => tr.offsetParent !== null)
            .map(tr => new URL(tr.querySelector("a").href).pathname.replace(/\\/$/, "").split("/").pop())"""
    ))


def result_paths(page) -> list[str]:
    """Paths of the search results on the search page, best first."""
    return page.evaluate(
        """() => [...document.querySelectorAll(".gk-zoeken__resultaat h2 a")].map(a => new URL(a.href).pathname)"""
    )


PAGEFIND_LOAD = """async function loadPagefind() {
    // Pagefind as the search page loads it: the first part of the index, and the further parts
    // that pagefind/delen.json lists merged into it (generator/search.py writes large sites in parts)
    const base = new URL("../", location.href);
    const pagefind = await import(new URL("pagefind/pagefind.js", base).href);
    await pagefind.options({baseUrl: "/"});
    const listed = await fetch(new URL("pagefind/delen.json", base).href);
    for (const part of listed.ok ? (await listed.json()).delen : []) {
        await pagefind.mergeIndex(new URL("pagefind/" + part, base).pathname);
    }
    return pagefind;
}"""
"""JavaScript for page.evaluate on the search page: define loadPagefind() (prefix it to a function)."""
