"""The fixed vocabularies of the catalogue: the one place each verdict, kind, relation type and source kind
is defined, with everything shown for it (labels, headings, line styles, the guide's wording).

Every vocabulary is a mapping from id to a frozen entry, in the order pages list them. The code reads
them from here; what cannot import Python (the JSON Schemas, the CSS, the issue forms and
CONTRIBUTING.md) is held to them by tests/test_vocab.py, which also rewrites the schemas' enums and
the guide's tables from them (`pytest --update-golden`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    id: str
    label: str
    rating: int | None  #: 1 (false) … 5 (supported) on the ClaimReview scale; None where no rating applies
    meaning: str
    light: str  #: its colour on the light scheme (text, underline, stripe)
    dark: str  #: its colour on the dark scheme
    shape: str  #: its marker, in words: what a reader who cannot tell the colours apart still sees
    path: str  #: the marker as an SVG path in a 10 × 10 box (even-odd filled), shown with every colour
    glyph: str  #: the same shape as a character, for plain text: page titles, and so search results


@dataclass(frozen=True, slots=True, kw_only=True)
class Kind:
    id: str
    meaning: str  #: one sentence, shown on claim pages in brackets
    advice: str = ""  #: more for editors, in CONTRIBUTING.md only
    rated: bool = True  #: whether a claim of this kind gets a verdict (an opinion does not)


@dataclass(frozen=True, slots=True, kw_only=True)
class RelationType:
    id: str
    forward: str  #: how the claim that declares the relation reads it: "X supports Y"
    backward: str  #: how the other claim reads it back: "Y is supported by X"
    dash: str  #: SVG stroke-dasharray of its arrows on the argument map ("" for a solid line)
    colour: str  #: the verdict whose colour its arrows take
    advice: str = ""  #: for editors, in CONTRIBUTING.md only


@dataclass(frozen=True, slots=True, kw_only=True)
class SourceKind:
    id: str
    heading: str  #: the bibliography's heading for sources of this kind
    meaning: str


_Entry = TypeVar("_Entry", Verdict, Kind, RelationType, SourceKind)


def _by_id(*entries: _Entry) -> dict[str, _Entry]:
    return {entry.id: entry for entry in entries}


VERDICTS: dict[str, Verdict] = _by_id(
    Verdict(id="supported", label="Supported", rating=5,
            meaning="The sources show the claim as stated.",
            light="#1b7f3b", dark="#5cc981",
            shape="a tick", path="M0 5.6 1.6 4 4 6.4 8.4 1.2 10 2.8 4 9.6Z",
            glyph="✓"),
    Verdict(id="mostly-supported", label="Mostly supported", rating=4,
            meaning="The core of the claim holds; a detail is wrong, imprecise or overstated.",
            light="#5a8f1c", dark="#a3cf5b",
            shape="a filled circle", path="M5 0A5 5 0 1 1 5 10 5 5 0 1 1 5 0Z",
            glyph="●"),
    Verdict(id="partly-supported", label="Partly supported", rating=3,
            meaning="Some of the claim holds and some does not, or it holds only with context the essay leaves out.",
            light="#a86b00", dark="#f0b44c",
            shape="a half-filled circle", path="M5 0A5 5 0 1 1 5 10 5 5 0 1 1 5 0ZM5 1.6V8.4A3.4 3.4 0 1 1 5 1.6Z",
            glyph="◐"),
    Verdict(id="disputed", label="Disputed", rating=3,
            meaning="An interpretation or forecast on which informed sources disagree; the evidence points both ways.",
            light="#7b4fb3", dark="#b99cf0",
            shape="a diamond", path="M5 0 10 5 5 10 0 5Z",
            glyph="◆"),
    Verdict(id="misleading", label="Misleading", rating=2,
            meaning="Literally defensible, but it leaves a false impression the sources correct.",
            light="#c2410c", dark="#ff9a5c",
            shape="a triangle pointing down", path="M0 .8H10L5 9.6Z",
            glyph="▼"),
    Verdict(id="unsupported", label="Unsupported", rating=2,
            meaning="No source found shows it, or the sources show something weaker.",
            light="#b42318", dark="#ff8a80",
            shape="a ring", path="M5 0A5 5 0 1 1 5 10 5 5 0 1 1 5 0ZM5 2.4A2.6 2.6 0 1 0 5 7.6 2.6 2.6 0 1 0 5 2.4Z",
            glyph="○"),
    Verdict(id="false", label="False", rating=1,
            meaning="The sources contradict it.",
            light="#8f1010", dark="#ff6b6b",
            shape="a cross", path="M1.4 0 5 3.6 8.6 0 10 1.4 6.4 5 10 8.6 8.6 10 5 6.4 1.4 10 0 8.6 3.6 5 0 1.4Z",
            glyph="✗"),
    Verdict(id="unverified", label="Unverified", rating=None,
            meaning="It could not be checked against a verifiable source; the rationale says what is missing.",
            light="#5f6b7a", dark="#a9b4c2",
            shape="a square outline", path="M0 0H10V10H0ZM2.4 2.4V7.6H7.6V2.4Z",
            glyph="□"),
)

KINDS: dict[str, Kind] = _by_id(
    Kind(id="fact", meaning="A statement about what happened or what is, checkable against records."),
    Kind(id="interpretation", meaning="A reading of the facts: what they mean, show or reveal.",
         advice="A concession the author makes against their own argument is an interpretation too."),
    Kind(id="prediction",
         meaning="A statement about what will or could happen, assessed with hindsight as of its review date.",
         advice="The rationale says what has happened since."),
    Kind(id="opinion",
         meaning="A value judgement, exhortation or piece of rhetoric that no evidence can settle: shown, not rated.",
         advice="It takes no `verdict`; `rationale`, `evidence` and `reviewed` are optional (a rationale can say "
                "why it is an opinion, or what it rests on).",
         rated=False),
)

#: The mark of a claim that is not rated (an opinion): shown like a verdict, with a shape and colour of its own,
#: but not one of VERDICTS, so never counted with them, offered to editors or given a ClaimReview rating.
NOT_RATED = Verdict(id="not-rated", label="Opinion — not rated", rating=None,
                    meaning="A value judgement, exhortation or piece of rhetoric: shown, not rated.",
                    light="#0e6f86", dark="#5fc8dc",
                    shape="a bar", path="M0 3.4H10V6.6H0Z", glyph="▬")

#: Every mark a claim can carry: the verdicts, then the mark of a claim that is not rated.
MARKS: dict[str, Verdict] = {**VERDICTS, NOT_RATED.id: NOT_RATED}

RELATIONS: dict[str, RelationType] = _by_id(
    RelationType(id="supports", forward="supports", backward="is supported by", dash="", colour="supported"),
    RelationType(id="contradicts", forward="contradicts", backward="is contradicted by", dash="6 4",
                 colour="unsupported"),
    RelationType(id="depends-on", forward="depends on", backward="is a premise of", dash="2 3",
                 advice="needs the other to hold", colour="unverified"),
    RelationType(id="elaborates", forward="elaborates", backward="is elaborated by", dash="10 3 2 3",
                 colour="disputed"),
)

SOURCE_KINDS: dict[str, SourceKind] = _by_id(
    SourceKind(id="primary", heading="Primary documents",
               meaning="Primary documents: official statements, transcripts, records, statistics from their "
                       "publisher."),
    SourceKind(id="news", heading="News reports", meaning="News reports."),
    SourceKind(id="analysis", heading="Analysis", meaning="Analysis and commentary by researchers and journalists."),
    SourceKind(id="data", heading="Data", meaning="Data sets and statistical series."),
)
