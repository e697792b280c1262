"""A run's results: tidy tables built once from the event log, KPIs, save and load.

Tables are computed lazily on first access and cached, so a sweep that only wants KPIs
never builds the ``events`` table twice. ``save(dir)`` writes one Parquet file per table
plus the fully resolved scenario and the seed, so every figure can be traced back to its
inputs; :func:`load` reads them back into an equal object.
"""
from __future__ import annotations

import json
import os
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import measure

TABLES = ("customers", "events", "staff_activity", "queue", "staff_periods", "bank_periods", "payslips",
          "loan_applications")
_FILE_COLUMNS = ["period", "post", "screening", "strictness", "risk", "bad_risk", "approved", "amount", "secured",
                 "state", "category", "defaulted_month", "profit"]
_ADDED_LATER = {"loan_applications": _FILE_COLUMNS}  # tables that older saved results do not have


class Results:
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
        ``1 − strictness``: :func:`simkit.bank.loans.cutoff`) — and ``approved``. ``bad_risk``
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
        from .branch.calendar import build_days
        return sum(d.is_open for d in build_days(self.scenario, self.days))

    def kpis(self) -> dict:
        """Headline KPIs of the run as a plain dict."""
        k = measure.customer_kpis(self.customers, self.events, self.days)
        b = self.scenario.branch
        u = measure.utilisation(self.staff_activity, self.days_open, b.close_minute - b.open_minute)
        for role in ("teller", "customer_manager", "lobby_manager", "machine"):
            busy = u[(u["role"] == role) & u["activity"].isin(["serve", "triage", "sell", "second_triage"])]
            staff = u.loc[u["role"] == role, "staff"].nunique()
            k[f"utilisation_{role}"] = float(busy["minutes"].sum() / (staff * self.days_open * (b.close_minute - b.open_minute))) if staff else float("nan")
        return k

    def kpi_table(self) -> pd.DataFrame:
        return measure.kpi_table(self.kpis())

    def fairness(self, last: int | None = None) -> pd.DataFrame:
        """Gini of pay, rank correlation of pay with true contribution and the share of pay
        explained by inherited portfolios, per role (see :mod:`simkit.measure.fairness`)."""
        if self.staff_periods.empty:
            raise ValueError("fairness needs a multi-period run (a scenario with horizon.periods)")
        return measure.fairness(self.staff_periods, self.scenario, last=last)

    def utilisation(self) -> pd.DataFrame:
        b = self.scenario.branch
        return measure.utilisation(self.staff_activity, self.days_open, b.close_minute - b.open_minute)

    # ------------------------------------------------------------------ persistence
    def save(self, folder: str | os.PathLike) -> Path:
        from .scenario import dump_scenario

        out = Path(folder)
        out.mkdir(parents=True, exist_ok=True)
        for name in TABLES:
            tmp = out / f".{name}.parquet.tmp"
            getattr(self, name).to_parquet(tmp, index=False)
            os.replace(tmp, out / f"{name}.parquet")  # atomic: never a half-written table
        (out / "scenario.yaml").write_text(dump_scenario(self.scenario), encoding="utf-8")
        (out / "run.json").write_text(json.dumps({"seed": _seed_data(self.seed), "days": self.days,
                                                  "simkit": _version()}, indent=2), encoding="utf-8")
        return out


def load(folder: str | os.PathLike) -> Results:
    """Read results saved by :meth:`Results.save`."""
    from .scenario import load_scenario

    folder = Path(folder)
    meta = json.loads((folder / "run.json").read_text(encoding="utf-8"))
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES
              if name not in _ADDED_LATER or (folder / f"{name}.parquet").exists()}
    # results saved before a table existed load with that table empty
    tables.update({name: pd.DataFrame(columns=cols) for name, cols in _ADDED_LATER.items() if name not in tables})
    return Results(load_scenario(folder / "scenario.yaml"), meta["seed"], meta["days"], tables=tables)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version
    try:
        return version("simkit")
    except PackageNotFoundError:
        return "unknown"


def _seed_data(seed):
    """A seed as JSON: an int, or a spawned SeedSequence as its entropy and spawn key."""
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": int(seed.entropy), "spawn_key": list(seed.spawn_key)}
    return seed
