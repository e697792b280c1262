"""The notebooks on Binder and Colab: the pinned environment, simkit installed, the links (no network).

mybinder.org (repo2docker) reads ``binder/``: ``requirements.txt`` (pip), ``runtime.txt`` (the
Python version) and ``postBuild`` (run after). A student there must get the packages at the
versions a developer's machine has, so every pin Binder installs is the pin of ``constraints.txt``.
"""
from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BINDER = ROOT / "binder"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)")
INCLUDE = re.compile(r"^(-r|--requirement|-c|--constraint)\s+(\S+)")


def _name(requirement: str) -> str:
    """A requirement's project name as pip compares them (PEP 503: case and -_. folded)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement.strip()).group(0)).lower()


def _lines(path: Path) -> list[str]:
    return [line.split(" #", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _pins(path: Path) -> dict[str, str]:
    """{name: version} of every ``name==version`` line of a requirements or constraints file."""
    pins = {}
    for line in _lines(path):
        m = PIN.match(line)
        if m:
            pins[_name(m.group(1))] = m.group(2)
    return pins


def binder_installs(path: Path = BINDER / "requirements.txt") -> tuple[dict[str, str], dict[str, str]]:
    """(what pip installs from ``path``, what it constrains) as {name: version}, following ``-r``
    and ``-c`` (relative to the file, as pip resolves them). Every other line must be a pin."""
    installed, constrained = {}, {}
    for line in _lines(path):
        inc = INCLUDE.match(line)
        if inc:
            target = (path.parent / inc.group(2)).resolve()
            if inc.group(1) in ("-r", "--requirement"):
                more, limits = binder_installs(target)
                installed |= more
                constrained |= limits
            else:
                constrained |= _pins(target)
            continue
        m = PIN.match(line)
        assert m, f"{path.name}: {line!r} is not pinned (name==version, the pin of constraints.txt)"
        installed[_name(m.group(1))] = m.group(2)
    return installed, constrained


CONSTRAINTS = _pins(ROOT / "constraints.txt")


def test_every_package_binder_installs_is_at_its_constraint_pin():
    installed, constrained = binder_installs()
    assert installed, "binder/requirements.txt installs nothing"
    wrong = {k: (v, CONSTRAINTS.get(k)) for k, v in {**installed, **constrained}.items() if CONSTRAINTS.get(k) != v}
    assert not wrong, f"pins in binder/ that are not constraints.txt's ({{name: (binder, constraints)}}): {wrong}"


def test_binder_installs_what_simkit_and_its_notebooks_need():
    """simkit's dependencies and those of the extras the notebooks use (the dashboard's widgets,
    the teaching tools) are all installed, each pinned (postBuild then installs simkit itself)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    needed = list(project["dependencies"])
    for extra in ("dashboard", "teach"):
        needed += project.get("optional-dependencies", {}).get(extra, [])
    installed, _ = binder_installs()
    missing = sorted({_name(r) for r in needed} - set(installed))
    assert not missing, f"binder/requirements.txt does not install {missing}"


def test_the_parser_refuses_an_unpinned_line_and_reads_includes(tmp_path):
    (tmp_path / "c.txt").write_text("numpy==2.0.0\nPandas==2.2.0\n", encoding="utf-8")
    (tmp_path / "r.txt").write_text("# comment\n-c c.txt\nnumpy==2.0.0  # pinned\n", encoding="utf-8")
    assert binder_installs(tmp_path / "r.txt") == ({"numpy": "2.0.0"}, {"numpy": "2.0.0", "pandas": "2.2.0"})
    (tmp_path / "r.txt").write_text("numpy>=2\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="not pinned"):
        binder_installs(tmp_path / "r.txt")


def test_postbuild_installs_simkit_against_the_constraints():
    post = BINDER / "postBuild"
    assert os.access(post, os.X_OK), "binder/postBuild must be executable (git update-index --chmod=+x)"
    commands = [line for line in _lines(post) if "pip install" in line]
    assert commands, "binder/postBuild installs nothing"
    assert any("-c constraints.txt" in c and re.search(r"\s\.(\s|$)", c) for c in commands), commands


def test_runtime_is_the_python_simkit_requires():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert runtime == "python-" + re.match(r">=\s*(\d+\.\d+)", requires).group(1), (runtime, requires)


def test_the_readme_links_binder_and_colab_to_a_notebook_that_exists():
    readme = (ROOT / "notebooks" / "README.md").read_text(encoding="utf-8")
    binder = re.search(r"https://mybinder\.org/v2/gh/[^)\s]+urlpath=lab/tree/(notebooks/[^)\s]+\.ipynb)", readme)
    colab = re.search(r"https://colab\.research\.google\.com/github/[^)\s]+/blob/main/(notebooks/[^)\s]+\.ipynb)", readme)
    assert binder and (ROOT / binder.group(1)).is_file(), "the Binder badge opens a notebook of this repository"
    assert colab and (ROOT / colab.group(1)).is_file(), "the Colab badge opens a notebook of this repository"
    # Colab has no checkout beside the notebook: the documented first cell brings one and the pins
    assert "git clone" in readme and re.search(r"%pip install .*-c \S*constraints\.txt", readme)
