"""Broken catalogues for the `check` tests: each an edit of the second fixture, and what it must report."""

from __future__ import annotations

from pathlib import Path


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


CASES = [
    # (file, old text, new text, rule, line, message fragment)
    ("trees-cool.yml", "kind: fact", "kind: fact\nkind: fact", "duplicate-key", 5, "duplicate key `kind`"),
    ("trees-cool.yml", "summary: Trees", "sumary: Trees", "unknown-field", 3, "did you mean `summary`?"),
    ("trees-cool.yml", "verdict: supported", "verdict: suported", "enum", 6, "did you mean `supported`?"),
    ("trees-cool.yml", "rationale: The study measured it.", "rationale: no", "type", 7, "unquoted `no`"),
    ("trees-cool.yml", "id: trees-cool", "id: trees-warm", "file-id", 1, "differs from the file name"),
    ("trees-cool.yml", "topics: [climate]", "topics: [climat]", "reference", 5, "did you mean `climate`?"),
    ("trees-cool.yml", "claim: trees-pay", "claim: trees-cool", "self-relation", 14, "related to itself"),
    ("trees-cool.yml", "source: heat-study", "source: heat", "reference", 9, "source `heat` does not exist"),
    ("trees-cool.yml", "reviewed: \"2024-06-01\"", "reviewed: 2024-13-01", "format", 15, "not a date"),
    ("trees-cool.yml", "in summer.", "in winter.", "quote-anchor", 2, "closest passage"),
    ("cool-streets.yml", "prefix: \"Trees cool streets by several degrees in summer. Trees\"\n", "",
     "quote-ambiguous", 2, "occurs 2 times"),
    ("green-budget.yml", "quote: \"The city's \\\"green budget\\\" is small.\"",
     "quote: \"is small. Every tree planted\"", "quote-span", 2, "across a paragraph break"),
    ("sources.yml", "https://example.org/heat-study", "javascript:alert(1)", "format", 5, "http:// or https:// URL"),
    ("trees-cool.yml", "kind: fact", "kind: &k fact", "alias", 4, "anchors and aliases"),
    ("trees-cool.yml", "kind: fact", "kind: [fact", "syntax", 5, "YAML syntax"),
    ("trees-cool.yml", "summary: Trees lower street temperatures in summer.\n", "", "required", 1,
     "missing required field `summary`"),
    ("essay.yml", "url: https://example.org/essays/trees", "url: https://exa mple.org", "format", 5, "URL"),
    ("trees-cool.yml", "summary: Trees lower street temperatures in summer.", "summary: 1984", "type", 3,
     "unquoted `1984`"),
    ("topics.yml", "- id: money", "- id: climate", "duplicate-id", 4, "topic id `climate` is used already"),
    ("sources.yml", "date: \"2024-01-15\"", "date: \"2024-02-30\"", "format", 10, "not a calendar date"),
    ("trees-cool.yml", "verdict: supported", "verdict: no", "enum", 6, "unquoted `no` as a boolean false"),
    ("trees-cool.yml", "summary: Trees lower", "summary: Note: Trees lower", "syntax", 3, "must be put in quotes"),
    ("trees-cool.yml", "reviewed: \"2024-06-01\"", "reviewed: \"2024-06-01", "syntax", 15, "not closed"),
    ("trees-cool.yml", "summary: Trees lower", "summary: Trees \u202elower", "format", 3, "text-direction"),
]


def write(folder: Path, name: str, content: str | bytes) -> None:
    (folder / name).write_bytes(content.encode("utf-8") if isinstance(content, str) else content)


# One fault, one message, at its own line: the whole list of problems, exactly.
EXACT = [
    ("an empty bibliography", lambda c: write(c, "sources.yml", "[]\n"),
     ["claims/sources.yml:1:1: error: needs at least 1 item(s) (required)"]),
    ("an empty topic list", lambda c: write(c, "topics.yml", "[]\n"),
     ["claims/topics.yml:1:1: error: needs at least 1 item(s) (required)"]),
    ("a bad UTF-8 byte", lambda c: write(c, "clean-air.yml", (c / "clean-air.yml").read_bytes().replace(
        b"summary: Trees also", b"summary: Trees \xffalso")),
     ["claims/clean-air.yml:3:16: error: not UTF-8 text (byte 0xFF: invalid start byte); save the file as UTF-8 "
      "(syntax)"]),
    ("a bad UTF-8 byte after a byte-order mark and wide characters", lambda c: write(
        c, "essay.txt", b"\xef\xbb\xbf" + "Caf\u00e9 \u2014 \U0001F333 ok.\n\nSecond \u00e9".encode() + b"\xc3(x"),
     ["claims/essay.txt:3:9: error: not UTF-8 text (byte 0xC3: invalid continuation byte); save the file as UTF-8 "
      "(syntax)"]),
    ("a URL without a host", lambda c: edit(c, "sources.yml", "https://example.org/heat-study", "https:///no-host"),
     ["claims/sources.yml:5:8: error: `https:///no-host` is not a well-formed URL (format)"]),
    ("a null summary", lambda c: edit(c, "clean-air.yml", "summary: Trees also clean the air.", "summary: null"),
     ["claims/clean-air.yml:3:10: error: is empty; write the text (required)"]),
    ("an empty summary", lambda c: edit(c, "clean-air.yml", "summary: Trees also clean the air.", "summary:"),
     ["claims/clean-air.yml:3:9: error: is empty; write the text (required)"]),
    ("an empty verdict", lambda c: edit(c, "clean-air.yml", "verdict: partly-supported", "verdict: ~"),
     ["claims/clean-air.yml:6:10: error: is empty; write one of `supported`, `mostly-supported`, `partly-supported`, "
      "`disputed`, `misleading`, `unsupported`, `false`, `unverified` (required)"]),
    ("an invalid review date", lambda c: edit(c, "clean-air.yml", 'reviewed: "2024-06-01"', 'reviewed: "2024-02-30"'),
     ["claims/clean-air.yml:12:11: error: `2024-02-30` is not a calendar date (format)"]),
    ("an invalid publication date", lambda c: edit(c, "essay.yml", 'published: "2024-05-01"',
                                                  'published: "2023-02-29"'),
     ["claims/essay.yml:4:12: error: `2023-02-29` is not a calendar date (format)"]),
    ("a duplicate claim id, the copy sorting after the original",
     lambda c: edit(c, "cool-streets.yml", "id: cool-streets", "id: clean-air"),
     ["claims/cool-streets.yml:1:5: error: claim id `clean-air` is used already at claims/clean-air.yml:1:5; "
      "give each its own id (duplicate-id)",
      "claims/cool-streets.yml:1:5: error: id `clean-air` differs from the file name `cool-streets.yml`; "
      "make them the same (file-id)"]),
    ("a duplicate claim id, the copy sorting before the original",
     lambda c: edit(c, "clean-air.yml", "id: clean-air", "id: trees-pay"),
     ["claims/clean-air.yml:1:5: error: claim id `trees-pay` is used already at claims/trees-pay.yml:1:5; "
      "give each its own id (duplicate-id)",
      "claims/clean-air.yml:1:5: error: id `trees-pay` differs from the file name `clean-air.yml`; "
      "make them the same (file-id)"]),
]

PASSAGE = '    passage: "On the hottest afternoons, streets with a full canopy were 2.1 °C cooler than bare ones."\n'
EXACT.append(("a fact's evidence without its passage", lambda c: edit(c, "trees-cool.yml", PASSAGE, ""),
              ["claims/trees-cool.yml:9:5: error: evidence for a fact needs `passage:` (source `heat-study`): the "
               "source's own words that show it, copied verbatim, at most 500 characters; add them, or remove the "
               "item (passage)"]))
EXACT.append(("a passage longer than 500 characters", lambda c: edit(
    c, "trees-cool.yml", "were 2.1 °C cooler than bare ones.", "were cooler " + "and cooler " * 50 + "."),
    ["claims/trees-cool.yml:11:14: error: is 617 characters long; the most is 500 (limit)"]))
