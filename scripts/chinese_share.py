"""The share of Chinese in the Chinese editions of the notebooks (the issue's closing-note figure).

    python scripts/chinese_share.py                       # every notebooks/zh/*.ipynb
    python scripts/chinese_share.py notebooks/zh/02_triage.ipynb

For each edition, its prose (markdown cells) and its printed outputs: Chinese characters as a
share of all text characters, after setting aside what is code by nature (fenced and inline
code, HTML tags, identifiers with ``_``, ``.`` or ``/``). tests/notebooks/test_editions.py is the
test (no English sentence); this only measures.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

HAN = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]+")
NOT_PROSE = [re.compile(r"^```.*?^```", re.M | re.S), re.compile(r"`[^`]*`"), re.compile(r"<[^>]+>"),
             re.compile(r"\b[\w./-]*[_./][\w./-]*\b")]
ZH = Path(__file__).resolve().parents[1] / "notebooks" / "zh"


def outputs(cell) -> str:
    """The text a code cell printed (streams and plain-text results)."""
    parts = []
    for output in cell.get("outputs", []):
        if output.output_type == "stream":
            parts.append(output.get("text", ""))
        elif "data" in output:
            parts.append(output["data"].get("text/plain", ""))
    return "\n".join(parts)


def share(text: str) -> float:
    """Chinese characters over Chinese characters plus Latin letters, code set aside."""
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    han = len(HAN.findall(text))
    latin = sum(len(word) for word in LATIN_WORD.findall(text))
    return han / max(1, han + latin)


def main(paths: list[str]) -> None:
    for path in paths or sorted(str(p) for p in ZH.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        prose = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
        printed = "\n".join(outputs(c) for c in notebook.cells if c.cell_type == "code")
        print(f"{Path(path).name:40s} prose {share(prose):6.1%}   outputs {share(printed):6.1%}")


if __name__ == "__main__":
    main(sys.argv[1:])
