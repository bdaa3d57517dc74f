"""`gereedschapskist nieuw`: a new approach file from the editors' template.

The template (approaches/_sjabloon.yml) explains every field in a Dutch comment. The copy gets a
title made from the slug and today's date in `bijgewerkt`; everything else still reads "Vul in: ...",
which `validate` reports field by field until the editor has filled it in.
"""

from __future__ import annotations

import re
from pathlib import Path

from .model import SLUG
from .paths import Project
from .text import slugify

TEMPLATE_NAME = "_sjabloon.yml"
MAX_SLUG_LENGTH = 80


class ScaffoldError(Exception):
    pass


def check_slug(slug: str) -> None:
    """Refuse a slug that cannot be a file name and URL, with the slug to use instead."""
    if slug.endswith((".yml", ".yaml")) or slug.startswith("approaches/"):
        bare = slug.removeprefix("approaches/").rsplit(".", 1)[0]
        raise ScaffoldError(f"geef alleen de slug, zonder map en zonder .yml, bijvoorbeeld "
                            f"'{slugify(bare) or 'mijn-aanpak'}'")
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens, "
                            f"bijvoorbeeld '{slugify(slug) or 'mijn-aanpak'}'")
    if len(slug) > MAX_SLUG_LENGTH:
        raise ScaffoldError(f"de slug is te lang ({len(slug)} tekens, hoogstens {MAX_SLUG_LENGTH}); "
                            "kies een kortere naam, het wordt het webadres van de pagina")


def create(project: Project, slug: str) -> Path:
    """Write approaches/<slug>.yml from the template and return its path; never overwrites a file."""
    from .validate import _today  # the same notion of 'today' as the date warnings

    check_slug(slug)
    template = project.approaches_dir / TEMPLATE_NAME
    if not template.exists():
        raise ScaffoldError(f"het sjabloon approaches/{TEMPLATE_NAME} ontbreekt; haal het terug uit de repository")
    target = project.approaches_dir / f"{slug}.yml"
    if target.exists():
        raise ScaffoldError(f"approaches/{slug}.yml bestaat al; kies een andere slug of bewerk dat bestand")
    text = template.read_text(encoding="utf-8")
    title = slug.replace("-", " ").capitalize()
    text = re.sub(r"^titel: .*$", f'titel: "{title}"', text, count=1, flags=re.MULTILINE)
    text = re.sub(r"^bijgewerkt: .*$", f"bijgewerkt: {_today().isoformat()}", text, count=1, flags=re.MULTILINE)
    try:
        with target.open("x", encoding="utf-8") as handle:  # never overwrite, even in a race
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"approaches/{slug}.yml bestaat al; kies een andere slug of bewerk dat bestand") from None
    return target
