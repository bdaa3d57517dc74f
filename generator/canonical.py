"""The canonical layout of an approach file, and `gereedschapskist opmaak`.

Decap CMS (the editor at /beheer/) rewrites the whole file on every save: it parses the YAML, puts the
top-level keys in the order of the form's fields and writes it again with the `yaml` 1.10 library,
without comments. So the canonical layout is defined as exactly what Decap writes: `canonical.mjs`
repeats Decap's own two functions with the same pinned library. A file in that layout stays
byte-for-byte the same when it is opened and saved in the editor, and editing one field changes only
that field's lines in the diff.

A file is only rewritten when our loader reads the same data from the new text as from the old (so
the model is the same); otherwise the field is named and the file left alone. That happens only for
a value YAML 1.2 reads as a number where our loader reads text (`titel: 1.0` becomes `1`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .decap import PACKAGE_ROOT, field_order
from .diagnostics import format_location, relative_name
from .paths import Project
from .yamlsource import loads

SCRIPT = Path(__file__).with_name("canonical.mjs")


class LayoutError(Exception):
    pass


@dataclass
class Result:
    path: Path
    name: str
    text: str
    canonical: str | None
    problem: str = ""

    @property
    def changed(self) -> bool:
        return self.canonical is not None and self.canonical != self.text


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise LayoutError("Node.js ontbreekt (nodig voor de opmaak die het bewerkscherm gebruikt); "
                          "installeer het pakket nodejs en draai scripts/setup.sh")
    return node


def format_texts(texts: dict[str, str], root: Path) -> dict[str, dict[str, str]]:
    """{name: text} -> {name: {"text": canonical}} or {name: {"error": message}}, in one node run."""
    # canonical.mjs imports `yaml` from the node_modules next to the generator
    if not (PACKAGE_ROOT / "node_modules" / "yaml" / "package.json").is_file():
        raise LayoutError("node_modules/yaml ontbreekt; draai scripts/setup.sh (npm ci)")
    payload = json.dumps({"order": field_order(), "files": texts})
    result = subprocess.run([_node(), str(SCRIPT)], input=payload, capture_output=True, text=True,
                            cwd=root, check=False, encoding="utf-8")
    if result.returncode != 0:
        raise LayoutError(f"de opmaak is mislukt: {result.stderr.strip()[-500:]}")
    return json.loads(result.stdout)


def _first_difference(old, new, location=()) -> tuple:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in old.keys() | new.keys():
            if key not in old or key not in new:
                return location + (key,)
            found = _first_difference(old[key], new[key], location + (key,))
            if found is not None:
                return found
        return None
    if isinstance(old, list) and isinstance(new, list):
        if len(old) != len(new):
            return location
        for i, (a, b) in enumerate(zip(old, new)):
            found = _first_difference(a, b, location + (i,))
            if found is not None:
                return found
        return None
    return None if old == new else location


def layout(project: Project, paths: list[Path] | None = None) -> list[Result]:
    """The canonical text of each approach file (default: all), checked to load the same data."""
    paths = paths if paths is not None else project.approach_files()
    texts = {relative_name(p, project.root): p.read_text(encoding="utf-8") for p in paths}
    formatted = format_texts(texts, project.root)
    results = []
    for path in paths:
        name = relative_name(path, project.root)
        text, answer = texts[name], formatted[name]
        if "error" in answer:
            results.append(Result(path, name, text, None, "de YAML kan niet worden gelezen; draai "
                                                          "`gereedschapskist validate` voor de precieze fout"))
            continue
        before, problems = loads(text, name)
        after, _ = loads(answer["text"], name)
        if before is None or problems:
            results.append(Result(path, name, text, None, "het bestand heeft fouten; draai `gereedschapskist validate`"))
            continue
        if after is None or after.data != before.data:
            where = _first_difference(before.data, after.data if after else None)
            field = format_location(where or ())
            line = before.positions.of(where or ())[0]
            results.append(Result(path, name, text, None,
                                  f"regel {line}: {field or 'het bestand'}: de waarde zou na de opmaak anders "
                                  "gelezen worden (zet hem tussen aanhalingstekens)"))
            continue
        results.append(Result(path, name, text, answer["text"]))
    return results


def write(results: list[Result]) -> list[Result]:
    """Write every changed file; returns those written."""
    written = [r for r in results if r.changed]
    for result in written:
        result.path.write_text(result.canonical, encoding="utf-8")
    return written
