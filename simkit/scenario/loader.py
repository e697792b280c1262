"""Reading scenario files safely: YAML 1.2 -> plain data -> validated ``Scenario``.

The YAML text is read as a stream of parser *events* and turned into plain dicts, lists
and scalars here; no YAML constructor runs, so no Python object is ever built from a tag.
Working from events lets the loader

* refuse any tag outside YAML's core schema (``!!python/object...`` is reported, never run);
* report duplicate keys with both line numbers;
* resolve plain scalars by the YAML 1.2 core schema (``no`` stays text, ``1e-3`` is a
  float, an unquoted date stays text for the model to check);
* stop pathological input early and in bounded memory: deep nesting (checked as each
  collection opens, so 100k ``[`` cost nothing) and alias bombs (every alias adds the size
  of what it expands to; past a budget the file is refused);
* remember where each field path was written, so every problem names file and line.

``extends: base.yaml`` (relative to the extending file) merges a file over its base:
mappings merge key by key, lists and scalars replace, ``null`` deletes the key so the
model's default applies again. Chains may be any length; cycles are reported.
"""
from __future__ import annotations

import copy
import io
import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError
from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

from .errors import Problem, ScenarioError, problems_from_validation, short
from .models import Scenario

__all__ = ["load_scenario", "scenario_from_dict", "with_overrides", "revalidated", "dump_scenario", "scenario_json",
           "json_schema",
           "read_yaml", "parse_yaml", "MAX_BYTES", "MAX_DEPTH", "MAX_NODES"]

MAX_BYTES = 5 * 1024 * 1024  # a scenario is a few kB; anything this large is a mistake
MAX_DEPTH = 50  # the schema nests 7 deep; deeper input is refused before it is built
MAX_NODES = 100_000  # values in the document with aliases expanded (baseline: ~500)
MAX_EXTENDS = 32  # files in one extends chain
_CORE = "tag:yaml.org,2002:"
_ALLOWED_TAGS = {_CORE + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}
_RESOLVER = VersionedResolver(version=(1, 2))

Locations = dict  # field path (tuple of str) -> (file, line or None)


class _Fatal(Exception):
    """Stops reading a file: the problem makes the rest meaningless or unsafe."""

    def __init__(self, message: str, line: int | None = None, path: tuple = ()):
        super().__init__(message)
        self.message, self.line, self.path = message, line, path


class _Missing:
    pass


class _Override(str):
    """The "file" of a value set by an override: its dotted path."""


# ------------------------------------------------------------------------- events -> data
class _Builder:
    """Builds plain data from one document's events, collecting problems and locations."""

    def __init__(self, events, source: str):
        self.events = events
        self.source = source
        self.problems: list[Problem] = []
        self.locations: Locations = {}
        self.replaced: set[tuple] = set()  # paths holding a non-mapping value (they replace a base's)
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.nodes = 0

    def problem(self, path: tuple, message: str, value=None, line=None) -> None:
        self.problems.append(Problem(self.source, ".".join(map(str, path)), value, message, line))

    def count(self, n: int, line: int) -> None:
        self.nodes += n
        if self.nodes > MAX_NODES:
            raise _Fatal(f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); "
                         f"allowed: a scenario of plain values, with aliases used sparingly", line)

    def node(self, event, path: tuple, depth: int) -> tuple[Any, int]:
        """Value of the node starting with ``event`` and its size in values."""
        line = event.start_mark.line + 1
        if isinstance(event, AliasEvent):
            if event.anchor not in self.anchors:
                raise _Fatal(f"alias *{event.anchor} refers to no complete anchor &{event.anchor}; "
                             f"allowed: aliases to a node defined earlier", line, path)
            value, size = self.anchors[event.anchor]
            self.count(size, line)
            return copy.deepcopy(value), size
        if depth > MAX_DEPTH:
            raise _Fatal(f"nesting deeper than {MAX_DEPTH} levels (under {'.'.join(map(str, path[:3]))}...); "
                         f"allowed: at most {MAX_DEPTH} levels", line)
        self.count(1, line)
        tag = event.tag
        if isinstance(event, MappingStartEvent):
            value, size = self.mapping(path, depth, self.check_tag(tag, "map", path, line))
        elif isinstance(event, SequenceStartEvent):
            value, size = self.sequence(path, depth, self.check_tag(tag, "seq", path, line))
        elif isinstance(event, ScalarEvent):
            value, size = self.scalar(event, path), 1
        else:  # pragma: no cover - the parser never yields anything else here
            raise _Fatal(f"unexpected YAML structure ({type(event).__name__})", line, path)
        if getattr(event, "anchor", None):
            self.anchors[event.anchor] = (value, size)
        return value, size

    def check_tag(self, tag, kind: str, path: tuple, line: int) -> bool:
        """True if the collection is usable; a foreign tag is a problem (its content is dropped)."""
        if tag is None or tag == "!" or str(tag) == _CORE + kind:
            return True
        self.problem(path, f"YAML tag {_short_tag(tag)} is not allowed (tags never construct objects here); "
                           f"allowed: plain YAML values without tags", None, line)
        return False

    def mapping(self, path: tuple, depth: int, usable: bool) -> tuple[Any, int]:
        out: dict = {}
        seen: dict = {}
        merges: list[tuple[Any, int]] = []
        size = 1
        while True:
            event = next(self.events)
            if isinstance(event, MappingEndEvent):
                break
            kline = event.start_mark.line + 1
            if not isinstance(event, ScalarEvent):
                self.node(event, path, depth + 1)  # consume it (and check its size / depth)
                raise _Fatal("a mapping key must be a plain value such as a field name, "
                             "not a list or a mapping", kline, path)
            key = self.scalar(event, path, is_key=True)
            is_merge = key == "<<" and event.implicit[0] and event.tag is None and event.style is None
            vevent = next(self.events)
            kpath = path + (str(key),)
            value, vsize = self.node(vevent, kpath, depth + 1)
            size += vsize
            if is_merge:
                merges.append((value, kline))
                continue
            if isinstance(key, float) and not math.isfinite(key):
                continue  # already reported by scalar()
            if key in seen:
                self.problem(kpath, f"duplicate key {str(key)!r} (first on line {seen[key]}, again on line "
                                    f"{kline}); allowed: each key once in a mapping", None, kline)
                continue
            seen[key] = kline
            out[key] = value
            self.locations[kpath] = (self.source, kline)
            if not isinstance(value, dict):
                self.replaced.add(kpath)
        for value, kline in merges:  # YAML merge keys: explicit keys win, earlier merges win
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(s, dict) for s in sources):
                self.problem(path + ("<<",), "a merge key (<<) needs an alias to a mapping or a list of them",
                             None, kline)
                continue
            for src in sources:
                for k, v in src.items():
                    if k not in out:
                        out[k] = v
                        self.locations.setdefault(path + (str(k),), (self.source, kline))
                        if not isinstance(v, dict):
                            self.replaced.add(path + (str(k),))
        return (out if usable else None), size

    def sequence(self, path: tuple, depth: int, usable: bool) -> tuple[Any, int]:
        out: list = []
        size = 1
        while True:
            event = next(self.events)
            if isinstance(event, SequenceEndEvent):
                break
            ipath = path + (str(len(out)),)
            value, vsize = self.node(event, ipath, depth + 1)
            self.locations[ipath] = (self.source, event.start_mark.line + 1)
            out.append(value)
            size += vsize
        return (out if usable else None), size

    def scalar(self, event, path: tuple, is_key: bool = False):
        text, line = event.value, event.start_mark.line + 1
        tag = event.tag
        if tag is None or tag == "!":
            if not event.implicit[0] or tag == "!":  # quoted or block scalars are text
                return text
            tag = _RESOLVER.resolve(ScalarNode, text, (True, False))
        tag = str(tag)
        if tag not in _ALLOWED_TAGS and tag not in (_CORE + "timestamp", _CORE + "merge", _CORE + "value",
                                                    _CORE + "yaml"):
            self.problem(path, f"YAML tag {_short_tag(tag)} is not allowed (tags never construct objects here); "
                               f"allowed: plain YAML values without tags", short(text), line)
            return None
        kind = tag.removeprefix(_CORE)
        try:
            value = _construct(kind, text)
        except ValueError:
            self.problem(path, f"{text!r} is not a valid !!{kind} value", short(text), line)
            return None
        if isinstance(value, float) and not math.isfinite(value):
            what = "a key" if is_key else "a value"
            self.problem(path, f"{what} must be a finite number; NaN and infinity are not allowed", text, line)
        return value


def _short_tag(tag) -> str:
    tag = str(tag)
    return repr("!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag)


def _construct(kind: str, text: str):
    """A scalar of the YAML 1.2 core schema. Dates stay text: the model checks them."""
    if kind == "null":
        if text not in ("", "~", "null", "Null", "NULL"):
            raise ValueError(text)
        return None
    if kind == "bool":
        if text not in ("true", "True", "TRUE", "false", "False", "FALSE"):
            raise ValueError(text)
        return text.lower() == "true"
    if kind == "int":
        t = text.replace("_", "")
        sign = -1 if t.startswith("-") else 1
        t = t.lstrip("+-")
        for prefix, base in (("0b", 2), ("0o", 8), ("0x", 16)):
            if t.startswith(prefix):
                return sign * int(t[2:], base)
        return sign * int(t, 10)
    if kind == "float":
        t = text.replace("_", "").lower()
        if t.lstrip("+-") == ".inf":
            return -math.inf if t.startswith("-") else math.inf
        if t == ".nan":
            return math.nan
        return float(t)
    return text  # str, timestamp, and the '<<' / '=' / '!' oddities


# ----------------------------------------------------------------------------- one file
def _fatal_problem(source: str, message: str, line: int | None = None, path: tuple = ()) -> ScenarioError:
    return ScenarioError([Problem(source, ".".join(map(str, path)), None, message, line)])


_NOT_REGULAR = "is not a regular file (a device, pipe or socket); allowed: a YAML scenario file"


def _check_regular(path, source: str) -> None:
    """Refuse a device (/dev/zero never ends), a pipe or a socket; a missing file and a folder
    are left to open(), which names them."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        raise _fatal_problem(source, _NOT_REGULAR)


def read_yaml(path: str | os.PathLike, source: str | None = None) -> tuple[dict, Locations, set, list[Problem]]:
    """One file -> (data, locations, replaced paths, problems), naming it ``source`` (default:
    the path) in problems. Raises ScenarioError when the file cannot be read at all
    (missing, too big, not UTF-8, malformed, not a mapping, ...)."""
    source = str(path) if source is None else source
    _check_regular(path, source)  # before open(): opening a pipe would wait for a writer forever
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fatal_problem(source, "file not found") from None
    except IsADirectoryError:
        raise _fatal_problem(source, "is a directory; allowed: a YAML scenario file") from None
    except OSError as e:
        raise _fatal_problem(source, f"cannot read the file: {e.strerror or e}") from None
    if len(raw) > MAX_BYTES:
        raise _fatal_problem(source, f"the file is larger than {MAX_BYTES:,} bytes; allowed: at most {MAX_BYTES:,} "
                                     f"bytes (a scenario is a few kB)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        raise _fatal_problem(source, f"the file is not UTF-8 text (byte 0x{raw[e.start]:02x} at offset {e.start} "
                                     f"cannot be decoded); allowed: a UTF-8 encoded YAML file", line) from None
    return parse_yaml(text.removeprefix("\ufeff"), source)


def parse_yaml(text: str, source: str = "<string>") -> tuple[dict, Locations, set, list[Problem]]:
    """YAML text -> (data, locations, replaced paths, problems); see ``read_yaml``."""
    yaml = YAML(typ="safe", pure=True)
    events = iter(yaml.parse(io.StringIO(text)))
    builder = _Builder(events, source)
    data: Any = _Missing
    try:
        for event in events:
            if isinstance(event, DocumentStartEvent):
                if data is not _Missing:
                    raise _Fatal("a second YAML document starts here ('---'); allowed: one document per file",
                                 event.start_mark.line + 1)
                first = next(events)
                if isinstance(first, DocumentEndEvent):  # pragma: no cover - the parser gives an empty scalar
                    data = None
                    continue
                data, _ = builder.node(first, (), 1)
            elif isinstance(event, StreamEndEvent):
                break
    except _Fatal as e:
        raise ScenarioError(builder.problems + [Problem(source, ".".join(map(str, e.path)), None, e.message,
                                                        e.line)]) from None
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        what = e.problem or e.context or "cannot be parsed"
        context = f" ({e.context})" if e.context and e.problem else ""
        line = mark.line + 1 if mark is not None else None
        col = f" at column {mark.column + 1}" if mark is not None else ""
        raise _fatal_problem(source, f"malformed YAML{col}: {what}{context}; allowed: valid YAML 1.2", line) from None
    except YAMLError as e:  # e.g. a ReaderError for control characters
        line = None
        if getattr(e, "position", None) is not None:
            line = text.count("\n", 0, e.position) + 1
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        raise _fatal_problem(source, f"malformed YAML: {reason}; allowed: valid YAML 1.2 text", line) from None
    except RecursionError:  # pragma: no cover - depth is checked before this could happen
        raise _fatal_problem(source, f"nesting too deep; allowed: at most {MAX_DEPTH} levels") from None
    if data is _Missing or data is None or data == "":
        if builder.problems:
            raise ScenarioError(builder.problems)
        raise _fatal_problem(source, "the file is empty; allowed: a YAML mapping of scenario fields "
                                     "(name:, branch:, customers:, needs:, ...)")
    if not isinstance(data, dict):
        if builder.problems:
            raise ScenarioError(builder.problems)
        kind = {list: "a list", str: "a text", int: "a number", float: "a number", bool: "true/false"}.get(
            type(data), type(data).__name__)
        raise _fatal_problem(source, f"the top level must be a mapping of scenario fields (name:, branch:, "
                                     f"customers:, needs:, ...), not {kind}", 1)
    return data, builder.locations, builder.replaced, builder.problems


# ------------------------------------------------------------------------------ extends
def merge(base: dict, over: dict) -> dict:
    """Deep-merge ``over`` onto ``base``: mappings merge, other values replace, None deletes
    the key at any depth (so the model's default applies; every optional field defaults to None)."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict):
            out[key] = merge(out[key] if isinstance(out.get(key), dict) else {}, value)
        else:
            out[key] = value
    return out


def _merge_locations(base: Locations, over: Locations, replaced: set) -> Locations:
    out = {p: where for p, where in base.items()
           if not any(p[:i] in replaced for i in range(1, len(p)))}
    out.update(over)
    return out


def _display(path: Path) -> str:
    return os.path.normpath(str(path))


def _relative(path: Path, start: Path) -> str:
    try:
        return os.path.relpath(path, start)
    except ValueError:  # another drive on Windows
        return str(path)


def _resolve(path: str | os.PathLike) -> tuple[dict, Locations, list[Problem]]:
    """Read ``path`` and the chain of files it extends; merge from the root down."""
    chain: list[tuple[str, dict, Locations, set]] = []
    problems: list[Problem] = []
    seen: dict[Path, str] = {}
    current = Path(path)
    while True:
        shown = _display(current) if chain else str(path)
        try:
            data, locs, replaced, found = read_yaml(current, shown)
        except ScenarioError as e:
            raise ScenarioError(problems + e.problems) from None
        problems += found
        seen[current.resolve()] = shown
        parent = data.pop("extends", None)
        chain.append((shown, data, locs, replaced))
        if parent is None:
            break
        where = locs.pop(("extends",), (shown, None))[1]
        if not isinstance(parent, str) or not parent.strip():
            raise ScenarioError(problems + [Problem(shown, "extends", short(parent),
                                                    "must be the path of another scenario file, relative to "
                                                    "this file", where)])
        target = current.parent / parent
        if target.resolve() in seen:
            files = list(seen)[list(seen).index(target.resolve()):] + [target.resolve()]
            cycle = " -> ".join(_relative(f, Path(path).resolve().parent) for f in files)
            raise ScenarioError(problems + [Problem(shown, "extends", short(parent),
                                                    f"extends cycle: {cycle}; allowed: a chain of extends that "
                                                    f"ends in a file without extends", where)])
        if target.exists() and not target.is_file() and not target.is_dir():
            raise ScenarioError(problems + [Problem(shown, "extends", short(parent),
                                                    f"{_display(target)} {_NOT_REGULAR}", where)])
        if not target.is_file():
            raise ScenarioError(problems + [Problem(shown, "extends", short(parent),
                                                    f"the file it extends does not exist: {_display(target)}; "
                                                    f"allowed: the path of a scenario file, relative to the folder of {shown}",
                                                    where)])
        if len(chain) >= MAX_EXTENDS:
            raise ScenarioError(problems + [_long_chain(str(path), chain, parent)])
        current = target
    data, locs = {}, {}
    for _shown, layer, layer_locs, replaced in reversed(chain):
        data = merge(data, layer)
        locs = _merge_locations(locs, layer_locs, replaced)
    return data, locs, problems


def _long_chain(source: str, chain: list, parent: str) -> Problem:
    """The chain of ``source`` is too long: name that file, the first links and where it stopped."""
    first = chain[0][0]
    shown = " -> ".join(s for s, *_ in chain[:3]) + " -> ... -> " + chain[-1][0]
    return Problem(source, "extends", None,
                   f"the extends chain of {first} is longer than {MAX_EXTENDS} files ({shown} -> {parent}); "
                   f"allowed: at most {MAX_EXTENDS} files in one chain")


# --------------------------------------------------------------------------- validation
def _locator(locs: Locations, source: str):
    def locate(parts: tuple) -> tuple[str, int | None]:
        for n in range(len(parts), -1, -1):
            hit = locs.get(tuple(parts[:n]))
            if hit is not None:
                return hit
        return source, None
    return locate


def _attribute(problem: Problem, source: str) -> Problem:
    """Say where a value came from when it is not the file being loaded: an override, or a
    file it extends (that file and line are kept, like a compiler's "included from")."""
    if isinstance(problem.file, _Override):
        return Problem(source, problem.path, problem.value,
                       f"{problem.message} [set by override {problem.file}]", None)
    if problem.file != source:
        return Problem(problem.file, problem.path, problem.value,
                       f"{problem.message} [inherited by {source}]", problem.line)
    return problem


def _validate(data: Any, source: str, locs: Locations | None = None,
              earlier: list[Problem] | None = None) -> Scenario:
    earlier = list(earlier or [])
    if not isinstance(data, dict):
        raise ScenarioError(earlier + [Problem(source, "", short(data), "a scenario must be a mapping of fields "
                                                                          "(name, branch, customers, needs, ...)")])
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        found = [_attribute(p, source) for p in problems_from_validation(e, source, _locator(locs or {}, source), data,
                                                                          model=Scenario)]
        taken = {p.path for p in earlier}
        found = [p for p in found if not any(p.path == t or p.path.startswith(t + ".") for t in taken)]
        raise ScenarioError(earlier + found) from None
    if earlier:
        raise ScenarioError(earlier)
    return scenario


def load_scenario(path: str | os.PathLike, overrides: dict | None = None) -> Scenario:
    """Load, merge (``extends``) and validate a scenario file.

    ``overrides`` maps dotted field paths to values, applied after merging:
    ``{"branch.windows.ordinary": 4, "horizon.days": 1}``. Raises ``ScenarioError``
    listing every problem found.
    """
    source = str(path)
    data, locs, problems = _resolve(path)
    if overrides:
        data = _apply(data, overrides, source, locs)
    return _validate(data, source, locs, problems)


def scenario_from_dict(data: dict, source: str = "<dict>") -> Scenario:
    """Validate plain data (as parsed from YAML or JSON) into a ``Scenario``.
    As in files, a None value means "the default"."""
    return _validate(merge({}, data) if isinstance(data, dict) else data, source)


def _apply(data: dict, overrides: dict, source: str, locs: Locations | None = None) -> dict:
    """Set dotted paths in a copy of ``data``; None deletes (the default applies again)."""
    data = copy.deepcopy(data)
    problems = []
    for dotted, value in overrides.items():
        keys = str(dotted).split(".")
        if not all(keys):
            problems.append(Problem(source, str(dotted), short(value), "is not a dotted field path; allowed: "
                                                                       "names joined by dots, e.g. branch.windows.vip"))
            continue
        node: Any = data
        for depth, key in enumerate(keys):
            last = depth == len(keys) - 1
            if isinstance(node, list):
                if not key.isdigit() or int(key) >= len(node):
                    problems.append(Problem(source, dotted, short(value),
                                            f"{'.'.join(keys[:depth]) or 'the scenario'} is a list of {len(node)}; "
                                            f"allowed indexes: 0 to {len(node) - 1}"))
                    break
                key = int(key)
            elif isinstance(node, dict):
                key = _dict_key(node, key)
            else:
                problems.append(Problem(source, dotted, short(value),
                                        f"{'.'.join(keys[:depth])} is not a mapping (it is {short(node)}), "
                                        f"so it has no field {key!r}"))
                break
            if last:
                if value is None and isinstance(node, dict):
                    node.pop(key, None)
                else:
                    node[key] = copy.deepcopy(value)
                if locs is not None:
                    for p in [p for p in locs if p[:len(keys)] == tuple(keys)]:
                        del locs[p]
                    locs[tuple(keys)] = (_Override(dotted), None)
            else:
                if isinstance(node, dict) and key not in node:
                    node[key] = {}
                node = node[key]
    if problems:
        raise ScenarioError(problems)
    return data


def _dict_key(node: dict, key: str):
    """The existing key that ``key`` (text from a dotted path) names: '9' finds the int 9."""
    if key in node:
        return key
    for k in node:
        if str(k) == key:
            return k
    try:
        as_int = int(key)
    except ValueError:
        return key
    if node and all(isinstance(k, int) and not isinstance(k, bool) for k in node):
        return as_int
    return key


def with_overrides(scenario: Scenario, overrides: dict, source: str = "<overrides>") -> Scenario:
    """A new scenario with dotted-path fields replaced, validated again.

    >>> sc2 = with_overrides(sc, {"branch.windows.ordinary": 4})   # doctest: +SKIP
    """
    data = scenario.model_dump(mode="python")
    return _validate(_apply(data, overrides, source), source)


def revalidated(scenario: Scenario, source: str | None = None) -> Scenario:
    """``scenario`` checked again by every rule a scenario file meets; raises
    ``ScenarioError`` naming each field that breaks one.

    pydantic does not validate values written with ``model_copy(update=...)`` or objects built
    with ``model_construct``, so a Scenario object handed to a Python entry point may hold a
    pace range of -2 to -1 or a NaN. Its data is dumped and validated again (about a
    millisecond for the baseline). A valid scenario comes back as the very object given, so
    results are unchanged; one whose data only validates into a different object (a mapping
    written where a section belongs) comes back as the validated object.
    """
    source = source or f"Scenario {short(getattr(scenario, 'name', '?'))}"
    try:
        data = scenario.model_dump(mode="python", warnings=False)
    except (PydanticSerializationError, TypeError, ValueError) as e:
        raise ScenarioError([Problem(source, "", None, f"cannot be read back for checking ({short(str(e), 120)}); "
                                                       "allowed: a Scenario made by load_scenario, "
                                                       "scenario_from_dict or with_overrides")]) from None
    checked = _validate(data, source)
    return scenario if checked == scenario else checked


# --------------------------------------------------------------------------------- output
# Characters a YAML emitter may fold or drop inside plain and single-quoted scalars (NEL and
# the Unicode line / paragraph separators were line breaks in YAML 1.1) and other non-printables.
_FRAGILE = {"\x85", "\u2028", "\u2029"}


def _represent_str(representer, text: str):
    """Double-quote (with escapes) any string that would not survive plain or single-quoted style."""
    fragile = any(ch in _FRAGILE or not ch.isprintable() for ch in text)
    return representer.represent_scalar("tag:yaml.org,2002:str", text, style='"' if fragile else None)


def dump_scenario(sc: Scenario) -> str:
    """The fully resolved scenario as YAML (every default written out).

    ``load`` of the text gives a scenario equal to ``sc``."""
    buf = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    yaml.width = 100
    yaml.representer.add_representer(str, _represent_str)
    buf.write(f"# scenario {sc.name!r}, fully resolved by simkit: every default is written out\n")
    yaml.dump(sc.model_dump(mode="python"), buf)
    return buf.getvalue()


def scenario_json(scenario: Scenario) -> str:
    """The fully resolved scenario as canonical JSON (sorted keys, no spaces): equal
    scenarios give equal text, so its hash identifies a scenario (sweep task ids, the digest
    saved with a run's results)."""
    return json.dumps(scenario.model_dump(mode="json"), sort_keys=True, separators=(",", ":"), ensure_ascii=True,
                      allow_nan=True)


def json_schema() -> dict:
    """The JSON Schema of a scenario file (for editor completion and checking).

    It is ``Scenario.model_json_schema()`` plus the file-level ``extends`` key; a file
    with ``extends`` need not repeat the required top-level fields its base provides."""
    schema = Scenario.model_json_schema()
    schema.setdefault("properties", {})["extends"] = {
        "type": "string", "title": "Extends",
        "description": "Path of a base scenario file, relative to this file. This file's values are merged "
                       "over the base's: mappings merge, lists replace, null resets a field to its default."}
    required = schema.pop("required", [])
    if required:
        schema["if"] = {"not": {"required": ["extends"]}}
        schema["then"] = {"required": required}
    return schema
