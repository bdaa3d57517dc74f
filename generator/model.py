"""The content model: what an approach (aanpak) file and the vocabulary file may contain.

This is the public interface for editors. Field names are the YAML keys and stay Dutch; every field
carries a Dutch description and an example, which end up in the JSON Schema (editor completion) and
in the template that `gereedschapskist nieuw` writes.

Vocabulary terms (themes, target groups, ...) are checked against `vocabulaire.yml`, passed in as
validation context, so a misspelt term is reported with a suggestion.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Annotated, Any, Literal

from pydantic import (AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator,
                      model_validator)
from pydantic.json_schema import WithJsonSchema
from pydantic_core import PydanticCustomError

from .diagnostics import suggest

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_SCHEMES = ("https", "http", "mailto")

# Every place Markdown can turn text into a URL: inline links and images `](target)` (the target may
# span lines), reference definitions `[x]: target` (also inside lists and quotes, and with the target
# on the next line) and autolinks `<scheme:...>`. Deliberately generous: a false alarm costs an editor
# a minute, a miss puts a script on the site.
_MD_LINK_TARGETS = re.compile(
    r"\]\(\s*<?(?P<inline>[^)>]*)"
    r"|^[ \t>*+\-\d.)]*\[(?:[^\]\\\n]|\\.)+\]:[ \t]*(?:\r?\n[ \t>]*)?<?(?P<ref>[^\s>]+)"
    r"|<(?P<auto>[^<>\s]+)>",
    re.MULTILINE,
)
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):(?=.)", re.DOTALL)
# Not allowed unencoded in a URL field (RFC 3986), and each can break the Markdown link around it.
_URL_FORBIDDEN = re.compile(r"[\s<>\"`{}\[\]\\|^]")


def _scheme(target: str) -> str | None:
    """The scheme a browser would see in a link target, or None for a relative link.

    Browsers decode character references in attributes (`&#106;avascript:`, `&colon;`) and drop tabs,
    line ends and surrounding control characters; Markdown keeps entities and turns line ends into
    spaces. To be safe against every combination: decode entities until nothing changes, then drop
    all whitespace, control characters and backslashes before reading the scheme. A scheme with
    nothing after it ("Let op:") does nothing in a browser and is not counted.
    """
    decoded = target
    for _ in range(5):
        unescaped = html.unescape(decoded)
        if unescaped == decoded:
            break
        decoded = unescaped
    cleaned = re.sub(r"[\x00-\x20\x7f\\]", "", decoded)
    match = _SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


def _check_links(value: str) -> str:
    """Refuse any link in the text whose scheme is not https:, http: or mailto:."""
    if "]" not in value and "<" not in value:  # every kind of link _MD_LINK_TARGETS finds has one of them
        return value
    for match in _MD_LINK_TARGETS.finditer(value):
        target = match.group("inline") or match.group("ref") or match.group("auto") or ""
        scheme = _scheme(target)
        if scheme and scheme not in ALLOWED_SCHEMES:
            raise PydanticCustomError(
                "link_schema",
                "de link '{target}' gebruikt '{scheme}:'; alleen https:, http: en mailto: zijn toegestaan",
                {"target": " ".join(target.split())[:60], "scheme": scheme},
            )
    return value


def _check_text(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("leeg", "mag niet leeg zijn")
    return _check_links(value)


def _check_url(value: str) -> str:
    value = value.strip()
    scheme = _scheme(value)
    if scheme not in ALLOWED_SCHEMES:
        raise PydanticCustomError(
            "url_schema",
            "'{value}' is geen geldig webadres; begin met https:// (of mailto: voor e-mail)",
            {"value": value[:60]},
        )
    bad = _URL_FORBIDDEN.search(value)
    if bad or value.count("(") != value.count(")"):
        char = bad.group() if bad else ("(" if value.count("(") > value.count(")") else ")")
        shown = {" ": "spatie", "\t": "tab", "\n": "nieuwe regel"}.get(char, char)
        raise PydanticCustomError(
            "url_teken", "'{value}' bevat een teken dat niet los in een webadres mag: {char}",
            {"value": value[:60], "char": shown})
    if scheme in ("http", "https") and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
        raise PydanticCustomError("url_vorm", "'{value}' is geen volledig webadres, zoals https://www.zonmw.nl/",
                                  {"value": value[:60]})
    return value


def _check_email(value: str) -> str:
    value = value.strip()
    if not re.match(r"^[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}$", value):
        raise PydanticCustomError("email", "'{value}' is geen geldig e-mailadres", {"value": value[:60]})
    return value


def _check_slug(value: str) -> str:
    if not SLUG.match(value):
        raise PydanticCustomError(
            "slug", "'{value}' is geen geldige sleutel: gebruik kleine letters, cijfers en koppeltekens",
            {"value": value[:60]})
    return value


Tekst = Annotated[str, AfterValidator(_check_text)]
"""Markdown text without raw HTML; links only to https:, http: or mailto:."""
Url = Annotated[str, AfterValidator(_check_url)]
Email = Annotated[str, AfterValidator(_check_email)]
Sleutel = Annotated[str, AfterValidator(_check_slug)]


def _vocabulary_check(kind: str, label: str):
    """A validator that checks each term against the vocabulary passed as validation context."""

    def check(value: Any, info: ValidationInfo) -> Any:
        vocabulary = (info.context or {}).get("vocabulaire")
        if vocabulary is None or value is None:
            return value
        terms = getattr(vocabulary, kind)
        for term in value if isinstance(value, list) else [value]:
            if term not in terms:
                hint = suggest(term, terms) or (
                    f"kies uit: {', '.join(terms)}; een nieuwe term hoort eerst in vocabulaire.yml onder '{kind}'")
                raise PydanticCustomError(
                    "onbekende_term", "'{term}' is geen bekend {label}; {hint}",
                    {"term": term, "label": label, "hint": hint})
        return value

    return check


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=False, frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _links_everywhere(cls, value: Any) -> Any:
        # Any text can end up in Markdown (a name in a link text, a title in a list), so every text
        # field, not only the Markdown ones, may link only to https:, http: or mailto:.
        if isinstance(value, str):
            _check_links(value)
        return value


# ---------------------------------------------------------------------------------------------
# Vocabulary file
# ---------------------------------------------------------------------------------------------


class Term(Model):
    titel: str = Field(description="De naam van de term zoals bezoekers hem lezen.")
    in_gewone_woorden: str | None = Field(None, description=(
        "Optioneel: de term zoals iemand zonder vakkennis hem zegt, als antwoord op een vraag in de "
        "keuzehulp. Bijvoorbeeld 'We praten niet goed met elkaar over ander werk'."))
    beschrijving: Tekst = Field(description="Uitleg in gewone taal (Markdown).")


class Bewijsniveau(Term):
    niveau: int = Field(ge=0, le=5, description="Rangorde, van 0 (in ontwikkeling) tot 5 (sterkste bewijs).")


class Fase(Term):
    week_van: int = Field(ge=0, le=156, description="Eerste week van ziekte waarin deze fase speelt.")
    week_tot: int = Field(ge=0, le=156, description="Laatste week van ziekte waarin deze fase speelt.")

    @model_validator(mode="after")
    def _order(self) -> "Fase":
        if self.week_tot < self.week_van:
            raise PydanticCustomError("weken", "week_tot ligt vóór week_van")
        return self


class Begrip(Model):
    term: str = Field(description="Het woord of de afkorting zoals die in teksten staat.")
    titel: str = Field(description="De volledige naam; voor een afkorting de uitgeschreven vorm.")
    afkorting: bool = Field(False, description="Zet op true voor een afkorting die overal een uitleg krijgt.")
    beschrijving: Tekst


class Vocabulaire(Model):
    themas: dict[Sleutel, Term]
    doelgroepen: dict[Sleutel, Term]
    statussen: dict[Sleutel, Term]
    bewijsniveaus: dict[Sleutel, Bewijsniveau]
    fasen: dict[Sleutel, Fase]
    begrippen: dict[Sleutel, Begrip] = Field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# Approach file
# ---------------------------------------------------------------------------------------------


class Organisatie(Model):
    naam: str = Field(min_length=1, description="Naam van de organisatie.", examples=["ZINZIZ"])
    rol: str | None = Field(None, description="Wat de organisatie doet in deze aanpak.",
                            examples=["ontwikkelaar", "onderzoek", "uitvoering"])
    website: Url | None = Field(None, description="Webadres van de organisatie.",
                                examples=["https://www.zinziz.nl/"])


class Onderdeel(Model):
    naam: str = Field(min_length=1, description="Korte naam van de stap of het onderdeel.",
                      examples=["Intake en driegesprek"])
    beschrijving: Tekst = Field(description="Wat er in deze stap gebeurt (Markdown).")


class AanpakBeschrijving(Model):
    doel: Tekst = Field(description="Wat de aanpak wil bereiken, in één of twee zinnen.")
    beschrijving: Tekst = Field(description="Hoe de aanpak werkt, met een voorbeeld uit de praktijk (Markdown).")
    onderdelen: list[Onderdeel] = Field(default_factory=list,
                                        description="De stappen of onderdelen van de aanpak, in volgorde.")
    duur: str | None = Field(None, description="Hoe lang de aanpak duurt.", examples=["3 tot 6 maanden"])
    uitvoerders: str | None = Field(None, description="Wie de aanpak uitvoert.",
                                    examples=["re-integratiecoach met een online platform"])


class WerkzaamElement(Model):
    naam: str = Field(min_length=1, description=(
        "Naam van het werkzame element. Gebruik dezelfde naam als andere aanpakken voor hetzelfde "
        "element (zie de pagina Werkzame elementen), dan worden ze aan elkaar gekoppeld."),
        examples=["Driegesprek"])
    sleutel: Sleutel | None = Field(None, description=(
        "Optioneel: koppel dit element aan een element van een andere aanpak met een andere naam. "
        "Standaard wordt de sleutel uit de naam gemaakt."), examples=["driegesprek"])
    toelichting: Tekst | None = Field(None, description="Wat het element inhoudt en waarom het werkt (Markdown).")
    categorie: str | None = Field(None, description="Optionele groep, bijvoorbeeld 'coaching' of 'online'.",
                                  examples=["coaching"])


class Mechanisme(Model):
    naam: str = Field(min_length=1, description="Wat er bij de werknemer of werkgever verandert.",
                      examples=["Meer zelfvertrouwen"])
    toelichting: Tekst | None = Field(None, description="Hoe de aanpak dit teweegbrengt (Markdown).")
    termijn: Literal["kort", "lang"] | None = Field(None, description="Kortetermijn- of langetermijneffect.")


class Contextfactor(Model):
    naam: str = Field(min_length=1, description="De omstandigheid die het effect beïnvloedt.",
                      examples=["Vertrouwen tussen werknemer en coach"])
    sleutel: Sleutel | None = Field(None, description="Optioneel: koppel aan dezelfde factor bij een andere aanpak.")
    niveau: Literal["professional", "werknemer", "werkgever", "omgeving"] = Field(
        description="Bij wie of waar de factor speelt.")
    invloed: Literal["bevorderend", "belemmerend", "beide"] = Field(
        "beide", description="Of de factor helpt, in de weg zit, of allebei kan.")
    toelichting: Tekst | None = Field(None, description="Uitleg (Markdown).")


class Randvoorwaarde(Model):
    naam: str = Field(min_length=1, description="Wat er nodig is om de aanpak goed uit te voeren.",
                      examples=["Tijd voor een driegesprek"])
    soort: Literal["randvoorwaarde", "succesfactor", "faalfactor", "risico"] = Field(
        "randvoorwaarde", description="Voorwaarde vooraf, succesfactor, faalfactor of risico.")
    toelichting: Tekst | None = Field(None, description="Uitleg (Markdown).")


class Kostenpost(Model):
    post: str = Field(min_length=1, description="Waar de kosten voor zijn.", examples=["Begeleiding door coach"])
    bedrag: str | None = Field(None, description="Bedrag of bandbreedte in euro's; leeg als het niet bekend is.",
                               examples=["€ 1.500 - € 2.500"])
    eenheid: str | None = Field(None, description="Per wat het bedrag geldt.", examples=["per traject"])
    betaler: str | None = Field(None, description="Wie de kosten draagt.", examples=["werkgever"])
    bron: Sleutel | None = Field(None, description="Sleutel van de bron in `bronnen` waar dit bedrag vandaan komt.")


class Baat(Model):
    partij: Literal["werkgever", "werknemer", "maatschappij"] = Field(description="Voor wie dit een baat is.")
    omschrijving: Tekst = Field(description="Wat het oplevert (Markdown).")
    bron: Sleutel | None = Field(None, description="Sleutel van de bron in `bronnen`.")


class KostenBaten(Model):
    kosten_bekend: bool = Field(description="true als de bronnen bedragen noemen; anders false.")
    samenvatting: Tekst = Field(description="In gewone taal: wat kost het, wie betaalt, wat levert het op.")
    kosten: list[Kostenpost] = Field(default_factory=list, description="Kostenposten.")
    baten: list[Baat] = Field(default_factory=list, description="Baten per partij.")
    onderzoek: Tekst | None = Field(None, description="Stand van het kosten-batenonderzoek en de bron ervan.")


def _number(value: Any) -> Any:
    """A number as an editor writes it: 42, 66.7 or 66,7 (YAML gives it to us as text)."""
    if isinstance(value, bool):
        raise PydanticCustomError("getal", "'{value}' is geen getal; schrijf een getal zoals 42 of 66,7",
                                  {"value": str(value)})
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if re.fullmatch(r"-?\d+(?:[.,]\d+)?", text):
        return float(text.replace(",", "."))
    raise PydanticCustomError(
        "getal", "'{value}' is geen getal; schrijf alleen het getal, zoals 42 of 66,7, zonder %-teken of woorden "
        "(die horen in 'eenheid' en 'benadering')", {"value": text[:60]})


def _positive_count(value: Any) -> Any:
    text = str(value).strip() if not isinstance(value, int) or isinstance(value, bool) else str(value)
    if not re.fullmatch(r"-?\d+", text):
        raise PydanticCustomError(
            "basis", "'{value}' is geen heel getal; schrijf het aantal personen of trajecten, zoals 55 "
            "(is het aantal niet precies bekend, laat basis_n dan weg en beschrijf de groep in 'basis')",
            {"value": text[:60]})
    if int(text) <= 0:
        raise PydanticCustomError("basis", "moet groter dan 0 zijn: het aantal waarop het cijfer berekend is")
    return int(text)


Getal = Annotated[float, BeforeValidator(_number), WithJsonSchema(
    {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?\d+([.,]\d+)?$"}]})]
Aantal = Annotated[int, BeforeValidator(_positive_count)]


class Cijfer(Model):
    """One figure from a source, structured so it can be drawn as a bar and listed in a table."""

    wat: str = Field(min_length=1, description=(
        "Wat er gemeten is. Cijfers met precies dezelfde tekst bij 'wat' en dezelfde eenheid komen in "
        "één grafiek naast elkaar."), examples=["Werkhervatting aan het eind van het traject"])
    groep: str = Field(min_length=1, description="Voor welke groep het cijfer geldt.",
                       examples=["Experimentele regio's"])
    waarde: Getal = Field(description="Het getal zelf, zonder eenheid; een komma of punt mag.", examples=[66.7])
    eenheid: str = Field(min_length=1, description="Waarin het getal is uitgedrukt: % of een woord.",
                         examples=["%", "werknemers"])
    benadering: Literal["precies", "ongeveer", "ruim", "bijna"] = Field(
        "precies", description="Zoals de bron het getal noemt: precies, ongeveer, ruim (iets meer) of bijna "
        "(iets minder).")
    basis: str | None = Field(None, description=(
        "Waarop het cijfer berekend is, in woorden; ook als het aantal niet precies bekend is."),
        examples=["afgeronde trajecten"])
    basis_n: Aantal | None = Field(None, description=(
        "Het aantal personen of trajecten waarop het cijfer berekend is (een heel getal groter dan 0). "
        "Laat weg als de bron geen precies aantal noemt."), examples=[55])
    meting: Literal["tussentijds", "eind"] = Field(description=(
        "tussentijds voor een tussenstand, eind voor een cijfer uit het eindonderzoek."))
    bron: Sleutel | None = Field(None, description=(
        "Sleutel van de bron in `bronnen`; leeg betekent: de bron van het resultaat erboven."))

    @model_validator(mode="after")
    def _percentage(self) -> "Cijfer":
        if self.eenheid.strip() == "%" and not 0 <= self.waarde <= 100:
            raise PydanticCustomError("procent", "een percentage ligt tussen 0 en 100, niet {value}",
                                      {"value": f"{self.waarde:g}"})
        return self


class Resultaat(Model):
    omschrijving: Tekst = Field(description="Het resultaat of cijfer, met wat erbij hoort (Markdown).")
    waarde: str | None = Field(None, description="Het cijfer zelf, als er een is.", examples=["42%"])
    bron: Sleutel = Field(description="Sleutel van de bron in `bronnen` waar het resultaat vandaan komt.")
    voorlopig: bool = Field(False, description="true voor tussentijdse cijfers.")
    cijfers: list[Cijfer] = Field(default_factory=list, description=(
        "Optioneel: de cijfers van dit resultaat, elk apart, zodat de site ze als grafiek en tabel kan tonen."))


class VoorWerkgevers(Model):
    wat_is_het: Tekst = Field(description="De aanpak in twee of drie eenvoudige zinnen (taalniveau B1).")
    wat_vraagt_het: Tekst = Field(description="Wat de werkgever moet doen of regelen: tijd, gesprekken, een werkplek.")
    wat_kost_het: Tekst = Field(description="Wat het kost en wie betaalt; zeg het eerlijk als dat niet bekend is.")
    wat_levert_het_op: Tekst = Field(description="Wat het de werkgever en de werknemer kan opleveren.")
    wanneer: Tekst = Field(description="Waar de aanpak past in de twee jaar van de Wet verbetering poortwachter.")


class Praktijkproduct(Model):
    titel: str = Field(min_length=1, description="Naam van het product.", examples=["Handreiking driegesprek"])
    soort: str = Field(min_length=1, description="Soort product.", examples=["handreiking", "training", "infographic"])
    beschrijving: Tekst | None = Field(None, description="Wat het is en voor wie (Markdown).")
    url: Url | None = Field(None, description="Waar het te vinden is.")


class Bron(Model):
    id: Sleutel = Field(description="Korte sleutel om vanuit resultaten en kosten naar deze bron te verwijzen.",
                        examples=["eindrapport-2026"])
    titel: str = Field(min_length=1, description="Titel van de publicatie.")
    auteurs: str | None = Field(None, description="Auteurs of redactie.")
    organisatie: str = Field(min_length=1, description="Uitgevende organisatie(s).")
    jaar: int = Field(ge=1900, le=2100, description="Jaar van verschijnen.")
    soort: str | None = Field(None, description="Soort publicatie.", examples=["eindrapport", "nieuwsbrief"])
    url: Url | None = Field(None, description="Webadres van de publicatie.")


class Contact(Model):
    organisatie: str = Field(min_length=1, description="Organisatie om contact mee op te nemen.")
    naam: str | None = Field(None, description="Naam van de contactpersoon.")
    email: Email | None = Field(None, description="E-mailadres.")
    telefoon: str | None = Field(None, description="Telefoonnummer.")
    website: Url | None = Field(None, description="Webadres.")


class Aanpak(Model):
    """One approach in the toolbox, as written in `approaches/<slug>.yml`."""

    titel: str = Field(min_length=3, max_length=120, description="Naam van de aanpak (verplicht).",
                       examples=["Eigen regie en online trainingen in het tweede spoor"])
    samenvatting: Tekst = Field(description="Twee of drie zinnen in gewone taal: wat is het en voor wie.")
    status: str = Field(description="Stand van de aanpak (zie vocabulaire.yml, statussen).", examples=["pilot"])
    bewijsniveau: str = Field(description="Hoe sterk het bewijs is (zie vocabulaire.yml, bewijsniveaus).",
                              examples=["in-ontwikkeling"])
    themas: list[str] = Field(min_length=1, description="Prioritaire thema's (zie vocabulaire.yml, themas).",
                              examples=[["eigen-regie"]])
    doelgroepen: list[str] = Field(min_length=1, description="Voor wie de aanpak is (zie vocabulaire.yml).",
                                   examples=[["werknemers", "werkgevers"]])
    fasen: list[str] = Field(default_factory=list, description=(
        "In welke fasen van de twee ziektejaren de aanpak past (zie vocabulaire.yml, fasen)."),
        examples=[["eerstejaarsevaluatie", "tweede-jaar"]])
    organisaties: list[Organisatie] = Field(min_length=1, description="Wie de aanpak ontwikkelt, onderzoekt of uitvoert.")
    aanpak: AanpakBeschrijving
    werkzame_elementen: list[WerkzaamElement] = Field(default_factory=list,
                                                      description="De onderdelen die het verschil maken.")
    werkingsmechanismen: list[Mechanisme] = Field(default_factory=list,
                                                  description="Waardoor de aanpak werkt.")
    contextfactoren: list[Contextfactor] = Field(default_factory=list,
                                                 description="Omstandigheden die het effect beïnvloeden.")
    randvoorwaarden: list[Randvoorwaarde] = Field(default_factory=list,
                                                  description="Voorwaarden, succes- en faalfactoren.")
    kosten_baten: KostenBaten
    resultaten: list[Resultaat] = Field(default_factory=list, description="Wat onderzoek en praktijk laten zien.")
    voor_werkgevers: VoorWerkgevers
    praktijkproducten: list[Praktijkproduct] = Field(default_factory=list,
                                                     description="Handreikingen, trainingen en andere producten.")
    bronnen: list[Bron] = Field(default_factory=list, description="Publicaties waarop deze beschrijving steunt.")
    contact: Contact | None = Field(None, description="Waar lezers met vragen terecht kunnen.")
    gerelateerd: list[Sleutel] = Field(default_factory=list,
                                       description="Slugs van verwante aanpakken (bestandsnamen zonder .yml).")
    bijgewerkt: dt.date = Field(description="Datum van de laatste inhoudelijke wijziging (JJJJ-MM-DD).",
                                examples=["2026-05-01"])

    _status = field_validator("status")(_vocabulary_check("statussen", "status"))
    _bewijs = field_validator("bewijsniveau")(_vocabulary_check("bewijsniveaus", "bewijsniveau"))
    _themas = field_validator("themas")(_vocabulary_check("themas", "thema"))
    _doelgroepen = field_validator("doelgroepen")(_vocabulary_check("doelgroepen", "doelgroep"))
    _fasen = field_validator("fasen")(_vocabulary_check("fasen", "fase"))


def source_references(aanpak: Aanpak) -> list[tuple[tuple[str | int, ...], str]]:
    """Every place that names a source by its id, with its location in the data."""
    refs: list[tuple[tuple[str | int, ...], str]] = []
    for i, resultaat in enumerate(aanpak.resultaten):
        refs.append((("resultaten", i, "bron"), resultaat.bron))
        for j, cijfer in enumerate(resultaat.cijfers):
            if cijfer.bron:
                refs.append((("resultaten", i, "cijfers", j, "bron"), cijfer.bron))
    for i, post in enumerate(aanpak.kosten_baten.kosten):
        if post.bron:
            refs.append((("kosten_baten", "kosten", i, "bron"), post.bron))
    for i, baat in enumerate(aanpak.kosten_baten.baten):
        if baat.bron:
            refs.append((("kosten_baten", "baten", i, "bron"), baat.bron))
    return refs
