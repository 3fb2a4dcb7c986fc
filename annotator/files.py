"""Untrusted files: what a pull request commits is read only if it is a regular file, and never past a limit.

A symbolic link in a checkout can point at anything on the machine (the CI job's `.git/config`, a
device), so nothing here follows one: every file is opened with `O_NOFOLLOW` (and `O_NONBLOCK`, so
a FIFO cannot stall the run), checked with `fstat` to be a regular file, and read in chunks until
the limit, counting the bytes actually read rather than trusting what `stat` says (a /proc file or a
device reports a size of 0).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CHUNK = 1 << 16


class NotRegular(OSError):
    """The path is a symbolic link, a device, a FIFO, a socket or a folder: `what` says which."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


class TooLarge(OSError):
    """The file holds more than the limit."""


def kind(mode: int) -> str:
    """What a file of this `st_mode` is, in words ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    for test, what in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device")):
        if test(mode):
            return what
    return "not a regular file"


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them.

    Raises NotRegular when `path` (the last component) is anything but a regular file, TooLarge when it
    holds more than `limit` bytes, and FileNotFoundError or another OSError as the system does.
    """
    what = kind(os.lstat(path).st_mode)  # before opening: opening a device can itself do something
    if what:
        raise NotRegular(what)
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        if _NOFOLLOW and error.errno == getattr(os, "ELOOP", None):  # O_NOFOLLOW on a link
            raise NotRegular("a symbolic link") from None
        raise
    try:
        what = kind(os.fstat(fd).st_mode)  # again: the path may have changed since lstat
        if what:
            raise NotRegular(what)
        chunks: list[bytes] = []
        size = 0
        while size <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - size))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            size += len(chunk)
        raise TooLarge(f"more than {limit:,} bytes")
    finally:
        os.close(fd)


def irregular(folder: Path, skip: frozenset[Path] = frozenset()) -> list[tuple[Path, str]]:
    """Everything at or under `folder` that is neither a regular file nor a real folder, with what it is;
    sorted. Links are reported, never followed; the folders in `skip` are looked at but not entered (the
    generated folder: nothing in it is read or published but what the tool writes). A missing folder
    holds nothing."""
    try:
        what = kind(os.lstat(folder).st_mode)
    except FileNotFoundError:
        return []
    if what != "a folder":
        return [(folder, what or "a file where a folder belongs")]
    found: list[tuple[Path, str]] = []
    pending = [str(folder)]
    while pending:
        try:
            entries = list(os.scandir(pending.pop()))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if Path(entry.path) not in skip:
                    pending.append(entry.path)
            elif not entry.is_file(follow_symlinks=False):
                try:
                    found.append((Path(entry.path), kind(entry.stat(follow_symlinks=False).st_mode)))
                except FileNotFoundError:
                    continue
    return sorted(found)


def linked_parent(path: Path, root: Path) -> Path | None:
    """The first of `path` and its parents below `root` that is a symbolic link, if any. When `path` is not
    under `root`, only `path` and its own parent are looked at."""
    path, root = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    if path.is_relative_to(root):
        parts = path.relative_to(root).parts
        chain = [root.joinpath(*parts[:n]) for n in range(1, len(parts) + 1)]
    else:
        chain = [path.parent, path]
    return next((p for p in chain if p.is_symlink()), None)
