"""The benchmark's synthetic corpus (benchmarks/corpus.py) is a valid, realistic project.

The benchmark only means something if its approaches are ones the generator accepts as they are,
with sharing between approaches like a real database has. At that scale it also checks two things the
benchmark led to: related approaches stay a short list, and the libyaml fast path of the loader
reads all these files exactly as the exact (pure Python) path does.
"""

from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest

from generator import catalog as catalog_module
from generator import yamlsource
from generator.catalog import MAX_VERWANT, build_catalog, element_key
from generator.paths import Project
from generator.validate import load_project

ROOT = Path(__file__).resolve().parent.parent


def _corpus_module():
    spec = importlib.util.spec_from_file_location("benchmark_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


corpus = _corpus_module()


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.make_project(tmp_path_factory.mktemp("corpus") / "project", 60)


@pytest.fixture(scope="module")
def loaded(project: Path):
    return load_project(Project(project))


def test_the_corpus_is_a_full_project_with_the_requested_number_of_approaches(project: Path):
    for part in ("approaches", "content", "templates", "vocabulaire.yml", "mkdocs.yml", "generator/mkdocs_hook.py"):
        assert (project / part).exists(), part
    assert len(Project(project).approach_files()) == 60


def test_every_synthetic_approach_validates_without_errors_or_warnings(loaded):
    assert [d.format() for d in loaded.diagnostics.errors] == []
    assert [d.format() for d in loaded.diagnostics.warnings] == []
    assert len(loaded.sources) == 60


def test_working_elements_and_context_factors_are_shared_like_in_a_real_database(loaded):
    catalog = build_catalog(loaded)
    for shared in (catalog.werkzame_elementen, catalog.contextfactoren):
        uses = sorted((len(s.entries) for s in shared), reverse=True)
        assert uses[0] >= 5, "a few names are common to many approaches"
        assert uses[-1] == 1, "and many are used once"
    # the real approaches' names are among the shared ones
    real_names = {e["naam"] for data in corpus.load_real() for e in data["werkzame_elementen"]}
    assert real_names & {s.naam for s in catalog.werkzame_elementen if len(s.entries) > 1}


def test_titles_vary_and_text_lengths_vary(project: Path, loaded):
    titles = [s.aanpak.titel for s in loaded.sources]
    assert len({t.split()[0] for t in titles}) >= 10
    sizes = [p.stat().st_size for p in Project(project).approach_files()]
    assert max(sizes) > 1.5 * min(sizes)
    real = [p.stat().st_size for p in Project(ROOT).approach_files()]
    assert 0.5 < statistics.median(sizes) / statistics.median(real) < 2, "about as long as the real files"


def test_vocabulary_terms_are_spread_over_the_whole_vocabulary(loaded):
    themes = {t for s in loaded.sources for t in s.aanpak.themas}
    assert themes == set(loaded.vocabulaire.themas)
    assert {s.aanpak.bewijsniveau for s in loaded.sources} <= set(loaded.vocabulaire.bewijsniveaus)


def test_the_same_size_and_seed_give_the_same_corpus():
    assert corpus.approaches(12) == corpus.approaches(12)
    assert corpus.approaches(12) != corpus.approaches(12, seed=9)


TRICKY = [
    "", "---\n", "x", "a:\nb: ~\nc: ''\nd: \"\"\ne: null\n", "a: [x, {d: e}, []]\n", "? a\n: b\n",
    "a: &x 1\nb: 2\n", "a: &x 1\nb: *x\n", "<<: {a: 1}\n", "a: =\n", "'<<': 1\n", "a: !!str 1\n", "a: b\na: c\n",
    "a:\n  - - - x\n", "[" * 40 + "]" * 40, "a: 'é\u2028b'\n", "a: b\u0085c\n", 'a: "\\x01"\n', "--- a\n--- b\n",
    "a: |\n  x\n\n  y\n", "a: >-\n  x\n  y\n", "a:\r\n  b: c\r\n", "\ufeffa: b\n", "a: b # c\n",
    "- a: 1\n  b: 2\n- c\n", "{a: 1, b: [2, 3]}", "a: b\n...\n", "a: 'x''y'\n", "k: één\n", "a:\n- 1\n-\n- 3\n",
    ": x\n", "~: x\n", "a:\tb\n", "a: 'x\ty'\n", "a: [b\n",
]


def test_the_fast_yaml_path_reads_every_file_exactly_like_the_exact_path(project: Path, monkeypatch):
    files = [*Project(project).approach_files(), *Project(ROOT).approach_files(), ROOT / "vocabulaire.yml",
             *sorted((ROOT / "tests").rglob("*.yml"))]
    texts = [p.read_text(encoding="utf-8") for p in files] + TRICKY
    fast = [yamlsource.loads(text, "f.yml") for text in texts]
    monkeypatch.setattr(yamlsource, "_load_fast", lambda *args: None)
    exact = [yamlsource.loads(text, "f.yml") for text in texts]
    for text, (a, a_problems), (b, b_problems) in zip(texts, fast, exact):
        assert [d.format() for d in a_problems] == [d.format() for d in b_problems], text[:60]
        assert (a is None) == (b is None), text[:60]
        if a is not None:
            assert (a.data, a.positions) == (b.data, b.positions), text[:60]


def test_the_fast_yaml_path_is_taken_for_clean_files_and_left_for_anything_unusual(project: Path):
    clean = Project(project).approach_files()[0].read_text(encoding="utf-8")
    assert yamlsource._load_fast(clean, yamlsource._Lines(clean)) is not None
    for text in ("a: &x 1\nb: *x\n", "a: b\na: c\n", "a:\tb\n", "a: !!str 1\n", "a: [b\n", "[" * 40 + "]" * 40):
        assert yamlsource._load_fast(text, yamlsource._Lines(text)) is None, text


def _shared_names(entry, other) -> list[str]:
    keys = {element_key(e.naam, e.sleutel) for e in other.aanpak.werkzame_elementen}
    return list(dict.fromkeys(e.naam for e in entry.aanpak.werkzame_elementen
                              if element_key(e.naam, e.sleutel) in keys))


def test_related_approaches_are_the_declared_ones_then_at_most_ten_sharing_the_most_elements(loaded):
    catalog = build_catalog(loaded)
    full_lists = 0
    for entry in catalog.aanpakken:
        related = catalog.verwant(entry)
        declared = [s for s in entry.aanpak.gerelateerd if s in catalog.by_slug]
        assert [other.slug for other, _ in related[:len(declared)]] == declared
        found = related[len(declared):]
        assert len(found) <= MAX_VERWANT
        full_lists += len(found) == MAX_VERWANT
        counts = [len(_shared_names(entry, other)) for other, _ in found]
        assert counts == sorted(counts, reverse=True), entry.slug
        for other, reason in found:
            assert other.slug != entry.slug
            assert reason == "deelt: " + ", ".join(_shared_names(entry, other))
    assert full_lists > 0, "with sixty approaches, many share more than ten"


def test_an_element_shared_by_very_many_approaches_only_fills_up_the_related_list(loaded, monkeypatch):
    catalog = build_catalog(loaded)
    monkeypatch.setattr(catalog_module, "COMMON_ELEMENT", 8)
    common = {s.key for s in catalog.werkzame_elementen if len(s.entries) > 8}
    assert common
    for entry in catalog.aanpakken:
        declared = [s for s in entry.aanpak.gerelateerd if s in catalog.by_slug]
        found = catalog.verwant(entry)[len(declared):]
        assert len(found) <= MAX_VERWANT
        rare = [any(element_key(e.naam, e.sleutel) not in common for e in other.aanpak.werkzame_elementen
                    if e.naam in _shared_names(entry, other)) for other, _ in found]
        assert rare == sorted(rare, reverse=True), "approaches sharing a rarer element come first"


def test_every_title_a_corpus_draws_gives_a_file_name_validation_accepts():
    import random

    from generator.validate import MAX_FILE_NAME

    titles = corpus._titles(random.Random(0), 10_000)  # nearly every combination of the title parts
    assert len({corpus._slugify(title) for title, _ in titles}) == 10_000
    assert max(len(corpus._slugify(title)) for title, _ in titles) <= MAX_FILE_NAME
