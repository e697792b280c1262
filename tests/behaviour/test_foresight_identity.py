"""``foresight: 0`` is the learning rule as it was; and where a role's pay reads no outcome
anyone can foresee, the default foresight changes nothing either.

The fingerprints (tests/fingerprint.py) are of foresight-0 runs: every number of
``staff_periods``, ``bank_periods``, ``payslips`` and ``loan_applications``. Digests of the
same tables made with the code before the contract-aware part existed (commit e58edc4) held
until 85b9e82 on the machine kind they were taken on; the fingerprints were taken at 85b9e82's
numbers, and hold on any machine (docs/methods.md, "Bit for bit, and across machines"). The
foreseen slopes (``foreseen.*``) are left out: a foresight-0 run foresees nothing, the default
foresight does.
"""
from __future__ import annotations

import pytest

import simkit
from simkit.scenario import load_scenario, with_overrides

from fingerprint import differences, fingerprint, stored
from helpers import SCENARIOS

pytestmark = pytest.mark.slow

RUNS = [("cm_responsibility_profit", 8), ("cm_loan_volume", 8), ("cm_deposit_only", 8), ("teller_piece_rate", 4),
        ("lobby_sales", 4)]  # (scheme, months), seed 3
TABLES = ("staff_periods", "bank_periods", "payslips", "loan_applications")


def tables_print(scenario, seed: int = 3) -> dict:
    res = simkit.run(scenario, seed=seed)
    tables = {name: getattr(res, name) for name in TABLES}
    tables["staff_periods"] = tables["staff_periods"].drop(
        columns=[c for c in tables["staff_periods"].columns if c.startswith("foreseen.")])
    return fingerprint(tables)


def scenario(scheme: str, months: int, foresight: float | None):
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / f"{scheme}.yaml"), {"horizon.periods": months})
    if foresight is None:
        return sc
    return with_overrides(sc, {f"behaviour.learning.foresight.{r}": foresight
                               for r in ("teller", "lobby_manager", "customer_manager")})


def _differences(scheme: str, months: int, foresight: float | None) -> list[str]:
    return differences(stored("foresight")[f"{scheme}/{months}"], tables_print(scenario(scheme, months, foresight)))


@pytest.mark.parametrize("scheme,months", RUNS)
def test_foresight_zero_is_the_rule_as_it_was(scheme, months):
    assert not _differences(scheme, months, 0.0)


@pytest.mark.parametrize("scheme,months", [("cm_deposit_only", 8), ("teller_piece_rate", 4), ("lobby_sales", 4)])
def test_default_foresight_changes_nothing_where_pay_reads_no_foreseeable_outcome(scheme, months):
    """Deposit-only pay, and customer managers on a salary beside tellers and the lobby: the
    foreseen slope is exactly 0, so the run is the same number for number."""
    assert not _differences(scheme, months, None)


def test_default_foresight_does_change_responsibility_profit():
    assert _differences("cm_responsibility_profit", 8, None)
