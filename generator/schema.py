"""The JSON Schema of an approach file, generated from the model, with the vocabulary as enums.

Editors' tools (VS Code with the YAML extension, and others that read `yaml-language-server`
modelines) use it for completion, hover help and inline errors. `gereedschapskist schema --uitvoer
schema/aanpak.schema.json` writes the committed copy that every approach file's modeline points to.

Everything an editor reads here is Dutch: the titles, the descriptions (from the model, completed
below for the few fields the model leaves bare) and the examples.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

from .model import SLUG, Aanpak, Vocabulaire

SCHEMA_ID = "https://gereedschapskist.invalid/schema/aanpak.schema.json"

_VOCABULARY_FIELDS = {
    "status": ("statussen", False),
    "bewijsniveau": ("bewijsniveaus", False),
    "themas": ("themas", True),
    "doelgroepen": ("doelgroepen", True),
    "fasen": ("fasen", True),
}

# Labels for the groups of fields ($defs), which pydantic names after the model classes.
_DEFINITIONS = {
    "AanpakBeschrijving": ("Beschrijving van de aanpak", "Doel, werkwijze en stappen van de aanpak."),
    "Baat": ("Baat", "Wat de aanpak oplevert voor één partij."),
    "Cijfer": ("Cijfer", "Eén cijfer uit een bron: wat, voor welke groep, hoeveel, waarop berekend, en of het een "
               "tussenstand is."),
    "Bron": ("Bron", "Een publicatie waarop de beschrijving steunt: titel, organisatie en jaar."),
    "Contact": ("Contact", "Waar lezers met vragen terecht kunnen."),
    "Contextfactor": ("Contextfactor", "Een omstandigheid die het effect van de aanpak beïnvloedt."),
    "KostenBaten": ("Kosten en baten", "Wat de aanpak kost, wie betaalt en wat hij oplevert."),
    "Kostenpost": ("Kostenpost", "Eén soort kosten, met bedrag en bron als die bekend zijn."),
    "Mechanisme": ("Werkingsmechanisme", "Waardoor de aanpak werkt: wat er bij de werknemer of werkgever verandert."),
    "Onderdeel": ("Onderdeel", "Een stap of onderdeel van de aanpak."),
    "Organisatie": ("Organisatie", "Een organisatie die de aanpak ontwikkelt, onderzoekt of uitvoert."),
    "Praktijkproduct": ("Praktijkproduct", "Een handreiking, training of ander product voor de praktijk."),
    "Randvoorwaarde": ("Randvoorwaarde", "Een voorwaarde, succesfactor, faalfactor of risico."),
    "Resultaat": ("Resultaat", "Wat onderzoek of praktijk laat zien, met de bron."),
    "VoorWerkgevers": ("Voor werkgevers", "Vijf korte antwoorden in gewone taal voor werkgevers."),
    "WerkzaamElement": ("Werkzaam element", "Een onderdeel van de aanpak dat het verschil maakt."),
}

# Field titles that read better than the key with spaces ('themas' -> "Thema's").
_TITLES = {
    "themas": "Thema's",
    "kosten_baten": "Kosten en baten",
    "id": "Id (sleutel)",
    "url": "Webadres",
    "website": "Webadres",
    "email": "E-mailadres",
    "wat_is_het": "Wat is het?",
    "wat_vraagt_het": "Wat vraagt het?",
    "wat_kost_het": "Wat kost het?",
    "wat_levert_het_op": "Wat levert het op?",
    "wanneer": "Wanneer?",
}

# Descriptions and examples for the fields the model leaves without them, by "Group.field".
_DESCRIPTIONS = {
    "Aanpak.aanpak": "De aanpak zelf: doel, werkwijze met een voorbeeld uit de praktijk, en de stappen.",
    "Aanpak.kosten_baten": ("Kosten en baten: wat kost het, wie betaalt, wat levert het op. Zeg het eerlijk "
                            "als het (nog) niet bekend is."),
    "Aanpak.voor_werkgevers": ("Vijf korte antwoorden in gewone taal (taalniveau B1) voor een werkgever die "
                               "alleen deze pagina leest."),
}
_EXAMPLES: dict[str, list[Any]] = {
    "Aanpak.samenvatting": ["Een online training en een coach helpen werknemers in het tweede spoor om zelf "
                            "keuzes te maken over nieuw werk."],
    "Aanpak.gerelateerd": [["rouw-bij-baanverlies"]],
    "AanpakBeschrijving.doel": ["Werknemers in het tweede spoor krijgen weer regie over hun re-integratie."],
    "AanpakBeschrijving.beschrijving": ["De coach en de werknemer maken samen een plan.\n\n"
                                        "**Voorbeeld uit de praktijk.** Een werknemer koos na drie gesprekken "
                                        "zelf voor een proefplaatsing."],
    "Onderdeel.beschrijving": ["Werknemer, werkgever en coach bespreken samen de volgende stap."],
    "WerkzaamElement.toelichting": ["In een driegesprek horen werknemer en werkgever elkaars verwachtingen; "
                                    "dat voorkomt misverstanden."],
    "Mechanisme.toelichting": ["Kleine stappen die lukken, geven de werknemer vertrouwen in eigen kunnen."],
    "Contextfactor.sleutel": ["vertrouwen-in-de-coach"],
    "Contextfactor.toelichting": ["Zonder vertrouwen praat de werknemer niet open over twijfels."],
    "Randvoorwaarde.toelichting": ["Plan het gesprek niet aan het eind van een afspraak."],
    "KostenBaten.samenvatting": ["Een traject kost ongeveer € 2.000. De werkgever betaalt; dat kan lonen "
                                 "omdat de werknemer sneller nieuw werk vindt."],
    "KostenBaten.onderzoek": ["Er is nog geen kosten-batenonderzoek gedaan."],
    "Kostenpost.bron": ["eindrapport-2026"],
    "Baat.omschrijving": ["Minder kosten van verzuim, doordat de werknemer sneller nieuw werk vindt."],
    "Baat.bron": ["eindrapport-2026"],
    "Resultaat.omschrijving": ["Zeven van de tien deelnemers hadden na een jaar betaald werk."],
    "Resultaat.bron": ["eindrapport-2026"],
    "Cijfer.bron": ["eindrapport-2026"],
    "VoorWerkgevers.wat_is_het": ["Een coach helpt uw zieke werknemer om ander werk te vinden."],
    "VoorWerkgevers.wat_vraagt_het": ["Drie gesprekken van een uur, en ruimte voor een proefplaatsing."],
    "VoorWerkgevers.wat_kost_het": ["Ongeveer € 2.000 per traject. U betaalt de coach."],
    "VoorWerkgevers.wat_levert_het_op": ["Uw werknemer vindt sneller nieuw werk, en u betaalt korter loon door."],
    "VoorWerkgevers.wanneer": ["In het tweede ziektejaar, na de eerstejaarsevaluatie."],
    "Praktijkproduct.beschrijving": ["Een handreiking van vier pagina's voor werkgevers."],
    "Praktijkproduct.url": ["https://www.zonmw.nl/"],
    "Bron.titel": ["Eigen regie in het tweede spoor: eindrapport"],
    "Bron.auteurs": ["J. Jansen en P. de Vries"],
    "Bron.organisatie": ["ZonMw"],
    "Bron.jaar": [2026],
    "Bron.url": ["https://www.zonmw.nl/"],
    "Contact.organisatie": ["ZINZIZ"],
    "Contact.naam": ["Jan Jansen"],
    "Contact.email": ["info@voorbeeld.nl"],
    "Contact.telefoon": ["030 123 45 67"],
    "Contact.website": ["https://www.zinziz.nl/"],
}

# Patterns for values the model checks in code, so editors see the mistake while typing.
_URL = r"^(https?://[^\s/]+\.\S+|mailto:\S+)$"
_EMAIL = r"^[^@\s<>]+@[^@\s<>]+\.[A-Za-z]{2,}$"
_PATTERNS = {
    "Bron.id": SLUG.pattern, "WerkzaamElement.sleutel": SLUG.pattern, "Contextfactor.sleutel": SLUG.pattern,
    "Kostenpost.bron": SLUG.pattern, "Baat.bron": SLUG.pattern, "Resultaat.bron": SLUG.pattern,
    "Cijfer.bron": SLUG.pattern,
    "Aanpak.gerelateerd": SLUG.pattern,
    "Organisatie.website": _URL, "Praktijkproduct.url": _URL, "Bron.url": _URL, "Contact.website": _URL,
    "Contact.email": _EMAIL,
}


@functools.cache
def _model_schema() -> dict[str, Any]:
    """Pydantic's schema of the model, made once per process (a tenth of a second each time while serving)."""
    return Aanpak.model_json_schema(mode="validation")


def approach_schema(vocabulaire: Vocabulaire | None, *, editor: bool = False) -> dict[str, Any]:
    """The schema of one approach. `editor=True` describes the YAML file as our loader reads it.

    The loader reads every scalar as text, so `waarde: 42` is the text "42"; YAML editors read it as a
    number. The editor schema accepts numbers wherever plain text is expected, so an editor's tool
    never flags what `gereedschapskist validate` accepts.
    """
    schema = copy.deepcopy(_model_schema())
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Aanpak in de gereedschapskist re-integratie 2e spoor"
    schema["description"] = ("Eén bestand per aanpak: approaches/<slug>.yml. Velden en uitleg in het Nederlands; "
                             "zie approaches/_sjabloon.yml en CONTRIBUTING.md.")
    properties = schema["properties"]
    # every scalar in our YAML is read as text; accept what YAML editors produce for dates and numbers
    properties["bijgewerkt"] = {**properties["bijgewerkt"], "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if vocabulaire is not None:
        for field, (kind, is_list) in _VOCABULARY_FIELDS.items():
            terms = getattr(vocabulaire, kind)
            keys = sorted(terms)
            enum = {"enum": keys, "enumDescriptions": [terms[k].titel for k in keys],
                    "markdownEnumDescriptions": [terms[k].titel for k in keys]}
            target = properties[field]["items"] if is_list else properties[field]
            target.update(enum)
    groups = {"Aanpak": schema, **schema.get("$defs", {})}
    for group, node in groups.items():
        if group in _DEFINITIONS:
            node["title"], node["description"] = _DEFINITIONS[group]
        for name, prop in (node.get("properties") or {}).items():
            key = f"{group}.{name}"
            prop["title"] = _TITLES.get(name, name.replace("_", " ").capitalize())
            if key in _DESCRIPTIONS and "description" not in prop:
                prop["description"] = _DESCRIPTIONS[key]
            if key in _EXAMPLES and "examples" not in prop:
                prop["examples"] = _EXAMPLES[key]
            if key in _PATTERNS:
                _text_node(prop)["pattern"] = _PATTERNS[key]
    if editor:
        _numbers_as_text(schema)
    return schema


def _text_node(prop: dict[str, Any]) -> dict[str, Any]:
    """The part of a property that says "type": "string" (inside anyOf or items when needed)."""
    if prop.get("type") == "string":
        return prop
    if prop.get("type") == "array":
        return _text_node(prop["items"])
    for option in prop.get("anyOf", []):
        if option.get("type") == "string":
            return option
    raise KeyError(f"no text in {prop}")  # pragma: no cover - guards a model change


def _numbers_as_text(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and not ({"enum", "pattern", "format"} & node.keys()):
            node["type"] = ["string", "number"]
        for value in node.values():
            _numbers_as_text(value)
    elif isinstance(node, list):
        for value in node:
            _numbers_as_text(value)


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
