"""Scenario problems, reported one clear line each: file, line, field path, what is wrong,
what is allowed, and the value found. Users never see a traceback for bad input."""
from __future__ import annotations

import difflib
import re
import typing
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError


@dataclass(frozen=True)
class Problem:
    file: str
    path: str
    message: str
    value: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        path = f" {self.path}:" if self.path else ""
        got = f" (got {self.value})" if self.value is not None else ""
        return f"{where}:{path} {self.message}{got}"


class ScenarioError(Exception):
    """One or more problems in a scenario; ``str()`` prints one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def short(value, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- pydantic -> Problems
def _annotation_at(model: type[BaseModel], loc: tuple):
    """The type annotation found by walking ``loc`` from ``model`` (None if lost)."""
    current: object = model
    for part in loc:
        current = _strip(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part) if isinstance(part, str) else None
            if field is None:
                return None
            current = typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
            continue
        origin = typing.get_origin(current)
        if origin is dict:
            current = typing.get_args(current)[1]
        elif origin in (list, tuple):
            current = typing.get_args(current)[0]
        else:
            return None
    return current


def _strip(tp):
    """Remove Annotated and Optional / single-model unions around a type."""
    for _ in range(8):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
            continue
        if origin is typing.Union or type(tp).__name__ == "UnionType":
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if len(args) == 1 or len(models) == 1:
                tp = (args if len(args) == 1 else models)[0]
                continue
            dicts = [a for a in args if typing.get_origin(a) is dict]
            if dicts:
                tp = dicts[0]
                continue
        return tp
    return tp


def _bounds(tp) -> tuple:
    """(ge, le) declared on an annotation, where present."""
    ge = le = None
    for _ in range(4):
        if typing.get_origin(tp) is not typing.Annotated:
            break
        for meta in typing.get_args(tp)[1:]:
            for m in getattr(meta, "metadata", [meta]):
                ge = getattr(m, "ge", ge)
                le = getattr(m, "le", le)
        tp = typing.get_args(tp)[0]
    return ge, le


def _allowed_fields(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names allowed at ``loc`` (the parent of an unknown key)."""
    tp = _strip(_annotation_at(model, loc))
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


_PLAIN = {
    "greater_than": "must be a number > {gt}",
    "greater_than_equal": "must be a number >= {ge}",
    "less_than": "must be a number < {lt}",
    "less_than_equal": "must be a number <= {le}",
    "float_type": "must be a number",
    "int_type": "must be a whole number",
    "string_type": "must be a text string",
    "bool_type": "must be true or false",
    "dict_type": "must be a mapping (key: value pairs)",
    "list_type": "must be a list",
    "missing": "is required but missing",
    "finite_number": "must be a finite number (NaN and infinity are not allowed)",
    "int_from_float": "must be a whole number",
}


def _message(err: dict, model, loc: tuple) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        near = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        return f"unknown field; {hint}allowed: {', '.join(allowed) if allowed else 'none here'}"
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        near = difflib.get_close_matches(str(err.get("input")), options, n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}? " if near else ""
        return f"{hint}must be one of {ctx.get('expected', '')}"
    if kind in ("greater_than_equal", "less_than_equal") and ctx.get("ge") == 0 and "le" not in ctx:
        return "must be a number >= 0"
    if kind in _PLAIN:
        text = _PLAIN[kind].format(**ctx)
        if kind == "less_than_equal" and ctx.get("le") == 1.0:
            text = "must be a probability between 0 and 1"
        return text
    msg = err.get("msg", "invalid")
    return msg.removeprefix("Value error, ")


def _is_branch(part) -> bool:
    """pydantic names union branches in ``loc`` ('TellerChoices', 'dict[int,...]', 'constrained-float')."""
    return isinstance(part, str) and (part[:1].isupper() or any(c in part for c in "[-,"))


def _best_union_branches(errors: list[dict]) -> list[dict]:
    """A value that fits no branch of a union gets an error per branch; keep the branch
    that got furthest (the deepest error), which is the one the user meant."""
    best: dict[tuple, tuple[int, object]] = {}
    for err in errors:
        loc = tuple(err["loc"])
        for i, part in enumerate(loc):
            if _is_branch(part):
                depth = len(loc) - i
                if loc[:i] not in best or depth > best[loc[:i]][0]:
                    best[loc[:i]] = (depth, part)
                break
    keep = []
    for err in errors:
        loc = tuple(err["loc"])
        idx = next((i for i, p in enumerate(loc) if _is_branch(p)), None)
        if idx is None or best[loc[:idx]][1] == loc[idx]:
            keep.append(err)
    return keep


def problems_from_validation(exc: ValidationError, model, source: str, lines: dict) -> list[Problem]:
    out = []
    for err in _best_union_branches(exc.errors(include_url=False)):
        loc = tuple(p for p in err["loc"] if not _is_branch(p))
        if err["type"] == "consistency":
            for path, msg in (err.get("ctx") or {}).get("problems", []):
                out.append(Problem(source, path, msg, None, _line_for(lines, tuple(path.split(".")))))
            continue
        if err["type"] in ("greater_than_equal", "less_than_equal") and _bounds(_annotation_at(model, loc)) == (0.0, 1.0):
            msg = "must be a probability between 0 and 1"
        else:
            msg = _message(err, model, loc)
        value = None if err["type"] in ("missing", "extra_forbidden") else short(err.get("input"))
        path = ".".join(str(p) for p in loc)
        out.append(Problem(source, path, msg, value, _line_for(lines, tuple(str(p) for p in loc))))
    return out


def _line_for(lines: dict, loc: tuple) -> int | None:
    for n in range(len(loc), -1, -1):
        hit = lines.get(loc[:n])
        if hit:
            return hit
    return None
