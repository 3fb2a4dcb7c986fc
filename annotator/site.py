"""What the pages need to know about the site they are published in (from mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode

#: The folder under docs/ that holds every generated page (git-ignored), and so their URL prefix.
GENERATED = "essay"


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """Site settings that reach the pages. Empty strings mean "not set": links that need them are left out."""

    name: str = "Essay annotator"
    url: str = ""  #: `site_url`, e.g. https://owner.github.io/repo/
    repo_url: str = ""  #: e.g. https://github.com/owner/repo
    edit_uri: str = "edit/main/docs/"  #: MkDocs' edit_uri: relative to repo_url, ends in the docs folder
    claims_dir: str = "claims"  #: the catalogue folder, relative to the repository root

    def absolute(self, path: str) -> str:
        """`path` (relative to the site root) as an absolute URL when site_url is set, else unchanged."""
        return self.url.rstrip("/") + "/" + path if self.url else path

    def edit_url(self, file_name: str) -> str:
        """Where to edit a catalogue file in the repository, or "" without repo_url."""
        if not self.repo_url or not self.edit_uri:
            return ""
        edit = self.edit_uri.strip("/")
        if edit.endswith("/docs") or edit == "docs":
            edit = edit.removesuffix("docs").rstrip("/")
        return f"{self.repo_url.rstrip('/')}/{edit}/{quote(self.claims_dir)}/{quote(file_name)}"

    def dispute_url(self, claim_id: str) -> str:
        """A pre-filled 'dispute this verdict' issue on GitHub, or "" when the repository is not on GitHub."""
        if not self.repo_url.startswith("https://github.com/"):
            return ""
        query = urlencode({"template": "dispute-verdict.yml", "title": f"Dispute: {claim_id}", "claim": claim_id})
        return f"{self.repo_url.rstrip('/')}/issues/new?{query}"
