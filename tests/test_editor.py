"""An editor adds an approach: `nieuw`, fill in the template, `validate`, `build --strict`, find the page.

Also checks the editors' template itself: it names every field of the model, explains each one in a
comment, and `nieuw` refuses a slug that exists or cannot be a web address.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from click.testing import CliRunner
from conftest import copy_project
from pydantic import BaseModel

from generator.cli import main
from generator.model import Aanpak

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "approaches" / "_sjabloon.yml"
TODAY = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
ENV = {"SOURCE_DATE_EPOCH": str(int(TODAY.timestamp()))}


def run(project: Path, *args: str):
    result = CliRunner().invoke(main, ["--project", str(project), *args], env=ENV)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    return result


# --- the template --------------------------------------------------------------------------------


def _model_of(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


def _missing_fields(model: type[BaseModel], data: Any, path: str) -> list[str]:
    """Every field of `model` (recursively) that the template's data does not show."""
    missing = []
    if isinstance(data, list):  # a list in the template shows the fields of its first item
        data = data[0] if data else None
    if not isinstance(data, dict):
        return [f"{path}.{name}" for name in model.model_fields]
    for name, field in model.model_fields.items():
        where = f"{path}.{name}" if path else name
        if name not in data:
            missing.append(where)
            continue
        inner = _model_of(field.annotation)
        if inner is not None:
            missing += _missing_fields(inner, data[name], where)
    return missing


def test_the_template_shows_every_field_of_the_model_at_its_place():
    data = yaml.safe_load(TEMPLATE.read_text(encoding="utf-8"))
    assert _missing_fields(Aanpak, data, "") == []


def test_the_template_has_a_dutch_comment_saying_required_or_optional_above_every_field():
    lines = TEMPLATE.read_text(encoding="utf-8").splitlines()
    key = re.compile(r"^\s*(?:- )?([a-z_]+):")
    uncommented, unmarked = [], []
    for number, line in enumerate(lines):
        match = key.match(line)
        if not match or line.lstrip().startswith("#"):
            continue
        comment = []
        for above in reversed(lines[:number]):
            if not above.lstrip().startswith("#"):
                break
            comment.insert(0, above)
        if not comment:
            uncommented.append(f"{number + 1}: {match.group(1)}")
        elif not re.search(r"\b(Verplicht|Optioneel)\b", " ".join(comment)):
            unmarked.append(f"{number + 1}: {match.group(1)}")
    assert uncommented == []
    assert unmarked == []


def test_the_template_is_not_an_approach_and_does_not_end_up_on_the_site(tmp_path):
    project = copy_project(tmp_path / "project")
    result = run(project, "validate")
    assert "_sjabloon" not in result.output
    approaches = [p for p in (project / "approaches").glob("*.yml") if not p.name.startswith("_")]
    assert f"{len(approaches)} aanpakken gecontroleerd" in result.output


# --- `nieuw` -------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def test_nieuw_refuses_a_slug_that_already_exists_and_leaves_the_file_alone(project):
    existing = next(p for p in sorted((project / "approaches").glob("*.yml")) if not p.name.startswith("_"))
    before = existing.read_bytes()
    result = run(project, "nieuw", existing.stem)
    assert result.exit_code == 1
    assert result.output.strip() == (f"fout: approaches/{existing.stem}.yml bestaat al; kies een andere slug "
                                     "of bewerk dat bestand")
    assert existing.read_bytes() == before


@pytest.mark.parametrize("slug, suggestion", [
    ("Mijn Aanpak", "mijn-aanpak"),
    ("rouw_bij_baanverlies", "rouw-bij-baanverlies"),
    ("mijn--aanpak", "mijn-aanpak"),
    ("_sjabloon", "sjabloon"),
])
def test_nieuw_refuses_a_slug_that_cannot_be_a_web_address_and_suggests_one(project, slug, suggestion):
    result = run(project, "nieuw", slug)
    assert result.exit_code == 1
    assert result.output.strip() == (f"fout: '{slug}' is geen geldige slug; gebruik kleine letters, cijfers en "
                                     f"koppeltekens, bijvoorbeeld '{suggestion}'")
    assert sorted(p.name for p in (project / "approaches").iterdir()) == \
        sorted(p.name for p in (ROOT / "approaches").iterdir())


def test_nieuw_asks_for_the_slug_only_when_given_a_file_name(project):
    result = run(project, "nieuw", "approaches/mijn-aanpak.yml")
    assert result.exit_code == 1
    assert result.output.strip() == "fout: geef alleen de slug, zonder map en zonder .yml, bijvoorbeeld 'mijn-aanpak'"
    assert not (project / "approaches" / "mijn-aanpak.yml").exists()


def _unfilled(data: Any, path: str = "") -> list[str]:
    """Paths (as `validate` writes them) of the values that still hold the template's placeholder."""
    if isinstance(data, dict):
        return [p for key, value in data.items() for p in _unfilled(value, f"{path}.{key}" if path else key)]
    if isinstance(data, list):
        return [p for index, value in enumerate(data) for p in _unfilled(value, f"{path}[{index}]")]
    return [path] if isinstance(data, str) and "Vul in:" in data else []


def test_a_fresh_copy_of_the_template_reports_each_value_still_to_fill_in_once(project):
    assert run(project, "nieuw", "mijn-aanpak").exit_code == 0
    path = project / "approaches" / "mijn-aanpak.yml"
    expected = _unfilled(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert "samenvatting" in expected and "bronnen[0].jaar" in expected
    result = run(project, "validate")
    assert result.exit_code == 1
    message = re.compile(r"^approaches/mijn-aanpak\.yml:\d+:\d+: (\S+): is nog niet ingevuld "
                         r"\(vervang 'Vul in: \.\.\.' door uw eigen tekst")
    errors = [line for line in result.output.splitlines() if line.startswith("approaches/")]
    assert [m.group(1) if (m := message.match(line)) else line for line in errors] == expected


# --- an editor at work ---------------------------------------------------------------------------


class Editor:
    """Edits the YAML text top to bottom, as someone in the GitHub web editor would."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.text = path.read_text(encoding="utf-8")
        self.cursor = 0

    def replace(self, old: str, new: str) -> None:
        at = self.text.find(old, self.cursor)
        assert at >= 0, f"not found after position {self.cursor}: {old!r}"
        self.text = self.text[:at] + new + self.text[at + len(old):]
        self.cursor = at + len(new)

    def remove_field(self, line_start: str) -> None:
        """Remove the field on the line starting with `line_start`, the lines under it and its comment."""
        lines = self.text.splitlines(keepends=True)
        offset = 0
        for index, line in enumerate(lines):
            if offset >= self.cursor and line.startswith(line_start):
                break
            offset += len(line)
        else:
            raise AssertionError(f"no line starting with {line_start!r}")
        indent = len(line) - len(line.lstrip(" -"))
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent):
            end += 1
        start = index
        while start > 0 and lines[start - 1].lstrip().startswith("#"):
            start -= 1
        del lines[start:end]
        self.text = "".join(lines)
        self.cursor = sum(len(line) for line in lines[:start])

    def save(self) -> None:
        self.path.write_text(self.text, encoding="utf-8")


def fill_in(path: Path) -> None:
    e = Editor(path)
    e.replace('titel: "Mijn aanpak"', "titel: Samen sterk naar ander werk")
    e.replace("Vul in: twee of drie zinnen over wat de aanpak is en voor wie hij bedoeld is.",
              "Een loopbaancoach zoekt samen met de werknemer en de werkgever naar passend werk bij een "
              "andere werkgever.")
    e.replace('"Vul in: naam van de organisatie"', "Stichting Voorbeeldwerk")
    e.replace('"Vul in: rol van de organisatie"', "uitvoering")
    e.replace('"Vul in: https://www.voorbeeld.nl/"', "https://www.voorbeeldwerk.nl/")
    e.replace("Vul in: wat de aanpak wil bereiken.", "De werknemer vindt binnen een jaar passend werk.")
    e.replace("Vul in: hoe de aanpak werkt.", "De coach voert drie gesprekken met werknemer en werkgever.")
    e.replace("Vul in: een korte, herkenbare situatie.", "Een magazijnmedewerker vond werk als planner.")
    e.replace('"Vul in: naam van de stap"', "Kennismaking")
    e.replace("Vul in: wat er in deze stap gebeurt.", "De coach leert de werknemer en het werk kennen.")
    e.replace('"Vul in: hoe lang de aanpak duurt"', "drie tot zes maanden")
    e.remove_field("  uitvoerders:")
    e.replace('"Vul in: naam van het werkzame element"', "Gesprek met coach en werkgever samen")
    e.remove_field("    sleutel:")
    e.replace("Vul in: wat het element inhoudt en waarom het werkt.",
              "Alle drie horen hetzelfde, dus er ontstaan geen misverstanden.")
    e.replace('"Vul in: groep, zoals coaching"', "coaching")
    e.replace('"Vul in: wat er verandert"', "Meer vertrouwen in een nieuwe start")
    e.replace("Vul in: hoe de aanpak dit teweegbrengt.", "Kleine stappen die lukken, geven moed.")
    e.replace('"Vul in: de omstandigheid"', "Steun van de leidinggevende")
    e.remove_field("    sleutel:")
    e.replace("Vul in: uitleg bij de factor.", "Een leidinggevende die meedenkt, maakt de overstap makkelijker.")
    e.replace('"Vul in: wat er nodig is"', "Tijd voor drie gesprekken")
    e.replace("Vul in: uitleg.", "Plan de gesprekken ruim van tevoren.")
    e.replace("Vul in: wat de aanpak kost, wie betaalt en wat hij oplevert.",
              "Een traject kost ongeveer € 2.000; de werkgever betaalt [@evaluatie-2026].")
    e.replace('"Vul in: waar de kosten voor zijn"', "Begeleiding door de coach")
    e.replace('"Vul in: bedrag"', '"€ 2.000"')
    e.replace('"Vul in: per traject"', "per traject")
    e.replace('"Vul in: wie betaalt"', "werkgever")
    e.replace('"Vul in: id van de bron"', "evaluatie-2026")
    e.replace("Vul in: wat het de werkgever oplevert.", "Kortere loondoorbetaling bij ziekte.")
    e.replace('"Vul in: id van de bron"', "evaluatie-2026")
    e.replace("Vul in: of er kosten-batenonderzoek is gedaan, en door wie.", "Er is geen kosten-batenonderzoek gedaan.")
    e.replace("Vul in: het resultaat en wat erbij hoort.", "Acht van de twaalf deelnemers vonden nieuw werk.")
    e.replace('"Vul in: het cijfer"', '"8 van 12"')
    e.replace('"Vul in: id van de bron"', "evaluatie-2026")
    e.replace("Vul in: wat de aanpak is.", "Een coach helpt uw zieke werknemer aan ander werk [@evaluatie-2026].")
    e.replace("Vul in: wat de werkgever moet doen of regelen.", "Drie gesprekken van een uur.")
    e.replace("Vul in: wat het kost en wie betaalt.", "Ongeveer € 2.000 per traject; u betaalt [@evaluatie-2026, p. 3].")
    e.replace("Vul in: wat het de werkgever en de werknemer oplevert.", "Uw werknemer vindt weer werk.")
    e.replace("Vul in: in welke fase de aanpak past.", "In het tweede ziektejaar.")
    e.remove_field("praktijkproducten:")
    e.replace('"Vul in: id, zoals eindrapport-2026"', "evaluatie-2026")
    e.replace('"Vul in: titel van de publicatie"', "Evaluatie Samen sterk naar ander werk")
    e.remove_field("    auteurs:")
    e.replace('"Vul in: organisatie"', "Stichting Voorbeeldwerk")
    e.replace('"Vul in: jaar"', "2026")
    e.replace('"Vul in: soort publicatie"', "evaluatierapport")
    e.remove_field("    url:")
    e.remove_field("contact:")
    e.save()


def test_an_editor_adds_an_approach_from_the_template_and_finds_its_page_on_the_site(project, tmp_path):
    result = run(project, "nieuw", "mijn-aanpak")
    assert result.exit_code == 0, result.output
    path = project / "approaches" / "mijn-aanpak.yml"
    assert "mijn-aanpak.yml aangemaakt" in result.output
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../schema/aanpak.schema.json"
    assert 'titel: "Mijn aanpak"' in text
    assert "bijgewerkt: 2026-06-01" in text  # today, as the editor would set it

    fill_in(path)
    assert _unfilled(yaml.safe_load(path.read_text(encoding="utf-8"))) == []
    result = run(project, "validate")
    assert result.exit_code == 0, result.output
    assert [line for line in result.output.splitlines() if "mijn-aanpak" in line] == []

    site = tmp_path / "site"
    result = run(project, "build", "--strict", "--site", str(site), "--stil")
    assert result.exit_code == 0, result.output

    page = site / "aanpakken" / "mijn-aanpak" / "index.html"
    assert page.exists()
    html = page.read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(html)
    assert parsed.h1 == "Samen sterk naar ander werk"
    assert "Laatst bijgewerkt: 1 juni 2026." in parsed.text
    edit_links = [href for href in parsed.links if href.endswith("/edit/main/approaches/mijn-aanpak.yml")]
    assert edit_links, parsed.links
    assert any(href.endswith("/commits/main/approaches/mijn-aanpak.yml") for href in parsed.links)
    overview = (site / "aanpakken" / "index.html").read_text(encoding="utf-8")
    assert 'href="mijn-aanpak/"' in overview


class _Page(HTMLParser):
    """The page's heading (without its permalink sign), its links and its visible text."""

    def __init__(self) -> None:
        super().__init__()
        self.h1 = ""
        self.links: list[str] = []
        self.text = ""
        self._in_h1 = False
        self._in_permalink = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self._in_h1 = True
        if tag == "a":
            self.links.append(attributes.get("href") or "")
            self._in_permalink = "headerlink" in (attributes.get("class") or "")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "a":
            self._in_permalink = False

    def handle_data(self, data):
        if self._in_h1 and not self._in_permalink:
            self.h1 += data.strip()
        self.text += data


# --- the checks on GitHub ------------------------------------------------------------------------


def _workflow_runs(name: str) -> list[str]:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return [step["run"].strip() for job in workflow["jobs"].values() for step in job.get("steps", [])
            if "run" in step]


@pytest.mark.parametrize("name", ["controle.yml", "publiceren.yml"])
def test_the_workflows_call_only_commands_and_options_that_exist(name):
    runs = _workflow_runs(name)
    assert runs
    for command in runs:
        words = command.split()
        if words[0] == "bash":
            script = ROOT / words[1]
            assert script.exists(), command
            for option in words[2:]:
                assert option in script.read_text(encoding="utf-8"), command
        else:
            assert words[0] == ".venv/bin/gereedschapskist", command
            subcommand = main.commands[words[1]]
            known = {opt for param in subcommand.params for opt in param.opts + param.secondary_opts}
            assert set(words[2:]) <= known, command


def test_the_pull_request_check_validates_with_annotations_builds_strictly_and_runs_what_ci_runs():
    runs = _workflow_runs("controle.yml")
    assert runs.index(".venv/bin/gereedschapskist validate --github") < runs.index(
        ".venv/bin/gereedschapskist build --strict")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in ci and "bash scripts/test.sh" in runs


def test_the_publishing_workflow_uploads_the_directory_the_build_writes():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publiceren.yml").read_text(encoding="utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    upload = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    site_dir = re.search(r"^site_dir:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    assert upload["with"]["path"].rstrip("/") == site_dir
    deploy_job = next(job for job in workflow["jobs"].values()
                      if any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job["steps"]))
    assert deploy_job["permissions"] == {"pages": "write", "id-token": "write"}
