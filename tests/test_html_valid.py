"""Every page of the built site is valid HTML by the W3C Nu Html Checker (npm vnu-jar, run with Java),
and our copies of theme templates are the theme's own with only the listed changes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from theme_patches import PATCHES

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OVERRIDES = ROOT / "templates" / "overrides"


def nu_errors(pages: list[Path], root: Path) -> list[str]:
    """Every error the checker finds in `pages` (one Java start for all), as 'file:line: message'."""
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
                            capture_output=True, text=True, check=False, timeout=600)
    try:
        messages = json.loads(result.stderr or result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"the Nu Html Checker gave no report (exit {result.returncode}):\n{result.stderr[-2000:]}")
    found = []
    for m in messages:
        if m.get("type") not in ("error", "non-document-error"):
            continue
        path = Path(m.get("url", "").removeprefix("file:"))
        name = path.relative_to(root) if path.is_relative_to(root) else path
        extract = " ".join(m.get("extract", "").split())[:120]
        found.append(f"{name}:{m.get('lastLine', '?')}: {m['message']}  [{extract}]")
    return found


@pytest.mark.timeout(900)
def test_every_built_page_is_valid_html(built_site):
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("Java of node_modules/vnu-jar ontbreekt; draai scripts/setup.sh", pytrace=False)
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 20, "the build made hardly any pages"
    errors = nu_errors(pages, built_site)
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors[:60])


def test_the_checker_reports_an_invalid_page(tmp_path):
    """The check above would catch the theme's own markup: a copy of a page with one of its old errors."""
    if shutil.which("java") is None or not VNU.is_file():
        pytest.fail("Java of node_modules/vnu-jar ontbreekt; draai scripts/setup.sh", pytrace=False)
    page = tmp_path / "kapot.html"
    page.write_text('<!doctype html><html lang="nl"><head><title>t</title></head><body>\n'
                    '<input type="checkbox" id="x" autocomplete="off"><label for="x" tabindex="">x</label>\n'
                    '</body></html>', encoding="utf-8")
    errors = nu_errors([page], tmp_path)
    assert len(errors) == 2 and all(e.startswith("kapot.html:2: ") for e in errors), errors


def _theme_templates() -> Path:
    import material

    return Path(material.__file__).parent / "templates"


@pytest.mark.parametrize("name", sorted(PATCHES))
def test_theme_template_copy_is_the_theme_file_with_only_the_listed_changes(name):
    theme = (_theme_templates() / name).read_text(encoding="utf-8")
    expected = re.sub(r"\A\{#-.*?-#\}\n", "", theme, flags=re.S)
    for old, new, why in PATCHES[name]:
        assert old in expected, f"the theme's {name} no longer contains {old!r} ({why}): update the copy"
        expected = expected.replace(old, new)
    ours = re.sub(r"\A\{#-.*?-#\}\n", "", (OVERRIDES / name).read_text(encoding="utf-8"), flags=re.S)
    assert ours == expected, f"templates/overrides/{name} differs from the theme's file beyond tests/theme_patches.py"
