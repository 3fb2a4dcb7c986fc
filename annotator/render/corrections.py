"""What changed since: each claim's dates and verdict history, the Corrections page and its Atom feed.

Everything here comes from `history.History` (read from git) and the catalogue; nothing from the clock.
"""

from __future__ import annotations

import uuid
from functools import lru_cache, partial
from xml.sax.saxutils import escape, quoteattr

from ..history import FIELD_NAMES, REMOVED, Change, History
from ..model import Catalogue, Claim
from ..pages import CLAIMS, CORRECTIONS, FEED, claim_page, site_url
from ..site import Site
from ..vocab import MARKS
from .memo import PageMemo, memoised
from .text import SEARCH_EXCLUDE, external_link, h, html_link, md, md_link, plural


def day_anchor(change: Change) -> str:
    """The id of the heading of a correction's day on the Corrections page (what the feed links a removed
    claim to): the day itself, as the toc extension makes it from the heading."""
    return change.commit.date


def verdict_name(verdict_id: str) -> str:
    """A verdict's label with its glyph (a shape, not only a colour), or the id a past version used."""
    mark = MARKS.get(verdict_id)
    return f"{mark.glyph} {mark.label}" if mark else (verdict_id or "no verdict")


#: How a piece of text is written: as Markdown (pages), raw HTML (the Corrections page) or plain text (the feed).
MARKDOWN, HTML, TEXT = "markdown", "html", "text"


def what_changed(change: Change, style: str = MARKDOWN) -> str:
    """The change in readers' words: "verdict changed from A to B; summary and rationale revised"."""
    return _what_changed(change.action, change.verdict, change.corrected, style)


@lru_cache(maxsize=4096)  # a few kinds of change, written thousands of times on the Corrections page and the feed
def _what_changed(action: str, verdict: tuple[str, str] | None, corrected: tuple[str, ...], style: str) -> str:
    if action == REMOVED:
        return "removed from the catalogue"
    parts = []
    if verdict:
        old, new = (_strong(verdict_name(v), style) for v in verdict)
        parts.append(f"verdict changed from {old} to {new}")
    revised = [FIELD_NAMES[name] for name in corrected if name != "verdict"]
    if revised:
        parts.append(_and(revised) + " revised")  # the vocabulary's own words: nothing to escape
    return "; ".join(parts)


def _strong(text: str, style: str) -> str:
    if style == HTML:
        return f"<strong>{h(text)}</strong>"
    return f"**{md(text)}**" if style == MARKDOWN else text


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def commit_note(change: Change, site: Site, style: str = MARKDOWN) -> str:
    """The commit that made a change, for a sentence: "commit abc1234 “its subject”", linked when the
    repository is known (Markdown, or HTML)."""
    short = change.commit.sha[:7]
    url = site.commit_url(change.commit.sha)
    if style == HTML:
        named = f'commit <a href="{h(url)}" rel="noopener"><code>{short}</code></a>' if url else \
            f"commit <code>{short}</code>"
        subject = h(change.commit.subject)
    else:
        named = f"commit {external_link(short, url)}" if url else f"commit `{short}`"
        subject = md(change.commit.subject)
    return f"{named} “{subject}”" if subject else named


def claim_history(catalogue: Catalogue, claim: Claim, page: str, history: History, site: Site) -> tuple[str, list[str]]:
    """For a claim's page: the dates line (after its kind and topics) and, when its verdict has changed,
    a "Verdict history" section."""
    if not history.available:
        return f"**History:** unavailable in this build ([why]({md_link(page, CORRECTIONS)}))", []
    mine = history.of(claim.id)
    if mine.first is None:
        return "**First published:** not yet (this claim is in no commit)", []
    line = f"**First published:** {mine.first.date}"
    if mine.last is not None and mine.last.sha != mine.first.sha:
        line += f" · **Last changed:** {mine.last.date}"
    if not mine.verdicts:
        return line, []
    # Out of the search index (dates and verdict names would match every search for a verdict), and as HTML:
    # the hook hands it to the page past Markdown and the search plugin.
    section = [f"## Verdict history {{ {SEARCH_EXCLUDE} }}", "", f'<div class="verdict-history" {SEARCH_EXCLUDE}>',
               "<p>Every change of this claim's verdict, oldest first (all changes: "
               f'<a href="{h(html_link(page, CORRECTIONS))}">Corrections</a>).</p>', "<ul>"]
    section += [f"<li>{change.commit.date}: {what_changed(change, HTML)} (in {commit_note(change, site, HTML)})</li>"
                for change in mine.verdicts]
    return line, [*section, "</ul>", "</div>", ""]


def render_corrections(catalogue: Catalogue, history: History, site: Site, memo: PageMemo | None = None) -> str:
    """The Corrections page: every correction, newest first, grouped by day. With `memo`, a day whose entries
    and their claims' summaries are unchanged is not rendered again."""
    page = CORRECTIONS
    # Out of the search index: each entry's words are its claim's summary, which its own page holds.
    out = ["---", "title: Corrections", "search:", "  exclude: true", "---", "", "# Corrections", ""]
    feed = md_link(page, f"../{FEED}")
    out += ["Every change of a verdict, and every change to a claim's quotation, summary, rationale or evidence "
            "after the claim was first published, newest first; claims removed from the catalogue are listed "
            "too. The list is read from the repository's history, not written by hand. "
            f"Follow it in the [Atom feed]({feed}).", ""]
    if not history.available:
        out += ["!!! warning \"History is unavailable in this build\"", "",
                f"    {md(history.reason[:1].upper() + history.reason[1:])}. The dates, verdict histories and "
                "corrections come from the full history of the repository, which the published site is built "
                "from.", ""]
        return "\n".join(out)
    corrections = history.corrections()
    if not corrections:
        out += ["No corrections yet: no claim has changed since it was first published.", ""]
        return "\n".join(out)
    current = {c.id for c in catalogue.claims}
    out += [f"{plural(len(corrections), 'correction')} in "
            f"{plural(len({c.commit.sha for c in corrections}), 'commit')}, the last on "
            f"{corrections[0].commit.date}. [All claims]({md_link(page, CLAIMS)}).", ""]
    names: dict[str, str] = {}  # each claim's link, by its id: a claim corrected many times is linked many times
    by_day: dict[str, list[Change]] = {}
    for change in corrections:
        by_day.setdefault(change.commit.date, []).append(change)
    for day, changes in by_day.items():  # a heading per day (in the table of contents); its entries as HTML
        shown = tuple(catalogue.claim(c.claim).summary if c.claim in current else None for c in changes)
        html = memoised(memo, ("corrections-day", tuple(changes), shown, site),
                        partial(_day_html, catalogue, page, changes, current, site, names))
        out += [f"## {day}", "", html, ""]
    return "\n".join(out)


def _day_html(catalogue: Catalogue, page: str, changes: list[Change], current: set[str], site: Site,
              names: dict[str, str]) -> str:
    """One day's corrections, commit by commit, as one raw HTML block: thousands of entries cost Markdown
    (and MkDocs) several times more as list items with links than as HTML (measured at 1,000 claims)."""
    out = [f'<div class="corrections-day" {SEARCH_EXCLUDE}>']
    sha = ""
    for change in changes:
        if change.commit.sha != sha:
            if sha:
                out.append("</ul>")
            sha = change.commit.sha
            out += [f"<p>In {commit_note(change, site, HTML)}:</p>", "<ul>"]
        if change.claim in current and change.action != REMOVED:
            name = names.get(change.claim) or names.setdefault(change.claim,
                                                               _claim_link(catalogue, page, change.claim))
        else:
            summary = f"“{h(change.summary)}”" if change.summary else "a claim"
            name = f"{summary} (<code>{h(change.claim)}</code>)"
        out.append(f"<li>{name}: {what_changed(change, HTML)}.</li>")
    out += ["</ul>", "</div>"]
    return "\n".join(out)


def _claim_link(catalogue: Catalogue, page: str, claim_id: str) -> str:
    """A link to a claim's page named by its summary (a claim corrected many times is linked many times)."""
    return f'<a href="{h(html_link(page, claim_page(claim_id)))}">{h(catalogue.claim(claim_id).summary)}</a>'


def render_feed(catalogue: Catalogue, history: History, site: Site, memo: PageMemo | None = None) -> str:
    """The Corrections page as an Atom feed (RFC 4287): an entry per correction, newest first. Its links are
    absolute when site_url is set, else relative to the feed (which stands at the site's root). With `memo`,
    an entry whose change, link and summary are unchanged is not rendered again."""
    essay = catalogue.essay
    corrections = history.corrections() if history.available else ()
    page_url = site.absolute(site_url(CORRECTIONS))
    name = site.name or essay.title
    newest = corrections[0].commit.stamp if corrections else _undated(catalogue)
    identity = site.absolute(FEED) if site.url else f"{essay.url or essay.title}#{FEED}"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"  <id>{_urn(identity)}</id>",
           f"  <title>{escape(f'Corrections: {essay.title}')}</title>",
           f"  <subtitle>{escape(_subtitle(history))}</subtitle>",
           f"  <updated>{newest}</updated>",
           f"  <link rel=\"self\" type=\"application/atom+xml\" href={quoteattr(site.absolute(FEED))}/>",
           f"  <link rel=\"alternate\" type=\"text/html\" href={quoteattr(page_url)}/>",
           f"  <author><name>{escape(site.reviewer or name)}</name></author>"]
    current = {c.id for c in catalogue.claims}
    links: dict[str, str] = {}  # a claim's page, by its id: a claim corrected many times is linked many times
    for change in corrections:
        if change.claim in current and change.action != REMOVED:
            link = links.get(change.claim) or links.setdefault(change.claim,
                                                               site.absolute(site_url(claim_page(change.claim))))
            summary = catalogue.claim(change.claim).summary
        else:
            link = f"{page_url}#{day_anchor(change)}"
            summary = change.summary or change.claim
        out.append(memoised(memo, ("feed-entry", change, link, summary),
                            partial(_entry, change, link, summary)))
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _entry(change: Change, link: str, summary: str) -> str:
    what = what_changed(change, TEXT)
    return "\n".join(["  <entry>",
                      f"    <id>{_urn(change.commit.sha + ' ' + change.claim)}</id>",
                      f"    <title>{escape(f'{what[:1].upper()}{what[1:]}: {summary}')}</title>",
                      f"    <updated>{change.commit.stamp}</updated>",
                      f"    <link rel=\"alternate\" type=\"text/html\" href={quoteattr(link)}/>",
                      f"    <summary type=\"text\">{escape(_entry_text(change, summary, what))}</summary>",
                      "  </entry>"])


def _entry_text(change: Change, summary: str, what: str) -> str:
    kind = "Removed" if change.action == REMOVED else "Corrected"
    subject = f" ({change.commit.subject})" if change.commit.subject else ""
    return f"{kind} on {change.commit.date}: “{summary}” — {what}. Commit {change.commit.sha[:7]}{subject}."


def _subtitle(history: History) -> str:
    if not history.available:
        return f"History is unavailable in this build: {history.reason}."
    return ("Every change of a verdict, and every change to a claim's quotation, summary, rationale or "
            "evidence after it was first published; claims removed too.")


def _undated(catalogue: Catalogue) -> str:
    """An `updated` for a feed with no entries, from the catalogue (never the clock): its last review."""
    dates = sorted(c.reviewed for c in catalogue.claims if len(c.reviewed) == 10)
    day = dates[-1] if dates else (catalogue.essay.published if len(catalogue.essay.published) == 10 else "1970-01-01")
    return f"{day}T00:00:00Z"


def _urn(name: str) -> str:
    """A stable Atom id for `name` (the same name always gives the same id)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn

