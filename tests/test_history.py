"""History and corrections, read from git: the claim pages' dates and verdict histories, the Corrections
page and its Atom feed, `build_claims.py diff`, and a build without history (a shallow clone, no checkout,
no git). Every repository here is made by the test, commit by commit, with fixed dates."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import Future
from pathlib import Path

import pytest
from helpers import FIXTURES, make_project, mkdocs_build, mkdocs_env
from html_tools import text_of

from annotator import pipeline
from annotator.history import STORE, History, HistoryCache, read_history

ATOM = "{http://www.w3.org/2005/Atom}"
#: The commits of the test repository: (name, ISO time, subject). `repository` makes them, in this order.
COMMITS = [
    ("publish", "2026-01-05T10:00:00Z", "Publish the catalogue"),
    ("add", "2026-02-01T09:30:00Z", "Add the prediction that the address would be forgotten"),
    ("verdict-1", "2026-03-01T12:00:00Z", "Re-rate: forgotten? unsupported"),
    ("rewrap", "2026-03-15T12:00:00Z", "Re-wrap a rationale (no change a reader sees)"),
    ("verdict-2", "2026-04-01T08:00:00Z", "Re-rate: <b>false</b> after all"),
    ("rationale", "2026-05-01T16:45:00Z", "Rationale: say where the words are carved"),
    ("outside", "2026-05-20T10:00:00Z", "README only"),
    ("remove", "2026-06-01T07:15:00Z", "Remove the civil-war claim"),
]
CLAIM = "world-will-little-note"
REMOVED = "great-civil-war"


def git(repo: Path, *args: str, when: str = "2026-01-01T00:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "Editor",
           "GIT_AUTHOR_EMAIL": "editor@example.org", "GIT_COMMITTER_NAME": "Editor",
           "GIT_COMMITTER_EMAIL": "editor@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def commit_all(repo: Path, name: str) -> str:
    _, when, subject = next(c for c in COMMITS if c[0] == name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, when=when)
    return git(repo, "rev-parse", "HEAD").strip()


def build_repository(where: Path) -> tuple[Path, dict[str, str]]:
    """The speech project in a git repository, with COMMITS made; its path and each commit's sha by name."""
    project = make_project(where, FIXTURES / "speech")
    claims = project / "claims"
    shas: dict[str, str] = {}
    git(project, "init", "-q", "-b", "main")
    held = (claims / f"{CLAIM}.yml").read_text(encoding="utf-8")
    (claims / f"{CLAIM}.yml").unlink()
    shas["publish"] = commit_all(project, "publish")
    (claims / f"{CLAIM}.yml").write_text(held, encoding="utf-8")
    shas["add"] = commit_all(project, "add")
    edit(claims / f"{CLAIM}.yml", 'verdict: "false"', "verdict: unsupported")
    shas["verdict-1"] = commit_all(project, "verdict-1")
    edit(claims / f"{CLAIM}.yml", "it is learned, quoted and carved in\n  stone",
         "it is learned,\n  quoted and carved in stone")
    shas["rewrap"] = commit_all(project, "rewrap")
    edit(claims / f"{CLAIM}.yml", "verdict: unsupported", 'verdict: "false"')
    shas["verdict-2"] = commit_all(project, "verdict-2")
    edit(claims / f"{CLAIM}.yml", "carved in stone", "carved in stone at the Lincoln Memorial")
    shas["rationale"] = commit_all(project, "rationale")
    (project / "README.md").write_text("A test project.\n", encoding="utf-8")
    shas["outside"] = commit_all(project, "outside")
    (claims / f"{REMOVED}.yml").unlink()
    people = claims / "government-of-the-people.yml"
    edit(people, "    claim: great-civil-war", "    claim: nation-conceived")
    shas["remove"] = commit_all(project, "remove")
    return project, shas


@pytest.fixture(scope="module")
def repository(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return build_repository(tmp_path_factory.mktemp("history"))


@pytest.fixture(scope="module")
def built(repository: tuple[Path, dict[str, str]]) -> Path:
    project, _ = repository
    return mkdocs_build(project, env={"SOURCE_DATE_EPOCH": "1780000000"})


def clone(project: Path | str, to: Path, *options: str) -> Path:
    subprocess.run(["git", "clone", "-q", *options, str(project), str(to)], check=True)
    return to


def page_text(site: Path, url: str) -> str:
    return text_of((site / url / "index.html").read_text(encoding="utf-8"))


# --- the claim page -----------------------------------------------------------------------------

def test_a_claim_page_says_when_it_was_published_and_last_changed(built: Path) -> None:
    text = page_text(built, f"essay/claims/{CLAIM}")
    assert "First published: 2026-02-01 · Last changed: 2026-05-01" in text


def test_a_claim_page_lists_each_verdict_change_oldest_first(built: Path) -> None:
    html = (built / f"essay/claims/{CLAIM}/index.html").read_text(encoding="utf-8")
    section = html.split('id="verdict-history"', 1)[1].split("<h2", 1)[0]
    items = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert len(items) == 2, items
    assert items[0].startswith("2026-03-01: verdict changed from ✗ False to ○ Unsupported (in commit ")
    assert items[0].endswith("“Re-rate: forgotten? unsupported”)")
    assert items[1].startswith("2026-04-01: verdict changed from ○ Unsupported to ✗ False (in commit ")
    assert "“Re-rate: <b>false</b> after all”" in items[1]  # the subject is text, never markup
    assert "<b>false</b>" not in section


def test_the_verdict_history_links_the_corrections_and_stays_out_of_search(built: Path) -> None:
    html = (built / f"essay/claims/{CLAIM}/index.html").read_text(encoding="utf-8")
    section = html.split('id="verdict-history"', 1)[1].split("<h2", 1)[0]
    assert '(all changes: <a href="../../corrections/">Corrections</a>)' in section
    assert '<a href="#verdict-history" class="md-nav__link">' in html  # still in the table of contents
    index = json.loads((built / "search/search_index.json").read_text(encoding="utf-8"))
    mine = [doc for doc in index["docs"] if doc["location"].startswith(f"essay/claims/{CLAIM}/")]
    assert mine and not [doc for doc in mine if "verdict-history" in doc["location"] or "Re-rate" in doc["text"]]


def test_a_claim_never_changed_has_its_first_date_and_no_verdict_history(built: Path) -> None:
    text = page_text(built, "essay/claims/nation-conceived")
    assert "First published: 2026-01-05" in text
    assert "Last changed" not in text
    assert "Verdict history" not in text


def test_a_claim_whose_verdict_never_changed_has_no_verdict_history(built: Path) -> None:
    # government-of-the-people changed (a relation) when the civil-war claim went: a change, not a correction
    text = page_text(built, "essay/claims/government-of-the-people")
    assert "First published: 2026-01-05 · Last changed: 2026-06-01" in text
    assert "Verdict history" not in text


# --- the Corrections page and its feed ---------------------------------------------------------

EXPECTED = [  # newest first: (date, what the entry says)
    ("2026-06-01", "removed from the catalogue"),
    ("2026-05-01", "rationale revised"),
    ("2026-04-01", "verdict changed from ○ Unsupported to ✗ False"),
    ("2026-03-01", "verdict changed from ✗ False to ○ Unsupported"),
]


def corrections(site: Path) -> list[tuple[str, str, str]]:
    """The Corrections page's entries: (the day heading above it, the commit line above it, the entry)."""
    html = (site / "essay/corrections/index.html").read_text(encoding="utf-8")
    body = html.split('<h1', 1)[1].split('<footer', 1)[0]
    found, day, commit = [], "", ""
    for tag, content in re.findall(r"<(h2|p|li)\b[^>]*>(.*?)</\1>", body, re.S):
        if tag == "h2":
            day = text_of(content).rstrip("¶").strip()
        elif tag == "p":
            commit = text_of(content)
        else:
            found.append((day, commit, text_of(content)))
    return found


def test_the_corrections_page_lists_exactly_the_corrections_newest_first(built: Path,
                                                                          repository: tuple[Path, dict]) -> None:
    _, shas = repository
    entries = corrections(built)
    assert [(day, entry.rsplit(": ", 1)[1].rstrip(".")) for day, _, entry in entries] == EXPECTED
    names = ["remove", "rationale", "verdict-2", "verdict-1"]
    for (_, commit, _), name in zip(entries, names, strict=True):
        subject = next(c[2] for c in COMMITS if c[0] == name)
        assert commit == f"In commit {shas[name][:7]} “{subject}”:"
    # the addition, the re-wrap, the README and the changed relation are not corrections
    text = page_text(built, "essay/corrections")
    assert "2026-02-01" not in text and "2026-03-15" not in text and "2026-05-20" not in text
    assert "4 corrections in 4 commits, the last on 2026-06-01." in text


def test_a_removed_claim_is_listed_by_its_summary_and_links_nowhere(built: Path) -> None:
    html = (built / "essay/corrections/index.html").read_text(encoding="utf-8")
    entry = next(e for _, _, e in corrections(built) if "removed" in e)
    assert entry == f"“In November 1863 the country was at war with itself.” ({REMOVED}): removed from the catalogue."
    assert f'href="../claims/{REMOVED}/"' not in html
    assert f'href="../claims/{CLAIM}/"' in html  # a claim still here is linked


def test_the_corrections_page_is_in_the_navigation_and_links_its_feed(built: Path) -> None:
    home = (built / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="essay/corrections/" class="md-nav__link">\s*<span class="md-ellipsis">\s*'
                     r"Corrections", home)
    assert '<link rel="alternate" type="application/atom+xml" title="Corrections" href="corrections.xml">' in home
    page = (built / "essay/corrections/index.html").read_text(encoding="utf-8")
    assert 'href="../../corrections.xml"' in page


def test_the_feed_is_atom_with_the_same_entries(built: Path, repository: tuple[Path, dict]) -> None:
    _, shas = repository
    feed = ET.parse(built / "corrections.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    assert feed.findtext(f"{ATOM}updated") == "2026-06-01T07:15:00Z"
    entries = feed.findall(f"{ATOM}entry")
    times = [e.findtext(f"{ATOM}updated") for e in entries]
    assert times == ["2026-06-01T07:15:00Z", "2026-05-01T16:45:00Z", "2026-04-01T08:00:00Z", "2026-03-01T12:00:00Z"]
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    assert titles[0] == "Removed from the catalogue: In November 1863 the country was at war with itself."
    assert titles[2] == "Verdict changed from ○ Unsupported to ✗ False: The address would soon be forgotten."
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert links[1:] == [f"essay/claims/{CLAIM}/"] * 3
    assert links[0] == "essay/corrections/#2026-06-01"  # the day it was removed
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == 4 and all(i.startswith("urn:uuid:") for i in ids)
    assert "<b>false</b>" in entries[2].findtext(f"{ATOM}summary")  # text, escaped in the XML


def test_the_feed_links_resolve_to_published_pages(built: Path) -> None:
    feed = ET.parse(built / "corrections.xml").getroot()
    for link in feed.iter(f"{ATOM}link"):
        path, _, anchor = link.get("href").partition("#")
        target = built / path / "index.html" if path.endswith("/") else built / path
        assert target.is_file(), link.get("href")
        if anchor:
            assert f'id="{anchor}"' in target.read_text(encoding="utf-8")


def test_with_site_url_and_repo_url_the_feed_is_absolute_and_commits_are_linked(
        repository: tuple[Path, dict], tmp_path: Path) -> None:
    project, shas = repository
    copy = clone(project, tmp_path / "published")
    site = mkdocs_build(copy, env={"SITE_URL": "https://owner.github.io/repo/",
                                   "REPO_URL": "https://github.com/owner/repo"})
    feed = ET.parse(site / "corrections.xml").getroot()
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://owner.github.io/repo/corrections.xml"
    assert all(link.get("href").startswith("https://owner.github.io/repo/") for link in feed.iter(f"{ATOM}link"))
    claim = (site / f"essay/claims/{CLAIM}/index.html").read_text(encoding="utf-8")
    assert f'href="https://github.com/owner/repo/commit/{shas["verdict-1"]}"' in claim


# --- in a browser ------------------------------------------------------------------------------

@pytest.mark.parametrize(("path", "size", "scheme"), [
    ("essay/corrections/", (1280, 900), "light"), ("essay/corrections/", (390, 844), "dark"),
    (f"essay/claims/{CLAIM}/", (1280, 900), "dark"), (f"essay/claims/{CLAIM}/", (390, 844), "light")])
def test_the_history_reads_well_in_a_browser(browser, built: Path, path: str, size: tuple[int, int],
                                             scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe
    from helpers import ROOT, serve
    with serve(built) as base, browser.new_context(viewport={"width": size[0], "height": size[1]},
                                                     color_scheme=scheme) as context:
        page = context.new_page()
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{width[0]}px wide content in a {width[1]}px screen"
        serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in Axe().run(page).response["violations"]
                   if v["impact"] in ("critical", "serious")]
        assert serious == []
        if "claims" in path:
            page.locator("#verdict-history").scroll_into_view_if_needed()
        (ROOT / "screenshots").mkdir(exist_ok=True)
        kind = "corrections" if "corrections" in path else "claim-history"
        page.screenshot(path=ROOT / "screenshots" / f"{kind}-{'phone' if size[0] < 500 else 'desktop'}-{scheme}.png")


# --- determinism, and history that is not there -----------------------------------------------

def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_two_builds_of_one_commit_are_byte_identical(repository: tuple[Path, dict], built: Path,
                                                     tmp_path: Path) -> None:
    project, _ = repository
    copy = clone(project, tmp_path / "clone")
    again = mkdocs_build(copy, env={"SOURCE_DATE_EPOCH": "1780000000"})
    first, second = files_of(built), files_of(again)
    assert sorted(first) == sorted(second)
    assert [name for name in first if first[name] != second[name]] == []


def test_a_shallow_clone_builds_and_says_history_is_unavailable(repository: tuple[Path, dict],
                                                                tmp_path: Path) -> None:
    project, _ = repository
    site = mkdocs_build(clone(f"file://{project}", tmp_path / "shallow", "--depth", "1"))
    text = page_text(site, "essay/corrections")
    assert "History is unavailable in this build" in text
    assert "shallow clone" in text
    claim = page_text(site, f"essay/claims/{CLAIM}")
    assert "History: unavailable in this build (why)" in claim
    assert "First published" not in claim
    feed = ET.parse(site / "corrections.xml").getroot()
    assert feed.findall(f"{ATOM}entry") == []
    assert "unavailable" in feed.findtext(f"{ATOM}subtitle")


def test_a_copy_that_is_no_checkout_builds_and_says_so(tmp_path: Path) -> None:
    site = mkdocs_build(make_project(tmp_path, FIXTURES / "speech"))
    assert "the site was not built from a git checkout" in page_text(site, "essay/corrections").lower()


def test_without_git_history_is_unavailable_not_an_error(repository: tuple[Path, dict],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    project, _ = repository
    monkeypatch.setenv("PATH", "/nonexistent")
    found = read_history(project / "claims")
    assert not found.available and found.reason == "git is not installed"


def test_a_claim_not_yet_committed_says_so(repository: tuple[Path, dict], tmp_path: Path) -> None:
    project, _ = repository
    copy = clone(project, tmp_path / "work")
    held = (copy / "claims" / f"{CLAIM}.yml").read_text(encoding="utf-8")
    (copy / "claims" / "world-will-long-note.yml").write_text(
        held.replace(f"id: {CLAIM}", "id: world-will-long-note").replace(
            "The world will little note, nor long remember", "nor long remember"),
        encoding="utf-8")
    site = mkdocs_build(copy)
    text = page_text(site, "essay/claims/world-will-long-note")
    assert "First published: not yet (this claim is in no commit)" in text


def count_git(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Every process started from now on (subprocess.run starts its own with Popen too): a git process's
    arguments after the options common to all, another's whole."""
    calls: list[list[str]] = []
    real = subprocess.Popen

    def counting(args, **kwargs):  # noqa: ANN001, ANN202 - Popen's own signature
        calls.append(args[6:] if args[0] == "git" else args)
        return real(args, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)
    return calls


def fresh_read(claims: Path) -> History:
    """The history read from git alone, as in a fresh clone (the snapshot put back afterwards)."""
    store = claims.parent / ".git" / STORE
    kept = store.read_bytes() if store.is_file() else None
    store.unlink(missing_ok=True)
    try:
        return read_history(claims, HistoryCache())
    finally:
        if kept is not None:
            store.write_bytes(kept)


def test_history_is_read_by_three_git_processes_and_once_per_commit(repository: tuple[Path, dict],
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.history as history
    project, _ = repository
    calls = count_git(monkeypatch)
    (project / ".git" / STORE).unlink(missing_ok=True)  # as in a fresh clone
    cache = HistoryCache()
    first = read_history(project / "claims", cache)
    assert [call[0] for call in calls] == ["rev-parse", "log", "cat-file"]
    again = read_history(project / "claims", cache)
    assert again is first and [call[0] for call in calls] == ["rev-parse", "log", "cat-file", "rev-parse"]
    # The next build (a new process) at the same commit takes the history the first one stored: no log, no parsing.
    monkeypatch.setattr(history, "parse_claim", lambda *args: pytest.fail("parsed again"))
    assert read_history(project / "claims", HistoryCache()) == first
    assert [call[0] for call in calls] == ["rev-parse", "log", "cat-file", "rev-parse", "rev-parse"]


def test_the_next_build_reads_only_the_commits_made_since_and_gives_the_same_history(
        repository: tuple[Path, dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project, shas = repository
    copy = clone(project, tmp_path / "work")
    claims = copy / "claims"
    git(copy, "checkout", "-q", shas["verdict-2"])
    earlier = read_history(claims, HistoryCache())
    assert [c.commit.sha for c in earlier.corrections()] == [shas["verdict-2"], shas["verdict-1"]]
    git(copy, "checkout", "-q", "main")
    calls = count_git(monkeypatch)
    carried = read_history(claims, HistoryCache())
    assert [call[0] for call in calls] == ["rev-parse", "log", "cat-file"]
    assert calls[1][-1] == f"{shas['verdict-2']}..{shas['remove']}"  # only the commits made since
    assert carried == fresh_read(claims)
    assert [c.commit.sha for c in carried.corrections()] == [shas[n] for n in ("remove", "rationale", "verdict-2",
                                                                                "verdict-1")]
    assert json.loads((copy / ".git" / STORE).read_text(encoding="utf-8"))["head"] == shas["remove"]


def test_a_rewritten_branch_is_read_whole_again(repository: tuple[Path, dict], tmp_path: Path) -> None:
    """The stored history's commit no longer on the line (a reset and a new commit, a branch switched to, or a
    commit gone from the repository): the history is read from the start, never carried on from it."""
    project, shas = repository
    copy = clone(project, tmp_path / "work")
    claims = copy / "claims"
    read_history(claims, HistoryCache())  # stored at "remove"
    git(copy, "reset", "-q", "--hard", shas["verdict-1"])
    edit(claims / f"{CLAIM}.yml", "verdict: unsupported", "verdict: mostly-supported")
    git(copy, "commit", "-q", "-am", "Another reading", when="2026-07-01T00:00:00Z")
    rewritten = read_history(claims, HistoryCache())
    assert rewritten == fresh_read(claims)
    assert [(c.commit.date, c.verdict) for c in rewritten.corrections()] == [
        ("2026-07-01", ("unsupported", "mostly-supported")), ("2026-03-01", ("false", "unsupported"))]
    store = copy / ".git" / STORE
    stored = json.loads(store.read_text(encoding="utf-8"))
    stored["head"] = "0123456789" * 4  # a commit the repository does not have
    store.write_text(json.dumps(stored), encoding="utf-8")
    assert read_history(claims, HistoryCache()) == rewritten


def test_a_large_catalogue_has_its_whole_history_read_by_a_process_of_its_own(
        repository: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch) -> None:
    """Past ELSEWHERE files, a whole read is replayed by this module run with the same interpreter (its parsing
    takes the other core while the build renders); the history is the same, and so when that process fails."""
    import annotator.history as history
    project, _ = repository
    claims = project / "claims"
    here = fresh_read(claims)
    monkeypatch.setattr(history, "ELSEWHERE", 0)
    (project / ".git" / STORE).unlink(missing_ok=True)
    calls = count_git(monkeypatch)
    elsewhere = read_history(claims, HistoryCache())
    assert [call[0] for call in calls] == ["rev-parse", sys.executable]
    assert calls[1][1:3] == ["-m", "annotator.history"]
    assert elsewhere == here and elsewhere.claims == here.claims
    stored = json.loads((project / ".git" / STORE).read_text(encoding="utf-8"))
    assert stored["head"] == elsewhere.changes[-1].commit.sha
    for broken in ("/nonexistent/python", "/bin/false"):  # cannot start, or says nothing: read here instead
        monkeypatch.setattr(history.sys, "executable", broken)
        (project / ".git" / STORE).unlink()
        assert read_history(claims, HistoryCache()) == here, broken


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads a process's priority from /proc (Linux)")
def test_the_process_of_its_own_and_its_git_processes_give_way_to_the_build(
        repository: tuple[Path, dict], tmp_path: Path) -> None:
    """That process lowers its priority by NICENESS, and the git processes it starts run at that priority: on a
    busy machine the build's own thread is served first."""
    from annotator.history import NICENESS
    project, shas = repository
    real = shutil.which("git")
    assert real, "git is not installed"
    bin_dir, log = tmp_path / "bin", tmp_path / "niceness"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(f'#!/bin/sh\ncut -d" " -f19 /proc/$$/stat >> "{log}"\nexec "{real}" "$@"\n')
    (bin_dir / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(Path(__file__).parent.parent)}
    done = subprocess.run([sys.executable, "-m", "annotator.history", str(project / "claims"), shas["remove"],
                           "claims/"], capture_output=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["head"] == shas["remove"]
    expected = min(os.nice(0) + NICENESS, 19)
    seen = log.read_text().split()
    assert len(seen) >= 2 and set(seen) == {str(expected)}  # git log and git cat-file, both


def test_the_whole_log_is_read_as_git_writes_it_and_gives_what_the_plain_log_gives(
        repository: tuple[Path, dict]) -> None:
    import annotator.history as history
    project, shas = repository
    claims = project / "claims"
    memo: dict = {}
    streamed = history._whole_log(claims, shas["remove"], "claims/", memo, {})
    assert streamed == history._log(claims, shas["remove"], "claims/")
    named = {new for _, files in streamed for path, _, new in files if new and history.claim_id_of(path)}
    assert set(memo) == named and all(memo[blob] is not None for blob in named)
    with pytest.raises(history.GitError, match="no-such-revision"):  # git's own word, in one line
        history._whole_log(claims, "no-such-revision", "claims/", {}, {})


def test_the_history_module_run_alone_says_how_to_run_it() -> None:
    done = subprocess.run([sys.executable, "-m", "annotator.history"], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent, check=False)
    assert done.returncode == 2 and done.stderr.startswith("usage: python -m annotator.history FOLDER COMMIT")


def test_the_pages_are_rendered_while_the_history_is_read_and_come_out_the_same(
        repository: tuple[Path, dict], monkeypatch: pytest.MonkeyPatch) -> None:
    """Given the history still being read (a Future), every claim page is rendered before it is waited for,
    with stand-ins for its dates and verdict history; the pages are those rendered from the history itself."""
    import annotator.render as rendering
    project, _ = repository
    catalogue = pipeline.check(project / "claims", root=project).catalogue
    history = read_history(project / "claims", HistoryCache())
    rendered = []
    real = rendering.render_claim
    monkeypatch.setattr(rendering, "render_claim", lambda *args, **kwargs: rendered.append(1) or real(*args, **kwargs))

    class Reading(Future):
        asked_after: int | None = None

        def result(self, timeout: float | None = None) -> History:
            self.asked_after = len(rendered)
            return history

    reading = Reading()
    assert rendering.render(catalogue, history=reading) == rendering.render(catalogue, history=history)
    assert reading.asked_after == len(catalogue.claims)
    page = rendering.render(catalogue, history=history)[f"claims/{CLAIM}/index.md"]
    assert "\x00" not in page and "**First published:** 2026-02-01" in page and "## Verdict history" in page


def test_the_stored_history_is_kept_out_of_the_working_tree_and_a_bad_one_is_ignored(
        repository: tuple[Path, dict]) -> None:
    import annotator.history as history
    project, _ = repository
    store = project / ".git" / STORE
    fresh = fresh_read(project / "claims")
    read_history(project / "claims", HistoryCache())
    assert store.is_file() and STORE not in git(project, "status", "--porcelain", "--ignored", "--untracked-files=all")
    good = json.loads(store.read_text(encoding="utf-8"))

    def spoilt(**changed: object) -> str:
        return json.dumps({**good, **changed})

    bad = ["{not json", '{"format": "another"}', '{"format": 1}', "[]", "", spoilt(prefix="other/"),
           spoilt(head="HEAD"), spoilt(state={"x": "not a blob"}), spoilt(state=[]), spoilt(commits=[["a", 1, "s"]]),
           spoilt(commits=[[good["commits"][0][0], "1", "s"]]), spoilt(changes=[["x", 99, "added", [], None, ""]]),
           spoilt(changes=[["x", 0, "exploded", [], None, ""]]), spoilt(changes=[["x", 0, "changed", [1], None, ""]]),
           spoilt(changes=[["x", 0, "changed", [], ["a"], ""]]), spoilt(changes=[["x", 0, "changed", [], None]]),
           spoilt(changes=[["../x", 0, "added", [], None, ""]]), spoilt(state={"sources": good["commits"][0][0]})]
    for text in bad:
        store.write_text(text, encoding="utf-8")
        assert history._load_snapshot(store, "claims/") is None, text
        assert read_history(project / "claims", HistoryCache()) == fresh, text
        assert json.loads(store.read_text(encoding="utf-8"))["format"] == history._STORE_FORMAT
    store.unlink()
    store.symlink_to(project / "README.md")
    assert history._load_snapshot(store, "claims/") is None
    read_history(project / "claims", HistoryCache())
    assert not store.is_symlink() and (project / "README.md").read_text(encoding="utf-8") == "A test project.\n"


def test_a_serving_session_renders_the_corrections_as_a_fresh_build_does_after_an_edit(
        repository: tuple[Path, dict]) -> None:
    """The Corrections page and the feed are put together from pieces a session keeps (a day's entries, a
    feed entry); after a summary is edited they are the same bytes as a fresh build's."""
    project, _ = repository
    claim = project / "claims" / f"{CLAIM}.yml"
    session = pipeline.Session()
    first = pipeline.generate(project / "claims", project / "docs", root=project, session=session)[1]
    assert "The address would soon be forgotten." in first["essay/corrections/index.md"]
    try:
        edit(claim, "summary: The address would soon be forgotten.", "summary: Nobody would remember the words.")
        cached = pipeline.generate(project / "claims", project / "docs", root=project, session=session)[1]
        fresh = pipeline.generate(project / "claims", project / "docs", root=project)[1]
    finally:
        git(project, "checkout", "--", str(claim))
    assert cached == fresh
    assert "Nobody would remember the words." in cached["essay/corrections/index.md"]
    assert "Nobody would remember the words." in cached["corrections.xml"]


# --- build_claims.py diff ----------------------------------------------------------------------

def diff(project: Path, *revisions: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(project / "build_claims.py"), "diff", *revisions], cwd=project,
                          capture_output=True, text=True, env=mkdocs_env())


#: The heading and opening line of a `diff` report's section on what the Corrections page will list.
ON_CORRECTIONS = "### On the Corrections page\n\nOnce merged, the Corrections page and its feed list:\n\n"


def opening(base: str, target: str, counts: str) -> str:
    """The first lines of a `diff` report."""
    return f"## What this changes for readers\n\nFrom `{base}` to `{target}`: {counts}.\n\n"


def test_diff_of_a_verdict_change(repository: tuple[Path, dict]) -> None:
    project, shas = repository
    done = diff(project, shas["add"], shas["verdict-1"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        opening(shas["add"], shas["verdict-1"],
                "0 claims added, 0 removed, 1 changed; 1 verdict changed; 0 sources added, 0 removed") +
        "### Verdicts changed\n\n"
        f"- **`{CLAIM}`**: ✗ False → ○ Unsupported (“The address would soon be forgotten.”)\n\n"
        "### Claims changed\n\n"
        f"- **`{CLAIM}`**: verdict (“The address would soon be forgotten.”)\n\n"
        + ON_CORRECTIONS +
        f"- **`{CLAIM}`**: verdict changed from **✗ False** to **○ Unsupported** "
        "(“The address would soon be forgotten.”)\n")


def test_diff_of_an_addition_and_of_a_removal(repository: tuple[Path, dict]) -> None:
    project, shas = repository
    added = diff(project, shas["publish"], shas["add"])
    assert added.stdout == (
        opening(shas["publish"], shas["add"],
                "1 claim added, 0 removed, 0 changed; 0 verdicts changed; 0 sources added, 0 removed") +
        "### Claims added\n\n"
        f"- **`{CLAIM}`**: ✗ False (“The address would soon be forgotten.”)\n")
    removed = diff(project, shas["rationale"], shas["remove"])
    assert removed.stdout == (
        opening(shas["rationale"], shas["remove"],
                "0 claims added, 1 removed, 1 changed; 0 verdicts changed; 0 sources added, 0 removed") +
        "### Claims removed\n\n"
        f"- **`{REMOVED}`**: was ✓ Supported (“In November 1863 the country was at war with itself.”)\n\n"
        "### Claims changed\n\n"
        "- **`government-of-the-people`**: relations (“Democracy must survive the war.”)\n\n"
        + ON_CORRECTIONS +
        f"- **`{REMOVED}`**: removed from the catalogue (“In November 1863 the country was at war with itself.”)\n")


def test_diff_of_nothing_a_reader_sees(repository: tuple[Path, dict]) -> None:
    project, shas = repository
    for pair in (("verdict-1", "rewrap"), ("rationale", "outside")):
        done = diff(project, shas[pair[0]], shas[pair[1]])
        assert done.stdout.endswith(": no claim or source is added, removed or changed.\n"), done.stdout


def test_diff_against_the_working_tree_reports_its_problems_and_still_compares(repository: tuple[Path, dict],
                                                                               tmp_path: Path) -> None:
    project, shas = repository
    copy = clone(project, tmp_path / "broken")
    edit(copy / "claims" / f"{CLAIM}.yml", 'verdict: "false"', "verdict: wrong")
    done = diff(copy, shas["remove"])
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert f"From `{shas['remove']}` to `the working tree`: 0 claims added, 0 removed, 1 changed;" in done.stdout
    assert f"- **`{CLAIM}`**: ✗ False → wrong" in done.stdout
    problems = done.stdout.split("### Problems in `the working tree`\n\n", 1)[1]
    assert re.match(rf"- `claims/{CLAIM}\.yml:\d+:\d+: error: ", problems), problems


def test_diff_names_a_revision_that_is_not_there_in_one_line(repository: tuple[Path, dict], tmp_path: Path) -> None:
    project, _ = repository
    done = diff(project, "no-such-branch")
    assert done.returncode == 1
    assert done.stdout == ("build_claims.py: error: `no-such-branch` is not a commit in this repository "
                           "(fetch it first, or give a branch, tag or commit id)\n")
    copy = make_project(tmp_path, FIXTURES / "speech")
    outside = diff(copy, "HEAD")
    assert outside.returncode == 1 and outside.stdout.count("\n") == 1
    assert "not in a git checkout" in outside.stdout


def test_diff_escapes_what_the_catalogue_says(repository: tuple[Path, dict], tmp_path: Path) -> None:
    project, shas = repository
    copy = clone(project, tmp_path / "hostile")
    edit(copy / "claims" / f"{CLAIM}.yml", "summary: The address would soon be forgotten.",
         "summary: <img src=x onerror=alert(1)> [link](javascript:alert(1))")
    done = diff(copy, shas["remove"])
    assert "<img" not in done.stdout and "](javascript:" not in done.stdout
    assert "&#60;img src&#61;x onerror&#61;alert(1)&#62; &#91;link&#93;(javascript:alert(1))" in done.stdout



# --- the methodology's corrections policy and maintainer ---------------------------------------

def test_the_methodology_names_the_maintainer_only_from_the_settings(tmp_path: Path) -> None:
    project = make_project(tmp_path, FIXTURES / "speech")
    (project / "mkdocs.yml").write_text((project / "mkdocs.yml").read_text(encoding="utf-8").replace(
        "  # reviewer: Your organisation", "  reviewer: The <b>Checkers</b>"), encoding="utf-8")
    named = page_text(mkdocs_build(project, env={"REPO_URL": "https://github.com/owner/repo"}), "methodology")
    assert "Claims are corrected in the open." in named
    assert "This site is maintained by The <b>Checkers</b>." in named  # as text, never markup
    assert "Its catalogue is kept in a public repository, https://github.com/owner/repo," in named
    unnamed = page_text(mkdocs_build(make_project(tmp_path / "plain", FIXTURES / "speech")), "methodology")
    assert "The site's settings name no maintainer." in unnamed
    assert "public repository" not in unnamed
