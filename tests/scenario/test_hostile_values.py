"""Values that used to pass validation and then hang, crash or mislead a run are refused when
the scenario is validated: one line each naming the field and what is allowed.

Root causes covered: non-finite numbers; numbers without an upper bound where an overflow or
an absurd result waits (bounds and reasons: simkit.limits); learnable ranges outside
the domain of the choice they steer; related fields that contradict each other; Scenario
objects changed with ``model_copy`` / built with ``model_construct`` (which skip validation)
handed to the Python entry points; the hint for an unknown field of a tagged pay component.
"""
from __future__ import annotations

import math
import subprocess
import sys
import time
import types
import typing

import pytest
from pydantic import BaseModel

import simkit
from simkit.experiment import replicate
from simkit.pay import schemes
from simkit.scenario import ScenarioError, load_scenario, revalidated
from simkit.scenario.errors import _constraints, _field_type, _unwrap
from simkit.scenario.models import ChoiceRange, Scenario

from helpers import SCENARIOS

BASE = f"extends: {SCENARIOS / 'baseline.yaml'}\n"
MGR = "staff: {customer_managers: [{id: M1, ability: {portfolio: %s}}]}\n"


def _pay(role: str, component: str) -> str:
    return f"pay: {{{role}: {{components: [{component}]}}}}\n"


def _scorecard(financial_targets: str) -> str:
    target = "[{indicator: transactions, target: 100, points: 1}]"
    return _pay("teller", "{kind: scorecard, financial: {weight: 0.25, targets: %s}, customer: {weight: 0.25, "
                "targets: %s}, internal_process: {weight: 0.25, targets: %s}, learning_growth: {weight: 0.25, "
                "targets: %s}}" % (financial_targets, target, target, target))


# (case id, YAML added to the baseline, field path, words that say what is allowed)
NON_FINITE = [
    ("NaN prior", "behaviour: {learning: {prior_loan_years: .nan}}", "behaviour.learning.prior_loan_years", "finite"),
    ("infinite exploration", "behaviour: {learning: {exploration: .inf}}", "behaviour.learning.exploration", "finite"),
    ("minus infinity fine", _pay("teller", "{kind: piece_rate, fine_per_error: -.inf}"),
     "pay.teller.components.0.fine_per_error", "finite"),
    ("overflow to infinity while parsing", "bank: {loans: {amount_cv: 1.0e+400}}", "bank.loans.amount_cv", "finite"),
]

BOUNDS = [
    ("prior of 1e308 loan-years", "behaviour: {learning: {prior_loan_years: 1.0e+308}}",
     "behaviour.learning.prior_loan_years", "<= 1000"),
    ("exploration 1e6", "behaviour: {learning: {exploration: 1.0e+6}}", "behaviour.learning.exploration", "<= 10"),
    ("learning rate 1e300", "behaviour: {learning: {rate: 1.0e+300}}", "behaviour.learning.rate", "<= 100"),
    ("halflife 1e300", "behaviour: {learning: {halflife: 1.0e+300}}", "behaviour.learning.halflife", "<= 360"),
    ("lognormal cv 1e200", "needs: {cash_deposit: {channels: {teller: {dist: lognormal, mean: 9, cv: 1.0e+200}}}}",
     "needs.cash_deposit.channels.teller.cv", "between 0 and 5"),
    ("gamma cv 10", "needs: {cash_deposit: {channels: {teller: {dist: gamma, mean: 9, cv: 10}}}}",
     "needs.cash_deposit.channels.teller.cv", "Wilson-Hilferty"),
    ("gamma cv 2", "needs: {cash_deposit: {channels: {teller: {dist: gamma, mean: 9, cv: 2}}}}",
     "needs.cash_deposit.channels.teller.cv", "cv <= 1.414"),
    ("patience cv 1e200", "customers: {patience: {cv: 1.0e+200}}", "customers.patience.cv", "<= 5"),
    ("loan amount cv 1e200", "bank: {loans: {amount_cv: 1.0e+200}}", "bank.loans.amount_cv", "<= 5"),
    ("service mean of 1e300 minutes", "needs: {cash_deposit: {channels: {teller: {mean: 1.0e+300}}}}",
     "needs.cash_deposit.channels.teller.mean", "<= 1440"),
    ("repair of 1e300 minutes", "branch: {self_service: {mttr_minutes: 1.0e+300}}",
     "branch.self_service.mttr_minutes", "<= 44,640"),
    ("elasticity 1e3", _pay("customer_manager", "{kind: portfolio_target, elasticity: 1000}"),
     "pay.customer_manager.components.0.elasticity", "between 0 and 3"),
    ("fine of 1e300 yuan", _pay("teller", "{kind: piece_rate, fine_per_error: 1.0e+300}"),
     "pay.teller.components.0.fine_per_error", "between 0 and 10,000,000"),
    ("fine per indicator of 1e300", _pay("customer_manager", "{kind: piece_rate, fines: {loan_defaults: 1.0e+300}}"),
     "pay.customer_manager.components.0.fines.loan_defaults", "between 0 and 10,000,000"),
    ("base pay of 1e300", _pay("teller", "{kind: fixed, base: 1.0e+300}"), "pay.teller.components.0.base",
     "between 0 and 10,000,000"),
    ("profit floor of 1e15", _pay("customer_manager", "{kind: responsibility_profit, floor: 1.0e+15}"),
     "pay.customer_manager.components.0.floor", "between -1,000,000,000,000 and 1,000,000,000,000"),
    ("settle every 10**9 periods", _pay("customer_manager", "{kind: responsibility_profit, settle_every: 1000000000}"),
     "pay.customer_manager.components.0.settle_every", "between 1 and 360"),
    ("deposit bonus rate 5", _pay("customer_manager", "{kind: deposit_only, rate: 5}"),
     "pay.customer_manager.components.0.rate", "between 0 and 1"),
    ("quota of 1e300 units", _pay("teller", "{kind: commission, quotas: {fund: 1.0e+300}}"),
     "pay.teller.components.0.quotas.fund", "between 0 and 5,000,000"),
    ("grade coefficient 1e9", _pay("customer_manager", "{kind: monthly_annual, grades: {A: {at_least: 0, "
                                                       "coefficient: 1.0e+9}}}"),
     "pay.customer_manager.components.0.grades.A.coefficient", "between 0 and 10"),
    ("portfolio of 1e308 means", MGR % "1.0e+308", "staff.customer_managers.0.ability.portfolio", "between 0 and 1000"),
    ("mean portfolio of 1e308", "bank: {deposits: {mean_portfolio: 1.0e+308}}", "bank.deposits.mean_portfolio",
     "<= 1,000,000,000,000"),
    ("loan of 1e308", "bank: {loans: {amount_mean: 1.0e+308}}", "bank.loans.amount_mean", "<= 1,000,000,000,000"),
    ("outside option of 1e300", "behaviour: {turnover: {outside_option: {teller: 1.0e+300}}}",
     "behaviour.turnover.outside_option.teller", "between 0 and 10,000,000"),
    ("effort cost of 1e300", "behaviour: {choices: {teller: {pace: {lo: 0.8, hi: 1.6, cost: 1.0e+300}}}}",
     "behaviour.choices.teller.pace.cost", "between 0 and 10,000,000"),
    ("complaint intercept -1e308", "customers: {complaints: {base_logit: -1.0e+308}}",
     "customers.complaints.base_logit", "between -50 and 50"),
    ("satisfaction start 1e9", "customers: {satisfaction: {start: 1.0e+9}}", "customers.satisfaction.start",
     "between 0 and 10"),
    ("product weight 1e308", "products: {fund: {fee: 30, weight: 1.0e+308}}", "products.fund.weight", "<= 1,000,000"),
    ("speed of 1e-300", "staff: {tellers: [{id: T1, ability: {speed: 1.0e-300}}]}", "staff.tellers.0.ability.speed",
     "between 0.01 and 100"),
    ("queue threshold 10**12", "branch: {second_triage: {threshold: 1000000000000}}",
     "branch.second_triage.threshold", "<= 10000"),
    ("ability spread 1e3", "behaviour: {turnover: {ability_sd: 1000}}", "behaviour.turnover.ability_sd",
     "between 0 and 1"),
    ("hourly rate that underflows", "arrivals: {hourly: 5.0e-324}", "arrivals.hourly", ">= 1e-06"),
    ("one hour's rate that underflows", "arrivals: {hourly: {9: 1.0e-300, 10: 50}}", "arrivals.hourly",
     "allowed: 0, or at least 1e-06"),
    ("weekday factor of 1e-300", "arrivals: {weekday: [1, 1, 1, 1, 1, 1, 1.0e-300]}", "arrivals.weekday.6",
     "between 0.01 and 10"),
    ("name of 300 characters", "name: " + "n" * 300, "name", "at most 200 characters"),
    ("description of 30,000 characters", "description: " + "d" * 30_000, "description", "at most 20,000 characters"),
    ("product name of 300 characters", "products: {%s: {fee: 1}}" % ("p" * 300), "products.", "at most 200 characters"),
]

RANGES = [
    ("teller pace below zero", "behaviour: {choices: {teller: {pace: {lo: -2, hi: -1}}}}",
     "behaviour.choices.teller.pace", "within 0.5 to 2"),
    ("teller pitch 2 to 3", "behaviour: {choices: {teller: {pitch: {lo: 2, hi: 3}}}}",
     "behaviour.choices.teller.pitch", "within 0 to 1"),
    ("lobby diversion above 1", "behaviour: {choices: {lobby_manager: {diversion: {lo: 0.5, hi: 1.5}}}}",
     "behaviour.choices.lobby_manager.diversion", "within 0 to 1"),
    ("manager outside below 0", "behaviour: {choices: {customer_manager: {outside: {lo: -1, hi: 0.5}}}}",
     "behaviour.choices.customer_manager.outside", "within 0 to 1"),
    ("manager strictness to 2", "behaviour: {choices: {customer_manager: {strictness: {lo: 0, hi: 2}}}}",
     "behaviour.choices.customer_manager.strictness", "within 0 to 1"),
    ("starting pace of zero", "staff: {choices: {teller: {pace: 0}}}", "staff.choices.teller.pace",
     "between 0.5 and 2"),
    ("starting push weight 1e308", "products: {fund: {fee: 30}}\nstaff: {choices: {teller: {push: {fund: 1.0e+308}}}}",
     "staff.choices.teller.push.fund", "<= 1,000,000"),
]

CROSS = [
    ("write-off after one month", "bank: {loans: {write_off_months: 1}}", "bank.loans.write_off_months",
     "write_off_months >= loss_after"),
    ("categories out of order", "bank: {loans: {substandard_after: 8}}", "bank.loans.doubtful_after",
     "never decrease"),
    ("provisions decreasing", "bank: {loans: {provision_loss: 0.2}}", "bank.loans.provision_loss",
     "provision_substandard <= provision_doubtful <= provision_loss"),
    ("pd_good above pd_bad", "bank: {loans: {pd_good: 0.5}}", "bank.loans.pd_good", "pd_good below pd_bad"),
    ("two grades with one threshold", _pay("customer_manager", "{kind: monthly_annual, grades: {A: {at_least: 5, "
                                                              "coefficient: 1}, B: {at_least: 5, coefficient: 0.5}}}"),
     "pay.customer_manager.components.0.grades.B.at_least", "a different at_least"),
    ("quota target of 0", _pay("teller", "{kind: quota_scoring, targets: [{indicator: transactions, target: 0}]}"),
     "pay.teller.components.0.targets.0.target", "a target > 0"),
    ("negative quota target", _pay("teller", "{kind: quota_scoring, targets: [{indicator: transactions, "
                                             "target: -5}]}"),
     "pay.teller.components.0.targets.0.target", "a target > 0"),
    ("scorecard target of 0", _scorecard("[{indicator: transactions, target: 0, points: 1}]"),
     "pay.teller.components.0.financial.targets.0.target", "a target > 0"),
    ("portfolio target of 0", _pay("customer_manager", "{kind: portfolio_target, mode: absolute, base_target: 0}"),
     "pay.customer_manager.components.0.base_target", "a base_target > 0"),
    ("scorecard perspective with weight but no targets", _scorecard("[]"),
     "pay.teller.components.0.financial", "targets for it, or weight 0"),
    ("lunch longer than the day", "branch: {lunch: {minutes: 600}}", "branch.lunch.minutes", "fewer than 480 minutes"),
    ("lunch before opening", "branch: {lunch: {start: '07:00'}}", "branch.lunch.start", "a start from 09:00"),
    ("lunch rotation past closing", "branch: {lunch: {groups: 10}}", "branch.lunch", "start + groups × minutes"),
    ("pushed product that does not exist", "staff: {choices: {teller: {push: {gold: 2}}}}",
     "staff.choices.teller.push.gold", "the scenario's products"),
    ("a person pushing a product that does not exist",
     "staff: {tellers: [{id: T1, choices: {pace: 1.0, pitch: 0.1, push: {gold: 2}}}]}",
     "staff.tellers.0.choices.push.gold", "the scenario's products"),
    ("commission on a product that does not exist", _pay("teller", "{kind: commission, per_unit: {gold: 5}}"),
     "pay.teller.components.0", "the scenario's products"),
]

HINTS = [
    ("unknown field of a piece rate", _pay("teller", "{kind: piece_rate, per_transactoin: 2}"),
     "pay.teller.components.0.per_transactoin", "did you mean 'per_transaction'? allowed here: kind, per_transaction"),
]

ALL = NON_FINITE + BOUNDS + RANGES + CROSS + HINTS


@pytest.mark.parametrize("case,snippet,path,allowed", ALL, ids=[c[0] for c in ALL])
def test_hostile_value_is_refused_naming_field_and_what_is_allowed(tmp_path, case, snippet, path, allowed):
    f = tmp_path / "hostile.yaml"
    f.write_text(BASE + snippet + "\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    text = str(info.value)
    hits = [line for line in text.splitlines() if f" {path}" in line]
    assert hits, f"no problem at {path}:\n{text}"
    assert any(allowed in line for line in hits), f"{allowed!r} not said at {path}:\n{text}"
    assert all(line.startswith(str(f)) and len(line) < 600 for line in text.splitlines()), text


def test_the_whole_table_is_refused_in_under_ten_seconds(tmp_path):
    load_scenario(SCENARIOS / "baseline.yaml")  # warm: imports
    t0 = time.perf_counter()
    for i, (_, snippet, _, _) in enumerate(ALL):
        f = tmp_path / f"h{i}.yaml"
        f.write_text(BASE + snippet + "\n", encoding="utf-8")
        with pytest.raises(ScenarioError):
            load_scenario(f)
    assert time.perf_counter() - t0 < 10.0


def test_gamma_cv_message_says_why():
    with pytest.raises(ScenarioError) as info:
        load_scenario(SCENARIOS / "baseline.yaml",
                      {"needs.cash_deposit.channels.teller": {"dist": "gamma", "mean": 9.0, "cv": 1.5}})
    assert "accurate only for shape 1/cv² >= 0.5" in str(info.value)


def test_gamma_up_to_sqrt_two_and_lognormal_up_to_five_are_valid():
    base = SCENARIOS / "baseline.yaml"
    load_scenario(base, {"needs.cash_deposit.channels.teller": {"dist": "gamma", "mean": 9.0, "cv": math.sqrt(2.0)}})
    load_scenario(base, {"needs.cash_deposit.channels.teller": {"dist": "lognormal", "mean": 9.0, "cv": 5.0}})


def test_a_key_with_a_newline_stays_on_one_line(tmp_path):
    f = tmp_path / "key.yaml"
    f.write_text(BASE + 'staff: {choices: {teller: {push: {"gold\\n ok": 2}}}}\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert len(str(info.value).splitlines()) == len(info.value.problems) == 1
    assert "'gold\\n ok'" in str(info.value)


# ---------------------------------------------------------------- Scenario objects from Python
@pytest.fixture(scope="module")
def baseline() -> Scenario:
    return load_scenario(SCENARIOS / "baseline.yaml")


def _with_pace(sc: Scenario, lo: float, hi: float) -> Scenario:
    """A copy with the teller's pace range replaced, without validation (as model_copy does)."""
    ranges = sc.behaviour.choices.teller.model_copy(update={"pace": ChoiceRange.model_construct(lo=lo, hi=hi)})
    choices = sc.behaviour.choices.model_copy(update={"teller": ranges})
    return sc.model_copy(update={"behaviour": sc.behaviour.model_copy(update={"choices": choices})})


def test_a_valid_scenario_comes_back_as_the_same_object(baseline):
    assert revalidated(baseline) is baseline
    copy = baseline.model_copy(update={"seed": 7})
    assert revalidated(copy) is copy


def test_revalidation_is_cheap(baseline):
    revalidated(baseline)
    t0 = time.perf_counter()
    for _ in range(20):
        revalidated(baseline)
    assert (time.perf_counter() - t0) / 20 < 0.05  # measured about 1 ms


def test_model_copy_values_are_checked_again(baseline):
    with pytest.raises(ScenarioError) as info:
        revalidated(_with_pace(baseline, -2.0, -1.0))
    assert "behaviour.choices.teller.pace" in str(info.value) and "within 0.5 to 2" in str(info.value)
    nan = baseline.model_copy(update={"seed": -1, "name": "n" * 2_700_000})
    with pytest.raises(ScenarioError) as info:
        revalidated(nan)
    text = str(info.value)
    assert "seed: must be a whole number between 0 and 2**128 - 1" in text and "at most 200 characters" in text
    assert len(text) < 1000  # the 2.7 MB name is shortened in the message


def test_model_construct_is_checked(baseline):
    built = Scenario.model_construct(customers=baseline.customers, needs=baseline.needs, name=math.nan)
    with pytest.raises(ScenarioError, match="name: must be text"):
        revalidated(built)


def test_run_and_replicate_refuse_a_bad_copy_before_running(baseline):
    bad = _with_pace(baseline, -2.0, -1.0)
    for call in (lambda: simkit.run(bad, days=1), lambda: replicate(bad, 2, days=1)):
        t0 = time.perf_counter()
        with pytest.raises(ScenarioError, match="behaviour.choices.teller.pace"):
            call()
        assert time.perf_counter() - t0 < 5.0


# ---------------------------------------------------------------- the command line
@pytest.mark.parametrize("snippet,path,allowed", [
    ("behaviour: {choices: {teller: {pace: {lo: -2, hi: -1}}}}", "behaviour.choices.teller.pace", "allowed: lo and hi"),
    ("behaviour: {learning: {prior_loan_years: 1.0e+308}}", "behaviour.learning.prior_loan_years", "<= 1000"),
    ("bank: {loans: {write_off_months: 1}}", "bank.loans.write_off_months", "allowed: write_off_months"),
], ids=["pace range", "prior", "write-off"])
def test_simkit_validate_exits_2_with_one_line(tmp_path, snippet, path, allowed):
    f = tmp_path / "bad.yaml"
    f.write_text(BASE + snippet + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "simkit.cli", "validate", str(f)], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and path in lines[0] and allowed in lines[0], done.stderr
    assert "Traceback" not in done.stderr


# ---------------------------------------------------------------- every number has a ceiling
# Numbers deliberately without a declared upper bound, and what bounds them instead.
UNBOUNDED = {
    "Arrivals.hourly",  # rates are bounded together: the customers they bring (limits.MAX_CUSTOMERS)
    "Arrivals.hourly[]",
    "Dist.cv",  # bounded by a validator, by distribution (limits.MAX_CV, limits.MAX_GAMMA_CV)
    "ChoiceRange.lo",  # bounded by the domain of the choice the range steers (models._Ranges)
    "ChoiceRange.hi",
}


def _numbers(model, seen=None):
    """(Class.field, annotation) of every int or float reachable from ``model``, keys excepted."""
    seen = set() if seen is None else seen
    if model in seen:
        return
    seen.add(model)
    todo = [(f"{model.__name__}.{name}", _field_type(model, name)) for name in model.model_fields]
    while todo:
        where, tp = todo.pop()
        base = _unwrap(tp)
        if isinstance(base, type) and issubclass(base, BaseModel):
            yield from _numbers(base, seen)
        elif typing.get_origin(base) in (typing.Union, types.UnionType):
            todo += [(where, arm) for arm in typing.get_args(base)]
        elif typing.get_origin(base) is dict:
            todo.append((where + "[]", typing.get_args(base)[1]))
        elif typing.get_origin(base) is list:
            todo.append((where, typing.get_args(base)[0]))
        elif base in (int, float):
            yield where, tp


def test_every_number_in_a_scenario_has_an_upper_bound():
    seen: set = set()
    found = dict(_numbers(Scenario, seen))
    for component in typing.get_args(_unwrap(schemes.Component)):  # pay components
        found.update(_numbers(component, seen))
    assert len(found) > 150
    open_ended = {where for where, tp in found.items() if not {"le", "lt"} & set(_constraints(tp))}
    assert open_ended == UNBOUNDED
