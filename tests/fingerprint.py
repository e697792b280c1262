"""A fingerprint of a run's tables that holds on every machine, for the identity tests.

A digest of every number in full precision changes when a machine of another kind computes the
last bit of an ``exp`` differently (``simkit.library.truth`` says why: at most a few units in the
last place, never a decision). So the identity tests keep, for each table, its row count and
columns; each column that is not floating point (counts, flags, names, ids) as a SHA-256 of its
text, exactly; and each floating-point column as its count of missing values and three sums in
full precision — plain, absolute, and weighted by position (so a reordering moves it) — each
compared to ``RTOL`` of the column's absolute sum. A change of the model moves a sum by far more
(one decision that turns moves a column's numbers by more than 1e-6); a machine's last bits
cannot move one by that much.

    python tests/fingerprint.py --write     # take the fingerprints again (after a deliberate change)

writes ``IDENTITY`` (tests/data/identity.json): the shipped scenarios' short runs
(tests/test_results_identity.py) and the foresight-0 runs (tests/behaviour/test_foresight_identity.py).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simkit.library.truth import RTOL

IDENTITY = Path(__file__).resolve().parent / "data" / "identity.json"


def _sums(values: np.ndarray) -> list[float]:
    present = ~np.isnan(values)
    x = np.where(present, values, 0.0)
    weights = np.arange(1, len(x) + 1, dtype="float64") / max(len(x), 1)
    return [int((~present).sum()), float(x.sum()), float(np.abs(x).sum()), float((x * weights).sum())]


def column(series: pd.Series) -> dict:
    """One column's fingerprint: sums of a floating-point column, else the SHA-256 of its text."""
    if pd.api.types.is_float_dtype(series.dtype):
        return {"float": _sums(series.to_numpy(dtype="float64", na_value=np.nan))}
    text = series.to_csv(index=False, header=False)
    return {"sha": hashlib.sha256(text.encode()).hexdigest()[:16]}


def fingerprint(tables: dict[str, pd.DataFrame]) -> dict:
    """``{table: {"rows": n, "columns": {name: column fingerprint}}}``."""
    return {name: {"rows": len(table), "columns": {c: column(table[c]) for c in table.columns}}
            for name, table in tables.items()}


def _float_differs(stored: list, now: list) -> bool:
    missing, *sums = stored
    scale = max(abs(stored[2]), abs(now[2]))
    return missing != now[0] or any(abs(a - b) > RTOL * scale for a, b in zip(sums, now[1:]))


def differences(stored: dict, now: dict) -> list[str]:
    """What differs: a table or column gone, a row count, a column's text or sums. A column that
    is new since the fingerprint was taken is allowed (it records something new)."""
    out = []
    for name, table in stored.items():
        if name not in now:
            out.append(f"{name}: no longer made")
            continue
        if table["rows"] != now[name]["rows"]:
            out.append(f"{name}: {table['rows']} rows then, {now[name]['rows']} now")
        for col, print_ in table["columns"].items():
            here = now[name]["columns"].get(col)
            if here is None:
                out.append(f"{name}.{col}: no longer there")
            elif print_.keys() != here.keys():
                out.append(f"{name}.{col}: its type changed")
            elif "sha" in print_ and print_["sha"] != here["sha"]:
                out.append(f"{name}.{col}: its values changed")
            elif "float" in print_ and _float_differs(print_["float"], here["float"]):
                out.append(f"{name}.{col}: its numbers changed ({print_['float']} then, {here['float']} now)")
    return out


def stored(suite: str) -> dict:
    """The fingerprints kept for ``suite`` ("scenarios" or "foresight")."""
    return json.loads(IDENTITY.read_text(encoding="utf-8"))[suite]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="take every fingerprint again and write them")
    args = parser.parse_args(argv)
    if not args.write:
        parser.print_help()
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.path.insert(0, str(Path(__file__).resolve().parent / "behaviour"))
    import test_foresight_identity as foresight  # noqa: PLC0415 (the suites' own runs, only when writing)
    import test_results_identity as scenarios  # noqa: PLC0415
    out = {"scenarios": {}, "foresight": {}}
    for name in scenarios.scenario_files():
        out["scenarios"][name] = scenarios.tables_print(scenarios.SCENARIOS / name)
        print(f"scenarios: {name}", file=sys.stderr)
    for scheme, months in foresight.RUNS:
        out["foresight"][f"{scheme}/{months}"] = foresight.tables_print(foresight.scenario(scheme, months, 0.0))
        print(f"foresight: {scheme} {months} months", file=sys.stderr)
    IDENTITY.write_text(json.dumps(out, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
