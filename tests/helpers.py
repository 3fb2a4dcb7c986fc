"""What the tests share: project copies built with the real MkDocs, Chromium, serving a site, golden files.

Test modules import from here (`from helpers import …`); conftest.py holds only fixtures.
"""

from __future__ import annotations

import contextlib
import difflib
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import NoReturn
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
sys.path.insert(0, str(ROOT))


def missing_tool(message: str) -> NoReturn:
    """A tool some tests need is not installed: fail in CI (CI=true), elsewhere skip with the reason."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
               "--disable-background-networking", "--disable-component-update", "--disable-default-apps",
               "--disable-features=Translate,OptimizationHints,MediaRouter"]


def chromium_path() -> str:
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        missing_tool("No Chromium found. Install Debian's package (apt-get install chromium), "
                     "or set CHROMIUM=/path/to/chromium; the browser tests never download a browser.")
    return found


def make_project(where: Path, catalogue: Path | None = None) -> Path:
    """A copy of the project's site sources in `where`, with `catalogue` (default: the real one) as claims/."""
    project = where / "project"
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=shutil.ignore_patterns("essay", ".essay.*"))
    shutil.copytree(ROOT / "annotator", project / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(catalogue or ROOT / "claims", project / "claims")
    for name in ("mkdocs.yml", "build_claims.py"):
        shutil.copy2(ROOT / name, project / name)
    return project


#: What mkdocs.yml reads from the environment: the tests set them where they mean to, never by accident.
SITE_ENV = ("SITE_URL", "REPO_URL", "EDIT_URI")


def mkdocs_env() -> dict[str, str]:
    """The environment MkDocs runs in for the tests (without its advertisement for MkDocs 2, and without
    the settings mkdocs.yml reads from the environment)."""
    return {**{k: v for k, v in os.environ.items() if k not in SITE_ENV}, "NO_MKDOCS_2_WARNING": "1"}


def mkdocs_build(project: Path, *extra: str, env: dict[str, str] | None = None) -> Path:
    """`mkdocs build --strict` in `project` (with `env` added to the environment: SITE_URL, REPO_URL, …);
    fails the test with MkDocs' output if it fails or warns."""
    site = project / "site"
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site), *extra],
                         cwd=project, capture_output=True, text=True, env={**mkdocs_env(), **(env or {})})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr, run.stderr
    return site


@contextlib.contextmanager
def serve(site: Path, prefix: str = "repo") -> Iterator[str]:
    """Serve `site` at http://127.0.0.1:PORT/<prefix>/, as GitHub Pages serves a project site."""
    root = site.parent / f"{site.name}-served"
    root.mkdir(exist_ok=True)
    if not (root / prefix).exists():
        (root / prefix).symlink_to(site.resolve(), target_is_directory=True)

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
    finally:
        server.shutdown()
        server.server_close()


def matches_golden(name: str, actual: str, update: bool) -> None:
    """`actual` is what tests/golden/`name` holds; with `pytest --update-golden`, it becomes what it holds.
    A difference fails with a unified diff, to review as one would review the change."""
    path = GOLDEN / name
    if update:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"tests/golden/{name} is missing: run `pytest --update-golden` and review it"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                            f"tests/golden/{name}", "what the code produces now"))
        pytest.fail(f"tests/golden/{name} differs (if the change is meant, run `pytest --update-golden` and "
                    f"review the diff):\n{diff}", pytrace=False)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(values[name] or "")


@dataclass
class Crawl:
    """What a crawl of a served site found, from its base URL."""

    pages: dict[str, set[str]] = field(default_factory=dict)  #: HTML page path (from the base) → its ids
    broken: list[str] = field(default_factory=list)  #: "page → link: why"
    anchors: int = 0  #: links to an anchor on a page that were checked


def crawl(site: Path, prefix: str = "repo") -> Crawl:
    """Follow every link from the home page of `site` served under /<prefix>/, as GitHub Pages serves a
    project site: every page reachable, every link inside the project path, every anchor present."""
    found = Crawl()
    anchors: list[tuple[str, str, str]] = []
    with serve(site, prefix=prefix) as base:
        queue, seen = [base], {base}
        while queue:
            url = queue.pop()
            try:
                with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback only
                    body, kind = response.read(), response.headers.get_content_type()
            except HTTPError as error:
                found.broken.append(f"{url}: HTTP {error.code}")
                continue
            if kind != "text/html":
                continue
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            found.pages[url.removeprefix(base)] = parser.ids
            for link in parser.links:
                target, fragment = urldefrag(urljoin(url, link))
                if urlsplit(target).netloc != urlsplit(base).netloc:
                    continue
                if not target.startswith(base):
                    found.broken.append(f"{url} → {link}: outside the project path")
                    continue
                if fragment and not fragment.startswith(":~:"):
                    anchors.append((url, target.removeprefix(base), fragment))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    for source, target, fragment in anchors:
        if target in found.pages and fragment not in found.pages[target]:
            found.broken.append(f"{source} → {target}#{fragment}: no such anchor")
    found.anchors = len(anchors)
    return found


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get_text(url: str, timeout: float = 5) -> str:
    """The body of a page on this machine, as text."""
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback only
        return str(response.read().decode("utf-8"))
