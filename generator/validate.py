"""Validate: turn loaded YAML into typed models, or into positioned Dutch diagnostics.

`load_project` is the one entry point: it reads the vocabulary and every approach file, validates
each against the model, then checks what only the whole collection can tell (unique titles,
`gerelateerd` links, source ids), and finally adds warnings a reviewer would raise. It never raises
for bad input; it returns what is valid plus every diagnostic.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import citations, yamlsource
from .diagnostics import Diagnostic, Diagnostics, format_location, relative_name, suggest
from .model import SLUG, Aanpak, Vocabulaire, source_references
from .paths import Project
from .text import slugify

_TYPE_MESSAGES = {
    "string_type": ("moet een tekst zijn", "zet de tekst eventueel tussen aanhalingstekens"),
    "list_type": ("moet een lijst zijn", "begin elk onderdeel op een nieuwe regel met '- '"),
    "dict_type": ("moet een groep velden zijn (sleutel: waarde)", ""),
    "model_type": ("moet een groep velden zijn (sleutel: waarde)", "zet de velden ingesprongen onder deze sleutel"),
    "model_attributes_type": ("moet een groep velden zijn (sleutel: waarde)", ""),
    "int_parsing": ("moet een heel getal zijn", "bijvoorbeeld 2026"),
    "int_type": ("moet een heel getal zijn", "bijvoorbeeld 2026"),
    "bool_parsing": ("moet true of false zijn", ""),
    "bool_type": ("moet true of false zijn", ""),
    "date_from_datetime_parsing": ("is geen geldige datum", "schrijf JJJJ-MM-DD, bijvoorbeeld 2026-05-01"),
    "date_parsing": ("is geen geldige datum", "schrijf JJJJ-MM-DD, bijvoorbeeld 2026-05-01"),
    "date_type": ("is geen geldige datum", "schrijf JJJJ-MM-DD, bijvoorbeeld 2026-05-01"),
    "date_from_datetime_inexact": ("is geen geldige datum", "schrijf JJJJ-MM-DD, zonder tijd"),
}


@dataclass
class Source:
    """One validated approach with where it came from."""

    slug: str
    file: str
    aanpak: Aanpak
    positions: yamlsource.Positions

    def where(self, *location: str | int) -> tuple[int, int]:
        return self.positions.of(location)


@dataclass
class LoadedProject:
    project: Project
    vocabulaire: Vocabulaire | None
    sources: list[Source] = field(default_factory=list)
    diagnostics: Diagnostics = field(default_factory=Diagnostics)

    @property
    def ok(self) -> bool:
        return self.vocabulaire is not None and not self.diagnostics.errors


def load_project(project: Project, today: dt.date | None = None) -> LoadedProject:
    diagnostics = Diagnostics()
    vocabulaire = _load_vocabulary(project, diagnostics)
    result = LoadedProject(project, vocabulaire, diagnostics=diagnostics)
    context = {"vocabulaire": vocabulaire}
    files = project.approach_files()
    for path in files:
        name = relative_name(path, project.root)
        slug = path.name[: -len(path.suffix)]
        bad_name = _file_name_problem(path, files, project.root)
        if bad_name is not None:
            diagnostics.add(bad_name)
        loaded, problems = yamlsource.load(path, name)
        diagnostics.extend(problems)
        if loaded is None:
            continue
        unfilled = _placeholders(loaded, name, diagnostics)
        aanpak = _validate(Aanpak, loaded, name, diagnostics, context, unfilled)
        if aanpak is not None and bad_name is None:  # a badly named file is checked, never published
            result.sources.append(Source(slug, name, aanpak, loaded.positions))
    if vocabulaire is not None:
        _check_collection(result)
        _warn(result, today or _today())
        for source in result.sources:
            diagnostics.extend(citations.check(source, project.root))
        _warn_plans(result)
    return result


def _file_name_problem(path: Path, files: list[Path], root: Path) -> Diagnostic | None:
    """Why an approach's file name cannot be its slug (its URL), naming any file it collides with.

    Two files collide when they would get the same URL once their names are normalised:
    `Rouw.yml`, `rouw--.yml` and `rouw.yaml` all become `rouw`.
    """
    stem = path.name[: -len(path.suffix)]
    if path.suffix == ".yml" and SLUG.match(stem):
        return None
    name = relative_name(path, root)
    wanted = slugify(stem)
    others = [other for other in files if other != path and slugify(other.name[: -len(other.suffix)]) == wanted]
    clash = ", ".join(relative_name(other, root) for other in others)
    if path.suffix == ".yaml" and SLUG.match(stem):
        if clash:
            return Diagnostic(name, 1, 1, "", f"een aanpak-bestand eindigt op .yml, en {clash} bestaat al",
                              hint="voeg de twee samen in één bestand en verwijder het andere")
        return Diagnostic(name, 1, 1, "", "een aanpak-bestand eindigt op .yml", hint=f"noem het bestand '{stem}.yml'")
    message = f"de bestandsnaam '{path.name}' is geen geldige slug"
    if not wanted:
        return Diagnostic(name, 1, 1, "", message, hint="gebruik kleine letters, cijfers en koppeltekens, "
                                                        "bijvoorbeeld 'samen-werkfit.yml'")
    if clash:
        return Diagnostic(name, 1, 1, "", f"{message} en botst met {clash}",
                          hint=f"beide zouden het webadres aanpakken/{wanted}/ krijgen; "
                               "voeg ze samen of kies een andere naam")
    return Diagnostic(name, 1, 1, "", message,
                      hint=f"noem het bestand '{wanted}.yml': kleine letters, cijfers en koppeltekens")


def _today() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def _load_vocabulary(project: Project, diagnostics: Diagnostics) -> Vocabulaire | None:
    name = relative_name(project.vocabulary_file, project.root)
    if not project.vocabulary_file.exists():
        diagnostics.add(Diagnostic(name, 1, 1, "", "het vocabulairebestand ontbreekt",
                                   hint="het hoort in de hoofdmap van het project te staan"))
        return None
    loaded, problems = yamlsource.load(project.vocabulary_file, name)
    diagnostics.extend(problems)
    if loaded is None:
        return None
    return _validate(Vocabulaire, loaded, name, diagnostics, {})


def _validate(model: type[BaseModel], loaded: yamlsource.Loaded, name: str, diagnostics: Diagnostics,
              context: dict[str, Any], unfilled: frozenset[tuple[str | int, ...]] = frozenset()):
    data = loaded.data
    if not isinstance(data, dict):
        diagnostics.add(Diagnostic(name, 1, 1, "", "het bestand moet beginnen met velden (sleutel: waarde)",
                                   hint="zie approaches/_sjabloon.yml voor een voorbeeld"))
        return None
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        items = error.errors(include_url=False)
        misspelt = _misspelt_fields(items, model)
        for item in items:
            location = tuple(part for part in item["loc"] if part != "[key]")
            if location in unfilled or any(p[:-1] == location and isinstance(p[-1], int) for p in unfilled):
                continue  # already reported as not filled in; the placeholder is not the editor's value
            if item["type"] == "missing" and location in misspelt:
                continue  # the unknown key next to it is reported with 'bedoelde u ...?'; one typo, one error
            diagnostics.add(_translate(item, model, loaded.positions, name))
        return None


def _misspelt_fields(items: list[dict[str, Any]], model: type[BaseModel]) -> set[tuple[str | int, ...]]:
    """Locations of missing fields for which an unknown key in the same group looks like a typo."""
    missing = {tuple(item["loc"]) for item in items if item["type"] == "missing"}
    found = set()
    for item in items:
        if item["type"] != "extra_forbidden":
            continue
        location = tuple(item["loc"])
        match = difflib.get_close_matches(str(location[-1]).lower(), _allowed_fields(model, location[:-1]),
                                          n=1, cutoff=0.6)
        if match and location[:-1] + (match[0],) in missing:
            found.add(location[:-1] + (match[0],))
    return found


PLACEHOLDER = "Vul in:"
"""What marks each text still to be filled in, in approaches/_sjabloon.yml."""


def _placeholders(loaded: yamlsource.Loaded, name: str,
                  diagnostics: Diagnostics) -> frozenset[tuple[str | int, ...]]:
    """Report every value that still holds the template's placeholder text; return their locations."""
    found: list[tuple[str | int, ...]] = []

    def walk(value: Any, location: tuple[str | int, ...]) -> None:
        if isinstance(value, str) and PLACEHOLDER in value:
            found.append(location)
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, location + (key,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, location + (index,))

    walk(loaded.data, ())
    for location in found:
        line, col = loaded.positions.of(location)
        diagnostics.add(Diagnostic(name, line, col, format_location(location), "is nog niet ingevuld",
                                   hint=_placeholder_hint(location)))
    return frozenset(found)


def _placeholder_hint(location: tuple[str | int, ...]) -> str:
    """What to do with a placeholder: fill it in, or remove the optional field (or list) it belongs to."""
    replace = f"vervang '{PLACEHOLDER} ...' door uw eigen tekst"
    optional: list[int] = []  # depths of the optional fields on the way down
    current: Any = Aanpak
    for depth, part in enumerate(location):
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return replace
        if not field_info.is_required():
            optional.append(depth)
        current = _inner_model(field_info.annotation)
    if optional and optional[-1] == len(location) - 1:
        return f"{replace}, of haal de regel weg: dit veld is optioneel"
    if optional:
        return f"{replace}, of haal '{format_location(location[:optional[0] + 1])}' helemaal weg: dat is optioneel"
    return f"{replace}; dit veld is verplicht"


def _translate(item: dict[str, Any], model: type[BaseModel], positions: yamlsource.Positions,
               name: str) -> Diagnostic:
    location = tuple(item["loc"])
    kind = item["type"]
    # pydantic adds "[key]" steps for dict keys it validated; strip them for the editor
    location = tuple(part for part in location if part != "[key]")
    path = format_location(location)
    if kind == "extra_forbidden":
        line, col = positions.of(location, prefer_key=True)
        key = location[-1]
        allowed = _allowed_fields(model, location[:-1])
        hint = suggest(str(key), allowed) or (f"toegestaan: {', '.join(allowed)}" if allowed else "")
        return Diagnostic(name, line, col, path, "onbekend veld", hint=hint)
    if kind == "missing":
        line, col = positions.of(location[:-1], prefer_key=False)
        where = f" onder '{format_location(location[:-1])}'" if location[:-1] else ""
        return Diagnostic(name, line, col, path, "ontbreekt; dit veld is verplicht",
                          hint=f"voeg '{location[-1]}:' toe{where}; zie approaches/_sjabloon.yml voor een voorbeeld")
    line, col = positions.of(location)
    if kind in _TYPE_MESSAGES:
        message, hint = _TYPE_MESSAGES[kind]
        return Diagnostic(name, line, col, path, message, hint=hint)
    ctx = item.get("ctx") or {}
    if kind == "literal_error":
        value = item.get("input")
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = suggest(str(value), options) or f"kies uit: {', '.join(options)}"
        return Diagnostic(name, line, col, path, f"'{value}' is geen toegestane waarde", hint=hint)
    if kind == "too_short":
        minimum = ctx.get("min_length", 1)
        return Diagnostic(name, line, col, path, f"moet minstens {minimum} onderdeel bevatten"
                          if minimum == 1 else f"moet minstens {minimum} onderdelen bevatten")
    if kind == "string_too_short":
        minimum = ctx.get("min_length", 1)
        return Diagnostic(name, line, col, path, "mag niet leeg zijn" if minimum <= 1
                          else f"is te kort (minstens {minimum} tekens)")
    if kind == "string_too_long":
        return Diagnostic(name, line, col, path, f"is te lang (hoogstens {ctx.get('max_length')} tekens)",
                          hint="houd het kort; zet de uitleg in de samenvatting")
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        word = "minstens" if kind == "greater_than_equal" else "hoogstens"
        return Diagnostic(name, line, col, path, f"moet {word} {bound} zijn")
    if kind == "onbekende_term":
        value = item.get("input")
        if isinstance(value, list) and ctx["term"] in value:  # point at the list item itself
            location += (value.index(ctx["term"]),)
            line, col = positions.of(location)
            path = format_location(location)
        return Diagnostic(name, line, col, path, f"'{ctx['term']}' is geen bekend {ctx['label']}",
                          hint=ctx["hint"])
    return Diagnostic(name, line, col, path, str(item.get("msg", "ongeldige waarde")))


def _allowed_fields(model: type[BaseModel], location: tuple[str | int, ...]) -> list[str]:
    """The field names allowed at a location in the model, for suggestions."""
    current: Any = model
    for part in location:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = _inner_model(field_info.annotation)
        if current is None:
            return []
    return sorted(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _check_collection(result: LoadedProject) -> None:
    diagnostics = result.diagnostics
    by_title: dict[str, Source] = {}
    for source in result.sources:
        key = slugify(source.aanpak.titel)
        line, col = source.where("titel")
        if key in by_title:
            other = by_title[key]
            other_line, _ = other.where("titel")
            diagnostics.add(Diagnostic(source.file, line, col, "titel",
                                       f"dezelfde titel als {other.file}:{other_line}",
                                       hint="geef elke aanpak een eigen titel"))
        else:
            by_title[key] = source
    slugs = {s.slug for s in result.sources}
    all_slugs = slugs | {p.stem for p in result.project.approach_files()}
    for source in result.sources:
        for i, target in enumerate(source.aanpak.gerelateerd):
            if target == source.slug:
                line, col = source.where("gerelateerd", i)
                diagnostics.add(Diagnostic(source.file, line, col, f"gerelateerd[{i}]",
                                           "een aanpak kan niet aan zichzelf verwant zijn"))
            elif target not in all_slugs:
                line, col = source.where("gerelateerd", i)
                diagnostics.add(Diagnostic(source.file, line, col, f"gerelateerd[{i}]",
                                           f"er is geen aanpak 'approaches/{target}.yml'",
                                           hint=suggest(target, all_slugs) or "gebruik de bestandsnaam zonder .yml"))
        ids: dict[str, int] = {}
        for i, bron in enumerate(source.aanpak.bronnen):
            if bron.id in ids:
                line, col = source.where("bronnen", i, "id")
                first_line, _ = source.where("bronnen", ids[bron.id], "id")
                diagnostics.add(Diagnostic(source.file, line, col, f"bronnen[{i}].id",
                                           f"de sleutel '{bron.id}' staat ook op regel {first_line}",
                                           hint="geef elke bron een eigen id"))
            else:
                ids[bron.id] = i
        for location, ref in source_references(source.aanpak):
            if ref not in ids:
                line, col = source.where(*location)
                known = ", ".join(ids) if ids else "er staan nog geen bronnen in 'bronnen'"
                diagnostics.add(Diagnostic(source.file, line, col, format_location(location),
                                           f"er is geen bron met id '{ref}'",
                                           hint=suggest(ref, ids) or f"bekende ids: {known}"))


def _warn(result: LoadedProject, today: dt.date) -> None:
    from .catalog import near_duplicates  # the catalog owns how elements are grouped

    diagnostics = result.diagnostics
    for source in result.sources:
        aanpak = source.aanpak
        if not aanpak.bronnen:
            line, col = source.where("bronnen")  # the key if present, else the top of the file
            diagnostics.add(Diagnostic(source.file, line, col, "bronnen", "deze aanpak noemt geen bronnen",
                                       severity="waarschuwing",
                                       hint="zet onder 'bronnen:' de publicaties waarop de beschrijving steunt; "
                                            "zie CONTRIBUTING.md"))
        for i, element in enumerate(aanpak.werkzame_elementen):
            if not element.toelichting:
                line, col = source.where("werkzame_elementen", i)
                diagnostics.add(Diagnostic(source.file, line, col, f"werkzame_elementen[{i}]",
                                           f"het werkzame element '{element.naam}' heeft geen toelichting",
                                           severity="waarschuwing",
                                           hint="voeg 'toelichting:' toe en leg in een zin of twee uit "
                                                "wat het inhoudt en waarom het werkt"))
        if (today - aanpak.bijgewerkt).days > 2 * 365:
            line, col = source.where("bijgewerkt")
            diagnostics.add(Diagnostic(source.file, line, col, "bijgewerkt",
                                       f"de beschrijving is op {aanpak.bijgewerkt.isoformat()} bijgewerkt, "
                                       "meer dan twee jaar geleden",
                                       severity="waarschuwing",
                                       hint="kijk of de inhoud nog klopt en zet de datum daarna op vandaag"))
    for kind in ("werkzame_elementen", "contextfactoren"):
        for first, second in near_duplicates(result.sources, kind):
            # on both names: whichever file a pull request changes, its editor sees the warning there
            for (src_a, i, name_a), (src_b, j, name_b) in ((first, second), (second, first)):
                line, col = src_b.where(kind, j, "naam")
                other_line, _ = src_a.where(kind, i, "naam")
                diagnostics.add(Diagnostic(src_b.file, line, col, f"{kind}[{j}].naam",
                                           f"'{name_b}' lijkt op '{name_a}' in {src_a.file}:{other_line}",
                                           severity="waarschuwing",
                                           hint="gebruik precies dezelfde naam als het hetzelfde is, "
                                                "dan worden ze gekoppeld"))


PLAN = "plan"
"""The status of an approach that so far exists only as a plan (vocabulaire.yml, statussen)."""


def _warn_plans(result: LoadedProject) -> None:
    """A plan has no results and no tested working elements yet: say so where the file claims them."""
    for source in result.sources:
        aanpak = source.aanpak
        if aanpak.status != PLAN:
            continue
        for kind, what in (("resultaten", "resultaten"), ("werkzame_elementen", "werkzame elementen")):
            if getattr(aanpak, kind):
                line, col = source.where(kind)
                result.diagnostics.add(Diagnostic(
                    source.file, line, col, kind,
                    f"een aanpak met status '{PLAN}' is nog niet uitgevoerd en heeft dus nog geen {what}",
                    severity="waarschuwing",
                    hint="beschrijf wat het plan van plan is onder 'aanpak.onderdelen', of kies een andere "
                         "status zodra de bronnen laten zien dat de aanpak is uitgevoerd"))
