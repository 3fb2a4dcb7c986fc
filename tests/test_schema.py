"""The JSON Schemas editors get agree with the validator, and with the vocabularies in code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
from helpers import FIXTURES, ROOT

from annotator.load import RESERVED, load_file
from annotator.schema import SCHEMA_FILES, SchemaError, check, check_against, refuse_unknown, schema

FILES = sorted((ROOT / "claims").glob("*.yml")) + sorted((FIXTURES / "second").glob("*.yml"))


def schema_name(path: Path) -> str:
    return path.stem if path.stem in RESERVED else "claim"


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_schemas_are_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))


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


@pytest.mark.parametrize(("fragment", "says"), [
    ({"type": "integer", "minimum": 1}, "the keyword `minimum` is not applied"),
    ({"oneOf": [{"type": "string"}]}, "the keyword `oneOf` is not applied"),
    ({"type": "object", "properties": {"a": {"not": {"const": "x"}}}}, "properties/a: the keyword `not`"),
    ({"type": "array", "items": {"type": "string", "format": "email"}}, "format `email` is not applied"),
    ({"type": ["string", "tuple"]}, 'type ["string", "tuple"] is not one of'),
    ({"type": "object", "additionalProperties": {"type": "string"}}, "only `additionalProperties: false`"),
    ({"$defs": {"x": {"if": {"anyOf": []}}}}, "$defs/x/if: the keyword `anyOf`"),
    ({"if": {}, "else": {"dependentRequired": {}}}, "else: the keyword `dependentRequired`"),
])
def test_a_schema_with_what_the_validator_does_not_apply_is_refused(fragment: dict, says: str) -> None:
    with pytest.raises(SchemaError, match=re.escape(says)):
        refuse_unknown(fragment, "test.schema.json")


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_the_shipped_schemas_use_only_what_the_validator_applies(name: str) -> None:
    refuse_unknown(schema(name), f"{name}.schema.json")


LIST_TYPE = {"type": "object", "properties": {"a": {"type": ["string", "null"]}, "b": {"type": ["integer", "array"]}},
             "additionalProperties": False}


@pytest.mark.parametrize("data", [{"a": "x"}, {"a": None}, {"a": 1}, {"b": 2}, {"b": []}, {"b": True}, {"b": "2"},
                                  {"b": 2.5}, {"a": None, "b": None}])
def test_a_list_of_types_is_applied_as_jsonschema_applies_it(data: dict) -> None:
    refuse_unknown(LIST_TYPE, "test")
    assert (not check_against(data, LIST_TYPE)) == jsonschema.Draft202012Validator(LIST_TYPE).is_valid(data)


CONDITIONAL = {"type": "object", "required": ["kind"],
               "if": {"properties": {"kind": {"const": "opinion"}}, "required": ["kind"]},
               "then": {"properties": {"note": {"type": "string"}}},
               "else": {"required": ["verdict"], "x-hint": "every claim but an opinion has one"}}


@pytest.mark.parametrize("data", [{"kind": "opinion"}, {"kind": "fact"}, {"kind": "fact", "verdict": "x"},
                                  {"kind": "opinion", "note": 1}, {"kind": "opinion", "note": "n"}, {},
                                  {"verdict": "x"}, {"kind": 3, "verdict": "x"}])
def test_if_then_else_and_const_are_applied_as_jsonschema_applies_them(data: dict) -> None:
    refuse_unknown(CONDITIONAL, "test")
    assert (not check_against(data, CONDITIONAL)) == jsonschema.Draft202012Validator(CONDITIONAL).is_valid(data)


def test_a_field_required_by_a_condition_says_why() -> None:
    [finding] = check_against({"kind": "fact"}, CONDITIONAL)
    assert finding.message == "missing required field `verdict` (every claim but an opinion has one)"
