"""Plain `mkdocs serve` (no --dirty): the hook regenerates pages when a claim file changes, the open browser
reloads by itself, and one save makes one rebuild."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from helpers import FIXTURES, free_port, get_text, make_project, mkdocs_env
from playwright.sync_api import expect


def _wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    body = ""
    while time.monotonic() < deadline:
        try:
            body = get_text(url)
            if text in body:
                return body
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{text!r} did not appear at {url} within {seconds}s")


def test_serve_regenerates_on_claim_edit(tmp_path: Path, browser) -> None:
    project = make_project(tmp_path, FIXTURES / "second")
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=log, stderr=subprocess.STDOUT, env=mkdocs_env())
    try:
        url = f"http://127.0.0.1:{port}/essay/claims/clean-air/"
        page = _wait_for(url, "Trees also clean the air.", 60)
        assert "livereload" in page, "mkdocs serve runs without live reload by default (which click is installed?)"
        tab = browser.new_page()
        tab.goto(url)
        expect(tab.locator("h1")).to_contain_text("Trees also clean the air.")
        time.sleep(3)
        before = (tmp_path / "serve.log").read_text().count("Building documentation")
        claim = project / "claims" / "clean-air.yml"
        claim.write_text(claim.read_text().replace("Trees also clean the air.", "Trees scrub the city air."))
        expect(tab.locator("h1")).to_contain_text("Trees scrub the city air.", timeout=60_000)  # no reload by hand
        tab.close()
        _wait_for(url, "Trees scrub the city air.", 10)
        _wait_for(f"http://127.0.0.1:{port}/essay/", "Trees scrub the city air.", 10)
        time.sleep(4)
        assert (tmp_path / "serve.log").read_text().count("Building documentation") == before + 1, \
            "one save, one rebuild (the hook writes nothing into the watched docs/)"
    finally:
        server.terminate()
        server.wait(10)
        log.close()
