"""The notebooks' prose claims no more than their outputs show (counts and directions).

``test_prose_numbers.py`` checks every *figure* typed in the prose against what the notebook
prints. Two kinds of claim slip past it, because they are words, not digits:

(a) **Counts spelled out** — "over the last three months", "five replications", "eight
    seeds", 三个月. They describe the run, and the run is set by constants in the code cells
    (``TAIL = 2``, ``REPS``, ``periods=6``, ``DAYS = range(1, 6)``). ``COUNTS`` maps each
    pattern to the constants it must equal; a count with no such constant in the notebook
    fails too (the prose then describes a run the notebook does not make).

(b) **Directions** — "falls", "rises", "more", "fewer", "higher", "lower", "faster", "quickly"
    ... about a *result*. After the notebook's first simulation a result changes whenever
    the model is re-tuned while a typed "rises" does not, so such a claim must be a computed
    sentence (``simkit.report.schemes.say_difference`` or an f-string choosing its words from
    the numbers, which lives in a code cell and is not checked here) or be phrased as what a
    reader should ask or a theory predicts. A markdown sentence with a direction word passes
    only if it

    * is a question, or states a hypothesis, a mechanism or a condition (``HEDGES``: "the
      theory predicts", "should", "would", "is meant to", "if", "when", "whether" ...);
    * reports a cited source (an author–year citation or a seed document): that is the
      source's finding, and its figures are checked by ``test_prose_numbers.py``;
    * describes an input the notebook prints (``INPUTS``: what the scenario or the closed-form
      formulas set, which no simulation changes);
    * or is in ``VETTED``, where a person has checked it against the output named beside it.

    So a new claim of direction fails until a person rewords it or vets it. Keep ``VETTED``
    small: every entry names the output that justifies it.

Not read: exercise statements (their figures are the question's givens), cells tagged
``solution``, fenced code, inline code and Chinese quotations (the seeds' own words).
The notebooks are read from their ``.py`` twins, the files people edit.
"""
from __future__ import annotations

import ast
import importlib.util
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from helpers import CJK, QUOTE

ROOT = Path(__file__).resolve().parents[2]


def _sibling(name: str):
    """A sibling test module, loaded by path (pytest runs with --import-mode=importlib, so test
    modules cannot import each other by name): the figure rules are reused, not copied."""
    spec = importlib.util.spec_from_file_location(f"_{name}", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_numbers = _sibling("test_prose_numbers")
EXERCISE, FENCE, MAX_WORDS, unprinted = _numbers.EXERCISE, _numbers.FENCE, _numbers.MAX_WORDS, _numbers.unprinted
NB_DIR = ROOT / "notebooks"
TWINS = sorted(NB_DIR.glob("0[0-7]_*.py"))  # the teaching notebooks; 08 holds exercises only

WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
         "eleven": 11, "twelve": 12, "twenty": 20}  # "one" is left out: it is as often a pronoun ("one of ...")
CHINESE = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十二": 12}
_WORD = "|".join(WORDS)
_ZH = "|".join(sorted(CHINESE, key=len, reverse=True))

#: a spelled-out count in the prose -> the code constants (names, keyword arguments, scenario
#: override keys) it must equal. The first matching pattern decides, so specific ones come first.
COUNTS: list[tuple[re.Pattern, str, tuple[str, ...]]] = [
    (re.compile(rf"\blast ({_WORD}) months\b", re.I), "last months", ("TAIL", "last")),
    (re.compile(rf"最后({_ZH})个月"), "last months", ("TAIL", "last")),
    (re.compile(rf"\b({_WORD}) (?:simulated )?months\b", re.I), "months",
     ("MONTHS", "TAIL", "months", "periods", "horizon.periods")),
    (re.compile(rf"({_ZH})个月"), "months", ("MONTHS", "TAIL", "months", "periods", "horizon.periods")),
    (re.compile(rf"\b({_WORD}) (?:paired )?replications\b", re.I), "replications", ("REPS", "replications", "reps")),
    (re.compile(rf"\b({_WORD}) (?:replication )?seeds\b", re.I), "seeds", ("SEEDS", "seeds", "DAYS")),
    (re.compile(rf"\b({_WORD}) (?:simulated )?days\b", re.I), "days", ("DAYS", "LEVER_DAYS", "days")),
    (re.compile(rf"({_ZH})次重复"), "replications", ("REPS", "replications", "reps")),
]

DIRECTION = re.compile(
    r"\b(falls?|fell|falling|rises?|rose|rising|more|fewer|less|higher|lower|longer|shorter|faster|slower|"
    r"larger|smaller|increase[sd]?|decrease[sd]?|grows?|grew|drops?|dropped|cuts?|shortens?|lengthens?|"
    r"quickly|slowly|barely|hardly|better|worse|weaker|stronger|strongest|weakest|most|least|dips?|"
    r"a handful)\b", re.I)

#: a question, a hypothesis, a mechanism or a condition: what the reader should look for, not
#: what this run showed
HEDGES = re.compile(
    r"\?|\b(predicts?|predicted|prediction|theory|hypothes\w+|should|would|could|might|may|can|cannot|"
    r"expect\w*|meant to|if|when|whenever|whether|unless|once|as long as|suppose|in principle|the mechanism|"
    r"on paper|see whether|says? (?:which|whether|how))\b|^(?:Compare|Read|Look|Count|Set|Raise)\b",
    re.I)

#: a cited source: author(s) and year, or a seed document
CITED = re.compile(r"\b[A-Z][a-z]+(?: (?:&|and) [A-Z][a-z-]+| et al\.)?,? \(?(?:19|20)\d\d\b|\b[Ss]eeds? \d{3}\b")

#: inputs the notebook prints that no simulation changes, by notebook: the sentence's start -> why
INPUTS: dict[str, dict[str, str]] = {
    "01": {"Customers arrive most at the 9:00 opening":
           "the arrival profile is a scenario input (`arrivals.hourly`); cell 11 prints the busiest arrival hour"},
}

#: sentences checked by a person against the output named beside them (the sentence's start -> output)
VETTED: dict[str, dict[str, str]] = {
    "03": {"With 5 windows each is busy 80 % of the time":
           "the Erlang C table of section 1: a closed formula (`simkit.theory.erlang_c`), not a simulation, "
           "so no re-tuning of the model can change it"},
}

NOT_PROSE = [
    FENCE,                                                                   # fenced code
    EXERCISE,                                                                # exercise statements (givens)
    re.compile(r"<!-- BEGIN SOLUTION -->.*?<!-- END SOLUTION -->", re.S),
    re.compile(r"`[^`]*`"),                                                  # inline code
]
SIMULATES = re.compile(r"simkit\.run\(|compare_schemes\(|\bsimulate\(|run_sweep\(|learnability\(|\bcompare\(\{")


def read_twin(text: str):
    return jupytext.reads(text, fmt="py:percent")


def _prose(source: str) -> str:
    for pattern in NOT_PROSE:
        source = pattern.sub(" ", source)
    return QUOTE.sub(lambda m: " " if CJK.search(m.group(0)) else m.group(0), source)


def _count(token: str) -> int:
    return WORDS.get(token.lower(), CHINESE.get(token, -1))


def _literal(node, names: dict[str, int]) -> int | None:
    """The whole number a constant expression stands for: 3, REPS, range(1, 6) (its length)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "range"
            and node.args and all(isinstance(a, ast.Constant) for a in node.args[:2])):
        bounds = [a.value for a in node.args[:2]]
        return bounds[0] if len(bounds) == 1 else bounds[1] - bounds[0]
    return None


def _assign(target, value, names: dict[str, int], found: dict[str, set[int]]) -> None:
    pairs = (zip(target.elts, value.elts) if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple)
             and len(target.elts) == len(value.elts) else [(target, value)])
    for t, v in pairs:
        n = _literal(v, names)
        if isinstance(t, ast.Name) and n is not None:
            names[t.id] = n
            found.setdefault(t.id, set()).add(n)


def constants(nb) -> dict[str, set[int]]:
    """Whole-number constants the code cells set: names (``TAIL = 2``, ``MONTHS, REPS = 4, 3``,
    ``DAYS = range(1, 6)``), keyword arguments (``periods=2``) and override keys
    (``{"horizon.periods": MONTHS}``), each with every value it takes."""
    names: dict[str, int] = {}
    found: dict[str, set[int]] = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse("\n".join(line for line in cell.source.splitlines() if not line.startswith(("%", "!"))))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    _assign(target, node.value, names, found)
        for node in ast.walk(tree):
            keyed = []
            if isinstance(node, ast.Call):
                keyed = [(k.arg, k.value) for k in node.keywords if k.arg]
            elif isinstance(node, ast.Dict):
                keyed = [(k.value, v) for k, v in zip(node.keys, node.values)
                         if isinstance(k, ast.Constant) and isinstance(k.value, str)]
            for key, value in keyed:
                n = _literal(value, names)
                if n is not None:
                    found.setdefault(key, set()).add(n)
    return found


def count_mismatches(nb) -> list[str]:
    """Spelled-out counts of months, replications, seeds and days that no code constant of
    their kind equals."""
    values = constants(nb)
    bad = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or "solution" in cell.metadata.get("tags", []):
            continue
        text = _prose(cell.source)
        for pattern, kind, keys in COUNTS:
            for m in pattern.finditer(text):
                n = _count(m.group(1))
                set_by = {k: sorted(values[k]) for k in keys if k in values}
                if not any(n in v for v in set_by.values()):
                    bad.append(f"markdown cell {i}: {m.group(0)!r} ({kind}) — the code sets "
                               + (", ".join(f"{k}={v}" for k, v in set_by.items()) or f"none of {', '.join(keys)}"))
            text = pattern.sub(" ", text)  # a phrase is judged by the first pattern it matches
    return bad


def sentences(text: str) -> list[str]:
    """A markdown cell's sentences: split at ., ! and ? before a space, at list items and at
    paragraph breaks; line breaks inside a sentence joined."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z*(\"“「_])|\n\s*\n|\n\s*(?:[*-]|\d+\.)\s+|^#+\s.*$", text, flags=re.M)
    return [" ".join(p.split()) for p in parts if p and p.strip()]


def _first_checked(nb) -> int:
    """Index of the first markdown cell read for directions: the one just before the first
    code cell that simulates, since it says what that cell's output will show ("the opening
    rush, the lunch dip"); past the end when nothing simulates."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and SIMULATES.search(cell.source):
            return i - 1 if i and nb.cells[i - 1].cell_type == "markdown" else i + 1
    return len(nb.cells)


def _listed(sentence: str, table: dict[str, str]) -> bool:
    return any(sentence.startswith(start) for start in table)


def unvetted_directions(nb, prefix: str) -> list[str]:
    """Sentences from the first simulation on that claim a direction without a hedge, a
    citation, an input or a vetting entry."""
    start = _first_checked(nb)
    bad = []
    for i, cell in enumerate(nb.cells):
        if i < start or cell.cell_type != "markdown" or "solution" in cell.metadata.get("tags", []):
            continue
        for heading in re.findall(r"^#+\s+(.*)$", cell.source, flags=re.M):
            if DIRECTION.search(_prose(heading)) and not HEDGES.search(heading):
                bad.append(f"markdown cell {i}, heading: {heading!r}")
        for s in sentences(_prose(cell.source)):
            word = DIRECTION.search(s)
            if (not word or HEDGES.search(s) or CITED.search(s) or _listed(s, INPUTS.get(prefix, {}))
                    or _listed(s, VETTED.get(prefix, {}))):
                continue
            bad.append(f"markdown cell {i} ({word.group(0)!r}): {s}")
    return bad


@pytest.mark.parametrize("path", TWINS, ids=[p.stem for p in TWINS])
def test_spelled_out_counts_match_the_code(path):
    bad = count_mismatches(read_twin(path.read_text(encoding="utf-8")))
    assert not bad, (f"{path.name}: counts in the prose that the code does not set (say the constant's "
                     "value, or leave the count to a printed line):\n  " + "\n  ".join(bad))


@pytest.mark.parametrize("path", TWINS, ids=[p.stem for p in TWINS])
def test_claims_of_direction_are_computed_or_vetted(path):
    bad = unvetted_directions(read_twin(path.read_text(encoding="utf-8")), path.stem[:2])
    assert not bad, (f"{path.name}: claims of direction about results, typed in the prose. Make each a computed "
                     "sentence (say_difference or an f-string), ask it as a question, or — once a person has "
                     "checked it against the output — add it to VETTED with that output:\n  " + "\n  ".join(bad))


def test_every_vetted_sentence_still_exists():
    """A vetting entry whose sentence was reworded vets nothing: it must go."""
    texts = {p.stem[:2]: " ".join(" ".join(c.source.split()) for c in read_twin(p.read_text(encoding="utf-8")).cells
                                  if c.cell_type == "markdown") for p in TWINS}
    stale = [(nb, s) for table in (VETTED, INPUTS) for nb, entries in table.items() for s in entries
             if s not in texts.get(nb, "")]
    assert not stale, f"vetted sentences no longer in their notebook: {stale}"


@pytest.mark.parametrize("path", TWINS, ids=[p.stem for p in TWINS])
def test_the_edited_prose_passes_the_figure_and_length_rules(path):
    """``test_prose_numbers.py`` reads the executed ``.ipynb``; this applies its rules to the
    twin's markdown (what was edited) against the twin's code and the stored outputs, so an
    edit fails here before the notebook is re-recorded."""
    twin = read_twin(path.read_text(encoding="utf-8"))
    stored = nbformat.read(path.with_suffix(".ipynb"), as_version=4)
    nb = nbformat.v4.new_notebook()
    nb.cells = ([c for c in twin.cells + stored.cells if c.cell_type == "code"]
                + [c for c in twin.cells if c.cell_type == "markdown"])
    missing = unprinted(nb, path.stem[:2])
    long = [len(c.source.split()) for c in twin.cells if c.cell_type == "markdown" and len(c.source.split()) > MAX_WORDS]
    assert not missing and not long, f"{path.name}: figures no code prints {missing}; cells over {MAX_WORDS} words {long}"


_CASE = '''# %% [markdown]
# # 99 · A test notebook
#
# Tellers on a piece rate should speed up, the theory predicts.

# %%
MONTHS, REPS, TAIL = 4, 3, 2
cmp = compare_schemes(base, arms, months=MONTHS, replications=REPS)
seen = learnability(path, "teller", "pace", reps=3, periods=2)

# %% [markdown]
# Now the numbers, over the last three months of each run, with three replications.
# Over the last two months of four simulated months, pace falls under the piece rate.
# Do tellers speed up? Either way, a habit that is seen within a few months follows the scheme quickly.
# If the queue is short, hurrying mostly creates idle time. Lazear (2000) found output rose by 44 %.
# 「三个月」 is a quotation, and `last(3)` is code.
#
# **Exercise 99.x** — over five replications, is the wait longer?
'''


def test_the_rules_find_what_they_should():
    nb = read_twin(_CASE)
    assert count_mismatches(nb) == [
        "markdown cell 2: 'last three months' (last months) — the code sets TAIL=[2]"]
    assert [line.split(": ", 1)[1] for line in unvetted_directions(nb, "99")] == [
        "Over the last two months of four simulated months, pace falls under the piece rate.",
        "Either way, a habit that is seen within a few months follows the scheme quickly."]
