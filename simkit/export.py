"""``simkit export``: a saved run's person-month panel and loan files, for Stata, R and Python.

    simkit export RESULTS_DIR... --out DIR [--force]

``RESULTS_DIR`` is a folder written by ``simkit run --out`` (``Results.save``) of a scenario
with assessment periods, or a sweep's folder (``simkit sweep``) whose sweep kept the
``staff_periods`` and ``loan_applications`` tables (``logs:``); several folders give one table
with a row per run (``run`` is the folder's name, and for a sweep's task
``FOLDER/pPOINT_rREPLICATION``). ``DIR`` receives ``panel.csv``, ``panel.parquet``, ``panel_codebook.csv``,
``panel_codebook.md`` and the same four for ``loans`` (``simkit.report.panel``). Files
already there are replaced only with ``--force``. A folder that is not saved results, or a
run without periods, gets one line on stderr and exit status 2.
"""
from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from .arguments import ArgumentError, check_out, printable
from .errors import StoreError
from .experiment.seeds import as_sequence
from .experiment.store import ResultStore
from .experiment.tasks import decode, task_id
from .report.panel import ExportError, loan_files, person_month_panel, write_table
from .results import Results, load
from .scenario.models import Scenario

__all__ = ["export", "add_commands", "EXPORTED"]

#: the files ``export`` writes into its folder
EXPORTED = tuple(f"{table}{tail}" for table in ("panel", "loans")
                 for tail in (".csv", ".parquet", "_codebook.csv", "_codebook.md"))


def _labels(folders: list[Path]) -> list[str]:
    """Each folder's name, or its whole path where two names are the same."""
    names = [f.name or str(f) for f in folders]
    return [n if names.count(n) == 1 else str(f) for n, f in zip(names, folders)]


def export(folders, out, force: bool = False) -> list[Path]:
    """Write the person-month panel and the loan files of the results in ``folders`` (one
    folder or several: saved runs, or sweeps that kept ``staff_periods`` and
    ``loan_applications``) into ``out``, each as CSV, Parquet and a codebook (CSV and
    Markdown); returns the paths written. Raises ``simkit.ArgumentError`` for an ``out`` that
    cannot be written or already holds an export (without ``force``), ``StoreError`` for a
    folder that is neither saved results nor a sound sweep, and
    ``simkit.report.panel.ExportError`` for a run without assessment periods or a sweep that
    kept neither table — each before anything is written."""
    folders = [Path(folders)] if isinstance(folders, (str, Path)) else [Path(f) for f in folders]
    target = check_out(out)
    there = [name for name in EXPORTED if (target / name).exists()]
    if there and not force:
        raise ArgumentError("out", "another folder, or --force (force=True) to replace them", str(out),
                            f"{printable(target)} already holds {', '.join(there[:2])}{', ...' if len(there) > 2 else ''}")
    runs = {}
    for label, folder in zip(_labels(folders), folders):
        runs.update(_sweep_runs(folder, label) if (folder / "manifest.json").exists() else {label: load(folder)})
    panel, loans = person_month_panel(runs), loan_files(runs)
    return write_table(panel, target, "panel") + write_table(loans, target, "loans")


#: the tables of a sweep's task the export is made from
_SWEEP_TABLES = ("staff_periods", "loan_applications")


def _sweep_runs(folder: Path, label: str) -> dict[str, Results]:
    """``{FOLDER/pPOINT_rREPLICATION: Results}`` of every finished task of the sweep in ``folder``,
    each holding the task's ``staff_periods`` and ``loan_applications`` and its point's scenario."""
    store = ResultStore.read(folder)
    manifest = store.manifest
    missing = [name for name in _SWEEP_TABLES if name not in manifest.get("logs", [])]
    if missing:
        raise ExportError(f"{folder}: this sweep kept no {' or '.join(missing)} tables; allowed: a sweep with "
                          f"logs: [{', '.join(_SWEEP_TABLES)}] (or a folder written by simkit run --out)")
    scenarios = {p["point"]: _point_scenario(folder, p) for p in manifest["points"]}
    runs = {}
    for task in store.task_rows():
        if not store.summary_path(task["id"]).is_file():
            continue  # not finished
        tables = {}
        for name in _SWEEP_TABLES:
            path = store.log_path(task["id"], name)
            try:
                tables[name] = decode(path, task["id"], name).drop(columns=["point", "replication"])
            except (OSError, ValueError) as e:
                raise StoreError(f"{path} is damaged or missing ({e}); recompute it with: "
                                 f"{store.resume_command()}") from None
        if task_id(scenarios[task["point"]], task["seed"], manifest.get("days")) != task["id"]:
            raise StoreError(f"{folder / 'manifest.json'}: point {task['point']}'s scenario is not the one task "
                             f"{task['id']} ran (its id does not match); {store.resume_command()}")
        runs[f"{label}/p{task['point']}_r{task['replication']}"] = Results(
            scenarios[task["point"]], as_sequence(task["seed"]), manifest.get("days"), tables=tables)
    if not runs:
        raise ExportError(f"{folder}: the sweep has no finished task; allowed: a sweep with at least one")
    return runs


def _point_scenario(folder: Path, point: dict):
    """A sweep point's resolved scenario from the manifest (JSON: whole-number keys are text there)."""
    try:
        return Scenario.model_validate_json(json.dumps(point["scenario"]))
    except (ValidationError, KeyError, TypeError) as e:
        first = str(e).splitlines()[0][:200]
        raise StoreError(f"{folder / 'manifest.json'}: point {point.get('point')}'s scenario does not validate "
                         f"({first}); allowed: a manifest written by simkit sweep") from None


def _export_command(args) -> int:
    paths = export(args.folders, args.out, force=args.force)
    for path in paths:
        print(f"wrote {printable(path)}")
    return 0


def add_commands(commands) -> None:
    """Add ``simkit export`` to the command line's subcommands."""
    command = commands.add_parser("export", help="a saved run's person-month panel and loan files as CSV, Parquet "
                                                 "and codebooks (for Stata, R, Python)")
    command.add_argument("folders", nargs="+", metavar="RESULTS_DIR", help="folders written by simkit run --out")
    command.add_argument("--out", required=True, metavar="DIR", help="folder to write the tables and codebooks into")
    command.add_argument("--force", action="store_true", help="replace an export already in DIR")
    command.set_defaults(fn=_export_command)
