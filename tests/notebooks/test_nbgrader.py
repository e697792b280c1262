"""The exercises notebook as a real nbgrader course: generate, submit, autograde, export.

One course directory (``scripts/make_course.py``) serves every test of this module: nbgrader
generates the student version from the source, three students submit it (every answer right,
every answer wrong, and the answers worth half of the points right), ``nbgrader autograde``
runs each submission with its hidden tests restored, and the CSV gradebook that
``nbgrader export`` writes, and each student's feedback, must hold exactly those scores. The whole notebook is graded (it
runs in about 4 s), not a subset of its questions.
"""
from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from simkit import teach

from helpers import load_script

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
ASSIGNMENT = "08_exercises"
WRONG_ANSWER = "answer = -1  # a number for a choice, a number for a dict: wrong everywhere\n"
#: questions worth half of the notebook's points (3 x 1 + 2 = 5 of 10; checked below)
HALF = {"08.vip_share", "08.no_lobby_sl15", "08.complaint_driver", "08.vip_fast"}


course_tool = load_script("scripts", "make_course")
student_tool = load_script("scripts", "make_student")


def _qid(cell) -> str:
    """The question an nbgrader answer or test cell belongs to: ``08-vip_share-answer`` -> ``08.vip_share``."""
    return cell.metadata["nbgrader"]["grade_id"].removesuffix("-answer").replace("-", ".", 1)


def _solutions(source: Path) -> dict[str, str]:
    """Each answer cell's solution code, markers removed, by question id."""
    out = {}
    for cell in nbformat.read(source, as_version=4).cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            block = student_tool.CODE_BLOCK.search(cell.source).group(0)
            out[_qid(cell)] = "".join(line for line in block.splitlines(True) if "SOLUTION" not in line)
    return out


def _submit(course: Path, who: str, answers: dict[str, str]) -> None:
    """Hand in as a student without an exchange would: the released notebook with each answer
    cell's code replaced by ``answers[qid]`` (what a student types in place of ``answer = ...``),
    as ``downloaded/<assignment>/archive/<who>__<assignment>.ipynb`` for ``nbgrader zip_collect``."""
    nb = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = answers[_qid(cell)]
    folder = course / "downloaded" / ASSIGNMENT / "archive"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / f"{who}__{ASSIGNMENT}.ipynb")


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A course folder after generate_assignment, three hand-ins, zip_collect, autograde, export
    and generate_feedback: the commands of docs/teaching.md."""
    root = tmp_path_factory.mktemp("course")
    source = course_tool.build(root)
    course_tool.nbgrader(root, "generate_assignment", ASSIGNMENT, "--force")
    right = _solutions(source)
    _submit(root, "all_right", right)
    _submit(root, "all_wrong", {qid: WRONG_ANSWER for qid in right})
    _submit(root, "half_right", {qid: right[qid] if qid in HALF else WRONG_ANSWER for qid in right})
    course_tool.nbgrader(root, "zip_collect", ASSIGNMENT)
    course_tool.nbgrader(root, "autograde", ASSIGNMENT)
    course_tool.nbgrader(root, "export", "--to", "grades.csv")
    course_tool.nbgrader(root, "generate_feedback", ASSIGNMENT)
    return root


def _points(course: Path) -> dict[str, float]:
    nb = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    return {_qid(c): c.metadata["nbgrader"]["points"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade")}


def test_every_question_is_graded_and_half_is_half_the_points(course):
    points = _points(course)
    assert set(points) == {qid for qid in teach.registry() if qid.startswith("08.")}
    assert sum(points[q] for q in HALF) * 2 == sum(points.values())


def test_the_gradebook_holds_full_zero_and_half_marks(course):
    rows = {r["student_id"]: r for r in csv.DictReader((course / "grades.csv").open(encoding="utf-8"))}
    total = sum(_points(course).values())
    assert set(rows) == {"all_right", "all_wrong", "half_right"}
    scores = {who: (float(r["score"]), float(r["max_score"])) for who, r in rows.items()}
    assert scores == {"all_right": (total, total), "all_wrong": (0.0, total), "half_right": (total / 2, total)}


def test_each_student_gets_feedback_with_their_score(course):
    total = sum(_points(course).values())
    for who, score in (("all_right", total), ("all_wrong", 0.0), ("half_right", total / 2)):
        html = (course / "feedback" / who / ASSIGNMENT / f"{ASSIGNMENT}.html").read_text(encoding="utf-8")
        assert f"Score: {score:.1f} / {total:.1f}" in html, who


def test_a_wrong_answer_fails_its_test_cell_with_the_hint(course):
    """The autograded notebook shows the student why: the test cell raised WrongAnswer with the hint."""
    nb = nbformat.read(course / "autograded" / "all_wrong" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade") for o in c.outputs
              if o.output_type == "error"]
    assert len(errors) == len(_points(course))
    assert all(o.ename == "WrongAnswer" and "Hint:" in o.evalue for o in errors)


def test_the_nbgrader_release_gives_nothing_away(course):
    """What nbgrader hands out holds no solution code, no hidden test, no trainer note, no output
    and no number or word that checks as an answer."""
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    assert all(not c.get("outputs") for c in release.cells if c.cell_type == "code")
    text = student_tool.reader_text(release)
    assert not re.search(r"SOLUTION|HIDDEN TESTS|grade\(|Solution note", text)
    twin = jupytext.read(course_tool.SOLUTIONS)
    telling = {line.strip().lstrip("#").strip() for part in student_tool.solution_parts(twin)
               for line in part.splitlines()}
    leaks = [line for line in telling if len(line) >= 12 and "SOLUTION" not in line and line in text]
    assert not leaks, f"the nbgrader release contains solution text: {leaks}"
    assert teach.answers_in(text, [q for q in teach.registry() if q.startswith("08.")], words=True) == []


def test_the_autograded_notebooks_keep_the_students_answers(course):
    """Autograde runs what the student wrote: the all-wrong notebook still holds its -1 answers."""
    nb = json.loads((course / "autograded" / "all_wrong" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").read_text("utf-8"))
    answers = ["".join(c["source"]) for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all(a == WRONG_ANSWER.rstrip("\n") or a == WRONG_ANSWER for a in answers)
