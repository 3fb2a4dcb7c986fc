"""`build_claims.py verify`, against a local HTTP server (no test reaches the internet): a good page, a page
without the passage, a 404, a redirect chain, a loop, too many redirects, a slow response, a huge one, a
PDF, pages in other encodings; and the addresses it refuses."""

from __future__ import annotations

import http.server
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import FIXTURES

import build_claims
from annotator import verify

PASSAGE = "On the hottest afternoons, streets with a full canopy were 2.1 °C cooler than bare ones."
# The page's typography differs from the catalogue's copy: curly quotes, a no-break space, entities.
GOOD = ("<html><head><title>On the hottest afternoons</title><script>var x = 'not text';</script></head><body>"
        "<p>Results. On the hottest\u00a0afternoons, streets with a <em>full canopy</em> were 2.1&nbsp;°C "
        "cooler than bare ones. Fine particulate levels were 9% lower on the streets with the most tree "
        "cover.</p></body></html>")
BUDGET = ("<html><body><table><tr><td>Parks and greenery: 0.4% of the operating budget.</td></tr>"
          "<tr><td>Tree maintenance: 1.2 million, unchanged from last year.</td></tr></table></body></html>")
HITS: list[str] = []
AGENTS: list[str] = []


class _Handler(http.server.BaseHTTPRequestHandler):
    ROUTES: dict[str, tuple[int, dict[str, str], bytes]] = {
        "/good": (200, {"Content-Type": "text/html; charset=utf-8"}, GOOD.encode()),
        "/budget": (200, {"Content-Type": "text/html"}, BUDGET.encode()),
        "/without": (200, {"Content-Type": "text/html"}, b"<p>Trees are nice.</p>"),
        "/hidden": (200, {"Content-Type": "text/html"},
                    f"<html><body><script>// {PASSAGE}</script><p>Nothing.</p></body></html>".encode()),
        "/gone": (404, {"Content-Type": "text/html"}, b"no"),
        "/broken": (500, {"Content-Type": "text/html"}, b"no"),
        "/hop1": (301, {"Location": "/hop2"}, b""),
        "/hop2": (302, {"Location": "/good"}, b""),
        "/loop1": (302, {"Location": "/loop2"}, b""),
        "/loop2": (302, {"Location": "/loop1"}, b""),
        **{f"/many{i}": (302, {"Location": f"/many{i + 1}"}, b"") for i in range(8)},
        "/elsewhere": (302, {"Location": "ftp://example.org/file"}, b""),
        "/bad-port": (302, {"Location": "http://127.0.0.1:99999/x"}, b""),
        "/report.pdf": (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 " + PASSAGE.encode()),
        "/latin1": (200, {"Content-Type": "text/html; charset=iso-8859-1"},
                    GOOD.replace("\u00a0", " ").encode("latin-1")),
        "/meta-charset": (200, {"Content-Type": "text/html"},
                          ("<meta charset='windows-1252'>" + GOOD.replace("\u00a0", " ")).encode("cp1252")),
        "/nonsense-charset": (200, {"Content-Type": "text/html; charset=no-such-thing"}, GOOD.encode()),
        "/bad-bytes": (200, {"Content-Type": "text/html; charset=utf-8"}, GOOD.encode() + b"\xff\xfe\xfa"),
        "/huge": (200, {"Content-Type": "text/html"}, b"<p>" + b"x" * 300_000 + b"</p>" + GOOD.encode()),
    }

    def do_GET(self) -> None:  # noqa: N802 - the base class's name
        HITS.append(self.path)
        AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/slow":
            time.sleep(3)
        status, headers, body = self.ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def catalogue_with(tmp_path: Path, heat: str, budget: str) -> Path:
    """The second fixture with its two sources at these URLs (three claims quote the heat study)."""
    claims = tmp_path / "claims"
    shutil.copytree(FIXTURES / "second", claims)
    sources = claims / "sources.yml"
    sources.write_text(sources.read_text(encoding="utf-8")
                       .replace("https://example.org/heat-study", heat)
                       .replace("https://example.org/budget.pdf", budget), encoding="utf-8")
    return claims


def run(capsys, claims: Path, *extra: str) -> tuple[int, list[str]]:
    code = build_claims.main(["verify", "--claims", str(claims), "--docs", str(claims.parent / "docs"),
                              "--allow-private", "--timeout", "1", *extra])
    return code, capsys.readouterr().out.splitlines()


def lines_for(lines: list[str], rule: str) -> list[str]:
    return [line for line in lines if line.endswith(f"({rule})")]


def test_a_good_page_passes_through_folded_typography(server: str, tmp_path: Path, capsys) -> None:
    code, lines = run(capsys, catalogue_with(tmp_path, f"{server}/good", f"{server}/budget"))
    assert (code, lines[-1]) == (0, "ok: 8 claims, 2 topics, 2 sources"), lines


@pytest.mark.parametrize(("path", "rule", "says"), [
    ("/without", "passage-not-found", "is not in the text of `heat-study`"),
    ("/hidden", "passage-not-found", "is not in the text of `heat-study`"),
    ("/gone", "source-unreachable", "HTTP 404 Not Found"),
    ("/broken", "source-unreachable", "HTTP 500 Internal Server Error"),
    ("/loop1", "source-unreachable", "the redirects go round in a loop"),
    ("/many0", "source-unreachable", "more than 5 redirects"),
    ("/elsewhere", "source-unreachable", "is not an http(s) URL; not fetched"),
    ("/bad-port", "source-unreachable", "cannot be fetched: Port out of range"),
    ("/slow", "source-unreachable", "cannot be fetched: timed out"),
])
def test_each_fault_is_an_error_at_its_own_line(server: str, tmp_path: Path, capsys, path: str, rule: str,
                                                says: str) -> None:
    code, lines = run(capsys, catalogue_with(tmp_path, f"{server}{path}", f"{server}/budget"))
    assert code == 1, lines
    found = lines_for(lines, rule)
    assert found and all(": error: " in line and says in line for line in found), lines
    if rule == "passage-not-found":  # at each quoting item
        assert sorted(line.split(": error")[0] for line in found) == [
            f"{tmp_path}/claims/clean-air.yml:11:14", f"{tmp_path}/claims/cool-streets.yml:12:14",
            f"{tmp_path}/claims/trees-cool.yml:11:14"], lines
    else:  # at the source's entry in sources.yml
        assert [line.split(": error")[0] for line in found] == [f"{tmp_path}/claims/sources.yml:1:3"], lines


def test_a_redirect_is_a_warning_with_the_new_url(server: str, tmp_path: Path, capsys) -> None:
    code, lines = run(capsys, catalogue_with(tmp_path, f"{server}/hop1", f"{server}/budget"))
    assert code == 0 and lines_for(lines, "passage-not-found") == [], lines
    [warning] = lines_for(lines, "source-redirect")
    assert f"sources.yml:1:3: warning: source `heat-study` redirects to {server}/good;" in warning
    assert run(capsys, catalogue_with(tmp_path / "strict", f"{server}/hop1", f"{server}/budget"), "--strict")[0] == 2


def test_a_pdf_is_noted_and_not_checked(server: str, tmp_path: Path, capsys) -> None:
    code, lines = run(capsys, catalogue_with(tmp_path, f"{server}/report.pdf", f"{server}/budget"))
    assert code == 0, lines
    [note] = lines_for(lines, "source-not-html")
    assert ": note: source `heat-study` is not HTML (application/pdf)" in note


@pytest.mark.parametrize("path", ["/latin1", "/meta-charset", "/nonsense-charset", "/bad-bytes"])
def test_pages_in_other_or_broken_encodings_are_read(server: str, tmp_path: Path, capsys, path: str) -> None:
    code, lines = run(capsys, catalogue_with(tmp_path, f"{server}{path}", f"{server}/budget"))
    assert code == 0 and lines_for(lines, "passage-not-found") == [], lines


def test_the_cap_is_bytes_read(server: str) -> None:
    page = verify.fetch(f"{server}/huge", allow_private=True, max_bytes=100_000)
    assert page.truncated and page.text is not None and len(page.text) <= 100_000
    assert PASSAGE not in page.text


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/x", "http://localhost/x", "http://10.0.0.1/x",
                                 "http://169.254.169.254/latest/meta-data/", "http://[::1]/x", "file:///etc/passwd",
                                 "javascript:alert(1)"])
def test_addresses_on_this_machine_or_private_networks_are_refused(url: str) -> None:
    before = len(HITS)
    page = verify.fetch(url, timeout=1)
    assert page.problem and ("not fetched" in page.problem), page
    assert len(HITS) == before


def test_a_redirect_to_this_machine_is_refused(server: str) -> None:
    """Without --allow-private even the first request is refused, so a public page cannot redirect inside."""
    page = verify.fetch(f"{server}/hop1", timeout=1)
    assert "private, loopback or reserved address" in page.problem


def test_requests_say_who_is_asking(server: str) -> None:
    verify.fetch(f"{server}/good", allow_private=True)
    assert AGENTS[-1] == verify.USER_AGENT and "essay-annotator-verify" in AGENTS[-1]
