"""Search: index the built HTML with Pagefind (Dutch stemming, an index loaded in small chunks).

Pagefind ships as a binary inside the `pagefind[bin]` package from PyPI; nothing is downloaded.
The browser side lives in templates/overrides/assets/gk/gk.js.

**Memory.** Pagefind keeps every page it indexes in memory until it writes the index, and while it
builds the index it needs about three times that: some 0.8 MB per approach page, so 4 GB at 5,000
approaches, and it has no setting to limit it. So the site's index is written in parts of at most
`PAGES_PER_PART` pages, one Pagefind run after the other: the first part is the ordinary bundle in
`pagefind/`, every further part an index of its own in `pagefind/deel-2/`, `pagefind/deel-3/`, ...,
listed in `pagefind/delen.json`; the search script merges them (Pagefind's `mergeIndex`) into one
list of results ordered by score, with the WebAssembly loaded once. A part is indexed from a
directory of hard links to its pages (the same relative paths, so the same URLs), and only pages
with a `data-pagefind-body` element are given to Pagefind: those are the pages it would index.

Parts search like one index with two differences, both measured in benchmarks/README.md: a word's
weight (inverse document frequency) is computed per part, so for a word on nearly every page the
order of near-equal results can change; and a part in which no word starts with the query falls
back, as Pagefind does, to the longest indexed word the query starts with ('drie' for
'driegesprek'), which adds results without the word, not always at the end. Up to `PAGES_PER_PART`
pages the index is one part, exactly as before.

Plain `mkdocs build` indexes at the end of the build (the hook's on_post_build), while MkDocs still
holds its pages and files; `gereedschapskist build` builds `after_build()`, which lets MkDocs return
first, so the memory of Python and of Pagefind does not add up.

While serving, only the first build is indexed: MkDocs empties the site directory before each
rebuild, so `keep_index` moves the index out of the way (to a hidden directory MkDocs leaves alone)
and `restore_index` puts it back, and a saved approach is on screen without waiting for Pagefind.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from mkdocs.exceptions import PluginError

INDEX = "pagefind"
KEPT = ".pagefind-vorige-bouw"
"""Where the index waits during a rebuild while serving (MkDocs does not remove hidden entries)."""
PARTS = "delen.json"
"""In the index directory: the further parts of the index, for the search script to merge."""
PART_PREFIX = "deel-"
PAGES_PER_PART = 1500
"""At most this many pages in one part of the index; the environment variable
GEREEDSCHAPSKIST_PAGES_PER_PART sets another number (the tests use a small one). A choice between
search and memory: one index ranks best, and up to about 1,450 approaches (some 1.1 GB for Pagefind)
the site keeps one; beyond that, parts keep Pagefind's memory near 1 GB at any size."""
BODY = b"data-pagefind-body"
"""Pagefind indexes only pages with this attribute once any page has it; the rest are left out."""
MALLOC = "narenas:1"
"""Pagefind's allocator (jemalloc) with one arena instead of one per thread group: less memory held
in partly used pages, and less CPU time (measured in benchmarks/README.md)."""
BUNDLE_ONLY = ("*.js", "*.css", "wasm.*")
"""Files a further part does not need: the search script and its WebAssembly come from the first."""

SERVE_NOTE = ("<p class=\"gk-zoeken__serve\"><strong>Voorbeeldweergave</strong>: de zoekindex is gemaakt toen "
              "<code>gereedschapskist serve</code> startte. Wat u daarna wijzigt, vindt u hier pas na een nieuwe "
              "start of met <code>gereedschapskist build</code>.</p>")
"""Shown on the search page while serving, above the search form."""


_waiting: list[list[Path]] = []
"""Inside `after_build()`: the site directories whose index waits for the build to return."""


@contextlib.contextmanager
def after_build() -> Iterator[list[Path]]:
    """Within this, `index_after_build` only notes the site; the caller indexes it once MkDocs has
    returned and its pages are gone (`memory.release`, then `index_site`). Yields the noted sites."""
    noted: list[Path] = []
    _waiting.append(noted)
    try:
        yield noted
    finally:
        _waiting.remove(noted)


def index_after_build(site_dir: Path) -> None:
    """At the end of a MkDocs build: index the site now, or note it when inside `after_build()`."""
    if _waiting:
        _waiting[-1].append(Path(site_dir))
    else:
        index_site(site_dir)


def index_site(site_dir: Path, pages_per_part: int | None = None) -> int:
    """Write the search index to <site_dir>/pagefind/, in parts; returns the number of parts."""
    site_dir = Path(site_dir)
    pages = indexed_pages(site_dir)
    parts = split(pages, pages_per_part or _pages_per_part())
    index = site_dir / INDEX
    for number, part in enumerate(parts, start=1):
        output = index if number == 1 else index / f"{PART_PREFIX}{number}"
        _index_part(site_dir, part, output)
        if number > 1:
            for pattern in BUNDLE_ONLY:
                for file in output.glob(pattern):
                    file.unlink()
    index.mkdir(parents=True, exist_ok=True)
    names = [f"{PART_PREFIX}{number}/" for number in range(2, len(parts) + 1)]
    (index / PARTS).write_text(json.dumps({"delen": names}) + "\n", encoding="utf-8")
    return len(parts)


def indexed_pages(site_dir: Path) -> list[str]:
    """The HTML files of the site (relative paths, sorted) that Pagefind indexes."""
    found = []
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir)
        if relative.parts[0] in (INDEX, KEPT) or relative.parts[0].startswith("."):
            continue
        if BODY in path.read_bytes():
            found.append(relative.as_posix())
    return sorted(found)


def split(pages: list[str], pages_per_part: int) -> list[list[str]]:
    """Pages in as few parts as `pages_per_part` allows, dealt out in turn (page i to part i mod k).

    Dealt, not cut in runs: neighbours in path order are alike (approaches sorted by title start
    with the same kind of work), and parts alike in make-up give a word about the same weight
    (Pagefind's inverse document frequency is computed per part), so scores compare across parts.
    """
    count = max(1, -(-len(pages) // max(1, pages_per_part)))
    return [pages[number::count] for number in range(count)]


def _pages_per_part() -> int:
    value = os.environ.get("GEREEDSCHAPSKIST_PAGES_PER_PART", "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else PAGES_PER_PART


def _index_part(site_dir: Path, pages: list[str], output: Path) -> None:
    """Run Pagefind on these pages only, each cut to what it reads (`indexed_text`), in a scratch directory."""
    farm = Path(tempfile.mkdtemp(prefix=".pagefind-deel-", dir=site_dir))
    try:
        for page in pages:
            target = farm / page
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(indexed_text((site_dir / page).read_bytes()))
        command = [sys.executable, "-m", "pagefind", "--site", str(farm), "--output-path", str(output),
                   "--force-language", "nl", "--silent"]
        env = {**os.environ, "_RJEM_MALLOC_CONF": os.environ.get("_RJEM_MALLOC_CONF", MALLOC)}
        result = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
    finally:
        shutil.rmtree(farm, ignore_errors=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise PluginError("De zoekindex kon niet worden gemaakt (Pagefind): " + " | ".join(detail))


def indexed_text(html: bytes) -> bytes:
    """A page as Pagefind needs it: its head and the element marked `data-pagefind-body`.

    The header, the navigation, the table of contents and the footer around it are never indexed,
    yet Pagefind parses them: about a third of an approach page, and a sixth of its time (measured
    in benchmarks/README.md; the index comes out byte for byte the same). A page whose dropped parts
    carry anything for Pagefind (`data-pagefind-…`), or that is not laid out as expected, is kept whole.
    """
    head_end = html.find(b"</head>")
    start = html.find(b"<div " + BODY)
    end = html.find(b"</article>", start)
    if head_end < 0 or start < head_end or end < 0:
        return html
    if b"data-pagefind" in html[head_end:start] or b"data-pagefind" in html[end:]:
        return html
    return html[: head_end + len(b"</head>")] + b"<body>" + html[start:end] + b"</body></html>"


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
