"""Equal small values in the checked approaches are one object (generator/sharing.py), whether a file
was checked anew or its checks were kept from the last run, and sharing changes no value."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from generator import check_cache, pipeline, yamlsource
from generator.model import Aanpak
from generator.paths import Project
from generator.sharing import SHORT, share
from generator.validate import load_project


def models(value: object):
    """Every model in `value`, itself included."""
    if isinstance(value, BaseModel):
        yield value
        for item in value.__dict__.values():
            yield from models(item)
    elif isinstance(value, list):
        for item in value:
            yield from models(item)


def texts(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for item in value.__dict__.values():
            yield from texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item)


def assert_shared(approaches: list[Aanpak]) -> None:
    sets: dict[tuple, set[int]] = {}
    users: dict[tuple, int] = {}
    short: dict[str, set[int]] = {}
    for aanpak in approaches:
        for model in models(aanpak):
            fields = model.__pydantic_fields_set__
            kind = (type(model), frozenset(fields))
            sets.setdefault(kind, set()).add(id(fields))
            users[kind] = users.get(kind, 0) + 1
        for text in texts(aanpak):
            if len(text) <= SHORT:
                short.setdefault(text, set()).add(id(text))
    assert sum(len(ids) for ids in sets.values()) == len(sets)  # one set object per distinct field set
    assert max(users.values()) > 1  # not vacuous: a set stands for more than one model
    assert {text for text, ids in short.items() if len(ids) > 1} == set()
    assert len(short) > 20  # there were short texts to share: terms, kinds of source, names


def test_approaches_checked_anew_share_field_sets_and_short_texts(project_copy: Path) -> None:
    loaded = load_project(Project(project_copy))
    assert len(loaded.sources) >= 3
    assert_shared([source.aanpak for source in loaded.sources])


def test_approaches_from_the_kept_checks_share_them_too(project_copy: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache-home"))
    monkeypatch.delenv(check_cache.ENVIRONMENT, raising=False)
    project = Project(project_copy)
    pipeline._load_stored(project)
    read: list[Path] = []
    load = yamlsource.load
    monkeypatch.setattr(yamlsource, "load", lambda path, name: read.append(path) or load(path, name))
    again = pipeline._load_stored(project)  # every approach from the cache file: unpickled, not read
    assert [path for path in read if path.parent == project.approaches_dir] == []
    assert_shared([source.aanpak for source in again.sources])


def test_sharing_changes_no_value(project_copy: Path) -> None:
    loaded = load_project(Project(project_copy))
    for source in loaded.sources:
        context = {"vocabulaire": loaded.vocabulaire}
        fresh = Aanpak.model_validate_json(source.aanpak.model_dump_json(), context=context)
        before = fresh.model_dump(), [set(model.model_fields_set) for model in models(fresh)]
        share(fresh)
        assert (fresh.model_dump(), [set(model.model_fields_set) for model in models(fresh)]) == before
        assert fresh.model_dump() == source.aanpak.model_dump()


def test_a_copy_with_changes_leaves_the_shared_field_set_alone(project_copy: Path) -> None:
    first, second = (source.aanpak for source in load_project(Project(project_copy)).sources[:2])
    contact = first.contact or second.contact
    assert contact is not None
    shared = contact.__pydantic_fields_set__
    was = set(shared)
    unset = next(name for name in type(contact).model_fields if name not in shared)
    changed = contact.model_copy(update={unset: "iets"})
    assert unset in changed.model_fields_set
    assert shared == was
