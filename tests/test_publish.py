"""Publishing: the site works under a project subpath, and repository links come from mkdocs.yml."""

from __future__ import annotations

import urllib.request
from html.parser import HTMLParser
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urldefrag, urljoin, urlsplit

from helpers import FIXTURES, make_project, mkdocs_build, serve
from html_tools import parse


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for name in ("href", "src"):
            if values.get(name) and tag in ("a", "link", "script", "img"):
                self.links.append(values[name])


def _fetch(url: str) -> tuple[int, bytes, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read(), response.headers.get_content_type()
    except HTTPError as error:
        return error.code, b"", ""


def test_crawl_every_page_under_a_project_subpath(real_site: Path) -> None:
    with serve(real_site, prefix="essay-annotator") as base:
        pages: dict[str, _Links] = {}
        queue, seen, anchors = [base], {base}, []
        while queue:
            url = queue.pop()
            status, body, kind = _fetch(url)
            assert status == 200, f"{url}: HTTP {status}"
            if kind != "text/html":
                continue
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            pages[url] = parser
            for link in parser.links:
                target, fragment = urldefrag(urljoin(url, link))
                if urlsplit(target).netloc != urlsplit(base).netloc:
                    continue
                assert target.startswith(base), f"{url} links outside the project path: {link}"
                if fragment and not fragment.startswith(":~:"):
                    anchors.append((url, target, fragment))
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        for source, target, fragment in anchors:
            assert target in pages, f"{source}: #{fragment} on a page that is not HTML: {target}"
            assert fragment in pages[target].ids, f"{source} links to a missing anchor: {target}#{fragment}"
    assert len(pages) > 60 and len(anchors) > 50


def test_edit_and_dispute_links_come_from_repo_url(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    config = project / "mkdocs.yml"
    config.write_text("repo_url: https://github.com/owner/trees\nedit_uri: edit/main/docs/\n"
                      + config.read_text(encoding="utf-8"), encoding="utf-8")
    site = mkdocs_build(project)
    page = parse(site / "essay" / "claims" / "trees-cool" / "index.html")
    links = {e.text.strip(): e.attrs["href"] for e in page.links if e.tag == "a"}
    assert links["Edit this claim"] == "https://github.com/owner/trees/edit/main/claims/trees-cool.yml"
    assert links["Dispute this claim"] == ("https://github.com/owner/trees/issues/new?"
                                           "template=dispute-verdict.yml&title=Dispute%3A+trees-cool&claim=trees-cool")


def test_no_edit_links_without_repo_url(second_site: Path) -> None:
    page = parse(second_site / "essay" / "claims" / "trees-cool" / "index.html")
    texts = {e.text.strip() for e in page.links if e.tag == "a"}
    assert "Edit this claim" not in texts and "Dispute this claim" not in texts
