"""Shared fixtures of the dashboard tests: small runs, made once per session."""
from __future__ import annotations

import pytest

import simkit
from helpers import SCENARIOS

#: one month, three replications: the smallest comparison the dashboard runs (inputs.MIN_REPLICATIONS)
SMALL = dict(periods=1, replications=3, seed=7)


@pytest.fixture(scope="session")
def day_results():
    """One day of the baseline branch (seed 3): the replay's raw material."""
    return simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=3)


@pytest.fixture(scope="session")
def small_app():
    """A dashboard that has run once with ``SMALL`` inputs (no browser)."""
    from simkit.dashboard.app import Dashboard
    from simkit.dashboard.inputs import Inputs, Side

    d = Dashboard("en", Inputs(b=Side(teller="teller_piece_rate"), **SMALL))
    d.run()
    return d


# ------------------------------------------------------------------ a Voila server and a browser
import functools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: the browser tests need Debian's chromium package "
                    "(apt-get install -y chromium; `make test` and .ci/run install it)", pytrace=False)


@dataclass
class Server:
    """A running dashboard server: ``url`` carries the token, ``base`` does not."""
    proc: subprocess.Popen
    port: int
    token: str
    log: object

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return f"{self.base}?token={self.token}"

    def log_text(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def kernels(self) -> list:
        """The server's kernel processes (psutil): standalone Voila has no /api/kernels list."""
        import psutil
        return [p for p in psutil.Process(self.proc.pid).children(recursive=True) if _is_kernel(p)]

    def rss_mb(self) -> float:
        """Resident memory of the server and all its descendants, MB."""
        import psutil
        root = psutil.Process(self.proc.pid)
        total = root.memory_info().rss
        for p in root.children(recursive=True):
            try:
                total += p.memory_info().rss
            except psutil.NoSuchProcess:
                pass
        return total / 1e6

    def wait_kernels(self, n: int, seconds: float) -> float:
        """Wait until the server has ``n`` kernels; returns the seconds it took (fails after ``seconds``)."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < seconds:
            if len(self.kernels()) == n:
                return time.monotonic() - t0
            time.sleep(0.25)
        pytest.fail(f"the server has {len(self.kernels())} kernels, not {n}, after {seconds} s")


def _is_kernel(p) -> bool:
    import psutil
    try:
        return "ipykernel_launcher" in " ".join(p.cmdline())
    except psutil.NoSuchProcess:
        return False


@contextmanager
def _voila_server(*extra: str):
    """The dashboard's server as ``make dashboard`` starts it (plus ``extra`` Voila options),
    on a free port, in its own process group (Voila and its kernels are stopped together)."""
    from simkit.dashboard.serve import NOTEBOOK, free_port, new_token, voila_command, voila_env

    port, token = free_port(), new_token()
    log = tempfile.TemporaryFile()
    env = voila_env(token, {**os.environ, "PYTHONHASHSEED": "0"})
    proc = subprocess.Popen(voila_command(port, NOTEBOOK, *extra), cwd=NOTEBOOK.parent, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    server = Server(proc, port, token, log)
    try:
        _wait_for(server)
        yield server
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


def _wait_for(server: Server, seconds=90):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if server.proc.poll() is not None:
            pytest.fail(f"Voila exited with {server.proc.returncode}:\n{server.log_text()}")
        try:  # a TCP connection is enough: asking for a page would start a kernel
            with socket.create_connection(("127.0.0.1", server.port), timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"Voila did not answer on {server.base} within {seconds} s")


@contextmanager
def _chromium_context(pw, **kwargs):
    """A fresh Chromium (own profile) driven by Playwright ``pw``."""
    require_chromium()
    profile = tempfile.mkdtemp(prefix="simkit-chromium-")
    ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True,
                                                args=CHROMIUM_ARGS, **kwargs)
    try:
        yield ctx
    finally:
        ctx.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="session")
def voila_server():
    """``with voila_server(*extra_voila_options) as server:`` (a ``Server``)."""
    return _voila_server


@pytest.fixture(scope="module")
def playwright_sync():
    """One Playwright per test module (its sync API cannot be started twice at once, and
    a module of its own may start it itself: so it stops with the module)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="module")
def chromium_context(playwright_sync):
    """``with chromium_context(**playwright_context_options) as ctx:``"""
    return functools.partial(_chromium_context, playwright_sync)
