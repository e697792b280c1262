"""Known-answer payslips of the components that read colleagues' indicators (team pools, the
tournament, relative pay) and of deferral, every line checked against arithmetic worked out by
hand in the comments."""
from __future__ import annotations

import pytest

from simkit.pay import PayLedger, PayScheme, pay_period, pay_pool


def scheme(*components) -> PayScheme:
    return PayScheme.model_validate({"components": list(components)})


def table(slip) -> list[tuple[str, float, float, str]]:
    return [(ln.name, ln.amount, ln.held, ln.formula) for ln in slip.lines]


TELLERS = {"T1": {"transactions": 100}, "T2": {"transactions": 90}, "T3": {"transactions": 90},
           "T4": {"transactions": 80}, "T5": {"transactions": 0}}


def test_tournament_pays_by_place_and_splits_ties():
    # Lazear & Rosen: prizes by place. T1 first: ¥500; T2 and T3 tie for places 2-3 and share
    # ¥300 + ¥200 = ¥500, ¥250 each; T4 fourth and T5 fifth are past the three prizes: ¥0.
    tellers = scheme({"kind": "tournament", "prizes": [500, 300, 200]})
    slips, _ = pay_period({p: tellers for p in TELLERS}, TELLERS, 0, PayLedger())
    assert {p: s.total for p, s in slips.items()} == {"T1": 500.0, "T2": 250.0, "T3": 250.0, "T4": 0.0, "T5": 0.0}
    assert table(slips["T1"]) == [("tournament prize", 500.0, 0.0, "transactions 100: place 1 of 5 = ¥500.00")]
    assert table(slips["T2"]) == [("tournament prize", 250.0, 0.0, "transactions 90: places 2-3 of 5 tied by 2: "
                                                                   "(¥300.00 + ¥200.00) / 2 = ¥250.00")]
    assert table(slips["T4"]) == [("tournament prize", 0.0, 0.0, "transactions 80: place 4 of 5 = ¥0.00")]


def test_tournament_lower_is_better_and_a_tie_for_everything():
    # errors, fewest first: E2 (1) first ¥100; E1 and E3 (3 each) share places 2-3: (¥60 + ¥0) / 2 = ¥30
    staff = {"E1": {"errors": 3}, "E2": {"errors": 1}, "E3": {"errors": 3}}
    fewest = scheme({"kind": "tournament", "indicator": "errors", "prizes": [100, 60], "lower_is_better": True})
    slips, _ = pay_period({p: fewest for p in staff}, staff, 0, PayLedger())
    assert {p: s.total for p, s in slips.items()} == {"E1": 30.0, "E2": 100.0, "E3": 30.0}
    # all equal: everyone shares the three prizes, (¥90 + ¥60 + ¥30) / 3 = ¥60
    same = {p: {"transactions": 5} for p in ("A", "B", "C")}
    flat = scheme({"kind": "tournament", "prizes": [90, 60, 30]})
    slips, _ = pay_period({p: flat for p in same}, same, 0, PayLedger())
    assert [s.total for s in slips.values()] == [60.0, 60.0, 60.0]


def test_relative_pay_is_output_over_the_peers_mean():
    # Bandiera, Barankay & Rasul: ¥2,700 × own / mean; mean of 120, 100, 80 is 100:
    # ¥3,240, ¥2,700, ¥2,160
    staff = {"A": {"transactions": 120}, "B": {"transactions": 100}, "C": {"transactions": 80}}
    relative = scheme({"kind": "relative_pay", "at_mean": 2700})
    slips, _ = pay_period({p: relative for p in staff}, staff, 0, PayLedger())
    assert {p: s.total for p, s in slips.items()} == {"A": 3240.0, "B": 2700.0, "C": 2160.0}
    assert table(slips["A"]) == [("relative pay", 3240.0, 0.0, "120 / mean 100.0 of 3 × ¥2,700.00 = ¥3,240.00")]
    nobody = {p: {"transactions": 0} for p in staff}
    slips, _ = pay_period({p: relative for p in staff}, nobody, 0, PayLedger())
    assert [s.total for s in slips.values()] == [0.0, 0.0, 0.0]  # no output: nothing to share out


def test_peers_are_those_on_the_same_scheme_unless_all_are_asked_for():
    # two roles on two scheme objects: the tournament ranks within each; peers: all ranks across both
    by_role = scheme({"kind": "tournament", "prizes": [100]})
    other = scheme({"kind": "tournament", "prizes": [100]})
    everyone = scheme({"kind": "tournament", "prizes": [100], "peers": "all"})
    kpis = {"T1": {"transactions": 5}, "T2": {"transactions": 9}, "L1": {"transactions": 1}}
    slips, _ = pay_period({"T1": by_role, "T2": by_role, "L1": other}, kpis, 0, PayLedger())
    assert {p: s.total for p, s in slips.items()} == {"T1": 0.0, "T2": 100.0, "L1": 100.0}
    slips, _ = pay_period({"T1": everyone, "T2": everyone, "L1": other}, kpis, 0, PayLedger())
    assert slips["T1"].lines[0].formula == "transactions 5: place 2 of 3 = ¥0.00"
    assert pay_pool({"T1": everyone, "T2": everyone, "L1": other}, "T1") == ["T1", "T2", "L1"]
    assert pay_pool({"T1": by_role, "T2": by_role, "L1": other}, "T1") == ["T1", "T2"]
    assert pay_pool({"T1": scheme({"kind": "fixed"}), "T2": by_role}, "T1") == ["T1"]


def test_team_and_peer_lines_come_after_the_persons_own_lines():
    # a team pool listed first is still printed last (as team pay always was): ¥2 × (10 + 30) = ¥80, half each
    team_first = scheme({"kind": "team", "rate": 2.0}, {"kind": "fixed", "base": 100, "position": 0})
    kpis = {"A": {"transactions": 10}, "B": {"transactions": 30}}
    slips, _ = pay_period({p: team_first for p in kpis}, kpis, 0, PayLedger())
    assert table(slips["A"]) == [("base salary", 100.0, 0.0, "¥100.00"),
                                 ("position salary", 0.0, 0.0, "¥0.00"),
                                 ("team pool", 40.0, 0.0, "¥80.00 pool (40 × ¥2.00) × 50.0%")]


DEFERRED = {"kind": "deferred", "inner": {"kind": "piece_rate", "per_transaction": 2.0}, "share": 0.4, "months": 2,
            "malus_on": {"indicator": "errors", "above": 5}, "clawback": 0.5}


def _run(periods: list[dict]):
    """Payslips of one person paid ``DEFERRED`` over ``periods`` (their indicators), and the last ledger."""
    ledger, slips, deferred = PayLedger(), [], scheme(DEFERRED)
    for period, kpis in enumerate(periods):
        paid, ledger = pay_period({"X": deferred}, {"X": kpis}, period, ledger)
        slips.append(paid["X"])
    return slips, ledger


def test_deferred_holds_back_a_share_and_pays_it_months_later():
    # 40 % of the piece rate held two months: period 0 earns 1,000 × ¥2 = ¥2,000, ¥800 held, ¥1,200 paid;
    # period 1 earns ¥1,000, ¥400 held, ¥600 paid; period 2 earns ¥2,000 (¥800 held, ¥1,200 paid)
    # and period 0's ¥800 is released: ¥2,000 paid, nothing net held.
    slips, ledger = _run([{"transactions": 1000}, {"transactions": 500}, {"transactions": 1000}])
    assert [s.total for s in slips] == [1200.0, 600.0, 2000.0]
    assert [s.held for s in slips] == [800.0, 400.0, 0.0]
    assert table(slips[2]) == [
        ("piece rate", 2000.0, 0.0, "1,000 × ¥2.00 = ¥2,000.00"),
        ("deferred piece_rate", -800.0, 800.0, "40% × ¥2,000.00 held back 2 months"),
        ("deferred piece_rate released", 800.0, -800.0, "¥800.00 held back in period 0")]
    assert ledger.owed("X") == 1200.0  # period 1's ¥400 and period 2's ¥800 still held


def test_malus_forfeits_what_is_held_and_claws_back_the_windows_pay():
    # period 3: 6 errors > 5. This period's ¥800 is held, then everything held is forfeited:
    # ¥400 (period 1) + ¥800 (period 2) + ¥800 (period 3) = ¥2,000. Paid over the last two months:
    # period 2 ¥1,200 + ¥800 released, period 3 ¥1,200: ¥3,200, half clawed back: −¥1,600.
    # Paid: ¥2,000 − ¥800 − ¥1,600 = −¥400.
    slips, ledger = _run([{"transactions": 1000}, {"transactions": 500}, {"transactions": 1000},
                          {"transactions": 1000, "errors": 6}])
    assert table(slips[3]) == [
        ("piece rate", 2000.0, 0.0, "1,000 × ¥2.00 = ¥2,000.00"),
        ("deferred piece_rate", -800.0, 800.0, "40% × ¥2,000.00 held back 2 months"),
        ("malus piece_rate", 0.0, -2000.0, "errors 6.00 > 5.00: held-back ¥2,000.00 forfeited"),
        ("clawback piece_rate", -1600.0, 0.0, "errors 6.00 > 5.00: 50% × ¥3,200.00 paid over the last 2 months")]
    assert slips[3].total == -400.0
    assert ledger.owed("X") == 0.0 and ledger.held["X"] == {}


def test_quitting_forfeits_deferred_pay():
    _, ledger = _run([{"transactions": 1000}, {"transactions": 500}])
    assert ledger.forfeit("X") == 1200.0  # ¥800 + ¥400 held; the running tally of pay paid out is not money


def test_deferral_of_a_peer_component_keeps_its_peers():
    # a deferred tournament still ranks among the role: A wins ¥100, 40 % of it (¥40) held
    staff = {"A": {"transactions": 9}, "B": {"transactions": 1}}
    deferred = scheme({"kind": "deferred", "inner": {"kind": "tournament", "prizes": [100]}, "months": 1})
    slips, ledger = pay_period({p: deferred for p in staff}, staff, 0, PayLedger())
    assert slips["A"].total == 60.0 and slips["A"].held == 40.0 and slips["B"].total == 0.0
    assert pay_pool({p: deferred for p in staff}, "A") == ["A", "B"]


@pytest.mark.parametrize("components,words", [
    ([{"kind": "deferred", "inner": {"kind": "deferred", "inner": {"kind": "fixed"}}}],
     "cannot hold another deferred component"),
    ([{"kind": "deferred", "inner": {"kind": "piece_rate"}}, {"kind": "deferred", "inner": {"kind": "piece_rate"}}],
     "two deferred components share the name 'piece_rate'"),
    ([{"kind": "tournament", "prizes": []}], "at least 1 item"),
    ([{"kind": "relative_pay"}], "Field required"),
    ([{"kind": "deferred", "inner": {"kind": "fixed"}, "months": 0}], "greater than or equal to 1"),
])
def test_bad_plug_in_and_deferred_settings_are_refused(components, words):
    with pytest.raises(ValueError, match=words):
        PayScheme.model_validate({"components": components})
