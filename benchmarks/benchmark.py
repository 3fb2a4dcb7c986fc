"""How the annotator scales: time and memory of check, generation and the whole MkDocs build.

    python benchmarks/benchmark.py                      # sizes 100, 1000, 5000
    python benchmarks/benchmark.py --sizes 100,2000     # other sizes
    python benchmarks/benchmark.py --keep /tmp/bench    # keep the generated projects (and their sites)
    python benchmarks/benchmark.py --repeat 1           # each step once, not the best of 3: quicker, noisier
    python benchmarks/benchmark.py --smoke              # 20 claims, no baseline, once: a quick end-to-end run
    python benchmarks/benchmark.py --history 5000       # commits in the synthetic history (default: 5 per claim)

For each size N it writes a valid synthetic catalogue of N claims (a long essay, topics, sources,
claims with evidence, counterpoints and relations, some quotes nested in or overlapping others),
copies the project around it and times, each in a fresh subprocess:

- `python build_claims.py check`
- `python build_claims.py build` (generation)
- `python -m mkdocs build --strict -d site` (the hook regenerates too: the whole build)
- the same build again once the project is a git repository with a synthetic history of 5 commits per
  claim touching claims/ (`--history`), and reading that history on its own (`annotator.history`)

and, as a baseline, `mkdocs build` of a project with the same theme and nav but no hook, holding
the same text as plain Markdown pages (one per claim and per topic, plus the index pages).
Each step runs three times (`--repeat`), the baseline's build in turn with the project's, and the
table keeps the fastest run of each: other work on the machine only ever adds time. Generation
starts each time from no generated files, as after a fresh clone.
Peak memory is each subprocess's own maximum resident set size (os.wait4). It prints one Markdown
table, a row per size. It is not a timed test: tests/test_benchmark_smoke.py only runs `--smoke`
to see that it still works.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from annotator.history import STORE, read_history  # noqa: E402
from annotator.pages import CLAIMS, ESSAY, MAP, SOURCES, TOPICS, claim_page, from_docs, topic_page  # noqa: E402
from annotator.render.text import md_link  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SIZES = (100, 1000, 5000)
SMOKE_SIZE = 20
#: Files the build writes at the docs root (git-ignored); a copy of the project leaves them out.
GENERATED_AT_DOCS_ROOT = {"essay", "claims.json", "claims.schema.json", "annotations.jsonld", "essay.txt",
                          "corrections.xml"}
GENERATED_PREFIXES = (".essay.", ".claims.json.", ".annotations.jsonld.")

# ---------------------------------------------------------------------------------------------
# Words. Real English words; no word is a prefix of a generated place name, and place names
# (the one unique token in each claimed sentence) are made from syllables and never reused.

NOUNS = """
agency aid airport alliance authority bank border budget bureau business canal capital census
charter coalition coast committee community company council court credit crop currency customs
debt decade deficit delegation demand district economy election embassy energy enterprise
exchange export factory farm federation fleet forecast framework fund garrison government grain
growth harbour highway household housing import income industry inflation institute investment
label labour land law league loan market migration mill mine ministry network office oil
parliament party payment pension pipeline policy port power press price programme project
province railway reform region regulation rent report reserve revenue river road salary school
sector security settlement shipping steel strike subsidy supply survey tariff tax territory
textile trade treaty tribunal union university valley village wage water wheat workforce
""".split()
ADJECTIVES = """
active annual careful central cheap coastal collective common costly crucial cultural current
direct distant domestic dominant early eastern economic effective federal fiscal foreign formal
fragile general gradual high independent industrial informal internal joint large local loyal
major marginal military modest moderate modern national neutral northern official open partial
political poor popular private public quiet rapid rare regional rural secure senior sharp short
slow small social southern stable steady strategic strong sudden temporary uneven urban vast
visible volatile western wide
""".split()
VERBS = """
absorbed accepted adjusted altered avoided backed blocked boosted challenged changed closed
covered cut delayed doubled drained eased ended expanded extended favoured financed funded
halved helped hindered improved increased limited lowered matched moved opened outpaced
postponed protected raised reduced reformed replaced restored reversed revised shaped shifted
slowed split stabilised strained strengthened supported sustained threatened tightened
transformed undermined weakened widened
""".split()
OPENERS = [
    "Official figures suggest that", "By most accounts,", "In practice,", "According to the ministry,",
    "It is clear that", "Few would deny that", "Over the last decade,", "Since the reform,",
    "As the census shows,", "Contrary to the official line,", "For all the talk of change,",
    "On closer inspection,", "Most observers agree that", "In the short run,", "Put simply,", "",
]
CONJUNCTIONS = ["while", "because", "although", "and", "whereas", "so", "even as", "just as"]
TAILS = ["after the reform", "over the past decade", "within two years", "despite the protests",
         "before the election", "in most years", "at a steady pace", "for the first time", "", "", ""]
FILLER_OPENERS = ["Critics argued that", "Yet", "Meanwhile,", "Still,", "Even so,", "At the same time,",
                  "In turn,", "Elsewhere,", "By contrast,", "Indeed,"]
SYLLABLES = """ba bel cor da del dor fa fen gar ha hel ka kel kor la len lo ma mar mi na nor
ol pa pel ra ren ro sa sel sor ta tel tor ul va vel vor za zel""".split()
PUBLISHERS = ["Northern Statistics Office", "The Harbour Review", "Institute for Regional Studies",
              "Ministry of Economy", "Central Bank", "The Evening Ledger", "Policy Research Centre",
              "University Press", "World Trade Observatory", "The Daily Courier", "Council on Development",
              "National Archive", "Open Data Service", "Eastern Affairs Quarterly", "Global Finance Monitor"]
DOMAINS = ["example.org", "example.com", "example.net", "stats.example.org", "news.example.com",
           "archive.example.net", "research.example.org"]
VERDICTS = ["supported", "mostly-supported", "partly-supported", "disputed", "misleading", "unsupported",
            "false", "unverified"]
VERDICT_WEIGHTS = [20, 20, 18, 14, 8, 8, 4, 8]
KINDS = ["fact", "interpretation", "prediction"]
KIND_WEIGHTS = [50, 38, 12]
RELATION_TYPES = ["supports", "contradicts", "depends-on", "elaborates"]
SOURCE_KINDS = ["primary", "news", "analysis", "data"]
#: Terms for glossary.yml (fictional bodies); the prose mentions them now and then.
GLOSSARY = {
    "NRDA": "Northern Regional Development Agency, the body that plans and funds public works in the north.",
    "CEFO": "Council of Eastern Finance Officers, a forum of treasury officials from the eastern provinces.",
    "TASC": "Trade and Shipping Commission, the regulator of ports, canals and coastal freight.",
    "IMRB": "Inter-Municipal Rail Board, which runs the regional railways on behalf of the cities.",
    "OPTA": "Office for Prices and Tariffs Analysis, the statistics office that publishes price indices.",
    "RCEU": "Regional Customs and Economic Union, a customs union of five neighbouring states.",
    "DFIA": "Development Finance and Investment Authority, the state lender for infrastructure.",
    "Customs Code": "The law that sets duties and procedures at the borders of the customs union.",
}


class _Words:
    """Pseudo-random prose from the word lists; deterministic for a seed."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.names: set[str] = set()

    def place(self) -> str:
        """A new place name, used once in the whole essay: the token that makes a quote unique."""
        rng = self.rng
        while True:
            name = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((3, 3, 4)))).capitalize()
            if name not in self.names:
                self.names.add(name)
                return name

    def np(self, article: bool = True) -> str:
        rng = self.rng
        words = ["the"] if article else []
        if article and rng.random() < 0.04:
            return f"the {rng.choice(sorted(GLOSSARY))}"
        if rng.random() < 0.6:
            words.append(rng.choice(ADJECTIVES))
        words.append(rng.choice(NOUNS))
        if rng.random() < 0.4:
            words += ["of", rng.choice(("the", "its", "their")), rng.choice(NOUNS)]
        return " ".join(words)

    def vp(self) -> str:
        return f"{self.rng.choice(VERBS)} {self.np()}"

    def sentence(self, opener: str = "") -> str:
        text = " ".join(w for w in (opener, self.np(), self.vp()) if w)
        return text[0].upper() + text[1:] + "."

    def prose(self, words: int) -> str:
        """Sentences until about `words` words."""
        out: list[str] = []
        count = 0
        while count < words:
            s = self.sentence(self.rng.choice(OPENERS) if self.rng.random() < 0.4 else "")
            out.append(s)
            count += len(s.split())
        return " ".join(out)

    def short(self, words: int) -> str:
        """One line of about `words` words (a title), no final period."""
        out: list[str] = []
        while len(out) < words:
            out += self.np(article=False).split()
        out = out[:words]
        while len(out) > 1 and out[-1] in ("of", "the", "its", "their"):
            out.pop()
        return " ".join(out).capitalize()


# ---------------------------------------------------------------------------------------------
# The synthetic catalogue.

@dataclass
class _Sentence:
    text: str
    clause: str = ""  #: a clause inside it holding its place name (for nested quotes)
    tail: str = ""  #: from the word before the place name to the end (for overlapping quotes)


@dataclass
class _Paragraph:
    blocks: list[list[_Sentence]] = field(default_factory=list)  #: sentences that must stay together
    claimed: int = 0


def _claim_sentence(w: _Words) -> _Sentence:
    rng = w.rng
    opener = rng.choice(OPENERS)
    first = " ".join(x for x in (opener, w.np(), w.vp()) if x)
    noun_phrase = w.np()
    place = w.place()
    clause = f"{noun_phrase} in {place} {w.vp()}"
    tail = rng.choice(TAILS)
    text = f"{first}, {rng.choice(CONJUNCTIONS)} {clause}" + (f" {tail}" if tail else "") + "."
    text = text[0].upper() + text[1:]
    start = text.index(f" in {place} ")
    start = text.rindex(" ", 0, start) + 1  # the word before "in <place>"
    return _Sentence(text=text, clause=clause, tail=text[start:])


def generate(folder: Path, n: int) -> tuple[dict[str, int], dict[str, int]]:
    """Write a valid catalogue of `n` claims into `folder`; return a few of its counts, and each
    claim's paragraph number (1 for the first paragraph after the title)."""
    rng = random.Random(f"essay-annotator-benchmark-{n}")  # noqa: S311 - test data, not security
    w = _Words(rng)
    n_topics = max(5, n // 20)
    n_sources = max(1, n // 2)

    # The essay: three sentence claims a paragraph; every 10th claim (i % 10 == 9) quotes a clause
    # inside the previous claim's sentence (nested), and i % 10 == 4 quotes from the middle of the
    # previous claim's sentence into the next sentence (overlapping).
    paragraphs: list[_Paragraph] = []
    quotes: list[str] = []
    sentences: list[_Sentence | None] = []
    claim_paragraph: list[int] = []
    for i in range(n):
        special = i % 10 in (4, 9) and i > 0 and sentences[i - 1] is not None
        if special and i % 10 == 9:
            owner = sentences[i - 1]
            assert owner is not None
            quotes.append(owner.clause)
            sentences.append(None)
            claim_paragraph.append(claim_paragraph[-1])
            continue
        if special:
            owner = sentences[i - 1]
            assert owner is not None
            follow = _Sentence(text=w.sentence(rng.choice(FILLER_OPENERS)))
            paragraphs[-1].blocks[-1].append(follow)
            quotes.append(owner.tail + " " + " ".join(follow.text.split()[:4]))
            sentences.append(None)
            claim_paragraph.append(claim_paragraph[-1])
            continue
        if not paragraphs or paragraphs[-1].claimed >= 3:
            paragraphs.append(_Paragraph())
        s = _claim_sentence(w)
        paragraphs[-1].blocks.append([s])
        paragraphs[-1].claimed += 1
        quotes.append(s.text)
        sentences.append(s)
        claim_paragraph.append(len(paragraphs) - 1)
    texts = []
    for p in paragraphs:
        words = sum(len(s.text.split()) for b in p.blocks for s in b)
        while words < 95:
            filler = _Sentence(text=w.sentence(rng.choice(FILLER_OPENERS) if rng.random() < 0.5 else ""))
            p.blocks.insert(rng.randint(0, len(p.blocks)), [filler])
            words += len(filler.text.split())
        texts.append(" ".join(s.text for b in p.blocks for s in b))
    essay_text = "\n\n".join(texts) + "\n"

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "essay.txt").write_text(essay_text, encoding="utf-8")
    _dump(folder / "essay.yml", "essay", {
        "title": f"A Synthetic Essay of {n:,} Claims on {w.short(3)}",
        "author": "A. N. Example",
        "author_note": "A fictional author of a generated essay, for benchmarking.",
        "publisher": "Example Review",
        "published": "2024-05-01",
        "url": f"https://example.org/essays/synthetic-{n}",
        "thesis": w.prose(40),
        "site_note": "A generated catalogue used to measure how the annotator scales.",
    })

    topics = []
    for j in range(n_topics):
        topic_title = w.short(3)
        topics.append({"id": f"{_slug(topic_title)}-{j + 1}", "title": topic_title, "summary": w.prose(35)})
    _dump(folder / "topics.yml", "topics", topics)

    sources = []
    for j in range(n_sources):
        publisher = rng.choice(PUBLISHERS)
        year = rng.randint(1995, 2024)
        title = w.short(rng.randint(5, 10))
        source = {
            "id": f"{_slug(publisher)[:24].strip('-')}-{_slug(title)[:20].strip('-')}-{year}-{j + 1}",
            "title": title,
            "publisher": publisher,
            "date": rng.choice((f"{year}", f"{year}-{rng.randint(1, 12):02d}",
                                f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}")),
            "url": f"https://{rng.choice(DOMAINS)}/{_slug(title)[:30].strip('-')}/{j + 1}",
            "kind": rng.choice(SOURCE_KINDS),
        }
        if rng.random() < 0.1:
            source["note"] = w.prose(15)
        sources.append(source)
    _dump(folder / "sources.yml", "sources", sources)
    _dump(folder / "glossary.yml", "glossary", [{"term": t, "definition": d} for t, d in GLOSSARY.items()])

    ids = []
    for i, quote in enumerate(quotes):
        letters = [re.sub("[^a-z]", "", x.lower()) for x in quote.split()[:8]]
        kept = [x for x in letters if x and x not in ("the", "of", "in", "its", "their", "a")][:3] or ["claim"]
        ids.append(f"{'-'.join(kept)}-{i + 1:05d}")
    key = list(range(min(10, n)))
    counts = {"relations": 0, "nested": 0, "overlapping": 0}
    for i, quote in enumerate(quotes):
        sids = [sources[(i // 2) % n_sources]["id"]]
        for _ in range(rng.randint(0, 2)):
            extra = sources[rng.randrange(n_sources)]["id"]
            if extra not in sids:
                sids.append(extra)
        counterpoints = []
        for _ in range(rng.randint(1, 2)):
            cs = sorted({sources[rng.randrange(n_sources)]["id"] for _ in range(rng.randint(1, 2))})
            counterpoints.append({"text": w.prose(20), "sources": cs})
        relations: list[dict[str, str]] = []
        targets: set[int] = set()
        want = rng.randint(1, 3) if n > 1 else 0
        for _ in range(50):
            if len(targets) >= want:
                break
            j = rng.choice(key) if rng.random() < 0.2 else min(n - 1, max(0, i + rng.randint(-15, 15)))
            if j == i or j in targets:
                continue
            targets.add(j)
            relation = {"type": rng.choice(RELATION_TYPES), "claim": ids[j]}
            if rng.random() < 0.3:
                relation["note"] = w.prose(12)
            relations.append(relation)
        topic = topics[min(n_topics - 1, i * n_topics // n)]["id"]
        claim_topics = [topic]
        if rng.random() < 0.3:
            other = topics[rng.randrange(n_topics)]["id"]
            if other != topic:
                claim_topics.append(other)
        claim = {
            "id": ids[i],
            "quote": quote,
            "summary": w.prose(20),
            "kind": rng.choices(KINDS, KIND_WEIGHTS)[0],
            "topics": claim_topics,
            "verdict": rng.choices(VERDICTS, VERDICT_WEIGHTS)[0],
            "rationale": w.prose(70),
            "evidence": [{"source": s, "shows": w.prose(15), "passage": w.prose(25)} for s in sids],
            "counterpoints": counterpoints,
        }
        if relations:
            claim["relations"] = relations
        claim["reviewed"] = (dt.date(2025, 1, 1) + dt.timedelta(days=rng.randrange(365))).isoformat()
        if rng.random() < 0.15:
            claim["notes"] = w.prose(25)
        _dump(folder / f"{ids[i]}.yml", "claim", claim)
        counts["relations"] += len(relations)
        counts["nested"] += i % 10 == 9 and sentences[i] is None
        counts["overlapping"] += i % 10 == 4 and sentences[i] is None
    counts.update(claims=n, topics=n_topics, sources=n_sources, terms=len(GLOSSARY), paragraphs=len(paragraphs),
                  essay_bytes=len(essay_text.encode()))
    return counts, {ids[i]: claim_paragraph[i] + 1 for i in range(n)}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: object) -> bool:  # the loader refuses anchors and aliases
        return True


def _dump(path: Path, schema: str, data: object) -> None:
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    header = f"# yaml-language-server: $schema=../annotator/schemas/{schema}.schema.json\n"
    path.write_text(header + text, encoding="utf-8")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# ---------------------------------------------------------------------------------------------
# The two projects.

def _ignore_generated(docs: Path) -> Callable[[str, list[str]], set[str]]:
    def ignore(folder: str, names: list[str]) -> set[str]:
        if Path(folder) != docs:
            return set()
        return {x for x in names if x in GENERATED_AT_DOCS_ROOT or x.startswith(GENERATED_PREFIXES)}
    return ignore


def make_project(where: Path, n: int) -> tuple[Path, dict[str, int], dict[str, int]]:
    """A copy of the project's site sources (as tests/conftest.py makes) with a synthetic claims/."""
    project = where / "project"
    project.mkdir(parents=True)
    shutil.copytree(ROOT / "docs", project / "docs", ignore=_ignore_generated(ROOT / "docs"))
    shutil.copytree(ROOT / "annotator", project / "annotator", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("mkdocs.yml", "build_claims.py"):
        shutil.copy2(ROOT / name, project / name)
    # Byte-compiled, as any run after the first finds it (even where PYTHONDONTWRITEBYTECODE is set).
    compileall.compile_dir(project / "annotator", quiet=1)
    counts, paragraph_of = generate(project / "claims", n)
    return project, counts, paragraph_of


def _drop_top_level(config: str, keys: tuple[str, ...]) -> str:
    """mkdocs.yml without the top-level `keys` (and their indented or listed values)."""
    out: list[str] = []
    dropping = False
    for line in config.splitlines(keepends=True):
        top = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if top:
            dropping = top.group(1) in keys
        if not dropping:
            out.append(line)
    return "".join(out)


def _drop_list_item(config: str, name: str) -> str:
    """mkdocs.yml without the list item `- name` (e.g. a Markdown extension) and its options."""
    out: list[str] = []
    indent = None
    for line in config.splitlines(keepends=True):
        if indent is not None:
            if not line.strip() or len(line) - len(line.lstrip()) > indent:
                continue
            indent = None
        item = re.match(rf"^(\s*)-\s+{re.escape(name)}\s*:?\s*$", line)
        if item:
            indent = len(item.group(1))
            continue
        out.append(line)
    return "".join(out)


def make_baseline(where: Path, project: Path, paragraph_of: dict[str, int]) -> Path:
    """The same theme, nav and text as plain Markdown: no hook, no snippets, no generated HTML.

    mkdocs.yml loses `hooks:`, `watch:` and pymdownx.snippets; each `--8<--` include in a
    hand-written page becomes plain text in the page itself. The pages under docs/essay/ are plain
    Markdown with the catalogue's text (`_plain_pages`), each ending, as the generated ones do, with
    the definitions of the glossary terms it uses; a page the annotator generates that has no plain
    counterpart here (a newer feature) is copied as generated, so the nav stays the same.
    """
    base = where / "baseline"
    base.mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    plain_config = _drop_list_item(_drop_top_level(config, ("hooks", "watch")), "pymdownx.snippets")
    (base / "mkdocs.yml").write_text(plain_config, encoding="utf-8")
    docs = base / "docs"
    shutil.copytree(ROOT / "docs", docs, ignore=_ignore_generated(ROOT / "docs"))
    generated = project / "docs" / "essay"
    plain = _plain_pages(_read_catalogue(project / "claims"), paragraph_of)

    def included(name: str) -> str:
        if name in plain["includes"]:
            return plain["includes"][name]
        file = project / "docs" / name
        return file.read_text(encoding="utf-8") if file.is_file() else ""

    for page in docs.rglob("*.md"):  # hand-written pages: their includes become plain text
        text = page.read_text(encoding="utf-8")
        text = re.sub(r'^[ \t]*--8<--[ \t]+"([^"]+)"[ \t]*$', lambda m: included(m.group(1)), text, flags=re.M)
        page.write_text(text, encoding="utf-8")
    for file in generated.rglob("*"):
        name = file.relative_to(generated).as_posix()
        if file.is_file() and not file.name.startswith(("_", ".")) and name not in plain["pages"]:
            plain["pages"][name] = file.read_text(encoding="utf-8")
    glossary = yaml.safe_load((project / "claims" / "glossary.yml").read_text(encoding="utf-8")) \
        if (project / "claims" / "glossary.yml").is_file() else []
    for name in sorted(GENERATED_AT_DOCS_ROOT - {"essay"}):  # the exports and the feed, which pages link to
        if (project / "docs" / name).is_file():
            shutil.copy2(project / "docs" / name, docs / name)
    for name, text in plain["pages"].items():
        used = [g for g in glossary if g["term"] in text]
        if used:
            text += "\n" + "".join(f"*[{g['term']}]: {' '.join(g['definition'].split())}\n" for g in used)
        target = docs / "essay" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return base


def _read_catalogue(folder: Path) -> dict:
    def load(name: str) -> Any:
        return yaml.safe_load((folder / name).read_text(encoding="utf-8"))
    claims = [load(p.name) for p in sorted(folder.glob("*.yml"))
              if p.stem not in ("essay", "topics", "sources", "glossary")]
    return {"essay": load("essay.yml"), "text": (folder / "essay.txt").read_text(encoding="utf-8"),
            "topics": load("topics.yml"), "sources": load("sources.yml"), "claims": claims}


def _plain_pages(data: dict, where: dict[str, int]) -> dict[str, dict[str, str]]:
    """Plain Markdown pages holding the catalogue's text, laid out like the generated ones."""
    claims, topics = data["claims"], {t["id"]: t for t in data["topics"]}
    sources = {s["id"]: s for s in data["sources"]}
    by_id = {c["id"]: c for c in claims}
    paragraphs = [p.strip() for p in data["text"].split("\n\n") if p.strip()]
    back: dict[str, list[tuple[str, str]]] = {c["id"]: [] for c in claims}
    for c in claims:
        for r in c.get("relations", []):
            back[c["id"]].append((r["type"], r["claim"]))
            back[r["claim"]].append((f"is the target of {r['type']} from", c["id"]))

    def source_line(sid: str) -> str:
        s = sources[sid]
        return f"[{s['title']}]({s['url']}) — {s['publisher']}, {s.get('date', '')} ({s['kind']})"

    pages: dict[str, str] = {}
    for c in claims:
        here = claim_page(c["id"])
        out = [f"# {c['summary']}", "", f"**{c['verdict']}** · {c['kind']}", "", f"> {c['quote']}", "",
               f"[Read it in context]({md_link(here, ESSAY)}) (paragraph {where[c['id']]})", "",
               "| | |", "|---|---|", f"| Verdict | **{c['verdict']}** |", f"| Kind | {c['kind']} |",
               "| Topics | " + ", ".join(f"[{topics[t]['title']}]({md_link(here, topic_page(t))})"
                                     for t in c["topics"]) + " |",
               f"| Reviewed | {c['reviewed']} |", "", f"## Verdict: {c['verdict']}", "", c["rationale"], "",
               "## Evidence", ""]
        for e in c["evidence"]:
            out += [f"- {e['shows']}  ", f"  {source_line(e['source'])}", "", f"    > {e['passage']}", ""]
        out += ["", "## Counterpoints", ""]
        for p in c["counterpoints"]:
            out += [f"- {p['text']}  ", "  " + "; ".join(source_line(s) for s in p["sources"])]
        out += ["", "## Related claims", ""]
        for label, other in sorted(set(back[c["id"]])):
            out.append(f"- This claim {label} [{by_id[other]['summary']}]({md_link(here, claim_page(other))}) "
                       f"({by_id[other]['verdict']})")
        if c.get("notes"):
            out += ["", "## Notes", "", c["notes"]]
        pages[here] = "\n".join(out) + "\n"
    in_paragraph: dict[int, list[str]] = {}
    for c in claims:
        in_paragraph.setdefault(where[c["id"]], []).append(c["id"])
    essay = [f"# {data['essay']['title']}", "", f"By {data['essay']['author']}.", ""]
    for k, p in enumerate(paragraphs, 1):
        essay += [p, ""]
        if in_paragraph.get(k):
            essay += ["Claims: " + ", ".join(f"[{cid}]({md_link(ESSAY, claim_page(cid))})" for cid in in_paragraph[k]),
                      ""]
    pages[ESSAY] = "\n".join(essay)
    table = ["# All claims", "", "| Claim | Summary | Topics | Kind | Verdict |", "|---|---|---|---|---|"]
    for c in claims:
        table.append(f"| [{c['id']}]({md_link(CLAIMS, claim_page(c['id']))}) | {c['summary']} | "
                     + ", ".join(f"[{topics[t]['title']}]({md_link(CLAIMS, topic_page(t))})" for t in c["topics"])
                     + f" | {c['kind']} | {c['verdict']} |")
    pages[CLAIMS] = "\n".join(table) + "\n"
    index = ["# Topics", ""]
    for t in data["topics"]:
        members = [c for c in claims if t["id"] in c["topics"]]
        index += [f"## [{t['title']}]({md_link(TOPICS, topic_page(t['id']))})", "", t["summary"], "",
                  f"{len(members)} claims.", ""]
        page = [f"# {t['title']}", "", t["summary"], "", f"## Claims ({len(members)})", "",
                "| Claim | Summary | Kind | Verdict |", "|---|---|---|---|"]
        page += [f"| [{c['id']}]({md_link(topic_page(t['id']), claim_page(c['id']))}) | {c['summary']} | "
                 f"{c['kind']} | {c['verdict']} |" for c in members]
        pages[topic_page(t["id"])] = "\n".join(page) + "\n"
    pages[TOPICS] = "\n".join(index)
    cited: dict[str, set[str]] = {}
    for c in claims:
        for sid in [e["source"] for e in c["evidence"]] + [s for p in c["counterpoints"] for s in p["sources"]]:
            cited.setdefault(sid, set()).add(c["id"])
    bib = ["# Sources", ""]
    for kind in SOURCE_KINDS:
        group = [s for s in data["sources"] if s["kind"] == kind]
        bib += [f"## {kind.capitalize()}", ""]
        for s in group:
            bib += [f"- {source_line(s['id'])}  ",
                    "  Cited by: " + ", ".join(f"[{cid}]({md_link(SOURCES, claim_page(cid))})"
                                               for cid in sorted(cited[s["id"]])) + "."]
        bib.append("")
    pages[SOURCES] = "\n".join(bib)
    relations = ["# Argument map", "", "## The relations in words", ""]
    for c in claims:
        for r in c.get("relations", []):
            relations.append(f"- [{c['summary']}]({md_link(MAP, claim_page(c['id']))}) **{r['type']}** "
                             f"[{by_id[r['claim']]['summary']}]({md_link(MAP, claim_page(r['claim']))})")
    pages[MAP] = "\n".join(relations) + "\n"
    verdicts: dict[str, int] = {}
    for c in claims:
        verdicts[c["verdict"]] = verdicts.get(c["verdict"], 0) + 1
    home = [f"# {data['essay']['title']}", "", f"**[Read the essay]({from_docs(ESSAY)})** · "
            f"[All claims]({from_docs(CLAIMS)}) · [Topics]({from_docs(TOPICS)}) · "
            f"[Sources]({from_docs(SOURCES)}) · [Argument map]({from_docs(MAP)})", "", "## The essay's thesis", "",
            data["essay"]["thesis"], "", "| Verdict | Claims |", "|---|---|"]
    home += [f"| {v} | {verdicts[v]} |" for v in VERDICTS if v in verdicts]
    vtable = ["| Verdict | Claims |", "|---|---|"] + [f"| `{v}` | {verdicts.get(v, 0)} |" for v in VERDICTS]
    return {"pages": pages, "includes": {"essay/_home.md": "\n".join(home) + "\n",
                                         "essay/_methodology.md": "\n".join(vtable) + "\n"}}


# ---------------------------------------------------------------------------------------------
# Running and measuring.

@dataclass
class Step:
    seconds: float
    cpu: float  #: user + system seconds
    peak_mb: float  #: the process's maximum resident set size
    stdout: str
    stderr: str


class StepFailed(Exception):
    pass


def run(command: list[str], cwd: Path, name: str) -> Step:
    """Run `command` in a fresh process; its wall time, CPU time and its own peak memory."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=err, env=env)
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - start
            process.returncode = os.waitstatus_to_exitcode(status)
            scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
            peak, cpu = usage.ru_maxrss * scale / 1e6, usage.ru_utime + usage.ru_stime
        else:  # no per-process rusage here
            process.wait()
            seconds, peak, cpu = time.perf_counter() - start, float("nan"), float("nan")
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(errors="replace"), err.read().decode(errors="replace")
    if process.returncode != 0:
        raise StepFailed(f"{name} failed (exit {process.returncode}) in {cwd}:\n{stdout}\n{stderr}")
    return Step(seconds=seconds, cpu=cpu, peak_mb=peak, stdout=stdout, stderr=stderr)


def _folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


@dataclass
class Row:
    n: int
    counts: dict[str, int]
    check: Step
    generate: Step
    build: Step
    site_bytes: int
    assets_bytes: int  #: the theme's assets/ folder, the same at every size
    pages: int
    baseline: Step | None = None
    baseline_bytes: int = 0
    no_hook: Step | None = None  #: the same pages, generated beforehand, built with the hook removed
    commits: int = 0  #: commits in the synthetic history
    history: float = 0.0  #: seconds to read it (annotator.history.read_history, best of the runs), from git alone
    history_stored: float = 0.0  #: the same with the history the last build stored (annotator.history.STORE)
    without_history: Step | None = None  #: the whole build in the same runs, its repository's history out of reach
    cold: Step | None = None  #: the whole build with that history, as after a fresh clone (nothing stored)
    with_history: Step | None = None  #: the whole build with that history, the next time (its history stored)
    carried: Step | None = None  #: the same, the stored history CARRIED commits behind (as after a pull)
    #: For "cold", "warm" and "carried": the median over the rounds of its build's time over the same round's
    #: build without history, as a difference in per cent
    paired: dict[str, float] = field(default_factory=dict)
    corrections: int = 0  #: the corrections it lists
    refresh: list[float] = field(default_factory=list)  #: seconds from saving a claim to its page showing it
    builds_per_edit: list[int] = field(default_factory=list)


def best(steps: list[Step]) -> Step:
    """The fastest of repeated runs (other work on the machine only ever adds time), with the largest peak."""
    fastest = min(steps, key=lambda step: step.seconds)
    return Step(seconds=fastest.seconds, cpu=fastest.cpu, peak_mb=max(step.peak_mb for step in steps),
                stdout=fastest.stdout, stderr=fastest.stderr)


def _clear_generated(docs: Path) -> None:
    for path in docs.iterdir():
        if path.name in GENERATED_AT_DOCS_ROOT or path.name.startswith(GENERATED_PREFIXES):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def measure(n: int, where: Path, *, baseline: bool, repeat: int = 1, commits: int | None = None,
            log: Callable[[str], object] = print) -> Row:
    """Time the steps for a catalogue of `n` claims, each `repeat` times (the baseline's build in turn with
    the project's), keeping the fastest run of each. Generation always starts from no generated files."""
    python = sys.executable
    started = time.perf_counter()
    project, counts, paragraph_of = make_project(where, n)
    log(f"  {n} claims: catalogue written in {time.perf_counter() - started:.1f} s "
        f"({counts['paragraphs']} paragraphs, {counts['essay_bytes'] / 1e6:.2f} MB of essay, "
        f"{counts['topics']} topics, {counts['sources']} sources, {counts['relations']} relations, "
        f"{counts['nested']} nested and {counts['overlapping']} overlapping quotes)")
    base = None  # made from the first generation's pages
    steps: dict[str, list[Step]] = {"check": [], "generate": [], "build": [], "baseline": [], "no_hook": []}
    mkdocs_build = [python, "-m", "mkdocs", "build", "--strict", "-d", "site"]
    for turn in range(1, repeat + 1):
        check = run([python, "build_claims.py", "check"], project, "check")
        last = check.stdout.strip().splitlines()[-1] if check.stdout.strip() else ""
        if not last.startswith(f"ok: {n} claims") or "warning" in check.stdout:
            raise StepFailed(f"the synthetic catalogue is not clean:\n{check.stdout[-5000:]}")
        _clear_generated(project / "docs")
        generate_step = run([python, "build_claims.py", "build"], project, "build_claims.py build")
        build = run(mkdocs_build, project, "mkdocs build")
        if "WARNING" in build.stderr:
            raise StepFailed(f"mkdocs build warned:\n{build.stderr[-5000:]}")
        steps["check"].append(check)
        steps["generate"].append(generate_step)
        steps["build"].append(build)
        if baseline and base is None:
            base = make_baseline(where, project, paragraph_of)
        no_hook = run(mkdocs_build, _without_hook(where, project), "mkdocs build without the hook")
        steps["no_hook"].append(no_hook)
        times = (f"check {check.seconds:.2f} s, generate {generate_step.seconds:.2f} s, "
                 f"mkdocs build {build.seconds:.2f} s, without the hook {no_hook.seconds:.2f} s")
        if base:
            baseline_build = run(mkdocs_build, base, "baseline mkdocs build")
            if "WARNING" in baseline_build.stderr:
                raise StepFailed(f"the baseline's mkdocs build warned:\n{baseline_build.stderr[-5000:]}")
            steps["baseline"].append(baseline_build)
            times += f", baseline mkdocs build {baseline_build.seconds:.2f} s"
        log(f"  {n} claims, run {turn} of {repeat}: {times}")
    site = project / "site"
    row = Row(n=n, counts=counts, check=best(steps["check"]), generate=best(steps["generate"]),
              build=best(steps["build"]), site_bytes=_folder_bytes(site), assets_bytes=_folder_bytes(site / "assets"),
              pages=sum(1 for _ in site.rglob("*.html")))
    log(f"  {n} claims: site {row.site_bytes / 1e6:.1f} MB, {row.pages} pages")
    row.no_hook = best(steps["no_hook"])
    if base:
        row.baseline = best(steps["baseline"])
        row.baseline_bytes = _folder_bytes(base / "site")
        log(f"  {n} claims: baseline site {row.baseline_bytes / 1e6:.1f} MB")
    row.commits = commits if commits is not None else 5 * n
    started = time.perf_counter()
    _clear_generated(project / "docs")  # the history holds the sources only, as a real repository's does
    make_history(project, row.commits)
    log(f"  {n} claims: a history of {row.commits} commits made in {time.perf_counter() - started:.1f} s")
    store = project / ".git" / STORE
    head = _git(project, "rev-parse", "HEAD")
    readings: dict[str, list[float]] = {"git": [], "stored": []}
    builds: dict[str, list[Step]] = {"without": [], "cold": [], "warm": [], "carried": []}
    rounds = 2 if repeat == 1 else max(repeat, HISTORY_ROUNDS)  # --repeat 1 (and --smoke): quick
    for _ in range(rounds):  # in turn, so that the machine's drift falls on all four alike
        for kind in ("git", "stored"):
            if kind == "git":
                store.unlink(missing_ok=True)
            start = time.perf_counter()
            history = read_history(project / "claims")
            readings[kind].append(time.perf_counter() - start)
            if not history.available:
                raise StepFailed(f"the synthetic history did not read: {history.reason}")
        (project / ".git").rename(project / ".git-away")  # the same build, no history to read
        try:
            builds["without"].append(run(mkdocs_build, project, "mkdocs build without history"))
        finally:
            (project / ".git-away").rename(project / ".git")
        store.unlink()
        builds["cold"].append(run(mkdocs_build, project, "mkdocs build with history, nothing stored"))
        builds["warm"].append(run(mkdocs_build, project, "mkdocs build with history, its history stored"))
        _store_history_at(project, f"{head}~{CARRIED}", head)
        builds["carried"].append(run(mkdocs_build, project, f"mkdocs build with history, {CARRIED} commits new"))
    row.history, row.history_stored = min(readings["git"]), min(readings["stored"])
    row.without_history, row.cold, row.with_history, row.carried = (
        best(builds[k]) for k in ("without", "cold", "warm", "carried"))
    row.paired = {kind: statistics.median(100 * (step.seconds / plain.seconds - 1)
                                          for step, plain in zip(builds[kind], builds["without"], strict=True))
                  for kind in ("cold", "warm", "carried")}
    row.corrections = len(history.corrections())
    log(f"  {n} claims: history read in {row.history:.2f} s from git, {row.history_stored:.2f} s as stored "
        f"({row.corrections} corrections); whole build without it {row.without_history.seconds:.2f} s, "
        f"with it {row.cold.seconds:.2f} s after a fresh clone, {row.with_history.seconds:.2f} s the next time, "
        f"{row.carried.seconds:.2f} s after {CARRIED} new commits")
    row.refresh, row.builds_per_edit = measure_live(project, edits=1 if repeat == 1 else 5)
    log(f"  {n} claims: mkdocs serve --dirty, save to page: "
        + ", ".join(f"{t:.2f} s" for t in row.refresh) + "; builds per save: "
        + ", ".join(map(str, row.builds_per_edit)))
    return row


#: How many commits behind the stored history is, for the build after a pull (`Row.carried`).
CARRIED = 10
#: The fewest rounds of the four builds with and without history: their differences are a few per cent, as
#: large as the machine's drift, so each is also given as the median of the differences within a round.
HISTORY_ROUNDS = 7


def _git(project: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(project), *args], capture_output=True, text=True, check=True,  # noqa: S607
                          env=env).stdout.strip()


def _store_history_at(project: Path, earlier: str, head: str) -> None:
    """Leave the history stored as a build at `earlier` would (the branch moved there and back; the working
    tree untouched): the next build finds the commits since then new."""
    (project / ".git" / STORE).unlink(missing_ok=True)
    _git(project, "reset", "-q", "--soft", earlier)
    try:
        if not read_history(project / "claims").available:
            raise StepFailed(f"the synthetic history did not read at {earlier}")
    finally:
        _git(project, "reset", "-q", "--soft", head)


def make_history(project: Path, commits: int) -> None:
    """Make `project` a git repository whose history has `commits` commits touching claims/, ending at the
    files as they are: the first adds everything (each claim in an earlier version), then each commit edits
    one claim in turn (its verdict or its rationale, alternately), the last `n` putting each claim's final
    version in place. Written with one `git fast-import`, so it takes seconds, not a commit at a time."""
    claims = sorted(p for p in (project / "claims").glob("*.yml") if p.stem not in ("essay", "topics", "sources",
                                                                                     "glossary"))
    finals = {p.name: p.read_bytes() for p in claims}
    rng = random.Random(f"essay-annotator-history-{len(claims)}")  # noqa: S311 - test data, not security
    verdicts = list(VERDICTS)

    def variant(name: str, turn: int) -> bytes:
        data = yaml.safe_load(finals[name].decode("utf-8"))
        if turn % 2 and data.get("kind") != "opinion":
            data["verdict"] = rng.choice([v for v in verdicts if v != data.get("verdict")])
        else:
            data["rationale"] = f"{data.get('rationale', '')} An earlier reading, number {turn}."
        return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100).encode("utf-8")

    files = sorted(p for p in project.rglob("*") if p.is_file() and p.relative_to(project).parts[0] not in (
        "site", ".git") and "__pycache__" not in p.parts and p.suffix != ".pyc")
    stream = bytearray()
    when = 1_700_000_000

    def commit(changes: list[tuple[str, bytes]], message: str) -> None:
        nonlocal when
        when += 3600
        body = message.encode("utf-8")
        stream.extend(b"commit refs/heads/main\n")
        stream.extend(f"committer Bench <bench@example.org> {when} +0000\ndata {len(body)}\n".encode())
        stream.extend(body + b"\n")  # each commit's parent is the branch's last (fast-import's own rule)
        for path, content in changes:
            stream.extend(f"M 100644 inline {path}\ndata {len(content)}\n".encode())
            stream.extend(content + b"\n")

    first = [(f.relative_to(project).as_posix(),
              variant(f.name, 0) if f in claims else f.read_bytes()) for f in files]
    commit(first, "The catalogue")
    edits = max(0, commits - 1 - len(claims))
    for k in range(edits):
        name = claims[k % len(claims)].name
        commit([(f"claims/{name}", variant(name, k + 1))], f"Edit {name}")
    for claim in claims[: max(0, commits - 1 - edits)]:
        commit([(f"claims/{claim.name}", finals[claim.name])], f"Final {claim.name}")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    subprocess.run(["git", "init", "-q", "-b", "main", str(project)], check=True, env=env)  # noqa: S607
    subprocess.run(["git", "-C", str(project), "fast-import", "--quiet"], input=bytes(stream), check=True,  # noqa: S607
                   env=env)
    subprocess.run(["git", "-C", str(project), "reset", "-q", "--mixed", "main"], check=True, env=env)  # noqa: S607


def _without_hook(where: Path, project: Path) -> Path:
    """The project with the pages `build_claims.py build` just wrote, and mkdocs.yml without `hooks:`: what the
    whole build costs without the annotator's own work (the hook share is the difference)."""
    copy = where / "no-hook"
    if copy.exists():
        shutil.rmtree(copy)
    copy.mkdir()
    shutil.copytree(project / "docs", copy / "docs")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (copy / "mkdocs.yml").write_text(_drop_top_level(config, ("hooks", "watch")), encoding="utf-8")
    return copy


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            return str(response.read().decode("utf-8"))
    except OSError:
        return ""


def _reloaded(port: int, epoch: int) -> int:
    """What a page's live-reload script does: ask the server for a version of the site newer than `epoch`, and
    wait for it (the server answers when a build has finished, or after a minute with the same one)."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/livereload/{epoch}/1", timeout=90) as response:  # noqa: S310
        return int(response.read())


def measure_live(project: Path, edits: int) -> tuple[list[float], list[int]]:
    """Through a real `mkdocs serve --dirty` (what `make serve` runs) and an HTTP client that does what an open
    page does (its live-reload script waits for a newer build, then the page is fetched again): for each of
    `edits` saves of a claim file (a new summary), the seconds until the page shows the change, and how many
    builds the save started (counted once the log has been quiet for two seconds)."""
    _clear_generated(project / "docs")  # as after a fresh clone: `make serve` writes nothing there
    port = _free_port()
    log_file = project / "serve.log"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    claims = sorted(p for p in (project / "claims").glob("*.yml")
                    if p.stem not in ("essay", "topics", "sources", "glossary"))
    claim = claims[len(claims) // 2]
    url = f"http://127.0.0.1:{port}/essay/claims/{claim.stem}/"
    refresh, builds = [], []
    with log_file.open("w") as out:
        server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
                                  cwd=project, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.monotonic() + 600
            while "Serving on" not in log_file.read_text() and time.monotonic() < deadline:
                time.sleep(0.2)
            for i in range(edits):
                count = _quiet_builds(log_file)
                shown = re.search(r"livereload\(([0-9]+),", _page(url))
                if not shown:
                    raise StepFailed(f"{url} has no live-reload script:\n{log_file.read_text()[-3000:]}")
                epoch = int(shown.group(1))
                text = claim.read_text(encoding="utf-8")
                summary = f"An edited summary, number {i + 1} at {time.time():.0f}."
                claim.write_text(re.sub(r"^summary: .*$", f"summary: {summary}", text, count=1, flags=re.M),
                                 encoding="utf-8")
                start = time.perf_counter()
                while True:
                    epoch = _reloaded(port, epoch)
                    if summary in _page(url):
                        break
                    if time.perf_counter() - start > 120:
                        raise StepFailed(f"the edit did not reach {url} within 120 s:\n{log_file.read_text()[-3000:]}")
                refresh.append(time.perf_counter() - start)
                builds.append(_quiet_builds(log_file) - count)
        finally:
            server.terminate()
            server.wait(20)
    return refresh, builds


def _quiet_builds(log_file: Path, quiet: float = 2.0) -> int:
    """The number of builds the serve log shows, once none has started for `quiet` seconds."""
    count, since = log_file.read_text().count("Building documentation"), time.monotonic()
    while time.monotonic() - since < quiet:
        time.sleep(0.1)
        now = log_file.read_text().count("Building documentation")
        if now != count:
            count, since = now, time.monotonic()
    return count


def report(rows: list[Row]) -> str:
    head = ("| claims | check s | generate s | mkdocs build s | baseline s | ratio | without hook s | hook share "
            "| save→page s | ÷ build | builds/save | site MB | bytes/claim | ms/claim | peak MB |")
    out = [head, "|" + "---:|" * 15]
    for r in rows:
        peak = max(r.check.peak_mb, r.generate.peak_mb, r.build.peak_mb)
        base = f"{r.baseline.seconds:.2f}" if r.baseline else "—"
        ratio = f"{r.build.seconds / r.baseline.seconds:.2f}" if r.baseline else "—"
        no_hook = f"{r.no_hook.seconds:.2f}" if r.no_hook else "—"
        share = f"{100 * (r.build.seconds - r.no_hook.seconds) / r.build.seconds:.0f}%" if r.no_hook else "—"
        refresh = max(r.refresh) if r.refresh else float("nan")
        out.append(f"| {r.n} | {r.check.seconds:.2f} | {r.generate.seconds:.2f} | {r.build.seconds:.2f} | {base} "
                   f"| {ratio} | {no_hook} | {share} | {refresh:.2f} | {refresh / r.build.seconds:.2f} "
                   f"| {max(r.builds_per_edit, default=0)} | {r.site_bytes / 1e6:.1f} | {r.site_bytes / r.n:,.0f} "
                   f"| {1000 * r.build.seconds / r.n:.1f} | {peak:.0f} |")
    out += ["", "mkdocs build is the whole build (its hook validates and generates the pages in memory); ratio is "
            "its time over the baseline's; without hook is the same pages, generated beforehand, built with the "
            "hook removed, and hook share the difference over the whole build; save→page is the slowest of the "
            "saves through `mkdocs serve --dirty` until the claim's page shows the change, and ÷ build that over "
            "the whole build; builds/save the most builds one save started; ms/claim and bytes/claim are the "
            "whole build's time and site/ size over the claim count; peak MB is the largest of the three steps' "
            "own peak RSS.", ""]
    out.append("(check + generate) / mkdocs build: " + "; ".join(
        f"{r.n} claims: {100 * (r.check.seconds + r.generate.seconds) / r.build.seconds:.0f}%" for r in rows))
    for r in rows:
        if r.with_history and r.cold and r.without_history:
            plain = r.without_history.seconds

            def added(step: Step, kind: str, plain: float = plain, paired: dict = r.paired) -> str:
                more = step.seconds - plain
                return (f"{step.seconds:.2f} s, {more:+.2f} s, {100 * more / plain:+.1f}% "
                        f"[{paired[kind]:+.1f}% within a round]")

            carried = f", {added(r.carried, 'carried')} (the history stored {CARRIED} commits back)" \
                if r.carried else ""
            out.append(f"history at {r.n} claims: {r.commits} commits touching claims/ ({r.corrections} corrections) "
                       f"read in {r.history:.2f} s from git alone, {r.history_stored:.2f} s as the last build stored "
                       f"it; the whole build without history {plain:.2f} s (fastest of the rounds), with it "
                       f"{added(r.with_history, 'warm')} (the next build){carried}, {added(r.cold, 'cold')} (after a "
                       "fresh clone; it also stores the history); [median, over the rounds, of each build against the "
                       "build without history in the same round]")
    for r in rows:
        out.append(f"peak MB at {r.n} claims: check {r.check.peak_mb:.0f}, generate {r.generate.peak_mb:.0f}, "
                   f"mkdocs build {r.build.peak_mb:.0f}"
                   + (f", baseline {r.baseline.peak_mb:.0f} (CPU {r.baseline.cpu:.2f} s); baseline site "
                      f"{r.baseline_bytes / 1e6:.1f} MB"
                      if r.baseline else "")
                   + f"; CPU s: check {r.check.cpu:.2f}, generate {r.generate.cpu:.2f}, "
                     f"mkdocs build {r.build.cpu:.2f}; site {r.site_bytes:,} bytes in {r.pages} HTML pages and assets; "
                     f"{(r.site_bytes - r.assets_bytes) / r.n:,.0f} bytes/claim outside site/assets/")
    by_n = {r.n: r for r in rows}
    largest = max(by_n)
    if 1000 in by_n and largest != 1000:
        big, ref = by_n[largest], by_n[1000]
        time_ratio = (big.build.seconds / big.n) / (ref.build.seconds / ref.n)
        byte_ratio = (big.site_bytes / big.n) / (ref.site_bytes / ref.n)
        content_ratio = ((big.site_bytes - big.assets_bytes) / big.n) / ((ref.site_bytes - ref.assets_bytes) / ref.n)
        out.append(f"per claim at {largest} claims / at 1000 claims: time ×{time_ratio:.2f}, bytes ×{byte_ratio:.2f} "
                   f"(outside site/assets/: ×{content_ratio:.2f}); 1.00 = linear")
    else:
        out.append("per claim at the largest size / at 1000 claims: needs 1000 and a larger size")
    load = f"; load average now {os.getloadavg()[0]:.2f} (other work on the machine skews wall times)" \
        if hasattr(os, "getloadavg") else ""
    out.append(f"CPU cores: {os.cpu_count()}{load}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks/benchmark.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="claim counts, comma-separated (default: %(default)s)")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep the projects there")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="run each step N times and keep the fastest (default: %(default)s)")
    parser.add_argument("--history", type=int, default=None, metavar="N",
                        help="commits in the synthetic history (default: 5 per claim)")
    parser.add_argument("--smoke", action="store_true", help=f"{SMOKE_SIZE} claims only, no baseline, once: quick")
    args = parser.parse_args(argv)
    sizes = [SMOKE_SIZE] if args.smoke else [int(s) for s in args.sizes.split(",") if s.strip()]
    if not sizes or min(sizes) < 1:
        parser.error("--sizes needs positive claim counts")
    if args.repeat < 1:
        parser.error("--repeat needs a positive count")
    print(f"Benchmark: sizes {', '.join(map(str, sizes))}; {sys.executable}; {os.cpu_count()} cores", flush=True)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    rows = []
    try:
        for n in sizes:
            folder = work / f"n{n}"
            if folder.exists():
                if not (folder / "project" / "mkdocs.yml").is_file():
                    parser.error(f"{folder} exists and is not a benchmark's folder; choose another --keep DIR")
                shutil.rmtree(folder)
            rows.append(measure(n, folder, baseline=not args.smoke, repeat=1 if args.smoke else args.repeat,
                                commits=args.history, log=lambda text: print(text, file=sys.stderr, flush=True)))
    except StepFailed as failure:
        print(failure, file=sys.stderr)
        return 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(report(rows))
    if args.keep:
        print(f"projects kept in {work}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
