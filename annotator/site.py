"""What the pages need to know about the site they are published in, and the one reader of mkdocs.yml."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

import yaml
import yaml_env_tag

from .files import NotRegular, TooLarge, read_regular

MAX_CONFIG_BYTES = 1_000_000
#: The settings read from mkdocs.yml: the four the pages show, where the docs live, and `extra` (below).
SETTINGS = ("site_name", "site_url", "repo_url", "edit_uri", "docs_dir", "extra")
#: The annotator's own settings, under `extra:` in mkdocs.yml.
EXTRA = ("claims_dir", "reviewer", "reviewer_url")
DEFAULT_CLAIMS_DIR = "claims"
#: MkDocs' default edit_uri for the big hosts, when repo_url is set and edit_uri is not.
_EDIT_URI_DEFAULTS = {"github.com": "edit/master/docs/", "gitlab.com": "edit/master/docs/",
                      "bitbucket.org": "src/default/docs/"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Site:
    """Site settings that reach the pages. Empty strings mean "not set": links that need them are left out."""

    name: str = "Essay annotator"
    url: str = ""  #: `site_url`, e.g. https://owner.github.io/repo/
    reviewer: str = ""  #: `extra.reviewer`: who reviews the claims (ClaimReview's author), "" when not said
    reviewer_url: str = ""  #: `extra.reviewer_url`: the reviewer's home page
    repo_url: str = ""  #: e.g. https://github.com/owner/repo
    edit_uri: str = "edit/main/docs/"  #: MkDocs' edit_uri: relative to repo_url, ends in the docs folder
    claims_dir: str = "claims"  #: the catalogue folder, relative to the repository root
    docs_dir: str = "docs"  #: the docs folder, relative to the repository root (what edit_uri ends in)

    def absolute(self, path: str) -> str:
        """`path` (relative to the site root) as an absolute URL when site_url is set, else unchanged."""
        return self.url.rstrip("/") + "/" + path if self.url else path

    def edit_url(self, file_name: str) -> str:
        """Where to edit a catalogue file in the repository, or "" without repo_url."""
        if not self.repo_url or not self.edit_uri:
            return ""
        edit = self.edit_uri.strip("/")
        docs = self.docs_dir.strip("/")
        if docs and (edit == docs or edit.endswith("/" + docs)):
            edit = edit.removesuffix(docs).rstrip("/")
        return f"{self.repo_url.rstrip('/')}/{edit}/{quote(self.claims_dir)}/{quote(file_name)}"

    @property
    def repository(self) -> str:
        """`repo_url` when it is an http(s) address (what a page may link to), else ""."""
        return self.repo_url if re.match(r"https?://[^\s/?#]+", self.repo_url) else ""

    def commit_url(self, sha: str) -> str:
        """A commit's page in the repository (GitHub's and GitLab's form), or "" without an http(s) repo_url."""
        if not self.repository or not re.fullmatch(r"[0-9a-f]{7,64}", sha):
            return ""
        return f"{self.repository.rstrip('/')}/commit/{sha}"

    def dispute_url(self, claim_id: str) -> str:
        """A pre-filled 'dispute this verdict' issue on GitHub, or "" when the repository is not on GitHub."""
        if not self.repo_url.startswith("https://github.com/"):
            return ""
        query = urlencode({"template": "dispute-verdict.yml", "title": f"Dispute: {claim_id}", "claim": claim_id})
        return f"{self.repo_url.rstrip('/')}/issues/new?{query}"


def site_from_config(config_file: str | Path, config: Mapping[str, Any], claims: Path | None = None) -> Site:
    """The settings the pages need, from a mapping of MkDocs settings (MkDocs' own config, or one read by
    `read_site`) for the project whose mkdocs.yml is `config_file`; `claims` overrides `extra.claims_dir`.
    ValueError for an annotator setting that is not text, or a reviewer URL that is not http(s)."""
    root = Path(config_file).resolve().parent
    extra = _extra(config)
    claims = claims if claims is not None else claims_folder(config_file, config)
    return Site(name=config.get("site_name") or "", url=config.get("site_url") or "",
                reviewer=extra.get("reviewer", ""), reviewer_url=extra.get("reviewer_url", ""),
                repo_url=config.get("repo_url") or "", edit_uri=config.get("edit_uri") or "",
                claims_dir=_relative(claims, root, claims.name),
                docs_dir=_relative(root / (config.get("docs_dir") or "docs"), root, "docs"))


def claims_folder(config_file: str | Path, config: Mapping[str, Any]) -> Path:
    """The catalogue folder: `extra.claims_dir` (default `claims`), relative to mkdocs.yml's folder."""
    root = Path(config_file).resolve().parent
    return root / (_extra(config).get("claims_dir") or DEFAULT_CLAIMS_DIR)


def _extra(config: Mapping[str, Any]) -> dict[str, str]:
    """The annotator's settings under `extra:`, checked: text, the folder relative and inside the project."""
    extra = config.get("extra") or {}
    if not isinstance(extra, Mapping):
        raise ValueError("mkdocs.yml: `extra` must be a mapping of settings")
    found: dict[str, str] = {}
    for key in EXTRA:
        value = extra.get(key)
        if value is None or value == "":
            continue
        if not isinstance(value, str):
            raise ValueError(f"mkdocs.yml: `extra: {key}:` must be text")
        found[key] = value.strip()
    folder = found.get("claims_dir", "")
    if folder and (Path(folder).is_absolute() or ".." in Path(folder).parts):
        raise ValueError(f"mkdocs.yml: `extra: claims_dir: {folder}` must be a folder inside the project, "
                         "relative to mkdocs.yml (like `claims`)")
    url = found.get("reviewer_url", "")
    if url and not re.fullmatch(r"https?://[^\s/?#]+\S*", url):
        raise ValueError(f"mkdocs.yml: `extra: reviewer_url: {url}` must be an http:// or https:// URL")
    return found


def _relative(path: Path, root: Path, fallback: str) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return fallback


class _ConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml for the settings the pages need. `!ENV` as MkDocs reads it; any other tag
    (`!relative`, `!!python/name:`) stands for a value those settings never hold, so nothing is imported."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_settings(path: Path) -> dict[str, Any]:
    """The settings `Site` is made from, as MkDocs reads them from mkdocs.yml (see `read_site`); {} when
    the file is missing."""
    if not path.exists() and not path.is_symlink():
        return {}
    settings = _settings(path, ())
    for key, value in settings.items():
        if value is not None and not isinstance(value, str) and key != "extra":
            raise ValueError(f"{path}: {key} must be text")
    if settings.get("edit_uri") is None and settings.get("repo_url"):
        settings["edit_uri"] = _EDIT_URI_DEFAULTS.get(urlsplit(settings["repo_url"]).netloc.lower())
    for key in ("edit_uri", "site_url"):
        if settings.get(key) and not settings[key].endswith("/"):
            settings[key] += "/"
    return settings


def read_site(path: Path, claims: Path | None = None) -> Site:
    """Site settings from mkdocs.yml, read as MkDocs reads them (its defaults for edit_uri, `!ENV` and
    `INHERIT` included), without loading MkDocs' whole configuration, theme and plugins: that costs more
    than generating the pages. A missing file gives the defaults; a broken one raises ValueError."""
    if not path.exists() and not path.is_symlink():
        return Site(claims_dir=claims.name) if claims is not None else Site()
    return site_from_config(path, read_settings(path), claims)


def _settings(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    """The settings in one file, over those of the file it INHERITs (as MkDocs merges them)."""
    try:
        loader = _ConfigLoader(read_regular(path, MAX_CONFIG_BYTES))
    except NotRegular as error:
        raise ValueError(f"{path}: this is {error.what}, not a regular file, so it is not read; "
                         "put the file itself there") from None
    except TooLarge:
        raise ValueError(f"{path}: larger than {MAX_CONFIG_BYTES:,} bytes") from None
    except OSError as error:
        raise ValueError(f"{path}: cannot read it: {error.strerror}") from None
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    settings: dict[str, Any] = {}
    parent = data.get("INHERIT")
    if parent is not None:
        if not isinstance(parent, str):
            raise ValueError(f"{path}: INHERIT must be a file name")
        base = (path.parent / parent).resolve()
        if base in seen:
            raise ValueError(f"{path}: INHERIT goes round in a circle")
        settings = _settings(base, (*seen, path.resolve()))
    extra = {**(settings.get("extra") or {}), **(data.get("extra") or {})} \
        if isinstance(data.get("extra"), dict) and isinstance(settings.get("extra") or {}, dict) else None
    settings.update({key: data[key] for key in SETTINGS if key in data})
    if extra is not None:
        settings["extra"] = extra  # MkDocs merges an inherited mapping key by key
    return settings
