"""Evidence a reader can check: each passage (the source's own words) on the claim page as a quotation,
linked to the source at that passage with a text fragment, and carried by the exports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import FIXTURES, ROOT, make_project, mkdocs_build
from html_tools import parse

from annotator import pipeline
from annotator.anchor import fold


def catalogue(folder: Path):
    result = pipeline.check(folder, root=ROOT)
    assert result.catalogue is not None and not result.errors
    return result.catalogue


def cited_passages(claim) -> list[tuple[str, str]]:
    """(source id, passage) for every quoted passage of a claim, evidence and counterpoints."""
    return [(e.source, e.passage) for e in claim.evidence if e.passage] + \
        [(c.source, c.passage) for p in claim.counterpoints for c in p.citations if c.passage]


def fragment_terms(href: str) -> list[str]:
    """The text directive's terms (`text=start,end` or `text=exact`), decoded as the spec says."""
    fragment = urlsplit(href).fragment
    assert fragment.startswith(":~:text="), href
    return [unquote(term) for term in fragment.removeprefix(":~:text=").split(",")]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mkdocs_build(make_project(tmp_path_factory.mktemp("evidence")))


def test_every_fact_claim_quotes_its_sources() -> None:
    for claim in catalogue(ROOT / "claims").claims:
        if claim.kind == "fact":
            assert claim.evidence, claim.id
            assert all(e.passage for e in claim.evidence), claim.id


def test_passages_are_short_and_single_paragraph() -> None:
    for claim in catalogue(ROOT / "claims").claims:
        for _, passage in cited_passages(claim):
            assert 0 < len(passage) <= 500 and "\n" not in passage, claim.id


@pytest.mark.parametrize("claim_id", [c.id for c in catalogue(ROOT / "claims").claims if cited_passages(c)][::5])
def test_the_claim_page_quotes_each_passage_and_links_to_it_in_the_source(site: Path, claim_id: str) -> None:
    cat = catalogue(ROOT / "claims")
    claim = cat.claim(claim_id)
    page = parse(site / "essay" / "claims" / claim_id / "index.html")
    quotes = [" ".join(e.text.split()) for e in page.elements if e.tag == "blockquote"]
    links = [e.attrs["href"] for e in page.links if e.tag == "a" and "#:~:text=" in e.attrs.get("href", "")]
    for source_id, passage in cited_passages(claim):
        assert any(" ".join(passage.split()) in quote for quote in quotes), (claim_id, passage)
        url = cat.source(source_id).url.split("#")[0]
        mine = [href for href in links if href.startswith(url + "#:~:text=")]
        terms = [fragment_terms(href) for href in mine]
        folded = fold(passage)
        assert any(fold(t[0]) and folded.startswith(fold(t[0])) and folded.endswith(fold(t[-1])) for t in terms), \
            (claim_id, passage, mine)


def test_the_exports_carry_the_passages(site: Path) -> None:
    cat = catalogue(ROOT / "claims")
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    for exported in data["claims"]:
        claim = cat.claim(exported["id"])
        assert [(e["source"]["id"], e["passage"]) for e in exported["evidence"]] == \
            [(e.source, e.passage) for e in claim.evidence]
        assert [[(q["source"], q["passage"]) for q in p["citations"]] for p in exported["counterpoints"]] == \
            [[(q.source, q.passage) for q in p.citations] for p in claim.counterpoints]
    annotations = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))["first"]["items"]
    by_page = {a["id"].split("/claims/")[1].split("/")[0]: a for a in annotations}
    for claim in cat.claims:
        bodies = [b for b in by_page[claim.id]["body"] if b["type"] == "SpecificResource"]
        assert [(b["source"], b["selector"]["exact"]) for b in bodies] == \
            [(cat.source(e.source).url, e.passage) for e in claim.evidence if e.passage]


def test_a_hostile_passage_is_text(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", claims)
    path = claims / "trees-cool.yml"
    payload = '<img src=x onerror=alert(1)> [x](javascript:alert(2)) ,&-'
    path.write_text(path.read_text(encoding="utf-8").replace(
        "On the hottest afternoons, streets with a full canopy were 2.1 °C cooler than bare ones.",
        payload.replace('"', '\\"')), encoding="utf-8")
    built = mkdocs_build(make_project(tmp_path / "p", claims))
    page = parse(built / "essay" / "claims" / "trees-cool" / "index.html")
    assert not any(e.tag == "img" for e in page.elements)
    assert not any(e.attrs.get("href", "").startswith("javascript") for e in page.links)
    assert any(payload in " ".join(e.text.split()) for e in page.elements if e.tag == "blockquote")
    fragment = [e.attrs["href"] for e in page.links if "#:~:text=" in e.attrs.get("href", "")
                and e.attrs["href"].startswith("https://example.org/heat-study")]
    assert fragment and [unquote(t) for t in fragment[0].split("#:~:text=")[1].split(",")] == [payload]
