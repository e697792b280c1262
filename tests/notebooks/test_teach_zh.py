"""simkit.teach in Chinese: ``check(qid, answer, lang="zh")`` for the Chinese editions of the notebooks.

The English verdicts stay exactly as every English notebook has stored them (nbval compares
them); the Chinese ones say 答对了 / 还不对，提示：… / 还没有作答 with the question's Chinese hint
ladder, rung for rung; every question of a bilingual notebook has Chinese hints.
"""
from __future__ import annotations

import re

import pytest

from simkit import teach
from simkit.errors import SimkitError
from simkit.question import Question
from simkit.teach import BLANK, RIGHT, WRONG, check, encode, hash_choice, registry, verdict

#: the notebooks that have a Chinese edition or are about to (issue: the trainee notebooks)
BILINGUAL_NOTEBOOKS = ("00", "01", "02", "03", "08")
#: English prose: four words of letters in a row (tests/notebooks/test_editions.py: ENGLISH_RUN)
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:[ \t,;:]+[A-Za-z]+){3,}")
#: code a Chinese hint may name: quoted strings, identifiers with _ or ., calls
CODE = re.compile(r"'[^']*'|\{[^}]*\}|[\w./]*[_.(][\w./()=,' ]*")


@pytest.fixture
def toy(monkeypatch):
    """Toy questions with Chinese ladders: a number, a choice, a judge."""
    def judge(answer):
        return answer == {"windows": 4}, "3 windows are not enough"

    questions = {q.id: q for q in (
        Question("99.num", "number", secret=encode("99.num", 6.08, tol=0.05), tol=0.05, hint="look at wait_mean",
                 more=("res.kpis()['wait_mean']",), hint_zh="看平均等候", more_zh=("看 res.kpis() 里的 wait_mean",)),
        Question("99.pick", "choice", secret=hash_choice("99.pick", "vip"), hint="the lounge", hint_zh="贵宾室"),
        Question("99.fix", "judge", judge=judge, hint="a dict of overrides", more=("open more windows",),
                 hint_zh="一个覆盖参数字典", more_zh=("多开几个窗口",)),
        Question("99.plain", "choice", secret=hash_choice("99.plain", "a"), hint="only English"),
    )}
    monkeypatch.setattr(teach, "_REGISTRY", questions)
    teach.reset_tries()
    yield questions
    teach.reset_tries()


def test_english_verdicts_are_unchanged(toy):
    assert verdict("99.num", ...).message == ("… [99.num] Not answered yet: replace the ... with your answer and run "
                                              "the cell again.")
    assert verdict("99.num", 6.08).message == "✔ [99.num] Right."
    assert verdict("99.num", 7.0).message == ("✘ [99.num] Not quite. Hint: look at wait_mean (Another try gives a "
                                              "more specific hint.)")
    assert verdict("99.num", "six").message == ("✘ [99.num] Not quite. Hint: the answer should be a finite number, "
                                                "got 'six'. look at wait_mean (Another try gives a more specific hint.)")
    assert verdict("99.fix", {"windows": 3}).message == "✘ [99.fix] Not quite. Hint: 3 windows are not enough"


def test_chinese_verdicts(toy):
    assert verdict("99.num", ..., lang="zh") == teach.Verdict(
        BLANK, "… [99.num] 还没有作答：把 ... 换成你的答案，再运行这一格。")
    assert verdict("99.num", 6.08, lang="zh") == teach.Verdict(RIGHT, "✔ [99.num] 答对了。")
    assert verdict("99.pick", " VIP ", lang="zh").status == RIGHT
    wrong = verdict("99.num", 7.0, lang="zh")
    assert wrong == teach.Verdict(WRONG, "✘ [99.num] 还不对，提示：看平均等候（再试一次，会给出更具体的提示。）")
    assert verdict("99.num", 7.0, tries=2, lang="zh").message == "✘ [99.num] 还不对，提示：看 res.kpis() 里的 wait_mean"
    assert "答案应当是一个有限的数" in verdict("99.num", "six", lang="zh").message


def test_a_chinese_reader_gets_the_chinese_ladder_not_the_judge_s_english(toy):
    assert verdict("99.fix", {"windows": 3}, lang="zh").message == (
        "✘ [99.fix] 还不对，提示：一个覆盖参数字典（再试一次，会给出更具体的提示。）")
    assert verdict("99.fix", {"windows": 4}, lang="zh").message == "✔ [99.fix] 答对了。"


def test_check_prints_chinese_and_climbs_the_ladder(toy, capsys):
    check("99.num", 7.0, lang="zh")
    check("99.num", 7.0, lang="zh")
    first, second = capsys.readouterr().out.splitlines()
    assert first.endswith("看平均等候（再试一次，会给出更具体的提示。）") and second.endswith("看 res.kpis() 里的 wait_mean")


def test_a_question_without_chinese_hints_falls_back_to_english(toy):
    assert verdict("99.plain", "b", lang="zh").message == "✘ [99.plain] 还不对，提示：only English"


def test_an_unknown_language_is_a_clear_error(toy):
    with pytest.raises(SimkitError, match=r"lang='fr'.*allowed languages are en, zh"):
        check("99.num", 6.08, lang="fr")


def test_a_chinese_ladder_has_the_english_ladder_s_rungs():
    with pytest.raises(ValueError, match="the Chinese ladder has the same rungs"):
        Question("99.x", "choice", secret="x", hint="a", more=("b",), hint_zh="甲")
    with pytest.raises(ValueError, match="more_zh= is a tuple"):
        Question("99.x", "choice", secret="x", hint="a", more=("b",), hint_zh="甲", more_zh="乙")
    with pytest.raises(ValueError, match="after hint_zh"):
        Question("99.x", "choice", secret="x", hint="a", more=("b",), more_zh=("乙",))


@pytest.mark.parametrize("qid", sorted(q for q in registry() if q[:2] in BILINGUAL_NOTEBOOKS))
def test_every_question_of_a_bilingual_notebook_has_chinese_hints(qid):
    asked = registry()[qid]
    assert asked.hint_zh, f"{qid} has no hint_zh (simkit/teach_answers/nb{qid[:2]}.py)"
    for hint in asked.hints_in("zh"):
        assert re.search(r"[\u4e00-\u9fff]", hint), f"{qid}: a Chinese hint without Chinese: {hint!r}"
        assert not ENGLISH_RUN.findall(CODE.sub(" ", hint)), f"{qid}: English prose in a Chinese hint: {hint!r}"
