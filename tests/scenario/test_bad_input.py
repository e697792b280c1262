"""Every kind of bad scenario file gets a clear message: the file, the line where known,
the field path, what is allowed — exit status 2 from ``simkit validate``, no traceback."""
from __future__ import annotations

import time

import pytest

from simkit.cli import main

from helpers import SCENARIOS

BASE = f"extends: {SCENARIOS / 'baseline.yaml'}\n"

# (case id, file text (str) or bytes, fragments that must all appear in the output)
CASES = [
    ("unknown field", BASE + "brnach: {lobby_managers: 1}\n", ["brnach", "did you mean 'branch'"]),
    ("unknown nested field", BASE + "branch: {lobby_managerz: 1}\n", ["branch.lobby_managerz", "did you mean 'lobby_managers'"]),
    ("unknown window type", BASE + "branch: {windows: {ordinary: 3, vipp: 1}}\n", ["branch.windows", "did you mean 'vip'"]),
    ("wrong type", BASE + "branch: {lobby_managers: many}\n", ["branch.lobby_managers", "whole number", "'many'"]),
    ("string for a number", BASE + "horizon: {days: '7'}\n", ["horizon.days", "whole number"]),
    ("negative capacity", BASE + "branch: {lobby_managers: -1}\n", ["branch.lobby_managers", "between 0 and 20", "-1"]),
    ("negative rate", BASE + "arrivals: {hourly: {9: -5}}\n", ["arrivals.hourly.9", ">= 0"]),
    ("all rates zero", BASE + "arrivals: {hourly: 0}\n", ["arrivals.hourly", ">= 1e-06"]),
    ("zero mean service", BASE + "needs: {bill_payment: {channels: {teller: {mean: 0}}}}\n",
     ["needs.bill_payment.channels.teller.mean", "> 0"]),
    ("zero days", BASE + "horizon: {days: 0}\n", ["horizon.days", "between 1 and 10958"]),
    ("probability above 1", BASE + "customers: {segments: {vip: {accepts_self_service: 1.5}}}\n",
     ["customers.segments.vip.accepts_self_service", "probability between 0 and 1", "1.5"]),
    ("probability below 0", BASE + "staff: {choices: {teller: {pitch: -0.1}}}\n",
     ["staff.choices.teller.pitch", "probability between 0 and 1"]),
    ("need mix not summing to 1", BASE + "customers: {segments: {elderly: {needs: {cash_deposit: 0.9}}}}\n",
     ["customers.segments.elderly.needs", "sum to 1"]),
    ("window type no customer can use",
     BASE + "customers: {segments: {corporate: {ticket: ordinary}}}\n"
     "branch: {calling: {ordinary: [green, ordinary], vip: [vip, ordinary], corporate: [corporate]}}\n",
     ["branch.windows.corporate", "no customer can use"]),
    ("need no channel can serve",
     BASE + "branch: {self_service: {machines: 0}}\nneeds: {atm_only: {channels: {self_service: {mean: 2}}}}\n",
     ["needs.atm_only.channels", "no channel can serve"]),
    ("open after close", BASE + "branch: {open: '18:00', close: '09:00'}\n", ["branch", "open (18:00) must be before close"]),
    ("bad clock", BASE + "branch: {open: '9 o clock'}\n", ["branch.open", "HH:MM"]),
    ("unknown need in a segment", BASE + "customers: {segments: {vip: {needs: {cash_deposit: 0.2, cash_withdrawal_large: 0.15, "
     "transfer: 0.15, wealth: 0.35, loan_application: 0.05, balance_query: 0.05, card_and_loss: null, gold_bars: 0.05}}}}\n",
     ["customers.segments.vip.needs.gold_bars", "unknown need"]),
    ("missing extends target", "extends: nowhere.yaml\nname: x\n", ["extends", "does not exist", "nowhere.yaml"]),
    ("malformed YAML", BASE + "branch: {open: '09:00'\nname: x\n", ["malformed YAML", ":3"]),
    ("empty file", "", ["empty"]),
    ("only comments", "# nothing here\n", ["empty"]),
    ("not UTF-8", b"name: caf\xe9\n", ["not UTF-8", "offset 9"]),
    ("duplicate keys", BASE + "name: a\nseed: 1\nname: b\n", ["duplicate key 'name'", "first on line 2", ":4"]),
    ("NaN", BASE + "branch: {self_service: {mttr_minutes: .nan}}\n", ["branch.self_service.mttr_minutes", "finite"]),
    ("infinity", BASE + "arrivals: {hourly: .inf}\n", ["arrivals.hourly", "finite"]),
    ("python tag", BASE + "name: !!python/object/apply:os.system ['echo hacked > /tmp/simkit-pwned']\n",
     ["not allowed", "python/object/apply:os.system"]),
    ("custom tag", BASE + "seed: !secret 5\n", ["seed", "not allowed"]),
    ("top level a list", "- 1\n- 2\n", ["top level must be a mapping"]),
    ("top level a scalar", "hello\n", ["top level must be a mapping"]),
    ("deep nesting", "a: " + "[" * 100_000 + "]" * 100_000 + "\n", ["nesting deeper"]),
    ("alias bomb", "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)),
     ["alias bomb"]),
    ("persons exceed posts", BASE + "staff: {lobby_managers: [{id: A}, {id: B}]}\n", ["staff.lobby_managers", "1 such posts"]),
    ("duplicate staff ids", BASE + "staff: {tellers: [{id: A}, {id: A}]}\n", ["staff.tellers.1.id", "used twice"]),
    ("pay component without kind", BASE + "pay: {teller: {components: [{base: 100}]}}\n",
     ["pay.teller.components.0", "has no kind", "allowed kinds: 'fixed', 'piece_rate', 'commission'"]),
    ("pay component of unknown kind", BASE + "pay: {teller: {components: [{kind: peice_rate}]}}\n",
     ["pay.teller.components.0", "unknown kind 'peice_rate'", "did you mean 'piece_rate'", "'team'"]),
    ("look-alike field name", BASE + "br\u0430nch: {}\n",
     ["'br\\u0430nch'", "U+0430 CYRILLIC SMALL LETTER A", "did you mean 'branch'"]),
    ("look-alike need", BASE + "customers: {segments: {vip: {needs: {cash_deposit: 0.2, cash_withdrawal_large: 0.15, "
     "transfer: 0.15, wealth: 0.35, loan_application: 0.05, balance_query: 0.05, card_and_loss: null, w\u0435alth: 0.05}}}}\n",
     ["unknown need 'w\\u0435alth' (not ASCII: U+0435 CYRILLIC SMALL LETTER IE)"]),
    ("look-alike key", BASE + "branch: {windows: {v\u0456p: 1}}\n", ["'v\\u0456p'", "not ASCII: U+0456"]),
    ("extends a device", "extends: /dev/zero\nname: x\n", ["extends", "/dev/zero is not a regular file"]),
]

# Sizes that would blow up time or memory (issue 22): each is refused at validation, fast,
# naming the field and the allowed range (bounds and reasons: simkit.limits).
SIZES = [
    ("days 10**18", BASE + "horizon: {days: 1000000000000000000}\n", ["horizon.days", "between 1 and 10958"]),
    ("periods 10**12", BASE + "horizon: {periods: 1000000000000}\n", ["horizon.periods", "between 1 and 360"]),
    ("periods of quarters past 30 years", BASE + "horizon: {period: quarter, periods: 121}\n",
     ["horizon.periods", "more than 30 years", "at most 120 quarter periods"]),
    ("horizon past year 9999", BASE + "horizon: {start_date: '9999-12-01', days: 60}\n",
     ["horizon:", "would run past 9999-12-31"]),
    ("ten million windows", BASE + "branch: {windows: {ordinary: 10000000}}\n",
     ["branch.windows.ordinary", "between 0 and 100"]),
    ("10**30 customer managers", BASE + "branch: {customer_managers: " + "1" + "0" * 30 + "}\n",
     ["branch.customer_managers", "between 0 and 100"]),
    ("10**30 lobby managers", BASE + "branch: {lobby_managers: " + "1" + "0" * 30 + "}\n",
     ["branch.lobby_managers", "between 0 and 20"]),
    ("a billion machines", BASE + "branch: {self_service: {machines: 1000000000}}\n",
     ["branch.self_service.machines", "between 0 and 100"]),
    ("staff list longer than any branch", BASE + "branch: {windows: {ordinary: 100, vip: 100, corporate: 100}}\n"
     "staff: {tellers: [" + ", ".join(f"{{id: p{i}}}" for i in range(301)) + "]}\n",
     ["staff.tellers", "lists 301 entries; allowed: at most 300"]),
    ("billions of customers a day", BASE + "arrivals: {hourly: 1000000000}\n",
     ["arrivals.hourly", "5.74e+10 customers", "at most 5,000,000 customers", "not even one day"]),
    ("busy branch over decades", BASE + "arrivals: {hourly: 5000}\nhorizon: {days: 10000}\n",
     ["arrivals.hourly", "at most 5,000,000 customers", "at most 122 days"]),
    ("weekday factor 1e300", BASE + "arrivals: {weekday: [1, 1, 1, 1, 1, 1, 1.0e+300]}\n",
     ["arrivals.weekday.6", "between 0.01 and 10"]),
    ("day-of-month factor 1e300", BASE + "arrivals: {day_of_month: {1: 1.0e+300}}\n", ["arrivals.day_of_month.1", "between 0.01 and 10"]),
    ("month-end factor 1e300", BASE + "arrivals: {month_end: {factor: 1.0e+300}}\n", ["arrivals.month_end.factor", "between 0.01 and 10"]),
    ("month end longer than a month", BASE + "arrivals: {month_end: {last_days: 40}}\n",
     ["arrivals.month_end.last_days", "between 0 and 31"]),
    ("patrol every nanosecond", BASE + "branch: {second_triage: {check_every: 1.0e-9}}\n",
     ["branch.second_triage.check_every", "between 1 and 1440"]),
    ("selling every nanosecond", BASE + "staff: {lobby_work: {sell_gap: 1.0e-9}}\n", ["staff.lobby_work.sell_gap", "between 1 and 1440"]),
    ("machines failing every nanosecond", BASE + "branch: {self_service: {mtbf_minutes: 1.0e-9}}\n",
     ["branch.self_service.mtbf_minutes", "between 10 and 15,779,520"]),
    ("loan term of 10**18 months", BASE + "bank: {loans: {term_months: 1000000000000000000}}\n",
     ["bank.loans.term_months", "between 1 and 360"]),
    ("write-off after a century", BASE + "bank: {loans: {write_off_months: 1200}}\n",
     ["bank.loans.write_off_months", "between 1 and 120"]),
    ("outside visits of a nanosecond", BASE + "staff: {manager_work: {visit_minutes: 1.0e-9}}\n",
     ["staff.manager_work.visit_minutes", "between 5 and 1440"]),
]


@pytest.mark.parametrize("case,text,fragments", CASES + SIZES, ids=[c[0] for c in CASES + SIZES])
def test_bad_file_gets_a_clear_message(tmp_path, capsys, case, text, fragments):
    f = tmp_path / "bad.yaml"
    f.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    t0 = time.perf_counter()
    status = main(["validate", str(f)])
    elapsed = time.perf_counter() - t0
    out = capsys.readouterr()
    text_out = out.out + out.err
    assert status == 2, text_out
    assert str(f) in text_out
    for frag in fragments:
        assert frag in text_out, f"{frag!r} not in:\n{text_out}"
    assert "Traceback" not in text_out
    assert elapsed < 2.0, f"took {elapsed:.1f}s"


@pytest.mark.parametrize("case,text,fragments", SIZES, ids=[c[0] for c in SIZES])
def test_absurd_size_refused_in_under_a_second(tmp_path, case, text, fragments):
    from simkit.scenario import ScenarioError, load_scenario

    f = tmp_path / "big.yaml"
    f.write_text(text, encoding="utf-8")
    load_scenario(SCENARIOS / "baseline.yaml")  # warm: imports and the base file's first read
    t0 = time.perf_counter()
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    assert time.perf_counter() - t0 < 1.0
    assert len(info.value.problems) == 1, str(info.value)  # one clear line, not an echo per element


def test_bounds_leave_every_shipped_scenario_valid():
    from simkit.scenario import load_scenario

    files = sorted(SCENARIOS.glob("*.yaml")) + sorted((SCENARIOS / "schemes").glob("*.yaml"))
    assert len(files) > 20
    for f in files:
        load_scenario(f)


def test_a_fifo_is_refused_without_waiting(tmp_path, capsys):
    import os

    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    (tmp_path / "child.yaml").write_text("extends: pipe.yaml\n")
    for target in (fifo, tmp_path / "child.yaml"):
        assert main(["validate", str(target)]) == 2
        assert "is not a regular file" in capsys.readouterr().err


def test_validating_a_device_directly(capsys):
    assert main(["validate", "/dev/zero"]) == 2
    assert capsys.readouterr().err == ("/dev/zero: is not a regular file (a device, pipe or socket); "
                                       "allowed: a YAML scenario file\n")


def test_long_extends_chain_names_the_file_validated(tmp_path, capsys):
    for i in range(40):
        (tmp_path / f"c{i}.yaml").write_text(f"extends: c{i + 1}.yaml\n")
    (tmp_path / "c40.yaml").write_text((SCENARIOS / "baseline.yaml").read_text())
    first = tmp_path / "c0.yaml"
    assert main(["validate", str(first)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{first}: extends: the extends chain of {first} is longer than 32 files ("), err
    assert "c31.yaml -> c32.yaml); allowed: at most 32 files in one chain" in err


def test_python_tag_is_never_executed(tmp_path):
    marker = tmp_path / "pwned"
    f = tmp_path / "bad.yaml"
    f.write_text(f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    assert main(["validate", str(f)]) == 2
    assert not marker.exists()


def test_extends_cycle_is_named(tmp_path, capsys):
    (tmp_path / "a.yaml").write_text("extends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("extends: a.yaml\n")
    assert main(["validate", str(tmp_path / "a.yaml")]) == 2
    err = capsys.readouterr().err
    assert "extends cycle: a.yaml -> b.yaml -> a.yaml" in err


def test_several_problems_reported_at_once(tmp_path, capsys):
    f = tmp_path / "bad.yaml"
    f.write_text(BASE + "branch: {lobby_managers: -1, customer_managers: -2}\nseed: x\n")
    assert main(["validate", str(f)]) == 2
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.strip()]
    assert len(lines) == 3
