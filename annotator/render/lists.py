"""The index pages: home summary, all claims, topics, bibliography, verdict vocabulary."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import partial

from ..model import Catalogue, Claim, Source
from ..pages import CLAIMS, ESSAY, MAP, SOURCES, TOPICS, claim_page, from_docs, source_anchor, topic_page
from ..vocab import KINDS, NOT_RATED, SOURCE_KINDS, VERDICTS
from .argmap import render_topic_map
from .memo import PageMemo, memoised
from .text import (
    SEARCH_EXCLUDE,
    Glossary,
    badge_html,
    h,
    html_link,
    html_text,
    inert,
    md,
    md_link,
    plural,
    source_html,
    title,
)


def essay_order(claims: tuple[Claim, ...] | list[Claim]) -> list[Claim]:
    """Claims in the order their quotes appear in the essay, unanchored ones last, then by id."""
    return sorted(claims, key=lambda c: (c.anchor is None, c.anchor.start if c.anchor else 0, c.id))


def _claim_table(catalogue: Catalogue, page: str, claims: list[Claim], *, topics: bool = True,
                 glossary: Glossary = None) -> list[str]:
    """The claims as a table whose first columns, the claim (its summary, as the link) and the verdict, stay
    in view on a phone. Raw HTML: a thousand rows of links cost Markdown (and MkDocs) ten times as much. Left
    out of the search index: its words are the claims' summaries, which a search finds on their own pages."""
    head = "<th>Claim</th><th>Verdict</th>" + ("<th>Topics</th>" if topics else "") + "<th>Kind</th>"
    out = [f"<table {SEARCH_EXCLUDE}>", "<thead>", f"<tr>{head}</tr>", "</thead>", "<tbody>"]
    for c in claims:
        topic_links = ", ".join(f'<a href="{html_link(page, topic_page(t))}">'
                                f"{html_text(catalogue.topic(t).title, glossary)}</a>" for t in c.topics)
        out.append(f'<tr><td><a href="{html_link(page, claim_page(c.id))}">{html_text(c.summary, glossary)}</a></td>'
                   f"<td>{badge_html(c.verdict)}</td>" + (f"<td>{topic_links}</td>" if topics else "")
                   + f"<td>{h(c.kind)}</td></tr>")
    return [*out, "</tbody>", "</table>", ""]


def render_claims_index(catalogue: Catalogue, glossary: Glossary = None) -> str:
    claims = essay_order(catalogue.claims)
    out = ["---", title("All claims"), "---", "", "# All claims", "",
           f"{plural(len(claims), 'claim')} in the order the essay makes them. "
           f"[Read them in the essay]({md_link(CLAIMS, ESSAY)}), or browse by [topic]({md_link(CLAIMS, TOPICS)}).",
           ""]
    return "\n".join(out + _claim_table(catalogue, CLAIMS, claims, glossary=glossary))


def render_topics_index(catalogue: Catalogue) -> str:
    counts = Counter(t for c in catalogue.claims for t in c.topics)
    out = ["---", title("Topics"), "---", "", "# Topics", ""]
    for topic in catalogue.topics:
        out += [f"## [{md(topic.title)}]({md_link(TOPICS, topic_page(topic.id))})", "",
                md(topic.summary), "", plural(counts[topic.id], "claim") + ".", ""]
    return "\n".join(out)


def render_topic(catalogue: Catalogue, topic_id: str, claims: list[Claim], glossary: Glossary = None) -> str:
    """A topic's page; `claims` are the claims filed under it."""
    topic = catalogue.topic(topic_id)
    page = topic_page(topic_id)
    claims = essay_order(claims)
    out = ["---", title(topic.title), "---", "", f"# {md(topic.title)}", "", md(topic.summary), "",
           f"## Claims ({len(claims)})", ""]
    if not claims:
        return "\n".join(out + ["No claim is filed under this topic yet.", ""])
    table = _claim_table(catalogue, page, claims, topics=False, glossary=glossary)
    return "\n".join(out + table + render_topic_map(page, claims))


def render_sources(catalogue: Catalogue, glossary: Glossary = None,
                   memo: PageMemo | None = None) -> str:
    """The bibliography, each source with the claims that cite it. With `memo`, a source whose entry shows
    nothing new (itself, its citing claims' summaries) is not rendered again."""
    cited: dict[str, set[str]] = {}
    for c in catalogue.claims:
        for ref in [e.source for e in c.evidence] + [s for cp in c.counterpoints for s in cp.sources]:
            cited.setdefault(ref, set()).add(c.id)
    out = ["---", title("Sources"), "---", "", "# Sources", "",
           f"{plural(len(catalogue.sources), 'source')} cited by the claims, grouped by kind. "
           "Each lists the claims that cite it.", ""]
    for kind in SOURCE_KINDS.values():
        group = sorted((s for s in catalogue.sources if s.kind == kind.id), key=lambda s: (s.title.casefold(), s.id))
        if not group:
            continue
        # Raw HTML, as the claims' table: hundreds of links. Left out of the search index: a cited source's
        # title and publisher are found on the pages of the claims that cite it, with what it shows there.
        out += [f"## {md(kind.heading)}", "", md(kind.meaning), "", f'<ul class="source-list" {SEARCH_EXCLUDE}>']
        for s in group:
            users = tuple((cid, catalogue.claim(cid).summary) for cid in sorted(cited.get(s.id, ())))
            out.append(memoised(memo, ("source", s, users, catalogue.glossary),
                                partial(_source_entry, s, users, glossary)))
        out += ["</ul>", ""]
    return "\n".join(out)


def _source_entry(s: Source, users: tuple[tuple[str, str], ...], glossary: Glossary) -> str:
    note = f" {html_text(s.note, glossary)}" if s.note else ""
    cited_by = "; ".join(f'<a href="{html_link(SOURCES, claim_page(cid))}">{html_text(summary, glossary)}</a>'
                         for cid, summary in users)
    return (f'<li><span id="{source_anchor(s.id)}"></span>{source_html(s, glossary)}.{note}<br>\n'
            f"Cited by: {cited_by or 'no claim'}.</li>")


def render_home(catalogue: Catalogue) -> str:
    """The home page's body, included into docs/index.md: links start from the docs folder."""
    essay = catalogue.essay
    link = from_docs
    by_topic = Counter(t for c in catalogue.claims for t in c.topics)
    body = [p for p in essay.paragraphs if p.number]
    covered_paragraphs = {c.anchor.paragraph for c in catalogue.claims if c.anchor and c.anchor.paragraph}
    covered_chars = _covered(catalogue)
    total_chars = sum(len(p.text) for p in essay.paragraphs)
    share = round(100 * covered_chars / total_chars) if total_chars else 0
    out = [f"# {md(essay.title)}", "", render_assessment(catalogue), ""]
    if essay.site_note:
        out += [md(essay.site_note), ""]
    out += [f"**[Read the essay, annotated]({link(ESSAY)})** · [All claims]({link(CLAIMS)}) · "
            f"[Topics]({link(TOPICS)}) · [Sources]({link(SOURCES)}) · [Argument map]({link(MAP)})", ""]
    if essay.thesis:
        out += ["## The essay's thesis", "", md(essay.thesis), ""]
    out += [f"By {md(essay.author)}" + (f", {md(essay.publisher)}" if essay.publisher else "")
            + (f", {md(essay.published)}" if essay.published else "") + ".", "",
            "## What the catalogue holds", "",
            f"{plural(len(catalogue.claims), 'claim')} from {plural(len(covered_paragraphs), 'paragraph')} "
            f"of {len(body)}; {share}% of the essay's text is annotated.", "",
            "| Topic | Claims |", "|---|---|"]
    out += [f"| [{md(t.title)}]({link(topic_page(t.id))}) | {by_topic[t.id]} |" for t in catalogue.topics]
    out += ["", "| Kind | Claims |", "|---|---|"]
    kinds = Counter(c.kind for c in catalogue.claims)
    out += [f"| {md(k)} | {kinds[k]} |" for k in KINDS if kinds[k]]
    return "\n".join(out) + "\n"


def render_assessment(catalogue: Catalogue) -> str:
    """The bottom line, as raw HTML: the editors' assessment of the essay (when essay.yml has one), then the
    claims' verdicts counted, as a chart that is also its own text (marker, label, count; bars aside), then
    the assessment's reasons."""
    claims = [c for c in catalogue.claims if c.verdict in VERDICTS]  # the rated ones: opinions are counted apart
    unrated = len(catalogue.claims) - len(claims)
    by_verdict = Counter(c.verdict for c in claims)
    most = max(by_verdict.values(), default=1)
    rows = "".join(
        f'<li class="verdict-{v.id}"><span class="vmark" aria-hidden="true"></span>'
        f'<span class="breakdown-label">{h(v.label)}</span>'
        f'<span class="breakdown-bar" aria-hidden="true"><span style="width: {100 * by_verdict[v.id] // most}%">'
        f'</span></span><span class="breakdown-count">{by_verdict[v.id]}</span></li>'
        for v in VERDICTS.values() if by_verdict[v.id])
    if unrated:
        rows += (f'<li class="verdict-{NOT_RATED.id} breakdown-unrated"><span class="vmark" aria-hidden="true"></span>'
                 f'<span class="breakdown-label">{h(NOT_RATED.label)}</span><span class="breakdown-bar" '
                 f'aria-hidden="true"></span><span class="breakdown-count">{unrated}</span></li>')
    kinds = Counter(c.kind for c in catalogue.claims)
    holding = [v for v in VERDICTS.values() if v.rating is not None and v.rating >= 4]  # the claim holds
    held = Counter(c.kind for c in claims if VERDICTS[c.verdict] in holding)
    said = " or ".join(v.label.lower() for v in holding)
    by_kind = "; ".join(f"{plural(kinds[k], k)} ({held[k]} {said})" if KINDS[k].rated else
                        f"{plural(kinds[k], k)} (not rated)" for k in KINDS if kinds[k])
    caption = (f"The {plural(len(claims), 'claim')}, by verdict" if not unrated else
               f"The {plural(len(claims), 'rated claim')}, by verdict, and the {plural(unrated, 'opinion')}, "
               "not rated")
    chart = ['<figure class="breakdown" aria-labelledby="breakdown-caption">',
             f'<figcaption id="breakdown-caption">{h(caption)}</figcaption>',
             f'<ul class="breakdown-verdicts">{rows}</ul>',
             f'<p class="breakdown-kinds">By kind: {h(by_kind)}.</p>' if kinds else "", "</figure>"]
    assessment = catalogue.essay.assessment
    if not assessment:
        return "\n".join(line for line in chart if line)
    v = VERDICTS[assessment.verdict]
    out = [f'<section class="assessment verdict-{v.id}" aria-labelledby="bottom-line">',
           '<h2 id="bottom-line">Does the essay hold up?</h2>',
           f'<p class="assessment-verdict"><span class="vmark" aria-hidden="true"></span>'
           f"Our assessment: <strong>{h(v.label)}</strong></p>", *chart,
           f'<p class="assessment-rationale">{h(assessment.rationale)}</p>', "</section>"]
    return "\n".join(line for line in out if line)


def _covered(catalogue: Catalogue) -> int:
    """How many characters of the essay lie inside at least one claim's span."""
    spans = sorted((c.anchor.start, c.anchor.end) for c in catalogue.claims if c.anchor)
    total, reach = 0, 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def render_abbreviations(catalogue: Catalogue) -> str:
    """Markdown abbreviation definitions for every glossary term (a snippet for hand-written pages)."""
    return "".join(_abbreviation(term, definition) for term, definition in catalogue.glossary)


def _abbreviation(term: str, definition: str) -> str:
    return f"*[{term}]: {md(inert(definition))}\n"


def glossary_appender(catalogue: Catalogue) -> Callable[[str], str]:
    """A function that ends a page with the definitions of the glossary terms it holds (in any of the forms
    the renderers write them), so the abbr extension marks them; a page without one is left as it is."""
    if not catalogue.glossary:
        return lambda page: page
    definitions = {}
    for term, definition in catalogue.glossary:
        for form in (term, md(term), h(term)):
            definitions[form] = term, definition
    pattern = re.compile("|".join(re.escape(form) for form in sorted(definitions, key=len, reverse=True)))

    def append(page: str) -> str:
        found = sorted({definitions[form] for form in pattern.findall(page)})
        return page + "\n" + "".join(_abbreviation(*term) for term in found) if found else page
    return append


def render_glossary(catalogue: Catalogue) -> str:
    out = ["---", title("Glossary"), "---", "", "# Glossary", ""]
    if not catalogue.glossary:
        return "\n".join(out + ["This essay's catalogue defines no terms.", ""])
    out += ["Terms the essay uses without explaining them. Wherever they appear on this site, "
            "hovering over them shows the definition.", ""]
    for term, definition in catalogue.glossary:
        out += [f"**{md(term)}**", f": {md(definition)}", ""]
    return "\n".join(out)
