"""The editor at /beheer/ in the real browser, against Decap's real local backend (decap-server).

One copy of the project, its approach files first put in the canonical layout (`opmaak`) and
committed to git, is served with the editor pointed at a decap-server that writes into the copy.
Every request of every page is recorded: anything but 127.0.0.1 fails the test.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from conftest import copy_project

from generator.beheer import decap_server, free_port, local_backend
from generator.build import build_site
from generator.canonical import layout, write
from generator.model import Aanpak
from generator.paths import Project
from generator.pipeline import check
from generator.yamlsource import loads

from .checks import DESKTOP, ROOT, serve_directory
from .conftest import ARTIFACTS

pytestmark = pytest.mark.browser

EDITED = "rouw-bij-baanverlies"


def _git(project: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args],
                          cwd=project, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def editor():
    # a directory of its own: pytest's shared temporary root may be cleaned by another run meanwhile
    base = Path(tempfile.mkdtemp(prefix="gk-beheer-"))
    try:
        yield from _editor(base)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _editor(base: Path):
    project = copy_project(base / "project")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    write(layout(Project(project)))  # the files as the editor writes them
    _git(project, "init", "-q")
    _git(project, "add", "approaches")
    _git(project, "commit", "-qm", "canonical layout")
    with decap_server(Project(project), free_port()) as api:
        with local_backend(api):
            build_site(Project(project), site_dir=base / "site")
        with serve_directory(base / "site") as url:
            yield SimpleNamespace(project=project, url=url, api=api, base=base)


class Session:
    """A browser context that records every request; `foreign()` lists those not to 127.0.0.1."""

    def __init__(self, browser, url: str):
        self.context = browser.new_context(viewport=DESKTOP)
        self.context.set_default_timeout(30_000)  # the machine may be busy: no timed assertions
        self.requests: list[str] = []
        self.context.on("request", lambda request: self.requests.append(request.url))
        self.context.route(lambda url: bool(self._foreign(url)), lambda route: route.abort())
        self.page = self.context.new_page()
        self.url = url

    @staticmethod
    def _foreign(url: str) -> bool:
        parts = urlsplit(url)
        return parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1"

    def foreign(self) -> list[str]:
        return [url for url in self.requests if self._foreign(url)]

    def login(self, hash_path: str = ""):
        self.page.goto(self.url + "beheer/" + hash_path)
        self.page.get_by_role("button", name="Inloggen").click()
        return self.page


@pytest.fixture
def session(browser, editor, request):
    opened = Session(browser, editor.url)
    yield opened
    ARTIFACTS.mkdir(exist_ok=True)  # the last state of the editor, for a failed test
    opened.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
    foreign = opened.foreign()
    opened.context.close()
    assert foreign == [], f"verzoeken naar een andere host dan 127.0.0.1: {foreign}"


def _field(page, name: str, index: int = 0):
    return page.locator(f'[id^="{name}-field-"]').nth(index)


def _wait_for_file(page, path: Path, old: str | None, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            if text != old:
                return text
        page.wait_for_timeout(200)  # not time.sleep: Playwright must keep routing the page's requests
    raise AssertionError(f"{path.name} is niet opgeslagen")


def _publish(page):
    page.get_by_role("button", name="Publiceer").click()
    page.get_by_text("Publiceer nu").click()


def test_the_editor_lists_the_approaches_without_the_template_and_opens_one_in_the_form(session, editor):
    page = session.login()
    titles = sorted(loaded.data["titel"] for loaded in
                    (loads(p.read_text(encoding="utf-8"), p.name)[0] for p in Project(editor.project).approach_files()))
    for title in titles:
        page.get_by_text(title, exact=True).wait_for()
    assert page.get_by_text("Vul in: naam van de aanpak").count() == 0  # _sjabloon.yml is hidden
    page.get_by_text(titles[0], exact=True).click()
    _field(page, "titel").wait_for()
    assert _field(page, "titel").input_value() == titles[0]
    labels = {name: page.locator(f'label[for^="{name}-field-"]').first.text_content() for name in Aanpak.model_fields}
    assert labels["werkzame_elementen"] == "Werkzame elementen (optioneel)"
    assert labels["voor_werkgevers"] == "Voor werkgevers"
    assert all(labels.values()), labels  # every top-level key of the model is in the form


def _block(text: str, key: str) -> tuple[int, int]:
    """1-based first and last line of a top-level key's block."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    end = next((i for i in range(start + 1, len(lines)) if re.match(r"^[a-z_]+:", lines[i])), len(lines))
    return start + 1, end


def _changed_lines(diff: str) -> tuple[set[int], set[int]]:
    removed, added = set(), set()
    for match in re.finditer(r"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@", diff, re.MULTILINE):
        old, old_n, new, new_n = (int(g) if g is not None else 1 for g in match.groups())
        removed.update(range(old, old + old_n))
        added.update(range(new, new + new_n))
    return removed, added


def test_changing_the_summary_in_the_form_changes_only_the_summary_lines(session, editor):
    path = editor.project / "approaches" / f"{EDITED}.yml"
    before = path.read_text(encoding="utf-8")
    page = session.login(f"#/collections/aanpakken/entries/{EDITED}")
    summary = _field(page, "samenvatting")
    summary.wait_for()
    new_summary = ("Deze aanpak helpt werkgevers en adviseurs om rouw om baanverlies op tijd te zien en "
                   "erover te praten. Een gratis lijst laat zien wanneer meer hulp nodig is.")
    summary.fill(new_summary)
    _publish(page)
    after = _wait_for_file(page, path, before)

    removed, added = _changed_lines(_git(editor.project, "diff", "-U0", "--", f"approaches/{EDITED}.yml"))
    old_start, old_end = _block(before, "samenvatting")
    new_start, new_end = _block(after, "samenvatting")
    assert removed and removed <= set(range(old_start, old_end + 1)), (removed, old_start, old_end)
    assert added and added <= set(range(new_start, new_end + 1)), (added, new_start, new_end)
    old_data = loads(before, path.name)[0].data
    new_data = loads(after, path.name)[0].data
    assert new_data["samenvatting"] == new_summary
    assert {k: v for k, v in new_data.items() if k != "samenvatting"} == \
        {k: v for k, v in old_data.items() if k != "samenvatting"}
    _git(editor.project, "checkout", "--", "approaches")


def _pick(page, name: str, *options: str) -> None:
    control = _field(page, name)
    for option in options:
        control.click()
        control.fill(option)
        page.get_by_role("option", name=option, exact=True).click()


def test_a_new_approach_made_in_the_form_validates_and_gets_a_page(session, editor):
    page = session.login("#/collections/aanpakken/new")
    _field(page, "titel").fill("Samen werkfit in de regio")
    _field(page, "samenvatting").fill("Werkgevers in een regio helpen elkaar om een zieke werknemer "
                                      "ander werk te laten vinden.")
    _pick(page, "status", "Pilot")
    _pick(page, "bewijsniveau", "In ontwikkeling")
    _pick(page, "themas", "Eigen regie", "Goede dialoog")
    _pick(page, "doelgroepen", "Werkgevers")
    page.get_by_role("button", name="Voeg organisatie toe").click()
    _field(page, "naam", 0).fill("Regionaal Werkgeversnetwerk")
    _field(page, "doel").fill("Een zieke werknemer vindt sneller ander werk in de regio.")
    _field(page, "beschrijving").fill("Werkgevers delen vacatures en plaatsen voor een proefperiode.")
    page.get_by_role("button", name="Voeg werkzaam element toe").click()
    _field(page, "naam", 1).fill("Driegesprek")
    _field(page, "toelichting").fill("Werknemer, werkgever en adviseur spreken samen af wat de volgende stap is.")
    _field(page, "samenvatting", 1).fill("Wat het kost, is nog niet bekend.")
    for name, text in (("wat_is_het", "Werkgevers helpen elkaar aan een nieuwe baan voor een zieke werknemer."),
                       ("wat_vraagt_het", "Een gesprek met de adviseur en een werkplek voor een proefperiode."),
                       ("wat_kost_het", "Dat is nog niet bekend."),
                       ("wat_levert_het_op", "Uw werknemer vindt sneller ander werk."),
                       ("wanneer", "In het tweede ziektejaar.")):
        _field(page, name).fill(text)
    page.get_by_role("button", name="Voeg bron toe").click()
    _field(page, "id").fill("verslag-2026")
    _field(page, "titel", 1).fill("Verslag van het regionale netwerk")
    _field(page, "organisatie").fill("Regionaal Werkgeversnetwerk")
    _field(page, "jaar").fill("2026")
    _publish(page)

    path = editor.project / "approaches" / "samen-werkfit-in-de-regio.yml"
    try:
        text = _wait_for_file(page, path, None)
        data = loads(text, path.name)[0].data
        assert data["themas"] == ["eigen-regie", "goede-dialoog"]
        assert data["werkzame_elementen"][0]["toelichting"].startswith("Werknemer, werkgever en adviseur")
        assert data["bronnen"][0]["id"] == "verslag-2026"
        loaded = check(Project(editor.project))
        errors = [d.format() for d in loaded.diagnostics.errors]
        assert errors == []
        site = editor.base / "site-new"
        build_site(Project(editor.project), site_dir=site)  # not strict: the new text cites no source yet (warnings)
        html = (site / "aanpakken" / "samen-werkfit-in-de-regio" / "index.html").read_text(encoding="utf-8")
        assert "Samen werkfit in de regio" in html
        assert "Driegesprek" in html and "Verslag van het regionale netwerk" in html
    finally:
        path.unlink(missing_ok=True)


# The text of one section, read the same way in the preview and on the page: citation numbers and
# heading anchors left out, white space collapsed.
_SECTIONS = """(root) => {
    const clean = (nodes) => {
        const box = document.createElement("div");
        nodes.forEach(n => box.appendChild(n.cloneNode(true)));
        box.querySelectorAll("sup, .headerlink, a.md-button, script, style").forEach(e => e.remove());
        document.body.appendChild(box);
        const text = box.innerText.replace(/\\s+/g, " ").trim();
        box.remove();
        return text;
    };
    const all = [...root.querySelectorAll("*")];
    const ownText = (e) => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join("").trim();
    const h1 = root.querySelector("h1");
    const title = all.find(e => ownText(e) === "In één oogopslag");
    const glance = title ? [...title.parentElement.children].filter(e => e !== title) : [];
    const h2 = [...root.querySelectorAll("h2")].find(e => ownText(e) === "Voor werkgevers");
    const employer = [];
    for (let e = h2 && h2.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) { employer.push(e); }
    if (h2 && !employer.length && h2.parentElement) {  // the preview nests the parts in a section
        [...h2.parentElement.children].filter(e => e !== h2).forEach(e => employer.push(e));
    }
    return {titel: h1 ? clean([h1]) : null, oogopslag: clean(glance), werkgevers: clean(employer)};
}"""


def _preview_frame(page, timeout: float = 45.0):
    """The frame Decap renders the preview in (the page has other frames too)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame.locator("[data-gk-preview] h1").count():
                return frame
        page.wait_for_timeout(200)
    raise AssertionError(f"het voorbeeld van de pagina verschijnt niet (frames: {[f.url for f in page.frames]})")


def test_the_preview_shows_the_same_text_as_the_built_page(session, editor):
    page = session.login(f"#/collections/aanpakken/entries/{EDITED}")
    frame = _preview_frame(page)
    preview = frame.locator("[data-gk-preview]").evaluate(_SECTIONS)
    built = session.context.new_page()
    built.goto(editor.url + f"aanpakken/{EDITED}/")
    article = built.locator("article").first.evaluate(_SECTIONS)
    assert preview["titel"] and preview["oogopslag"] and preview["werkgevers"]
    assert preview == article
