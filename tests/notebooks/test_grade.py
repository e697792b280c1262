"""``simkit.teach.grade``: the grader's side of ``check``, for nbgrader's autograded test cells."""
from __future__ import annotations

import pytest

import simkit
from simkit import teach
from simkit.theory import erlang_c

QID = "08.erlang_wait"  # a number question whose answer the test computes as the solution does


@pytest.fixture
def right():
    return erlang_c(3, 30 / 60, 1 / 5)["wq"]


def test_a_right_answer_passes_silently(right, capsys):
    assert teach.grade(QID, right) is None
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("answer", [-1.0, "b", {"x": 1}])
def test_a_wrong_answer_raises_an_assertion_with_the_hint(answer):
    with pytest.raises(AssertionError, match=r"✘ \[08\.erlang_wait\] Not quite\. Hint: ") as caught:
        teach.grade(QID, answer)
    assert isinstance(caught.value, teach.WrongAnswer) and isinstance(caught.value, simkit.SimkitError)


@pytest.mark.parametrize("answer", [..., None, "  "])
def test_a_blank_answer_raises_not_answered_yet(answer):
    with pytest.raises(teach.WrongAnswer, match="Not answered yet"):
        teach.grade(QID, answer)


def test_grading_leaves_the_students_hint_ladder_and_check_as_they_were(right, capsys):
    teach.reset_tries(QID)
    for _ in range(3):
        with pytest.raises(teach.WrongAnswer):
            teach.grade(QID, -1.0)
    teach.check(QID, -1.0)
    first = teach.verdict(QID, -1.0, tries=1).message
    assert capsys.readouterr().out.strip() == first  # still the first rung: grade counted no tries
    teach.check(QID, right)
    assert capsys.readouterr().out.startswith(f"✔ [{QID}] Right.")
    teach.reset_tries(QID)


def test_an_unknown_question_is_refused_naming_the_known_ones():
    with pytest.raises(KeyError, match="no question '08.nope'; known ids: "):
        teach.grade("08.nope", 1.0)
