"""Can staff *learn* what their pay rewards? The information a scheme gives, measured.

A pay scheme steers a habit only as far as the people under it can see, in their own
payslips, that the habit pays. ``simkit.behaviour.learning`` believes a habit moves pay
once its evidence stands clear of luck by about two standard errors; a person tries their
habits ``σ`` logit units either way (the rule's trial spread at that point) and regresses
pay on what they tried. With a true slope ``g`` (¥ a month per logit unit) and
month-to-month luck of sd ``s``, after ``n`` months the standard error is about
``s / (σ √n)``, so the evidence clears two standard errors after about

    n* = CLEAR · s² / (g σ)²  months           (CLEAR = 4: two standard errors)

— if it is kept that long. The rule weighs the last ``(1 + μ)/(1 − μ)`` months (memory
``μ``: about 12); a habit whose ``n*`` is far beyond that is never seen to pay, however
much it does.

``learnability`` measures ``g`` and ``s`` in the branch itself, with the habit held
fixed: the scenario is run with learning and quitting off, once with *one person's* habit
``σ`` below the point and once ``σ`` above, everyone else at the point, on the same seeds
(common random numbers: the same customers and applicants meet both). One person, because
a trial is one person's: a teller who works faster takes customers from the shared queue,
and under team pay her extra transactions are shared five ways, so what her pay shows is
not what the role's pay shows when everyone changes together (it is the same for a
customer manager's own loan book). ``g`` is the mean monthly pay difference over
``2σ`` (a secant over exactly the range a person's trials span) in that person's pay, with a
Student-t interval over replications; the effort cost's secant is reported beside it (known exactly to the
person; the habit is worth more of itself when ``g`` exceeds it). ``s`` is the luck a
person faces: the month-to-month sd of their pay as earned (pay, plus what the payslip
holds back, less settlements, which the rule credits to the months that earned them),
from successive differences (von Neumann 1941), so a pay level that drifts as a loan book
builds up does not count as luck.

Approximations, stated: the pay of loans approved near the end of the run that default
after it is not in ``g``; the rule's residual also holds the other habits' trials, so
``s`` is a lower bound on its noise and ``n*`` a lower bound on the months it needs.

>>> t = learnability("scenarios/schemes/teller_piece_rate.yaml", "teller", "pace", reps=4,
...                  periods=6)                                                # doctest: +SKIP
"""
from __future__ import annotations

import copy
import math
import numbers

import numpy as np
import pandas as pd

from ..api import _as_scenario
from ..arguments import (
    ArgumentError,
    check_choice,
    check_executor,
    check_level,
    check_periods,
    check_progress,
    check_reps,
    check_seed,
    check_work,
    printable,
)
from ..behaviour.learning import CLEAR
from ..behaviour.space import widen
from ..branch.staff import staff_roster
from ..limits import expected_customers
from ..scenario import Scenario
from ..vocabulary import PERIOD_MONTHS
from .runner import replicate
from .summary import t_interval

__all__ = ["learnability", "measure", "months_to_believe", "verdict"]


def months_to_believe(slope: float, luck: float, trial: float) -> float:
    """Months of trials of spread ``trial`` (logit units) before a pay slope of ``slope``
    (¥ a month per logit unit) stands two standard errors clear of luck of sd ``luck``."""
    if slope == 0.0 or trial == 0.0:
        return math.inf
    return CLEAR * luck * luck / (slope * slope * trial * trial)


def _earned(staff_periods: pd.DataFrame, role: str, person: str | None = None) -> pd.DataFrame:
    """The role's rows (``person``'s only, if given) with ``earned`` = pay + held back −
    settlements (see the module doc)."""
    rows = staff_periods[(staff_periods["role"] == role) if person is None else (staff_periods["person"] == person)]
    settled = rows["pay.settlement"].fillna(0.0) if "pay.settlement" in rows else 0.0
    return rows.assign(earned=rows["pay"] + rows["held"] - settled)


def _luck(staff_periods: pd.DataFrame) -> list[float]:
    """Per person and run: half the mean squared month-to-month change of pay as earned."""
    out = []
    for _, rows in staff_periods.sort_values("period").groupby(["replication", "person"], observed=True):
        changes = np.diff(rows["earned"].to_numpy())
        if len(changes):
            out.append(float(np.mean(changes * changes)) / 2.0)
    return out


def measure(low: pd.DataFrame, high: pd.DataFrame, role: str, trial: float, level: float = 0.95,
            person: str | None = None) -> dict:
    """``g``, its interval, the effort secant, ``s`` and ``n*`` from the ``staff_periods`` of
    replicated runs with a habit ``trial`` logit units below (``low``) and above (``high``)
    the point, replication ``r`` of both on the same seed; of ``person`` (default: the mean
    over the role)."""
    lo, hi = _earned(low, role, person), _earned(high, role, person)
    per_rep = pd.DataFrame({f"{c}_{side}": t.groupby("replication")[c].mean()
                            for side, t in (("lo", lo), ("hi", hi)) for c in ("pay", "effort")})
    slopes = (per_rep["pay_hi"] - per_rep["pay_lo"]) / (2.0 * trial)
    mean, ci_low, ci_high = t_interval(slopes.to_numpy(), level)
    effort = float(((per_rep["effort_hi"] - per_rep["effort_lo"]) / (2.0 * trial)).mean())
    luck = math.sqrt(float(np.mean(_luck(lo) + _luck(hi))))
    return {"slope": mean, "slope_lo": ci_low, "slope_hi": ci_high, "effort_slope": effort,
            "luck": luck, "needed": months_to_believe(mean, luck, trial), "reps": len(slopes)}


def _point(scenario, role: str, choice: str, at: float | None) -> tuple[float, float, float, float]:
    """(value at the point, trial spread σ in logit units, the values σ below and above)."""
    ranges = scenario.behaviour.choices.of(role)
    if choice not in ranges:
        raise ArgumentError("choice", ", ".join(ranges), choice, f"{role} has no choice '{printable(choice)}'")
    span = ranges[choice]
    inside = f"the point must lie inside its range ({span.lo:g}, {span.hi:g})"
    if at is not None and (isinstance(at, bool) or not isinstance(at, numbers.Real)):
        raise ArgumentError("at", None, at, inside)
    x = getattr(getattr(scenario.staff.choices, role), choice) if at is None else float(at)
    if not span.lo < x < span.hi:  # NaN too
        raise ArgumentError("at", None, x, inside)
    z = (x - span.lo) / (span.hi - span.lo)
    trial = scenario.behaviour.learning.exploration * float(widen(z))  # the rule's trial spread there
    theta = math.log(z / (1.0 - z))
    tried = [span.lo + (span.hi - span.lo) / (1.0 + math.exp(-(theta + sign * trial))) for sign in (-1, 1)]
    return x, trial, tried[0], tried[1]


_LISTS = {"teller": "tellers", "lobby_manager": "lobby_managers", "customer_manager": "customer_managers"}


def _habits(scenario, role: str, choice: str, habits: dict | None) -> dict[str, float]:
    """``habits`` checked: other choices of ``role``, each inside its range."""
    ranges, out = scenario.behaviour.choices.of(role), {}
    for name, value in (habits or {}).items():
        if name not in ranges or name == choice:
            allowed = ", ".join(n for n in ranges if n != choice)
            what = "is the choice measured, not one to hold" if name == choice else f"is not a choice of {role}"
            raise ArgumentError("habits", allowed, name, f"'{printable(name)}' {what}")
        span = ranges[name]
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not span.lo <= float(value) <= span.hi:
            raise ArgumentError("habits", None, value, f"{name} must lie in its range [{span.lo:g}, {span.hi:g}]")
        out[name] = float(value)
    return out


def _frozen_at(scenario, role: str, choice: str, x: float, periods: int | None, habits: dict | None = None) -> dict:
    """The scenario as a dict with learning and quitting off and everyone in ``role`` at ``x``
    (and at ``habits``, the role's other habits to hold), including people listed with habits of
    their own."""
    data = scenario.model_dump()
    data["behaviour"]["learning"]["enabled"] = False
    data["behaviour"]["turnover"]["enabled"] = False
    at = {**(habits or {}), choice: x}
    data["staff"]["choices"][role].update(at)
    for listed in data["staff"][_LISTS[role]]:
        if listed.get("choices"):
            listed["choices"].update(at)
    if periods is not None:
        data["horizon"]["periods"] = int(periods)
    return data


def _shift_one(data: dict, scenario, role: str, person: str | None, choice: str, values) -> tuple[str, list[dict]]:
    """(the person, one scenario dict per value): that person's ``choice`` set to the value,
    everyone else's habits as the scenario has them; ``person="all"``: everyone's in the role."""
    members = [m for m in staff_roster(scenario.branch, scenario.staff) if m.role == role]
    ids = [m.id for m in members]
    if not members:
        raise ArgumentError("role", "a role the scenario staffs", role, f"the scenario has no {role.replace('_', ' ')}")
    who = ids[0] if person is None else person
    if who not in ids + ["all"]:
        raise ArgumentError("person", f"{', '.join(ids)} or all", who, f"{role} has no person '{printable(who)}'")
    changed = range(len(ids)) if who == "all" else [ids.index(who)]
    out = []
    for value in values:
        shifted = copy.deepcopy(data)
        listed = shifted["staff"][_LISTS[role]]
        listed += [{"id": m.id} for m in members[len(listed):max(changed) + 1]]  # the roster's defaults, spelled out
        for i in changed:
            listed[i]["choices"] = {**members[i].choices.model_dump(), choice: value}
        out.append(shifted)
    return who, out


def learnability(scenario, role: str, choice: str, at: float | None = None, *, person: str | None = None,
                 habits: dict[str, float] | None = None, reps: int = 4, seed: int | None = None,
                 periods: int | None = None, level: float = 0.95, executor: str = "serial",
                 workers: int | None = None, progress: bool = False) -> pd.DataFrame:
    """One row: how clearly one person's pay shows what their ``choice`` does to it.

    Why so many parameters: what is measured (``scenario``, ``role``, ``choice``, ``at``) is
    positional; whose pay, the habits held, how long and how sure, and how to run it are
    keyword-only with defaults, the options of ``simkit learnability``. Runs ``2 × reps``
    frozen replications of ``periods``; more than ``simkit.arguments.MAX_WORK`` expected
    customers over them all is refused (``simkit.ArgumentError``, like every bad
    argument, before anything runs).

    Parameters:
        ``scenario``: a Scenario or a path. ``role``, ``choice``: the habit measured. ``at``:
        the point (default: the scenario's starting value); it applies to the whole role, so
        colleagues work at the same point, and every other habit stays as the scenario has it.
        ``person``: whose pay (default: the role's first, e.g. T1). ``"all"``: everyone in the
        role changes together and the slope is the mean of their own slopes — more precise
        *when their work does not interact* (a customer manager's screening of their own loan
        files), wrong when it does (a shared queue, team pay, customers at the desk who go to
        whichever manager is in: tests/experiment/test_learnability.py).
        ``habits``: the role's *other* habits to hold everyone at, ``{choice: value}`` — under
        loan-volume pay, how strictly a manager refuses files barely changes what they approve
        while their investigations are thorough (a clear file is approved at any strictness),
        and matters once investigations are a formality (``habits={"screening": 0.16}``).
        ``reps``: replications of each side. ``seed``: default the scenario's. ``periods``:
        default the scenario's horizon. ``level``: of the slope's interval. ``executor``,
        ``workers``, ``progress``: as in ``replicate``.

    Columns: the point and the two values tried, ``trial`` (σ, logit units), ``slope`` (¥ a
    month per logit unit) with its ``level`` interval, ``effort_slope``, ``luck`` (¥ a
    period), ``needed`` (``n*``: periods of trials before the slope clears two standard errors),
    ``window`` (periods of evidence the rule keeps), ``verdict`` (``verdict``) and
    ``seen`` (the verdict is ``seen``)."""
    _check_arguments(role, reps, periods, level, seed)
    check_executor(executor, workers)
    check_progress(progress)
    scenario = _as_scenario(scenario)
    _check_has_periods(scenario, periods)
    x, trial, low, high = _point(scenario, role, choice, at)
    held = _habits(scenario, role, choice, habits)
    data, frozen = _frozen_checked(scenario, (role, choice, x), periods, held, reps)
    who, shifted = _shift_one(data, frozen, role, person, choice, (low, high))
    runs = [replicate(Scenario.model_validate(side), reps, seed, logs=("staff_periods",), executor=executor,
                      workers=workers, progress=progress).staff_periods for side in shifted]
    row = {"scheme": scenario.name, "role": role, "person": who, "choice": choice, "at": x,
           "habits": ", ".join(f"{name}={value:g}" for name, value in held.items()), "low": low, "high": high,
           "trial": trial, **measure(runs[0], runs[1], role, trial, level, None if who == "all" else who),
           "window": _window(scenario)}
    row["verdict"] = verdict(row)
    row["seen"] = row["verdict"] == SEEN
    return pd.DataFrame([row])


def _frozen_checked(scenario, habit: tuple[str, str, float], periods: int | None, held: dict,
                    reps: int) -> tuple[dict, Scenario]:
    """The frozen scenario (``_frozen_at``, everyone in the role at ``habit = (role, choice,
    value)``) as a dict and validated, once the work of ``2 × reps`` runs is known to be
    allowed (raises ``simkit.ArgumentError``)."""
    role, choice, x = habit
    data = _frozen_at(scenario, role, choice, x, periods, held)
    frozen = Scenario.model_validate(data)
    check_work("reps", reps, 2 * reps * expected_customers(frozen),
               f"2 runs x {reps:,} replications of {frozen.horizon.periods:,} periods")
    return data, frozen


def _check_has_periods(scenario, periods: int | None) -> None:
    """Learnability is measured over assessment periods: the scenario's, or ``periods``."""
    if not scenario.horizon.periods and periods is None:
        raise ArgumentError("periods", "a number of periods for a scenario without horizon.periods (or set its "
                                       "horizon.periods)", periods, "learnability needs assessment periods")


def _window(scenario) -> float:
    """Periods of evidence the learning rule keeps: (1 + μ)/(1 − μ) for its memory μ a period."""
    mu = scenario.behaviour.learning.memory ** PERIOD_MONTHS[scenario.horizon.period]  # the rule's memory is per month
    return (1.0 + mu) / (1.0 - mu) if mu < 1 else math.inf


def _check_arguments(role, reps, periods, level, seed) -> None:
    """The checks ``simkit learnability`` makes too, with the same messages."""
    check_choice("role", role, tuple(_LISTS))
    check_reps(reps)
    if periods is not None:
        check_periods(periods)
    check_level(level)
    if seed is not None:
        check_seed(seed)


SEEN, UNSEEN, NONE = "seen", "too noisy to see", "no pay effect measured"


def verdict(row: dict) -> str:
    """``no pay effect measured`` when the slope's interval holds 0 (then ``needed`` is
    meaningless); else ``seen`` when ``needed`` is within the rule's window, ``too noisy to
    see`` when it is not."""
    if not (row["slope_lo"] > 0 or row["slope_hi"] < 0):
        return NONE
    return SEEN if row["needed"] <= row["window"] else UNSEEN
