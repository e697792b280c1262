"""The 27 effects with every field margin on: the arms of the behaviour tests plus ``FIELD_MARGINS``.

    python benchmarks/flip.py [--seeds 4] [--workers 2] [--cache out/flip.json] [--arm NAME ...] [--leave PATH ...]

Runs each arm of ``tests/scheme_runs.py`` (its scheme file, its months, its seeds cut to the
first ``--seeds``) with ``simkit.scenario.FIELD_MARGINS`` on top, reduces every run with
``scheme_runs.summarise`` and a few numbers of the margins themselves, and prints the effects
of ``tests/behaviour/test_effects.py`` as a table (paired 95 % Student-t intervals, the
behaviour tests' own rule) and each arm's means of those numbers. Runs are cached in
``--cache`` (JSON, written after each run; default ``docs/data/flip.json``, kept in the
repository so that tests/test_field_tables.py can check docs/flip.md against it and re-run one
of its runs), so an interrupted call resumes; a progress line per run goes to stderr.
docs/flip.md holds the tables this prints. ``--leave PATH`` leaves one entry of ``FIELD_MARGINS`` at
its default (what the flip is without it), with its own cache (default
``docs/data/flip_without_<the path's last part>.json``; ``--leave bank.loans.demand.size_risk``:
the margins before a larger loan was riskier, docs/flip.md).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import scheme_runs  # noqa: E402  (the behaviour tests' arms, seeds and summaries)
from helpers import paired_interval  # noqa: E402

import simkit  # noqa: E402
from simkit.arguments import ArgumentError, check_count  # noqa: E402
from simkit.scenario import FIELD_MARGINS, load_scenario, with_overrides  # noqa: E402

MAX_SEEDS = 16  # (stated reason) the behaviour tests' most: the customer managers' sixteen
DATA = ROOT / "docs" / "data"
#: the margins' own numbers, printed per arm
MARGIN_NUMBERS = ("teller.quits", "teller.kpi.days_worked", "bank.complaints_formal", "teller.policy.care",
                  "teller.pay", "teller.policy.pace")
#: the customer managers' lending, printed per arm that kept them (the size risk is about these)
LENDING_NUMBERS = ("customer_manager.policy.strictness", "customer_manager.policy.screening", "bank.approval_rate",
                   "bank.bad_share_approved", "bank.default_12m_approved", "bank.npl_ratio_end")


def _effects():
    spec = importlib.util.spec_from_file_location("effects", ROOT / "tests" / "behaviour" / "test_effects.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.EFFECTS


def kept_numbers() -> set[str]:
    """The numbers a run keeps: those the effects compare, the margins' own and the lending's."""
    return {key for _name, _scheme, _reference, key, _sign in _effects()} | set(MARGIN_NUMBERS) | set(LENDING_NUMBERS)


def default_cache(leave) -> Path:
    """Where runs are kept: ``flip.json`` with every margin, else named after the entries left."""
    return DATA / ("flip.json" if not leave else
                   "flip_without_" + "_".join(sorted(path.rsplit(".", 1)[-1] for path in leave)) + ".json")


def margins(leave=()) -> dict:
    """``FIELD_MARGINS`` without the entries named in ``leave`` (left at their defaults)."""
    return {path: value for path, value in FIELD_MARGINS.items() if path not in leave}


def run_one(job: tuple[str, int, tuple]) -> tuple[str, int, dict]:
    """One arm at one seed with the margins on (``job``: arm, seed, the entries of ``FIELD_MARGINS``
    left at their defaults): the numbers of ``kept_numbers`` from the behaviour tests' summary and
    the margins' own."""
    arm, seed, leave = job
    scenario = load_scenario(scheme_runs.SCHEMES / f"{arm.removesuffix(scheme_runs.AT_ZERO)}.yaml")
    if arm.endswith(scheme_runs.AT_ZERO):
        scenario = with_overrides(scenario, {f"behaviour.learning.foresight.{role}": 0.0
                                             for role in ("teller", "lobby_manager", "customer_manager")})
    scenario = with_overrides(scenario, {"horizon.periods": scheme_runs.periods_of(arm), **margins(leave)})
    results = simkit.run(scenario, seed=seed)
    summary = scheme_runs.summarise(results)
    summary["bank.complaints_formal"] = float(results.bank_periods["complaints"].tail(scheme_runs.TAIL).mean())
    kept = kept_numbers()
    return arm, seed, {key: value for key, value in summary.items() if key in kept}


def run_all(arms, seeds: int, workers: int, cache: Path, leave: tuple = ()) -> dict:
    done = json.loads(cache.read_text()) if cache.is_file() else {}
    jobs = [(a, s, leave) for a in arms for s in scheme_runs.seeds_of(a)[:seeds] if str(s) not in done.get(a, {})]
    jobs.sort(key=lambda job: not job[0].startswith("cm_"))  # the longest first
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        for i, (arm, seed, summary) in enumerate(pool.map(run_one, jobs), 1):
            done.setdefault(arm, {})[str(seed)] = summary
            cache.with_suffix(".tmp").write_text(json.dumps(done))
            os.replace(cache.with_suffix(".tmp"), cache)
            print(f"[{i}/{len(jobs)}] {arm} seed {seed}  {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    return {a: {int(s): v for s, v in runs.items() if int(s) in scheme_runs.seeds_of(a)[:seeds]}
            for a, runs in done.items() if a in arms}


def effects_table(arms: dict) -> str:
    rows = ["| effect | scheme − reference | number | mean difference [95 % CI] | seeds | holds |",
            "|---|---|---|---|---|---|"]
    held = total = 0
    for name, scheme, reference, key, sign in _effects():
        if scheme not in arms or reference not in arms:
            continue  # an effect of arms this call did not ask for
        seeds = sorted(set(arms[scheme]) & set(arms[reference]))
        if any(key not in arms[arm][seed] for arm in (scheme, reference) for seed in seeds):
            rows.append(f"| {name} | {scheme} − {reference} | `{key}` | not in these runs (kept before it was "
                        f"measured) | {len(seeds)} | – |")
            continue
        if len(seeds) < 3:
            rows.append(f"| {name} | {scheme} − {reference} | `{key}` | not run | {len(seeds)} | – |")
            continue
        low, high = paired_interval(arms[scheme], arms[reference], key, 0.95)
        mean = sum(arms[scheme][s][key] - arms[reference][s][key] for s in seeds) / len(seeds)
        holds = low > 0 if sign > 0 else high < 0
        held, total = held + holds, total + 1
        rows.append(f"| {name} | {scheme} − {reference} | `{key}` | {mean:+.4g} [{low:+.4g}, {high:+.4g}] | "
                    f"{len(seeds)} | {'yes' if holds else 'no'} |")
    return "\n".join(rows) + f"\n\n{held} of {total} hold"


def _means_table(arms: dict, numbers) -> str:
    rows = ["| arm | seeds | " + " | ".join(numbers) + " |", "|---" * (len(numbers) + 2) + "|"]
    for arm, runs in sorted(arms.items()):
        means = [sum(r.get(k, float("nan")) for r in runs.values()) / len(runs) for k in numbers]
        rows.append(f"| {arm} | {len(runs)} | " + " | ".join(f"{m:.4g}" for m in means) + " |")
    return "\n".join(rows)


def margins_table(arms: dict) -> str:
    """Each arm's mean over its seeds of the margins' own numbers."""
    return _means_table(arms, MARGIN_NUMBERS)


def lending_table(arms: dict) -> str:
    """Each arm's mean over its seeds of the customer managers' lending, for the arms whose runs
    kept it (runs kept before it was measured do not have it)."""
    kept = {arm: runs for arm, runs in arms.items()
            if all(k in r for r in runs.values() for k in LENDING_NUMBERS)}
    return _means_table(kept, LENDING_NUMBERS) if kept else ""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=4, help="the first N seeds of each arm's (default 4)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", help="where runs are kept (default docs/data/flip.json, or "
                        "flip_without_<name>.json with --leave)")
    parser.add_argument("--arm", action="append", help="an arm of tests/scheme_runs.py (default: every arm)")
    parser.add_argument("--leave", action="append", default=[],
                        help="an entry of simkit.scenario.FIELD_MARGINS to leave at its default")
    args = parser.parse_args(argv)
    try:
        seeds = check_count("seeds", args.seeds, 3, MAX_SEEDS, "the behaviour tests' most")
        workers = check_count("workers", args.workers, 1, os.cpu_count() or 1, "this machine's cores")
        unknown = sorted(set(args.arm or ()) - set(scheme_runs.ARMS))
        if unknown:
            raise ArgumentError("arm", f"one of {', '.join(scheme_runs.ARMS)}", unknown[0], "no such arm")
        strange = sorted(set(args.leave) - set(FIELD_MARGINS))
        if strange:
            raise ArgumentError("leave", f"one of {', '.join(FIELD_MARGINS)}", strange[0], "not a field margin")
    except ArgumentError as e:
        print(f"flip: {e}", file=sys.stderr)
        return 2
    leave = tuple(sorted(set(args.leave)))
    cache = Path(args.cache) if args.cache else default_cache(leave)
    cache.parent.mkdir(parents=True, exist_ok=True)
    arms = run_all(args.arm or scheme_runs.ARMS, seeds, workers, cache, leave)
    print("\n\n".join(filter(None, (effects_table(arms), margins_table(arms), lending_table(arms)))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
