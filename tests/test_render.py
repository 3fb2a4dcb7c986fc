"""The render stage on its own: pure, deterministic, and a long essay split into parts."""

from __future__ import annotations

import itertools
import re

from helpers import FIXTURES, ROOT

from annotator import pipeline
from annotator.pages import MAP, claim_page
from annotator.render import render
from annotator.render.text import md, text_fragment


def catalogue():
    return pipeline.check(FIXTURES / "second", root=ROOT).catalogue


def test_render_is_deterministic() -> None:
    assert render(catalogue()) == render(catalogue())


def test_a_long_essay_is_split_into_parts_and_links_follow() -> None:
    cat = catalogue()
    pages = render(cat, part_claims=3)
    parts = sorted(p for p in pages if re.fullmatch(r"index\.md|part-\d+/index\.md", p))
    assert len(parts) >= 3
    for part in parts:
        assert len(re.findall(r'class="claim-start"', pages[part])) <= 3 or pages[part].count('class="essay-p"') == 1
        assert '<nav class="essay-parts"' in pages[part]
        for href in re.findall(r'<a class="hl [^"]*" href="([^"]+)"', pages[part]):
            prefix = "" if part == "index.md" else "../"
            assert href.startswith(prefix + "claims/")
            assert href[len(prefix):] + "index.md" in pages
    for claim in cat.claims:
        target = re.search(r"\[Read it in context\]\(\.\./\.\./([^)#]+)#c-([a-z0-9-]+)\)", pages[claim_page(claim.id)])
        assert target and target.group(2) == claim.id
        assert f'id="c-{claim.id}"' in pages[target.group(1)]


def test_md_leaves_no_markup() -> None:
    for text in ["[x](javascript:y)", "<b>", "*a*", "_a_", "`c`", "# h", "- item", "1. item", "a | b", "{: #x}",
                 "line\n\n# heading", "\\*"]:
        escaped = md(text)
        assert not re.search(r"[<>\[\]*_`|{}\\\\\n]", escaped), (text, escaped)
        assert not re.match(r"[-+#:0-9]", escaped), (text, escaped)


def test_text_fragments_name_a_long_quote_by_its_ends() -> None:
    url = "https://example.org/essay?x=1#top"
    assert text_fragment(url, "Short, sharp -- and\u00a0done.") == \
        "https://example.org/essay?x=1#:~:text=Short%2C%20sharp%20%2D%2D%20and%20done."
    long = "One two-three four five six seven eight nine ten eleven, twelve & thirteen"
    assert text_fragment(url, long) == \
        "https://example.org/essay?x=1#:~:text=One%20two%2Dthree%20four%20five,eleven%2C%20twelve%20%26%20thirteen"


def _check_geometry(svg: str) -> tuple[int, int]:
    """No two boxes of one picture overlap, and no line crosses a box; returns (boxes, segments checked)."""
    boxes = [tuple(map(int, m)) for m in re.findall(
        r'<rect x="(\d+)" y="(\d+)" width="(\d+)" height="(\d+)" rx="6"/>', svg)]
    for (ax, ay, aw, ah), (bx, by, bw, bh) in itertools.combinations(boxes, 2):
        assert ax + aw <= bx or bx + bw <= ax or ay + ah <= by or by + bh <= ay, "boxes overlap"
    checked = 0
    for d in re.findall(r'<path class="edge[^"]*" d="([^"]+)"', svg):
        if " C" in d:
            continue  # curves join boxes on neighbouring lines: only the gap lies between them
        x, y = map(int, re.match(r"M(-?\d+),(-?\d+)", d).groups())
        for command, value in re.findall(r"([HV])(-?\d+)", d):
            nx, ny = (int(value), y) if command == "H" else (x, int(value))
            for bx, by, bw, bh in boxes:
                inside_x = bx < max(x, nx) and min(x, nx) < bx + bw if command == "H" else bx < x < bx + bw
                inside_y = by < y < by + bh if command == "H" else by < max(y, ny) and min(y, ny) < by + bh
                # the last vertical segment ends on its target's edge; only a crossing through a box counts
                assert not (inside_x and inside_y and not (command == "V" and ny in (by, by + bh))), d
            x, y = nx, ny
            checked += 1
    return len(boxes), checked


def test_argument_maps_keep_boxes_apart_and_lines_off_boxes() -> None:
    real = pipeline.check(ROOT / "claims", root=ROOT).catalogue
    pages = render(real)
    pictures = [svg for page in pages.values() for svg in re.findall(r"<svg class=\"argmap-svg.*?</svg>", page)]
    totals = [_check_geometry(svg) for svg in pictures]
    assert sum(b for b, _ in totals) > 150 and sum(c for _, c in totals) > 100
    trees = re.findall(r"<svg class=\"argmap-svg argmap-tree.*?</svg>", pages[MAP])
    assert trees, "the argument map page draws the argument as trees"
    drawn = set(re.findall(r'data-claim="([a-z0-9-]+)"', "".join(trees)))
    related = {c.id for c in real.claims if c.relations} | {r.claim for c in real.claims for r in c.relations}
    assert drawn == related  # every related claim appears in a tree


def test_the_trees_are_the_same_picture_when_a_claim_is_added(tmp_path) -> None:
    """Adding a claim adds its row; every other claim keeps its place relative to the others."""
    import shutil

    claims = tmp_path / "claims"
    shutil.copytree(ROOT / "claims", claims)
    before = render(pipeline.check(claims, root=tmp_path).catalogue)[MAP]
    source = (claims / "crack-could-widen.yml").read_text(encoding="utf-8")
    (claims / "zz-new-claim.yml").write_text(source.replace("id: crack-could-widen", "id: zz-new-claim"),
                                             encoding="utf-8")
    after = render(pipeline.check(claims, root=tmp_path).catalogue)[MAP]
    order = re.compile(r'data-claim="([a-z0-9-]+)"')
    kept = [c for c in order.findall(after) if c != "zz-new-claim"]
    assert kept[:len(order.findall(before))] == order.findall(before) or \
        [c for c in kept if c in order.findall(before)] == order.findall(before)


def test_each_claim_page_maps_the_claims_it_relates_to() -> None:
    real = pipeline.check(ROOT / "claims", root=ROOT).catalogue
    pages = render(real)
    mapped = 0
    for claim in real.claims:
        neighbours = {r.claim for r in claim.relations} | {c.id for c in real.claims
                                                          if any(r.claim == claim.id for r in c.relations)}
        page = pages[claim_page(claim.id)]
        drawn = set(re.findall(r'<a class="node [^"]*" data-claim="([a-z0-9-]+)"', page))
        if not neighbours:
            assert not drawn
            continue
        assert drawn == neighbours | {claim.id}, claim.id
        edges = re.findall(r"<title>([a-z0-9-]+) [a-z ]+ ([a-z0-9-]+)</title></path>", page)
        assert edges and all(claim.id in pair for pair in edges), claim.id  # only what touches this claim
        titles = re.findall(r"<title>([^<]+)</title><rect", page)  # every box names its claim in full
        assert len(titles) == len(drawn)
        mapped += 1
    assert mapped > 40
