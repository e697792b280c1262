"""The compiled branch configuration: one plan, many branches, and the branch's words.

A ``simkit.branch.plan.BranchPlan`` is compiled once from a scenario and shared: a branch
run from it must not change it, so a second branch from the same plan gives the same event log
as a branch from a freshly compiled one. The event kinds the branch logs are the vocabulary's.
"""
from __future__ import annotations

import ast
import dataclasses

import pytest

from simkit import vocabulary
from simkit.branch import Branch, BranchPlan
from simkit.branch.log import EVENT_KINDS
from simkit.scenario import load_scenario

from helpers import ROOT, SCENARIOS

BASE = load_scenario(SCENARIOS / "baseline.yaml")
DAYS = 3  # three opening days: every mechanism of the baseline shows up, in a second or two


def test_one_plan_serves_many_branches():
    """A run that changes its staff's choices leaves the plan as compiled: the next branch
    from it logs exactly what a branch from a new plan logs."""
    plan = BranchPlan.compile(BASE, days=DAYS)
    first = Branch(plan)
    first.run(until_day=1)
    for member in first.staff:
        if member.role == "teller":
            first.set_choices(member.id, member.choices.model_copy(update={"pitch": 0.0}))
    first.run()
    again = Branch(plan).run()
    fresh = Branch(BranchPlan.compile(BASE, days=DAYS)).run()
    assert again.log.rows == fresh.log.rows
    assert again.log.rows != first.log.rows  # the changed choices did change the first run
    assert not {id(m) for m in first.staff} & {id(m) for m in plan.roster}


def test_seed_given_to_the_branch_replaces_the_plan_s():
    plan = BranchPlan.compile(BASE, days=1)
    assert Branch(plan, seed=BASE.seed).run().log.rows == Branch(plan).run().log.rows
    assert Branch(plan, seed=BASE.seed + 1).run().log.rows != Branch(plan).run().log.rows


def test_plan_is_frozen():
    plan = BranchPlan.compile(BASE, days=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.seed = 1  # type: ignore[misc]


def test_plan_holds_the_calendar_of_the_days_asked_for():
    assert len(BranchPlan.compile(BASE, days=5).days) == 5
    assert len(BranchPlan.compile(BASE).days) == BASE.horizon.days


def test_logged_words_are_the_vocabulary_s():
    """Event kinds, outcomes and activities the branch logs are all named in ``simkit.vocabulary``."""
    assert tuple(EVENT_KINDS) == vocabulary.EVENT_KINDS
    branch = Branch(BranchPlan.compile(BASE, days=DAYS)).run()
    for logged, words in (({row[2] for row in branch.log.rows}, vocabulary.EVENT_KINDS),
                          ({c.outcome for c in branch.customers}, vocabulary.OUTCOMES),
                          ({row[2] for row in branch.log.activity}, vocabulary.ACTIVITIES)):
        assert logged <= set(words), logged - set(words)


#: the branch's modules that run the simulation: none of them may read a scenario (the plan does)
RUNNING = ("model", "lobby", "servers", "queues", "customer", "log", "rng", "sampling", "visitors")


@pytest.mark.parametrize("module", RUNNING)
def test_the_running_branch_reads_no_scenario(module):
    """No field of a scenario is read (``scenario.x``, ``sc.x``, ``self.sc``); handing one
    on to ``BranchPlan.compile`` is allowed."""
    tree = ast.parse((ROOT / "simkit" / "branch" / f"{module}.py").read_text(encoding="utf-8"))
    reads = [n for n in ast.walk(tree) if isinstance(n, ast.Attribute)
             and (n.attr == "sc" or isinstance(n.value, ast.Name) and n.value.id in ("sc", "scenario"))]
    assert not reads, f"{module}.py line {reads[0].lineno}" if reads else ""
