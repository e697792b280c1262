"""Generate a student notebook from a solutions notebook (no answers in it).

    python scripts/make_student.py                                   # 08_exercises_solutions.py -> 08_exercises.py
    python scripts/make_student.py notebooks/02_triage.py out/02_triage_student.py   # any notebook, e.g. a handout

Works on jupytext ``py:percent`` twins. What is removed (see docs/notebooks.md):

* in code cells, everything from a ``### BEGIN SOLUTION`` line to the ``### END SOLUTION``
  line, markers included. Write the blank answer *above* the block, so the student sees
  ``answer = ...`` and ``check`` says "not answered yet"::

      answer = ...  # the mean wait in minutes
      ### BEGIN SOLUTION
      answer = res.kpis()["wait_mean"]
      ### END SOLUTION

* in code cells, everything from a ``### BEGIN HIDDEN TESTS`` line to the ``### END HIDDEN TESTS``
  line: nbgrader's hidden tests (``grade(qid, answer)`` under the student's ``check``), which
  would raise on the blank answer; nbgrader restores them when it autogrades (docs/teaching.md);
* in markdown cells, everything between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``;
* every cell tagged ``solution`` (worked explanations), whole.

Outputs are not copied: ``make notebooks`` executes the student twin to produce its
``.ipynb``, so what a student sees is what the blank answers really print.

After writing, every number left in the student text (``4,500``, ``¥4,500``, ``9.2 %``, ...)
is checked against the notebook's number questions (:func:`simkit.teach.answers_in`); one that
checks as right is reported on stderr and the exit status is 1: the prose or a hint spells out
an answer (or equals it by coincidence — then say so where the leak tests list coincidences).
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import jupytext

from simkit import teach

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "notebooks" / "08_exercises_solutions.py"
STUDENT = ROOT / "notebooks" / "08_exercises.py"
CODE_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|\Z)", re.S | re.M)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|\Z)", re.S | re.M)
MD_BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.S)
SOLUTION_TAG = "solution"


def solution_parts(nb) -> list[str]:
    """Every piece of text the student version must not contain (for the leak test):
    solution blocks and cells, and the hidden tests."""
    parts = []
    for cell in nb.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            parts.append(cell.source)
        else:
            patterns = (CODE_BLOCK, HIDDEN_TESTS) if cell.cell_type == "code" else (MD_BLOCK,)
            parts += [m.group(0) for pat in patterns for m in pat.finditer(cell.source)]
    return parts


def reader_text(nb) -> str:
    """Every source and every output a reader of ``nb`` can see (streams, results, displays in
    every format, error messages and tracebacks), for the leak tests."""
    parts = []
    for cell in nb.cells:
        parts.append(cell.source)
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            parts += [str(v) for v in out.get("data", {}).values()]
            parts += [out.get("evalue", "")] + list(out.get("traceback", []))
    return "\n".join(parts)


def strip(nb):
    """The student notebook: solution blocks, hidden tests and ``solution`` cells removed,
    outputs cleared."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        if cell.cell_type == "code":
            cell.source = HIDDEN_TESTS.sub("", CODE_BLOCK.sub("", cell.source)).rstrip("\n")
        else:
            cell.source = MD_BLOCK.sub("", cell.source).rstrip("\n")
        if re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)", cell.source):
            raise ValueError(f"unbalanced solution or hidden-test markers in cell:\n{cell.source}")
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    out.cells = cells
    return out


def student_text(solutions_twin: Path) -> str:
    return jupytext.writes(strip(jupytext.read(solutions_twin)), fmt="py:percent")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    src = Path(argv[0]) if argv else SOLUTIONS
    dst = Path(argv[1]) if len(argv) > 1 else (STUDENT if not argv else src.with_name(src.stem + "_student.py"))
    dst.parent.mkdir(parents=True, exist_ok=True)
    text = student_text(src)
    dst.write_text(text, encoding="utf-8")
    print(f"student version: {dst}")
    leaks = given_away(text, src)
    for leak in leaks:
        print(f"make_student: {dst.name} contains a number that checks as the answer of {leak}", file=sys.stderr)
    return 1 if leaks else 0


def given_away(text: str, src: Path) -> list[str]:
    """Answers of the notebook's number questions that ``text`` spells out (``NN_*`` notebooks)."""
    m = re.match(r"(\d\d)_", src.name)
    if not m:
        return []
    return teach.answers_in(text, [q for q in teach.registry() if q[:2] == m.group(1)])


if __name__ == "__main__":
    raise SystemExit(main())
