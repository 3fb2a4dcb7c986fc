"""End-to-end: build real sites with MkDocs into tmp_path and check the HTML readers get."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from helpers import FIXTURES, ROOT
from html_tools import by_class, parse

from annotator import pipeline
from annotator.anchor import fold
from annotator.vocab import MARKS, RELATIONS

CATALOGUES = {"real_site": ROOT / "claims", "second_site": FIXTURES / "second", "speech_site": FIXTURES / "speech"}


@pytest.fixture(params=sorted(CATALOGUES))
def built(request: pytest.FixtureRequest):
    """(site folder, catalogue) for each catalogue: the real one and a second essay."""
    site = request.getfixturevalue(request.param)
    result = pipeline.check(CATALOGUES[request.param], root=ROOT)
    assert not result.errors, [str(p) for p in result.problems]
    return site, result.catalogue


def _page(site: Path, url_path: str) -> Path:
    path = site / url_path.strip("/")
    return path / "index.html" if path.is_dir() or not path.suffix else path


def test_every_claim_and_topic_has_a_page(built) -> None:
    site, catalogue = built
    for claim in catalogue.claims:
        page = parse(_page(site, f"essay/claims/{claim.id}/"))
        assert fold(claim.summary) in fold(" ".join(e.text for e in page.elements if e.tag == "h1"))
    for topic in catalogue.topics:
        assert _page(site, f"essay/topics/{topic.id}/").is_file()


def test_every_internal_link_and_anchor_resolves(built) -> None:
    site, _ = built
    pages = {p: parse(p) for p in site.rglob("*.html")}
    checked = 0
    for file, page in pages.items():
        base = "/" + file.parent.relative_to(site).as_posix() + "/"
        for element in page.links:
            url = element.attrs.get("href") or element.attrs.get("src")
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "data:")):
                continue
            path = parts.path
            target = file if not path else _page(site, unquote(_join(base, path)))
            assert target.is_file(), f"{file.relative_to(site)} links to missing {url}"
            fragment = unquote(parts.fragment)
            if fragment and not fragment.startswith(":~:") and target.suffix == ".html":
                assert fragment in pages[target].ids, f"{file.relative_to(site)}: no #{fragment} in {url}"
            checked += 1
    assert checked > 100


def _join(base: str, path: str) -> str:
    from posixpath import normpath

    joined = normpath(base + path) if not path.startswith("/") else path
    return joined + ("/" if path.endswith("/") else "")


def test_highlights_sit_on_the_quoted_text(built) -> None:
    site, catalogue = built
    page = parse(site / "essay" / "index.html")
    segments = by_class(page, "hl")
    assert segments
    def words(segment) -> str:  # the essay's words, without the verdict said for screen readers
        label = f" ({MARKS[segment.attrs['data-verdict']].label})"
        assert segment.text.endswith(label), segment.text  # every highlight's accessible name says its verdict
        return segment.text.removesuffix(label)

    for claim in catalogue.claims:
        text = "".join(words(s) for s in segments if claim.id in s.attrs["data-claims"].split())
        assert fold(text) == fold(claim.quote), claim.id
        assert f"c-{claim.id}" in page.ids
    for segment in segments:
        claim = catalogue.claim(segment.attrs["data-claim"])
        assert segment.attrs["href"] == f"claims/{claim.id}/"
        assert segment.attrs["aria-describedby"] == f"tip-{claim.id}"


def test_every_paragraph_has_a_permalink(built) -> None:
    site, catalogue = built
    page = parse(site / "essay" / "index.html")
    links = {e.attrs["href"] for e in by_class(page, "essay-permalink")}
    for paragraph in catalogue.essay.paragraphs[1:]:
        assert f"p{paragraph.number}" in page.ids
        assert f"#p{paragraph.number}" in links


def test_relations_show_on_both_claims(built) -> None:
    site, catalogue = built
    inverse = {r.forward: r.backward for r in RELATIONS.values()}
    inverse.update({r.backward: r.forward for r in RELATIONS.values()})
    shown: set[tuple[str, str, str]] = set()
    for claim in catalogue.claims:
        page = parse(_page(site, f"essay/claims/{claim.id}/"))
        for item in page.elements:
            if item.tag != "li" or not item.text.startswith("This claim "):
                continue
            target = next(e for e in page.links if e.tag == "a" and e.text and e.text in item.text
                          and e.attrs["href"].startswith("../"))
            label = item.text.removeprefix("This claim ").split(target.text)[0].strip()
            shown.add((claim.id, label, target.attrs["href"].strip("./").split("/")[-1]))
    declared = {(c.id, r.type, r.claim) for c in catalogue.claims for r in c.relations}
    assert declared
    for source, kind, target in declared:
        forward, backward = RELATIONS[kind].forward, RELATIONS[kind].backward
        assert (source, forward, target) in shown
        assert (target, backward, source) in shown
    for source, label, target in shown:
        assert (target, inverse[label], source) in shown


def test_claim_page_links_back_to_the_exact_span(built) -> None:
    site, catalogue = built
    for claim in catalogue.claims:
        page = parse(_page(site, f"essay/claims/{claim.id}/"))
        context = [e for e in page.links if e.text == "Read it in context"]
        assert context and context[0].attrs["href"] == f"../../#c-{claim.id}"
        if catalogue.essay.url:
            fragment = [e for e in page.links if "#:~:text=" in e.attrs.get("href", "")]
            assert fragment and fragment[0].attrs["href"].startswith(catalogue.essay.url)


def test_bibliography_lists_the_claims_citing_each_source(built) -> None:
    site, catalogue = built
    page = parse(site / "essay" / "sources" / "index.html")
    for source in catalogue.sources:
        assert f"src-{source.id}" in page.ids
        item = next(e for e in page.elements if e.tag == "li" and source.title in e.text)
        citing = {c.id for c in catalogue.claims
                  if source.id in [e.source for e in c.evidence] + [s for p in c.counterpoints for s in p.sources]}
        for claim_id in citing:  # by their summaries, the link text
            assert " ".join(catalogue.claim(claim_id).summary.split()) in " ".join(item.text.split()), claim_id


def test_home_counts_come_from_the_catalogue(built) -> None:
    site, catalogue = built
    text = " ".join(parse(site / "index.html").elements[0].text.split())
    assert f"{len(catalogue.claims)} claims" in text
    assert fold(catalogue.essay.thesis) in fold(text)
    for topic in catalogue.topics:
        count = sum(topic.id in c.topics for c in catalogue.claims)
        assert re.search(re.escape(topic.title) + r"\s+" + str(count), text), topic.id


def test_nav_lists_index_pages_not_every_claim(built) -> None:
    site, catalogue = built
    page = parse(site / "essay" / "index.html")
    nav_links = [e.attrs["href"] for e in page.links if "md-nav__link" in e.attrs.get("class", "")]
    assert not [h for h in nav_links if "/claims/" in h and not h.rstrip("/").endswith("claims")]


def test_search_index_holds_every_claim(built) -> None:
    site, catalogue = built
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    for claim in catalogue.claims:
        assert f"essay/claims/{claim.id}/" in locations


def test_verdicts_and_kinds_show_as_badges(built) -> None:
    site, catalogue = built
    for claim in catalogue.claims:
        page = parse(_page(site, f"essay/claims/{claim.id}/"))
        [lead] = by_class(page, "claim-lead")  # the page opens with its own verdict
        assert f"verdict-{claim.verdict}" in lead.attrs["class"].split()
        assert f"Our verdict {MARKS[claim.verdict].label} {claim.kind}" in " ".join(lead.text.split())
        badges = [(e.attrs["class"].split(), e.text) for e in by_class(page, "verdict-badge")]
        related = [e for e in page.elements if e.tag == "li" and e.text.startswith("This claim ")]
        assert len(badges) == len(related)  # each related claim with its verdict
        assert [e.text for e in by_class(page, "kind-badge")] == [claim.kind]
    index = parse(site / "essay" / "claims" / "index.html")
    assert sorted(e.text for e in by_class(index, "verdict-badge")) == \
        sorted(MARKS[c.verdict].label for c in catalogue.claims)


def test_topic_maps_draw_the_topics_related_claims(built) -> None:
    site, catalogue = built
    drawn = 0
    for topic in catalogue.topics:
        members = {c.id for c in catalogue.claims if topic.id in c.topics}
        related = {end for c in catalogue.claims if c.id in members for r in c.relations if r.claim in members
                   for end in (c.id, r.claim)}
        page = parse(_page(site, f"essay/topics/{topic.id}/"))
        nodes = {e.attrs["href"].strip("./").split("/")[-1] for e in by_class(page, "node")}
        assert nodes == related, topic.id
        drawn += len(nodes)
    assert drawn


def test_search_index_leaves_out_the_map_drawing(built) -> None:
    site, _ = built
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    page = parse(site / "essay" / "map" / "index.html")
    drawn = [e.text for e in page.elements if e.tag == "tspan" and len(e.text) > 12]
    assert drawn  # the map is there, with its labels
    entries = [d for d in index["docs"] if d["location"].startswith("essay/map/")
               and not d["location"].endswith("#the-relations-in-words")]  # that list names the claims: indexed
    assert entries[0]["text"]  # the words before the drawing are indexed, however many trees follow
    assert not [label for label in drawn for d in entries if label in d["text"]]


def test_glossary_terms_have_their_definition_on_every_page(real_site: Path) -> None:
    site, catalogue = real_site, pipeline.check(CATALOGUES["real_site"], root=ROOT).catalogue
    assert catalogue and catalogue.glossary
    marked = 0
    for file in site.rglob("*.html"):
        page = parse(file)
        article = next((e for e in page.elements if e.tag == "article"), None)
        if article is None:
            continue
        titles = {e.text: e.attrs.get("title") for e in page.elements if e.tag == "abbr"}
        text = article.text
        for tip in by_class(page, "claim-tip"):  # the essay's hidden tooltips: summaries, not reading text
            text = text.replace(tip.text, " ")
        for term, definition in catalogue.glossary:
            if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text):
                assert titles.get(term) == " ".join(definition.split()), f"{file}: {term}"
                marked += 1
    assert marked > len(catalogue.glossary)


def test_no_reference_to_third_party_hosts_in_pages(built) -> None:
    site, _ = built
    for file in site.rglob("*.html"):
        page = parse(file)
        for element in page.links:
            if element.tag in ("script", "link", "img", "iframe"):
                url = element.attrs.get("src") or element.attrs.get("href")
                assert not urlsplit(url).netloc, f"{file}: {element.tag} loads {url}"
