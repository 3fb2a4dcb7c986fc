"""One problem record, and the closed list of rules that produce them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Where

#: Characters that would break a problem's one line: control characters and Unicode line breaks.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]")

RULES: dict[str, str] = {
    "alias": "YAML anchors and aliases are refused: write each value out.",
    "comment-cut": "Unquoted text followed by ` #`: YAML drops the rest of the line as a comment (a warning).",
    "duplicate-id": "Two entries share one id.",
    "duplicate-key": "A key appears twice in one mapping: YAML would silently keep only the last.",
    "enum": "A value outside its fixed vocabulary (verdict, kind, relation type, source kind).",
    "file-id": "A claim's `id` differs from its file name.",
    "file-type": "A symbolic link, device, FIFO or socket in the catalogue or docs folder: never read or published.",
    "format": "A malformed value: an id, a date, or a URL that is not http(s).",
    "limit": "A file or document too large or too deeply nested to be a catalogue.",
    "missing-file": "A file the catalogue needs is missing or unreadable.",
    "passage": "An evidence item of a fact claim without `passage`: the source's own words that show it.",
    "not-rated": "An opinion with a `verdict`: opinions are shown, not rated.",
    "passage-not-found": "`verify`: a quoted passage is not in the text of the source's page.",
    "quote-ambiguous": "A quote occurs more than once in the essay and no prefix/suffix picks one.",
    "quote-anchor": "A quote (with its prefix/suffix) is not in the essay.",
    "quote-span": "A quote runs across a paragraph break.",
    "reference": "A reference to a topic, source or claim that does not exist.",
    "required": "A required field is missing.",
    "self-relation": "A claim is related to itself.",
    "source-not-html": "`verify`: a source is not an HTML page, so its passages are not checked (a note).",
    "source-redirect": "`verify`: a source's URL redirects elsewhere (a warning, with the new URL).",
    "source-too-large": "`verify`: a source's page is larger than the verifier reads (a warning).",
    "source-unreachable": "`verify`: a source cannot be fetched (no host, timeout, HTTP 4xx/5xx, refused address).",
    "stray-file": "A YAML file the catalogue does not read: in a subfolder, or not named .yml.",
    "syntax": "The file is not valid YAML.",
    "title-line": "essay.txt begins with the essay's title, which comes from essay.yml.",
    "type": "A value of the wrong type (for example a number or a boolean where text is expected).",
    "unknown-field": "A field the format does not have (often a typo).",
    "unused-source": "A source that no claim cites (a warning).",
}


@dataclass(frozen=True, slots=True, kw_only=True, order=True)
class Problem:
    """One thing wrong with the catalogue, printed as `path:line:column: level: message (rule)`."""

    where: Where
    level: str = "error"  #: "error", "warning", or "note" (information only: never changes the exit code)
    message: str
    rule: str

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}")

    def __str__(self) -> str:
        line = f"{self.where}: {self.level}: {self.message} ({self.rule})"
        return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), line)
