"""The bottom line and an essay you can read, in headless Chromium: the assessment first, verdicts that never
depend on colour, reading modes that persist, a preview on a tap, and pages that lead with the verdict."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import ROOT
from playwright.sync_api import Browser, BrowserContext, Page, expect

from annotator.vocab import MARKS, VERDICTS

SCREENSHOTS = ROOT / "screenshots"
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def context(browser: Browser, size: str = "desktop", scheme: str = "light", **extra) -> BrowserContext:
    width, height = SIZES[size]
    return browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, **extra)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("path", ["", "essay/"])
def test_the_assessment_and_the_breakdown_are_in_the_first_viewport(browser: Browser, base_url: str, path: str,
                                                                   size: str, catalogue) -> None:
    with context(browser, size) as ctx:
        page = ctx.new_page()
        page.goto(base_url + path)
        height = SIZES[size][1]
        assessment = page.locator(".assessment")
        expect(assessment).to_contain_text(VERDICTS[catalogue.essay.assessment.verdict].label)
        expect(assessment).to_contain_text(catalogue.essay.assessment.rationale.split()[0])
        for box in (assessment.bounding_box(), page.locator(".breakdown").bounding_box()):
            assert box and box["y"] < height, (path, size, box)
        # the chart is its own text: each verdict's label and count, the marker and bar beside them
        rows = page.locator(".breakdown-verdicts li")
        counts = {v.label: sum(c.verdict == v.id for c in catalogue.claims) for v in VERDICTS.values()}
        assert {" ".join(t.split()).rsplit(" ", 1)[0]: int(t.split()[-1]) for t in rows.all_inner_texts()} == \
            {label: n for label, n in counts.items() if n}


def test_every_highlight_says_its_verdict(browser: Browser, base_url: str, catalogue) -> None:
    with context(browser) as ctx:
        page = ctx.new_page()
        page.goto(base_url + "essay/")
        checked = set()
        for claim in catalogue.claims:
            if claim.verdict in checked:
                continue
            link = page.locator(f'.essay a.hl[data-claim="{claim.id}"]').first
            expect(link).to_have_accessible_name(re.compile(rf"\({re.escape(MARKS[claim.verdict].label)}\)$"))
            checked.add(claim.verdict)
        assert checked == {c.verdict for c in catalogue.claims}


def test_each_verdict_has_its_own_shape_not_only_its_colour(browser: Browser, base_url: str) -> None:
    """Paint every marker black on white: if two verdicts still render alike, only colour told them apart."""
    with context(browser) as ctx:
        page = ctx.new_page()
        page.goto(base_url + "essay/")
        page.add_style_tag(content=".hl-swatch { --v: #000 !important; width: 40px !important; "
                                   "height: 40px !important; } .legend-items li { background: #fff; }")
        swatches = page.locator(".legend-items .hl-swatch")
        shots = {swatches.nth(i).get_attribute("class"): swatches.nth(i).screenshot()
                 for i in range(swatches.count())}
        assert len(shots) == len({v.id for v in VERDICTS.values()} & {c.split()[-1].removeprefix("verdict-")
                                                                     for c in shots})
        assert len(set(shots.values())) == len(shots), "two verdicts' markers render alike in black and white"
        page.add_style_tag(content="html { filter: grayscale(1); }")
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "essay-desktop-greyscale.png")
    for verdict in VERDICTS.values():
        assert re.fullmatch(r"[MmLlHhVvAaZz0-9., -]+", verdict.path), verdict.id


@pytest.mark.parametrize("size", SIZES)
def test_reading_modes_change_what_is_rendered_and_survive_a_reload(browser: Browser, base_url: str,
                                                                     size: str) -> None:
    with context(browser, size) as ctx:
        page = ctx.new_page()
        page.goto(base_url + "essay/")
        link = page.locator(".essay a.hl").first
        highlighted = link.evaluate("e => getComputedStyle(e).backgroundColor")
        assert highlighted not in ("rgba(0, 0, 0, 0)", "transparent")
        page.check("input[name=mode][value=plain]")
        assert link.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        assert link.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        marker = page.locator(".essay .claim-start").first
        assert marker.evaluate("e => getComputedStyle(e, '::before').maskImage || "
                               "getComputedStyle(e, '::before').webkitMaskImage").startswith("url(")
        assert "mode=plain" in page.url
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"essay-{size}-plain.png")
        page.reload()
        expect(page.locator("input[name=mode][value=plain]")).to_be_checked()
        assert link.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"
        page.goto(base_url + "essay/claims/")  # another page, then back by the menu: the choice is kept
        page.goto(base_url + "essay/")
        expect(page.locator("input[name=mode][value=plain]")).to_be_checked()
        if size == "desktop":
            page.check("input[name=mode][value=margin]")
            notes = page.locator(".claim-note")
            expect(notes.first).to_be_visible()
            assert notes.count() == page.locator(".essay .claim-start").count()
            boxes = [notes.nth(i).bounding_box() for i in range(notes.count())]
            article = page.locator(".essay .essay-p").first.bounding_box()
            assert all(b["x"] >= article["x"] + article["width"] for b in boxes), "notes sit beside the text"
            assert all(a["y"] + a["height"] <= b["y"] + 0.5 for a, b in zip(boxes, boxes[1:], strict=False))
            page.screenshot(path=SCREENSHOTS / "essay-desktop-margin.png")
            page.reload()
            expect(page.locator(".claim-note").first).to_be_visible()
        else:
            expect(page.locator("input[name=mode][value=margin]")).to_be_hidden()
        page.screenshot(path=SCREENSHOTS / f"essay-{size}-mode.png")


def test_the_filter_lives_in_the_url(browser: Browser, base_url: str, catalogue) -> None:
    verdict = next(v for v in VERDICTS.values() if any(c.verdict == v.id for c in catalogue.claims))
    with context(browser) as ctx:
        page = ctx.new_page()
        page.goto(base_url + f"essay/?verdict={verdict.id}")
        expect(page.locator("select[name=verdict]")).to_have_value(verdict.id)
        lit = page.locator(".essay a.hl:not(.is-dimmed)")
        assert lit.count() and all(f"verdict-{verdict.id}" in c for c in lit.evaluate_all(
            "els => els.map(e => e.className)"))
        page.select_option("select[name=verdict]", "")
        assert "verdict=" not in page.url


def test_a_tap_on_a_phone_opens_a_preview_and_stays_on_the_page(browser: Browser, base_url: str,
                                                                 catalogue) -> None:
    with context(browser, "phone", has_touch=True, is_mobile=True) as ctx:
        page = ctx.new_page()
        page.goto(base_url + "essay/")
        url = page.url
        link = page.locator(".essay a.hl").nth(2)
        claim = catalogue.claim(link.get_attribute("data-claim"))
        link.tap()
        dialog = page.get_by_role("dialog", name="Preview of the claim")
        expect(dialog).to_be_visible()
        expect(dialog).to_contain_text(MARKS[claim.verdict].label)
        expect(dialog).to_contain_text(claim.summary)
        expect(dialog.get_by_role("link", name="Read the claim's page")).to_have_attribute(
            "href", re.compile(rf"claims/{claim.id}/$"))
        assert page.evaluate("document.activeElement.closest('dialog') !== null"), "focus moves into the dialog"
        assert page.url == url
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "essay-phone-preview.png")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert page.evaluate("document.activeElement.getAttribute('data-claim')") == claim.id, "focus returns"
        link.tap()
        dialog.get_by_role("button", name="Close").click()
        expect(dialog).to_be_hidden()
        assert page.url == url


def test_the_claims_index_shows_the_verdict_on_a_phone(browser: Browser, base_url: str, catalogue) -> None:
    with context(browser, "phone") as ctx:
        page = ctx.new_page()
        page.goto(base_url + "essay/claims/")
        badge = page.locator(".md-typeset table .verdict-badge").first
        box = badge.bounding_box()
        assert box and box["x"] + box["width"] <= SIZES["phone"][0], box
        first = page.locator(".md-typeset table tbody tr").first.locator("a").first
        assert first.inner_text().strip() in {" ".join(c.summary.split()) for c in catalogue.claims}


def test_a_claim_page_leads_with_its_verdict(browser: Browser, base_url: str, catalogue) -> None:
    claim = next(c for c in catalogue.claims if c.verdict == "false") if any(
        c.verdict == "false" for c in catalogue.claims) else catalogue.claims[0]
    label = MARKS[claim.verdict].label
    with context(browser) as ctx:
        page = ctx.new_page()
        page.goto(base_url + f"essay/claims/{claim.id}/")
        assert page.title().startswith(f"{VERDICTS[claim.verdict].glyph} {label}: ")
        lead = page.get_by_role("group", name="Verdict")
        expect(lead).to_contain_text("The essay says")
        expect(lead).to_contain_text("Our verdict")
        expect(lead).to_contain_text("Our reading of the claim")
        expect(lead.locator("strong")).to_have_text(label)
        h1 = page.locator("h1").first.bounding_box()
        lead_box = lead.bounding_box()
        assert lead_box and lead_box["y"] < SIZES["desktop"][1]
        assert float(page.locator("h1").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) < 32, h1
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / "claim-desktop-light.png")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("path", "mode"), [("", ""), ("essay/", "plain"), ("essay/", "highlights"),
                                            ("essay/", "margin"), ("essay/claims/title-thesis/", ""),
                                            ("essay/claims/", ""), ("essay/map/", ""),
                                            ("essay/topics/central-asia/", ""), ("essay/sources/", ""),
                                            ("essay/glossary/", ""), ("essay/corrections/", ""),
                                            ("methodology/", "")])
def test_no_serious_accessibility_violations_in_any_mode(browser: Browser, base_url: str, path: str, mode: str,
                                                          scheme: str) -> None:
    with context(browser, scheme=scheme) as ctx:
        page: Page = ctx.new_page()
        page.goto(base_url + path + (f"?mode={mode}" if mode else ""))
        page.wait_for_load_state("networkidle")
        results = Axe().run(page)
        serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
        assert serious == []
