"""Measure what one dashboard page costs the machine: the resident memory (RSS) of its kernel
when the page has opened, and again after one Run with the page's default inputs.

The dashboard is served exactly as ``make dashboard`` serves it (``simkit.dashboard.serve``) on a
free port; Debian's Chromium, driven by Playwright, opens it at a projector's 1280×720 and
presses Run::

    nice -n 5 .venv/bin/python scripts/dashboard_kernel_memory.py

It prints one line per figure (MB are 10^6 bytes, as ``psutil`` reports bytes): the kernel
idle, the kernel after the run (``SETTLE_S`` seconds after the page says it is done, so the
page's last redraw is in), the run's wall time, and the requests that left the machine.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from urllib.parse import urlparse

import psutil

from simkit.dashboard.serve import NOTEBOOK, address, free_port, new_token, voila_command, voila_env

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
SETTLE_S = 5  # (stated reason) the page's redraws after "done" reach the kernel within a second or two
RUN_TIMEOUT_MS = 900_000  # a default Run on a busy 2-core machine: well under a minute when idle


def kernel_rss_mb(server: subprocess.Popen) -> float:
    """Resident memory of the server's one kernel, MB."""
    (kernel,) = [p for p in psutil.Process(server.pid).children(recursive=True)
                 if "ipykernel_launcher" in " ".join(p.cmdline())]
    return kernel.memory_info().rss / 1e6


def wait_for_port(port: int, seconds: float = 90) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=2).close()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the dashboard did not answer on port {port} within {seconds} s")


def measure(url: str, server: subprocess.Popen) -> dict:
    """Open the page, measure the idle kernel, press Run, measure it again."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="simkit-memory-")
    requests = []
    try:
        with sync_playwright() as pw:
            ctx = pw.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=ARGS,
                                                        viewport={"width": 1280, "height": 720})
            page = ctx.new_page()
            page.on("request", lambda r: requests.append(r.url))
            page.goto(url, timeout=120_000)
            page.wait_for_selector(".sk-run", timeout=120_000)
            time.sleep(SETTLE_S)
            idle = kernel_rss_mb(server)
            started = time.monotonic()
            page.click(".sk-run button, button.sk-run")
            page.wait_for_selector(".sk-status [data-state='done'][data-run='1']", timeout=RUN_TIMEOUT_MS)
            seconds = time.monotonic() - started
            time.sleep(SETTLE_S)
            after = kernel_rss_mb(server)
            ctx.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    away = sorted({u for u in requests if urlparse(u).hostname not in (None, "127.0.0.1", "localhost")})
    return {"kernel idle (MB)": idle, "kernel after one default Run (MB)": after, "Run (s)": seconds,
            "requests leaving the machine": away}


def main() -> None:
    port, token = free_port(), new_token()
    server = subprocess.Popen(voila_command(port, NOTEBOOK), cwd=NOTEBOOK.parent, env=voila_env(token),
                              stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for_port(port)
        for name, value in measure(address(port, token), server).items():
            print(f"{name}: {value:.1f}" if isinstance(value, float) else f"{name}: {value}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
