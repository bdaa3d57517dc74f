"""`gereedschapskist nieuw`: a new approach file from the editors' template."""

from __future__ import annotations

import re
from pathlib import Path

from .model import SLUG
from .paths import Project
from .text import slugify

TEMPLATE_NAME = "_sjabloon.yml"


class ScaffoldError(Exception):
    pass


def create(project: Project, slug: str) -> Path:
    if not SLUG.match(slug):
        raise ScaffoldError(f"'{slug}' is geen geldige slug; gebruik kleine letters, cijfers en koppeltekens, "
                            f"bijvoorbeeld '{slugify(slug) or 'mijn-aanpak'}'")
    template = project.approaches_dir / TEMPLATE_NAME
    if not template.exists():
        raise ScaffoldError(f"het sjabloon {template.relative_to(project.root)} ontbreekt")
    target = project.approaches_dir / f"{slug}.yml"
    if target.exists():
        raise ScaffoldError(f"approaches/{slug}.yml bestaat al; kies een andere slug of bewerk dat bestand")
    text = template.read_text(encoding="utf-8")
    title = slug.replace("-", " ").capitalize()
    text = re.sub(r'^titel: .*$', f'titel: "{title}"', text, count=1, flags=re.MULTILINE)
    with target.open("x", encoding="utf-8") as handle:  # never overwrite, even in a race
        handle.write(text)
    return target
