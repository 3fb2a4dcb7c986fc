"""Live editing: a rebuild from the session's caches gives exactly what a fresh run gives, and `mkdocs serve
--dirty` (what `make serve` runs) rebuilds once per saved file, with everything a reader sees up to date."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import FIXTURES, ROOT, free_port, get_text, make_project, mkdocs_build, mkdocs_env

from annotator import live, pipeline


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 1_000_000  # a save within the same clock tick still counts as a change
    os.utime(path, ns=(stamp, stamp))


EDITS: list[tuple[str, Callable[[Path], None]]] = [
    ("summary", lambda c: replace(c / "trees-cool.yml", "Trees lower street temperatures in summer.",
                                  "Trees make summer streets cooler.")),
    ("verdict", lambda c: replace(c / "trees-cool.yml", "verdict: supported", "verdict: disputed")),
    ("a source's title", lambda c: replace(c / "sources.yml", "Street trees and urban heat", "Trees and heat")),
    ("a topic's title", lambda c: replace(c / "topics.yml", "title: Heat and air", "title: Heat, air and shade")),
    ("the quote", lambda c: replace(c / "clean-air.yml", "quote: \"Trees cool streets, and they also clean the air.\"",
                                    "quote: \"they also clean the air.\"")),
    ("a broken file", lambda c: (c / "maintenance.yml").write_text("id: [\n", encoding="utf-8")),
    ("the file mended", lambda c: shutil.copy(FIXTURES / "second" / "maintenance.yml", c / "maintenance.yml")),
    ("a claim removed", lambda c: (c / "green-budget.yml").unlink()),
    ("a claim added", lambda c: shutil.copy(FIXTURES / "second" / "green-budget.yml", c / "green-budget.yml")),
    ("the essay's text", lambda c: replace(c / "essay.txt", "Trees", "Street trees")),
]


def test_a_session_gives_what_a_fresh_run_gives_after_every_edit(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", claims)
    session = pipeline.Session()
    for name, edit in [("nothing", lambda c: None), *EDITS]:
        edit(claims)
        cached, cached_files = pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)
        fresh, fresh_files = pipeline.generate(claims, tmp_path / "docs", root=tmp_path)
        assert [str(p) for p in cached.problems] == [str(p) for p in fresh.problems], name
        assert cached_files == fresh_files, name
        for export in ("claims.json", "annotations.jsonld"):  # assembled from parts: still what json.dumps
            if export in fresh_files:                            # writes for the whole
                data = json.loads(fresh_files[export])
                assert fresh_files[export] == json.dumps(data, ensure_ascii=False, separators=(",", ":"),
                                                         sort_keys=True) + "\n", export


def test_a_session_gives_what_a_fresh_run_gives_after_a_glossary_definition_changes(tmp_path: Path) -> None:
    """A page ends with the definition of each term it uses: a new definition reaches a claim page whose own text
    is unchanged (the term in its notes, Markdown only), in a session as in a fresh run."""
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", claims)
    (claims / "glossary.yml").write_text("- term: Canopy index\n  definition: The share of sky the crowns hide.\n",
                                         encoding="utf-8")
    with (claims / "trees-cool.yml").open("a", encoding="utf-8") as out:
        out.write("notes: Measured with the Canopy index of each street.\n")
    session = pipeline.Session()
    pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)
    replace(claims / "glossary.yml", "the crowns hide", "the tree crowns hide")
    cached = pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)[1]
    assert cached == pipeline.generate(claims, tmp_path / "docs", root=tmp_path)[1]
    assert "*[Canopy index]: The share of sky the tree crowns hide." in cached["essay/claims/trees-cool/index.md"]


def test_a_session_keeps_what_a_large_catalogue_uses_and_forgets_what_edits_left_behind(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A memo larger than FORGET_AT survives the builds of a catalogue that uses that much (a save re-renders
    only what it changed), and is dropped once stale entries make it twice what a build uses; the files are
    a fresh run's throughout."""
    import annotator.render as rendering
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", claims)
    monkeypatch.setattr(pipeline, "FORGET_AT", 1)  # every memo of this small catalogue is "large"
    rendered: list[str] = []
    real = rendering._claim_body

    def counted(catalogue: object, claim: Any, *rest: Any) -> str:
        rendered.append(claim.id)
        return real(catalogue, claim, *rest)

    monkeypatch.setattr(rendering, "_claim_body", counted)
    session = pipeline.Session()
    pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)
    every = sorted(rendered)
    used = len(session.pages)
    summary = "Trees lower street temperatures in summer."
    sizes = []
    for n in range(1, 40):
        replace(claims / "trees-cool.yml", summary, f"Trees lower street temperatures in summer ({n}).")
        summary = f"Trees lower street temperatures in summer ({n})."
        rendered.clear()
        files = pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)[1]
        sizes.append(len(session.pages))
        if sizes[-1] < sizes[0]:
            break
        # the claim and those that show its summary are rendered again; the others' pages come from the memo
        assert "trees-cool" in rendered and len(rendered) < len(every) - 1, (n, rendered, every)
    assert files == pipeline.generate(claims, tmp_path / "docs", root=tmp_path)[1]
    assert sizes[-1] == 0 and max(sizes) <= 2 * used + used // 2, (used, sizes)  # dropped past twice its use
    rendered.clear()
    files = pipeline.generate(claims, tmp_path / "docs", root=tmp_path, session=session)[1]
    assert sorted(rendered) == every and len(session.pages) == used  # filled again with what a build uses
    assert files == pipeline.generate(claims, tmp_path / "docs", root=tmp_path)[1]


def test_the_search_index_keeps_one_run_per_page() -> None:
    def entry(location: str, title: str) -> dict:
        return {"location": location, "title": title, "text": ""}

    old = {"a/": [entry("a/", "A")], "b/": [entry("b/", "B"), entry("b/#x", "Bx")], "c/": [entry("c/", "C")]}
    # What the search plugin writes after rebuilding b/ and c/: its merge kept b/'s old run (it only drops the
    # first rebuilt page's), and a page that is gone (a/) is still there.
    written = {"config": {}, "docs": [entry("a/", "A"), entry("b/", "B"), entry("b/#x", "Bx"),
                                      entry("c/", "C2"), entry("b/", "B2"), entry("d/", "D")]}
    index, kept = live.merge_search_index(written, built={"b/", "c/", "d/"}, pages=["b/", "c/", "d/"], previous=old)
    assert [e["title"] for e in index["docs"]] == ["B2", "C2", "D"]
    assert set(kept) == {"b/", "c/", "d/"} and index["config"] == {}


def test_snippets_of_generated_files_come_from_memory() -> None:
    page = 'Intro\n\n--8<-- "essay/_home.md"\n\n  --8<-- "other.md"\n'
    assert live.inline_snippets(page, {"essay/_home.md": "# Home\n"}) == 'Intro\n\n# Home\n\n  --8<-- "other.md"\n'
    assert live.snippets_named(page) == {"essay/_home.md", "other.md"}


def test_the_big_raw_html_blocks_are_lifted_out_of_the_markdown_and_put_back_whole() -> None:
    hidden = '<figure class="argmap" data-search-exclude>\n<svg><text>A &amp; B</text></svg>\n</figure>'
    table = "<table>\n<tbody>\n<tr><td><a href=\"../x/\">X</a></td></tr>\n</tbody>\n</table>"
    kept = [
        f"- a list\n\n  {hidden}",  # indented: inside the list item, Markdown's to handle
        f"Text right above\n{hidden}",  # no blank line before: not a block of its own
        f"{table}\nText right below",  # no blank line after
        hidden.replace(" data-search-exclude", ""),  # a searchable <figure>: not one the pages hand over
        '<figure class="argmap" data-search-exclude><svg></svg></figure>',  # its start tag not a line of its own
        "<ul>\n<li>a</li>\n\n<li>b</li>\n</ul>",  # a blank line inside
    ]
    second = hidden.replace("<svg>", "<svg id='second'>")
    page = "\n\n".join([hidden, "# A heading", *kept, table, second]) + "\n"
    lifted, blocks = live.lift_blocks(page, "tok")
    assert blocks == [hidden, table, second]
    assert lifted == "\n\n".join(["<!--tok:0-->", "# A heading", *kept, "<!--tok:1-->", "<!--tok:2-->"]) + "\n"
    html = "<main><!--tok:0-->\n<h1>A heading</h1>\n<!--tok:1-->\n<!--tok:2--><!--tok:7--></main>"
    # What the search index reads goes back before the search plugin reads the page; the rest after it.
    searched = live.restore_blocks(html, "tok", blocks, searched=True)
    assert searched == html.replace("<!--tok:1-->", table)
    assert live.restore_blocks(searched, "tok", blocks, searched=False) == \
        f"<main>{hidden}\n<h1>A heading</h1>\n{table}\n{second}<!--tok:7--></main>"
    assert live.restore_blocks(html, "other", blocks, searched=False) == html


def test_the_hook_publishes_the_same_bytes_as_an_engine_building_the_written_pages(tmp_path: Path) -> None:
    """What the hook lifts out of the Markdown and puts back into the finished page is exactly what MkDocs
    would have made of it: every page the same as MkDocs builds from `build_claims.py build`'s files."""
    hooked = mkdocs_build(make_project(tmp_path / "hook"))
    plain = make_project(tmp_path / "plain")
    run = subprocess.run([sys.executable, "build_claims.py", "build"], cwd=plain, capture_output=True, text=True,
                         env=mkdocs_env())
    assert run.returncode == 0, run.stdout + run.stderr
    config = (plain / "mkdocs.yml").read_text(encoding="utf-8")
    assert "\nhooks:\n  - build_claims.py\n" in config
    (plain / "mkdocs.yml").write_text(config.replace("\nhooks:\n  - build_claims.py\n", "\n"), encoding="utf-8")
    written = mkdocs_build(plain)
    pages = sorted(p.relative_to(hooked).as_posix() for p in hooked.rglob("*.html"))
    assert pages == sorted(p.relative_to(written).as_posix() for p in written.rglob("*.html"))
    assert any("argmap" in (hooked / page).read_text(encoding="utf-8") for page in pages)
    differ = [page for page in pages if (hooked / page).read_bytes() != (written / page).read_bytes()]
    assert differ == []
    def entries(site: Path) -> list[tuple[str, str, str]]:  # (the order follows the files', not the site's)
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        return sorted((e["location"], e["title"], e["text"]) for e in index["docs"])

    assert entries(hooked) == entries(written)


def test_serve_looks_at_the_catalogue_folder_ten_times_a_second_and_at_the_rest_as_mkdocs_does(
        tmp_path: Path) -> None:
    from mkdocs.livereload import LiveReloadServer

    import build_claims

    project = make_project(tmp_path)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    try:
        server.watch(str(project / "docs"))

        class Config(dict):
            config_file_path = str(project / "mkdocs.yml")

        assert build_claims.on_serve(server, Config(extra={}), lambda: None) is server
        polls = {Path(emitter.watch.path): emitter.timeout for emitter in server.observer.emitters}
        assert polls == {project / "docs": 0.5, project / "claims": build_claims.CATALOGUE_POLL}
        assert server.observer.timeout == 0.5  # what MkDocs watches later is looked at as MkDocs means to
        assert server.build_delay == build_claims.BUILD_DELAY < 0.1
    finally:
        server.server_close()


# --- a real `mkdocs serve --dirty` -----------------------------------------------------------------


def _until(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{what} did not happen within {seconds}s")


@pytest.fixture
def served(tmp_path: Path):
    project = make_project(tmp_path, FIXTURES / "second")
    port = free_port()
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=log, stderr=subprocess.STDOUT, env=mkdocs_env())
        try:
            base = f"http://127.0.0.1:{port}/"
            _until(lambda: "Trees lower street temperatures" in get_text(base + "essay/claims/trees-cool/"), 60,
                   "the first build")
            yield project, base, log_path
        finally:
            server.terminate()
            server.wait(10)


def builds(log: Path) -> int:
    return log.read_text().count("Building documentation")


def settle(log: Path, seconds: float = 2.5) -> int:
    """The number of builds once none has started for `seconds`."""
    count = builds(log)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        time.sleep(0.2)
        if builds(log) != count:
            count, deadline = builds(log), time.monotonic() + seconds
    return count


def search_entries(base: str) -> list[dict]:
    return json.loads(get_text(base + "search/search_index.json"))["docs"]


def test_one_save_one_rebuild_and_every_page_a_reader_sees_is_current(served) -> None:
    project, base, log = served
    before = settle(log)
    pages_before = Counter(e["location"] for e in search_entries(base))
    replace(project / "claims" / "trees-cool.yml", "Trees lower street temperatures in summer.",
            "Trees make summer streets cooler.")
    _until(lambda: "Trees make summer streets cooler." in get_text(base + "essay/claims/trees-cool/"), 30,
           "the claim page's update")
    assert settle(log) == before + 1, log.read_text()
    # The related claim's backlink, the essay's tooltip, the claims index and the exports show the new summary.
    for url in ("essay/claims/trees-pay/", "essay/", "essay/claims/index.html", "essay/topics/climate/",
                "claims.json"):
        assert "Trees make summer streets cooler." in get_text(base + url), url
    assert "Trees lower street temperatures" not in get_text(base + "essay/claims/trees-pay/")
    entries = search_entries(base)
    assert Counter(e["location"] for e in entries) == pages_before, "the search index gained or lost entries"
    assert any("Trees make summer streets cooler." in e["title"] for e in entries)
    assert not any("Trees lower street temperatures" in e["title"] + e["text"] for e in entries)


def test_a_broken_file_is_reported_and_the_next_save_recovers(served) -> None:
    project, base, log = served
    claim = project / "claims" / "trees-cool.yml"
    good = claim.read_text(encoding="utf-8")
    before = settle(log)
    claim.write_text("id: [\n", encoding="utf-8")
    _until(lambda: "claims/trees-cool.yml:2:1: error: YAML syntax" in log.read_text(), 30, "the error in the log")
    # Meanwhile MkDocs holds new requests until a build succeeds (the open page stays as it was).
    claim.write_text(good.replace("in summer.\n", "in summer.\nnotes: Mended.\n", 1), encoding="utf-8")
    _until(lambda: "Mended." in get_text(base + "essay/claims/trees-cool/"), 30, "the recovery")
    assert settle(log) == before + 2


def test_a_removed_claim_page_is_gone_and_its_search_entries_too(served) -> None:
    project, base, log = served
    (project / "claims" / "green-budget.yml").unlink()
    _until(lambda: "green-budget" not in get_text(base + "essay/claims/index.html"), 30, "the index's update")
    with pytest.raises(urllib.error.HTTPError):
        get_text(base + "essay/claims/green-budget/")
    assert not any(e["location"].startswith("essay/claims/green-budget/") for e in search_entries(base))


def test_make_serve_serves_dirty() -> None:
    assert "mkdocs serve --dirty" in (ROOT / "Makefile").read_text(encoding="utf-8")
