"""The overview of a long catalog (the benchmark corpus, 150 approaches): pages of rows linked to each
other, so every approach is reachable without a script; the filters search the whole catalog through
the compact index, fetched only once a filter is used. The pages of a target group and the process
page of the same catalog: paged, and shortened per phase."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from generator.overview import PAGE_SIZE
from generator.render import APPROACHES_PER_PAGE, PHASE_PREVIEW

from .checks import ROOT, axe_violations, describe_violations, serve_directory, visible_overview_slugs

pytestmark = [pytest.mark.browser, pytest.mark.timeout(600)]

N = 150
THEME = "rouwverwerking"


@pytest.fixture(scope="module")
def corpus_site(tmp_path_factory) -> Path:
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import make_project

    work = tmp_path_factory.mktemp("corpus")
    project = make_project(work / "project", N)
    site = work / "site"
    result = subprocess.run([sys.executable, "-m", "generator.cli", "--project", str(project), "build",
                             "--site", str(site)], cwd=project, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.fail(f"the corpus of {N} does not build:\n{result.stdout[-3000:]}{result.stderr[-3000:]}", pytrace=False)
    return site


@pytest.fixture(scope="module")
def corpus_url(corpus_site):
    with serve_directory(corpus_site) as url:
        yield url


@pytest.fixture(scope="module")
def corpus(corpus_site) -> list[dict]:
    return json.loads((corpus_site / "data" / "aanpakken.json").read_text(encoding="utf-8"))["aanpakken"]


def row_slugs(page) -> list[str]:
    return page.eval_on_selector_all("[data-gk-overzicht] tbody tr a",
                                     "links => links.map(a => a.href.replace(/\\/$/, '').split('/').pop())")


def test_without_javascript_the_page_links_reach_every_approach_once(visit, corpus_url, corpus):
    page = visit(base_url=corpus_url, java_script_enabled=False).open("aanpakken/")
    pages = -(-N // PAGE_SIZE)
    links = page.locator("[data-gk-paginas] a")
    assert links.count() == pages
    assert links.first.get_attribute("aria-current") == "page"
    seen = []
    for i in range(pages):
        page.locator("[data-gk-paginas] a").nth(i).click()
        page.wait_for_load_state("load")
        rows = row_slugs(page)
        assert 0 < len(rows) <= PAGE_SIZE
        assert page.locator("[data-gk-paginas] a[aria-current=page]").inner_text().strip().endswith(str(i + 1))
        seen += rows
    assert sorted(seen) == sorted(a["slug"] for a in corpus)


def test_a_filter_searches_the_whole_catalog_and_clearing_it_brings_the_page_back(visit, corpus_url, corpus):
    v = visit(base_url=corpus_url)
    page = v.open("aanpakken/pagina/2/", "[data-gk-filters]:not([hidden])")
    own = row_slugs(page)
    assert not [u for u in v.requests if u.endswith("data/overzicht.json")], "the index is fetched before any filter"
    expected = {a["slug"] for a in corpus if THEME in a["themas"]}
    assert expected and not expected <= set(own)

    page.get_by_label("Rouwverwerking", exact=True).check()
    page.wait_for_function("n => document.querySelectorAll('[data-gk-overzicht] tbody tr').length === n",
                           arg=len(expected))
    assert visible_overview_slugs(page) == expected
    assert page.get_by_role("status").inner_text() == f"{len(expected)} aanpakken van de {N}"
    assert not page.locator("[data-gk-paginas]").is_visible()
    assert page.url.endswith("/aanpakken/pagina/2/?thema=rouwverwerking")
    assert len([u for u in v.requests if u.endswith("data/overzicht.json")]) == 1

    page.get_by_label("Rouwverwerking", exact=True).uncheck()
    page.wait_for_function("() => !location.search")
    assert row_slugs(page) == own
    assert page.locator("[data-gk-paginas]").is_visible()


def test_a_filtered_address_opens_with_every_match(visit, corpus_url, corpus):
    expected = {a["slug"] for a in corpus if THEME in a["themas"] and "werkgevers" in a["doelgroepen"]}
    assert expected
    page = visit(base_url=corpus_url).open(f"aanpakken/?thema={THEME}&doelgroep=werkgevers",
                                           "[data-gk-filters]:not([hidden])")
    page.wait_for_function("n => document.querySelectorAll('[data-gk-overzicht] tbody tr').length === n",
                           arg=len(expected))
    assert visible_overview_slugs(page) == expected


def largest_target_group(corpus) -> tuple[str, set[str]]:
    """The target group with the most approaches, and their slugs."""
    groups: dict[str, set[str]] = {}
    for a in corpus:
        for key in a["doelgroepen"]:
            groups.setdefault(key, set()).add(a["slug"])
    return max(groups.items(), key=lambda item: len(item[1]))


def listed_slugs(page) -> list[str]:
    return page.eval_on_selector_all("article h2#aanpakken ~ ul > li > a:first-child",
                                     "links => links.map(a => a.href.replace(/\\/$/, '').split('/').pop())")


def test_without_javascript_the_pager_of_a_target_group_reaches_each_of_its_approaches_once(visit, corpus_url, corpus):
    key, expected = largest_target_group(corpus)
    pages = -(-len(expected) // APPROACHES_PER_PAGE)
    assert pages > 1, f"the corpus of {N} has no target group with more than {APPROACHES_PER_PAGE} approaches"
    page = visit(base_url=corpus_url, java_script_enabled=False).open(f"doelgroepen/{key}/")
    seen = []
    for number in range(1, pages + 1):
        pager = page.get_by_role("navigation", name="Pagina's met aanpakken voor deze doelgroep")
        assert pager.locator("[aria-current=page]").inner_text() == str(number)
        assert pager.get_by_role("link").count() == pages - 1 + (number > 1) + (number < pages)
        assert (f"(pagina {number} van {pages})" in page.title()) == (number > 1)
        rows = listed_slugs(page)
        assert 0 < len(rows) <= APPROACHES_PER_PAGE
        seen += rows
        if number < pages:
            pager.get_by_role("link", name="Volgende pagina").click()
            page.wait_for_load_state("load")
    assert page.url.endswith(f"/doelgroepen/{key}/pagina-{pages}/")
    assert len(seen) == len(set(seen)) and set(seen) == expected


def test_the_process_page_names_a_few_approaches_per_phase_and_links_all_of_them(visit, corpus_url, corpus):
    phase = max({f for a in corpus for f in a["fasen"]}, key=lambda f: sum(f in a["fasen"] for a in corpus))
    expected = {a["slug"] for a in corpus if phase in a["fasen"]}
    assert len(expected) > PHASE_PREVIEW
    page = visit(base_url=corpus_url, java_script_enabled=False).open("proces/")
    assert page.locator("article li > a[href*='/aanpakken/']").count() <= PHASE_PREVIEW * page.locator("article h2").count()
    page.get_by_role("link", name=f"Alle {len(expected)} aanpakken in de fase", exact=False).first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/proces/{phase}/")
    seen = listed_slugs(page)
    while page.get_by_role("link", name="Volgende pagina").count():
        page.get_by_role("link", name="Volgende pagina").click()
        page.wait_for_load_state("load")
        seen += listed_slugs(page)
    assert len(seen) == len(set(seen)) and set(seen) == expected


@pytest.mark.parametrize("path", ["proces/", "doelgroepen/{key}/pagina-2/"])
def test_the_shortened_process_page_and_a_later_page_of_a_target_group_have_no_wcag_violations(
        visit, corpus_url, corpus, path):
    page = visit(base_url=corpus_url).open(path.format(key=largest_target_group(corpus)[0]), "article h1")
    violations = axe_violations(page)
    assert not violations, f"axe-core on /{path}:\n" + describe_violations(violations)
