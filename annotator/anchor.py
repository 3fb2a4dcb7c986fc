"""Anchor stage: find each claim's quote in the essay, tolerant of typography.

Quotes match across straight and curly quotes, the various dashes (and a dash typed as `--` or `---`),
an ellipsis written as three dots, and any run of white space (the essay may hold non-breaking
spaces); the offsets returned are always in the essay's own text, so the page highlights the essay's own characters.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import re

from .model import Anchor, Catalogue, Claim
from .problems import Problem

CONTEXT = 32  #: characters of prefix/suffix kept for W3C TextQuoteSelectors

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
})
#: A dash typed as two or three hyphens (four or more are a rule, not a dash).
_TYPED_DASH = re.compile(r"(?<!-)-{2,3}(?!-)")
#: White space runs, ellipses and typed dashes: the only characters that do not map one to one.
_RUNS = re.compile(r"\s+|\u2026|(?<!-)-{2,3}(?!-)")


def normalise(text: str) -> tuple[str, list[int]]:
    """Fold typography; return the folded text and, for each of its characters, the original offset.

    White space runs become one space (none at either end), an ellipsis three dots and a typed dash (`--`,
    `---`) one `-` (indexed at its first hyphen); every other character maps to one, so the text between
    those runs is folded and indexed a stretch at a time."""
    out: list[str] = []
    index: list[int] = []
    done = 0
    for run in _RUNS.finditer(text):
        start = run.start()
        if start > done:
            out.append(text[done:start].translate(_FOLD))
            index.extend(range(done, start))
        if text[start] == "\u2026":
            out.append("...")
            index.extend((start, start, start))
        elif text[start] == "-":
            out.append("-")
            index.append(start)
        elif index:  # white space: one space, none before the first character
            out.append(" ")
            index.append(start)
        done = run.end()
    if done < len(text):
        out.append(text[done:].translate(_FOLD))
        index.extend(range(done, len(text)))
    folded = "".join(out)
    if folded.endswith(" "):
        folded = folded[:-1]
        index.pop()
    return folded, index


_FOLD_ALL = str.maketrans({**{chr(k): v for k, v in _FOLD.items()}, "\u2026": "..."})


def fold(text: str) -> str:
    """`normalise` without the offsets (the same text, computed without a per-character loop)."""
    return " ".join(_TYPED_DASH.sub("-", text).translate(_FOLD_ALL).split())


class Folded:
    """The essay folded once, for many look-ups."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.index = normalise(text)
        self._dash_end = {m.start(): m.end() for m in _TYPED_DASH.finditer(text)}  #: a typed dash's first → past last
        self._words: dict[str, list[int]] | None = None

    def _candidates(self, needle: str) -> list[int]:
        """Offsets in the folded text where `needle` may start. A quote of three words or more is looked up
        by its rarest whole word (the first and last may be cut), so finding every occurrence costs the
        occurrences of that word, not a scan of the essay: many quotes in a long essay stay linear."""
        words = needle.split(" ")
        if len(words) < 3:
            found, at = [], self.folded.find(needle)
            while at != -1:
                found.append(at)
                at = self.folded.find(needle, at + 1)
            return found
        if self._words is None:
            self._words = {}
            for match in re.finditer(r"[^ ]+", self.folded):
                self._words.setdefault(match.group(), []).append(match.start())
        offsets, at = [], len(words[0]) + 1
        for word in words[1:-1]:
            offsets.append((len(self._words.get(word, ())), at, word))
            at += len(word) + 1
        _, offset, word = min(offsets)
        return [p - offset for p in self._words.get(word, ())
                if p >= offset and self.folded.startswith(needle, p - offset)]

    def find_all(self, quote: str, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
        """Every [start, end) in the original text where `quote` stands between `prefix` and `suffix`."""
        needle, before, after = fold(quote), fold(prefix), fold(suffix)
        if not needle:
            return []
        found = []
        for at in self._candidates(needle):
            end = at + len(needle)
            if (not before or self.folded[max(0, at - len(before) - 1):at].rstrip().endswith(before)) and \
                    (not after or self.folded[end:end + len(after) + 1].lstrip().startswith(after)):
                last = self.index[end - 1]
                found.append((self.index[at], self._dash_end.get(last, last + 1)))
        return found

    def closest(self, quote: str, paragraphs: list[tuple[int, str]]) -> str:
        """The passage of the essay most like `quote`, for an error message."""
        needle = fold(quote)
        best, best_ratio = "", 0.0
        for _, paragraph in paragraphs:
            hay = fold(paragraph)
            match = difflib.SequenceMatcher(None, hay, needle, autojunk=False).find_longest_match()
            start = max(0, match.a - match.b)
            while 0 < start and hay[start - 1] != " ":  # show whole words
                start -= 1
            window = hay[start:start + len(needle)]
            ratio = difflib.SequenceMatcher(None, window, needle, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
        return best


#: Where quotes were found before: (essay text, quote, prefix, suffix) → (anchor, problem message and rule).
AnchorMemo = dict[tuple[str, str, str, str], tuple[Anchor | None, tuple[str, str] | None]]


def anchor(catalogue: Catalogue, memo: AnchorMemo | None = None) -> tuple[Catalogue, list[Problem]]:
    """Anchor every claim's quote in the essay. Claims that fail are left without an anchor. With `memo`,
    a quote looked up before in the same essay text is not looked up again."""
    essay = catalogue.essay
    folded: Folded | None = None
    paragraphs = [(p.start, p.text) for p in essay.paragraphs]
    starts = [p.start for p in essay.paragraphs]
    problems: list[Problem] = []
    claims: list[Claim] = []
    for claim in catalogue.claims:
        key = (essay.text, claim.quote, claim.prefix, claim.suffix)
        if memo is not None and key in memo:
            spot, fault = memo[key]
        else:
            folded = folded or Folded(essay.text)
            spot, fault = _anchor_one(claim, folded, paragraphs, starts)
            if memo is not None:
                memo[key] = (spot, fault)
        if fault:
            problems.append(Problem(where=claim.where, message=fault[0], rule=fault[1]))
        claims.append(dataclasses.replace(claim, anchor=spot))
    return dataclasses.replace(catalogue, claims=tuple(claims)), problems


def _anchor_one(claim: Claim, folded: Folded, paragraphs: list[tuple[int, str]],
                starts: list[int]) -> tuple[Anchor | None, tuple[str, str] | None]:
    """The anchor of one claim's quote, or what is wrong with it (message, rule)."""
    def problem(message: str, rule: str) -> tuple[str, str]:
        return message, rule

    spots = folded.find_all(claim.quote, claim.prefix, claim.suffix)
    if not spots:
        if (claim.prefix or claim.suffix) and folded.find_all(claim.quote):
            return None, problem("the quote is in the essay, but not between this prefix and suffix; "
                                 "copy them from the essay", "quote-anchor")
        closest = folded.closest(claim.quote, paragraphs)
        hint = f'; closest passage: "{_short(closest)}"' if closest else ""
        return None, problem(f"quote not found in the essay{hint}", "quote-anchor")
    if len(spots) > 1:
        return None, problem(f"the quote occurs {len(spots)} times in the essay; add a `prefix` or `suffix` "
                             "with the words around the one you mean", "quote-ambiguous")
    start, end = spots[0]
    text = folded.text
    if "\n" in text[start:end]:
        return None, problem("the quote runs across a paragraph break; make one claim per paragraph",
                             "quote-span")
    number = bisect.bisect_right(starts, start) - 1
    return Anchor(start=start, end=end, paragraph=number, exact=text[start:end],
                  prefix=text[max(0, start - CONTEXT):start], suffix=text[end:end + CONTEXT]), None


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
