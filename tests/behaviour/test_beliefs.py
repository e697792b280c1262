"""What staff believe about loans comes from the branch's record, and converges to the truth.

* A belief started from a wrong prior converges, band by band of the manager's reading, to
  the true default hazard of the loans in that band, as the record grows.
* Honesty: the belief and every foreseen slope are computed without a borrower's hidden
  quality — shuffling it among the loans and files of a running branch changes neither.
"""
from __future__ import annotations

import copy
from dataclasses import replace

import numpy as np
import pytest
from scipy import stats

from simkit.behaviour.beliefs import CENTRES, EDGES, LoanBelief
from simkit.scenario import load_scenario, with_overrides
from simkit.simulation import Simulation

from helpers import SCENARIOS

H_GOOD, H_BAD = 1 - (1 - 0.02) ** (1 / 12), 1 - (1 - 0.40) ** (1 / 12)


def _record(loans: int, seed: int):
    """A branch's record of one-year loans: readings spread over [0, 0.8]; each borrower a bad
    risk with chance equal to the reading (a calibrated reading); months performing until the
    first missed payment or maturity. Returns the record and each loan's true hazard."""
    rs = np.random.default_rng(seed)
    r = rs.uniform(0.0, 0.8, loans)
    hazard = np.where(rs.uniform(size=loans) < r, H_BAD, H_GOOD)
    first = rs.geometric(hazard)  # month of the first missed payment (1 = the first month)
    months = np.minimum(first, 12)
    defaults = (first <= 12).astype(float)
    return r, months, defaults, hazard


def test_belief_converges_to_the_true_default_rate_of_each_band():
    wrong = LoanBelief(pd_good=0.15, pd_bad=0.15, prior_loan_years=20.0)  # training that says reading doesn't matter
    prior = wrong.hazard().copy()
    r, months, defaults, hazard = _record(200_000, seed=5)
    wrong.observe(r, months, defaults)
    band = np.searchsorted(EDGES, r, side="right") - 1
    z = stats.norm.ppf(1 - 0.001 / (2 * CENTRES.size))  # Bonferroni over the bands, family error 0.1 %
    checked = 0
    for b in range(CENTRES.size):
        sel = band == b
        exposure = months[sel].sum()
        if exposure < 10_000:
            continue
        truth = (hazard[sel] * months[sel]).sum() / exposure  # the band's true hazard per loan-month
        prior_months = 12 * 20.0
        # the record's own noise (Poisson) and what is left of the prior's pull
        tol = z * np.sqrt(truth * exposure) / exposure + prior_months / (prior_months + exposure) * abs(prior[b] - truth)
        assert abs(wrong.hazard()[b] - truth) < tol, (b, wrong.hazard()[b], truth, tol)
        checked += 1
    assert checked >= 6
    # and the belief now says what the reading says: riskier readings default more often
    assert wrong.pd([0.05, 0.5]).tolist() == sorted(wrong.pd([0.05, 0.5]).tolist())
    assert wrong.pd(0.5) > 3 * wrong.pd(0.05)


def test_cure_belief_follows_the_record():
    b = LoanBelief(0.02, 0.4, 20.0)
    b.observe_overdue(10_000, 500)
    assert b.cure() == pytest.approx(500 / 10_000, rel=0.01)


class _Shuffled(Simulation):
    """Computes each period's beliefs and foreseen slopes twice: as the branch has them, and with
    every loan's hidden default rate and every file's hidden quality shuffled among them."""

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.rs = np.random.default_rng(1)
        self.pairs = []

    def _observe_loans(self):
        keep = copy.deepcopy(self.belief)
        pds = [ln.pd for ln in self.books.loans]
        files = list(self.books.files)
        shuffled = self.rs.permutation(pds)
        bad = self.rs.permutation([f[5] for f in files])
        for ln, pd in zip(self.books.loans, shuffled):
            ln.pd = float(pd)
        self.books.files = [f[:5] + (bool(x),) + f[6:] for f, x in zip(files, bad)]
        super()._observe_loans()
        self._shuffled_belief = copy.deepcopy(self.belief)
        for ln, pd in zip(self.books.loans, pds):
            ln.pd = pd
        self.books.files = files
        self.belief = keep
        super()._observe_loans()

    def _foresee(self, terms, played, log=None):
        out = super()._foresee(terms, played, log)
        real = self.belief
        self.belief = self._shuffled_belief
        for ln in self.books.loans:
            ln.pd = 1.0 - ln.pd  # the hidden rates turned upside down while the slopes are worked out
        shuffled = super()._foresee(replace(terms, belief=self.belief), played, log)
        for ln in self.books.loans:
            ln.pd = 1.0 - ln.pd
        self.belief = real
        self.pairs.append((out, shuffled, real.hazard().copy(), self._shuffled_belief.hazard().copy()))
        return out


def test_hidden_quality_changes_no_belief_and_no_choice():
    sc = with_overrides(load_scenario(SCENARIOS / "schemes" / "cm_responsibility_profit.yaml"), {"horizon.periods": 5})
    sim = _Shuffled(sc, seed=4)
    sim.run()
    assert len(sim.pairs) == 5
    for out, shuffled, hz, hz_shuffled in sim.pairs:
        assert np.array_equal(hz, hz_shuffled)
        assert out.keys() == shuffled.keys() and all(np.array_equal(out[k], shuffled[k]) for k in out)
    assert any(np.any(v != 0) for out, *_ in sim.pairs for v in out.values())  # there was something to foresee
