"""Classroom exercises: ``check(question_id, answer)`` tells a student right, wrong or not yet.

>>> from simkit.teach import check
>>> check("00.customers", ...)                 # doctest: +SKIP
… [00.customers] Not answered yet: replace the ... with your answer and run the cell again.

``check(question_id, answer, lang="zh")`` says the same in Chinese (答对了 / 还不对，提示：… /
还没有作答), with the question's Chinese hints: the Chinese editions of the notebooks pass their
``LANG``.

``grade(question_id, answer)`` judges the same way but prints nothing: it returns ``None`` for a
right answer and raises ``WrongAnswer`` (an ``AssertionError``) otherwise, for nbgrader's
autograded test cells (docs/teaching.md).

Questions live in the registry package ``simkit.teach_answers``, one module per notebook
(``nb00.py`` holds the questions of ``00_getting_started``, ``nb04.py`` those of notebook 04,
...). Each module defines ``QUESTIONS``, a list of ``Question``. Three kinds:

``number``  the answer is a number; right when it is within ``tol`` (absolute) or ``rel``
            (relative) of the solution's value, or when it is the value rounded to
            ``decimals`` places (default 2: ``0.31`` is right for ``0.3125`` unless the
            question asks for more). The value itself is never stored: see "How numbers are
            stored" below.
``choice``  the answer is one option (a letter, a word); stored as a SHA-256 hash
            (``hash_choice``) of the question id and the normalised text.
``judge``   "change the scheme so that ..." questions: a function receives the student's
            answer (e.g. a dict of scenario overrides), runs what it needs and returns
            ``(ok, hint)``. The condition is the question itself, so nothing leaks.

Hints escalate: the first wrong try shows ``hint`` (what idea to use), later tries show the
``more`` hints in turn (which table, which function, which numbers) — never the solution's
code. ``check`` counts a question's wrong tries in the running kernel.

How numbers are stored (and what that protects)
-----------------------------------------------
A numeric answer ``v`` is stored as a *commitment*: the real line is cut into cells of width
``h`` (a quarter of the tolerance, written into the secret), and the secret holds a slow
keyed hash (PBKDF2-SHA256, ``ITERATIONS`` rounds, keyed by the question id) of the index
of the cell that holds ``v`` — and of the cells of any other accepted value (``variants``,
e.g. the other common Gini formula). To check an answer ``x``, every cell that meets
``[x − tol, x + tol]`` is hashed and looked up, so every answer within the tolerance is
accepted, and none further than ``tol + h`` (1.25 × the tolerance). A relative tolerance
adds the same on the log scale. There is no ``decode``: the package holds no key that
turns a secret back into a number.

Threat model, honestly: this stops an answer being *read* — off the installed package, the
registry source, the student notebook or its outputs. It does not stop *guessing*: anyone can
call ``check`` (or the hash) on candidate after candidate; the slow hash makes each
cell cost about a millisecond, so sweeping ¥0-100,000 at a tolerance of ¥0.5 takes minutes,
not microseconds — and a share to two decimals is a hundred tries, under a second. And a
determined student can always run the solution — which is the exercise. Marks that matter
need a teacher, not this module. Choices are a handful of options and are protected only
against reading.

Authors get the stored text from the command line (number questions already in the
registry use their tolerance; ``--tol``/``--rel`` otherwise)::

    python -m simkit.teach encode 00.customers 482 [--tol 0.5] [--rel 0] [--decimals 2]
    python -m simkit.teach hash 02.no_lobby b
"""
from __future__ import annotations

import functools
import hashlib
import json
import math
import numbers
import os
import pkgutil
import re
import sys
from dataclasses import dataclass
from typing import Any

from . import teach_answers
from .errors import SimkitError
from .question import COMMITMENT_PREFIX, Question

BLANK = "blank"
RIGHT = "right"
WRONG = "wrong"
_MARK = {RIGHT: "✔", WRONG: "✘", BLANK: "…"}
#: what ``check`` says, by language: the English is what every English notebook has stored (nbval
#: compares it), the Chinese what a new teller reads aloud (docs/glossary.md)
_SAYS = {
    "en": {BLANK: "Not answered yet: replace the ... with your answer and run the cell again.",
           RIGHT: "Right.", WRONG: "Not quite. Hint: {hint}",
           "more": " (Another try gives a more specific hint.)",
           "not_number": "the answer should be a finite number, got {answer!r}. {ladder}",
           "unusable": "your answer could not be used: {error}. {ladder}"},
    "zh": {BLANK: "还没有作答：把 ... 换成你的答案，再运行这一格。",
           RIGHT: "答对了。", WRONG: "还不对，提示：{hint}",
           "more": "（再试一次，会给出更具体的提示。）",
           "not_number": "答案应当是一个有限的数，你给的是 {answer!r}。{ladder}",
           "unusable": "你的答案用不了：{error}。{ladder}"},
}


class LanguageError(SimkitError, ValueError):
    """A language ``check`` cannot speak."""


def _says(lang: str) -> dict:
    if lang not in _SAYS:
        raise LanguageError(f"check(..., lang={lang!r}): allowed languages are {', '.join(_SAYS)}")
    return _SAYS[lang]


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one exercise answer: RIGHT, WRONG or BLANK, and the message shown."""

    status: str  # RIGHT | WRONG | BLANK
    message: str

    def __str__(self) -> str:
        return self.message


# ------------------------------------------------------------------ storing answers
ITERATIONS = 2000  # PBKDF2 rounds per cell: 0.5-2 ms, so a check (about 10 cells) stays under 0.05 s
CELLS_PER_TOL = 4  # cell width h = tolerance / 4: answers up to 1.25 x the tolerance away are accepted
_DIGEST_BYTES = 12


@functools.lru_cache(maxsize=1 << 16)  # a leak scan hashes the same cells for every edition of a notebook
def _digest(qid: str, scale: str, cell: int) -> str:
    """The slow keyed hash of one cell of the line (``scale`` "a") or of the log scale ("l+", "l-")."""
    data = f"{scale}|{cell}".encode()
    return hashlib.pbkdf2_hmac("sha256", data, f"simkit.teach|{qid}".encode(), ITERATIONS, _DIGEST_BYTES).hex()


def _log_cell(x: float, h: float) -> tuple[str, int]:
    return ("l+" if x > 0 else "l-"), math.floor(math.log(abs(x)) / h)


def commit(qid: str, values, tol: float, rel: float = 0.0) -> str:
    """The stored form of a numeric answer (or several accepted ones): ``c1:<h>:<hl>:<hashes>``,
    where ``h`` is the cell width on the line (``tol / 4``), ``hl`` the cell width on the log
    scale for a relative tolerance (``log(1 + rel) / 4``, 0 when there is none) and the hashes
    are those of the cells holding each value, sorted (so their order says nothing)."""
    values = [float(v) for v in (values if isinstance(values, (list, tuple, set)) else [values])]
    if not values or not all(math.isfinite(v) for v in values):
        raise ValueError(f"question {qid}: answers must be finite numbers, got {values}")
    if not tol > 0:
        raise ValueError(f"question {qid}: the tolerance must be > 0 (got {tol})")
    h = float(tol) / CELLS_PER_TOL
    hl = math.log1p(rel) / CELLS_PER_TOL if rel > 0 else 0.0
    digests = {_digest(qid, "a", math.floor(v / h)) for v in values}
    if hl:
        digests |= {_digest(qid, *_log_cell(v, hl)) for v in values if v != 0}
    return f"{COMMITMENT_PREFIX}{h!r}:{hl!r}:" + ".".join(sorted(digests))


def _parse(secret: str) -> tuple[float, float, set[str]]:
    try:
        head, h, hl, digests = secret.split(":", 3)
        return float(h), float(hl), set(digests.split("."))
    except ValueError:
        raise ValueError(f"not a stored number answer: {secret[:20]!r}...") from None


def matches(qid: str, secret: str, x: float, tol: float, rel: float = 0.0) -> bool:
    """Whether ``x`` is within ``tol`` (or ``rel`` × the answer) of a value committed in
    ``secret``: every cell of width ``h`` that meets ``[x − tol, x + tol]`` is looked up (and,
    with ``rel``, every log-scale cell that meets ``x``'s relative window)."""
    h, hl, digests = _parse(secret)
    slack = 1e-12 * max(1.0, abs(x))  # float noise of an answer computed another way
    lo, hi = math.floor((x - tol - slack) / h), math.floor((x + tol + slack) / h)
    if hi - lo > 10_000:
        raise ValueError(f"question {qid}: tolerance {tol} is far wider than the stored cells ({h})")
    if any(_digest(qid, "a", k) in digests for k in range(lo, hi + 1)):
        return True
    if rel > 0 and hl > 0 and x != 0:
        # |x − v| <= rel |v|  <=>  log|v| in [log|x| − log(1 + rel), log|x| − log(1 − rel)]
        u = math.log(abs(x))
        a = u - math.log1p(rel)
        b = u - math.log1p(-min(rel, 0.999999))
        sign = "l+" if x > 0 else "l-"
        return any(_digest(qid, sign, k) in digests for k in range(math.floor(a / hl), math.floor(b / hl) + 1))
    return False


def encode(qid: str, value: float, tol: float | None = None, rel: float | None = None,
           decimals: int | None = None) -> str:
    """The ``secret=`` text of a number question: a commitment (``commit``) to ``value``
    and to the question's ``variants`` of it, with the question's tolerance — or the ``tol``,
    ``rel`` and ``decimals`` given (for a question not yet in the registry)."""
    q = registry().get(qid) if tol is None and rel is None and decimals is None else None
    if q is not None:
        values = [float(value)] + ([float(v) for v in q.variants(float(value))] if q.variants else [])
        return commit(qid, values, q.tolerance, q.rel)
    d = 2 if decimals is None else int(decimals)
    return commit(qid, [float(value)], max(float(tol or 0.0), 0.5 * 10.0 ** -d), float(rel or 0.0))


def normalise_choice(answer: Any) -> str:
    """'  B ' -> 'b'; 'No Lobby Manager' -> 'no lobby manager'."""
    return " ".join(str(answer).strip().lower().split())


def hash_choice(qid: str, answer: Any) -> str:
    return hashlib.sha256(f"{qid}|{normalise_choice(answer)}".encode()).hexdigest()


# ------------------------------------------------------------------------- registry
_REGISTRY: dict[str, Question] | None = None


def registry() -> dict[str, Question]:
    """Every question of every ``simkit.teach_answers.nbNN`` module, by id (checked unique)."""
    global _REGISTRY
    if _REGISTRY is None:
        _check_listed()
        found: dict[str, Question] = {}
        for module in teach_answers.MODULES:
            file_stem = module.__name__.rpartition(".")[2]
            for asked in module.QUESTIONS:
                if asked.id in found:
                    raise ValueError(f"question id {asked.id!r} is defined twice (teach_answers/{file_stem}.py)")
                if asked.id[:2] != file_stem[2:]:
                    raise ValueError(f"question {asked.id!r} is in teach_answers/{file_stem}.py; ids start with the "
                                     f"notebook number, so it belongs in nb{asked.id[:2]}.py")
                found[asked.id] = asked
        _REGISTRY = found
    return _REGISTRY


def _check_listed() -> None:
    """Raise ValueError if an ``nbNN.py`` file of the registry folder is missing from
    ``teach_answers.MODULES``: its questions would silently go unchecked."""
    files = {m.name for m in pkgutil.iter_modules(teach_answers.__path__) if re.fullmatch(r"nb\d\d", m.name)}
    missing = sorted(files - {module.__name__.rpartition(".")[2] for module in teach_answers.MODULES})
    if missing:
        raise ValueError(f"teach_answers/{missing[0]}.py is not in MODULES of simkit/teach_answers/__init__.py; "
                         "add it there so its questions are registered")


def question(qid: str) -> Question:
    questions = registry()
    if qid not in questions:
        raise KeyError(f"no question {qid!r}; known ids: {', '.join(sorted(questions))}")
    return questions[qid]


# --------------------------------------------------------------------------- judging
def _is_blank(answer: Any) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def verdict(qid: str, answer: Any, tries: int = 1, lang: str = "en") -> Verdict:
    """Judge ``answer`` without printing: a ``Verdict`` with status right/wrong/blank, its message in
    ``lang`` ("en" or "zh"). ``tries`` is the number of this wrong try (1 = first): it picks the rung
    of the hint ladder."""
    says = _says(lang)
    q = question(qid)
    tag = f"[{qid}]"
    if _is_blank(answer):
        return Verdict(BLANK, f"{_MARK[BLANK]} {tag} {says[BLANK]}")
    ok, hint = _judge(q, answer, max(1, int(tries)), lang)
    if ok:
        return Verdict(RIGHT, f"{_MARK[RIGHT]} {tag} {says[RIGHT]}")
    return Verdict(WRONG, f"{_MARK[WRONG]} {tag} " + says[WRONG].format(hint=hint))


def _ladder(q: Question, tries: int, lang: str = "en") -> str:
    hints = [h for h in q.hints_in(lang) if h]
    if not hints:
        return ""
    text = hints[min(tries, len(hints)) - 1]
    return text + (_says(lang)["more"] if tries < len(hints) else "")


def _judge(q: Question, answer: Any, tries: int = 1, lang: str = "en") -> tuple[bool, str]:
    says = _says(lang)
    if q.kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
            return False, says["not_number"].format(answer=answer, ladder=_ladder(q, tries, lang))
        return matches(q.id, q.secret, float(answer), q.tolerance, q.rel), _ladder(q, tries, lang)
    if q.kind == "choice":
        return hash_choice(q.id, answer) == q.secret, _ladder(q, tries, lang)
    try:
        ok, hint = q.judge(answer)
    except Exception as exc:  # a student's answer must never crash the notebook
        return False, says["unusable"].format(error=f"{type(exc).__name__}: {exc}", ladder=_ladder(q, tries, lang))
    if ok:
        return True, ""
    # the judge says what it measured (in English); from the second try on, the ladder adds a nudge.
    # A Chinese reader gets the Chinese ladder instead of the judge's English sentence.
    if not hint or (lang != "en" and q.hint_zh):
        return False, _ladder(q, tries, lang)
    return False, hint if tries == 1 else f"{hint} {_ladder(q, tries, lang)}"


RECORD_ENV = "SIMKIT_TEACH_RECORD"
_TRIES: dict[str, int] = {}


def check(question_id: str, answer: Any, lang: str = "en") -> None:
    """Print whether ``answer`` is right, wrong (with a hint) or not given yet (``None`` or ``...``),
    in ``lang``: "en", or "zh" for the Chinese editions (答对了 / 还不对，提示：… / 还没有作答).

    Wrong tries are counted per question in this kernel: the first shows the question's
    conceptual ``hint``, later ones its ``more`` hints in turn (``reset_tries`` starts over).

    When the environment variable ``SIMKIT_TEACH_RECORD`` names a JSON file, the answer is
    also recorded there: ``scripts/run_notebooks.py --answers`` runs the *solved* notebooks
    that way and stores what their solutions compute as the new secrets, so a change to the
    model never leaves stale answers behind (see docs/notebooks.md).
    """
    if os.environ.get(RECORD_ENV):
        _record(os.environ[RECORD_ENV], question_id, answer)
    v = verdict(question_id, answer, _TRIES.get(question_id, 0) + 1, lang)
    if v.status == WRONG:
        _TRIES[question_id] = _TRIES.get(question_id, 0) + 1
    print(v.message)


class WrongAnswer(SimkitError, AssertionError):
    """An exercise answer that ``grade`` does not accept. It is an ``AssertionError`` because
    nbgrader's autograder gives a test cell no points exactly when the cell raises."""


def grade(question_id: str, answer: Any) -> None:
    """Return ``None`` if ``answer`` is right, else raise ``WrongAnswer`` with the verdict's
    message (the first hint, or "not answered yet" for ``...``).

    This is the grader's side of ``check``: an nbgrader test cell calls it, usually in a
    ``### BEGIN HIDDEN TESTS`` region under the student's ``check`` call (docs/teaching.md), and
    loses its points when it raises. It prints nothing and counts no tries, so grading a
    notebook leaves the student's hint ladder as it was.
    """
    v = verdict(question_id, answer)
    if v.status != RIGHT:
        raise WrongAnswer(v.message)


def reset_tries(question_id: str | None = None) -> None:
    """Forget the wrong tries of one question (or of all): the next hint is the first again."""
    if question_id is None:
        _TRIES.clear()
    else:
        _TRIES.pop(question_id, None)


def _record(path: str, qid: str, answer: Any) -> None:
    q = question(qid)
    if q.kind == "judge" or _is_blank(answer):
        return
    value = float(answer) if q.kind == "number" else normalise_choice(answer)
    try:
        with open(path, encoding="utf-8") as f:
            seen = json.load(f)
    except FileNotFoundError:
        seen = {}
    seen[qid] = {"kind": q.kind, "value": value}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(seen, f, indent=1, sort_keys=True)


_NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d{1,3}(?:[,\u202f ]\d{3})+|\d+)(?:\.\d+)?(?:\s?%)?")


def numbers_in(text: str) -> set[float]:
    """Every number in ``text`` as a reader would take it: '4,500', '¥4,500', '4 500',
    '4500.0', '−3', and '9.2 %' (as 9.2 and 0.092)."""
    out = set()
    for tok in _NUMBER.findall(text):
        x = float(re.sub(r"[,\u202f %]", "", tok).replace("−", "-"))
        out.add(x)
        if tok.rstrip().endswith("%"):
            out.add(x / 100)
    return out


def answers_in(text: str, qids, words: bool = False) -> list[str]:
    """Which answers ``text`` gives away: each number in it (``numbers_in``) that checks as
    right for a number question of ``qids``, and with ``words`` each name that hashes to a
    choice answer. One-digit whole numbers are skipped: they are in any text (days=7), so a
    small whole-number answer is protected by its commitment alone. Used by the leak tests and
    by ``scripts/make_student.py``."""
    questions = registry()
    numbers = sorted(x for x in numbers_in(text) if not (x.is_integer() and abs(x) < 10))
    names = set(re.findall(r"[a-z_]{3,}", text.lower())) if words else set()
    found = []
    for qid in qids:
        asked = questions[qid]
        if asked.kind == "number":
            found += [f"{qid}: {x:g}" for x in numbers if _judge(asked, x)[0]]
        elif asked.kind == "choice":
            found += [f"{qid}: {w!r}" for w in sorted(names) if hash_choice(qid, w) == asked.secret]
    return found


def stored_form(qid: str, kind: str, value) -> str:
    """The ``secret=`` text for a recorded answer (deterministic: the same value and
    tolerance give the same text, so re-recording an unchanged answer changes nothing)."""
    return encode(qid, value) if kind == "number" else hash_choice(qid, value)


# ------------------------------------------------------------------------------ CLI
_USAGE = ("usage: python -m simkit.teach encode QID NUMBER [--tol T] [--rel R] [--decimals D] "
          "| hash QID CHOICE | list")


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if len(argv) >= 3 and argv[0] == "encode":
        opts = {}
        rest = argv[3:]
        if len(rest) % 2 or any(k not in ("--tol", "--rel", "--decimals") for k in rest[::2]):
            print(_USAGE, file=sys.stderr)
            return 2
        for k, v in zip(rest[::2], rest[1::2]):
            opts[k[2:]] = int(v) if k == "--decimals" else float(v)
        if not opts and argv[1] not in registry():
            print(f"{argv[1]} is not in the registry yet: give its tolerance, e.g. --tol 0.5", file=sys.stderr)
            return 2
        print(encode(argv[1], float(argv[2]), **opts) if opts else encode(argv[1], float(argv[2])))
    elif len(argv) == 3 and argv[0] == "hash":
        print(hash_choice(argv[1], argv[2]))
    elif argv == ["list"]:
        for qid, q in sorted(registry().items()):
            print(f"{qid:32s} {q.kind:7s} {q.prompt}")
    else:
        print(_USAGE, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
