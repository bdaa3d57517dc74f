"""The real MkDocs build of the real project, and the export that builds without the generator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SLUGS = sorted(p.stem for p in (ROOT / "approaches").glob("*.yml") if not p.name.startswith("_"))
SECTIONS = ["Werkzame elementen", "Werkingsmechanismen", "Contextfactoren", "Randvoorwaarden",
            "Kosten en baten", "Resultaten", "Voor werkgevers", "Praktijkproducten", "Bronnen", "Contact"]


def html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def headings(text: str, level: int = 2) -> list[str]:
    found = re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", text, flags=re.S)
    return [re.sub(r"<[^>]+>", "", h).replace("#", "").strip() for h in found]


@pytest.mark.parametrize("slug", SLUGS)
def test_every_approach_has_a_page_with_the_sections_its_data_fills(built_site, slug):
    data = yaml.safe_load((ROOT / "approaches" / f"{slug}.yml").read_text(encoding="utf-8"))
    page_headings = headings(html(built_site, f"aanpakken/{slug}"))
    keys = {"Werkzame elementen": "werkzame_elementen", "Werkingsmechanismen": "werkingsmechanismen",
            "Contextfactoren": "contextfactoren", "Randvoorwaarden": "randvoorwaarden",
            "Kosten en baten": "kosten_baten", "Resultaten": "resultaten", "Voor werkgevers": "voor_werkgevers",
            "Praktijkproducten": "praktijkproducten", "Bronnen": "bronnen", "Contact": "contact"}
    for section in SECTIONS:
        assert (section in page_headings) == bool(data.get(keys[section])), section


@pytest.mark.parametrize("slug", SLUGS)
def test_the_edit_link_of_an_approach_page_points_at_its_yaml_file(built_site, slug):
    text = html(built_site, f"aanpakken/{slug}")
    edit = re.search(r'<a href="([^"]+)"[^>]*class="md-content__button md-icon"', text)
    assert edit, "no edit button"
    assert edit.group(1).endswith(f"/edit/main/approaches/{slug}.yml")


def test_hand_written_pages_link_to_their_file_in_content(built_site):
    text = html(built_site, "over")
    assert re.search(r'href="[^"]+/edit/main/content/over/index\.md"', text)


def test_the_overview_links_every_approach(built_site):
    text = html(built_site, "aanpakken")
    for slug in SLUGS:
        assert f'href="{slug}/"' in text


def test_approach_pages_are_not_listed_in_the_navigation(built_site):
    text = html(built_site, "over")
    nav = text.split('md-nav--primary', 1)[1].split('md-sidebar--secondary', 1)[0]
    assert "aanpakken/" in nav
    for slug in SLUGS:
        assert slug not in nav


def test_the_site_is_in_dutch_and_loads_nothing_from_other_hosts(built_site):
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert '<html lang="nl"' in text
        sources = re.findall(r'(?:src|href)="(https?:)?//([^/"]+)', text)
        loaded = re.findall(r'<(?:script|link|img|iframe)[^>]+(?:src|href)="(?:https?:)?//[^"]+"', text)
        assert loaded == [], (page, loaded)
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text
        del sources


def test_the_search_index_is_built(built_site):
    assert (built_site / "pagefind" / "pagefind.js").is_file()
    assert list((built_site / "pagefind").glob("pagefind.*.pf_meta")) or \
        list((built_site / "pagefind").glob("*.pf_meta"))


def test_export_builds_the_same_pages_without_the_generator(built_site, tmp_path):
    out = tmp_path / "export"
    subprocess.run([sys.executable, "-m", "generator.cli", "export", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(out / "mkdocs.yml")],
                   check=True, capture_output=True, env={"NO_MKDOCS_2_WARNING": "1", "PATH": ""})
    # the editor at beheer/ is made from the content model by the generator, so not in the export
    ours = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")
                  if not p.relative_to(built_site).as_posix().startswith("beheer/"))
    theirs = sorted(p.relative_to(out / "site").as_posix() for p in (out / "site").rglob("*.html"))
    assert ours == theirs
    for slug in SLUGS:
        assert headings(html(out / "site", f"aanpakken/{slug}")) == headings(html(built_site, f"aanpakken/{slug}"))


def test_no_list_item_runs_into_the_paragraph_before_it(built_site):
    """A Markdown list item glued to the text above it shows as a literal '- ' in the page."""
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"\n- <(strong|a|em)\b", text), page


@pytest.mark.parametrize("page, tab", [("aanpakken/rouw-bij-baanverlies", "Aanpakken"),
                                       ("themas/rouwverwerking", "Aanpakken"),
                                       ("bewijsniveaus/in-ontwikkeling", "Over")])
def test_pages_outside_the_navigation_mark_the_tab_they_belong_to(built_site, page, tab):
    text = html(built_site, page)
    active = re.search(r'md-tabs__item md-tabs__item--active">\s*<a[^>]*>\s*([^<]+?)\s*</a>', text)
    assert active and active.group(1) == tab


def test_plain_mkdocs_build_dates_the_sitemap_by_the_last_commit_not_the_clock(project_copy, tmp_path):
    git_env = {**os.environ, "GIT_AUTHOR_DATE": "2020-01-02T12:00:00Z", "GIT_COMMITTER_DATE": "2020-01-02T12:00:00Z",
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
               "GIT_COMMITTER_EMAIL": "t@example.org"}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "x"]):
        subprocess.run(command, cwd=project_copy, env=git_env, check=True, capture_output=True)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(NO_MKDOCS_2_WARNING="1", GEREEDSCHAPSKIST_SITE_URL="https://example.org/kist/")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(tmp_path / "site")],
                   cwd=project_copy, env=env, check=True, capture_output=True)
    assert "<lastmod>2020-01-02</lastmod>" in (tmp_path / "site" / "sitemap.xml").read_text()


@pytest.mark.parametrize("page", ["aanpakken/rouw-bij-baanverlies", "tweede-spoor", "proces"])
def test_a_glossary_term_is_explained_at_its_first_use_in_a_page_only(built_site, page):
    """On generated HTML pages (an approach, the process) and hand-written Markdown pages alike."""
    text = html(built_site, page)
    article = text.split("<article", 1)[1].split("</article>", 1)[0]
    explained = [term.casefold() for term in re.findall(r'<abbr title="[^"]+">([^<]+)</abbr>', article)]
    assert explained, "no glossary term explained on the page"
    assert len(explained) == len(set(explained))
    plain = re.sub(r"<[^>]+>", "", article)
    assert any(plain.casefold().count(term) > 1 for term in explained), "no term is used twice on the page"
