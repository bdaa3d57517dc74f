"""Search: index the built HTML with Pagefind (Dutch stemming, an index loaded in small chunks).

Pagefind ships as a binary inside the `pagefind[bin]` package from PyPI; nothing is downloaded.
The browser side lives in templates/overrides/assets/gk/zoeken.js.

While serving, only the first build is indexed: MkDocs empties the site directory before each
rebuild, so `keep_index` moves the index out of the way (to a hidden directory MkDocs leaves alone)
and `restore_index` puts it back, and a saved approach is on screen without waiting for Pagefind.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

INDEX = "pagefind"
KEPT = ".pagefind-vorige-bouw"
"""Where the index waits during a rebuild while serving (MkDocs does not remove hidden entries)."""

SERVE_NOTE = ("<p class=\"gk-zoeken__serve\"><strong>Voorbeeldweergave</strong>: de zoekindex is gemaakt toen "
              "<code>gereedschapskist serve</code> startte. Wat u daarna wijzigt, vindt u hier pas na een nieuwe "
              "start of met <code>gereedschapskist build</code>.</p>")
"""Shown on the search page while serving, above the search form."""


def index_site(site_dir: Path) -> None:
    """Write the search index to <site_dir>/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "nl", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PluginError("De zoekindex kon niet worden gemaakt (Pagefind): " + " | ".join(detail))


def keep_index(site_dir: Path) -> None:
    """Before a rebuild while serving: move the index where MkDocs' clean-up does not reach it."""
    index, kept = site_dir / INDEX, site_dir / KEPT
    if index.is_dir():
        shutil.rmtree(kept, ignore_errors=True)
        os.replace(index, kept)


def restore_index(site_dir: Path) -> bool:
    """After a rebuild while serving: put the kept index back. False if there is none (index anew)."""
    kept = site_dir / KEPT
    if not kept.is_dir():
        return False
    shutil.rmtree(site_dir / INDEX, ignore_errors=True)
    os.replace(kept, site_dir / INDEX)
    return True
