"""The fixed vocabularies of the catalogue. The JSON Schemas list the same values (a test holds them equal)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    id: str
    label: str
    rating: int | None  #: 1 (false) … 5 (supported) on the ClaimReview scale; None where no rating applies
    meaning: str


VERDICTS: tuple[Verdict, ...] = (
    Verdict(id="supported", label="Supported", rating=5,
            meaning="The sources show the claim as stated."),
    Verdict(id="mostly-supported", label="Mostly supported", rating=4,
            meaning="The core of the claim holds; a detail is wrong, imprecise or overstated."),
    Verdict(id="partly-supported", label="Partly supported", rating=3,
            meaning="Some of the claim holds and some does not, or it holds only with context the essay leaves out."),
    Verdict(id="disputed", label="Disputed", rating=3,
            meaning="An interpretation or forecast on which informed sources disagree; the evidence points both ways."),
    Verdict(id="misleading", label="Misleading", rating=2,
            meaning="Literally defensible, but it leaves a false impression the sources correct."),
    Verdict(id="unsupported", label="Unsupported", rating=2,
            meaning="No source found shows it, or the sources show something weaker."),
    Verdict(id="false", label="False", rating=1,
            meaning="The sources contradict it."),
    Verdict(id="unverified", label="Unverified", rating=None,
            meaning="It could not be checked against a verifiable source; the rationale says what is missing."),
)

KINDS: dict[str, str] = {
    "fact": "A statement about what happened or what is, checkable against records.",
    "interpretation": "A reading of the facts: what they mean, show or reveal.",
    "prediction": "A statement about what will or could happen, assessed with hindsight as of its review date.",
}

RELATIONS: dict[str, tuple[str, str]] = {
    # type: (how the claim that declares it reads, how the other claim reads it back)
    "supports": ("supports", "is supported by"),
    "contradicts": ("contradicts", "is contradicted by"),
    "depends-on": ("depends on", "is a premise of"),
    "elaborates": ("elaborates", "is elaborated by"),
}

SOURCE_KINDS: dict[str, str] = {
    "primary": "Primary documents: official statements, transcripts, records, statistics from their publisher.",
    "news": "News reports.",
    "analysis": "Analysis and commentary by researchers and journalists.",
    "data": "Data sets and statistical series.",
}


def verdict(verdict_id: str) -> Verdict:
    """The verdict with this id."""
    return next(v for v in VERDICTS if v.id == verdict_id)
