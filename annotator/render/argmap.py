"""The argument map: claims as boxes, relations as arrows, drawn as inline SVG.

No diagram library and nothing fetched: a layered layout computed here. A claim sits one row
below every claim it points to (supports, contradicts, depends on, elaborates), so the claims
the argument rests on are on top and the evidence hangs below. Each box links to its claim page;
a plain list of the same relations follows for readers who do not use the picture.
"""

from __future__ import annotations

import textwrap

from ..model import Catalogue, Claim
from ..vocab import RELATIONS, verdict
from .claim import claim_page
from .text import h, html_link, md, md_link, title

PAGE = "map.md"
BOX_W, BOX_H, GAP_X, GAP_Y, PAD = 230, 78, 30, 70, 20
_EDGE_STYLE = {"supports": "", "contradicts": "6 4", "depends-on": "2 3", "elaborates": "10 3 2 3"}


def _levels(claims: list[Claim]) -> dict[str, int]:
    """Row of each claim: 0 for claims that point nowhere, else one below the lowest claim they point to."""
    targets = {c.id: sorted({r.claim for r in c.relations}) for c in claims}
    level: dict[str, int] = {}
    state: dict[str, int] = {}  # 1 visiting, 2 done

    for root in sorted(targets):
        if root in state:
            continue
        stack = [(root, iter(targets[root]))]
        state[root] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                state[node] = 2
                level[node] = 1 + max((level[t] for t in targets[node] if state.get(t) == 2 and t in level), default=-1)
                continue
            if child not in state:
                state[child] = 1
                stack.append((child, iter(targets[child])))
    return level


def render_map(catalogue: Catalogue) -> str:
    related = {c.id for c in catalogue.claims if c.relations} | {r.claim for c in catalogue.claims for r in c.relations}
    claims = [c for c in catalogue.claims if c.id in related]
    out = ["---", title("Argument map"), "---", "", "# Argument map", ""]
    if not claims:
        return "\n".join(out + ["No claim is related to another yet.", ""])
    level = _levels(claims)
    rows: dict[int, list[Claim]] = {}
    for c in claims:
        rows.setdefault(level[c.id], []).append(c)
    position: dict[str, float] = {}
    for row in sorted(rows):
        def weight(c: Claim) -> tuple[float, str]:
            xs = [position[r.claim] for r in c.relations if r.claim in position]
            return (sum(xs) / len(xs) if xs else float("inf"), c.id)
        rows[row].sort(key=weight)
        for i, c in enumerate(rows[row]):
            position[c.id] = i
    width = PAD * 2 + max(len(r) for r in rows.values()) * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + len(rows) * (BOX_H + GAP_Y) - GAP_Y
    xy: dict[str, tuple[int, int]] = {}
    for row, members in rows.items():
        offset = (width - PAD * 2 - (len(members) * (BOX_W + GAP_X) - GAP_X)) // 2
        for i, c in enumerate(members):
            xy[c.id] = (PAD + offset + i * (BOX_W + GAP_X), PAD + row * (BOX_H + GAP_Y))
    out += [
        f"{len(claims)} claims linked by {sum(len(c.relations) for c in catalogue.claims)} relations. "
        "Arrows point from a claim to the claim it bears on; follow a box to its claim page.", "",
        '<div class="argmap" markdown="0">',
        _legend(),
        f'<div class="argmap-scroll"><svg class="argmap-svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="group" aria-label="Argument map of {len(claims)} claims">',
        _markers(),
    ]
    for c in sorted(claims, key=lambda c: c.id):
        for r in sorted(c.relations, key=lambda r: (r.claim, r.type)):
            (x1, y1), (x2, y2) = xy[c.id], xy[r.claim]
            sx, sy = x1 + BOX_W // 2, y1
            tx, ty = x2 + BOX_W // 2, y2 + BOX_H
            if y1 <= y2:  # same row or a cycle: route from the box's side
                sy, ty = y1 + BOX_H // 2, y2 + BOX_H // 2
                sx, tx = (x1 + BOX_W, x2) if x1 < x2 else (x1, x2 + BOX_W)
            dash = f' stroke-dasharray="{_EDGE_STYLE[r.type]}"' if _EDGE_STYLE[r.type] else ""
            out.append(f'<line class="edge edge-{r.type}" x1="{sx}" y1="{sy}" x2="{tx}" y2="{ty}"{dash} '
                       f'marker-end="url(#arrow-{r.type})"><title>{h(c.id)} {h(RELATIONS[r.type][0])} '
                       f"{h(r.claim)}</title></line>")
    for c in claims:
        x, y = xy[c.id]
        lines = textwrap.wrap(" ".join(c.summary.split()), 34, max_lines=3, placeholder=" …")
        text = "".join(f'<tspan x="{x + 10}" dy="{0 if i == 0 else 16}">{h(line)}</tspan>'
                       for i, line in enumerate(lines))
        out.append(
            f'<a class="node verdict-{c.verdict}" href="{html_link(PAGE, claim_page(c.id))}" '
            f'aria-label="{h(c.summary)} ({h(verdict(c.verdict).label)})">'
            f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6"/>'
            f'<rect class="node-stripe" x="{x}" y="{y}" width="6" height="{BOX_H}" rx="3"/>'
            f'<text x="{x + 10}" y="{y + 20}">{text}</text></a>')
    out += ["</svg></div>", "</div>", "", "## The relations in words", ""]
    for c in sorted(claims, key=lambda c: c.id):
        for r in sorted(c.relations, key=lambda r: (r.claim, r.type)):
            other = catalogue.claim(r.claim)
            out.append(f"- [{md(c.summary)}]({md_link(PAGE, claim_page(c.id))}) **{md(RELATIONS[r.type][0])}** "
                       f"[{md(other.summary)}]({md_link(PAGE, claim_page(other.id))})")
    return "\n".join(out) + "\n"


def _markers() -> str:
    return "<defs>" + "".join(
        f'<marker id="arrow-{t}" class="arrow arrow-{t}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
        for t in RELATIONS) + "</defs>"


def _legend() -> str:
    items = "".join(f'<li><svg width="40" height="10" aria-hidden="true"><line class="edge edge-{t}" x1="0" y1="5" '
                    f'x2="40" y2="5"' + (f' stroke-dasharray="{_EDGE_STYLE[t]}"' if _EDGE_STYLE[t] else "")
                    + f"/></svg> {h(RELATIONS[t][0])}</li>" for t in RELATIONS)
    return f'<ul class="argmap-legend">{items}</ul>'
