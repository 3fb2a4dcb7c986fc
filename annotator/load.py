"""Load stage: read catalogue files as YAML, keeping the position of every value.

The loader is a `yaml.CSafeLoader` subclass (libyaml; the pure-Python SafeLoader where PyYAML was
built without it), and the global loader is left alone. It refuses anchors and aliases, reports
every duplicate key, keeps unquoted dates as text, and bounds file size and nesting depth, so a
hostile file fails fast with a message instead of eating memory or the stack.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import yaml

from .files import NotRegular, TooLarge, irregular, read_regular
from .model import DataPath, Where
from .problems import Problem

MAX_FILE_BYTES = 1_000_000
MAX_ESSAY_BYTES = 5_000_000
MAX_DEPTH = 32
#: File names in the catalogue folder that are not claims.
RESERVED = ("essay", "glossary", "sources", "topics")

@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Document:
    """One YAML file: its data as plain Python values, and where each value and key stands. Compared and
    hashed by identity, so later stages can remember what they made of it."""

    path: str  #: relative to the project, as shown in messages
    data: Any
    values: dict[DataPath, tuple[int, int]] = field(default_factory=dict)  #: 1-based line, column
    keys: dict[DataPath, tuple[int, int]] = field(default_factory=dict)
    plain: dict[DataPath, str] = field(default_factory=dict)  #: unquoted scalars YAML read as non-text
    cut: set[DataPath] = field(default_factory=set)  #: unquoted text followed by ` #` on its line: a comment

    def at(self, path: DataPath, key: bool = False) -> Where:
        """Where the value (or its key) at `path` stands, else its nearest ancestor."""
        table = self.keys if key else self.values
        while path not in table and path:
            path = path[:-1]
        line, column = table.get(path, self.values.get((), (1, 1)))
        return Where(path=self.path, line=line, column=column)


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: many times faster


class CatalogueLoader(_BASE):  # type: ignore[misc, valid-type]
    """SafeLoader (libyaml's when available) that reads timestamps as text: a date stays as written."""

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> str:
        return self.construct_scalar(node)


CatalogueLoader.add_constructor("tag:yaml.org,2002:timestamp", CatalogueLoader.construct_yaml_timestamp)


_SAFE_NESTING = 1000  # far below the depth at which libyaml's recursive composer overflows the C stack


def may_need_screen(text: str) -> bool:
    """False when the text can hold no anchor or alias (no `&`, no `*`) and cannot nest anywhere near
    _SAFE_NESTING: every nesting level needs more indentation, a `-`, `?` or `:` on its line, or a bracket.
    (Screening every file's events costs about a tenth of loading a catalogue.)"""
    if "&" in text or "*" in text:
        return True
    brackets = text.count("[") + text.count("{")
    if 2 * (max(map(len, text.split("\n"))) + 1) + brackets <= _SAFE_NESTING:
        return False  # no line is long enough to hold that much indentation and markers (most files: no loop)
    deepest = 0
    for line in text.splitlines():
        markers = line.count("-") + line.count("?") + line.count(":")
        deepest = max(deepest, len(line) - len(line.lstrip(" ")) + markers)
    return 2 * (deepest + 1) + brackets > _SAFE_NESTING


def _screen(text: str, path: str) -> Problem | None:
    """One pass over the parser's events, before anything is built: refuse anchors and aliases (so an
    alias bomb costs nothing) and nesting deeper than MAX_DEPTH (which would overflow libyaml's composer)."""
    events = CatalogueLoader(text)
    try:
        depth = 0
        while events.check_event():
            event = events.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                line, column = _pos(event.start_mark)
                return Problem(where=Where(path=path, line=line, column=column), rule="alias",
                               message="YAML anchors and aliases are not allowed; write the value out")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    line, column = _pos(event.start_mark)
                    return Problem(where=Where(path=path, line=line, column=column), rule="limit",
                                   message=f"nested deeper than {MAX_DEPTH} levels")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
        return None
    finally:
        events.dispose()


_HINTS = (
    ("mapping values are not allowed", "a value that contains `: ` must be put in quotes"),
    ("found character '\\t'", "indent with spaces, not tabs"),
    ("found a tab character", "indent with spaces, not tabs"),
    ("did not find expected '-' indicator", "line the list items up under each other"),
    ("did not find expected key", "check the indentation, and that every quote is closed"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
    ("found unknown escape character",
     "in double quotes a backslash starts an escape: write \\\\ or use single quotes"),
)


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, text: str) -> Problem:
    """One line for a YAML syntax error: where it started (not the end of the file), what, and a hint."""
    mark = error.problem_mark or error.context_mark
    if error.context_mark and (not mark or mark.line >= text.count("\n")):
        mark = error.context_mark  # e.g. an unclosed quote: the error surfaces at the end of the file
    line, column = _pos(mark)
    what = " ".join(part for part in (error.context, error.problem) if part) or "invalid YAML"
    hint = next((h for pattern, h in _HINTS if pattern in (error.problem or "")), "")
    return Problem(where=Where(path=path, line=line, column=column), rule="syntax",
                   message=f"YAML syntax: {what}" + (f"; {hint}" if hint else ""))


class _Mark(Protocol):
    line: int
    column: int


def _pos(mark: _Mark | None) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1) if mark else (1, 1)


def load_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse one YAML document. Returns the document (None if unusable) and the problems found."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [_too_large(path)]
    loader = None
    try:
        refused = _screen(text, path) if may_need_screen(text) else None
        if refused:
            return None, [refused]
        loader = CatalogueLoader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path, text)]
    except yaml.reader.ReaderError as error:
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        return None, [Problem(where=Where(path=path), message=f"the character {char} at offset {error.position} is not "
                                                  "allowed in YAML; remove it", rule="syntax")]
    except yaml.YAMLError as error:
        return None, [Problem(where=Where(path=path), message=f"YAML syntax: {' '.join(str(error).split())}",
                              rule="syntax")]
    except RecursionError:
        return None, [Problem(where=Where(path=path), message=f"nested deeper than {MAX_DEPTH} levels", rule="limit")]
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        return Document(path=path, data=None), []
    doc = Document(path=path, data=None)
    problems: list[Problem] = []
    try:
        data = _build(node, (), doc, problems, CatalogueLoader(""), text.split("\n"))
    except _TooDeep as too_deep:
        line, column = _pos(too_deep.node.start_mark)
        return None, [*problems, Problem(where=Where(path=path, line=line, column=column),
                                         message=f"nested deeper than {MAX_DEPTH} levels", rule="limit")]
    except yaml.constructor.ConstructorError as error:
        line, column = _pos(error.problem_mark) if error.problem_mark else (1, 1)
        return None, [*problems, Problem(where=Where(path=path, line=line, column=column),
                                         message=f"YAML: {error.problem}", rule="syntax")]
    return dataclasses.replace(doc, data=data), problems


class _TooDeep(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")


def _build(node: yaml.Node, at: DataPath, doc: Document, problems: list[Problem], constructor: yaml.BaseLoader,
           lines: list[str]):
    """The plain value of `node`, recording where every value and key stands, reporting duplicate keys.
    One pass: plain dicts, lists and scalars (YAML merge keys get no special meaning)."""
    if len(at) > MAX_DEPTH:
        raise _TooDeep(node)
    mark = node.start_mark
    doc.values[at] = (mark.line + 1, mark.column + 1)
    kind = type(node)
    if isinstance(node, yaml.ScalarNode):
        if node.tag in _TEXT_TAGS:
            if not node.style:
                end = node.end_mark
                if end.line < len(lines) and lines[end.line][end.column:].lstrip(" \t").startswith("#"):
                    doc.cut.add(at)
            return node.value
        if not node.style:
            doc.plain[at] = node.value
        return constructor.construct_object(node)
    if kind is yaml.SequenceNode:
        return [_build(item, (*at, i), doc, problems, constructor, lines) for i, item in enumerate(node.value)]
    mapping: dict = {}
    seen: dict[object, int] = {}
    for key_node, value_node in node.value:
        if type(key_node) is yaml.ScalarNode:
            key = key_node.value if key_node.tag in _TEXT_TAGS else constructor.construct_object(key_node)
        else:
            key = repr(_build(key_node, (*at, "?"), doc, problems, constructor, lines))
        mark = key_node.start_mark
        line = mark.line + 1
        if key in seen:
            problems.append(Problem(where=Where(path=doc.path, line=line, column=mark.column + 1),
                                    message=f"duplicate key `{key}` (first at line {seen[key]}); "
                                            "YAML keeps only the last, so merge the two",
                                    rule="duplicate-key"))
        else:
            seen[key] = line
        where = (*at, key)
        doc.keys[where] = (line, mark.column + 1)
        mapping[key] = _build(value_node, where, doc, problems, constructor, lines)
    return mapping


#: A cache of parsed files: path → (what `os.lstat` said, the name shown, the result). See `load_file`.
FileCache = dict[str, tuple[tuple[int, ...], str, tuple["Document | None", list[Problem]]]]


def load_file(file: Path, root: Path, shown: str | None = None,
              cache: FileCache | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse one file; messages name it `shown`, else its path relative to `root`. With `cache`, a
    file whose inode, size, type and modification time are unchanged is not read again."""
    shown = shown or _relative(file, root)
    key: tuple[int, ...] | None = None
    if cache is not None:
        try:
            info = os.lstat(file)
            key = (info.st_ino, info.st_size, info.st_mtime_ns, info.st_mode)
        except OSError:
            key = None
        hit = cache.get(str(file))
        if key is not None and hit is not None and hit[0] == key and hit[1] == shown:
            return hit[2]
    problems: list[Problem] = []
    text = _read_text(file, shown, MAX_FILE_BYTES, problems)
    result = (None, problems) if text is None else load_text(text, shown)
    if cache is not None and key is not None:
        cache[str(file)] = (key, shown, result)
    return result


def _read_text(file: Path, shown: str, limit: int, problems: list[Problem]) -> str | None:
    """A file's UTF-8 text (a byte-order mark dropped), or None with the reason added to `problems`.
    Only a regular file is read, and never more than `limit` bytes of it (see `files`)."""
    try:
        data = read_regular(file, limit)
    except FileNotFoundError:
        problems.append(Problem(where=Where(path=shown), message=f"missing: the catalogue needs {file.name}",
                                rule="missing-file"))
        return None
    except NotRegular as error:
        problems.append(_irregular(shown, error.what))
        return None
    except TooLarge:
        problems.append(_too_large(shown, limit))
        return None
    except OSError as error:
        problems.append(Problem(where=Where(path=shown), message=f"cannot read the file: {error.strerror}",
                                rule="missing-file"))
        return None
    data = data.removeprefix(b"\xef\xbb\xbf")  # a byte-order mark: positions count from after it, as editors do
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", "replace")) + 1
        problems.append(Problem(where=Where(path=shown, line=before.count(b"\n") + 1, column=column), rule="syntax",
                                message=f"not UTF-8 text (byte 0x{data[error.start]:02X}: {error.reason}); "
                                        "save the file as UTF-8"))
        return None


def _irregular(shown: str, what: str) -> Problem:
    """A link, device, FIFO or socket where a file belongs: it is never read or published."""
    fix = "put the file itself there instead of a link" if what == "a symbolic link" else "remove it"
    return Problem(where=Where(path=shown), rule="file-type",
                   message=f"this is {what}, not a regular file, so it is not read or published; {fix}")


def irregular_files(folder: Path, root: Path, skip: frozenset[Path] = frozenset()) -> list[Problem]:
    """One problem for every symbolic link, device, FIFO or socket at or under `folder` (nothing is followed;
    the folders in `skip` are not entered)."""
    found = []
    for path, what in irregular(folder, skip):
        shown = _relative(path, root)
        if what == "a symbolic link" and path.is_dir():
            found.append(Problem(where=Where(path=shown), rule="file-type",
                                 message="this folder is a symbolic link, so nothing in it is read or published; "
                                         "put the folder itself there instead of a link"))
        else:
            found.append(_irregular(shown, what))
    return found


def _too_large(path: str, limit: int = MAX_FILE_BYTES) -> Problem:
    return Problem(where=Where(path=path), message=f"file is larger than {limit:,} bytes; split it", rule="limit")


def _relative(file: Path, root: Path) -> str:
    """`file` as shown in messages: relative to `root` when under it (links are not resolved)."""
    file, root = Path(os.path.abspath(file)), Path(os.path.abspath(root))
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else file.as_posix()



@dataclass(frozen=True, slots=True, kw_only=True)
class Loaded:
    """The catalogue's files, parsed; None for a file that is missing or unusable."""

    folder: str  #: the catalogue folder, as shown in messages
    essay: Document | None
    essay_text: str | None
    topics: Document | None
    sources: Document | None
    glossary: Document | None  #: optional file
    claims: tuple[tuple[str, Document], ...]  #: (file name without .yml, document), sorted
    unreadable: tuple[str, ...] = ()  #: claim files that are not valid YAML (their names, without .yml)
    absent: frozenset[str] = frozenset()  #: optional files that are not there (`sources`, `glossary`)


def load_catalogue(folder: Path, root: Path, cache: FileCache | None = None) -> tuple[Loaded, list[Problem]]:
    """Read every file of the catalogue in `folder`; messages name files relative to `root`.
    A link, device, FIFO or socket anywhere in it is reported and never read; so is a linked folder."""
    problems = irregular_files(folder, root)
    shown = _relative(folder, root)
    skip = {path for path, _ in irregular(folder)}
    if folder in skip:  # a linked folder: nothing in it is read
        return Loaded(folder=shown, essay=None, essay_text=None, topics=None, sources=None, glossary=None,
                      claims=()), problems

    def one(name: str, optional: bool = False) -> Document | None:
        file = folder / f"{name}.yml"
        if file in skip or (optional and not os.path.lexists(file)):
            return None
        doc, found = load_file(file, root, f"{shown}/{name}.yml", cache)
        problems.extend(found)
        return doc

    essay, topics = one("essay"), one("topics")
    sources, glossary = one("sources", optional=True), one("glossary", optional=True)  # sources: if any is cited
    absent = frozenset(name for name in ("sources", "glossary") if not os.path.lexists(folder / f"{name}.yml"))
    essay_text = None
    if folder / "essay.txt" not in skip:
        essay_text = _read_text(folder / "essay.txt", f"{shown}/essay.txt", MAX_ESSAY_BYTES, problems)
    claims: list[tuple[str, Document]] = []
    unreadable: list[str] = []
    for file in _yaml_files(folder):
        if file in skip:
            unreadable.append(file.stem)
            continue
        if file.parent != folder or file.suffix != ".yml":
            where = "in a subfolder" if file.parent != folder else f"named {file.suffix}"
            problems.append(Problem(where=Where(path=_relative(file, root)), rule="stray-file",
                                    message=f"this file is {where}, so it is not read: catalogue files are "
                                            f"named <id>.yml and stand directly in {shown}/"))
            continue
        if file.stem in RESERVED:
            continue
        doc, found = load_file(file, root, f"{shown}/{file.name}", cache)
        problems.extend(found)
        if doc is not None:
            claims.append((file.stem, doc))
        else:
            unreadable.append(file.stem)
    return Loaded(folder=shown, essay=essay, essay_text=essay_text, topics=topics, sources=sources,
                  glossary=glossary, claims=tuple(claims), unreadable=tuple(unreadable), absent=absent), problems


def _yaml_files(folder: Path) -> list[Path]:
    """Every entry under `folder` named .yml or .yaml (any case), links included but never followed; sorted."""
    found = []
    for where, folders, names in os.walk(folder):  # a linked folder is listed, not entered
        linked = [name for name in folders if os.path.islink(os.path.join(where, name))]
        found += [Path(where, name) for name in (*names, *linked) if Path(name).suffix.lower() in (".yml", ".yaml")]
    return sorted(found)

