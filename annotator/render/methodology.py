"""The methodology page's body: the general part from the vocabularies and the settings, then what essay.yml
says of this catalogue in particular. Nothing in it is about any one essay unless essay.yml puts it there."""

from __future__ import annotations

from collections import Counter

from ..model import Catalogue
from ..pages import CORRECTIONS, FEED, from_docs
from ..site import Site
from ..vocab import KINDS, NOT_RATED, RELATIONS, SOURCE_KINDS, VERDICTS
from .text import badge, external_link, md


def render_verdict_table(catalogue: Catalogue) -> str:
    """The verdict vocabulary with what each means, its rating and how many claims have it."""
    counts = Counter(c.verdict for c in catalogue.claims)
    out = ["| Verdict | Meaning | Rating | Claims |", "|---|---|---|---|"]
    for v in VERDICTS.values():
        rating = f"{v.rating} of 5" if v.rating else "none"
        out.append(f"| {badge(v.id)} `{v.id}` | {md(v.meaning)} | {rating} | {counts[v.id]} |")
    if counts[NOT_RATED.id]:
        out.append(f"| {badge(NOT_RATED.id)} | {md(NOT_RATED.meaning)} | none | {counts[NOT_RATED.id]} |")
    return "\n".join(out) + "\n"


def render_methodology(catalogue: Catalogue, site: Site) -> str:
    """Included into docs/methodology.md (links from the docs root)."""
    unrated = [k for k in KINDS.values() if not k.rated]
    out = ["Every claim on this site is a passage of the text that asserts something a reader could check, "
           "question or weigh. Each has its own page: the passage in context, a one-sentence summary, a kind, "
           "a verdict with its rationale, the sources that bear on it with their own words, the strongest "
           "counterpoints, and its relations to the other claims.", ""]
    if site.reviewer:
        who = external_link(site.reviewer, site.reviewer_url) if site.reviewer_url else md(site.reviewer)
        out += [f"The claims are reviewed by {who}, who publish the verdicts in schema.org ClaimReview markup "
                "on each claim's page.", ""]
    out += ["## Kinds of claim", ""]
    for kind in KINDS.values():
        extra = f" {md(kind.advice)}" if kind.advice and kind.rated else ""
        out.append(f"- **{md(kind.id.capitalize())}**: {md(kind.meaning)}{extra}")
    out += ["", "## Verdicts", "",
            "A verdict says how well the sources bear the claim out. The rating is the number published in "
            "the schema.org ClaimReview markup (1 = false, 5 = supported). Each verdict has a shape as well "
            "as a colour, so none is told by colour alone."]
    if unrated:
        names = " and ".join(f"*{k.id}*" for k in unrated)
        out.append(f"Claims of the kind {names} are not rated: they are marked *{md(NOT_RATED.label)}*, "
                   "have no ClaimReview, and are counted apart from the verdicts.")
    out += ["", render_verdict_table(catalogue), "## How claims relate", ""]
    out += [f"- **{md(r.forward)}** (read back: *{md(r.backward)}*)" + (f": {md(r.advice)}" if r.advice else "")
            for r in RELATIONS.values()]
    out += ["", "## Sources", "", "Each source is listed once on the sources page, grouped by kind:", ""]
    out += [f"- `{k.id}`: {md(k.meaning)}" for k in SOURCE_KINDS.values()]
    out += ["", "Every piece of evidence for a fact quotes the source's own words (a sentence or two, copied "
            "verbatim) and links to them in the source, so a reader can check it. Numbers, names and dates are "
            "copied from the source, never paraphrased. `python build_claims.py verify` fetches every source "
            "and reports a page that is gone or moved and a quoted passage that is no longer on it.", "",
            "## How to dispute a verdict", "",
            "Each claim's page has a link to its file in the repository (when the site is published from one) "
            "and, on GitHub, a *Dispute this claim* link that opens a pre-filled issue: say which part of the "
            "verdict is wrong and give a source that shows it. Or change the claim's file in the folder "
            f"*{md(site.claims_dir)}* and open a pull request. Verdicts change when the sources do, and every "
            "change is reviewed in public.", ""]
    out += ["## Corrections", "",
            "Claims are corrected in the open. Every change of a verdict, and every change to a claim's quotation, "
            "summary, rationale or evidence after the claim was first published, is listed with its date and the "
            f"commit that made it on the [Corrections]({from_docs(CORRECTIONS)}) page and in its "
            f"[Atom feed]({FEED}); so is every claim removed from the catalogue. Each claim's page says when it "
            "was first published and last changed, and how its verdict has changed. All of this is read from "
            "the repository's history, not written by hand: a change is a commit, and nothing changes quietly.",
            "", "## Who maintains this site", ""]
    if site.reviewer:
        who = external_link(site.reviewer, site.reviewer_url) if site.reviewer_url else md(site.reviewer)
        out.append(f"This site is maintained by {who}.")
    else:
        out.append("The site's settings name no maintainer.")
    if site.repository:
        out.append(f"Its catalogue is kept in a public repository, {external_link(site.repository, site.repository)}, "
                   "where anyone can propose or dispute a claim and every change is reviewed.")
    out.append("")
    if catalogue.essay.methodology:
        paragraphs = [p for p in catalogue.essay.methodology.split("\n\n") if p.strip()]
        out += ["## About this catalogue", ""] + [line for p in paragraphs for line in (md(p), "")]
    return "\n".join(out)
