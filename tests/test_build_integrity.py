"""Nothing is lost and nothing is half done: data errors that only the whole collection shows, atomic
builds (a failed or interrupted build leaves the previous site/ byte for byte), and reproducible
builds (the same commit gives the same bytes).

Builds run through the real command line in subprocesses, on copies of the project in temporary
directories. The interrupt tests build a project of 60 generated approaches, large enough that the
build takes a few seconds, and signal it once it has started writing pages.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import copy_project

from generator import build
from generator.paths import Project
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent
COMMIT_DATE = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
SITE_URL = "https://gereedschapskist.example/"
REAL = "rouw-bij-baanverlies"


def build_env(**extra: str) -> dict[str, str]:
    """The environment of a build: no SOURCE_DATE_EPOCH (the build must find its own) and a site URL,
    so that sitemap.xml lists every page with a date."""
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH" and not k.startswith("GIT_")}
    env["GEREEDSCHAPSKIST_SITE_URL"] = SITE_URL
    env.update(extra)
    return env


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(root), "build", "-q", *args],
                          capture_output=True, text=True, check=False, env=env or build_env())


def snapshot(site: Path) -> dict[str, str]:
    """Every file (and directory) under `site` with the SHA-256 of its bytes."""
    result = {}
    for path in sorted(site.rglob("*")):
        key = path.relative_to(site).as_posix()
        result[key] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<map>"
    return result


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir() if p.name.startswith((".site-bouw-", ".site-oud-")))


def git(root: Path, *args: str) -> None:
    stamp = COMMIT_DATE.isoformat()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.nl", GIT_COMMITTER_NAME="Test",
               GIT_COMMITTER_EMAIL="test@example.nl", GIT_AUTHOR_DATE=stamp, GIT_COMMITTER_DATE=stamp,
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, env=env)


@pytest.fixture(scope="module")
def committed(tmp_path_factory) -> Path:
    """A copy of the project committed to its own git repository, built once into its site/."""
    root = copy_project(tmp_path_factory.mktemp("integriteit") / "project")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Bronnen")
    result = run_build(root, "--strict")
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture(scope="module")
def rebuilt(committed, tmp_path_factory) -> Path:
    """The same commit built a second time, a little later, into another directory."""
    time.sleep(1.1)  # a timestamp with a resolution of seconds would now differ
    site = tmp_path_factory.mktemp("tweede") / "site"
    result = run_build(committed, "--strict", "--site", str(site))
    assert result.returncode == 0, result.stderr
    return site


# ------------------------------------------------------------------------------------------------
# Reproducible output
# ------------------------------------------------------------------------------------------------


def test_two_builds_of_the_same_commit_are_byte_identical(committed, rebuilt):
    first, second = snapshot(committed / "site"), snapshot(rebuilt)
    assert len(first) > 100
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_sitemap_dates_are_the_commit_date_not_the_build_date(committed):
    sitemap = (committed / "site" / "sitemap.xml").read_text(encoding="utf-8")
    dates = set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap))
    assert dates == {COMMIT_DATE.date().isoformat()}
    assert sitemap.count("<loc>") > 20


def test_the_compressed_sitemap_carries_the_commit_date_in_its_header(committed):
    raw = (committed / "site" / "sitemap.xml.gz").read_bytes()
    assert raw[:2] == b"\x1f\x8b"
    # MkDocs stamps the gzip header with the newest page date, at midnight UTC
    midnight = dt.datetime.combine(COMMIT_DATE.date(), dt.time(), tzinfo=dt.timezone.utc)
    assert struct.unpack("<I", raw[4:8])[0] == int(midnight.timestamp())
    assert gzip.decompress(raw) == (committed / "site" / "sitemap.xml").read_bytes()


def test_outside_git_the_build_time_is_the_newest_source_files_time(tmp_path):
    root = copy_project(tmp_path / "project")
    old, new = 1_700_000_000, 1_750_000_000
    for path in root.rglob("*"):
        os.utime(path, (old, old))
    os.utime(root / "approaches" / f"{REAL}.yml", (new, new))
    assert build.source_date_epoch(Project(root)) == new


def test_in_git_the_build_time_is_the_last_commits_time(committed):
    assert build.source_date_epoch(Project(committed)) == int(COMMIT_DATE.timestamp())


# ------------------------------------------------------------------------------------------------
# A failed build leaves the previous site
# ------------------------------------------------------------------------------------------------


def test_a_successful_build_leaves_nothing_beside_the_site_and_a_readable_site(committed, rebuilt):
    assert leftovers(committed) == [] and leftovers(rebuilt.parent) == []
    umask = os.umask(0)
    os.umask(umask)
    assert (committed / "site").stat().st_mode & 0o777 == 0o777 & ~umask


@pytest.fixture
def previous(committed, tmp_path) -> Path:
    """A copy of the committed project with its built site: the 'previous site' a build may not harm."""
    root = tmp_path / "project"
    shutil.copytree(committed, root, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    return root


def test_a_build_with_bad_data_leaves_the_previous_site_byte_identical(previous):
    before = snapshot(previous / "site")
    path = previous / "approaches" / f"{REAL}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nstatus: ", "\nstatus: [niet gesloten\n#"),
                    encoding="utf-8")
    result = run_build(previous)
    assert result.returncode == 1
    assert f"approaches/{REAL}.yml:" in result.stderr and "Traceback" not in result.stderr
    assert "Er is niets gebouwd; de vorige website is niet aangeraakt." in result.stderr
    assert snapshot(previous / "site") == before
    assert leftovers(previous) == []


TEMPLATE_ERRORS = {
    "undefined value": ("templates/pages/aanpak.html.j2", ">Voor werkgevers</h2>",
                        ">Voor werkgevers {{ bestaat.niet }}</h2>"),
    "syntax error": ("templates/pages/term.html.j2", "<h1 ", "{% if %}\n<h1 "),
    "theme template": ("templates/overrides/main.html", "{% block content %}",
                       "{% block content %}{{ page.bestaat_niet.echt_niet() }}"),
}


@pytest.mark.parametrize("kind", list(TEMPLATE_ERRORS))
def test_a_template_error_leaves_the_previous_site_byte_identical(previous, kind):
    relative, old, new = TEMPLATE_ERRORS[kind]
    path = previous / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = snapshot(previous / "site")
    result = run_build(previous)
    assert result.returncode == 1, result.stderr
    assert "fout in een sjabloon" in result.stderr and Path(relative).name in result.stderr
    assert "De vorige website is niet aangeraakt." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(previous / "site") == before
    assert leftovers(previous) == []


# ------------------------------------------------------------------------------------------------
# An interrupted build leaves the previous site
# ------------------------------------------------------------------------------------------------

COPIES = 60


@pytest.fixture(scope="module")
def large(committed, tmp_path_factory) -> Path:
    """The project with COPIES more approaches, and the committed project's site as its site/."""
    root = copy_project(tmp_path_factory.mktemp("groot") / "project")
    text = (root / "approaches" / f"{REAL}.yml").read_text(encoding="utf-8")
    for i in range(COPIES):
        copy = re.sub(r"^titel: .*$", f"titel: Kopie {i:03d} van een aanpak", text, count=1, flags=re.M)
        (root / "approaches" / f"kopie-{i:03d}.yml").write_text(copy, encoding="utf-8")
    shutil.copytree(committed / "site", root / "site")
    return root


def _default_signals() -> None:
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signal.signal(getattr(signal, name), signal.SIG_DFL)


def interrupt(root: Path, signum: int) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Start a build, signal it once it has written a page into its staging directory, and wait."""
    before = set(leftovers(root))
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "--project", str(root), "build", "-q"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=build_env(),
                               preexec_fn=_default_signals)
    deadline = time.monotonic() + 900
    signalled = False
    staging_seen: list[str] = []
    while process.poll() is None and time.monotonic() < deadline:
        new = [name for name in leftovers(root) if name not in before]
        if new and next((root / new[0]).rglob("index.html"), None) is not None:
            staging_seen = new
            process.send_signal(signum)
            signalled = True
            break
        time.sleep(0.01)
    stdout, stderr = process.communicate(timeout=300)
    assert signalled, f"the build ended before it could be interrupted:\n{stderr}"
    return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr), staging_seen


@pytest.mark.parametrize("name", ["SIGINT", "SIGTERM"])
def test_a_build_stopped_midway_cleans_up_and_leaves_the_previous_site_byte_identical(large, name):
    signum = getattr(signal, name)
    before = snapshot(large / "site")
    result, staging = interrupt(large, signum)
    assert staging and staging[0].startswith(".site-bouw-")
    assert result.returncode == 128 + signum, result.stderr
    assert "Bouwen afgebroken; de vorige website is niet aangeraakt." in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(large / "site") == before
    assert leftovers(large) == []


def test_a_build_killed_midway_leaves_the_previous_site_and_the_next_build_removes_its_leftovers(large):
    before = snapshot(large / "site")
    result, staging = interrupt(large, signal.SIGKILL)
    assert result.returncode == -signal.SIGKILL
    # the build's own process, which writes the pages, was killed with it (it would otherwise have gone
    # on to write every page, holding the output open meanwhile)
    written = sum(1 for _ in (large / staging[0]).rglob("index.html"))
    assert written < sum(1 for _ in (large / "site").rglob("index.html"))
    assert snapshot(large / "site") == before
    assert leftovers(large) == staging, "a killed build cannot clean up; its staging directory stays"
    # The next build removes them, even when it fails itself (here on a broken template)
    template = large / "templates" / "pages" / "aanpak.html.j2"
    original = template.read_text(encoding="utf-8")
    template.write_text(original + "{{ bestaat.niet }}\n", encoding="utf-8")
    try:
        result = run_build(large)
    finally:
        template.write_text(original, encoding="utf-8")
    assert result.returncode == 1 and "fout in een sjabloon" in result.stderr
    assert leftovers(large) == []
    assert snapshot(large / "site") == before


def test_leftovers_of_running_builds_are_kept_and_those_of_dead_ones_removed(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead = int(finished.stdout)
    site = tmp_path / "site"
    site.mkdir()
    for name in (f".site-bouw-{dead}-abc", f".site-bouw-{os.getpid()}-def", f".site-oud-{dead}-site",
                 ".site-bouw-zonderpid"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "index.html").write_text("x", encoding="utf-8")
    removed = build.remove_leftovers(site)
    assert sorted(p.name for p in removed) == sorted([f".site-bouw-{dead}-abc", f".site-oud-{dead}-site",
                                                      ".site-bouw-zonderpid"])
    assert leftovers(tmp_path) == [f".site-bouw-{os.getpid()}-def"]


def test_a_site_moved_aside_by_a_build_killed_mid_swap_is_put_back(tmp_path):
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    retired = tmp_path / f".site-oud-{int(finished.stdout)}-site"
    retired.mkdir()
    (retired / "index.html").write_text("vorige site", encoding="utf-8")
    build.remove_leftovers(tmp_path / "site")
    assert (tmp_path / "site" / "index.html").read_text(encoding="utf-8") == "vorige site"
    assert leftovers(tmp_path) == []


# ------------------------------------------------------------------------------------------------
# Data integrity across files
# ------------------------------------------------------------------------------------------------


@pytest.fixture
def data(tmp_path) -> Path:
    """The real vocabulary and approaches, without site, pages or templates: enough to validate."""
    root = tmp_path / "data"
    shutil.copytree(ROOT / "approaches", root / "approaches")
    shutil.copy2(ROOT / "vocabulaire.yml", root / "vocabulaire.yml")
    (root / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    return root


def errors_of(root: Path) -> list:
    return load_project(Project(root)).diagnostics.errors


def line_of(path: Path, pattern: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.match(pattern, line))


def test_the_real_data_has_no_errors(data):
    assert errors_of(data) == []


@pytest.mark.parametrize("title", [None, "ROUW bij (dreigend) baanverlies, in het tweede spoor!"])
def test_two_approaches_with_the_same_title_are_an_error_naming_both_files_and_lines(data, title):
    original = data / "approaches" / f"{REAL}.yml"
    text = original.read_text(encoding="utf-8")
    if title:
        original.write_text(re.sub(r"^titel: .*$", f"titel: {title}", text, count=1, flags=re.M), encoding="utf-8")
        assert re.search(r"^titel: Rouw bij \(dreigend\) baanverlies in het tweede spoor$", text, re.M)
    copy = data / "approaches" / "rouw-nog-een-keer.yml"
    copy.write_text(text, encoding="utf-8")
    problems = errors_of(data)
    assert [(p.file, p.line, p.path) for p in problems] == [
        ("approaches/rouw-nog-een-keer.yml", line_of(copy, "titel:"), "titel")]
    assert f"approaches/{REAL}.yml:{line_of(original, 'titel:')}" in problems[0].message


@pytest.mark.parametrize("name", ["Rouw-bij-baanverlies.yml", "rouw-bij--baanverlies.yml", "rouw_bij_baanverlies.yml",
                                  "Rouw bij baanverlies.yml", "rouw-bij-baanverlies-.yml", "rouw-bij-baanverlies.yaml"])
def test_a_file_name_that_collides_with_another_after_normalising_names_both_files(data, name):
    shutil.copy2(data / "approaches" / f"{REAL}.yml", data / "approaches" / name)
    problems = errors_of(data)
    assert [(p.file, p.line, p.column) for p in problems] == [(f"approaches/{name}", 1, 1)]
    assert f"approaches/{REAL}.yml" in problems[0].message


def test_a_file_name_that_is_not_a_slug_gets_the_name_to_use(data):
    (data / "approaches" / f"{REAL}.yml").rename(data / "approaches" / "Rouw bij Baanverlies.yml")
    problems = [p for p in errors_of(data) if p.path != "gerelateerd" and not p.path.startswith("gerelateerd[")]
    assert [(p.file, p.line) for p in problems] == [("approaches/Rouw bij Baanverlies.yml", 1)]
    assert "geen geldige slug" in problems[0].message and f"'{REAL}.yml'" in problems[0].hint


def test_a_badly_named_file_is_still_checked_so_every_error_shows_in_one_run(data):
    path = data / "approaches" / f"{REAL}.yml"
    text = path.read_text(encoding="utf-8").replace("  - rouwverwerking\n", "  - rouwverwerkin\n", 1)
    path.unlink()
    (data / "approaches" / "Rouw.yml").write_text(text, encoding="utf-8")
    problems = [p for p in errors_of(data) if p.file == "approaches/Rouw.yml"]
    assert [p.path for p in problems] == ["", "themas[0]"]


def test_a_related_approach_that_does_not_exist_is_an_error_with_a_suggestion(data):
    path = data / "approaches" / f"{REAL}.yml"
    text = path.read_text(encoding="utf-8")
    assert "\n  - eigen-regie-en-online-trainingen\n" in text
    path.write_text(text.replace("\n  - eigen-regie-en-online-trainingen\n", "\n  - eigen-regie-online-trainingen\n"),
                    encoding="utf-8")
    problems = errors_of(data)
    assert [(p.file, p.line, p.column, p.path) for p in problems] == [
        (f"approaches/{REAL}.yml", line_of(path, "  - eigen-regie-online-trainingen"), 5, "gerelateerd[0]")]
    assert "approaches/eigen-regie-online-trainingen.yml" in problems[0].message
    assert "eigen-regie-en-online-trainingen" in problems[0].hint


@pytest.mark.parametrize("term, hint", [("rouwverwerkin", "bedoelde u 'rouwverwerking'?"),
                                        ("kunstmatige-intelligentie", "vocabulaire.yml")])
def test_a_vocabulary_term_that_is_not_defined_is_an_error_at_its_place(data, term, hint):
    path = data / "approaches" / f"{REAL}.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("  - rouwverwerking\n", f"  - {term}\n", 1),
                    encoding="utf-8")
    problems = errors_of(data)
    assert [(p.line, p.column) for p in problems] == [(line_of(path, f"  - {term}$"), 5)]
    assert problems[0].path.startswith("themas[") and f"'{term}' is geen bekend thema" in problems[0].message
    assert hint in problems[0].hint
