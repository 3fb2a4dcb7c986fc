"""What the MkDocs hook needs to hand the pages to the engine from memory, and to rebuild only what changed.

Nothing here imports MkDocs: these are pure functions over the generated files, page texts and the search
index's JSON; build_claims.py applies them inside MkDocs' build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .render.text import SEARCH_EXCLUDE

#: A raw HTML block of a generated page that Markdown would pass through unchanged: its start tag a line of its
#: own after a blank line (or the page's start), no blank line inside, its end tag alone on the last line, a
#: blank line or the page's end after it. Either a <figure> or <div> the search index leaves out
#: (render.text.SEARCH_EXCLUDE on it), or a <table> or <ul> (which the generated pages never nest), left out
#: or not.
_BLOCK = re.compile(rf"(?:\A|(?<=\n\n))(?:<(figure|div)\b[^<>\n]*\s{SEARCH_EXCLUDE}\b|<(table|ul)\b)[^<>\n]*>\n"
                    r"(?:[^\n]+\n)*?</(?:\1|\2)>(?=\n\n|\n?\Z)")

#: A pymdownx.snippets include on a line of its own: `--8<-- "essay/_home.md"`.
_SNIPPET = re.compile(r'^[ \t]*-{1,}8<-{1,}[ \t]+"([^"\n]+)"[ \t]*$', re.M)


def changed(previous: Mapping[str, str], current: Mapping[str, str]) -> set[str]:
    """The generated files whose content differs from the previous build's (all of them the first time)."""
    return {path for path, text in current.items() if previous.get(path) != text}


def snippets_named(markdown: str) -> set[str]:
    """The files a page includes with the snippets syntax."""
    return set(_SNIPPET.findall(markdown))


def inline_snippets(markdown: str, files: Mapping[str, str]) -> str:
    """`markdown` with each include of a generated file replaced by that file's text (the engine would read
    it from disk, where the hook writes nothing); includes of other files are left for the engine."""
    return _SNIPPET.sub(lambda m: files[m.group(1)].rstrip("\n") if m.group(1) in files else m.group(0), markdown)


def lift_blocks(markdown: str, token: str) -> tuple[str, list[str]]:
    """`markdown` with each raw HTML block of the shape above replaced by an HTML comment naming it
    (`<!--token:N-->`), and the blocks. Markdown, and MkDocs after it, would parse such a block only to pass it
    through: the hook puts it back into the page's HTML (`restore_blocks`), a block the search index reads
    before the search plugin reads the page, one it leaves out after. `token` must be one the page's own
    text cannot hold."""
    blocks: list[str] = []

    def lift(match: re.Match[str]) -> str:
        blocks.append(match.group(0))
        return f"<!--{token}:{len(blocks) - 1}-->"

    return _BLOCK.sub(lift, markdown), blocks


def restore_blocks(html: str, token: str, blocks: list[str], *, searched: bool) -> str:
    """`html` with each block `lift_blocks` took out back in its place: those the search index reads
    (`searched`), or those it leaves out. In one pass: a page can have hundreds."""
    def put_back(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(blocks):
            return match.group(0)
        block = blocks[number]
        return block if (SEARCH_EXCLUDE not in block[:block.index(">")]) == searched else match.group(0)

    return re.sub(f"<!--{re.escape(token)}:([0-9]+)-->", put_back, html) if blocks else html


def without_page(nav: list[Any], page: str) -> list[Any]:
    """MkDocs' `nav` setting without the entries that lead to `page` (a path from the docs folder); a section
    left empty goes too."""
    kept: list[Any] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) and len(item) == 1 else item
        if value == page:
            continue
        if isinstance(value, list):
            inner = without_page(value, page)
            if not inner:
                continue
            item = {next(iter(item)): inner} if isinstance(item, dict) else inner
        kept.append(item)
    return kept


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_index(index: dict[str, Any], built: Iterable[str], pages: Iterable[str],
                       previous: Mapping[str, list[dict[str, Any]]]) -> tuple[dict[str, Any],
                                                                              dict[str, list[dict[str, Any]]]]:
    """The search index after a build that rendered only the pages `built` (their URLs), of all the site's
    `pages`. `index` holds the entries of the pages just built (the search plugin's own, or its merge of
    them into the previous index, which is right only when one page was built); `previous` holds each
    page's entries as the last merge left them. Each built page gets its newest entries (the last run of
    them in `index`), every other page its previous ones, pages that are gone get none. Returns the index and
    the new `previous`, both in site order."""
    built, order = set(built), list(dict.fromkeys(pages))
    newest: dict[str, list[dict[str, Any]]] = {}
    reading: str | None = None  # the page whose run of entries is being read
    for entry in index.get("docs", []):
        page = _page_of(entry.get("location", ""))
        if page != reading:
            reading = page
            newest[page] = []  # a later run of the same page replaces an earlier one
        newest[page].append(entry)
    entries = {page: newest[page] if page in built or page not in previous else list(previous[page])
               for page in order if page in newest or page in previous}
    return {**index, "docs": [e for page in order for e in entries.get(page, [])]}, entries
