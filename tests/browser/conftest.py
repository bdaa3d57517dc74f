"""Fixtures for the real-browser tests: one build of the site per session, a local web server, one
Chromium, and pages that record every request they make.

Every page opened through `visit` is audited after the test: a request to any host but the local
server, or a cookie, fails the test. A failed test leaves full-page screenshots in test-artifacts/.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .checks import CHROMIUM, CHROMIUM_ARGS, DESKTOP, ROOT, foreign_requests, serve_directory

ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The real site, built once with `gereedschapskist build --strict` into a temporary directory."""
    site = tmp_path_factory.mktemp("browser") / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--strict", "--site", str(site)],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        pytest.fail("De site bouwt niet:\n" + result.stdout + result.stderr, pytrace=False)
    assert (site / "pagefind" / "pagefind.js").is_file(), "the build made no Pagefind index"
    return site


@pytest.fixture(scope="session")
def site_url(site_dir) -> str:
    with serve_directory(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def approaches(site_dir) -> list[dict]:
    """The approaches as the built open data (data/aanpakken.json) describes them."""
    data = json.loads((site_dir / "data" / "aanpakken.json").read_text(encoding="utf-8"))
    assert data["aanpakken"], "the open data lists no approaches"
    return data["aanpakken"]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"{CHROMIUM} ontbreekt; draai scripts/setup.sh", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


class Visit:
    """One browser context on a local site that records every request its pages make.

    Requests to other hosts are recorded and then aborted, so a test never waits for the network.
    """

    def __init__(self, browser, base_url: str, **options):
        self.base_url = base_url
        self.context = browser.new_context(base_url=base_url, **options)
        self.context.set_default_timeout(15_000)
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route(lambda url: bool(foreign_requests([url], base_url)), lambda route: route.abort())
        self.page = self.context.new_page()

    def open(self, path: str, ready: str | None = None):
        """Go to `path` (relative to the site) and wait until `ready` matches, if given."""
        self.page.goto(self.base_url + path.lstrip("/"))
        if ready:
            self.page.wait_for_selector(ready, state="attached")
        return self.page

    def problems(self) -> list[str]:
        found = [f"verzoek naar een andere host: {url}" for url in foreign_requests(self.requests, self.base_url)]
        found += [f"cookie gezet: {c['name']} ({c['domain']})" for c in self.context.cookies()]
        return found


@pytest.fixture
def visit(browser, site_url, request):
    """Factory: visit(**context_options) opens a new audited browser context on the built site.

    Pass base_url= to visit another local site (a broken copy), audit=False to check it yourself.
    """
    opened: list[Visit] = []
    request.node.gk_visits = opened

    def open_visit(base_url: str | None = None, audit: bool = True, **options) -> Visit:
        options.setdefault("viewport", DESKTOP)
        v = Visit(browser, base_url or site_url, **options)
        v.audit = audit
        opened.append(v)
        return v

    yield open_visit
    for v in opened:
        v.context.close()


@pytest.fixture
def page(visit):
    """A desktop page on the built site (light colour scheme), audited for requests and cookies."""
    return visit().page


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """After a test body passes: fail it if any audited page went elsewhere or set a cookie."""
    result = yield
    problems = [p for v in getattr(item, "gk_visits", []) if v.audit for p in v.problems()]
    if problems:
        pytest.fail("De site deed iets wat niet mag:\n" + "\n".join(problems), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """On a failed test: a full-page screenshot of every page it had open, in test-artifacts/."""
    report = yield
    if report.when == "call" and report.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.name).strip("_")
        for i, v in enumerate(getattr(item, "gk_visits", [])):
            suffix = f"-{i + 1}" if i else ""
            try:
                ARTIFACTS.mkdir(exist_ok=True)
                v.page.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)
            except Exception as error:  # a crashed page must not hide the real failure
                report.sections.append(("screenshot", f"geen schermafbeelding: {error}"))
    return report
