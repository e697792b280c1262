"""Computing the results library: every experiment's arms through the sweep store, then compact.

``build`` runs each arm of each experiment as a sweep into a work folder
(``out/library/<experiment>/<arm>/``; resumable: a folder already there is resumed, so an
interrupted ``make results`` computes only what is missing), then writes one Parquet file per
experiment into the library folder and the manifest beside it.

A library file holds only what the notebooks and lessons read: the tidy task summaries
(``simkit.experiment.tasks``: per bank-month, per role-month means, whole-run KPIs) of every
arm and replication, without the columns a reader reconstructs (task ids, points) and without
the metrics nobody reads (``DROPPED``), sorted, with categorical text columns and zstd
compression, so that regenerating it adds little to the repository's history.

An experiment with ``people_last`` also stores, per replication and role, the fairness
measures of ``simkit.measure.fairness`` over its last months (scope ``people``: Gini of pay,
rank correlation of pay with contribution, the share of pay explained by the inherited
portfolio, the pay gap between the richest and the poorest inherited book), computed here from
every person's monthly rows (``people_rows``), which are not stored themselves.

``condense`` is the one reduction from a task summary (and its people rows) to library rows:
the truth test (tests/library/test_library_truth.py, with ``simkit.library.truth``) re-runs one
task of every experiment through it and requires the stored rows (to 1e-9: ``simkit.library.truth``).
"""
from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..experiment.runner import run_sweep
from ..experiment.store import write_atomic
from ..measure.fairness import book_pay_gap, fairness
from ..results import _version
from ..scenario import FIELD_MARGINS, scenario_json
from .spec import LIBRARY, Experiment, LibraryError, load_experiments

__all__ = ["build", "condense", "people_rows", "write_experiment", "COLUMNS", "DROPPED", "WORK", "PEOPLE"]

COLUMNS = ["arm", "replication", "scope", "period", "role", "metric", "value"]
#: metrics left out of the library: the foresight's own estimates, the per-product pushes and
#: sales amounts (the counts per product are kept), none of which a notebook or lesson reads, and
#: the lobby manager's education, complaint-handling and retention habits, 0 throughout because no
#: experiment switches those processes on (docs/processes.md; an experiment that does must keep them)
DROPPED = re.compile(r"^(foreseen\.|push\.|kpi\.sales_amount\.|(choice|policy)\.(education|handling|retention)$)")
WORK = Path("out") / "library"  # the sweeps' stores, under the working directory
FORMAT = 1
_CATEGORIES = ("arm", "scope", "role", "metric")
#: the people-scope metrics: ``simkit.measure.fairness``'s three measures and the book pay gap
PEOPLE = ("gini_pay", "rank_corr_pay_contribution", "portfolio_r2", "book_pay_gap")


def people_rows(staff_periods: pd.DataFrame, scenario, last: int) -> pd.DataFrame:
    """Every replication's fairness measures per role over its ``last`` months, as summary
    rows (scope ``people``, no period; undefined measures, e.g. a rank correlation of equal
    pay, left out as in every summary). ``staff_periods``: a task's or a sweep's person rows."""
    frames = []
    for replication, group in staff_periods.groupby("replication", sort=True):
        measures = fairness(group, scenario, last=last)[list(PEOPLE[:3])]
        if "customer_manager" in measures.index:
            measures.loc["customer_manager", "book_pay_gap"] = book_pay_gap(group, last=last)
        long = measures.rename_axis("role").reset_index().melt(id_vars="role", var_name="metric")
        frames.append(long.assign(replication=int(replication)))
    out = pd.concat(frames, ignore_index=True).dropna(subset=["value"])
    return out.assign(scope="people", period=pd.NA)[["replication", "scope", "period", "role", "metric", "value"]]


def condense(summary: pd.DataFrame, arm: str, people: pd.DataFrame | None = None) -> pd.DataFrame:
    """Task summaries (``simkit.experiment.tasks`` columns) of one arm, and its ``people_rows``
    if the experiment keeps them -> library rows."""
    kept = summary.loc[~summary["metric"].str.match(DROPPED), ["replication", "scope", "period", "role", "metric",
                                                                "value"]]
    if people is not None:
        kept = pd.concat([kept, people], ignore_index=True)
    out = kept.assign(arm=arm)[COLUMNS]
    out["replication"] = out["replication"].astype("int16")
    out["period"] = out["period"].astype("Int16")
    out["value"] = out["value"].astype("float64")
    for name in ("arm", "scope", "role", "metric"):
        out[name] = out[name].astype(str).where(out[name].notna(), None)
    return out.sort_values(["replication", "scope", "period", "role", "metric"], na_position="first",
                           kind="stable").reset_index(drop=True)


def _table(rows: pd.DataFrame) -> pa.Table:
    frame = rows.copy()
    for name in _CATEGORIES:
        frame[name] = frame[name].astype("category")
    return pa.Table.from_pandas(frame, preserve_index=False)


def write_experiment(rows: pd.DataFrame, path: Path) -> int:
    """Write an experiment's rows as Parquet (atomically); the file's size in bytes."""
    sink = pa.BufferOutputStream()
    pq.write_table(_table(rows), sink, compression="zstd", compression_level=9, use_dictionary=True)
    data = sink.getvalue().to_pybytes()
    write_atomic(path, data)
    return len(data)


def _commit() -> str:
    """The repository's commit, when the code runs from a git checkout ("" otherwise)."""
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=Path(__file__).parent, capture_output=True,
                             text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return ""
    return out.stdout.strip() if out.returncode == 0 else ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _run_arm(experiment: Experiment, arm: str, work: Path, options: dict, log) -> pd.DataFrame:
    sweep = experiment.sweep(arm)
    out = work / experiment.name / arm
    print(f"{experiment.name} / {arm}: {experiment.replications} replications x {experiment.periods} months",
          file=log, flush=True)
    result = run_sweep(sweep, out, resume=out.exists(), log=log, **options)
    people = None
    if experiment.people_last:
        people = people_rows(result.logs("staff_periods"), sweep.points[0].scenario, experiment.people_last)
    return condense(result.summary, arm, people)


def _entry(experiment: Experiment, file: Path, size: int, rows: int) -> dict:
    arms = {}
    for arm in experiment.arms:
        sweep = experiment.sweep(arm)
        arms[arm] = {"scenario": _digest(scenario_json(sweep.points[0].scenario)),
                     "tasks": [task.id for task in sweep.tasks()]}
    return {"file": file.name, "description": experiment.description, "periods": experiment.periods,
            "replications": experiment.replications, "seed": experiment.seed,
            "arrivals_factor": experiment.arrivals_factor, "set": experiment.overrides,
            "people_last": experiment.people_last,
            "margins": FIELD_MARGINS if experiment.margins else {}, "arms": arms, "rows": rows, "bytes": size}


def build(only=None, *, library: Path = LIBRARY, work: Path = WORK, executor: str = "processes",
          workers: int | None = None, address: str | None = None, progress: bool = True, log=None) -> dict:
    """Compute the experiments named in ``only`` (default: all) and write their library files
    and the manifest; returns the manifest.

    Why so many parameters: the options of ``simkit results``, keyword-only with defaults
    (the executor's three are ``run_sweep``'s own)."""
    log = log or sys.stderr
    library, work = Path(library), Path(work)
    experiments = load_experiments(library / "experiments.yaml")
    names = list(experiments) if not only else list(only)
    unknown = [name for name in names if name not in experiments]
    if unknown:
        raise LibraryError(f"no experiment {unknown[0]!r}; allowed: {', '.join(experiments)}")
    manifest_path = library / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"experiments": {}}
    options = {"executor": executor, "workers": workers, "address": address, "progress": progress}
    for name in names:
        experiment = experiments[name]
        rows = pd.concat([_run_arm(experiment, arm, work, options, log) for arm in experiment.arms],
                         ignore_index=True)
        file = library / f"{name}.parquet"
        size = write_experiment(rows, file)
        manifest["experiments"][name] = _entry(experiment, file, size, len(rows))
        _write_manifest(manifest, list(experiments), manifest_path)  # after each: an interruption keeps it
        print(f"{name}: {len(rows):,} rows, {size / 1e6:.2f} MB -> {file}", file=log, flush=True)
    return manifest


def _write_manifest(manifest: dict, order: list[str], path: Path) -> None:
    """The manifest, experiments in the file's order, stamped with the code that computed them."""
    manifest["experiments"] = {n: manifest["experiments"][n] for n in order if n in manifest["experiments"]}
    manifest.update({"format": FORMAT, "simkit": _version(), "commit": _commit(),
                     "built": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")})
    write_atomic(path, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
