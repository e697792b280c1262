"""``scripts/make_course.py`` marks the exercises' cells for nbgrader by the rules of docs/teaching.md
(without running nbgrader: tests/notebooks/test_nbgrader.py does that)."""
from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from simkit import teach

from helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
course_tool = load_script("scripts", "make_course")


@pytest.fixture(scope="module")
def source():
    return course_tool.source_notebook()


def _kind(cell) -> str:
    meta = cell.metadata["nbgrader"]
    return "test" if meta["grade"] else "answer" if meta["solution"] else "read-only"


def test_every_question_has_an_editable_answer_cell_and_a_locked_test_cell(source):
    qids = sorted(q.replace(".", "-") for q in teach.registry() if q.startswith("08."))
    answers = [c.metadata["nbgrader"] for c in source.cells if _kind(c) == "answer"]
    tests = [c.metadata["nbgrader"] for c in source.cells if _kind(c) == "test"]
    assert sorted(m["grade_id"] for m in answers) == [f"{q}-answer" for q in qids]
    assert sorted(m["grade_id"] for m in tests) == qids
    assert all(not m["locked"] for m in answers) and all(m["locked"] and m["points"] >= 1 for m in tests)
    assert sum(m["points"] for m in tests) == 10  # docs/teaching.md: 6 questions x 1 + 2 x 2


def test_everything_else_is_read_only_and_the_trainer_notes_are_gone(source):
    others = [c for c in source.cells if _kind(c) == "read-only"]
    assert others and all(c.metadata["nbgrader"]["locked"] for c in others)
    assert not any("solution" in c.metadata.get("tags", []) for c in source.cells)
    assert not any("<!-- BEGIN SOLUTION" in c.source or "Solution note" in c.source for c in source.cells)
    ids = [c.metadata["nbgrader"]["grade_id"] for c in source.cells]
    assert len(ids) == len(set(ids))
    nbformat.validate(source)


def test_a_test_cell_without_its_points_tag_is_refused_by_name():
    cell = nbformat.v4.new_code_cell('check("08.x", answer)\n### BEGIN HIDDEN TESTS\ngrade("08.x", answer)\n'
                                     '### END HIDDEN TESTS')
    with pytest.raises(ValueError, match=r"the test cell of 08-x needs exactly one tag points-N"):
        course_tool.mark(cell, 3, None)
    cell.metadata["tags"] = ["points-3"]
    assert course_tool.mark(cell, 3, None).metadata["nbgrader"]["points"] == 3


def test_a_solution_cell_must_be_followed_by_its_check():
    cell = nbformat.v4.new_code_cell("answer = ...\n### BEGIN SOLUTION\nanswer = 1\n### END SOLUTION")
    with pytest.raises(ValueError, match="solution cell 5 is not followed by a check"):
        course_tool.mark(cell, 5, None)
