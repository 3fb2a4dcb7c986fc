"""Validate a catalogue of an essay's claims and generate the site's Markdown pages.

    python build_claims.py check          # validate only; one line per problem
    python build_claims.py build          # validate, then write the generated pages
    python build_claims.py rules          # list the rules a check applies

It is also an MkDocs hook (see `hooks:` in mkdocs.yml): `mkdocs build` and `mkdocs serve`
regenerate the pages first, so an edit to a file in claims/ shows up live.
"""

from __future__ import annotations

import argparse
import logging
from pathlib import Path
from urllib.parse import urlsplit

import yaml
import yaml_env_tag

from annotator import pipeline
from annotator.files import NotRegular, TooLarge, linked_parent, read_regular
from annotator.load import MAX_FILE_BYTES
from annotator.problems import RULES
from annotator.site import Site
from annotator.write import WriteError

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 errors, 2 warnings under --strict)."""
    parser = argparse.ArgumentParser(
        prog="build_claims.py", description="Validate a claims catalogue and generate the site's pages.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (("check", "validate the catalogue; write nothing"),
                       ("build", "validate, then write the generated pages (only files whose content changed)")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--claims", type=Path, default=ROOT / "claims", metavar="DIR",
                             help="the catalogue folder (default: claims/)")
        command.add_argument("--strict", action="store_true", help="exit 2 on warnings")
        command.add_argument("--docs", type=Path, default=ROOT / "docs", metavar="DIR",
                             help="the MkDocs docs folder, checked for links and special files (default: docs/)")
        if name == "build":
            command.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", metavar="FILE",
                                 help="mkdocs.yml, for site_name, site_url, repo_url and edit_uri "
                                      "(default: mkdocs.yml; ignored if missing)")
    sub.add_parser("rules", help="list the rules a check applies", description="list the rules a check applies")
    args = parser.parse_args(argv)
    if args.command == "rules":
        width = max(map(len, RULES))
        for rule, text in sorted(RULES.items()):
            print(f"{rule:<{width}}  {text}")
        return 0
    root = Path.cwd()
    try:
        if args.command == "check":
            result = pipeline.check(args.claims, root=root, docs=args.docs)
        else:
            site = _site_from_file(args.config, args.claims)
            result = pipeline.build(args.claims, args.docs, root=root, site=site)
    except (WriteError, OSError, ValueError) as error:
        print(f"build_claims.py: error: {' '.join(str(error).split())}")
        return 1
    for problem in result.problems:
        print(problem)
    print(result.summary())
    if result.errors:
        return 1
    return 2 if args.strict and result.warnings else 0


def _site(config_file: str | Path, config, claims: Path) -> Site:  # type: ignore[no-untyped-def]
    """The settings the pages need, from MkDocs' config (or a mapping read as MkDocs reads it) in `config_file`."""
    root = Path(config_file).resolve().parent
    try:
        claims_dir = claims.resolve().relative_to(root).as_posix()
    except ValueError:
        claims_dir = claims.name
    return Site(name=config.get("site_name") or "", url=config.get("site_url") or "",
                repo_url=config.get("repo_url") or "", edit_uri=config.get("edit_uri") or "", claims_dir=claims_dir)


class _ConfigLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """Reads mkdocs.yml for the four settings the pages need. `!ENV` as MkDocs reads it; any other tag
    (`!relative`, `!!python/name:`) stands for a value those settings never hold, so nothing is imported."""


_ConfigLoader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)
_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _site_from_file(path: Path, claims: Path) -> Site:
    """Site settings from mkdocs.yml, read as MkDocs reads them (its defaults for edit_uri included), without
    loading MkDocs' whole configuration, theme and plugins: that costs more than generating the pages."""
    try:
        text = read_regular(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        return Site()
    except NotRegular as error:
        raise ValueError(f"{path}: this is {error.what}, not a regular file, so it is not read; "
                         "put the file itself there") from None
    except TooLarge:
        raise ValueError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes") from None
    loader = _ConfigLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        raise ValueError(f"{path}: not valid YAML: {error}") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ValueError(f"{path}: not a mapping of settings")
    if "INHERIT" in data:  # settings split over files: let MkDocs merge them
        from mkdocs.config import load_config
        from mkdocs.exceptions import MkDocsException

        try:
            return _site(path, load_config(str(path)), claims)
        except MkDocsException as error:
            raise ValueError(f"{path}: {error.format_message()}") from None
    settings = {key: data.get(key) for key in ("site_name", "site_url", "repo_url", "edit_uri")}
    for key, value in settings.items():
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{path}: {key} must be text")
    if settings["edit_uri"] is None and settings["repo_url"]:  # MkDocs' default for the big hosts
        host = urlsplit(settings["repo_url"]).netloc.lower()
        settings["edit_uri"] = {"github.com": "edit/master/docs/", "gitlab.com": "edit/master/docs/",
                                "bitbucket.org": "src/default/docs/"}.get(host)
    if settings["edit_uri"] and not settings["edit_uri"].endswith("/"):
        settings["edit_uri"] += "/"
    if settings["site_url"] and not settings["site_url"].endswith("/"):
        settings["site_url"] += "/"
    return _site(path, settings, claims)


# MkDocs hook: regenerate before every build, and watch the catalogue during `mkdocs serve`.

def on_config(config):  # type: ignore[no-untyped-def]
    """Generate the pages before MkDocs reads the docs folder; fail the build on catalogue errors."""
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).parent
    claims = root / "claims"
    linked = linked_parent(Path(config.site_dir), root)
    if linked is not None:  # MkDocs would empty and fill whatever the link points to
        raise PluginError(f"{linked} is a symbolic link; remove it: the site is built into a real folder")
    site = _site(config.config_file_path, config, claims)
    try:
        result = pipeline.build(claims, Path(config.docs_dir), root=root, site=site)
    except (WriteError, OSError) as error:
        raise PluginError(" ".join(str(error).split())) from None
    log = logging.getLogger("mkdocs.hooks.build_claims")
    for problem in result.problems:
        (log.error if problem.level == "error" else log.warning)(str(problem))
    if result.errors:
        raise PluginError(f"the catalogue has errors: {result.summary()} (run `python build_claims.py check`)")
    return config


if __name__ == "__main__":
    raise SystemExit(main())
