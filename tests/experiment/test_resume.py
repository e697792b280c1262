"""Resume: a sweep killed at any moment loses nothing and recomputes only unfinished tasks.

The kill is real: ``python -m simkit.cli sweep`` runs as a subprocess and gets SIGKILL
once some (but not all) task files exist — no handler runs, files may be half written.
The rerun with ``--resume`` must leave every finished file untouched (same inode, same
modification time), compute exactly the missing tasks (``computed.log``: one line per
computed task) and end with results equal to an uninterrupted run's.
"""
from __future__ import annotations

import os
import signal
import time

import pandas as pd
import pytest

from simkit.experiment import ResultStore, StoreError, load_sweep, run_sweep
from simkit.experiment.tasks import decode

SLOW_MMC = """
    name: mmc_resume
    scenario: SCENARIOS/mmc.yaml
    set: {horizon.days: 3}
    grid: {arrivals.hourly: [30.0, 36.0, 43.2]}
    replications: 4
    seed: 5
"""


def _computed(folder) -> list[str]:
    path = folder / "computed.log"
    return [line.split()[1] for line in path.read_text().splitlines()] if path.exists() else []


def _stat(folder) -> dict:
    return {p.stem: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (folder / "tasks").glob("*.parquet")}


def _wait_for_some_tasks(proc, folder, low: int, high: int, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        n = len(list((folder / "tasks").glob("*.parquet"))) if (folder / "tasks").exists() else 0
        if low <= n < high:
            return
        if proc.poll() is not None:
            pytest.fail(f"the sweep ended before it could be interrupted:\n{proc.stderr.read()}")
        time.sleep(0.005)
    pytest.fail("no task finished in time")


def test_resume_after_kill_9_recomputes_only_unfinished_tasks(make_sweep, run_cli, tmp_path):
    path = make_sweep(SLOW_MMC)
    total = len(load_sweep(path))
    out = tmp_path / "killed"
    proc = run_cli("sweep", path, "--executor", "serial", "--out", out, "--no-progress")
    _wait_for_some_tasks(proc, out, 2, total - 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    before = _stat(out)
    first_run = _computed(out)
    assert 0 < len(before) < total, "the kill must land mid-sweep for this test to mean anything"
    # every logged task has its file (the log line follows the rename; a kill between the two
    # can leave a file without its line, never the reverse)
    assert set(first_run) <= set(before)

    proc = run_cli("sweep", path, "--executor", "serial", "--out", out, "--no-progress", "--resume")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert f"{len(before)} of {total} tasks already done" in err

    after = _stat(out)
    assert {k: after[k] for k in before} == before  # finished files untouched: same inode, same mtime
    second_run = _computed(out)[len(first_run):]
    assert sorted(second_run) == sorted(set(after) - set(before))  # exactly the unfinished, each once
    assert len(after) == total and not list(out.glob("**/*.tmp"))

    fresh = run_sweep(load_sweep(path), tmp_path / "uninterrupted", executor="serial", progress=False)
    pd.testing.assert_frame_equal(ResultStore.read(out).summary(), fresh.summary, check_exact=True)


def _ctrl_c_live() -> None:
    """In the child before exec: Ctrl-C does what it does in a terminal. A test run started in the
    background by a non-interactive shell (``make test &``, ``nohup``) ignores SIGINT, children
    inherit that, and Python then never raises KeyboardInterrupt — the sweep ran to the end."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_stops_cleanly_and_keeps_finished_work(make_sweep, run_cli, tmp_path):
    path = make_sweep(SLOW_MMC)
    total = len(load_sweep(path))
    out = tmp_path / "interrupted"
    # its own process group, so the signal reaches the parent and its workers together, as a
    # Ctrl-C in a terminal does
    proc = run_cli("sweep", path, "--executor", "processes", "--workers", "2", "--out", out, "--no-progress",
                   start_new_session=True, preexec_fn=_ctrl_c_live)
    _wait_for_some_tasks(proc, out, 1, total - 3)
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "--resume" in err and "Traceback" not in err
    store = ResultStore.read(out)
    done = store.finished_ids()
    assert 0 < len(done) < total
    for tid in done:  # everything kept is complete and sound
        decode(store.summary_path(tid), tid, "summary")
    proc = run_cli("sweep", path, "--executor", "serial", "--out", out, "--no-progress", "--resume")
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert len(ResultStore.read(out).finished_ids()) == total


def test_damaged_task_files_are_detected_and_redone(mmc_sweep, tmp_path):
    sweep = load_sweep(mmc_sweep)
    out = tmp_path / "damaged"
    original = run_sweep(sweep, out, executor="serial", progress=False).summary
    ids = [t.id for t in sweep.tasks()]
    files = {tid: out / "tasks" / f"{tid}.parquet" for tid in ids}
    truncated, scrambled, swapped = ids[1], ids[5], ids[9]
    data = files[truncated].read_bytes()
    files[truncated].write_bytes(data[: len(data) // 2])  # a partial file
    data = bytearray(files[scrambled].read_bytes())
    data[len(data) // 3: len(data) // 3 + 64] = bytes(64)  # 64 zeroed bytes inside a data page
    files[scrambled].write_bytes(bytes(data))
    files[swapped].write_bytes(files[ids[0]].read_bytes())  # another task's (sound) file
    untouched = {tid: files[tid].stat().st_mtime_ns for tid in ids if tid not in (truncated, scrambled, swapped)}
    n_logged = len(_computed(out))

    messages = []
    res = run_sweep(sweep, out, executor="serial", resume=True, progress=False,
                    log=type("L", (), {"write": lambda self, s: messages.append(s), "flush": lambda self: None})())
    text = "".join(messages)
    for tid in (truncated, scrambled, swapped):
        assert f"{tid}.parquet is damaged" in text
    assert sorted(_computed(out)[n_logged:]) == sorted([truncated, scrambled, swapped])
    assert {tid: files[tid].stat().st_mtime_ns for tid in untouched} == untouched
    pd.testing.assert_frame_equal(res.summary, original, check_exact=True)


def test_resume_into_a_folder_of_another_sweep_is_refused(mmc_sweep, make_sweep, tmp_path):
    out = tmp_path / "one"
    run_sweep(load_sweep(mmc_sweep), out, executor="serial", progress=False)
    with pytest.raises(StoreError, match="already holds a sweep.*--resume"):
        run_sweep(load_sweep(mmc_sweep), out, executor="serial", progress=False)
    changed = make_sweep(mmc_sweep.read_text().replace("43.2]", "40.0]"), name="changed.yaml")
    with pytest.raises(StoreError, match=r"different sweep.*points\.2\.\S*arrivals\.hourly: 43\.2 vs 40"):
        run_sweep(load_sweep(changed), out, executor="serial", resume=True, progress=False)
    more = make_sweep(mmc_sweep.read_text().replace("replications: 4", "replications: 5"), name="more.yaml")
    with pytest.raises(StoreError, match="different sweep.*replications: 4 vs 5"):
        run_sweep(load_sweep(more), out, executor="serial", resume=True, progress=False)
    # resuming the unchanged sweep is fine and computes nothing
    n = len(_computed(out))
    run_sweep(load_sweep(mmc_sweep), out, executor="serial", resume=True, progress=False)
    assert len(_computed(out)) == n


def test_two_runs_cannot_write_into_one_folder(mmc_sweep, tmp_path):
    from simkit.experiment.store import ResultStore as Store

    sweep = load_sweep(mmc_sweep)
    first = Store.open(tmp_path / "busy", sweep)
    try:
        with pytest.raises(StoreError, match="in use by another running sweep"):
            Store.open(tmp_path / "busy", sweep, resume=True)
    finally:
        first.close()
    assert os.path.exists(tmp_path / "busy" / "manifest.json")
