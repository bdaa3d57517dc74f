"""Data for the visual layer: figures grouped into charts, the evidence map, counts for /in-cijfers/,
and the compact marks every listing shows. Pure functions of the catalog; the HTML is in
templates/pages/visual.j2.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .model import Aanpak, Cijfer, Vocabulaire

if TYPE_CHECKING:
    from .catalog import Catalog, Entry

KAART_MAX = 5
"""At most this many marks per cell of the evidence map; a link leads to the rest in the overview."""
GEEN_FASE = "geen-fase"
"""Column key on the evidence map for approaches that name no phase (so every approach is on it)."""


@dataclass
class Bar:
    cijfer: Cijfer
    bron: str  # the figure's own source, or its result's

    @property
    def label(self) -> str:
        """The value as the source words it: "ongeveer 67%", "ruim 20%", "12 werknemers"."""
        c = self.cijfer
        word = "" if c.benadering == "precies" else c.benadering + " "
        unit = c.eenheid if c.eenheid in ("%", "‰") else " " + c.eenheid
        return f"{word}{number(c.waarde)}{unit}"

    @property
    def basis(self) -> str:
        c = self.cijfer
        if c.basis_n and c.basis:
            return f"{c.basis_n} {c.basis}"
        if c.basis_n:
            return f"n = {c.basis_n}"
        return c.basis or "niet genoemd"


@dataclass
class Chart:
    wat: str
    eenheid: str
    bars: list[Bar] = field(default_factory=list)

    @property
    def tussentijds(self) -> bool:
        return any(b.cijfer.meting == "tussentijds" for b in self.bars)

    @property
    def maximum(self) -> float:
        """The end of the scale: 100 for percentages, else the largest value (at least 1)."""
        if self.eenheid.strip() == "%":
            return 100.0
        return max([b.cijfer.waarde for b in self.bars] + [1.0])

    @property
    def titel(self) -> str:
        return f"{self.wat} ({'tussentijdse cijfers' if self.tussentijds else 'eindcijfers'})"


def number(value: float) -> str:
    """A number the Dutch way: 66.7 -> "66,7", 67.0 -> "67"."""
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",")


def figure_charts(aanpak: Aanpak) -> list[Chart]:
    """The approach's figures, one chart per measure and unit, in the order they first appear."""
    charts: dict[tuple[str, str], Chart] = {}
    for resultaat in aanpak.resultaten:
        for cijfer in resultaat.cijfers:
            key = (cijfer.wat.strip(), cijfer.eenheid.strip())
            charts.setdefault(key, Chart(*key)).bars.append(Bar(cijfer, cijfer.bron or resultaat.bron))
    return list(charts.values())


def level(vocab: Vocabulaire, key: str) -> int:
    """The rank of an evidence level, 0 (in development) to 5."""
    return vocab.bewijsniveaus[key].niveau


def status_step(vocab: Vocabulaire, key: str) -> tuple[int, int]:
    """Where a status stands in the vocabulary's order: (step, number of steps), for the progress icon."""
    keys = list(vocab.statussen)
    return keys.index(key) + 1, len(keys)


def pie_path(step: int, steps: int, radius: float = 5.0, centre: float = 6.0) -> str:
    """SVG path of the filled part of the status icon: a pie slice of step/steps, from 12 o'clock."""
    if step >= steps:
        return (f"M{centre} {centre - radius}a{radius} {radius} 0 1 1 0 {2 * radius}"
                f"a{radius} {radius} 0 1 1 0 {-2 * radius}z")
    angle = 2 * math.pi * step / steps
    x = centre + radius * math.sin(angle)
    y = centre - radius * math.cos(angle)
    large = 1 if step / steps > 0.5 else 0
    return f"M{centre} {centre}V{centre - radius}A{radius} {radius} 0 {large} 1 {x:.2f} {y:.2f}z"


def levels_in_order(vocab: Vocabulaire) -> list[tuple[str, Any]]:
    return sorted(vocab.bewijsniveaus.items(), key=lambda kv: kv[1].niveau)


@dataclass
class MapRow:
    key: str
    term: Any
    cells: list[tuple[str, list["Entry"]]]  # (phase key, approaches), one per column


def map_columns(catalog: "Catalog") -> list[tuple[str, str]]:
    """The phases of the 104 weeks as columns, plus 'no phase named' when an approach names none."""
    columns = [(key, fase.titel) for key, fase in catalog.vocabulaire.fasen.items()]
    if any(not e.aanpak.fasen for e in catalog.aanpakken):
        columns.append((GEEN_FASE, "Geen fase genoemd"))
    return columns


def evidence_map(catalog: "Catalog", facet: str = "themas") -> list[MapRow]:
    """Rows of `facet` (themas or doelgroepen) against the phases, each cell the approaches there."""
    terms = getattr(catalog.vocabulaire, facet)
    columns = [key for key, _ in map_columns(catalog)]
    rows = []
    for key, term in terms.items():
        cells: dict[str, list] = {column: [] for column in columns}
        for entry in catalog.aanpakken:
            if key in getattr(entry.aanpak, facet):
                for fase in entry.aanpak.fasen or [GEEN_FASE]:
                    cells[fase].append(entry)
        for entries in cells.values():
            entries.sort(key=lambda e: (-level(catalog.vocabulaire, e.aanpak.bewijsniveau), e.aanpak.titel.casefold()))
        rows.append(MapRow(key, term, list(cells.items())))
    return rows


def counts(catalog: "Catalog") -> list[dict[str, Any]]:
    """The series on /in-cijfers/: approaches per theme, evidence level, status and phase."""
    vocab = catalog.vocabulaire
    series = [
        ("themas", "Aanpakken per thema", vocab.themas.items(), catalog.per_thema,
         "Een aanpak kan bij meer thema's horen; de aantallen tellen daarom op tot meer dan het totaal.", "thema"),
        ("bewijsniveaus", "Aanpakken per bewijsniveau", levels_in_order(vocab), catalog.per_bewijsniveau,
         "Elke aanpak heeft één bewijsniveau.", "bewijsniveau"),
        ("statussen", "Aanpakken per status", vocab.statussen.items(), catalog.per_status,
         "Elke aanpak heeft één status.", "status"),
        ("fasen", "Aanpakken per fase van de 104 weken", vocab.fasen.items(), catalog.per_fase,
         "Een aanpak kan in meer fasen passen; aanpakken zonder fase tellen niet mee.", "fase"),
    ]
    return [{"id": facet, "titel": titel, "uitleg": uitleg, "parameter": parameter,
             "rijen": [(key, term.titel, len(index.get(key, []))) for key, term in terms]}
            for facet, titel, terms, index, uitleg, parameter in series]


def marks(vocab: Vocabulaire, aanpak: Aanpak) -> dict[str, str]:
    """The marks at a glance as data, with the same keys as the Pagefind metadata on approach pages
    (see `kenmerken` in visual.j2), for scripts that draw them with `window.gkKenmerken`."""
    step, steps = status_step(vocab, aanpak.status)
    return {"bewijs": vocab.bewijsniveaus[aanpak.bewijsniveau].titel,
            "bewijs_niveau": str(level(vocab, aanpak.bewijsniveau)),
            "status": vocab.statussen[aanpak.status].titel, "status_stap": f"{step}/{steps}",
            "kosten": "bekend" if aanpak.kosten_baten.kosten_bekend else "nog niet bekend"}


def finder_data(catalog: "Catalog") -> str:
    """data/keuzehulp.json: what the finder needs to answer in place, a few fields per approach."""
    vocab = catalog.vocabulaire
    items = [{
        "slug": e.slug, "titel": e.aanpak.titel, "themas": e.aanpak.themas, "doelgroepen": e.aanpak.doelgroepen,
        "fasen": e.aanpak.fasen, "kenmerken": marks(vocab, e.aanpak),
    } for e in catalog.aanpakken]
    return json.dumps({"aanpakken": items}, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


# Who is asking (keuzehulp question 3) -> the target groups that answer them, the first one being
# what the plain form sends to the overview (its filter takes one value per field).
ASKERS = {
    "werkgever": ("Ik ben werkgever", ["werkgevers", "mkb-werkgevers"]),
    "professional": ("Ik begeleid of adviseer (professional)",
                     ["re-integratieprofessionals", "bedrijfsartsen-en-arbeidsdeskundigen"]),
    "werknemer": ("Ik ben werknemer en al lang ziek", ["werknemers"]),
}


def askers(vocab: Vocabulaire) -> list[tuple[str, str, list[str]]]:
    """The keuzehulp's 'who is asking' options whose target groups exist in the vocabulary."""
    result = []
    for key, (label, groups) in ASKERS.items():
        known = [g for g in groups if g in vocab.doelgroepen]
        if known:
            result.append((key, label, known))
    return result


def once(context: Any, key: tuple, macro: Any, *args: Any) -> Markup:
    """`macro(*args)`, written once per `key` in a render of the site: for a macro whose HTML depends only
    on what the key names (and on the vocabulary, the same for every page of a render). The render puts
    a dict `memo` in every page's context; without one, the macro is simply called."""
    memo = context.get("memo")
    if memo is None:
        return Markup(macro(*args))
    key = (id(context.environment), *key)  # the Markdown and HTML templates escape differently
    if key not in memo:
        memo[key] = Markup(macro(*args))
    return memo[key]


def install(env: Any) -> None:
    """Make the helpers above available to templates, and the `html` filter: a macro of visual.j2 writes
    HTML whose data is already escaped; `| html` keeps the page's text filter from neutralising it."""
    from jinja2 import pass_context  # not at the top: validating needs no templates

    env.filters["html"] = Markup
    env.globals.update({"figure_charts": figure_charts, "evidence_map": evidence_map,
            "map_columns": map_columns, "level": level, "status_step": status_step, "pie_path": pie_path,
            "levels_in_order": levels_in_order, "getal": number, "tellingen": counts, "vragers": askers,
            "GEEN_FASE": GEEN_FASE, "KAART_MAX": KAART_MAX, "once": pass_context(once)})
