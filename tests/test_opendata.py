"""Open data in the real built site: data/aanpakken.json against data/schema.json and against the YAML
files it comes from, data/aanpakken.csv, and the schema.org JSON-LD in the head of every approach page.
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from generator import citations, yamlsource
from generator.build import build_site
from generator.model import Aanpak, Vocabulaire
from generator.paths import Project

ROOT = Path(__file__).resolve().parent.parent
SITE_URL = "https://voorbeeld.invalid/kist/"
SLUGS = sorted(p.stem for p in (ROOT / "approaches").glob("*.yml") if not p.name.startswith("_"))


def read_yaml(path: Path):
    loaded, problems = yamlsource.load(path, path.name)
    assert loaded is not None, problems
    return loaded.data


VOCABULARY_DATA = read_yaml(ROOT / "vocabulaire.yml")
VOCABULARY = Vocabulaire.model_validate(VOCABULARY_DATA)


def raw(slug: str) -> dict:
    """An approach file exactly as the project's loader reads it: every scalar is text."""
    return read_yaml(ROOT / "approaches" / f"{slug}.yml")


def model(slug: str) -> Aanpak:
    return Aanpak.model_validate(raw(slug), context={"vocabulaire": VOCABULARY})


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real project, built once for this module with the real MkDocs (strict), with a site URL."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GEREEDSCHAPSKIST_SITE_URL", SITE_URL)
        return build_site(Project(ROOT), strict=True, site_dir=tmp_path_factory.mktemp("opendata") / "site")


@pytest.fixture(scope="module")
def document(site) -> dict:
    return json.loads((site / "data" / "aanpakken.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(site) -> jsonschema.Draft202012Validator:
    schema = json.loads((site / "data" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def entry(document: dict, slug: str) -> dict:
    return next(item for item in document["aanpakken"] if item["slug"] == slug)


# ---------------------------------------------------------------------------------------------
# data/aanpakken.json and data/schema.json
# ---------------------------------------------------------------------------------------------


def test_the_json_validates_against_the_published_schema(document, validator):
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert errors == []


@pytest.mark.parametrize("break_it", [
    pytest.param(lambda d: d["aanpakken"][0].pop("titel"), id="a required field missing"),
    pytest.param(lambda d: d["aanpakken"][0].update(onbekend_veld="x"), id="a field the model does not know"),
    pytest.param(lambda d: d["aanpakken"][0]["themas"].append("geen-thema"), id="a theme not in the vocabulary"),
    pytest.param(lambda d: d["aanpakken"][0].update(slug="Geen Slug"), id="a slug that is no slug"),
    pytest.param(lambda d: d["aanpakken"][0]["kosten_baten"].update(kosten_bekend="nee"), id="text for a yes/no"),
    pytest.param(lambda d: d.pop("licentie"), id="no licence"),
])
def test_the_schema_rejects_a_damaged_copy_of_the_json(document, validator, break_it):
    damaged = copy.deepcopy(document)
    break_it(damaged)
    assert list(validator.iter_errors(damaged))


def test_the_json_names_its_format_version_and_the_licence(document):
    assert document["versie"] == "1.0"
    assert document["licentie"] == "CC-BY-4.0"
    assert document["licentie_url"].startswith("https://creativecommons.org/licenses/by/4.0/")
    assert document["url"] == SITE_URL


def test_the_json_holds_every_approach_once(document):
    assert sorted(item["slug"] for item in document["aanpakken"]) == SLUGS
    assert document["aantal"] == len(SLUGS)
    assert document["bijgewerkt"] == max(raw(slug)["bijgewerkt"] for slug in SLUGS)


def same_value(from_yaml, from_json) -> bool:
    """A YAML scalar (always text) and its JSON value (typed by the model) say the same."""
    if isinstance(from_json, bool):
        return from_yaml == ("true" if from_json else "false")
    if isinstance(from_json, int):
        return from_yaml == str(from_json)
    return from_yaml == from_json


def differences(from_yaml, from_json, path="") -> list[str]:
    """Every place where the JSON leaves out or changes what the YAML file says."""
    if isinstance(from_yaml, dict):
        if not isinstance(from_json, dict):
            return [f"{path}: not an object in the JSON"]
        found = []
        for key, value in from_yaml.items():
            if value is None:
                continue  # an empty YAML value is an unset field, left out of the JSON
            if key not in from_json:
                found.append(f"{path}.{key}: missing in the JSON")
            else:
                found += differences(value, from_json[key], f"{path}.{key}")
        return found
    if isinstance(from_yaml, list):
        if not isinstance(from_json, list) or len(from_yaml) != len(from_json):
            return [f"{path}: list differs in length"]
        return [d for i, (a, b) in enumerate(zip(from_yaml, from_json)) for d in differences(a, b, f"{path}[{i}]")]
    return [] if same_value(from_yaml, from_json) else [f"{path}: {from_yaml!r} became {from_json!r}"]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_value_in_the_yaml_file_is_in_the_json_unchanged(document, slug):
    assert differences(raw(slug), entry(document, slug)) == []


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_lists_every_citation_in_the_texts_with_its_field(document, slug):
    listed = entry(document, slug)["bronverwijzingen"]
    order = lambda items: sorted(items, key=lambda c: (c["veld"], c["bron"], c.get("plaats", "")))  # noqa: E731
    assert order(listed) == order(citations.references(raw(slug)))
    assert len(listed) >= 10
    assert {c["bron"] for c in listed} <= {b["id"] for b in raw(slug)["bronnen"]}


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_reads_back_into_the_same_approach_field_by_field(document, slug):
    data = {k: v for k, v in entry(document, slug).items() if k not in ("slug", "bronverwijzingen")}
    from_json = Aanpak.model_validate(data, context={"vocabulaire": VOCABULARY})
    from_yaml = model(slug)
    for field in Aanpak.model_fields:
        assert getattr(from_json, field) == getattr(from_yaml, field), field
    assert from_json == from_yaml


def test_the_json_explains_the_keys_the_approaches_use(document):
    vocabulary = document["vocabulaire"]
    for kind in ["statussen", "bewijsniveaus", "themas", "doelgroepen", "fasen"]:
        assert {k: v["titel"] for k, v in vocabulary[kind].items()} == \
            {k: v["titel"] for k, v in VOCABULARY_DATA[kind].items()}
    for key, fase in VOCABULARY_DATA["fasen"].items():
        assert vocabulary["fasen"][key]["week_van"] == int(fase["week_van"])
        assert vocabulary["fasen"][key]["week_tot"] == int(fase["week_tot"])


# ---------------------------------------------------------------------------------------------
# data/aanpakken.csv
# ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rows(site) -> list[dict]:
    return list(csv.DictReader(io.StringIO((site / "data" / "aanpakken.csv").read_text(encoding="utf-8"))))


def test_the_csv_has_one_row_per_approach_with_its_slug(rows):
    assert sorted(row["slug"] for row in rows) == SLUGS
    assert len(rows) == len(SLUGS)


@pytest.mark.parametrize("slug", SLUGS)
def test_the_csv_row_carries_the_main_fields_of_the_approach(rows, slug):
    row = next(r for r in rows if r["slug"] == slug)
    data = raw(slug)
    assert row["titel"] == data["titel"]
    # a spreadsheet gets the plain text; the citations are in the JSON
    assert row["samenvatting"] == " ".join(citations.strip(data["samenvatting"]).split())
    assert row["status"] == data["status"] and row["bewijsniveau"] == data["bewijsniveau"]
    assert row["themas"].split(";") == data["themas"]
    assert row["doelgroepen"].split(";") == data["doelgroepen"]
    assert row["fasen"].split(";") == (data.get("fasen") or [""])
    assert row["organisaties"].split(";") == [o["naam"] for o in data["organisaties"]]
    assert row["kosten_bekend"] == {"true": "ja", "false": "nee"}[data["kosten_baten"]["kosten_bekend"]]
    assert row["bijgewerkt"] == data["bijgewerkt"]
    assert row["url"] == f"{SITE_URL}aanpakken/{slug}/"


# ---------------------------------------------------------------------------------------------
# JSON-LD in the head of every approach page
# ---------------------------------------------------------------------------------------------


class HeadScripts(HTMLParser):
    """The text of every <script type="application/ld+json"> inside <head>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.in_head = self.in_script = False
        self.scripts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "head":
            self.in_head = True
        elif tag == "script" and self.in_head and dict(attrs).get("type") == "application/ld+json":
            self.in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False
        elif tag == "script":
            self.in_script = False

    def handle_data(self, data):
        if self.in_script:
            self.scripts[-1] += data


def jsonld(site: Path, slug: str) -> dict:
    scripts = HeadScripts((site / "aanpakken" / slug / "index.html").read_text(encoding="utf-8")).scripts
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_ld_in_the_head_parses_and_names_the_title_and_organisations(site, slug):
    data = jsonld(site, slug)
    source = raw(slug)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "CreativeWork"
    assert data["name"] == source["titel"]
    named = [o["name"] for o in data["author"] + data.get("funder", [])]
    assert sorted(named) == sorted(o["naam"] for o in source["organisaties"])
    assert all(o["@type"] == "Organization" for o in data["author"])
    assert data["url"] == f"{SITE_URL}aanpakken/{slug}/"
    assert data["dateModified"] == source["bijgewerkt"]
    assert data["license"].startswith("https://creativecommons.org/licenses/by/4.0/")
    dt.date.fromisoformat(data["dateModified"])


@pytest.mark.parametrize("slug", SLUGS)
def test_funders_are_named_as_funders_not_as_authors(site, slug):
    data = jsonld(site, slug)
    organisations = raw(slug)["organisaties"]
    funders = [o["naam"] for o in organisations if "financier" in (o.get("rol") or "").lower()]
    makers = [o["naam"] for o in organisations if o["naam"] not in funders]
    if funders and makers:
        assert [o["name"] for o in data["funder"]] == funders
        assert [o["name"] for o in data["author"]] == makers
    else:
        assert "funder" not in data
        assert [o["name"] for o in data["author"]] == [o["naam"] for o in organisations]


@pytest.mark.parametrize("slug", SLUGS)
def test_the_json_ld_lists_the_sources_of_the_approach(site, slug):
    data = jsonld(site, slug)
    sources = raw(slug).get("bronnen") or []
    assert [c["name"] for c in data.get("citation", [])] == [b["titel"] for b in sources]
    assert [c["datePublished"] for c in data.get("citation", [])] == [b["jaar"] for b in sources]


def test_an_organisation_that_only_pays_is_a_funder_in_the_json_ld():
    """No approach names a funder at the moment, so one is added in memory."""
    from generator.catalog import Entry
    from generator.opendata import jsonld as describe
    from generator.render import SiteSettings

    slug = SLUGS[0]
    data = model(slug).model_dump()
    data["organisaties"].append({"naam": "ZonMw", "rol": "medefinancier", "website": "https://www.zonmw.nl/"})
    aanpak = Aanpak.model_validate(data, context={"vocabulaire": VOCABULARY})
    described = describe(Entry(slug, f"approaches/{slug}.yml", aanpak), SiteSettings(), VOCABULARY)
    assert [o["name"] for o in described["funder"]] == ["ZonMw"]
    assert "ZonMw" not in [o["name"] for o in described["author"]]
    assert described["keywords"] == [VOCABULARY.themas[k].titel for k in aanpak.themas]
