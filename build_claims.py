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

from annotator import pipeline
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
        if name == "build":
            command.add_argument("--docs", type=Path, default=ROOT / "docs", metavar="DIR",
                                 help="the MkDocs docs folder (default: docs/)")
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
            result = pipeline.check(args.claims, root=root)
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


def _site(config, claims: Path) -> Site:  # type: ignore[no-untyped-def]
    """The settings the pages need, from a loaded MkDocs config."""
    root = Path(config.config_file_path).resolve().parent
    try:
        claims_dir = claims.resolve().relative_to(root).as_posix()
    except ValueError:
        claims_dir = claims.name
    return Site(name=config.site_name or "", url=config.site_url or "", repo_url=config.repo_url or "",
                edit_uri=config.edit_uri or "", claims_dir=claims_dir)


def _site_from_file(path: Path, claims: Path) -> Site:
    if not path.is_file():
        return Site()
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        return _site(load_config(str(path)), claims)
    except MkDocsException as error:
        raise ValueError(f"{path}: {error.format_message()}") from None


# MkDocs hook: regenerate before every build, and watch the catalogue during `mkdocs serve`.

def on_config(config):  # type: ignore[no-untyped-def]
    """Generate the pages before MkDocs reads the docs folder; fail the build on catalogue errors."""
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).parent
    claims = root / "claims"
    result = pipeline.build(claims, Path(config.docs_dir), root=root, site=_site(config, claims))
    log = logging.getLogger("mkdocs.hooks.build_claims")
    for problem in result.problems:
        (log.error if problem.level == "error" else log.warning)(str(problem))
    if result.errors:
        raise PluginError(f"the catalogue has errors: {result.summary()} (run `python build_claims.py check`)")
    return config


if __name__ == "__main__":
    raise SystemExit(main())
