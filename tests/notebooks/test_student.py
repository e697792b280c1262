"""The student notebook is generated from the solutions and gives nothing away."""
from __future__ import annotations

import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from simkit import teach, teach_answers

from helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks"
SOLUTIONS, STUDENT = NB / "08_exercises_solutions", NB / "08_exercises"


gen = load_script("scripts", "make_student")
runner = load_script("scripts", "run_notebooks")
ZH_SOLUTIONS, ZH_STUDENT = NB / "zh" / "08_exercises_solutions", NB / "zh" / "08_exercises"


def _telling_lines(parts: list[str]) -> set[str]:
    """Lines of solution text specific enough that finding them in the student version is a leak."""
    out = set()
    for part in parts:
        for line in part.splitlines():
            s = line.strip().lstrip("#").strip()
            if len(s) >= 12 and "SOLUTION" not in s:
                out.add(s)
    return out


def test_generator_on_a_small_notebook():
    nb = jupytext.reads(
        "# %% [markdown]\n# Title<!-- BEGIN SOLUTION --> (solutions)<!-- END SOLUTION -->\n\n"
        "# %% tags=[\"answer\"]\nanswer = ...  # a number\n### BEGIN SOLUTION\nanswer = secret_formula(42)\n### END SOLUTION\n\n"
        "# %%\ncheck(\"08.x\", answer)\n\n"
        "# %% [markdown] tags=[\"solution\"]\n# Why: the formula is secret_formula.\n", fmt="py:percent")
    st = gen.strip(nb)
    text = jupytext.writes(st, fmt="py:percent")
    assert "secret_formula" not in text and "solutions" not in text and "SOLUTION" not in text
    assert "answer = ...  # a number" in text and 'check("08.x", answer)' in text
    assert len(st.cells) == 3
    assert len(gen.solution_parts(nb)) == 3


def test_unbalanced_markers_are_an_error():
    nb = jupytext.reads("# %%\nanswer = ...\n### BEGIN SOLUTION\nanswer = 1\n", fmt="py:percent")
    with pytest.raises(ValueError, match="unbalanced"):
        gen.strip(nb)


def test_hidden_tests_are_removed_and_unbalanced_ones_refused():
    """nbgrader's hidden tests (``grade`` under ``check``) would raise on the student's blank answer."""
    nb = jupytext.reads("# %% tags=[\"points-1\"]\ncheck(\"08.x\", answer)\n### BEGIN HIDDEN TESTS\n"
                        "grade(\"08.x\", answer)\n### END HIDDEN TESTS\n", fmt="py:percent")
    assert gen.strip(nb).cells[0].source == 'check("08.x", answer)'
    assert any("grade(" in part for part in gen.solution_parts(nb))
    nb.cells[0].source = nb.cells[0].source.replace("### END HIDDEN TESTS", "")
    with pytest.raises(ValueError, match="unbalanced"):
        gen.strip(nb)


def test_committed_student_twin_is_what_the_generator_makes():
    assert STUDENT.with_suffix(".py").read_text(encoding="utf-8") == gen.student_text(SOLUTIONS.with_suffix(".py")), \
        "08_exercises.py is generated: run `make notebooks NB=08`"


def test_student_notebook_has_the_same_cells_as_its_twin():
    """Guards against a stale student .ipynb (the twin test in test_meta covers format)."""
    twin = jupytext.read(STUDENT.with_suffix(".py"))
    for path, lang in ((STUDENT, "en"), (ZH_STUDENT, "zh")):
        nb = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
        assert [c.source for c in nb.cells] == [c.source for c in runner.edition(twin, lang).cells], path


@pytest.mark.parametrize("twin", sorted(NB.glob("[0-9][0-9]_*.py")), ids=lambda p: p.stem)
def test_no_solution_leaks_into_a_generated_student_version(twin):
    nb = jupytext.read(twin)
    parts = gen.solution_parts(nb)
    if not parts:
        pytest.skip("no exercises with solutions in this notebook")
    student = jupytext.writes(gen.strip(nb), fmt="py:percent")
    leaks = [line for line in _telling_lines(parts) if line in student]
    assert not leaks, f"solution text in the student version of {twin.name}: {leaks}"


def test_no_solution_leaks_into_the_committed_student_files():
    parts = gen.solution_parts(jupytext.read(SOLUTIONS.with_suffix(".py")))
    assert len(parts) >= 6, "the exercises notebook should have solutions to hide"
    for path in (STUDENT.with_suffix(".py"), STUDENT.with_suffix(".ipynb"), ZH_STUDENT.with_suffix(".ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # sources and every output (streams, results, displays, errors)
            text = gen.reader_text(nbformat.read(path, as_version=4))
        assert "SOLUTION" not in text and "HIDDEN TESTS" not in text
        leaks = [line for line in _telling_lines(parts) if line in text]
        assert not leaks, f"{path.name} contains solution text: {leaks}"


def test_the_student_notebook_shows_no_answer_in_any_output():
    """Outputs are scanned like text: no number or answer word that checks as right is printed,
    displayed or raised anywhere in the executed student notebook."""
    qids = [q for q in teach.registry() if q.startswith("08.")]
    for path in (STUDENT, ZH_STUDENT):
        text = gen.reader_text(nbformat.read(path.with_suffix(".ipynb"), as_version=4))
        assert gen.given_away(text, STUDENT.with_suffix(".py")) == []
        assert teach.answers_in(text, qids, words=True) == []


def test_the_student_notebook_imports_and_shows_nothing_that_bears_an_answer():
    """The student imports ``check`` only from the teaching module (never the registry, whose
    judges and docstrings say how answers are judged, nor ``grade``), asks no docstring and
    runs no hidden test."""
    nb = jupytext.read(STUDENT.with_suffix(".py"))
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "teach_answers" not in code and "grade(" not in code
    assert re.findall(r"from simkit\.teach import (.+)", code) == ["check"]
    assert not re.search(r"\bhelp\(|__doc__|\?\?|inspect\.", code)
    outputs = gen.reader_text(nbformat.read(STUDENT.with_suffix(".ipynb"), as_version=4))
    for module in teach_answers.MODULES:
        first = (module.__doc__ or "").strip().splitlines()[0]
        assert first not in outputs, f"an output shows the docstring of {module.__name__}"


def _check_outputs(path):
    nb = nbformat.read(path, as_version=4)
    out = []
    for c in nb.cells:
        if c.cell_type == "code" and "check(" in c.source:
            out.append("".join(o.get("text", "") for o in c.outputs if o.output_type == "stream"))
    return out


def test_solutions_pass_every_check_and_student_answers_are_blank():
    sol, stu = _check_outputs(SOLUTIONS.with_suffix(".ipynb")), _check_outputs(STUDENT.with_suffix(".ipynb"))
    assert len(sol) == len(stu) >= 6
    assert all(t.startswith("✔") and "Right" in t for t in sol), sol
    assert all(t.startswith("…") and "Not answered yet" in t for t in stu), stu
    sol, stu = _check_outputs(ZH_SOLUTIONS.with_suffix(".ipynb")), _check_outputs(ZH_STUDENT.with_suffix(".ipynb"))
    assert len(sol) == len(stu) >= 6
    assert all(t.startswith("✔") and "答对了" in t for t in sol), sol
    assert all(t.startswith("…") and "还没有作答" in t for t in stu), stu


def test_the_generator_reports_a_handout_that_spells_out_an_answer(tmp_path, capsys):
    """make_student checks every number left in a handout against the notebook's answers."""
    src = tmp_path / "06_demo.py"
    src.write_text("# %% [markdown]\n# The Gini of these four pays is 0.3125, or 31 % if you round.\n", encoding="utf-8")
    assert gen.main([str(src), str(tmp_path / "out.py")]) == 1
    assert "06.gini" in capsys.readouterr().err
    src.write_text("# %% [markdown]\n# Four pay amounts: ¥3,000, ¥3,000, ¥6,000 and ¥12,000.\n", encoding="utf-8")
    assert gen.main([str(src), str(tmp_path / "out.py")]) == 0


def test_the_student_notebook_gives_nothing_away():
    text = STUDENT.with_suffix(".py").read_text(encoding="utf-8")
    assert gen.given_away(text, STUDENT.with_suffix(".py")) == []
    # issue 23: the discussion questions used to state what the judged solutions do
    discussion = text[text.index("## Questions for discussion"):]
    for telling in ("calls VIPs first", "call VIP tickets first", "removed the complaint fine",
                    "drops the complaint fine", "fine_per_complaint"):
        assert telling not in discussion
