"""Start the dashboard: Voila serving ``dashboard/dashboard.ipynb`` on localhost.

    python -m simkit.dashboard.serve [--port 8866]

Prints the address (with a fresh token), then runs Voila in the foreground until Ctrl-C.
``--port 0`` picks a free port. Voila is told not to open a browser and to listen on
127.0.0.1 only: the dashboard runs simulations on the machine it serves.

Everything else is Voila's configuration file ``dashboard/voila-config/voila.py`` (the only config
file read): kernels are shut down when their page goes away, a token is required, and a
page request made by another web page is refused. docs/dashboard.md, "Serving and
security", explains why each setting is there. The page's template (``TEMPLATE``, in
``TEMPLATE_ROOT``) loads nothing from outside the machine (docs/dashboard.md, "In a classroom").
"""
from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

from .inputs import ROOT

NOTEBOOK = ROOT / "dashboard" / "dashboard.ipynb"
CONFIG_DIR = NOTEBOOK.parent / "voila-config"  # holds voila.py (not beside the notebook: it would shadow `python -m voila`)
#: a Jupyter data directory holding the page's Voila template, ``voila/templates/simkit``: Voila's
#: "lab" template without the stylesheets it loads from a public CDN (the page loads nothing from
#: outside the machine; the template's own comment says how)
TEMPLATE_ROOT = NOTEBOOK.parent / "jupyter-data"
TEMPLATE = "simkit"
DEFAULT_PORT = 8866  # Voila's own default port
#: request headers Voila hands each page's kernel as ``HTTP_*`` environment variables: the
#: browser's languages, so the dashboard opens in the reader's language (``app.app``)
HEADERS = ["Accept-Language"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def new_token() -> str:
    """A token for one server run (192 random bits, URL-safe)."""
    return secrets.token_urlsafe(24)


def voila_command(port: int, notebook: Path = NOTEBOOK, *extra: str) -> list[str]:
    """The Voila command line (also used by the browser tests); run it with
    ``voila_env`` and ``cwd=notebook.parent``. ``extra``: more Voila options."""
    return [sys.executable, "-m", "voila", str(notebook), f"--port={port}", "--no-browser",
            "--Voila.ip=127.0.0.1", "--Voila.port_retries=0", "--show_tracebacks=True",
            f"--Voila.config_file_paths={CONFIG_DIR}", f"--VoilaConfiguration.http_header_envs={HEADERS!r}",
            f"--VoilaConfiguration.template={TEMPLATE}", *extra]


def voila_env(token: str, base: dict | None = None) -> dict:
    """The environment for ``voila_command``: the token travels in ``JUPYTER_TOKEN``
    (jupyter_server's identity provider reads it), not on the command line where any
    local user's ``ps`` would see it; ``JUPYTER_PATH`` leads Voila to the page's template
    (``TEMPLATE_ROOT``) before the installed ones."""
    env = dict(os.environ if base is None else base)
    paths = [str(TEMPLATE_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {**env, "JUPYTER_TOKEN": token, "JUPYTER_PATH": os.pathsep.join(paths)}


def address(port: int, token: str) -> str:
    return f"http://127.0.0.1:{port}/?token={token}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--port", type=int, default=DEFAULT_PORT, help="0 = any free port")
    a = ap.parse_args(argv)
    port = a.port or free_port()
    token = new_token()
    print(f"simkit dashboard: {address(port, token)}   (Ctrl-C to stop)", flush=True)
    try:
        return subprocess.call(voila_command(port), cwd=NOTEBOOK.parent, env=voila_env(token))
    except KeyboardInterrupt:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
