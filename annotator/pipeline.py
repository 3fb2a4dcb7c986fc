"""The stages joined up: load → validate → anchor → render → write."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .anchor import AnchorMemo, anchor
from .export import ExportMemo, exports
from .history import HistoryCache, read_history
from .load import FileCache, irregular_files, load_catalogue
from .model import Catalogue
from .pages import FEED, GENERATED
from .problems import Problem
from .render import PageMemo, memoised, render
from .render.corrections import render_feed
from .site import Site
from .validate import Memo, validate
from .write import write_files, write_tree


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    problems: list[Problem]
    catalogue: Catalogue | None = None
    written: tuple[str, ...] = ()  #: generated files whose content changed

    @property
    def errors(self) -> int:
        return sum(p.level == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level == "warning" for p in self.problems)

    def summary(self) -> str:
        """One line for the end of a run."""
        c = self.catalogue
        if self.errors or self.warnings or c is None:  # no catalogue comes with an error that says why
            def count(n: int, word: str) -> str:
                return f"{n} {word}{'' if n == 1 else 's'}"
            return f"{count(self.errors, 'error')}, {count(self.warnings, 'warning')}"
        return (f"ok: {len(c.claims)} claims, {len(c.topics)} topics, {len(c.sources)} sources"
                + (f"; {len(self.written)} files written" if self.written else ""))


@dataclass(kw_only=True)
class Session:
    """What one long-running process (`mkdocs serve`) keeps from one build to the next, so that a rebuild
    after an edit redoes only what the edit changed. Every cache is keyed by all that its result depends
    on (a file's inode, size and modification time; a quote and the essay's text; every value a page
    shows), so a rebuild gives the same bytes as a fresh run (tests/test_live.py holds them to it)."""

    files: FileCache = field(default_factory=dict)
    checked: Memo = field(default_factory=dict)
    anchors: AnchorMemo = field(default_factory=dict)
    pages: PageMemo = field(default_factory=dict)
    exported: ExportMemo = field(default_factory=dict)
    history: HistoryCache = field(default_factory=HistoryCache)
    output: dict[str, str] = field(default_factory=dict)  #: the last build's generated files
    #: Each memo's size after the build that filled it from empty: what one build of this catalogue uses.
    filled: dict[str, int] = field(default_factory=dict)

    def forget_unused(self) -> None:
        """Drop a memo once stale keys (edits leave them behind) may be most of it: past `FORGET_AT` entries
        and twice what one build uses (a large catalogue's memos are kept however large); the next build
        fills it again with only what it uses."""
        for name in ("checked", "anchors", "pages", "exported"):
            memo = getattr(self, name)
            used = self.filled.setdefault(name, len(memo))
            if len(memo) > max(FORGET_AT, 2 * used):
                memo.clear()
                del self.filled[name]


#: The fewest entries a session's memo is dropped at (`Session.forget_unused`).
FORGET_AT = 20_000


def check(claims: Path, *, root: Path, docs: Path | None = None, session: Session | None = None) -> Result:
    """Load, validate and anchor the catalogue in `claims`; messages name files relative to `root`.
    With `docs`, also report any link, device, FIFO or socket in the docs folder (the engine would publish it)."""
    loaded, problems = load_catalogue(claims, root, session.files if session else None)
    if docs is not None:
        problems += irregular_files(docs, root, frozenset({docs / GENERATED}))
    catalogue, found = validate(loaded, session.checked if session else None)
    problems += found
    if catalogue is not None:
        catalogue, found = anchor(catalogue, session.anchors if session else None)
        problems += found
    return Result(problems=sorted(problems), catalogue=catalogue)


def generate(claims: Path, docs: Path, *, root: Path, site: Site | None = None,
             session: Session | None = None) -> tuple[Result, dict[str, str]]:
    """`check`, then render the pages and the exports, writing nothing: every generated file, by its path
    relative to the docs folder (`essay/…` and the exports at its root). No files when there are errors.
    The claims' history is read from the git repository `claims` is in."""
    # The history is read beside the rest: the catalogue is checked, the exports made and every page rendered
    # but what shows the history (its dates, the Corrections page) before it is waited for.
    with ThreadPoolExecutor(max_workers=1) as pool:
        reading = pool.submit(read_history, claims, session.history if session else None)
        result = check(claims, root=root, docs=docs, session=session)
        if result.errors or result.catalogue is None:
            return result, {}
        site = site or Site()
        exported = exports(result.catalogue, site, session.exported if session else None)
        pages = render(result.catalogue, site=site, memo=session.pages if session else None, history=reading)
        history = reading.result()
    files = {f"{GENERATED}/{path}": content for path, content in pages.items()}
    files.update(exported)
    catalogue = result.catalogue
    shown = tuple((c.id, c.summary, c.reviewed) for c in catalogue.claims)  # all of the catalogue the feed shows
    files[FEED] = memoised(session.pages if session else None, ("feed", history, catalogue.essay, shown, site),
                           lambda: render_feed(catalogue, history, site, session.pages if session else None))
    if session is not None:
        session.forget_unused()
    return result, files


def build(claims: Path, docs: Path, *, root: Path, site: Site | None = None) -> Result:
    """`generate`, then write the pages into docs/essay/ and the exports into docs/ (only files whose
    content changed). Nothing is written when there are errors; everything is rendered first."""
    result, files = generate(claims, docs, root=root, site=site)
    if not files:
        return result
    prefix = f"{GENERATED}/"
    pages = {path.removeprefix(prefix): text for path, text in files.items() if path.startswith(prefix)}
    rest = {path: text for path, text in files.items() if not path.startswith(prefix)}
    written = write_tree(docs / GENERATED, pages, root=root) + write_files(docs, rest, root=root)
    return Result(problems=result.problems, catalogue=result.catalogue, written=tuple(written))
