"""The JSON Schema of an approach file, generated from the model, with the vocabulary as enums.

Editors' tools (VS Code with the YAML extension, and others that read `yaml-language-server`
modelines) use it for completion, hover help and inline errors.
"""

from __future__ import annotations

import json
from typing import Any

from .model import Aanpak, Vocabulaire

SCHEMA_ID = "https://gereedschapskist.invalid/schema/aanpak.schema.json"

_VOCABULARY_FIELDS = {
    "status": ("statussen", False),
    "bewijsniveau": ("bewijsniveaus", False),
    "themas": ("themas", True),
    "doelgroepen": ("doelgroepen", True),
    "fasen": ("fasen", True),
}


def approach_schema(vocabulaire: Vocabulaire | None) -> dict[str, Any]:
    schema = Aanpak.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Aanpak in de gereedschapskist re-integratie 2e spoor"
    schema["description"] = ("Eén bestand per aanpak: approaches/<slug>.yml. Velden en uitleg in het Nederlands; "
                             "zie CONTRIBUTING.md.")
    properties = schema["properties"]
    # every scalar in our YAML is read as text; accept what YAML editors produce for dates and numbers
    properties["bijgewerkt"] = {**properties["bijgewerkt"], "type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    if vocabulaire is not None:
        for field, (kind, is_list) in _VOCABULARY_FIELDS.items():
            terms = getattr(vocabulaire, kind)
            enum = {"enum": sorted(terms), "markdownEnumDescriptions": [terms[k].titel for k in sorted(terms)]}
            target = properties[field]["items"] if is_list else properties[field]
            target.update(enum)
    _tidy(schema)
    return schema


def _tidy(node: Any) -> None:
    """Give every property a Dutch label from its key ('werkzame_elementen' -> 'Werkzame elementen')."""
    if isinstance(node, dict):
        for name, prop in (node.get("properties") or {}).items():
            if isinstance(prop, dict):
                prop["title"] = name.replace("_", " ").capitalize()
        for value in node.values():
            _tidy(value)
    elif isinstance(node, list):
        for value in node:
            _tidy(value)


def dumps(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
