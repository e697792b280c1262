"""End to end in a real browser: Debian's Chromium, driven by Playwright, against Voila.

The test starts the dashboard exactly as ``make dashboard`` does (Voila on a free
localhost port), changes a pay scheme, presses Run and checks that the KPIs on the page
changed and equal what ``simkit.run`` returns for the same scenario files and seeds.
Then it plays the replay and checks the customers drawn against ``state_at``.

It is never skipped: without ``/usr/bin/chromium`` it fails and says how to install it
(``.ci/run`` installs it in CI). Screenshots go to ``out/test-artifacts/``.
"""
from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

import simkit
from simkit.dashboard.compute import KPIS, run_kpis
from simkit.dashboard.replay import ZONES, state_at
from simkit.dashboard.serve import NOTEBOOK, free_port, voila_command
from simkit.scenario import load_scenario, with_overrides

from helpers import ROOT, SCENARIOS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "out" / "test-artifacts"
PERIODS, REPS, SEED = 4, 2, 1  # 4 months: the fewest in which pay changes behaviour (see Inputs)
RUN_TIMEOUT_MS = 240_000  # a Run on a busy 2-core machine; about 10 s on an idle one


@pytest.fixture(scope="module")
def server():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the browser test needs Debian's chromium package "
                    "(apt-get install -y chromium; .ci/run installs it in CI)", pytrace=False)
    port = free_port()
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(voila_command(port), cwd=NOTEBOOK.parent, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)  # own process group: Voila and its kernel go together
    url = f"http://127.0.0.1:{port}/"
    try:
        _wait_for(url, port, proc, log)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _wait_for(url, port, proc, log, seconds=90):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            log.seek(0)
            pytest.fail(f"Voila exited with {proc.returncode}:\n{log.read().decode(errors='replace')}")
        try:  # a TCP connection is enough: asking for a page would start a kernel
            with socket.create_connection(("127.0.0.1", port), timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"Voila did not answer on {url} within {seconds} s")


@pytest.fixture(scope="module")
def page(server):
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="simkit-chromium-")
    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                    viewport={"width": 1400, "height": 1000})
        try:
            pg = ctx.new_page()
            pg.goto(server, timeout=120_000)
            pg.wait_for_selector(".sk-run", timeout=120_000)
            yield pg
        finally:
            ctx.close()
            shutil.rmtree(profile, ignore_errors=True)


def _set_slider(pg, cls, value):
    box = pg.locator(f".{cls} .widget-readout")
    box.fill(str(value))
    box.press("Enter")
    pg.wait_for_function(f"document.querySelector('.{cls} .widget-readout').textContent.trim() == '{value}'")


def _run(pg, n):
    pg.click(".sk-run button, button.sk-run")
    pg.wait_for_selector(f".sk-status [data-state='done'][data-run='{n}']", timeout=RUN_TIMEOUT_MS)


def _shown_kpis(pg, side):
    cells = pg.locator(f"td.sk-kpi[data-side='{side}']")
    return {cells.nth(i).get_attribute("data-kpi"): float(cells.nth(i).get_attribute("data-value"))
            for i in range(cells.count())}


def _api_kpis(scheme_file):
    """The Python API, independent of the dashboard's code: the shipped scheme file, cut to PERIODS months."""
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{scheme_file}.yaml"), {"horizon.periods": PERIODS})
    runs = [simkit.run(sc, seed=SEED + i) for i in range(REPS)]
    return {k: float(np.mean([run_kpis(r)[k] for r in runs])) for k in KPIS}, runs[0]


def test_change_scheme_run_and_replay(page):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pg = page
    _set_slider(pg, "sk-reps", REPS)
    _set_slider(pg, "sk-periods", PERIODS)
    _run(pg, 1)
    before = _shown_kpis(pg, "A")

    # scheme A's tellers move from fixed pay to a piece rate; B stays on piece rate with fines
    pg.select_option(".sk-side-a-teller select", label="Piece rate")
    _run(pg, 2)
    after = _shown_kpis(pg, "A")
    pg.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert after["staff_pay"] != before["staff_pay"]
    assert any(after[k] != before[k] for k in ("wait_mean", "error_rate", "sales", "served_within_10")), \
        "customer KPIs did not change with the tellers' pay"

    want_a, first_a = _api_kpis("teller_piece_rate")
    want_b, _ = _api_kpis("teller_piece_rate_fines")
    shown_b = _shown_kpis(pg, "B")
    for k in KPIS:
        assert after[k] == pytest.approx(want_a[k], rel=1e-12, nan_ok=True), ("A", k)
        assert shown_b[k] == pytest.approx(want_b[k], rel=1e-12, nan_ok=True), ("B", k)

    # the replay: press play at ×10, pause, and compare what is drawn with state_at
    pg.click(".lm-TabBar-tab:has-text('Replay a day')")
    pg.wait_for_selector("svg.sk-floor[data-t]")
    t0 = float(pg.get_attribute("svg.sk-floor", "data-t"))
    pg.click(".sk-speed button:has-text('×10')")
    pg.click(".sk-play button:has(i.fa-play)")
    pg.wait_for_timeout(2500)
    pg.click(".sk-play button:has(i.fa-pause)")
    snap = _settled_floor(pg)  # one snapshot of the drawing: time, counts and dots all from the same frame
    t = float(re.search(r'data-t="([^"]+)"', snap).group(1))
    assert t > t0 + 30, f"the clock did not advance: {t0} -> {t}"
    state = state_at(first_a, t)
    assert f'data-clock="{state.clock}"' in snap
    assert state.clock in pg.inner_text(".sk-clock")
    for zone in ZONES:
        n = int(re.search(rf'data-count-{zone.replace("_", "-")}="(\d+)"', snap).group(1))
        assert n == state.counts[zone], zone
    drawn = sorted((int(c), z) for c, z in re.findall(r'data-customer="(\d+)" data-zone="(\w+)"', snap))
    assert drawn == sorted((s.customer, s.zone) for s in state.customers)
    assert len(drawn) > 0, "no customer in the branch at the time shown: pick a later time"
    pg.screenshot(path=str(ARTIFACTS / "dashboard-replay.png"), full_page=True)

    # the labels switch to Chinese in the browser too
    pg.click(".sk-lang button:has-text('中文')")
    pg.wait_for_selector(".lm-TabBar-tab:has-text('关键指标')")


def _settled_floor(pg, tries=60):
    """The floor plan's HTML once the kernel has drawn the last tick after pause
    (three equal reads in a row, half a second apart)."""
    seen = []
    for _ in range(tries):
        seen.append(pg.inner_html(".sk-floor-html"))
        if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
            return seen[-1]
        pg.wait_for_timeout(500)
    pytest.fail("the replay did not stop after pause")
