"""The stages joined up: load → validate → anchor → render → write."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .anchor import anchor
from .export import exports
from .load import irregular_files, load_catalogue
from .model import Catalogue
from .pages import GENERATED
from .problems import Problem
from .render import render
from .site import Site
from .validate import validate
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


def check(claims: Path, *, root: Path, docs: Path | None = None) -> Result:
    """Load, validate and anchor the catalogue in `claims`; messages name files relative to `root`.
    With `docs`, also report any link, device, FIFO or socket in the docs folder (the engine would publish it)."""
    return _check(claims, root, docs)


def _check(claims: Path, root: Path, docs: Path | None) -> Result:
    loaded, problems = load_catalogue(claims, root)
    if docs is not None:
        problems += irregular_files(docs, root)
    catalogue, found = validate(loaded)
    problems += found
    if catalogue is not None:
        catalogue, found = anchor(catalogue)
        problems += found
    return Result(problems=sorted(problems), catalogue=catalogue)


def build(claims: Path, docs: Path, *, root: Path, site: Site | None = None) -> Result:
    """`check`, then render and write the pages into docs/essay/ and the exports into docs/.

    Nothing is written when there are errors; everything is rendered before anything is written.
    """
    result = _check(claims, root, docs)
    if result.errors or result.catalogue is None:
        return result
    site = site or Site()
    pages = render(result.catalogue, site=site)
    files = exports(result.catalogue, site)
    written = write_tree(docs / GENERATED, pages, root=root) + write_files(docs, files, root=root)
    return Result(problems=result.problems, catalogue=result.catalogue, written=tuple(written))
