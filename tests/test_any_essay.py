"""Any essay, any fork: a text not shaped like the first (a speech: no publisher, no URL, no thesis, no sources
file, no glossary, dashes typed as `--`, opinions), a catalogue kept in another folder, and a fork that
publishes with nothing edited (the addresses come from SITE_URL and REPO_URL).

The generic page-by-page checks run on the speech too (tests/test_site.py and tests/test_exports.py list it
among their catalogues); here is what is particular to it."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT, make_project, mkdocs_build
from html_tools import by_class, parse

import build_claims
from annotator import pipeline
from annotator.vocab import NOT_RATED, VERDICTS

SPEECH = FIXTURES / "speech"


@pytest.fixture(scope="module")
def speech():
    result = pipeline.check(SPEECH, root=ROOT)
    assert not result.problems, [str(p) for p in result.problems]
    return result.catalogue


def text_of(path: Path) -> str:
    page = parse(path)
    return " ".join(" ".join(e.text for e in page.elements).split())


def test_an_opinion_is_shown_not_rated(speech_site: Path, speech) -> None:
    opinions = [c for c in speech.claims if c.kind == "opinion"]
    assert len(opinions) == 3
    for claim in opinions:
        page = speech_site / "essay" / "claims" / claim.id / "index.html"
        html = page.read_text(encoding="utf-8")
        [lead] = by_class(parse(page), "claim-lead")
        assert "verdict-not-rated" in lead.attrs["class"]
        assert f"Our verdict {NOT_RATED.label} opinion" in " ".join(lead.text.split())
        assert "ClaimReview" not in html  # no rating to publish
        assert "Reviewed:" not in text_of(page) and 'id="evidence"' not in html  # neither was given
    # Its highlight carries the mark's own class and says so to screen readers.
    essay = parse(speech_site / "essay" / "index.html")
    marks = {e.attrs["data-claim"]: e for e in by_class(essay, "hl")}
    assert "verdict-not-rated" in marks["can-not-hallow"].attrs["class"]
    assert marks["can-not-hallow"].text.strip().endswith(f"({NOT_RATED.label})")


def test_opinions_are_counted_apart_from_the_verdicts(speech_site: Path, speech) -> None:
    home = parse(speech_site / "index.html")
    [chart] = by_class(home, "breakdown")
    rows = {" ".join(e.text.split()) for e in by_class(home, "breakdown-label")}
    counts = [e.text for e in by_class(home, "breakdown-count")]
    rated = [c for c in speech.claims if c.verdict in VERDICTS]
    assert NOT_RATED.label in rows and len(rows) == len({c.verdict for c in speech.claims})
    assert sum(map(int, counts)) == len(speech.claims)
    caption = " ".join(chart.text.split())
    assert f"The {len(rated)} rated claims, by verdict, and the 3 opinions, not rated" in caption
    assert "3 opinions (not rated)" in caption


def test_a_dash_typed_as_two_hyphens_matches_any_dash(speech_site: Path, speech) -> None:
    claim = speech.claim("can-not-hallow")
    assert "—" in claim.quote and "--" not in claim.quote
    essay = parse(speech_site / "essay" / "index.html")
    [mark] = [e for e in by_class(essay, "hl") if e.attrs["data-claim"] == claim.id]
    assert claim.anchor.exact == "we can not dedicate -- we can not consecrate -- we can not hallow -- this ground"
    assert mark.text.startswith(claim.anchor.exact)  # the essay's own characters, highlighted whole


def test_the_nested_claim_is_inside_the_claim_around_it(speech) -> None:
    outer, inner = speech.claim("nation-conceived").anchor, speech.claim("all-men-equal").anchor
    assert outer.start < inner.start < inner.end < outer.end + 1


def test_the_byline_and_the_structured_data_use_only_what_essay_yml_gives(speech_site: Path, speech) -> None:
    essay = parse(speech_site / "essay" / "index.html")
    [byline] = by_class(essay, "essay-byline")
    text = " ".join(byline.text.split())
    assert text == "By Abraham Lincoln, 1863-11-19. Reproduced here for commentary; the text is its author's."
    assert not by_class(essay, "essay-original")  # no URL: no link to an original
    html = (speech_site / "essay" / "claims" / "great-civil-war" / "index.html").read_text(encoding="utf-8")
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    review = json.loads(script)
    assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
    assert "publisher" not in review["itemReviewed"]["appearance"] and "url" not in review["itemReviewed"]["appearance"]
    assert "author" not in review  # no reviewer is set: none is invented
    assert 'id="the-essays-thesis"' not in (speech_site / "index.html").read_text(encoding="utf-8")  # none given


def test_no_glossary_no_page_and_no_menu_entry(speech_site: Path) -> None:
    assert not (speech_site / "essay" / "glossary").exists()
    for page in speech_site.rglob("*.html"):
        assert "essay/glossary/" not in page.read_text(encoding="utf-8"), page


def test_the_exports_say_their_ids_are_relative(speech_site: Path) -> None:
    data = json.loads((speech_site / "claims.json").read_text(encoding="utf-8"))
    assert data["ids"]["absolute"] is False and data["ids"]["base"] is None
    assert "site_url" in data["ids"]["note"] and "SITE_URL" in data["ids"]["note"]
    assert all(not c["url"].startswith("http") for c in data["claims"])
    assert data["essay"]["type"] == "CreativeWork" and data["essay"]["thesis"] == ""
    collection = json.loads((speech_site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert "ids are relative" in collection["label"]


#: Names, places and subjects of the first essay: none may reach a site built from another catalogue.
FIRST_ESSAY = ("Ukraine", "Kazakhstan", "Russia", "China", "Beijing", "Moscow", "Geopolitics", "Huang",
               "Belt and Road", "CSTO", "ministr", "Kremlin", "Xi Jinping", "Putin", "Central Asia", "presidential")


def test_nothing_generated_names_the_first_essay(speech_site: Path) -> None:
    offending = {}
    for file in speech_site.rglob("*"):
        if file.is_file() and file.suffix in (".html", ".json", ".jsonld", ".txt", ".xml", ".css", ".js") \
                and "assets" not in file.relative_to(speech_site).parts[:1]:
            text = file.read_text(encoding="utf-8", errors="replace")
            found = [name for name in FIRST_ESSAY if name.lower() in text.lower()]
            if found:
                offending[str(file.relative_to(speech_site))] = found
    assert not offending


def test_the_methodology_is_general_and_the_catalogues_own_part_comes_from_essay_yml(speech_site: Path,
                                                                                       real_site: Path) -> None:
    speech_page = text_of(speech_site / "methodology" / "index.html")
    assert "Opinion" in speech_page and "About this catalogue" not in speech_page
    real_page = text_of(real_site / "methodology" / "index.html")
    assert "About this catalogue" in real_page and "foreign ministries of China and Russia" in real_page


# --- what a check says -------------------------------------------------------------------------------------

def check(catalogue: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build_claims.py"), "check", "--claims", str(catalogue)],
                          cwd=catalogue.parent, capture_output=True, text=True)


def copy(tmp_path: Path) -> Path:
    where = tmp_path / "speech"
    shutil.copytree(SPEECH, where)
    return where


@pytest.mark.parametrize("title", ["Address Delivered at the Dedication of the Cemetery at Gettysburg",
                                   "ADDRESS DELIVERED AT THE DEDICATION OF THE CEMETERY AT GETTYSBURG",
                                   "Address  Delivered at the\nDedication of the Cemetery at Gettysburg"])
def test_an_essay_txt_that_begins_with_the_title_is_refused(tmp_path: Path, title: str) -> None:
    where = copy(tmp_path)
    text = where / "essay.txt"
    text.write_text(f"{title}\n\n{text.read_text(encoding='utf-8')}", encoding="utf-8")
    run = check(where)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stdout.splitlines() == [
        "speech/essay.txt:1:1: error: the first paragraph is the essay's title, which comes from `title` in "
        "essay.yml; remove it from essay.txt (the text starts with the body) (title-line)", "1 error, 0 warnings"]


def test_an_opinion_with_a_verdict_is_refused_and_a_fact_without_one_is_told_why(tmp_path: Path) -> None:
    where = copy(tmp_path)
    opinion = where / "all-men-equal.yml"
    opinion.write_text(opinion.read_text(encoding="utf-8") + "verdict: supported\n", encoding="utf-8")
    fact = where / "great-civil-war.yml"
    fact.write_text(fact.read_text(encoding="utf-8").replace("verdict: supported\n", ""), encoding="utf-8")
    run = check(where)
    assert run.stdout.splitlines() == [
        "speech/all-men-equal.yml:9:10: error: an opinion is shown, not rated: remove `verdict` (or, if the "
        "evidence can settle it, choose another kind) (not-rated)",
        "speech/great-civil-war.yml:1:1: error: missing required field `verdict` (every claim but an `opinion` "
        "has one) (required)",
        "2 errors, 0 warnings"]


def test_without_sources_yml_a_cited_source_is_reported(tmp_path: Path) -> None:
    where = copy(tmp_path)
    fact = where / "great-civil-war.yml"
    fact.write_text(fact.read_text(encoding="utf-8") + "evidence:\n  - source: war-dates\n    shows: When.\n"
                    "    passage: The war began in 1861.\n", encoding="utf-8")
    run = check(where)
    assert run.stdout.splitlines() == [
        "speech/great-civil-war.yml:10:13: error: source `war-dates` does not exist; add it to "
        "speech/sources.yml (create the file: there is none yet) (reference)", "1 error, 0 warnings"]


# --- a fork ---------------------------------------------------------------------------------------------------

def test_a_catalogue_kept_elsewhere_is_one_line_of_mkdocs_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path, SPEECH)
    (project / "claims").rename(project / "catalogue")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  claims_dir: claims ", "  claims_dir: catalogue "),
                      encoding="utf-8")
    run = subprocess.run([sys.executable, "build_claims.py", "check"], cwd=project, capture_output=True, text=True)
    assert run.stdout.strip() == "ok: 6 claims, 2 topics, 0 sources", run.stdout
    site = mkdocs_build(project, env={"REPO_URL": "https://github.com/owner/speech", "EDIT_URI": "edit/main/docs/"})
    page = parse(site / "essay" / "claims" / "great-civil-war" / "index.html")
    links = {e.text.strip(): e.attrs["href"] for e in page.links if e.tag == "a"}
    assert links["Edit this claim"] == "https://github.com/owner/speech/edit/main/catalogue/great-civil-war.yml"
    assert "catalogue" in text_of(site / "methodology" / "index.html")

    class Server:
        watched: list[str] = []

        def watch(self, path: str) -> None:
            self.watched.append(path)

    class Config(dict):
        config_file_path = str(config)

    server = Server()
    assert build_claims.on_serve(server, Config(extra={"claims_dir": "catalogue"}), lambda: None) is server
    assert server.watched == [str(project / "catalogue")]


@pytest.mark.parametrize("claims_dir", ["/etc", "../elsewhere"])
def test_a_catalogue_folder_outside_the_project_is_refused(tmp_path: Path, claims_dir: str) -> None:
    project = make_project(tmp_path, SPEECH)
    config = project / "mkdocs.yml"
    setting = config.read_text(encoding="utf-8").replace("  claims_dir: claims ", f"  claims_dir: {claims_dir} ")
    config.write_text(setting, encoding="utf-8")
    run = subprocess.run([sys.executable, "build_claims.py", "check"], cwd=project, capture_output=True, text=True)
    assert run.returncode == 1 and "Traceback" not in run.stdout + run.stderr
    assert "must be a folder inside the project" in run.stdout


def test_a_fork_publishes_under_its_pages_address_with_nothing_edited(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    site = mkdocs_build(project, env={"SITE_URL": "https://owner.github.io/repo/",
                                      "REPO_URL": "https://github.com/owner/repo", "EDIT_URI": "edit/main/docs/"})
    data = json.loads((site / "claims.json").read_text(encoding="utf-8"))
    assert data["ids"] == {"absolute": True, "base": "https://owner.github.io/repo/",
                           "note": "URLs are absolute, under https://owner.github.io/repo/"}
    assert all(c["url"].startswith("https://owner.github.io/repo/essay/claims/") for c in data["claims"])
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert all(a["id"].startswith("https://owner.github.io/repo/essay/claims/") for a in collection["first"]["items"])
    # The 404 page is served at any address: its styles and scripts are found from the project's path.
    missing = parse(site / "404.html")
    assets = [e.attrs.get("href") or e.attrs.get("src") for e in missing.links if e.tag in ("link", "script")]
    local = [a for a in assets if a and "assets/" in a]
    assert local and all(a.startswith("/repo/") for a in local), local
    page = parse(site / "essay" / "claims" / "crack-revealed" / "index.html")
    links = {e.text.strip(): e.attrs["href"] for e in page.links if e.tag == "a"}
    assert links["Edit this claim"] == "https://github.com/owner/repo/edit/main/claims/crack-revealed.yml"
    assert links["Dispute this claim"].startswith("https://github.com/owner/repo/issues/new?")
