"""Build an nbgrader course directory for the exercises notebook (``make course``).

    python scripts/make_course.py                 # -> out/course (source, config, release)
    python scripts/make_course.py /srv/simkit-course --no-release

The exercises' source is the solutions twin ``notebooks/08_exercises_solutions.py``. nbgrader
reads its instructions from cell metadata (``metadata.nbgrader``); the twin keeps only cell
``tags`` (``scripts/run_notebooks.py`` writes every twin with ``cell_metadata_filter: tags,-all``),
so the metadata is derived here from what the twin does carry, one rule per kind of cell:

* a code cell with a ``### BEGIN SOLUTION`` region is an nbgrader **solution** cell
  (``grade_id`` ``<qid>-answer``); nbgrader replaces the region with ``# YOUR CODE HERE`` and
  the ``answer = ...`` line above it stays, as in the student notebook;
* a code cell with a ``### BEGIN HIDDEN TESTS`` region (``grade(qid, answer)`` under the
  student's ``check``) is an **autograded test** cell, locked, worth the points of its
  ``points-N`` tag (``grade_id`` the question id with ``-`` for ``.``);
* every other cell is **read-only** (locked): instructions, the setup cell.

Cells tagged ``solution`` (the trainer's notes) and markdown ``<!-- BEGIN SOLUTION -->`` regions
are dropped, as ``scripts/make_student.py`` drops them: nbgrader would not. The layout and
the teacher's commands are in docs/teaching.md.
"""
from __future__ import annotations

import argparse
import copy
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "notebooks" / "08_exercises_solutions.py"
ASSIGNMENT = "08_exercises"
COURSE_ID = "simkit"
POINTS_TAG = re.compile(r"points-(\d+)")
CHECK_ID = re.compile(r"""(?:check|grade)\(\s*["'](\d\d\.[a-z0-9_]+)["']""")
SCHEMA_VERSION = 3  # nbgrader 0.9's cell metadata schema

#: nbgrader_config.py of the course: what differs from nbgrader's defaults, and why
CONFIG = '''\
"""nbgrader configuration of the simkit exercises course (docs/teaching.md)."""
c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "{course_id}"
# The answer cells keep the student's `answer = ...` line above the solution region, so the
# region becomes a comment, not nbgrader's default `raise NotImplementedError()`: a student
# who answered on that line must not fail for leaving the stub.
c.ClearSolutions.code_stub = {{"python": "# YOUR CODE HERE"}}
# A cell of the notebook takes about 3 s; one that runs 5 minutes is a broken submission
# (the same limit as scripts/run_notebooks.py).
c.ExecutePreprocessor.timeout = 300
# `nbgrader zip_collect` (hand-in without an exchange: e-mail, a learning platform): each
# student's file, or a zip of files, in downloaded/<assignment>/archive/, named
# <student id>__<notebook>.ipynb (two underscores; a student id may hold one).
c.FileNameCollectorPlugin.named_regexp = r".*/(?P<student_id>[^/]+?)__(?P<file_id>[^/]+\\.ipynb)$"
# The exchange folder for `nbgrader release_assignment` / `collect`; every student and the
# teacher need write access to it (a shared JupyterHub disk). Change it for your machine.
# c.Exchange.root = "/srv/nbgrader/exchange"
'''


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


student = _load("make_student")
runner = _load("run_notebooks")  # a bilingual twin's editions (lang= tags), as make notebooks writes them


def _meta(grade_id: str, *, solution=False, grade=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": SCHEMA_VERSION,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def _points(cell, grade_id: str) -> int:
    found = [int(m.group(1)) for tag in cell.metadata.get("tags", []) if (m := POINTS_TAG.fullmatch(tag))]
    if len(found) != 1:
        raise ValueError(f"{SOLUTIONS.name}: the test cell of {grade_id} needs exactly one tag points-N "
                         f"(e.g. # %% tags=[\"points-1\"]); it has {cell.metadata.get('tags', [])}")
    return found[0]


def mark(cell, index: int, next_qid: str | None):
    """Give one cell its nbgrader metadata (see the module docstring for the rules)."""
    source = cell.source
    if cell.cell_type == "code" and student.HIDDEN_TESTS.search(source):
        qid = CHECK_ID.search(source).group(1)
        grade_id = qid.replace(".", "-")
        cell.metadata["nbgrader"] = _meta(grade_id, grade=True, points=_points(cell, grade_id))
    elif cell.cell_type == "code" and student.CODE_BLOCK.search(source):
        if next_qid is None:
            raise ValueError(f"{SOLUTIONS.name}: the solution cell {index} is not followed by a check of its question")
        cell.metadata["nbgrader"] = _meta(next_qid.replace(".", "-") + "-answer", solution=True, locked=False)
    else:
        cell.metadata["nbgrader"] = _meta(f"cell-{index:03d}")
    return cell


def source_notebook(twin: Path = SOLUTIONS, lang: str = "en"):
    """The nbgrader source notebook: the ``lang`` edition of the solutions (a bilingual twin holds
    both languages' instructions) with trainer notes dropped, every cell marked."""
    nb = runner.edition(copy.deepcopy(jupytext.read(twin)), lang)
    cells = [c for c in nb.cells if student.SOLUTION_TAG not in c.metadata.get("tags", [])]
    for i, cell in enumerate(cells):
        if cell.cell_type == "markdown":
            cell.source = student.MD_BLOCK.sub("", cell.source)
        else:
            cell.outputs, cell.execution_count = [], None
        cell["id"] = f"cell-{i:03d}"
        following = next((m.group(1) for c in cells[i + 1:i + 2] if (m := CHECK_ID.search(c.source))), None)
        mark(cell, i, following)
    nb.cells = cells
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
    nbformat.validate(nb)
    return nb


def build(course: Path, assignment: str = ASSIGNMENT) -> Path:
    """Write ``course/nbgrader_config.py`` and ``course/source/<assignment>/<assignment>.ipynb``;
    return the source notebook's path. An existing source folder of the assignment is replaced."""
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(CONFIG.format(course_id=COURSE_ID), encoding="utf-8")
    folder = course / "source" / assignment
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    path = folder / f"{assignment}.ipynb"
    nbformat.write(source_notebook(), path)
    return path


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder with this interpreter; raise with its output on failure.

    This interpreter's ``bin`` folder goes first on ``PATH``: nbgrader runs the ``alembic``
    command (its database migrations) by name, which a venv that is not activated does not find."""
    env = dict(os.environ, PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]))
    done = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, capture_output=True, text=True, env=env)
    if done.returncode:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed in {course} (status {done.returncode}):\n"
                           f"{done.stdout}\n{done.stderr}")
    return done


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("course", nargs="?", default=str(ROOT / "out" / "course"), help="course folder (default out/course)")
    ap.add_argument("--no-release", action="store_true", help="write the source only, do not run generate_assignment")
    a = ap.parse_args(argv)
    course = Path(a.course).resolve()
    if not a.no_release and importlib.util.find_spec("nbgrader") is None:
        print("make_course: nbgrader is not installed in this environment; install simkit's teach extra: "
              "pip install -c constraints.txt -e '.[teach]' (make does)", file=sys.stderr)
        return 2
    try:
        path = build(course)
        print(f"source: {path}")
        if not a.no_release:
            nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
            print(f"student version (nbgrader): {course / 'release' / ASSIGNMENT / (ASSIGNMENT + '.ipynb')}")
    except (ValueError, RuntimeError, OSError) as exc:
        print(f"make_course: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
