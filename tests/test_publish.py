"""Publishing: the site works under a project subpath, and repository links come from mkdocs.yml."""

from __future__ import annotations

from pathlib import Path

from helpers import FIXTURES, crawl, make_project, mkdocs_build
from html_tools import parse


def test_crawl_every_page_under_a_project_subpath(real_site: Path) -> None:
    found = crawl(real_site, prefix="essay-annotator")
    assert found.broken == []
    assert len(found.pages) > 60 and found.anchors > 50


def test_edit_and_dispute_links_come_from_repo_url(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    site = mkdocs_build(project, env={"REPO_URL": "https://github.com/owner/trees", "EDIT_URI": "edit/main/docs/"})
    page = parse(site / "essay" / "claims" / "trees-cool" / "index.html")
    links = {e.text.strip(): e.attrs["href"] for e in page.links if e.tag == "a"}
    assert links["Edit this claim"] == "https://github.com/owner/trees/edit/main/claims/trees-cool.yml"
    assert links["Dispute this claim"] == ("https://github.com/owner/trees/issues/new?"
                                           "template=dispute-verdict.yml&title=Dispute%3A+trees-cool&claim=trees-cool")


def test_no_edit_links_without_repo_url(second_site: Path) -> None:
    page = parse(second_site / "essay" / "claims" / "trees-cool" / "index.html")
    texts = {e.text.strip() for e in page.links if e.tag == "a"}
    assert "Edit this claim" not in texts and "Dispute this claim" not in texts
