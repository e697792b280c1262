"""Reading scenario files safely: YAML 1.2 -> plain data -> validated :class:`Scenario`.

The YAML is *composed* into a node graph (no Python object is ever constructed from a
tag) and turned into plain dicts, lists and scalars here, which lets the loader:

* refuse any tag outside YAML's core schema (``!!python/object...`` is never executed);
* report duplicate keys with both line numbers;
* resolve scalars by the YAML 1.2 core schema (``no`` stays a string, ``1e-3`` is a float);
* refuse NaN and infinity by field, deep nesting and alias bombs by budget, fast;
* remember the line of every field path, so validation errors point at the line.

``extends: base.yaml`` merges the file over its base (mappings deep-merge, lists replace,
``null`` removes the key so the default applies again), any number of levels deep.
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Problem, ScenarioError, problems_from_validation, short
from .models import Scenario

MAX_BYTES = 5_000_000  # a scenario is a few kB; anything this large is a mistake
MAX_DEPTH = 40  # the schema nests 6 deep; 40 leaves room and stops pathological input early
MAX_NODES = 200_000  # counted with aliases expanded: a "billion laughs" file stops here
_CORE = "tag:yaml.org,2002:"


class _Reader:
    """Turns one file's text into plain data, collecting problems and field lines."""

    def __init__(self, source: str):
        self.source = source
        self.lines: dict[tuple, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def problem(self, path, message, value=None, line=None):
        self.problems.append(Problem(self.source, ".".join(map(str, path)), message, value, line))

    def data(self, node, path=()):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _Abort(f"the document expands to more than {MAX_NODES:,} values (an alias bomb?); "
                         "allowed: a plain scenario file")
        if len(path) > MAX_DEPTH:
            raise _Abort(f"nesting deeper than {MAX_DEPTH} levels; allowed: a plain scenario file")
        self.lines.setdefault(tuple(map(str, path)), node.start_mark.line + 1)
        tag = str(node.tag)
        if isinstance(node, MappingNode):
            return self._mapping(node, path, tag)
        if isinstance(node, SequenceNode):
            self._core_tag(tag, "seq", path, node)
            return [self.data(item, path + (i,)) for i, item in enumerate(node.value)]
        return self._scalar(node, path, tag)

    def _core_tag(self, tag, expected, path, node):
        if tag != _CORE + expected:
            raise _Abort(f"YAML tag {tag.replace(_CORE, '!!')!r} is not allowed (nothing is constructed from tags); "
                         f"allowed: plain values", line=node.start_mark.line + 1, path=path)

    def _mapping(self, node, path, tag):
        self._core_tag(tag, "map", path, node)
        out, seen = {}, {}
        for knode, vnode in node.value:
            key = self._scalar(knode, path, str(knode.tag)) if isinstance(knode, ScalarNode) else None
            if key is None or isinstance(key, (list, dict)):
                raise _Abort("a mapping key must be a plain value", line=knode.start_mark.line + 1, path=path)
            line = knode.start_mark.line + 1
            if key in seen:
                self.problem(path + (key,), f"duplicate key {key!r} (first on line {seen[key]}); "
                             "allowed: each key once", None, line)
                continue
            seen[key] = line
            out[key] = self.data(vnode, path + (key,))
        return out

    def _scalar(self, node, path, tag):
        text = node.value
        kind = tag.replace(_CORE, "")
        if kind == "str" or kind == "timestamp":  # dates stay text; the model parses them
            return text
        if kind == "null":
            return None
        if kind == "bool":
            return text.lower() == "true"
        if kind == "int":
            return int(text.replace("_", ""), 0) if not text.lstrip("+-").startswith("0o") else int(text.replace("0o", ""), 8)
        if kind == "float":
            value = float(text.replace("_", "").replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                          .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
            if not math.isfinite(value):
                self.problem(path, "must be a finite number (NaN and infinity are not allowed)", text,
                             node.start_mark.line + 1)
                return 0.0
            return value
        raise _Abort(f"YAML tag {tag.replace(_CORE, '!!')!r} is not allowed (nothing is constructed from tags); "
                     "allowed: plain values", line=node.start_mark.line + 1, path=path)


class _Abort(Exception):
    def __init__(self, message, line=None, path=()):
        super().__init__(message)
        self.line, self.path = line, path


_OPENERS = re.compile(r"[\[{]")


def _too_deep(text: str) -> bool:
    """A cheap pre-scan so the recursive YAML composer never sees pathological nesting."""
    depth = peak = 0
    for ch in _OPENERS.finditer(text) if text.count("[") + text.count("{") > MAX_DEPTH else ():
        pass
    for ch in text:
        if ch in "[{":
            depth += 1
            peak = max(peak, depth)
            if peak > MAX_DEPTH:
                return True
        elif ch in "]}":
            depth -= 1
    indents = {len(line) - len(line.lstrip(" ")) for line in text.splitlines() if line.strip()}
    return len(indents) > MAX_DEPTH


def read_yaml(path: Path) -> tuple[dict, dict]:
    """One file -> (plain mapping, {field path: line}). Raises ScenarioError."""
    source = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError([Problem(source, "", "file not found")]) from None
    except OSError as e:
        raise ScenarioError([Problem(source, "", f"cannot read the file: {e.strerror}")]) from None
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem(source, "", f"file is {len(raw):,} bytes; allowed: at most {MAX_BYTES:,}")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ScenarioError([Problem(source, "", f"not UTF-8 text (bad byte at offset {e.start}); "
                                                "allowed: a UTF-8 encoded YAML file")]) from None
    return parse_yaml(text.removeprefix("\ufeff"), source)


def parse_yaml(text: str, source: str) -> tuple[dict, dict]:
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ScenarioError([Problem(source, "", "the file is empty; allowed: a YAML mapping of scenario fields")])
    if _too_deep(text):
        raise ScenarioError([Problem(source, "", f"nesting deeper than {MAX_DEPTH} levels; allowed: a plain scenario file")])
    reader = _Reader(source)
    try:
        node = YAML(typ="rt", pure=True).compose(io.StringIO(text))
        data = reader.data(node) if node is not None else None
    except _Abort as e:
        raise ScenarioError(reader.problems + [Problem(source, ".".join(map(str, e.path)), str(e), None, e.line)]) from None
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        line = mark.line + 1 if mark is not None else None
        col = f", column {mark.column + 1}" if mark is not None else ""
        raise ScenarioError([Problem(source, "", f"malformed YAML{col}: {what}", None, line)]) from None
    except RecursionError:
        raise ScenarioError([Problem(source, "", "nesting too deep; allowed: a plain scenario file")]) from None
    if not isinstance(data, dict):
        raise ScenarioError([Problem(source, "", f"the top level must be a mapping of scenario fields, "
                                                 f"not a {type(data).__name__}")])
    if reader.problems:
        raise ScenarioError(reader.problems)
    return data, reader.lines


def merge(base: dict, over: dict) -> dict:
    """Deep-merge ``over`` onto ``base``: mappings merge, other values replace, None deletes."""
    out = dict(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def resolve(path: Path, chain: tuple[Path, ...] = ()) -> tuple[dict, dict]:
    """Read ``path`` and everything it extends; returns merged data and the child's lines."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(p.name for p in chain + (path,))
        raise ScenarioError([Problem(str(chain[-1]), "extends", f"extends cycle: {cycle}; allowed: a chain that ends")])
    data, lines = read_yaml(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data, lines
    if not isinstance(parent, str):
        raise ScenarioError([Problem(str(path), "extends", "must be the path of another scenario file",
                                     short(parent), lines.get(("extends",)))])
    target = (path.parent / parent)
    if not target.exists():
        raise ScenarioError([Problem(str(path), "extends", f"the file it extends does not exist: {target}",
                                     short(parent), lines.get(("extends",)))])
    base, _ = resolve(target, chain + (path,))
    return merge(base, data), lines


def _validate(data: dict, source: str, lines: dict) -> Scenario:
    try:
        return Scenario.model_validate(data)
    except ValidationError as e:
        raise ScenarioError(problems_from_validation(e, Scenario, source, lines)) from None


def load_scenario(path, overrides: dict | None = None) -> Scenario:
    """Load, merge (``extends``) and validate a scenario file; ``overrides`` are dotted paths."""
    path = Path(path)
    data, lines = resolve(path)
    if overrides:
        data = _apply(data, overrides, str(path))
    return _validate(data, str(path), lines)


def scenario_from_dict(data: dict, source: str = "<dict>") -> Scenario:
    return _validate(dict(data), source, {})


def _apply(data: dict, overrides: dict, source: str) -> dict:
    data = merge(data, {})
    problems = []
    for dotted, value in overrides.items():
        keys = dotted.split(".")
        node = data
        for k in keys[:-1]:
            node[k] = dict(node.get(k) or {}) if isinstance(node.get(k), dict) or k not in node else node[k]
            if not isinstance(node[k], dict):
                problems.append(Problem(source, dotted, f"{k!r} is not a mapping, so it has no field {keys[-1]!r}"))
                break
            node = node[k]
        else:
            node[keys[-1]] = value
    if problems:
        raise ScenarioError(problems)
    return data


def with_overrides(scenario: Scenario, overrides: dict, source: str = "<overrides>") -> Scenario:
    """A new scenario with dotted-path fields replaced, validated again (clear errors)."""
    data = scenario.model_dump(mode="python", exclude_defaults=False)
    return _validate(_apply(data, overrides, source), source, {})


def dump_scenario(sc: Scenario) -> str:
    """The fully resolved scenario as YAML; loading it gives an equal scenario."""
    buf = io.StringIO()
    y = YAML(typ="safe", pure=True)
    y.default_flow_style = False
    y.sort_base_mapping_type_on_output = False
    y.dump(sc.model_dump(mode="python"), buf)
    return buf.getvalue()


def json_schema() -> dict:
    return Scenario.model_json_schema()
