"""Check YAML data against the catalogue's JSON Schemas (in `schemas/`), with messages for editors.

The schemas are the contract editors see through the YAML language server. This module reads
them and applies the part of JSON Schema they use (type, properties, required,
additionalProperties, enum, pattern, format, length and item bounds, uniqueItems, local $ref), so
the validator and the editor agree; the tests hold it to the `jsonschema` package's verdicts.
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

from .load import Path_

SCHEMA_FILES = ("claim", "essay", "glossary", "sources", "topics")

_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "array": (list,),
    "object": (dict,),
    "integer": (int,),
    "boolean": (bool,),
}
_WANT = {"string": "the text", "array": "a list", "object": "a mapping", "integer": "a whole number",
         "boolean": "true or false"}
_NAMES = {str: "text", list: "a list", dict: "a mapping", int: "a number", float: "a number",
          bool: "a boolean", type(None): "nothing"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One schema violation at `path`; `on_key` when the key itself is at fault."""

    path: Path_
    message: str
    rule: str
    on_key: bool = False


@cache
def schema(name: str) -> dict[str, Any]:
    """The JSON Schema `name` (one of SCHEMA_FILES) as shipped with the package."""
    text = resources.files(__package__).joinpath(f"schemas/{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def check(data: Any, name: str, plain: dict[Path_, str] | None = None) -> list[Finding]:
    """Every way `data` breaks schema `name`. `plain` holds unquoted scalars, for better hints."""
    root = schema(name)
    findings: list[Finding] = []
    _check(data, root, root, (), findings, plain or {})
    return findings


def _lookup(ref: str, root: dict[str, Any]) -> dict[str, Any]:
    node: Any = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def _describe(value: Any, at: Path_, plain: dict[Path_, str]) -> str:
    shown = json.dumps(value, ensure_ascii=False) if not isinstance(value, (dict, list)) else ""
    name = _NAMES.get(type(value), type(value).__name__)
    if at in plain and isinstance(value, (bool, int, float)) or (at in plain and value is None and plain[at]):
        return f"{name} {shown} (YAML reads the unquoted `{plain[at]}` so; put it in quotes)"
    if value is None:
        return "nothing"
    return f"{name} {shown}".rstrip()


def _check(value: Any, node: dict[str, Any], root: dict[str, Any], at: Path_,
           out: list[Finding], plain: dict[Path_, str]) -> None:
    while "$ref" in node:
        node = _lookup(node["$ref"], root)
    expected = node.get("type")
    if value is None and (expected or "enum" in node):
        want = _WANT[expected] if expected else "one of " + ", ".join(f"`{c}`" for c in node["enum"])
        out.append(Finding(at, f"is empty; write {want}", "required"))
        return
    if expected:
        types = _TYPES[expected]
        if not isinstance(value, types) or (expected == "integer" and isinstance(value, bool)):
            out.append(Finding(at, f"expected {_WANT[expected]}, found {_describe(value, at, plain)}", "type"))
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
    if isinstance(value, str):
        _check_string(value, node, at, out)
    elif isinstance(value, list):
        _check_array(value, node, root, at, out, plain)
    elif isinstance(value, dict):
        _check_object(value, node, root, at, out, plain)


def _check_string(value: str, node: dict[str, Any], at: Path_, out: list[Finding]) -> None:
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


def _check_array(value: list, node: dict[str, Any], root: dict[str, Any], at: Path_,
                 out: list[Finding], plain: dict[Path_, str]) -> None:
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


def _check_object(value: dict, node: dict[str, Any], root: dict[str, Any], at: Path_,
                  out: list[Finding], plain: dict[Path_, str]) -> None:
    properties: dict[str, Any] = node.get("properties", {})
    for key in node.get("required", []):
        if key not in value:
            out.append(Finding(at, f"missing required field `{key}`", "required"))
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
