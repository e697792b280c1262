"""Every shipped scenario gives the same numbers as at commit 2ae92d1, bit for bit.

Each file in ``scenarios/*.yaml`` and ``scenarios/schemes/*.yaml`` is run short with seed 3
(a branch scenario for 2 days, a scheme file for 3 assessment periods) and every table a
run produces is digested in full precision. The digests below were taken with this file's
``digest`` at commit 2ae92d1: a change that keeps results bit-identical leaves them all
unchanged. A difference means results changed; each scenario is its own test, so the
failures name every scenario that differs.

Columns added since 2ae92d1 that record something new without changing any number are
listed in ``NEW_COLUMNS`` with their reason and dropped before digesting; any other column
added, removed or renamed changes the digest and fails.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

import simkit
from simkit.scenario import load_scenario, with_overrides

from helpers import SCENARIOS

pytestmark = pytest.mark.slow

SEED = 3
BRANCH_DAYS = 2  # two days: a Monday and a Tuesday of every branch scenario, a few hundred customers
SCHEME_PERIODS = 3  # three periods: pay, learning and the books act on each other at least twice
TABLES = ("customers", "events", "staff_periods", "bank_periods", "payslips", "loan_applications")

#: column -> why it is new: dropped from every table before digesting
NEW_COLUMNS = {
    "choice.care": "a teller's care, a choice since 2ae92d1 (0 by default: no check, no number changes); "
                   "staff_periods records every choice of the role",
    "policy.care": "the same for where the teller's learning has got to (care is not learned by default)",
    "choice.education": "a lobby manager's customer education (客户教育), a choice since 2ae92d1 (0 by default: "
                        "nobody taught, no number changes); staff_periods records every choice of the role",
    "policy.education": "the same for where the lobby manager's learning has got to (not learned by default)",
    "choice.handling": "a lobby manager's complaint handling (投诉处理), a choice since 2ae92d1 (0 by default: "
                       "complaints left alone, no number changes); staff_periods records every choice of the role",
    "policy.handling": "the same for where the lobby manager's learning has got to (not learned by default)",
    "choice.retention": "a lobby manager's customer retention (挽留客户), a choice since 2ae92d1 (0 by default: "
                        "nobody kept, no number changes); staff_periods records every choice of the role",
    "policy.retention": "the same for where the lobby manager's learning has got to (not learned by default)",
    "relief_pay": "the bank's cost of relief colleagues on the rota's days off (0 with no rota: the default)",
}

#: scenario file (relative to scenarios/) -> digest at commit 2ae92d1
BEFORE = {
    "baseline.yaml": "c6206649304fafec",
    "large_branch.yaml": "9d9d5abaf155ff22",
    "mmc.yaml": "5f317e4b3f4fd1c7",
    "mmc_abandonment.yaml": "f37fce3c53be1394",
    "mmc_priority.yaml": "9c7cf98ce2dd8f6b",
    "month_end.yaml": "3bb08f116f486a0d",
    "no_lobby_manager.yaml": "db8aaaffedc3cd4f",
    "vip_heavy.yaml": "3e83273ace1da840",
    "schemes/cm_balanced_scorecard.yaml": "6573ac3731e32eb0",
    "schemes/cm_deposit_only.yaml": "3224710df1b45655",
    "schemes/cm_loan_volume.yaml": "72af7b686e64d786",
    "schemes/cm_monthly_annual.yaml": "c474859396abbe8a",
    "schemes/cm_portfolio_absolute.yaml": "cb173862e4eea059",
    "schemes/cm_portfolio_adjusted.yaml": "a56f30497652e160",
    "schemes/cm_portfolio_progress.yaml": "e1112263dcc3ad65",
    "schemes/cm_quota_scoring.yaml": "e6b6ae1360d2a78e",
    "schemes/cm_responsibility_profit.yaml": "c2efb17a9ada1984",
    "schemes/fixed_pay.yaml": "e43f361c41958fda",
    "schemes/lobby_sales.yaml": "7d1bbe307b71928a",
    "schemes/teller_bonus_product.yaml": "180139d10cf2b054",
    "schemes/teller_equal_commission.yaml": "245755d00848d68a",
    "schemes/teller_heavy_fines.yaml": "7cc366a5d64b27e1",
    "schemes/teller_piece_rate.yaml": "94d6041d20e02a6c",
    "schemes/teller_relative_pay.yaml": "a59ee59259ef5d97",  # added with the pay plug-ins (not in 2ae92d1)
    "schemes/teller_tournament.yaml": "5b349b77537b2535",  # added with the pay plug-ins (not in 2ae92d1)
    "schemes/teller_piece_rate_fines.yaml": "50e11b00c8f433de",
    "schemes/teller_sales_quota.yaml": "a940eb45fa6b8ab6",
    "schemes/teller_team_pay.yaml": "df7bfd7765a43600",
}


def scenario_files(folder: Path = SCENARIOS) -> list[str]:
    """The shipped scenario files, relative to ``folder``: branch scenarios, then schemes."""
    return sorted(path.name for path in folder.glob("*.yaml")) + sorted(
        f"schemes/{path.name}" for path in (folder / "schemes").glob("*.yaml"))


def digest(path: Path) -> str:
    """SHA-256 (first 16 hex digits) of every table of a short seed-3 run of ``path``, each
    written as CSV with every float in full precision (``repr``), less ``NEW_COLUMNS``."""
    scenario = load_scenario(path)
    if scenario.horizon.periods is None:
        results = simkit.run(scenario, days=BRANCH_DAYS, seed=SEED)
    else:
        results = simkit.run(with_overrides(scenario, {"horizon.periods": SCHEME_PERIODS}), seed=SEED)
    sha = hashlib.sha256()
    for name in TABLES:
        table = getattr(results, name)
        table = table.drop(columns=[column for column in table.columns if column in NEW_COLUMNS])
        sha.update(name.encode())
        sha.update(table.to_csv(index=False, float_format=None).encode())
    return sha.hexdigest()[:16]


def test_every_shipped_scenario_has_a_digest():
    assert scenario_files() == sorted(BEFORE, key=lambda name: ("/" in name, name))


@pytest.mark.parametrize("name", list(BEFORE))
def test_a_shipped_scenario_gives_the_same_numbers(name):
    assert digest(SCENARIOS / name) == BEFORE[name], f"results changed for {name}"


def test_the_new_columns_are_there_to_drop():
    """Each of ``NEW_COLUMNS`` is in a run's tables (a stale entry would hide nothing and mislead)."""
    scenario = with_overrides(load_scenario(SCENARIOS / "schemes" / "teller_piece_rate.yaml"), {"horizon.periods": 1})
    results = simkit.run(scenario, seed=SEED)
    columns = {column for name in TABLES for column in getattr(results, name).columns}
    assert set(NEW_COLUMNS) <= columns
