"""Validate stage: schema, vocabularies and references; build the model from what passes.

Every problem is collected, none raised. Cross-reference checks run only on entries that passed
their schema check, so one typo gives one message, not a cascade.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .anchor import fold
from .load import Document, Loaded
from .model import (
    Assessment,
    Catalogue,
    Citation,
    Claim,
    Counterpoint,
    DataPath,
    Essay,
    Evidence,
    Paragraph,
    Relation,
    Source,
    Topic,
    Where,
)
from .problems import Problem
from .schema import Finding, check
from .vocab import KINDS, NOT_RATED

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_DAY = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")  # the schema's pattern; the calendar is checked here
#: Control characters, and the bidirectional overrides that can make text display other than it reads.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


#: What validation made of each document it has seen: (what, document, …) → (result, problems).
Memo = dict[tuple[Any, ...], tuple[Any, list[Problem]]]


def validate(loaded: Loaded, memo: Memo | None = None) -> tuple[Catalogue | None, list[Problem]]:
    """Check everything; return the catalogue (None if an essential file is unusable) and all problems.
    With `memo`, a document seen before (the same object: see `load_file`'s cache) is not checked again."""
    problems: list[Problem] = []
    essay = _essay(loaded, problems)
    topics, topic_ids = _entries(loaded.topics, "topics", Topic, problems)
    sources, source_ids = _remembered(memo, ("sources", loaded.sources), problems,
                                      partial(_entries, loaded.sources, "sources", Source))
    if "sources" in loaded.absent:  # no sources.yml: fine while no claim cites a source
        source_ids = set()
    glossary = _glossary(loaded.glossary, problems)
    checked = [(c, doc) for stem, doc in loaded.claims
               if (c := _remembered(memo, ("claim", stem, doc), problems, partial(_claim, stem, doc))) is not None]
    # Of two files with one id, the one named after it is the original: the other is reported, at its `id:`.
    checked.sort(key=lambda pair: Path(pair[1].path).stem != pair[0].id)
    claims = [c for c, _ in checked]
    _check_unique([c.id for c in claims], [doc.at(("id",)) for _, doc in checked], "claim", problems)
    known = {c.id for c in claims} | {stem for stem, _ in loaded.claims} | set(loaded.unreadable)
    _check_references(checked, known, topic_ids, sources, source_ids, problems, bool(loaded.unreadable),
                      loaded.folder)
    if essay is None:
        return None, sorted(problems)
    catalogue = Catalogue(
        essay=essay,
        topics=tuple(topics),
        sources=tuple(sorted(sources, key=lambda s: s.id)),
        claims=tuple(sorted(_first_of_each(claims), key=lambda c: c.id)),
        glossary=glossary,
    )
    return catalogue, sorted(problems)


def _remembered(memo: Memo | None, key: tuple[Any, ...], problems: list[Problem],
                compute: Callable[[list[Problem]], Any]) -> Any:
    """`compute(found)` (which adds its problems to `found`), or what it gave for `key` before."""
    if memo is not None and key in memo:
        value, found = memo[key]
    else:
        found = []
        value = compute(found)
        if memo is not None:
            memo[key] = (value, found)
    problems.extend(found)
    return value


def _problem(doc: Document, at: tuple, message: str, rule: str, *, key: bool = False,
             level: str = "error") -> Problem:
    return Problem(where=doc.at(at, key=key), level=level, message=message, rule=rule)


#: Fields whose values are ids, vocabulary words, dates or URLs: a comment after them is only a comment.
_NOT_PROSE = {"id", "kind", "verdict", "type", "claim", "source", "sources", "topics", "reviewed", "date",
              "published", "url", "term"}


def _comments(doc: Document) -> list[Problem]:
    """Unquoted text followed by ` #`: YAML drops the rest of the line as a comment, silently."""
    return [_problem(doc, at, "the text stops at ` #`: YAML reads the rest of the line as a comment; "
                              "put the whole value in quotes", "comment-cut", level="warning")
            for at in sorted(doc.cut, key=str) if not any(str(p) in _NOT_PROSE for p in at[-1:])]


def _schema(doc: Document, name: str, problems: list[Problem]) -> list[Finding]:
    """Check `doc` against schema `name` and what no schema can express; returns the schema's findings."""
    findings = check(doc.data, name, doc.plain)
    deep = _deep_checks(doc, doc.data, ())
    told = {p.where for p in deep}  # the deeper check says more: one message for one value
    problems.extend(deep)
    for f in findings:
        problem = _problem(doc, f.path, f.message, f.rule, key=f.on_key)
        if f.on_key or problem.where not in told:
            problems.append(problem)
    problems.extend(_comments(doc))
    return findings


def _deep_checks(doc: Document, value: Any, at: tuple) -> list[Problem]:
    """Checks no JSON Schema can express: control characters, real URLs and calendar dates."""
    found: list[Problem] = []
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(_deep_checks(doc, item, (*at, key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found.extend(_deep_checks(doc, item, (*at, i)))
    elif isinstance(value, str):
        if _CONTROL.search(value):
            found.append(_problem(doc, at, "contains a control or text-direction character; remove it", "format"))
        field = at[-1] if at else ""
        if field == "url" and re.match(r"^https?://", value):
            try:
                parts = urlsplit(value)
                parts.port  # noqa: B018 - raises on a malformed port
                if not parts.hostname or "." not in parts.hostname and parts.hostname != "localhost":
                    raise ValueError
            except ValueError:
                found.append(_problem(doc, at, f"`{value[:80]}` is not a well-formed URL", "format"))
        if field in ("date", "published", "reviewed") and _DAY.fullmatch(value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                found.append(_problem(doc, at, f"`{value}` is not a calendar date", "format"))
    return found


def _essay(loaded: Loaded, problems: list[Problem]) -> Essay | None:
    doc, raw = loaded.essay, loaded.essay_text
    if doc is None or raw is None:
        return None
    if _schema(doc, "essay", problems):
        return None
    text_path = f"{loaded.folder}/essay.txt"
    if _CONTROL.search(raw):
        problems.append(Problem(where=Where(path=text_path), rule="format",
                                message="contains a control or text-direction character; remove it"))
    paragraphs_text = [p.strip() for p in _PARAGRAPH_BREAK.split(raw.replace("\r\n", "\n").strip()) if p.strip()]
    if not paragraphs_text:
        problems.append(Problem(where=Where(path=text_path), message="the essay's text is empty", rule="required"))
        return None
    data = doc.data
    title = " ".join(data["title"].split())
    if fold(paragraphs_text[0]).casefold() == fold(title).casefold():
        line = raw[:len(raw) - len(raw.lstrip())].count("\n") + 1
        problems.append(Problem(where=Where(path=text_path, line=line), rule="title-line",
                                message="the first paragraph is the essay's title, which comes from `title` in "
                                        "essay.yml; remove it from essay.txt (the text starts with the body)"))
        return None
    paragraphs, start = [], 0
    for number, text in enumerate([title, *paragraphs_text]):
        paragraphs.append(Paragraph(number=number, start=start, text=text))
        start += len(text) + 2
    return Essay(
        title=data["title"], author=data["author"], author_note=data.get("author_note", ""),
        publisher=data.get("publisher", ""), published=data.get("published", ""),
        date_note=data.get("date_note", ""), url=data.get("url", ""), thesis=data.get("thesis", ""),
        type=data.get("type", "Article"), site_note=data.get("site_note", ""),
        methodology=data.get("methodology", ""), text="\n\n".join(p.text for p in paragraphs),
        assessment=Assessment(**data["assessment"]) if "assessment" in data else None,
        paragraphs=tuple(paragraphs),
    )


def _entries(doc: Document | None, name: str, cls: type,
             problems: list[Problem]) -> tuple[list, set[str] | None]:
    """Topics or sources: schema-check each entry; keep those that pass, once per id. Also returns every
    id the file names, valid entry or not, so references to a broken entry are not reported again; None
    when the file is missing, unreadable or not a list (that is reported once, and no reference checked)."""
    if doc is None:
        return [], None
    findings = _schema(doc, name, problems)
    if not isinstance(doc.data, list) or any(not f.path for f in findings):  # e.g. an empty list: said once
        return [], None
    named = {d["id"] for d in doc.data if isinstance(d, dict) and isinstance(d.get("id"), str)}
    bad = {f.path[0] for f in findings if f.path}
    entries = []
    for i, data in enumerate(doc.data):
        if i in bad or not isinstance(data, dict):
            continue
        entries.append(cls(**data, where=doc.at((i,))))
    _check_unique([e.id for e in entries], [e.where for e in entries], name.rstrip("s"), problems)
    return _first_of_each(entries), named


def _glossary(doc: Document | None, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if doc is None or doc.data is None:
        return ()
    if _schema(doc, "glossary", problems):
        return ()
    terms = [(d["term"], d["definition"]) for d in doc.data]
    wheres = [doc.at((i,)) for i in range(len(terms))]
    _check_unique([t for t, _ in terms], wheres, "term", problems)
    return tuple(sorted(dict(terms).items()))


def _claim(stem: str, doc: Document, problems: list[Problem]) -> Claim | None:
    if not isinstance(doc.data, dict):
        what = "the file is empty" if doc.data is None else "the file does not hold a mapping of fields"
        problems.append(_problem(doc, (), f"{what}; a claim file holds `id: …`, `quote: …` and the other "
                                          "fields (see CONTRIBUTING.md)", "type"))
        return None
    if _schema(doc, "claim", problems):
        return None
    data = doc.data
    if data["id"] != stem:
        problems.append(_problem(doc, ("id",), f"id `{data['id']}` differs from the file name `{stem}.yml`; "
                                               "make them the same", "file-id"))
    rated = KINDS[data["kind"]].rated
    if not rated and "verdict" in data:
        problems.append(_problem(doc, ("verdict",), f"an {data['kind']} is shown, not rated: remove `verdict` (or, "
                                                    "if the evidence can settle it, choose another kind)",
                                 "not-rated"))
    if data["kind"] == "fact":
        for i, item in enumerate(data.get("evidence", [])):
            if "passage" not in item:
                problems.append(_problem(doc, ("evidence", i), f"evidence for a fact needs `passage:` (source "
                                         f"`{item['source']}`): the source's own words that show it, copied "
                                         "verbatim, at most 500 characters; add them, or remove the item",
                                         "passage"))
    return Claim(
        id=data["id"], quote=data["quote"], prefix=data.get("prefix", ""), suffix=data.get("suffix", ""),
        summary=data["summary"], kind=data["kind"], topics=tuple(data["topics"]),
        verdict=data["verdict"] if rated else NOT_RATED.id, rationale=data.get("rationale", ""),
        evidence=tuple(Evidence(**e, where=doc.at(("evidence", i, "passage")))
                       for i, e in enumerate(data.get("evidence", []))),
        counterpoints=tuple(Counterpoint(text=c["text"], citations=tuple(
            Citation(source=s, where=doc.at(("counterpoints", i, "sources", j))) if isinstance(s, str)
            else Citation(**s, where=doc.at(("counterpoints", i, "sources", j, "passage")))
            for j, s in enumerate(c["sources"])))
            for i, c in enumerate(data.get("counterpoints", []))),
        relations=tuple(Relation(**r) for r in data.get("relations", [])),
        reviewed=data.get("reviewed", ""), notes=data.get("notes", ""),
        where=doc.at(("quote",)),
    )


def _check_unique(ids: list[str], wheres: list[Where], what: str, problems: list[Problem]) -> None:
    first: dict[str, Where] = {}
    for item_id, where in zip(ids, wheres, strict=True):
        if item_id in first:
            problems.append(Problem(where=where, rule="duplicate-id",
                                    message=f"{what} id `{item_id}` is used already at {first[item_id]}; "
                                            "give each its own id"))
        first.setdefault(item_id, where)


def _first_of_each(items: list) -> list:
    seen: set[str] = set()
    kept = []
    for item in items:
        if item.id not in seen:
            seen.add(item.id)
            kept.append(item)
    return kept


def _check_references(claims: list[tuple[Claim, Document]], claim_ids: set[str], topic_ids: set[str] | None,
                      sources: list[Source], source_ids: set[str] | None, problems: list[Problem],
                      unreadable: bool, folder: str = "claims") -> None:
    """References from valid claims; the id sets also hold entries that failed their own checks, and are
    None when their file could not be read at all (then nothing is checked against them)."""
    cited: set[str] = set()
    for claim, doc in claims:
        def missing(at: tuple, what: str, ref: str, known: set[str], doc: Document = doc) -> None:
            close = difflib.get_close_matches(ref, sorted(known), n=1)
            hint = (f"; did you mean `{close[0]}`?" if close else f"; add it to {what}s" if what == "topic" else
                    f"; add it to {folder}/sources.yml" + (" (create the file: there is none yet)" if not known
                                                          else "") if what == "source" else "")
            problems.append(_problem(doc, at, f"{what} `{ref}` does not exist{hint}", "reference"))

        for i, topic in enumerate(claim.topics):
            if topic_ids is not None and topic not in topic_ids:
                missing(("topics", i), "topic", topic, topic_ids)
        refs: list[tuple[DataPath, str]] = [(("evidence", i, "source"), e.source) for i, e in enumerate(claim.evidence)]
        refs += [(("counterpoints", i, "sources", j, "source"), s)  # a bare id stands at the item itself
                 for i, c in enumerate(claim.counterpoints) for j, s in enumerate(c.sources)]
        for at, ref in refs:
            cited.add(ref)
            if source_ids is not None and ref not in source_ids:
                missing(at, "source", ref, source_ids)
        for i, relation in enumerate(claim.relations):
            if relation.claim == claim.id:
                problems.append(_problem(doc, ("relations", i, "claim"),
                                         f"the claim `{claim.id}` is related to itself; name another claim",
                                         "self-relation"))
            elif relation.claim not in claim_ids:
                missing(("relations", i, "claim"), "claim", relation.claim, claim_ids)
    for source in sources if not unreadable else ():  # an unread claim file may cite any of them
        if source.id not in cited:
            problems.append(Problem(where=source.where,
                                    level="warning", rule="unused-source",
                                    message=f"source `{source.id}` is cited by no claim; cite it or remove it"))
