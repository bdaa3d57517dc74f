"""Where the site and its sources are published: read by the page templates and the open data.

Its own module so that `render` and `opendata` both depend on it, and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SiteSettings:
    """What pages need to know about where the site and its sources are published."""

    repository: str = ""  # e.g. https://github.com/zonmw/gereedschapskist
    branch: str = "main"
    site_url: str = ""
    site_name: str = "Gereedschapskist re-integratie 2e spoor"

    def edit_url(self, repo_path: str) -> str:
        return f"{self.repository}/edit/{self.branch}/{repo_path}" if self.repository else ""

    def history_url(self, repo_path: str) -> str:
        return f"{self.repository}/commits/{self.branch}/{repo_path}" if self.repository else ""

    def source_url(self, repo_path: str) -> str:
        return f"{self.repository}/blob/{self.branch}/{repo_path}" if self.repository else ""
