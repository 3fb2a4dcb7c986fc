"""Escaping and linking helpers: the only way catalogue text reaches a page.

Catalogue text is plain text, never Markdown or HTML. `md()` makes it inert in Markdown (every
character Markdown, HTML or an enabled extension gives meaning becomes a numeric entity, so does
a first character that could open a list or heading, and line breaks fold to spaces, so it cannot
open a block); `h()` escapes it for raw HTML. Page titles go through
`title()`, because themes print titles through filters that decode entities.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from functools import lru_cache
from urllib.parse import quote

from ..model import Source
from ..pages import page_url
from ..vocab import MARKS

#: Material's search index leaves out an element with this attribute, up to its end tag, which it finds by the tag's
#: name alone: so nothing inside an excluded element has the same name (a nested <div> would end a <div>). The
#: hook hands such a block, when it stands alone between blank lines, to the finished page (`live.lift_blocks`).
SEARCH_EXCLUDE = "data-search-exclude"

#: Characters with a meaning to Markdown, HTML or the enabled extensions wherever they stand.
_MD_SPECIAL = "\\`*_{}[]<>&|#~^=$"
_MD_TABLE = str.maketrans({c: f"&#{ord(c)};" for c in _MD_SPECIAL})
#: Characters that only mean something at the start of a line (lists, headings, definitions).
_MD_LEADING = "-+.:!0123456789\"'()"


def md(text: str) -> str:
    """Plain text, inert inside Markdown (and inside inline HTML that Markdown processes)."""
    folded = " ".join(text.split()).translate(_MD_TABLE)
    if folded[:1] and folded[0] in _MD_LEADING:
        folded = f"&#{ord(folded[0])};{folded[1:]}"
    return folded


def h(text: str) -> str:
    """Plain text, escaped for HTML content and quoted attribute values."""
    return html.escape(" ".join(text.split()), quote=True)


def h_exact(text: str) -> str:
    """Escape for HTML, keeping every character (the essay's own spacing included). Line breaks become
    `&#10;`, so no line of catalogue text starts a line of the page's Markdown (snippet syntax and the like)."""
    return html.escape(text, quote=True).replace("\r", "&#13;").replace("\n", "&#10;")


def inert(text: str) -> str:
    """Plain text with no character markup could use, for places a theme decodes entities again
    (page titles, tooltips built from `title` attributes): `<` `>` become ‹ ›, `&` becomes +."""
    return " ".join(text.split()).replace("<", "‹").replace(">", "›").replace("&", "+")


def attr_text(text: str) -> str:
    """Text for a `title` attribute that a theme may show as HTML in a tooltip."""
    return h(inert(text))


def title(text: str) -> str:
    """Front-matter `title:` line, as YAML."""
    return "title: " + json.dumps(inert(text), ensure_ascii=False)


@lru_cache(maxsize=65536)
def _relative(to: str, start: str) -> str:
    """posixpath.relpath for paths already relative to one root (no cwd look-ups: it runs per link)."""
    start_parts = [p for p in start.split("/") if p]
    to_parts = [p for p in to.split("/") if p]
    common = 0
    for a, b in zip(start_parts, to_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + to_parts[common:]
    return "/".join(parts) or "."


def md_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """The relative Markdown link target from one generated page to another (MkDocs checks it)."""
    target = _relative(to_page, posixpath.dirname(from_page))
    return target + (f"#{anchor}" if anchor else "")


def html_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative URL for raw HTML, where MkDocs does not rewrite links."""
    target = _relative(page_url(to_page), page_url(from_page))
    target = "./" if target == "." else target + "/"
    return target + (f"#{anchor}" if anchor else "")


#: In a link destination written `<...>`: `<` `>` would end it, backslashes and backticks are Markdown
#: syntax, the rest are not allowed unencoded in a URL; `&` is written as an entity so that text like
#: `&lt;` in a URL stays text.
_URL_MD = str.maketrans({**{c: f"%{ord(c):02X}" for c in '<>"\\`{}|^'}, "&": "&amp;"})
#: In raw HTML the same characters are percent-encoded (a browser would read a bare `\` as `/`); `h` then
#: escapes what HTML gives meaning to.
_URL_HTML = str.maketrans({c: f"%{ord(c):02X}" for c in '<>"\\`{}|^'})


def html_url(url: str) -> str:
    """A checked http(s) URL for an attribute of raw HTML: the same link `external_link` makes."""
    return h(url.translate(_URL_HTML))


def external_link(text: str, url: str) -> str:
    """A Markdown link to a checked http(s) URL with plain `text`. (Markdown links cost MkDocs far less than
    inline HTML, whose tags it parses twice on every page.)"""
    return f"[{md(text)}](<{url.translate(_URL_MD)}>)"


def text_fragment(url: str, exact: str, words: int = 4) -> str:
    """A URL Text Fragment link (`#:~:text=`) to `exact` in the page at `url`. A quote of more than
    2 × `words` + 2 words is given by its first and last `words` words (`text=start,end`): a short link
    that still finds the passage when the page's typography differs somewhere in its middle."""
    parts = exact.split()
    base = url.split("#", 1)[0]
    if len(parts) <= 2 * words + 2:
        return f"{base}#:~:text={_fragment_term(parts)}"
    return f"{base}#:~:text={_fragment_term(parts[:words])},{_fragment_term(parts[-words:])}"


def _fragment_term(words: list[str]) -> str:
    return quote(" ".join(words), safe="").replace("-", "%2D")  # `,` `&` `-` are the directive's syntax


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def badge(verdict_id: str) -> str:
    """A verdict's label as a badge, in Markdown (attr_list): much cheaper for Markdown than inline HTML."""
    return f"**{md(MARKS[verdict_id].label)}**{{ .verdict-badge .verdict-{verdict_id} }}"


def badge_html(verdict_id: str) -> str:
    """A verdict's label as a badge, in HTML: what `badge` becomes."""
    return f'<strong class="verdict-badge verdict-{verdict_id}">{h(MARKS[verdict_id].label)}</strong>'


def external_html(text: str, url: str) -> str:
    """An HTML link to a checked http(s) URL with plain `text`: what `external_link` becomes."""
    return f'<a href="{html_url(url)}">{h(text)}</a>'


#: The glossary as a pattern that finds its terms, and each term's definition (None: no glossary).
Glossary = tuple[re.Pattern[str], dict[str, str]] | None


def glossary_pattern(glossary: tuple[tuple[str, str], ...]) -> Glossary:
    """A pattern matching any glossary term as a whole word, longest first."""
    if not glossary:
        return None
    terms = dict(glossary)
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=lambda t: (-len(t), t)))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), terms


def glossary_html(text: str, glossary: Glossary) -> str:
    """Text as HTML (every character kept), glossary terms marked as abbreviations with their definitions:
    raw HTML gets no help from the abbr extension."""
    if glossary is None:
        return h_exact(text)
    pattern, terms = glossary
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(h_exact(text[last:match.start()]))
        out.append(f'<abbr title="{attr_text(terms[match.group()])}">{h_exact(match.group())}</abbr>')
        last = match.end()
    out.append(h_exact(text[last:]))
    return "".join(out)


def html_text(text: str, glossary: Glossary) -> str:
    """Catalogue text for raw HTML, its whitespace folded as Markdown folds it, glossary terms marked."""
    return glossary_html(" ".join(text.split()), glossary)


def source_html(source: Source, glossary: Glossary, *details: str) -> str:
    """A source as raw HTML, wherever it is cited: its title linked to it, its publisher, its date and any
    `details` (a locator, a note), each marked for the glossary."""
    parts = [source.date] if source.date else []
    rest = "".join(f", {html_text(part, glossary)}" for part in [*parts, *(d for d in details if d)])
    return (f'<a href="{html_url(source.url)}">{html_text(source.title, glossary)}</a> — '
            f"{html_text(source.publisher, glossary)}{rest}")
