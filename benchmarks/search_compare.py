"""Dutch search quality on our own content: mkdocs-material's built-in search against Pagefind.

    .venv/bin/python benchmarks/search_compare.py                 # writes benchmarks/SEARCH.md
    .venv/bin/python benchmarks/search_compare.py --out /tmp/x.md --keep /tmp/search-sites

Three sites are built from the same approaches and pages:

- Pagefind: `gereedschapskist build --site DIR` (our site: Pagefind index, results on zoeken/?q=);
- Pagefind without weights: a copy of that site with every data-pagefind-weight attribute removed and
  the index made again, to show what the weights on working elements and context factors change;
- built-in: `gereedschapskist export DIR2`, its mkdocs.yml switched to `plugins: [{search: {lang: nl}}]`
  and our header override removed so the theme's own search box is back, then `mkdocs build`.

Each site is served on 127.0.0.1 and driven in headless Chromium, one fresh browser context (empty
cache) per query. For the built-in search we type the query into the theme's search box and read the
result links (.md-search-result); for Pagefind we open zoeken/?q=<query> and read the result links.
Results are counted per page (several sections of one page are one result). For each query we record
whether an expected page was found, at which rank, and the bytes downloaded for search until the
first results were on screen: for the built-in search the index (search_index.json), the worker and
the lunr language files it loads; for Pagefind every response under /pagefind/. Sizes are bodies as
served here (no HTTP compression); the gzip figures estimate what a compressing server would send.
Then every working-element name from data/aanpakken.json is searched on each site, and the search
downloads of a page view without searching are recorded.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from generator.search import index_site  # noqa: E402
from tests.browser.checks import CHROMIUM, CHROMIUM_ARGS, DESKTOP, serve_directory  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent

GRIEF = "/aanpakken/rouw-bij-baanverlies/"
EXPERTS = "/aanpakken/motiverende-gespreksvoering-en-ervaringsdeskundigheid/"
OWN_CONTROL = "/aanpakken/eigen-regie-en-online-trainingen/"
SMALL_FIRMS = "/aanpakken/tweede-spoor-mkb-sociaal-werkbedrijf/"


@dataclass
class Query:
    text: str
    expected: list[str]
    why: str


# Queries people type, with the page(s) that answer them, chosen from the content (not from results).
QUERIES = [
    Query("rouw", [GRIEF], "de aanpak over rouw"),
    Query("verdriet", [GRIEF, "/themas/rouwverwerking/"], "rouwaanpak of thema rouwverwerking"),
    Query("werkgevers", ["/voor-werkgevers/", "/doelgroepen/werkgevers/"], "pagina of doelgroep werkgevers"),
    Query("werkgever", ["/voor-werkgevers/", "/doelgroepen/werkgevers/"], "enkelvoud"),
    Query("aanvragen", ["/proces/", "/tweede-spoor/"], "WIA-aanvraag; de tekst zegt 'aanvraag'"),
    Query("ervaringsdeskundige", [EXPERTS], "aanpak met ervaringsdeskundigen"),
    Query("ervaringsdeskundigen", [EXPERTS], "meervoud"),
    Query("driegesprek", [OWN_CONTROL], "werkzaam element van deze aanpak"),
    Query("driegesprekken", [OWN_CONTROL], "meervoud; die aanpak zegt alleen 'driegesprek'"),
    Query("werkervaringsplaatsen", [SMALL_FIRMS], "meervoud van een werkzaam element"),
    Query("lotgenoot", [EXPERTS], "enkelvoud; de tekst zegt 'lotgenoten'"),
    Query("klein bedrijf", [SMALL_FIRMS, "/doelgroepen/mkb-werkgevers/"], "mkb-aanpak of doelgroep"),
    Query("mkb", [SMALL_FIRMS, "/doelgroepen/mkb-werkgevers/"], "mkb-aanpak of doelgroep"),
    Query("motivatie", [EXPERTS], "motiverende gespreksvoering"),
    Query("eigen regie", [OWN_CONTROL, "/themas/eigen-regie/"], "aanpak of thema"),
    Query("online training", [OWN_CONTROL], "enkelvoud; titel zegt 'trainingen'"),
    Query("afscheid", [GRIEF], "werkzaam element van de rouwaanpak"),
    Query("loonsanctie", ["/tweede-spoor/", "/voor-werkgevers/", "/begrippen/"], "uitleg tweede spoor"),
    Query("WIA", ["/proces/", "/tweede-spoor/", "/begrippen/"], "verzuimproces"),
    Query("coach", [OWN_CONTROL], "spoorcoach, coachgesprekken"),
]

BUILTIN_SEARCH = ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")
PAGEFIND = ("/pagefind/",)


@dataclass
class Outcome:
    paths: list[str] = field(default_factory=list)   # result pages, best first
    total: int = 0                                   # results the engine reports
    fetched: dict[str, int] = field(default_factory=dict)  # search URL path -> body bytes
    error: str = ""

    def rank(self, expected: list[str]) -> int | None:
        for i, path in enumerate(self.paths, 1):
            if path in expected:
                return i
        return None


@dataclass
class Engine:
    name: str
    site: Path
    search: object  # (browser, base_url, query) -> Outcome
    url: str = ""


def run(command: list[str], cwd: Path | None = None) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")


def build_sites(work: Path) -> tuple[Path, Path, Path]:
    """Our site, a copy without Pagefind weights (indexed again), and the exported built-in-search site."""
    ours = work / "pagefind-site"
    run([str(BIN / "gereedschapskist"), "build", "--strict", "--stil", "--site", str(ours)], cwd=REPO)

    unweighted = work / "pagefind-unweighted"
    shutil.copytree(ours, unweighted, ignore=shutil.ignore_patterns("pagefind"))
    removed = 0
    for html in unweighted.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        stripped, n = re.subn(r' data-pagefind-weight="[^"]*"', "", text)
        if n:
            html.write_text(stripped, encoding="utf-8")
            removed += n
    if not removed:
        sys.exit("the site has no data-pagefind-weight attributes: nothing to compare without them")
    index_site(unweighted)

    export = work / "export"
    run([str(BIN / "gereedschapskist"), "export", str(export)], cwd=REPO)
    config = export / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if "plugins: []" not in text:
        sys.exit(f"{config} has no 'plugins: []' to replace; update this script")
    config.write_text(text.replace("plugins: []", "plugins:\n- search:\n    lang: nl"), encoding="utf-8")
    (export / "overrides" / "partials" / "header.html").unlink()
    run([str(BIN / "mkdocs"), "build", "--quiet", "-f", str(config)])
    builtin = export / "site"
    if not (builtin / "search" / "search_index.json").is_file():
        sys.exit("the built-in search plugin wrote no search_index.json")
    return ours, unweighted, builtin


def page_paths(hrefs: list[str]) -> list[str]:
    seen: list[str] = []
    for href in hrefs:
        path = urlsplit(href).path
        if path not in seen:
            seen.append(path)
    return seen


def recorder(context, prefixes: tuple[str, ...]) -> dict[str, int]:
    fetched: dict[str, int] = {}

    def on_response(response):
        path = urlsplit(response.url).path
        if path.startswith(prefixes):
            try:
                fetched[path] = len(response.body())
            except Exception:  # no body (redirect, aborted): nothing downloaded
                fetched[path] = 0

    context.on("response", on_response)
    return fetched


def count(text: str) -> int:
    digits = "".join(ch for ch in text.split(" ")[0] if ch.isdigit())
    return int(digits) if digits else 0


def search_builtin(browser, url: str, query: str) -> Outcome:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    outcome = Outcome(fetched=recorder(context, BUILTIN_SEARCH))
    try:
        page = context.new_page()
        page.goto(url)
        box = page.locator("input.md-search__input")
        box.click()  # on a desktop the theme's search box sits in the header
        box.press_sequentially(query, delay=40)
        # The list is final once the count line answers this exact query; then let it settle.
        page.wait_for_function(
            """(q) => {
                const input = document.querySelector("input.md-search__input");
                const meta = document.querySelector(".md-search-result__meta");
                return input.value === q && meta && /overeenkom/.test(meta.textContent);
            }""",
            arg=query,
        )
        page.wait_for_timeout(500)
        outcome.total = count(page.locator(".md-search-result__meta").inner_text())
        outcome.paths = page_paths(page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", "els => els.map(a => a.href)"))
    except Exception as error:  # record and go on: one failing query must not hide the others
        outcome.error = str(error).splitlines()[0]
    finally:
        context.close()
    return outcome


def search_pagefind(browser, url: str, query: str) -> Outcome:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    outcome = Outcome(fetched=recorder(context, PAGEFIND))
    try:
        page = context.new_page()
        page.goto(url + "zoeken/?q=" + quote(query))
        page.wait_for_function(
            """() => document.querySelector(".gk-zoeken__resultaat")
                || /Niets gevonden|lukt nu niet/.test(document.querySelector("[data-gk-zoeken] [role=status]").textContent)"""
        )
        outcome.total = count(page.locator("[data-gk-zoeken] [role=status]").inner_text())
        outcome.paths = page_paths(page.eval_on_selector_all(".gk-zoeken__resultaat h2 a", "els => els.map(a => a.href)"))
        titles = page.locator(".gk-zoeken__resultaat h2 a").all_inner_texts()
        if any("#" in t or "¶" in t for t in titles):
            outcome.error = "result title contains a heading anchor: " + "; ".join(titles)
    except Exception as error:
        outcome.error = str(error).splitlines()[0]
    finally:
        context.close()
    return outcome


def page_view_downloads(browser, url: str, prefixes: tuple[str, ...]) -> dict[str, int]:
    """Search files a visitor downloads by opening the home page and reading it, without searching."""
    context = browser.new_context(viewport=DESKTOP)
    fetched = recorder(context, prefixes)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1500)
    finally:
        context.close()
    return fetched


def gzip_size(site: Path, fetched: dict[str, int]) -> int:
    total = 0
    for path in fetched:
        file = site / path.lstrip("/")
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


def kb(n: int) -> str:
    return f"{n / 1024:.1f} kB".replace(".", ",")  # Dutch decimal comma


def short(path: str) -> str:
    return {GRIEF: "rouw", EXPERTS: "motiverende", OWN_CONTROL: "eigen-regie", SMALL_FIRMS: "mkb-aanpak"}.get(
        path, path.strip("/") or "home")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def versions() -> str:
    from importlib.metadata import version

    return ", ".join(f"{name} {version(name)}" for name in ("mkdocs", "mkdocs-material", "pagefind", "playwright"))


def element_names(site: Path) -> dict[str, list[str]]:
    """Each working-element name in the built open data, with the approach pages that name it."""
    data = json.loads((site / "data" / "aanpakken.json").read_text(encoding="utf-8"))
    named_by: dict[str, list[str]] = {}
    for approach in data["aanpakken"]:
        for element in approach["werkzame_elementen"]:
            named_by.setdefault(element["naam"], []).append(f"/aanpakken/{approach['slug']}/")
    return named_by


def cell(o: Outcome, expected: list[str]) -> str:
    if o.error:
        return "fout"
    r = o.rank(expected)
    return f"**{r}** van {o.total}" if r == 1 else (f"{r} van {o.total}" if r else f"– ({o.total})")


def report(engines: list[Engine], results: list[tuple[Query, list[Outcome]]],
           sweep: list[tuple[str, list[str], list[Outcome]]], idle: list[dict[str, int]]) -> str:
    builtin, pagefind, unweighted = engines
    n = len(results)
    summary = []
    for i, engine in enumerate(engines):
        ranks = [o[i].rank(q.expected) for q, o in results]
        summary.append(f"{engine.name}: gevonden bij {sum(r is not None for r in ranks)} van {n}, "
                       f"{sum(r is not None and r <= 3 for r in ranks)} in de top 3, "
                       f"{sum(r == 1 for r in ranks)} als eerste")
    rows = []
    for q, (b, p, u) in results:
        expected = ", ".join(short(e) for e in q.expected)
        rows.append(f"| {q.text} | {expected} ({q.why}) | {cell(b, q.expected)} | {cell(p, q.expected)} | "
                    f"{cell(u, q.expected)} | {kb(sum(b.fetched.values()))} ({kb(gzip_size(builtin.site, b.fetched))}) | "
                    f"{kb(sum(p.fetched.values()))} ({kb(gzip_size(pagefind.site, p.fetched))}) |")
    tops = [f"| {q.text} | {', '.join(short(x) for x in b.paths[:3]) or '–'} | "
            f"{', '.join(short(x) for x in p.paths[:3]) or '–'} |" for q, (b, p, _) in results]
    errors = [f"- {engine.name} '{q.text}': {o.error}" for q, outcomes in results
              for engine, o in zip(engines, outcomes) if o.error]
    errors += [f"- {engine.name} '{name}': {o.error}" for name, _, outcomes in sweep
               for engine, o in zip(engines, outcomes) if o.error]

    # Working elements: an approach naming the element among the first three results.
    sweep_lines = []
    for i, engine in enumerate(engines):
        misses = []
        for name, paths, outcomes in sweep:
            ranks = [outcomes[i].paths.index(p) + 1 if p in outcomes[i].paths else None for p in paths]
            if not any(r is not None and r <= 3 for r in ranks):
                misses.append(f"{name} ({', '.join(str(r) if r else '–' for r in ranks)})")
        sweep_lines.append(f"- {engine.name}: {len(sweep) - len(misses)} van {len(sweep)}"
                           + (f"; niet: {'; '.join(misses)}" if misses else ""))

    rouw = next(o[1] for q, o in results if q.text == "rouw")
    breakdown = [f"| `{path}` | {kb(size)} | {kb(gzip_size(pagefind.site, {path: size}))} |"
                 for path, size in sorted(rouw.fetched.items(), key=lambda item: -item[1])]
    b_first = results[0][1][0]
    p_bytes = sorted(sum(o[1].fetched.values()) for _, o in results)
    idle_b, idle_p = idle

    return "\n".join([
        "# Zoeken in het Nederlands: ingebouwde zoekfunctie of Pagefind",
        "",
        f"Gemeten op {dt.date.today().isoformat()} met `.venv/bin/python benchmarks/search_compare.py` "
        f"op {machine()}; {versions()}; Chromium headless (`/usr/bin/chromium`).",
        "",
        "Alle sites komen uit dezelfde aanpakken en pagina's. **Ingebouwd** is de zoekfunctie van "
        "mkdocs-material (`plugins: [{search: {lang: nl}}]`, de geëxporteerde map met het zoekvak van het thema); "
        "de zoekterm wordt in het zoekvak getypt. **Pagefind** is onze site: de zoekpagina `zoeken/?q=`. "
        "**Zonder gewichten** is dezelfde site met Pagefind, maar zonder de `data-pagefind-weight` op de namen "
        "van werkzame elementen (10) en contextfactoren (5) op de pagina's van de aanpakken. "
        "Elke zoekvraag in een nieuw browservenster met lege cache.",
        "",
        "Rang: de plaats van de eerste verwachte pagina in de resultaten (per pagina geteld; vet = eerste), "
        "'van N' is het aantal resultaten, '–' betekent niet gevonden. Bytes: wat de zoekfunctie downloadt tot "
        "de eerste resultaten er staan, zoals hier geserveerd (zonder HTTP-compressie); tussen haakjes met gzip.",
        "",
        "| Zoekterm | Verwacht | Ingebouwd: rang | Pagefind: rang | Zonder gewichten: rang | "
        "Ingebouwd: bytes | Pagefind: bytes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "**Samen:** " + "; ".join(summary) + ".",
        "",
        "## Werkzame elementen",
        "",
        f"Elke naam van een werkzaam element uit `data/aanpakken.json` ({len(sweep)} namen) als zoekvraag. "
        "Goed is: een aanpak die het element noemt staat bij de eerste drie resultaten. "
        "Bij de namen waar dat niet lukt staat tussen haakjes de rang van elke aanpak die het element noemt.",
        "",
        *sweep_lines,
        "",
        "## Wat er wordt gedownload",
        "",
        f"- Ingebouwd, bij elke zoekvraag hetzelfde: {', '.join(f'`{f}`' for f in sorted(b_first.fetched))}, "
        f"samen {kb(sum(b_first.fetched.values()))} ({kb(gzip_size(builtin.site, b_first.fetched))} met gzip): "
        "de hele index, met de tekst van elke pagina.",
        f"- Pagefind, per zoekvraag {kb(p_bytes[0])} tot {kb(p_bytes[-1])}: vast `pagefind.js`, de worker, "
        "de WebAssembly en de metadata, daarna alleen de indexdelen voor de zoekwoorden en een fragment per "
        "getoond resultaat (de zoekpagina toont er hooguit 20).",
        f"- Een pagina openen zonder te zoeken: ingebouwd haalt dan al {kb(sum(idle_b.values()))} "
        f"({kb(gzip_size(builtin.site, idle_b))} met gzip) op ({', '.join(f'`{f}`' for f in sorted(idle_b)) or 'niets'}); "
        f"Pagefind {kb(sum(idle_p.values()))} ({', '.join(f'`{f}`' for f in sorted(idle_p)) or 'niets'}).",
        "",
        "Pagefind voor 'rouw', per bestand:",
        "",
        "| Bestand | Bytes | Met gzip |",
        "| --- | --- | --- |",
        *breakdown,
        "",
        "## De eerste drie resultaten",
        "",
        "| Zoekterm | Ingebouwd | Pagefind |",
        "| --- | --- | --- |",
        *tops,
        "",
        *(["## Fouten", "", *errors, ""] if errors else []),
        "## Conclusie",
        "",
        CONCLUSION,
        "",
    ])


CONCLUSION = """\
We houden **Pagefind**, om wat het vindt. Het stemt Nederlandse woordvormen: aanvragen vindt de pagina's
die 'aanvraag' zeggen, driegesprekken de aanpak met het driegesprek, lotgenoot de aanpak met lotgenoten.
De ingebouwde zoekfunctie laadt wel lunr's Nederlandse taalbestand, maar mkdocs-material zet achter elk
zoekwoord een jokerteken en lunr slaat voor zulke woorden de stemmer over: een vorm die langer is dan het
woord in de tekst (aanvragen, driegesprekken, werkervaringsplaatsen) of een andere vorm (lotgenoot bij
'lotgenoten') vindt de pagina niet. Met gewichten op de namen van werkzame elementen (10) en contextfactoren (5)
staat bij de naam van elk werkzaam element een aanpak die het noemt in de top 3, meestal direct na het
overzicht van de werkzame elementen, dat naar alle aanpakken met dat element linkt; zonder die gewichten
lukt dat bij 'Intervisie' en 'Werkervaringsplaats' niet.

Op bytes wint Pagefind bij deze kleine site niet: de eerste zoekvraag kost ongeveer evenveel als de hele
ingebouwde index, en met gzip meer, omdat het vaste deel (script, worker, WebAssembly) het grootst is. Maar
de ingebouwde zoekfunctie haalt haar index bij het eerste paginabezoek op, ook als iemand niet zoekt, en
die index bevat de tekst van elke pagina en groeit dus met elke aanpak; Pagefind laadt alleen op de
zoekpagina en alleen de delen die de zoekvraag nodig heeft (`benchmarks/run.py` meet dat bij 10 tot 5.000
aanpakken).

Het zoekvak blijft in de kopbalk (`templates/overrides/partials/header.html`) en leidt naar `zoeken/`.
De browsertests `tests/browser/test_browser_search.py` en `tests/browser/test_browser_search_quality.py`
houden de belangrijkste uitkomsten uit deze tabel vast: 'rouw' geeft de rouwaanpak als eerste, woordvormen
vinden de pagina met de andere vorm, en bij de naam van elk werkzaam element staat een aanpak die het
noemt in de top 3."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=HERE / "SEARCH.md", help="where the report goes")
    parser.add_argument("--keep", type=Path, help="build the sites here and leave them (default: a temp dir)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gk-zoeken-") as tmp:
        work = args.keep or Path(tmp)
        if work.exists() and any(work.iterdir()):
            sys.exit(f"{work} is not empty")
        work.mkdir(parents=True, exist_ok=True)
        print(f"building the sites in {work} ...", flush=True)
        ours, unweighted, builtin_site = build_sites(work)
        engines = [Engine("ingebouwd", builtin_site, search_builtin), Engine("Pagefind", ours, search_pagefind),
                   Engine("zonder gewichten", unweighted, search_pagefind)]
        sweep_names = element_names(ours)
        with serve_directory(builtin_site) as b_url, serve_directory(ours) as p_url, \
                serve_directory(unweighted) as u_url, sync_playwright() as playwright:
            for engine, url in zip(engines, (b_url, p_url, u_url)):
                engine.url = url
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                results = []
                for q in QUERIES:
                    outcomes = [e.search(browser, e.url, q.text) for e in engines]
                    results.append((q, outcomes))
                    print(f"{q.text:24} " + "  ".join(f"{e.name}: {o.rank(q.expected)}{' ' + o.error if o.error else ''}"
                                                      for e, o in zip(engines, outcomes)), flush=True)
                sweep = []
                for name, paths in sweep_names.items():
                    outcomes = [e.search(browser, e.url, name) for e in engines]
                    sweep.append((name, paths, outcomes))
                    print(f"{name[:40]:40} " + "  ".join(f"{e.name}: {[o.paths.index(p) + 1 if p in o.paths else None for p in paths]}"
                                                         for e, o in zip(engines, outcomes)), flush=True)
                idle = [page_view_downloads(browser, b_url, BUILTIN_SEARCH), page_view_downloads(browser, p_url, PAGEFIND)]
            finally:
                browser.close()
        if not results[0][1][0].fetched.get("/search/search_index.json"):
            sys.exit("the built-in search downloaded no search_index.json: the measurement is broken")
        args.out.write_text(report(engines, results, sweep, idle), encoding="utf-8")
        print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
