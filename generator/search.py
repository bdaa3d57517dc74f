"""Search: index the built HTML with Pagefind (Dutch stemming, an index loaded in small chunks).

Pagefind ships as a binary inside the `pagefind[bin]` package from PyPI; nothing is downloaded.
The browser side lives in templates/overrides/assets/gk/zoeken.js.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError


def index_site(site_dir: Path) -> None:
    """Write the search index to <site_dir>/pagefind/."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--force-language", "nl", "--silent"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PluginError("De zoekindex kon niet worden gemaakt (Pagefind): " + " | ".join(detail))
