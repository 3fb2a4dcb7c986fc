"""What only a browser shows: headless Chromium (Debian's) driven by Playwright, on the built site
served under a project subpath. Every test fails on a console error or a request leaving 127.0.0.1."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import ROOT
from playwright.sync_api import Browser, Page, expect

from annotator.vocab import VERDICTS

SCREENSHOTS = ROOT / "screenshots"


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    problems: list[str] = []
    opened.on("request", lambda r: None if r.url.startswith((origin, "data:", "blob:", "about:"))
              else problems.append(f"request to {r.url}"))
    opened.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    opened.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    yield opened
    context.close()
    assert problems == []


def test_hover_focus_click_and_back_to_the_span(page: Page, base_url: str, catalogue) -> None:
    page.goto(base_url + "essay/")
    claim = next(c for c in catalogue.claims if c.anchor.paragraph > 0)
    link = page.locator(f'.essay a.hl[data-claim="{claim.id}"]').first
    tooltip = page.locator(".claim-tooltip")
    link.hover()
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text(claim.summary)
    page.mouse.move(0, 0)
    expect(tooltip).to_be_hidden()
    page.locator(".essay a.hl").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "hl" in focused
    expect(tooltip).to_be_visible()
    expect(page.locator(".claim-tooltip strong")).to_have_text(
        page.evaluate("document.getElementById(document.activeElement.getAttribute('aria-describedby'))"
                      ".querySelector('strong').textContent"))
    link.click()
    expect(page).to_have_url(base_url + f"essay/claims/{claim.id}/")
    page.get_by_role("link", name="Read it in context").click()
    expect(page).to_have_url(base_url + f"essay/#c-{claim.id}")
    marked = page.locator(".essay a.hl.is-target")
    expect(marked.first).to_be_visible()
    # the marked words, without what each highlight says of its verdict to screen readers
    text = "".join(marked.evaluate_all("els => els.map(e => Array.from(e.childNodes).filter("
                                       "n => !(n.classList && n.classList.contains('sr-only')))"
                                       ".map(n => n.textContent).join(''))"))
    assert " ".join(text.split()) == " ".join(claim.anchor.exact.split())


def test_filter_by_topic_and_verdict(page: Page, base_url: str, catalogue) -> None:
    page.goto(base_url + "essay/")
    form = page.locator("form.essay-filter")
    expect(form).to_be_visible()
    total = page.locator(".essay a.hl").count()
    topic = catalogue.topics[-1]
    form.locator("select[name=topic]").select_option(topic.id)
    matching = {c.id for c in catalogue.claims if topic.id in c.topics}
    lit = page.locator(".essay a.hl:not(.is-dimmed)")
    assert 0 < lit.count() < total
    for i in range(lit.count()):
        assert matching & set(lit.nth(i).get_attribute("data-claims").split())
        assert lit.nth(i).get_attribute("data-claim") in matching
    expect(form.locator("output")).to_have_text(re.compile(r"^\d+ claims? highlighted$"))
    form.locator("select[name=topic]").select_option("")
    form.locator("select[name=verdict]").select_option("supported")
    for i in range(lit.count()):
        ids = lit.nth(i).get_attribute("data-claims").split()
        assert any(catalogue.claim(x).verdict == "supported" for x in ids)
    assert page.locator(".essay a.hl.is-dimmed").first.get_attribute("tabindex") == "-1"


def test_search_finds_a_claim_by_its_words(page: Page, base_url: str, catalogue) -> None:
    claim = max(catalogue.claims, key=lambda c: (len(re.findall(r"[A-Za-z]{6,}", c.summary)), c.id))
    words = " ".join(re.findall(r"[A-Za-z]{6,}", claim.summary)[:3])
    page.goto(base_url)
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").press_sequentially(words, delay=30)
    result = page.locator(f'.md-search-result a[href*="essay/claims/{claim.id}/"]').first
    expect(result).to_be_visible(timeout=15000)
    expect(result).to_contain_text(VERDICTS[claim.verdict].label + ":")  # the result says the verdict
    result.click()
    expect(page).to_have_url(re.compile(re.escape(base_url + f"essay/claims/{claim.id}/")))


def test_glossary_terms_explain_themselves_on_hover(page: Page, base_url: str, catalogue) -> None:
    if not catalogue.glossary:
        pytest.fail("the real catalogue has a glossary")
    page.goto(base_url + "essay/")
    term = page.locator(".essay abbr").first
    definition = dict(catalogue.glossary)[term.text_content()]
    assert term.get_attribute("title") == definition
    term.hover()
    expect(page.get_by_text(definition).last).to_be_visible()


def test_argument_map_nodes_link_to_claims(page: Page, base_url: str) -> None:
    page.goto(base_url + "essay/map/")
    node = page.locator("svg.argmap-svg a.node").first
    expect(node).to_be_visible()
    box = node.bounding_box()
    assert box and box["width"] > 100
    href = node.get_attribute("href")
    node.click()
    expect(page).to_have_url(re.compile(re.escape(base_url + "essay/" + href.removeprefix("../"))))


def test_dark_scheme_changes_the_colours(page: Page, base_url: str) -> None:
    page.goto(base_url + "essay/")
    def colours() -> tuple[str, str]:
        return page.evaluate("[getComputedStyle(document.body).backgroundColor, "
                             "getComputedStyle(document.querySelector('.essay a.hl')).backgroundColor]")
    light = colours()
    page.locator("label.md-header__button[for^=__palette]:visible").first.click()
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    assert colours()[0] != light[0] and colours()[1] != light[1]


PAGES = ["", "essay/", "essay/claims/", "essay/topics/", "essay/sources/", "essay/map/", "essay/corrections/",
         "methodology/"]


@pytest.mark.parametrize("path", PAGES)
def test_phone_width_has_no_horizontal_scrolling(browser: Browser, base_url: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(base_url + path)
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert width[0] <= width[1], f"{path}: {width[0]}px wide content in a {width[1]}px screen"


@pytest.mark.parametrize("path", ["", "essay/", "essay/claims/title-thesis/", "essay/topics/central-asia/",
                                  "essay/sources/"])
def test_no_serious_accessibility_violations(page: Page, base_url: str, path: str) -> None:
    page.goto(base_url + path)
    page.wait_for_load_state("networkidle")
    results = Axe().run(page)
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in results.response["violations"] if v["impact"] in ("critical", "serious")]
    assert serious == []


@pytest.mark.parametrize(("name", "width", "height", "scheme"), [
    ("essay-desktop-light", 1280, 900, "light"), ("essay-desktop-dark", 1280, 900, "dark"),
    ("essay-phone-light", 390, 844, "light"), ("essay-phone-dark", 390, 844, "dark")])
def test_screenshots_of_the_essay(browser: Browser, base_url: str, name: str, width: int, height: int,
                                  scheme: str) -> None:
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
    page = context.new_page()
    page.goto(base_url + "essay/")
    page.locator(".essay a.hl").nth(1).hover()
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path)
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    context.close()
    assert path.stat().st_size > 10_000
