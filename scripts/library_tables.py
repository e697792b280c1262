"""Print the results library's tables as docs/library.md holds them (tests/library/test_library_effects.py
checks that the document and this script agree).

    python scripts/library_tables.py            # the five tables, markdown
    python scripts/library_tables.py --write    # and put them into docs/library.md
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

from simkit import library
from simkit.library.dose import dose_response
from simkit.library.findings import format_effects, format_papers
from simkit.library.speed import speed_table


def _markdown(frame: pd.DataFrame) -> str:
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join(lines)


def experiments_markdown() -> str:
    return _markdown(library.experiments())


def effects_markdown() -> str:
    return _markdown(format_effects(library.effects_table()))


def speed_markdown() -> str:
    table = speed_table()
    table["final"] = table["final"].map("{:+.3g}".format)
    return _markdown(table)


def dose_markdown() -> str:
    table = dose_response()
    table["slope per doubling [95 % CI]"] = [f"{r['slope per doubling']:+.3g} [{r['low']:+.3g}, {r['high']:+.3g}]"
                                             for r in table.to_dict("records")]
    return _markdown(table[["response", "doses", "months", "n", "means", "slope per doubling [95 % CI]",
                            "steps in the predicted direction", "shown"]])


def papers_markdown() -> str:
    return _markdown(format_papers(library.like_for_like()))


DOC = Path(__file__).resolve().parents[1] / "docs" / "library.md"


def tables() -> dict[str, str]:
    """Marker name -> the markdown table docs/library.md holds after ``<!-- name -->``."""
    return {"experiments": experiments_markdown(), "effects": effects_markdown(), "speed": speed_markdown(),
            "dose": dose_markdown(), "papers": papers_markdown()}


def filled(text: str, found: dict[str, str]) -> str:
    """``text`` with each ``<!-- name -->`` block (the marker and the table after it) replaced."""
    for name, table in found.items():
        block = re.compile(rf"<!-- {name} -->\n(\|.*\n)*", re.MULTILINE)
        text = block.sub(lambda _m, n=name, t=table: f"<!-- {n} -->\n{t}\n", text)
    return text


def main() -> None:
    found = tables()
    if "--write" in sys.argv[1:]:
        DOC.write_text(filled(DOC.read_text(encoding="utf-8"), found), encoding="utf-8")
    for name, table in found.items():
        print(f"<!-- {name} -->\n{table}\n")


if __name__ == "__main__":
    main()
