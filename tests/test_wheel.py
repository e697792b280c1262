"""The wheel runs anywhere: built from the sources, installed into a new virtual environment
outside the checkout, it finds its shipped scenarios (``extends`` included), runs a branch
and grades an exercise, from a folder that is not the checkout.

How the environment is made, and why. A clean install of simkit's dependencies (JupyterLab,
pandas, pyarrow, ...) downloads and unpacks several hundred megabytes: minutes, and a
network. The test instead gives the new environment the project's already-installed
dependencies: a folder of links to every entry of the project's site-packages *except*
simkit itself (its dist-info and the editable install's finder), named in a ``.pth`` file.
A ``.pth`` line only adds a folder to ``sys.path`` (its own ``.pth`` files are not run), so
the editable simkit cannot leak in, and pip, which reads installed packages from
``sys.path``, sees every dependency as installed. The wheel is then installed with
``--no-index`` against constraints.txt: pip checks the wheel's dependency list against the
pinned versions and fails if any were missing instead of downloading it. Only the wheel's
build reaches the package index, for the build backend pyproject.toml names (pip caches it).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from helpers import ROOT

pytestmark = pytest.mark.slow

#: what a wheel is built from (the package, its shipped scenarios, the metadata files)
SOURCES = ("pyproject.toml", "README.md", "simkit", "scenarios", "library")
#: site-packages entries that are simkit's own, left out of the new environment
OWN = ("simkit", "__editable__")
#: the seconds one step may take before the test gives up instead of hanging: a wheel build
#: takes about 5 s, an install about 10 s and the snippet about 15 s on the 2-core test machine
STEP_TIMEOUT = 300

SNIPPET = r"""
import json, pathlib, sys
import simkit
from simkit import library
from simkit.scenario import load_scenario, shipped, shipped_dir
from simkit.teach import verdict

scheme = load_scenario(shipped("schemes/teller_piece_rate"))  # extends fixed_pay.yaml, which extends ../baseline.yaml
results = simkit.run(shipped("baseline"), days=1, seed=1)
print(json.dumps({
    "simkit": simkit.__file__, "shipped": str(shipped_dir()), "cwd": str(pathlib.Path.cwd()),
    "scheme": scheme.name, "customers": int(len(results.customers)),
    "right": verdict("03.month_end_windows", 5).status, "wrong": verdict("03.month_end_windows", 4).status,
    "library": library.effect("teller_pay", "teller_piece_rate", "fixed_pay", "policy.pace", role="teller").n,
}))
"""


def _clean_env() -> dict:
    """The environment for the new interpreter: nothing that points back at the checkout."""
    drop = ("PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG")
    env = {k: v for k, v in os.environ.items() if k not in drop}  # PIP_* kept: how this machine reaches the index
    return {**env, "PYTHONNOUSERSITE": "1", "PYTHONHASHSEED": "0"}


def _run(command: list, cwd: Path) -> str:
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=_clean_env(), capture_output=True, text=True,
                          timeout=STEP_TIMEOUT)
    assert done.returncode == 0, f"{command[:4]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _build_wheel(tmp_path: Path) -> Path:
    """A wheel built from a copy of the sources (the build writes build/ and egg-info beside them)."""
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, symlinks=True,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints"))
        else:
            shutil.copy2(ROOT / name, source / name)
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--disable-pip-version-check", "-q", "-w",
          tmp_path / "dist", source], tmp_path)
    (wheel,) = (tmp_path / "dist").glob("simkit-*.whl")
    return wheel


def _environment(tmp_path: Path) -> Path:
    """A new venv whose sys.path also holds the project's dependencies (module docstring); its python."""
    deps = tmp_path / "deps"
    deps.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        if not entry.name.startswith(OWN) and entry.suffix != ".pth":
            (deps / entry.name).symlink_to(entry)
    home = tmp_path / "venv"
    venv.create(home, with_pip=False)
    python = home / "bin" / "python"
    purelib = _run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).strip()
    Path(purelib, "project_dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    return python


def _package_files(source: Path) -> set[str]:
    """Every file of the package in the sources (through the scenarios symlink), as a wheel names it."""
    found = set()
    for folder, dirs, files in os.walk(source / "simkit", followlinks=True):
        dirs[:] = [d for d in dirs if d not in ("__pycache__", ".ipynb_checkpoints")]
        found |= {(Path(folder) / f).relative_to(source).as_posix() for f in files if not f.endswith(".pyc")}
    return found


def test_the_wheel_installs_and_runs_outside_the_checkout(tmp_path):
    wheel = _build_wheel(tmp_path)
    with zipfile.ZipFile(wheel) as archive:
        missing = _package_files(tmp_path / "source") - set(archive.namelist())
    assert not missing, f"files under simkit/ left out of the wheel (pyproject.toml: package-data): {sorted(missing)}"
    python = _environment(tmp_path)
    _run([python, "-m", "pip", "install", "--no-index", "--disable-pip-version-check", "-q",
          "-c", ROOT / "constraints.txt", wheel], tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    report = json.loads(_run([python, "-c", SNIPPET], elsewhere).strip().splitlines()[-1])
    print(report)
    installed = Path(report["simkit"]).resolve()
    assert installed.is_relative_to((tmp_path / "venv").resolve()), report  # the wheel's simkit, not the checkout's
    assert Path(report["shipped"]) == installed.parent / "scenarios" and not Path(report["shipped"]).is_symlink()
    assert report["scheme"] == "teller_piece_rate" and report["customers"] > 0
    assert (report["right"], report["wrong"]) == ("right", "wrong")
    assert report["library"] == 8  # the results library ships and reads (its 8 replications)
    assert (python.parent / "simkit").is_file()  # the command-line entry point
