"""Hostile input: a catalogue from strangers yields a site in which nothing they wrote runs.

Every free-text field of a claim, a source, a topic, the glossary and the essay's metadata, and the
essay's text itself, gets a suite of payloads. The site is built, checked as HTML, then driven in
Chromium: every page opened, every highlight, abbreviation and titled element hovered and focused,
the search run on the payloads. A payload that runs sets `window.__pwned` or opens a dialog.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from helpers import FIXTURES, make_project, mkdocs_build, serve
from html_tools import parse
from playwright.sync_api import Browser, Page

import build_claims

PAYLOADS = [
    "<script>window.__pwned='script'</script>",
    '<img src=x onerror="window.__pwned=\'img\'">',
    '"><svg onload="window.__pwned=\'svg\'">',
    "' onmouseover='window.__pwned=\"attr\"' x='",
    "[click me](javascript:window.__pwned='mdlink')",
    "![pic](javascript:window.__pwned='mdimage')",
    "<a href=\"javascript:window.__pwned='a'\">a link</a>",
    "<iframe src=\"data:text/html,<script>parent.__pwned='iframe'</script>\"></iframe>",
    "&lt;img src=x onerror=window.__pwned='entity'&gt;",
    "&#60;script&#62;window.__pwned='numeric'&#60;/script&#62;",
    "<details open ontoggle=\"window.__pwned='details'\">x</details>",
    "text{: onclick=\"window.__pwned='attrlist'\" }",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned='mxss'>",
    "`<img src=x onerror=window.__pwned='code'>`",
    "<style>body{display:none}</style>",
    "[x]: javascript:window.__pwned='ref'\n[x]",
]
PAYLOAD = " ".join(PAYLOADS)
NOT_FREE_TEXT = {"id", "url", "date", "published", "reviewed", "kind", "verdict", "type", "topics", "source",
                 "sources", "claim", "term", "quote", "prefix", "suffix"}
# Too short for all payloads at once: one each.
SHORT_FIELDS = {"title", "publisher", "author", "definition", "passage", "locator"}


def poison(value, key: str = "", turn: list[int] | None = None):
    """`value` with payloads added to every free-text string in it (all of them, or one in turn in short fields)."""
    turn = turn if turn is not None else [0]
    if isinstance(value, dict):
        return {k: poison(v, k, turn) for k, v in value.items()}
    if isinstance(value, list):
        return [poison(v, key, turn) for v in value]
    if isinstance(value, str) and key not in NOT_FREE_TEXT:
        if key in SHORT_FIELDS:
            turn[0] += 1
            return f"{value} {PAYLOADS[turn[0] % len(PAYLOADS)]}"
        return f"{value} {PAYLOAD}"
    return value


#: Well-formed http(s) URLs (no white space) full of characters that mean something to HTML or Markdown.
URL_PAYLOADS = [
    "\"><img/src=x/onerror=window.__pwned='url'>",
    "a)[x](javascript:window.__pwned='md')",
    "a>)<script>window.__pwned='bracket'</script>",
    "&lt;script&gt;window.__pwned='entity'&#60;/script&#62;?a=1&b=2",
    "`code`{:onclick=window.__pwned='attr'}|cell|^\\x*y*_z_",
]


def hostile_url(i: int) -> str:
    return f"https://example.org/{i}/{''.join(URL_PAYLOADS)}"


def hostile_catalogue(folder: Path) -> Path:
    shutil.copytree(FIXTURES / "second", folder)
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "sources.yml":
            data = [{**source, "url": hostile_url(i)} for i, source in enumerate(data)]
        if path.name == "essay.yml":
            data["url"] = hostile_url(0)
        path.write_text(yaml.safe_dump(poison(data), allow_unicode=True, sort_keys=False), encoding="utf-8")
    lines = "\n".join(f"Hostile line {i}: {p}" for i, p in enumerate(PAYLOADS))
    with (folder / "essay.txt").open("a", encoding="utf-8") as out:
        out.write(f"\n{lines}\n--8<-- \"mkdocs.yml\"\n")
    (folder / "glossary.yml").write_text(yaml.safe_dump(
        [{"term": "Trees", "definition": PAYLOADS[1]}, {"term": "city", "definition": PAYLOADS[2]},
         {"term": "Hostile", "definition": PAYLOADS[3]}, {"term": "line", "definition": PAYLOADS[0]}]))
    (folder / "hostile-quote.yml").write_text(yaml.safe_dump({
        "id": "hostile-quote", "quote": f"Hostile line 0: {PAYLOADS[0]}", "summary": PAYLOAD,
        "kind": "fact", "topics": ["money"], "verdict": "false", "rationale": PAYLOAD,
        "evidence": [{"source": "city-budget", "shows": PAYLOAD, "passage": PAYLOADS[0] + PAYLOADS[4],
                      "locator": PAYLOADS[1]}],
        "relations": [{"type": "contradicts", "claim": "trees-pay", "note": PAYLOAD}],
        "reviewed": "2024-06-01", "notes": PAYLOAD}, allow_unicode=True))
    return folder


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("hostile")
    return mkdocs_build(make_project(where, hostile_catalogue(where / "claims")))


def test_the_payloads_reach_every_page_kind_as_text(hostile_site: Path) -> None:
    for page in ["index.html", "essay/index.html", "essay/claims/hostile-quote/index.html",
                 "essay/topics/money/index.html", "essay/sources/index.html", "essay/glossary/index.html",
                 "essay/map/index.html"]:
        text = " ".join(e.text for e in parse(hostile_site / page).elements if e.tag == "body")
        assert "window.__pwned" in text, page


def test_hostile_urls_reach_the_links_unchanged(hostile_site: Path) -> None:
    """Every source's link goes to exactly its URL (the characters a URL may not hold bare percent-encoded,
    as a browser would), and the essay's text-fragment links start with the essay's URL."""
    def encoded(url: str) -> str:
        return quote(url, safe="".join(chr(c) for c in range(33, 127) if chr(c) not in '<>"\\`{}|^'))

    hrefs = {e.attrs["href"] for e in parse(hostile_site / "essay" / "sources" / "index.html").links
             if e.tag == "a"}
    sources = yaml.safe_load((hostile_site.parent / "claims" / "sources.yml").read_text(encoding="utf-8"))
    assert sources
    for source in sources:
        assert encoded(source["url"]) in hrefs, source["url"]
    claim = parse(hostile_site / "essay" / "claims" / "hostile-quote" / "index.html")
    fragment = [e.attrs["href"] for e in claim.links if "#:~:text=" in e.attrs.get("href", "")]
    page_url = hostile_url(0).split("#")[0]  # the page, without the URL's own fragment
    assert fragment and fragment[0].startswith(encoded(page_url) + "#:~:text=Hostile%20line%200")


def test_no_payload_becomes_markup(hostile_site: Path) -> None:
    for file in hostile_site.rglob("*.html"):
        page = parse(file)
        for element in page.elements:
            for name, value in element.attrs.items():
                assert not (name.startswith("on") and "__pwned" in value), f"{file}: <{element.tag} {name}>"
                if name in ("href", "src", "action", "formaction", "data"):
                    assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), file
            if element.tag == "script" and element.attrs.get("type") != "application/ld+json":
                assert "__pwned" not in element.text, file
            assert element.tag not in ("iframe", "details", "math", "svg") or "__pwned" not in str(element.attrs)


def test_snippet_syntax_in_the_essay_includes_nothing(hostile_site: Path) -> None:
    text = (hostile_site / "essay" / "index.html").read_text(encoding="utf-8")
    assert "site_name:" not in text
    assert "--8&lt;-- &quot;mkdocs.yml&quot;" in text or '--8&lt;-- "mkdocs.yml"' in text


@pytest.fixture
def guarded(browser: Browser) -> Iterator[Page]:
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()
    assert dialogs == []


def _assert_clean(page: Page, where: str) -> None:
    assert page.evaluate("window.__pwned === undefined && parent.__pwned === undefined"), \
        f"{where}: payload ran: {page.evaluate('window.__pwned')}"


def test_nothing_runs_in_the_browser(guarded: Page, hostile_site: Path) -> None:
    page = guarded
    with serve(hostile_site) as base:
        for file in sorted(hostile_site.rglob("index.html")):
            path = file.parent.relative_to(hostile_site).as_posix()
            url = base + ("" if path == "." else path + "/")
            page.goto(url)
            _assert_clean(page, url)
            targets = page.locator(".md-content :is(a.hl, abbr, [title], a.node, a)")
            for i in range(min(targets.count(), 60)):
                target = targets.nth(i)
                if target.is_visible():
                    target.hover(force=True, timeout=3000)
                    target.focus()
            _assert_clean(page, url)
        page.goto(base)
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially("pwned onerror script", delay=20)
        page.wait_for_timeout(1500)
        for i in range(min(page.locator(".md-search-result__item").count(), 10)):
            page.locator(".md-search-result__item").nth(i).hover()
        _assert_clean(page, "search")


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox", "//evil.example/x", "https://exa mple.org/"])
def test_dangerous_urls_are_refused(tmp_path: Path, url: str, capsys) -> None:
    folder = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", folder)
    sources = yaml.safe_load((folder / "sources.yml").read_text())
    sources[0]["url"] = url
    (folder / "sources.yml").write_text(yaml.safe_dump(sources))
    assert build_claims.main(["build", "--claims", str(folder), "--docs", str(tmp_path / "docs")]) == 1
    assert "(format)" in capsys.readouterr().out
    assert not (tmp_path / "docs").exists()

