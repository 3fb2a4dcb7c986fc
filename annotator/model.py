"""The catalogue as frozen dataclasses: what every stage after `validate` works on."""

from __future__ import annotations

from dataclasses import dataclass, field

#: A path into a YAML document: mapping keys and list indices from the root.
DataPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Where:
    """A place in a catalogue file, for messages: path relative to the project, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """One paragraph of the essay and where it starts in the essay's plain text."""

    number: int  #: 0 for the title, then 1, 2, … for the body
    start: int  #: offset of its first character in `Essay.text`
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Assessment:
    """The editors' bottom line on the essay as a whole."""

    verdict: str  #: one of `vocab.VERDICTS`
    rationale: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Essay:
    """The annotated essay: its metadata and its plain text, the title and then the body's paragraphs,
    each separated by one blank line. Claims may quote the title too."""

    title: str
    author: str
    author_note: str = ""
    publisher: str = ""
    published: str = ""  #: ISO date, or "" when unknown
    date_note: str = ""  #: how `published` is known, when it is not given by the original
    url: str = ""  #: the original publication, or "" when unknown
    thesis: str = ""
    type: str = "Article"  #: what kind of text it is, as a schema.org type (CreativeWork for a speech)
    site_note: str = ""  #: what the site is: shown on the home page under the title
    methodology: str = ""  #: what the methodology page says of this catalogue in particular (Markdown)
    assessment: Assessment | None = None
    text: str
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Topic:
    id: str
    title: str
    summary: str
    where: Where


@dataclass(frozen=True, slots=True, kw_only=True)
class Source:
    id: str
    title: str
    publisher: str
    date: str = ""  #: ISO date, year-month, year, or "" when undated
    url: str
    kind: str  #: one of `vocab.SOURCE_KINDS`
    note: str = ""
    where: Where


@dataclass(frozen=True, slots=True, kw_only=True)
class Citation:
    """A source cited for a counterpoint, with its own words when the editor quotes them."""

    source: str  #: a source id
    passage: str = ""  #: the source's words, verbatim
    locator: str = ""  #: where in the source (page, section, timestamp)
    where: Where = field(default=Where(path=""), compare=False)  #: the item in its claim file


@dataclass(frozen=True, slots=True, kw_only=True)
class Evidence:
    source: str  #: a source id
    shows: str  #: what it shows, in the editor's words
    passage: str = ""  #: the source's own words that show it, verbatim
    locator: str = ""  #: where in the source (page, section, timestamp)
    where: Where = field(default=Where(path=""), compare=False)  #: the item (its passage) in its claim file


@dataclass(frozen=True, slots=True, kw_only=True)
class Counterpoint:
    text: str
    citations: tuple[Citation, ...]
    sources: tuple[str, ...] = field(init=False, repr=False, compare=False)  #: the ids of the sources cited

    def __post_init__(self) -> None:
        object.__setattr__(self, "sources", tuple(c.source for c in self.citations))


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    type: str  #: one of `vocab.RELATIONS`
    claim: str  #: the other claim's id
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchor:
    """Where a claim's quote stands in `Essay.text`: [start, end) in characters."""

    start: int
    end: int
    paragraph: int  #: the paragraph's number (0: the title)
    exact: str  #: the essay's own characters at [start, end)
    prefix: str  #: up to 32 characters before, for W3C TextQuoteSelector
    suffix: str  #: up to 32 characters after


@dataclass(frozen=True, slots=True, kw_only=True)
class Claim:
    id: str
    quote: str
    prefix: str = ""
    suffix: str = ""
    summary: str
    kind: str  #: one of `vocab.KINDS`
    topics: tuple[str, ...]
    verdict: str  #: one of `vocab.VERDICTS`, or `vocab.NOT_RATED.id` for a kind that is not rated (an opinion)
    rationale: str = ""
    evidence: tuple[Evidence, ...] = ()
    counterpoints: tuple[Counterpoint, ...] = ()
    relations: tuple[Relation, ...] = ()
    reviewed: str = ""  #: ISO date of the last review ("" for an opinion never reviewed)
    notes: str = ""
    where: Where
    anchor: Anchor | None = None  #: set by the anchor stage


@dataclass(frozen=True, kw_only=True)
class Catalogue:
    """Everything one site is built from. Claims, topics and sources are sorted by id."""

    essay: Essay
    topics: tuple[Topic, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    glossary: tuple[tuple[str, str], ...] = ()  #: (term, definition), sorted by term
    _claims: dict[str, Claim] = field(init=False, repr=False, compare=False)
    _topics: dict[str, Topic] = field(init=False, repr=False, compare=False)
    _sources: dict[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_claims", {c.id: c for c in self.claims})
        object.__setattr__(self, "_topics", {t.id: t for t in self.topics})
        object.__setattr__(self, "_sources", {s.id: s for s in self.sources})

    def claim(self, claim_id: str) -> Claim:
        return self._claims[claim_id]

    def topic(self, topic_id: str) -> Topic:
        return self._topics[topic_id]

    def source(self, source_id: str) -> Source:
        return self._sources[source_id]
