"""The command line: exit codes, help on every command, and errors without tracebacks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, project: Path = ROOT):
    return CliRunner().invoke(main, ["--project", str(project), *args], catch_exceptions=False)


def test_validate_passes_on_the_real_project():
    result = run("validate")
    assert result.exit_code == 0, result.output
    assert "0 fouten" in result.output


def test_validate_reports_a_missing_title_with_file_line_and_column(project_copy):
    path = project_copy / "approaches" / "rouw-bij-baanverlies.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith("titel:")), encoding="utf-8")
    result = run("validate", project=project_copy)
    assert result.exit_code == 1
    assert re.search(r"^approaches/rouw-bij-baanverlies\.yml:\d+:\d+: titel: ontbreekt", result.output, re.M)
    assert "Traceback" not in result.output


def test_validate_reports_the_line_of_a_yaml_syntax_error(project_copy):
    path = project_copy / "approaches" / "rouw-bij-baanverlies.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("status:"))
    lines.insert(at, "samenvatting: [niet gesloten\n")
    path.write_text("".join(lines), encoding="utf-8")
    result = run("validate", project=project_copy)
    assert result.exit_code == 1
    match = re.search(r"^approaches/rouw-bij-baanverlies\.yml:(\d+):\d+: YAML-fout", result.output, re.M)
    assert match and int(match.group(1)) >= at + 1


def test_build_fails_with_the_errors_and_exit_code_one(project_copy, tmp_path):
    (project_copy / "approaches" / "kapot.yml").write_text("titel: x\n", encoding="utf-8")
    result = run("build", "--site", str(tmp_path / "site"), project=project_copy)
    assert result.exit_code == 1
    assert "approaches/kapot.yml:1:8: titel: is te kort" in result.output
    assert not (tmp_path / "site").exists()


def test_schema_prints_a_json_schema_with_the_vocabulary():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "rouwverwerking" in schema["properties"]["themas"]["items"]["enum"]


def test_nieuw_refuses_an_existing_slug():
    result = CliRunner().invoke(main, ["--project", str(ROOT), "nieuw", "rouw-bij-baanverlies"])
    assert result.exit_code == 1
    assert "bestaat al" in result.output


def test_nieuw_refuses_a_slug_that_is_not_a_web_address(project_copy):
    result = CliRunner().invoke(main, ["--project", str(project_copy), "nieuw", "Mijn Aanpak"])
    assert result.exit_code == 1
    assert "'mijn-aanpak'" in result.output
    assert not list((project_copy / "approaches").glob("Mijn*"))


@pytest.mark.parametrize("command", [[], ["validate"], ["build"], ["serve"], ["export"], ["schema"],
                                     ["beheer"], ["opmaak"],
                                     ["nieuw"], ["new"]])
def test_every_command_has_dutch_help(command):
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Gebruik: ")
    assert "Toon deze uitleg en stop." in result.output
