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
the lunr language files it loads; for Pagefind every response under /pagefind/ until the first batch
of results is shown (the search page shows 8 at a time behind a "Toon meer resultaten" button, and
fetches a fragment only for a result it shows). Loading counts as finished when the result count line
answers the query and no search request is still open. Only then is the rest of the list revealed to
find the ranks: the built-in list is scrolled until it renders no more (it renders 10 at first), and
on the Pagefind page "Toon meer resultaten" is pressed until every result is shown; those later
downloads are not counted. Sizes are bodies as served here (no HTTP compression); the gzip figures
estimate what a compressing server would send.
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
    Query("rouw", [GRIEF], "the approach on grief"),
    Query("verdriet", [GRIEF, "/themas/rouwverwerking/"], "grief approach or theme rouwverwerking"),
    Query("werkgevers", ["/voor-werkgevers/", "/doelgroepen/werkgevers/"], "page or target group for employers"),
    Query("werkgever", ["/voor-werkgevers/", "/doelgroepen/werkgevers/"], "singular"),
    Query("aanvragen", ["/proces/", "/tweede-spoor/"], "WIA application; the text says 'aanvraag'"),
    Query("ervaringsdeskundige", [EXPERTS], "approach with experts by experience"),
    Query("ervaringsdeskundigen", [EXPERTS], "plural"),
    Query("driegesprek", [OWN_CONTROL], "working element of this approach"),
    Query("driegesprekken", [OWN_CONTROL], "plural; that approach only says 'driegesprek'"),
    Query("werkervaringsplaatsen", [SMALL_FIRMS], "plural of a working element"),
    Query("lotgenoot", [EXPERTS], "singular; the text says 'lotgenoten'"),
    Query("klein bedrijf", [SMALL_FIRMS, "/doelgroepen/mkb-werkgevers/"], "SME approach or target group"),
    Query("mkb", [SMALL_FIRMS, "/doelgroepen/mkb-werkgevers/"], "SME approach or target group"),
    Query("motivatie", [EXPERTS], "motivational interviewing: motiverende gespreksvoering"),
    Query("eigen regie", [OWN_CONTROL, "/themas/eigen-regie/"], "approach or theme"),
    Query("online training", [OWN_CONTROL], "singular; the title says 'trainingen'"),
    Query("afscheid", [GRIEF], "working element of the grief approach"),
    Query("loonsanctie", ["/tweede-spoor/", "/voor-werkgevers/", "/begrippen/"], "explanation of the second track"),
    Query("WIA", ["/proces/", "/tweede-spoor/", "/begrippen/"], "sickness absence process"),
    Query("coach", [OWN_CONTROL], "the text says 'spoorcoach', 'coachgesprekken'"),
]

BUILTIN_SEARCH = ("/search/search_index.json", "/assets/javascripts/workers/", "/assets/javascripts/lunr/")
PAGEFIND = ("/pagefind/",)


@dataclass
class Outcome:
    paths: list[str] = field(default_factory=list)   # result pages, best first
    total: int = 0                                   # results the engine reports
    fetched: dict[str, int] = field(default_factory=dict)  # search URL path -> body bytes, until first results
    first_shown: int = 0                             # results on screen when `fetched` was taken
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


class Recorder:
    """Body bytes of every response whose path starts with one of `prefixes`, and the requests still open."""

    def __init__(self, context, prefixes: tuple[str, ...]):
        self.prefixes = prefixes
        self.fetched: dict[str, int] = {}
        self.open: set[object] = set()
        context.on("request", self._request)
        context.on("response", self._response)
        context.on("requestfailed", self._failed)

    def _mine(self, url: str) -> bool:
        return urlsplit(url).path.startswith(self.prefixes)

    def _request(self, request) -> None:
        if self._mine(request.url):
            self.open.add(request)

    def _response(self, response) -> None:
        if not self._mine(response.url):
            return
        path = urlsplit(response.url).path
        try:
            self.fetched[path] = len(response.body())
        except Exception:  # no body (redirect, aborted): nothing downloaded
            self.fetched[path] = 0
        self.open.discard(response.request)

    def _failed(self, request) -> None:
        self.open.discard(request)

    def settle(self, page, limit_ms: int = 10_000) -> dict[str, int]:
        """Wait until no search request is open (twice in a row, 100 ms apart); return what was fetched."""
        quiet = 0
        for _ in range(limit_ms // 100):
            quiet = quiet + 1 if not self.open else 0
            if quiet == 2:
                break
            page.wait_for_timeout(100)
        else:
            raise TimeoutError(f"search requests still open: {sorted(r.url for r in self.open)}")
        return dict(self.fetched)


def count(text: str) -> int:
    digits = "".join(ch for ch in text.split(" ")[0] if ch.isdigit())
    return int(digits) if digits else 0


def search_builtin(browser, url: str, query: str) -> Outcome:
    context = browser.new_context(viewport=DESKTOP)
    context.set_default_timeout(10_000)
    recorder = Recorder(context, BUILTIN_SEARCH)
    outcome = Outcome()
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
        outcome.fetched = recorder.settle(page)
        outcome.total = count(page.locator(".md-search-result__meta").inner_text())
        items = page.locator(".md-search-result__list > .md-search-result__item")
        outcome.first_shown = items.count()
        # The theme renders 10 results, then 4 more each time the list is scrolled to its end.
        stable = 0
        while stable < 2:
            before = items.count()
            page.eval_on_selector(".md-search__scrollwrap", "el => { el.scrollTop = el.scrollHeight; }")
            page.wait_for_timeout(200)
            stable = stable + 1 if items.count() == before else 0
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
    recorder = Recorder(context, PAGEFIND)
    outcome = Outcome()
    try:
        page = context.new_page()
        page.goto(url + "zoeken/?q=" + quote(query))
        # The status line gets its count ("22 resultaten voor 'rouw'; 8 getoond") in the same task that
        # puts the first batch on the page, after that batch's fragments have arrived.
        page.wait_for_function(
            """() => /^\\d+ resulta|Niets gevonden|lukt nu niet/.test(
                document.querySelector("[data-gk-zoeken] [role=status]").textContent)"""
        )
        outcome.fetched = recorder.settle(page)
        outcome.total = count(page.locator("[data-gk-zoeken] [role=status]").inner_text())
        results = page.locator(".gk-zoeken__resultaat")
        outcome.first_shown = results.count()
        more = page.locator("[data-gk-meer]")
        for _ in range(outcome.total):
            if not more.is_visible():
                break
            shown = results.count()
            more.click()
            page.wait_for_function(f"document.querySelectorAll('.gk-zoeken__resultaat').length > {shown}")
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
    recorder = Recorder(context, prefixes)
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_timeout(1500)
        return recorder.settle(page)
    finally:
        context.close()


def gzip_size(site: Path, fetched: dict[str, int]) -> int:
    total = 0
    for path in fetched:
        file = site / path.lstrip("/")
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


def kb(n: int) -> str:
    return f"{n / 1024:.1f} kB"


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
        return "error"
    r = o.rank(expected)
    return f"**{r}** of {o.total}" if r == 1 else (f"{r} of {o.total}" if r else f"– ({o.total})")


def files(fetched: dict[str, int]) -> str:
    return ", ".join(f"`{f}`" for f in sorted(fetched)) or "nothing"


def report(engines: list[Engine], results: list[tuple[Query, list[Outcome]]],
           sweep: list[tuple[str, list[str], list[Outcome]]], idle: list[dict[str, int]]) -> str:
    builtin, pagefind, unweighted = engines
    n = len(results)
    summary = []
    for i, engine in enumerate(engines):
        ranks = [o[i].rank(q.expected) for q, o in results]
        summary.append(f"{engine.name}: found {sum(r is not None for r in ranks)} of {n}, "
                       f"{sum(r is not None and r <= 3 for r in ranks)} in the top 3, "
                       f"{sum(r == 1 for r in ranks)} first")
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
        sweep_lines.append(f"- {engine.name}: {len(sweep) - len(misses)} of {len(sweep)}"
                           + (f"; missed: {'; '.join(misses)}" if misses else ""))

    rouw = next(o[1] for q, o in results if q.text == "rouw")
    breakdown = [f"| `{path}` | {kb(size)} | {kb(gzip_size(pagefind.site, {path: size}))} |"
                 for path, size in sorted(rouw.fetched.items(), key=lambda item: -item[1])]
    b_first = results[0][1][0]
    p_bytes = sorted(sum(o[1].fetched.values()) for _, o in results)
    p_gzip = sorted(gzip_size(pagefind.site, o[1].fetched) for _, o in results)
    batch = max(o[1].first_shown for _, o in results)
    b_rendered = max(o[0].first_shown for _, o in results)
    idle_b, idle_p = idle

    return "\n".join([
        "# Searching in Dutch: built-in search or Pagefind",
        "",
        f"Measured on {dt.date.today().isoformat()} with `.venv/bin/python benchmarks/search_compare.py` "
        f"on {machine()}; {versions()}; Chromium headless (`/usr/bin/chromium`).",
        "",
        "All sites are built from the same approaches and pages. **Built-in** is mkdocs-material's own search "
        "(`plugins: [{search: {lang: nl}}]`, the exported folder with the theme's search box); the query is typed "
        "into that search box. **Pagefind** is our site: the search page `zoeken/?q=`. **Without weights** is the "
        "same site with Pagefind, but without the `data-pagefind-weight` on the names of working elements (10) "
        "and context factors (5) on the approach pages. Every query runs in a new browser context with an empty "
        "cache.",
        "",
        "Rank: the position of the first expected page in the results (counted per page; bold = first), "
        "'of N' is the number of results, '–' means not found. Ranks count the whole result list: the built-in "
        f"search renders {b_rendered} results at first and more as the list is scrolled, so it is scrolled to the "
        f"end; our search page shows {batch} results at a time, so 'Toon meer resultaten' is pressed until all "
        "are shown. Bytes: what the search downloads until the first results are on screen (for Pagefind: the "
        f"first batch of up to {batch}), as served here (no HTTP compression); in brackets with gzip. What "
        "scrolling or 'Toon meer resultaten' fetches afterwards is not counted.",
        "",
        "| Query | Expected | Built-in: rank | Pagefind: rank | Without weights: rank | "
        "Built-in: bytes | Pagefind: bytes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "**Overall:** " + "; ".join(summary) + ".",
        "",
        "## Working elements",
        "",
        f"Every working-element name from `data/aanpakken.json` ({len(sweep)} names) as a query. "
        "A hit is: an approach that names the element is among the first three results. "
        "For the names where that fails, the brackets give the rank of each approach that names the element.",
        "",
        *sweep_lines,
        "",
        "## What is downloaded",
        "",
        f"- Built-in, the same for every query: {files(b_first.fetched)}, "
        f"together {kb(sum(b_first.fetched.values()))} ({kb(gzip_size(builtin.site, b_first.fetched))} with gzip): "
        "the whole index, with the text of every page.",
        f"- Pagefind, per query {kb(p_bytes[0])} to {kb(p_bytes[-1])} ({kb(p_gzip[0])} to {kb(p_gzip[-1])} "
        "with gzip): always `pagefind.js`, the worker, the WebAssembly and the metadata, then only the index "
        f"chunks for the query words and one fragment per result shown (the first {batch}; the fragments of "
        "further results are fetched only when 'Toon meer resultaten' is pressed).",
        f"- Opening a page without searching: the built-in search already fetches {kb(sum(idle_b.values()))} "
        f"({kb(gzip_size(builtin.site, idle_b))} with gzip) ({files(idle_b)}); "
        f"Pagefind {kb(sum(idle_p.values()))} ({files(idle_p)}).",
        "",
        "Pagefind for 'rouw', per file:",
        "",
        "| File | Bytes | With gzip |",
        "| --- | --- | --- |",
        *breakdown,
        "",
        "## The first three results",
        "",
        "| Query | Built-in | Pagefind |",
        "| --- | --- | --- |",
        *tops,
        "",
        *(["## Errors", "", *errors, ""] if errors else []),
        "## Conclusion",
        "",
        CONCLUSION,
        "",
    ])


CONCLUSION = """\
We keep **Pagefind**, for what it finds. It stems Dutch word forms: aanvragen finds the pages that say
'aanvraag', driegesprekken finds the approach with the driegesprek, lotgenoot finds the approach with
lotgenoten. The built-in search does load lunr's Dutch language file, but mkdocs-material puts a wildcard
after every query word and lunr skips the stemmer for such words: a form longer than the word in the text
(aanvragen, driegesprekken, werkervaringsplaatsen) or a different form (lotgenoot for 'lotgenoten') does not
find the page. With weights on the names of working elements (10) and context factors (5), searching for the
name of any working element puts an approach that names it in the top 3, usually right after the overview of
working elements, which links to every approach with that element; without those weights that fails for
'Intervisie' and 'Werkervaringsplaats'.

On bytes neither wins outright on a site this small. As served here, without HTTP compression, a Pagefind
search downloads a little less than the built-in search until the first results show (about 200 to
245 kB against 232 kB; less for 19 of the 20 queries), because the search page fetches the fragments of only
the first 8 results. With gzip, as most web servers send it, Pagefind downloads two to three times as much
(about 140 to 180 kB against 61 kB): its WebAssembly, index chunks and fragments are already compressed, and
its fixed part alone (WebAssembly, script, worker and metadata, about 96 kB) is larger than the whole
compressed built-in index. But the built-in search fetches its index on the first page view, even when
nobody searches, and that index holds the text of every page, so it grows with every approach; Pagefind
loads only on the search page and only the parts the query needs (`benchmarks/run.py` measures that for 10
to 5,000 approaches).

The search box stays in the header (`templates/overrides/partials/header.html`) and leads to `zoeken/`.
The browser tests `tests/browser/test_browser_search.py` and `tests/browser/test_browser_search_quality.py`
hold on to the main results of this table: 'rouw' gives the grief approach first, word forms find the page
with the other form, and for the name of every working element an approach that names it is in the top 3."""


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
        engines = [Engine("built-in", builtin_site, search_builtin), Engine("Pagefind", ours, search_pagefind),
                   Engine("without weights", unweighted, search_pagefind)]
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
