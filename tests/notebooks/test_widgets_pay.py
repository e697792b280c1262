"""The pay explorers of notebooks 04, 05 and 07 and the scheme-comparison helpers, tested
without a browser: control values -> scheme components (validated by the scenario
models), Run-only simulation, what the tabs show, bad settings, and the statistics.

Simulations here are one or two months of the shipped branch (about a second each)."""
from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from scipy import stats  # noqa: E402

from helpers import SCENARIOS  # noqa: E402
from simkit.experiment import compare_schemes  # noqa: E402
from simkit.pay import PayLedger, PayScheme, pay_period  # noqa: E402
from simkit.report.schemes import format_ci, mean_ci, paired_diff, say_difference, scheme_pay  # noqa: E402
from simkit.scenario import load_scenario, with_overrides  # noqa: E402
from simkit.widgets import pay as P  # noqa: E402

BASE = SCENARIOS / "schemes" / "fixed_pay.yaml"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ control values -> schemes
def test_teller_components_follow_the_controls_and_validate():
    v = dict(P.TELLER_DEFAULTS)
    kinds = [c["kind"] for c in P.teller_components(v)]
    assert kinds == ["fixed", "piece_rate"]  # the default is a piece rate without fines
    v.update(per_transaction=0.0)
    assert [c["kind"] for c in P.teller_components(v)] == ["fixed"]  # nothing variable left: fixed pay only
    v.update(fine_per_error=40.0, quota=3, quota_deduction=400.0)
    comps = P.teller_components(v)
    assert [c["kind"] for c in comps] == ["fixed", "piece_rate", "commission"]
    assert comps[2]["quotas"] == {p: 3.0 for p in P.QUOTA_PRODUCTS} and comps[2]["quota_deduction"] == 400.0
    sc = with_overrides(load_scenario(BASE), {"pay.teller.components": comps})  # the scenario models accept it
    assert sc.pay.teller.components[1].fine_per_error == 40.0


def test_a_quota_without_a_deduction_is_not_a_quota():
    v = dict(P.TELLER_DEFAULTS, per_transaction=0.0, quota=5, quota_deduction=0.0)
    assert [c["kind"] for c in P.teller_components(v)] == ["fixed"]


@pytest.mark.parametrize("scheme", P.MANAGER_SCHEMES)
def test_every_manager_scheme_validates_and_scales(scheme):
    v = dict(P.MANAGER_DEFAULTS, scheme=scheme, strength=2.0)
    sc = with_overrides(load_scenario(BASE), P.manager_overrides(v))
    comps = sc.pay.customer_manager.components
    assert comps[0].kind == "fixed"
    if scheme == "fixed pay":
        assert len(comps) == 1
    else:  # strength 2 doubles the shipped file's rate
        rate = {"deposit_only": "rate", "quota_scoring": "yuan_per_point", "responsibility_profit": "pay_per_10k"}
        c = comps[1]
        one = P.manager_components(dict(v, strength=1.0))[1][rate[c.kind]]
        assert getattr(c, rate[c.kind]) == pytest.approx(2 * one)


@pytest.mark.parametrize("scheme", P.MANAGER_FILES)
def test_manager_explorer_at_strength_1_is_the_shipped_file(scheme):
    """Issue 23: 'performance pay × (1 = shipped file)' ran responsibility profit at ¥300 per
    ¥10,000 while the shipped file pays ¥800. At strength 1 (and the file's base and
    position pay) the explorer's pay is the shipped file's, component for component."""
    import yaml

    path = SCENARIOS / "schemes" / f"{P.MANAGER_FILES[scheme]}.yaml"
    shipped = load_scenario(path).pay.customer_manager
    built = with_overrides(load_scenario(BASE), P.manager_overrides(dict(P.MANAGER_DEFAULTS, scheme=scheme)))
    assert built.pay.customer_manager == shipped
    if scheme.startswith("responsibility profit"):  # the number in the file itself, read as text
        comps = yaml.safe_load(path.read_text(encoding="utf-8"))["pay"]["customer_manager"]["components"]
        rate = next(c["pay_per_10k"] for c in comps if c["kind"] == "responsibility_profit")
        assert rate == 800
        assert built.pay.customer_manager.components[1].pay_per_10k == rate


def test_manager_explorer_follows_an_edited_scheme_file(tmp_path):
    """The rate is read from the file, not written into the explorer: change the file, the
    explorer's components change."""
    import shutil

    (tmp_path / "schemes").mkdir()
    shutil.copy(SCENARIOS / "baseline.yaml", tmp_path / "baseline.yaml")
    for f in ("fixed_pay.yaml", "cm_responsibility_profit.yaml"):
        shutil.copy(SCENARIOS / "schemes" / f, tmp_path / "schemes" / f)
    tmp_path = tmp_path / "schemes"
    src = tmp_path / "cm_responsibility_profit.yaml"
    src.write_text(src.read_text(encoding="utf-8").replace("pay_per_10k: 800", "pay_per_10k: 1234"), encoding="utf-8")
    comps = P.shipped_components("responsibility profit (责任利润)", str(tmp_path))
    assert comps[0]["pay_per_10k"] == 1234.0
    assert P.shipped_components("responsibility profit (责任利润)")[0]["pay_per_10k"] == 800.0
    # strength scales the file's rate and leaves the cached file alone
    half = P.manager_components(dict(P.MANAGER_DEFAULTS, strength=0.5))
    assert half[1]["pay_per_10k"] == 400.0
    assert P.shipped_components("responsibility profit (责任利润)")[0]["pay_per_10k"] == 800.0


def test_unknown_manager_scheme_names_the_allowed_ones():
    with pytest.raises(ValueError, match="allowed: fixed pay"):
        P.manager_components(dict(P.MANAGER_DEFAULTS, scheme="bonus for smiling"))


def test_switching_provisions_off_zeroes_all_three_rates():
    sc = with_overrides(load_scenario(BASE), P.manager_overrides(dict(P.MANAGER_DEFAULTS, provisions=False)))
    loans = sc.bank.loans
    assert (loans.provision_substandard, loans.provision_doubtful, loans.provision_loss) == (0.0, 0.0, 0.0)


def test_scorecard_weights_are_scaled_to_one_and_validate():
    v = dict(P.SCORECARD_DEFAULTS, financial=0.1, customer=0.2, internal_process=0.3, learning_growth=0.7)
    w = P.scorecard_weights(v)
    assert w["learning_growth"] == pytest.approx(0.7 / 1.3) and sum(w.values()) == pytest.approx(1.0)
    comp = P.scorecard_component(v)
    card = PayScheme.model_validate({"components": [comp]}).components[0]  # exact sum 1: accepted
    assert card.financial.weight == pytest.approx(0.1 / 1.3)


def test_all_zero_scorecard_weights_are_refused_clearly():
    v = dict(P.SCORECARD_DEFAULTS, financial=0, customer=0, internal_process=0, learning_growth=0)
    with pytest.raises(ValueError, match="at least one perspective"):
        P.scorecard_weights(v)


# ----------------------------------------------------------------------------- payslip text
def test_payslip_text_shows_every_line_and_the_total():
    scheme = PayScheme.model_validate({"components": [
        {"kind": "fixed", "base": 2000.0, "position": 500.0},
        {"kind": "piece_rate", "per_transaction": 1.5, "fine_per_error": 40.0, "fine_per_complaint": 100.0}]})
    slips, _ = pay_period({"T1": scheme}, {"T1": {"transactions": 1800, "errors": 30, "complaints": 12}}, 0,
                          PayLedger())
    table = pd.DataFrame(slips["T1"].to_rows()).assign(replication=0)
    text = P.payslip_text(table, "T1")
    # 2,000 + 500 + 1,800 × 1.5 − 30 × 40 − 12 × 100 = 2,800
    assert text.splitlines()[-1].split() == ["total", "¥", "2,800.00"]
    assert "1,800 × ¥1.50 = ¥2,700.00" in text and "-30 errors × ¥40.00" in text
    assert P.payslip_text(table, "T9") == "(no payslip for T9)"


# ------------------------------------------------------------------------------ explorers
def test_teller_explorer_runs_only_on_run_and_refreshes():
    ex = P.teller_explorer(BASE, months=1, replications=1)
    ex.set(fine_per_error=40.0)
    assert ex.runs == 0 and ex.result is None  # moving sliders simulates nothing
    ex.run()
    assert ex.runs == 1 and ex.error is None
    assert set(ex.rendered) == {"behaviour", "KPIs", "payslip"}
    assert hasattr(ex.rendered["behaviour"], "savefig")
    kpis = ex.result and P.tail_kpis(ex.result, "teller")["value"]
    assert 0 <= kpis["error rate"] <= 1 and kpis["transactions per teller-month"] > 0
    assert "error fines" in ex.rendered["payslip"] and "piece rate" in ex.rendered["payslip"]
    sp = ex.result.staff_periods
    assert set(sp.loc[sp["role"] == "teller", "period"]) == {0}  # one month, as the slider said
    ex.set(per_transaction=3.0)
    assert ex.runs == 1 and "settings changed" in ex.status.value


def test_manager_explorer_shows_the_loan_book_and_a_payslip():
    ex = P.manager_explorer(BASE, months=1, replications=1, scheme="deposit only (唯存款论)")
    ex.run()
    assert ex.error is None and set(ex.rendered) == {"behaviour", "loan book", "KPIs", "payslip"}
    assert "deposit bonus" in ex.rendered["payslip"]
    assert "NPL ratio (branch)" in ex.rendered["KPIs"].index


def test_scorecard_explorer_reports_bad_weights_and_keeps_the_last_view():
    ex = P.scorecard_explorer(BASE, months=1, replications=1)
    ex.run()
    first = ex.rendered["trade-offs"]
    assert "NPL ratio (branch)" in first.index and "scorecard financial" in ex.rendered["payslip"]
    ex.set(financial=0.0, customer=0.0, internal_process=0.0, learning_growth=0.0)
    assert ex.run() is None
    assert "at least one perspective" in ex.status.value and ex.rendered["trade-offs"] is first


# -------------------------------------------------------------------- comparison statistics
def _per_rep():
    # two schemes, four replications; B = A + 1 exactly, so the paired difference has no spread
    a = [1.0, 3.0, 2.0, 6.0]
    return pd.DataFrame({"scheme": ["A"] * 4 + ["B"] * 4, "replication": [0, 1, 2, 3] * 2,
                         "x": a + [v + 1 for v in a]})


def test_mean_ci_is_the_student_t_interval():
    out = mean_ci(_per_rep()).set_index("scheme")
    x = np.array([1.0, 3.0, 2.0, 6.0])
    half = stats.t.ppf(0.975, 3) * x.std(ddof=1) / 2
    assert out.loc["A", "mean"] == pytest.approx(3.0)
    assert (out.loc["A", "low"], out.loc["A", "high"]) == pytest.approx((3.0 - half, 3.0 + half))


def test_paired_difference_removes_the_shared_luck():
    d = paired_diff(_per_rep(), reference="A").set_index("scheme")
    assert d.loc["B", "mean"] == pytest.approx(1.0)
    assert (d.loc["B", "low"], d.loc["B", "high"]) == pytest.approx((1.0, 1.0))  # unpaired intervals overlap
    row = d.loc["B"]
    assert "higher than" in say_difference(row, "x under B", "under A")
    assert "lower than" in say_difference({**row, "mean": -1.0, "low": -1.5, "high": -0.5}, "x", "y")
    assert "not distinguishable" in say_difference({**row, "low": -0.5, "high": 1.5}, "x", "y")


def test_format_ci_puts_schemes_in_columns():
    t = format_ci(mean_ci(_per_rep()))
    assert list(t.columns) == ["A", "B"] and list(t.index) == ["x"]
    assert t.loc["x", "A"].startswith("3.000 [")


def test_compare_schemes_same_seeds_same_first_month():
    """Common random numbers: in month 1 nobody has learned anything, so tellers do exactly
    the same work under every scheme; only the payslips differ."""
    cmp = compare_schemes(BASE, {"fixed": {}, "piece": scheme_pay(SCENARIOS / "schemes" / "teller_piece_rate.yaml",
                                                                  "teller")},
                          months=1, replications=2, seed=5, executor="serial")
    assert list(cmp.staff_periods["scheme"].cat.categories) == ["fixed", "piece"]
    t = cmp.staff_periods[cmp.staff_periods["role"] == "teller"].set_index(["scheme", "replication", "post"])
    assert (t.loc["fixed", "kpi.transactions"] == t.loc["piece", "kpi.transactions"]).all()
    assert not (t.loc["fixed", "pay"] == t.loc["piece", "pay"]).all()
    waits = cmp.run_kpi("wait_mean").set_index(["scheme", "replication"])["wait_mean"]
    assert waits.loc["fixed"].tolist() == waits.loc["piece"].tolist()
    assert waits.loc["fixed"].nunique() == 2  # the two replications are different days
    assert math.isclose(cmp.payslips.groupby(["scheme", "replication", "person", "period"], observed=True)["amount"]
                        .sum().loc[("fixed", 0, "T1", 0)], 4000.0)


def test_compare_schemes_keeps_loan_files_when_asked():
    """The teller's pay does not touch the loan desk: in month 1 the same files are read and
    decided under both schemes (common random numbers). Not asked for, the table is empty."""
    piece = scheme_pay(SCENARIOS / "schemes" / "teller_piece_rate.yaml", "teller")
    cmp = compare_schemes(BASE, {"fixed": {}, "piece": piece}, months=1, replications=2, seed=5, executor="serial",
                          logs=("staff_periods", "loan_applications"))
    f = cmp.loan_applications
    assert len(f) > 0 and list(f["scheme"].cat.categories) == ["fixed", "piece"]
    cols = ["replication", "post", "risk", "approved", "amount"]
    a, b = (f[f["scheme"] == s][cols].reset_index(drop=True) for s in ("fixed", "piece"))
    pd.testing.assert_frame_equal(a, b)
    assert compare_schemes(BASE, {"fixed": {}}, months=1, replications=1, seed=5,
                           executor="serial").loan_applications.empty


def test_comparison_fairness_per_scheme_replication_and_role():
    """The portfolio files' six managers inherit 0.25× to 2× the mean book: under absolute
    targets their pay follows the inheritance, so fairness() must see a portfolio R² and the
    contributions must be computed for every row."""
    cmp = compare_schemes(SCENARIOS / "schemes" / "cm_portfolio_absolute.yaml", {"absolute": {}}, months=1,
                          replications=1, seed=3, executor="serial", logs=("staff_periods",))
    f = cmp.fairness().set_index("role")
    assert set(f.index) == {"teller", "lobby_manager", "customer_manager"}
    assert 0 <= f.loc["customer_manager", "portfolio_r2"] <= 1 and math.isnan(f.loc["teller", "portfolio_r2"])
    assert f.loc["teller", "gini_pay"] == 0.0  # fixed pay: everyone earns the same
    contrib = cmp.contributions()
    assert contrib.index.equals(cmp.staff_periods.index) and contrib.notna().all()
    assert cmp.bank_periods.empty and cmp.payslips.empty  # only the tables asked for are kept
