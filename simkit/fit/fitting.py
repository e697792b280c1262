"""``fit_tickets``: a branch's ticket log -> estimates with intervals -> a scenario that ``extends`` a base.

The fitted scenario replaces, in the base scenario, what a ticket log can tell: the hourly
arrival profile and each day of the month's traffic (``arrivals:``), each business type's
counter service time (``needs.<need>.channels.teller``) and patience (``customers.patience``).
Everything else (segments, staff, pay, the bank) stays the base's. Estimators and their
intervals: simkit.fit.estimate; the codebook and the output: docs/fitting.md.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from ruamel.yaml import YAML

from .. import limits
from ..api import run
from ..arguments import ArgumentError, check_level, check_out, printable
from ..scenario import load_scenario, with_overrides
from . import estimate, figures
from .tickets import TicketError, read_tickets, ticket_log

__all__ = ["Fit", "fit_tickets", "write_fit", "check_fit_folder", "check_name", "MIN_SERVICES", "MIN_LEFT"]

# (stated reason) fewer services than this give a lognormal cv interval wider than about
# [0.6, 1.8] times the estimate: the base scenario's value is kept instead
MIN_SERVICES = 10
# (stated reason) the same bound for leavings: fewer than 10 events leave the censored
# patience fit resting on its family's tail, not on the data
MIN_LEFT = 10
#: the files that mark a folder as holding a fit (``write_fit`` replaces them with ``force``)
FIT_FILES = {"scenario.yaml", "estimates.csv"}
#: the base scenario a fit extends unless told otherwise: the baseline branch shipped inside the
#: package (simkit/scenarios, simkit.scenario.shipping), resolved to the file it is in a checkout
BASELINE = (Path(__file__).resolve().parents[1] / "scenarios" / "baseline.yaml").resolve()
# (stated reason) a week has every weekday once, and a few thousand arrivals put the share's
# standard error under one percentage point
SHARE_DAYS = 7
ROUND = 4  # (stated reason) significant digits written: intervals are wider than 1 in 10,000


@dataclass
class Fit:
    """What ``fit_tickets`` found: the estimates table (one row per number, with its interval
    and where it goes in the scenario), the scenario fragment to write over the base, and
    what the figures need."""

    source: str
    base: str
    level: float
    estimates: pd.DataFrame
    fragment: dict
    notes: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)


def _sig(value: float) -> float:
    return float(f"{value:.{ROUND}g}")


def _row(quantity, key, interval: tuple, n, written, note=""):
    """One line of the estimates table; ``interval`` is (estimate, low, high)."""
    estimate_, low, high = interval
    return {"quantity": quantity, "key": key, "estimate": estimate_, "low": low, "high": high, "n": n,
            "written": written, "note": note}


def _arrivals(log, base, level, fit: Fit) -> tuple[dict, list]:
    exposure = estimate.open_hours(base.branch.open_minute, base.branch.close_minute)
    counts = estimate.arrival_counts(log, exposure)
    if not counts.to_numpy().any():
        raise TicketError(fit.source, f"has no ticket within the base scenario's opening hours ({base.branch.open}-"
                                      f"{base.branch.close}); allowed: a log of the branch the base describes, or a "
                                      f"--base whose branch.open and branch.close cover the tickets")
    outside = len(log) - int(counts.to_numpy().sum())
    if outside:
        fit.notes.append(f"{outside:,} tickets outside the base scenario's opening hours "
                         f"({base.branch.open}-{base.branch.close}) are not counted in the arrival profile")
    hourly, days = estimate.fit_hourly(counts, exposure, level), estimate.fit_days(counts, level)
    rows = [_row("arrivals.hourly", int(r.hour), (r.rate, r.low, r.high), int(r.tickets), True,
                 f"customers an hour; dispersion {r.dispersion:.2f}") for r in hourly.itertuples()]
    factors = {}
    for r in days.itertuples():
        written = min(max(r.factor, limits.MIN_DAY_FACTOR), limits.MAX_DAY_FACTOR)
        note = "" if written == r.factor else f"clipped to {written:g} (limits.MIN/MAX_DAY_FACTOR)"
        factors[int(r.day_of_month)] = _sig(written)
        rows.append(_row("arrivals.day_of_month", int(r.day_of_month), (r.factor, r.low, r.high), int(r.tickets), True,
                         note or f"over {r.days} day(s)"))
    for day in base.arrivals.day_of_month:  # the base's own day factors are relative to its own profile
        factors.setdefault(day, 1.0)
    rows.append(_ticket_share(base, level, fit))
    fit.data.update(counts=counts, exposure=exposure, hourly=hourly, days=days)
    section = {"hourly": {int(h): _sig(rate) for h, rate in zip(hourly["hour"], hourly["rate"])},
               "weekday": [1.0] * 7, "day_of_month": dict(sorted(factors.items())),
               "month_end": {"last_days": 0, "factor": 1.0}}
    return section, rows


def _ticket_share(base, level, fit: Fit) -> dict:
    """The share of the base scenario's arrivals that take a counter ticket, in a run of its first
    ``SHARE_DAYS`` days: the rest go to machines or a customer manager's desk, or balk. The
    fitted hourly rates count tickets, so the base's arrivals are the rates over this share."""
    week = with_overrides(base, {"horizon.periods": None, "horizon.days": SHARE_DAYS})  # the branch, not its pay periods
    results = run(week)
    tickets, customers = len(ticket_log(results)), max(len(results.customers), 1)
    share = tickets / customers
    if share < 1.0:
        fit.notes.append(f"in the base scenario {share:.0%} of arrivals take a counter ticket (a {SHARE_DAYS}-day run); "
                         f"the fitted hourly rates count tickets, so a run of the fitted scenario has fewer counter "
                         f"customers than the log: divide the hourly rates by {share:.3g} to match them (docs/fitting.md)")
    return _row("arrivals.ticket_share", "all", (share, *estimate.binomial_interval(tickets, customers, level)), customers,
                False, "share of the base's arrivals that take a counter ticket (interval: the run's Monte Carlo "
                       "error); not written")


def _need_names(base) -> dict[str, str]:
    """Business type as written in a log -> need name: a need's name or its Chinese label."""
    names = {need.label_zh: name for name, need in base.needs.items() if need.label_zh}
    names.update({name: name for name in base.needs})
    return names


def _services(log, base, level, fit: Fit) -> tuple[dict, list]:
    names, section, rows = _need_names(base), {}, []
    served = log[~log["left"] & (log["service"] > 0)]
    fit.data["services"] = {}
    # a need written by its name in some rows and by its Chinese label in others is one need
    for business, minutes in served.groupby(served["business"].map(lambda text: names.get(text, text)))["service"]:
        need = business if business in base.needs else None
        if len(minutes) < MIN_SERVICES or minutes.nunique() < 2:
            fit.notes.append(f"business {printable(business)!r}: {len(minutes)} services, fewer than {MIN_SERVICES} or "
                             f"all of one length; not fitted")
            continue
        result = estimate.fit_lognormal(minutes, level)
        fit.data["services"][business] = (minutes.to_numpy(), result)
        if need is None:
            why = "not a need of the base scenario; not written"
        elif "teller" not in base.needs[need].channels:
            why = "the base scenario does not serve this need at a counter; not written"
        else:
            why = ""
            cv = min(result["cv"], limits.MAX_CV)
            mean = min(result["mean"], limits.MAX_TASK_MINUTES)
            section[need] = {"channels": {"teller": {"dist": "lognormal", "mean": _sig(mean), "cv": _sig(cv)}}}
        key = need or business
        rows.append(_row("service.mean", key, (result["mean"], result["mean_low"], result["mean_high"]), result["n"],
                         not why, why or f"minutes at a counter; KS distance {result['ks']:.3f}"))
        rows.append(_row("service.cv", key, (result["cv"], result["cv_low"], result["cv_high"]), result["n"], not why, why))
    zero = int((~log["left"] & (log["service"] <= 0)).sum())
    if zero:
        fit.notes.append(f"{zero:,} services of 0 seconds are left out of the service-time fits")
    return section, rows


def _patience(log, level, fit: Fit) -> tuple[dict, list]:
    unknown = int((log["left"] & log["wait"].isna()).sum())
    if unknown:
        fit.notes.append(f"{unknown:,} customers left at an unknown time (no finish_time) and are left out of the "
                         f"patience fit, which then reads patience as longer than it is")
    left = log["left"] & log["wait"].notna()
    if int(left.sum()) < MIN_LEFT:
        fit.notes.append(f"{int(left.sum())} customers left with a known time, fewer than {MIN_LEFT}; patience not fitted")
        return {}, []
    result = estimate.fit_patience(log["wait"].where(log["wait"].notna(), 0.0), left, level)
    fit.data["patience"] = (log["wait"].to_numpy(), left.to_numpy(), result)
    best = result["best"]
    rows = []
    for name, family in result["fits"].items():
        kept = name == best["dist"]
        note = f"AIC {family['aic']:.1f}" + ("" if kept else "; not kept (higher AIC)")
        rows.append(_row(f"patience.{name}.mean_minutes", "all", (family["mean"], family["mean_low"], family["mean_high"]),
                         result["n"], kept, note))
        if name == "lognormal":
            rows.append(_row("patience.lognormal.cv", "all", (family["cv"], family["cv_low"], family["cv_high"]),
                             result["n"], kept, note))
    section = {"enabled": True, "dist": best["dist"], "mean_minutes": _sig(min(best["mean"], limits.MAX_TASK_MINUTES))}
    if best["dist"] == "lognormal":
        section["cv"] = _sig(min(best["cv"], limits.MAX_CV))
    return section, rows


def fit_tickets(path, base=BASELINE, level: float = 0.95) -> Fit:
    """Read and check the ticket log at ``path``, fit it against the ``base`` scenario (a YAML
    path; default the baseline branch), return a ``Fit``.

    A bad log raises ``simkit.fit.TicketError``, a bad base ``simkit.scenario.ScenarioError``,
    a bad level ``simkit.ArgumentError``: each one line."""
    level = check_level(level)
    base_scenario = load_scenario(os.fspath(base))
    log = read_tickets(path)
    fit = Fit(source=os.fspath(path), base=os.fspath(base), level=level, estimates=pd.DataFrame(), fragment={})
    arrivals, arrival_rows = _arrivals(log, base_scenario, level, fit)
    needs, service_rows = _services(log, base_scenario, level, fit)
    patience, patience_rows = _patience(log, level, fit)
    fit.fragment = {"arrivals": arrivals}
    if patience:
        fit.fragment["customers"] = {"patience": patience}
    if needs:
        fit.fragment["needs"] = needs
    fit.estimates = pd.DataFrame(arrival_rows + service_rows + patience_rows)
    fit.data["log"] = log
    return fit


def _scenario_text(fit: Fit, out: Path, name: str) -> str:
    base = Path(os.path.relpath(Path(fit.base).resolve(), out.resolve())).as_posix()
    dates = fit.data["log"]["date"]
    document = {"extends": base, "name": name,
                "description": f"Fitted by simkit fit from {Path(fit.source).name}: {len(dates):,} tickets, "
                               f"{dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}."}
    document.update(fit.fragment)
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.sort_base_mapping_type_on_output = False
    yaml.allow_unicode = True
    buffer = io.StringIO()
    buffer.write(f"# Fitted by `simkit fit` from {printable(fit.source, 200)}\n"
                 f"# over {printable(fit.base, 200)}. Every number below is an estimate from that log; its\n"
                 f"# {fit.level:.0%} interval and method are in estimates.csv beside this file (docs/fitting.md).\n"
                 f"# Weekday factors are 1: the day-of-month factors carry each observed day's traffic, and a\n"
                 f"# day the log does not cover is a day of average traffic.\n")
    yaml.dump(document, buffer)
    return buffer.getvalue()


def check_name(name) -> str | None:
    """The fitted scenario's name: ``None`` (named after the log) or text a scenario name may be."""
    if name is not None and (not isinstance(name, str) or not 0 < len(name) <= limits.MAX_NAME_CHARS):
        raise ArgumentError("name", f"text of 1 to {limits.MAX_NAME_CHARS} characters (limits.MAX_NAME_CHARS)", name)
    return name


def check_fit_folder(out, force: bool = False) -> Path:
    """Where ``write_fit`` may write: a new or empty folder, or with ``force`` one holding an
    earlier fit (its ``scenario.yaml`` and ``estimates.csv``); its figures are then removed
    first, so none is left from a business type the new log lacks. Raises ``ArgumentError``."""
    out = check_out(out)
    if not out.is_dir():
        return out
    entries = sorted(entry.name for entry in out.iterdir())
    earlier = FIT_FILES.issubset(entries)
    if entries and not (force and earlier):
        allowed = "a new or empty folder, or --force (force=True) to replace an earlier fit"
        what = "holds an earlier fit" if earlier else f"holds other files ({printable(', '.join(entries[:3]))})"
        raise ArgumentError("out", allowed, str(out), f"{printable(out)} {what}")
    for figure in out.glob("*.png"):
        figure.unlink()
    return out


def write_fit(fit: Fit, out, name: str | None = None, force: bool = False) -> dict[str, Path]:
    """Write ``scenario.yaml`` (extends the base), ``estimates.csv`` and one PNG per fitted quantity into ``out``.

    ``out`` is checked first (``check_fit_folder``). The scenario is loaded back before
    returning, so what is written is a valid scenario."""
    name = check_name(name)
    out = check_fit_folder(out, force)
    out.mkdir(parents=True, exist_ok=True)
    name = name or "fitted_" + re.sub(r"[^A-Za-z0-9_]+", "_", Path(fit.source).stem)[:60]
    paths = {"scenario": out / "scenario.yaml", "estimates": out / "estimates.csv"}
    paths["scenario"].write_text(_scenario_text(fit, out, name), encoding="utf-8")
    fit.estimates.to_csv(paths["estimates"], index=False)
    paths["hourly"] = figures.hourly_figure(fit.data["hourly"], fit.data["counts"], fit.data["exposure"],
                                            out / "arrivals_hourly.png")
    paths["days"] = figures.days_figure(fit.data["days"], out / "arrivals_day_of_month.png")
    for business, (minutes, result) in fit.data["services"].items():
        slug = re.sub(r"[^\w]+", "_", business) or "business"
        paths[f"service:{business}"] = figures.service_figure(minutes, result, business, out / f"service_{slug}.png")
    if "patience" in fit.data:
        wait, left, result = fit.data["patience"]
        curve = estimate.kaplan_meier(wait, left)
        paths["patience"] = figures.patience_figure(curve, result, fit.level, out / "patience.png")
    load_scenario(paths["scenario"])
    return paths
