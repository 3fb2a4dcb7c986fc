"""Every generated path and URL, in one place: the generated folder, the page paths, anchors, exports.

Page paths are relative to the generated folder (`docs/essay/`). Every page is an `index.md` in a
folder of its own (`claims/x/index.md`, published at `essay/claims/x/`), so a page's source folder
and its URL are the same place: a relative link in raw HTML then means the same whether an engine
resolves it from the URL (MkDocs) or rewrites it from the source file (Zensical). Renaming a page or
the folder is a change here and in the `nav:` of mkdocs.yml, nowhere else.
"""

from __future__ import annotations

#: The folder under docs/ that holds every generated page (git-ignored), and so their URL prefix.
GENERATED = "essay"

ESSAY = "index.md"  #: the essay, annotated (its first part when it is split)
CLAIMS = "claims/index.md"
TOPICS = "topics/index.md"
SOURCES = "sources/index.md"
MAP = "map/index.md"
GLOSSARY = "glossary/index.md"
CORRECTIONS = "corrections/index.md"  #: every correction, newest first, read from the repository's history
#: Snippets the hand-written pages include (their names start with `_`: never pages of their own).
HOME = "_home.md"  #: included into docs/index.md; its links are relative to the docs root
METHODOLOGY = "_methodology.md"  #: included into the methodology page: kinds, verdicts, sources, disputes
ABBREVIATIONS = "_glossary.md"  #: the glossary's tooltips, for hand-written pages
STYLES = "verdicts.css"  #: the vocabulary's colours (named in mkdocs.yml's extra_css)

#: Exports, published at the site root (written into docs/ beside the generated folder).
CLAIMS_JSON = "claims.json"
ANNOTATIONS = "annotations.jsonld"
ESSAY_TEXT = "essay.txt"
EXPORT_SCHEMA = "claims.schema.json"
FEED = "corrections.xml"  #: the corrections page as an Atom feed


def part_page(number: int) -> str:
    """The page of part `number` (1-based) of the essay."""
    return ESSAY if number == 1 else f"part-{number}/index.md"


def claim_page(claim_id: str) -> str:
    return f"claims/{claim_id}/index.md"


def topic_page(topic_id: str) -> str:
    return f"topics/{topic_id}/index.md"


def is_snippet(page: str) -> bool:
    """A generated file that is included into another page rather than published as one."""
    return page.rpartition("/")[2].startswith("_")


def from_docs(page: str) -> str:
    """A generated page's path from the docs folder (for links from hand-written pages)."""
    return f"{GENERATED}/{page}"


def page_url(page: str) -> str:
    """The URL path of a page under directory URLs: `claims/x.md` → `claims/x/`, `index.md` → ``."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def site_url(page: str) -> str:
    """A generated page's URL path from the site root: `claims/x.md` → `essay/claims/x/`."""
    return f"{GENERATED}/{page_url(page)}"


def claim_anchor(claim_id: str) -> str:
    """Where a claim's span starts on the essay page."""
    return f"c-{claim_id}"


def tip_id(claim_id: str) -> str:
    """The hidden description of a claim on the essay page (hover, focus, screen readers)."""
    return f"tip-{claim_id}"


def paragraph_anchor(number: int) -> str:
    return f"p{number}"


def source_anchor(source_id: str) -> str:
    """A source's entry on the sources page."""
    return f"src-{source_id}"
