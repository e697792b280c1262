"""The student versions of the teaching notebooks 00-07 give no answer away, outputs included.

A student version (``make student``: ``scripts/make_student.py --all``) is the notebook with its
answer cells blanked and its trainer notes dropped. What its reader sees after running it is
known without running it: every cell that does not read ``answer`` prints what the committed,
executed notebook stored for it (same code, same seeds), answer cells print nothing and check
cells "not answered yet" (``make_student.preview``). So these tests read the committed notebooks
of every edition, and scan the markdown, the code and every text output (streams, ``text/plain``,
``text/html``, errors) of the student view for each question's answer: every number, however it
is printed (¥36,000.00, 8.9 %, 0.089), that ``check`` accepts, and every word that is a choice
answer (``make_student.shown_answers``; a number or word that checks by coincidence is listed with
what it really is in ``make_student.COINCIDENCES``).

The scan hashes every number against the stored commitments (about a millisecond a cell): 16 s
for all twelve editions on a busy two-core machine, so those tests are marked ``slow``.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import jupytext
import nbformat
import pytest

from simkit import teach, teach_answers
from simkit.teach_answers import nb07

from helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
NB = ROOT / "notebooks"
gen = load_script("scripts", "make_student")
runner = load_script("scripts", "run_notebooks")

TWINS = gen.teaching_twins()
#: every committed edition of a teaching notebook: (twin, language, executed notebook)
EDITIONS = [(twin, lang, runner.edition_path(twin, lang)) for twin in TWINS
            for lang in runner.languages(jupytext.read(twin))]
IDS = [f"{path.parent.name}/{path.stem}" if lang != "en" else path.stem for _, lang, path in EDITIONS]
#: keyword arguments that size a run, not a design: left out when a preset is tried as an answer
RUN_SIZE = {"days", "months", "replications", "seed", "seeds", "workers"}


def _view(path: Path):
    """What the student sees after running the student version of the edition stored at ``path``."""
    return gen.preview(nbformat.read(path, as_version=4))


def test_every_teaching_notebook_with_exercises_is_covered():
    assert [t.stem[:2] for t in TWINS] == [f"{i:02d}" for i in range(8)]
    assert len(EDITIONS) == 12, IDS  # 00-07 in English, 00-03 in Chinese too


@pytest.mark.slow
@pytest.mark.parametrize(("twin", "lang", "path"), EDITIONS, ids=IDS)
def test_the_student_version_shows_no_answer_in_its_text_or_outputs(twin, lang, path):
    found = gen.shown_answers(_view(path), twin.stem[:2])
    assert not found, (f"the student version of {path.relative_to(NB)} shows answers (restructure the notebook so "
                       "the student computes them, or list a true coincidence in make_student.COINCIDENCES):\n"
                       + "\n".join(found))


@pytest.mark.slow
def test_every_listed_coincidence_is_still_shown():
    """A coincidence that no edition shows any more is stale: it would hide a future leak."""
    shown = set()
    for twin, _lang, path in EDITIONS:
        for finding in gen.shown_answers(_view(path), twin.stem[:2], allowed={}):
            what, _, where = finding.partition(" in cell ")
            shown.add((what, where.split(": ", 1)[1]))
    assert set(gen.COINCIDENCES) <= shown, sorted(set(gen.COINCIDENCES) - shown)


def test_the_scan_reads_every_output_format_and_the_printed_forms_of_a_number():
    """A payslip line, an HTML table cell and a percentage each give an answer away; an image does not count."""
    asked = "07.annual"
    right = next(x for x in range(20_000, 40_001, 1_000) if teach.verdict(asked, float(x)).status == teach.RIGHT)
    cell = nbformat.v4.new_code_cell("print(slip)")
    for out in (nbformat.v4.new_output("stream", text=f"  annual rating    ¥  {right:,.2f}\n"),
                nbformat.v4.new_output("display_data", data={"text/html": f"<td>{right}</td>"}),
                nbformat.v4.new_output("execute_result", data={"text/plain": f"{right:,}"}),
                nbformat.v4.new_output("error", ename="E", evalue=f"paid {right}", traceback=[])):
        cell.outputs = [out]
        assert gen.shown_answers(nbformat.v4.new_notebook(cells=[cell]), "07"), out
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": f"iVBOR{right}"})]
    assert not gen.shown_answers(nbformat.v4.new_notebook(cells=[cell]), "07")


def test_the_view_blanks_answers_and_refuses_a_cell_that_reads_one():
    nb = jupytext.reads('# %% tags=["answer"]\nanswer = ...\n### BEGIN SOLUTION\nanswer = 41 + 1\n### END SOLUTION\n\n'
                        '# %%\ncheck("07.annual", answer)\n\n# %%\nprint("shown")\n', fmt="py:percent")
    for cell, text in zip(nb.cells, ("", "✔ [07.annual] Right.", "shown")):
        cell.outputs = [nbformat.v4.new_output("stream", text=text)]
    view = gen.preview(nb)
    assert [gen.output_text(c).strip() for c in view.cells] == ["", "", "shown"]
    assert view.cells[0].source == "answer = ..."
    nb.cells[2].source = "print(answer * 2)"
    with pytest.raises(ValueError, match="reads `answer`"):
        gen.preview(nb)


@pytest.mark.parametrize(("twin", "lang", "path"), EDITIONS, ids=IDS)
def test_the_student_version_imports_nothing_of_the_registry(twin, lang, path):
    """``check`` is the only thing a student version takes from the teaching module; nothing of
    ``simkit.teach_answers`` (its judges, constants and docstrings) is imported, used or shown."""
    view = _view(path)
    text = "\n".join(c.source + "\n" + gen.output_text(c) for c in view.cells)
    assert "teach_answers" not in text
    code = "\n".join(c.source for c in view.cells if c.cell_type == "code")
    assert set(re.findall(r"from simkit\.teach import (.+)", code)) <= {"check"}
    assert "grade(" not in code and not re.search(r"\bhelp\(|__doc__|\?\?|inspect\.", code)
    for module in teach_answers.MODULES:
        first = (module.__doc__ or "").strip().splitlines()[0]
        assert first not in text, f"{path.name} shows the docstring of {module.__name__}"


def _presets(code: str) -> list[dict]:
    """Every dict literal and every call's numeric keyword arguments (run sizes left out) in ``code``."""
    found = []
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Dict):
            try:
                found.append(ast.literal_eval(node))
            except ValueError:
                continue
        elif isinstance(node, ast.Call):
            kw = {k.arg: k.value.value for k in node.keywords
                  if k.arg and k.arg not in RUN_SIZE and isinstance(k.value, ast.Constant)
                  and isinstance(k.value.value, (int, float)) and not isinstance(k.value.value, bool)}
            if len(kw) >= 2:
                found.append(kw)
    return [d for d in found if isinstance(d, dict) and d]


@pytest.mark.parametrize("twin", [t for t in TWINS if t.stem[:2] in ("07",)], ids=lambda p: p.stem)
def test_no_preset_of_the_student_version_solves_a_judge_question(twin):
    """An explorer preset or an example dict is not an answer: 07's explorer used to open on the
    07.weights solution. (The judges of 02 and 03 simulate; test_teach.py tries 02's examples.)"""
    code = "\n".join(c.source for c in gen.strip(jupytext.read(twin)).cells if c.cell_type == "code")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
    presets = _presets(code)
    assert presets, "expected presets to try"
    judges = [q for q in teach.registry().values() if q.id[:2] == twin.stem[:2] and q.kind == "judge"]
    for q in judges:
        for preset in presets:
            assert not q.judge(preset)[0], f"{q.id}: the preset {preset} in the student version is a solution"


def test_notebook_07_shows_the_judges_two_months():
    """Notebook 07 defines the two managers' months itself (a student version imports nothing of
    the registry); they must be the months the 07.weights judge scores."""
    src = (NB / "07_designing_a_scheme.py").read_text(encoding="utf-8")
    for name in ("VOLUME_CHASER", "PRUDENT"):
        m = re.search(rf"^{name} = (\{{.*?\}})\n", src, re.S | re.M)
        assert m, f"notebook 07 should define {name}"
        assert ast.literal_eval(m.group(1)) == getattr(nb07, name), f"{name} differs from the judge's"
