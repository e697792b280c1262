"""Same scenario and seed -> identical tables (docs/design.md rule 2), in this process and in
a fresh interpreter with a different hash seed (so no set or dict order leaks in)."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys

import pandas as pd

import simkit

from helpers import ROOT, SCENARIOS

BASELINE = SCENARIOS / "baseline.yaml"


def _digest(res) -> str:
    h = hashlib.sha256()
    for name in ("customers", "events", "staff_activity"):
        h.update(pd.util.hash_pandas_object(getattr(res, name), index=False).to_numpy().tobytes())
    return h.hexdigest()


def test_same_seed_same_tables():
    a, b = simkit.run(BASELINE, days=3), simkit.run(BASELINE, days=3)
    for name in ("customers", "events", "staff_activity", "queue"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))


def test_different_seed_different_tables():
    a, b = simkit.run(BASELINE, days=2, seed=1), simkit.run(BASELINE, days=2, seed=2)
    assert _digest(a) != _digest(b)


def test_identical_in_a_fresh_interpreter_with_another_hash_seed():
    code = ("import sys; sys.path.insert(0, %r); import simkit, helpers; "
            "from test_determinism import _digest; print(_digest(simkit.run(%r, days=2)))"
            % (str(ROOT / "tests"), str(BASELINE)))
    env = dict(os.environ, PYTHONHASHSEED="12345", PYTHONPATH=os.pathsep.join(
        [str(ROOT), str(ROOT / "tests" / "branch"), str(ROOT / "tests")]))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == _digest(simkit.run(BASELINE, days=2))
