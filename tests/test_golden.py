"""Golden files: the exact output of `check` for broken catalogues, and a few generated pages, kept in
tests/golden/ so that a change to either shows as a diff in review. `pytest --update-golden` rewrites
them from what the code produces now."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from check_cases import CASES, EXACT, edit
from helpers import FIXTURES, ROOT, matches_golden

import build_claims
from annotator import pipeline
from annotator.pages import CLAIMS, ESSAY, HOME, MAP, METHODOLOGY, SOURCES, STYLES, claim_page, topic_page
from annotator.render import render

#: Generated pages of the second fixture worth reading as a diff: one of each kind.
PAGES = [ESSAY, claim_page("trees-cool"), CLAIMS, topic_page("climate"), SOURCES, MAP, HOME, METHODOLOGY, STYLES]


def check_output(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                 change) -> str:
    shutil.copytree(FIXTURES / "second", tmp_path / "claims")
    change(tmp_path / "claims")
    monkeypatch.chdir(tmp_path)
    code = build_claims.main(["check", "--claims", "claims", "--docs", "docs"])
    return f"$ build_claims.py check  # exit {code}\n" + capsys.readouterr().out


CHANGES = {f"{rule}-{i}": (lambda c, f=file, o=old, n=new: edit(c, f, o, n))
           for i, (file, old, new, rule, *_) in enumerate(CASES)}
CHANGES.update({re.sub(r"[^a-z0-9]+", "-", case.lower()).strip("-"): change for case, change, _ in EXACT})


@pytest.mark.parametrize("case", CHANGES)
def test_check_output(tmp_path: Path, capsys, monkeypatch, update_golden: bool, case: str) -> None:
    matches_golden(f"check/{case}.txt", check_output(tmp_path, capsys, monkeypatch, CHANGES[case]), update_golden)


@pytest.mark.parametrize("page", PAGES)
def test_generated_page(page: str, update_golden: bool) -> None:
    catalogue = pipeline.check(FIXTURES / "second", root=ROOT).catalogue
    assert catalogue is not None
    matches_golden(f"pages/{page.removesuffix('/index.md').replace('/', '--')}", render(catalogue)[page], update_golden)
