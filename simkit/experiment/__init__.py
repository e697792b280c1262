"""Experiments at scale: replications, sweeps, executors, a resumable result store.

>>> from simkit.experiment import replicate, Sweep, run_sweep
>>> reps = replicate("scenarios/mmc.yaml", n=10, seed=1, days=1)             # doctest: +SKIP
>>> reps.ci().query("metric == 'wait_mean'")                                 # mean, 95 % CI
>>> sw = Sweep("scenarios/baseline.yaml", grid={"branch.windows.ordinary": [2, 3, 4]},
...            set={"horizon.days": 1}, replications=5, seed=7)               # doctest: +SKIP
>>> res = run_sweep(sw, "out/windows", executor="processes")                 # doctest: +SKIP
>>> res.ci()                                                                 # doctest: +SKIP

See docs/experiments.md. Modules: ``seeds`` (SeedSequence children), ``tasks`` (one run and
its tidy summary), ``spec`` (sweeps and sweep files), ``executors`` (serial, processes,
Dask), ``comparison`` (variants side by side on common seeds: compare_variants,
compare_schemes), ``store`` (Parquet files, manifest, resume), ``summary`` (intervals inside each
metric's range: simkit.report.intervals), ``runner`` (run_sweep, replicate), ``learnability`` (how clearly pay shows what a habit
does to it), ``sensitivity`` (global sensitivity of a scheme comparison: Morris or Sobol over
``ranges``, the documented ranges of behavioural defaults), ``cli`` (``simkit sweep``,
``simkit report``, ``simkit learnability``).
"""
from .comparison import Cancelled, Comparison, Work, compare_schemes, compare_variants, spawned_seeds
from .executors import EXECUTORS, make_executor
from .learnability import learnability
from .runner import Replications, SweepInterrupted, SweepResult, kept_sweep, replicate, run_sweep, sweep_key
from .sensitivity import Runs, Sensitivity, analyse, sensitivity
from .spec import Point, Sweep, SweepError, load_sweep
from .store import ResultStore, StoreError
from .summary import confidence_intervals, paired_differences, period_means, t_interval
from .tasks import LOG_TABLES, Task, run_task

__all__ = ["replicate", "Replications", "Sweep", "Point", "load_sweep", "SweepError", "run_sweep", "SweepResult",
           "SweepInterrupted", "kept_sweep", "sweep_key", "ResultStore", "StoreError", "confidence_intervals",
           "paired_differences",
           "period_means", "t_interval", "make_executor", "EXECUTORS", "LOG_TABLES", "Task", "run_task",
           "learnability", "Comparison", "Work", "Cancelled", "compare_variants", "compare_schemes",
           "spawned_seeds", "sensitivity", "analyse", "Sensitivity", "Runs"]
