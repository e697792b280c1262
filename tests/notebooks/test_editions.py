"""The English and Chinese editions of a bilingual notebook come from its one twin and say the same.

``scripts/run_notebooks.py`` writes each bilingual twin (markdown cells tagged ``lang=en`` /
``lang=zh``) as ``notebooks/NN_topic.ipynb`` and ``notebooks/zh/NN_topic.ipynb``. These tests
read the stored editions (no kernel runs, except the figure tests, which draw two figures):

* each edition is exactly what the twin gives for its language, executed, with its outputs, under
  the time budget the meta-tests hold English notebooks to;
* (a) the Chinese edition has **no English sentence**: no run of four or more English words
  (letters only, separated by spaces or ``,;:``) in its prose or its printed outputs, once code
  (fenced blocks, inline code, identifiers with ``_`` or ``.``, file names) and seed quotations
  (「…」) are set aside; its table headers have no English word at all; its figures have no
  English word at all (their text is collected from the figures the notebook's functions draw);
* (b) **the same numbers**: every code cell prints the same multiset of numbers in both editions;
* (c) **Simplified-Chinese glyphs**: matplotlib, set up as the Chinese edition sets it up, draws
  门, 复, 直 and 骨 with a Simplified-Chinese face, each glyph present (not a box) and, where the
  font file also holds the Japanese face, different from the Japanese form.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import jupytext
import matplotlib
import matplotlib.pyplot as plt
import nbformat
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font

import simkit
from simkit.dashboard.editions import (
    NOTEBOOK_LABELS,
    SC_FONT_NAMES,
    gantt_figure,
    queue_figure,
    segment_waits_figure,
    use_language,
    wait_histogram,
)
from simkit.dashboard.i18n import LABELS

from helpers import load_script

ROOT = Path(__file__).resolve().parents[2]
NB_DIR = ROOT / "notebooks"
ZH_DIR = NB_DIR / "zh"


runner = load_script("scripts", "run_notebooks")
TWINS = {p: jupytext.read(p) for p in sorted(NB_DIR.glob("[0-9][0-9]_*.py"))}
BILINGUAL = sorted(p for p, nb in TWINS.items() if runner.languages(nb) != ("en",))
HEADROOM_S = 45.0  # the meta-tests' limit for a stored run (tests/notebooks/test_meta.py: HEADROOM_S)

#: English prose: four or more words of letters in a row, separated by blanks or , ; :
ENGLISH_RUN = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*(?:[ \t\n,;:]+[A-Za-z]+(?:-[A-Za-z]+)*){3,}")
#: what is code or a name, not prose: fenced and inline code, identifiers, paths, seed quotations
NOT_PROSE = [re.compile(r"^```.*?^```", re.M | re.S), re.compile(r"`[^`]*`"), re.compile(r"「[^」]*」"),
             re.compile(r"\b[\w./-]*[_./][\w./-]*\b")]
ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: a header cell of a table as pandas writes it in HTML (column titles and index names)
HEADER = re.compile(r"<th(?:\s[^>]*)?>(.*?)</th>", re.S)


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _outputs(cell) -> str:
    """What a code cell shows as text: its streams and the plain text of its results."""
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.get("text", ""))
        elif "data" in out:
            parts.append(out["data"].get("text/plain", ""))
    return "\n".join(parts)


def english_runs(text: str) -> list[str]:
    """Runs of four or more English words in ``text`` outside code, identifiers and quotations."""
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    return ENGLISH_RUN.findall(text)


def _zh(twin: Path) -> Path:
    return ZH_DIR / twin.with_suffix(".ipynb").name


def _cells(nb) -> list[tuple]:
    return [(c.cell_type, c.source, tuple(c.metadata.get("tags", []))) for c in nb.cells]


def test_the_notebooks_labels_and_the_dashboard_s_are_one_registry():
    """No key means two things, and every notebook label has both languages with the same fields."""
    assert not set(NOTEBOOK_LABELS) & set(LABELS), "a key of editions.NOTEBOOK_LABELS is also in i18n.LABELS"
    field = re.compile(r"\{(\w+)")
    for key, entry in NOTEBOOK_LABELS.items():
        assert set(entry) == {"en", "zh"} and all(entry.values()), key
        assert set(field.findall(entry["en"])) == set(field.findall(entry["zh"])), f"{key}: fields differ"


def test_some_notebook_is_bilingual_and_its_chinese_edition_is_stored():
    assert BILINGUAL, "no twin has cells tagged lang=zh"
    for twin in BILINGUAL:
        assert _zh(twin).exists(), f"{_zh(twin)} is missing: make notebooks NB={twin.stem[:2]}"
    stray = sorted(p.name for p in ZH_DIR.glob("*.ipynb")) if ZH_DIR.exists() else []
    assert stray == sorted(_zh(t).name for t in BILINGUAL), "notebooks/zh/ holds an edition of no bilingual twin"


@pytest.mark.parametrize("twin", BILINGUAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_each_edition_is_what_the_twin_gives(twin, lang):
    """The twin is as jupytext writes it, and each stored edition has exactly the twin's cells of
    its language, with LANG set to it (what tests/notebooks/test_meta.py checks of one-language twins)."""
    assert twin.read_text(encoding="utf-8") == runner.twin_text(TWINS[twin]), f"{twin.name}: make notebooks"
    stored = _read(runner.edition_path(twin, lang))
    assert _cells(stored) == _cells(runner.edition(TWINS[twin], lang)), (
        f"{runner.edition_path(twin, lang).name} ({lang}) differs from its twin: make notebooks NB={twin.stem[:2]}")
    assert any(f'LANG = "{lang}"' in c.source for c in stored.cells if c.cell_type == "code")


@pytest.mark.parametrize("twin", BILINGUAL, ids=lambda p: p.stem)
def test_the_chinese_edition_was_run_in_order_with_outputs_fast_and_right(twin):
    nb = _read(_zh(twin))
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.execution_count for c in code] == list(range(1, len(code) + 1))
    for i, c in enumerate(code):
        tags = set(c.metadata.get("tags", []))
        assert c.outputs or tags & {"answer", "no-output"}, f"{_zh(twin).name} code cell {i} has no output"
        for out in c.outputs:
            assert out.output_type != "error", f"{_zh(twin).name} code cell {i} stored an error"
            assert "✘ [" not in out.get("text", ""), f"{_zh(twin).name} code cell {i}: a wrong answer stored"
            assert not re.search(r"\w+Warning\b", out.get("text", "")), f"{_zh(twin).name} cell {i}: a warning"
    seconds = nb.metadata.get("simkit", {}).get("run_seconds")
    assert seconds is not None and seconds < HEADROOM_S, f"{_zh(twin).name} took {seconds} s; the limit is 45 s"


@pytest.mark.parametrize("twin", BILINGUAL, ids=lambda p: p.stem)
def test_the_chinese_edition_has_no_english_sentence(twin):
    nb = _read(_zh(twin))
    found = [(i, run) for i, c in enumerate(nb.cells)
             for run in english_runs(c.source if c.cell_type == "markdown" else _outputs(c))]
    assert not found, f"{_zh(twin).name}: English sentences (cell, words): {found}"


@pytest.mark.parametrize("twin", BILINGUAL, ids=lambda p: p.stem)
def test_the_chinese_edition_s_table_headers_are_chinese(twin):
    def headers_of(path):
        return [h for c in _read(path).cells if c.cell_type == "code" for out in c.outputs
                for h in HEADER.findall(out.get("data", {}).get("text/html", ""))]

    headers = headers_of(_zh(twin))
    if not headers_of(runner.edition_path(twin, "en")):
        pytest.skip(f"{twin.stem} shows no table in either edition")
    assert headers, "no table in the Chinese edition"
    english = sorted({h for h in headers if ENGLISH_WORD.search(h)})
    assert not english, f"{_zh(twin).name}: table headers in English: {english}"


@pytest.mark.parametrize("twin", BILINGUAL, ids=lambda p: p.stem)
def test_both_editions_print_the_same_numbers(twin):
    en, zh = ([c for c in _read(p).cells if c.cell_type == "code"] for p in (runner.edition_path(twin, "en"), _zh(twin)))
    assert len(en) == len(zh)
    for i, (a, b) in enumerate(zip(en, zh)):
        numbers_en, numbers_zh = Counter(NUMBER.findall(_outputs(a))), Counter(NUMBER.findall(_outputs(b)))
        assert numbers_en == numbers_zh, (f"{twin.stem} code cell {i}: only in English {numbers_en - numbers_zh}, "
                                          f"only in Chinese {numbers_zh - numbers_en}")


def test_the_rules_find_english_and_pass_chinese():
    assert english_runs("The line above the table says by how much.") == ["The line above the table says by how much"]
    assert english_runs("平均等候：6.5 分钟；见 `res.save(\"out/run1\")` 和 docs/sources.md，「理财要完成 target amount 了」")\
        == []
    assert english_runs("种子 1 的 potential_hv 客户，simkit 0.1.0；['baseline', 'large_branch', 'mmc']") == []
    assert english_runs("✔ [00.customers] Right.") == []


@pytest.fixture(scope="module")
def zh_figures():
    """The figures of notebooks 00 and 01 as their Chinese editions draw them (one baseline day, seed 1)."""
    matplotlib.use("Agg")
    saved = dict(plt.rcParams)
    use_language("zh")
    res = simkit.run(simkit.scenario.shipped("baseline"), days=1, seed=1)
    served = res.customers[res.customers["start"].notna()]
    figures = [queue_figure(res, "zh").figure, wait_histogram(served, "zh", seed=1),
               segment_waits_figure(res, "zh").figure, gantt_figure(res, 0, "zh")]
    yield figures
    for fig in figures:
        plt.close(fig)
    plt.rcParams.update(saved)


def _texts(fig) -> list[str]:
    texts = [t.get_text() for t in fig.findobj(matplotlib.text.Text)]
    return [t for t in texts if t.strip()]


def test_the_chinese_figures_have_no_english_word(zh_figures):
    for fig in zh_figures:
        texts = _texts(fig)
        assert any(re.search(r"[\u4e00-\u9fff]", t) for t in texts), "a Chinese figure with no Chinese text"
        english = [t for t in texts if ENGLISH_WORD.search(t)]
        assert not english, f"English in a Chinese figure: {english}"


def _draw(text: str, family: str | None) -> np.ndarray:
    fig = plt.figure(figsize=(1, 1), dpi=40)
    fig.text(0.1, 0.2, text, fontsize=30, **({"family": family} if family else {}))
    fig.canvas.draw()
    pixels = np.asarray(fig.canvas.buffer_rgba()).copy()
    plt.close(fig)
    return pixels


@pytest.mark.parametrize("char", list("门复直骨"))
def test_chinese_figures_draw_the_simplified_chinese_form(char):
    """Drawn as the Chinese edition draws text: with a face of SC_FONT_NAMES that has the glyph,
    pixel for pixel the SC face's glyph, and not the Japanese form of the same font file."""
    matplotlib.use("Agg")
    saved = dict(plt.rcParams)
    try:
        use_language("zh")
        face = plt.rcParams["font.sans-serif"][0]
        assert face in SC_FONT_NAMES
        path = font_manager.findfont(font_manager.FontProperties(family=face), fallback_to_default=False)
        font = FT2Font(path, face_index=getattr(path, "face_index", 0))
        assert font.family_name in SC_FONT_NAMES, f"the face chosen is {font.family_name}"
        assert font.get_char_index(ord(char)) != 0, f"{font.family_name} has no glyph for {char}: a box"
        drawn = _draw(char, None)
        assert (drawn == _draw(char, face)).all(), f"{char} is not drawn with {face}"
        assert (drawn != 255).any(), f"{char} drew nothing"
        japanese = [f.name for f in font_manager.fontManager.ttflist
                    if f.fname == str(getattr(path, "path", path)) and f.name.endswith("CJK JP")]
        if japanese:  # a Pan-CJK file: the Japanese face draws this character differently
            assert not (drawn == _draw(char, japanese[0])).all(), f"{char} is drawn in its Japanese form"
    finally:
        plt.rcParams.update(saved)
