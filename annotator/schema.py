"""Check YAML data against the catalogue's JSON Schemas (in `schemas/`), with messages for editors.

The schemas are the contract editors see through the YAML language server. This module reads
them and applies the part of JSON Schema they use (type, properties, required,
additionalProperties, enum, const, pattern, format, length and item bounds, uniqueItems, local $ref,
if/then/else), so
the validator and the editor agree; the tests hold it to the `jsonschema` package's verdicts.
A schema that uses any other keyword is refused when it is loaded (SchemaError), so an edit to a
schema can never silently stop a check.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from .model import DataPath

SCHEMA_FILES = ("claim", "essay", "glossary", "sources", "topics")
#: The keywords this module applies, and those that only annotate (`x-expect`: how a message names the form).
KEYWORDS = frozenset({"type", "properties", "required", "additionalProperties", "enum", "pattern", "format",
                      "minLength", "maxLength", "minItems", "maxItems", "items", "uniqueItems", "$ref",
                      "const", "if", "then", "else"})
#: `x-hint`: why the fields a schema requires are required, added to the message about a missing one.
ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "title", "description", "x-expect", "x-hint", "examples",
                         "default"})
FORMATS = frozenset({"date"})

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "array": (list,),
    "object": (dict,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
_WANT = {"string": "the text", "array": "a list", "object": "a mapping", "integer": "a whole number",
         "number": "a number", "boolean": "true or false", "null": "nothing"}


def _is(value: Any, type_name: str) -> bool:
    """JSON Schema's meaning of a type: a boolean is not a number."""
    return isinstance(value, _TYPES[type_name]) and not (isinstance(value, bool) and type_name in ("integer", "number"))
_NAMES = {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number",
          bool: "a boolean", type(None): "nothing"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One schema violation at `path`; `on_key` when the key itself is at fault."""

    path: DataPath
    message: str
    rule: str
    on_key: bool = False


class SchemaError(Exception):
    """A schema uses what this module does not apply."""


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (one of SCHEMA_FILES) as shipped with the package; SchemaError when it uses
    a keyword, type or format this module does not apply."""
    text = resources.files(__package__).joinpath(f"schemas/{name}.schema.json").read_text(encoding="utf-8")
    loaded = json.loads(text)
    refuse_unknown(loaded, f"{name}.schema.json")
    return loaded


def refuse_unknown(node: Any, where: str) -> None:
    """Raise SchemaError for the first keyword, type or format in the schema `node` that `check` does not apply."""
    if not isinstance(node, dict):
        raise SchemaError(f"{where}: a schema must be an object, not {json.dumps(node)}")
    for key, value in node.items():
        if key not in KEYWORDS | ANNOTATIONS:
            raise SchemaError(f"{where}: the keyword `{key}` is not applied by annotator/schema.py; "
                              "implement it there (with a test) or leave it out")
        if key == "type" and any(t not in _TYPES for t in (value if isinstance(value, list) else [value])):
            raise SchemaError(f"{where}: type {json.dumps(value)} is not one of {', '.join(_TYPES)}")
        if key == "format" and value not in FORMATS:
            raise SchemaError(f"{where}: format `{value}` is not applied by annotator/schema.py")
        if key == "additionalProperties" and value is not False:
            raise SchemaError(f"{where}: only `additionalProperties: false` is applied")
        if key in ("properties", "$defs"):
            for name, sub in value.items():
                refuse_unknown(sub, f"{where}/{key}/{name}")
        elif key in ("items", "if", "then", "else"):
            refuse_unknown(value, f"{where}/{key}")


def check(data: Any, name: str, plain: dict[DataPath, str] | None = None) -> list[Finding]:
    """Every way `data` breaks schema `name`. `plain` holds unquoted scalars, for better hints."""
    return check_against(data, schema(name), plain)


def check_against(data: Any, root: dict[str, Any], plain: dict[DataPath, str] | None = None) -> list[Finding]:
    """Every way `data` breaks the schema `root` (already passed through `refuse_unknown`)."""
    findings: list[Finding] = []
    _check(data, root, root, (), findings, plain or {})
    return findings


def _lookup(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _describe(value: Any, at: DataPath, plain: dict[DataPath, str]) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else ""
    name = _NAMES.get(type(value), type(value).__name__)
    if at in plain and isinstance(value, (bool, int, float)) or (at in plain and value is None and plain[at]):
        return f"{name} {shown} (YAML reads the unquoted `{plain[at]}` so; put it in quotes)"
    if value is None:
        return "nothing"
    return f"{name} {shown}".rstrip()


def _check(value: Any, node: dict[str, Any], root: dict[str, Any], at: DataPath,
           out: list[Finding], plain: dict[DataPath, str]) -> None:
    while "$ref" in node:
        node = _lookup(node["$ref"], root)
    declared = node.get("type")
    expected = declared if isinstance(declared, list) else [declared] if declared else []
    if value is None and "null" not in expected and (expected or "enum" in node):
        want = " or ".join(_WANT[t] for t in expected) if expected else \
            "one of " + ", ".join(f"`{c}`" for c in node["enum"])
        out.append(Finding(at, f"is empty; write {want}", "required"))
        return
    if expected and not any(_is(value, t) for t in expected):
        want = " or ".join(_WANT[t] for t in expected)
        out.append(Finding(at, f"expected {want}, found {_describe(value, at, plain)}", "type"))
        return
    if "enum" in node and value not in node["enum"]:
        if at in plain and plain[at] in node["enum"]:
            out.append(Finding(at, f"YAML reads the unquoted `{plain[at]}` as {_describe(value, (), {})}; "
                                   f'put it in quotes: "{plain[at]}"', "type"))
            return
        choices = ", ".join(f"`{c}`" for c in node["enum"])
        if at in plain:
            out.append(Finding(at, f"YAML reads the unquoted `{plain[at]}` as {_describe(value, (), {})}, "
                                   f"which is not one of {choices}", "enum"))
            return
        close = difflib.get_close_matches(str(value), [str(c) for c in node["enum"]], n=1)
        hint = f"; did you mean `{close[0]}`?" if close else ""
        out.append(Finding(at, f"`{value}` is not one of {choices}{hint}", "enum"))
        return
    if "const" in node and value != node["const"]:
        out.append(Finding(at, f"`{_short(str(value))}` is not `{node['const']}`", "enum"))
        return
    if "if" in node:  # the `then` schema applies where the value passes the `if` schema, else the `else` schema
        probe: list[Finding] = []
        _check(value, node["if"], root, at, probe, plain)
        branch = node.get("else" if probe else "then")
        if branch is not None:
            _check(value, branch, root, at, out, plain)
    if isinstance(value, str):
        _check_string(value, node, at, out)
    elif isinstance(value, list):
        _check_array(value, node, root, at, out, plain)
    elif isinstance(value, dict):
        _check_object(value, node, root, at, out, plain)


def _check_string(value: str, node: dict[str, Any], at: DataPath, out: list[Finding]) -> None:
    if len(value) < node.get("minLength", 0):
        out.append(Finding(at, "is empty; write the text" if not value else
                           f"is shorter than {node['minLength']} characters", "required" if not value else "format"))
        return
    if "maxLength" in node and len(value) > node["maxLength"]:
        out.append(Finding(at, f"is {len(value):,} characters long; the most is {node['maxLength']:,}", "limit"))
        return
    if "pattern" in node and not re.search(node["pattern"], value):
        out.append(Finding(at, f"`{_short(value)}` is not {node.get('x-expect', 'in the expected form')}", "format"))
        return
    if node.get("format") == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            out.append(Finding(at, f"`{_short(value)}` is not a date (write YYYY-MM-DD)", "format"))


def _check_array(value: list, node: dict[str, Any], root: dict[str, Any], at: DataPath,
                 out: list[Finding], plain: dict[DataPath, str]) -> None:
    if len(value) < node.get("minItems", 0):
        out.append(Finding(at, f"needs at least {node['minItems']} item(s)", "required"))
    if "maxItems" in node and len(value) > node["maxItems"]:
        out.append(Finding(at, f"has {len(value):,} items; the most is {node['maxItems']:,}", "limit"))
        return
    if "items" in node:
        for i, item in enumerate(value):
            _check(item, node["items"], root, (*at, i), out, plain)
    if node.get("uniqueItems"):
        seen: list[Any] = []
        for i, item in enumerate(value):
            if item in seen:
                out.append(Finding((*at, i), f"`{_short(json.dumps(item, ensure_ascii=False))}` is listed twice",
                                   "duplicate-id"))
            seen.append(item)


def _check_object(value: dict, node: dict[str, Any], root: dict[str, Any], at: DataPath,
                  out: list[Finding], plain: dict[DataPath, str]) -> None:
    properties: dict[str, Any] = node.get("properties", {})
    hint = f" ({node['x-hint']})" if "x-hint" in node else ""
    for key in node.get("required", []):
        if key not in value:
            out.append(Finding(at, f"missing required field `{key}`{hint}", "required"))
    for key, item in value.items():
        if key in properties:
            _check(item, properties[key], root, (*at, key), out, plain)
        elif node.get("additionalProperties") is False:
            close = difflib.get_close_matches(str(key), list(properties), n=1, cutoff=0.6)
            hint = f"; did you mean `{close[0]}`?" if close else f"; the fields are {', '.join(properties)}"
            out.append(Finding((*at, key), f"unknown field `{key}`{hint}", "unknown-field", on_key=True))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
