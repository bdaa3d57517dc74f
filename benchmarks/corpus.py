"""A synthetic but realistic corpus of approaches, derived from the real files in approaches/.

`make_project(dest, n)` writes a complete project copy (approaches/, vocabulaire.yml, mkdocs.yml,
content/, templates/ and the hook) with `n` approach files: the real approaches and `n` minus their
number synthetic ones. Every synthetic approach starts from one of the real approaches and varies
what a growing database varies:

- titles: combinations of a way of working, a subject and a setting, unique by slug;
- text lengths: each prose field keeps its first sentence and gets between half and almost twice
  as many sentences, drawn from the same field in all real approaches;
- working elements and context factors: names from a shared pool, so the indexes have real sharing.
  The real names are common (drawn with Zipf-like weights, like "Driegesprek" in practice); the
  synthetic names are rarer and the pool grows with `n`, the way a real database grows;
- vocabulary terms: random but valid themes, target groups, phases, statuses and evidence levels;
- `gerelateerd`: a few links to other approaches of the corpus.

The output is deterministic for a given `n` and seed, and validates without errors or warnings.
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import random
import re
import shutil
from pathlib import Path
from typing import Any

import yaml

from generator import citations
from generator.validate import MAX_FILE_NAME

REPO = Path(__file__).resolve().parents[1]

# Title parts: a way of working, a subject, a setting. 36 x 22 x 14 = 11,088 unique titles.
WERKWIJZEN = [
    "Loopbaancoaching", "Driegesprekken", "Werkervaringsplaatsen", "Groepstraining", "Online programma",
    "Jobcoaching", "Ervaringsdeskundige begeleiding", "Intervisie voor adviseurs", "Matchingsdagen",
    "Meeloopdagen", "Proefplaatsing", "Detachering", "Werkgeversnetwerk", "Casusoverleg",
    "Screening en doorverwijzing", "Leerwerktraject", "Supportgroep", "Persoonlijk ontwikkelplan",
    "Budget voor de werknemer", "Stapsgewijze werkhervatting", "Mediation", "Werkfit-traject",
    "Digitale werkmap", "Re-integratiecafé", "Kennismakingsgesprekken", "Arbeidsmarktverkenning",
    "Talentenscan", "Sollicitatietraining", "Omscholingstraject", "Regionaal werkloket",
    "Coaching op afstand", "Teamgesprek", "Werkplekbezoek", "Buddytraject", "Praktijkleren",
    "Vitaliteitsprogramma",
]
ONDERWERPEN = [
    ("bij rouw om werkverlies", "rouwverwerking"), ("voor eigen regie", "eigen-regie"),
    ("over rechten en plichten", "goede-dialoog"), ("voor nieuw werk op maat", "creativiteit"),
    ("tussen werkgevers", "samenwerken-in-netwerken"), ("zonder drempels", "verlaging-van-drempels"),
    ("bij psychische klachten", "eigen-regie"), ("na een burn-out", "eigen-regie"),
    ("bij langdurige pijn", "creativiteit"), ("voor oudere werknemers", "verlaging-van-drempels"),
    ("met de bedrijfsarts", "goede-dialoog"), ("rond de eerstejaarsevaluatie", "goede-dialoog"),
    ("bij verlies van de eigen baan", "rouwverwerking"), ("voor laaggeletterde werknemers", "verlaging-van-drempels"),
    ("met een sociaal werkbedrijf", "samenwerken-in-netwerken"), ("bij een conflict", "goede-dialoog"),
    ("voor jonge werknemers", "creativiteit"), ("met lotgenoten", "rouwverwerking"),
    ("in kleine stappen", "verlaging-van-drempels"), ("met taakherschikking", "creativiteit"),
    ("bij fysiek zwaar werk", "creativiteit"), ("met een regionaal netwerk", "samenwerken-in-netwerken"),
]
SETTINGS = [
    "in de zorg", "in het mkb", "in de bouw", "in het onderwijs", "bij gemeenten", "in de logistiek",
    "in de techniek", "in de schoonmaak", "in de horeca", "in de regio Twente", "in Zuid-Limburg",
    "in de metaal", "bij de overheid", "in de detailhandel",
]

# Synthetic names for working elements and context factors: a noun phrase and a complement.
ELEMENT_KERN = [
    "Aandacht voor", "Afspraken over", "Begeleiding bij", "Coaching op", "Duidelijkheid over",
    "Erkenning van", "Feedback op", "Gesprek over", "Hulp bij", "Inzicht in", "Jaarlijkse evaluatie van",
    "Keuzevrijheid in", "Lotgenotencontact over", "Monitoring van", "Nazorg na", "Oefenen met",
    "Planning van", "Quickscan van", "Reflectie op", "Steun bij", "Training in", "Uitleg over",
    "Vast aanspreekpunt voor", "Werkbezoek rond", "Zelftest voor", "Zicht op",
]
ELEMENT_AANVULLING = [
    "de belastbaarheid", "loopbaanwensen", "het afscheid van het oude werk", "de financiële gevolgen",
    "werkervaring elders", "de rol van de werkgever", "sterke kanten", "het sollicitatieproces",
    "de eerste werkdag", "het netwerk van de werknemer", "passende functies", "de WIA-aanvraag",
    "het plan van aanpak", "gevoelens van verlies", "de eigen doelen", "de samenwerking met de arbodienst",
    "digitale vaardigheden", "werk-privébalans", "de terugvalpreventie", "de communicatie met collega's",
    "de overstap naar een nieuwe werkgever", "de no-riskpolis", "scholing en omscholing",
    "de gezondheidsklachten", "het energiebeheer", "de verwachtingen over inkomen",
]
FACTOR_KERN = [
    "Beschikbaarheid van", "Cultuur rond", "Draagvlak voor", "Ervaring met", "Financiering van",
    "Houding ten opzichte van", "Kennis van", "Motivatie voor", "Onzekerheid over", "Tijd voor",
    "Vertrouwen in", "Wachttijden bij", "Zorgen over", "Regionale krapte in", "Steun van het thuisfront bij",
    "Grootte van het bedrijf bij", "Privacyregels rond", "Taalbarrières bij",
]
FACTOR_AANVULLING = [
    "het tweede spoor", "re-integratie bij een andere werkgever", "de begeleider", "passend werk",
    "de eigen gezondheid", "de nieuwe werkgever", "het inkomen", "de arbeidsmarkt", "scholing",
    "de bedrijfsarts", "werkervaringsplaatsen", "de eigen functie", "de toekomst", "het UWV",
    "de leidinggevende", "de collega's", "het werk thuis", "de regio",
]
CATEGORIEEN = ["coaching", "online", "samenwerking", "werkgever", "instrument", "netwerk", "werkplek", "advies"]

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _is_prose(text: str) -> bool:
    """Plain paragraphs only: lists, tables and multi-paragraph text keep their shape."""
    return "\n" not in text.strip() and not text.lstrip().startswith(("-", "|", "*", "#", ">"))


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


class _Pools:
    """Everything the real approaches offer to draw from."""

    def __init__(self, real: list[dict[str, Any]]) -> None:
        self.real = real
        self.sentences: dict[str, list[str]] = {}
        for data in real:
            self._collect(data, ())
        self.elements = _unique_by_name(e for d in real for e in d.get("werkzame_elementen", []))
        self.factors = _unique_by_name(f for d in real for f in d.get("contextfactoren", []))
        self.mechanisms = _unique_by_name(m for d in real for m in d.get("werkingsmechanismen", []))
        self.conditions = _unique_by_name(r for d in real for r in d.get("randvoorwaarden", []))
        self.sources = list({b["id"]: b for d in reversed(real) for b in d.get("bronnen", [])}.values())

    def _collect(self, value: Any, path: tuple[str, ...]) -> None:
        if isinstance(value, dict):
            for key, child in value.items():
                self._collect(child, path + (key,))
        elif isinstance(value, list):
            for child in value:
                self._collect(child, path)
        elif isinstance(value, str) and _is_prose(value) and len(value) > 60:
            self.sentences.setdefault(path[-1] if path else "", []).extend(
                s for s in _sentences(value) if _stands_alone(s))

    def vary(self, rng: random.Random, text: str, field: str) -> str:
        """Same first sentence, between half and almost twice as many sentences in all."""
        if not isinstance(text, str) or not _is_prose(text) or len(text) <= 60:
            return text
        own = _sentences(text)
        # a sentence on its own keeps its claim only with its citation, as the real texts do
        pool = [s for s in own if _stands_alone(s)] + self.sentences.get(field, [])
        if not pool or not _stands_alone(own[0]):
            return text
        count = max(1, round(len(own) * rng.uniform(0.5, 1.9)))
        chosen = own[:1] + [rng.choice(pool) for _ in range(count - 1)]
        return " ".join(dict.fromkeys(chosen))  # no sentence twice in one text


def _stands_alone(sentence: str) -> bool:
    """Whether a sentence can be used without its paragraph: it cites, or claims nothing to cite."""
    return bool(citations.find(sentence)) or not citations.claim(sentence)


def _unique_by_name(items) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for item in items:
        seen.setdefault(item["naam"], item)
    return list(seen.values())


def _slugify(text: str) -> str:
    from generator.text import slugify

    return slugify(text)


def _look_alike(a: str, b: str) -> bool:
    """The generator's near-duplicate rule (catalog.near_duplicates), so the corpus raises no warnings."""
    ca, cb = _slugify(a).replace("-", ""), _slugify(b).replace("-", "")
    if ca[:3] != cb[:3]:
        return False
    # difflib's ratio is not symmetric; the catalog compares in sorted order, so try both
    return ca == cb or any(difflib.SequenceMatcher(None, x, y).ratio() >= 0.85 for x, y in ((ca, cb), (cb, ca)))


def _name_pool(rng: random.Random, heads: list[str], tails: list[str], taken: list[str], size: int) -> list[str]:
    """Up to `size` synthetic names that look like none of `taken` nor each other."""
    candidates = [f"{h} {t}" for h in heads for t in tails]
    rng.shuffle(candidates)
    chosen: list[str] = []
    by_bucket: dict[str, list[str]] = {}
    for name in taken:
        by_bucket.setdefault(_slugify(name).replace("-", "")[:3], []).append(name)
    for name in candidates:
        if len(chosen) >= size:
            break
        bucket = by_bucket.setdefault(_slugify(name).replace("-", "")[:3], [])
        if any(_look_alike(name, other) for other in bucket):
            continue
        bucket.append(name)
        chosen.append(name)
    return chosen


def _titles(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """n unique (title, theme) pairs."""
    combos = [(w, o, s) for w in WERKWIJZEN for o in ONDERWERPEN for s in SETTINGS]
    if n > len(combos):
        raise ValueError(f"at most {len(combos)} synthetic approaches")
    rng.shuffle(combos)
    titles = [(f"{w} {o[0]} {s}", o[1]) for w, o, s in combos]
    # a title whose file name would be too long is refused by validation: left out, keeping the order
    fitting = [pair for pair in titles if len(_slugify(pair[0])) <= MAX_FILE_NAME]
    if n > len(fitting):
        raise ValueError(f"at most {len(fitting)} synthetic approaches")
    return fitting[:n]


def _zipf_choice(rng: random.Random, items: list, exponent: float = 1.0):
    weights = [1 / (rank + 1) ** exponent for rank in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


def load_real(repo: Path = REPO) -> list[dict[str, Any]]:
    """The real approach files as plain text data (every scalar a string, like the strict loader)."""
    files = sorted(p for p in (repo / "approaches").glob("*.yml") if not p.name.startswith(("_", ".")))
    return [yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) for p in files]


def load_vocabulary(repo: Path = REPO) -> dict[str, Any]:
    return yaml.safe_load((repo / "vocabulaire.yml").read_text(encoding="utf-8"))


def approaches(n: int, seed: int = 8, repo: Path = REPO) -> dict[str, dict[str, Any]]:
    """n synthetic approaches as {slug: data}, ready to be written as YAML."""
    rng = random.Random(f"{seed}:{n}")
    real = load_real(repo)
    vocab = load_vocabulary(repo)
    pools = _Pools(real)
    titles = _titles(rng, n)
    slugs = [_slugify(t) for t, _ in titles]
    real_element_names = [e["naam"] for e in pools.elements]
    real_factor_names = [f["naam"] for f in pools.factors]
    # Pools grow with n: on average a synthetic name is used by a handful of approaches.
    synthetic_elements = _name_pool(rng, ELEMENT_KERN, ELEMENT_AANVULLING, real_element_names, max(10, n * 3 // 4))
    synthetic_factors = _name_pool(rng, FACTOR_KERN, FACTOR_AANVULLING, real_factor_names, max(10, n * 3 // 4))
    element_toelichting = pools.sentences.get("toelichting", [])
    result: dict[str, dict[str, Any]] = {}

    for i, ((titel, thema), slug) in enumerate(zip(titles, slugs)):
        base = copy.deepcopy(real[i % len(real)])
        data: dict[str, Any] = {}
        data["titel"] = titel
        data["samenvatting"] = pools.vary(rng, base["samenvatting"], "samenvatting")
        data["status"] = rng.choice([s for s in vocab["statussen"] if s != "plan"])  # a plan has no elements yet
        data["bewijsniveau"] = _zipf_choice(rng, list(vocab["bewijsniveaus"]), 0.7)
        others = [t for t in vocab["themas"] if t != thema]
        data["themas"] = [thema] + rng.sample(others, rng.randint(0, 2))
        data["doelgroepen"] = rng.sample(list(vocab["doelgroepen"]), rng.randint(1, 3))
        fasen = list(vocab["fasen"])
        start = rng.randrange(len(fasen))
        data["fasen"] = fasen[start:start + rng.randint(1, 3)]
        data["organisaties"] = base["organisaties"]
        aanpak = base["aanpak"]
        aanpak["doel"] = pools.vary(rng, aanpak["doel"], "doel")
        aanpak["beschrijving"] = pools.vary(rng, aanpak["beschrijving"], "beschrijving")
        for onderdeel in aanpak.get("onderdelen", []):
            onderdeel["beschrijving"] = pools.vary(rng, onderdeel["beschrijving"], "beschrijving")
        data["aanpak"] = aanpak

        def named(count: int, real_items: list[dict], synthetic: list[str], p_real: float,
                  extra: dict[str, Any] | None = None, fill=None) -> list[dict[str, Any]]:
            items: dict[str, dict[str, Any]] = {}
            for _ in range(count * 3):
                if len(items) >= count:
                    break
                if rng.random() < p_real or not synthetic:
                    item = copy.deepcopy(_zipf_choice(rng, real_items))
                else:
                    item = {"naam": rng.choice(synthetic)}
                    if fill:
                        fill(item)
                if "toelichting" in item:
                    item["toelichting"] = pools.vary(rng, item["toelichting"], "toelichting")
                items.setdefault(item["naam"], item)
            return list(items.values())

        def fill_element(item: dict[str, Any]) -> None:
            item["categorie"] = rng.choice(CATEGORIEEN)
            item["toelichting"] = " ".join(rng.sample(element_toelichting, rng.randint(1, 3)))

        def fill_factor(item: dict[str, Any]) -> None:
            item["niveau"] = rng.choice(["professional", "werknemer", "werkgever", "omgeving"])
            item["invloed"] = rng.choice(["bevorderend", "belemmerend", "beide"])
            item["toelichting"] = " ".join(rng.sample(element_toelichting, rng.randint(1, 2)))

        data["werkzame_elementen"] = named(rng.randint(3, 8), pools.elements, synthetic_elements, 0.4,
                                           fill=fill_element)
        if pools.mechanisms:
            data["werkingsmechanismen"] = [
                {**m, "toelichting": pools.vary(rng, m["toelichting"], "toelichting")} if "toelichting" in m else m
                for m in rng.sample(pools.mechanisms, min(len(pools.mechanisms), rng.randint(0, 5)))]
        data["contextfactoren"] = named(rng.randint(2, 8), pools.factors, synthetic_factors, 0.4, fill=fill_factor)
        data["randvoorwaarden"] = [
            {**r, "toelichting": pools.vary(rng, r["toelichting"], "toelichting")} if "toelichting" in r else r
            for r in rng.sample(pools.conditions, min(len(pools.conditions), rng.randint(1, 6)))]
        kb = base["kosten_baten"]
        kb["samenvatting"] = pools.vary(rng, kb["samenvatting"], "samenvatting")
        data["kosten_baten"] = kb
        for key in ("resultaten",):
            if key in base:
                for item in base[key]:
                    item["omschrijving"] = pools.vary(rng, item["omschrijving"], "omschrijving")
                data[key] = base[key]
        werkgevers = base["voor_werkgevers"]
        for key, value in werkgevers.items():
            werkgevers[key] = pools.vary(rng, value, key)
        data["voor_werkgevers"] = werkgevers
        for key in ("praktijkproducten", "contact"):
            if key in base:
                data[key] = base[key]
        # sentences and elements come from every real approach, and so do the sources they cite
        data["bronnen"] = pools.sources
        related = [s for s in rng.sample(slugs, min(len(slugs), 3)) if s != slug][: rng.randint(0, 2)]
        if related:
            data["gerelateerd"] = related
        data["bijgewerkt"] = (dt.date(2026, 6, 1) - dt.timedelta(days=rng.randint(0, 330))).isoformat()
        result[slug] = data
    return result


class _EditorDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """Writes text the way editors do: block scalars (`|-` for lines, `>-` for long prose)."""


def _text(dumper: yaml.BaseDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else (">" if len(value) > 90 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_EditorDumper.add_representer(str, _text)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_EditorDumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)


def make_project(dest: Path, n: int, seed: int = 8, repo: Path = REPO) -> Path:
    """A full project copy in `dest` with n approaches: the real ones and n minus 4 synthetic. Returns `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "templates"):
        if (dest / name).exists():
            shutil.rmtree(dest / name)
        shutil.copytree(repo / name, dest / name)
    for name in ("mkdocs.yml", "vocabulaire.yml"):
        shutil.copy2(repo / name, dest / name)
    # mkdocs.yml names its hook by a path relative to itself; link the package so it is the same code
    if not (dest / "generator").exists():
        (dest / "generator").symlink_to(repo / "generator", target_is_directory=True)
    out = dest / "approaches"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir()
    # The real approaches themselves are part of the corpus (the hand-written pages link to them).
    real = sorted(p for p in (repo / "approaches").glob("*.yml") if not p.name.startswith(("_", ".")))
    if n < len(real):
        real = []
    for path in real:
        shutil.copy2(path, out / path.name)
    for slug, data in approaches(n - len(real), seed, repo).items():
        (out / f"{slug}.yml").write_text(dump(data), encoding="utf-8")
    return dest


if __name__ == "__main__":  # pragma: no cover - to look at a corpus: python benchmarks/corpus.py DIR [N]
    import sys

    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    make_project(target, count)
    size = sum(f.stat().st_size for f in (target / "approaches").iterdir())
    print(f"{count} aanpakken in {target / 'approaches'} ({size // 1024} KB)")
