"""The editor's form (Decap CMS config.yml) is the content model: same fields, labels, hints, choices.

Walks the model, the JSON Schema and the generated form side by side, so a field added to the model
without reaching the form (or a label that differs from the schema's) fails here. Also checks what
the build puts in site/beheer/.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from generator.decap import DECAP_DIST, cms_config, form_fields, repo_of
from generator.pipeline import check
from generator.paths import Project
from generator.schema import approach_schema

from test_editor import _model_of  # the model class inside list[...] / ... | None

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def vocabulaire():
    loaded = check(Project(ROOT))
    assert loaded.vocabulaire is not None
    return loaded.vocabulaire


@pytest.fixture(scope="module")
def schema(vocabulaire):
    return approach_schema(vocabulaire)


def _walk(model: type[BaseModel], fields: list[dict[str, Any]], node: dict[str, Any], defs: dict[str, Any],
          path: str, optional_group: bool = False):
    """(path, model field, form field, schema property, required in model) for every field, recursively."""
    by_name = {f["name"]: f for f in fields}
    assert list(by_name) == list(model.model_fields), f"{path or 'Aanpak'}: form fields differ from the model"
    for name, info in model.model_fields.items():
        prop = node["properties"][name]
        form = by_name[name]
        where = f"{path}.{name}" if path else name
        yield where, info, form, prop, info.is_required() and not optional_group
        inner = _model_of(info.annotation)
        if inner is not None:
            ref = prop.get("$ref") or prop.get("items", {}).get("$ref") or next(
                (o["$ref"] for o in prop.get("anyOf", []) if "$ref" in o), None)
            sub = defs[ref.rsplit("/", 1)[1]]
            # a required field inside an optional group is optional in the form (Decap would ask
            # for it even when the group is left empty); items of a list keep their own rules
            optional = form["widget"] == "object" and not info.is_required()
            yield from _walk(inner, form["fields"], sub, defs, where, optional_group=optional_group or optional)


def test_every_field_of_the_model_is_in_the_form_with_the_schemas_label_hint_and_requiredness(vocabulaire, schema):
    from generator.model import Aanpak

    rows = list(_walk(Aanpak, form_fields(vocabulaire), schema, schema["$defs"], ""))
    assert len(rows) > 80  # every nested field, not only the top level
    for where, info, form, prop, required in rows:
        assert form["label"] == prop["title"], where
        assert form["hint"].startswith(prop["description"]), where
        assert info.description is None or prop["description"] == info.description, where
        assert form["required"] is required, where


def test_lists_of_groups_and_the_vocabulary_are_lists_and_choices_in_the_form(vocabulaire):
    fields = {f["name"]: f for f in form_fields(vocabulaire)}
    for name in ("organisaties", "werkzame_elementen", "werkingsmechanismen", "contextfactoren",
                 "randvoorwaarden", "resultaten", "praktijkproducten", "bronnen"):
        assert fields[name]["widget"] == "list" and fields[name]["fields"], name
    costs = {f["name"]: f for f in fields["kosten_baten"]["fields"]}
    assert costs["kosten"]["widget"] == "list" and costs["baten"]["widget"] == "list"
    for name, kind, multiple in (("themas", "themas", True), ("doelgroepen", "doelgroepen", True),
                                 ("fasen", "fasen", True), ("status", "statussen", False),
                                 ("bewijsniveau", "bewijsniveaus", False)):
        field = fields[name]
        assert field["widget"] == "select" and bool(field.get("multiple")) is multiple, name
        terms = getattr(vocabulaire, kind)
        assert {o["value"]: o["label"] for o in field["options"]} == {k: t.titel for k, t in terms.items()}, name
    assert fields["themas"]["min"] == 1 and fields["organisaties"]["min"] == 1
    context = {f["name"]: f for f in fields["contextfactoren"]["fields"]}
    assert context["niveau"]["options"] == ["professional", "werknemer", "werkgever", "omgeving"]
    assert context["invloed"]["default"] == "beide"


def test_urls_dates_and_keys_carry_patterns_with_dutch_messages(vocabulaire):
    fields = {f["name"]: f for f in form_fields(vocabulaire)}
    source = {f["name"]: f for f in fields["bronnen"]["fields"]}
    url_regex, url_message = source["url"]["pattern"]
    assert re.match(url_regex, "https://www.zonmw.nl/") and not re.match(url_regex, "www.zonmw.nl")
    assert "https://" in url_message
    id_regex, id_message = source["id"]["pattern"]
    assert re.match(id_regex, "eindrapport-2026") and not re.match(id_regex, "Eindrapport 2026")
    assert "kleine letters" in id_message
    date = fields["bijgewerkt"]
    assert date["widget"] == "datetime" and date["format"] == "YYYY-MM-DD" and "JJJJ-MM-DD" in date["pattern"][1]
    assert source["jaar"]["widget"] == "number" and source["jaar"]["value_type"] == "int"
    assert fields["samenvatting"]["widget"] == "text" and fields["titel"]["widget"] == "string"


def test_the_config_uses_github_with_the_editorial_workflow_in_dutch(vocabulaire):
    config = cms_config(vocabulaire, repository="https://github.com/zonmw/gereedschapskist", branch="main")
    assert config["backend"] == {**config["backend"], "name": "github", "repo": "zonmw/gereedschapskist",
                                 "branch": "main", "open_authoring": True}
    assert config["publish_mode"] == "editorial_workflow" and config["locale"] == "nl"
    assert "local_backend" not in config and "base_url" not in config["backend"]
    (collection,) = config["collections"]
    assert (collection["folder"], collection["extension"], collection["slug"]) == ("approaches", "yml", "{{slug}}")
    with_proxy = cms_config(vocabulaire, repository="zonmw/gereedschapskist", oauth_url="https://auth.example.nl/",
                            local_backend="http://127.0.0.1:8081/api/v1")
    assert with_proxy["backend"]["base_url"] == "https://auth.example.nl"
    assert with_proxy["local_backend"]["url"] == "http://127.0.0.1:8081/api/v1"
    assert repo_of("https://github.com/zonmw/gereedschapskist.git") == "zonmw/gereedschapskist"


def test_the_built_site_has_the_editor_with_decaps_own_files_and_the_generated_config(built_site, vocabulaire):
    beheer = built_site / "beheer"
    page = (beheer / "index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == ["decap-cms.js", "beheer.js"]
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host
    dist = ROOT / DECAP_DIST
    digest = lambda p: hashlib.sha256(p.read_bytes()).hexdigest()  # noqa: E731
    assert digest(beheer / "decap-cms.js") == digest(dist / "decap-cms.js")
    chunks = [p.name for p in dist.glob("*.decap-cms.js")]
    assert chunks and all((beheer / name).is_file() for name in chunks)  # loaded from next to the bundle
    assert not list(beheer.glob("*.map"))
    config = yaml.safe_load((beheer / "config.yml").read_text(encoding="utf-8"))
    mkdocs = yaml.safe_load(re.sub(r"!ENV \[[^\]]*\]", "''", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")))
    ours = mkdocs["extra"]["gereedschapskist"]
    assert config == cms_config(vocabulaire, repository=ours["repository"], branch=ours["branch"])
    styles = re.search(r'data-gk-styles="([^"]+)"', page).group(1)
    for href in re.findall(r"&quot;\.\./([^&]+)&quot;", styles):
        assert (built_site / href).is_file(), href  # the preview uses the site's own CSS
    assert "assets/gk/gk.css" in styles


def test_the_pr_check_names_each_field_as_the_form_labels_it(project_copy):
    from click.testing import CliRunner

    from generator.cli import main

    shutil.copyfile(ROOT / "tests" / "fixtures" / "kapot" / "verkeerde-term.yml",
                    project_copy / "approaches" / "verkeerde-term.yml")
    path = project_copy / "approaches" / "rouw-bij-baanverlies.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    toelichting:", "    toelichting: ''\n    oude_toelichting:", 1), encoding="utf-8")
    result = CliRunner().invoke(main, ["--project", str(project_copy), "validate", "--github"])
    assert result.exit_code == 1
    assert "approaches/verkeerde-term.yml:9:5: themas[1] (Thema's): 'eigen-regi' is geen bekend thema" in result.output
    assert "::error file=approaches/verkeerde-term.yml,line=9,col=5::themas[1] (Thema's): " in result.output
    assert re.search(r"werkzame_elementen\[0\]\.toelichting \(Werkzame elementen › Toelichting\): ", result.output)
    plain = CliRunner().invoke(main, ["--project", str(project_copy), "validate"])
    assert "themas[1]: 'eigen-regi'" in plain.output  # the local run keeps the short form


def test_without_decaps_files_a_strict_build_stops_and_a_plain_one_warns(project_copy, tmp_path, monkeypatch):
    from click.testing import CliRunner

    import generator.decap
    from generator.cli import main

    monkeypatch.setattr(generator.decap, "PACKAGE_ROOT", tmp_path)  # neither the copy nor this has node_modules
    message = ("Het bewerkscherm (/beheer/) is niet gebouwd: node_modules/decap-cms/dist/decap-cms.js ontbreekt; "
               "draai scripts/setup.sh (npm ci)")
    strict = CliRunner().invoke(main, ["--project", str(project_copy), "build", "--strict", "-q",
                                       "--site", str(tmp_path / "strikt")])
    assert strict.exit_code == 1 and message in strict.output and "Traceback" not in strict.output
    plain = CliRunner().invoke(main, ["--project", str(project_copy), "build", "-q", "--site", str(tmp_path / "site")])
    assert plain.exit_code == 0 and message in plain.output
    assert (tmp_path / "site" / "index.html").is_file() and not (tmp_path / "site" / "beheer").exists()
