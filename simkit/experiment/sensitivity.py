"""Global sensitivity of a scheme comparison to the behavioural defaults it rests on.

``sensitivity(reference, scheme, metric, factors)`` varies each factor (a dotted scenario path
with a documented range in ``simkit.experiment.ranges.RANGES``) over its range by a global
design from SALib, runs both arms at every design point on the same seeds (common random
numbers: replication ``r`` of both arms meets the same customers), takes the paired effect
``scheme − reference`` of ``metric`` averaged over the seeds, and gives per factor:

* ``method="morris"`` (the default): Morris's elementary effects, ``mu_star`` (mean absolute
  effect of moving the factor, with a bootstrap interval ``mu_star_conf``), ``mu`` and
  ``sigma`` (spread: interaction or curvature); Campolongo, Cariboni & Saltelli (2007),
  *Environmental Modelling & Software* 22:1509-1518;
* ``method="sobol"``: first-order and total indices ``S1`` and ``ST`` with bootstrap intervals
  (Saltelli et al. 2010, *Comput. Phys. Commun.* 181:259-270).

**Why Morris by default.** Every model evaluation here is two multi-month simulations times
the seeds. Morris needs ``r (D + 1)`` evaluations for ``D`` factors (r = 10 trajectories of 5
factors: 60), Sobol needs ``N (D + 2)`` with N in the hundreds before its intervals are useful
(N = 512 of 5 factors: 3,584): Morris ranks the factors and screens out the inert ones at a
fiftieth of the cost; Sobol is there to apportion the variance once the few factors that matter
are known.

The design points are run as two sweeps (``simkit.experiment.spec.Sweep``: one explicit point
per distinct design row, ``set: horizon.periods``), one per arm, in ``OUT/reference`` and
``OUT/scheme``, on any executor, resumable (``resume=True``, ``simkit sensitivity --resume``).
The analysis itself (``analyse``) takes any model, a function of the design matrix, so a known
function (Ishigami, a linear one) goes through the same code as a simulation
(tests/experiment/test_sensitivity.py). SALib is the optional extra ``research``
(``pip install 'simkit[research]'``), loaded only when an analysis runs.

    simkit sensitivity scenarios/schemes/fixed_pay.yaml scenarios/schemes/teller_piece_rate.yaml \\
        --metric staff:teller:pace --factor behaviour.choices.teller.pace.cost \\
        --factor behaviour.learning.rate --trajectories 10 --seeds 4 --periods 6
"""
from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..api import _as_scenario
from ..arguments import (
    MAX_REPS,
    ArgumentError,
    check_choice,
    check_count,
    check_executor,
    check_flag,
    check_level,
    check_out,
    check_periods,
    check_seed,
    from_command_line,
    printable,
)
from ..errors import SimkitError
from ..vocabulary import ROLES
from .ranges import RANGES
from .runner import SweepInterrupted, run_sweep
from .spec import Sweep

__all__ = ["sensitivity", "analyse", "Sensitivity", "SensitivityError", "Metric", "Runs", "SimulatedEffects", "METHODS",
           "RESAMPLES", "check_factors", "check_trajectories", "add_commands"]

METHODS = ("morris", "sobol")
#: (Saltelli et al. 2008, *Global Sensitivity Analysis: The Primer*, §3.3) the usual Morris grid:
#: p = 4 levels with a jump of p / (2 (p - 1)) = 2/3 of the range, SALib's default
MORRIS_LEVELS = 4
#: (stated reason) bootstrap resamples behind every interval: 1,000 puts the Monte Carlo error of a
#: 95 % percentile limit near a tenth of the interval's own width (Efron & Tibshirani 1993, §13.3)
RESAMPLES = 1000
#: (Campolongo, Cariboni & Saltelli 2007: r = 10 trajectories is the usual Morris screening)
TRAJECTORIES = 10
#: (stated reason) trajectories (Morris) or the base sample N (Sobol): 4,096 base points of 10
#: factors are already some 50,000 paired runs, far past what a sweep of one machine finishes in a day
MAX_TRAJECTORIES = 4096
FILES = ("sensitivity.csv", "sensitivity.md", "sensitivity.png", "design.csv")


class SensitivityError(SimkitError):
    """A model that gives no usable effect at a design point (a metric missing, not a number)."""


# ------------------------------------------------------------------------------ the metric
@dataclass(frozen=True)
class Metric:
    """What the effect is taken of: a run KPI (``wait_mean``), a bank metric's mean over the
    periods (``bank:KEY``) or a role's staff metric's mean over periods and people
    (``staff:ROLE:KEY``), one value per run, as ``simkit report`` names them."""

    scope: str
    name: str
    role: str | None = None

    @classmethod
    def parse(cls, text) -> "Metric":
        """``KEY``, ``bank:KEY`` or ``staff:ROLE:KEY``; anything else is an ``ArgumentError``."""
        allowed = (f"KEY (a run KPI, e.g. wait_mean), bank:KEY or staff:ROLE:KEY with ROLE one of "
                   f"{', '.join(ROLES)} (the names simkit report shows)")
        parts = text.split(":") if isinstance(text, str) else []
        if not parts or not all(p.strip() for p in parts) or len(parts) > 3:
            raise ArgumentError("metric", allowed, text)
        if len(parts) == 1:
            return cls("run", parts[0])
        if parts[0] == "bank" and len(parts) == 2:
            return cls("bank", parts[1])
        if parts[0] == "staff" and len(parts) == 3 and parts[1] in ROLES:
            return cls("staff", parts[2], parts[1])
        raise ArgumentError("metric", allowed, text)

    def __str__(self) -> str:
        return ":".join(p for p in ("" if self.scope == "run" else self.scope, self.role or "", self.name) if p)

    def per_run(self, summary: pd.DataFrame) -> pd.Series:
        """The metric of every run of a sweep's tidy summary, indexed by (point, replication)."""
        rows = summary[(summary["scope"] == self.scope) & (summary["metric"] == self.name)]
        if self.role is not None:
            rows = rows[rows["role"] == self.role]
        if rows.empty:
            known = summary.loc[summary["scope"] == self.scope, "metric"].drop_duplicates().sort_values()
            raise ArgumentError("metric", f"a {self.scope} metric the runs gave: {', '.join(known)}", str(self),
                                "the runs gave no such metric")
        return rows.groupby(["point", "replication"])["value"].mean()


# ------------------------------------------------------------------------------ the analysis
@dataclass(frozen=True)
class Sensitivity:
    """An analysis' outcome: ``indices`` (one row per factor), the ``design`` (one row per model
    evaluation: the factors' values and the effect), the ``ranges`` varied, ``method``,
    confidence ``level`` and what the effect is of (``label``)."""

    method: str
    indices: pd.DataFrame
    design: pd.DataFrame
    ranges: dict
    level: float
    label: str = "effect"

    def markdown(self) -> str:
        """The indices as a Markdown table a paper can print (ranges and intervals included)."""
        pct = f"{100 * self.level:.3g} %"
        if self.method == "morris":
            head = ["factor", "range", "mu*", f"mu* {pct} ±", "mu", "sigma"]
            cols = ["mu_star", "mu_star_conf", "mu", "sigma"]
        else:
            head = ["factor", "range", "S1", f"S1 {pct} ±", "ST", f"ST {pct} ±"]
            cols = ["S1", "S1_conf", "ST", "ST_conf"]
        lines = [f"| {' | '.join(head)} |", "|" + "---|" * len(head)]
        for row in self.indices.itertuples(index=False):
            span = self.ranges[row.factor]
            values = [_number(getattr(row, c)) for c in cols]
            lines.append(f"| `{row.factor}` | {span[0]:.4g} to {span[1]:.4g} | {' | '.join(values)} |")
        return "\n".join(lines) + "\n"

    def figure(self) -> Figure:
        """Each factor's index with its interval as horizontal bars (Agg, no window)."""
        fig = Figure(figsize=(6.4, 1.2 + 0.45 * len(self.indices)), layout="constrained")
        ax = fig.add_subplot()
        y = np.arange(len(self.indices))
        if self.method == "morris":
            ax.barh(y, self.indices["mu_star"], xerr=self.indices["mu_star_conf"], color="#4c72b0", capsize=3)
            ax.set_xlabel(f"μ* of {self.label}\n(mean |elementary effect|, {100 * self.level:.3g} % interval)")
        else:
            for shift, key, colour in ((-0.18, "S1", "#4c72b0"), (0.18, "ST", "#dd8452")):
                ax.barh(y + shift, self.indices[key], height=0.36, xerr=self.indices[f"{key}_conf"], color=colour,
                        capsize=3, label=key)
            ax.legend(loc="lower right")
            ax.set_xlabel(f"Sobol index of {self.label}\n({100 * self.level:.3g} % interval)")
        ax.set_yticks(y, list(self.indices["factor"]), fontsize=8)
        ax.invert_yaxis()
        ax.axvline(0, color="black", linewidth=0.6)
        return fig

    def write(self, out) -> list[Path]:
        """``sensitivity.csv``, ``sensitivity.md``, ``sensitivity.png`` and ``design.csv`` in ``out``."""
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / name for name in FILES]
        table = self.indices.assign(low=[self.ranges[f][0] for f in self.indices["factor"]],
                                    high=[self.ranges[f][1] for f in self.indices["factor"]])
        table.to_csv(paths[0], index=False)
        paths[1].write_text(self.markdown(), encoding="utf-8")
        self.figure().savefig(paths[2], dpi=150)
        self.design.to_csv(paths[3], index=False)
        return paths


def _number(value: float) -> str:
    return "" if value != value else f"{value:.3g}"


def _salib():
    """SALib's samplers and analysers, or a clear error when the optional extra is missing."""
    try:
        from SALib.analyze import morris as morris_analysis
        from SALib.analyze import sobol as sobol_analysis
        from SALib.sample import morris as morris_sample
        from SALib.sample import sobol as sobol_sample
    except ImportError:
        raise SimkitError("sensitivity analysis needs SALib, the optional extra 'research': "
                          "pip install 'simkit[research]' (or make install)") from None
    return morris_sample, sobol_sample, morris_analysis, sobol_analysis


def check_trajectories(method: str, trajectories) -> int:
    """Morris trajectories (2 or more: a spread needs two) or Sobol's base sample N (a power of two,
    what Sobol' sequences are balanced on: SALib warns otherwise)."""
    check_count("trajectories", trajectories, 2, MAX_TRAJECTORIES, "Morris trajectories or Sobol base points")
    if method == "sobol" and trajectories & (trajectories - 1):
        raise ArgumentError("trajectories", "a power of two with --method sobol (Sobol' sequences are balanced on "
                                            "them), e.g. 256 or 512", trajectories)
    return trajectories


def analyse(model: Callable[[np.ndarray], np.ndarray], ranges: Mapping[str, Sequence[float]], method: str = "morris",
            trajectories: int = TRAJECTORIES, seed: int = 0, level: float = 0.95) -> Sensitivity:
    """Sample ``ranges`` (name -> (low, high, ...)) by ``method``, evaluate ``model`` on the design
    (an array of one row per evaluation, one column per factor, in ``ranges``' order; it returns
    one number per row) and analyse what it gives. ``seed`` fixes the design and the bootstrap."""
    check_choice("method", method, METHODS)
    check_trajectories(method, trajectories)
    check_seed(seed)
    check_level(level)
    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [[float(ranges[n][0]), float(ranges[n][1])]
                                                                 for n in names]}
    morris_sample, sobol_sample, morris_analysis, sobol_analysis = _salib()
    if method == "morris":
        design = morris_sample.sample(problem, trajectories, num_levels=MORRIS_LEVELS, seed=seed)
    else:
        design = sobol_sample.sample(problem, trajectories, calc_second_order=False, seed=seed)
    effects = np.asarray(model(design), dtype=float).reshape(-1)
    if effects.shape != (len(design),) or not np.isfinite(effects).all():
        raise SensitivityError(f"the model gave {effects.size} values, {int((~np.isfinite(effects)).sum())} not finite, "
                               f"for {len(design)} design points; allowed: one finite number per point")
    if method == "morris":
        found = morris_analysis.analyze(problem, design, effects, num_resamples=RESAMPLES, conf_level=level,
                                        num_levels=MORRIS_LEVELS, seed=seed)
        columns = ["mu_star", "mu_star_conf", "mu", "sigma"]
    else:
        found = sobol_analysis.analyze(problem, effects, calc_second_order=False, num_resamples=RESAMPLES,
                                       conf_level=level, seed=seed)
        columns = ["S1", "S1_conf", "ST", "ST_conf"]
    indices = pd.DataFrame({"factor": names, **{c: np.asarray(found[c], dtype=float) for c in columns}})
    table = pd.DataFrame(design, columns=names).assign(effect=effects)
    return Sensitivity(method, indices, table, {n: tuple(ranges[n][:2]) for n in names}, level)


# ------------------------------------------------------------------------------ simkit runs
@dataclass(frozen=True)
class Runs:
    """How the design's simulations run: the folder ``out`` (two sweeps, ``reference/`` and
    ``scheme/``), the executor (``workers``, ``address``: as ``run_sweep``), ``resume`` and
    ``progress``."""

    out: Path
    executor: str = "serial"
    workers: int | None = None
    address: str | None = None
    resume: bool = False
    progress: bool = True


class SimulatedEffects:
    """The model ``analyse`` evaluates for a scheme comparison: design rows -> the paired effect
    of ``metric`` (scheme − reference, per seed, averaged over the seeds), each distinct row one
    explicit point of a sweep per arm, both sweeps with the same seed and replications."""

    def __init__(self, arms: tuple, metric: Metric, factors: list[str], *, replications: int, periods: int | None,
                 runs: Runs):
        """Why so many parameters: what is compared (``arms``: reference and scheme scenarios,
        ``metric``, ``factors``) and how much is run (seeds, periods, where), each named."""
        self.arms, self.metric, self.factors = arms, metric, factors
        self.replications, self.periods, self.runs = replications, periods, runs

    def _sweep(self, arm: int, points: list[dict]) -> Sweep:
        scenario = self.arms[arm]
        fixed = {"horizon.periods": self.periods} if self.periods is not None else None
        return Sweep(scenario, points=points, set=fixed, replications=self.replications, seed=self.arms[0].seed,
                     name=("reference", "scheme")[arm])

    def __call__(self, design: np.ndarray) -> np.ndarray:
        rows, point_of_row = np.unique(design, axis=0, return_inverse=True)
        points = [{path: float(value) for path, value in zip(self.factors, row)} for row in rows]
        sweeps = [self._sweep(arm, points) for arm in (0, 1)]  # both checked before either runs
        values = []
        for sweep in sweeps:
            result = run_sweep(sweep, self.runs.out / sweep.name, executor=self.runs.executor,
                               workers=self.runs.workers, address=self.runs.address, resume=self.runs.resume,
                               progress=self.runs.progress)
            values.append(self.metric.per_run(result.summary))
        paired = (values[1] - values[0]).groupby(level="point").mean()  # NaN where either arm lacks it
        missing = [i for i in range(len(rows)) if not math.isfinite(paired.get(i, math.nan))]
        if missing:
            raise SensitivityError(f"metric {self.metric}: no value in both arms at {len(missing)} of {len(rows)} "
                                   f"design points (first: {points[missing[0]]}); allowed: a metric every run gives")
        return paired.reindex(range(len(rows))).to_numpy()[point_of_row.reshape(-1)]


def check_factors(factors) -> list[str]:
    """Distinct paths of ``RANGES``; an unknown one is an ``ArgumentError`` listing them all."""
    if isinstance(factors, str) or not isinstance(factors, Sequence) or not factors:
        raise ArgumentError("factor", "one or more paths of simkit.experiment.ranges.RANGES", factors)
    for path in factors:
        if path not in RANGES:
            raise ArgumentError("factor", f"a path with a documented range: {', '.join(RANGES)}", path,
                                "no documented range")
    if len(set(factors)) < len(factors):
        raise ArgumentError("factor", "each path once", list(factors), "a factor is named twice")
    return list(factors)


def sensitivity(reference, scheme, metric: str, factors: Sequence[str], *, method: str = "morris",
                trajectories: int = TRAJECTORIES, seeds: int = 2, periods: int | None = None, runs: Runs | None = None,
                seed: int | None = None, level: float = 0.95) -> Sensitivity:
    """The sensitivity of ``scheme − reference`` (scenarios or paths) in ``metric`` to ``factors``.

    Why so many parameters: the options of ``simkit sensitivity``, keyword-only with defaults,
    as ``run_sweep``. Bad arguments raise ``ArgumentError`` before anything runs.
    ``seeds``: replications per design point and arm (common to both arms); ``periods``:
    ``horizon.periods`` of every run (default: each scenario's own); ``runs``: where and how
    (``Runs``; default serial, into out/sensitivity/<scheme name>); ``seed``: of the design
    and the bootstrap (default the reference's; the replications' seeds are spawned from the
    reference scenario's seed, as a sweep's); ``level``: of the intervals.
    """
    arms = (_as_scenario(reference), _as_scenario(scheme))
    wanted = Metric.parse(metric)
    paths = check_factors(factors)
    check_count("seeds", seeds, 1, MAX_REPS, "replications per design point and arm")
    if periods is not None:
        check_periods(periods)
    runs = runs or Runs(Path("out/sensitivity") / arms[1].name)
    check_executor(runs.executor, runs.workers, runs.address)
    check_flag(runs.resume, "resume")
    check_flag(runs.progress, "progress")
    check_out(runs.out)
    model = SimulatedEffects(arms, wanted, paths, replications=seeds, periods=periods, runs=runs)
    found = analyse(model, {p: RANGES[p][:2] for p in paths}, method, trajectories,
                    arms[0].seed if seed is None else seed, level)
    return Sensitivity(found.method, found.indices, found.design, found.ranges, found.level,
                       f"{arms[1].name} − {arms[0].name} in {wanted}")


# ------------------------------------------------------------------------------ command line
def _command(args) -> int:
    runs = Runs(Path(args.out) if args.out else Path("out/sensitivity") / Path(args.scheme).stem,
                args.executor, args.workers, None, args.resume, not args.no_progress)
    try:
        found = sensitivity(args.reference, args.scheme, args.metric, args.factor or [], method=args.method,
                            trajectories=args.trajectories, seeds=args.seeds, periods=args.periods, runs=runs)
    except SweepInterrupted as e:
        print(e, file=sys.stderr)
        return 130
    paths = found.write(runs.out)
    print(f"{printable(found.label)}: {found.method}, {len(found.design)} design points x {args.seeds} seeds x 2 arms")
    print(found.markdown())
    print("written: " + ", ".join(printable(str(p)) for p in paths))
    return 0


def add_commands(commands) -> None:
    """``simkit sensitivity`` on ``commands`` (argparse subparsers of ``simkit.cli``)."""
    command = commands.add_parser("sensitivity", help="how a scheme's effect depends on the behavioural defaults "
                                                      "(Morris or Sobol over their documented ranges)",
                                  formatter_class=argparse.RawDescriptionHelpFormatter,
                                  epilog="factors with documented ranges:\n  " + "\n  ".join(RANGES))
    command.add_argument("reference", metavar="REFERENCE.yaml")
    command.add_argument("scheme", metavar="SCHEME.yaml")
    command.add_argument("--metric", required=True, help="KEY (a run KPI), bank:KEY or staff:ROLE:KEY")
    command.add_argument("--factor", action="append", metavar="PATH", help="a path listed below (repeat for more)")
    command.add_argument("--method", default="morris", help="morris (default: screening, cheap) or sobol")
    command.add_argument("--trajectories", type=from_command_line, default=TRAJECTORIES,
                         help=f"Morris trajectories (default {TRAJECTORIES}) or Sobol base points (a power of two)")
    command.add_argument("--seeds", type=from_command_line, default=2, help="replications per point and arm (default 2)")
    command.add_argument("--periods", type=from_command_line, default=None, help="periods per run (default: the "
                                                                                 "scenarios' own)")
    command.add_argument("--out", default=None, help="folder (default out/sensitivity/<scheme file name>)")
    command.add_argument("--resume", action="store_true", help="reuse the runs already stored in --out")
    command.add_argument("--executor", default="processes", help="serial, processes (default) or dask")
    command.add_argument("--workers", type=from_command_line, default=None, metavar="N",
                         help="worker processes (default: every core)")
    command.add_argument("--no-progress", action="store_true", help="no progress bar")
    command.set_defaults(fn=_command)
