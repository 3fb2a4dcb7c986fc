"""Machine-readable exports: the catalogue as JSON, as W3C Web Annotations, and schema.org ClaimReview.

Pure functions; the same catalogue gives the same bytes (keys sorted, lists in a fixed order).
Positions are in Unicode code points over `essay.txt`, which is published beside them.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from .model import Anchor, Catalogue, Claim, Source
from .pages import ANNOTATIONS, CLAIMS_JSON, ESSAY, ESSAY_TEXT, EXPORT_SCHEMA, claim_page, site_url
from .relations import Link, relation_index
from .site import Site
from .vocab import MARKS, VERDICTS

FORMAT_VERSION = "1.2"  #: 1.1 added passages (`evidence[].passage`, `locator`, `counterpoints[].citations`);
#: 1.2 added `ids`, `essay.type` and opinions (`verdict: null`)


def claim_url(claim_id: str) -> str:
    """A claim page's path from the site root."""
    return site_url(claim_page(claim_id))


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _source(source: Source) -> dict[str, str]:
    return {"id": source.id, "title": source.title, "publisher": source.publisher, "date": source.date,
            "url": source.url, "kind": source.kind, "note": source.note}


#: Each claim's JSON, by everything it holds (see `exports`).
ExportMemo = dict[tuple[Any, ...], str]


def _joined(parts: dict[str, str]) -> str:
    """A JSON object from its members' JSON, as `_dump` writes it (keys sorted, no spaces)."""
    return "{" + ",".join(f"{json.dumps(k, ensure_ascii=False)}:{v}" for k, v in sorted(parts.items())) + "}"


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _remembered(memo: ExportMemo | None, key: tuple[Any, ...], make: Any) -> str:
    if memo is None:
        return _compact(make())
    if key not in memo:
        memo[key] = _compact(make())
    return memo[key]


def catalogue_json(catalogue: Catalogue, site: Site, memo: ExportMemo | None = None) -> str:
    """The whole catalogue with every reference resolved: `claims.json`. With `memo`, a claim whose entry
    would be the same as before is not encoded again (the bytes are the same either way)."""
    essay = catalogue.essay
    links = relation_index(catalogue)
    claims = []
    for c in catalogue.claims:
        key = ("claim", c, tuple(links[c.id]), tuple(catalogue.topic(t) for t in c.topics),
               tuple(catalogue.source(e.source) for e in c.evidence),
               tuple(catalogue.source(s) for p in c.counterpoints for s in p.sources), site)
        claims.append(_remembered(memo, key, lambda c=c: _claim_entry(catalogue, c, links[c.id], site)))
    data = {
        "$schema": EXPORT_SCHEMA,
        "version": FORMAT_VERSION,
        "ids": {"absolute": bool(site.url), "base": site.url or None,
                "note": f"URLs are absolute, under {site.url}" if site.url else
                "URLs are relative to the site's root: the site was built without site_url (set it, or the "
                "SITE_URL environment variable, for absolute ones)"},
        "essay": {
            "title": essay.title, "author": essay.author, "author_note": essay.author_note,
            "publisher": essay.publisher, "published": essay.published, "date_note": essay.date_note,
            "url": essay.url, "thesis": essay.thesis, "type": essay.type, "text": ESSAY_TEXT,
            "page": site.absolute(site_url(ESSAY)),
            "assessment": {"verdict": {"id": essay.assessment.verdict,
                                       "label": VERDICTS[essay.assessment.verdict].label,
                                       "rating": VERDICTS[essay.assessment.verdict].rating},
                           "rationale": essay.assessment.rationale} if essay.assessment else None,
        },
        "verdicts": [{"id": v.id, "label": v.label, "rating": v.rating, "meaning": v.meaning}
                     for v in VERDICTS.values()],
        "topics": [{"id": t.id, "title": t.title, "summary": t.summary} for t in catalogue.topics],
        "sources": [_source(s) for s in catalogue.sources],
    }
    parts = {key: _compact(value) for key, value in data.items()}
    parts["claims"] = "[" + ",".join(claims) + "]"
    return _joined(parts) + "\n"


def _claim_entry(catalogue: Catalogue, c: Claim, links: list[Link], site: Site) -> dict[str, Any]:
    v = VERDICTS.get(c.verdict)  # None: a claim that is not rated
    return {
            "id": c.id,
            "url": site.absolute(claim_url(c.id)),
            "quote": c.anchor.exact if c.anchor else c.quote,
            "position": {"start": c.anchor.start, "end": c.anchor.end, "paragraph": c.anchor.paragraph}
            if c.anchor else None,
            "summary": c.summary,
            "kind": c.kind,
            "topics": [{"id": t, "title": catalogue.topic(t).title} for t in c.topics],
            "verdict": {"id": v.id, "label": v.label, "rating": v.rating} if v else None,
            "rationale": c.rationale,
            "evidence": [{"source": _source(catalogue.source(e.source)), "shows": e.shows, "passage": e.passage,
                          "locator": e.locator} for e in c.evidence],
            "counterpoints": [{"text": p.text, "sources": [_source(catalogue.source(s)) for s in p.sources],
                               "citations": [{"source": q.source, "passage": q.passage, "locator": q.locator}
                                             for q in p.citations]}
                              for p in c.counterpoints],
            "relations": [{"type": r.type, "claim": r.claim, "note": r.note} for r in c.relations],
            "related": [{"relation": link.label, "claim": link.other} for link in links],
            "reviewed": c.reviewed,
            "notes": c.notes,
        }


def annotations_jsonld(catalogue: Catalogue, site: Site, memo: ExportMemo | None = None) -> str:
    """A W3C Web Annotation collection, one annotation per anchored claim: `annotations.jsonld`. With `memo`,
    a claim whose annotation would be the same as before is not encoded again."""
    essay = catalogue.essay
    items = []
    for c in catalogue.claims:
        if not c.anchor:
            continue
        key = ("annotation", c, essay.url, tuple(catalogue.source(e.source).url for e in c.evidence), site)
        items.append(_remembered(memo, key, lambda c=c, anchor=c.anchor: _annotation(catalogue, c, anchor, site)))
    marker = "\x00items\x00"  # stands for the items while the rest is encoded: no text of the catalogue holds it
    collection = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": site.absolute(ANNOTATIONS),
        "type": "AnnotationCollection",
        "label": f"Claims in “{essay.title}”, assessed" + ("" if site.url else
                  " (ids are relative to this file: the site was built without site_url)"),
        "total": len(items),
        "first": {"id": site.absolute(ANNOTATIONS) + "#page1", "type": "AnnotationPage", "startIndex": 0,
                  "items": marker},
    }
    return _dump(collection).replace(json.dumps(marker), "[" + ",".join(items) + "]", 1)


def _annotation(catalogue: Catalogue, c: Claim, anchor: Anchor, site: Site) -> dict[str, Any]:
    target_source = catalogue.essay.url or site.absolute(site_url(ESSAY))
    page = site.absolute(claim_url(c.id))
    return {
        "id": f"{page}#annotation",
        "type": "Annotation",
        "motivation": "assessing",
        **({"created": f"{c.reviewed}T00:00:00Z"} if c.reviewed else {}),
        **({"creator": _reviewer(site, "type", "homepage")} if site.reviewer else {}),
        "body": [
            {"type": "TextualBody", "purpose": "describing", "format": "text/plain", "value": c.summary},
            {"type": "TextualBody", "purpose": "assessing", "format": "text/plain",
             "value": MARKS[c.verdict].label},
            {"id": page, "type": "Text", "format": "text/html"},
            *({"type": "SpecificResource", "purpose": "linking", "source": catalogue.source(e.source).url,
               "selector": {"type": "TextQuoteSelector", "exact": e.passage}} for e in c.evidence if e.passage),
        ],
        "target": {
            "type": "SpecificResource",
            "source": target_source,
            # The text as it stood when the claim was reviewed (an opinion may never have been: no state).
            **({"state": {"type": "TimeState", "sourceDate": f"{c.reviewed}T00:00:00Z",
                          "cached": site.absolute(ESSAY_TEXT)}} if c.reviewed else {}),
            "selector": [
                {"type": "TextQuoteSelector", "exact": anchor.exact, "prefix": anchor.prefix,
                 "suffix": anchor.suffix},
                {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
            ],
        },
    }


def claim_review(catalogue: Catalogue, claim: Claim, site: Site) -> dict[str, Any] | None:
    """schema.org ClaimReview for one claim page (embedded as JSON-LD); None for a claim that is not rated
    (an opinion: a review with no rating would read as one). The reviewer is the `reviewer` setting, if any."""
    essay = catalogue.essay
    v = VERDICTS.get(claim.verdict)
    if v is None:
        return None
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": v.label}
    if v.rating is not None:
        rating.update(ratingValue=v.rating, bestRating=5, worstRating=1)
    appearance: dict[str, Any] = {"@type": essay.type, "headline": essay.title,
                                  "author": {"@type": "Person", "name": essay.author}}
    if essay.url:
        appearance["url"] = essay.url
    if essay.publisher:
        appearance["publisher"] = {"@type": "Organization", "name": essay.publisher}
    item: dict[str, Any] = {"@type": "Claim", "author": {"@type": "Person", "name": essay.author},
                            "appearance": appearance}
    if essay.published:
        item["datePublished"] = essay.published
        appearance["datePublished"] = essay.published
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.absolute(claim_url(claim.id)),
        "claimReviewed": claim.summary,
        "reviewBody": claim.rationale,
        "itemReviewed": item,
        "reviewRating": rating,
        "datePublished": claim.reviewed,
    }
    if site.reviewer:
        review["author"] = _reviewer(site, "@type", "url")
    return review


def _reviewer(site: Site, type_key: str, link: str) -> dict[str, str]:
    """The reviewing organisation (the `reviewer` setting) in a vocabulary's own keys for a type and a home page."""
    return {type_key: "Organization", "name": site.reviewer, **({link: site.reviewer_url} if site.reviewer_url else {})}


def json_ld_script(data: dict[str, Any] | None) -> str:
    """JSON-LD in a <script> element; `<`, `>` and `&` escaped so no text can close the element ("" for None)."""
    if data is None:
        return ""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>'


def exports(catalogue: Catalogue, site: Site, memo: ExportMemo | None = None) -> dict[str, str]:
    """Every file published at the site root: path → content. `memo` as for `catalogue_json`."""
    schema = resources.files(__package__).joinpath("schemas/export.schema.json").read_text(encoding="utf-8")
    return {
        CLAIMS_JSON: catalogue_json(catalogue, site, memo),
        ANNOTATIONS: annotations_jsonld(catalogue, site, memo),
        ESSAY_TEXT: catalogue.essay.text + "\n",
        EXPORT_SCHEMA: schema,
    }
