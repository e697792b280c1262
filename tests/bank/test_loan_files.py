"""Every loan file a customer manager read (``Results.loan_applications``).

The table is the researcher's view of the loan book: each application with the manager's
reading of it, the decision, the hidden quality and, for approved loans, what became of
them. These tests check that it is the same book the bank's accounts and the managers' pay
are built from, and that the reading is what the refusal rule says it is.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import simkit
from simkit.bank.loans import decide
from simkit.branch.rng import Draws
from simkit.scenario import load_scenario, with_overrides
from simkit.scenario.models import Loans

from helpers import SCENARIOS


@pytest.fixture(scope="module")
def run():
    sc = load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml")
    return simkit.run(with_overrides(sc, {"horizon.periods": 8}), seed=5)


def test_files_add_up_to_the_bank_periods(run):
    files, bank = run.loan_applications, run.bank_periods.set_index("period")
    assert len(files) > 200
    by = files.groupby("period")
    np.testing.assert_array_equal(by.size(), bank["applications"])
    np.testing.assert_array_equal(by["approved"].sum(), bank["approvals"])
    np.testing.assert_allclose(by["amount"].sum(), bank["new_loans"], rtol=1e-12)


def test_a_loans_profit_is_its_part_of_responsibility_profit(run):
    """Summed over every approved loan, interest collected − funding cost − loan loss is the
    loan part of the managers' responsibility-profit indicators, summed over the periods."""
    sp = run.staff_periods
    cm = sp[sp["role"] == "customer_manager"]
    loans_part = (cm["kpi.loan_interest_income"] - cm["kpi.asset_cost"] - cm["kpi.loan_loss"]).sum()
    assert run.loan_applications["profit"].sum() == pytest.approx(loans_part, rel=1e-9)


def test_a_file_is_approved_exactly_when_its_reading_is_under_the_bar(run):
    f = run.loan_applications
    np.testing.assert_array_equal(f["approved"], f["risk"] < 1.0 - f["strictness"])
    approved = f[f["approved"]]
    assert approved["amount"].notna().all() and f.loc[~f["approved"], "amount"].isna().all()
    gone_bad = approved["state"].eq("written_off") | approved["category"].isin(["substandard", "doubtful", "loss"])
    assert (approved.loc[gone_bad, "defaulted_month"] >= 0).all()


@pytest.mark.parametrize("screening", [0.1, 0.3, 0.8])
def test_the_reading_is_the_chance_the_applicant_is_bad(screening):
    """The reading is the posterior the refusal rule uses, so it is calibrated: over 40,000
    files, in each tenth of the readings the share of bad risks lies within 3.9 binomial
    standard errors of the mean reading there (99.99 % each, ten bins). Readings computed
    wrongly stray far outside (measured, worst bin): without the base rate by 46 / 26 / 4.3
    standard errors at screening 0.1 / 0.3 / 0.8, with the noise of no investigation by
    84-108, dividing by the signal's sd instead of its variance by 40-55."""
    cfg, rs = Loans(), Draws(np.random.default_rng(11))
    d = [decide(cfg, rs, screening, 0.5) for _ in range(40_000)]  # every file is read, approved or not
    risk, bad = np.array([x.risk for x in d]), np.array([x.bad for x in d], dtype=float)
    edges = np.quantile(risk, np.linspace(0, 1, 11))
    for lo, hi in zip(edges[:-1], edges[1:]):
        sel = (risk >= lo) & (risk <= hi)
        p = risk[sel].mean()
        se = np.sqrt(max(p * (1 - p), 1e-12) / sel.sum())
        assert abs(bad[sel].mean() - p) < 3.9 * se + 1e-9, (screening, lo, hi, bad[sel].mean(), p)


def test_saved_and_loaded_with_the_other_tables(run, tmp_path):
    back = simkit.load(run.save(tmp_path / "r"))
    pd.testing.assert_frame_equal(back.loan_applications, run.loan_applications)
    # results saved before the table existed still load, with the table empty
    (tmp_path / "r" / "loan_applications.parquet").unlink()
    old = simkit.load(tmp_path / "r")
    assert old.loan_applications.empty and list(old.loan_applications.columns) == list(run.loan_applications.columns)
