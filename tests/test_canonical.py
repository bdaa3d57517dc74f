"""`gereedschapskist opmaak`: every approach in the layout the editor writes, with the same model.

Works on copies: the real approach files are not reformatted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import copy_project

from generator.canonical import layout
from generator.cli import main
from generator.model import Aanpak
from generator.paths import Project
from generator.pipeline import check
from generator.yamlsource import loads

ROOT = Path(__file__).resolve().parent.parent


def run(project: Path, *args: str):
    result = CliRunner().invoke(main, ["--project", str(project), *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    copy = copy_project(tmp_path_factory.mktemp("opmaak") / "project")
    (copy / "node_modules").symlink_to(ROOT / "node_modules")
    return copy


def _models(project: Path) -> dict[str, dict]:
    loaded = check(Project(project))
    assert loaded.ok, loaded.diagnostics.report()
    return {entry.slug: entry.aanpak.model_dump() for entry in loaded.sources}


def test_formatting_every_real_approach_keeps_the_model_and_is_stable(project):
    before = _models(project)
    for path in Project(project).approach_files():  # as an editor writes them by hand: with a comment
        text = path.read_text(encoding="utf-8")
        path.write_text("# yaml-language-server: $schema=../schema/aanpak.schema.json\n" + text.replace(
            "\nbronnen:\n", "\n# De publicaties waarop deze beschrijving steunt.\nbronnen:\n"), encoding="utf-8")
    texts = {p.name: p.read_text(encoding="utf-8") for p in Project(project).approach_files()}
    assert len(texts) >= 4

    result = run(project, "opmaak", "--controleer")
    assert result.exit_code == 1  # comments are not part of the layout the editor writes
    for name in texts:
        assert f"approaches/{name}: staat niet in de vaste opmaak" in result.output

    result = run(project, "opmaak")
    assert result.exit_code == 0, result.output
    assert f"{len(texts)} aanpakken bekeken: {len(texts)} opgemaakt." in result.output
    assert _models(project) == before

    for path in Project(project).approach_files():
        text = path.read_text(encoding="utf-8")
        assert text != texts[path.name] and "#" not in text.splitlines()[0]
        keys = [line.split(":", 1)[0] for line in text.splitlines() if line[:1].isalpha()]
        assert keys == [k for k in Aanpak.model_fields if k in keys]  # the form's order
    result = run(project, "opmaak", "--controleer")
    assert result.exit_code == 0, result.output
    assert "0 niet in de vaste opmaak" in result.output
    assert all(not r.changed for r in layout(Project(project)))


def test_a_value_that_would_be_read_differently_is_named_and_left_alone(project):
    path = project / "approaches" / "rouw-bij-baanverlies.yml"
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("titel:"))
    lines[index] = "titel: 1.50"  # YAML 1.2 reads a number, which Decap writes as 1.5
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        result = run(project, "opmaak", str(path))
        assert result.exit_code == 1
        assert (f"approaches/rouw-bij-baanverlies.yml: regel {index + 1}: titel: de waarde zou na de opmaak "
                "anders gelezen worden (zet hem tussen aanhalingstekens)") in result.output
        assert path.read_text(encoding="utf-8") == "\n".join(lines) + "\n"
    finally:
        path.write_text(original, encoding="utf-8")


def test_the_layout_is_what_the_editor_writes(project):
    # the details that make up the layout, as yaml 1.10 (Decap's library) writes them
    path = project / "approaches" / "x.yml"
    path.write_text("bijgewerkt: 2026-05-01\ntitel: 'Een titel: met dubbele punt'\n"
                    "themas: [eigen-regie, goede-dialoog]\nsamenvatting: |\n  Regel een.\n  Regel twee.\n",
                    encoding="utf-8")
    try:
        (result,) = layout(Project(project), [path])
        assert result.canonical == ('titel: "Een titel: met dubbele punt"\n'
                                    "samenvatting: |\n  Regel een.\n  Regel twee.\n"
                                    "themas:\n  - eigen-regie\n  - goede-dialoog\n"
                                    "bijgewerkt: 2026-05-01\n")
        assert loads(result.canonical, "x.yml")[0].data == loads(result.text, "x.yml")[0].data
    finally:
        path.unlink()


def test_opmaak_explains_itself_in_dutch():
    result = CliRunner().invoke(main, ["opmaak", "--help"])
    assert result.exit_code == 0
    assert "precies zoals het bewerkscherm (/beheer/) hem opslaat" in " ".join(result.output.split())
    assert "--controleer" in result.output and "Gebruik:" in result.output
