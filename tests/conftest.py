"""Fixtures only (what tests share lives in helpers.py), and the `--update-golden` flag."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from helpers import FIXTURES, LAUNCH_ARGS, ROOT, chromium_path, make_project, mkdocs_build, serve

if TYPE_CHECKING:
    from playwright.sync_api import Browser


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/ (and what tests/test_vocab.py derives from annotator/vocab.py) from "
                          "what the code produces now, instead of comparing; review the result with git diff")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, with its background networking off."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path(), args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real catalogue, built."""
    return mkdocs_build(make_project(tmp_path_factory.mktemp("real")))


@pytest.fixture(scope="session")
def second_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A second, unrelated essay and catalogue, built with the same code."""
    return mkdocs_build(make_project(tmp_path_factory.mktemp("second"), FIXTURES / "second"))


@pytest.fixture(scope="session")
def speech_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A text shaped unlike the first: a public-domain speech with no publisher, no URL, no thesis, no sources
    file and no glossary, dashes typed as `--`, opinions that are not rated, a claim nested in another."""
    return mkdocs_build(make_project(tmp_path_factory.mktemp("speech"), FIXTURES / "speech"))


@pytest.fixture(scope="session")
def base_url(real_site: Path) -> Iterator[str]:
    """The real site served under a project subpath, as GitHub Pages serves it."""
    with serve(real_site) as url:
        yield url


@pytest.fixture(scope="session")
def catalogue():
    """The real catalogue, checked."""
    from annotator import pipeline

    return pipeline.check(ROOT / "claims", root=ROOT).catalogue
