"""Benchmark the gereedschapskist from 10 to 5,000 approaches.

    .venv/bin/python benchmarks/run.py                  # N = 10, 100, 1000, 5000; writes benchmarks/RESULTS.md
    .venv/bin/python benchmarks/run.py --sizes 10,100   # a quick run
    .venv/bin/python benchmarks/run.py --profile        # cProfile of the build at N = 1000, ours vs theirs

For each N a full project copy with a synthetic corpus (benchmarks/corpus.py) is made in a temporary
directory, then measured:

- validate: load + validate every file (generator.validate.load_project), in a fresh process; and the
  `gereedschapskist validate` command twice: cold (an empty cache home, so every file is checked) and
  warm (the checks kept by the cold run, after one approach file's text changed);
- generate: the generator alone (generator.pipeline.generate: load, validate, catalog, render);
- build: `gereedschapskist build` as a subprocess (MkDocs + theme + our hook + Pagefind), wall time and
  peak resident memory (the largest process of the build, via getrusage(RUSAGE_CHILDREN));
- Pagefind alone: the search indexer run again on the built site, to show its share;
- sizes: the whole site, approach pages (median, largest), the pages that list every approach,
  the Pagefind index;
- first search result: headless Chromium opens /zoeken/?q=rouw on a local static server and we add up
  every response under /pagefind/ until the results are on screen;
- plain MkDocs: `gereedschapskist export` then `mkdocs build` of the exported tree without our hook,
  with MkDocs' built-in `search` plugin (lang nl), for the overhead ratio and the size of the
  search_index.json that built-in search downloads whole;
- serve (at N = 100): `gereedschapskist serve`, edit one approach, time until the new text is served.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import http.server
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import make_project  # noqa: E402
from benchmarks.reference import make_reference  # noqa: E402
from tests.browser.checks import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

PYTHON = sys.executable
BIN = Path(PYTHON).parent
QUERY = "rouw"

# Targets of issues 8 and 14 (shown by the benchmark, never asserted by tests).
TARGET_GROWTH = 5.5          # build time and site size, 1,000 -> 5,000 approaches
TARGET_OWN_SHARE = 0.10      # load + validate + render, share of the full build at 1,000
TARGET_VALIDATE_S = 2.0      # validate 1,000 approaches
TARGET_MEDIAN_PAGE = 30 * 1024
TARGET_SEARCH_BYTES = 1024 * 1024  # at 5,000
# Targets of issue 14
TARGET_MEMORY_KB = 1024 * 1024  # peak memory of the build at 5,000
TARGET_PAGE_BYTES = 500 * 1024  # no HTML page larger at 1,000
TARGET_SERVE_S = 2.0            # saved approach served again at N = 100

GENERATOR_PROBE = r"""
import json, sys, time
from pathlib import Path
from generator import pipeline
from generator.build import load_mkdocs_config
from generator.catalog import build_catalog
from generator.paths import Project
from generator.packed import Packed
from generator.render import PackedPage, render_site
from generator.validate import load_project

def size(made):  # bytes of a generated page or file, as written
    return made.size if isinstance(made, Packed) else made.body.size if isinstance(made, PackedPage) else len(made.encode())

project = Project(Path(sys.argv[1]))
repeat = int(sys.argv[2])
settings = pipeline.settings_from_config(load_mkdocs_config(project))
times = {"validate": [], "render": [], "generate": [], "validate_cpu": [], "generate_cpu": []}
for _ in range(repeat):
    start, cpu = time.perf_counter(), time.process_time()
    loaded = load_project(project)
    times["validate"].append(time.perf_counter() - start)
    times["validate_cpu"].append(time.process_time() - cpu)
    start = time.perf_counter()
    render_site(build_catalog(loaded), project.page_templates_dir, settings)
    times["render"].append(time.perf_counter() - start)
    pipeline._last.clear()  # generate() from scratch, as in a fresh build
    start, cpu = time.perf_counter(), time.process_time()
    generated = pipeline.generate(project, settings)
    times["generate"].append(time.perf_counter() - start)
    times["generate_cpu"].append(time.process_time() - cpu)
print(json.dumps({
    **{key: min(values) for key, values in times.items()},
    "errors": len(loaded.diagnostics.errors), "warnings": len(loaded.diagnostics.warnings),
    "pages": len(generated.pages), "markdown_bytes": sum(size(t) for t in generated.pages.values()),
}))
"""

INDEX_PROBE = r"""
import sys
from pathlib import Path
from generator.search import index_site
index_site(Path(sys.argv[1]))
"""

PROFILE_PROBE = r"""
import cProfile, sys
from generator.cli import main
cProfile.run("main(['--project', sys.argv[1], 'build', '--site', sys.argv[2], '-q'], standalone_mode=False)",
             sys.argv[3])
"""


# --------------------------------------------------------------------------------------------- helpers


def _tree_rss_kb(root: int) -> int:
    """Resident memory (KB) of every descendant of process `root`, added up, from /proc."""
    return _tree_memory_kb(root)[0]


def _tree_memory_kb(root: int) -> tuple[int, int]:
    """(RSS, PSS) in KB of every descendant of process `root`, each added up, from /proc.

    RSS counts a page shared by two processes (a library both map) in both; PSS (proportional set
    size, /proc/<pid>/smaps_rollup) gives each its share, so the sum of PSS is what the processes
    together take from the machine. RSS is kept as the figure comparable with earlier runs.
    """
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * PAGE_KB
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    total, pss, todo = 0, 0, list(children.get(root, []))
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        pss += _pss_kb(pid)
        todo.extend(children.get(pid, []))
    return total, pss


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="utf-8") as f:
            for line in f:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


def run_measured(command: list[str], cwd: Path | None = None,
                 env: dict | None = None, pss: list[int] | None = None) -> tuple[float, int, float, int]:
    """Run a command; return (wall seconds, peak RSS in KB of its largest process, CPU seconds of all,
    peak RSS in KB of all its processes together).

    The last is the largest sum of the resident memory of the command and every process below it
    at one moment, sampled every 0.1 s (the build's Python process and Pagefind, when it runs while
    MkDocs still holds its pages, are both in memory). A list passed as `pss` gets the largest sum
    of their PSS at one moment, sampled with it.
    """
    wrapper = ("import resource, subprocess, sys, json, time\n"
               "t = time.perf_counter()\n"
               "r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
               "t = time.perf_counter() - t\n"
               "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
               "print(json.dumps({'rc': r.returncode, 't': t, 'rss': u.ru_maxrss, 'cpu': u.ru_utime + u.ru_stime,"
               " 'err': r.stderr[-3000:]}))\n")
    process = subprocess.Popen([PYTHON, "-c", wrapper, *command], cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    peak = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_pss
        while not done.wait(0.1):
            now, now_pss = _tree_memory_kb(process.pid)
            peak, peak_pss = max(peak, now), max(peak_pss, now_pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    done.set()
    sampler.join()
    if pss is not None:
        pss.append(peak_pss)
    if process.returncode != 0:
        raise RuntimeError(f"benchmark wrapper failed: {err[-2000:]}")
    result = json.loads(out)
    if result["rc"] != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({result['rc']}):\n{result['err']}")
    return result["t"], result["rss"], result["cpu"], peak


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@contextlib.contextmanager
def static_server(root: Path):
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def mb(kilobytes: float) -> str:
    return f"{kilobytes / 1024:.0f} MB"


def kb(n: float) -> str:
    if n >= 1024 * 1024:
        return f"{n / 1024 / 1024:.1f} MB"
    return f"{n / 1024:.1f} KB"


def seconds(t: float) -> str:
    return f"{t:.2f} s" if t < 10 else f"{t:.1f} s"


# --------------------------------------------------------------------------------------------- measurements


@dataclass
class Result:
    n: int
    values: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)


def fresh_cache(work: Path) -> dict[str, str]:
    """The environment of a command that must check every file: a cache home of its own, empty
    (generator/check_cache.py keeps each file's checks there between runs)."""
    return {**os.environ, "XDG_CACHE_HOME": tempfile.mkdtemp(prefix="cache-home-", dir=work)}


def change_one_approach(project: Path) -> tuple[Path, str]:
    """Change the text of one approach (its summary gets a word), as an editor does between two runs;
    return the file and its text before."""
    approach = sorted((project / "approaches").glob("[!_]*.yml"))[0]
    original = approach.read_text(encoding="utf-8")
    changed = original.replace("samenvatting: >-\n  ", "samenvatting: >-\n  Gewijzigd. ", 1)
    if changed == original:
        raise RuntimeError(f"{approach.name}: no folded samenvatting to change")
    approach.write_text(changed, encoding="utf-8")
    return approach, original


def measure_validate_cli(project: Path, work: Path) -> dict[str, Any]:
    """`gereedschapskist validate` cold (empty cache home), then warm (same home, one file changed)."""
    env = fresh_cache(work)
    command = [str(BIN / "gereedschapskist"), "--project", str(project), "validate"]
    cold, _, cold_cpu, _ = run_measured(command, cwd=project, env=env)
    approach, original = change_one_approach(project)
    try:
        warm, _, warm_cpu, _ = run_measured(command, cwd=project, env=env)
    finally:
        approach.write_text(original, encoding="utf-8")
    shutil.rmtree(env["XDG_CACHE_HOME"], ignore_errors=True)
    return {"validate_cli": cold, "validate_cli_cpu": cold_cpu,
            "validate_cli_warm": warm, "validate_cli_warm_cpu": warm_cpu}


def measure_generator(project: Path, n: int) -> dict[str, Any]:
    repeat = 2 if n <= 1000 else 1
    # in process and from scratch every time: no file checks kept between the repetitions
    env = {**os.environ, "GEREEDSCHAPSKIST_CACHE": "0"}
    out = subprocess.run([PYTHON, "-c", GENERATOR_PROBE, str(project), str(repeat)], capture_output=True,
                         text=True, check=False, cwd=project, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"the generator probe failed at N = {n}:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def first_search(site: Path) -> dict[str, Any]:
    """What a visitor downloads from /pagefind/ to see the results for QUERY on the search page."""
    from playwright.sync_api import sync_playwright

    sizes: dict[str, int] = {}
    with static_server(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()

            def on_response(response):
                if "/pagefind/" in response.url:
                    try:
                        sizes[response.url] = len(response.body())
                    except Exception:  # a response without body (redirect): nothing downloaded
                        sizes[response.url] = 0

            page.on("response", on_response)
            page.goto(f"{base}/zoeken/?q={QUERY}")
            page.wait_for_selector(".gk-zoeken__resultaten li", timeout=120_000)
            page.wait_for_load_state("networkidle")
            results = page.locator(".gk-zoeken__resultaten li").count()
        finally:
            browser.close()
    kinds: dict[str, int] = {}
    for url, size in sizes.items():
        name = url.split("?", 1)[0].rsplit("/", 1)[-1]
        kind = ("fragment" if "/fragment/" in url else "index" if "/index/" in url else "filter"
                if "/filter/" in url else "wasm" if name.startswith("wasm") else "meta" if name.endswith("pf_meta")
                else name)
        kinds[kind] = kinds.get(kind, 0) + size
    return {"search_bytes": sum(sizes.values()), "search_requests": len(sizes), "search_results": results,
            "search_parts": kinds}


def site_sizes(site: Path, project: Path) -> dict[str, Any]:
    slugs = [p.stem for p in (project / "approaches").glob("*.yml")]
    texts = [(site / "aanpakken" / slug / "index.html").read_bytes() for slug in slugs]
    pages = sorted(len(t) for t in texts)
    articles = [t[t.find(b"<article"):t.find(b"</article>")] for t in texts]
    tooltips = [sum(len(m) for m in re.findall(rb"<abbr[^>]*>.*?</abbr>", a, re.S)) for a in articles]
    html = {p: p.stat().st_size for p in site.rglob("*.html")}
    largest = max(html, key=html.get)

    def largest_under(*folders: str) -> str:
        pages = {p: size for p, size in html.items() if p.relative_to(site).parts[0] in folders}
        top = max(pages, key=pages.get)
        return f"{kb(pages[top])} ({top.relative_to(site).parent.as_posix()}/; {len(pages)} pages)"
    return {
        "site_bytes": tree_size(site),
        "site_files": sum(1 for p in site.rglob("*") if p.is_file()),
        "page_median": statistics.median(pages),
        "page_max": pages[-1],
        "page_gzip_median": statistics.median(len(gzip.compress(t)) for t in texts),
        "article_median": statistics.median(len(a) for a in articles),
        "tooltips_median": statistics.median(tooltips),
        "overview_bytes": (site / "aanpakken" / "index.html").stat().st_size,
        "compare_bytes": (site / "vergelijk" / "index.html").stat().st_size,
        "elements_bytes": largest_under("werkzame-elementen"),
        "factors_bytes": largest_under("contextfactoren"),
        "terms_bytes": largest_under("themas", "doelgroepen", "bewijsniveaus", "proces"),
        "largest_page": f"{largest.relative_to(site).as_posix()} ({kb(html[largest])})",
        "largest_bytes": html[largest],
        "over_limit": sorted(f"{p.relative_to(site).parent.as_posix()}/ ({kb(size)})"
                             for p, size in html.items() if size > TARGET_PAGE_BYTES),
        "pagefind_bytes": tree_size(site / "pagefind"),
    }


def plain_mkdocs(project: Path, work: Path) -> dict[str, Any]:
    """Export, then build the exported Markdown with plain MkDocs and its built-in Dutch search."""
    import yaml

    exported = work / "export"
    subprocess.run([str(BIN / "gereedschapskist"), "--project", str(project), "export", str(exported)],
                   check=True, capture_output=True, env=fresh_cache(work))
    config_file = exported / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["plugins"] = [{"search": {"lang": "nl"}}]
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    wall, rss, cpu, _ = run_measured([str(BIN / "mkdocs"), "build", "-q", "-f", str(config_file)], cwd=exported)
    index = exported / "site" / "search" / "search_index.json"
    result = {"plain_build": wall, "plain_cpu": cpu, "plain_rss_kb": rss,
              "plain_site_bytes": tree_size(exported / "site"), "mkdocs_search_bytes": index.stat().st_size,
              "mkdocs_search_gzip": len(gzip.compress(index.read_bytes()))}
    shutil.rmtree(exported, ignore_errors=True)
    return result


def reference(work: Path, pages: int) -> dict[str, Any]:
    """Plain mkdocs-material, our theme settings, `pages` ordinary 12 KB Markdown pages out of the nav."""
    config_file = make_reference(work / "reference", pages)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    wall, rss, cpu, tree = run_measured([str(BIN / "mkdocs"), "build", "-q", "-f", str(config_file)],
                                        cwd=config_file.parent, env=env)
    sizes = [p.stat().st_size for p in (config_file.parent / "docs" / "referentie").glob("*.md")]
    shutil.rmtree(work / "reference", ignore_errors=True)
    return {"ref_pages": pages, "ref_build": wall, "ref_cpu": cpu, "ref_rss_kb": rss, "ref_tree_kb": tree,
            "ref_page_median": statistics.median(sizes)}


def measure(n: int, work: Path, browser: bool = True, extras: bool = True, reference_at: int = 1000,
            generator: bool = True) -> Result:
    result = Result(n)
    project = make_project(work / f"n{n}", n)
    log(f"N={n}: corpus {kb(tree_size(project / 'approaches'))} in {project}")
    result.values["yaml_bytes"] = tree_size(project / "approaches")
    if generator:
        result.values.update(measure_generator(project, n))
        log(f"N={n}: validate {seconds(result['validate'])}, generate {seconds(result['generate'])}")
    site = project / "site"
    result.values.update(measure_validate_cli(project, work))
    log(f"N={n}: validate command cold {seconds(result['validate_cli'])}, "
        f"warm {seconds(result['validate_cli_warm'])}")
    pss: list[int] = []
    wall, rss, cpu, tree = run_measured([str(BIN / "gereedschapskist"), "--project", str(project), "build", "--site",
                                   str(site), "-q"], cwd=project, pss=pss, env=fresh_cache(work))
    result.values.update(build=wall, build_cpu=cpu, build_rss_kb=rss, build_tree_kb=tree, build_pss_kb=pss[0])
    log(f"N={n}: build {seconds(wall)} (CPU {seconds(cpu)}), peak {rss // 1024} MB (all processes {tree // 1024} MB, "
        f"PSS {pss[0] // 1024} MB)")
    if n == reference_at:
        result.values.update(reference(work, n))
        log(f"N={n}: reference, plain mkdocs-material, {n} pages: {seconds(result['ref_build'])} "
            f"(CPU {seconds(result['ref_cpu'])})")
    if not extras:
        result.values.update(site_sizes(site, project))
        if browser:
            result.values.update(first_search(site))
        return result
    pagefind_copy = work / "pagefind-probe"
    shutil.rmtree(pagefind_copy, ignore_errors=True)
    shutil.copytree(site, pagefind_copy, ignore=shutil.ignore_patterns("pagefind"))
    wall, rss, cpu, _ = run_measured([PYTHON, "-m", "pagefind", "--site", str(pagefind_copy), "--force-language",
                                      "nl", "--silent"])
    result.values.update(pagefind_whole=wall, pagefind_whole_cpu=cpu, pagefind_whole_rss_kb=rss)
    log(f"N={n}: Pagefind alone, one run on the whole site {seconds(wall)}, peak {rss // 1024} MB")
    shutil.rmtree(pagefind_copy / "pagefind", ignore_errors=True)
    wall, rss, cpu, _ = run_measured([PYTHON, "-c", INDEX_PROBE, str(pagefind_copy)], cwd=project)
    parts = len(json.loads((pagefind_copy / "pagefind" / "delen.json").read_text(encoding="utf-8"))["delen"]) + 1
    shutil.rmtree(pagefind_copy, ignore_errors=True)
    result.values.update(pagefind=wall, pagefind_cpu=cpu, pagefind_rss_kb=rss, pagefind_parts=parts)
    log(f"N={n}: Pagefind alone as the build runs it ({parts} parts) {seconds(wall)}, peak {rss // 1024} MB")
    result.values.update(site_sizes(site, project))
    if browser:
        result.values.update(first_search(site))
        log(f"N={n}: first search result for '{QUERY}': {kb(result['search_bytes'])} "
            f"in {result['search_requests']} requests")
    result.values.update(plain_mkdocs(project, work))
    log(f"N={n}: plain mkdocs build {seconds(result['plain_build'])}, "
        f"search_index.json {kb(result['mkdocs_search_bytes'])}")
    return result


def measure_serve(work: Path, n: int = 100, edits: int = 3) -> dict[str, Any]:
    """Start `gereedschapskist serve`, edit one approach, time until the page shows the new text."""
    project = work / f"serve{n}"
    if not project.exists():
        make_project(project, n)
    approach = sorted((project / "approaches").glob("*.yml"))[n // 2]
    url_path = f"/aanpakken/{approach.stem}/"
    port = free_port()
    log_file = (work / "serve.log").open("w", encoding="utf-8")
    process = subprocess.Popen([str(BIN / "gereedschapskist"), "--project", str(project), "serve", "--adres",
                                f"127.0.0.1:{port}"], cwd=project, stdout=log_file, stderr=subprocess.STDOUT,
                               env=fresh_cache(work))
    base = f"http://127.0.0.1:{port}"

    def fetch() -> str:
        try:
            with urllib.request.urlopen(base + url_path, timeout=10) as response:
                return response.read().decode("utf-8", "replace")
        except OSError:
            return ""

    timings: list[float] = []
    cpu_timings: list[float] = []
    try:
        start = time.perf_counter()
        while not fetch():
            if process.poll() is not None or time.perf_counter() - start > 600:
                raise RuntimeError("serve did not start")
            time.sleep(0.2)
        startup = time.perf_counter() - start
        time.sleep(2)  # let the watcher settle
        original = approach.read_text(encoding="utf-8")
        for i in range(edits):
            marker = f"Meetpunt{i}x{port}"
            text = original.replace("samenvatting: >-\n  ", f"samenvatting: >-\n  {marker}. ", 1)
            assert marker in text
            log_file.flush()
            builds = (work / "serve.log").read_text(encoding="utf-8").count("Documentation built")
            start, cpu = time.perf_counter(), _cpu_seconds(process.pid)
            approach.write_text(text, encoding="utf-8")
            # Wait for MkDocs to log the end of the rebuild, then ask for the page: polling the page
            # itself would make the server spend CPU time on answering (and its CPU time is measured).
            while True:
                if time.perf_counter() - start > 600:
                    raise RuntimeError("the edit never showed up")
                if (work / "serve.log").read_text(encoding="utf-8").count("Documentation built") > builds \
                        and marker in fetch():
                    break
                time.sleep(0.05)
            timings.append(time.perf_counter() - start)
            cpu_timings.append(_cpu_seconds(process.pid) - cpu)
            time.sleep(2)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log_file.close()
    # MkDocs' own account of each build ("Documentation built in 4.21 seconds"); the first is the start
    built = [float(m) for m in re.findall(r"built in ([0-9.]+) seconds", (work / "serve.log").read_text())]
    return {"serve_n": n, "serve_startup": startup, "serve_reload": statistics.median(timings),
            "serve_reloads": timings, "serve_builds": built[1:], "serve_reload_cpu": statistics.median(cpu_timings),
            "serve_reloads_cpu": cpu_timings}


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and of the children it has waited for, from /proc."""
    with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def profile(work: Path, n: int = 1000, top: int = 25) -> str:
    import pstats

    project = work / f"n{n}"
    if not (project / "approaches").exists():
        make_project(project, n)
    stats_file = work / "build.prof"
    time.sleep(2.5)  # files written this instant are never trusted to their time stamps (generator.pipeline)
    subprocess.run([PYTHON, "-c", PROFILE_PROBE, str(project), str(project / "site"), str(stats_file)], check=True,
                   cwd=project, stdout=subprocess.DEVNULL, env=fresh_cache(work))
    stats = pstats.Stats(str(stats_file))
    entries = stats.stats  # {(file, line, func): (cc, nc, tt, ct, callers)}

    def owner(filename: str) -> str:
        path = filename.replace("\\", "/")
        if "/generator/" in path or "/benchmarks/" in path:
            return "ours"
        if "/templates/pages/" in path:
            return "ours (templates)"
        if "/templates/overrides/" in path:
            return "theme (our overrides)"
        for name, label in (("/mkdocs/", "MkDocs"), ("/material/", "theme"), ("/markdown/", "Markdown"),
                            ("/pymdownx/", "Markdown"), ("/jinja2/", "Jinja2"), ("/pydantic", "pydantic"),
                            ("/yaml/", "PyYAML"), ("/babel/", "theme"), ("/watchdog/", "MkDocs")):
            if name in path:
                return label
        if path.startswith("<") or "/lib/python3" in path or path == "~":
            return "Python (standard library, subprocess wait)"
        return "other"

    total = max(ct for (_, _, _), (_, _, _, ct, _) in entries.items())
    def cumulative(file_end: str, name: str) -> float:
        return max((ct for (f, _, func), (*_, ct, _) in entries.items() if func == name and f.endswith(file_end)),
                   default=0.0)

    # load + validate (once: `build` checks first and the build reuses it), catalog, render
    generate = (cumulative("validate.py", "load_project") + cumulative("catalog.py", "build_catalog")
                + cumulative("render.py", "render_site"))
    pagefind = cumulative("search.py", "index_site")
    by_owner: dict[str, float] = {}
    for (f, _, _), (_, _, tt, _, callers) in entries.items():
        if f == "~" and callers:  # a built-in (re, str, ...): its time goes to whoever called it
            for (caller_file, _, _), caller_stats in callers.items():
                name = owner(caller_file)
                by_owner[name] = by_owner.get(name, 0.0) + caller_stats[2]
        else:
            by_owner[owner(f)] = by_owner.get(owner(f), 0.0) + tt
    lines = [f"## Profile of `gereedschapskist build` at N = {n} (cProfile)", "",
             f"Total {total:.1f} s (cProfile slows Python code down, ours and MkDocs' alike). "
             "Our generator (load, validate, catalog, render): "
             f"{generate:.1f} s ({generate / total:.0%}). Pagefind (subprocess, waited for): {pagefind:.1f} s "
             f"({pagefind / total:.0%}). MkDocs, theme and Markdown: the rest, {total - generate - pagefind:.1f} s "
             f"({(total - generate - pagefind) / total:.0%}).", "",
             "Own time by owner of the code (cProfile `tottime`; the time of built-ins such as regular "
             "expressions goes to the code that called them; Jinja2 is shared by our page templates and "
             "the theme):", "", "| Owner | Own time | Share |", "| --- | ---: | ---: |"]
    for name, tt in sorted(by_owner.items(), key=lambda kv: -kv[1]):
        lines.append(f"| {name} | {tt:.2f} s | {tt / total:.0%} |")
    for label, keep in (("our code", lambda o: o.startswith("ours")),
                        ("MkDocs, theme, Markdown and the rest", lambda o: not o.startswith("ours"))):
        rows = sorted(((tt, ct, nc, f, line, func) for (f, line, func), (_, nc, tt, ct, _) in entries.items()
                       if keep(owner(f))), reverse=True)[:top]
        lines += ["", f"Top {top} functions of {label}, by own time:", "",
                  "| Own time | Cumulative | Calls | Function |", "| ---: | ---: | ---: | --- |"]
        for tt, ct, nc, f, line, func in rows:
            short = f.split("site-packages/")[-1]
            for ours in ("/generator/", "/templates/"):  # the project copy links to this checkout's code
                if ours in short:
                    short = ours.strip("/") + "/" + short.split(ours, 1)[1]
            lines.append(f"| {tt:.2f} s | {ct:.2f} s | {nc} | `{short}:{line}({func})` |")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------------------------- report


def machine() -> str:
    cpu = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    memory = "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
    from importlib.metadata import version

    versions = ", ".join(f"{p} {version(p)}" for p in ("mkdocs", "mkdocs-material", "markdown", "pagefind"))
    return (f"{os.cpu_count()} cores ({cpu}), {memory} memory, Python {platform.python_version()}, {versions}; "
            f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC")


ROWS: list[tuple[str, str, Any]] = [
    ("Approach files (YAML)", "yaml_bytes", kb),
    ("Validate: load + validate, in process", "validate", seconds),
    ("`gereedschapskist validate` (CLI, incl. start-up), cold: empty cache, every file checked", "validate_cli",
     seconds),
    ("... warm: the checks kept by the cold run, one approach file changed", "validate_cli_warm", seconds),
    ("Render: catalog + every page and data file", "render", seconds),
    ("Generate: load, validate, catalog, render (`generate()`)", "generate", seconds),
    ("Generated pages and data files", "pages", str),
    ("**Full build** (`gereedschapskist build`, incl. Pagefind)", "build", seconds),
    ("Full build, CPU time (all processes)", "build_cpu", seconds),
    ("Pagefind alone, on the built site, as the build runs it (wall; CPU; parts)", "pagefind_both", str),
    ("... one Pagefind run on the whole site, as before (wall; CPU)", "pagefind_whole_both", str),
    ("**Peak memory of the build**, all its processes at once (sampled RSS)", "build_tree_kb", mb),
    ("... the same as PSS (shared pages counted once)", "build_pss_kb", mb),
    ("Peak memory, largest single process of the build (`ru_maxrss`)", "build_rss_kb", mb),
    ("Peak memory of Pagefind alone, on the built site, as the build runs it (largest part)", "pagefind_rss_kb", mb),
    ("... one Pagefind run on the whole site, as before", "pagefind_whole_rss_kb", mb),
    ("**Reference**: plain mkdocs-material, same theme settings, ordinary 12 KB pages out of the nav, no search",
     "ref_both", str),
    ("Full build / reference (wall; CPU)", "ref_ratio", str),
    ("Plain `mkdocs build` of the export (built-in search)", "plain_build", seconds),
    ("Plain `mkdocs build`, CPU time", "plain_cpu", seconds),
    ("Overhead: full build / plain build (wall; CPU)", "ratio", str),
    ("Our share: generate / full build (wall; CPU)", "own_share", str),
    ("**Site size**", "site_bytes", kb),
    ("Files in the site", "site_files", str),
    ("**Approach page HTML, median**", "page_median", kb),
    ("... of which the page's own content (`<article>`; the rest is theme)", "article_median", kb),
    ("... of which glossary tooltips (`<abbr title>` at every occurrence)", "tooltips_median", kb),
    ("... gzip-compressed, as sent by a web server", "page_gzip_median", kb),
    ("Approach page HTML, largest", "page_max", kb),
    ("Overview page aanpakken/ (one row per approach)", "overview_bytes", kb),
    ("Compare page vergelijk/ (one option per approach, x3)", "compare_bytes", kb),
    ("werkzame-elementen/: largest page (index of names, a page per element)", "elements_bytes", str),
    ("contextfactoren/: largest page (index of names, a page per factor)", "factors_bytes", str),
    ("Theme, target-group, evidence and process pages (phases included): largest", "terms_bytes", str),
    ("Largest HTML page", "largest_page", str),
    ("HTML pages over 500 KB", "over_limit_text", str),
    ("Pagefind index (site/pagefind/)", "pagefind_bytes", kb),
    (f"**First search result** for '{QUERY}': bytes from /pagefind/", "search_bytes", kb),
    ("... requests / results shown", "search_requests_results", str),
    ("Built-in MkDocs search: search_index.json, downloaded whole", "mkdocs_search_bytes", kb),
    ("... gzip-compressed", "mkdocs_search_gzip", kb),
]


def derive(results: list[Result]) -> None:
    for r in results:
        if "plain_build" in r.values:
            r.values["ratio"] = f"{r['build'] / r['plain_build']:.2f}x; {r['build_cpu'] / r['plain_cpu']:.2f}x"
        if "generate" in r.values:
            r.values["own_share_wall"] = r["generate"] / r["build"]
            r.values["own_share_cpu"] = r["generate_cpu"] / r["build_cpu"]
            r.values["own_share"] = f"{r['own_share_wall']:.1%}; {r['own_share_cpu']:.1%}"
        if "pagefind" in r.values:
            r.values["pagefind_both"] = (f"{seconds(r['pagefind'])}; {seconds(r['pagefind_cpu'])}; "
                                         f"{r['pagefind_parts']}")
        if "pagefind_whole" in r.values:
            r.values["pagefind_whole_both"] = f"{seconds(r['pagefind_whole'])}; {seconds(r['pagefind_whole_cpu'])}"
        r.values["over_limit_text"] = ", ".join(r["over_limit"]) or "none"
        if "ref_build" in r.values:
            r.values["ref_both"] = (f"{r['ref_pages']:,} pages: {seconds(r['ref_build'])} wall; "
                                    f"{seconds(r['ref_cpu'])} CPU; {mb(r['ref_tree_kb'])}")
            r.values["ref_ratio"] = f"{r['build'] / r['ref_build']:.2f}x; {r['build_cpu'] / r['ref_cpu']:.2f}x"
        if "search_requests" in r.values:
            r.values["search_requests_results"] = f"{r['search_requests']} / {r['search_results']}"


def table(results: list[Result]) -> str:
    header = "| | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    lines = [header, "| --- |" + " ---: |" * len(results)]
    for label, key, fmt in ROWS:
        cells = [fmt(r.values[key]) if r.get(key) is not None else "–" for r in results]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def targets(results: list[Result], serve: dict | None) -> str:
    by_n = {r.n: r for r in results}
    lines = ["| Target | Measured | Met? |", "| --- | --- | --- |"]

    def row(target: str, measured: str, ok: bool | str | None) -> None:
        verdict = ok if isinstance(ok, str) else "–" if ok is None else "yes" if ok else "**no**"
        lines.append(f"| {target} | {measured} | {verdict} |")

    if 1000 in by_n and 5000 in by_n:
        a, b = by_n[1000], by_n[5000]
        growth_t, growth_c = b["build"] / a["build"], b["build_cpu"] / a["build_cpu"]
        growth_s = b["site_bytes"] / a["site_bytes"]
        both = (growth_t <= TARGET_GROWTH, growth_c <= TARGET_GROWTH)
        row(f"1,000 → 5,000: build time grows ≤ {TARGET_GROWTH}x", f"{growth_t:.2f}x wall, {growth_c:.2f}x CPU",
            all(both) if both[0] == both[1] else f"at the limit: {'yes' if both[0] else 'no'} by wall time, "
                                                 f"{'yes' if both[1] else 'no'} by CPU time")
        row(f"1,000 → 5,000: site size grows ≤ {TARGET_GROWTH}x", f"{growth_s:.2f}x", growth_s <= TARGET_GROWTH)
    else:
        row(f"1,000 → 5,000: build time and site size grow ≤ {TARGET_GROWTH}x", "not measured (needs both sizes)",
            None)
    if 1000 in by_n and "generate" in by_n[1000].values:
        r = by_n[1000]
        row(f"Our work (load, validate, render) ≤ {TARGET_OWN_SHARE:.0%} of the build at 1,000",
            f"{r['own_share_wall']:.1%} of the wall time ({seconds(r['generate'])} of {seconds(r['build'])}); "
            f"{r['own_share_cpu']:.1%} of the CPU time ({seconds(r['generate_cpu'])} of {seconds(r['build_cpu'])})",
            max(r["own_share_wall"], r["own_share_cpu"]) <= TARGET_OWN_SHARE)
        row(f"Validate 1,000 approaches < {TARGET_VALIDATE_S:.0f} s",
            f"{seconds(r['validate'])} wall, {seconds(r['validate_cpu'])} CPU in process; "
            f"the `validate` command incl. start-up {seconds(r['validate_cli'])}",
            r["validate"] < TARGET_VALIDATE_S)
    if results:
        medians = ", ".join(f"{kb(r['page_median'])} at {r.n:,}" for r in results)
        row("Approach page HTML median ≤ 30 KB at every N", medians,
            all(r["page_median"] <= TARGET_MEDIAN_PAGE for r in results))
    if 5000 in by_n and "search_bytes" in by_n[5000].values:
        r = by_n[5000]
        row("First search result ≤ 1 MB downloaded at 5,000", kb(r["search_bytes"]),
            r["search_bytes"] <= TARGET_SEARCH_BYTES)
    else:
        largest = max((r for r in results if "search_bytes" in r.values), key=lambda r: r.n, default=None)
        if results:
            row("First search result ≤ 1 MB downloaded at 5,000",
                f"not measured at 5,000; {kb(largest['search_bytes'])} at {largest.n:,}" if largest else "not measured",
                None)
    if 1000 in by_n and "ref_build" in by_n[1000].values:
        r = by_n[1000]
        wall, cpu = r["build"] / r["ref_build"], r["build_cpu"] / r["ref_cpu"]
        row("Full build of 1,000 approaches (Pagefind included) ≤ plain mkdocs-material for 1,000 ordinary "
            "12 KB pages out of the nav, same run",
            f"{seconds(r['build'])} against {seconds(r['ref_build'])} wall ({wall:.2f}x); {seconds(r['build_cpu'])} "
            f"against {seconds(r['ref_cpu'])} CPU ({cpu:.2f}x)", wall <= 1 and cpu <= 1)
    if 5000 in by_n:
        r = by_n[5000]
        # judged by PSS: summed RSS counts the memory that forked processes share once for every process
        row("Peak memory of the build at 5,000 < 1 GB (all its processes at once, PSS)",
            f"PSS {mb(r['build_pss_kb'])} (summed RSS {mb(r['build_tree_kb'])}, which counts memory the forked "
            f"processes share in each of them); largest single process {mb(r['build_rss_kb'])}"
            + (f"; Pagefind alone {mb(r['pagefind_rss_kb'])}" if "pagefind_rss_kb" in r.values else ""),
            r["build_pss_kb"] < TARGET_MEMORY_KB)
    if 1000 in by_n:
        r = by_n[1000]
        row("No HTML page over 500 KB at 1,000", f"largest {r['largest_page']}; over 500 KB: {r['over_limit_text']}",
            not r["over_limit"])
        warm = r.get("validate_cli_warm")
        row("Validate 1,000 approaches < 2 s from the command line, start-up included",
            f"`gereedschapskist validate` cold (every file checked) {seconds(r['validate_cli'])} wall, "
            f"{seconds(r['validate_cli_cpu'])} CPU"
            + (f"; warm (checks kept by the cold run, one file changed) {seconds(warm)} wall, "
               f"{seconds(r['validate_cli_warm_cpu'])} CPU" if warm is not None else ""),
            "yes" if r["validate_cli"] < TARGET_VALIDATE_S else
            "warm only" if warm is not None and warm < TARGET_VALIDATE_S else False)
    if serve:
        row(f"`serve`: after saving one approach at N = {serve['serve_n']}, the new page is served within "
            f"{TARGET_SERVE_S:.0f} s", f"{seconds(serve['serve_reload'])} wall; the server's CPU time for it "
            f"{seconds(serve['serve_reload_cpu'])} (median of "
            + ", ".join(f"{t:.1f}" for t in serve["serve_reloads_cpu"]) + " s)",
            "yes" if serve["serve_reload"] <= TARGET_SERVE_S else
            "by CPU time only" if serve["serve_reload_cpu"] <= TARGET_SERVE_S else False)
        row(f"`serve`: edit one approach at N = {serve['serve_n']}, new page served after",
            f"{seconds(serve['serve_reload'])} (median of {len(serve['serve_reloads'])} edits: "
            + ", ".join(f"{t:.1f}" for t in serve["serve_reloads"]) + " s; of which MkDocs reports building "
            + ", ".join(f"{t:.1f}" for t in serve["serve_builds"]) + f" s; first start {seconds(serve['serve_startup'])})",
            None)
    return "\n".join(lines)


def render_report(results: list[Result], serve: dict | None, command: str, load_before: float, done: bool) -> str:
    return "\n".join([
        "# Benchmark results", "",
        f"Machine: {machine()}. Load average (1 min) {load_before:.1f} at the start and "
        f"{os.getloadavg()[0]:.1f} at the end: the machine is shared, so wall-clock times vary; CPU "
        "times (user + system, every process) vary less." + ("" if done else " **Run not finished: sizes so far.**"),
        "",
        f"Command: `.venv/bin/python benchmarks/run.py {command}`. "
        "Corpus: the real approaches plus synthetic ones derived from them (benchmarks/corpus.py); the reference: "
        "benchmarks/reference.py.", "",
        table(results) if results else "Only the serve measurement was run.", "",
        "## Targets", "",
        targets(results, serve), "",
        "First search result: every response under /pagefind/ that headless Chromium receives "
        f"for /zoeken/?q={QUERY} until the first results are listed (Pagefind's script and worker, its "
        "WebAssembly, the index chunks for the word and one fragment per result shown), served "
        "uncompressed by a plain static server (the index, fragments and WebAssembly are compressed by "
        "Pagefind itself). Parts per N: "
        + "; ".join(f"{r.n:,}: " + ", ".join(f"{k} {kb(v)}" for k, v in sorted(r['search_parts'].items()))
                    for r in results if "search_parts" in r.values) + ".", "",
    ])


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10,100,1000,5000",
                        help="comma-separated numbers of approaches ('' for the serve measurement alone)")
    parser.add_argument("--profile", action="store_true", help="profile the build at N = 1000 and stop")
    parser.add_argument("--no-browser", action="store_true", help="skip the first-search measurement")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve measurement")
    parser.add_argument("--no-generator", action="store_true",
                        help="skip the in-process timing of validate, render and generate (a quicker run)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md",
                        help="where to write the Markdown report (default: benchmarks/RESULTS.md)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and sites")
    parser.add_argument("--extras-sizes", default=None,
                        help="sizes at which the plain build of the export and Pagefind alone are measured too "
                             "(default: every size)")
    parser.add_argument("--reference-at", type=int, default=1000,
                        help="build the plain mkdocs-material reference with this many pages, in the run of this N")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="gk-benchmark-"))
    try:
        if args.profile:
            report = profile(work)
            print(report)
            return 0
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        load_before = os.getloadavg()[0]
        results: list[Result] = []
        command = " ".join(argv if argv is not None else sys.argv[1:])
        # serve first: it is small, and a long run that is stopped early still has it
        serve = None if args.no_serve else measure_serve(work)
        if serve:
            log(f"serve: new page after {seconds(serve['serve_reload'])} (CPU {seconds(serve['serve_reload_cpu'])})")
        extras = sizes if args.extras_sizes is None else [int(x) for x in args.extras_sizes.split(",") if x]
        for n in sizes:
            results.append(measure(n, work, browser=not args.no_browser, extras=n in extras,
                                   reference_at=args.reference_at, generator=not args.no_generator))
            if not args.keep:
                shutil.rmtree(work / f"n{n}", ignore_errors=True)
            derive(results)
            report = render_report(results, serve, command, load_before, done=len(results) == len(sizes))
            args.output.write_text(report, encoding="utf-8")  # after every size: a stopped run keeps its numbers
            log(f"N={n} written to {args.output}")
        if not sizes:
            report = render_report(results, serve, command, load_before, done=True)
            args.output.write_text(report, encoding="utf-8")
        print(report)
        return 0
    finally:
        if args.keep:
            log(f"projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
