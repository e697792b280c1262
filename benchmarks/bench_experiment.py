"""Experiments at scale: executors, Dask overhead, memory, end-to-end throughput.

    python benchmarks/bench_experiment.py [--quick]        (make bench-experiment)

1. **Processes vs serial** on a sweep of 40 tasks (the baseline branch, 5 days each:
   200 branch-days), wall-clock including the worker pool's start-up (target: >= 1.7x on
   2 cores). Serial and processes alternate twice; the minimum of each is reported, and
   the first processes run (which also starts the forkserver) separately.
2. **End-to-end rate**: branch-days per second, serial and on all cores, next to bare
   SimPy (one ``simpy.Resource`` M/M/4, benchmarks/bare_simpy.py) on as many customers as
   those 200 branch-days had — what the same customers cost with no branch model at all.
   Then **per customer, against bare SimPy** (issue 22, item 13; target: a summary-only
   sweep <= 2.8x): the same 40 tasks as ``simkit.run`` alone (the branch and the layers
   above it, no summary), as the simulation a summary-only task runs
   (``simkit.experiment.tasks.simulate``: a run without periods stops when the branch's last
   day ends, since nothing after the SimPy loop changes its KPIs), as the summary-only sweep (serial ``run_sweep`` into a folder:
   summaries from the raw records), and as the same sweep with summaries from the tidy
   tables (the path before item 13). Each kind runs three times, interleaved with bare SimPy;
   ratios use the minimum CPU seconds of this process (serial: all the work is here, and CPU
   time is little disturbed by other work on a shared machine); wall-clock ratios alongside.
3. **Dask overhead per task**: 40 short tasks (M/M/4, one day) on a one-worker
   LocalCluster minus the same tasks run serially, per task; set against the run time of
   one branch-month (the baseline, 30 days). Cluster start-up is reported separately.
4. **Memory**: peak resident memory (``ru_maxrss``) of a fresh process running a
   summary-only sweep of 1,000 *very short* tasks (M/M/4 at 4 customers an hour, one day:
   ~100 customers each, so the run is quick) against the same process running 1 task.
   Serial executor, so every task runs inside the measured process (the worst case).

Timings are wall-clock and the machine may be shared: run it on a quiet machine for
absolute numbers; the ratios are the point.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bare_simpy import bare_mmc  # noqa: E402

from simkit.experiment import Sweep, executors, run_sweep  # noqa: E402
from simkit.experiment import runner as _runner  # noqa: E402
from simkit.experiment.executors import cores  # noqa: E402
from simkit.scenario import load_scenario  # noqa: E402

SC = ROOT / "scenarios"


_WORKER_CPU: list[float] = []  # CPU seconds of the last processes run's workers


def _worker_cpu(pids) -> float:
    """user + system CPU seconds of live processes, from /proc (Linux)."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
        except (OSError, IndexError):
            pass
    return total


class _MeasuredProcesses(executors.Processes):
    """The processes executor, noting its workers' CPU time just before they exit."""

    def __exit__(self, *exc):
        _WORKER_CPU.append(_worker_cpu(list(self.pool._processes)))
        return super().__exit__(*exc)


def _make_executor(kind, workers=None, address=None):
    return _MeasuredProcesses(workers) if kind == "processes" else executors.make_executor(kind, workers, address)


_runner.make_executor = _make_executor  # run_sweep looks the factory up at call time


def timed_sweep(sweep, executor, workers=None):
    """(wall seconds, CPU seconds of this process + its workers, summary)."""
    with tempfile.TemporaryDirectory() as d:
        _WORKER_CPU.clear()
        t, c = time.perf_counter(), time.process_time()
        res = run_sweep(sweep, Path(d) / "out", executor=executor, workers=workers, progress=False)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - c + sum(_WORKER_CPU)
        summary = res.summary
    return elapsed, cpu, summary


def throughput(quick: bool) -> None:
    days, n = (2, 12) if quick else (5, 40)
    sweep = Sweep(load_scenario(SC / "baseline.yaml"), set={"horizon.days": days}, replications=n, seed=1)
    serial, procs = [], []
    for _ in range(1 if quick else 2):  # interleaved; the minimum is the run least disturbed by other work
        t, cpu_serial, summary = timed_sweep(sweep, "serial")
        serial.append(t)
        t, cpu_proc, summary_p = timed_sweep(sweep, "processes")
        procs.append(t)
        assert summary.equals(summary_p)
    t_serial, t_proc = min(serial), min(procs)
    busy = os.getloadavg()[0]
    branch_days = days * n
    customers = int(summary.loc[summary["metric"] == "customers", "value"].sum())
    t = time.perf_counter()
    bare_mmc(customers, 4, 0.72, 0.2)
    t_bare = time.perf_counter() - t
    print(f"1. processes vs serial, {n} tasks of {days} baseline days ({cores()} cores): serial {t_serial:.1f} s, "
          f"processes {t_proc:.1f} s (first run, starting the forkserver: {procs[0]:.1f} s) -> speed-up "
          f"{t_serial / t_proc:.2f}x (target >= 1.7x on 2 cores); runs: serial {[round(x, 1) for x in serial]} s, processes {[round(x, 1) for x in procs]} s")
    print(f"   CPU seconds (not disturbed by other work): serial {cpu_serial:.1f}, processes {cpu_proc:.1f} "
          f"(parent + workers) -> parallel work overhead {cpu_proc / cpu_serial - 1:+.1%}; on {cores()} idle cores "
          f"the speed-up would approach {cores() * cpu_serial / cpu_proc:.2f}x less pool start-up "
          f"(load average now {busy:.1f})")
    print(f"2. end-to-end, {branch_days} branch-days, {customers:,} customers: serial {branch_days / t_serial:.1f} "
          f"branch-days/s, all {cores()} cores {branch_days / t_proc:.1f} branch-days/s; bare SimPy M/M/4 on the "
          f"same customers {branch_days / t_bare:.1f} branch-days/s (one core) -> serial simkit sweep costs "
          f"{t_serial / t_bare:.2f}x bare SimPy")


def per_customer(quick: bool) -> None:
    """Section 2b: cost per customer against bare SimPy, serial, interleaved, minimum of 3."""
    from simkit.api import run
    from simkit.experiment import tasks as _tasks
    from simkit.experiment.seeds import as_sequence

    days, n = (2, 12) if quick else (5, 40)
    sweep = Sweep(load_scenario(SC / "baseline.yaml"), set={"horizon.days": days}, replications=n, seed=1)
    todo = sweep.tasks()
    fast = _tasks.run_kpis

    def tidy(res, fast_=None):  # Results.kpis(): the tidy tables first
        return fast(res, fast=False)

    def clock(fn):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        out = fn()
        return time.process_time() - c, time.perf_counter() - w, out

    def sims():
        return sum(len(run(t.scenario, days=t.days, seed=as_sequence(t.seed))._branch.customers) for t in todo)

    def task_sims():
        return sum(len(_tasks.simulate(t)._branch.customers) for t in todo)

    def swept(kpis):
        _tasks.run_kpis = kpis  # the task's summary looks it up at call time
        try:
            with tempfile.TemporaryDirectory() as d:
                gc.collect()
                w, c = time.perf_counter(), time.process_time()
                res = run_sweep(sweep, Path(d) / "o", executor="serial", progress=False)
                cpu, wall = time.process_time() - c, time.perf_counter() - w
                return cpu, wall, res.summary  # reading the folder back is not part of the sweep's cost
        finally:
            _tasks.run_kpis = fast

    best = {k: (float("inf"), float("inf")) for k in ("run", "bare", "simulate", "sweep", "tidy")}
    customers, summaries = 0, {}
    for _ in range(3):  # interleaved, so a busy spell of the machine hits every kind alike
        for kind in best:
            if kind == "bare":
                cpu, wall, _ = clock(lambda: bare_mmc(customers, 4, 0.72, 0.2))
            elif kind == "run":
                cpu, wall, customers = clock(sims)
            elif kind == "simulate":
                cpu, wall, same = clock(task_sims)
                assert same == customers, "the task's simulation has other customers than simkit.run"
            else:
                cpu, wall, summaries[kind] = swept(fast if kind == "sweep" else tidy)
            best[kind] = (min(best[kind][0], cpu), min(best[kind][1], wall))
    assert summaries["sweep"].equals(summaries["tidy"]), "the fast summaries differ from the tidy-table path"
    us = {k: (c / customers * 1e6, w / customers * 1e6) for k, (c, w) in best.items()}
    ratio = {k: (us[k][0] / us["bare"][0], us[k][1] / us["bare"][1]) for k in us}
    print(f"   per customer ({n} tasks of {days} baseline days, {customers:,} customers; serial; min of 3, CPU "
          f"[wall]): bare SimPy {us['bare'][0]:.1f} us [{us['bare'][1]:.1f}]; simkit.run alone {us['run'][0]:.1f} us "
          f"= {ratio['run'][0]:.2f}x bare [{ratio['run'][1]:.2f}x]; a summary-only task's simulation {us['simulate'][0]:.1f} "
          f"us = {ratio['simulate'][0]:.2f}x [{ratio['simulate'][1]:.2f}x]; summary-only sweep {us['sweep'][0]:.1f} us = "
          f"{ratio['sweep'][0]:.2f}x bare [{ratio['sweep'][1]:.2f}x] (target <= 2.8x); the same sweep with "
          f"summaries from the tidy tables {us['tidy'][0]:.1f} us = {ratio['tidy'][0]:.2f}x bare "
          f"[{ratio['tidy'][1]:.2f}x]; summaries identical")


def dask_overhead(quick: bool) -> None:
    from distributed import Client, LocalCluster

    from simkit.experiment.tasks import Task, run_task, task_id

    n = 20 if quick else 60
    # tiny tasks (M/M/4 at 4 customers an hour: ~100 customers), so the difference between
    # the two executors is the executor's cost, not noise in the simulations themselves
    sweep = Sweep(load_scenario(SC / "mmc.yaml"), set={"horizon.days": 1, "arrivals.hourly": 4.0},
                  replications=n, seed=2)
    t = time.perf_counter()
    cluster = LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None)
    client = Client(cluster)
    t_start = time.perf_counter() - t
    serial, dask = [], []
    for _ in range(3):  # interleaved; minimum of each
        t, _, a = timed_sweep(sweep, "serial")
        serial.append(t)
        with tempfile.TemporaryDirectory() as d:
            t = time.perf_counter()
            b = run_sweep(sweep, Path(d) / "o", executor="dask", address=cluster.scheduler_address,
                          progress=False).summary
            dask.append(time.perf_counter() - t)
        assert a.equals(b)
    client.close()
    cluster.close()
    month = load_scenario(SC / "baseline.yaml")
    seed = {"entropy": 1, "spawn_key": [0]}
    task = Task(task_id(month, seed, 30), 0, 0, month, seed, 30)
    t_month = float("inf")
    for _ in range(2):
        t = time.perf_counter()
        run_task(task)
        t_month = min(t_month, time.perf_counter() - t)
    per_task = (min(dask) - min(serial)) / n
    print(f"3. Dask, one-worker LocalCluster (via its address) vs serial, {n} tiny tasks: serial "
          f"{min(serial) / n * 1000:.0f} ms/task, Dask {min(dask) / n * 1000:.0f} ms/task -> overhead "
          f"{per_task * 1000:.0f} ms per task; one branch-month (baseline, 30 days, with its summary) takes "
          f"{t_month:.2f} s -> overhead = {per_task / t_month:.1%} of a branch-month (cluster start-up "
          f"{t_start:.1f} s, once per sweep)")


def memory_child(n: int, out: str) -> None:
    import resource

    sc = load_scenario(SC / "mmc.yaml")
    sweep = Sweep(sc, set={"horizon.days": 1, "arrivals.hourly": 4.0}, replications=n, seed=3)
    t = time.perf_counter()
    res = run_sweep(sweep, out, executor="serial", progress=False)
    assert len(res.store.finished_ids()) == n
    print(json.dumps({"maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "seconds": time.perf_counter() - t}))


def memory(quick: bool) -> None:
    n = 200 if quick else 1000
    got = {}
    for k in (1, n):
        with tempfile.TemporaryDirectory() as d:
            cmd = [sys.executable, __file__, "--memory-child", str(k), "--out", str(Path(d) / "o")]
            line = subprocess.run(cmd, check=True, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONHASHSEED": "0"}).stdout.strip().splitlines()[-1]
            got[k] = json.loads(line)
    one, many = got[1]["maxrss_kb"] / 1024, got[n]["maxrss_kb"] / 1024
    print(f"4. memory, summary-only sweep of very short tasks (M/M/4, 4 customers/h, 1 day; serial, in-process): "
          f"peak RSS {many:.0f} MB for {n:,} tasks ({got[n]['seconds']:.0f} s) vs {one:.0f} MB for 1 task -> "
          f"{many / one:.2f}x (+{many - one:.0f} MB)")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="smaller sweeps, for a smoke run")
    ap.add_argument("--memory-child", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--out", default=None, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.memory_child is not None:
        memory_child(a.memory_child, a.out)
        return 0
    print(f"machine: {cores()} cores, load average {os.getloadavg()[0]:.1f} at start (other work competes)")
    throughput(a.quick)
    per_customer(a.quick)
    dask_overhead(a.quick)
    memory(a.quick)
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
