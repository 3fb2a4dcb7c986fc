"""The argument map: claims as boxes, relations as arrows, drawn as inline SVG.

No diagram library and nothing fetched: a layered layout computed here. A claim sits below every
claim it points to (supports, contradicts, depends on, elaborates), so the claims the argument
rests on are on top and the evidence hangs below; a layer wider than a few boxes wraps onto more
lines. Each box links to its claim page, and a plain list of the same relations follows for
readers who do not use the picture.

The whole map is drawn while it stays readable (MAX_WHOLE claims); beyond that the map page shows
how the topics connect, and each topic page carries the map of its own claims.
"""

from __future__ import annotations

import dataclasses
import functools
import textwrap
from collections import Counter
from collections.abc import Iterable

from ..model import Catalogue, Claim
from ..pages import MAP, claim_page, topic_page
from ..vocab import MARKS, RELATIONS
from .text import SEARCH_EXCLUDE, h, html_link, md, md_link, plural, title

MAX_WHOLE = 150
COLUMNS = 3
BOX_W, BOX_H, GAP_X, LINE_GAP, LAYER_GAP, PAD = 200, 80, 22, 30, 56, 16
GUTTER, LANES = 60, 8  #: room beside the columns for arrows that would cross boxes, and how many lanes it has


def _levels(claims: list[Claim], ids: set[str]) -> dict[str, int]:
    """Layer of each claim: 0 for claims that point to none in `ids`, else one below the lowest it points to.
    Iterative depth-first search: cycles are cut where they close, and deep chains cannot overflow the stack."""
    targets = {c.id: sorted({r.claim for r in c.relations if r.claim in ids}) for c in claims}
    level: dict[str, int] = {}
    visiting: set[str] = set()
    for root in sorted(targets):
        if root in level:
            continue
        stack = [(root, iter(targets[root]))]
        visiting.add(root)
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                visiting.discard(node)
                level[node] = 1 + max((level[t] for t in targets[node] if t in level), default=-1)
            elif child not in level and child not in visiting:
                visiting.add(child)
                stack.append((child, iter(targets[child])))
    return level


def map_svg(claims: list[Claim], page: str, label: str) -> str:
    """An SVG map of `claims` and the relations among them, with links relative to `page`."""
    ids = {c.id for c in claims}
    level = _levels(claims, ids)
    layers: dict[int, list[Claim]] = {}
    for c in claims:
        layers.setdefault(level[c.id], []).append(c)
    order: dict[str, float] = {}
    xy: dict[str, tuple[int, int]] = {}
    row: dict[str, int] = {}  # the line of boxes each claim stands on, counted from the top
    rows = 0
    y = PAD
    for layer in sorted(layers):
        def weight(c: Claim) -> tuple[float, str]:
            xs = [order[r.claim] for r in c.relations if r.claim in order]
            return (sum(xs) / len(xs) if xs else float("inf"), c.id)

        members = sorted(layers[layer], key=weight)
        for i, c in enumerate(members):
            order[c.id] = i % COLUMNS + i / 1000
            line, column = divmod(i, COLUMNS)
            xy[c.id] = (GUTTER + column * (BOX_W + GAP_X), y + line * (BOX_H + LINE_GAP))
            row[c.id] = rows + line
        lines = -(-len(members) // COLUMNS)
        rows += lines
        y += lines * (BOX_H + LINE_GAP) - LINE_GAP + LAYER_GAP
    columns = min(COLUMNS, max(len(m) for m in layers.values()))
    width = GUTTER * 2 + columns * (BOX_W + GAP_X) - GAP_X
    height = y - LAYER_GAP + PAD
    out = [f'<div class="argmap-scroll"><svg class="argmap-svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}" role="group" aria-label="{h(label)}">', _markers()]
    lane = 0
    for c in sorted(claims, key=lambda c: c.id):
        for r in sorted(c.relations, key=lambda r: (r.claim, r.type)):
            if r.claim not in xy:
                continue
            if row[c.id] == row[r.claim] + 1:
                path = _curve(xy[c.id], xy[r.claim])
            else:
                path = _detour(xy[c.id], xy[r.claim], lane, width)
                lane += 1
            dash = _dash(RELATIONS[r.type].dash)
            out.append(f'<path class="edge edge-{r.type}" d="{path}"{dash} marker-end="url(#arrow-{r.type})">'
                       f"<title>{h(c.id)} {h(RELATIONS[r.type].forward)} {h(r.claim)}</title></path>")
    for c in claims:
        out.append(_node(c, *xy[c.id], page))
    out.append("</svg></div>")
    return "".join(out)


def _node(c: Claim, x: int, y0: int, page: str, *, width: int = BOX_W, height: int = BOX_H, chars: int = 24,
          lines: int = 4, relation: str = "") -> str:
    """A claim's box: its verdict's stripe and marker, its summary (in full on hover), a link to its page;
    in a tree, first the relation it bears to the claim above."""
    wrapped = _wrap(c.summary, chars, lines)
    if relation:
        wrapped = (f"{relation}:", *wrapped)
    text = "".join(f'<tspan x="{x + 12}" dy="{0 if i == 0 else 16}"'
                   + (' class="node-relation"' if relation and i == 0 else "") + f">{h(line)}</tspan>"
                   for i, line in enumerate(wrapped))
    v = MARKS[c.verdict]
    return (f'<a class="node verdict-{c.verdict}" data-claim="{c.id}" href="{html_link(page, claim_page(c.id))}" '
            f'aria-label="{h(c.summary)} ({h(v.label)})"><title>{h(v.label)}: {h(c.summary)}</title>'
            f'<rect x="{x}" y="{y0}" width="{width}" height="{height}" rx="6"/>'
            f'<rect class="node-stripe" x="{x}" y="{y0}" width="6" height="{height}" rx="3"/>'
            f'<path class="node-mark" fill-rule="evenodd" transform="translate({x + width - 16},{y0 + 5}) scale(1.1)" '
            f'd="{v.path}"/><text x="{x + 12}" y="{y0 + 18}">{text}</text></a>')


@functools.lru_cache(maxsize=4096)
def _wrap(text: str, chars: int, lines: int) -> tuple[str, ...]:
    """`text` in lines of at most `chars` characters, at most `lines` of them (a claim's box, drawn once on its
    own page, once on each neighbour's and in each tree it is in)."""
    return tuple(textwrap.wrap(" ".join(text.split()), chars, max_lines=lines, placeholder=" …"))


def _curve(a: tuple[int, int], b: tuple[int, int]) -> str:
    """From the top of a box to the bottom of a box on the line just above: nothing lies between."""
    (x1, y1), (x2, y2) = a, b
    sx, sy, tx, ty = x1 + BOX_W // 2, y1, x2 + BOX_W // 2, y2 + BOX_H
    bend = max(12, (sy - ty) // 2)
    return f"M{sx},{sy} C{sx},{sy - bend} {tx},{ty + bend} {tx},{ty}"


def _detour(a: tuple[int, int], b: tuple[int, int], lane: int, width: int) -> str:
    """Any other arrow runs in the empty space between lines of boxes and in a gutter beside them, so it
    never crosses a box: up out of the source, across to the gutter, along it, across, up into the target."""
    (x1, y1), (x2, y2) = a, b
    step = (lane % LANES) - LANES // 2
    left = x1 + BOX_W // 2 < width // 2
    gx = (GUTTER // 2 if left else width - GUTTER // 2) + step * 3
    sx, sy = x1 + BOX_W // 2 + step * 4, y1
    tx, ty = x2 + BOX_W // 2 + step * 4, y2 + BOX_H
    above_source = sy - LINE_GAP // 2 + step
    if y2 >= y1:  # the target is on the same line or below (a cycle): enter it from above
        ty = y2
        below_target = y2 - LINE_GAP // 2 - step
    else:
        below_target = ty + LINE_GAP // 2 + step
    return f"M{sx},{sy} V{above_source} H{gx} V{below_target} H{tx} V{ty}"


def _relations_in_words(claims: list[Claim], catalogue: Catalogue, page: str) -> list[str]:
    ids = {c.id for c in claims}
    out = []
    for c in sorted(claims, key=lambda c: c.id):
        for r in sorted(c.relations, key=lambda r: (r.claim, r.type)):
            if r.claim in ids:
                other = catalogue.claim(r.claim)
                out.append(f"- [{md(c.summary)}]({md_link(page, claim_page(c.id))}) "
                           f"**{md(RELATIONS[r.type].forward)}** "
                           f"[{md(other.summary)}]({md_link(page, claim_page(other.id))})")
    return out


TREE_DEPTH = 8  #: levels of an argument tree below its root


def _trees(catalogue: Catalogue) -> list[tuple[Claim, list]]:
    """The argument as trees: each claim that bears on no other (a conclusion) with, below it, the claims that
    bear on it, and below each of those the claims that bear on that, and so on. A claim that bears on
    several others appears under each of them; a claim already on the way up is not repeated (cycles)."""
    bearing: dict[str, list[tuple[Claim, str]]] = {c.id: [] for c in catalogue.claims}
    for c in catalogue.claims:
        for r in c.relations:
            if r.claim in bearing:
                bearing[r.claim].append((c, r.type))

    def grow(claim: Claim, path: frozenset[str], depth: int) -> list:
        if depth >= TREE_DEPTH:
            return []
        return [(child, kind, grow(child, path | {child.id}, depth + 1))
                for child, kind in sorted(bearing[claim.id], key=lambda pair: (pair[0].id, pair[1]))
                if child.id not in path]

    roots = [c for c in catalogue.claims if bearing[c.id] and not any(r.claim in bearing for r in c.relations)]
    trees = [(root, grow(root, frozenset({root.id}), 0)) for root in roots]

    def members(kids: list) -> set[str]:
        return {c.id for c, _, grand in kids} | {i for _, _, grand in kids for i in members(grand)}

    drawn = {root.id for root, _ in trees} | {i for _, kids in trees for i in members(kids)}
    related = {c.id for c in catalogue.claims if c.relations} | {r.claim for c in catalogue.claims
                                                                for r in c.relations if r.claim in bearing}
    for claim in catalogue.claims:  # what no conclusion reaches (a cycle, or deeper than TREE_DEPTH)
        if claim.id in related and claim.id not in drawn:
            trees.append((claim, grow(claim, frozenset({claim.id}), 0)))
            drawn |= {claim.id} | members(trees[-1][1])
    return trees


TREE_W, TREE_H, TREE_GAP, INDENT = 340, 58, 10, 34  #: an argument tree's boxes, the space between, indentation


def tree_svg(root: Claim, children: list, page: str, label: str) -> str:
    """One argument tree, as an outline: each claim on a row of its own, indented under the claim it bears on,
    joined to it by a line in the indentation, in the relation's style, and labelled with the relation. Lines
    run only left of the boxes they join, so none crosses a box; rows keep their order when a claim is added."""
    rows: list[tuple[Claim, int, str, int]] = []  # claim, depth, relation to its parent, parent's row

    def walk(claim: Claim, kids: list, depth: int, kind: str, parent: int) -> None:
        rows.append((claim, depth, kind, parent))
        me = len(rows) - 1
        for child, child_kind, grandchildren in kids:
            walk(child, grandchildren, depth + 1, child_kind, me)

    walk(root, children, 0, "", -1)
    width = PAD * 2 + max(d for _, d, _, _ in rows) * INDENT + TREE_W
    height = PAD * 2 + len(rows) * (TREE_H + TREE_GAP) - TREE_GAP
    xy = [(PAD + depth * INDENT, PAD + i * (TREE_H + TREE_GAP)) for i, (_, depth, _, _) in enumerate(rows)]
    out = [f'<div class="argmap-scroll"><svg class="argmap-svg argmap-tree" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="group" aria-label="{h(label)}">']
    for i, (claim, _, kind, parent) in enumerate(rows):
        if parent < 0:
            continue
        (x, y), (px, py) = xy[i], xy[parent]
        trunk = px + INDENT // 2
        out.append(f'<path class="edge edge-{kind}" d="M{trunk},{py + TREE_H} V{y + TREE_H // 2} H{x}"'
                   f'{_dash(RELATIONS[kind].dash)}><title>{h(claim.id)} {h(RELATIONS[kind].forward)} '
                   f"{h(rows[parent][0].id)}</title></path>")
    for (claim, _, kind, _), (x, y) in zip(rows, xy, strict=True):
        out.append(_node(claim, x, y, page, width=TREE_W, height=TREE_H, chars=46, lines=2,
                         relation=RELATIONS[kind].forward if kind else ""))
    out.append("</svg></div>")
    return "".join(out)


def render_map(catalogue: Catalogue) -> str:
    related = {c.id for c in catalogue.claims if c.relations} | {r.claim for c in catalogue.claims for r in c.relations}
    claims = [c for c in catalogue.claims if c.id in related]
    relations = sum(len(c.relations) for c in catalogue.claims)
    out = ["---", title("Argument map"), "hide: [toc]", "---", "", "# Argument map", ""]
    if not claims:
        return "\n".join(out + ["No claim is related to another yet.", ""])
    if len(claims) > MAX_WHOLE:
        return "\n".join(out + _topic_overview(catalogue)) + "\n"
    trees = _trees(catalogue)
    out += [f"{plural(len(claims), 'claim')} linked by {plural(relations, 'relation')}, drawn as "
            f"{plural(len(trees), 'tree')}: at the top of each, a conclusion the essay draws; indented below "
            "it, the claims that bear on it, each labelled with how and joined to it by a line in that "
            "relation's style; below those, the claims they rest on. A claim that bears on several others "
            "appears under each. Hover over a box for the whole claim; follow it to its page, which maps the "
            "claim with all its neighbours.", "",
            f'<figure class="argmap" {SEARCH_EXCLUDE}>', _legend()]
    for number, (root, children) in enumerate(trees, 1):
        out += [f'<p class="argmap-tree-title" id="tree-{number}">{h(MARKS[root.verdict].label)}: '
                f"{h(root.summary)}</p>",
                tree_svg(root, children, MAP, f"Argument tree {number} of {len(trees)}: what bears on the claim "
                                              "named above it")]
    out += ["</figure>", "", "## The relations in words", ""]
    return "\n".join(out + _relations_in_words(claims, catalogue, MAP)) + "\n"


def render_topic_map(page: str, claims: list[Claim]) -> list[str]:
    """The map section of a topic page: the topic's claims that bear on one another, and how. (The others
    stand alone here; the table above lists them.)"""
    ids = {c.id for c in claims}
    related = {end for c in claims for r in c.relations if r.claim in ids for end in (c.id, r.claim)}
    if not related:
        return []
    claims = [c for c in claims if c.id in related]
    label = f"Map of the {len(claims)} related claims on this topic"
    return ["## Map of this topic's claims", "", *_figure(claims, page, label)]


def render_claim_map(catalogue: Catalogue, claim: Claim, page: str, neighbours: Iterable[str]) -> list[str]:
    """The map section of a claim page: the claim and its `neighbours` (the claims it relates to either way),
    with only the relations that touch it, so the picture stays small however large the catalogue is."""
    neighbours = sorted(set(neighbours) - {claim.id})
    if not neighbours:
        return []
    others = [dataclasses.replace(catalogue.claim(n), relations=tuple(
        r for r in catalogue.claim(n).relations if r.claim == claim.id)) for n in neighbours]
    label = f"Map of this claim and the {plural(len(others), 'claim')} it relates to"
    return ["## Map of this claim's relations", "", *_figure([claim, *others], page, label)]


def _figure(claims: list[Claim], page: str, label: str) -> list[str]:
    """The legend and the map. Left out of the search index: its words are the claims' own, found on their pages."""
    return [f'<figure class="argmap" {SEARCH_EXCLUDE}>', _legend(), map_svg(claims, page, label), "</figure>", ""]


def _topic_overview(catalogue: Catalogue) -> list[str]:
    """For large catalogues: how many relations run between topics, each linking to the topic's own map."""
    topic_of = {c.id: c.topics[0] for c in catalogue.claims}
    links = Counter((topic_of[c.id], topic_of[r.claim]) for c in catalogue.claims for r in c.relations)
    out = [f"The catalogue has {plural(len(catalogue.claims), 'claim')}: too many for one readable picture. "
           "Each topic's page carries the map of its own claims; this table shows how many relations run "
           "from the claims of one topic (by their first topic) to another's.", "",
           "| From topic | To topic | Relations |", "|---|---|---|"]
    for (a, b), n in sorted(links.items(), key=lambda item: (-item[1], item[0])):
        out.append(f"| [{md(catalogue.topic(a).title)}]({md_link(MAP, topic_page(a))}) | "
                   f"[{md(catalogue.topic(b).title)}]({md_link(MAP, topic_page(b))}) | {n} |")
    return out + [""]


def _dash(pattern: str) -> str:
    return f' stroke-dasharray="{pattern}"' if pattern else ""


def _markers() -> str:
    return "<defs>" + "".join(
        f'<marker id="arrow-{t}" class="arrow arrow-{t}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
        f'markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z"/></marker>'
        for t in RELATIONS) + "</defs>"


def _legend() -> str:
    items = "".join(f'<li><svg width="40" height="10" aria-hidden="true"><line class="edge edge-{t}" x1="0" y1="5" '
                    f'x2="40" y2="5"{_dash(kind.dash)}/></svg> {h(kind.forward)}</li>'
                    for t, kind in RELATIONS.items())
    return f'<ul class="argmap-legend">{items}</ul>'
