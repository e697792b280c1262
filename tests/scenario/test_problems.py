"""Bad scenario files: each gets one clear line per problem, exit status 2, no traceback.

Every case writes a small file (most extend a valid base) and runs ``simkit validate`` in
process; the output must name the file, the field path and what is allowed.
"""
from __future__ import annotations

import time

import pytest

from simkit.cli import main
from simkit.scenario import ScenarioError, load_scenario

EXT = "extends: base.yaml\n"
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))

# id, file text (or bytes), field path fragment, fragment of what is wrong / allowed, line (or None)
CASES = [
    ("unknown-field", EXT + "brnach: {}\n", "brnach", "did you mean 'branch'", 2),
    ("unknown-window-type", EXT + "branch:\n  windows: {ordinary: 3, vipp: 1}\n", "branch.windows.vipp",
     "did you mean 'vip'? allowed keys: 'ordinary', 'vip', 'corporate'", 3),
    ("unknown-nested-field", EXT + "branch:\n  self_service: {machnes: 2}\n", "branch.self_service.machnes",
     "did you mean 'machines'", 3),
    ("bad-literal", EXT + "customers:\n  segments:\n    vip: {ticket: gold}\n", "customers.segments.vip.ticket",
     "must be one of 'vip', 'corporate', 'ordinary'", 4),
    ("string-for-int", EXT + "branch: {lobby_managers: two}\n", "branch.lobby_managers",
     "must be a whole number between 0 and 20", 2),
    ("string-for-number", EXT + "needs:\n  deposit: {channels: {teller: {mean: fast}}}\n",
     "needs.deposit.channels.teller.mean", "must be a number > 0", 3),
    ("negative-capacity", EXT + "branch:\n  lobby_managers: -1\n", "branch.lobby_managers",
     "must be a whole number between 0 and 20", 3),
    ("negative-rate", EXT + "arrivals:\n  hourly: {9: -5}\n", "arrivals.hourly.9", "must be a number >= 0", 3),
    ("zero-rate-scalar", EXT + "arrivals: {hourly: 0}\n", "arrivals.hourly", "a number >= 1e-06", 2),
    ("dist-mean-zero", EXT + "needs:\n  query:\n    channels:\n      teller: {mean: 0}\n",
     "needs.query.channels.teller.mean", "must be a number > 0", 5),
    ("probability-above-1", EXT + "customers:\n  segments:\n    mass: {accepts_self_service: 1.5}\n",
     "customers.segments.mass.accepts_self_service", "must be a probability between 0 and 1", 4),
    ("probability-negative", EXT + "customers:\n  balking: {per_person: -0.1}\n",
     "customers.balking.per_person", "must be a probability between 0 and 1", 3),
    ("need-mix-not-1", EXT + "customers:\n  segments:\n    mass:\n      needs: {deposit: 0.5, query: 0.2}\n",
     "customers.segments.mass.needs", "must sum to 1", 5),
    ("window-nobody-uses", EXT + "branch:\n  windows: {corporate: 1}\n  calling: {corporate: [corporate]}\n",
     "branch.windows.corporate", "customers only hold ['ordinary', 'vip'] tickets", 3),
    ("need-no-channel", EXT + "branch: {self_service: {machines: 0}}\n"
                              "needs:\n  kiosk_only: {channels: {self_service: {mean: 1.0}}}\n",
     "needs.kiosk_only.channels", "the branch has only", 4),
    ("open-after-close", EXT + "branch:\n  open: '17:00'\n  close: '09:00'\n", "branch", "must be before close", 2),
    ("bad-clock", EXT + "branch:\n  open: '9 am'\n", "branch.open", "allowed: 'HH:MM'", 3),
    ("unknown-need-in-segment", EXT + "customers:\n  segments:\n    mass:\n"
                                      "      needs: {deposit: 0.7, query: 0.2, lottery: 0.1}\n",
     "customers.segments.mass.needs.lottery", "defined needs: ['deposit', 'query']", 5),
    ("missing-required", "name: x\nneeds: {}\n", "customers", "is required but missing", None),
    ("missing-extends-target", "extends: nowhere.yaml\nname: x\n", "extends", "does not exist", 1),
    ("malformed-yaml", EXT + "name: x\nbranch: {windows: [1,\n  2}\n", "", "malformed YAML", 4),
    ("bad-indentation", EXT + "name: x\n  seed: 3\n", "", "malformed YAML", 3),
    ("empty-file", "", "", "the file is empty; allowed: a YAML mapping", None),
    ("comments-only", "# nothing here\n\n", "", "the file is empty", None),
    ("not-utf8", b"name: caf\xe9\n", "", "not UTF-8 text (byte 0xe9 at offset 9", 1),
    ("duplicate-key", EXT + "name: a\nseed: 1\nname: b\n", "name", "first on line 2, again on line 4", 4),
    ("duplicate-nested-key", EXT + "branch:\n  lobby_managers: 1\n  lobby_managers: 2\n", "branch.lobby_managers",
     "allowed: each key once", 4),
    ("nan", EXT + "branch:\n  lobby_managers: .nan\n", "branch.lobby_managers", "must be a finite number; NaN and infinity are not allowed", 3),
    ("inf", EXT + "arrivals:\n  hourly: {9: .inf}\n", "arrivals.hourly.9", "must be a finite number", 3),
    ("deep-nesting", "name: " + "[" * 100_000, "", "nesting deeper than 50 levels", 1),
    ("deep-block-nesting", "".join("  " * i + f"k{i}:\n" for i in range(80)), "", "nesting deeper than 50", None),
    ("alias-bomb", BOMB, "", "alias bomb", None),
    ("python-tag", EXT + "name: !!python/object/apply:os.system ['touch PWNED']\n", "name",
     "is not allowed", 2),
    ("python-tag-on-mapping", EXT + "branch: !!python/object:simkit.Evil {lobby_managers: 1}\n", "branch",
     "allowed: plain YAML values without tags", 2),
    ("top-level-list", "- name\n- seed\n", "", "the top level must be a mapping of scenario fields", 1),
    ("top-level-scalar", "just words\n", "", "must be a mapping of scenario fields (name:, branch:", 1),
    ("two-documents", "name: a\n---\nname: b\n", "", "one document per file", 2),
    ("wrong-section-type", EXT + "branch: [1, 2]\n", "branch", "must be a mapping of fields", 2),
    ("bool-as-yes", EXT + "branch: {green_channel: yes}\n", "branch.green_channel", "must be true or false", 2),
    ("choices-union", EXT + "staff:\n  tellers:\n    - {id: t1, choices: {pace: 3}}\n",
     "staff.tellers.0.choices.pace", "must be a number between 0.5 and 2", 4),
    ("staff-over-posts", EXT + "branch: {lobby_managers: 0}\nstaff:\n  lobby_managers: [{id: x}]\n",
     "staff.lobby_managers", "1 people listed but the branch has 0 such posts", 4),
]


def _write_case(write, base, content):
    return write("case.yaml", content)


@pytest.mark.parametrize("content, path, phrase, line", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_validate_reports_problem(write, base, capsys, tmp_path, monkeypatch, content, path, phrase, line):
    monkeypatch.chdir(tmp_path)  # a tag that ran os.system would leave PWNED here
    f = _write_case(write, base, content)
    start = time.perf_counter()
    status = main(["validate", str(f)])
    elapsed = time.perf_counter() - start
    out, err = capsys.readouterr()
    text = out + err
    assert status == 2, text
    assert "Traceback" not in text
    assert "ok (scenario" not in out
    assert str(f) in err, err
    prefix = f"{f}:{line}:" if line else f"{f}:"
    if path:
        assert any(ln.startswith(prefix) and f" {path}:" in ln and phrase in ln for ln in err.splitlines()), err
    else:
        assert any(ln.startswith(prefix) and phrase in ln for ln in err.splitlines()), err
    assert elapsed < 2.0
    assert not (tmp_path / "PWNED").exists()


def test_extends_cycle_lists_the_cycle(write, capsys):
    a = write("a.yaml", "extends: b.yaml\nname: a\n")
    write("b.yaml", "extends: sub/c.yaml\n")
    write("sub/c.yaml", "extends: ../a.yaml\n")
    assert main(["validate", str(a)]) == 2
    err = capsys.readouterr().err
    assert "extends cycle:" in err and "Traceback" not in err
    names = [part.strip().rsplit("/", 1)[-1] for part in err.split("extends cycle:")[1].split(";")[0].split("->")]
    assert names == ["a.yaml", "b.yaml", "c.yaml", "a.yaml"]
    assert err.count("\n") == 1 and ": extends:" in err


def test_self_extends_is_a_cycle(write):
    f = write("self.yaml", "extends: self.yaml\n")
    with pytest.raises(ScenarioError, match="extends cycle"):
        load_scenario(f)


def test_missing_extends_names_file_field_and_target(write, capsys):
    f = write("child.yaml", "name: c\nextends: parts/base.yaml\n")
    assert main(["validate", str(f)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{f}:2: extends: the file it extends does not exist:")
    assert "parts/base.yaml" in err


def test_problem_in_base_file_names_base_line_and_child(write, base, capsys):
    text = base.read_text() + "seed: -3\n"
    bad = write("bad_base.yaml", text)
    child = write("child.yaml", f"extends: {bad.name}\nname: child\n")
    assert main(["validate", str(child)]) == 2
    err = capsys.readouterr().err
    line = text.count("\n")
    assert err == f"{bad}:{line}: seed: must be a whole number between 0 and 2**128 - 1 [inherited by {child}] (got -3)\n"


def test_problem_from_override_says_so(base):
    with pytest.raises(ScenarioError) as info:
        load_scenario(base, overrides={"branch.lobby_managers": -2})
    assert str(info.value) == (f"{base}: branch.lobby_managers: must be a whole number between 0 and 20 "
                               f"[set by override branch.lobby_managers] (got -2)")


def test_all_problems_reported_together(write, base):
    f = write("many.yaml", EXT + "brnach: 1\nseed: -1\nhorizon: {days: 0, start_date: 2026-13-40}\n"
                               "customers: {segments: {mass: {share: 2}}}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    paths = [p.path for p in info.value.problems]
    assert set(paths) == {"brnach", "seed", "horizon.days", "horizon.start_date", "customers.segments.mass.share"}
    assert len(str(info.value).splitlines()) == 5


def test_duplicates_and_nan_reported_with_validation_problems(write, base):
    f = write("mixed.yaml", EXT + "seed: 1\nseed: 2\nbranch: {lobby_managers: .nan}\nhorizon: {days: 0}\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    by_path = {p.path: p for p in info.value.problems}
    assert set(by_path) == {"seed", "branch.lobby_managers", "horizon.days"}  # one line each, no echo
    assert by_path["seed"].line == 3 and by_path["branch.lobby_managers"].line == 4


def test_alias_bomb_is_fast_and_small(write):
    import tracemalloc

    f = write("bomb.yaml", BOMB)
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match="alias bomb"):
        load_scenario(f)
    elapsed = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 2.0
    assert peak < 100_000_000


def test_oversized_file_refused_without_parsing(write):
    f = write("big.yaml", "name: x\n" + "# padding\n" * 600_000)
    start = time.perf_counter()
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario(f)
    assert time.perf_counter() - start < 1.0


def test_missing_file(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "nope.yaml")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_control_character_is_malformed(write):
    f = write("ctl.yaml", "name: a\x00b\n")
    with pytest.raises(ScenarioError, match="malformed YAML"):
        load_scenario(f)


def test_problem_rendering():
    from simkit.scenario import Problem

    assert str(Problem("a.yaml", "branch.open", "'25:00'", "must be HH:MM", 7)) == \
        "a.yaml:7: branch.open: must be HH:MM (got '25:00')"
    assert str(Problem("a.yaml", "", None, "the file is empty")) == "a.yaml: the file is empty"
    long = Problem("a.yaml", "x", None, "m")
    with pytest.raises(Exception):
        long.path = "y"  # frozen


def test_value_is_shortened(write, base):
    f = write("long.yaml", EXT + "seed: '" + "9" * 200 + "'\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(f)
    (problem,) = info.value.problems
    assert len(problem.value) <= 60 and problem.value.endswith("...")
