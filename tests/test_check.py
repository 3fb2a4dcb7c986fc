"""`build_claims.py check`: one line per problem, in yamllint's shape, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from check_cases import CASES, EXACT, edit
from helpers import FIXTURES, ROOT

import build_claims
from annotator.problems import RULES

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<level>error|warning): .+ \((?P<rule>[a-z-]+)\)$")


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", folder)
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = build_claims.main(list(argv))
    out = capsys.readouterr()
    return code, (out.out + out.err).splitlines()


def check(capsys, folder: Path) -> tuple[int, list[str]]:
    return run(capsys, "check", "--claims", str(folder))


def test_the_real_catalogue_is_clean(capsys) -> None:
    code, lines = check(capsys, ROOT / "claims")
    assert code == 0, lines
    assert lines[-1].startswith("ok: ")


@pytest.mark.parametrize(("file", "old", "new", "rule", "line", "fragment"), CASES,
                         ids=[f"{c[3]}-{i}" for i, c in enumerate(CASES)])
def test_each_rule_names_file_line_and_fix(capsys, catalogue: Path, file, old, new, rule, line, fragment) -> None:
    edit(catalogue, file, old, new)
    code, lines = check(capsys, catalogue)
    assert code == 1
    problems = [LINE.match(x) for x in lines[:-1]]
    assert all(problems), lines
    found = [m for m in problems if m.group("rule") == rule]
    assert found, lines
    assert found[0].group("path").endswith(f"claims/{file}")
    assert int(found[0].group("line")) == line, lines
    assert fragment in found[0].group(0)
    assert re.match(r"\d+ errors?, \d+ warnings?$", lines[-1])


def test_every_problem_in_one_run(capsys, catalogue: Path) -> None:
    edit(catalogue, "trees-cool.yml", "verdict: supported", "verdict: suported")
    edit(catalogue, "clean-air.yml", "summary: Trees", "sumary: Trees")
    edit(catalogue, "maintenance.yml", "claim: trees-pay", "claim: nowhere")
    code, lines = check(capsys, catalogue)
    assert code == 1
    assert {LINE.match(x).group("rule") for x in lines[:-1]} == {"enum", "unknown-field", "required", "reference"}
    assert lines[-1] == "4 errors, 0 warnings"


def test_unused_source_is_a_warning(capsys, catalogue: Path) -> None:
    with (catalogue / "sources.yml").open("a", encoding="utf-8") as out:
        out.write("- id: lonely\n  title: T\n  publisher: P\n  url: https://example.org/x\n  kind: data\n")
    code, lines = check(capsys, catalogue)
    assert code == 0
    assert re.search(r"sources\.yml:13:3: warning: source `lonely` is cited by no claim", lines[0])
    assert run(capsys, "check", "--strict", "--claims", str(catalogue))[0] == 2


def test_missing_essay_file(capsys, catalogue: Path) -> None:
    (catalogue / "essay.txt").unlink()
    code, lines = check(capsys, catalogue)
    assert code == 1 and "essay.txt:1:1: error: missing" in lines[0]


def test_rules_are_listed(capsys) -> None:
    code, lines = run(capsys, "rules")
    assert code == 0 and [line.split()[0] for line in lines] == sorted(RULES)


def test_help(capsys) -> None:
    with pytest.raises(SystemExit) as exit_:
        build_claims.main(["--help"])
    assert exit_.value.code == 0
    assert "check" in capsys.readouterr().out


def only_rules(lines: list[str]) -> list[str]:
    return [LINE.match(x).group("rule") for x in lines[:-1]]


def test_a_broken_file_is_one_error_not_a_cascade(capsys, catalogue: Path) -> None:
    edit(catalogue, "sources.yml", "title: Street trees and urban heat", "title: \"Street trees and urban heat")
    edit(catalogue, "trees-pay.yml", "kind: prediction", "kind: prediction\n\tbad: tab")
    code, lines = check(capsys, catalogue)
    assert code == 1
    assert only_rules(lines) == ["syntax", "syntax"], lines


@pytest.mark.parametrize("name", ["drafts/extra.yml", "extra.yaml", "extra.YML"])
def test_files_the_catalogue_does_not_read_are_reported(capsys, catalogue: Path, name: str) -> None:
    (catalogue / name).parent.mkdir(exist_ok=True)
    shutil.copy(catalogue / "trees-cool.yml", catalogue / name)
    code, lines = check(capsys, catalogue)
    assert code == 1 and only_rules(lines) == ["stray-file"] and name in lines[0]


def test_an_empty_claim_file_says_so(capsys, catalogue: Path) -> None:
    (catalogue / "new-claim.yml").write_text("# to do\n")
    code, lines = check(capsys, catalogue)
    assert code == 1 and "new-claim.yml:1:1: error: the file is empty" in lines[0]


def test_a_comment_that_cuts_text_short_is_a_warning(capsys, catalogue: Path) -> None:
    edit(catalogue, "trees-cool.yml", "summary: Trees lower street temperatures in summer.",
         "summary: Trees lower street #1 temperatures in summer.")
    edit(catalogue, "trees-cool.yml", "kind: fact", "kind: fact  # a comment after a vocabulary word is fine")
    code, lines = check(capsys, catalogue)
    assert code == 0
    assert only_rules(lines) == ["comment-cut"] and "trees-cool.yml:3:10: warning:" in lines[0]


@pytest.mark.parametrize(("case", "change", "expected"), EXACT, ids=[c[0] for c in EXACT])
def test_one_fault_one_message(capsys, catalogue: Path, monkeypatch, case: str, change, expected: list[str]) -> None:
    monkeypatch.chdir(catalogue.parent)
    change(catalogue)
    code, lines = run(capsys, "check", "--claims", "claims")
    assert code == 1
    assert lines == [*expected, f"{len(expected)} error{'s' if len(expected) > 1 else ''}, 0 warnings"]
