"""The real catalogue meets the project's content rules (see docs/methodology.md)."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from annotator import pipeline


@pytest.fixture(scope="module")
def catalogue():
    result = pipeline.check(ROOT / "claims", root=ROOT)
    assert not result.problems, [str(p) for p in result.problems]  # no errors, and no unused source
    return result.catalogue


def test_every_paragraph_and_the_title_carry_a_claim(catalogue) -> None:
    covered = {c.anchor.paragraph for c in catalogue.claims}
    assert covered == {p.number for p in catalogue.essay.paragraphs}


def test_every_fact_cites_a_source(catalogue) -> None:
    assert [c.id for c in catalogue.claims if c.kind == "fact" and not c.evidence] == []


def test_every_interpretation_and_prediction_is_answered(catalogue) -> None:
    unanswered = [c.id for c in catalogue.claims if c.kind != "fact"
                  and not any(p.sources for p in c.counterpoints)]
    assert unanswered == []


def test_predictions_are_judged_with_hindsight(catalogue) -> None:
    written = int(catalogue.essay.published[:4])
    for claim in catalogue.claims:
        if claim.kind == "prediction":
            years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", claim.rationale)]
            assert years and max(years) > written, claim.id
            assert claim.reviewed[:4] > catalogue.essay.published[:4]


def sentences(text: str) -> int:
    return len(re.findall(r"[.!?][”\"’)]?(?=\s+[A-Z“\"(]|\s*$)", text.strip()))


def test_rationales_are_two_to_five_sentences(catalogue) -> None:
    assert [(c.id, sentences(c.rationale)) for c in catalogue.claims if not 2 <= sentences(c.rationale) <= 5] == []


def test_every_claim_takes_part_in_the_argument_map(catalogue) -> None:
    linked = {c.id for c in catalogue.claims if c.relations} | {r.claim for c in catalogue.claims for r in c.relations}
    assert [c.id for c in catalogue.claims if c.id not in linked] == []


def test_the_thesis_and_its_concession(catalogue) -> None:
    title = [c for c in catalogue.claims if c.anchor.paragraph == 0]
    assert title, "the title's thesis is a claim"
    thesis = {t.id for t in title}
    supports = [c for c in catalogue.claims if any(r.type == "supports" for r in c.relations)]
    contradicts = [c for c in catalogue.claims if any(r.type == "contradicts" for r in c.relations)]
    assert supports and contradicts
    reachable = set(thesis)
    changed = True
    while changed:
        changed = False
        for c in catalogue.claims:
            if c.id not in reachable and any(r.claim in reachable for r in c.relations):
                reachable.add(c.id)
                changed = True
    assert len(reachable) == len(catalogue.claims), "every claim bears, directly or not, on the thesis"


def test_every_topic_has_claims(catalogue) -> None:
    assert [t.id for t in catalogue.topics if not any(t.id in c.topics for c in catalogue.claims)] == []


def test_sources_are_unique_and_web_addresses(catalogue) -> None:
    urls = [s.url for s in catalogue.sources]
    assert len(urls) == len(set(urls))
    assert all(u.startswith(("https://", "http://")) for u in urls)


def test_bibliography_file_is_sorted_by_id() -> None:
    ids = [line.split(":", 1)[1].strip() for line in (ROOT / "claims" / "sources.yml").read_text().splitlines()
           if line.startswith("- id:")]
    assert ids == sorted(ids)
