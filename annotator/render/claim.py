"""One page per claim: quote in context, verdict and rationale, evidence, counterpoints, relations."""

from __future__ import annotations

import re

from ..model import Catalogue, Claim, Source
from ..pages import ESSAY, SOURCES, claim_anchor, claim_page, source_anchor, topic_page
from ..relations import Link
from ..vocab import KINDS, MARKS
from .argmap import render_claim_map
from .text import (
    Glossary,
    badge_html,
    external_html,
    external_link,
    h,
    html_link,
    html_text,
    md,
    md_link,
    source_html,
    text_fragment,
    title,
)


def render_claim(catalogue: Catalogue, claim: Claim, links: list[Link], *, context: str = ESSAY,
                 edit_url: str = "", dispute_url: str = "", structured: str = "", glossary: Glossary = None,
                 dates: str = "", verdict_history: list[str] | None = None) -> str:
    """A claim's page. `context` is the essay page its span stands on; `structured` is its JSON-LD
    <script>, already escaped for HTML; `dates` (a Markdown line: when first published, last changed) and
    `verdict_history` (a section) come from the repository's history."""
    page = claim_page(claim.id)
    v = MARKS[claim.verdict]
    essay = catalogue.essay
    heading = f"# {md(v.label)}: {md(claim.summary)} {{ .claim-title }}"
    out = ["---", title(f"{v.glyph} {v.label}: {claim.summary}"), "---", "", heading, "", _lead(claim, glossary), ""]
    if claim.anchor:
        where = [f"[Read it in context]({md_link(page, context, claim_anchor(claim.id))}) "
                 f"(paragraph {claim.anchor.paragraph})" if claim.anchor.paragraph else
                 f"[Read it in context]({md_link(page, context, claim_anchor(claim.id))}) (the title)"]
        if essay.url:
            where.append(external_link("see these words in the original article",
                                       text_fragment(essay.url, claim.anchor.exact)))
        out += [" · ".join(where), ""]
    topics = ", ".join(f"[{md(catalogue.topic(t).title)}]({md_link(page, topic_page(t))})" for t in claim.topics)
    reviewed = f" · **Reviewed:** {md(claim.reviewed)}" if claim.reviewed else ""
    out += [
        f"**Kind:** {md(claim.kind)} ({md(KINDS[claim.kind].meaning.rstrip('.').lower())}) · **Topics:** {topics}"
        + reviewed, "",
    ]
    if dates:
        out += [dates, ""]
    out += [f"## Verdict: {md(v.label)}", "", md(claim.rationale or v.meaning), ""]
    out += verdict_history or []
    out += _evidence(catalogue, page, claim, glossary)
    out += _counterpoints(catalogue, page, claim, glossary)
    if links:
        out += ["## Related claims", "", '<ul class="claim-related">']
        for link in links:
            other = catalogue.claim(link.other)
            note = f" — {html_text(link.note, glossary)}" if link.note else ""
            named = f'<a href="{html_link(page, claim_page(other.id))}">{html_text(other.summary, glossary)}</a>'
            how = html_text(link.label, glossary)
            out.append(f"<li>This claim {how} {named} {badge_html(other.verdict)}{note}</li>")
        out += ["</ul>", ""]
        out += render_claim_map(catalogue, claim, page, (link.other for link in links))
    if claim.notes:
        out += ["## Notes", "", md(claim.notes), ""]
    actions = []
    if edit_url:
        actions.append(f'<a class="md-button" href="{h(edit_url)}" rel="noopener">Edit this claim</a>')
    if dispute_url:
        actions.append(f'<a class="md-button" href="{h(dispute_url)}" rel="noopener">Dispute this claim</a>')
    if actions:
        out += ['<p class="claim-actions">' + " ".join(actions) + "</p>", ""]
    if structured:
        out += [structured, ""]
    return "\n".join(out)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘'(])")


def first_sentence(text: str) -> str:
    """The first sentence of `text` (all of it when no sentence ends before its end)."""
    return _SENTENCE_END.split(" ".join(text.split()), maxsplit=1)[0]


def _lead(claim: Claim, glossary: Glossary) -> str:
    """The box a claim page opens with: the essay's words, the verdict with its marker and why in one line,
    and our reading of the claim, each labelled (glossary terms marked, as Markdown would mark them)."""
    v = MARKS[claim.verdict]
    said = claim.anchor.exact if claim.anchor else claim.quote
    return (f'<div class="claim-lead verdict-{v.id}" role="group" aria-label="Verdict">'
            f'<p class="claim-lead-said"><span class="claim-lead-label">The essay says</span> '
            f"<q>{html_text(said, glossary)}</q></p>"
            f'<p class="claim-lead-verdict"><span class="claim-lead-label">Our verdict</span> '
            f'<span class="vmark" aria-hidden="true"></span><strong>{h(v.label)}</strong> '
            f'<span class="kind-badge">{h(claim.kind)}</span> — {h(first_sentence(claim.rationale or v.meaning))}</p>'
            f'<p class="claim-lead-reading"><span class="claim-lead-label">Our reading of the claim</span> '
            f"{html_text(claim.summary, glossary)}</p></div>")


def _source_line(page: str, source: Source, locator: str, glossary: Glossary) -> str:
    return (f"{source_html(source, glossary, locator)} "
            f'(<a href="{html_link(page, SOURCES, source_anchor(source.id))}">{h(source.kind)}</a>)')


def _passage(source: Source, passage: str, glossary: Glossary) -> str:
    """The source's own words as a quotation inside a list item, with a link to them in the source."""
    if not passage:
        return ""
    link = external_html("this passage in the source", text_fragment(source.url, passage))
    return (f"<blockquote><p>{html_text(passage, glossary)}</p><p>— {html_text(source.publisher, glossary)}: {link}</p>"
            "</blockquote>")


# The evidence, counterpoints and related claims are raw HTML: lists of links, passages and badges cost
# Markdown (and MkDocs, which checks every Markdown link) several times what the same HTML costs.

def _evidence(catalogue: Catalogue, page: str, claim: Claim, glossary: Glossary) -> list[str]:
    if not claim.evidence:
        return ["## Evidence", "", "No source is cited for this claim.", ""] if KINDS[claim.kind].rated else []
    out = ["## Evidence", "", '<ul class="claim-evidence">']
    for item in claim.evidence:
        source = catalogue.source(item.source)
        line, quoted = _source_line(page, source, item.locator, glossary), _passage(source, item.passage, glossary)
        out.append(f"<li><p>{html_text(item.shows, glossary)}<br>\n{line}</p>{quoted}</li>")
    return [*out, "</ul>", ""]


def _counterpoints(catalogue: Catalogue, page: str, claim: Claim, glossary: Glossary) -> list[str]:
    if not claim.counterpoints:
        return []
    out = ["## Counterpoints", "", '<ul class="claim-counterpoints">']
    for item in claim.counterpoints:
        sources = "; ".join(_source_line(page, catalogue.source(c.source), c.locator, glossary) for c in item.citations)
        passages = "".join(_passage(catalogue.source(c.source), c.passage, glossary) for c in item.citations)
        out.append(f"<li><p>{html_text(item.text, glossary)}<br>\n{sources}</p>{passages}</li>")
    return [*out, "</ul>", ""]
