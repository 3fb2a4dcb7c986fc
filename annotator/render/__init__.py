"""Render stage: the catalogue as Markdown pages. Pure: no I/O, the same input gives the same bytes."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from functools import partial
from typing import Any

from ..export import claim_review, json_ld_script
from ..history import History
from ..model import Catalogue, Claim
from ..pages import (
    ABBREVIATIONS,
    CLAIMS,
    CORRECTIONS,
    GLOSSARY,
    HOME,
    MAP,
    METHODOLOGY,
    SOURCES,
    STYLES,
    TOPICS,
    claim_page,
    is_snippet,
    topic_page,
)
from ..relations import Link, relation_index
from ..site import Site
from .argmap import render_map
from .claim import render_claim
from .corrections import claim_history, render_corrections
from .essay import MAX_PART_CLAIMS, context_pages, essay_parts, render_essay
from .lists import (
    glossary_appender,
    render_abbreviations,
    render_claims_index,
    render_glossary,
    render_home,
    render_sources,
    render_topic,
    render_topics_index,
)
from .memo import PageMemo, memoised
from .methodology import render_methodology
from .styles import render_styles
from .text import Glossary, glossary_pattern


def render(catalogue: Catalogue, *, site: Site | None = None, part_claims: int = MAX_PART_CLAIMS,
           memo: PageMemo | None = None, history: History | Future[History] | None = None) -> dict[str, str]:
    """Every generated file: path relative to the generated folder (docs/essay/) → its text (Markdown pages,
    and the vocabulary's stylesheet).

    `site` gives the settings links and structured data need; `part_claims` caps the claims on one
    page of the essay. With `memo`, a claim or topic page whose inputs are all unchanged since an earlier
    call is not rendered again (its key holds every value the page shows). `history` (read from git; none:
    unavailable) gives each claim's dates and verdict history, and the Corrections page. It may still be being
    read (a Future): everything else is rendered first, each claim page with stand-ins for its history's lines.
    """
    site = site or Site()
    links = relation_index(catalogue)
    parts = essay_parts(catalogue, part_claims)
    context = context_pages(catalogue, parts)
    with_glossary = glossary_appender(catalogue)
    glossary = glossary_pattern(catalogue.glossary)
    pages = {
        **render_essay(catalogue, parts, memo),
        CLAIMS: memoised(memo, ("claims", tuple((c.id, c.summary, c.verdict, c.topics, c.kind, c.anchor)
                                                for c in catalogue.claims), catalogue.topics, catalogue.glossary),
                         lambda: render_claims_index(catalogue, glossary)),
        TOPICS: render_topics_index(catalogue),
        SOURCES: render_sources(catalogue, glossary, memo),
        MAP: render_map(catalogue),
        HOME: render_home(catalogue),
        METHODOLOGY: render_methodology(catalogue, site),
        ABBREVIATIONS: render_abbreviations(catalogue),
        STYLES: render_styles(),
    }
    if catalogue.glossary:  # no glossary, no page (and the hook takes it out of the navigation)
        pages[GLOSSARY] = render_glossary(catalogue)
    essay = catalogue.essay
    shown = (essay.title, essay.author, essay.url, essay.publisher, essay.published, catalogue.glossary, site)
    bodies = {}
    for claim in catalogue.claims:
        related = tuple((link, catalogue.claim(link.other).summary, catalogue.claim(link.other).verdict)
                        for link in links[claim.id])
        cited = tuple(catalogue.source(s) for s in
                      [e.source for e in claim.evidence] + [s for c in claim.counterpoints for s in c.sources])
        key: tuple[Any, ...] = ("claim", claim, related, cited, tuple(catalogue.topic(t) for t in claim.topics),
                                context.get(claim.id, ""), shown)
        bodies[claim.id] = memoised(memo, key, partial(
            _claim_body, catalogue, claim, links[claim.id], context.get(claim.id, ""), site, glossary))
    by_topic: dict[str, list] = {t.id: [] for t in catalogue.topics}
    for claim in catalogue.claims:
        for topic_id in claim.topics:
            by_topic[topic_id].append(claim)
    topics = {}
    for topic in catalogue.topics:
        key = ("topic", topic, tuple(by_topic[topic.id]), tuple(catalogue.topics), catalogue.glossary)
        topics[topic_page(topic.id)] = memoised(memo, key, partial(
            _topic_page, catalogue, topic.id, by_topic[topic.id], glossary, with_glossary))
    # What needs the history, once it has been read.
    past = history.result() if isinstance(history, Future) else history or History()
    pages[CORRECTIONS] = memoised(memo, ("corrections", past, tuple((c.id, c.summary) for c in catalogue.claims),
                                         catalogue.glossary, site),
                                  lambda: render_corrections(catalogue, past, site, memo))
    pages = {path: with_glossary(page) if path.endswith(".md") and not is_snippet(path) else page
             for path, page in pages.items()}
    pages.update(topics)
    for claim in catalogue.claims:
        dates, verdicts = claim_history(catalogue, claim, claim_page(claim.id), past, site)
        body = bodies[claim.id]
        pages[claim_page(claim.id)] = memoised(memo, ("claim-page", body, dates, tuple(verdicts), catalogue.glossary),
                                               partial(_with_history, body, dates, verdicts, with_glossary))
    return dict(sorted(pages.items()))


def _topic_page(catalogue: Catalogue, topic_id: str, claims: list[Claim], glossary: Glossary,
                with_glossary: Callable[[str], str]) -> str:
    return with_glossary(render_topic(catalogue, topic_id, claims, glossary))


#: Where a claim page's history goes, until it has been read: lines of their own, which no catalogue text can
#: hold (a NUL is a control character, which the validator refuses), nor a commit's subject (git's are C strings).
_DATES, _VERDICTS = "\x00history-dates\x00", "\x00verdict-history\x00"


def _claim_body(catalogue: Catalogue, claim: Claim, links: list[Link], context: str, site: Site,
                glossary: Glossary) -> str:
    """A claim's page with stand-ins for its dates line and its verdict history."""
    return render_claim(
        catalogue, claim, links, context=context, edit_url=site.edit_url(f"{claim.id}.yml"),
        dispute_url=site.dispute_url(claim.id), structured=json_ld_script(claim_review(catalogue, claim, site)),
        glossary=glossary, dates=_DATES, verdict_history=[_VERDICTS])


def _with_history(body: str, dates: str, verdicts: list[str], with_glossary: Callable[[str], str]) -> str:
    """The claim page: its body with its history in place of the stand-ins (as `render_claim` would place
    them: the dates line always, the section's lines, or nothing), and the glossary's definitions it uses."""
    page = body.replace(_DATES, dates)
    page = page.replace(_VERDICTS, "\n".join(verdicts)) if verdicts else \
        page.replace(_VERDICTS + "\n", "").replace("\n" + _VERDICTS, "")
    return with_glossary(page)
