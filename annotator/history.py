"""History: every change to the catalogue's claims, dated, read from the repository itself.

At most three git processes per build, whatever the size of the catalogue: `rev-parse` (is this a
checkout, a shallow one, which commit), one `log` of the commits with the files each changed (those
outside the catalogue folder are skipped here), and one `cat-file --batch` that reads the claims'
versions they made. Each build stores the history it read in the repository's folder (`STORE`), so the
next reads only the commits made since, and none at all (just `rev-parse`) when HEAD has not moved; the
whole line of a large catalogue is read by a process of its own, at a lower priority (`ELSEWHERE`).
Only the first-parent line is read — the default branch as it was merged, what readers saw — with a
merge compared to its first parent, so a pull request's work-in-progress commits never show as
corrections. Each claim file's versions are compared value by value after YAML parsing, so
re-wrapping a paragraph changes nothing.

For a given commit the result is always the same (commit times, never the clock), so two builds of one
commit give the same bytes. Without history (not a git checkout, a shallow clone, no git) `History`
says why, and the pages say that history is unavailable.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .load import MAX_FILE_BYTES, RESERVED, CatalogueLoader, load_text, may_need_screen
from .vocab import NOT_RATED
from .write import WriteError, write_files

#: The parts of a claim a change to which, after it was first published, is a correction.
CORRECTED = ("verdict", "quote", "summary", "rationale", "evidence")
#: What each part is called on the pages.
FIELD_NAMES = {"verdict": "verdict", "quote": "quotation", "summary": "summary", "rationale": "rationale",
               "evidence": "evidence"}

ADDED, CHANGED, REMOVED = "added", "changed", "removed"


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    time: int  #: committer time, seconds since the epoch
    subject: str
    stamp: str = field(init=False, compare=False, repr=False)  #: the time in UTC, as RFC 3339 (what Atom wants)

    def __post_init__(self) -> None:  # the pages ask for each commit's day thousands of times
        object.__setattr__(self, "stamp", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.time)))

    @property
    def date(self) -> str:
        """The commit's day in UTC, as an ISO date."""
        return self.stamp[:10]


@dataclass(frozen=True, slots=True)
class Change:
    """What one commit did to one claim."""

    claim: str  #: the claim's id (its file's name)
    commit: Commit
    action: str  #: ADDED, CHANGED or REMOVED
    fields: tuple[str, ...] = ()  #: for CHANGED: every top-level field whose value changed, sorted
    verdict: tuple[str, str] | None = None  #: for CHANGED: (old, new) when the verdict changed
    summary: str = ""  #: the claim's summary after the change (before it, for a removal)
    #: The fields this change corrects, in `CORRECTED` order (the pages ask thousands of times).
    corrected: tuple[str, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "corrected", tuple(name for name in CORRECTED if name in self.fields))

    @property
    def is_correction(self) -> bool:
        """A removal, or a change to what a reader relies on (after the claim was published)."""
        return self.action == REMOVED or (self.action == CHANGED and bool(self.corrected))


@dataclass(frozen=True, slots=True)
class ClaimHistory:
    first: Commit | None = None  #: the commit that first published the claim (None: not committed yet)
    last: Commit | None = None  #: the last commit that changed it
    verdicts: tuple[Change, ...] = ()  #: every change of its verdict, oldest first


@dataclass(frozen=True, slots=True)
class History:
    available: bool = False
    reason: str = "no history was read"  #: why it is unavailable
    changes: tuple[Change, ...] = ()  #: oldest first
    claims: dict[str, ClaimHistory] = field(default_factory=dict, compare=False)
    _corrections: tuple[Change, ...] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:  # the pages and the feed each ask for them
        found = [c for c in self.changes if c.is_correction]
        order = {c.commit.sha: i for i, c in enumerate(self.changes)}
        object.__setattr__(self, "_corrections", tuple(sorted(found, key=lambda c: (-order[c.commit.sha], c.claim))))

    def of(self, claim_id: str) -> ClaimHistory:
        return self.claims.get(claim_id, ClaimHistory())

    def corrections(self) -> tuple[Change, ...]:
        """Every correction, newest first (in one commit: by claim id)."""
        return self._corrections


def unavailable(reason: str) -> History:
    return History(available=False, reason=reason)


def from_changes(changes: list[Change]) -> History:
    """A history from its changes (oldest first), with each claim's first and last commit."""
    claims: dict[str, ClaimHistory] = {}
    for change in changes:
        now = claims.get(change.claim, ClaimHistory())
        if change.action == ADDED:
            now = ClaimHistory(first=now.first or change.commit, last=change.commit, verdicts=now.verdicts)
        elif change.action == CHANGED:
            verdicts = now.verdicts + ((change,) if change.verdict else ())
            now = ClaimHistory(first=now.first, last=change.commit, verdicts=verdicts)
        else:
            now = ClaimHistory(first=now.first, last=change.commit, verdicts=now.verdicts)
        claims[change.claim] = now
    return History(available=True, reason="", changes=tuple(changes), claims=claims)


# Comparing two versions of one claim file.

Version = dict[str, Any]  #: a claim file, parsed: its top-level mapping


def verdict_of(data: Version) -> str:
    """The verdict a version of a claim shows (an opinion's is `not-rated`)."""
    verdict = data.get("verdict")
    if isinstance(verdict, str) and verdict:
        return verdict
    return NOT_RATED.id if data.get("kind") == "opinion" else ""


def text_of(data: Version, key: str) -> str:
    value = data.get(key)
    return " ".join(value.split()) if isinstance(value, str) else ""


def compare(claim_id: str, commit: Commit, old: Version | None, new: Version | None) -> Change | None:
    """What `commit` did to a claim whose file went from `old` to `new` (None: absent), or None for nothing."""
    if old is None and new is None:
        return None
    if old is None:
        return Change(claim=claim_id, commit=commit, action=ADDED, summary=text_of(new or {}, "summary"))
    if new is None:
        return Change(claim=claim_id, commit=commit, action=REMOVED, summary=text_of(old, "summary"))
    fields = tuple(sorted(key for key in {*old, *new} if old.get(key) != new.get(key)
                          and _canonical(old.get(key)) != _canonical(new.get(key))))
    before, after = verdict_of(old), verdict_of(new)
    if before != after and "verdict" not in fields:
        fields = tuple(sorted((*fields, "verdict")))  # an opinion made a fact: its shown verdict changed
    if not fields:
        return None
    return Change(claim=claim_id, commit=commit, action=CHANGED, fields=fields,
                  verdict=(before, after) if before != after else None, summary=text_of(new, "summary"))


def _canonical(value: Any) -> Any:
    """A value with its text's whitespace folded: a re-wrapped paragraph is the same paragraph."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    return value


def parse_claim(text: str, blocks: BlockMemo | None = None) -> Version | None:
    """A claim file's top-level mapping, or None when it is not one (a broken file: skipped).

    Thousands of past versions are read per build, and most of each is the same as the version before:
    so a plain block mapping (every top-level key at the start of a line) is cut into its top-level
    entries and each entry's text is parsed once (`blocks` remembers it), by libyaml straight to values
    when it can hold no alias and cannot nest deeply. Anything else — or an entry that does not parse as
    its one key — goes through the catalogue's own guarded loader, whole."""
    if len(text) > MAX_FILE_BYTES:
        return None
    memo: BlockMemo = {} if blocks is None else blocks
    data: Version = {}
    for block in _top_level(text):
        if block not in memo:
            memo[block] = _one_entry(block)
        entry = memo[block]
        if entry is None:
            return _guarded(text)
        data[entry[0]] = entry[1]
    return data or _guarded(text)


#: Top-level entries parsed before, by their text: (key, value), or None when the entry is not plain.
BlockMemo = dict[str, "tuple[str, Any] | None"]

_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*:(?:[ \t]|$)")


def _top_level(text: str) -> list[str]:
    """The text of each top-level entry of a block mapping (comment and blank lines dropped); [""] when the
    text is not plainly one (a document marker, flow style, a tab), so that the caller parses it whole."""
    blocks: list[list[str]] = []
    for line in text.split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        if _KEY_LINE.match(line):
            blocks.append([line])
        elif blocks and (line.startswith((" ", "- ")) or line == "-"):
            blocks[-1].append(line)
        else:
            return [""]
    return ["\n".join(block) for block in blocks] or [""]


def _one_entry(block: str) -> tuple[str, Any] | None:
    if not block or may_need_screen(block):
        return None
    loader = CatalogueLoader(block)
    try:
        data = loader.get_single_data()
    except (yaml.YAMLError, RecursionError):
        return None
    finally:
        loader.dispose()
    if not isinstance(data, dict) or len(data) != 1:
        return None
    (key, value), = data.items()
    return (key, value) if isinstance(key, str) and block.startswith(key + ":") else None


def _guarded(text: str) -> Version | None:
    doc, problems = load_text(text, "history")
    if doc is None or not isinstance(doc.data, dict) or any(p.level == "error" for p in problems):
        return None
    return doc.data


def claim_id_of(path: str) -> str | None:
    """The claim id a path in the catalogue folder stands for (`x.yml` → `x`), or None for other files."""
    if "/" in path or not path.endswith(".yml"):
        return None
    stem = path.removesuffix(".yml")
    return None if stem in RESERVED or not stem else stem


# Reading git.

class GitError(Exception):
    """git could not say: the message says why, in a reader's terms."""


#: Blobs parsed before, by their id: a blob's content never changes, so this never goes stale.
BlobMemo = dict[str, "Version | None"]

_ENV = {"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C", "GIT_PAGER": "cat"}


def _command(folder: Path, *args: str) -> tuple[list[str], dict[str, str]]:
    """git's arguments to run `args` in `folder`, and its environment (none of the caller's GIT_ variables)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | _ENV
    return ["git", "-C", str(folder), "--no-pager", "-c", "core.quotepath=off", *args], env


def _failed(command: str, stderr: bytes) -> GitError:
    message = stderr.decode("utf-8", "replace").strip().splitlines()
    return GitError(message[0].removeprefix("fatal: ") if message else f"git {command} failed")


def git(folder: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in `folder`; its output, or GitError with the first line git printed."""
    argv, env = _command(folder, *args)
    try:
        # git from PATH, as the user runs it; the arguments are this module's own, never a shell line
        done = subprocess.run(argv, input=stdin, capture_output=True, env=env, check=False)  # noqa: S603
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    except OSError as error:
        raise GitError(f"git could not run ({error.strerror})") from None
    if done.returncode:
        raise _failed(args[0], done.stderr)
    return done.stdout


@contextlib.contextmanager
def _started(folder: Path, *args: str, stdin: bool = False) -> Iterator[subprocess.Popen[bytes]]:
    """git started in `folder`, its output to be read as it comes; GitError after it if git failed. Its errors
    go to a file, so that they can never fill a pipe nobody reads; it is ended if the reading fails."""
    argv, env = _command(folder, *args)
    with tempfile.TemporaryFile() as errors:
        try:
            process = subprocess.Popen(argv, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,  # noqa: S603
                                       stdout=subprocess.PIPE, stderr=errors, env=env)
        except FileNotFoundError:
            raise GitError("git is not installed") from None
        except OSError as error:
            raise GitError(f"git could not run ({error.strerror})") from None
        with process:
            try:
                yield process
            except BaseException:
                process.kill()
                raise
            finally:
                if process.stdin:
                    with contextlib.suppress(OSError):
                        process.stdin.close()
            if process.wait():
                errors.seek(0)
                raise _failed(args[0], errors.read())


def head_of(folder: Path) -> tuple[str, bool, str, Path]:
    """The commit checked out in `folder`'s repository, whether the clone is shallow, `folder`'s path from
    the top of the repository ("" or ending in "/"), and the repository's own folder (.git, shared by its
    worktrees). GitError if there is none."""
    out = git(folder, "rev-parse", "--is-shallow-repository", "--show-prefix", "--git-common-dir",
              "HEAD").decode("utf-8", "surrogateescape")
    lines = out.split("\n")
    if len(lines) < 4:
        raise GitError("git rev-parse said nothing useful")
    return lines[3].strip(), lines[0].strip() == "true", lines[1], folder / lines[2]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The history replayed up to one commit: enough to carry on from it without reading its commits again."""

    head: str  #: the commit it was read at
    prefix: str  #: the catalogue folder's path from the top of the repository
    changes: tuple[Change, ...]  #: oldest first
    state: dict[str, str] = field(compare=False)  #: each claim's last readable version then, by blob id


@dataclass(kw_only=True)
class HistoryCache:
    """What a long-running process keeps: every blob parsed, the last snapshot, and the last history by the
    commit it was read at."""

    blobs: BlobMemo = field(default_factory=dict)
    blocks: BlockMemo = field(default_factory=dict)
    key: tuple[str, str] | None = None
    last: History | None = None
    snapshot: Snapshot | None = None


#: The history as the last build replayed it, kept in the repository's own folder (never in the working tree,
#: so never in a commit): the commit it was read at, every change up to it, and each claim's last readable
#: version by blob id. The next build reads only the commits made since, on the first-parent line, and none
#: when HEAD has not moved. A file that is missing, unreadable, a link, for another catalogue folder or in
#: another format is ignored, and written anew.
STORE = "annotator-history.json"
_STORE_FORMAT = "essay-annotator history 2"
_ACTIONS = (ADDED, CHANGED, REMOVED)


def _load_snapshot(path: Path, prefix: str) -> Snapshot | None:
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return _snapshot_from(path.read_bytes(), prefix)
    except OSError:
        return None


def _snapshot_from(text: bytes, prefix: str) -> Snapshot | None:
    """The snapshot `_snapshot_json` wrote, or None when `text` is not one (for this catalogue folder)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != _STORE_FORMAT or data.get("prefix") != prefix:
            return None
        head, state = data["head"], data["state"]
        if not (isinstance(head, str) and _BLOB_ID.fullmatch(head) and isinstance(state, dict)
                and all(_is_claim_id(c) and isinstance(b, str) and _BLOB_ID.fullmatch(b) for c, b in state.items())):
            return None
        commits = []
        for sha, when, subject in data["commits"]:
            if not (isinstance(sha, str) and _BLOB_ID.fullmatch(sha) and type(when) is int
                    and isinstance(subject, str)):
                return None
            commits.append(Commit(sha=sha, time=when, subject=subject))
        changes = []
        for claim, number, action, fields, verdict, summary in data["changes"]:
            if not (_is_claim_id(claim) and type(number) is int and number >= 0 and action in _ACTIONS
                    and isinstance(fields, list) and all(isinstance(f, str) for f in fields)
                    and (verdict is None or (isinstance(verdict, list) and len(verdict) == 2
                                             and all(isinstance(v, str) for v in verdict)))
                    and isinstance(summary, str)):
                return None
            changes.append(Change(claim=claim, commit=commits[number], action=action, fields=tuple(fields),
                                  verdict=None if verdict is None else (verdict[0], verdict[1]), summary=summary))
        return Snapshot(head=head, prefix=prefix, changes=tuple(changes), state=state)
    except (ValueError, RecursionError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _is_claim_id(value: object) -> bool:
    return isinstance(value, str) and claim_id_of(f"{value}.yml") == value


def _save_snapshot(path: Path, snapshot: Snapshot) -> None:
    """Write the snapshot (nothing when the folder is not writable)."""
    with contextlib.suppress(OSError, WriteError):
        write_files(path.parent, {path.name: _snapshot_json(snapshot)})


def _snapshot_json(snapshot: Snapshot) -> str:
    numbers: dict[str, int] = {}
    commits: list[tuple[str, int, str]] = []
    changes = []
    for change in snapshot.changes:
        commit = change.commit
        if commit.sha not in numbers:
            numbers[commit.sha] = len(commits)
            commits.append((commit.sha, commit.time, commit.subject))
        changes.append((change.claim, numbers[commit.sha], change.action, change.fields, change.verdict,
                        change.summary))
    return json.dumps({"format": _STORE_FORMAT, "prefix": snapshot.prefix, "head": snapshot.head,
                       "state": dict(sorted(snapshot.state.items())), "commits": commits, "changes": changes},
                      ensure_ascii=False, separators=(",", ":"))


_BLOB_ID = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")


def read_history(folder: Path, cache: HistoryCache | None = None) -> History:
    """The history of the catalogue in `folder` up to the commit checked out; never raises (`History.reason`
    says why it is unavailable). With `cache`, the same commit is not read twice."""
    if not folder.is_dir():
        return unavailable(f"the catalogue folder {folder.name}/ does not exist")
    cache = cache or HistoryCache()
    try:
        head, shallow, prefix, repository = head_of(folder)
        if shallow:
            return unavailable("this is a shallow clone of the repository (fetch its whole history: "
                               "git fetch --unshallow)")
        key = (str(folder.resolve()), head)
        if cache.key == key and cache.last is not None:
            return cache.last
        store = repository / STORE
        before = cache.snapshot if cache.snapshot and cache.snapshot.prefix == prefix else None
        before = before or _load_snapshot(store, prefix)
        snapshot = _carry_on(folder, head, prefix, before, cache)
        if before is None or snapshot.head != before.head:
            _save_snapshot(store, snapshot)
        history = from_changes(list(snapshot.changes))
        cache.key, cache.last, cache.snapshot = key, history, snapshot
        return history
    except GitError as error:
        reason = str(error)
        if "not a git repository" in reason:
            reason = "the site was not built from a git checkout"
        elif "ambiguous argument 'HEAD'" in reason or "unknown revision" in reason:
            reason = "the repository has no commits yet"
        return unavailable(reason)


def _carry_on(folder: Path, head: str, prefix: str, before: Snapshot | None, cache: HistoryCache) -> Snapshot:
    """The snapshot at `head`: `before` itself when it was read there; else `before` carried on through the
    commits made since, when it lies on `head`'s first-parent line; else the whole line replayed."""
    if before is not None and before.head == head:
        return before
    commits = None
    if before is not None:
        with contextlib.suppress(GitError):  # gone from the repository (a rewritten branch): read it all
            commits = _log(folder, f"{before.head}..{head}", prefix, after=before.head)
    if before is None or commits is None:
        whole = _read_elsewhere(folder, head, prefix) if _entries(folder) >= ELSEWHERE else None
        return whole or _whole(folder, head, prefix, cache)
    changes, state = _replay(folder, commits, cache.blobs, cache.blocks, dict(before.state))
    return Snapshot(head=head, prefix=prefix, changes=before.changes + tuple(changes), state=state)


def _whole(folder: Path, head: str, prefix: str, cache: HistoryCache) -> Snapshot:
    """The snapshot at `head`, every commit on its first-parent line replayed."""
    commits = _whole_log(folder, head, prefix, cache.blobs, cache.blocks)
    changes, state = _replay(folder, commits, cache.blobs, cache.blocks, {})
    return Snapshot(head=head, prefix=prefix, changes=tuple(changes), state=state)


#: A catalogue folder of at least this many files has its whole history read by a Python process of its own
#: (this module, run with the same interpreter), so that parsing thousands of past versions takes the
#: machine's other core while the build renders its pages on this one. Smaller ones are read here: starting
#: a process would cost more than it saves.
ELSEWHERE = 250
#: How far that process lowers its priority (and its git processes', which inherit it): where the machine has
#: fewer free cores than busy processes, the build's own thread is served first and the history waits.
NICENESS = 10


def _entries(folder: Path) -> int:
    try:
        with os.scandir(folder) as entries:
            return sum(1 for _ in entries)
    except OSError:
        return 0


def _read_elsewhere(folder: Path, head: str, prefix: str) -> Snapshot | None:
    """The whole history at `head` as another process of this interpreter replays it, or None when it could
    not (then it is read here, and fails here if it must)."""
    here = str(Path(__file__).resolve().parent.parent)  # the folder this package is in, for that process
    path = os.pathsep.join(filter(None, [here, os.environ.get("PYTHONPATH", "")]))
    try:
        # this interpreter and this module, given paths and a commit id: never a shell line
        done = subprocess.run([sys.executable, "-m", __spec__.name, str(folder), head, prefix],  # noqa: S603
                              capture_output=True, env={**os.environ, "PYTHONPATH": path}, check=False)
    except (OSError, ValueError):
        return None
    snapshot = _snapshot_from(done.stdout, prefix) if done.returncode == 0 else None
    return snapshot if snapshot is not None and snapshot.head == head else None


#: One commit of the log: the commit and its changed files as (path, old blob, new blob); "" for no blob.
Logged = tuple[Commit, list[tuple[str, str, str]]]

_NO_BLOB = "0" * 40


_LOG = ("log", "--first-parent", "--diff-merges=first-parent", "--no-renames", "--raw", "--no-abbrev", "-z",
        "--format=%x01%H%x02%P%x02%ct%x02%s")


def _log(folder: Path, revisions: str, prefix: str, after: str | None = None) -> list[Logged] | None:
    """The commits on the first-parent line, oldest first, each with what it changed in the catalogue folder
    (`prefix`, from the top of the repository). With `after` (`revisions` being `after..HEAD`): None unless the
    oldest of them is `after`'s child on that line, so that they are exactly the commits made since `after`.
    No pathspec: git limiting the log to a folder costs more than skipping the other commits here."""
    commits: list[Logged] = []
    parent = ""
    for record in git(folder, *_LOG, revisions).split(b"\x01")[1:]:
        logged, parent = _record(record, prefix)
        if logged:
            commits.append(logged)
    if after is not None and parent != after:  # the last record is the oldest
        return None
    commits.reverse()
    return commits


def _record(record: bytes, prefix: str) -> tuple[Logged | None, str]:
    """One commit of the log (what follows its \\x01): the commit with the files it changed in the catalogue
    folder (None when it changed none), and its first parent."""
    header, _, rest = record.partition(b"\x00")
    sha, parents, when, subject = (header.decode("utf-8", "replace").split("\x02", 3) + ["", "", ""])[:4]
    files: list[tuple[str, str, str]] = []
    fields = rest.lstrip(b"\n").split(b"\x00")
    i = 0
    while i + 1 < len(fields):
        meta = fields[i].decode("ascii", "replace").lstrip("\n")
        if not meta.startswith(":"):
            i += 1
            continue
        parts = meta[1:].split()
        path = fields[i + 1].decode("utf-8", "surrogateescape")
        if len(parts) >= 5 and path.startswith(prefix):
            path = path[len(prefix):]
            old, new = (parts[2], parts[3])
            files.append((path, "" if old == _NO_BLOB else old, "" if new == _NO_BLOB else new))
        i += 2
    commit = Commit(sha=sha.strip(), time=int(when or 0), subject=subject.strip()) if files else None
    return (commit, files) if commit else None, (parents.split() or [""])[0]


def _whole_log(folder: Path, head: str, prefix: str, memo: BlobMemo, blocks: BlockMemo) -> list[Logged]:
    """The whole first-parent line up to `head`, as `_log` gives it, with every claim version it names parsed
    into `memo` on the way: the log is read as git writes it, each new version asked of `cat-file` at once
    and parsed as it comes, so that git's two processes and the parsing overlap."""
    commits: list[Logged] = []
    with _started(folder, *_LOG, head) as log, _started(folder, "cat-file", "--batch", stdin=True) as cat:
        if not (log.stdout and cat.stdin and cat.stdout):
            raise GitError("git gave no output to read")
        reading, asking, answers = log.stdout.fileno(), cat.stdin, cat.stdout
        failed: list[BaseException] = []

        def ask() -> None:  # in a thread of its own: reads the log, asks for each version it names
            asked: set[str] = set()
            pending = b""
            try:  # a last separator ends the last record
                for chunk in itertools.chain(iter(lambda: os.read(reading, 1 << 16), b""), [b"\x01"]):
                    *records, pending = (pending + chunk).split(b"\x01")
                    wanted = []
                    for logged, _ in (_record(record, prefix) for record in records if record):
                        if logged:
                            commits.append(logged)
                            wanted += [new for path, _, new in logged[1]
                                       if new and claim_id_of(path) and new not in memo and new not in asked]
                            asked.update(wanted)
                    if wanted:
                        asking.write("".join(f"{sha}\n" for sha in wanted).encode("ascii"))
                        asking.flush()
            except BaseException as error:  # noqa: BLE001 - raised by the thread that waits for this one
                failed.append(error)
            finally:
                with contextlib.suppress(OSError):
                    asking.close()

        asker = threading.Thread(target=ask, name="history-log", daemon=True)
        asker.start()
        try:
            while header := answers.readline():
                sha, kind, size = (header.decode("ascii", "replace").split() + ["", ""])[:3]
                if kind != "blob":
                    memo[sha] = None  # "<sha> missing": nothing follows
                    continue
                data = answers.read(int(size) + 1)[:-1]
                try:
                    memo[sha] = parse_claim(data.decode("utf-8"), blocks)
                except UnicodeDecodeError:
                    memo[sha] = None
        finally:
            asker.join()
        if failed:
            raise GitError(f"git's log could not be read ({failed[0]})")
    commits.reverse()
    return commits


def cat_blobs(folder: Path, blobs: list[str]) -> dict[str, bytes]:
    """Every blob's bytes, read with one `git cat-file --batch` (one that is not a blob: absent)."""
    unique = sorted({sha for sha in blobs if sha})
    if not unique:
        return {}
    out = git(folder, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in unique).encode("ascii"))
    found: dict[str, bytes] = {}
    at = 0
    for sha in unique:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<sha> missing": nothing follows
        size = int(header[2])
        found[sha] = out[at:at + size]
        at += size + 1
    return found


def _read_blobs(folder: Path, wanted: list[str], memo: BlobMemo, blocks: BlockMemo) -> None:
    """Parse every blob in `wanted` that `memo` lacks."""
    blobs = cat_blobs(folder, [sha for sha in wanted if sha not in memo])
    for sha in {sha for sha in wanted if sha and sha not in memo}:
        try:
            memo[sha] = parse_claim(blobs[sha].decode("utf-8"), blocks) if sha in blobs else None
        except UnicodeDecodeError:
            memo[sha] = None


def _replay(folder: Path, commits: list[Logged], memo: BlobMemo, blocks: BlockMemo,
            state: dict[str, str]) -> tuple[list[Change], dict[str, str]]:
    """Walk the commits oldest first from `state` (each claim's last readable version, by blob id), keeping
    each claim's last readable version, and record every change; the changes and the state they end in."""
    # The new side of each change, and where the walk starts, the versions it changes: every other old side is
    # a version the walk has read already.
    touched = {claim_id_of(path) for _, files in commits for path, _, _ in files}
    _read_blobs(folder, [new for _, files in commits for path, _, new in files if claim_id_of(path)]
                + [blob for claim, blob in state.items() if claim in touched], memo, blocks)
    changes: list[Change] = []
    for commit, files in commits:
        for path, _, new in sorted(files):
            claim_id = claim_id_of(path)
            if claim_id is None:
                continue
            after = memo.get(new) if new else None
            if new and after is None:
                continue  # an unreadable version: the claim stays as it last was readable
            change = compare(claim_id, commit, memo.get(state[claim_id]) if claim_id in state else None, after)
            if change is None:
                continue
            changes.append(change)
            if after is None:
                state.pop(claim_id, None)
            else:
                state[claim_id] = new
    return changes, state


def _main(argv: list[str]) -> int:
    """`python -m annotator.history FOLDER COMMIT PREFIX`: the whole history at COMMIT, replayed, as the JSON
    of its snapshot (what `_read_elsewhere` asks of another process)."""
    if len(argv) != 3:
        print("usage: python -m annotator.history FOLDER COMMIT PREFIX", file=sys.stderr)
        return 2
    with contextlib.suppress(AttributeError, OSError):  # no os.nice on Windows
        os.nice(NICENESS)
    try:
        snapshot = _whole(Path(argv[0]), argv[1], argv[2], HistoryCache())
    except GitError as error:
        print(error, file=sys.stderr)
        return 1
    sys.stdout.buffer.write(_snapshot_json(snapshot).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
