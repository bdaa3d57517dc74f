"""Open data: the catalog as JSON, CSV and JSON Schema files, and schema.org JSON-LD per approach.

`data/aanpakken.json` holds every field of every approach exactly as the model reads it from the
YAML files (so it can be read back into the model), plus a header with the format version and the
licence, and the vocabulary terms the approaches refer to by key. `data/schema.json` describes that
whole document; the schema of a single approach file is embedded in it under `$defs/Aanpak`.
"""

from __future__ import annotations

import copy
import csv
import functools
import io
import json
import re
from typing import TYPE_CHECKING, Any, Callable, Iterator

from . import citations, schema, visual
from .model import SLUG, Organisatie, Vocabulaire
from .packed import Packed
from .settings import SiteSettings

if TYPE_CHECKING:
    from .catalog import Catalog, Entry

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
FORMAT_VERSION = "1.0"

CSV_COLUMNS = ["slug", "titel", "samenvatting", "status", "bewijsniveau", "themas", "doelgroepen", "fasen",
               "organisaties", "kosten_bekend", "bijgewerkt", "url"]

# The vocabulary lists that approach fields refer to by key, in the order of the model.
VOCABULARY_LISTS = ("statussen", "bewijsniveaus", "themas", "doelgroepen", "fasen")


def approach_data(entry: "Entry") -> dict[str, Any]:
    """Every field of an approach as JSON-ready data (dates as ISO text, unset fields left out)."""
    data = entry.aanpak.model_dump(mode="json", exclude_none=True)
    data["bronverwijzingen"] = citations.references(data)
    return data


def page_url(entry: "Entry", settings: "SiteSettings") -> str:
    return f"{settings.site_url.rstrip('/')}/aanpakken/{entry.slug}/" if settings.site_url else \
        f"aanpakken/{entry.slug}/"


def vocabulary_data(vocabulaire: Vocabulaire) -> dict[str, Any]:
    """The terms approaches refer to by key, with their titles and descriptions."""
    return {kind: {key: term.model_dump(mode="json") for key, term in getattr(vocabulaire, kind).items()}
            for kind in VOCABULARY_LISTS}


def catalog_document(catalog: "Catalog", settings: "SiteSettings") -> dict[str, Any]:
    """The open-data file as one dict: what `catalog_json_pieces` writes a piece at a time."""
    document = _document_head(catalog, settings)
    document["aanpakken"] = [_approach_item(e) for e in catalog.aanpakken]
    document["vocabulaire"] = vocabulary_data(catalog.vocabulaire)
    return document


def _document_head(catalog: "Catalog", settings: "SiteSettings") -> dict[str, Any]:
    document: dict[str, Any] = {
        "versie": FORMAT_VERSION,
        "licentie": LICENCE,
        "licentie_url": LICENCE_URL,
        "bron": settings.site_name,
    }
    if settings.site_url:
        document["url"] = settings.site_url.rstrip("/") + "/"
    if catalog.aanpakken:
        document["bijgewerkt"] = max(e.aanpak.bijgewerkt for e in catalog.aanpakken).isoformat()
    document["aantal"] = len(catalog.aanpakken)
    return document


def _approach_item(entry: "Entry") -> dict[str, Any]:
    return {"slug": entry.slug, **approach_data(entry)}


def approach_json(entry: "Entry") -> str:
    """One approach in data/aanpakken.json, as compact JSON."""
    return _compact(_approach_item(entry))


def _compact(value: Any) -> str:
    # compact: Python's C encoder, and a third smaller than indented (19 MB at 1,000 approaches)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def catalog_json(catalog: "Catalog", settings: "SiteSettings",
                 item: Callable[["Entry"], str] | None = None) -> str:
    return "".join(catalog_json_pieces(catalog, settings, item))


def catalog_json_pieces(catalog: "Catalog", settings: "SiteSettings",
                        item: Callable[["Entry"], str] | None = None) -> Iterator[str]:
    """`catalog_document` as compact JSON, one approach at a time: at 5,000 approaches the file is
    160 MB, and its dict and text together would be more than the rest of the build holds. `item`
    gives an approach's JSON (`approach_json`, or the same kept from the last render while serving)."""
    item = item or approach_json
    yield _compact(_document_head(catalog, settings))[:-1] + ',"aanpakken":['
    for i, entry in enumerate(catalog.aanpakken):
        yield ("," if i else "") + item(entry)
    yield '],"vocabulaire":' + _compact(vocabulary_data(catalog.vocabulaire)) + "}\n"


# A spreadsheet runs a cell that begins with one of these as a formula (OWASP, "CSV Injection"); the
# full-width forms are read as the same by some. Leading spaces do not stop every spreadsheet.
_FORMULA_START = re.compile("^[ \u00a0]*[=+\\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")


def csv_cell(value: object) -> str:
    """A value as a CSV cell no spreadsheet runs as a formula.

    As OWASP recommends, a cell that begins with =, +, -, @, a tab or a carriage return gets a single
    quote in front, which spreadsheets show as text. So does every part of a cell after a ';': Dutch
    spreadsheets split a CSV file on ';', and several values in one cell are joined with it. A cell
    with a line break (or a bare carriage return) is always quoted, see `catalog_csv`.
    """
    parts = str(value).split(";")
    return ";".join("'" + part if _FORMULA_START.match(part) else part for part in parts)


def catalog_csv(catalog: "Catalog", settings: "SiteSettings") -> str:
    """data/aanpakken.csv: one row per approach, RFC 4180 (CRLF line ends, so that a cell holding a
    carriage return or a line feed is quoted and cannot start a row of its own)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for entry in catalog.aanpakken:
        a = entry.aanpak
        writer.writerow(csv_cell(cell) for cell in [
            entry.slug, a.titel, " ".join(citations.strip(a.samenvatting).split()), a.status, a.bewijsniveau,
            ";".join(a.themas), ";".join(a.doelgroepen), ";".join(a.fasen),
            ";".join(o.naam for o in a.organisaties), "ja" if a.kosten_baten.kosten_bekend else "nee",
            a.bijgewerkt.isoformat(), page_url(entry, settings),
        ])
    return out.getvalue()


CITATIONS_SCHEMA = {
    "type": "array",
    "title": "Bronverwijzingen",
    "description": ("Elke bronverwijzing in de teksten van de aanpak, zoals [@bron-id, p. 12]: het veld waarin "
                    "ze staat, de id van de bron in 'bronnen' en de plaats in die bron (als die er is). De "
                    "teksten zelf bevatten de verwijzingen zoals de redactie ze schreef."),
    "items": {
        "type": "object",
        "additionalProperties": False,
        "required": ["veld", "bron"],
        "properties": {
            "veld": {"type": "string", "description": "Het veld, zoals aanpak.beschrijving of werkzame_elementen[0].toelichting."},
            "bron": {"type": "string", "description": "De id van de bron in 'bronnen'."},
            "plaats": {"type": "string", "description": "Pagina, paragraaf of tabel in de bron, zoals 'p. 12'."},
        },
    },
}


def document_schema(vocabulaire: Vocabulaire | None) -> dict[str, Any]:
    """JSON Schema of data/aanpakken.json: the header, the approaches and the vocabulary."""
    approach = copy.deepcopy(schema.approach_schema(vocabulaire))
    definitions = approach.pop("$defs", {})
    approach.pop("$schema", None)
    approach.pop("$id", None)
    approach["title"] = "Aanpak"
    approach["description"] = ("Eén aanpak met al zijn velden, zoals in approaches/<slug>.yml, plus de slug "
                               "(de bestandsnaam zonder .yml, ook het laatste deel van het webadres).")
    approach["properties"] = {"slug": {"type": "string", "pattern": SLUG.pattern, "title": "Slug",
                                       "description": "Korte naam van de aanpak; bestandsnaam en webadres."},
                              **approach["properties"], "bronverwijzingen": CITATIONS_SCHEMA}
    approach["required"] = ["slug", *approach.get("required", [])]
    if "Aanpak" in definitions or "Term" in definitions:
        raise RuntimeError("schema definition names collide")  # pragma: no cover - guards a model rename
    term = {
        "type": "object",
        "title": "Term",
        "description": "Een term uit vocabulaire.yml: titel en uitleg, voor fasen ook de weken.",
        "required": ["titel", "beschrijving"],
        "properties": {
            "titel": {"type": "string", "title": "Titel"},
            "in_gewone_woorden": {"type": ["string", "null"], "title": "In gewone woorden"},
            "beschrijving": {"type": "string", "title": "Beschrijving"},
            "niveau": {"type": "integer", "title": "Niveau"},
            "week_van": {"type": "integer", "title": "Week van"},
            "week_tot": {"type": "integer", "title": "Week tot"},
        },
        "additionalProperties": False,
    }
    term_map = {"type": "object", "additionalProperties": {"$ref": "#/$defs/Term"}}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Open data van de gereedschapskist re-integratie 2e spoor",
        "description": ("Het bestand data/aanpakken.json: alle aanpakken met al hun velden, met de versie van "
                        "het formaat, de licentie en de termen waar de velden naar verwijzen."),
        "type": "object",
        "required": ["versie", "licentie", "licentie_url", "bron", "aantal", "aanpakken", "vocabulaire"],
        "additionalProperties": False,
        "properties": {
            "versie": {"type": "string", "title": "Versie", "const": FORMAT_VERSION,
                       "description": "Versie van dit formaat; verandert als velden wegvallen of van betekenis "
                                      "veranderen."},
            "licentie": {"type": "string", "title": "Licentie", "description": "SPDX-naam van de licentie."},
            "licentie_url": {"type": "string", "title": "Licentie url", "format": "uri"},
            "bron": {"type": "string", "title": "Bron", "description": "Naam van de website."},
            "url": {"type": "string", "title": "Url", "format": "uri", "description": "Adres van de website."},
            "bijgewerkt": {"type": "string", "title": "Bijgewerkt", "format": "date",
                           "description": "Datum van de laatst bijgewerkte aanpak (JJJJ-MM-DD)."},
            "aantal": {"type": "integer", "minimum": 0, "title": "Aantal",
                       "description": "Het aantal aanpakken in de lijst."},
            "aanpakken": {"type": "array", "title": "Aanpakken", "items": {"$ref": "#/$defs/Aanpak"}},
            "vocabulaire": {
                "type": "object", "title": "Vocabulaire",
                "description": "De termen waar status, bewijsniveau, themas, doelgroepen en fasen naar verwijzen.",
                "required": list(VOCABULARY_LISTS),
                "additionalProperties": False,
                "properties": {kind: term_map for kind in VOCABULARY_LISTS},
            },
        },
        "$defs": {**definitions, "Aanpak": approach, "Term": term},
    }


def comparison(entry: "Entry", catalog: "Catalog") -> str:
    """The few facts the comparison view puts side by side, one small file per approach."""
    a, vocab = entry.aanpak, catalog.vocabulaire
    data = {
        "slug": entry.slug,
        "titel": a.titel,
        "samenvatting": " ".join(citations.strip(a.samenvatting).split()),
        "status": vocab.statussen[a.status].titel,
        "bewijsniveau": vocab.bewijsniveaus[a.bewijsniveau].titel,
        "themas": [vocab.themas[k].titel for k in a.themas],
        "doelgroepen": [vocab.doelgroepen[k].titel for k in a.doelgroepen],
        "kosten": " ".join(citations.strip(a.kosten_baten.samenvatting).split()),
        "kosten_bekend": a.kosten_baten.kosten_bekend,
        "kenmerken": visual.marks(vocab, a),  # for window.gkKenmerken in the comparison table
        "werkzame_elementen": [e.naam for e in a.werkzame_elementen],
        "contextfactoren": [f.naam for f in a.contextfactoren],
        "randvoorwaarden": [r.naam for r in a.randvoorwaarden],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def makers(catalog: "Catalog", settings: "SiteSettings", pack: bool = False,
           item: Callable[["Entry"], str] | None = None) -> dict[str, Callable[[], Any]]:
    """Every open-data file, as a function that makes it: text, or with `pack` the big catalog file
    compressed as it is written (render_site makes them on every core). `item`: as in
    `catalog_json_pieces`."""
    result: dict[str, Callable[[], Any]] = {
        f"data/vergelijk/{e.slug}.json": functools.partial(comparison, e, catalog) for e in catalog.aanpakken}
    if pack:
        result["data/aanpakken.json"] = lambda: Packed.from_chunks(catalog_json_pieces(catalog, settings, item))
    else:
        result["data/aanpakken.json"] = functools.partial(catalog_json, catalog, settings, item)
    result["data/aanpakken.csv"] = functools.partial(catalog_csv, catalog, settings)
    result["data/schema.json"] = lambda: schema.dumps(document_schema(catalog.vocabulaire))
    return result


def is_funder(organisatie: Organisatie) -> bool:
    """An organisation that only pays for the approach: its role names financing ('financier',
    'medefinancier', 'gefinancierd'). Funders are not authors, in a citation or in JSON-LD."""
    return bool(organisatie.rol) and "financier" in organisatie.rol.lower()


def _organisation(organisatie: Organisatie) -> dict[str, Any]:
    return {"@type": "Organization", "name": organisatie.naam,
            **({"url": organisatie.website} if organisatie.website else {})}


def jsonld(entry: "Entry", settings: "SiteSettings", vocabulaire: Vocabulaire | None = None) -> dict[str, Any]:
    """schema.org description of an approach page, for search engines and portals.

    With the vocabulary, themes are given by their titles; without it, by their keys.
    """
    a = entry.aanpak
    funders = [o for o in a.organisaties if is_funder(o)]
    makers = [o for o in a.organisaties if not is_funder(o)]
    if not makers:  # only funders named: they are the authors after all
        makers, funders = funders, []
    themes = [vocabulaire.themas[k].titel for k in a.themas] if vocabulaire else list(a.themas)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": a.titel,
        "abstract": " ".join(citations.strip(a.samenvatting).split()),
        "inLanguage": "nl",
        "dateModified": a.bijgewerkt.isoformat(),
        "license": LICENCE_URL,
        "keywords": themes,
        "author": [_organisation(o) for o in makers],
        "isPartOf": {"@type": "WebSite", "name": settings.site_name,
                     **({"url": settings.site_url.rstrip("/") + "/"} if settings.site_url else {})},
    }
    if funders:
        data["funder"] = [_organisation(o) for o in funders]
    if vocabulaire:
        data["audience"] = [{"@type": "Audience", "audienceType": vocabulaire.doelgroepen[k].titel}
                            for k in a.doelgroepen]
    if settings.site_url:
        data["url"] = page_url(entry, settings)
    if a.bronnen:
        data["citation"] = [{"@type": "CreativeWork", "name": b.titel, "datePublished": str(b.jaar),
                             "publisher": {"@type": "Organization", "name": b.organisatie},
                             **({"url": b.url} if b.url else {})} for b in a.bronnen]
    return data
