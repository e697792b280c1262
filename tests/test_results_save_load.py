"""``Results.save`` and ``simkit.load``: no silent overwrite, no half-replaced results, no mixed folders.

``save`` refuses a file in the way, a folder of other files and another run's results unless
``overwrite=True``; a save that fails leaves the earlier results loadable and unchanged.
``load`` checks the digests ``save`` records in ``run.json`` and refuses a ``scenario.yaml``
or a table swapped in from another run, naming the file and what to do; folders saved
without digests load as they always did. What ``save`` writes, ``load`` reads.
"""
from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest

import simkit
from simkit import ArgumentError, SimkitError
from simkit.experiment import StoreError
from simkit.results import TABLES, Results, check_save_folder

from helpers import SCENARIOS


@pytest.fixture(scope="module")
def runs():
    """Two short runs of different scenarios."""
    return (simkit.run(SCENARIOS / "mmc.yaml", days=1, seed=1, progress=False),
            simkit.run(SCENARIOS / "baseline.yaml", days=1, seed=2, progress=False))


def _same(back, res) -> None:
    assert back.scenario == res.scenario and back.seed == res.seed and back.days == res.days
    pd.testing.assert_frame_equal(back.customers, res.customers, check_categorical=False)


# ------------------------------------------------------------------------------ save
def test_save_refuses_to_replace_another_runs_results_unless_asked(runs, tmp_path):
    one, two = runs
    folder = tmp_path / "r"
    one.save(folder)
    with pytest.raises(ArgumentError) as info:
        two.save(folder)
    message = str(info.value)
    assert str(folder) in message and "already holds saved results" in message
    assert "overwrite=True" in message and "--force" in message
    _same(simkit.load(folder), one)  # untouched
    assert two.save(folder, overwrite=True) == folder
    _same(simkit.load(folder), two)


def test_save_onto_a_file_or_a_folder_of_other_files_is_refused(runs, tmp_path):
    one, _ = runs
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    for target, says in ((file, "is a file, not a folder"), (tmp_path, "holds other files (notes.txt)")):
        for overwrite in (False, True):
            with pytest.raises(ArgumentError, match=r"^folder: ") as info:
                one.save(target, overwrite=overwrite)
            assert f"folder: {target} {says}" in str(info.value)
    assert file.read_text() == "mine" and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_command_names_its_own_flag(tmp_path, runs):
    runs[0].save(tmp_path / "r")
    with pytest.raises(ArgumentError, match=r"^out: \S+/r already holds saved results.*--force"):
        check_save_folder(tmp_path / "r", name="out")
    assert check_save_folder(tmp_path / "r", overwrite=True, name="out") == tmp_path / "r"
    assert check_save_folder(tmp_path / "new") == tmp_path / "new"


def test_a_failed_save_leaves_the_earlier_results_as_they_were(runs, tmp_path, monkeypatch):
    one, two = runs
    folder = tmp_path / "r"
    one.save(folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    failing = Results(two.scenario, two.seed, two.days, tables={name: getattr(two, name) for name in TABLES})

    written = []
    to_parquet = pd.DataFrame.to_parquet

    def full_disk(self, *args, **kwargs):  # the disk fills up at the fourth table
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(to_parquet(self, *args, **kwargs))

    monkeypatch.setattr(pd.DataFrame, "to_parquet", full_disk)
    with pytest.raises(OSError, match="No space left"):
        failing.save(folder, overwrite=True)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temporary left, nothing replaced
    _same(simkit.load(folder), one)


def test_save_refuses_a_scenario_that_would_not_load_again(runs, tmp_path):
    """A scenario changed without validation (``model_copy``) may not read back: save says so
    before writing anything, rather than write results that load then refuses."""
    one, _ = runs
    broken = one.scenario.model_copy(update={"seed": -5})
    res = Results(broken, one.seed, one.days, tables={name: getattr(one, name) for name in TABLES})
    with pytest.raises(StoreError, match=r"scenario\.yaml: the scenario cannot be saved so that it loads again "
                                         r"\(it does not validate: .*seed.*nothing was written"):
        res.save(tmp_path / "r")
    assert not (tmp_path / "r").exists()


def test_what_save_writes_load_reads_whatever_its_size(runs, tmp_path, monkeypatch):
    """The saved scenario is read back without the scenario loader's size limit for files
    written by hand (here shrunk below the saved file's size)."""
    from simkit.scenario import loader

    one, _ = runs
    one.save(tmp_path / "r")
    monkeypatch.setattr(loader, "MAX_BYTES", 100)
    with pytest.raises(simkit.scenario.ScenarioError, match="larger than 100 bytes"):
        simkit.scenario.load_scenario(tmp_path / "r" / "scenario.yaml")
    _same(simkit.load(tmp_path / "r"), one)


# ------------------------------------------------------------------------------ load
def test_load_refuses_a_scenario_swapped_for_another_runs(runs, tmp_path):
    one, two = runs
    one.save(tmp_path / "a")
    two.save(tmp_path / "b")
    shutil.copy(tmp_path / "b" / "scenario.yaml", tmp_path / "a" / "scenario.yaml")
    with pytest.raises(StoreError) as info:
        simkit.load(tmp_path / "a")
    message = str(info.value)
    assert message.startswith(f"{tmp_path / 'a' / 'scenario.yaml'} is not the scenario these results were saved with")
    assert "put back the scenario.yaml saved with these results" in message and "--force" in message
    assert "\n" not in message and isinstance(info.value, SimkitError)


def test_load_refuses_an_edited_scenario_and_accepts_a_reformatted_one(runs, tmp_path):
    one, _ = runs
    folder = tmp_path / "a"
    one.save(folder)
    path = folder / "scenario.yaml"
    text = path.read_text()
    path.write_text("# my notes\n" + text)  # same scenario, other text: the resolved digest is the same
    _same(simkit.load(folder), one)
    path.write_text(text.replace("    ordinary: 4\n", "    ordinary: 5\n", 1))  # one more window
    assert path.read_text() != text
    with pytest.raises(StoreError, match="is not the scenario these results were saved with"):
        simkit.load(folder)
    path.write_text("extends: ../other.yaml\n")
    with pytest.raises(StoreError, match=r"is not the scenario saved with these results \(it does not validate"):
        simkit.load(folder)


def test_load_refuses_a_table_from_another_run(runs, tmp_path):
    one, two = runs
    one.save(tmp_path / "a")
    two.save(tmp_path / "b")
    shutil.copy(tmp_path / "b" / "events.parquet", tmp_path / "a" / "events.parquet")
    with pytest.raises(StoreError, match=rf"^{tmp_path / 'a' / 'events.parquet'} is not the table saved with these "
                                         rf"results .*overwrite=True"):
        simkit.load(tmp_path / "a")


def test_folders_saved_without_digests_load_unchecked(runs, tmp_path):
    one, two = runs
    one.save(tmp_path / "a")
    two.save(tmp_path / "b")
    meta = json.loads((tmp_path / "a" / "run.json").read_text())
    del meta["digests"]
    (tmp_path / "a" / "run.json").write_text(json.dumps(meta))
    shutil.copy(tmp_path / "b" / "scenario.yaml", tmp_path / "a" / "scenario.yaml")
    assert simkit.load(tmp_path / "a").scenario == two.scenario  # as before digests: not checked


@pytest.mark.parametrize("damage,says", [
    ("no folder", "no such folder"),
    ("no run.json", "no run.json here"),
    ("run.json truncated", "run.json is damaged"),
    ("run.json a list", "run.json is damaged (not the seed, days and digests"),
    ("table truncated", "customers.parquet is not the table saved"),
    ("table missing", "customers.parquet: cannot read the table"),
])
def test_a_damaged_folder_is_refused_in_one_line(damage, says, runs, tmp_path):
    folder = tmp_path / "a"
    runs[0].save(folder)
    if damage == "no folder":
        shutil.rmtree(folder)
    elif damage == "no run.json":
        (folder / "run.json").unlink()
    elif damage == "run.json truncated":
        (folder / "run.json").write_text((folder / "run.json").read_text()[:40])
    elif damage == "run.json a list":
        (folder / "run.json").write_text("[]")
    elif damage == "table truncated":
        data = (folder / "customers.parquet").read_bytes()
        (folder / "customers.parquet").write_bytes(data[: len(data) // 2])
    else:
        (folder / "customers.parquet").unlink()
    with pytest.raises(StoreError) as info:
        simkit.load(folder)
    assert says in str(info.value) and str(folder) in str(info.value) and "\n" not in str(info.value)
