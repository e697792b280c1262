"""Whether the stored library is still what the model gives, and re-identifying it when only the
task ids moved.

``rerun(name)`` runs one task of experiment ``name`` again — its second arm (the first is the
reference), replication 0 — through the library's one reduction (``condense``, with the people
rows where the experiment keeps them) and returns the stored rows beside the re-run's; the
truth test (tests/library/test_library_truth.py) requires them equal: every row and label
exactly, every value to ``RTOL`` (``close``).

**Equal, across machines.** The same scenario and seed give the same numbers bit for bit on one
machine, serial or parallel. Across machines the last bits can differ: glibc picks its ``exp``,
``log`` and ``pow`` by what the processor offers (an FMA or an SSE2 build; numpy's random
draws call them), and numpy has AVX-512 kernels of its own. Measured: on this project's
machines a 24-month run differs by at most 4 units in the last place (4.5e-16 relative) from
the same run stored on a machine of another kind, and no decision turned on it (every count
equal); a number computed as a difference of two large ones loses more (4.4e-11 relative: a
manager's monthly net loan increase, ¥92,544 out of balances of about ¥400 million, in a 36-month
run). ``RTOL`` = 1e-9 lies 20 times above that and far below any change of the model (one loan
more or less, ¥300,000, moves such a balance by 7.5e-4), so stored results stay the truth on any
machine; docs/methods.md, "Bit for bit, and across machines".

A task's id is a digest of its whole resolved scenario, so a new scenario setting that is off by
default renames every task and changes no number. ``reidentify(why)`` is for that case: it
re-runs one task of every experiment, refuses (``LibraryError``, naming the experiment) if any
stored row differs, and otherwise writes the manifest's task ids and scenario digests as the
experiments file gives them now, with ``reidentified`` (the commit and ``why``) per experiment.
The next ``make results`` replaces the note.
"""
from __future__ import annotations

import json

import pandas as pd

from ..experiment.store import write_atomic
from ..experiment.tasks import run_task
from .build import _commit, _entry, condense, people_rows
from .read import forget, load
from .spec import LIBRARY, LibraryError, load_experiments

__all__ = ["rerun", "same_rows", "reidentify", "close", "RTOL"]

#: (stated reason, module docstring) relative tolerance of a stored number against its re-run:
#: 20 times the largest difference measured between machines, far below any real change
RTOL = 1e-9


def close(stored: float, now: float) -> bool:
    """Whether a re-run number is its stored one: equal to ``RTOL`` of the larger (both missing
    counts as equal; an exact 0 must stay within ``RTOL`` of 0)."""
    if stored != stored or now != now:  # NaN
        return stored != stored and now != now
    return stored == now or abs(stored - now) <= RTOL * max(abs(stored), abs(now))


def rerun(name: str, library=LIBRARY) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(stored, rerun)``: the stored rows of experiment ``name``'s second arm, replication 0, and
    the same task run again through ``condense``."""
    experiment = load_experiments(library / "experiments.yaml")[name]
    arm = experiment.arms[1]
    task = experiment.sweep(arm).tasks()[0]
    stored = load(name, library=library)
    stored = stored[(stored["arm"] == arm) & (stored["replication"] == 0)].reset_index(drop=True)
    outputs = run_task(task)
    people = None
    if experiment.people_last:
        people = people_rows(outputs["staff_periods"], task.scenario, experiment.people_last)
    again = condense(outputs["summary"], arm, people)
    for column in ("arm", "scope", "role", "metric"):
        again[column] = again[column].astype(object)
    return stored, again


def same_rows(stored: pd.DataFrame, again: pd.DataFrame, allow_new: bool = False) -> bool:
    """Whether the re-run's rows are the stored ones: every label exactly, every value to
    ``RTOL`` (module docstring). ``allow_new``: a
    metric the stored rows never had (measured since they were computed) is left out of the re-run
    first; a changed or missing row still differs."""
    if allow_new:
        again = again[again["metric"].isin(set(stored["metric"]))].reset_index(drop=True)
    if len(stored) != len(again) or list(stored.columns) != list(again.columns):
        return False
    labels = [c for c in stored.columns if c != "value"]
    try:
        pd.testing.assert_frame_equal(stored[labels], again[labels], check_dtype=False, check_exact=True)
    except AssertionError:
        return False
    return all(close(a, b) for a, b in zip(stored["value"].tolist(), again["value"].tolist()))


def reidentify(why: str, library=LIBRARY, log=print) -> dict:
    """Re-run one task of every experiment; if each gives its stored rows, write the manifest's
    task ids and scenario digests as today's experiments file gives them, noting ``why``."""
    path = library / "manifest.json"
    manifest = json.loads(path.read_text())
    experiments = load_experiments(library / "experiments.yaml")
    for name in experiments:
        stored, again = rerun(name, library)
        if not same_rows(stored, again):
            raise LibraryError(f"{name}: the re-run task differs from the stored rows: the model's numbers "
                               "changed, so the library must be computed again (make results)")
        log(f"{name}: one task re-run, {len(stored):,} rows equal")
    note = {"commit": _commit(), "why": why}
    for name, experiment in experiments.items():
        entry = manifest["experiments"][name]
        fresh = _entry(experiment, library / entry["file"], entry["bytes"], entry["rows"])
        entry.update(arms=fresh["arms"], reidentified=note)
    # the manifest's own stamp (when, by which code) stays: the numbers are still those it built
    write_atomic(path, (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode())
    forget()
    return manifest
