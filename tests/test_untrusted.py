"""Untrusted files: what a stranger's pull request commits can read, publish or exhaust nothing.

Each attack is committed into a temporary copy of the project that has a `.git/config` holding a
token, as the checkout action leaves it. `build_claims.py check`, `build_claims.py build` and
`mkdocs build --strict` must each fail with the one expected `path:line:col` line, print no
traceback, write no file anywhere, and the token must appear in no output.
"""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import FIXTURES, make_project, missing_tool

from annotator.files import NotRegular, TooLarge, read_regular
from annotator.write import WriteError, write_files, write_tree

SECRET = "ghs_SECRETTOKENdo0not0publish"  # noqa: S105 - the token an attack would publish
GIT_CONFIG = f'[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic {SECRET}\n'
LINK = "this is a symbolic link, not a regular file, so it is not read or published; " \
       "put the file itself there instead of a link (file-type)"
LINKED_FOLDER = "this folder is a symbolic link, so nothing in it is read or published; " \
                "put the folder itself there instead of a link (file-type)"


def link(path: Path, target: str | Path) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.symlink_to(target)


def fifo(path: Path) -> None:
    path.unlink()
    os.mkfifo(path)


def unix_socket(path: Path) -> None:
    path.unlink()
    with socket.socket(socket.AF_UNIX) as s:
        s.bind(str(path))


def device(path: Path) -> None:
    path.unlink()
    try:
        os.mknod(path, 0o644 | stat.S_IFCHR, os.makedev(1, 5))  # what /dev/zero is
    except PermissionError:
        missing_tool("making a device node needs root (CI runs as root)")


def linked_docs(project: Path) -> None:
    (project / "docs").rename(project.parent / "real-docs")
    link(project / "docs", project.parent / "real-docs")


def linked_claims(project: Path) -> None:
    (project / "claims").rename(project.parent / "real-claims")
    link(project / "claims", project.parent / "real-claims")


#: name → (what the attacker commits, the one line every command must print)
ATTACKS: dict[str, tuple[Callable[[Path], None], str]] = {
    "essay-to-a-file-outside": (lambda p: link(p / "claims/essay.txt", p.parent / "outside/secret.txt"),
                                f"claims/essay.txt:1:1: error: {LINK}"),
    "essay-to-git-config": (lambda p: link(p / "claims/essay.txt", "../.git/config"),
                            f"claims/essay.txt:1:1: error: {LINK}"),
    "claim-to-git-config": (lambda p: link(p / "claims/trees-cool.yml", "../.git/config"),
                            f"claims/trees-cool.yml:1:1: error: {LINK}"),
    "sources-to-git-config": (lambda p: link(p / "claims/sources.yml", "../.git/config"),
                              f"claims/sources.yml:1:1: error: {LINK}"),
    "essay-to-dev-zero": (lambda p: link(p / "claims/essay.txt", "/dev/zero"),
                          f"claims/essay.txt:1:1: error: {LINK}"),
    "claim-as-fifo": (lambda p: fifo(p / "claims/trees-cool.yml"),
                      "claims/trees-cool.yml:1:1: error: this is a FIFO, not a regular file, so it is not read or "
                      "published; remove it (file-type)"),
    "essay-as-socket": (lambda p: unix_socket(p / "claims/essay.txt"),
                        "claims/essay.txt:1:1: error: this is a socket, not a regular file, so it is not read or "
                        "published; remove it (file-type)"),
    "essay-as-device": (lambda p: device(p / "claims/essay.txt"),
                        "claims/essay.txt:1:1: error: this is a device, not a regular file, so it is not read or "
                        "published; remove it (file-type)"),
    "a-link-with-another-name": (lambda p: link(p / "claims/notes.txt", "../.git/config"),
                                 f"claims/notes.txt:1:1: error: {LINK}"),
    "linked-subfolder-of-claims": (lambda p: link(p / "claims/more", p.parent / "outside"),
                                   f"claims/more:1:1: error: {LINKED_FOLDER}"),
    "linked-claims-folder": (linked_claims, f"claims:1:1: error: {LINKED_FOLDER}"),
    "linked-generated-folder": (lambda p: link(p / "docs/essay", p.parent / "outside"),
                                f"docs/essay:1:1: error: {LINKED_FOLDER}"),
    "linked-docs-folder": (linked_docs, f"docs:1:1: error: {LINKED_FOLDER}"),
    "link-under-docs": (lambda p: link(p / "docs/assets/theme.css", "../../.git/config"),
                        f"docs/assets/theme.css:1:1: error: {LINK}"),
    "link-in-the-theme-overrides": (lambda p: link(p / "docs/overrides/main.html", "../../.git/config"),
                                    f"docs/overrides/main.html:1:1: error: {LINK}"),
}

COMMANDS = {
    "check": [sys.executable, "build_claims.py", "check"],
    "build": [sys.executable, "build_claims.py", "build"],
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
}
ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "NO_MKDOCS_2_WARNING": "1"}


def snapshot(folder: Path) -> dict[str, tuple[int, int, int]]:
    """Every entry under `folder` (links not followed): its type and size, and for files when last changed."""
    found = {}
    for where, folders, names in os.walk(folder):
        for name in (*folders, *names):
            info = os.lstat(os.path.join(where, name))
            found[os.path.relpath(os.path.join(where, name), folder)] = (
                stat.S_IFMT(info.st_mode), info.st_size if stat.S_ISREG(info.st_mode) else 0,
                info.st_mtime_ns if stat.S_ISREG(info.st_mode) else 0)
    return found


def regular_files(folder: Path) -> list[Path]:
    return [Path(where, name) for where, _, names in os.walk(folder) for name in names
            if stat.S_ISREG(os.lstat(os.path.join(where, name)).st_mode)]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the small second catalogue, and the CI checkout's `.git/config` beside it."""
    where = tmp_path_factory.mktemp("pristine")
    project = make_project(where, FIXTURES / "second")
    (project / ".git").mkdir()
    (project / ".git" / "config").write_text(GIT_CONFIG, encoding="utf-8")
    outside = where / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Why Cities Should Plant More Trees\n\n{SECRET}\n", encoding="utf-8")
    return where


def copied(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine, tmp_path, symlinks=True, dirs_exist_ok=True)
    return tmp_path / "project"


def attacked(pristine: Path, tmp_path: Path, name: str) -> Path:
    project = copied(pristine, tmp_path)
    ATTACKS[name][0](project)
    return project


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("name", ATTACKS)
def test_an_attack_is_one_error_and_nothing_is_read_or_written(pristine: Path, tmp_path: Path, name: str,
                                                               command: str) -> None:
    project = attacked(pristine, tmp_path, name)
    before = snapshot(tmp_path)
    run = subprocess.run(COMMANDS[command], cwd=project, capture_output=True, text=True, env=ENV, timeout=60,
                         stdin=subprocess.DEVNULL)
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    assert SECRET not in output
    expected = ATTACKS[name][1]
    if command == "mkdocs":
        assert f"ERROR   -  {expected}\n" in run.stderr, run.stderr
    else:
        assert run.stdout.splitlines() == [expected, "1 error, 0 warnings"], run.stdout
    assert snapshot(tmp_path) == before, "a command wrote a file"


@pytest.mark.parametrize("name", ["essay-to-git-config", "claim-to-git-config", "link-under-docs",
                                  "essay-to-a-file-outside"])
def test_the_secret_reaches_no_output_of_a_build_after_the_link_is_gone(pristine: Path, tmp_path: Path,
                                                                        name: str) -> None:
    """The attack fails; the same project with the link replaced by an ordinary file then builds, and no file
    it wrote holds the token (nothing was cached from the failed run)."""
    project = attacked(pristine, tmp_path, name)
    subprocess.run(COMMANDS["mkdocs"], cwd=project, capture_output=True, env=ENV, timeout=60, check=False)
    for path in regular_files(tmp_path):
        if path not in (project / ".git" / "config", tmp_path / "outside" / "secret.txt"):
            assert SECRET.encode() not in path.read_bytes(), path


def test_a_linked_site_folder_is_refused_by_the_hook(pristine: Path, tmp_path: Path) -> None:
    """MkDocs empties and fills its site folder: through a link, that would be any folder on the machine."""
    project = copied(pristine, tmp_path)
    link(project / "site", "../outside")
    before = snapshot(tmp_path)
    run = subprocess.run(COMMANDS["mkdocs"], cwd=project, capture_output=True, text=True, env=ENV, timeout=60)
    assert run.returncode != 0 and "Traceback" not in run.stderr, run.stderr
    assert "site is a symbolic link; remove it" in run.stderr, run.stderr
    assert snapshot(tmp_path) == before


# --- the pieces ----------------------------------------------------------------------------------


def test_reads_are_bounded_by_the_bytes_read_not_by_stat() -> None:
    """A /proc file is a regular file whose `st_size` is 0, whatever it holds."""
    status = Path("/proc/self/status")
    assert status.stat().st_size == 0
    with pytest.raises(TooLarge):
        read_regular(status, 10)
    assert len(read_regular(status, 1_000_000)) > 10


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    started = time.monotonic()
    with pytest.raises(NotRegular, match="a FIFO"):
        read_regular(tmp_path / "pipe", 100)
    assert time.monotonic() - started < 1


@pytest.mark.parametrize("target", ["/dev/zero", "real.txt"])
def test_a_link_is_never_followed(tmp_path: Path, target: str) -> None:
    (tmp_path / "real.txt").write_text("x")
    (tmp_path / "link").symlink_to(target)
    with pytest.raises(NotRegular, match="a symbolic link"):
        read_regular(tmp_path / "link", 100)


@pytest.mark.parametrize("linked", ["docs/essay", "docs"])
def test_the_write_stage_never_writes_through_a_linked_folder(tmp_path: Path, linked: str) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "project" / "docs").mkdir(parents=True)
    if linked == "docs":
        (tmp_path / "project" / "docs").rmdir()
    (tmp_path / "project" / linked).symlink_to(elsewhere)
    docs = tmp_path / "project" / "docs"
    with pytest.raises(WriteError, match="is a symbolic link"):
        write_tree(docs / "essay", {"index.md": "x"}, root=tmp_path / "project")
    with pytest.raises(WriteError, match="is a symbolic link"):
        write_files(docs, {"claims.json": "{}"}, root=tmp_path / "project") if linked == "docs" else \
            write_files(docs / "essay", {"claims.json": "{}"}, root=tmp_path / "project")
    assert list(elsewhere.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere", "project"]


def test_a_link_where_an_export_goes_is_replaced_not_written_through(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text(SECRET)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "claims.json").symlink_to(tmp_path / "secret")
    assert write_files(docs, {"claims.json": "{}"}, root=tmp_path) == ["claims.json"]
    assert not (docs / "claims.json").is_symlink() and (docs / "claims.json").read_text() == "{}"
    assert (tmp_path / "secret").read_text() == SECRET


def test_an_export_is_readable_like_any_file_the_user_writes(tmp_path: Path) -> None:
    """Not the owner-only mode of a temporary file: a web server serving docs/ must be able to read it."""
    mask = os.umask(0o022)
    try:
        write_files(tmp_path, {"claims.json": "{}"}, root=tmp_path)
        (tmp_path / "by-hand.txt").write_text("")
    finally:
        os.umask(mask)
    def mode(name: str) -> int:
        return stat.S_IMODE((tmp_path / name).stat().st_mode)

    assert mode("claims.json") == 0o644 == mode("by-hand.txt")


def test_a_link_inside_a_generated_folder_is_replaced_by_the_page(tmp_path: Path) -> None:
    (tmp_path / "secret").write_text("same")
    write_tree(tmp_path / "essay", {"a.md": "same"}, root=tmp_path)
    (tmp_path / "essay" / "a.md").unlink()
    (tmp_path / "essay" / "a.md").symlink_to(tmp_path / "secret")
    assert write_tree(tmp_path / "essay", {"a.md": "same"}, root=tmp_path) == ["a.md"]
    assert not (tmp_path / "essay" / "a.md").is_symlink()
