"""A damaged sweep folder: every damaged item is named, nothing is deleted, everything is recoverable.

``simkit report`` never changes a folder: it reports the intact tasks, names each damaged
task file and says that ``simkit sweep SWEEP.yaml --out DIR --resume`` recomputes it, and
refuses a damaged manifest in one line with that same command. Resuming moves whatever is
damaged to ``DIR/damaged/`` (saying where), rebuilds a damaged or lost manifest from the
sweep file, keeps every finished task untouched and recomputes exactly the rest. Most cases
damage a copy of one finished sweep (2 points x 2 replications x 1 day); the last kills one
(SIGKILL) after two of its tasks, then cuts its manifest short.
"""
from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys

import pandas as pd
import pyarrow.parquet as pq
import pytest

from simkit import cli
from simkit.experiment import ResultStore, StoreError, load_sweep, run_sweep
from simkit.experiment.tasks import decode

from experiment.conftest import write_sweep
from helpers import ROOT

SMALL = """
    name: small_damage
    scenario: SCENARIOS/mmc.yaml
    set: {horizon.days: 1}
    grid: {arrivals.hourly: [30.0, 36.0]}
    replications: 2
    seed: 3
"""
SIMKIT = ROOT / ".venv" / "bin" / "simkit"


class _Log:
    """A ``log=`` for run_sweep that keeps what it is told."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    @property
    def text(self) -> str:
        return "".join(self.parts)


@pytest.fixture(scope="module")
def finished(tmp_path_factory):
    """(sweep file, a finished sweep folder, its summary): copy the folder before damaging it."""
    folder = tmp_path_factory.mktemp("small")
    path = write_sweep(folder, SMALL)
    res = run_sweep(load_sweep(path), folder / "done", executor="serial", progress=False)
    return path, folder / "done", res.summary


@pytest.fixture
def copy(finished, tmp_path):
    path, done, summary = finished
    out = tmp_path / "out"
    shutil.copytree(done, out)
    ids = [t["id"] for t in json.loads((out / "manifest.json").read_text())["tasks"]]
    return path, out, summary, ids


def _cpu_of_children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _report(folder, *args) -> subprocess.CompletedProcess:
    """``simkit report DIR`` as a user runs it; under 10 s of CPU (its wall-clock time on a
    machine shared by many test runs says more about the others than about the report)."""
    start = _cpu_of_children()
    proc = subprocess.run([str(SIMKIT), "report", str(folder), *args], capture_output=True, text=True, timeout=60)
    assert _cpu_of_children() - start < 10, "report took 10 s of CPU or more"
    assert "Traceback" not in proc.stderr + proc.stdout
    return proc


def _computed(folder) -> list[str]:
    return [line.split()[1] for line in (folder / "computed.log").read_text().splitlines()]


def _wrong_row_count(file) -> None:
    """Rewrite a sound task file with a row count in its metadata that its rows do not have."""
    table = pq.read_table(file)
    meta = dict(table.schema.metadata)
    meta[b"simkit.rows"] = str(table.num_rows + 1).encode()
    pq.write_table(table.replace_schema_metadata(meta), file)
    assert pq.read_table(file).num_rows == table.num_rows  # readable: only the check can tell


def _damage_every_way(out, ids) -> dict[str, str]:
    """Damage four task files, each its own way; id -> how."""
    tasks = out / "tasks"
    data = (tasks / f"{ids[0]}.parquet").read_bytes()
    (tasks / f"{ids[0]}.parquet").write_bytes(data[: len(data) // 2])
    _wrong_row_count(tasks / f"{ids[1]}.parquet")
    (tasks / f"{ids[2]}.parquet").unlink()
    (tasks / f"{ids[2]}.parquet").mkdir()
    (tasks / f"{ids[2]}.parquet" / "notes.txt").write_text("someone's notes")
    shutil.copy(tasks / f"{ids[1]}.parquet", tasks / f"{ids[3]}.parquet")  # another task's file
    return {ids[0]: "unreadable Parquet", ids[1]: "rows, the writer recorded", ids[2]: "a folder",
            ids[3]: f"simkit.task is '{ids[1]}', expected '{ids[3]}'"}


# ------------------------------------------------------------------------------ report
def test_report_names_each_damaged_task_file_and_how_to_recompute_it(copy):
    path, out, summary, ids = copy
    data = (out / "tasks" / f"{ids[0]}.parquet").read_bytes()
    (out / "tasks" / f"{ids[0]}.parquet").write_bytes(data[: len(data) // 2])  # truncated
    _wrong_row_count(out / "tasks" / f"{ids[1]}.parquet")
    (out / "tasks" / f"{ids[2]}.parquet").unlink()
    (out / "tasks" / f"{ids[2]}.parquet").mkdir()  # a folder where the task file belongs
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    proc = _report(out)
    assert proc.returncode == 0, proc.stderr
    assert "1 of 4 tasks finished, 3 damaged and skipped" in proc.stdout
    assert f"to compute the other 3: simkit sweep {path} --out {out} --resume" in proc.stdout
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 3
    for tid, why in ((ids[0], "unreadable Parquet"), (ids[1], "rows, the writer recorded"), (ids[2], "a folder")):
        line = next(x for x in lines if f"{tid}.parquet" in x)
        assert str(out / "tasks" / f"{tid}.parquet") in line and why in line
        assert f"skipped: `simkit sweep {path} --out {out} --resume` recomputes it" in line
    intact = summary[summary["task"] == ids[3]]
    wait = intact.loc[intact["metric"] == "wait_mean", "value"].iloc[0]
    assert f"{wait:.4g} (n=1)" in proc.stdout  # the intact task is reported
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before  # reading changed nothing


def test_python_reads_refuse_a_damaged_file_unless_asked_to_skip_it(copy):
    path, out, _, ids = copy
    (out / "tasks" / f"{ids[1]}.parquet").write_bytes(b"PAR1 nothing")
    store = ResultStore.read(out)
    with pytest.raises(StoreError, match=rf"tasks/{ids[1]}\.parquet is damaged .*--resume"):
        store.summary()
    assert len(store.summary(skip_damaged=True)["task"].unique()) == 3
    assert list(store.damaged) == [out / "tasks" / f"{ids[1]}.parquet"]


DAMAGED_MANIFESTS = {
    "empty mapping": ("{}", "no 'name'"),
    "a list": ("[]", "a JSON list, not the mapping a sweep writes"),
    "truncated": (None, "not complete JSON"),
    "a task id that is a path": (lambda m: {**m, "tasks": [{**m["tasks"][0], "id": "../../etc"}] + m["tasks"][1:]},
                                 "'tasks' entry 0 is not what a sweep writes"),
    "a folder": ("DIR", "a folder, not a file"),
}


def _damage_manifest(out, how) -> None:
    manifest = out / "manifest.json"
    text = manifest.read_text()
    manifest.unlink()
    if how == "DIR":
        manifest.mkdir()
    elif how is None:
        manifest.write_text(text[: len(text) // 3])  # cut inside the points, after "source"
    elif callable(how):
        manifest.write_text(json.dumps(how(json.loads(text))))
    else:
        manifest.write_text(how)


@pytest.mark.parametrize("case", DAMAGED_MANIFESTS, ids=list(DAMAGED_MANIFESTS))
def test_report_refuses_a_damaged_manifest_in_one_line_with_the_repair(case, copy, capsys):
    path, out, _, _ = copy
    how, why = DAMAGED_MANIFESTS[case]
    _damage_manifest(out, how)
    if case == "empty mapping":  # once as a user runs it
        proc = _report(out)
        status, stdout, stderr = proc.returncode, proc.stdout, proc.stderr
    else:
        status = cli.main(["report", str(out)])
        stdout, stderr = capsys.readouterr()
    assert status == 2 and stdout == "" and "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"{out / 'manifest.json'} is damaged (") and why in lines[0]
    # a truncated or edited manifest still names its sweep file; {}, [] and a folder do not
    sweep = "SWEEP.yaml" if how in ("{}", "[]", "DIR") else str(path)
    assert lines[0].endswith(f"simkit sweep {sweep} --out {out} --resume"), lines[0]
    with pytest.raises(StoreError, match="manifest.json is damaged"):
        ResultStore.read(out)


# ------------------------------------------------------------------------------ resume
def test_resume_moves_damaged_task_files_aside_and_recomputes_them(copy, capsys):
    path, out, summary, ids = copy
    how = _damage_every_way(out, ids)
    log = _Log()
    res = run_sweep(load_sweep(path), out, executor="serial", resume=True, progress=False, log=log)
    for tid, why in how.items():
        line = next(x for x in log.text.splitlines() if f"{tid}.parquet" in x)
        moved = out / "damaged" / "tasks" / f"{tid}.parquet"
        assert str(moved) in line and "recomputed" in line and (why in line or "is a folder" in line), line
        assert moved.exists()
    assert (out / "damaged" / "tasks" / f"{ids[2]}.parquet" / "notes.txt").read_text() == "someone's notes"
    assert sorted(_computed(out)[4:]) == sorted(ids)
    pd.testing.assert_frame_equal(res.summary, summary, check_exact=True)
    assert cli.main(["report", str(out)]) == 0 and "4 of 4 tasks finished (" in capsys.readouterr().out


def test_resume_on_the_command_line_recovers_a_folder_in_place_of_a_task_file(copy):
    path, out, summary, ids = copy
    (out / "tasks" / f"{ids[2]}.parquet").unlink()
    (out / "tasks" / f"{ids[2]}.parquet").mkdir()
    proc = subprocess.run([str(SIMKIT), "sweep", str(path), "--out", str(out), "--resume", "--executor", "serial",
                           "--no-progress"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert f"{out / 'tasks' / (ids[2] + '.parquet')} is a folder, where a file belongs; moved to " \
           f"{out / 'damaged' / 'tasks' / (ids[2] + '.parquet')}" in proc.stderr
    assert "Traceback" not in proc.stderr and _computed(out)[4:] == [ids[2]]
    pd.testing.assert_frame_equal(ResultStore.read(out).summary(), summary, check_exact=True)


def test_a_task_folder_that_is_a_file_is_moved_aside(copy):
    path, out, summary, _ = copy
    shutil.rmtree(out / "tasks")
    (out / "tasks").write_text("not a folder")
    log = _Log()
    res = run_sweep(load_sweep(path), out, executor="serial", resume=True, progress=False, log=log)
    assert f"{out / 'tasks'} is a file, where a folder belongs; moved to {out / 'damaged' / 'tasks'}" in log.text
    pd.testing.assert_frame_equal(res.summary, summary, check_exact=True)


@pytest.mark.parametrize("case", [*DAMAGED_MANIFESTS, "missing"])
def test_resume_rebuilds_a_damaged_manifest_and_keeps_finished_tasks(case, copy):
    """A sweep stopped after two of its four tasks, whose manifest was then damaged (or lost):
    resuming with the same sweep file keeps the two, untouched, and computes the other two."""
    path, out, summary, ids = copy
    for tid in ids[2:]:  # as if killed after two tasks
        (out / "tasks" / f"{tid}.parquet").unlink()
    kept = {tid: (out / "tasks" / f"{tid}.parquet").stat() for tid in ids[:2]}
    if case == "missing":
        (out / "manifest.json").unlink()
    else:
        _damage_manifest(out, DAMAGED_MANIFESTS[case][0])
    with pytest.raises(StoreError, match="already holds a sweep; allowed: --resume") if case != "missing" else \
            pytest.raises(StoreError, match="not empty and holds no sweep"):
        run_sweep(load_sweep(path), out, executor="serial", progress=False)  # without --resume: refused
    log = _Log()
    res = run_sweep(load_sweep(path), out, executor="serial", resume=True, progress=False, log=log)
    assert f"rebuilt from {path}" in log.text and "2 of 4 tasks already done" in log.text
    if case != "missing":
        assert f"was damaged ({DAMAGED_MANIFESTS[case][1]}" in log.text
        assert f"moved to {out / 'damaged' / 'manifest.json'}" in log.text
        assert (out / "damaged" / "manifest.json").exists()
    for tid, stat in kept.items():
        now = (out / "tasks" / f"{tid}.parquet").stat()
        assert (now.st_ino, now.st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert sorted(_computed(out)[4:]) == sorted(ids[2:])
    pd.testing.assert_frame_equal(res.summary, summary, check_exact=True)


def test_a_rebuilt_manifest_ignores_task_files_of_another_sweep(copy, tmp_path):
    """Ids hash each task's scenario and seed: a file left by another sweep is never taken for
    one of this sweep's tasks, whatever the damaged manifest said."""
    path, out, _, ids = copy
    other = write_sweep(tmp_path, SMALL.replace("seed: 3", "seed: 4"), name="other.yaml")
    (out / "manifest.json").write_text("{")
    res = run_sweep(load_sweep(other), out, executor="serial", resume=True, progress=False)
    new_ids = [t.id for t in load_sweep(other).tasks()]
    assert not set(new_ids) & set(ids) and sorted(_computed(out)[4:]) == sorted(new_ids)
    assert sorted(res.summary["task"].unique()) == sorted(new_ids)
    for tid in ids:  # the other sweep's files are still there, untouched and sound
        decode(out / "tasks" / f"{tid}.parquet", tid, "summary")


def test_a_random_folder_is_not_taken_for_a_sweep_without_a_manifest(finished, tmp_path):
    path, _, _ = finished
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "thesis.tex").write_text("...")
    with pytest.raises(StoreError, match="not empty and holds no sweep"):
        run_sweep(load_sweep(path), folder, executor="serial", resume=True, progress=False)
    assert sorted(p.name for p in folder.iterdir()) == [".lock", "thesis.tex"]


KILL_AFTER_TWO = """
import os, signal, sys
from simkit.experiment import load_sweep, run_sweep
from simkit.experiment.store import ResultStore

write = ResultStore.write
def write_then_die(self, task, encoded):
    write(self, task, encoded)
    if len(list(self.tasks_dir.iterdir())) == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # no handler runs, as with kill -9
ResultStore.write = write_then_die
run_sweep(load_sweep(sys.argv[1]), sys.argv[2], executor="serial", progress=False)
"""


@pytest.mark.slow  # three Python processes: about 4 s on an idle machine
def test_killed_then_manifest_truncated_resume_on_the_command_line_finishes_it(finished, tmp_path):
    """A sweep killed (SIGKILL) after two of its four tasks, whose manifest was then cut short:
    ``simkit sweep SWEEP.yaml --out DIR --resume`` rebuilds the manifest, keeps the two and
    computes the other two, ending with the uninterrupted sweep's numbers."""
    path, _, summary = finished
    out = tmp_path / "killed"
    proc = subprocess.run([sys.executable, "-c", KILL_AFTER_TWO, str(path), str(out)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == -9, proc.stderr
    kept = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (out / "tasks").iterdir()}
    assert len(kept) == 2
    text = (out / "manifest.json").read_text()
    (out / "manifest.json").write_text(text[: len(text) // 2])
    with pytest.raises(StoreError, match=rf"not complete JSON.*simkit sweep {path} --out {out} --resume$"):
        ResultStore.read(out)
    proc = subprocess.run([str(SIMKIT), "sweep", str(path), "--out", str(out), "--resume", "--executor", "serial",
                           "--no-progress"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "manifest.json was damaged (not complete JSON" in proc.stderr and f"rebuilt from {path}" in proc.stderr
    assert "2 of 4 tasks already done" in proc.stderr and "Traceback" not in proc.stderr
    assert {name: (p.stat().st_ino, p.stat().st_mtime_ns) for name in kept
            for p in [out / "tasks" / name]} == kept
    assert len(_computed(out)) == 4  # two before the kill, two on resume
    pd.testing.assert_frame_equal(ResultStore.read(out).summary(), summary, check_exact=True)
