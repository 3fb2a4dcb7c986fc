"""Validate a catalogue of an essay's claims and generate the site's Markdown pages.

    python build_claims.py check          # validate only; one line per problem
    python build_claims.py build          # validate, then write the generated pages
    python build_claims.py verify         # fetch every source; check each quoted passage is on its page
    python build_claims.py diff BASE      # what the catalogue's changes since BASE mean to readers (Markdown)
    python build_claims.py rules          # list the rules a check applies

It is also an MkDocs hook (see `hooks:` in mkdocs.yml): `mkdocs build` and `mkdocs serve` generate the
pages in memory, so an edit to a file in claims/ shows up live. Engines that run no hooks (Zensical)
build the pages `build_claims.py build` writes into docs/.
"""

from __future__ import annotations

import argparse
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator import diff, live, pipeline, verify
from annotator.files import linked_parent
from annotator.pages import GENERATED, GLOSSARY
from annotator.problems import RULES
from annotator.site import DEFAULT_CLAIMS_DIR, claims_folder, read_settings, site_from_config
from annotator.write import WriteError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

ROOT = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (0 clean, 1 errors, 2 warnings under --strict)."""
    parser = argparse.ArgumentParser(
        prog="build_claims.py", description="Validate a claims catalogue and generate the site's pages.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, text in (("check", "validate the catalogue; write nothing"),
                       ("build", "validate, then write the generated pages (only files whose content changed)"),
                       ("verify", "validate, then fetch every source and check that each passage quoted from it "
                                  "is on its page (needs the network)"),
                       ("diff", "list, as Markdown, what the catalogue's changes since BASE mean to readers: claims "
                                "and sources added, removed and changed, verdict changes, and what the Corrections "
                                "page would list; problems in either revision are listed too")):
        command = sub.add_parser(name, help=text, description=text)
        command.add_argument("--claims", type=Path, default=None, metavar="DIR",
                             help="the catalogue folder (default: `extra: claims_dir:` in mkdocs.yml, else claims/)")
        command.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", metavar="FILE",
                             help="mkdocs.yml, for the catalogue folder, site_name, site_url, repo_url, edit_uri "
                                  "and the reviewer (default: mkdocs.yml; ignored if missing)")
        if name == "diff":
            command.add_argument("base", metavar="BASE", help="the git revision to compare with (e.g. origin/main)")
            command.add_argument("target", metavar="TARGET", nargs="?", default=None,
                                 help="the revision to compare (default: the files as they are now)")
            continue
        command.add_argument("--strict", action="store_true", help="exit 2 on warnings")
        command.add_argument("--docs", type=Path, default=ROOT / "docs", metavar="DIR",
                             help="the MkDocs docs folder, checked for links and special files (default: docs/)")
        if name == "verify":
            command.add_argument("--timeout", type=float, default=verify.TIMEOUT, metavar="SECONDS",
                                 help="per request (default: %(default)s)")
            command.add_argument("--allow-private", action="store_true",
                                 help="also fetch from this machine and private networks (for tests)")
    sub.add_parser("rules", help="list the rules a check applies", description="list the rules a check applies")
    args = parser.parse_args(argv)
    if args.command == "rules":
        width = max(map(len, RULES))
        for rule, text in sorted(RULES.items()):
            print(f"{rule:<{width}}  {text}")
        return 0
    root = Path.cwd()
    try:
        settings = read_settings(args.config)
        if args.claims is None:
            args.claims = claims_folder(args.config, settings) if settings else ROOT / DEFAULT_CLAIMS_DIR
        if args.command == "diff":
            print(diff.diff(args.claims, root, args.base, args.target), end="")
            return 0
        if args.command == "check":
            result = pipeline.check(args.claims, root=root, docs=args.docs)
        elif args.command == "verify":
            result = pipeline.check(args.claims, root=root, docs=args.docs)
            if not result.errors and result.catalogue is not None:
                found = verify.verify(result.catalogue, allow_private=args.allow_private, timeout=args.timeout)
                result = pipeline.Result(problems=sorted(result.problems + found), catalogue=result.catalogue)
        else:
            site = site_from_config(args.config, settings, args.claims)
            result = pipeline.build(args.claims, args.docs, root=root, site=site)
    except (WriteError, OSError, ValueError, diff.GitError) as error:
        print(f"build_claims.py: error: {' '.join(str(error).split())}")
        return 1
    for problem in result.problems:
        print(problem)
    print(result.summary())
    if result.errors:
        return 1
    return 2 if args.strict and result.warnings else 0


# MkDocs hook. The generated pages and exports go to MkDocs from memory (`File.generated`): nothing is
# written into docs/, so a save starts exactly one rebuild. Under `mkdocs serve --dirty` (`make serve`)
# the hook tells MkDocs which pages changed, so a rebuild renders only those; what a dirty build would
# get wrong is put right here: pages including a changed snippet, the search index, removed pages.

class _Live:
    """What the hook keeps from build to build in one process."""

    def __init__(self) -> None:
        self.session = pipeline.Session()
        self.dirty = False  #: `mkdocs serve --dirty`: unchanged pages are not rebuilt
        self.generated: dict[str, str] = {}  #: this build's generated files
        self.changed: set[str] = set()
        self.built: set[str] = set()  #: URLs of the pages rendered in this build
        self.pages: list[str] = []  #: URLs of every page, in site order
        self.search: dict[str, list[dict]] = {}  #: each page's search entries after the last build
        self.published: set[str] = set()  #: what the last build published (to delete what is gone)
        self.stamp: tuple[float, ...] = ()  #: mkdocs.yml and the theme overrides, when last seen
        self.compiled: dict[str, bytes] = {}  #: the theme's templates, compiled (Jinja bytecode by its key)
        self.listed: dict[str, list[str]] = {}  #: the templates in each installed theme folder
        self.kept: dict[tuple, list[str]] = {}  #: which of the theme's files MkDocs copies, by its filter
        self.token = f"annotator-{secrets.token_hex(8)}"  #: names the blocks lifted out of a page's Markdown
        self.lifted: dict[str, list[str]] = {}  #: the blocks lifted out of each page being built, by its path


_LIVE = _Live()


class _QuietDirtyWarning(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be stale; the hook makes these builds exact."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "A 'dirty' build is being performed" not in record.getMessage()


def on_startup(command: str, dirty: bool) -> None:
    _LIVE.dirty = dirty and command == "serve"
    if _LIVE.dirty:
        logging.getLogger("mkdocs.commands.build").addFilter(_QuietDirtyWarning())


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Refuse a linked site folder: MkDocs would empty and fill whatever the link points to."""
    from mkdocs.exceptions import PluginError

    root = Path(config.config_file_path).parent
    linked = linked_parent(Path(config.site_dir), root)
    if linked is not None:
        raise PluginError(f"{linked} is a symbolic link; remove it: the site is built into a real folder")
    if _LIVE.dirty:
        _reuse_the_theme(config, root)
    return config


on_config.mkdocs_priority = 50  # type: ignore[attr-defined]  # before the search plugin's, which loads templates


def _reuse_the_theme(config: MkDocsConfig, root: Path) -> None:
    """Each rebuild under `mkdocs serve` makes a new Jinja environment, which would compile every template
    and list every file of the theme again (about a second): keep the compiled templates (Jinja's bytecode
    cache, which checks each template's source) and the listing of the installed theme's folders (the
    project's own override folder is listed afresh)."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            if bucket.key in _LIVE.compiled:
                bucket.bytecode_from_string(_LIVE.compiled[bucket.key])

        def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
            _LIVE.compiled[bucket.key] = bucket.bytecode_to_string()

    def listing(folders: list[str]) -> list[str]:
        names: set[str] = set()
        for folder in folders:
            if Path(folder).resolve().is_relative_to(root.resolve()):
                names.update(jinja2.FileSystemLoader([folder]).list_templates())
            else:
                if folder not in _LIVE.listed:
                    _LIVE.listed[folder] = jinja2.FileSystemLoader([folder]).list_templates()
                names.update(_LIVE.listed[folder])
        return sorted(names)

    theme, make_env = config.theme, config.theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        env.bytecode_cache = Compiled()
        loader = env.loader
        if isinstance(loader, jinja2.FileSystemLoader):
            loader.list_templates = lambda: listing(list(loader.searchpath))  # type: ignore[method-assign]
            list_templates = env.list_templates

            def filtered(extensions: object = None, filter_func: Callable[[str], bool] | None = None) -> list[str]:
                # MkDocs filters the theme's 14,000 files by name with the same function each build; what
                # it keeps depends on the names and the theme's static templates only
                names = loader.list_templates()
                if extensions is not None or filter_func is None:
                    return list_templates(extensions, filter_func)  # type: ignore[arg-type]
                key = (filter_func.__code__, tuple(sorted(theme.static_templates)), tuple(names))
                if key not in _LIVE.kept:
                    _LIVE.kept.clear()
                    _LIVE.kept[key] = [name for name in names if filter_func(name)]
                return list(_LIVE.kept[key])

            env.list_templates = filtered  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Generate the pages and exports into `files`; fail the build on catalogue errors."""
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File, Files

    root = Path(config.config_file_path).parent
    try:
        claims = claims_folder(config.config_file_path, config)
        site = site_from_config(config.config_file_path, config, claims)
    except ValueError as error:
        raise PluginError(str(error)) from None
    try:
        result, generated = pipeline.generate(claims, Path(config.docs_dir), root=root, site=site,
                                              session=_LIVE.session)
    except (WriteError, OSError) as error:
        raise PluginError(" ".join(str(error).split())) from None
    log = logging.getLogger("mkdocs.hooks.build_claims")
    for problem in result.problems:
        (log.error if problem.level == "error" else log.warning)(str(problem))
    if result.errors:
        raise PluginError(f"the catalogue has errors: {result.summary()} (run `python build_claims.py check`)")
    stamp = _stamp(config)
    everything = stamp != _LIVE.stamp  # a new mkdocs.yml or theme template changes every page
    _LIVE.stamp, _LIVE.generated = stamp, generated
    _LIVE.changed = live.changed(_LIVE.session.output, generated) if not everything else set(generated)
    _LIVE.session.output = generated
    # What `build_claims.py build` left on disk is left out: the pages come from memory.
    files = Files([f for f in files if f.src_uri not in generated and not f.src_uri.startswith(f"{GENERATED}/")])
    for path, text in generated.items():
        file = File.generated(config, path, content=text)
        if _LIVE.dirty and path not in _LIVE.changed:
            file.is_modified = _unmodified  # type: ignore[method-assign]
        files.append(file)
    if _LIVE.dirty:
        for file in files.documentation_pages():
            if file.src_uri not in generated and file.abs_src_path and (everything or any(
                    name in _LIVE.changed for name in live.snippets_named(file.content_string))):
                file.is_modified = _modified  # type: ignore[method-assign]
    if config.nav and f"{GENERATED}/{GLOSSARY}" not in generated:  # no glossary: no page, no menu entry
        config.nav = live.without_page(config.nav, f"{GENERATED}/{GLOSSARY}")
    _LIVE.pages = [f.url for f in files.documentation_pages()]
    _LIVE.built = set()
    return files


def _unmodified() -> bool:
    return False


def _modified() -> bool:
    return True


def _stamp(config: MkDocsConfig) -> tuple[float, ...]:
    """When mkdocs.yml and the theme's override templates last changed."""
    paths = [Path(config.config_file_path)]
    custom = config.theme.custom_dir
    if custom:
        paths += sorted(p for p in Path(custom).rglob("*") if p.is_file())
    return tuple(p.stat().st_mtime for p in paths if p.exists())


#: Seconds between two looks at the catalogue folder for a saved file under `mkdocs serve` (MkDocs looks at
#: docs/ every half second): about 3 ms a look at 1,000 claims.
CATALOGUE_POLL = 0.1
#: Seconds `mkdocs serve` waits after a change for more before it rebuilds (MkDocs waits 0.1 s): a save is
#: seen in one look at the folder, whatever files it wrote.
BUILD_DELAY = 0.05


def on_serve(server: Any, config: MkDocsConfig, builder: Callable[..., None]) -> Any:
    """`mkdocs serve` watches the catalogue folder, wherever `extra: claims_dir:` puts it, and looks at it more
    often than at the rest: a save there is what an editor waits for."""
    claims = claims_folder(config.config_file_path, config)
    if not claims.is_dir():
        return server
    if isinstance(getattr(server, "build_delay", None), (int, float)):
        server.build_delay = min(server.build_delay, BUILD_DELAY)
    observer = getattr(server, "observer", None)
    interval = getattr(observer, "_timeout", None)  # watchdog's, given to each folder's poller as it is added
    if not isinstance(interval, (int, float)) or isinstance(interval, bool):
        server.watch(str(claims))
        return server
    observer._timeout = min(interval, CATALOGUE_POLL)  # type: ignore[union-attr]
    try:
        server.watch(str(claims))
    finally:
        observer._timeout = interval  # type: ignore[union-attr]
    return server


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Includes of generated snippets come from memory too (there is no file on disk to include). The big raw
    HTML blocks of the generated pages (tables, lists of sources and evidence, maps, the Corrections page's
    days) skip Markdown, which would only parse them to pass them through; those the search index leaves out
    skip the search plugin too (`live.lift_blocks`)."""
    markdown = live.inline_snippets(markdown, _LIVE.generated)
    if page.file.src_uri in _LIVE.generated:
        markdown, _LIVE.lifted[page.file.src_uri] = live.lift_blocks(markdown, _LIVE.token)
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return live.restore_blocks(html, _LIVE.token, _LIVE.lifted.get(page.file.src_uri, []), searched=True)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return live.restore_blocks(output, _LIVE.token, _LIVE.lifted.pop(page.file.src_uri, []), searched=False)


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: object) -> dict:
    _LIVE.built.add(page.url)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    """After a dirty build: the search index holds every page once, and pages that are gone are deleted.

    Runs before the search plugin writes its index (see the priority below): the plugin holds only the
    entries of the pages just built, and would add them to all of the last index; instead it is given the
    whole index, each page's newest entries, to write as it is."""
    if not _LIVE.dirty:
        return
    search = config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if isinstance(getattr(index, "entries", None), list) and hasattr(search, "search_index_prev"):
        merged, _LIVE.search = live.merge_search_index({"docs": index.entries}, _LIVE.built, _LIVE.pages,  # type: ignore[union-attr]
                                                       _LIVE.search)
        index.entries = merged["docs"]  # type: ignore[union-attr]
        search.search_index_prev = None  # type: ignore[union-attr]  # nothing left for it to merge
    site_dir = Path(config.site_dir)
    published = set(_LIVE.pages)
    for url in _LIVE.published - published:
        page = site_dir / url / "index.html"
        if url.startswith(f"{GENERATED}/") and page.is_file():
            page.unlink()
    _LIVE.published = published


on_post_build.mkdocs_priority = 50  # type: ignore[attr-defined]  # what mkdocs.plugins.event_priority sets


if __name__ == "__main__":
    raise SystemExit(main())
