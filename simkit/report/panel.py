"""Tables for papers: a person-month panel and a loan-file table, each with its codebook.

``person_month_panel(results)`` has one row per run, person and assessment period (the
``staff_periods`` table in a form statistics packages read): identifiers, role, the scheme,
the period, abilities, the habits played and learned, the measured indicators, pay by kind,
effort, utility, quits and hires. ``loan_files(results)`` has one row per loan application a
customer manager read (the ``loan_applications`` table): the manager, the period, the
manager's reading of the file, the decision, the amount and what became of the loan,
including the months from origination to its first missed payment.

Both use plain types only, so Stata (``import delimited panel.csv, varnames(1)``) and R
(``read.csv``, ``arrow::read_parquet``) read them without conversion: ``int64``,
``float64`` and ``string`` columns; yes/no as ``int64`` 0/1; names of letters, digits and
``_`` of at most 32 characters (Stata's limit on a variable name). ``codebook(table)`` gives
one row per column (name, type, unit, meaning, source) and refuses a column it has no entry
for, so an exported table is never wider than its documentation.

``write_table`` writes ``NAME.csv`` (with a header), ``NAME.parquet`` (pyarrow) and the
codebook as ``NAME_codebook.csv`` and ``NAME_codebook.md``; ``read_table`` reads the CSV or
Parquet back with the codebook's types.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from ..arguments import printable
from ..errors import SimkitError
from ..pay.indicators import INDICATORS
from ..vocabulary import PERIOD_MONTHS, ROLES

__all__ = ["ExportError", "person_month_panel", "loan_files", "codebook", "write_table", "read_table", "TYPES",
           "MAX_NAME"]

#: (stated reason) Stata's longest variable name; R and Parquet allow longer ones
MAX_NAME = 32
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: the codebook's types and the pandas dtype each is read back as (missing: empty CSV field / Parquet null)
TYPES = {"int64": "Int64", "float64": "float64", "string": "str"}


class ExportError(SimkitError):
    """A table that cannot be exported as documented: a column without a codebook entry, or a
    name Stata cannot read. The message names the column and what is allowed."""


# ------------------------------------------------------------------ codebook entries
#: column -> (type, unit, meaning, source) of the fixed columns of the panel
_PANEL_FIXED = {
    "run": ("string", "", "the run's label (the results folder's name, or the key given for it)", "export"),
    "seed": ("string", "", "the run's random seed (an integer, or entropy/spawn key of a spawned seed)", "run.json"),
    "scheme": ("string", "", "the scenario's name (a scheme file's name)", "scenario.name"),
    "role_pay": ("string", "", "the kinds of the pay components on this role, joined by '+'",
                 "scenario.pay.<role>.components"),
    "period": ("int64", "period", "assessment period, 0 = the first", "staff_periods.period"),
    "period_months": ("int64", "months", "months in one assessment period", "scenario.horizon.period"),
    "post": ("string", "", "the desk or window (a portfolio stays with the post)", "staff_periods.post"),
    "person": ("string", "", "the person at the post (POST.N: the N-th holder of the post)", "staff_periods.person"),
    "role": ("string", "", "teller, lobby_manager or customer_manager", "staff_periods.role"),
    "hired": ("int64", "0/1", "1 in a person's first period when they replaced someone who quit", "staff_periods"),
    "tenure_periods": ("int64", "periods", "periods the person has held the post before this one",
                       "staff_periods"),
    "quit": ("int64", "0/1", "1 if the person quit at the end of this period", "staff_periods.quit"),
    "ability_speed": ("float64", "× average", "the person's speed (1 = an average member of staff)",
                      "staff_periods.speed"),
    "ability_accuracy": ("float64", "× average", "the person's accuracy (1 = average)", "staff_periods.accuracy"),
    "ability_selling": ("float64", "× average", "the person's selling ability (1 = average)", "staff_periods.selling"),
    "pay": ("float64", "CNY", "total pay this period (every payslip line)", "staff_periods.pay"),
    "held": ("float64", "CNY", "pay earned this period but held back (deferred)", "staff_periods.held"),
    "effort": ("float64", "CNY", "money-equivalent effort cost of the habits played", "staff_periods.effort"),
    "utility": ("float64", "CNY", "pay minus effort cost: what the learning rule maximises", "staff_periods.utility"),
}
_RENAMED = {"speed": "ability_speed", "accuracy": "ability_accuracy", "selling": "ability_selling"}
#: choice -> (unit, meaning) (simkit.scenario.models: TellerChoices, LobbyChoices, ManagerChoices)
_CHOICES = {
    "pace": ("× normal speed", "how fast the teller works (1 = normal, 0.5 to 2)"),
    "pitch": ("share 0-1", "share of eligible customers offered a product"),
    "care": ("share 0-1", "share of a full check done on each transaction"),
    "diversion": ("share 0-1", "how often the lobby manager offers an eligible customer a machine"),
    "referral": ("share 0-1", "how hard the lobby manager looks for hidden high-value customers"),
    "selling": ("share 0-1", "share of the lobby manager's free time spent selling"),
    "education": ("share 0-1", "share of the customers sent to a machine whom the lobby manager stays to teach"),
    "handling": ("share 0-1", "share of complaints made while the lobby manager is free that they take up"),
    "retention": ("share 0-1", "share of customers about to give up waiting whom the lobby manager tries to keep"),
    "outside": ("share 0-1", "share of the opening day spent prospecting outside"),
    "screening": ("share 0-1", "depth of the credit investigation"),
    "strictness": ("share 0-1", "refuse when the chance the borrower is bad exceeds 1 - strictness"),
    "monitoring": ("share 0-1", "post-loan checks and recovery effort"),
}
#: indicators recorded in staff_periods that are not in simkit.pay.indicators.INDICATORS
_MORE_KPIS = {"loan_applications": "loan applications read in the period",
              "loan_approvals": "loan applications approved in the period",
              "loan_loss": "¥ loan loss charged: change in provisions plus losses written off (seed 001)"}


def _kpi_entry(name: str) -> tuple | None:
    """(type, unit, meaning, source) of the indicator ``name`` (``kpi.`` removed), or None."""
    head, _, product = name.partition(".")
    if product and head == "sales":
        return "float64", "count", f"units of {product} sold", f"staff_periods.kpi.{name}"
    if product and head == "sales_amount":
        return "float64", "CNY", f"fee income from {product} sold", f"staff_periods.kpi.{name}"
    meaning = INDICATORS.get(name) or _MORE_KPIS.get(name)
    if meaning is None:
        return None
    if meaning.startswith("¥"):
        unit, meaning = "CNY", meaning[1:].strip()
    elif "0..1" in meaning or name.endswith(("_share", "_ratio")):
        unit = "share 0-1"
    elif name.endswith("_growth"):
        unit = "ratio"
    elif name == "satisfaction":
        unit = "score 0-10"
    elif name == "days_worked":
        unit = "days"
    else:
        unit = "count"
    return "float64", unit, meaning, f"staff_periods.kpi.{name}"


def _panel_entry(source: str) -> tuple | None:
    """(type, unit, meaning, source) of the panel column made from ``staff_periods`` column ``source``."""
    head, _, rest = source.partition(".")
    if head in ("choice", "policy") and rest in _CHOICES:
        unit, meaning = _CHOICES[rest]
        what = "played this period (a trial around the policy)" if head == "choice" else \
            "where learning has got to after this period"
        return "float64", unit, f"{meaning}: {what}", f"staff_periods.{source}"
    if head == "push" and rest:
        return "float64", "weight", f"relative push on {rest} when pitching", f"staff_periods.{source}"
    if head == "foreseen" and rest:
        return ("float64", "CNY a period per logit unit", f"the pay slope the person foresees for {rest} (unweighed)",
                f"staff_periods.{source}")
    if head == "pay" and rest:
        return "float64", "CNY", f"pay on payslip lines of kind {rest}", f"staff_periods.{source}"
    if head == "kpi" and rest:
        return _kpi_entry(rest)
    return None


_LOAN_FIXED = {
    "run": _PANEL_FIXED["run"],
    "seed": _PANEL_FIXED["seed"],
    "scheme": _PANEL_FIXED["scheme"],
    "file": ("int64", "", "the file's number in the run, in the order the files were read", "loan_applications"),
    "period": ("int64", "period", "assessment period the file was read in", "loan_applications.period"),
    "period_months": _PANEL_FIXED["period_months"],
    "origination_month": ("int64", "month", "month from the run's start the file was decided in (the period's "
                          "first month)", "loan_applications.period"),
    "post": ("string", "", "the customer manager's post", "loan_applications.post"),
    "manager": ("string", "", "the customer manager who read the file (join the panel on run, period, post)",
                "staff_periods.person"),
    "screening": ("float64", "share 0-1", "depth of the investigation the file was read with",
                  "loan_applications.screening"),
    "strictness": ("float64", "share 0-1", "the manager's strictness when deciding", "loan_applications.strictness"),
    "risk": ("float64", "probability", "the manager's reading: the chance the applicant is bad given the file",
             "loan_applications.risk"),
    "bad_risk": ("int64", "0/1", "1 if the applicant was a bad risk (hidden from everyone in the bank)",
                 "loan_applications.bad_risk"),
    "approved": ("int64", "0/1", "1 if the file was approved", "loan_applications.approved"),
    "amount": ("float64", "CNY", "the loan's amount (missing: refused)", "loan_applications.amount"),
    "secured": ("int64", "0/1", "1 if the loan has collateral (missing: refused)", "loan_applications.secured"),
    "state": ("string", "", "open, repaid or written_off at the run's end (missing: refused)",
              "loan_applications.state"),
    "category": ("string", "", "five-category class if still open: normal, special_mention, substandard, doubtful, "
                 "loss (missing: refused or closed)", "loan_applications.category"),
    "defaulted": ("int64", "0/1", "1 if the loan missed a payment by the run's end (missing: refused)",
                  "loan_applications.defaulted_month"),
    "default_month": ("int64", "month", "month from the run's start of the first missed payment (missing: "
                      "refused or never)", "loan_applications.defaulted_month"),
    "months_to_default": ("int64", "months", "months from origination to the first missed payment, 0 = in the "
                          "month of origination (missing: refused or never)", "loan_applications.defaulted_month"),
    "months_observed": ("int64", "months", "months the loan could be followed: from origination to the run's end",
                        "scenario.horizon"),
    "profit": ("float64", "CNY", "interest collected - funding cost - loan loss by the run's end (missing: refused)",
               "loan_applications.profit"),
}


# ------------------------------------------------------------------ the tables
def _runs(results, run: str) -> list[tuple[str, object]]:
    """``[(label, Results)]`` from one Results (labelled ``run``) or a mapping label -> Results."""
    if isinstance(results, Mapping):
        return [(str(label), res) for label, res in results.items()]
    return [(run, results)]


def _seed_text(seed) -> str:
    if isinstance(seed, np.random.SeedSequence):
        return f"{seed.entropy}/{'.'.join(str(k) for k in seed.spawn_key)}"
    if isinstance(seed, dict):
        return f"{seed.get('entropy')}/{'.'.join(str(k) for k in seed.get('spawn_key', []))}"
    return str(seed)


def _months(results) -> int:
    return PERIOD_MONTHS[results.scenario.horizon.period]


def _role_pay(scenario) -> dict[str, str]:
    return {role: "+".join(c.kind for c in scenario.pay.of(role).components)
            for role in ROLES}


def _check_periods(label: str, results) -> None:
    """Refuse a run without assessment periods: its one stretch of days is no month or quarter."""
    if results.scenario.horizon.periods is None or results.staff_periods.empty:
        raise ExportError(f"run '{printable(label)}' has no assessment periods (its scenario sets no horizon.periods); allowed: "
                          f"results of a scenario with horizon.periods (a scheme file)")


def _one_panel(label: str, results) -> pd.DataFrame:
    _check_periods(label, results)
    staff = results.staff_periods
    staff = staff.sort_values(["period", "post"], kind="stable").reset_index(drop=True)
    first = staff.groupby("person", sort=False)["period"].transform("min")
    front = pd.DataFrame({
        "run": label, "seed": _seed_text(results.seed), "scheme": results.scenario.name,
        "role_pay": staff["role"].map(_role_pay(results.scenario)), "period": staff["period"].astype("int64"),
        "period_months": np.int64(_months(results)), "post": staff["post"], "person": staff["person"],
        "role": staff["role"], "hired": (first.eq(staff["period"]) & first.gt(0)).astype("int64"),
        "tenure_periods": (staff["period"] - first).astype("int64"), "quit": staff["quit"].astype("int64")})
    rest = staff.drop(columns=["period", "post", "person", "role", "quit"])
    rest = rest.rename(columns=lambda c: _RENAMED.get(c, c.replace(".", "_")))
    out = pd.concat([front, rest.astype("float64")], axis=1)
    out.attrs["sources"] = {_RENAMED.get(c, c.replace(".", "_")): c for c in staff.columns}
    return out


def _ordered(columns) -> list[str]:
    """Fixed columns first, then habits, indicators, pay and what the person foresaw."""
    order = ("choice_", "policy_", "push_", "kpi_", "pay_", "foreseen_")
    fixed = [c for c in _PANEL_FIXED if c in columns and c not in ("pay", "held", "effort", "utility")]
    groups = [[c for c in columns if c.startswith(prefix)] for prefix in order]
    tail = [c for c in ("pay", "held", "effort", "utility") if c in columns]
    seen = set(fixed) | {c for g in groups for c in g} | set(tail)
    return fixed + [c for g in groups[:5] for c in g] + tail + groups[5] + [c for c in columns if c not in seen]


def person_month_panel(results, run: str = "run") -> pd.DataFrame:
    """One row per run, person and assessment period of ``results`` (a ``simkit.Results``, or
    a mapping label -> Results for several runs): the ``staff_periods`` table with the run's
    label, seed, scheme and the role's pay components in front, ``hired`` and
    ``tenure_periods`` worked out from who held each post, yes/no as 0/1 and names made of
    letters, digits and ``_`` (``kpi.sales.fund`` -> ``kpi_sales_fund``). Indicators a run
    did not measure for a person are 0, as in ``staff_periods``; habits of another role are
    missing. ``codebook(panel)`` documents every column. Raises ``ExportError`` for a run
    without assessment periods."""
    parts = [_one_panel(label, res) for label, res in _runs(results, run)]
    sources = {k: v for part in parts for k, v in part.attrs["sources"].items()}
    out = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    kpi = [c for c in out.columns if c.startswith("kpi_")]
    out[kpi] = out[kpi].fillna(0.0)
    out = _typed(out[_ordered(list(out.columns))])
    out.attrs = {"table": "panel", "sources": sources}
    return out


def _one_loan_table(label: str, results) -> pd.DataFrame:
    _check_periods(label, results)
    files = results.loan_applications.reset_index(drop=True)
    months = _months(results)
    end = results.scenario.horizon.periods * months  # the run's months
    start = files["period"].astype("int64") * months
    default = files["defaulted_month"].astype("Int64")
    approved = files["approved"].astype(bool)
    default = default.where(approved & default.ge(0), pd.NA)
    manager = _manager_of(results.staff_periods, files)
    return pd.DataFrame({
        "run": label, "seed": _seed_text(results.seed), "scheme": results.scenario.name,
        "file": np.arange(len(files), dtype="int64"), "period": files["period"].astype("int64"),
        "period_months": np.int64(months), "origination_month": start, "post": files["post"].astype("str"),
        "manager": manager, "screening": files["screening"].astype("float64"),
        "strictness": files["strictness"].astype("float64"), "risk": files["risk"].astype("float64"),
        "bad_risk": files["bad_risk"].astype("int64"), "approved": approved.astype("int64"),
        "amount": files["amount"].astype("float64"),
        "secured": files["secured"].astype("boolean").astype("Int64").where(approved, pd.NA),
        "state": files["state"].astype("str").where(approved, None),
        "category": files["category"].astype("str").where(approved & files["state"].eq("open"), None),
        "defaulted": default.notna().astype("Int64").where(approved, pd.NA),
        "default_month": default, "months_to_default": (default - start).astype("Int64"),
        "months_observed": (end - start).astype("Int64").where(approved, pd.NA),
        "profit": files["profit"].astype("float64")})


def _manager_of(staff: pd.DataFrame, files: pd.DataFrame) -> pd.Series:
    """The person at each file's post in its period (staff_periods), as text."""
    if staff.empty or files.empty:
        return pd.Series(files["post"].astype("str").to_numpy(), dtype="str")
    who = staff.drop_duplicates(["period", "post"]).set_index(["period", "post"])["person"]
    keys = pd.MultiIndex.from_arrays([files["period"].astype("int64"), files["post"].astype("str")])
    return pd.Series(who.reindex(keys).to_numpy(), dtype="str")


def loan_files(results, run: str = "run") -> pd.DataFrame:
    """One row per loan application a customer manager read in ``results`` (a Results or a
    mapping label -> Results): the manager and period, the habits and reading the file was
    decided with, the hidden quality, the decision, and for approved files the amount,
    collateral, state at the run's end, the month of the first missed payment and the months
    from origination to it (``months_to_default``), and how long the loan could be followed
    (``months_observed``: a loan with fewer than 12 cannot show a 12-month default).
    Refused files have those columns missing. ``codebook(table)`` documents every column."""
    parts = [_one_loan_table(label, res) for label, res in _runs(results, run)]
    out = _typed(pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0])
    out.attrs = {"table": "loans"}
    return out


# ------------------------------------------------------------------ codebook and files
def _dtype_name(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series) or pd.api.types.is_integer_dtype(series):
        return "int64"
    if pd.api.types.is_float_dtype(series):
        return "float64"
    return "string"


def _typed(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with every column in the dtype its type is read back as (``TYPES``), so a
    table, its CSV and its Parquet read back (``read_table``) are equal."""
    return table.astype({c: TYPES[_dtype_name(table[c])] for c in table.columns})


def codebook(table: pd.DataFrame) -> pd.DataFrame:
    """One row per column of a table from ``person_month_panel`` or ``loan_files``: ``column``,
    ``type`` (``int64``, ``float64`` or ``string``), ``unit``, ``meaning`` and ``source`` (the
    Results table and column, or scenario field, it comes from). Raises ``ExportError`` naming
    every column it has no entry for, whose name Stata cannot read (letters, digits and ``_``,
    at most ``MAX_NAME`` characters) or whose values are not of the documented type."""
    loans = table.attrs.get("table") == "loans"
    sources = table.attrs.get("sources", {})
    rows, problems = [], []
    for column in table.columns:
        entry = _LOAN_FIXED.get(column) if loans else (_PANEL_FIXED.get(column)
                                                      or _panel_entry(sources.get(column, column)))
        if not _NAME.match(column) or len(column) > MAX_NAME:
            problems.append(f"{column!r} is not a name Stata reads (letters, digits and _, at most {MAX_NAME})")
        elif entry is None:
            problems.append(f"{column!r} has no codebook entry")
        elif _dtype_name(table[column]) != entry[0]:
            problems.append(f"{column!r} holds {table[column].dtype}, its codebook entry says {entry[0]}")
        else:
            kind, unit, meaning, source = entry
            rows.append({"column": column, "type": kind, "unit": unit or "none", "meaning": meaning, "source": source})
    if problems:
        raise ExportError(f"cannot document the {'loan-file' if loans else 'panel'} table: {'; '.join(problems)}; "
                          f"allowed: columns listed in simkit/report/panel.py")
    return pd.DataFrame(rows, columns=["column", "type", "unit", "meaning", "source"])


def _markdown(book: pd.DataFrame, title: str) -> str:
    lines = [f"# {title}", "", "| column | type | unit | meaning | source |", "|---|---|---|---|---|"]
    for row in book.itertuples(index=False):
        cells = [str(v).replace("|", "\\|") for v in row]
        lines.append("| " + " | ".join(f"`{cells[0]}`" if i == 0 else c for i, c in enumerate(cells)) + " |")
    return "\n".join(lines) + "\n"


def write_table(table: pd.DataFrame, folder, name: str) -> list[Path]:
    """Write ``NAME.csv`` (header, ``.`` decimals in shortest round-trip form, missing as an empty field, UTF-8),
    ``NAME.parquet`` (pyarrow), ``NAME_codebook.csv`` and ``NAME_codebook.md`` into
    ``folder`` (made if missing); returns the paths. The codebook is checked first
    (``codebook``), so nothing is written for a table it cannot document."""
    book = codebook(table)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / f"{name}.csv", folder / f"{name}.parquet", folder / f"{name}_codebook.csv",
             folder / f"{name}_codebook.md"]
    plain = table.copy()
    plain.attrs = {}
    plain.to_csv(paths[0], index=False, na_rep="", lineterminator="\n")
    plain.to_parquet(paths[1], index=False, engine="pyarrow")
    book.to_csv(paths[2], index=False, lineterminator="\n")
    paths[3].write_text(_markdown(book, f"Codebook: {name}"), encoding="utf-8")
    return paths


def read_table(path, book: pd.DataFrame) -> pd.DataFrame:
    """A table written by ``write_table`` (its ``.csv`` or ``.parquet``), each column as the
    codebook ``book`` types it (``TYPES``: ``int64`` as pandas ``Int64``, which holds missing
    values; ``float64``; ``string`` as ``str``)."""
    path = Path(path)
    dtypes = {row.column: TYPES[row.type] for row in book.itertuples(index=False)}
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=dtypes, keep_default_na=False, na_values=[""])
    return pd.read_parquet(path).astype(dtypes)
