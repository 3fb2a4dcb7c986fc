"""`build_claims.py check`: one line per problem, in yamllint's shape, never a traceback."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT

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


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    # (file, old text, new text, rule, line, message fragment)
    ("trees-cool.yml", "kind: fact", "kind: fact\nkind: fact", "duplicate-key", 5, "duplicate key `kind`"),
    ("trees-cool.yml", "summary: Trees", "sumary: Trees", "unknown-field", 3, "did you mean `summary`?"),
    ("trees-cool.yml", "verdict: supported", "verdict: suported", "enum", 6, "did you mean `supported`?"),
    ("trees-cool.yml", "rationale: The study measured it.", "rationale: no", "type", 7, "unquoted `no`"),
    ("trees-cool.yml", "id: trees-cool", "id: trees-warm", "file-id", 1, "differs from the file name"),
    ("trees-cool.yml", "topics: [climate]", "topics: [climat]", "reference", 5, "did you mean `climate`?"),
    ("trees-cool.yml", "claim: trees-pay", "claim: trees-cool", "self-relation", 13, "related to itself"),
    ("trees-cool.yml", "source: heat-study", "source: heat", "reference", 9, "source `heat` does not exist"),
    ("trees-cool.yml", "reviewed: \"2024-06-01\"", "reviewed: 2024-13-01", "format", 14, "not a date"),
    ("trees-cool.yml", "in summer.", "in winter.", "quote-anchor", 2, "closest passage"),
    ("cool-streets.yml", "prefix: \"Trees cool streets by several degrees in summer. Trees\"\n", "",
     "quote-ambiguous", 2, "occurs 2 times"),
    ("green-budget.yml", "quote: \"The city's \\\"green budget\\\" is small.\"",
     "quote: \"is small. Every tree planted\"", "quote-span", 2, "across a paragraph break"),
    ("sources.yml", "https://example.org/heat-study", "javascript:alert(1)", "format", 5, "http:// or https:// URL"),
    ("trees-cool.yml", "kind: fact", "kind: &k fact", "alias", 4, "anchors and aliases"),
    ("trees-cool.yml", "kind: fact", "kind: [fact", "syntax", 5, "YAML syntax"),
    ("trees-cool.yml", "summary: Trees lower street temperatures in summer.\n", "", "required", 1,
     "missing required field `summary`"),
    ("essay.yml", "url: https://example.org/essays/trees", "url: https://exa mple.org", "format", 5, "URL"),
    ("trees-cool.yml", "summary: Trees lower street temperatures in summer.", "summary: 1984", "type", 3,
     "unquoted `1984`"),
    ("topics.yml", "- id: money", "- id: climate", "duplicate-id", 4, "topic id `climate` is used already"),
    ("sources.yml", "date: \"2024-01-15\"", "date: \"2024-02-30\"", "format", 10, "not a calendar date"),
    ("trees-cool.yml", "verdict: supported", "verdict: no", "enum", 6, "unquoted `no` as a boolean false"),
    ("trees-cool.yml", "summary: Trees lower", "summary: Note: Trees lower", "syntax", 3, "must be put in quotes"),
    ("trees-cool.yml", "reviewed: \"2024-06-01\"", "reviewed: \"2024-06-01", "syntax", 14, "not closed"),
    ("trees-cool.yml", "summary: Trees lower", "summary: Trees \u202elower", "format", 3, "text-direction"),
]


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


def write(folder: Path, name: str, content: str | bytes) -> None:
    (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


# One fault, one message, at its own line: the whole list of problems, exactly.
EXACT = [
    ("an empty bibliography", lambda c: write(c, "sources.yml", "[]\n"),
     ["claims/sources.yml:1:1: error: needs at least 1 item(s) (required)"]),
    ("an empty topic list", lambda c: write(c, "topics.yml", "[]\n"),
     ["claims/topics.yml:1:1: error: needs at least 1 item(s) (required)"]),
    ("a bad UTF-8 byte", lambda c: write(c, "clean-air.yml", (c / "clean-air.yml").read_bytes().replace(
        b"summary: Trees also", b"summary: Trees \xffalso")),
     ["claims/clean-air.yml:3:16: error: not UTF-8 text (byte 0xFF: invalid start byte); save the file as UTF-8 "
      "(syntax)"]),
    ("a bad UTF-8 byte after a byte-order mark and wide characters", lambda c: write(
        c, "essay.txt", b"\xef\xbb\xbf" + "Caf\u00e9 \u2014 \U0001F333 ok.\n\nSecond \u00e9".encode() + b"\xc3(x"),
     ["claims/essay.txt:3:9: error: not UTF-8 text (byte 0xC3: invalid continuation byte); save the file as UTF-8 "
      "(syntax)"]),
    ("a URL without a host", lambda c: edit(c, "sources.yml", "https://example.org/heat-study", "https:///no-host"),
     ["claims/sources.yml:5:8: error: `https:///no-host` is not a well-formed URL (format)"]),
    ("a null summary", lambda c: edit(c, "clean-air.yml", "summary: Trees also clean the air.", "summary: null"),
     ["claims/clean-air.yml:3:10: error: is empty; write the text (required)"]),
    ("an empty summary", lambda c: edit(c, "clean-air.yml", "summary: Trees also clean the air.", "summary:"),
     ["claims/clean-air.yml:3:9: error: is empty; write the text (required)"]),
    ("an empty verdict", lambda c: edit(c, "clean-air.yml", "verdict: partly-supported", "verdict: ~"),
     ["claims/clean-air.yml:6:10: error: is empty; write one of `supported`, `mostly-supported`, `partly-supported`, "
      "`disputed`, `misleading`, `unsupported`, `false`, `unverified` (required)"]),
    ("an invalid review date", lambda c: edit(c, "clean-air.yml", 'reviewed: "2024-06-01"', 'reviewed: "2024-02-30"'),
     ["claims/clean-air.yml:11:11: error: `2024-02-30` is not a calendar date (format)"]),
    ("an invalid publication date", lambda c: edit(c, "essay.yml", 'published: "2024-05-01"',
                                                  'published: "2023-02-29"'),
     ["claims/essay.yml:4:12: error: `2023-02-29` is not a calendar date (format)"]),
    ("a duplicate claim id, the copy sorting after the original",
     lambda c: edit(c, "cool-streets.yml", "id: cool-streets", "id: clean-air"),
     ["claims/cool-streets.yml:1:5: error: claim id `clean-air` is used already at claims/clean-air.yml:1:5; "
      "give each its own id (duplicate-id)",
      "claims/cool-streets.yml:1:5: error: id `clean-air` differs from the file name `cool-streets.yml`; "
      "make them the same (file-id)"]),
    ("a duplicate claim id, the copy sorting before the original",
     lambda c: edit(c, "clean-air.yml", "id: clean-air", "id: trees-pay"),
     ["claims/clean-air.yml:1:5: error: claim id `trees-pay` is used already at claims/trees-pay.yml:1:5; "
      "give each its own id (duplicate-id)",
      "claims/clean-air.yml:1:5: error: id `trees-pay` differs from the file name `clean-air.yml`; "
      "make them the same (file-id)"]),
]


@pytest.mark.parametrize(("case", "change", "expected"), EXACT, ids=[c[0] for c in EXACT])
def test_one_fault_one_message(capsys, catalogue: Path, monkeypatch, case: str, change, expected: list[str]) -> None:
    monkeypatch.chdir(catalogue.parent)
    change(catalogue)
    code, lines = run(capsys, "check", "--claims", "claims")
    assert code == 1
    assert lines == [*expected, f"{len(expected)} error{'s' if len(expected) > 1 else ''}, 0 warnings"]
