"""Validate: turn loaded YAML into typed models, or into positioned Dutch diagnostics.

`load_project` is the one entry point: it reads the vocabulary and every approach file, validates
each against the model, then checks what only the whole collection can tell (unique titles,
`gerelateerd` links, source ids), and finally adds warnings a reviewer would raise. It never raises
for bad input; it returns what is valid plus every diagnostic.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import yamlsource
from .diagnostics import Diagnostic, Diagnostics, format_location, relative_name, suggest
from .model import SLUG, Aanpak, Vocabulaire, source_references
from .paths import Project
from .text import slugify

_TYPE_MESSAGES = {
    "missing": ("ontbreekt; dit veld is verplicht", "voeg het veld toe (zie approaches/_sjabloon.yml)"),
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
    for path in project.approach_files():
        name = relative_name(path, project.root)
        slug = path.name[: -len(path.suffix)]
        if path.suffix == ".yaml":
            diagnostics.add(Diagnostic(name, 1, 1, "", "een aanpak-bestand eindigt op .yml",
                                       hint=f"noem het bestand '{slug}.yml'"))
            continue
        if not SLUG.match(slug):
            diagnostics.add(Diagnostic(name, 1, 1, "", f"de bestandsnaam '{path.name}' is geen geldige slug",
                                       hint=f"noem het bestand '{slugify(slug)}.yml': kleine letters, "
                                            "cijfers en koppeltekens"))
            continue
        loaded, problems = yamlsource.load(path, name)
        diagnostics.extend(problems)
        if loaded is None:
            continue
        aanpak = _validate(Aanpak, loaded, name, diagnostics, context)
        if aanpak is not None:
            result.sources.append(Source(slug, name, aanpak, loaded.positions))
    if vocabulaire is not None:
        _check_collection(result)
        _warn(result, today or _today())
    return result


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
              context: dict[str, Any]):
    data = loaded.data
    if not isinstance(data, dict):
        diagnostics.add(Diagnostic(name, 1, 1, "", "het bestand moet beginnen met velden (sleutel: waarde)",
                                   hint="zie approaches/_sjabloon.yml voor een voorbeeld"))
        return None
    try:
        return model.model_validate(data, context=context)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            diagnostics.add(_translate(item, model, loaded.positions, name))
        return None


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
        return Diagnostic(name, line, col, path, f"onbekend veld '{key}'", hint=hint)
    if kind == "missing":
        line, col = positions.of(location[:-1], prefer_key=False)
        message, hint = _TYPE_MESSAGES["missing"]
        return Diagnostic(name, line, col, path, message, hint=hint)
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
            line, col = source.where("bronnen") if ("bronnen",) in source.positions.keys else (1, 1)
            diagnostics.add(Diagnostic(source.file, line, col, "bronnen", "deze aanpak noemt geen bronnen",
                                       severity="waarschuwing",
                                       hint="voeg de publicaties toe waarop de beschrijving steunt"))
        for i, element in enumerate(aanpak.werkzame_elementen):
            if not element.toelichting:
                line, col = source.where("werkzame_elementen", i)
                diagnostics.add(Diagnostic(source.file, line, col, f"werkzame_elementen[{i}]",
                                           f"het werkzame element '{element.naam}' heeft geen toelichting",
                                           severity="waarschuwing",
                                           hint="leg in een zin of twee uit wat het inhoudt"))
        if (today - aanpak.bijgewerkt).days > 2 * 365:
            line, col = source.where("bijgewerkt")
            diagnostics.add(Diagnostic(source.file, line, col, "bijgewerkt",
                                       f"de beschrijving is ouder dan twee jaar ({aanpak.bijgewerkt.isoformat()})",
                                       severity="waarschuwing",
                                       hint="kijk of de inhoud nog klopt en zet de datum daarna op vandaag"))
    for kind in ("werkzame_elementen", "contextfactoren"):
        for (src_a, i, name_a), (src_b, j, name_b) in near_duplicates(result.sources, kind):
            line, col = src_b.where(kind, j, "naam")
            other_line, _ = src_a.where(kind, i, "naam")
            diagnostics.add(Diagnostic(src_b.file, line, col, f"{kind}[{j}].naam",
                                       f"'{name_b}' lijkt op '{name_a}' in {src_a.file}:{other_line}",
                                       severity="waarschuwing",
                                       hint="gebruik precies dezelfde naam als het hetzelfde is, "
                                            "dan worden ze gekoppeld"))
