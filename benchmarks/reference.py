"""The reference the build is measured against: plain mkdocs-material and ordinary Markdown pages.

`make_reference(dest, pages)` writes a MkDocs project with the same theme settings as ours
(mkdocs.yml without our hook, the same `templates/overrides`, the same Markdown extensions and
navigation, the hand-written pages of `content/`) plus `pages` ordinary Markdown pages of about
12 KB each in `docs/referentie/`, kept out of the navigation as our approach pages are. No search
plugin and no Pagefind: the reference is what MkDocs and the theme alone cost for that many pages.

The pages are Dutch prose drawn from the real approaches (headings, paragraphs, a list, sometimes a
table, emphasis and a link to another page), so Python-Markdown does ordinary work on them.
Deterministic for a given number and seed.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import yaml

from benchmarks.corpus import REPO, _Pools, load_real

PAGE_BYTES = 12 * 1024


def _config(repo: Path) -> dict:
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    # `!ENV [NAME, default]` is MkDocs' own tag; the reference has no site URL
    config = yaml.safe_load("\n".join(line for line in text.splitlines() if "!ENV" not in line))
    config.pop("hooks", None)
    config.pop("watch", None)
    config["docs_dir"] = "docs"
    config["site_dir"] = "site"
    config["theme"]["custom_dir"] = "overrides"
    return config


def page(rng: random.Random, sentences: list[str], number: int, pages: int) -> str:
    """One ordinary Markdown page of about PAGE_BYTES."""
    def paragraph(count: int) -> str:
        words = " ".join(rng.choice(sentences) for _ in range(count)).split(" ")
        if len(words) > 6:  # some emphasis, as writers use it
            i = rng.randrange(len(words) - 3)
            words[i:i + 2] = [f"**{words[i]} {words[i + 1]}**"]
        return " ".join(words)

    other = rng.randrange(1, pages + 1)
    parts = [f"# Referentiepagina {number}", "", paragraph(3), ""]
    section = 0
    while sum(len(p.encode()) + 1 for p in parts) < PAGE_BYTES:
        section += 1
        parts += [f"## Onderdeel {section}", "", paragraph(rng.randint(3, 5)), "", paragraph(rng.randint(2, 4)), ""]
        if section % 2:
            parts += [f"- {rng.choice(sentences)}" for _ in range(rng.randint(3, 5))] + [""]
        if section == 3:
            parts += ["| Onderdeel | Toelichting |", "| --- | --- |"]
            parts += [f"| Punt {i} | {rng.choice(sentences)} |" for i in range(1, 5)] + [""]
        if section == 2:
            parts += [f"Zie ook [referentiepagina {other}](p{other:04d}.md).", ""]
    return "\n".join(parts)


def make_reference(dest: Path, pages: int = 1000, seed: int = 14, repo: Path = REPO) -> Path:
    """The reference project in `dest`; returns the path of its mkdocs.yml."""
    if dest.exists():
        shutil.rmtree(dest)
    docs = dest / "docs"
    shutil.copytree(repo / "content", docs)
    shutil.copytree(repo / "templates" / "overrides", dest / "overrides")
    config_file = dest / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(_config(repo), allow_unicode=True, sort_keys=False), encoding="utf-8")
    pools = _Pools(load_real(repo))
    sentences = sorted({s for group in pools.sentences.values() for s in group if "|" not in s})
    rng = random.Random(f"{seed}:{pages}")
    out = docs / "referentie"
    out.mkdir()
    for number in range(1, pages + 1):
        (out / f"p{number:04d}.md").write_text(page(rng, sentences, number, pages), encoding="utf-8")
    return config_file
