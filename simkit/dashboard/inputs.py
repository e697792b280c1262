"""What the user picks, and the scenario it stands for.

The dashboard offers the *branch* scenarios in ``scenarios/`` and, for each role, the pay
schemes in ``scenarios/schemes/`` that change that role's pay. A side of the comparison
(A or B) is one scheme per role; ``build_scenario`` turns the user's choices into one
validated ``simkit.scenario.Scenario`` with ``simkit.scenario.with_overrides``,
so what the dashboard runs is exactly what ``simkit.run`` runs for the same inputs.

Which scheme file belongs to which role is read from the files themselves (a scheme
belongs to a role when its resolved ``pay.<role>`` differs from ``fixed_pay.yaml``), so
a new scheme file shows up without touching this code.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..arguments import ArgumentError
from ..scenario import FIELD_MARGINS, load_scenario, shipped_dir, with_overrides
from ..vocabulary import ROLES

#: the source checkout, where serve.py finds dashboard/dashboard.ipynb for Voila (the scenarios the
#: dashboard offers ship inside the package instead: simkit.scenario.shipped_dir)
ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = shipped_dir()
SCHEMES = SCENARIOS / "schemes"
#: the reference scheme every role can take: fixed pay (scheme 1 of docs/domain.md §3)
FIXED = "fixed_pay"
#: textbook queues (Erlang C / A, Cobham) are for the theory tests, not for a branch trainer
_NOT_A_BRANCH = ("mmc",)
#: staff lists a role's scheme file may bring with it (e.g. six managers with unequal portfolios)
_ROLE_STAFF = {"teller": ("staff.tellers",), "lobby_manager": ("staff.lobby_managers", "branch.lobby_managers"),
               "customer_manager": ("staff.customer_managers", "branch.customer_managers")}


def branch_scenarios(folder: Path = SCENARIOS) -> list[str]:
    """Names (file stems) of the branch scenarios the user can pick, sorted, baseline first."""
    names = sorted(p.stem for p in folder.glob("*.yaml") if not p.stem.startswith(_NOT_A_BRANCH))
    return sorted(names, key=lambda n: n != "baseline")


@lru_cache(maxsize=None)
def _branch(name: str, folder: str = str(SCENARIOS)):
    return load_scenario(Path(folder) / f"{name}.yaml")


@lru_cache(maxsize=None)
def _scheme(name: str, folder: str = str(SCHEMES)):
    return load_scenario(Path(folder) / f"{name}.yaml")


def schemes_by_role(folder: Path = SCHEMES) -> dict[str, list[str]]:
    """For each role, the scheme files that change its pay, with ``fixed_pay`` first."""
    reference = _scheme(FIXED, str(folder))
    out = {role: [FIXED] for role in ROLES}
    for p in sorted(folder.glob("*.yaml")):
        if p.stem == FIXED:
            continue
        scheme = _scheme(p.stem, str(folder))
        for role in ROLES:
            if scheme.pay.of(role) != reference.pay.of(role):
                out[role].append(p.stem)
    return out


@dataclass(frozen=True)
class Side:
    """One pay scheme per role (scheme file stems)."""

    teller: str = FIXED
    lobby_manager: str = FIXED
    customer_manager: str = FIXED

    def of(self, role: str) -> str:
        return getattr(self, role)


@dataclass(frozen=True)
class Inputs:
    """Everything the Run button reads. Four monthly periods are the fewest in which pay can
    change what staff do (a person believes nothing about pay until three payslips give a
    slope and its noise, so periods 0-2 are played alike under every scheme; see
    ``simkit.behaviour.learning``; ``LEARNING_STARTS``). Five replications by default:
    with three, t₀.₉₇₅ with 2 d.f. is 4.3 and most differences look unclear; with five it is
    2.8, and a default Run is 10 simulations of 4 months."""

    branch: str = "baseline"
    a: Side = field(default_factory=Side)
    b: Side = field(default_factory=lambda: Side(teller="teller_piece_rate_fines"))
    ordinary_windows: int | None = None  # None = as in the branch file
    lobby_managers: int | None = None
    machines: int | None = None
    arrivals_factor: float = 1.0
    periods: int = 4
    replications: int = 5
    seed: int = 1
    #: every margin of ``simkit.scenario.FIELD_MARGINS`` on, on both sides (off, as in the
    #: scenario files, unless a lesson that needs them is chosen: see ``Preset.field_margins``)
    field_margins: bool = False

    def __post_init__(self):
        """Refuse fewer than ``MIN_REPLICATIONS`` replications (one line naming the field)."""
        n = self.replications
        if isinstance(n, bool) or not isinstance(n, numbers.Integral) or n < MIN_REPLICATIONS:
            raise ArgumentError("replications", f"a whole number of at least {MIN_REPLICATIONS} (with fewer, "
                                "the intervals for quantities near zero are too wide to read)", n)

    def side(self, which: str) -> Side:
        return {"A": self.a, "B": self.b}[which]

    def seeds(self) -> list[int]:
        """One seed per replication. Both sides use the same seeds (common random numbers:
        the same customers arrive under both schemes, so differences come from pay)."""
        return [self.seed + i for i in range(self.replications)]

    def with_side(self, which: str, **roles) -> "Inputs":
        key = which.lower()
        return replace(self, **{key: replace(getattr(self, key), **roles)})


#: the fewest replications a Run takes: with two, t₀.₉₇₅ has one degree of freedom (12.7) and
#: the interval of a positive quantity near zero reaches hundreds of times its mean (a queue
#: band of 3,000 customers over a curve of 0-8); with three t₀.₉₇₅ is 4.3
MIN_REPLICATIONS = 3

#: the first month (1-based) in which pay can change what staff do: nobody believes anything
#: about how pay responds to their choices before three payslips (simkit.behaviour.learning)
LEARNING_STARTS = 4


def too_few_months(periods: int) -> bool:
    """Whether A and B must look alike for want of months (1-3: staff have not learned yet)."""
    return int(periods) < LEARNING_STARTS


@dataclass(frozen=True)
class Preset:
    """A ready-made lesson: two sides, and the months and replications at which its
    headline effect was measured clear in a live run (``scripts/lesson_check.py`` prints the
    measurements). Its title and one-paragraph explanation are labels ``preset.<name>`` /
    ``preset.<name>.text``, which say only what such a run shows.

    ``field_margins``: whether both sides run with every margin of
    ``simkit.scenario.FIELD_MARGINS`` on (the lesson's text says so). ``library``: the effects
    of the results library (names of ``simkit.library.findings.EFFECTS``) that show what this
    lesson's comparison does over the longer run; the page prints each under the lesson's text,
    computed from the stored library."""

    name: str
    a: Side
    b: Side
    periods: int = 6
    replications: int = 5
    branch: str = "baseline"
    field_margins: bool = False
    library: tuple[str, ...] = ()


#: the lessons offered in the Lesson dropdown; each explanation is in i18n.py. Months and
#: replications: the fewest at which the lesson's headline difference was measured clear live
#: in under a minute on a shared 2-core machine (``nice -n 5 .venv/bin/python
#: scripts/lesson_check.py``, seeds 1-5). The teller lessons on piece rate and quotas need the
#: field margins (with the default model pace, errors and pitches barely move in six months:
#: the habit-bound choice scale; docs/flip.md); heavy fines keep them off, because their wage
#: rules cap deductions at 20 % and the lesson is pay below zero (seed 002); the customer
#: managers' screening separates in eight months without them (with them it takes longer to run).
PRESETS = {p.name: p for p in (
    Preset("piece_vs_fixed", Side(), Side(teller="teller_piece_rate"), field_margins=True,
           library=("piece-rate/pace", "piece-rate/error-rate")),
    Preset("deposit_vs_profit", Side(customer_manager="cm_deposit_only"),
           Side(customer_manager="cm_responsibility_profit"), periods=8,
           library=("deposit-only/screening", "deposit-only/NPL ratio")),
    Preset("quota_vs_fixed", Side(), Side(teller="teller_sales_quota"), field_margins=True,
           library=("sales-quota/pitches", "sales-quota/voiced complaints")),
    Preset("heavy_fines", Side(), Side(teller="teller_heavy_fines"), library=("heavy-fines/quits a teller-month",)),
)}


def apply_preset(inputs: Inputs, name: str) -> Inputs:
    """``inputs`` with the lesson's branch, sides, months and replications (seed and the
    branch's parameters as the branch file has them)."""
    if name not in PRESETS:
        raise ValueError(f"unknown lesson {name!r}; allowed: {', '.join(PRESETS)}")
    p = PRESETS[name]
    return replace(inputs, branch=p.branch, a=p.a, b=p.b, periods=p.periods,
                   replications=max(p.replications, inputs.replications), ordinary_windows=None,
                   lobby_managers=None, machines=None, arrivals_factor=1.0, field_margins=p.field_margins)


def build_scenario(inputs: Inputs, which: str = "A"):
    """The scenario one side of the comparison runs: the branch file, each role's pay
    (and staff list, if the scheme brings one) from its scheme file, the user's
    parameters, and ``periods`` monthly assessment periods with learning on, starting on
    the schemes' start date. With the baseline branch, one non-fixed scheme and no changed
    parameter it equals that scheme file cut to ``periods`` periods (tested)."""
    side = inputs.side(which)
    base = load_scenario(SCENARIOS / f"{inputs.branch}.yaml")
    reference = _scheme(FIXED)
    overrides: dict = {"name": f"{inputs.branch} · {side.teller} / {side.lobby_manager} / {side.customer_manager}",
                       "horizon.periods": int(inputs.periods), "horizon.period": "month",
                       # the schemes' calendar, so baseline + one scheme file is exactly that file's scenario
                       "horizon.start_date": reference.horizon.start_date,
                       "behaviour.learning.enabled": True}
    for role in ROLES:
        scheme = _scheme(side.of(role))
        overrides[f"pay.{role}"] = scheme.pay.of(role).model_dump(mode="python")
        for path in _ROLE_STAFF[role]:
            if _get(scheme, path) != _get(reference, path):
                overrides[path] = _dump(_get(scheme, path))
    if inputs.ordinary_windows is not None:
        overrides["branch.windows.ordinary"] = int(inputs.ordinary_windows)
    if inputs.lobby_managers is not None:
        overrides["branch.lobby_managers"] = int(inputs.lobby_managers)
    if inputs.machines is not None:
        overrides["branch.self_service.machines"] = int(inputs.machines)
    if inputs.arrivals_factor != 1.0:
        hourly = base.arrivals.hourly
        overrides["arrivals.hourly"] = ({hour: rate * inputs.arrivals_factor for hour, rate in hourly.items()}
                                        if isinstance(hourly, dict) else hourly * inputs.arrivals_factor)
    if inputs.field_margins:
        overrides.update(FIELD_MARGINS)
    return with_overrides(base, overrides, source=f"dashboard side {which}")


def _get(obj, dotted: str):
    for key in dotted.split("."):
        obj = getattr(obj, key)
    return obj


def _dump(value):
    if isinstance(value, list):
        return [_dump(v) for v in value]
    return value.model_dump(mode="python") if hasattr(value, "model_dump") else value
