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

``--answers``: when the model changes, the stored answers of numeric and choice exercises
go stale. With this flag each solved notebook is first run with ``SIMKIT_TEACH_RECORD`` set,
so every ``check(qid, answer)`` records what the solution computes; the ``secret="..."`` of
those questions in ``simkit/teach_answers/nbNN.py`` is rewritten, and the notebook is
then run again normally. Read the diff of the prose numbers afterwards: the text around an
answer may need updating too.
"""
from __future__ import annotations

import argparse
import os
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


def execute(twin: Path):
    """Read a twin, run it, return the executed notebook and its run time in seconds."""
    import jupytext
    from nbclient import NotebookClient

    nb = jupytext.read(twin)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    for i, cell in enumerate(nb.cells):  # jupytext invents random ids; numbered ones keep diffs clean
        cell["id"] = f"cell-{i:03d}"
    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(twin.parent)}})
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


def write(nb, twin: Path) -> Path:
    import nbformat
    ipynb = twin.with_suffix(".ipynb")
    nbformat.validate(nb)
    nbformat.write(nb, ipynb)
    twin.write_text(twin_text(nbformat.read(ipynb, as_version=4)), encoding="utf-8")
    return ipynb


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("names", nargs="*", help="notebooks to run (number, stem or path); default: all")
    ap.add_argument("--answers", action="store_true",
                    help="re-record exercise answers from the solved notebooks first (see above)")
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
        if a.answers and twin != student:
            changed = update_secrets(record_answers(twin))
            print(f"  answers re-recorded from {twin.name}: {', '.join(changed) or 'none changed'}", flush=True)
        print(f"running {twin.relative_to(ROOT)} ...", flush=True)
        nb, seconds = execute(twin)
        total += seconds
        out = write(clean(nb, seconds), twin)
        flag = "  <-- over the 60 s budget" if seconds >= 60 else ""
        print(f"  {seconds:6.1f} s  -> {out.relative_to(ROOT)}{flag}", flush=True)
    print(f"{len(twins)} notebook(s) in {total:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
