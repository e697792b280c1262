"""The dashboard's customer-manager lesson shows the lending effect at its own settings.

"Deposit-only vs responsibility profit" (simkit.dashboard.inputs.PRESETS) runs its months
and at least five replications; customer managers who know how they are paid
(behaviour.learning.foresight, default 1) screen their loan files less under deposit-only
pay, so the page's "Learned behaviour" panel must show A's screening below B's in the last
month, with the paired 95 % interval the KPI table uses below zero.
"""
from __future__ import annotations

from simkit.dashboard.compute import run_comparison
from simkit.dashboard.inputs import Inputs, apply_preset
from simkit.report.intervals import difference as diff_ci


def test_deposit_only_managers_screen_less_than_profit_managers_on_the_page():
    inputs = apply_preset(Inputs(), "deposit_vs_profit")
    assert inputs.replications >= 5
    comp = run_comparison(inputs)
    last = inputs.periods - 1

    def screening(side):
        out = []
        for r in comp.sides[side].reps:
            c = r.choices
            out.append(float(c.loc[(c["role"] == "customer_manager") & (c["choice"] == "screening")
                                   & (c["period"] == last), "value"].iloc[0]))
        return out

    a, b = screening("A"), screening("B")
    mean, lo, hi = diff_ci(a, b, kind="real")  # B − A, paired by seed
    assert lo > 0, f"responsibility profit − deposit-only screening in month {inputs.periods}: {mean:.3f} [{lo:.3f}, {hi:.3f}]"
