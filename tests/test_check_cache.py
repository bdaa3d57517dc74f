"""The file checks kept between runs (generator/check_cache.py): a run that uses them says exactly
what a run without them says, reads again every file that may check differently, and trusts no
cache file it did not write itself.

Each run is the real command line in this process; the files read are counted at the loader, so a
test fails both when the cache gives a wrong answer and when it is not used at all.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project

from generator import check_cache, pipeline, yamlsource
from generator.cli import main
from generator.paths import Project

TODAY = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with an error in one file, a warning in another, and an error that only
    the collection shows (two approaches with the same title)."""
    root = copy_project(tmp_path / "project")
    files = approaches(root)
    edit(files[0], "status:", "samenvating: een tikfout\nstatus:")  # onbekend veld
    text = files[1].read_text(encoding="utf-8")
    files[1].write_text(re.sub(r"(?m)^bijgewerkt: .*$", "bijgewerkt: 2001-01-01", text), encoding="utf-8")  # a warning
    text = files[2].read_text(encoding="utf-8")
    title = files[3].read_text(encoding="utf-8").split("\n", 1)[0]
    files[2].write_text(title + "\n" + text.split("\n", 1)[1], encoding="utf-8")  # same title as files[3]
    return root


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache home of this test alone."""
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv(check_cache.ENVIRONMENT, raising=False)
    return home


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The approach files the loader reads, in order, for every run."""
    read: list[str] = []
    load = yamlsource.load

    def counting(path: Path, name: str):
        if name.startswith("approaches/"):
            read.append(path.name)
        return load(path, name)

    monkeypatch.setattr(yamlsource, "load", counting)
    return read


def approaches(root: Path) -> list[Path]:
    return Project(root).approach_files()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(root: Path, *args: str) -> tuple[int, str]:
    pipeline._last.clear()  # a fresh process: nothing reused from an earlier run in this one
    result = CliRunner().invoke(main, ["--project", str(root), "validate", *args],
                                env={"SOURCE_DATE_EPOCH": str(int(TODAY.timestamp()))})
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def stored(root: Path) -> dict:
    file = check_cache.cache_file(Project(root))
    with file.open("rb") as handle:
        return check_cache._deserialise(handle)


def test_a_warm_run_says_exactly_what_a_cold_run_and_a_run_without_cache_say(project, cache_home, reads):
    without = validate(project, "--geen-cache")
    assert not cache_home.exists()
    assert without[0] == 1
    lines = without[1].splitlines()
    assert any("samenvating: onbekend veld" in line for line in lines)
    assert any("titel: dezelfde titel als" in line for line in lines)
    assert any("waarschuwing: bijgewerkt" in line for line in lines)
    files = sorted(p.name for p in approaches(project))
    reads.clear()
    assert validate(project) == without  # cold: every file read, and kept
    assert sorted(reads) == files
    reads.clear()
    assert validate(project) == without  # warm: nothing read again
    assert reads == []
    assert validate(project) == without


def test_a_valid_project_gives_the_same_output_warm(tmp_path, cache_home, reads):
    root = copy_project(tmp_path / "valid")
    cold = validate(root)
    assert cold[0] == 0 and "0 fouten" in cold[1]
    reads.clear()
    assert validate(root) == cold
    assert reads == []


def test_an_edited_file_is_checked_again_and_its_new_error_shown(project, cache_home, reads):
    validate(project)
    target = approaches(project)[3]
    edit(target, "status:", "statuss: x\nstatus:")
    reads.clear()
    code, output = validate(project)
    assert reads == [target.name]  # that file alone
    assert f"approaches/{target.name}" in output and "statuss: onbekend veld" in output
    assert (code, output) == validate(project, "--geen-cache")


@pytest.mark.parametrize("change", ["vocabulary", "added", "renamed"])
def test_a_change_every_file_depends_on_checks_every_file_again(project, cache_home, reads, change):
    validate(project)
    files = approaches(project)
    if change == "vocabulary":
        edit(project / "vocabulaire.yml", "\n  goede-dialoog:\n", "\n  goed-gesprek:\n")
    elif change == "added":
        (project / "approaches" / "nieuw.yml").write_text(files[0].read_text(encoding="utf-8"), encoding="utf-8")
    else:
        files[3].rename(files[3].with_name("andere-naam.yml"))
    reads.clear()
    code, output = validate(project)
    assert sorted(reads) == sorted(p.name for p in approaches(project))
    assert (code, output) == validate(project, "--geen-cache")
    if change == "vocabulary":
        assert "'goede-dialoog' is geen bekend" in output


def test_other_code_checks_every_file_again(project, cache_home, reads, monkeypatch):
    validate(project)
    monkeypatch.setattr(check_cache, "_version", [b"another version of the generator"])
    reads.clear()
    assert validate(project) == validate(project, "--geen-cache")
    assert len(reads) == 2 * len(approaches(project))


def test_the_code_version_hashes_the_generators_own_sources(monkeypatch, tmp_path):
    first = check_cache.code_version()
    package = tmp_path / "generator"
    package.mkdir()
    source = Path(check_cache.__file__)
    (package / source.name).write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(check_cache, "__file__", str(package / source.name))
    monkeypatch.setattr(check_cache, "_version", [])
    other = check_cache.code_version()  # a package of one file: another hash
    assert other != first
    (package / "extra.py").write_text("# changed\n", encoding="utf-8")
    monkeypatch.setattr(check_cache, "_version", [])
    assert check_cache.code_version() != other


def test_entries_of_files_that_are_gone_are_dropped(project, cache_home):
    validate(project)
    gone = approaches(project)[0]
    gone.unlink()
    validate(project)
    assert sorted(stored(project)["entries"]) == sorted(p.name for p in approaches(project))


def _untrusted(project: Path, kind: str) -> None:
    file = check_cache.cache_file(Project(project))
    if kind == "garbage":
        file.write_bytes(b"\x80\x05 not a pickle at all \x00\xff" * 100)
    elif kind == "cut short":
        file.write_bytes(file.read_bytes()[: file.stat().st_size // 2])
    elif kind == "writable by others":
        file.chmod(0o666)
    elif kind == "symlink":
        real = file.with_name("elsewhere.pickle")
        file.rename(real)
        file.symlink_to(real)
    elif kind == "a wrong entry":
        data = stored(project)
        with file.open("wb") as handle:
            check_cache._serialise(handle, data["version"],
                                   ((name, key, b"garbage") for name, (key, _) in data["entries"].items()))


@pytest.mark.parametrize("kind", ["garbage", "cut short", "writable by others", "symlink", "a wrong entry"])
def test_a_cache_file_that_cannot_be_trusted_is_ignored(project, cache_home, reads, kind):
    expected = validate(project, "--geen-cache")
    validate(project)
    _untrusted(project, kind)
    reads.clear()
    assert validate(project) == expected  # no message about the cache, the right result
    assert sorted(reads) == sorted(p.name for p in approaches(project))  # every file read again


def test_a_cache_file_of_someone_else_is_ignored(project, cache_home, reads, monkeypatch):
    expected = validate(project, "--geen-cache")
    validate(project)
    uid = os.getuid()
    monkeypatch.setattr(check_cache.os, "getuid", lambda: uid + 1)
    reads.clear()
    assert validate(project) == expected
    assert len(reads) == len(approaches(project))


def test_nothing_is_written_inside_the_project(project, cache_home):
    def tree() -> dict[str, bytes]:
        return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(project.rglob("*"))
                if p.is_file()}

    before = tree()
    validate(project)
    validate(project)
    edit(approaches(project)[0], "samenvating:", "samenvattin:")
    after_edit = tree()
    validate(project)
    assert tree() == after_edit and set(after_edit) == set(before)
    assert check_cache.cache_file(Project(project)).is_file()  # it went to the cache home instead
    assert check_cache.cache_file(Project(project)).is_relative_to(cache_home)


def test_a_cache_home_inside_the_project_is_not_used(project, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(project / "cache"))
    expected = validate(project, "--geen-cache")
    assert validate(project) == expected
    assert not (project / "cache").exists()


@pytest.mark.parametrize("off", ["environment", "option"])
def test_turned_off_nothing_is_written(project, cache_home, reads, monkeypatch, off):
    if off == "environment":
        monkeypatch.setenv(check_cache.ENVIRONMENT, "0")
    args = ("--geen-cache",) if off == "option" else ()
    first = validate(project, *args)
    reads.clear()
    assert validate(project, *args) == first
    assert len(reads) == len(approaches(project))  # read again: nothing kept
    assert not cache_home.exists()


def test_a_cache_that_cannot_be_written_is_skipped_silently(project, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker / "cache"))  # mkdir fails: its parent is a file
    expected = validate(project, "--geen-cache")
    assert validate(project) == expected
    assert validate(project) == expected


def test_the_cache_directory_is_only_the_users(project, cache_home):
    validate(project)
    folder = cache_home / "gereedschapskist"
    assert folder.stat().st_mode & 0o777 == 0o700
    assert check_cache.cache_file(Project(project)).stat().st_mode & 0o077 == 0
    assert [p.name for p in folder.iterdir()] == [check_cache.cache_file(Project(project)).name]  # no temp left


def test_build_checks_through_the_same_cache(project, cache_home, reads):
    for path in approaches(project)[:3]:
        path.unlink()  # one valid approach left
    pipeline._last.clear()
    assert pipeline.check(Project(project)).ok
    assert reads and check_cache.cache_file(Project(project)).is_file()
    reads.clear()
    pipeline._last.clear()
    assert pipeline.check(Project(project)).ok
    assert reads == []
