"""Where things live in a project: the one place that knows the directory layout."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Project:
    """A gereedschapskist project rooted at `root` (the directory with mkdocs.yml)."""

    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing `start` (default: the current directory)."""
        here = (start or Path.cwd()).resolve()
        for candidate in (here, *here.parents):
            if (candidate / "mkdocs.yml").exists() and (candidate / "approaches").is_dir():
                return cls(candidate)
        return cls(here)

    @property
    def approaches_dir(self) -> Path:
        return self.root / "approaches"

    @property
    def vocabulary_file(self) -> Path:
        return self.root / "vocabulaire.yml"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def page_templates_dir(self) -> Path:
        return self.root / "templates" / "pages"

    @property
    def overrides_dir(self) -> Path:
        return self.root / "templates" / "overrides"

    @property
    def config_file(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def approach_files(self) -> list[Path]:
        """Every approach file, sorted; files starting with '_' (the editors' template) are not approaches."""
        if not self.approaches_dir.is_dir():
            return []
        return sorted(p for p in self.approaches_dir.iterdir()
                      if p.suffix in (".yml", ".yaml") and not p.name.startswith(("_", ".")) and p.is_file())
