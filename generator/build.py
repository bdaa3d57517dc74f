"""Build and serve the site, and export the generated docs tree.

`build_site` is atomic: MkDocs writes into a fresh staging directory beside site/
(`.site-bouw-<pid>-<random>`), and only a complete build takes the place of site/. A failed build, or
one stopped by Ctrl-C (SIGINT), SIGTERM or SIGHUP, removes its staging directory and leaves the
previous site/ as it was, byte for byte; a stopped build then exits with status 128 + the signal's
number. A build killed outright (SIGKILL, power loss) cannot clean up; the next build removes what
it left behind.

The output is reproducible: the same sources give the same bytes. MkDocs takes the date it writes
into sitemap.xml and the gzip header of sitemap.xml.gz from SOURCE_DATE_EPOCH; when that is not set,
`build_site` sets it for the duration of the build to the time of the last git commit, or, outside a
git checkout, to the modification time of the newest source file.

The search index is made after MkDocs has returned (generator/search.py). Checking, rendering and
MkDocs run in a forked process (`generator/apart.py`), so that all their memory is given back before
Pagefind starts: Pagefind's memory does not come on top of theirs.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from typing import Iterator

import jinja2
import yaml
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from . import memory, search
from .apart import StageLost, apart
from .diagnostics import ProjectError
from .packed import Packed
from .paths import Project
from .pipeline import check, forget, generate, settings_from_config
from .render import PackedPage, abbreviations, export_markdown, with_abbreviations

STAGING_PREFIX = ".site-bouw-"
"""Name prefix of the directory a build writes into, beside the site directory."""
RETIRED_PREFIX = ".site-oud-"
"""Name prefix of a replaced site directory on its way out (only where an atomic swap is unavailable)."""
SOURCE_INPUTS = ("approaches", "vocabulaire.yml", "content", "templates", "mkdocs.yml")
"""What the site is built from, for the fallback build time outside git."""


def load_mkdocs_config(project: Project, **overrides):
    return load_config(str(project.config_file), **overrides)


def build_site(project: Project, strict: bool = False, site_dir: Path | None = None,
               check_first: bool = False) -> Path:
    """Build into a staging directory, then swap it into place. Returns the site directory.

    Raises mkdocs' Abort (with a Dutch message for template errors) when the build fails, and with
    `check_first` ProjectError before MkDocs starts when the data has errors; site/ is then untouched.
    """
    target = site_target(site_dir or project.site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(target)
    staging: Path | None = None
    with _source_date_epoch(project), _stop_signals_raise():
        try:
            staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=target.parent))
            staging.chmod(0o777 & ~_umask())  # mkdtemp makes it private; a site is meant to be read
            # checking, rendering and MkDocs in a process of their own, whose memory is all given back
            # before Pagefind needs as much again (generator/apart.py)
            try:
                waiting = apart(functools.partial(_mkdocs_build, project, staging, strict, check_first))
            except StageLost as lost:
                raise Abort(str(lost)) from None
            if waiting:
                forget()  # anything checked here before building: the build has used it
                memory.release()
                for site in waiting:
                    search.index_site(site)
            _replace(staging, target)
        except _Stopped as stopped:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            sys.stderr.write("Bouwen afgebroken; de vorige website is niet aangeraakt.\n")
            raise SystemExit(128 + stopped.signum) from None
        except BaseException:
            if staging is not None:
                shutil.rmtree(staging, ignore_errors=True)
            raise
    return target


def _mkdocs_build(project: Project, staging: Path, strict: bool, check_first: bool) -> list[Path]:
    """MkDocs' build into `staging`; returns the sites left to index (`search.after_build`).
    With `check_first`, the data is checked before MkDocs starts (and the build reuses the check)."""
    if check_first:
        loaded = check(project, rendering=True)
        if not loaded.ok:
            raise ProjectError(loaded.diagnostics)
        del loaded
    config = load_mkdocs_config(project, site_dir=str(staging), strict=strict)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        with search.after_build() as waiting:
            mkdocs_build(config)
    except jinja2.TemplateError as error:
        raise Abort(_template_error(error, project.root)) from None
    finally:
        config.plugins.on_shutdown()
    return list(waiting)


def site_target(site: Path) -> Path:
    """Where the site goes, as an absolute path whose last part is not followed if it is a link.

    A symbolic link there is refused: replacing the site would otherwise swap out (and delete) the
    directory the link points to, wherever that is. `.gitignore`'s `site/` does not match a link
    called `site`, so one can arrive in a pull request.
    """
    site = Path(os.path.abspath(site))
    if site.is_symlink():
        raise Abort(f"{site} is een symbolische koppeling (symlink); de website wordt daar niet gebouwd, "
                    "want dan zou de map waar hij naar wijst worden leeggemaakt. Haal de koppeling weg "
                    "(git rm site) of kies met --site een andere map.")
    return site.parent.resolve() / site.name


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _template_error(error: jinja2.TemplateError, root: Path) -> str:
    """A Dutch one-line description of a template error, with the template's file and line."""
    where = ""
    if isinstance(error, jinja2.TemplateSyntaxError) and error.lineno:
        where = f"{_shorter(error.filename or error.name or 'sjabloon', root)}:{error.lineno}: "
    else:
        frames = [f for f in traceback.extract_tb(error.__traceback__)
                  if f.filename.endswith((".j2", ".html", ".xml")) and f.lineno]
        if frames:
            where = f"{_shorter(frames[-1].filename, root)}:{frames[-1].lineno}: "
    return f"fout in een sjabloon: {where}{error.message or type(error).__name__}"


def _shorter(filename: str, root: Path) -> str:
    """A template's path relative to the project, as maintainers know it, where it is inside it."""
    try:
        return Path(filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return filename


# ------------------------------------------------------------------------------------------------
# Interrupted builds
# ------------------------------------------------------------------------------------------------


class _Stopped(BaseException):
    """Raised in the main thread when SIGINT, SIGTERM or SIGHUP arrives during a build."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


@contextlib.contextmanager
def _stop_signals_raise() -> Iterator[None]:
    """Turn SIGINT, SIGTERM and SIGHUP into an exception for the duration of a build.

    The build then removes its staging directory and the process exits with 128 + the signal's
    number, as a process killed by that signal would be reported by a shell. A signal the process
    ignores (SIGHUP under nohup, SIGINT in a background job) stays ignored. Handlers can only be set
    from the main thread; elsewhere the build runs with whatever handlers are in place.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise _Stopped(signum)

    previous = {}
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            previous[signum] = signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def remove_leftovers(target: Path) -> list[Path]:
    """Remove what builds killed outright left beside `target`; returns what was removed.

    A staging or retired directory whose process is still running belongs to a build in progress
    and is left alone. If a build was killed in the instant between moving the old site aside and
    moving the new one in (only possible without an atomic swap), the old site is put back.
    """
    removed: list[Path] = []
    if not target.parent.is_dir():
        return removed
    for entry in sorted(target.parent.iterdir()):
        name = entry.name
        if entry.is_symlink():
            continue  # never ours: a build makes directories, and a link is never followed
        if name.startswith(STAGING_PREFIX):
            rest = name[len(STAGING_PREFIX):]
        elif name.startswith(RETIRED_PREFIX):
            rest = name[len(RETIRED_PREFIX):]
        else:
            continue
        pid_text, _, tail = rest.partition("-")
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        if name.startswith(RETIRED_PREFIX) and tail == target.name and not target.exists():
            os.replace(entry, target)
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


# ------------------------------------------------------------------------------------------------
# Swapping the new site into place
# ------------------------------------------------------------------------------------------------


def _replace(new: Path, target: Path) -> None:
    """Put `new` where `target` is. On Linux one atomic exchange; elsewhere two renames."""
    if not target.exists():
        os.replace(new, target)
        return
    if _exchange(new, target):
        shutil.rmtree(new, ignore_errors=True)  # `new` now holds the old site
        return
    retired = target.with_name(f"{RETIRED_PREFIX}{os.getpid()}-{target.name}")
    os.replace(target, retired)
    os.replace(new, target)
    shutil.rmtree(retired, ignore_errors=True)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one step with renameat2(RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


# ------------------------------------------------------------------------------------------------
# Reproducible output
# ------------------------------------------------------------------------------------------------


def source_date_epoch(project: Project) -> int:
    """The build time for reproducible output: the last commit's time, else the newest source file's."""
    try:
        result = subprocess.run(["git", "-C", str(project.root), "log", "-1", "--format=%ct"],
                                capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        result = None
    if result is not None and result.returncode == 0 and result.stdout.strip().isdigit():
        return int(result.stdout.strip())
    newest = 0.0
    for name in SOURCE_INPUTS:
        path = project.root / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for item in files:
            newest = max(newest, item.stat().st_mtime)
    return int(newest)


@contextlib.contextmanager
def _source_date_epoch(project: Project) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for the duration of a build unless the caller has set it."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        yield
        return
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(project))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


# ------------------------------------------------------------------------------------------------
# Serve and export
# ------------------------------------------------------------------------------------------------


def serve(project: Project, address: str = "127.0.0.1:8000") -> None:
    """Build and serve with live reload; edits to approaches, vocabulary and templates rebuild."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    # Not watch_theme: MkDocs polls every watched file twice a second, and the theme's own directory has
    # some 14,500 files (icons): that polling took more CPU than the rebuild. Our overrides are watched
    # through `watch:` in mkdocs.yml. Dirty builds: after a save, only the pages that can have changed
    # are written again (generator/rebuild.py decides which).
    mkdocs_serve(str(project.config_file), open_in_browser=False, livereload=True, dev_addr=address,
                 watch_theme=False, build_type="dirty")


def export(project: Project, out: Path) -> list[str]:
    """Write the generated pages and content/ as a plain docs tree with its own mkdocs.yml.

    The result builds with `mkdocs build -f OUT/mkdocs.yml`, without our hook. Pages the generator
    writes as finished HTML become Markdown files of that HTML with their meta as front matter
    (`render.export_markdown`); Markdown pages get the glossary's abbreviation definitions, so terms
    are explained there too. Returns the written paths relative to OUT/docs.
    """
    config = load_mkdocs_config(project)
    generated = generate(project, settings_from_config(config))
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(project.content_dir, docs)
    definitions = abbreviations(generated.catalog.vocabulaire)
    for md in docs.rglob("*.md"):
        md.write_text(with_abbreviations(md.read_text(encoding="utf-8"), definitions), encoding="utf-8")
    for path, content in generated.pages.items():
        destination = docs / path
        destination.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, PackedPage):
            content = export_markdown(content.unpack())
        elif isinstance(content, Packed):
            content = content.text()
        elif path.endswith(".md") and path != "begrippen/index.md":
            content = with_abbreviations(content, definitions)
        destination.write_text(content, encoding="utf-8")
    overrides = out / "overrides"
    if overrides.exists():
        shutil.rmtree(overrides)
    shutil.copytree(project.overrides_dir, overrides)
    raw = yaml.safe_load(_config_without_tags(project.config_file.read_text(encoding="utf-8")))
    raw.pop("hooks", None)
    raw.pop("watch", None)
    raw["docs_dir"] = "docs"
    raw["site_dir"] = "site"
    raw["site_url"] = config.site_url or ""
    raw["theme"]["custom_dir"] = "overrides"
    (out / "mkdocs.yml").write_text(
        "# Exported by `gereedschapskist export`: plain MkDocs, no generator needed.\n"
        "# For search, index the built site afterwards: python -m pagefind --site site\n"
        + yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file())


def _config_without_tags(text: str) -> str:
    # `!ENV [NAME, default]` is MkDocs' own tag; the loaded config already resolved it.
    return "\n".join(line for line in text.splitlines() if "!ENV" not in line)
