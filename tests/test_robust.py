"""Malformed and hostile catalogues: clear errors or success, never a traceback, nothing written out of
place, nothing lost, bounded time; and builds that are reproducible to the byte."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from helpers import FIXTURES, ROOT, make_project
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import build_claims

LINE = re.compile(r"^[^:]+:\d+:\d+: (error|warning): .+ \([a-z-]+\)$")
SUMMARY = re.compile(r"^(ok: .+|\d+ errors?, \d+ warnings?)$")
FIELDS = ["id", "quote", "prefix", "suffix", "summary", "kind", "topics", "verdict", "rationale", "evidence",
          "counterpoints", "relations", "reviewed", "notes", "sorces", "", "<b>", "id\u0000"]
HOSTILE_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | \
    st.sampled_from(["no", "yes", "on", "2024-02-30", "1e9", "~", "&a", "*a", "!!python/object:os.system",
                     "<script>x</script>", "[x](javascript:y)", "--8<-- 'x'", "../../etc/passwd", "{{x}}"])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | HOSTILE_TEXT, inner,
                                                                 max_size=5),
    max_leaves=20)


def tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_both(capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    """check and build must exit 0, 1 or 2 with well-formed lines, and write only into docs/essay and docs/."""
    claims, docs = workspace / "claims", workspace / "docs"
    before = tree(claims)
    outside = {p for p in workspace.parent.rglob("*") if not p.is_relative_to(workspace)}
    for argv in (["check", "--claims", str(claims)],
                 ["build", "--claims", str(claims), "--docs", str(docs), "--config", str(workspace / "none.yml")]):
        code = build_claims.main(argv)
        lines = capsys.readouterr().out.splitlines()
        assert code in (0, 1, 2), lines
        assert lines and SUMMARY.match(lines[-1]), lines
        assert all(LINE.match(line) for line in lines[:-1]), lines
    assert tree(claims) == before, "a command wrote into the catalogue"
    assert {p for p in workspace.parent.rglob("*") if not p.is_relative_to(workspace)} == outside
    for written in docs.rglob("*") if docs.exists() else []:
        assert written.resolve().is_relative_to(docs.resolve())


@pytest.fixture
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("ws") / "project"
    shutil.copytree(FIXTURES / "second", where / "claims")
    return where


SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=VALUES)
def test_any_yaml_value_as_a_claim(capsys, workspace: Path, data) -> None:
    (workspace / "claims" / "generated.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run_both(capsys, workspace)


@SETTINGS
@given(text=st.text(max_size=300) | st.binary(max_size=200).map(lambda b: b.decode("latin-1")))
def test_any_text_as_a_catalogue_file(capsys, workspace: Path, text: str) -> None:
    (workspace / "claims" / "trees-cool.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (workspace / "claims" / "topics.yml").write_text(text[::-1], encoding="utf-8", errors="surrogatepass")
    run_both(capsys, workspace)


@SETTINGS
@given(fields=st.dictionaries(st.sampled_from(FIELDS[:14]), VALUES, max_size=6))
def test_a_claim_with_fields_replaced(capsys, workspace: Path, fields: dict) -> None:
    path = workspace / "claims" / "maintenance.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(fields)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run_both(capsys, workspace)


LIMITS = {
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(9)),
    "deep nesting": "quote: " + "[" * 50_000 + "]" * 50_000 + "\n",
    "deep mappings": "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n",
    "oversized file": "summary: " + "x" * 1_100_000 + "\n",
    "thousands of relations": yaml.safe_dump({
        "id": "trees-cool", "quote": "Trees cool streets by several degrees in summer.", "summary": "s",
        "kind": "fact", "topics": ["climate"], "verdict": "supported", "rationale": "r", "reviewed": "2024-06-01",
        "evidence": [{"source": "heat-study", "shows": "x"}],
        "relations": [{"type": "supports", "claim": "trees-pay"}] * 5000}),
}


@pytest.mark.parametrize("case", sorted(LIMITS))
def test_limits_end_in_a_clear_error_within_seconds(capsys, workspace: Path, case: str) -> None:
    (workspace / "claims" / "trees-cool.yml").write_text(LIMITS[case], encoding="utf-8")
    start = time.monotonic()
    code = build_claims.main(["check", "--claims", str(workspace / "claims")])
    elapsed = time.monotonic() - start
    lines = capsys.readouterr().out.splitlines()
    assert code == 1 and elapsed < 5, (elapsed, lines)
    rules = {line.rsplit("(", 1)[-1].rstrip(")") for line in lines[:-1]}
    assert rules & {"alias", "limit", "syntax"}, lines


def test_a_failed_hook_build_keeps_the_previous_site_pages(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")]
    assert subprocess.run(mkdocs, cwd=project, capture_output=True, env=env).returncode == 0
    generated = tree(project / "docs" / "essay")
    claim = project / "claims" / "trees-cool.yml"
    claim.write_text(claim.read_text().replace("verdict: supported", "verdict: maybe"))
    failed = subprocess.run(mkdocs, cwd=project, capture_output=True, text=True, env=env)
    assert failed.returncode != 0
    assert "trees-cool.yml:6:10: error: `maybe` is not one of" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert tree(project / "docs" / "essay") == generated


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    sites = []
    for name in ("one", "two"):
        project = make_project(tmp_path / name)
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
                       cwd=project, check=True, capture_output=True, env=env)
        sites.append(tree(project / "site"))
    assert sites[0] == sites[1]
    assert len(sites[0]) > 60


def test_build_never_touches_the_repository_catalogue() -> None:
    assert (ROOT / "claims").is_dir()
    before = tree(ROOT / "claims")
    assert build_claims.main(["check"]) in (0, 2)
    assert tree(ROOT / "claims") == before
