"""Scenario problems, reported one clear line each.

A ``Problem`` names the file, the YAML line (when known), the dotted field path, the
value found and a message saying what is wrong *and* what is allowed. A bad scenario
raises one ``ScenarioError`` holding every problem found, so a user fixes a file in
one pass; ``str(error)`` is what the command line prints, never a traceback.

``problems_from_validation`` turns a pydantic ``ValidationError`` into Problems: it
walks the model classes along each error's location to say which fields are allowed
(with a did-you-mean for typos), states bounds in plain words ("must be a probability
between 0 and 1"), keeps the union branch the user evidently meant, and expands the
cross-field 'consistency' error into one Problem per finding.
"""
from __future__ import annotations

import difflib
import types
import typing
import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Literal

from pydantic import BaseModel, ValidationError

from ..errors import SimkitError

__all__ = ["Problem", "ScenarioError", "problems_from_validation", "short", "shown_name"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario. ``path`` is '' for whole-file problems."""

    file: str
    path: str
    value: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        path = f" {_printable_path(self.path)}:" if self.path else ""
        got = f" (got {self.value})" if self.value is not None else ""
        return f"{where}:{path} {self.message}{got}"


class ScenarioError(SimkitError):
    """One or more problems in a scenario; ``str()`` gives one line per problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def _printable_path(path: str) -> str:
    """A field path on one short line: a key that is long or holds control characters (a
    newline, an escape sequence) is shown shortened and escaped, as a value is."""
    parts = path.split(".")
    return ".".join(p if p.isprintable() and len(p) <= 60 else short(p) for p in parts)


def short(value: Any, limit: int = 60) -> str:
    """``repr(value)`` cut to ``limit`` characters."""
    try:
        text = repr(value)
    except Exception:  # pragma: no cover - a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _num(x) -> str:
    """A bound as written: large whole amounts with thousands separators (¥10,000,000)."""
    if isinstance(x, float) and x.is_integer() and 1e4 <= abs(x) < 1e13:
        return f"{int(x):,}"
    if isinstance(x, int) and x >= 2 ** 32 and (x + 1) & x == 0:  # 2**128 - 1, not 39 digits
        return f"2**{x.bit_length()} - 1"
    return f"{x:g}" if isinstance(x, float) else str(x)


# ------------------------------------------------------------------ walking the model classes
@dataclass
class _Spot:
    """Where an error location leads in the model classes."""

    clean: tuple  # the location without pydantic's union-branch labels and '[key]' markers
    annotation: Any  # the type found there (with its Annotated constraints), or None if lost
    union_at: int | None = None  # index in ``clean`` of the first union whose branch was chosen
    branch: str | None = None  # that branch's label
    is_key: bool = False  # the error concerns a mapping key, not its value
    parent: Any = None  # the type that holds the last element of ``clean``


def _unwrap(tp):
    """Annotated[T, ...] -> T."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _is_union(tp) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType) or callable(getattr(tp, "union_arms", None))


def _arms(tp) -> tuple:
    """The arms of a union; an open union lists its own (a pay component's registered
    classes: ``simkit.pay.registry.Component.union_arms``)."""
    arms = getattr(tp, "union_arms", None)
    return tuple(arms()) if callable(arms) else typing.get_args(tp)


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _field_type(model: type[BaseModel], name: str):
    field = model.model_fields.get(name)
    if field is None:
        return None
    return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation


def _tag_of(model: type[BaseModel]) -> set[str]:
    """Values of the model's one-value Literal fields: the tags a tagged union knows it by
    (a pay component's ``kind``)."""
    return {str(opts[0]) for f in model.model_fields.values()
            if (opts := _literal_options(f.annotation)) is not None and len(opts) == 1}


def _pick_arm(arms: list, label) -> Any:
    for arm in arms:
        if _is_model(_unwrap(arm)) and _unwrap(arm).__name__ == label:
            return arm
    for arm in arms:  # a tagged union labels its branch by the tag ('piece_rate'), not the class
        if _is_model(_unwrap(arm)) and str(label) in _tag_of(_unwrap(arm)):
            return arm
    text = str(label)
    for arm in arms:
        origin = typing.get_origin(_unwrap(arm))
        if origin is not None and text.startswith(getattr(origin, "__name__", "~")):
            return arm
    plain = [a for a in arms if typing.get_origin(_unwrap(a)) is None and not _is_model(_unwrap(a))]
    return plain[0] if plain else arms[0]


def _walk(model: type[BaseModel], loc: tuple) -> _Spot:
    spot = _Spot(clean=(), annotation=model)
    tp: Any = model
    parts = list(loc)
    i = 0
    while i < len(parts):
        part = parts[i]
        bare = _unwrap(tp)
        if _is_union(bare):
            arms = [a for a in _arms(bare) if a is not type(None)]
            if len(arms) == 1:
                tp = arms[0]
                continue
            if spot.union_at is None:
                spot.union_at, spot.branch = len(spot.clean), str(part)
            tp = _pick_arm(arms, part)
            i += 1
            continue
        spot.parent = bare
        if _is_model(bare):
            tp = _field_type(bare, part) if isinstance(part, str) else None
        elif typing.get_origin(bare) is dict:
            key_t, val_t = typing.get_args(bare)
            if i + 1 < len(parts) and parts[i + 1] == "[key]":
                spot.clean += (part,)
                spot.annotation, spot.is_key = key_t, True
                return spot
            tp = val_t
        elif typing.get_origin(bare) in (list, tuple, set, frozenset):
            tp = typing.get_args(bare)[0] if typing.get_args(bare) else None
        else:
            tp = None
        spot.clean += (part,)
        i += 1
        if tp is None:
            spot.clean += tuple(p for p in parts[i:] if p != "[key]")
            spot.annotation = None
            return spot
    spot.annotation = tp
    return spot


def _constraints(tp) -> dict:
    """{'gt': 0, 'le': 1, ...} declared on an Annotated type (through nested Annotated / Field)."""
    found: dict = {}

    def visit(meta):
        for name in ("gt", "ge", "lt", "le"):
            val = getattr(meta, name, None)
            if val is not None and not callable(val):
                found.setdefault(name, val)
        for inner in getattr(meta, "metadata", ()) or ():
            visit(inner)

    while typing.get_origin(tp) is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            visit(meta)
        tp = typing.get_args(tp)[0]
    return found


def _kind(tp, value=None) -> str:
    """'a whole number', 'a number', ... for the base type of an annotation."""
    base = _unwrap(tp)
    if base is int:
        return "a whole number"
    if base is float:
        return "a number"
    if base is str:
        return "text"
    if base is bool:
        return "true or false"
    if isinstance(value, bool):
        return "a value"
    return "a whole number" if isinstance(value, int) else "a number"


def _range(tp, value=None) -> str | None:
    """'a probability between 0 and 1', 'a number > 0', ... or None without bounds."""
    c = _constraints(tp)
    if not c:
        return None
    kind = _kind(tp, value)
    if c.get("ge") == 0 and c.get("le") == 1 and "gt" not in c and "lt" not in c:
        return "a probability between 0 and 1"
    if "ge" in c and "le" in c:
        return f"{kind} between {_num(c['ge'])} and {_num(c['le'])}"
    words = []
    for name, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
        if name in c:
            words.append(f"{sign} {_num(c[name])}")
    return f"{kind} " + " and ".join(words)


def _literal_options(tp) -> list[str] | None:
    base = _unwrap(tp)
    if typing.get_origin(base) is Literal:
        return [str(a) for a in typing.get_args(base)]
    return None


def _quoted(options) -> str:
    return ", ".join(repr(o) for o in options)


def shown_name(word) -> str:
    """A name as written, quoted; a name with non-ASCII characters is shown escaped, with
    those characters named, so a look-alike ('brаnch' with a Cyrillic а) is visible as such."""
    text = str(word)
    if text.isascii():
        return repr(text)
    odd = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'unnamed')}" for c in text if not c.isascii()))
    return f"{ascii(text)} (not ASCII: {odd})"


def _did_you_mean(word, options) -> str:
    near = difflib.get_close_matches(str(word), [str(o) for o in options], n=1, cutoff=0.6)
    return f"did you mean {near[0]!r}? " if near else ""


_TYPE_WORDS = {
    "float_type": "a number", "int_type": "a whole number", "int_from_float": "a whole number",
    "string_type": "text", "bool_type": "true or false", "list_type": "a list",
    "dict_type": "a mapping (key: value pairs)", "finite_number": "a finite number (not NaN or infinity)",
}


def _optional_arm(tp):
    """``T | None`` -> T (so the bounds declared on T are found); anything else unchanged."""
    if _is_union(_unwrap(tp)):
        arms = [a for a in _arms(_unwrap(tp)) if a is not type(None)]
        if len(arms) == 1:
            return arms[0]
    return tp


def _message(err: dict, spot: _Spot) -> str:
    kind, ctx, value = err["type"], err.get("ctx") or {}, err.get("input")
    tp = _optional_arm(spot.annotation)
    if kind == "extra_forbidden":
        allowed = list(spot.parent.model_fields) if _is_model(spot.parent) else []
        name = spot.clean[-1] if spot.clean else "?"
        return (f"unknown field {shown_name(name)}; {_did_you_mean(name, allowed)}"
                f"allowed here: {', '.join(allowed) if allowed else 'no fields'}")
    if kind == "literal_error":
        options = _literal_options(tp) or [o.strip(" '") for o in
                                           str(ctx.get("expected", "")).replace(" or ", ", ").split(",")]
        if spot.is_key:
            return f"unknown key {shown_name(value)}; {_did_you_mean(value, options)}allowed keys: {_quoted(options)}"
        return f"{_did_you_mean(value, options)}must be one of {_quoted(options)}"
    if kind == "missing":
        return "is required but missing"
    if kind == "too_long":
        return f"lists {ctx.get('actual_length')} entries; allowed: at most {ctx.get('max_length')}"
    if kind == "string_too_long":
        what = "the key is" if spot.is_key else "is"
        length = f"{len(value):,} characters" if isinstance(value, str) else "too long"
        return f"{what} {length} long; allowed: text of at most {ctx.get('max_length'):,} characters"
    if kind in ("union_tag_not_found", "union_tag_invalid"):
        return _tag_message(kind, ctx, tp)
    if kind in ("model_type", "model_attributes_type", "dataclass_type") and _is_model(_unwrap(tp)):
        return f"must be a mapping of fields ({', '.join(_unwrap(tp).model_fields)})"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal", "finite_number") \
            or kind in _TYPE_WORDS:
        text = _range(tp, value) if tp is not None else None
        if text is None:
            text = _TYPE_WORDS.get(kind) or _bound_words(kind, ctx, value)
        elif kind == "finite_number":
            text = "a finite " + text.removeprefix("a ")
        prefix = "the key must be " if spot.is_key else "must be "
        return prefix + text
    msg = str(err.get("msg", "is not valid"))
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    return msg


def _tag_message(kind: str, ctx: dict, tp) -> str:
    """A tagged mapping (a pay component) without its tag, or with an unknown one: list the tags."""
    field = str(ctx.get("discriminator", "kind")).strip("'\"")
    tags = [t for arm in _arms(_unwrap(tp)) if _is_model(_unwrap(arm))
            for t in (_literal_options(_field_type(_unwrap(arm), field)) or [])]
    allowed = _quoted(tags) if tags else str(ctx.get("expected_tags", "?"))
    if kind == "union_tag_not_found":
        return f"has no {field}: field, which names the component; allowed {field}s: {allowed}"
    tag = ctx.get("tag")
    return f"unknown {field} {tag!r}; {_did_you_mean(tag, tags)}allowed {field}s: {allowed}"


def _bound_words(kind: str, ctx: dict, value) -> str:
    kind_word = "a whole number" if isinstance(value, int) and not isinstance(value, bool) else "a number"
    for name, sign in (("gt", ">"), ("ge", ">="), ("lt", "<"), ("le", "<=")):
        if name in ctx:
            return f"{kind_word} {sign} {_num(ctx[name])}"
    return kind_word


# ------------------------------------------------------------------ union branches
def _best_branches(items: list[tuple[dict, _Spot]]) -> list[tuple[dict, _Spot]]:
    """A value that fits no branch of a union gets errors from every branch. Keep the
    branch the user evidently meant: fewest unknown/missing fields, then the deepest
    error, then the fewest errors. Branches that tie are all kept (merged later)."""
    groups: dict[tuple, dict[str, list]] = {}
    for err, spot in items:
        if spot.union_at is not None:
            groups.setdefault(spot.clean[: spot.union_at], {}).setdefault(spot.branch, []).append((err, spot))
    keep_branch: dict[tuple, set] = {}
    for prefix, branches in groups.items():
        def score(errs):
            structural = sum(e["type"] in ("extra_forbidden", "missing") for e, _ in errs)
            depth = max(len(s.clean) for _, s in errs)
            return (structural, -depth, len(errs))
        best = min(score(v) for v in branches.values())
        keep_branch[prefix] = {b for b, v in branches.items() if score(v) == best}
    kept = []
    for err, spot in items:
        if spot.union_at is None:
            kept.append((err, spot))
            continue
        branches = keep_branch[spot.clean[: spot.union_at]]
        if spot.branch in branches:
            if len(branches) > 1 and spot.branch[:1].isupper():  # say which reading each error belongs to
                err = {**err, "_reading": spot.branch}
            kept.append((err, spot))
    return kept


# ------------------------------------------------------------------ the converter
Locate = Callable[[tuple], "tuple[str, int | None]"]


def problems_from_validation(exc: ValidationError, source: str, locate: Locate | None = None,
                             data: Any = None, *, model: type[BaseModel]) -> list[Problem]:
    """One Problem per error in ``exc`` (the 'consistency' error gives one per finding).

    ``locate(path_parts) -> (file, line)`` maps a field path (a tuple of str) to where it
    was written; ``data`` is the validated input, used to show values of cross-field problems;
    ``model`` is the class that was validated (the root the error locations start from).
    """
    locate = locate or (lambda parts: (source, None))
    items = [(err, _walk(model, tuple(err["loc"]))) for err in exc.errors(include_url=False)]
    merged: dict[tuple, list] = {}  # (path, value) -> messages, in order
    order: list[tuple] = []
    for err, spot in _best_branches(items):
        if err["type"] == "consistency":
            for path, msg in (err.get("ctx") or {}).get("problems", []):
                key = (path, _value_at(data, path), "")
                merged.setdefault(key, []).append(msg)
                order.append(key)
            continue
        path = ".".join(str(p) for p in spot.clean)
        shown = _shown(err, spot)
        key = (path, shown, "key" if spot.is_key else "")
        reading = f" [if read as {err['_reading']}]" if "_reading" in err else ""
        merged.setdefault(key, []).append(_message(err, spot) + reading)
        order.append(key)
    problems = []
    for key in dict.fromkeys(order):
        path, shown, _ = key
        messages = list(dict.fromkeys(merged[key]))
        text = messages[0]
        for more in messages[1:]:  # branches of a union that fit equally badly: "must be A or B"
            text += " or " + more.removeprefix("must be ") if more.startswith("must be ") else "; " + more
        file, line = locate(tuple(path.split("."))) if path else locate(())
        problems.append(Problem(file, path, shown, text, line))
    return problems


def _shown(err: dict, spot: _Spot) -> str | None:
    """The value to print after "got", or None where it would say nothing new."""
    if err["type"] in ("missing", "extra_forbidden", "too_long") or spot.is_key:
        return None  # the path already names the key
    value = err.get("input")
    if isinstance(value, (dict, list)) and err["type"] in ("value_error", "assertion_error"):
        return None  # a whole section: the message says what is wrong with it
    return short(value)


def _value_at(data: Any, path: str) -> str | None:
    node = data
    for part in path.split(".") if path else ():
        if isinstance(node, dict):
            hit = next((v for k, v in node.items() if str(k) == part), _MISSING)
            if hit is _MISSING:
                return None
            node = hit
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return None
    if node is data or isinstance(node, (dict, list)) and len(short(node)) >= 60:
        return None
    return short(node)


_MISSING = object()
