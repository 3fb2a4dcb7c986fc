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
from typing import TYPE_CHECKING

from annotator import pipeline
from annotator.files import linked_parent
from annotator.problems import RULES
from annotator.site import read_site, site_from_config
from annotator.write import WriteError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

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
            site = read_site(args.config, args.claims)
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


# MkDocs hook: regenerate before every build, and watch the catalogue during `mkdocs serve`.

def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Generate the pages before MkDocs reads the docs folder; fail the build on catalogue errors."""
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).parent
    claims = root / "claims"
    linked = linked_parent(Path(config.site_dir), root)
    if linked is not None:  # MkDocs would empty and fill whatever the link points to
        raise PluginError(f"{linked} is a symbolic link; remove it: the site is built into a real folder")
    site = site_from_config(config.config_file_path, config, claims)
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
