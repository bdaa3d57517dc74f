"""The editor at /beheer/: Decap CMS, configured from the content model.

The form is not written by hand. Its fields, labels, hints, required fields, patterns and the
vocabulary's choices all come from the JSON Schema of an approach (`generator/schema.py`), which in
turn takes its texts from the model (`generator/model.py`): one source of truth for the JSON Schema,
`_sjabloon.yml` and the form. `tests/test_decap.py` fails when they drift apart.

`write_admin` puts the editor into a built site: `beheer/index.html`, `beheer/config.yml`, the
editor's own script (`templates/beheer/beheer.js`: the preview pane, the site's CSS in it) and
Decap's prebuilt bundle with its chunks, copied from `node_modules/decap-cms/dist/` (never a CDN).

Decap's GitHub backend saves every change on its own branch and opens a pull request
(`publish_mode: editorial_workflow`); contributors without write access work in a fork
(`open_authoring`). `gereedschapskist beheer` points the same editor at `decap-server`, Decap's local
backend, which writes to `approaches/` directly.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from pathlib import Path
from typing import Any, get_args
from urllib.parse import urlsplit

import yaml
from pydantic import AfterValidator, BaseModel

from . import model
from .model import Aanpak, Vocabulaire
from .schema import _EMAIL, _URL, SLUG, approach_schema

COLLECTION = "aanpakken"
ADMIN_DIR = "beheer"
LOCAL_BACKEND_ENV = "GEREEDSCHAPSKIST_DECAP_SERVER"
"""When set (by `gereedschapskist beheer`) to decap-server's address, the built editor uses it."""
DECAP_DIST = Path("node_modules") / "decap-cms" / "dist"
DECAP_SCRIPT = "decap-cms.js"

# Dutch messages for the patterns the schema carries (Decap shows them under the field).
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
PATTERN_MESSAGES = {
    SLUG.pattern: "Gebruik kleine letters, cijfers en koppeltekens, zoals eindrapport-2026.",
    _URL: "Geen volledig webadres: begin met https:// (of mailto: voor e-mail), zoals https://www.zonmw.nl/.",
    _EMAIL: "Geen geldig e-mailadres, zoals info@voorbeeld.nl.",
    DATE_PATTERN: "Schrijf de datum als JJJJ-MM-DD, zoals 2026-05-01.",
}
# The field that names an item in a folded list ("{{fields.naam}}"), by group.
_SUMMARY_FIELDS = ("naam", "titel", "post", "omschrijving", "partij", "id")


def repo_of(repository: str) -> str:
    """'https://github.com/owner/name' -> 'owner/name' (what Decap's GitHub backend wants)."""
    path = urlsplit(repository).path.strip("/") if "://" in repository else repository.strip("/")
    return path.removesuffix(".git")


def _model_classes() -> dict[str, type[BaseModel]]:
    return {name: cls for name, cls in vars(model).items()
            if isinstance(cls, type) and issubclass(cls, BaseModel)}


def _is_markdown(cls: type[BaseModel] | None, name: str) -> bool:
    """True for a field typed `Tekst` (Markdown): a multi-line text box in the form."""
    if cls is None or name not in cls.model_fields:
        return False
    annotation = cls.model_fields[name].annotation
    metadata = list(cls.model_fields[name].metadata)
    for arg in get_args(annotation):
        metadata.extend(getattr(arg, "__metadata__", ()))
        metadata.extend(m for a in get_args(arg) for m in getattr(a, "__metadata__", ()))
    return any(isinstance(m, AfterValidator) and m.func is model._check_text for m in metadata)


def _hint(prop: dict[str, Any]) -> str:
    hint = prop.get("description", "")
    examples = [e for e in prop.get("examples", []) if isinstance(e, (str, int))]
    if examples and "\n" not in str(examples[0]):
        hint = f"{hint} Voorbeeld: {examples[0]}".strip()
    return hint


def _pattern(regex: str) -> list[str]:
    return [regex, PATTERN_MESSAGES.get(regex, "De waarde heeft niet de goede vorm.")]


class _FormBuilder:
    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs = schema.get("$defs", {})
        self.classes = _model_classes()

    def resolve(self, prop: dict[str, Any]) -> tuple[dict[str, Any], bool]:
        """The property without its `| None` wrapper or `$ref`, and whether it may be left out."""
        nullable = False
        if "anyOf" in prop:
            options = [o for o in prop["anyOf"] if o.get("type") != "null"]
            nullable = len(options) < len(prop["anyOf"])
            merged = {k: v for k, v in prop.items() if k != "anyOf"}
            prop = {**options[0], **merged}
        if "$ref" in prop:
            name = prop["$ref"].rsplit("/", 1)[1]
            prop = {**self.defs[name], **{k: v for k, v in prop.items() if k != "$ref"}, "_group": name}
        return prop, nullable

    def fields(self, node: dict[str, Any], group: str) -> list[dict[str, Any]]:
        required = set(node.get("required", []))
        cls = self.classes.get(group)
        return [self.field(name, prop, name in required, cls) for name, prop in node["properties"].items()]

    def field(self, name: str, raw: dict[str, Any], required: bool, cls: type[BaseModel] | None) -> dict[str, Any]:
        prop, _ = self.resolve(raw)
        field: dict[str, Any] = {"name": name, "label": raw.get("title") or prop.get("title", name)}
        hint = _hint(raw)
        if hint:
            field["hint"] = hint
        field["required"] = required
        kind = prop.get("type")
        if "_group" in prop:  # a group of fields
            sub = self.fields(prop, prop["_group"])
            if not required:
                # Decap checks a required field inside an optional group even when the group is
                # left empty, which would block saving; the PR check still asks for it.
                for child in sub:
                    if child["required"]:
                        child["required"] = False
                        child["hint"] = (child.get("hint", "") + " Verplicht als u deze groep invult.").strip()
            field.update(widget="object", collapsed=not required, fields=sub)
        elif kind == "array":
            items, _ = self.resolve(prop["items"])
            if "_group" in items:
                sub = self.fields(items, items["_group"])
                summary = next((f["name"] for f in sub if f["name"] in _SUMMARY_FIELDS), sub[0]["name"])
                # default []: without it Decap starts a new entry with one item of every list whose
                # fields have defaults (the item would then fail as incomplete)
                field.update(widget="list", label_singular=items.get("title", field["label"]), collapsed=True,
                             summary="{{fields." + summary + "}}", fields=sub, default=[])
            elif "enum" in items:
                field.update(widget="select", multiple=True, options=_options(items))
            elif name == "gerelateerd":  # slugs of other approaches: pick them by title
                field.update(widget="relation", collection=COLLECTION, multiple=True, value_field="{{slug}}",
                             search_fields=["titel"], display_fields=["titel"])
            else:
                field.update(widget="list")
            if prop.get("minItems"):
                field["min"] = prop["minItems"]
        elif "enum" in prop:
            field.update(widget="select", options=_options(prop))
        elif kind == "boolean":
            field.update(widget="boolean", default=bool(prop.get("default", False)))
        elif kind == "integer":
            field.update(widget="number", value_type="int")
            for key, target in (("minimum", "min"), ("maximum", "max")):
                if key in prop:
                    field[target] = prop[key]
        elif name == "bijgewerkt":
            field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False,
                         default="{{now}}", pattern=_pattern(DATE_PATTERN))
        else:
            field["widget"] = "text" if _is_markdown(cls, name) else "string"
            if "pattern" in prop:
                field["pattern"] = _pattern(prop["pattern"])
            elif prop.get("maxLength"):
                low, high = prop.get("minLength", 0), prop["maxLength"]
                field["pattern"] = [f"^[\\s\\S]{{{low},{high}}}$", f"Gebruik {low} tot {high} tekens."]
        if "default" in prop and prop["default"] is not None and "default" not in field and kind != "array":
            field["default"] = prop["default"]
        return field


def _options(prop: dict[str, Any]) -> list[Any]:
    labels = prop.get("enumDescriptions")
    if labels:
        return [{"label": label, "value": value} for value, label in zip(prop["enum"], labels)]
    return list(prop["enum"])


def form_fields(vocabulaire: Vocabulaire | None) -> list[dict[str, Any]]:
    """The collection's fields: every top-level key of an approach, in the model's order."""
    schema = approach_schema(vocabulaire)
    return _FormBuilder(schema).fields(schema, "Aanpak")


def field_order() -> list[str]:
    """The top-level keys in the order Decap writes them (the collection's field order)."""
    return list(Aanpak.model_fields)


def cms_config(vocabulaire: Vocabulaire | None, *, repository: str, branch: str = "main",
               oauth_url: str = "", local_backend: str = "") -> dict[str, Any]:
    """Decap's config.yml as data."""
    backend: dict[str, Any] = {"name": "github", "repo": repo_of(repository), "branch": branch,
                               "open_authoring": True, "squash_merges": True,
                               "commit_messages": {
                                   "create": "Nieuwe aanpak: {{slug}}",
                                   "update": "Aanpak bijgewerkt: {{slug}}",
                                   "delete": "Aanpak verwijderd: {{slug}}",
                                   "uploadMedia": "Bestand toegevoegd: {{path}}",
                                   "deleteMedia": "Bestand verwijderd: {{path}}",
                                   "openAuthoring": "{{message}}",
                               }}
    if oauth_url:
        backend["base_url"] = oauth_url.rstrip("/")
        backend["auth_endpoint"] = "auth"
    config: dict[str, Any] = {
        "backend": backend,
        "publish_mode": "editorial_workflow",
        "locale": "nl",
        # Decap requires a media folder; the form has no file fields, and this one lies outside
        # content/, so nothing uploaded through the editor's media library reaches the site.
        "media_folder": "beheer-bestanden",
        "public_folder": "/beheer-bestanden",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [{
            "name": COLLECTION,
            "label": "Aanpakken",
            "label_singular": "Aanpak",
            "description": ("Eén aanpak per bestand in approaches/. Elke wijziging wordt een voorstel (pull request) "
                            "dat automatisch wordt gecontroleerd en daarna door een reviewer bekeken."),
            "folder": "approaches",
            "extension": "yml",
            "format": "yml",
            "create": True,
            "delete": False,
            "slug": "{{slug}}",
            "identifier_field": "titel",
            "summary": "{{titel}}",
            "sortable_fields": ["titel", "bijgewerkt"],
            "editor": {"preview": True},
            "fields": form_fields(vocabulaire),
        }],
    }
    if local_backend:
        config["local_backend"] = {"url": local_backend, "allowed_hosts": ["127.0.0.1", "localhost"]}
    return config


def dump_config(config: dict[str, Any]) -> str:
    header = ("# Generated by the gereedschapskist build from the content model (generator/decap.py).\n"
              "# Do not edit: change generator/model.py or vocabulaire.yml and build again.\n")
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml when present: a rebuild stays quick
    return header + yaml.dump(config, Dumper=dumper, allow_unicode=True, sort_keys=False, width=110)


def _site_styles(site_dir: Path, extra_css: list[str]) -> list[str]:
    """The site's own CSS, relative to beheer/: the theme's bundles and our extra_css."""
    found = sorted(p.relative_to(site_dir).as_posix()
                   for p in (site_dir / "assets" / "stylesheets").glob("*.min.css"))
    return [f"../{path}" for path in found + [c for c in extra_css if not re.match(r"^[a-z]+:", c)]]


PACKAGE_ROOT = Path(__file__).resolve().parent.parent
"""The checkout the generator runs from; its node_modules serve a project that has none of its own."""


def node_file(project_root: Path, relative: Path) -> Path:
    """An installed npm package's file: in the project's node_modules, else in the generator's."""
    for root in (project_root, PACKAGE_ROOT):
        if (root / relative).is_file():
            return root / relative
    raise FileNotFoundError(f"{relative.as_posix()} ontbreekt; draai scripts/setup.sh (npm ci)")


def decap_dist(project_root: Path) -> Path:
    return node_file(project_root, DECAP_DIST / DECAP_SCRIPT).parent


def write_admin(site_dir: Path, project_root: Path, config: dict[str, Any], extra_css: list[str]) -> Path:
    """Put the editor into a built site; returns beheer/."""
    source = decap_dist(project_root)
    target = site_dir / ADMIN_DIR
    target.mkdir(parents=True, exist_ok=True)
    # the bundle loads its chunks (and two WebAssembly modules) from next to itself
    for path in source.iterdir():
        if path.name.endswith(("decap-cms.js", ".wasm")) or path.name == "decap-cms.js.LICENSE.txt":
            _place(path, target / path.name)
    static = project_root / "templates" / "beheer"
    shutil.copyfile(static / "beheer.js", target / "beheer.js")
    shutil.copyfile(static / "beheer.css", target / "beheer.css")
    page = (static / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{ styles }}", _escape_attr(json.dumps(_site_styles(site_dir, extra_css))))
    (target / "index.html").write_text(page, encoding="utf-8")
    (target / "config.yml").write_text(dump_config(config), encoding="utf-8")
    return target


def _place(source: Path, target: Path) -> None:
    """Put a copy of `source` at `target`: a hard link where the file system allows (a rebuild while
    serving then costs nothing), else a copy. Never writes through an existing link."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _escape_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def local_backend_url() -> str:
    return os.environ.get(LOCAL_BACKEND_ENV, "").strip()


def build_admin(mkdocs_config: Any, vocabulaire: Vocabulaire | None) -> Path | None:
    """`write_admin` for a MkDocs build: settings from mkdocs.yml's `extra.gereedschapskist`.

    Without Decap's files (npm packages not installed) the site is built without the editor and
    MkDocs gets a warning, which stops a strict build (CI and publishing build strictly).
    """
    ours = (mkdocs_config.get("extra") or {}).get("gereedschapskist") or {}
    config = cms_config(vocabulaire, repository=str(ours.get("repository", "")), branch=str(ours.get("branch", "main")),
                        oauth_url=str(ours.get("oauth_proxy", "") or ""), local_backend=local_backend_url())
    root = Path(mkdocs_config.config_file_path).resolve().parent
    try:
        return write_admin(Path(mkdocs_config.site_dir), root, config, list(mkdocs_config.get("extra_css") or []))
    except FileNotFoundError as error:
        logging.getLogger("mkdocs.gereedschapskist").warning(
            "Het bewerkscherm (/beheer/) is niet gebouwd: %s", error)
        return None


def field_labels(vocabulaire: Vocabulaire | None = None) -> dict[str, str]:
    """'werkzame_elementen.toelichting' -> 'Werkzame elementen › Toelichting': every field as the form labels it."""
    labels: dict[str, str] = {}

    def walk(fields: list[dict[str, Any]], path: str, label: str) -> None:
        for field in fields:
            where = f"{path}.{field['name']}" if path else field["name"]
            shown = f"{label} › {field['label']}" if label else field["label"]
            labels[where] = shown
            walk(field.get("fields", []), where, shown)

    walk(form_fields(vocabulaire), "", "")
    return labels


def with_form_label(path: str, labels: dict[str, str]) -> str:
    """A diagnostic's field path with the form's label: 'bronnen[0].url (Bronnen › Webadres)'."""
    label = labels.get(re.sub(r"\[\d+\]", "", path))
    return f"{path} ({label})" if label and path else path
