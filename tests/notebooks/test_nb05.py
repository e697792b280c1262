"""Notebook 05 (customer managers, issue 21): what its stored outputs must keep saying.

nbval checks that the outputs come out the same; these check that they still say what the
prose around them relies on, so a model change that breaks a premise fails here by name.
"""
from __future__ import annotations

from pathlib import Path

import nbformat

NB = Path(__file__).resolve().parents[2] / "notebooks" / "05_customer_managers_and_pay.ipynb"


def _nb():
    return nbformat.read(NB, as_version=4)


def _outputs(nb) -> str:
    parts = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            if o.output_type == "stream":
                parts.append(o.text)
            elif "data" in o:
                parts.append(o["data"].get("text/plain", ""))
    return "\n".join(parts)


def test_trainees_never_read_logit_units():
    md = "\n".join(c.source for c in _nb().cells if c.cell_type == "markdown")
    assert "logit" not in md.lower()


def test_deposit_only_run_once_because_its_foreseen_slopes_are_exactly_zero():
    # the prose runs deposit-only pay once and counts it at both foresights: that holds only
    # while every foreseen slope under it is exactly 0 (simkit.contract's promise)
    assert "every foreseen slope under deposit-only pay is exactly 0: True" in _outputs(_nb())


def test_the_finding_is_said_by_computed_sentences_at_both_foresights():
    out = _outputs(_nb())
    assert "--- foresight 0 (payslips only)" in out and "--- foresight 1 (the default" in out
    for scheme in ("deposit only", "loan volume"):
        assert f"Screening under {scheme} is" in out
    assert "The paper's +31 % is a change in new loans originated, not in the share of files approved" in out
    assert "The paper's +24 % change in the default rate of approved loans lies" in out
