"""The stored scheme runs are still the model's: the first seed of every arm, run again, gives
every stored number (to ``simkit.library.truth.RTOL``, 1e-9 relative: the last bits of a number
differ between machines of different kinds, never more; ``simkit.library.truth`` says why).

The behaviour tests (test_effects.py, test_throughput.py) read the summaries of about 300 runs
from ``scheme_runs.STORE`` instead of spending half an hour of the suite on them. The model is
deterministic, so a change that moves any of its results moves them at every seed; running one
seed of each of the 17 arms (each scheme file, its months, its foresight) finds it. A new
number in a summary (a new habit's column) is allowed; a stored number that changed or went
missing is not. After a deliberate model change: ``python tests/scheme_runs.py --write``.
"""
from __future__ import annotations

import json

import pytest

from simkit.library.truth import close

from scheme_runs import ARMS, STORE, StaleStore, rerun, seeds_of, stored_runs

pytestmark = pytest.mark.statistical


@pytest.fixture(scope="module")
def store():
    try:
        return stored_runs()
    except StaleStore as error:
        pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="module")
def fresh():
    return rerun([(arm, seeds_of(arm)[0]) for arm in ARMS])


@pytest.mark.parametrize("arm", ARMS)
def test_the_first_seed_of_the_arm_gives_the_stored_numbers(arm, store, fresh):
    seed = seeds_of(arm)[0]
    stored, now = store[arm][seed], fresh[(arm, seed)]
    missing = sorted(set(stored) - set(now))
    assert not missing, f"{arm} seed {seed}: no longer computed: {missing}"
    changed = {key: (value, now[key]) for key, value in stored.items() if not close(value, now[key])}
    assert not changed, (f"{arm} seed {seed}: {len(changed)} numbers changed (stored, now), e.g. "
                         f"{dict(list(changed.items())[:4])}; after a deliberate model change run "
                         "`python tests/scheme_runs.py --write`")


@pytest.mark.slow
def test_a_store_of_other_seeds_is_refused_naming_the_arm_and_the_command(tmp_path):
    payload = json.loads(STORE.read_text(encoding="utf-8"))
    payload["design"]["teller_team_pay"]["seeds"] = [1, 2, 3]
    path = tmp_path / "scheme_runs.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(StaleStore, match=r"teller_team_pay.*scheme_runs.py --write"):
        stored_runs(path)
    with pytest.raises(StaleStore, match="missing"):
        stored_runs(tmp_path / "nowhere.json")
