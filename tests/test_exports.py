"""Machine-readable exports: claims.json, W3C Web Annotations, ClaimReview, essay.txt."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import extruct
import jsonschema
import pytest
from helpers import FIXTURES, ROOT, make_project, mkdocs_build
from test_site import built  # noqa: F401 - the parametrised site fixture

from annotator import pipeline
from annotator.vocab import VERDICTS

SCHEMAS = Path(__file__).resolve().parent / "schemas"
EXPORTS = ("claims.json", "annotations.jsonld", "essay.txt", "claims.schema.json")


def _validator(schema_path: Path) -> jsonschema.Validator:
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_claims_json_is_the_whole_catalogue(built) -> None:  # noqa: F811
    site, catalogue = built
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    _validator(site / "claims.schema.json").validate(data)
    assert data["version"].startswith("1.")
    assert data["essay"]["title"] == catalogue.essay.title
    assert [c["id"] for c in data["claims"]] == [c.id for c in catalogue.claims]
    text = (site / "essay.txt").read_text(encoding="utf-8")
    for exported, claim in zip(data["claims"], catalogue.claims, strict=True):
        if claim.verdict in VERDICTS:
            assert exported["verdict"]["id"] == claim.verdict
            assert exported["verdict"]["rating"] == VERDICTS[claim.verdict].rating
        else:  # an opinion: shown, not rated
            assert exported["verdict"] is None and exported["kind"] == "opinion"
        start, end = exported["position"]["start"], exported["position"]["end"]
        assert text[start:end] == exported["quote"]
        assert [e["source"]["url"] for e in exported["evidence"]] == \
            [catalogue.source(e.source).url for e in claim.evidence]
        assert (site / exported["url"] / "index.html").is_file()


def test_annotations_are_valid_web_annotations(built) -> None:  # noqa: F811
    site, catalogue = built
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    _validator(SCHEMAS / "web-annotation.schema.json").validate(collection)
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(catalogue.claims)
    for annotation in items:
        assert annotation["target"]["source"] == (catalogue.essay.url or "essay/")
        assert annotation["motivation"] == "assessing"
        assert "creator" not in annotation  # mkdocs.yml names no reviewer: none is made up
        page = next(b["id"] for b in annotation["body"] if b.get("type") == "Text")
        assert (site / page / "index.html").is_file()


def _selectors(annotation: dict) -> tuple[dict, dict]:
    selectors = {s["type"]: s for s in annotation["target"]["selector"]}
    return selectors["TextQuoteSelector"], selectors["TextPositionSelector"]


def test_quote_and_position_selectors_pick_the_same_text(built) -> None:  # noqa: F811
    site, _ = built
    text = (site / "essay.txt").read_text(encoding="utf-8")
    for annotation in json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))["first"]["items"]:
        quote, position = _selectors(annotation)
        assert text[position["start"]:position["end"]] == quote["exact"]
        assert text[:position["start"]].endswith(quote["prefix"])
        assert text[position["end"]:].startswith(quote["suffix"])


def reanchor(text: str, exact: str, prefix: str, suffix: str) -> tuple[int, int]:
    """Anchor a TextQuoteSelector the way a client with only the quote would (exact match, then context)."""
    hits = []
    at = text.find(exact)
    while at != -1:
        hits.append(at)
        at = text.find(exact, at + 1)
    if len(hits) > 1:
        hits = [h for h in hits if text[:h].endswith(prefix) and text[h + len(exact):].startswith(suffix)]
    assert len(hits) == 1, f"{exact!r} anchors {len(hits)} times"
    return hits[0], hits[0] + len(exact)


def test_reanchoring_from_the_quote_alone_gives_the_same_offsets(built) -> None:  # noqa: F811
    site, _ = built
    text = (site / "essay.txt").read_text(encoding="utf-8")
    for annotation in json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))["first"]["items"]:
        quote, position = _selectors(annotation)
        assert reanchor(text, quote["exact"], quote["prefix"], quote["suffix"]) == \
            (position["start"], position["end"])


def test_claim_pages_embed_claim_review(built) -> None:  # noqa: F811
    site, catalogue = built
    essay = catalogue.essay
    for claim in catalogue.claims:
        html = (site / "essay" / "claims" / claim.id / "index.html").read_text(encoding="utf-8")
        found = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
        reviews = [d for d in found if d.get("@type") == "ClaimReview"]
        if claim.verdict not in VERDICTS:  # an opinion is not rated: a review would read as a rating
            assert not reviews, claim.id
            continue
        (review,) = reviews
        assert review["claimReviewed"] == claim.summary
        assert review["url"].endswith(f"essay/claims/{claim.id}/")
        assert review["datePublished"] == claim.reviewed
        assert "author" not in review  # mkdocs.yml names no reviewer: neither the site's name nor another
        rating = review["reviewRating"]
        v = VERDICTS[claim.verdict]
        assert rating["alternateName"] == v.label
        if v.rating is not None:
            assert (rating["ratingValue"], rating["bestRating"], rating["worstRating"]) == (v.rating, 5, 1)
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["appearance"]["@type"] == essay.type  # Article unless essay.yml says otherwise
        assert item["author"]["name"] == essay.author
        if essay.published:
            assert item["datePublished"] == essay.published
        if essay.url:
            assert item["appearance"]["url"] == essay.url


def test_exports_are_byte_identical_between_builds(tmp_path: Path, real_site: Path) -> None:
    again = mkdocs_build(make_project(tmp_path))
    for name in EXPORTS:
        assert (again / name).read_bytes() == (real_site / name).read_bytes(), name


def test_site_url_makes_links_absolute(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    site = mkdocs_build(project, env={"SITE_URL": "https://owner.github.io/repo/"})
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["id"] == "https://owner.github.io/repo/annotations.jsonld"
    for annotation in collection["first"]["items"]:
        assert annotation["id"].startswith("https://owner.github.io/repo/essay/claims/")
        assert annotation["target"]["state"]["cached"] == "https://owner.github.io/repo/essay.txt"


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_are_git_ignored(name: str) -> None:
    assert f"/docs/{name}" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_the_assessment_is_exported(real_site: Path) -> None:
    catalogue = pipeline.check(ROOT / "claims", root=ROOT).catalogue
    exported = json.loads((real_site / "claims.json").read_text(encoding="utf-8"))["essay"]["assessment"]
    v = VERDICTS[catalogue.essay.assessment.verdict]
    assert exported == {"verdict": {"id": v.id, "label": v.label, "rating": v.rating},
                        "rationale": catalogue.essay.assessment.rationale}


def test_the_reviewer_setting_names_the_reviewer(tmp_path: Path) -> None:
    """`extra: reviewer:` is ClaimReview's author, the annotations' creator and the methodology page's reviewer."""
    project = make_project(tmp_path, FIXTURES / "second")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  # reviewer: Your organisation", "  reviewer: Civic <Fact> Desk\n  reviewer_url: https://desk.example.org/"),
        encoding="utf-8")
    site = mkdocs_build(project)
    html = (site / "essay" / "claims" / "trees-cool" / "index.html").read_text(encoding="utf-8")
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert json.loads(script)["author"] == {"@type": "Organization", "name": "Civic <Fact> Desk",
                                            "url": "https://desk.example.org/"}
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert {a["creator"]["name"] for a in collection["first"]["items"]} == {"Civic <Fact> Desk"}
    methodology = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    assert 'reviewed by <a href="https://desk.example.org/"' in methodology
    assert "Civic &#60;Fact&#62; Desk" in methodology and "<Fact>" not in methodology


def test_a_reviewer_url_that_is_not_http_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        "  # reviewer: Your organisation", "  reviewer: Desk\n  reviewer_url: javascript:alert(1)"), encoding="utf-8")
    run = subprocess.run([sys.executable, "build_claims.py", "build"], cwd=project, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.strip() == ("build_claims.py: error: mkdocs.yml: `extra: reviewer_url: javascript:alert(1)` "
                                  "must be an http:// or https:// URL")
