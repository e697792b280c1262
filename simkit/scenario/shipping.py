"""The scenario files that ship with simkit, found wherever simkit is installed.

The branch scenarios (``baseline.yaml``, ``month_end.yaml``, ...) and the pay schemes
(``schemes/fixed_pay.yaml``, ...) travel inside the package as ``simkit/scenarios/`` and are
found through ``importlib.resources``, so an installed wheel (a bank laptop, Binder, Colab)
finds the same files as a source checkout. In a checkout ``simkit/scenarios`` is a symlink to
the repository's top-level ``scenarios/`` (pyproject.toml says why).

>>> from simkit.scenario import load_scenario, shipped
>>> load_scenario(shipped("schemes/teller_piece_rate")).name     # doctest: +SKIP
'teller_piece_rate'

The paths returned are real files on disk (resolved), so ``extends: ../baseline.yaml``
inside a scheme file resolves beside them as it does in the repository.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import Problem, ScenarioError

__all__ = ["shipped", "shipped_dir", "shipped_names"]

PACKAGE_FOLDER = "scenarios"  # simkit/scenarios inside the package (pyproject.toml: package-data)
SUFFIX = ".yaml"


def shipped_dir() -> Path:
    """The folder of shipped scenarios (``schemes/`` inside it), as a resolved path on disk.

    Raises ``ScenarioError`` when the package holds no such folder: simkit imported from a
    zip file (``extends`` needs files on disk), or a Windows clone that checked the
    ``simkit/scenarios`` symlink out as a plain file."""
    folder = resources.files("simkit") / PACKAGE_FOLDER
    if not isinstance(folder, Path) or not folder.is_dir():
        raise ScenarioError([Problem(str(folder), "", None,
                                     "simkit's shipped scenarios are not a folder on disk; allowed: simkit installed "
                                     "from its wheel (pip install), or a source checkout with symlinks "
                                     "(git clone -c core.symlinks=true)")])
    return folder.resolve()


def shipped_names() -> list[str]:
    """Every shipped scenario's name as ``shipped`` takes it: ``baseline``, ``schemes/fixed_pay``, ..."""
    root = shipped_dir()
    return sorted(p.relative_to(root).with_suffix("").as_posix() for p in root.glob(f"**/*{SUFFIX}"))


def shipped(name: str) -> Path:
    """The path of one shipped scenario file: ``shipped("baseline")``, ``shipped("schemes/fixed_pay")``
    (the ``.yaml`` suffix may be given). Raises ``ScenarioError`` naming the allowed names
    when there is no such file."""
    stem = str(name).removesuffix(SUFFIX)
    path = shipped_dir() / f"{stem}{SUFFIX}"
    if ".." in Path(stem).parts or not path.is_file():
        raise ScenarioError([Problem(str(name), "", None,
                                     f"no shipped scenario of that name; allowed: {', '.join(shipped_names())}")])
    return path
