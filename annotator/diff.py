"""What a change to the catalogue means to readers: claims and sources added, removed and changed, each
verdict change, and what the Corrections page would list, as Markdown (for a pull request's job summary).

Each side is the catalogue folder at a git revision, or as it is on disk. Both are checked the way
`build_claims.py check` checks them, and their problems are listed rather than raised; the comparison
itself needs only each file's YAML, so it is made even when a side has errors.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .history import (
    ADDED,
    CHANGED,
    REMOVED,
    Change,
    Commit,
    GitError,
    Version,
    cat_blobs,
    claim_id_of,
    compare,
    git,
    parse_claim,
    verdict_of,
)
from .load import load_text
from .model import Where
from .pipeline import check
from .problems import Problem
from .render.corrections import verdict_name, what_changed
from .render.text import md, plural

SOURCES_FILE = "sources.yml"


@dataclass(kw_only=True)
class Side:
    """One side of a comparison: the catalogue's claims and sources, parsed, and what `check` said of it."""

    name: str  #: the revision as given, or "the working tree"
    claims: dict[str, Version] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  #: id → title
    problems: list[Problem] = field(default_factory=list)


def read_side(folder: Path, root: Path, revision: str | None) -> Side:
    """The catalogue in `folder` at `revision` (None: as it is on disk). GitError when the revision is unknown."""
    if revision is None:
        return _side("the working tree", folder, root)
    try:
        sha = git(folder, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError as error:
        if "not a git repository" in str(error):
            raise GitError(f"{folder.name}/ is not in a git checkout, so there is no `{revision}` to compare") from None
        raise GitError(f"`{revision}` is not a commit in this repository (fetch it first, or give a branch, "
                       "tag or commit id)") from None
    entries = git(folder, "ls-tree", "-r", "-z", sha, "--", ".").split(b"\x00")
    wanted: list[tuple[str, str, str]] = []  # (mode, blob, path)
    for entry in filter(None, entries):
        meta, _, name = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        parts = name.decode("utf-8", "surrogateescape").split("/")
        if kind == "blob" and all(part not in ("", ".", "..") for part in parts):  # never a path out of the copy
            wanted.append((mode, blob, "/".join(parts)))
    blobs = cat_blobs(folder, [blob for _, blob, _ in wanted])
    shown = _relative(folder, root)
    with tempfile.TemporaryDirectory(prefix="claims-diff-") as tmp:
        copy = Path(tmp, *Path(shown).parts)
        copy.mkdir(parents=True)
        links: list[Problem] = []
        for mode, blob, path in wanted:
            if mode == "120000":  # a link is never made, only reported (the checkout would hold one)
                links.append(Problem(where=Where(path=f"{shown}/{path}"), rule="file-type",
                                     message="this is a symbolic link; the catalogue holds only regular files"))
                continue
            target = copy.joinpath(*path.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blobs.get(blob, b""))
        side = _side(revision, copy, Path(tmp))
        side.problems = sorted(side.problems + links)
        return side


def _side(name: str, folder: Path, root: Path) -> Side:
    result = check(folder, root=root)
    side = Side(name=name, problems=result.problems)
    if not folder.is_dir():
        return side
    for file in sorted(folder.iterdir()):
        claim_id = claim_id_of(file.name)
        if file.is_symlink() or not file.is_file():
            continue
        if claim_id is not None:
            version = parse_claim(_text(file))
            if version is not None:
                side.claims[claim_id] = version
        elif file.name == SOURCES_FILE:
            side.sources = _sources(_text(file))
    return side


def _text(file: Path) -> str:
    return file.read_bytes().decode("utf-8", "replace")


def _sources(text: str) -> dict[str, str]:
    doc, _ = load_text(text, SOURCES_FILE)
    if doc is None or not isinstance(doc.data, list):
        return {}
    return {str(item["id"]): str(item.get("title") or "") for item in doc.data
            if isinstance(item, dict) and isinstance(item.get("id"), str)}


def _relative(folder: Path, root: Path) -> str:
    try:
        return folder.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return folder.name


def changes(base: Side, target: Side) -> list[Change]:
    """Every claim added, removed or changed from `base` to `target`, by id."""
    commit = Commit(sha="", time=0, subject="")  # the comparison is not one commit: no date, no subject
    found = []
    for claim_id in sorted({*base.claims, *target.claims}):
        change = compare(claim_id, commit, base.claims.get(claim_id), target.claims.get(claim_id))
        if change is not None:
            found.append(change)
    return found


def report(base: Side, target: Side) -> str:
    """The comparison as Markdown."""
    found = changes(base, target)
    added = [c for c in found if c.action == ADDED]
    removed = [c for c in found if c.action == REMOVED]
    changed = [c for c in found if c.action == CHANGED]
    verdicts = [c for c in changed if c.verdict]
    new_sources = sorted(set(target.sources) - set(base.sources))
    gone_sources = sorted(set(base.sources) - set(target.sources))
    out = ["## What this changes for readers", "",
           f"From {code(base.name)} to {code(target.name)}: " + _counts(added, removed, changed, verdicts,
                                                                   new_sources, gone_sources), ""]

    def section(heading: str, lines: list[str]) -> None:
        if lines:
            out.extend([f"### {heading}", "", *lines, ""])

    def line(change: Change, side: Side, detail: str) -> str:
        summary = " ".join(str(side.claims.get(change.claim, {}).get("summary") or "").split())
        return f"- **{code(change.claim)}**: {detail}" + (f" (“{md(summary)}”)" if summary else "")

    section("Verdicts changed", [line(c, target, " → ".join(md(verdict_name(v)) for v in c.verdict))
                                 for c in verdicts if c.verdict])
    section("Claims added", [line(c, target, md(verdict_name(_verdict(target, c.claim)))) for c in added])
    section("Claims removed", [line(c, base, f"was {md(verdict_name(_verdict(base, c.claim)))}") for c in removed])
    section("Claims changed", [line(c, target, ", ".join(md(f) for f in c.fields)) for c in changed])
    section("Sources added", [f"- **{code(s)}**: {md(target.sources[s])}" for s in new_sources])
    section("Sources removed", [f"- **{code(s)}**: {md(base.sources[s])}" for s in gone_sources])
    corrections = [c for c in found if c.is_correction]
    section("On the Corrections page", ["Once merged, the Corrections page and its feed list:", "",
                                        *[line(c, base if c.action == REMOVED else target, what_changed(c))
                                          for c in corrections]] if corrections else [])
    for side in (base, target):
        problems = [p for p in side.problems if p.level == "error"]
        warnings = [p for p in side.problems if p.level != "error"]
        if problems or warnings:
            section(f"Problems in {code(side.name)}", [f"- {code(str(p))}" for p in problems + warnings])
    return "\n".join(out).rstrip("\n") + "\n"


def code(text: str) -> str:
    """`text` as a Markdown code span (where entities are not decoded, so nothing is escaped but the fence)."""
    return "`" + " ".join(text.split()).replace("`", "\u02cb") + "`"


def _verdict(side: Side, claim_id: str) -> str:
    return verdict_of(side.claims.get(claim_id, {}))


def _counts(added: list, removed: list, changed: list, verdicts: list, new: list, gone: list) -> str:
    if not (added or removed or changed or new or gone):
        return "no claim or source is added, removed or changed."
    parts = [f"{plural(len(added), 'claim')} added", f"{len(removed)} removed", f"{len(changed)} changed",
             f"{plural(len(verdicts), 'verdict')} changed",
             f"{plural(len(new), 'source')} added", f"{len(gone)} removed"]
    return ", ".join(parts[:3]) + "; " + parts[3] + "; " + ", ".join(parts[4:]) + "."


def diff(folder: Path, root: Path, base: str, target: str | None = None) -> str:
    """The report comparing the catalogue at `base` with `target` (None: the working tree). GitError when a
    revision cannot be read (unknown, or not a git checkout)."""
    return report(read_side(folder, root, base), read_side(folder, root, target))

