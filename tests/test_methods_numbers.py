"""Every number docs/methods.md ties to the code is the code's.

docs/methods.md writes a default as a value in backticks followed by its place in the code in
backticks and parentheses: `` `0.6` (`simkit/scenario/models.py:Learning.rate`) ``. The place is
a Python file and a dotted name in it — a module constant (``CLEAR``), or a pydantic model's
field default followed into nested defaults, dicts and lists
(``Pay.teller.components.0.base``) — or a shipped YAML file and a dotted key path in it.
Each value is compared with what that name holds now: numbers as numbers, ``true``/``false``
as booleans, anything else as text.
"""
from __future__ import annotations

import importlib
import math
import re

import pytest
from pydantic import BaseModel
from ruamel.yaml import YAML

from helpers import ROOT

METHODS = ROOT / "docs" / "methods.md"
REFERENCE = re.compile(r"`(?P<value>[^`\s]+)`\s*\(`(?P<path>[\w./-]+\.(?:py|yaml)):(?P<name>[\w.]+)`\)")
#: (stated reason) a methods section that ties fewer numbers than this to the code has lost its checks
AT_LEAST = 100


def references(text: str) -> list[tuple[str, str, str]]:
    """(value, file, dotted name) of every reference in ``text``."""
    return [(m["value"], m["path"], m["name"]) for m in REFERENCE.finditer(text.replace("\n", " "))]


def _step(obj, key: str):
    """``obj``'s member ``key``: a model class's field default, a dict's key, a list's index, an attribute."""
    if isinstance(obj, type) and issubclass(obj, BaseModel):
        return obj.model_fields[key].get_default(call_default_factory=True)
    if isinstance(obj, dict):
        return obj[int(key)] if key.isdigit() and int(key) in obj else obj[key]
    if isinstance(obj, (list, tuple)):
        return obj[int(key)]
    return getattr(obj, key)


def code_value(path: str, name: str):
    """What ``name`` holds in the file ``path`` (relative to the repository)."""
    parts = name.split(".")
    if path.endswith(".yaml"):
        obj = YAML(typ="safe").load((ROOT / path).read_text(encoding="utf-8"))
    else:
        obj = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    for key in parts:
        obj = _step(obj, key)
    return obj


def matches(written: str, value) -> bool:
    if isinstance(value, bool):
        return written == str(value).lower()
    if isinstance(value, (int, float)):
        try:
            return math.isclose(float(written), float(value), rel_tol=1e-12, abs_tol=0.0)
        except ValueError:
            return False
    return written == str(value)


def mismatches(text: str) -> list[str]:
    out = []
    for written, path, name in references(text):
        try:
            value = code_value(path, name)
        except (AttributeError, KeyError, IndexError, ModuleNotFoundError, FileNotFoundError) as e:
            out.append(f"{path}:{name}: not found in the code ({type(e).__name__}: {e})")
            continue
        if not matches(written, value):
            out.append(f"{path}:{name}: methods.md says {written}, the code has {value!r}")
    return out


def test_every_number_tied_to_the_code_is_the_codes():
    text = METHODS.read_text(encoding="utf-8")
    assert len(references(text)) >= AT_LEAST
    problems = mismatches(text)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("line, problem", [
    ("`0.7` (`simkit/scenario/models.py:Learning.rate`)", "says 0.7, the code has 0.6"),
    ("`4` (`simkit/behaviour/learning.py:NO_SUCH_CONSTANT`)", "not found"),
    ("`0.5` (`scenarios/baseline.yaml:customers.segments.mass.share`)", "says 0.5, the code has 0.7"),
    ("`true` (`simkit/scenario/models.py:Learning.enabled`)", "says true, the code has False"),
    ("`9999.0` (`simkit/scenario/models.py:Pay.teller.components.0.base`)", "the code has 3000.0"),
])
def test_the_checker_has_teeth(line, problem):
    assert problem in "\n".join(mismatches(line))


def test_a_right_number_passes_the_checker():
    assert mismatches("`0.6` (`simkit/scenario/models.py:Learning.rate`) and `3` "
                      "(`simkit/scenario/models.py:Layout.windows.ordinary`)") == []
