"""The estimators behind ``simkit fit``: arrivals, service times and patience, each with a confidence interval.

* Arrivals: counts per day and clock hour are modelled as Poisson with mean
  ``hourly[h] * factor[day] * open_hours(h)``, the scenario's own model (simkit.branch.calendar).
  With the same opening hours every day its maximum-likelihood fit is in closed form: the
  rate of hour ``h`` is its count over its open hours (a day of average traffic), a day's
  factor is its count over the average day's. Intervals are exact Poisson (Garwood 1936).
* Service: a lognormal by maximum likelihood per business type (the scenario's usual family,
  Brown et al. 2005, JASA 100:36-50), written as mean and cv. The mean's interval is Cox's
  (Zhou & Gao 1997, Statistics in Medicine 16:783-790), the cv's comes from the chi-square
  interval of the log-variance.
* Patience: a censored survival problem. A customer who left after waiting ``t`` minutes had
  a patience of ``t``; one called after ``t`` minutes had a patience of more than ``t``
  (right-censored). Lognormal and exponential (the two families the scenario supports) are
  fitted by maximum likelihood with censoring and the one with the lower AIC is kept. Not
  Kaplan-Meier: most customers are called within minutes, so the Kaplan-Meier curve stops
  long before most patience runs out and gives no mean, which is what the scenario needs;
  it serves as the check of the parametric fit instead (``kaplan_meier``).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import optimize, stats

__all__ = ["poisson_interval", "binomial_interval", "arrival_counts", "fit_hourly", "fit_days", "fit_lognormal", "fit_patience",
           "kaplan_meier"]


def poisson_interval(count, level: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) interval for the mean of a Poisson count."""
    count = np.asarray(count, dtype=float)
    alpha = 1.0 - level
    low = np.where(count > 0, stats.chi2.ppf(alpha / 2, 2 * count) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * count + 2) / 2
    return low, high


def binomial_interval(successes: int, trials: int, level: float) -> tuple[float, float]:
    """Exact (Clopper-Pearson) interval for a share of ``successes`` in ``trials``."""
    alpha = 1.0 - level
    low = stats.beta.ppf(alpha / 2, successes, trials - successes + 1) if successes > 0 else 0.0
    high = stats.beta.ppf(1 - alpha / 2, successes + 1, trials - successes) if successes < trials else 1.0
    return float(low), float(high)


def open_hours(open_minute: int, close_minute: int) -> pd.Series:
    """The open part of each clock hour (1.0 = the whole hour) between opening and closing."""
    hours = range(open_minute // 60, (close_minute + 59) // 60)
    return pd.Series({h: (min(h * 60 + 60, close_minute) - max(h * 60, open_minute)) / 60.0 for h in hours})


def arrival_counts(log: pd.DataFrame, exposure: pd.Series) -> pd.DataFrame:
    """Tickets per date (rows) and opening hour (columns); tickets outside opening hours are dropped."""
    hour = log["ticket_time"].dt.hour
    counts = pd.crosstab(log["date"], hour)
    return counts.reindex(columns=exposure.index, fill_value=0)


def fit_hourly(counts: pd.DataFrame, exposure: pd.Series, level: float) -> pd.DataFrame:
    """Customers an hour by clock hour on a day of average traffic, with exact intervals and a dispersion check.

    ``dispersion`` is Pearson's chi-square of the day-by-hour counts about the fitted
    ``rate * day factor`` over its degrees of freedom: near 1 if arrivals are Poisson with
    this profile; well above 1 means more day-to-day variation than the model has."""
    days = len(counts)
    total = counts.to_numpy().sum(axis=0)
    hours_open = days * exposure.to_numpy()
    low, high = poisson_interval(total, level)
    day_total = counts.sum(axis=1).to_numpy()
    expected = np.outer(day_total / day_total.mean(), total / days)
    cells = expected > 0
    pearson = (((counts.to_numpy() - expected) ** 2)[cells] / expected[cells]).sum()
    freedom = max((days - 1) * (int((total > 0).sum()) - 1), 1)
    return pd.DataFrame({"hour": counts.columns, "tickets": total, "rate": total / hours_open,
                         "low": low / hours_open, "high": high / hours_open, "dispersion": pearson / freedom})


def fit_days(counts: pd.DataFrame, level: float) -> pd.DataFrame:
    """Each day of the month's traffic factor (its tickets over the average day's), with exact intervals."""
    per_day = counts.sum(axis=1)
    average = per_day.mean()
    by_dom = per_day.groupby(per_day.index.day).agg(["sum", "count"])
    low, high = poisson_interval(by_dom["sum"], level)
    scale = by_dom["count"].to_numpy() * average
    return pd.DataFrame({"day_of_month": by_dom.index, "days": by_dom["count"].to_numpy(), "tickets": by_dom["sum"].to_numpy(),
                         "factor": by_dom["sum"].to_numpy() / scale, "low": low / scale, "high": high / scale})


def fit_lognormal(minutes, level: float) -> dict:
    """Lognormal maximum-likelihood fit of positive durations: mean and cv with intervals, and a KS distance."""
    x = np.asarray(minutes, dtype=float)
    n = len(x)
    logs = np.log(x)
    mu, var = logs.mean(), logs.var()  # the MLE divides by n
    z = stats.norm.ppf((1 + level) / 2)
    half = z * math.sqrt(var / n + var**2 / (2 * (n - 1)))  # Cox's interval for log(mean) = mu + var/2
    var_low = n * var / stats.chi2.ppf((1 + level) / 2, n - 1)
    var_high = n * var / stats.chi2.ppf((1 - level) / 2, n - 1)
    ks = stats.kstest(x, stats.lognorm(s=math.sqrt(var), scale=math.exp(mu)).cdf)
    return {"n": n, "mu": mu, "sigma": math.sqrt(var), "mean": math.exp(mu + var / 2),
            "mean_low": math.exp(mu + var / 2 - half), "mean_high": math.exp(mu + var / 2 + half),
            "cv": math.sqrt(math.expm1(var)), "cv_low": math.sqrt(math.expm1(var_low)),
            "cv_high": math.sqrt(math.expm1(var_high)), "ks": ks.statistic}


def _lognormal_loglik(params, times, left) -> float:
    mu, log_sigma = params
    z = (np.log(times) - mu) / math.exp(log_sigma)
    events = stats.norm.logpdf(z[left]) - log_sigma - np.log(times[left])
    return float(events.sum() + stats.norm.logsf(z[~left]).sum())


def _hessian(f, x, step: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of ``f`` at ``x`` (two parameters: four evaluations per entry)."""
    x = np.asarray(x, dtype=float)
    size = len(x)
    out = np.empty((size, size))
    for i in range(size):
        for j in range(size):
            shifts = [np.eye(size)[i] * step * a + np.eye(size)[j] * step * b for a, b in ((1, 1), (1, -1), (-1, 1), (-1, -1))]
            values = [f(x + s) for s in shifts]
            out[i, j] = (values[0] - values[1] - values[2] + values[3]) / (4 * step * step)
    return out


def _patience_lognormal(times, left, level: float) -> dict:
    """Censored lognormal MLE in (mu, log sigma); Wald intervals there, carried to mean and cv."""
    start = [np.log(times[left]).mean() + 1.0, math.log(max(np.log(times[left]).std(), 0.1))]
    best = optimize.minimize(lambda p: -_lognormal_loglik(p, times, left), start, method="Nelder-Mead",
                             options={"xatol": 1e-8, "fatol": 1e-10, "maxiter": 4000})
    mu, log_sigma = best.x
    try:
        cov = np.linalg.inv(-_hessian(lambda p: _lognormal_loglik(p, times, left), best.x))
    except np.linalg.LinAlgError:  # a flat likelihood (e.g. every leaving at one time): no interval, not a crash
        cov = np.full((2, 2), np.nan)
    z = stats.norm.ppf((1 + level) / 2)
    var = math.exp(2 * log_sigma)
    gradient = np.array([1.0, 2 * var])  # d(mu + sigma**2 / 2) / d(mu, log sigma)
    half = z * math.sqrt(gradient @ cov @ gradient)
    sigma_low, sigma_high = (math.exp(log_sigma + sign * z * math.sqrt(cov[1, 1])) for sign in (-1, 1))
    return {"dist": "lognormal", "loglik": -best.fun, "aic": 2 * best.fun + 4, "mu": mu, "sigma": math.sqrt(var),
            "mean": math.exp(mu + var / 2), "mean_low": math.exp(mu + var / 2 - half),
            "mean_high": math.exp(mu + var / 2 + half), "cv": math.sqrt(math.expm1(var)),
            "cv_low": math.sqrt(math.expm1(sigma_low**2)), "cv_high": math.sqrt(math.expm1(sigma_high**2))}


def _patience_exponential(times, left, level: float) -> dict:
    """Censored exponential MLE: leavings over total waiting time; the chi-square interval on 2 x leavings."""
    events, exposure = int(left.sum()), float(times.sum())
    mean = exposure / events
    low = 2 * exposure / stats.chi2.ppf((1 + level) / 2, 2 * events)
    high = 2 * exposure / stats.chi2.ppf((1 - level) / 2, 2 * events)
    loglik = -events * math.log(mean) - exposure / mean
    return {"dist": "exponential", "loglik": loglik, "aic": -2 * loglik + 2, "mean": mean, "mean_low": low,
            "mean_high": high, "cv": 1.0, "cv_low": 1.0, "cv_high": 1.0}


def fit_patience(wait, left, level: float) -> dict:
    """Both censored fits of patience (``wait`` minutes, ``left`` = gave up) and the one with the lower AIC as ``best``.

    Zero waits are dropped: a customer called at once says nothing about patience, and a
    leaving logged at the ticket's own second is a mistaken ticket, not a patience of 0."""
    wait, left = np.asarray(wait, dtype=float), np.asarray(left, dtype=bool)
    keep = np.isfinite(wait) & (wait > 0)
    times, left = wait[keep], left[keep]
    fits = {"lognormal": _patience_lognormal(times, left, level), "exponential": _patience_exponential(times, left, level)}
    best = min(fits.values(), key=lambda fit: fit["aic"])
    return {"fits": fits, "best": best, "n": int(len(times)), "left": int(left.sum())}


def kaplan_meier(wait, left) -> pd.DataFrame:
    """The Kaplan-Meier survival curve of patience with Greenwood's standard error, at each leaving time."""
    wait, left = np.asarray(wait, dtype=float), np.asarray(left, dtype=bool)
    keep = np.isfinite(wait) & (wait > 0)
    frame = pd.DataFrame({"t": wait[keep], "event": left[keep]})
    grouped = frame.groupby("t")["event"].agg(["sum", "count"]).sort_index()
    at_risk = grouped["count"][::-1].cumsum()[::-1]
    events = grouped["sum"]
    hit = events > 0
    survival = np.cumprod(1 - events[hit] / at_risk[hit])
    greenwood = np.cumsum(events[hit] / (at_risk[hit] * (at_risk[hit] - events[hit]).clip(lower=1)))
    return pd.DataFrame({"t": events[hit].index, "survival": survival.to_numpy(),
                         "se": survival.to_numpy() * np.sqrt(greenwood.to_numpy())})
