"""Re-execute the teaching notebooks and refresh their committed outputs (``make notebooks``).

    python scripts/run_notebooks.py                  # every notebooks/NN_*.py
    python scripts/run_notebooks.py 02 03            # only these (number, stem or path)
    python scripts/run_notebooks.py --answers 02     # first re-record the exercise answers (model changed)

The **jupytext twin** ``notebooks/NN_topic.py`` (``py:percent``) is the source you edit and
review. For every notebook this script

1. reads the twin (``08_exercises.py`` is first regenerated from the freshly run solutions
   with ``scripts/make_student.py``; asking for either 08 notebook runs both),
2. executes it top to bottom in a fresh kernel of *this* interpreter, with
   ``PYTHONHASHSEED=0`` and the notebook folder as working directory (as nbval does),
3. strips volatile metadata (execution timestamps, widget state) so diffs show only
   real changes, records the run time in ``metadata.simkit.run_seconds`` (the meta-test
   holds each notebook under 60 s) and writes ``NN_topic.ipynb``,
4. rewrites the twin from the executed notebook, so ``.py == jupytext(.ipynb)`` exactly.

Seeds are fixed inside the notebooks themselves (every ``simkit.run`` names its seed).

**Kept runs.** A notebook whose comparison says ``store=RUNS`` (``RUNS = Path("runs") / "NN"``), or
whose sweep runs by ``kept_sweep(sweep, RUNS)``,
keeps its runs in ``notebooks/runs/NN/`` and reads them back the next time (one folder per
comparison, named by a hash of everything that decides its numbers). When that folder is
missing this script computes it first, untimed, so the recorded time is a lesson's: reading.
``--fresh-runs`` (and ``--answers``) removes it first, for a model that changed; the truth
test (tests/notebooks/test_stored_runs.py) re-runs one task of each and says when to.

**Editions.** A twin with markdown cells tagged ``lang=en`` and ``lang=zh`` is bilingual: cells
without a ``lang=`` tag (every code cell) belong to both languages, a tagged cell to its own.
Such a twin is written as two notebooks, each executed on its own: ``notebooks/NN_topic.ipynb``
(English) and ``notebooks/zh/NN_topic.ipynb`` (Chinese, run in ``notebooks/zh/``). The twin's
setup cell holds the line ``LANG = "en"``; the Chinese edition gets ``LANG = "zh"`` there, and
the code prints its sentences, tables and figures in that language
(``simkit.dashboard.editions``). The twin itself is rewritten as jupytext reads it.

``--answers``: when the model changes, the stored answers of numeric and choice exercises
go stale. With this flag each solved notebook is first run with ``SIMKIT_TEACH_RECORD`` set,
so every ``check(qid, answer)`` records what the solution computes; the ``secret="..."`` of
those questions in ``simkit/teach_answers/nbNN.py`` is rewritten, and the notebook is
then run again normally. Read the diff of the prose numbers afterwards: the text around an
answer may need updating too.
"""
from __future__ import annotations

import argparse
import copy
import os
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
TWIN_FORMAT = "py:percent"
#: notebook-level metadata jupytext writes into every twin (kept identical everywhere)
JUPYTEXT_META = {"formats": "ipynb,py:percent", "notebook_metadata_filter": "-simkit",
                 "cell_metadata_filter": "tags,-all"}  # only tags travel to the twin
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
CELL_TIMEOUT = 300  # seconds; a cell that takes longer is a bug, not a slow machine
#: the languages an edition can have (``simkit.dashboard.i18n.LANGS``), and where each edition is written
EDITION_DIRS = {"en": NOTEBOOKS, "zh": NOTEBOOKS / "zh"}
LANG_TAG = re.compile(r"^lang=(\w+)$")
#: how a notebook asks for its runs to be kept (``compare_schemes(..., store=RUNS)``, ``kept_sweep(sweep, RUNS)``)
STORE_CALLS = ("store=RUNS", "kept_sweep(")
#: the line of the setup cell that sets the edition's language
LANG_LINE = re.compile(r'^LANG = "en"', re.M)


def cell_language(cell) -> str | None:
    """The language a cell's ``lang=`` tag gives it, or None for a cell of every edition."""
    found = [m.group(1) for m in map(LANG_TAG.match, cell.metadata.get("tags", [])) if m]
    if len(found) > 1 or (found and found[0] not in EDITION_DIRS):
        raise SystemExit(f"run_notebooks: a cell has the language tags {found}; allowed: one of "
                         f"{', '.join('lang=' + lang for lang in EDITION_DIRS)}")
    return found[0] if found else None


def languages(nb) -> tuple[str, ...]:
    """The editions a twin makes: ("en",) for an English-only twin, ("en", "zh") for a bilingual one."""
    tagged = {cell_language(c) for c in nb.cells} - {None}
    return tuple(lang for lang in EDITION_DIRS if lang in tagged or lang == "en")


def edition(nb, lang: str):
    """The notebook of one language made from a bilingual twin's notebook ``nb``: the cells of
    that language and of every language (their ``lang=`` tags dropped), ``LANG = "lang"`` in the
    setup cell, cells numbered. An English-only twin's notebook is returned as it is."""
    if languages(nb) == ("en",):
        return nb
    out = copy.deepcopy(nb)
    out.cells = [c for c in out.cells if cell_language(c) in (None, lang)]
    setters = [c for c in out.cells if c.cell_type == "code" and LANG_LINE.search(c.source)]
    if len(setters) != 1:
        raise SystemExit(f'run_notebooks: a bilingual notebook sets LANG = "en" in exactly one code cell; '
                         f"found {len(setters)}")
    setters[0].source = LANG_LINE.sub(f'LANG = "{lang}"', setters[0].source)
    for i, cell in enumerate(out.cells):
        tags = [t for t in cell.metadata.get("tags", []) if not LANG_TAG.match(t)]
        if tags:
            cell.metadata["tags"] = tags
        else:
            cell.metadata.pop("tags", None)
        cell["id"] = f"cell-{i:03d}"
    return out


def edition_path(twin: Path, lang: str) -> Path:
    """Where the ``lang`` edition of ``twin`` is written."""
    return EDITION_DIRS[lang] / twin.with_suffix(".ipynb").name


def twin_text(nb) -> str:
    """The exact ``py:percent`` text jupytext produces for ``nb`` (what the twin must hold)."""
    import jupytext
    return jupytext.writes(nb, fmt=TWIN_FORMAT)


def resolve(names: list[str]) -> list[Path]:
    """Twin paths for command-line names: '02', '02_triage', 'notebooks/02_triage.py'."""
    every = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
    if not names:
        return every
    out = []
    for name in names:
        stem = Path(name).stem
        hits = [p for p in every if p.stem == stem or p.stem.split("_", 1)[0] == stem]
        if not hits:
            raise SystemExit(f"run_notebooks: no notebook matches {name!r}; available: {[p.stem for p in every]}")
        out += [h for h in hits if h not in out]
    return out


def clean(nb, seconds: float):
    """Drop what changes on every run without changing what the reader sees."""
    nb.metadata.pop("widgets", None)  # widget state: model ids are random
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.setdefault("jupytext", {}).update(JUPYTEXT_META)
    nb.metadata["simkit"] = {"run_seconds": round(seconds, 1)}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)  # iopub timestamps
        cell.metadata.pop("ExecuteTime", None)
        for out in cell.get("outputs", []):
            out.get("metadata", {}).pop("execution", None)
    return nb


def execute(twin: Path, lang: str = "en"):
    """Read a twin, run its ``lang`` edition in the folder it is written to, return the executed
    notebook and its run time in seconds."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(twin)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for i, cell in enumerate(nb.cells):  # jupytext invents random ids; numbered ones keep diffs clean
        cell["id"] = f"cell-{i:03d}"
    nb = edition(nb, lang)
    folder = edition_path(twin, lang).parent
    folder.mkdir(exist_ok=True)
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(folder)}})
    t0 = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - t0


def record_answers(twin: Path) -> dict:
    """Run ``twin`` with answer recording on; return {qid: {"kind", "value"}}."""
    import json
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "answers.json"
        os.environ["SIMKIT_TEACH_RECORD"] = str(path)
        try:
            execute(twin)
        finally:
            del os.environ["SIMKIT_TEACH_RECORD"]
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def update_secrets(recorded: dict) -> list[str]:
    """Rewrite ``secret="..."`` of recorded questions in the registry; return the changed ids.

    Questions must be written ``Question("NN.slug", "number"|"choice", secret="...", ...)``.
    """
    import re

    from simkit.teach import stored_form

    changed = []
    for qid, rec in sorted(recorded.items()):
        file = ROOT / "simkit" / "teach_answers" / f"nb{qid[:2]}.py"
        text = file.read_text(encoding="utf-8")
        pat = re.compile(r'(Question\(\s*"' + re.escape(qid) + r'",\s*"(?:number|choice)",\s*secret=)"([^"]*)"')
        m = pat.search(text)
        if not m:
            raise SystemExit(f"run_notebooks: cannot find the secret of {qid} in {file}; write it as "
                             f'Question("{qid}", "{rec["kind"]}", secret="...", ...)')
        new = stored_form(qid, rec["kind"], rec["value"])
        if m.group(2) == new:  # stored forms are deterministic: an unchanged answer keeps its text
            continue
        file.write_text(text[:m.start()] + m.group(1) + f'"{new}"' + text[m.end():], encoding="utf-8")
        changed.append(qid)
    return changed


def write(nb, twin: Path, lang: str = "en") -> Path:
    """Write the executed ``lang`` edition and rewrite the twin: from the English notebook when the
    twin has one language, from the twin itself (as jupytext reads it) when it has both."""
    import jupytext
    import nbformat
    ipynb = edition_path(twin, lang)
    nbformat.validate(nb)
    nbformat.write(nb, ipynb)
    source = jupytext.read(twin)
    if languages(source) == ("en",):
        source = nbformat.read(ipynb, as_version=4)
    else:
        source.metadata["kernelspec"] = dict(KERNELSPEC)
        source.metadata.setdefault("jupytext", {}).update(JUPYTEXT_META)
    twin.write_text(twin_text(source), encoding="utf-8")
    return ipynb


def _read_twin(twin: Path):
    import jupytext
    return jupytext.read(twin)


def kept_runs(twin: Path) -> Path:
    """Where the notebook keeps its comparisons (``RUNS`` of its setup cell: ``runs/NN``)."""
    return NOTEBOOKS / "runs" / twin.stem[:2]


def kept_calls(twin: Path) -> int:
    """How many comparisons or sweeps the notebook's code keeps (one folder each under ``kept_runs``)."""
    code = [c.source for c in _read_twin(twin).cells if c.cell_type == "code"]
    return sum(source.count(call) for source in code for call in STORE_CALLS)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="notebooks to run (number, stem or path); default: all")
    ap.add_argument("--answers", action="store_true",
                    help="re-record exercise answers from the solved notebooks first (see above); "
                         "implies --fresh-runs")
    ap.add_argument("--fresh-runs", action="store_true",
                    help="compute each notebook's kept comparisons again (see above)")
    a = ap.parse_args(argv)
    if os.environ.get("PYTHONHASHSEED") != "0":  # the kernel inherits our environment
        os.environ["PYTHONHASHSEED"] = "0"
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    twins = resolve(a.names)
    student = NOTEBOOKS / "08_exercises.py"
    if any(t.stem.startswith("08_exercises") for t in twins):
        # the student version is generated from the executed solutions: solutions first
        twins = [t for t in twins if not t.stem.startswith("08_exercises")]
        twins += [NOTEBOOKS / "08_exercises_solutions.py", student]
    total = 0.0
    for twin in twins:
        if twin == student:
            sys.path.insert(0, str(ROOT / "scripts"))
            import make_student
            make_student.main([])
        runs = kept_runs(twin)
        if (a.answers or a.fresh_runs) and runs.exists():
            shutil.rmtree(runs)
            print(f"  removed {runs.relative_to(ROOT)}: its comparisons are computed again", flush=True)
        if a.answers and twin != student:
            changed = update_secrets(record_answers(twin))
            print(f"  answers re-recorded from {twin.name}: {', '.join(changed) or 'none changed'}", flush=True)
        if kept_calls(twin) and not runs.exists():
            print(f"computing the comparisons {twin.name} keeps in {runs.relative_to(ROOT)} ...", flush=True)
            execute(twin, languages(_read_twin(twin))[0])  # untimed: the timed run reads them, as a lesson does
        for lang in languages(_read_twin(twin)):
            print(f"running {twin.relative_to(ROOT)} ({lang}) ...", flush=True)
            nb, seconds = execute(twin, lang)
            total += seconds
            out = write(clean(nb, seconds), twin, lang)
            flag = "  <-- over the 60 s budget" if seconds >= 60 else ""
            print(f"  {seconds:6.1f} s  -> {out.relative_to(ROOT)}{flag}", flush=True)
    print(f"{len(twins)} notebook(s) in {total:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
