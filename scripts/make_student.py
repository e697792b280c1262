"""Generate a student notebook from a solutions notebook (no answers in it).

    python scripts/make_student.py                                   # 08_exercises_solutions.py -> 08_exercises.py
    python scripts/make_student.py notebooks/02_triage.py out/02_triage_student.py   # any notebook, e.g. a handout
    python scripts/make_student.py --all [--out out/student] [--no-execute]        # make student: 00-08, every edition

``--all`` writes the student version of every teaching notebook with exercises (00-07, the
Chinese editions of the bilingual ones under ``zh/``) as an executed ``.ipynb`` in ``out/student/``
(not committed; docs/teaching.md), and copies the committed student notebook of 08 beside them.
Each is run in that folder, as a student would run it: a notebook that reads its scenarios from
``../scenarios`` is pointed at the scenarios installed with simkit instead, so the copy runs from
any folder. Every output is then scanned for answers (``shown_answers``); one found is reported on
stderr and the exit status is 1. ``--no-execute`` writes them unexecuted (seconds, not minutes).

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

import argparse
import copy
import importlib.util
import os
import re
import shutil
import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from simkit import teach

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "notebooks" / "08_exercises_solutions.py"
STUDENT = ROOT / "notebooks" / "08_exercises.py"
CODE_BLOCK = re.compile(r"^[ \t]*### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|\Z)", re.S | re.M)
HIDDEN_TESTS = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|\Z)", re.S | re.M)
MD_BLOCK = re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.S)
SOLUTION_TAG = "solution"
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "out" / "student"
#: the teaching notebooks whose student versions ``--all`` makes (08's is committed: notebooks/08_exercises*)
TEACHING = re.compile(r"0[0-7]_.+")
CHECK_CALL = re.compile(r"\bcheck\(")
#: a notebook that finds its scenarios beside the repository's notebooks/ folder ...
RELATIVE_SCENARIOS = re.compile(r'^SCENARIOS = Path\("\.\."\) / "scenarios".*$', re.M)
#: ... is pointed at the scenarios installed with simkit in its student copy, which runs from any folder
PORTABLE_SCENARIOS = ("from simkit.scenario import shipped_dir  # noqa: E402\n"
                      "SCENARIOS = shipped_dir()  # the scenarios installed with simkit: this copy runs from any folder")
#: the output formats a reader takes as text (figures are images: what they show is the author's to check)
TEXT_FORMATS = ("text/plain", "text/html", "text/markdown", "text/latex")
#: numbers and words in the teaching notebooks' outputs that check as an answer by coincidence, by
#: (finding, first line of the cell that shows it): what each really is. A finding not listed here is a leak.
COINCIDENCES = {
    ("00.busiest: 'mass'", 'cols = ["segment", "need", "triaged", "channel", "ticket", "arrive", "wait", "server", '
                           '"outcome", "satisfaction"]'):
        "a segment's name in a table of single visits: the question asks which segment made the most visits",
    ("00.busiest: 'mass'", 'served = res.customers[res.customers["start"].notna()]'):
        "a segment's name as a row label of the waits by segment (a ranking of waits, not of visits)",
    ("01.idle_role: 'customer_manager'", 'referred = first_with("referral", "pitch")'):
        "a role's name in one customer's path through the branch",
    ("01.idle_role: 'customer_manager'", "customers = week.customers"):
        "a role's name as a column label of where customers were served",
    ("01.peak_hour: 12", 'q = week.queue[week.queue["queue"] == "ordinary"].sort_values("t", kind="stable")'):
        "the hour with the longest ordinary *queue* (people waiting), not the hour of the longest mean wait asked for",
    ("01.peak_hour: 12", 'arrivals = customers.assign(hour=(customers["arrive"] % 1440 // 60).astype(int))'
                         '.groupby("hour").size() / 7'):
        "hour labels of the hour-by-hour table: finding the row with the longest mean wait is the exercise",
    ("03.windows_needed: 12", 'base = load_scenario(SCENARIOS / "baseline.yaml")'):
        "hour labels of the baseline's hour table (the question is about a larger branch)",
    ("03.windows_needed: 12", 'sim_hours = cust[cust["start"].notna()].assign(hour=(cust["arrive"] % 1440 // 60)'
                              '.astype(int))'):
        "the 12:00 hour among the hours below target (the question is about a larger branch)",
    ("04.piece_pay: 2800", 'months_paid = tellers.groupby("scheme", observed=True)["pay"].agg('):
        "the lowest month's pay under sales quotas (¥2,800.0), not the piece-rate month of the question",
    ("04.breakeven: 27", "def yuan(x: float) -> str:"): "27 fund sales on a payslip's commission line (27 × ¥25.00)",
    ("04.breakeven: 26.2", "tv = base.behaviour.turnover"): "a yearly turnover of 26.2 % under heavy fines",
    ("06.free_ride: 0.3", 'late = last_months(sp[sp["role"] == "teller"], TAIL)'):
        "a rank correlation of 0.300 between pay and contribution",
}


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


def output_text(cell) -> str:
    """What a reader of one cell's outputs sees as text: streams, text results and displays (every
    format of ``TEXT_FORMATS``), error messages and tracebacks."""
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts += [str(v) for k, v in out.get("data", {}).items() if k in TEXT_FORMATS]
        parts += [out.get("evalue", "")] + list(out.get("traceback", []))
    return "\n".join(parts)


def number_of(path: Path) -> str:
    """The two digits a notebook's name starts with ("07" for 07_designing_a_scheme.ipynb)."""
    return path.name[:2]


def shown_answers(nb, nn: str, allowed=None) -> list[str]:
    """The answers of notebook ``nn``'s questions that a cell of ``nb`` shows, known ``COINCIDENCES``
    aside, as ``"<finding> in cell <i>: <first line>"``: every number of its source and of its text
    outputs that checks as right (``teach.answers_in``), and every word of its outputs that is a
    choice answer (not of its source: a question names its options). ``allowed``: the coincidences
    to leave out (default ``COINCIDENCES``)."""
    allowed = COINCIDENCES if allowed is None else allowed
    qids = [q for q in teach.registry() if q[:2] == nn]
    found = []
    for i, cell in enumerate(nb.cells):
        first = cell.source.strip().splitlines()[0] if cell.source.strip() else ""
        shown = teach.answers_in(cell.source, qids) + teach.answers_in(output_text(cell), qids, words=True)
        for finding in dict.fromkeys(shown):
            if (finding, first) not in allowed:
                found.append(f"{finding} in cell {i}: {first}")
    return found


def reads_answer(cell) -> bool:
    """Whether a code cell uses the name ``answer`` (outside comments): its output would differ when
    the answer is blank."""
    code = "\n".join(line.split("#", 1)[0] for line in cell.source.splitlines())
    return cell.cell_type == "code" and re.search(r"\banswer\b", code) is not None


def preview(executed):
    """What a student sees after running the student version of an executed solutions notebook
    (an edition as ``make notebooks`` stored it), without running it: the student version's cells
    with the stored outputs of every cell that does not depend on an answer. Answer cells show
    nothing, check cells "not answered yet" (left empty here). Raises ValueError if any other cell
    reads ``answer``: its stored output would not be what the student sees."""
    out = strip(executed, keep_outputs=True)
    for cell in out.cells:
        if cell.cell_type != "code":
            continue
        answer_cell = "answer" in cell.metadata.get("tags", [])
        if answer_cell or CHECK_CALL.search(cell.source):
            cell.outputs = []
        elif reads_answer(cell):
            raise ValueError(f"a cell that is neither an answer nor a check cell reads `answer`:\n{cell.source}")
    return out


def portable(nb):
    """``nb`` with a ``SCENARIOS = Path("..") / "scenarios"`` line pointed at the installed scenarios."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = RELATIVE_SCENARIOS.sub(PORTABLE_SCENARIOS, cell.source)
    return nb


def strip(nb, keep_outputs: bool = False):
    """The student notebook: solution blocks, hidden tests and ``solution`` cells removed,
    outputs cleared (``keep_outputs``: kept, except in the cells whose solution was removed)."""
    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if SOLUTION_TAG in cell.metadata.get("tags", []):
            continue
        solved = cell.cell_type == "code" and bool(CODE_BLOCK.search(cell.source) or HIDDEN_TESTS.search(cell.source))
        if cell.cell_type == "code":
            cell.source = HIDDEN_TESTS.sub("", CODE_BLOCK.sub("", cell.source)).rstrip("\n")
        else:
            cell.source = MD_BLOCK.sub("", cell.source).rstrip("\n")
        if re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS)", cell.source):
            raise ValueError(f"unbalanced solution or hidden-test markers in cell:\n{cell.source}")
        if cell.cell_type == "code" and (solved or not keep_outputs):
            cell.outputs, cell.execution_count = [], None
        cells.append(cell)
    out.cells = cells
    return out


def student_text(solutions_twin: Path) -> str:
    return jupytext.writes(strip(jupytext.read(solutions_twin)), fmt="py:percent")


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def teaching_twins() -> list[Path]:
    """The twins of the teaching notebooks with exercises whose student versions ``--all`` makes."""
    return sorted(p for p in NOTEBOOKS.glob("[0-9][0-9]_*.py") if TEACHING.fullmatch(p.stem))


def student_edition(twin: Path, lang: str, runner):
    """The ``lang`` edition of ``twin``'s student version, portable (``portable``), unexecuted."""
    nb = jupytext.read(twin)
    for i, cell in enumerate(nb.cells):
        cell["id"] = f"cell-{i:03d}"
    nb = portable(strip(runner.edition(nb, lang)))
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = dict(runner.KERNELSPEC)
    return nb


def execute(nb, folder: Path, runner) -> None:
    """Run ``nb`` in place in a fresh kernel with ``folder`` as its working directory."""
    NotebookClient(nb, kernel_name="python3", timeout=runner.CELL_TIMEOUT, record_timing=False,
                   resources={"metadata": {"path": str(folder)}}).execute()


def build_all(out: Path, run: bool = True) -> tuple[list[Path], list[str]]:
    """Write every student version into ``out`` (Chinese editions into ``out/zh``) and copy 08's
    committed ones; return the files written and what their cells show of an answer."""
    runner = _load("run_notebooks")
    written, leaks = [], []
    for twin in teaching_twins():
        for lang in runner.languages(jupytext.read(twin)):
            folder = out if lang == "en" else out / lang
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{twin.stem}.ipynb"
            nb = student_edition(twin, lang, runner)
            if run:
                print(f"running {path.relative_to(out)} ...", flush=True)
                execute(nb, folder, runner)
                runner.clean(nb, 0.0)  # no widget state, no timestamps
                for key in ("simkit", "jupytext"):  # no run time, and no twin for a student's Jupyter to write
                    nb.metadata.pop(key, None)
            leaks += [f"{path.relative_to(out)}: {x}" for x in shown_answers(nb, number_of(twin))]
            nbformat.write(nb, path)
            written.append(path)
    for lang, folder in runner.EDITION_DIRS.items():
        committed = folder / f"{STUDENT.stem}.ipynb"
        target = (out if lang == "en" else out / lang) / committed.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(committed, target)
        written.append(target)
    return written, leaks


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("src", nargs="?", help="a solutions twin (default notebooks/08_exercises_solutions.py)")
    ap.add_argument("dst", nargs="?", help="where its student twin goes (default: beside it, _student.py)")
    ap.add_argument("--all", action="store_true", help="every teaching notebook's student version into --out")
    ap.add_argument("--out", default=str(OUT), help="folder of --all (default out/student)")
    ap.add_argument("--no-execute", action="store_true", help="with --all: write them without running them")
    a = ap.parse_args(sys.argv[1:] if argv is None else argv)
    if a.all:
        os.environ["PYTHONHASHSEED"] = "0"  # the kernels inherit it, as under make notebooks
        os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        written, leaks = build_all(Path(a.out).resolve(), run=not a.no_execute)
        print(f"{len(written)} student notebooks in {a.out}" + ("" if not a.no_execute else " (not executed)"))
        for leak in leaks:
            print(f"make_student: a student notebook shows an answer: {leak}", file=sys.stderr)
        return 1 if leaks else 0
    src = Path(a.src) if a.src else SOLUTIONS
    dst = Path(a.dst) if a.dst else (STUDENT if not a.src else src.with_name(src.stem + "_student.py"))
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
