"""``foresight: 0`` is the learning rule as it was, bit for bit; and where a role's pay reads no
outcome anyone can foresee, the default foresight changes nothing either.

The digests below are of runs made with the code before the contract-aware part existed
(commit e58edc4), measured with this file's ``digest``: every number of ``staff_periods``,
``bank_periods``, ``payslips`` and ``loan_applications`` written out in full precision. The
columns added since (``kpi.loan_refusals``, ``kpi.loan_defaults``: new indicators; a teller's
``choice.care`` and ``policy.care``, 0 unless care is switched on; a lobby manager's
``choice.education``, ``policy.education``, ``choice.handling``, ``policy.handling``,
``choice.retention`` and ``policy.retention``, likewise; the ``foreseen.*`` slopes)
are left out; every number that existed then must be the same.
"""
from __future__ import annotations

import hashlib

import pytest

import simkit
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

pytestmark = pytest.mark.slow

NEW = ("kpi.loan_refusals", "kpi.loan_defaults", "choice.care", "policy.care", "relief_pay",  # columns newer than e58edc4
       "choice.education", "policy.education", "choice.handling", "policy.handling", "choice.retention",
       "policy.retention")
BEFORE = {  # (scheme, months, seed 3) -> digest at e58edc4
    ("cm_responsibility_profit", 8): "dfe5b0c3b5aec32b",
    ("cm_loan_volume", 8): "ae145c7a6dece84f",
    ("cm_deposit_only", 8): "f3b8d999d6ebf31a",
    ("teller_piece_rate", 4): "9b8c6abb3fad8b07",
    ("lobby_sales", 4): "06cd43e14a6ea71c",
}


def digest(sc, seed: int = 3) -> str:
    res = simkit.run(sc, seed=seed)
    h = hashlib.sha256()
    for name in ("staff_periods", "bank_periods", "payslips"):
        df = getattr(res, name)
        df = df[[c for c in df.columns if c not in NEW and not c.startswith("foreseen.")]]
        h.update(df.to_csv(index=False, float_format=None).encode())
    h.update(res.loan_applications.to_csv(index=False).encode())
    return h.hexdigest()[:16]


def _scenario(scheme: str, months: int, foresight: float | None):
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{scheme}.yaml"), {"horizon.periods": months})
    if foresight is None:
        return sc
    return with_overrides(sc, {f"behaviour.learning.foresight.{r}": foresight
                               for r in ("teller", "lobby_manager", "customer_manager")})


@pytest.mark.parametrize("scheme,months", list(BEFORE))
def test_foresight_zero_is_the_rule_as_it_was(scheme, months):
    assert digest(_scenario(scheme, months, 0.0)) == BEFORE[scheme, months]


@pytest.mark.parametrize("scheme,months", [("cm_deposit_only", 8), ("teller_piece_rate", 4), ("lobby_sales", 4)])
def test_default_foresight_changes_nothing_where_pay_reads_no_foreseeable_outcome(scheme, months):
    """Deposit-only pay, and customer managers on a salary beside tellers and the lobby: the
    foreseen slope is exactly 0, so the run is the same number for number."""
    assert digest(_scenario(scheme, months, None)) == BEFORE[scheme, months]


def test_default_foresight_does_change_responsibility_profit():
    assert digest(_scenario("cm_responsibility_profit", 8, None)) != BEFORE["cm_responsibility_profit", 8]
