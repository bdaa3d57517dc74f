"""Open data: the catalog as JSON, CSV and JSON Schema files, and schema.org JSON-LD per approach."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING, Any

from . import schema

if TYPE_CHECKING:
    from .catalog import Catalog, Entry
    from .render import SiteSettings

LICENCE = "CC-BY-4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.nl"
FORMAT_VERSION = "1.0"

CSV_COLUMNS = ["slug", "titel", "samenvatting", "status", "bewijsniveau", "themas", "doelgroepen", "fasen",
               "organisaties", "kosten_bekend", "bijgewerkt", "url"]


def approach_data(entry: "Entry") -> dict[str, Any]:
    """Every field of an approach as JSON-ready data (dates as ISO text, unset fields left out)."""
    return entry.aanpak.model_dump(mode="json", exclude_none=True)


def page_url(entry: "Entry", settings: "SiteSettings") -> str:
    return f"{settings.site_url.rstrip('/')}/aanpakken/{entry.slug}/" if settings.site_url else \
        f"aanpakken/{entry.slug}/"


def catalog_json(catalog: "Catalog", settings: "SiteSettings") -> str:
    document = {
        "versie": FORMAT_VERSION,
        "licentie": LICENCE,
        "licentie_url": LICENCE_URL,
        "bron": settings.site_name,
        "aantal": len(catalog.aanpakken),
        "aanpakken": [{"slug": e.slug, **approach_data(e)} for e in catalog.aanpakken],
    }
    return json.dumps(document, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def catalog_csv(catalog: "Catalog", settings: "SiteSettings") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in catalog.aanpakken:
        a = entry.aanpak
        writer.writerow([
            entry.slug, a.titel, " ".join(a.samenvatting.split()), a.status, a.bewijsniveau,
            ";".join(a.themas), ";".join(a.doelgroepen), ";".join(a.fasen),
            ";".join(o.naam for o in a.organisaties), "ja" if a.kosten_baten.kosten_bekend else "nee",
            a.bijgewerkt.isoformat(), page_url(entry, settings),
        ])
    return out.getvalue()


def comparison(entry: "Entry", catalog: "Catalog") -> str:
    """The few facts the comparison view puts side by side, one small file per approach."""
    a, vocab = entry.aanpak, catalog.vocabulaire
    data = {
        "slug": entry.slug,
        "titel": a.titel,
        "samenvatting": " ".join(a.samenvatting.split()),
        "status": vocab.statussen[a.status].titel,
        "bewijsniveau": vocab.bewijsniveaus[a.bewijsniveau].titel,
        "themas": [vocab.themas[k].titel for k in a.themas],
        "doelgroepen": [vocab.doelgroepen[k].titel for k in a.doelgroepen],
        "kosten": " ".join(a.kosten_baten.samenvatting.split()),
        "kosten_bekend": a.kosten_baten.kosten_bekend,
        "werkzame_elementen": [e.naam for e in a.werkzame_elementen],
        "contextfactoren": [f.naam for f in a.contextfactoren],
        "randvoorwaarden": [r.naam for r in a.randvoorwaarden],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n"


def files(catalog: "Catalog", settings: "SiteSettings") -> dict[str, str]:
    per_approach = {f"data/vergelijk/{e.slug}.json": comparison(e, catalog) for e in catalog.aanpakken}
    return {
        **per_approach,
        "data/aanpakken.json": catalog_json(catalog, settings),
        "data/aanpakken.csv": catalog_csv(catalog, settings),
        "data/schema.json": schema.dumps(schema.approach_schema(catalog.vocabulaire)),
    }


def jsonld(entry: "Entry", settings: "SiteSettings") -> dict[str, Any]:
    """schema.org description of an approach page, for search engines and portals."""
    a = entry.aanpak
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": a.titel,
        "abstract": " ".join(a.samenvatting.split()),
        "inLanguage": "nl",
        "dateModified": a.bijgewerkt.isoformat(),
        "license": LICENCE_URL,
        "keywords": [catalog_term for catalog_term in a.themas],
        "author": [{"@type": "Organization", "name": o.naam, **({"url": o.website} if o.website else {})}
                   for o in a.organisaties],
        "isPartOf": {"@type": "WebSite", "name": settings.site_name},
    }
    if settings.site_url:
        data["url"] = page_url(entry, settings)
    if a.bronnen:
        data["citation"] = [{"@type": "CreativeWork", "name": b.titel, "datePublished": str(b.jaar),
                             "publisher": {"@type": "Organization", "name": b.organisatie},
                             **({"url": b.url} if b.url else {})} for b in a.bronnen]
    return data
