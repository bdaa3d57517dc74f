"""Lighthouse on one page of each kind, the way a visitor on a phone meets the site.

Builds the site (the real content, or the benchmark corpus with `--corpus N`), serves it on
127.0.0.1 with gzip as any real host would, and runs Lighthouse 12 (npm, pinned in package.json) with
its mobile defaults (simulated slow 4G and a 4x slower CPU) in Debian's Chromium, three times per page.
Writes the median score per category, the metrics behind the performance score and every audit that
did not pass to `benchmarks/LIGHTHOUSE.md`.

    .venv/bin/python benchmarks/lighthouse.py                 # the real site, 3 runs per page
    .venv/bin/python benchmarks/lighthouse.py --runs 1 --only aanpak,overzicht
    .venv/bin/python benchmarks/lighthouse.py --corpus 1000   # the benchmark corpus at N = 1,000
    .venv/bin/python benchmarks/lighthouse.py --reports DIR   # keep the JSON reports;
    .venv/bin/python benchmarks/lighthouse.py --from-reports DIR   # ... and write the table from them again

Scores are only comparable from the same machine under the same load: on a shared machine the
performance score moves by a few points from run to run, hence the median of three.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.checks import CHROMIUM, CHROMIUM_ARGS, QuietHandler, serve_directory  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
METRICS = [("first-contentful-paint", "FCP"), ("largest-contentful-paint", "LCP"),
           ("total-blocking-time", "TBT"), ("cumulative-layout-shift", "CLS"), ("speed-index", "SI")]

# (name, path): one page of every kind a visitor meets. Approaches of the real site; the benchmark
# corpus contains the same four real approaches, so the paths hold there too.
PAGES = [
    ("home", ""),
    ("overzicht", "aanpakken/"),
    ("aanpak", "aanpakken/rouw-bij-baanverlies/"),
    ("thema", "themas/rouwverwerking/"),
    ("werkzame-elementen", "werkzame-elementen/"),
    ("proces", "proces/"),
    ("zoekresultaten", "zoeken/?q=rouw"),
    ("vergelijk", "vergelijk/?aanpak=rouw-bij-baanverlies&aanpak=eigen-regie-en-online-trainingen"),
    ("begrippen", "begrippen/"),
]

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".mjs", ".pf_meta")


class GzipHandler(QuietHandler):
    """A static file server that sends text files gzip-compressed when the browser asks for it,
    and tells the browser it may keep the theme's and Pagefind's fingerprinted files."""

    cache: dict[str, bytes] = {}

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()
            path = os.path.join(path, "index.html")
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        body = self.cache.get(path)
        if body is None:
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6)
            self.cache[path] = body
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None


def build(project: Path, site: Path) -> None:
    subprocess.run([str(ROOT / ".venv" / "bin" / "gereedschapskist"), "--project", str(project), "build",
                    "--site", str(site)], check=True, cwd=project, stdout=subprocess.DEVNULL)


def lighthouse(url: str, out: Path) -> dict:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run([str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
                    f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={flags}"],
                   check=True, env=env, cwd=ROOT)
    return json.loads(out.read_text(encoding="utf-8"))


def summarise(report: dict) -> dict:
    scores = {c: round(report["categories"][c]["score"] * 100) for c in CATEGORIES}
    metrics = {key: report["audits"][key]["numericValue"] for key, _ in METRICS}
    failed = {}
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight", 0) and ref["id"] not in dict(METRICS) and audit["score"] is not None and audit["score"] < 1 \
                    and audit["scoreDisplayMode"] in ("binary", "numeric", "metricSavings"):
                failed[ref["id"]] = audit["title"]
    long_tasks = [t for t in report["audits"].get("long-tasks", {}).get("details", {}).get("items", [])]
    return {"scores": scores, "metrics": metrics, "failed": failed,
            "benchmark": report["environment"].get("benchmarkIndex") or 0,
            "long_tasks": [(t.get("url", ""), round(t["duration"])) for t in long_tasks]}


def median_run(runs: list[dict]) -> dict:
    """Median score per category and median metric over the runs; audits failing in any run."""
    result = {"scores": {c: int(statistics.median(r["scores"][c] for r in runs)) for c in CATEGORIES},
              "metrics": {k: statistics.median(r["metrics"][k] for r in runs) for k, _ in METRICS},
              "all_scores": {c: [r["scores"][c] for r in runs] for c in CATEGORIES},
              "benchmark": statistics.median(r["benchmark"] for r in runs),
              "failed": {}, "long_tasks": max((r["long_tasks"] for r in runs), key=len)}
    for r in runs:
        result["failed"].update(r["failed"])
    return result


def metric(key: str, value: float) -> str:
    if key == "cumulative-layout-shift":
        return f"{value:.3f}"
    return f"{value:.0f} ms" if key == "total-blocking-time" else f"{value / 1000:.1f} s"


def report(results: dict[str, dict], command: str, runs: int, corpus: int | None,
           when: str | None = None) -> str:
    load = "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg()) + " at the end"
    if when:  # written again from kept reports: the time of the runs, the load then unknown
        load = "load average not recorded (see CPU)"
    when = when or f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC"
    version = json.loads((ROOT / "node_modules" / "lighthouse" / "package.json").read_text())["version"]
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    lines = [
        "# Lighthouse: one page of each kind",
        "",
        f"Made by `{command}` on {when}: Lighthouse {version}, "
        f"{chromium}, mobile defaults (simulated slow 4G, 4x CPU slowdown), site served with gzip on "
        f"127.0.0.1; {'the benchmark corpus at N = ' + format(corpus, ',') if corpus else 'the real site'}. "
        f"Median of {runs} run{'s' if runs != 1 else ''} per page; {os.cpu_count()} cores "
        f"({platform.machine()}), {load}. The machine is shared: the performance "
        "score moves by a few points between runs; the other three categories do not depend on timing.",
        "",
        "Targets: performance at least 95; accessibility, best practices and SEO 100. *CPU* is Lighthouse's "
        "`benchmarkIndex` of the machine during the runs (median): below 1000 Lighthouse itself warns that the "
        "host is slower than its 4x CPU slowdown assumes, and the performance score comes out too low.",
        "",
        "| page | performance | accessibility | best practices | SEO | " + " | ".join(n for _, n in METRICS) + " | CPU |",
        "| --- | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in METRICS) + " | ---: |",
    ]
    for name, path in PAGES:
        if name not in results:
            continue
        r = results[name]
        cells = []
        for c in CATEGORIES:
            score = r["scores"][c]
            mark = "" if score >= TARGETS[c] else " ✗"
            spread = r["all_scores"][c]
            extra = f" ({min(spread)}–{max(spread)})" if len(set(spread)) > 1 else ""
            cells.append(f"{score}{extra}{mark}")
        lines.append(f"| {name} (`/{path}`) | " + " | ".join(cells) + " | "
                     + " | ".join(metric(k, r["metrics"][k]) for k, _ in METRICS) + f" | {r['benchmark']:.0f} |")
    lines += ["", "✗ below target; a range in brackets is the spread over the runs.", ""]
    failed = {name: r["failed"] for name, r in results.items() if r["failed"]}
    lines += ["## Audits that did not pass (the metrics are in the table)", ""]
    if not failed:
        lines.append("None: every scored audit passed on every page in every run.")
    for name, audits in failed.items():
        lines.append(f"- {name}: " + "; ".join(f"`{k}` ({v})" for k, v in sorted(audits.items())))
    tasks = {name: r["long_tasks"] for name, r in results.items() if r["long_tasks"]}
    lines += ["", "## Long main-thread tasks (Lighthouse's `long-tasks` diagnostic, worst run)", ""]
    if not tasks:
        lines.append("None over 50 ms on any page.")
    for name, items in tasks.items():
        lines.append(f"- {name}: " + ", ".join(f"{d} ms ({url.rsplit('/', 1)[-1] or url or 'unattributed'})"
                                               for url, d in items[:6]))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (default 3; the median counts)")
    parser.add_argument("--only", default="", help="comma-separated page names, e.g. aanpak,overzicht")
    parser.add_argument("--corpus", type=int, default=0, help="build the benchmark corpus of N approaches instead")
    parser.add_argument("--site", type=Path, help="use this built site instead of building one")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "LIGHTHOUSE.md")
    parser.add_argument("--reports", type=Path, help="keep Lighthouse's JSON reports in this directory")
    parser.add_argument("--from-reports", type=Path, metavar="DIR",
                        help="run nothing: write the table from the JSON reports an earlier --reports kept")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        parser.error("Lighthouse ontbreekt: draai scripts/setup.sh")
    pages = [p for p in PAGES if not args.only or p[0] in args.only.split(",")]
    command = "python benchmarks/lighthouse.py" + (" " + " ".join(argv if argv is not None else sys.argv[1:])).rstrip()
    if args.from_reports:
        results, times = {}, []
        for name, _ in pages:
            kept = [json.loads(f.read_text(encoding="utf-8")) for f in sorted(args.from_reports.glob(f"{name}-*.json"))]
            times += [k["fetchTime"] for k in kept]
            runs = [summarise(k) for k in kept]
            if runs:
                results[name] = median_run(runs)
                args.runs = len(runs)
        when = f"{min(times)[:16].replace('T', ' ')} to {max(times)[11:16]} UTC" if times else None
        text = report(results, command, args.runs, args.corpus or None, when)
        args.output.write_text(text, encoding="utf-8")
        print(text)
        return 0
    with tempfile.TemporaryDirectory(prefix="gk-lighthouse-") as tmp:
        work = Path(tmp)
        site = args.site
        if site is None:
            project = ROOT
            if args.corpus:
                from benchmarks.corpus import make_project
                project = make_project(work / "project", args.corpus)
            site = work / "site"
            print(f"bouwen: {project}", file=sys.stderr)
            build(project, site)
        reports = args.reports or work / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        results: dict[str, dict] = {}
        with serve_directory(site, GzipHandler) as base:
            for name, path in pages:
                runs = []
                for i in range(args.runs):
                    data = lighthouse(base + path, reports / f"{name}-{i + 1}.json")
                    runs.append(summarise(data))
                    print(f"{name} run {i + 1}: {runs[-1]['scores']}", file=sys.stderr)
                results[name] = median_run(runs)
    text = report(results, command, args.runs, args.corpus or None)
    args.output.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
