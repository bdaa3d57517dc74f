"""The checks of each approach file, kept between runs of `validate` and `build`.

Reading and checking a thousand approach files takes seconds; most of them did not change since the
last run. `open_for` gives `load_project` a cache of every file's own checks (its diagnostics, and the
approach when it is valid) kept from the last run, and `save` keeps them for the next one. What only
the whole collection can tell is checked every time (`generator/validate.py`).

Where: `$XDG_CACHE_HOME/gereedschapskist/` (default `~/.cache/gereedschapskist/`), one file per
project, named by a hash of the project's resolved root; never anything inside the project. An entry
is used only when the file's bytes, the names of all approach files, the vocabulary
(`generator/validate.py` makes that key) and the code that checked it are what they were: the cache
file records the code version, a hash of the generator's own source files and the versions of
Python, pydantic, pydantic-core and PyYAML, so any change to them checks every file again.

The file is a pickle, so it is read only when it can only be ours: a regular file (not a symbolic
link), owned by this user and writable by nobody else. Anything wrong with it (garbage, cut short,
another version) means starting empty, without a message: the output of a run with the cache is
exactly that of a run without. It is written to a temporary file in the same directory and then
moved into place; when it cannot be written (a read-only home, a full disk) it is not written.

`GEREEDSCHAPSKIST_CACHE=0` turns it off, as `validate --geen-cache` does for one run. `serve` keeps
its checks in memory instead (`generator/pipeline.py`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path
from typing import IO, Any, Callable, Iterable, Iterator

from .paths import Project
from .sharing import share
from .validate import collector_paused

ENVIRONMENT = "GEREEDSCHAPSKIST_CACHE"
"""Set to 0 to neither read nor write the cache."""
FORMAT = 2
"""The layout of the cache file; a file of another layout is not read. The file is a run of pickles: a
header {"format", "version"}, then (file name, key, pickled checks) per file, then None."""


def enabled() -> bool:
    return os.environ.get(ENVIRONMENT, "1").strip() != "0"


def directory() -> Path | None:
    """`$XDG_CACHE_HOME/gereedschapskist`, or `~/.cache/gereedschapskist`; None without a home."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # the XDG spec: a relative path is to be ignored
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(base) / "gereedschapskist"


_version: list[bytes] = []


def code_version() -> bytes:
    """A hash of the checking code: the generator's own source files, and the libraries' versions."""
    if not _version:
        import pydantic
        import pydantic_core
        import yaml

        digest = hashlib.blake2b(digest_size=16)
        for part in (sys.version, pydantic.VERSION, pydantic_core.__version__, yaml.__version__,
                     str(yaml.__with_libyaml__)):
            digest.update(part.encode() + b"\0")
        for source in sorted(Path(__file__).resolve().parent.glob("*.py")):
            digest.update(source.name.encode() + b"\0")
            digest.update(source.read_bytes())
            digest.update(b"\0")
        _version.append(digest.digest())
    return _version[0]


class _Packed:
    """An entry as read from the cache file: unpickled only when `load_project` asks for it."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob


class StoredChecks(dict):
    """`load_project`'s cache, {file: (key, checks)}, with the entries of the last run's cache file.

    An entry read from the file is unpickled when asked for (`get`); one that cannot be is treated
    as missing. With `shared` its approach is then shared (generator/sharing.py), as `load_project`
    shares an approach it checks. `save` writes what was not unpickled as it was read.
    """

    def __init__(self, file: Path | None, entries: dict[Path, tuple[bytes, bytes]], shared: bool = False) -> None:
        super().__init__((path, (key, _Packed(blob))) for path, (key, blob) in entries.items())
        self.file = file
        self.shared = shared
        self.changed = False
        self._read: dict[Path, tuple[bytes, bytes]] = {}  # unpickled entries: the bytes they came from

    def get(self, path: Path, default: Any = None) -> Any:
        kept = super().get(path)
        if kept is None:
            return default
        key, value = kept
        if not isinstance(value, _Packed):
            return kept
        try:
            checks = pickle.loads(value.blob)
            if not (isinstance(checks, tuple) and len(checks) == 2 and isinstance(checks[0], list)):
                raise ValueError("not an entry")
            if self.shared and getattr(checks[1], "aanpak", None) is not None:
                share(checks[1].aanpak)
        except Exception:  # noqa: BLE001 - whatever is wrong with it, the file is checked again
            del self[path]
            return default
        self._read[path] = (key, value.blob)
        super().__setitem__(path, (key, checks))
        return key, checks

    def __setitem__(self, path: Path, value: tuple[bytes, Any]) -> None:
        self.changed = True
        super().__setitem__(path, value)

    def __delitem__(self, path: Path) -> None:
        self.changed = True
        super().__delitem__(path)

    def entries(self) -> Iterator[tuple[str, bytes, bytes]]:
        """(file name, key, pickled checks) to write, one at a time: at thousands of approaches
        the pickled checks of all files together are hundreds of megabytes."""
        for path, (key, value) in dict.items(self):
            if isinstance(value, _Packed):
                blob = value.blob
            elif path in self._read and self._read[path][0] == key:
                blob = self._read[path][1]
            else:
                blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            yield path.name, key, blob


def open_for(project: Project, shared: bool = False) -> StoredChecks:
    """The checks kept for this project at its last run; empty when there are none we can trust.
    `shared`: see `StoredChecks`."""
    file = cache_file(project)
    if file is None:
        return StoredChecks(None, {}, shared)
    entries = _read(file)
    checks = StoredChecks(file, {project.approaches_dir / name: entry for name, entry in entries.items()}, shared)
    checks.changed = not entries  # a missing or unusable file is replaced
    return checks


def save(checks: StoredChecks) -> None:
    """Keep the checks for the next run; silently not when the cache cannot be written."""
    if checks.file is None or not checks.changed:
        return
    try:
        _write(checks.file, lambda handle: _serialise(handle, code_version(), checks.entries()))
    except Exception:  # noqa: BLE001 - a cache that cannot be written is a slower next run, not an error
        pass


def cache_file(project: Project) -> Path | None:
    """This project's cache file, or None when there is no place for it outside the project."""
    folder = directory()
    if folder is None:
        return None
    try:
        root = project.root.resolve()
        if Path(os.path.realpath(folder)).is_relative_to(root):
            return None  # never write anything in the project tree
    except OSError:
        return None
    name = hashlib.sha256(os.fsencode(root)).hexdigest()[:32]
    return folder / f"{name}.pickle"


def _read(file: Path) -> dict[str, tuple[bytes, bytes]]:
    """The entries of a cache file that can only be ours and is of this code; else none."""
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return {}
    try:
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if (not stat.S_ISREG(status.st_mode) or status.st_uid != os.getuid()
                    or status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
                return {}
            with collector_paused():
                data = _deserialise(handle)
        if data.get("format") != FORMAT or data.get("version") != code_version():
            return {}
        return data["entries"]
    except Exception:  # noqa: BLE001 - garbage, cut short, another Python: start empty
        return {}


def _serialise(handle: IO[bytes], version: bytes, entries: Iterable[tuple[str, bytes, bytes]]) -> None:
    pickle.dump({"format": FORMAT, "version": version}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    for entry in entries:
        pickle.dump(entry, handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickle.dump(None, handle)


def _deserialise(handle: IO[bytes]) -> dict[str, Any]:
    """{"format", "version", "entries": {file name: (key, pickled checks)}}; raises when the file is
    not one `_serialise` wrote in full."""
    header = pickle.load(handle)
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        return {"format": None, "version": None, "entries": {}}
    entries: dict[str, tuple[bytes, bytes]] = {}
    while (entry := pickle.load(handle)) is not None:
        if not (isinstance(entry, tuple) and len(entry) == 3 and isinstance(entry[0], str)
                and isinstance(entry[1], bytes) and isinstance(entry[2], bytes)):
            raise ValueError("not an entry")
        entries[entry[0]] = (entry[1], entry[2])
    return {"format": header["format"], "version": header.get("version"), "entries": entries}


def _write(file: Path, write: Callable[[IO[bytes]], None]) -> None:
    file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=file.parent, prefix=f".{file.stem}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            write(handle)
        os.replace(temporary, file)
    except BaseException:
        os.unlink(temporary)
        raise
