"""Start the dashboard: Voila serving ``dashboard/dashboard.ipynb`` on localhost.

    python -m simkit.dashboard.serve [--port 8866]

Prints the address, then runs Voila in the foreground until Ctrl-C. ``--port 0`` picks
a free port. Voila is told not to open a browser (the address is printed instead) and
to listen on 127.0.0.1 only: the dashboard runs simulations on the machine it serves.
"""
from __future__ import annotations

import argparse
import socket
import subprocess
import sys
from pathlib import Path

from .inputs import ROOT

NOTEBOOK = ROOT / "dashboard" / "dashboard.ipynb"
DEFAULT_PORT = 8866  # Voila's own default port


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def voila_command(port: int, notebook: Path = NOTEBOOK) -> list[str]:
    """The Voila command line (also used by the browser test)."""
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=True",
            # the notebook imports simkit only; a cell must not hang the page forever
            "--VoilaExecutor.timeout=120"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 = any free port")
    a = ap.parse_args(argv)
    port = a.port or free_port()
    print(f"simkit dashboard: http://127.0.0.1:{port}/   (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(voila_command(port), cwd=NOTEBOOK.parent)
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
