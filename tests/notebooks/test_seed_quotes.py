"""Every Chinese quotation in the notebooks is the seed documents' own words (issue 23, item 1).

A notebook that quotes a seed document (「…」, “…” or "…" around Chinese text) must quote it
verbatim: a paraphrase in quotation marks puts words into the tellers' and managers' mouths.
Each quotation must appear in some file of ``../shared/seeds`` (the seed documents sit in
``shared/`` next to the repository). An ellipsis (… or ...) inside a quotation marks a cut:
each piece must then appear, in order, in one seed file.

Two normalisations only, both typographic: line breaks inside a quotation (markdown wraps
lines) are joined, and full-width punctuation is compared with its ASCII twin, because the
seed files were saved with ASCII commas and colons where Chinese print uses full-width ones
(the seed's "不求快,先求稳" is the notebooks' 「不求快，先求稳」). Words are compared exactly.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from helpers import CJK, QUOTE, quotations

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SEEDS = ROOT.parent / "shared" / "seeds"
WIDTH = str.maketrans("，：；！？（）　", ",:;!?() ")
CUT = re.compile(r"\s*(?:…+|\.{3,})\s*")




def _norm(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(WIDTH))


def _seeds() -> dict[str, str]:
    if not SEEDS.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS}")
    return {p.name: _norm(p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))}


def found_in(quote: str, seeds: dict[str, str]) -> str | None:
    """The seed file holding ``quote`` (its pieces in order, if it is cut with …), or None."""
    pieces = [_norm(p) for p in CUT.split(quote) if _norm(p)]
    for name, text in seeds.items():
        at = 0
        for piece in pieces:
            at = text.find(piece, at)
            if at < 0:
                break
            at += len(piece)
        else:
            return name
    return None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_chinese_quotations_are_verbatim_from_the_seeds(path):
    seeds = _seeds()
    nb = nbformat.read(path, as_version=4)
    wrong = [q for c in nb.cells if c.cell_type == "markdown" for q in quotations(c.source)
             if found_in(q, seeds) is None]
    assert not wrong, (f"{path.name}: quotations not found verbatim in {SEEDS} (quote the seed's exact "
                       f"words, or drop the quotation marks):\n  " + "\n  ".join(wrong))


def test_the_matcher():
    seeds = {"002.txt": _norm("上柜数钱,不求快,先求稳,数快的前提是数对")}
    assert found_in("不求快，先求稳", seeds) == "002.txt"
    assert found_in("上柜数钱 … 数快的前提是数对", seeds) == "002.txt"
    assert found_in("不求快，但求准", seeds) is None
    assert found_in("数对 … 上柜数钱", seeds) is None   # pieces out of order
    assert quotations("a \"不求快，\n但求准\" b; \"plain English\"; 「先求稳」") == ["不求快，但求准", "先求稳"]
