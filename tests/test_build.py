"""`build_claims.py build`: writes only what changed, and nothing when the catalogue has errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, make_project

import build_claims
from annotator.site import read_site, site_from_config
from annotator.write import MARKER, WriteError, write_tree


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "second", tmp_path / "claims")
    (tmp_path / "docs").mkdir()
    return tmp_path


def build(project: Path) -> int:
    return build_claims.main(["build", "--claims", str(project / "claims"), "--docs", str(project / "docs")])


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.read_bytes())
            for p in folder.rglob("*") if p.is_file()}


def test_build_writes_only_changed_files(project: Path, capsys) -> None:
    assert build(project) == 0
    out = project / "docs" / "essay"
    first = snapshot(out)
    assert "claims/trees-cool/index.md" in first and "index.md" in first
    assert build(project) == 0
    assert snapshot(out) == first
    assert capsys.readouterr().out.splitlines()[-1] == "ok: 8 claims, 2 topics, 2 sources"
    path = project / "claims" / "clean-air.yml"
    path.write_text(path.read_text().replace("Trees also clean the air.", "Trees also clean city air."))
    assert build(project) == 0
    after = snapshot(out)
    changed = {name for name in after if after[name] != first.get(name)}
    assert "claims/clean-air/index.md" in changed
    assert "claims/trees-cool/index.md" not in changed
    assert after["claims/trees-cool/index.md"][0] == first["claims/trees-cool/index.md"][0]


def test_failed_build_leaves_previous_output(project: Path) -> None:
    assert build(project) == 0
    out = project / "docs" / "essay"
    before = snapshot(out)
    path = project / "claims" / "clean-air.yml"
    path.write_text(path.read_text().replace("kind: fact", "kind: rumour").replace("Trees also", "Trees now"))
    assert build(project) == 1
    assert snapshot(out) == before


def test_removed_claim_page_is_removed(project: Path) -> None:
    assert build(project) == 0
    (project / "claims" / "clean-air.yml").unlink()
    assert build(project) == 0
    assert not (project / "docs" / "essay" / "claims" / "clean-air").exists()


def test_never_replaces_a_folder_it_did_not_write(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.md").write_text("mine")
    with pytest.raises(WriteError):
        write_tree(folder, {"a.md": "x"})
    assert (folder / "notes.md").read_text() == "mine"


@pytest.mark.parametrize("name", ["../x.md", "/etc/x", "a/../../x", ".hidden"])
def test_never_writes_outside_its_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(WriteError):
        write_tree(tmp_path / "out", {name: "x"})
    assert not (tmp_path / "x.md").exists()


def test_marker_records_generated_folder(tmp_path: Path) -> None:
    write_tree(tmp_path / "out", {"a.md": "x"})
    assert (tmp_path / "out" / MARKER).is_file()
    write_tree(tmp_path / "out", {"b/c.md": "y"})
    assert sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file()) == [MARKER, "c.md"]


def test_cli_reports_a_foreign_output_folder_in_one_line(project: Path, capsys) -> None:
    (project / "docs" / "essay").mkdir()
    (project / "docs" / "essay" / "notes.md").write_text("mine")
    assert build(project) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("build_claims.py: error: ") and "did not write" in line
    assert (project / "docs" / "essay" / "notes.md").read_text() == "mine"


@pytest.mark.parametrize(("config", "says"), [("site_name: [\n", "not valid YAML"),
                                              ("- a list\n", "not a mapping of settings"),
                                              ("site_name: A\nrepo_url: [1, 2]\n", "repo_url must be text")])
def test_cli_reports_a_broken_mkdocs_yml_in_one_line(project: Path, capsys, config: str, says: str) -> None:
    (project / "mkdocs.yml").write_text(config)
    code = build_claims.main(["build", "--claims", str(project / "claims"), "--docs", str(project / "docs"),
                              "--config", str(project / "mkdocs.yml")])
    assert code == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith(f"build_claims.py: error: {project / 'mkdocs.yml'}: {says}")


def test_a_byte_order_mark_is_not_part_of_the_essay(project: Path) -> None:
    essay = project / "claims" / "essay.txt"
    essay.write_bytes(b"\xef\xbb\xbf" + essay.read_bytes())
    assert build(project) == 0
    text = (project / "docs" / "essay.txt").read_text(encoding="utf-8")
    assert "\ufeff" not in text and "\ufeff" not in (project / "docs" / "essay" / "index.md").read_text()


SETTINGS = {
    "ours": None,  # the project's own mkdocs.yml
    "github-no-edit-uri": "site_name: A\nrepo_url: https://github.com/o/r\n",
    "gitlab-edit-uri-without-slash": "site_name: B\nrepo_url: https://gitlab.com/o/r\nedit_uri: -/edit/trunk/docs\n",
    "bitbucket": "site_name: C\nrepo_url: https://bitbucket.org/o/r\nsite_url: https://o.example.org/r\n",
    "other-host-edit-off": "site_name: D\nrepo_url: https://git.example.org/o/r\nedit_uri: ''\n",
    "env-and-python-tags": ("site_name: !ENV [SITE_NAME_FOR_TEST, fallback]\n"
                            "repo_url: !ENV REPO_FOR_TEST\nmarkdown_extensions:\n  - toc:\n"
                            "      slugify: !!python/name:markdown.extensions.toc.slugify\n"),
    "inherit": "INHERIT: base.yml\nrepo_url: https://github.com/o/inherited\n",
    "docs-dir": "site_name: E\nrepo_url: https://github.com/o/r\nedit_uri: edit/main/src/\ndocs_dir: src\n",
}


@pytest.mark.parametrize("name", SETTINGS)
def test_cli_reads_the_site_settings_as_mkdocs_does(tmp_path: Path, name: str, monkeypatch) -> None:
    from mkdocs.config import load_config

    monkeypatch.setenv("REPO_FOR_TEST", "https://github.com/o/from-env")
    project = make_project(tmp_path)
    config = project / "mkdocs.yml"
    if SETTINGS[name] is not None:
        config.write_text(SETTINGS[name])
    (project / "base.yml").write_text("site_name: Base\nsite_url: https://example.org/base\n")
    (project / "src").mkdir()
    claims = project / "claims"
    assert read_site(config, claims) == site_from_config(config, load_config(str(config)), claims)


@pytest.mark.parametrize(("docs_dir", "edit_uri", "expected"), [
    ("docs", "edit/main/docs/", "https://github.com/o/r/edit/main/claims/x.yml"),
    ("src", "edit/main/src/", "https://github.com/o/r/edit/main/claims/x.yml"),
    ("site/docs", "edit/main/site/docs/", "https://github.com/o/r/edit/main/claims/x.yml"),
    ("src", "blob/main/", "https://github.com/o/r/blob/main/claims/x.yml"),
])
def test_the_edit_link_leaves_out_the_configured_docs_folder(tmp_path: Path, docs_dir: str, edit_uri: str,
                                                             expected: str) -> None:
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: A\nrepo_url: https://github.com/o/r\nedit_uri: {edit_uri}\ndocs_dir: {docs_dir}\n")
    assert read_site(config, tmp_path / "claims").edit_url("x.yml") == expected
