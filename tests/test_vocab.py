"""annotator/vocab.py is the one place each vocabulary is defined; what cannot import it is held to it here.

The JSON Schemas' enums and CONTRIBUTING.md's tables are derived from it: with `pytest --update-golden`
these tests rewrite them (review the diff); without, they fail when the files and the code disagree.
The CSS, the script and the issue forms are checked: nothing in them names a verdict, a relation type or
a kind that the vocabulary does not have, and the forms offer exactly its choices.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml
from helpers import ROOT

from annotator.problems import RULES
from annotator.render.styles import render_styles
from annotator.schema import SCHEMA_FILES
from annotator.vocab import KINDS, RELATIONS, SOURCE_KINDS, VERDICTS

SCHEMAS = ROOT / "annotator" / "schemas"
CONTRIBUTING = ROOT / "CONTRIBUTING.md"
VOCABULARIES = {"verdicts": list(VERDICTS), "kinds": list(KINDS), "relations": list(RELATIONS),
                "source kinds": list(SOURCE_KINDS)}


def enums(node: object, at: str = "") -> list[tuple[str, list]]:
    """Every `enum` in a schema, with where it stands."""
    found = []
    if isinstance(node, dict):
        if "enum" in node:
            found.append((at, node["enum"]))
        for key, value in node.items():
            found += enums(value, f"{at}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += enums(value, f"{at}/{i}")
    return found


def vocabulary_of(values: list) -> str:
    """Which vocabulary an enum lists: the one it shares the most values with."""
    best = max(VOCABULARIES, key=lambda name: len(set(values) & set(VOCABULARIES[name])))
    assert set(values) & set(VOCABULARIES[best]), f"an enum of no known vocabulary: {values}"
    return best


@pytest.mark.parametrize("name", [*SCHEMA_FILES, "export"])
def test_every_schema_enum_is_a_vocabulary(name: str, update_golden: bool) -> None:
    path = SCHEMAS / f"{name}.schema.json"
    text = path.read_text(encoding="utf-8")
    new = text
    for at, values in enums(json.loads(text)):
        expected = VOCABULARIES[vocabulary_of(values)]
        if values != expected:
            old = json.dumps(values)
            assert new.count(old) >= 1, f"{path.name}{at}: write the enum on one line, as json.dumps does"
            new = new.replace(old, json.dumps(expected))
    if update_golden:
        path.write_text(new, encoding="utf-8")
        return
    assert new == text, (f"{path.name}: its enums differ from annotator/vocab.py; run `pytest --update-golden` "
                         "to rewrite them, and review the diff")


def contributing_tables() -> dict[str, str]:
    """CONTRIBUTING.md's vocabulary and rule tables, as annotator/vocab.py and annotator/problems.py say."""
    def table(head: str, rows: list[list[str]]) -> str:
        columns = head.count("|") - 1
        return "\n".join([head, "|" + "---|" * columns, *("| " + " | ".join(row) + " |" for row in rows)])

    return {
        "verdicts": table("| verdict | label | rating | meaning |", [
            [f"`{v.id}`", v.label, str(v.rating) if v.rating else "none", v.meaning] for v in VERDICTS.values()]),
        "kinds": table("| kind | meaning |", [
            [f"`{k.id}`", " ".join(filter(None, (k.meaning, k.advice)))] for k in KINDS.values()]),
        "relations": table("| type | the declaring claim… | the other claim… |", [
            [f"`{r.id}`", r.forward + (f" ({r.advice})" if r.advice else ""), r.backward]
            for r in RELATIONS.values()]),
        "source kinds": table("| kind | meaning |", [[f"`{s.id}`", s.meaning] for s in SOURCE_KINDS.values()]),
        "rules": table("| rule | what it means |", [[f"`{rule}`", text] for rule, text in sorted(RULES.items())]),
    }


BEGIN = "<!-- {name}: generated from the code by `pytest --update-golden`; edit the code, not this table -->"
END = "<!-- end of {name} -->"


def test_contributing_lists_the_vocabularies_and_rules_as_the_code_has_them(update_golden: bool) -> None:
    text = CONTRIBUTING.read_text(encoding="utf-8")
    new = text
    for name, table in contributing_tables().items():
        begin, end = BEGIN.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(begin) + r"\n.*?\n" + re.escape(end), re.S)
        assert pattern.search(new), f"CONTRIBUTING.md has no table between {begin!r} and {end!r}"
        new = pattern.sub(lambda _, b=begin, t=table, e=end: f"{b}\n{t}\n{e}", new)
    if update_golden:
        CONTRIBUTING.write_text(new, encoding="utf-8")
        return
    assert new == text, ("CONTRIBUTING.md's tables differ from the code; run `pytest --update-golden` to rewrite "
                         "them, and review the diff")


def form_options(form: str, field: str) -> list[str]:
    body = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / form).read_text(encoding="utf-8"))["body"]
    return next(item for item in body if item.get("id") == field)["attributes"]["options"]


@pytest.mark.parametrize(("form", "field", "ids"), [("dispute-verdict.yml", "verdict", list(VERDICTS)),
                                                     ("propose-claim.yml", "kind", list(KINDS))])
def test_the_issue_forms_offer_the_vocabulary(form: str, field: str, ids: list[str]) -> None:
    assert form_options(form, field) == ["not sure", *ids], f".github/ISSUE_TEMPLATE/{form}: `{field}` options"


@pytest.mark.parametrize("path", ["docs/assets/annotator.css", "docs/assets/annotator.js"])
def test_the_hand_written_style_and_script_name_no_vocabulary_of_their_own(path: str) -> None:
    """Colours live in the generated verdicts.css; the stylesheet and script only use `--v`, and any class they
    name for a verdict or relation type is one the vocabulary has."""
    text = (ROOT / path).read_text(encoding="utf-8")
    colours = set(re.findall(r"--v-([a-z-]+)", text)) - {"shape"}
    assert not colours, f"{path} defines or uses a verdict's colour ({colours}): use --v and --v-shape instead"
    for prefix, ids in (("verdict-", VERDICTS), ("edge-", RELATIONS), ("arrow-", RELATIONS)):
        named = set(re.findall(rf"\.{prefix}([a-z][a-z-]*)", text)) - {"badge"}
        assert named <= set(ids), f"{path} names {sorted(named - set(ids))}, which annotator/vocab.py lacks"


def test_the_generated_stylesheet_colours_every_verdict_and_relation_in_both_schemes() -> None:
    css = render_styles()
    light, dark = css.split('[data-md-color-scheme="slate"]')
    for v in VERDICTS.values():
        assert f"--v-{v.id}: {v.light};" in light and f"--v-{v.id}: {v.dark};" in dark
        assert f".verdict-{v.id} {{ --v: var(--v-{v.id}); --v-shape: url(" in css
    for r in RELATIONS.values():
        assert f".edge-{r.id} {{ stroke: var(--v-{r.colour}); }}" in css
        assert f".arrow-{r.id} path {{ fill: var(--v-{r.colour}); }}" in css


def test_the_vocabulary_is_well_formed() -> None:
    ids = re.compile(r"[a-z]+(-[a-z]+)*")
    for vocabulary in (VERDICTS, KINDS, RELATIONS, SOURCE_KINDS):
        for key, entry in vocabulary.items():
            assert key == entry.id and ids.fullmatch(key), key
    for v in VERDICTS.values():
        assert re.fullmatch(r"#[0-9a-f]{6}", v.light) and re.fullmatch(r"#[0-9a-f]{6}", v.dark), v.id
        assert v.rating is None or 1 <= v.rating <= 5
    for r in RELATIONS.values():
        assert r.colour in VERDICTS and re.fullmatch(r"(\d+( \d+)*)?", r.dash), r.id
    assert len({r.dash for r in RELATIONS.values()}) == len(RELATIONS), "two relation types would look alike"
    assert len({v.path for v in VERDICTS.values()}) == len(VERDICTS), "two verdicts would have one marker"
    assert len({v.shape for v in VERDICTS.values()}) == len(VERDICTS)
    assert len({v.glyph for v in VERDICTS.values()}) == len(VERDICTS)
    assert all(len(v.glyph) == 1 for v in VERDICTS.values())


def test_mkdocs_yml_loads_the_generated_stylesheet() -> None:
    from annotator.pages import GENERATED, STYLES

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)  # noqa: S506
    assert f"{GENERATED}/{STYLES}" in config["extra_css"]


def test_no_other_module_spells_a_vocabulary_id() -> None:
    """The render and export code reads labels, headings and styles from the vocabulary, never a table of its own."""
    words = [*VERDICTS, *RELATIONS, *SOURCE_KINDS]
    for path in sorted((ROOT / "annotator").rglob("*.py")):
        if path.name == "vocab.py":
            continue
        text = path.read_text(encoding="utf-8")
        for word in words:
            assert not re.search(rf"[\"']{re.escape(word)}[\"']", text), f"{path.relative_to(ROOT)} spells {word!r}"
