"""Reading a comparison of pay schemes: means, confidence intervals and paired differences
of per-replication tables, and sentences that read the numbers (used by notebooks 04-07).
The schemes are run by ``simkit.experiment.compare_schemes``; this module only reads
what they gave.

Why paired differences: every scheme runs with the *same* replication seeds, so replication
``r`` of every scheme meets the same customers and the same staff draws (common random
numbers, ``simkit.experiment.seeds``). The difference between two schemes within one
replication is then free of most of the luck both share, and a Student-t interval over
the replications' differences is much narrower than comparing two separate intervals
(Law & Kelton, *Simulation Modeling and Analysis*, §10.2.1, "paired-t confidence interval").

>>> from simkit.experiment import compare_schemes
>>> cmp = compare_schemes("scenarios/schemes/fixed_pay.yaml",                      # doctest: +SKIP
...                       {"fixed": {}, "piece rate": scheme_pay("scenarios/schemes/teller_piece_rate.yaml")},
...                       months=6, replications=3, seed=2026)
>>> per_rep = cmp.staff_periods.query("role == 'teller'").groupby(["scheme", "replication"])["pay"].mean()
>>> format_ci(paired_diff(per_rep.reset_index(), "fixed"))                          # doctest: +SKIP
"""
from __future__ import annotations

import math

import pandas as pd

from ..measure import gini  # re-exported: notebooks use the report layer, not measure
from ..scenario import load_scenario
from .intervals import describe, difference, fits, interval, kind_of, verdict
from .meaningful import NO_MINIMAL, minimal

__all__ = ["scheme_pay", "mean_ci", "paired_diff", "format_ci", "say_difference",
           "last_months", "gini"]


def scheme_pay(path, role: str | None = None) -> dict:
    """The ``pay`` section of a scheme file as an override (``{"pay": {...}}``), so any
    scheme can be put on a common base scenario; with ``role``, only that role's pay
    (``{"pay.teller": {...}}``), leaving the base's pay for the other roles."""
    pay = load_scenario(str(path)).pay
    if role is None:
        return {"pay": pay.model_dump(mode="python")}
    return {f"pay.{role}": pay.of(role).model_dump(mode="python")}


def last_months(df: pd.DataFrame, n: int) -> pd.DataFrame:
    """Rows of the last ``n`` periods (where learning has got to by the end of the run)."""
    return df[df["period"] > df["period"].max() - n]


def _kind(name: str, values, kinds: dict | None) -> tuple[str, float]:
    """(kind, scale) of a measure: ``kinds[name]`` if given, else ``intervals.kind_of``
    of its name; a share whose label says "%" is a percentage (scale 100). A guessed kind
    whose range the values leave (a label that misleads the name rules) falls back to
    ``real``, the Student t that assumes nothing; a kind given in ``kinds`` is never
    second-guessed (values out of its range raise)."""
    given = kinds is not None and name in kinds
    kind = kinds[name] if given else kind_of(name)
    scale = 100.0 if kind == "share" and "%" in str(name) else 1.0
    if not given and not fits(values, kind, scale):
        return "real", 1.0
    return kind, scale


def mean_ci(per_rep: pd.DataFrame, by: str = "scheme", level: float = 0.95, kinds: dict | None = None) -> pd.DataFrame:
    """Mean and interval of every numeric column of ``per_rep`` (one row per ``by`` and
    replication) -> long table: by, measure, n, mean, low, high, kind, scale.

    The interval respects the measure's range (``simkit.report.intervals.interval``:
    shares in [0, 1] or [0, 100] % for labels with "%", amounts and counts >= 0,
    correlations in [-1, 1], pay and profit Student t); the kind comes from the column's
    name, or from ``kinds={column: kind}``. NaN replications are left out (``n`` counts the rest)."""
    cols = [c for c in per_rep.columns if c not in (by, "replication") and pd.api.types.is_numeric_dtype(per_rep[c])]
    kind_scale = {c: _kind(c, per_rep[c], kinds) for c in cols}
    rows = []
    for key, group in per_rep.groupby(by, sort=False, observed=True):
        for c in cols:
            kind, scale = kind_scale[c]
            m, lo, hi = interval(group[c], kind, level, scale=scale)
            rows.append({by: key, "measure": c, "n": int(group[c].notna().sum()), "mean": m, "low": lo, "high": hi,
                         "kind": kind, "scale": scale})
    return pd.DataFrame(rows)


def paired_diff(per_rep: pd.DataFrame, reference: str, by: str = "scheme", level: float = 0.95,
                kinds: dict | None = None) -> pd.DataFrame:
    """Each scheme minus ``reference``, paired by replication (same seeds), with a Student-t
    interval over replications clipped to the difference's range ([-1, 1] for shares, ±100
    for percentages, [-2, 2] for correlations; ``simkit.report.intervals.difference``)
    -> long table: by, measure, n, mean, low, high, kind, scale, minimal (the measure's minimal
    meaningful difference, ``simkit.report.meaningful``; NaN when none is registered),
    verdict (``simkit.report.intervals.verdict``: clear, small, unclear or none) and clear
    (the verdict is "clear": the interval excludes 0 and the difference is at least
    ``minimal``)."""
    wide = per_rep.set_index([by, "replication"])
    ref = wide.xs(reference, level=by)
    cols = [c for c in wide.columns if pd.api.types.is_numeric_dtype(wide[c])]
    kind_scale = {c: _kind(c, wide[c], kinds) for c in cols}
    rows = []
    for key in [other for other in per_rep[by].drop_duplicates() if other != reference]:
        b = wide.xs(key, level=by)
        a = ref.reindex(b.index)
        for c in cols:
            kind, scale = kind_scale[c]
            m, lo, hi = difference(a[c], b[c], kind, level, scale=scale)
            n = int((a[c].notna() & b[c].notna()).sum())
            size = minimal(c, scale)
            said = verdict(m, lo, hi, minimal=size, arms=(a[c], b[c]))
            rows.append({by: key, "measure": c, "n": n, "mean": m, "low": lo, "high": hi, "kind": kind, "scale": scale,
                         "minimal": size, "verdict": said, "clear": said == "clear"})
    return pd.DataFrame(rows)


def _cell(estimate: tuple[float, float, float], kind: str = "real", scale: float = 1.0, digits: int = 3,
          diff: bool = False) -> str:
    """``mean [low, high]`` of ``estimate = (mean, low, high)`` through
    ``simkit.report.intervals.describe`` (never an impossible bound, never "-0.000");
    whole numbers from 100 up."""
    kind = kind if isinstance(kind, str) and kind else "real"
    scale = float(scale) if scale == scale and scale else 1.0
    return describe(*estimate, kind, digits=digits, scale=scale, diff=diff, whole_from=100)


def _num(x: float, digits: int) -> str:
    return _cell((x, math.nan, math.nan), digits=digits)


#: how ``format_ci`` marks a difference by its verdict (``simkit.report.intervals.verdict``)
MARKS = {"clear": " *", "small": " (small)", "none": " (none)", "unclear": ""}


def format_ci(long: pd.DataFrame, by: str = "scheme", digits: int = 3) -> pd.DataFrame:
    """A readable table: one row per measure, one column per ``by``, cells ``mean [low, high]``.
    A table of ``paired_diff`` marks each difference by its verdict (``MARKS``): ``*`` when
    its interval excludes 0 and it is at least the measure's minimal meaningful size,
    ``(small)`` when the interval excludes 0 but the difference is below that size,
    ``(none)`` when both arms are zero in every replication."""
    get = lambda col, default: long[col] if col in long else [default] * len(long)  # noqa: E731
    diff = "clear" in long
    said = get("verdict", None) if "verdict" in long else ["clear" if c else "unclear" for c in get("clear", False)]
    cells = long.assign(cell=[_cell((m, lo, hi), kind, scale, digits, diff) + (MARKS.get(v, "") if diff else "")
                              for m, lo, hi, kind, scale, v in zip(long["mean"], long["low"], long["high"],
                                                             get("kind", "real"), get("scale", 1.0), said)])
    wide = cells.pivot(index="measure", columns=by, values="cell")
    wide = wide.loc[list(dict.fromkeys(long["measure"])), list(dict.fromkeys(long[by]))]
    return wide.rename_axis(index=None, columns=None)


def say_difference(row, what: str, than: str, up: str = "higher", down: str = "lower", digits: int = 3) -> str:
    """A sentence that reads one row of ``paired_diff``, so prose stays true when the
    model changes: '... is higher than ... by 0.05 (95 % CI 0.01 to 0.09).' What it may
    say follows the row's verdict (``simkit.report.intervals.verdict``): higher or lower
    only when the interval excludes 0 *and* the difference reaches the measure's minimal
    meaningful size (both facts stated); "too small to matter" when the interval excludes
    0 below that size; "none in either arm" when both are zero throughout."""
    m, lo, hi = float(row["mean"]), float(row["low"]), float(row["high"])
    kind = row["kind"] if "kind" in row and isinstance(row["kind"], str) else "real"
    scale = float(row["scale"]) if "scale" in row else 1.0
    size = float(row["minimal"]) if "minimal" in row else math.nan
    # from the numbers read, so a row edited by hand says what its numbers say; "none" needs
    # the arms, which only paired_diff saw
    said = "none" if "verdict" in row and row["verdict"] == "none" else verdict(m, lo, hi, minimal=size)
    shown = [describe(v, math.nan, math.nan, kind, digits=digits, scale=scale, diff=True, whole_from=100)
             for v in (m, lo, hi, size)]
    ci = f"{shown[0]} (95 % CI {shown[1]} to {shown[2]}, {int(row['n'])} paired replications)"
    if said == "none":
        return f"{what} is zero in every replication, as it is {than}: none in either arm."
    if said == "clear":
        size_note = (f" and it is at least the minimal meaningful difference of {shown[3]}" if size == size
                     else f" ({NO_MINIMAL}, so the interval alone decides)")
        return (f"{what} is {up if lo > 0 else down} than {than}: the difference is {ci}; "
                f"its interval excludes 0{size_note}.")
    if said == "small":
        return (f"{what} differs from {than} by too little to matter: the difference is {ci}; its interval "
                f"excludes 0, but it is below the minimal meaningful difference of {shown[3]}.")
    return (f"{what} is not distinguishable from {than} in this run: the difference is {ci}, "
            f"an interval that includes 0 (more replications or months would sharpen it).")
