"""The annotated essay: every claim's span highlighted in place, linked to its claim page.

Spans may overlap or nest. Each paragraph is cut at every span boundary; each piece is covered
by a set of claims and links to the innermost of them (the one that starts last, then ends
first), while `data-claims` lists them all and `data-depth` says how many. An empty marker
`<span id="c-ID">` stands where each claim starts, so "in context" links land on the exact span.
"""

from __future__ import annotations

from functools import partial

from ..model import Catalogue, Claim, Paragraph
from ..pages import ESSAY, claim_anchor, claim_page, paragraph_anchor, part_page, tip_id
from ..vocab import MARKS
from .lists import render_assessment
from .memo import PageMemo, memoised
from .text import SEARCH_EXCLUDE, Glossary, glossary_html, glossary_pattern, h, html_link, html_url, title

MAX_PART_CLAIMS = 120  #: highlighted claims on one page of the essay, at most


def essay_parts(catalogue: Catalogue, max_claims: int = MAX_PART_CLAIMS) -> list[list[Paragraph]]:
    """The essay's paragraphs cut into parts of at most `max_claims` highlighted claims each (a paragraph
    is never cut), so that a long, densely annotated essay does not become one page of megabytes."""
    per_paragraph: dict[int, int] = {}
    for claim in catalogue.claims:
        if claim.anchor:
            per_paragraph[claim.anchor.paragraph] = per_paragraph.get(claim.anchor.paragraph, 0) + 1
    parts: list[list[Paragraph]] = [[]]
    count = 0
    for paragraph in catalogue.essay.paragraphs:
        n = per_paragraph.get(paragraph.number, 0)
        if parts[-1] and count + n > max_claims:
            parts.append([])
            count = 0
        parts[-1].append(paragraph)
        count += n
    return parts


def context_pages(catalogue: Catalogue, parts: list[list[Paragraph]]) -> dict[str, str]:
    """For every anchored claim, the essay page its span stands on."""
    page_of = {p.number: part_page(i) for i, part in enumerate(parts, 1) for p in part}
    return {c.id: page_of[c.anchor.paragraph] for c in catalogue.claims if c.anchor}


def render_essay(catalogue: Catalogue, parts: list[list[Paragraph]],
                 memo: PageMemo | None = None) -> dict[str, str]:
    """The annotated essay, one page per part. With `memo`, a paragraph whose claims are marked as before
    is not rendered again."""
    essay = catalogue.essay
    anchored = [c for c in catalogue.claims if c.anchor]
    by_paragraph: dict[int, list[Claim]] = {}
    for claim in anchored:
        by_paragraph.setdefault(claim.anchor.paragraph, []).append(claim)  # type: ignore[union-attr]
    glossary = glossary_pattern(catalogue.glossary)
    legend, filters = _legend(anchored), _filters(catalogue, anchored)
    pages = {}
    for number, paragraphs in enumerate(parts, 1):
        page = part_page(number)
        on_page = [c for p in paragraphs for c in by_paragraph.get(p.number, [])]
        heading = essay.title if number == 1 else f"{essay.title} (part {number} of {len(parts)})"
        out = ["---", title(heading), "---", "", '<div class="essay-page">',
               *([render_assessment(catalogue)] if number == 1 else []), _byline(catalogue), legend, filters,
               _part_nav(page, number, len(parts)), '<article class="essay" aria-label="The essay, annotated">']
        for paragraph in paragraphs:
            claims = by_paragraph.get(paragraph.number, [])
            shown = tuple((c.id, c.verdict, c.topics, c.anchor) for c in claims)  # what the marks show
            inner = memoised(memo, ("paragraph", paragraph.text, paragraph.start, shown, page, catalogue.glossary),
                             partial(_paragraph, paragraph.text, paragraph.start, claims, page, glossary))
            pid = paragraph_anchor(paragraph.number)
            link = (f'<a class="essay-permalink" href="#{pid}" '
                    f'aria-label="Link to paragraph {paragraph.number}">¶</a>' if paragraph.number else "")
            tag = "h1" if paragraph.number == 0 else "p"
            out.append(f'<{tag} id="{pid}" class="essay-p">{inner}{link}</{tag}>')
        out += ["</article>", _part_nav(page, number, len(parts)), _tips(on_page), "</div>"]
        pages[page] = "\n".join(out) + "\n"
    return pages


def _part_nav(page: str, number: int, total: int) -> str:
    if total == 1:
        return ""
    links = "".join(f'<li><a href="{html_link(page, part_page(i))}"'
                    + (' aria-current="page"' if i == number else "") + f">Part {i}</a></li>"
                    for i in range(1, total + 1))
    return f'<nav class="essay-parts" aria-label="Parts of the essay"><ul>{links}</ul></nav>'


def _byline(catalogue: Catalogue) -> str:
    essay = catalogue.essay
    bits = [f'By <span class="essay-author">{h(essay.author)}</span>']
    if essay.publisher:
        bits.append(f"published by {h(essay.publisher)}")
    if essay.published:
        bits.append(f"<time>{h(essay.published)}</time>")
    line = ", ".join(bits) + "."
    original = (f' <a class="essay-original" href="{html_url(essay.url)}" rel="noopener">Read the original</a>.'
                if essay.url else "")
    note = f'<p class="essay-author-note">{h(essay.author_note)}</p>' if essay.author_note else ""
    owners = "its author's and its original publisher's" if essay.publisher else "its author's"
    return (f'<div class="essay-byline"><p>{line}{original} Reproduced here for commentary; the text is '
            f"{owners}.</p>{note}</div>")


def _legend(claims: list[Claim]) -> str:
    counts: dict[str, int] = {}
    for claim in claims:
        counts[claim.verdict] = counts.get(claim.verdict, 0) + 1
    items = "".join(
        f'<li><span class="hl-swatch verdict-{v}" aria-hidden="true"></span>{h(MARKS[v].label)} '
        f'<span class="legend-count">({n})</span></li>'
        for v, n in ((v.id, counts[v.id]) for v in MARKS.values() if v.id in counts))
    return (f'<div class="essay-legend"><p>Highlighted: {len(claims)} claims, each marked with the colour and '
            "the shape of its verdict. Hover over, focus or tap a highlight for its summary; follow it for the "
            "evidence.</p>"
            f'<ul class="legend-items">{items}</ul></div>')


def _filters(catalogue: Catalogue, claims: list[Claim]) -> str:
    """Controls to narrow the highlights to one topic or verdict; annotator.js shows and runs them."""
    used_topics = {t for c in claims for t in c.topics}
    used_verdicts = {c.verdict for c in claims}
    topics = [t for t in catalogue.topics if t.id in used_topics]
    verdicts = [v for v in MARKS.values() if v.id in used_verdicts]
    topic_options = "".join(f'<option value="{t.id}">{h(t.title)}</option>' for t in topics)
    verdict_options = "".join(f'<option value="{v.id}">{h(v.label)}</option>' for v in verdicts)
    return ('<form class="essay-filter" hidden aria-label="How to show the essay">'
            '<fieldset class="essay-modes"><legend>Show</legend>'
            '<label><input type="radio" name="mode" value="plain"> The essay as written</label>'
            '<label><input type="radio" name="mode" value="highlights" checked> Claims highlighted</label>'
            '<label class="essay-mode-margin"><input type="radio" name="mode" value="margin"> '
            'Notes in the margin</label></fieldset> '
            '<label>Topic <select name="topic"><option value="">All topics</option>'
            f"{topic_options}</select></label> "
            '<label>Verdict <select name="verdict"><option value="">All verdicts</option>'
            f"{verdict_options}</select></label> "
            '<output class="essay-filter-count" aria-live="polite"></output></form>')


def _paragraph(text: str, offset: int, claims: list[Claim], page: str = ESSAY,
               glossary: Glossary = None) -> str:
    """`text` as HTML with the spans of `claims` (anchored in the essay at `offset`) highlighted."""
    if not claims:
        return glossary_html(text, glossary)
    spans = [(c.anchor.start - offset, c.anchor.end - offset, c) for c in claims]  # type: ignore[union-attr]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    starts: dict[int, list[Claim]] = {}
    for s, _, c in spans:
        starts.setdefault(s, []).append(c)
    out: list[str] = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        for c in sorted(starts.get(left, []), key=lambda c: c.id):
            out.append(f'<span id="{claim_anchor(c.id)}" class="claim-start verdict-{c.verdict}" '
                       f'data-claim="{c.id}" data-verdict="{c.verdict}" data-topics="{" ".join(c.topics)}" '
                       'aria-hidden="true"></span>')
        covering = [(s, e, c) for s, e, c in spans if s <= left and right <= e]
        piece = glossary_html(text[left:right], glossary)
        if not covering:
            out.append(piece)
            continue
        inner = max(covering, key=lambda span: (span[0], -span[1], span[2].id))[2]
        ids = " ".join(c.id for _, _, c in sorted(covering, key=lambda span: (span[0], -span[1], span[2].id)))
        out.append(
            f'<a class="hl verdict-{inner.verdict}" href="{html_link(page, claim_page(inner.id))}" '
            f'data-claim="{inner.id}" data-claims="{ids}" data-depth="{len(covering)}" '
            f'data-verdict="{inner.verdict}" data-topics="{" ".join(inner.topics)}" '
            f'aria-describedby="{tip_id(inner.id)}">{piece}<span class="sr-only" {SEARCH_EXCLUDE}> '
            f'({h(MARKS[inner.verdict].label)})</span></a>')
    return "".join(out)


def _tips(claims: list[Claim]) -> str:
    """One hidden description per claim: what hover and focus show, and what screen readers announce."""
    items = "".join(
        f'<span id="{tip_id(c.id)}" class="claim-tip" role="tooltip" data-verdict="{c.verdict}">'
        f'<strong>{h(MARKS[c.verdict].label)}</strong> {h(c.kind)}: {h(c.summary)}</span>'
        for c in claims)
    return f'<div class="claim-tips" hidden>{items}</div>'
