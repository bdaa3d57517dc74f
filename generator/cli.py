"""The `gereedschapskist` command: a thin layer over the pipeline. Help texts are Dutch."""

from __future__ import annotations

import atexit
import gc
import logging
import os
import sys
from pathlib import Path

import click

from .diagnostics import ProjectError, summary
from .paths import Project

HEADINGS = {"Options": "Opties", "Commands": "Opdrachten", "Arguments": "Argumenten"}


class DutchHelpFormatter(click.HelpFormatter):
    """Click's help layout with Dutch headings, so every help text reads in one language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Gebruik: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))


class DutchContext(click.Context):
    formatter_class = DutchHelpFormatter


click.Group.context_class = DutchContext
click.Command.context_class = DutchContext

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
HELP = click.help_option("-h", "--help", help="Toon deze uitleg en stop.")


def _project(ctx: click.Context) -> Project:
    return ctx.obj


def _log_setup(verbose: bool = True) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO if verbose else logging.WARNING)
    root.propagate = False


def _report(error: ProjectError) -> None:
    click.echo(error.diagnostics.report(), err=True)


@click.group(context_settings=CONTEXT)
@click.option("--project", "project_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Map van het project (met mkdocs.yml). Standaard: de huidige map of een map erboven.")
@click.version_option(package_name="gereedschapskist", message="%(prog)s %(version)s",
                      help="Toon de versie en stop.")
@HELP
@click.pass_context
def main(ctx: click.Context, project_dir: Path | None) -> None:
    """Gereedschapskist re-integratie 2e spoor: controleer de aanpakken en bouw de website.

    Elke aanpak staat in approaches/<slug>.yml. Begin met `gereedschapskist nieuw <slug>`,
    controleer met `validate` en bekijk het resultaat met `serve`.
    """
    # mkdocs-material 9.7+ prints an advertisement for its successor on every build; keep output clean
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    ctx.obj = Project.find(project_dir)


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--github", is_flag=True, help="Meld fouten ook als GitHub Actions-annotaties (voor pull requests).")
@click.option("--geen-cache", "no_cache", is_flag=True,
              help="Controleer elk bestand opnieuw, zonder de bewaarde uitkomsten van de vorige keer "
                   "(in ~/.cache/gereedschapskist/), en bewaar niets.")
@click.pass_context
def validate(ctx: click.Context, github: bool, no_cache: bool) -> None:
    """Controleer alle aanpakken en vocabulaire.yml; toon elke fout met bestand, regel en kolom.

    Stopt met code 1 als er een fout is. Waarschuwingen (bijvoorbeeld een aanpak zonder bronnen)
    laten de controle slagen. Een bestand dat sinds de vorige keer niet veranderd is, wordt niet
    opnieuw gelezen: de uitkomst is dezelfde, alleen sneller.
    """
    from .pipeline import check

    # At exit Python's cycle collector would walk every object of the checked approaches once more
    # (half a second at a thousand); they are all still in use then, so it would find nothing.
    atexit.unregister(gc.freeze)  # once, however often a test runs the command in its process
    atexit.register(gc.freeze)
    loaded = check(_project(ctx), stored=not no_cache)
    diagnostics = loaded.diagnostics
    items = diagnostics.errors + diagnostics.warnings
    if github and items:  # the PR check also names each field as the editor's form labels it
        from dataclasses import replace

        from .decap import field_labels, with_form_label

        labels = field_labels()
        items = [replace(item, path=with_form_label(item.path, labels)) for item in items]
    for item in items:
        click.echo(item.format(), err=bool(diagnostics.errors))
        if github:
            click.echo(item.github_annotation())
    files = len(loaded.files)
    click.echo(f"{files} aanpak{'ken' if files != 1 else ''} gecontroleerd: "
               f"{summary(len(diagnostics.errors), len(diagnostics.warnings))}", err=bool(diagnostics.errors))
    ctx.exit(1 if diagnostics.errors or loaded.vocabulaire is None else 0)


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--strict/--niet-strict", default=False,
              help="Stop ook bij waarschuwingen van MkDocs (zoals een kapotte link). In CI staat dit aan.")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Waar de website komt. Standaard: site/ in het project.")
@click.option("-q", "--stil", "quiet", is_flag=True, help="Toon alleen waarschuwingen en fouten.")
@click.pass_context
def build(ctx: click.Context, strict: bool, site_dir: Path | None, quiet: bool) -> None:
    """Controleer de gegevens en bouw de website in site/.

    Lukt het bouwen niet, dan blijft de vorige site/ precies zoals hij was.
    """
    from mkdocs.exceptions import Abort, MkDocsException

    from .build import build_site

    project = _project(ctx)
    _log_setup(verbose=not quiet)
    try:
        # the data is checked first, in the build's own process (its memory goes when it ends)
        target = build_site(project, strict=strict, site_dir=site_dir, check_first=True)
    except ProjectError as error:
        _report(error)
        click.echo("Er is niets gebouwd; de vorige website is niet aangeraakt.", err=True)
        ctx.exit(1)
    except (Abort, MkDocsException) as error:
        click.echo(f"Bouwen mislukt: {error}", err=True)
        click.echo("De vorige website is niet aangeraakt.", err=True)
        ctx.exit(1)
    click.echo(f"Website gebouwd in {target}")


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--adres", default="127.0.0.1:8000", show_default=True, help="Adres en poort om op te serveren.")
@click.pass_context
def serve(ctx: click.Context, adres: str) -> None:
    """Bouw de website en toon hem op http://127.0.0.1:8000, met automatisch herladen.

    Sla een aanpak op en de pagina ververst vanzelf. Staat er een fout in een bestand, dan ziet u die
    hier in de terminal en blijft de laatste goede versie zichtbaar tot de fout is opgelost.
    """
    from mkdocs.exceptions import Abort, MkDocsException

    from .build import serve as serve_site

    _log_setup()
    try:
        serve_site(_project(ctx), adres)
    except Abort:  # the first build failed; its errors are already printed above
        click.echo("Serveren mislukt: de eerste bouw is niet gelukt. Los de fouten hierboven op en "
                   "start opnieuw.", err=True)
        ctx.exit(1)
    except MkDocsException as error:
        click.echo(f"Serveren mislukt: {error}", err=True)
        ctx.exit(1)
    except OSError as error:  # most often: the port is taken by another server
        click.echo(f"Serveren mislukt: {adres} is niet te gebruiken ({error.strerror}). "
                   "Kies een andere poort, bijvoorbeeld --adres 127.0.0.1:8001", err=True)
        ctx.exit(1)


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--poort", type=click.IntRange(0, 65535), default=0,
              help="Poort voor de website met het bewerkscherm. Standaard: een vrije poort.")
@click.option("--decap-poort", type=click.IntRange(0, 65535), default=0,
              help="Poort voor decap-server, dat de bestanden opslaat. Standaard: een vrije poort.")
@click.pass_context
def beheer(ctx: click.Context, poort: int, decap_poort: int) -> None:
    """Open het bewerkscherm op uw eigen computer, zonder GitHub: http://127.0.0.1:POORT/beheer/

    Start de website en decap-server, allebei alleen bereikbaar op deze computer (127.0.0.1).
    Wat u in het formulier opslaat, komt direct in approaches/<slug>.yml; de website bouwt dan
    vanzelf opnieuw. Controleer daarna met `gereedschapskist validate` en zet de wijziging met git
    in een pull request. Stop met Ctrl-C: dat stopt beide programma's.
    """
    from mkdocs.exceptions import Abort, MkDocsException

    from .beheer import HOST, BeheerError, decap_server, free_port, local_backend, stop_on_signals
    from .build import serve as serve_site

    project = _project(ctx)
    _log_setup()
    stop_on_signals()
    site_port = poort or free_port()
    try:
        with decap_server(project, decap_poort or free_port()) as api, local_backend(api):
            click.echo(f"decap-server slaat op in {project.approaches_dir} ({api})")
            click.echo(f"Bewerkscherm: http://{HOST}:{site_port}/beheer/  (de website: http://{HOST}:{site_port}/)")
            click.echo("Stop met Ctrl-C.")
            serve_site(project, f"{HOST}:{site_port}")
    except BeheerError as error:
        click.echo(f"Beheer mislukt: {error}", err=True)
        ctx.exit(1)
    except Abort:
        click.echo("Beheer mislukt: de eerste bouw is niet gelukt. Los de fouten hierboven op en start opnieuw.",
                   err=True)
        ctx.exit(1)
    except MkDocsException as error:
        click.echo(f"Beheer mislukt: {error}", err=True)
        ctx.exit(1)
    except OSError as error:
        click.echo(f"Beheer mislukt: poort {site_port} is niet te gebruiken ({error.strerror}). "
                   "Kies een andere met --poort.", err=True)
        ctx.exit(1)
    except KeyboardInterrupt:
        pass
    click.echo("Bewerkscherm en decap-server gestopt.")


@main.command(context_settings=CONTEXT)
@HELP
@click.argument("map_", metavar="MAP", type=click.Path(file_okay=False, path_type=Path))
@click.pass_context
def export(ctx: click.Context, map_: Path) -> None:
    """Schrijf alle pagina's als gewone MkDocs-map naar MAP, te bouwen zonder deze generator.

    Daarna bouwt `mkdocs build -f MAP/mkdocs.yml` dezelfde pagina's. Zo blijft de inhoud bruikbaar
    in elk programma dat mkdocs.yml leest.
    """
    from .build import export as export_tree

    try:
        written = export_tree(_project(ctx), map_)
    except ProjectError as error:
        _report(error)
        ctx.exit(1)
    click.echo(f"{len(written)} bestanden geschreven naar {map_ / 'docs'}; configuratie in {map_ / 'mkdocs.yml'}")


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--uitvoer", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Schrijf het schema naar dit bestand in plaats van naar het scherm.")
@click.pass_context
def schema(ctx: click.Context, uitvoer: Path | None) -> None:
    """Toon het JSON Schema van een aanpak-bestand (voor editors zoals VS Code).

    Het schema bevat de Nederlandse uitleg per veld en de toegestane termen uit vocabulaire.yml.
    """
    from .pipeline import check
    from .schema import approach_schema, dumps

    loaded = check(_project(ctx))
    if loaded.vocabulaire is None:  # without it the schema would silently lack the vocabulary's terms
        click.echo(loaded.diagnostics.report(), err=True)
        ctx.exit(1)
    text = dumps(approach_schema(loaded.vocabulaire, editor=True))
    if uitvoer:
        uitvoer.parent.mkdir(parents=True, exist_ok=True)
        uitvoer.write_text(text, encoding="utf-8")
        click.echo(f"Schema geschreven naar {uitvoer}")
    else:
        click.echo(text, nl=False)


@main.command(context_settings=CONTEXT)
@HELP
@click.argument("slug")
@click.pass_context
def nieuw(ctx: click.Context, slug: str) -> None:
    """Maak approaches/SLUG.yml aan uit het sjabloon, met uitleg bij elk veld.

    SLUG wordt het webadres: kleine letters, cijfers en koppeltekens, bijvoorbeeld
    'samen-werkfit-in-de-regio'.
    """
    from .scaffold import ScaffoldError, create

    try:
        path = create(_project(ctx), slug)
    except ScaffoldError as error:
        click.echo(f"fout: {error}", err=True)
        ctx.exit(1)
    click.echo(f"{path} aangemaakt. Vul de velden in en controleer met: gereedschapskist validate")


main.add_command(nieuw, name="new")


@main.command(context_settings=CONTEXT)
@HELP
@click.option("--controleer", is_flag=True,
              help="Verander niets; meld de bestanden die niet in de vaste opmaak staan en stop dan met code 1.")
@click.argument("bestanden", metavar="[BESTAND]...", nargs=-1,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def opmaak(ctx: click.Context, controleer: bool, bestanden: tuple[Path, ...]) -> None:
    """Zet elke aanpak in de vaste opmaak: precies zoals het bewerkscherm (/beheer/) hem opslaat.

    Het bewerkscherm schrijft bij elke wijziging het hele bestand opnieuw, zonder opmerkingen (#).
    Staan alle bestanden al in die opmaak, dan verandert een wijziging in het formulier alleen de
    regels van het veld dat u aanpast. De inhoud blijft gelijk: een bestand dat na de opmaak anders
    gelezen zou worden, wordt niet aangeraakt. Zonder BESTAND: alle aanpakken in approaches/.
    """
    from .canonical import LayoutError, layout, write

    project = _project(ctx)
    try:
        results = layout(project, [p.resolve() for p in bestanden] or None)
    except LayoutError as error:
        click.echo(f"fout: {error}", err=True)
        ctx.exit(1)
    problems = [r for r in results if r.problem]
    for result in problems:
        click.echo(f"{result.name}: {result.problem}", err=True)
    changed = [r for r in results if r.changed]
    if controleer:
        for result in changed:
            click.echo(f"{result.name}: staat niet in de vaste opmaak (herstel met: gereedschapskist opmaak)",
                       err=True)
        click.echo(f"{len(results)} aanpak{'ken' if len(results) != 1 else ''} bekeken: "
                   f"{len(changed)} niet in de vaste opmaak.", err=bool(changed or problems))
        ctx.exit(1 if changed or problems else 0)
    for result in write(changed):
        click.echo(f"{result.name}: opgemaakt")
    click.echo(f"{len(results)} aanpak{'ken' if len(results) != 1 else ''} bekeken: {len(changed)} opgemaakt.")
    ctx.exit(1 if problems else 0)


if __name__ == "__main__":  # pragma: no cover - `python -m generator.cli`
    main()
