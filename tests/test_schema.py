"""The JSON Schemas editors get agree with the validator, and with the vocabularies in code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, ROOT

from annotator import vocab
from annotator.load import RESERVED, load_file
from annotator.schema import SCHEMA_FILES, check, schema

FILES = sorted((ROOT / "claims").glob("*.yml")) + sorted((FIXTURES / "second").glob("*.yml"))


def schema_name(path: Path) -> str:
    return path.stem if path.stem in RESERVED else "claim"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schemas_are_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_vocabularies_match_the_schema() -> None:
    props = schema("claim")["properties"]
    assert props["verdict"]["enum"] == [v.id for v in vocab.VERDICTS]
    assert props["kind"]["enum"] == list(vocab.KINDS)
    assert props["relations"]["items"]["properties"]["type"]["enum"] == list(vocab.RELATIONS)
    assert schema("sources")["items"]["properties"]["kind"]["enum"] == list(vocab.SOURCE_KINDS)


def test_every_claim_file_names_its_schema() -> None:
    for path in sorted((ROOT / "claims").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=../annotator/schemas/{schema_name(path)}.schema.json"


MUTATIONS = [
    lambda d: d.pop("summary"),
    lambda d: d.update(sorces=[]),
    lambda d: d.update(verdict="maybe"),
    lambda d: d.update(kind=3),
    lambda d: d.update(topics=[]),
    lambda d: d.update(topics=["a", "a"]),
    lambda d: d.update(id="Not An Id"),
    lambda d: d.update(reviewed="2024-1-1"),
    lambda d: d.update(evidence=[{"source": "x"}]),
    lambda d: d.update(relations=[{"type": "refutes", "claim": "x"}]),
    lambda d: d.update(counterpoints=[{"text": "t", "sources": []}]),
    lambda d: d.update(quote=""),
    lambda d: d.update(notes=None),
    lambda d: None,
]


CASES = [(path, m) for path in FILES for m in (range(len(MUTATIONS)) if schema_name(path) == "claim" else [-1])]


@pytest.mark.parametrize(("path", "mutation"), CASES, ids=[f"{p.parent.name}/{p.name}-{m}" for p, m in CASES])
def test_validator_agrees_with_jsonschema(path: Path, mutation: int) -> None:
    doc, problems = load_file(path, ROOT)
    assert doc is not None and not problems
    data = json.loads(json.dumps(doc.data))
    if mutation >= 0:
        MUTATIONS[mutation](data)
    reference = jsonschema.Draft202012Validator(schema(schema_name(path)),
                                                format_checker=jsonschema.FormatChecker())
    assert (not check(data, schema_name(path))) == reference.is_valid(data)
