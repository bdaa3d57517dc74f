"""Validate: turn loaded YAML into typed models, or into positioned Dutch diagnostics.

`load_project` is the one entry point: it reads the vocabulary and every approach file, validates
each against the model, then checks what only the whole collection can tell (unique titles,
`gerelateerd` links, source ids), and finally adds warnings a reviewer would raise. It never raises
for bad input; it returns what is valid plus every diagnostic.
"""

from __future__ import annotations

import datetime as dt
import difflib
import gc
import hashlib
import os
import pickle
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator

from pydantic import BaseModel, ValidationError

from . import citations, limits, yamlsource
from .diagnostics import Diagnostic, Diagnostics, format_location, relative_name, suggest
from .model import SLUG, Aanpak, Vocabulaire, source_references
from .paths import Project
from .sharing import share
from .similarity import near_duplicates
from .text import slugify
from .workers import spread

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
    files: list[Path] = field(default_factory=list)
    """Every approach file as listed for this load (`Project.approach_files`)."""

    @property
    def ok(self) -> bool:
        return self.vocabulaire is not None and not self.diagnostics.errors


def load_project(project: Project, today: dt.date | None = None,
                 cache: dict[Path, tuple[Any, Any]] | None = None, shared: bool = True) -> LoadedProject:
    """Everything valid in the project, and every diagnostic.

    With a `cache` (a dict kept between calls while serving, or `check_cache.StoredChecks` kept
    between runs), a file whose bytes, the names of the other files and the vocabulary are what they
    were at the last call is not read and checked again: its diagnostics and approach are taken from
    the cache, keyed by a hash of all three. What only the whole collection can tell is checked every
    time. With `shared` (for a build: the approaches are rendered next), equal small values in them are
    kept once (generator/sharing.py); a check alone skips that.
    """
    diagnostics = Diagnostics()
    links = _symlinks(project)
    diagnostics.extend(_symlink_diagnostic(path, project.root) for path in links)
    diagnostics.extend(_long_file_names(project))
    vocabulaire = _load_vocabulary(project, diagnostics) if project.vocabulary_file not in links else None
    result = LoadedProject(project, vocabulaire, diagnostics=diagnostics, files=project.approach_files())
    context = {"vocabulaire": vocabulaire}
    files = [] if project.approaches_dir in links else result.files
    files = [path for path in files if path not in links]  # links are reported above; never read

    def read(path: Path) -> tuple[list[Diagnostic], Source | None]:
        """Everything one file can tell on its own: its diagnostics, and the approach when it is valid."""
        found = Diagnostics()
        name = relative_name(path, project.root)
        slug = path.name[: -len(path.suffix)]
        bad_name = _file_name_problem(path, files, project.root)
        if bad_name is not None:
            found.add(bad_name)
        loaded, problems = yamlsource.load(path, name)
        found.extend(problems)
        if loaded is None:
            return found.items, None
        unfilled = _placeholders(loaded, name, found)
        reported = _limits(Aanpak, loaded, name, found)
        aanpak = _validate(Aanpak, loaded, name, found, context, unfilled, reported)
        too_long = len(slug) > MAX_FILE_NAME  # reported by _long_file_names
        if aanpak is None or bad_name is not None or too_long:  # a badly named file is checked, never published
            return found.items, None
        source = Source(slug, name, aanpak, loaded.positions)
        if vocabulaire is not None:
            found.extend(citations.check(source, project.root))
        source.positions.pack()  # from here on, only a message asks for a position
        return found.items, source

    if cache is None:
        with collector_paused():
            checked = _read_all(read, files, shared)
    else:
        # what every file's checks depend on besides its bytes, hashed once for all files: the names of
        # the others (a file's name is checked against them) and the vocabulary
        around = hashlib.blake2b(digest_size=16)
        for part in ("\0".join(path.name for path in files).encode("utf-8", "surrogateescape"),
                     b"" if vocabulaire is None else vocabulaire.model_dump_json().encode()):
            around.update(len(part).to_bytes(8, "big") + part)
        with collector_paused():
            checked = _cached(cache, files, around, read, shared)
        for path in set(cache) - set(files):
            del cache[path]
    for problems, source in checked:
        diagnostics.extend(problems)
        if source is not None:
            result.sources.append(source)
    if vocabulaire is not None:
        _check_collection(result)
        _warn(result, today or _today())
        _warn_plans(result)
    return result


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the files are read and checked, or unpickled.

    That makes hundreds of thousands of objects that all stay: the collector would only walk them,
    again and again as they grow in number (about an eighth of the CPU time of checking a thousand files).
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_all(read: Callable[[Path], tuple[list[Diagnostic], Source | None]],
              files: list[Path], shared: bool) -> list[tuple[list[Diagnostic], Source | None]]:
    """read(path) for every file, in order, shared among the cores (`workers.spread`).

    A file checked in another process comes back pickled: at 1,000 approaches that is about 0.2 s
    of the 8 s their checks take. Equal small values are kept once (generator/sharing.py) as each
    approach is ready here, so what they replace is freed and its memory used again for the next.
    For the same reason an approach from another process stays pickled until its turn.
    """
    here = os.getpid()

    def checked(path: Path) -> tuple[list[Diagnostic], Source | bytes | None]:
        problems, source = read(path)
        if source is None:
            return problems, None
        if os.getpid() != here:
            return problems, pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)
        if shared:
            share(source.aanpak)
        return problems, source

    result: list[tuple[list[Diagnostic], Source | None]] = []
    for problems, source in spread(checked, files):
        if isinstance(source, bytes):
            source = pickle.loads(source)
            if shared:
                share(source.aanpak)
        result.append((problems, source))
    return result


def _cached(cache: dict[Path, tuple[Any, Any]], files: list[Path], around: Any,
            read: Callable[[Path], tuple[list[Diagnostic], Source | None]], shared: bool) -> list[Any]:
    """read(path) for every file, or what it gave before for the same bytes in the same surroundings
    (`around`, a blake2b hash of the other files' names and the vocabulary). The files to read are
    read together (`_read_all`, which shares what it reads when `shared`); the cache keeps what they
    gave. An approach in the cache is shared already: read here, or unpickled by `StoredChecks`."""
    keys: dict[Path, bytes] = {}
    kept: dict[Path, Any] = {}
    for path in files:
        digest = around.copy()
        try:
            digest.update(path.read_bytes())
        except OSError:
            continue  # read below: the loader reports why the file cannot be read
        keys[path] = digest.digest()
        entry = cache.get(path)
        if entry is not None and entry[0] == keys[path]:
            kept[path] = entry[1]
    todo = [path for path in files if path not in kept]
    fresh = dict(zip(todo, _read_all(read, todo, shared)))
    for path, checks in fresh.items():
        if path in keys:
            cache[path] = (keys[path], checks)
    return [kept[path] if path in kept else fresh[path] for path in files]


def _limits(model: type[BaseModel], loaded: yamlsource.Loaded, name: str,
            diagnostics: Diagnostics) -> frozenset[tuple[str | int, ...]]:
    """Report every limit the data breaks (see limits.py); return the places, so that the model's own
    message about a length at the same place (a title's) is not given twice."""
    found = limits.check(model, loaded, name)
    diagnostics.extend(found)
    return frozenset(_location(d.path) for d in found)


def _location(path: str) -> tuple[str | int, ...]:
    """The data location of a formatted path (`a.b[0].c` -> ('a', 'b', 0, 'c'))."""
    parts: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        parts.append(int(index) if index else name)
    return tuple(parts)


# Where a symbolic link is refused: everything the site is built from, and where it is built to. A link
# would make the build read (and publish) a file from elsewhere on the machine, or, for `site`, make
# the swap of a new site into place empty the directory it points to.
LINK_FREE = ("approaches", "content", "templates", "vocabulaire.yml", "mkdocs.yml", "site")

MAX_FILE_NAME = 80
"""Longest file or folder name in approaches/, content/ and templates/, without its extension."""


def _symlinks(project: Project) -> set[Path]:
    """Every symbolic link among LINK_FREE and anywhere inside those folders."""
    found: set[Path] = set()
    pending = []
    for part in LINK_FREE:
        path = project.root / part
        if path.is_symlink():
            found.add(path)
        elif path.is_dir() and part != "site":
            pending.append(path)
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_symlink():
                found.add(Path(entry.path))
            elif entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
    return found


def _symlink_diagnostic(path: Path, root: Path) -> Diagnostic:
    name = path.relative_to(root).as_posix()
    if name == "site":
        return Diagnostic(name, 1, 1, "", "de map site is een symbolische koppeling (symlink); bij het bouwen "
                                          "zou de map waar hij naar wijst worden leeggemaakt",
                          hint="haal de koppeling weg met git rm site; de bouw maakt site/ zelf aan")
    return yamlsource.symlink_diagnostic(name)


def _long_file_names(project: Project) -> list[Diagnostic]:
    """File and folder names too long to be a web address, in the folders pages are made from."""
    found = []
    for part in ("approaches", "content", "templates"):
        top = project.root / part
        if not top.is_dir() or top.is_symlink():
            continue
        for folder, dirs, files in os.walk(top):
            for entry in dirs + files:
                stem = entry.split(".")[0] if not entry.startswith(".") else entry
                if len(stem) > MAX_FILE_NAME:
                    name = relative_name(Path(folder) / entry, project.root)
                    found.append(Diagnostic(name, 1, 1, "", f"de naam is te lang ({len(stem)} tekens; de grens "
                                            f"is {MAX_FILE_NAME} tekens zonder de extensie)",
                                            hint="kies een kortere naam; hij wordt deel van het webadres"))
    return found


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
    reported = _limits(Vocabulaire, loaded, name, diagnostics)
    return _validate(Vocabulaire, loaded, name, diagnostics, {}, reported=reported)


def _validate(model: type[BaseModel], loaded: yamlsource.Loaded, name: str, diagnostics: Diagnostics,
              context: dict[str, Any], unfilled: frozenset[tuple[str | int, ...]] = frozenset(),
              reported: frozenset[tuple[str | int, ...]] = frozenset()):
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
            if location in reported and item["type"] == "string_too_long":
                continue  # reported already as over a limit, with its own message
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
        if key in by_title:
            line, col = source.where("titel")
            other = by_title[key]
            other_line, _ = other.where("titel")
            diagnostics.add(Diagnostic(source.file, line, col, "titel",
                                       f"dezelfde titel als {other.file}:{other_line}",
                                       hint="geef elke aanpak een eigen titel"))
        else:
            by_title[key] = source
    slugs = {s.slug for s in result.sources}
    all_slugs = slugs | {p.stem for p in result.files}
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
        for group in near_duplicates(result.sources, kind):
            diagnostics.add(_look_alike_warning(kind, group))


SHOWN_LOOK_ALIKES = 3
"""A warning about names that look alike names at most this many of the others."""


def _look_alike_warning(kind: str, group: list[tuple[Source, int, str]]) -> Diagnostic:
    """One warning for a group of look-alike names, at the first, naming (some of) the others."""
    (source, index, name), others = group[0], group[1:]
    line, col = source.where(kind, index, "naam")
    shown = []
    for other, other_index, other_name in others[:SHOWN_LOOK_ALIKES]:
        other_line, _ = other.where(kind, other_index, "naam")
        shown.append(f"'{other_name}' in {other.file}:{other_line}")
    rest = len(others) - len(shown)
    names = ", ".join(shown[:-1]) + " en " + shown[-1] if len(shown) > 1 else shown[0]
    if rest:
        names = ", ".join(shown) + f" en nog {rest} andere {'naam' if rest == 1 else 'namen'}"
    return Diagnostic(source.file, line, col, f"{kind}[{index}].naam", f"'{name}' lijkt op {names}",
                      severity="waarschuwing",
                      hint="gebruik precies dezelfde naam als het hetzelfde is, dan worden ze gekoppeld")


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
