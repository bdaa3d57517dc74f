"""The JSON Schema that editors' tools use: committed, up to date, and in agreement with `validate`.

The editors' template starts with a `yaml-language-server` modeline pointing at
schema/aanpak.schema.json, and .vscode/settings.json links every approach file to it, so VS Code and
similar editors offer completion, hover help and inline errors. These tests check that file with the `jsonschema` package the way such an editor reads YAML
(yaml.safe_load, dates as ISO text).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schema" / "aanpak.schema.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MODELINE = "# yaml-language-server: $schema=../schema/aanpak.schema.json"
REGENERATE = "gereedschapskist schema --uitvoer schema/aanpak.schema.json"


def as_editor_reads(path: Path):
    """The file as a YAML editor sees it: YAML 1.1 types, with dates written back as ISO text."""

    def iso(value):
        if isinstance(value, dict):
            return {key: iso(item) for key, item in value.items()}
        if isinstance(value, list):
            return [iso(item) for item in value]
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value

    return iso(yaml.safe_load(path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


def approach_files() -> list[Path]:
    return sorted(p for p in (ROOT / "approaches").glob("*.yml") if not p.name.startswith("_"))


def test_the_committed_schema_is_exactly_what_the_generator_writes_now():
    result = CliRunner().invoke(main, ["--project", str(ROOT), "schema"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert SCHEMA_FILE.exists(), f"schema/aanpak.schema.json ontbreekt; maak het met: {REGENERATE}"
    assert result.output == SCHEMA_FILE.read_text(encoding="utf-8"), (
        f"schema/aanpak.schema.json is verouderd (het model of vocabulaire.yml is gewijzigd); "
        f"maak het opnieuw met: {REGENERATE}")


def test_the_committed_schema_is_a_valid_json_schema(schema):
    jsonschema.Draft202012Validator.check_schema(schema)


def test_the_schema_command_writes_the_file_editors_point_to(tmp_path):
    target = tmp_path / "schema" / "aanpak.schema.json"
    result = CliRunner().invoke(main, ["--project", str(ROOT), "schema", "--uitvoer", str(target)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert target.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", approach_files(), ids=lambda p: p.name)
def test_every_approach_in_the_repository_satisfies_the_schema(path, validator):
    data = as_editor_reads(path)
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


def test_the_template_starts_with_the_modeline_for_the_committed_schema():
    path = ROOT / "approaches" / "_sjabloon.yml"
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == MODELINE
    assert (path.parent / first_line.split("$schema=", 1)[1]).resolve() == SCHEMA_FILE


def test_vs_code_links_every_approach_file_to_the_committed_schema():
    # Approach files are in the editor's layout, which keeps no comments (so no modeline): the
    # workspace settings give VS Code's YAML extension the same link for every file in approaches/.
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    (target, patterns), = settings["yaml.schemas"].items()
    assert (ROOT / target).resolve() == SCHEMA_FILE
    assert patterns == ["approaches/*.yml"]


def test_the_valid_fixture_satisfies_the_schema(validator):
    assert list(validator.iter_errors(as_editor_reads(FIXTURES / "geldig.yml"))) == []


# What is wrong in each broken fixture, as the schema should see it: (where, which rule).
BROKEN = {
    "zonder-titel.yml": ((), "required"),
    "thema-geen-lijst.yml": (("themas",), "type"),
    "jaar-geen-getal.yml": (("bronnen", 0, "jaar"), "type"),
    "onbekend-veld.yml": ((), "additionalProperties"),
    "verkeerde-term.yml": (("themas", 1), "enum"),
}


def test_every_broken_fixture_is_listed_here():
    assert sorted(p.name for p in (FIXTURES / "kapot").glob("*.yml")) == sorted(BROKEN)


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_the_schema_rejects_each_broken_fixture_for_the_right_reason(name, validator):
    errors = list(validator.iter_errors(as_editor_reads(FIXTURES / "kapot" / name)))
    assert errors, f"{name} is accepted"
    found = {(tuple(e.absolute_path), e.validator) for e in errors}
    assert BROKEN[name] in found


def test_the_schema_offers_exactly_the_vocabulary_terms(schema):
    vocabulary = yaml.safe_load((ROOT / "vocabulaire.yml").read_text(encoding="utf-8"))
    properties = schema["properties"]
    assert sorted(properties["status"]["enum"]) == sorted(vocabulary["statussen"])
    assert sorted(properties["bewijsniveau"]["enum"]) == sorted(vocabulary["bewijsniveaus"])
    for field in ("themas", "doelgroepen", "fasen"):
        items = properties[field]["items"]
        assert sorted(items["enum"]) == sorted(vocabulary[field])
        titles = dict(zip(items["enum"], items["enumDescriptions"]))
        assert titles == {key: term["titel"] for key, term in vocabulary[field].items()}


def _properties(schema: dict):
    for group, node in {"Aanpak": schema, **schema["$defs"]}.items():
        for name, prop in node.get("properties", {}).items():
            yield f"{group}.{name}", prop


def test_every_field_has_a_dutch_title_and_description(schema):
    missing = [key for key, prop in _properties(schema) if not prop.get("title") or not prop.get("description")]
    assert missing == []
    groups = [name for name, node in schema["$defs"].items() if not node.get("description")]
    assert groups == []


def _is_free_text(prop: dict) -> bool:
    options = prop.get("anyOf", [prop])
    return any("string" in (o.get("type") or []) and "enum" not in o for o in options)


def test_every_free_text_field_has_an_example(schema):
    missing = [key for key, prop in _properties(schema) if _is_free_text(prop) and not prop.get("examples")]
    assert missing == []


def test_a_number_where_text_is_expected_passes_both_the_schema_and_validate(tmp_path, validator):
    # `waarde: 12` is a number to a YAML editor and the text "12" to our loader: both must accept it
    from conftest import copy_project

    text = (FIXTURES / "geldig.yml").read_text(encoding="utf-8").replace('waarde: "12"', "waarde: 12")
    assert "waarde: 12\n" in text
    project = copy_project(tmp_path / "project")
    for old in (project / "approaches").glob("*.yml"):
        old.unlink()
    path = project / "approaches" / "getal.yml"
    path.write_text(text, encoding="utf-8")
    assert list(validator.iter_errors(as_editor_reads(path))) == []
    result = CliRunner().invoke(main, ["--project", str(project), "validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output


def test_a_web_address_without_https_is_flagged_while_typing(validator):
    data = as_editor_reads(FIXTURES / "geldig.yml")
    data["organisaties"][0]["website"] = "www.voorbeeld.nl"
    errors = [(tuple(e.absolute_path), e.validator) for e in validator.iter_errors(data)]
    assert errors == [(("organisaties", 0, "website"), "anyOf")]
