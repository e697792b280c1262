"""A run's results: tidy tables built once from the event log, KPIs, save and load.

Tables are computed lazily on first access and cached, so a sweep that only wants KPIs
never builds the ``events`` table twice. ``save(dir)`` writes one Parquet file per table
plus the fully resolved scenario and the seed, so every figure can be traced back to its
inputs; ``load`` reads them back into an equal object, after checking that the files
still belong together (the digests ``save`` records in ``run.json``).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from functools import cached_property
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from . import measure
from .arguments import ArgumentError, printable
from .branch.calendar import make_days
from .errors import StoreError
from .scenario import ScenarioError, dump_scenario, load_scenario, scenario_from_dict, scenario_json
from .scenario.loader import parse_yaml
from .vocabulary import ACTIVITIES, WORK_ACTIVITIES

#: the activities that are work (serving, triage, selling, second triage, teaching, complaints, retention)
WORK = list(ACTIVITIES[:WORK_ACTIVITIES])

TABLES = ("customers", "events", "staff_activity", "queue", "staff_periods", "bank_periods", "payslips",
          "loan_applications")
_FILE_COLUMNS = ["period", "post", "screening", "strictness", "risk", "bad_risk", "approved", "amount", "secured",
                 "state", "category", "defaulted_month", "profit"]
_ADDED_LATER = {"loan_applications": _FILE_COLUMNS}  # tables that older saved results do not have


class Results:
    """One run's results, as ``simkit.run`` returns them: tidy tables, KPIs, save and load.

    Tables (``customers``, ``events``, ``staff_periods``, ...) are built on first access;
    ``kpis()`` gives the headline numbers, ``save(dir)`` writes them and ``load`` reads them back.
    """

    def __init__(self, scenario, seed: int, days: int, branch=None, tables: dict | None = None, sim=None):
        self.scenario = scenario
        self.seed = seed
        self.days = days
        self._branch = branch
        self._sim = sim
        if tables:
            self.__dict__.update(tables)  # loaded from disk: fills the cached properties

    @cached_property
    def customers(self) -> pd.DataFrame:
        """One row per customer visit; ``period`` is the assessment period of its day (0-based)."""
        df = measure.customers_table(self._branch.customers)
        ends = np.asarray(self._sim.ends if self._sim is not None else [self.days])
        df["period"] = np.searchsorted(ends, df["day"].to_numpy(), side="right")
        return df

    @cached_property
    def events(self) -> pd.DataFrame:
        return measure.events_table(self._branch.log.rows)

    @cached_property
    def staff_activity(self) -> pd.DataFrame:
        return measure.activity_table(self._branch.log.activity)

    @cached_property
    def queue(self) -> pd.DataFrame:
        return measure.queue_table(self.events)

    @cached_property
    def staff_periods(self) -> pd.DataFrame:
        """One row per person per assessment period: choices, indicators, pay, effort, utility."""
        df = pd.DataFrame(self._sim.staff_rows)
        # a person with no sale of a product (no loan, ...) in a period has no such key: that is 0, not unknown
        kpi = [c for c in df.columns if c.startswith("kpi.")]
        df[kpi] = df[kpi].fillna(0.0)
        return df

    @cached_property
    def bank_periods(self) -> pd.DataFrame:
        """One row per period: balances, NPL ratio, provisions, income, costs and profit."""
        return pd.DataFrame(self._sim.bank_rows)

    @cached_property
    def payslips(self) -> pd.DataFrame:
        """Every payslip line of every person and period (long format)."""
        return pd.DataFrame(self._sim.payslip_rows, columns=["person", "post", "period", "line", "kind", "amount",
                                                             "held", "formula"])

    @cached_property
    def loan_applications(self) -> pd.DataFrame:
        """Every loan application a customer manager read: one row per file.

        ``period`` and ``post`` (join ``staff_periods`` on both for the person), the habits it
        was read with (``screening``, ``strictness``), ``risk`` — the manager's reading, the
        chance the applicant is a bad risk given what the investigation showed (refused above
        ``1 − strictness``: ``simkit.bank.loans.cutoff``) — and ``approved``. ``bad_risk``
        is the applicant's hidden quality: nobody in the bank sees it and the learning rule
        never does; it is here so that a researcher can score the screening. Approved files
        also show the loan: ``amount``, ``secured``, and what became of it by the end of the
        run: ``state`` (open, repaid, written_off), ``category`` (the five-category class if
        still open), ``defaulted_month`` (month from the run's start it first fell overdue,
        −1 never) and ``profit`` (¥ interest collected − funding cost − loan loss so far: the
        loan's part of its manager's responsibility profit)."""
        df = pd.DataFrame(self._sim.books.file_rows(), columns=_FILE_COLUMNS)
        return df.astype({"secured": "boolean", "defaulted_month": "Int64"})  # empty for refused files

    @property
    def days_open(self) -> int:
        scenario = self.scenario
        return sum(d.is_open for d in make_days(scenario.branch, scenario.arrivals, scenario.horizon.start_date,
                                                self.days))

    def kpis(self) -> dict:
        """Headline KPIs of the run as a plain dict."""
        kpis = measure.customer_kpis(self.customers, self.events, self.days)
        opening = self.scenario.branch
        usage = measure.utilisation(self.staff_activity, self.days_open, opening.close_minute - opening.open_minute)
        for role in ("teller", "customer_manager", "lobby_manager", "machine"):
            busy = usage[(usage["role"] == role) & usage["activity"].isin(WORK)]
            staff = usage.loc[usage["role"] == role, "staff"].nunique()
            open_minutes = staff * self.days_open * (opening.close_minute - opening.open_minute)
            kpis[f"utilisation_{role}"] = float(busy["minutes"].sum() / open_minutes) if staff else float("nan")
        return kpis

    def kpi_table(self) -> pd.DataFrame:
        return measure.kpi_table(self.kpis())

    def fairness(self, last: int | None = None) -> pd.DataFrame:
        """Gini of pay, rank correlation of pay with true contribution and the share of pay
        explained by inherited portfolios, per role (see ``simkit.measure.fairness``)."""
        if self.staff_periods.empty:
            raise ValueError("fairness needs a multi-period run (a scenario with horizon.periods)")
        return measure.fairness(self.staff_periods, self.scenario, last=last)

    def utilisation(self) -> pd.DataFrame:
        b = self.scenario.branch
        return measure.utilisation(self.staff_activity, self.days_open, b.close_minute - b.open_minute)

    # ------------------------------------------------------------------ persistence
    def save(self, folder: str | os.PathLike, overwrite: bool = False) -> Path:
        """Write every table (``<table>.parquet``), the fully resolved scenario
        (``scenario.yaml``) and ``run.json`` (seed, days, simkit version, and the SHA-256 of
        the resolved scenario and of each table file, which ``load`` checks).

        ``folder`` must be new or empty, or hold results saved earlier and ``overwrite=True``
        (command line: ``simkit run --out DIR --force``): another run's results are never
        replaced silently (``check_save_folder``). Every file is written under a temporary
        name first and renamed into place only when all are written, ``run.json`` last, so a
        save that fails (a full disk, a table that cannot be built) leaves the earlier results
        as they were; a crash in the middle of the renames leaves tables that no longer match
        ``run.json``'s digests, which ``load`` reports instead of mixing two runs."""
        out = check_save_folder(folder, overwrite)
        scenario_text = _scenario_text(self.scenario, out / "scenario.yaml")
        out.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        try:
            tables = {}
            for name in TABLES:
                buf = io.BytesIO()
                getattr(self, name).to_parquet(buf, index=False)
                tables[name] = _sha256(buf.getvalue())
                staged.append(_stage(out / f"{name}.parquet", buf.getvalue()))
            staged.append(_stage(out / "scenario.yaml", scenario_text))
            meta = {"seed": _seed_data(self.seed), "days": self.days, "simkit": _version(),
                    "digests": {"scenario": _scenario_digest(self.scenario), "tables": tables}}
            staged.append(_stage(out / "run.json", json.dumps(meta, indent=2).encode("utf-8")))
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        for tmp, final in staged:  # run.json last: it vouches for the files renamed before it
            os.replace(tmp, final)
        return out


#: what ``Results.save`` may write into, in messages
_SAVE_ALLOWED = "a new or empty folder, or a folder of saved results with overwrite=True (command line: --force)"
#: (stated reason) a folder is named whole, to be found or copied: PATH_MAX is 4,096 bytes on Linux
_PATH_CHARS = 4096
_SAVED_FILES = {"run.json", "scenario.yaml", *(f"{name}.parquet" for name in TABLES)}


def check_save_folder(folder: str | os.PathLike, overwrite: bool = False, name: str = "folder") -> Path:
    """Where ``Results.save`` may write: a new or empty folder, or — with ``overwrite``
    — one that holds results saved earlier. Raises ``simkit.ArgumentError`` (named
    ``name``: a command passes its flag's name) for a file in the way, earlier results
    without ``overwrite``, or a folder of other files. Cheap, so a command can check its
    output folder before a long run rather than after it."""
    path = Path(os.fspath(folder))
    shown = printable(path, _PATH_CHARS)
    if path.exists() and not path.is_dir():
        raise ArgumentError(name, _SAVE_ALLOWED, str(folder), f"{shown} is a file, not a folder")
    if not path.is_dir():
        return path
    entries = sorted(e.name for e in path.iterdir() if not (e.name.startswith(".") and e.name.endswith(".tmp")))
    if not entries or (overwrite and _SAVED_FILES.intersection(entries)):
        return path
    if _SAVED_FILES.intersection(entries):
        raise ArgumentError(name, "another folder, or overwrite=True to replace them (command line: --force)",
                            str(folder), f"{shown} already holds saved results")
    others = printable(", ".join(entries[:3]) + (", ..." if len(entries) > 3 else ""))
    raise ArgumentError(name, _SAVE_ALLOWED, str(folder), f"{shown} holds other files ({others}), not saved results")


def _stage(final: Path, data: bytes) -> tuple[Path, Path]:
    """Write ``data`` beside ``final`` under a temporary name; (temporary, final)."""
    tmp = final.with_name(f".{final.name}.{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, final


def _scenario_text(scenario, path: Path) -> bytes:
    """``scenario.yaml`` as ``Results.save`` writes it, checked to read back as the same
    scenario (what ``save`` writes, ``load`` reads): a scenario changed without validation
    (``model_copy``) that would not is refused before any file is written."""
    text = dump_scenario(scenario)
    try:
        same = _scenario_digest(_parse_scenario(text, str(path))) == _scenario_digest(scenario)
        why = "it reads back as a different scenario"
    except ScenarioError as e:
        same, why = False, f"it does not validate: {_one_line(e)}"
    if not same:
        raise StoreError(f"{path}: the scenario cannot be saved so that it loads again ({why}); nothing was written; "
                         f"allowed: a scenario that validates (build it with load_scenario or with_overrides, "
                         f"not model_copy)")
    return text.encode("utf-8")


def _parse_scenario(text: str, source: str):
    """A scenario from the text of a saved ``scenario.yaml``, with no size limit (it was
    written by ``Results.save``, not by hand); raises ScenarioError."""
    data, _, _, _ = parse_yaml(text.removeprefix("\ufeff"), source)
    return scenario_from_dict(data, source)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _scenario_digest(scenario) -> str:
    """SHA-256 of the resolved scenario as canonical JSON (what sweep task ids hash too):
    the same for the scenario and for ``scenario.yaml`` read back, whatever its layout."""
    return _sha256(scenario_json(scenario).encode())


def load(folder: str | os.PathLike) -> Results:
    """Read results saved by ``Results.save``, checking that they belong together.

    ``run.json`` records the SHA-256 of the resolved scenario and of each table file; they
    are recomputed here, and a ``scenario.yaml`` swapped for another scenario's, or a table
    that is not the one saved with the others, is refused with a
    ``simkit.experiment.StoreError`` naming the file and what to do. The scenario is
    read back whatever its size (what ``save`` writes, ``load`` reads). Folders saved
    without digests (by simkit versions before them) load unchecked, as they always did.
    Results saved before a table existed load with that table empty."""
    folder = Path(folder)
    meta = _read_meta(folder)
    digests = meta.get("digests")
    tables = {}
    for name in TABLES:
        path = folder / f"{name}.parquet"
        if name in _ADDED_LATER and not path.exists():  # saved before the table existed
            tables[name] = pd.DataFrame(columns=_ADDED_LATER[name])
        else:
            tables[name] = _read_table(path, (digests or {}).get("tables", {}).get(name))
    scenario = _read_scenario(folder / "scenario.yaml", digests)
    return Results(scenario, meta["seed"], meta["days"], tables=tables)


_RERUN = "run the scenario again and save it (Results.save(folder, overwrite=True); simkit run --out DIR --force)"


def _read_meta(folder: Path) -> dict:
    """``run.json`` of a saved-results folder, refused with a clear message if absent or damaged."""
    path = folder / "run.json"
    if not folder.is_dir():
        what = "is a file, not a folder" if folder.exists() else "no such folder"
        raise StoreError(f"{folder}: {what}; allowed: a folder written by Results.save or simkit run --out")
    if not path.is_file():
        raise StoreError(f"{folder}: no run.json here, so these are not saved results; allowed: a folder written "
                         f"by Results.save or simkit run --out")
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise StoreError(f"{path} is damaged ({_one_line(e)}); {_RERUN}") from None
    digests = meta.get("digests") if isinstance(meta, dict) else None
    if not isinstance(meta, dict) or "seed" not in meta or "days" not in meta or \
            (digests is not None and not (isinstance(digests, dict) and isinstance(digests.get("tables"), dict))):
        raise StoreError(f"{path} is damaged (not the seed, days and digests Results.save writes); {_RERUN}")
    return meta


def _read_table(path: Path, digest: str | None) -> pd.DataFrame:
    """One saved table, its bytes checked against ``digest`` when one was recorded."""
    if path.exists() and not path.is_file():  # never opened: reading a pipe would wait forever
        raise StoreError(f"{path} is not a regular file (a folder, a pipe, a device); {_RERUN}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise StoreError(f"{path}: cannot read the table ({e.strerror or e}); {_RERUN}") from None
    if digest is not None and _sha256(data) != digest:
        raise StoreError(f"{path} is not the table saved with these results (its SHA-256 differs from the one in "
                         f"run.json: damaged, or copied from another run); {_RERUN}")
    try:
        return pd.read_parquet(io.BytesIO(data))
    except (OSError, ValueError, pa.ArrowException) as e:
        raise StoreError(f"{path} is damaged (unreadable Parquet: {_one_line(e)}); {_RERUN}") from None


def _read_scenario(path: Path, digests: dict | None):
    """The saved scenario; with ``digests``, checked to be the one the results were saved with."""
    if digests is None:  # saved before digests were recorded: read as any scenario file
        return load_scenario(path)
    put_back = f"put back the scenario.yaml saved with these results, or {_RERUN}"
    if path.exists() and not path.is_file():  # never opened: reading a pipe would wait forever
        raise StoreError(f"{path} is not a regular file (a folder, a pipe, a device); {put_back}")
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise StoreError(f"{path}: cannot read the saved scenario ({_one_line(e)}); {put_back}") from None
    try:
        scenario = _parse_scenario(text, str(path))
    except ScenarioError as e:
        raise StoreError(f"{path} is not the scenario saved with these results (it does not validate: "
                         f"{_one_line(e)}); {put_back}") from None
    if _scenario_digest(scenario) != digests.get("scenario"):
        raise StoreError(f"{path} is not the scenario these results were saved with (its resolved scenario's "
                         f"SHA-256 differs from the one in run.json: another scenario's file?); {put_back}")
    return scenario


def _one_line(error: Exception) -> str:
    """An exception's message as one short line (first line, at most 200 characters)."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return text[:200]


def _version() -> str:
    try:
        return version("simkit")
    except PackageNotFoundError:
        return "unknown"


def _seed_data(seed):
    """A seed as JSON: an int, or a spawned SeedSequence as its entropy and spawn key."""
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": int(seed.entropy), "spawn_key": list(seed.spawn_key)}
    return seed
