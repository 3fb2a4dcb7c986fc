"""`build_claims.py verify`: fetch every source and check that it is there and holds the passages quoted from it.

Bounded in every way a stranger's URL could exploit: a few requests at a time, a timeout per request, a
cap on the bytes read, at most five redirects, http and https only, and never an address on this machine
or a private network (unless `allow_private`, for tests against a local server). Each address is checked
once resolved and the connection goes to that very address, so a name cannot be made to point elsewhere
between the check and the request. Problems come back in the usual shape, at the source's line in
sources.yml or at the quoting item's line in the claim file.
"""

from __future__ import annotations

import codecs
import http.client
import ipaddress
import re
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .anchor import fold
from .model import Catalogue, Where
from .problems import Problem

USER_AGENT = "essay-annotator-verify/1.0 (checks that each cited source exists and holds the quoted words)"
TIMEOUT = 15.0  #: seconds per request
MAX_BYTES = 5_000_000  #: the most read of one response
MAX_REDIRECTS = 5
WORKERS = 4
_HTML = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True, slots=True)
class Page:
    """What fetching one URL gave: the final URL, and the page's visible text (None when not HTML)."""

    url: str
    text: str | None = None
    kind: str = ""  #: the content type
    problem: str = ""  #: why it could not be fetched ("" when it was)
    truncated: bool = False  #: larger than the cap: only the first part was read


class Refused(Exception):
    """A URL this tool will not fetch, or a request that failed: the message says which."""


def _address(host: str, port: int, allow_private: bool) -> str:
    """The address to connect to for `host`, refusing any that is on this machine or a private network."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise Refused(f"the host `{host}` is not found ({error.strerror})") from None
    addresses = [str(info[4][0]) for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not allow_private and not ip.is_global:
            raise Refused(f"the host `{host}` resolves to {address}, a private, loopback or reserved address; "
                          "not fetched")
    return addresses[0]


class _Pinned(http.client.HTTPConnection):
    """An HTTP connection to an address already checked, whatever the host name resolves to by now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


def fetch(url: str, *, allow_private: bool = False, timeout: float = TIMEOUT, max_bytes: int = MAX_BYTES) -> Page:
    """GET `url`, following at most MAX_REDIRECTS redirects; never raises."""
    seen = [url]
    try:
        for _ in range(MAX_REDIRECTS + 1):
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise Refused(f"`{url[:120]}` is not an http(s) URL; not fetched")
            port = parts.port or (443 if parts.scheme == "https" else 80)
            address = _address(parts.hostname, port, allow_private)
            kind = _PinnedTLS if parts.scheme == "https" else _Pinned
            connection = kind(parts.hostname, port, address, timeout)
            try:
                path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
                connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5",
                                                         "Accept-Encoding": "identity"})
                response = connection.getresponse()
                if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location", ""))
                    if url in seen:
                        raise Refused(f"the redirects go round in a loop ({' → '.join([*seen, url])})")
                    seen.append(url)
                    continue
                if response.status >= 400:
                    raise Refused(f"HTTP {response.status} {response.reason}")
                body = response.read(max_bytes + 1)
                content_type = response.getheader("Content-Type", "")
            finally:
                connection.close()
            media = content_type.split(";", 1)[0].strip().lower()
            truncated = len(body) > max_bytes
            if media not in _HTML:
                return Page(url=url, kind=media or "no content type", truncated=truncated)
            return Page(url=url, text=visible_text(body[:max_bytes], _charset(content_type, body)), kind=media,
                        truncated=truncated)
        raise Refused(f"more than {MAX_REDIRECTS} redirects")
    except Refused as refused:
        return Page(url=url, problem=str(refused))
    except ValueError as error:  # a malformed address in a redirect (a bad port, a host IDNA refuses)
        return Page(url=url, problem=f"cannot be fetched: {' '.join(str(error).split()) or 'a malformed URL'}")
    except (OSError, http.client.HTTPException) as error:
        what = "timed out" if isinstance(error, TimeoutError | socket.timeout) else \
            " ".join(str(error).split()) or type(error).__name__
        return Page(url=url, problem=f"cannot be fetched: {what}")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def _charset(content_type: str, body: bytes) -> str:
    """The page's encoding, from the header or a <meta> tag; UTF-8 when neither names one Python knows."""
    match = re.search(r"charset\s*=\s*\"?([A-Za-z0-9._:-]+)", content_type, re.I)
    named = match.group(1) if match else None
    if not named and (meta := _META_CHARSET.search(body[:4096])):
        named = meta.group(1).decode("ascii")
    try:
        return "utf-8" if not named else codecs.lookup(named).name
    except LookupError:
        return "utf-8"


class _Visible(HTMLParser):
    """The text a reader sees: everything but scripts, styles, templates and the head's metadata."""

    HIDDEN = {"script", "style", "template", "noscript", "head", "title"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in ("br", "p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "tr"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def visible_text(body: bytes, charset: str = "utf-8") -> str:
    parser = _Visible()
    parser.feed(body.decode(charset, errors="replace"))
    parser.close()
    return "".join(parser.parts)


def _found(passage: str, text: str) -> bool:
    """Whether the page's visible text holds the passage, typography folded as for quotes."""
    return fold(passage) in fold(text)


def verify(catalogue: Catalogue, *, allow_private: bool = False, timeout: float = TIMEOUT,
           max_bytes: int = MAX_BYTES, workers: int = WORKERS) -> list[Problem]:
    """Fetch each source once and check every passage quoted from it; all problems, sorted."""
    quoted: dict[str, list[tuple[str, Where]]] = {s.id: [] for s in catalogue.sources}
    for claim in catalogue.claims:
        for item in claim.evidence:
            if item.passage:
                quoted[item.source].append((item.passage, item.where))
        for point in claim.counterpoints:
            for citation in point.citations:
                if citation.passage:
                    quoted[citation.source].append((citation.passage, citation.where))
    sources = list(catalogue.sources)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(sources) or 1))) as pool:
        pages = list(pool.map(lambda s: fetch(s.url, allow_private=allow_private, timeout=timeout,
                                              max_bytes=max_bytes), sources))
    problems: list[Problem] = []
    for source, page in zip(sources, pages, strict=True):
        here = source.where
        if page.problem:
            problems.append(Problem(where=here, rule="source-unreachable",
                                    message=f"source `{source.id}`: {page.problem}; check the URL, or replace the "
                                            "source (a copy in a web archive will do)"))
            continue
        if page.url != source.url:
            problems.append(Problem(where=here, level="warning", rule="source-redirect",
                                    message=f"source `{source.id}` redirects to {page.url}; if that is the same "
                                            "document, cite its new URL"))
        if page.truncated:
            problems.append(Problem(where=here, level="warning", rule="source-too-large",
                                    message=f"source `{source.id}` is larger than {max_bytes:,} bytes; only the "
                                            "first part was read"))
        if page.text is None:
            if quoted[source.id]:
                problems.append(Problem(where=here, level="note", rule="source-not-html",
                                        message=f"source `{source.id}` is not HTML ({page.kind}); its passages "
                                                "were not checked: check them by hand"))
            continue
        for passage, where in quoted[source.id]:
            if not _found(passage, page.text):
                short = passage if len(passage) <= 80 else passage[:79] + "…"
                problems.append(Problem(where=where, rule="passage-not-found",
                                        message=f"the passage \"{short}\" is not in the text of `{source.id}` "
                                                f"({page.url}); copy it again from the page, word for word"))
    return sorted(problems)
