"""One site on every engine: MkDocs (the default), ProperDocs (the maintained fork of MkDocs 1.x) and Zensical
(Material's successor, which runs no hooks and so builds what `build_claims.py build` writes). Each builds
the real catalogue in a copy of the project; a crawl under a project subpath finds every claim page, no
broken link and no missing anchor, and the engines publish the same set of pages.

ProperDocs and Zensical live in virtual environments of their own (.venv-properdocs, .venv-zensical), which
`make test` makes from requirements-properdocs.txt and requirements-zensical.txt; a missing one fails in CI.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, crawl, make_project, missing_tool, mkdocs_env

from annotator import pipeline

ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", "site"],
    "properdocs": [str(ROOT / ".venv-properdocs" / "bin" / "properdocs"), "build", "--strict", "-f", "mkdocs.yml",
                   "-d", "site"],
    "zensical": [str(ROOT / ".venv-zensical" / "bin" / "zensical"), "build", "-f", "mkdocs.yml"],
}
NEEDS_PAGES_ON_DISK = {"zensical"}  #: engines that run no hooks


def build_with(engine: str, where: Path) -> Path:
    command = ENGINES[engine]
    if not Path(command[0]).is_file():
        missing_tool(f"{engine} is not installed in {Path(command[0]).parent.parent.name}: run `make test` "
                     f"(it installs requirements-{engine}.txt there)")
    project = make_project(where)
    if engine in NEEDS_PAGES_ON_DISK:
        pages = subprocess.run([sys.executable, "build_claims.py", "build"], cwd=project, capture_output=True,
                               text=True, env=mkdocs_env(), timeout=120)
        assert pages.returncode == 0, pages.stdout + pages.stderr
    run = subprocess.run(command, cwd=project, capture_output=True, text=True, env=mkdocs_env(), timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "WARNING" not in run.stderr and "Traceback" not in run.stderr, run.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return {engine: build_with(engine, tmp_path_factory.mktemp(engine)) for engine in ENGINES}


@pytest.fixture(scope="module")
def crawls(sites: dict[str, Path]) -> dict:
    return {engine: crawl(site, prefix="owner-repo") for engine, site in sites.items()}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_included_snippets_reach_the_pages(sites: dict[str, Path], engine: str) -> None:
    """The home and methodology pages include generated snippets (the summary, the verdict table)."""
    assert "The essay&rsquo;s thesis" in (sites[engine] / "index.html").read_text(encoding="utf-8") or \
        "The essay's thesis" in (sites[engine] / "index.html").read_text(encoding="utf-8")
    assert "mostly-supported" in (sites[engine] / "methodology" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("engine", ENGINES)
def test_every_page_every_link_every_anchor(crawls: dict, engine: str) -> None:
    found = crawls[engine]
    assert found.broken == [], "\n".join(found.broken[:20])
    catalogue = pipeline.check(ROOT / "claims", root=ROOT).catalogue
    assert catalogue is not None
    missing = [c.id for c in catalogue.claims if f"essay/claims/{c.id}/" not in found.pages]
    assert missing == [], f"{engine} has no page for {missing}"
    assert found.anchors > 50


@pytest.mark.parametrize("engine", [e for e in ENGINES if e != "mkdocs"])
def test_the_same_pages_as_mkdocs(crawls: dict, engine: str) -> None:
    assert sorted(crawls[engine].pages) == sorted(crawls["mkdocs"].pages)
