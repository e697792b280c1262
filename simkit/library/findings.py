"""What the results library shows, as the tables the notebooks print.

``effects_table`` reads the pay effects of tests/behaviour/test_effects.py from the library
(computed with every field margin on): for each, the difference the seed documents or the
literature predict, the library's paired difference with its 95 % interval, and whether the
library shows it. ``like_for_like`` sets the model beside Lazear (2000), Agarwal & Ben-David
(2018) and Cole, Kanz & Klapper (2015), each measured as its paper measures it
(benchmarks/like_for_like.py explains each measure; docs/like_for_like.md the settings).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from ..report.intervals import interval, kind_of, verdict
from ..report.meaningful import minimal
from .read import Effect, effect, manifest, per_replication, series
from .spec import LIBRARY

__all__ = ["EFFECTS", "PAPERS", "as_row", "effects_table", "like_for_like", "relative", "paper_verdict", "format_effects",
           "format_papers", "shown_counts"]

#: (effect, experiment, scheme, reference, metric, role, months averaged at the end, predicted sign)
#: as tests/behaviour/test_effects.py states them; ``"A/B"`` is a ratio of sums; a fairness
#: measure (scope ``people``) is taken over the experiment's own last months, whatever the tail
EFFECTS = [
    ("piece-rate/pace", "teller_pay", "teller_piece_rate", "fixed_pay", "policy.pace", "teller", 6, +1),
    ("piece-rate/error-rate", "teller_pay", "teller_piece_rate", "fixed_pay", "kpi.errors/kpi.transactions",
     "teller", 6, +1),
    ("piece-rate/output per teller-day", "teller_pay", "teller_piece_rate", "fixed_pay",
     "kpi.transactions/kpi.days_worked", "teller", 6, +1),
    ("fines/error-rate", "teller_pay", "teller_piece_rate_fines", "teller_piece_rate",
     "kpi.errors/kpi.transactions", "teller", 6, -1),
    ("fines/care", "teller_pay", "teller_piece_rate_fines", "teller_piece_rate", "policy.care", "teller", 6, +1),
    ("sales-quota/pitches", "teller_pay", "teller_sales_quota", "fixed_pay", "kpi.pitches", "teller", 6, +1),
    # voiced dissatisfaction (抱怨) at a teller's counter, and the formal complaints (投诉) a small
    # share of it becomes (customers.complaints.formal_share; docs/levels.md)
    ("sales-quota/voiced complaints", "teller_pay", "teller_sales_quota", "fixed_pay", "kpi.grumbles", "teller", 6,
     +1),
    ("sales-quota/formal complaints", "teller_pay", "teller_sales_quota", "fixed_pay", "complaints", None, 6, +1),
    ("heavy-fines/quits a teller-month", "teller_pay", "teller_heavy_fines", "fixed_pay", "quit", "teller", 24, +1),
    ("team-pay/effort", "teller_pay", "teller_team_pay", "teller_piece_rate", "effort", "teller", 6, -1),
    ("team-pay/pace", "teller_pay", "teller_team_pay", "teller_piece_rate", "policy.pace", "teller", 6, -1),
    ("lobby-sales/selling", "teller_pay", "lobby_sales", "fixed_pay", "policy.selling", "lobby_manager", 6, +1),
    ("lobby-sales/triaged", "teller_pay", "lobby_sales", "fixed_pay", "kpi.triaged", "lobby_manager", 6, -1),
    ("bonus-product/fund share", "teller_products", "teller_bonus_product", "teller_equal_commission",
     "kpi.sales.fund/kpi.sales", "teller", 6, +1),
    ("deposit-only/screening", "cm_lending", "cm_deposit_only", "cm_responsibility_profit", "policy.screening",
     "customer_manager", 6, -1),
    # deposit-only pay "ignores risk" (seed 003): what it lets through, the bad share of the loans
    # approved (tests/behaviour/test_effects.py's deposit-only/bad-loans; docs/flip.md says why)
    ("deposit-only/bad share of approved", "cm_lending", "cm_deposit_only", "cm_responsibility_profit",
     "loans.originated_bad/loans.originated", None, 6, +1),
    ("deposit-only/NPL ratio", "cm_lending", "cm_deposit_only", "cm_responsibility_profit", "npl_ratio", None, 6, +1),
    ("loan-volume/screening", "cm_lending", "cm_loan_volume", "cm_responsibility_profit", "policy.screening",
     "customer_manager", 6, -1),
    ("loan-volume/approval share", "cm_lending", "cm_loan_volume", "cm_responsibility_profit",
     "approvals/applications", None, 6, +1),
    ("loan-volume/NPL ratio", "cm_lending", "cm_loan_volume", "cm_responsibility_profit", "npl_ratio", None, 6, +1),
    # seed 001's differential rent: targets adjusted to the inherited book take it out of pay
    # (each replication's measure over its last six months: library/experiments.yaml people_last)
    ("adjusted-targets/portfolio R²", "fairness", "cm_portfolio_adjusted", "cm_portfolio_absolute", "portfolio_r2",
     "customer_manager", 6, -1),
]
#: (source) benchmarks/like_for_like.py's windows: Lazear's output in the second year of 24 months;
#: Agarwal & Ben-David's loans made in months 13-24 of 36, each followed for 12 months inside the run
OUTPUT_MONTHS = (13, 24)
VINTAGE_MONTHS = (13, 24)
#: the registry's name (simkit.report.meaningful) of a ratio's minimal meaningful difference
RATIO_NAMES = {"kpi.errors/kpi.transactions": "error_rate", "approvals/applications": "approval_rate",
               "loans.originated_bad/loans.originated": "bad_share_approved"}


def effects_table(names=None, *, level: float = 0.95, library: Path = LIBRARY) -> pd.DataFrame:
    """One row per effect (all of ``EFFECTS``, or those named): the arms' means, the paired
    difference and its interval, its minimal meaningful size (``simkit.report.meaningful``; NaN:
    none registered, the interval alone decides), the predicted sign and whether the library
    shows it (``_shown``)."""
    rows = []
    for name, experiment, scheme, reference, metric, role, tail, sign in EFFECTS:
        if names is not None and name not in names:
            continue
        found = effect(experiment, scheme, reference, metric, role=role, tail=tail, level=level, library=library)
        row = as_row(found)
        size, called = row["minimal"], row["verdict"]
        rows.append({"effect": name, "scheme − reference": f"{scheme} − {reference}",
                     "months": _months_label(found, experiment, library),
                     "n": found.n, "reference": found.reference_mean, "scheme": found.scheme_mean,
                     "difference": found.mean, "low": found.low, "high": found.high, "minimal": size,
                     "predicted": "higher" if sign > 0 else "lower", "shown": _shown(called, found.mean, sign)})
    return pd.DataFrame(rows)


def as_row(found: Effect) -> dict:
    """One library effect as a row of ``simkit.report.schemes.paired_diff`` (mean, low, high, n,
    kind, minimal, verdict), so ``say_difference`` writes its sentence as for a live run."""
    metric = found.metric
    size = minimal(RATIO_NAMES.get(metric, metric)) if "/" not in metric or metric in RATIO_NAMES else math.nan
    kind = "real" if "/" in metric else kind_of(metric)
    return {"mean": found.mean, "low": found.low, "high": found.high, "n": found.n, "kind": kind,
            "minimal": size, "verdict": verdict(found.mean, found.low, found.high, minimal=size)}


def _months_label(found, experiment: str, library: Path) -> str:
    """The months an effect averages: a range, the experiment's last months of a fairness
    measure (summed per person over them), or ``all`` for a whole-run number."""
    if found.months:
        return f"{found.months[0]}–{found.months[1]}"
    last = manifest(library)["experiments"][experiment].get("people_last")
    return f"last {last}" if last else "all"


def _shown(called: str, difference: float, sign: int) -> str:
    """Whether the library shows a predicted effect: ``yes`` when its verdict is clear (the interval
    excludes zero and the difference reaches the minimal meaningful size) on the predicted side."""
    if called in ("clear", "small"):
        right = np.sign(difference) == sign
        return ("yes" if right else "opposite") if called == "clear" else ("too small" if right else "opposite, small")
    return "none in either arm" if called == "none" else "not distinguishable"


def relative(values_reference: pd.Series, values_scheme: pd.Series, level: float = 0.95) -> tuple[float, float, float]:
    """Mean over replications of ``scheme / reference − 1`` (paired by replication) and its
    Student-t interval (benchmarks/like_for_like.py's measure)."""
    common = values_reference.index.intersection(values_scheme.index)
    ratio = values_scheme.loc[common] / values_reference.loc[common] - 1.0
    return interval(ratio.replace([np.inf, -np.inf], np.nan).to_numpy(), "real", level)


def paper_verdict(mean: float, paper: float | None, sign: int, low: float, high: float) -> str:
    """Sign first (the interval's, not only the mean's), then the size against the paper's:
    *like* when within a factor of two."""
    if not math.isfinite(mean):
        return "no data"
    if low <= 0 <= high:
        return "not distinguishable from 0"
    if np.sign(mean) != sign:
        return "sign wrong"
    if paper is None:
        return "sign right (the paper's size is not comparable)"
    ratio = abs(mean) / abs(paper)
    if 0.5 <= ratio <= 2.0:
        return "like (sign right, within ×2)"
    return f"sign right, ×{1 / ratio:.1f} smaller" if ratio < 1 else f"sign right, ×{ratio:.1f} larger"


def _vintages(experiment: str, library: Path) -> pd.DataFrame:
    """Per arm and replication, the loans originated in months 13–24 (each followed for 12
    months inside a 36-month run): count, size and 12-month default rate."""
    wide = pd.concat({m: series(experiment, m, library=library).set_index(["arm", "replication", "period"])["value"]
                      for m in ("loans.originated", "loans.originated_amount", "loans.followed_12m",
                                "loans.default_rate_12m")}, axis=1)
    period = wide.index.get_level_values("period")
    middle = wide[(period >= VINTAGE_MONTHS[0] - 1) & (period <= VINTAGE_MONTHS[1] - 1)]
    middle = middle.assign(defaults=middle["loans.default_rate_12m"].fillna(0.0) * middle["loans.followed_12m"])
    sums = middle.groupby(["arm", "replication"]).sum()
    return pd.DataFrame({"originated": sums["loans.originated"],
                         "loan_size": sums["loans.originated_amount"] / sums["loans.originated"],
                         "default_rate_12m": sums["defaults"] / sums["loans.followed_12m"]})


def _output(experiment: str, library: Path) -> pd.Series:
    """Counter transactions per teller-day worked in months 13–24 (Lazear's output per worker)."""
    months = OUTPUT_MONTHS[1] - OUTPUT_MONTHS[0] + 1  # the last twelve of a 24-month run
    return per_replication(experiment, "kpi.transactions/kpi.days_worked", role="teller", tail=months,
                           library=library)[0]


#: (paper, setting, measure, paper's relative effect or None: sign only, its sign)
PAPERS = [
    ("Lazear (2000)", "baseline branch: output limited by arrivals", "output per teller-day", 0.44, +1),
    ("Lazear (2000)", "1.5× arrivals: a queue always waiting", "output per teller-day", 0.44, +1),
    ("Agarwal & Ben-David (2018)", "volume pay against fixed pay", "loans originated", 0.31, +1),
    ("Agarwal & Ben-David (2018)", "volume pay against fixed pay", "loan size", 0.15, +1),
    ("Agarwal & Ben-David (2018)", "volume pay against fixed pay", "default rate of approved loans (12 months)",
     0.24, +1),
    ("Cole, Kanz & Klapper (2015)", "profit pay deferred against paid at once", "screening", None, -1),
]


def _model_values(library: Path) -> list[tuple[pd.Series, pd.Series, int]]:
    """For each row of ``PAPERS``: the reference's and the scheme's per-replication values."""
    vintages = _vintages("cm_lending", library)
    screening = per_replication("cm_deferral", "policy.screening", role="customer_manager", library=library)[0]
    rows = []
    for experiment in ("teller_pay", "lazear_busy"):
        output = _output(experiment, library)
        rows.append((output.loc["fixed_pay"], output.loc["teller_piece_rate"]))
    for measure in ("originated", "loan_size", "default_rate_12m"):
        rows.append((vintages.loc["fixed_pay", measure], vintages.loc["cm_loan_volume", measure]))
    rows.append((screening.loc["cm_profit_paid_at_once"], screening.loc["cm_responsibility_profit"]))
    return rows


def like_for_like(level: float = 0.95, library: Path = LIBRARY) -> pd.DataFrame:
    """The papers beside the library: each paper's effect and the model's relative effect
    (scheme / reference − 1 per replication) with its interval and a computed verdict."""
    out = []
    for (paper, setting, measure, size, sign), (reference, scheme) in zip(PAPERS, _model_values(library)):
        mean, low, high = relative(reference, scheme, level)
        out.append({"paper": paper, "setting": setting, "measure": measure,
                    "paper's effect": f"{size:+.0%}" if size is not None else ("lower" if sign < 0 else "higher"),
                    "model": mean, "low": low, "high": high, "n": int(min(len(reference), len(scheme))),
                    "verdict": paper_verdict(mean, size, sign, low, high)})
    return pd.DataFrame(out)


def _ci(mean: float, low: float, high: float, percent: bool = False) -> str:
    if percent:
        return f"{mean:+.1%} [{low:+.1%}, {high:+.1%}]"
    return f"{mean:+.3g} [{low:+.3g}, {high:+.3g}]"


def format_effects(table: pd.DataFrame) -> pd.DataFrame:
    """``effects_table`` as text to read: means to four significant digits, the difference with its
    interval in one cell, the minimal size ("–": none registered)."""
    return pd.DataFrame({
        "effect": table["effect"], "scheme − reference": table["scheme − reference"], "months": table["months"],
        "n": table["n"], "reference": table["reference"].map("{:.4g}".format),
        "difference [95 % CI]": [_ci(r.difference, r.low, r.high) for r in table.itertuples()],
        "minimal": table["minimal"].map(lambda v: "–" if v != v else f"{v:g}"),
        "predicted": table["predicted"], "shown": table["shown"]})


def format_papers(table: pd.DataFrame) -> pd.DataFrame:
    """``like_for_like`` as text to read: the model's relative effect and interval in percent."""
    return pd.DataFrame({
        "paper": table["paper"], "setting": table["setting"], "measure": table["measure"],
        "paper's effect": table["paper's effect"],
        "model [95 % CI]": [_ci(r.model, r.low, r.high, percent=True) for r in table.itertuples()],
        "n": table["n"], "verdict": table["verdict"]})


def shown_counts(table: pd.DataFrame) -> str:
    """How many effects of ``effects_table`` fall under each answer of its ``shown`` column, in words."""
    counts = table["shown"].value_counts()
    order = ["yes", "too small", "opposite", "opposite, small", "not distinguishable", "none in either arm"]
    words = {"yes": "shown in the predicted direction", "too small": "on the predicted side but too small to matter",
             "opposite": "the other way", "opposite, small": "the other way and too small to matter",
             "not distinguishable": "not distinguishable from none", "none in either arm": "none in either arm"}
    parts = [f"{counts[k]} {words[k]}" for k in order if counts.get(k, 0)]
    return f"of {len(table)} effects: " + ", ".join(parts)
