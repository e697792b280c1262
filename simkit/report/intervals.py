"""Confidence intervals over replications that respect what a quantity can be.

One place for every "mean [low, high]" the package prints: ``simkit compare``, the scheme
tables of notebooks 04-07 (``simkit.report.schemes``), the dashboard and the notebooks.

>>> m, lo, hi = interval([0.70, 0.81], kind="share")   # 2 replications of a share
>>> describe(m, lo, hi, kind="share", unit="%")         # a t interval would say [5.6, 145.4]
'75.5 % [6.6, 99.3]'
>>> describe(*difference([0.70, 0.81], [0.72, 0.86], kind="share"), kind="share", unit="%", diff=True)
'3.5 % [-15.6, 22.6]'

Kinds (``KINDS``) and their ranges
--------------------------------------
``real``         any number (pay with fines, profit, a change in deposits): Student t.
``share``        a quantity in [0, ``scale``] — a share, a rate per customer or per
                 transaction, an NPL ratio, a service level, a Gini coefficient, an R²
                 (``scale=1`` for fractions, ``scale=100`` for percentages).
``positive``     a quantity >= 0: amounts, counts, times (waits, sales, fee income, loans).
``correlation``  a correlation or rank correlation in [-1, 1].

How the interval is made (and why)
----------------------------------
Each replication gives one value ``x_i``; the estimand is the expected value of that
quantity, and the reported centre is always the **arithmetic mean** x̄ of the replications.
The Student-t interval x̄ ± t·s/√n is right for it when the x_i are roughly normal (each is
itself an average over many customers or months), but it is symmetric, so with few
replications or a mean near a bound it reaches impossible values (a share of 108 %, a
negative NPL ratio, a correlation of −1.27).

For the bounded kinds the same t interval is built on a scale where the range is the whole
line, and mapped back (the delta method; Casella & Berger, *Statistical Inference*, §5.5.4;
the same device as the log and logit intervals of Agresti, *Categorical Data Analysis*):

    g(x̄) ± t_{n−1} · g'(x̄) · s / √n,   then g⁻¹ of both ends,

with g = logit(x/scale) for shares, g = log for positive quantities and g = atanh (Fisher's z)
for correlations. Why this and not the alternatives:

* the centre stays the arithmetic mean (not a geometric mean or a back-transformed mean of
  logits, which estimate a different, smaller quantity for skewed data), and g⁻¹ is monotone,
  so x̄ is always inside its interval and both ends are always inside the range;
* for a well-behaved quantity far from its bounds it is the t interval (to first order), and
  where data are skewed near a bound — the case that breaks the t interval — its coverage
  is better: simulated with 20,000 intervals each (``tests/report/test_intervals.py`` checks
  some of these), at n = 5 replications, per-replication values from Beta(0.5, 5) cover
  92 % against 85 % for a clipped t, lognormal(0, 1) 89 % against 82 %, zero-inflated
  exponentials 91 % against 80 %; binomial shares and means of 30 waits cover 95 % either way;
* transforming each x_i first (t on the logits of each replication) would need an arbitrary
  continuity rule for replications at 0 or 1 and estimates a different quantity.

The price: at 2 replications (t = 12.7) the upper end for a positive quantity can be many
times the mean. That is honest — two replications say little — but read it as "run more".

Boundaries and zeros: values at the bound are allowed (a replication with no bad loans, a
wait of 0). Only when the *mean* is at the bound are all replications there (s = 0), and then,
as with the t interval, no spread means a zero-width interval (the point); with counts,
``wilson`` gives an interval for a single proportion that is never degenerate.

Differences (``difference``) are paired (b − a within a replication, common random
numbers) and use Student t on the differences, intersected with the difference's own range
([−scale, scale] for shares, [−2, 2] for correlations; none for real and positive
quantities, whose differences can have either sign). Intersecting with a range that is known
to hold the true value never lowers coverage: it removes only impossible values.

What a difference may be called (``verdict``): *clear* only when its interval excludes 0
(``clear``, the pure interval test) *and* it is at least the metric's minimal meaningful
difference (``simkit.report.meaningful``); *small* when the interval excludes 0 below that
size; *unclear* when the interval includes 0; *none* when both arms are zero throughout.
"""
from __future__ import annotations

import math
import re

import numpy as np
from scipy import stats

__all__ = ["KINDS", "VERDICTS", "interval", "difference", "kind_of", "clear", "verdict", "describe", "fits", "bounds",
           "wilson", "fisher_interval"]

KINDS = ("real", "share", "positive", "correlation")
_EPS = 1e-9  # tolerance on range checks (floating-point noise in shares computed as ratios)


def _t(n: int, level: float) -> float:
    return float(stats.t.ppf((1 + level) / 2, n - 1))


def _check(kind: str, level: float, scale: float) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: allowed are {', '.join(KINDS)}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (got {level})")
    if not scale > 0:
        raise ValueError(f"scale must be > 0 (got {scale})")


def _finite(values) -> np.ndarray:
    x = np.asarray(values if hasattr(values, "__len__") else list(values), dtype=float).ravel()
    return x[np.isfinite(x)]


def bounds(kind: str, scale: float = 1.0, diff: bool = False) -> tuple[float, float]:
    """The range of a quantity of ``kind`` (of a difference of two, with ``diff``)."""
    if kind == "share":
        return (-scale, scale) if diff else (0.0, scale)
    if kind == "correlation":
        return (-2.0, 2.0) if diff else (-1.0, 1.0)
    if kind == "positive" and not diff:
        return 0.0, math.inf
    return -math.inf, math.inf


def fits(values, kind: str, scale: float = 1.0) -> bool:
    """Whether every finite value lies in the range of ``kind`` — e.g. before using a kind
    guessed from a name (``kind_of``): a Gini of pay that fines made negative can exceed
    1, and then the honest interval is ``real``."""
    x = _finite(values)
    lo, hi = bounds(kind, scale)
    slack = _EPS * max(1.0, scale)
    return bool(len(x) == 0 or (x.min() >= lo - slack and x.max() <= hi + slack))


def interval(values, kind: str = "real", level: float = 0.95, *, scale: float = 1.0) -> tuple[float, float, float]:
    """(mean, low, high) over replications: the arithmetic mean and a ``level`` interval for
    the expected value that stays inside the range of ``kind`` (see the module docstring).

    Non-finite values (NaN: a run with no such thing) are left out. One value gives
    ``(mean, nan, nan)``; none gives three NaN. A value outside the kind's range is an error
    (the wrong kind, or a percentage passed without ``scale=100``)."""
    _check(kind, level, scale)
    x = _finite(values)
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    lo_r, hi_r = bounds(kind, scale)
    if not fits(x, kind, scale):
        raise ValueError(f"a {kind} must lie in [{lo_r:g}, {hi_r:g}]; got values from {x.min():g} to {x.max():g}"
                         + (" (percentages need scale=100)" if kind == "share" and x.max() <= 100 else ""))
    x = np.clip(x, lo_r, hi_r)
    m = float(x.mean())
    if n < 2:
        return m, math.nan, math.nan
    se = float(x.std(ddof=1)) / math.sqrt(n)
    t = _t(n, level)
    if se == 0.0:
        return m, m, m
    if kind == "real":
        return m, m - t * se, m + t * se
    if kind == "share":
        p = m / scale
        if p <= 0.0 or p >= 1.0:
            return m, m, m
        c, h = math.log(p / (1 - p)), t * se / scale / (p * (1 - p))
        return m, scale * _expit(c - h), scale * _expit(c + h)
    if kind == "positive":
        if m <= 0.0:
            return m, m, m
        c, h = math.log(m), t * se / m
        return m, math.exp(c - h), _exp(c + h)
    # correlation: Fisher's z
    if abs(m) >= 1.0:
        return m, m, m
    c, h = math.atanh(m), t * se / (1 - m * m)
    return m, math.tanh(c - h), math.tanh(c + h)


def _expit(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def _exp(z: float) -> float:
    return math.exp(z) if z < 700 else math.inf


def difference(a, b, kind: str = "real", level: float = 0.95, *, scale: float = 1.0) -> tuple[float, float, float]:
    """(mean, low, high) of ``b − a`` paired by replication (``a[i]`` and ``b[i]`` share seeds):
    Student t on the differences, intersected with the range of a difference of ``kind``
    ([−scale, scale] for shares, [−2, 2] for correlations). Pairs with a NaN are left out."""
    _check(kind, level, scale)
    a = np.asarray(a, dtype=float).ravel()
    b = np.asarray(b, dtype=float).ravel()
    if a.shape != b.shape:
        raise ValueError(f"paired replications need as many values on each side (got {len(a)} and {len(b)})")
    d = (b - a)[np.isfinite(a) & np.isfinite(b)]
    n = len(d)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(d.mean())
    if n < 2:
        return m, math.nan, math.nan
    half = _t(n, level) * float(d.std(ddof=1)) / math.sqrt(n)
    lo_r, hi_r = bounds(kind, scale, diff=True)
    return m, max(lo_r, m - half), min(hi_r, m + half)


def clear(lo: float, hi: float) -> bool:
    """True when the interval excludes 0 (a difference this run can tell apart from none).
    The pure interval test; what a display calls a difference is ``verdict``."""
    return bool(lo > 0 or hi < 0)  # False for NaN bounds: no interval, nothing clear


#: what ``verdict`` can say of a difference, in the order a reader weighs them
VERDICTS = ("clear", "small", "unclear", "none")


def _all_zero(values) -> bool:
    x = _finite(values)
    return len(x) > 0 and not x.any()


def verdict(diff: float, lo: float, hi: float, *, minimal: float = math.nan, arms: tuple | None = None) -> str:
    """What a difference ``diff [lo, hi]`` may be called, one of ``VERDICTS``:

    ``"none"``     both arms are exactly zero in every replication (``arms = (a_values,
                   b_values)`` given): there is nothing to compare, in either arm;
    ``"clear"``    the interval excludes 0 (unlikely to be chance, ``clear``) *and*
                   ``|diff| >= minimal`` (large enough to matter);
    ``"small"``    the interval excludes 0 but ``|diff|`` is below ``minimal``: real, but
                   too small to matter;
    ``"unclear"``  the interval includes 0, or is missing (NaN: fewer than two replications).

    ``minimal`` is the metric's minimal meaningful difference
    (``simkit.report.meaningful.minimal``); NaN (none registered) leaves the interval alone
    to decide, which every display states (``simkit.report.meaningful.NO_MINIMAL``). Why
    both tests: with enough replications an interval excludes zero for a difference nobody
    would notice (a wait six seconds shorter), and a large difference with an interval
    through zero may be luck."""
    if arms is not None and _all_zero(arms[0]) and _all_zero(arms[1]):
        return "none"
    if not clear(lo, hi) or diff != diff:
        return "unclear"
    if minimal == minimal and abs(diff) < minimal:
        return "small"
    return "clear"


# --------------------------------------------------------------------- kind by name
_CORRELATION = re.compile(r"corr|spearman|pearson|(^|_)rho($|_)|kendall")
#: bounded by construction, whatever else the name says ("Gini of pay", "portfolio R²")
_UNIT_INTERVAL = re.compile(r"gini|(^|_)r2($|_)|r²|explained|npl_(ratio|share)")
_REAL = re.compile(r"pay|profit|utility|increase|growth|change|gap|diff|delta|margin|surplus|p_?n_?l|provision")
#: staff habits that are probabilities or shares of time (scenario ``Prob`` fields)
_HABITS = ("pitch", "diversion", "referral", "selling", "outside", "screening", "strictness", "monitoring")
_SHARE = re.compile(r"(_|^)(share|rate|ratio|fraction|prob|probability|level)($|_)|served_within|within_\d+|"
                    r"utilisation|utilization|percent|pct|%|(^|_)(pitch|diversion|outside|screening|strictness|"
                    r"monitoring)$")
_POSITIVE = re.compile(r"wait|time|minutes|duration|sales|sold|fee|income|deposit|loan|provision|reserve|written_off|"
                       r"repaid|count|customers|visits|served|transactions|errors|complaints|pitches|referrals|"
                       r"quit|turnover|effort|satisfaction|pace|speed|accuracy|selling|cost|interest|amount|"
                       r"balance|applications|approvals|files|per_day|per_hour|arrival|churn|lost|refunds|npl|"
                       r"days|people|posts|portfolio|failures|won|diverted|triaged")
#: names whose kind the patterns would get wrong
_EXACT = {
    "pay": "real", "held": "real", "utility": "real", "staff_pay": "real", "bank_profit": "real",
    "teller_pace": "positive", "teller_pitch": "share", "cm_screening": "share",
    "service_level": "share", "npl": "positive", "wait_max": "positive",
    "annualised turnover (% of posts a year)": "positive",  # an annual rate can exceed 100 %
}


def _norm(name: str) -> str:
    return re.sub(r"[^0-9a-z²%]+", "_", str(name).strip().lower()).strip("_")


def kind_of(name: str) -> str:
    """The kind of a metric by its name: headline numbers (``simkit.measure.headline``),
    ``Results.kpis()``, the dashboard's KPIs, ``staff_periods`` / ``bank_periods`` columns
    (``kpi.`` / ``choice.`` / ``policy.`` prefixes included) and the readable labels the
    notebooks give their columns ("NPL ratio", "Gini of pay", "rank corr. pay ~
    contribution", "new loans ¥", "approved (%)").

    Rules, first match wins: a few exact names; ``choice.X`` / ``policy.X`` habits (shares,
    pace positive); correlations and rank correlations; Gini, R² and NPL ratios (shares,
    whatever else the name says); pay, profit, utility, changes and provisions (``real``:
    fines, losses, falls and released reserves make them negative); shares, rates, ratios, service levels (``share``); amounts,
    counts and times (``positive``); anything else ``real`` — the t interval assumes nothing,
    so an unknown name is never given a range it might not have. The scale of a share
    (fraction or percent) is not in the name: pass ``scale=100`` for percentages."""
    raw = str(name).strip().lower()
    if raw in _EXACT:
        return _EXACT[raw]
    n = _norm(name)
    if n in _EXACT:
        return _EXACT[n]
    head, _, rest = n.partition("_")
    if head in ("choice", "policy") and rest:
        return "share" if rest in _HABITS else ("positive" if rest == "pace" else "real")
    if head == "kpi" and rest in _EXACT:
        return _EXACT[rest]
    if _CORRELATION.search(n):
        return "correlation"
    if _UNIT_INTERVAL.search(n):
        return "share"
    if _REAL.search(n):
        return "real"
    if "turnover" in n:
        return "positive"
    if _SHARE.search(n):
        return "share"
    if _POSITIVE.search(n):
        return "positive"
    return "real"


# ----------------------------------------------------------------------- formatting
def _formatter(magnitude: float, digits: int | None, whole_from: float):
    """(round, text) for one number. With ``digits``: ``digits`` decimals, whole numbers with
    thousands separators from ``whole_from`` up (each number by its own size). ``digits=None``
    is automatic from the cell's ``magnitude`` (the mean): 3 significant digits below 10,
    one decimal below 1,000, whole numbers below a million, then millions ("12.35M")."""
    a = abs(magnitude) if math.isfinite(magnitude) else 0.0
    if digits is None:
        if a >= 1e6:
            return (lambda x: round(x / 1e4) * 1e4), (lambda x: f"{x / 1e6:.2f}M")
        if a >= 1000:
            return (lambda x: float(round(x))), (lambda x: f"{x:,.0f}")
        d = 1 if a >= 10 else (min(6, max(0, 2 - math.floor(math.log10(a)))) if a > 0 else 2)
        return (lambda x: round(x, d)), (lambda x: f"{x:,.{d}f}")
    if a >= whole_from:
        return (lambda x: float(round(x))), (lambda x: f"{x:,.0f}")
    return (lambda x: round(x, digits)), (lambda x: f"{x:,.{digits}f}")


def _text(x: float, fmt) -> str:
    if not math.isfinite(x):
        return "∞" if x > 0 else ("−∞" if x < 0 else "–")
    text = fmt(x)
    if text.startswith("-") and not text.strip("-0.,M"):
        text = text[1:]  # never "-0.0"
    return text


def describe(mean: float, lo: float, hi: float, kind: str = "real", unit: str = "", *, digits: int | None = 1,
             scale: float = 1.0, diff: bool = False, whole_from: float = 1000.0) -> str:
    """One cell: ``"75.4 % [52.0, 90.1]"``, ``"¥1,234 [1,100, 1,380]"``, ``"0.41 [0.12, 0.64]"``.

    The bounds are clamped to the kind's range (of a difference, with ``diff``) *after*
    rounding, so no cell ever shows an impossible bound (a share above 100 %, a negative NPL
    ratio, a correlation beyond ±1) or a "−0.0", whatever interval it is given. A missing
    interval (one replication) prints the mean alone; a missing mean prints "–".

    Why so many parameters: the interval (``mean``, ``lo``, ``hi``, as ``interval``
    returns it, so ``describe(*interval(...))`` reads one) and what it is (``kind``,
    ``unit``) are positional; how it is printed is keyword-only, each with a default.

    Parameters:
        ``mean``, ``lo``, ``hi``: the estimate and its interval (None or NaN: missing).
        ``kind``: one of ``KINDS``, whose range clamps the bounds. ``unit``: printed
        after the numbers (``"¥"`` before them); a ``share`` given as a fraction (``scale=1``)
        with ``unit="%"`` is shown in percent. ``digits``: decimals (``None``: picked from the
        mean's size, as ``simkit compare`` does). ``scale``: what 1 of the kind is (100 for a
        share in percent). ``diff``: the interval is of a difference (its range: ``bounds``).
        ``whole_from``: numbers from here up are printed whole."""
    if kind not in KINDS:
        raise ValueError(f"kind {kind!r}: allowed are {', '.join(KINDS)}")
    percent = 100.0 if (kind == "share" and unit.strip() == "%" and scale == 1.0) else 1.0
    lo_r, hi_r = bounds(kind, scale * percent, diff=diff)
    vals = [math.nan if v is None else float(v) * percent for v in (mean, lo, hi)]
    if math.isnan(vals[0]):
        return "–"
    others = [abs(v) for v in vals[1:] if math.isfinite(v)]
    cell = vals[0] if vals[0] != 0 or not others else max(others)
    texts = []
    for v in vals:
        rounded, shown = _formatter(cell if digits is None else v, digits, whole_from)
        texts.append(_text(v if not math.isfinite(v) else min(max(rounded(v), lo_r), hi_r), shown))
    unit = unit.strip()
    prefix, suffix = ("¥", "") if unit == "¥" else ("", f" {unit}" if unit else "")
    head = f"{prefix}{texts[0]}{suffix}"
    if math.isnan(vals[1]) or math.isnan(vals[2]):
        return head
    return f"{head} [{texts[1]}, {texts[2]}]"


# --------------------------------------------------------------- single estimates
def wilson(successes: float, trials: float, level: float = 0.95) -> tuple[float, float, float]:
    """(share, low, high): Wilson's score interval for one proportion from counts (Wilson
    1927; Brown, Cai & DasGupta 2001 recommend it over the Wald interval). Always inside
    [0, 1] and never zero-width, also at 0 or ``trials`` successes."""
    if trials <= 0 or not 0 <= successes <= trials:
        raise ValueError(f"need 0 <= successes <= trials and trials > 0 (got {successes} of {trials})")
    z = float(stats.norm.ppf((1 + level) / 2))
    p = successes / trials
    den = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / den
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / den
    return p, max(0.0, centre - half), min(1.0, centre + half)


def fisher_interval(r: float, n_pairs: int, level: float = 0.95) -> tuple[float, float, float]:
    """(r, low, high) for one Pearson correlation of ``n_pairs`` pairs: Fisher's z,
    tanh(atanh r ± z_{level} / √(n − 3)) (Fisher 1921)."""
    if n_pairs <= 3 or not -1 <= r <= 1:
        raise ValueError(f"need -1 <= r <= 1 and more than 3 pairs (got r={r}, n={n_pairs})")
    if abs(r) == 1:
        return r, r, r
    h = float(stats.norm.ppf((1 + level) / 2)) / math.sqrt(n_pairs - 3)
    z = math.atanh(r)
    return r, math.tanh(z - h), math.tanh(z + h)
