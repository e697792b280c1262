"""Classroom exercises: ``check(question_id, answer)`` tells a student right, wrong or not yet.

>>> from simkit.teach import check
>>> check("00.customers", ...)                 # doctest: +SKIP
… [00.customers] Not answered yet: replace the ... with your answer and run the cell again.

Questions live in the registry package :mod:`simkit.teach_answers`, one module per notebook
(``nb00.py`` holds the questions of ``00_getting_started``, ``nb04.py`` those of notebook 04,
...). Each module defines ``QUESTIONS``, a list of :class:`Question`. Three kinds:

``number``  the answer is a number; right when it is within ``tol`` (absolute) or ``rel``
            (relative) of the stored value. The value is stored *encoded* (:func:`encode`),
            so a student who opens the registry does not read the answer off the page.
``choice``  the answer is one option (a letter, a word); stored as a salted SHA-256 hash
            (:func:`hash_choice`) of the normalised text, so it cannot be read at all.
``judge``   "change the scheme so that ..." questions: a function receives the student's
            answer (e.g. a dict of scenario overrides), runs what it needs and returns
            ``(ok, hint)``. The condition is the question itself, so nothing leaks.

Encoding is obfuscation, not security: the point is that the answer is not *plainly*
readable in the student's notebook or in the installed package. Authors get the stored
text from the command line::

    python -m simkit.teach encode 00.customers 482      # -> text for Question(secret=...)
    python -m simkit.teach hash 02.no_lobby b            # -> text for Question(secret=...)
"""
from __future__ import annotations

import base64
import hashlib
import importlib
import json
import math
import numbers
import os
import pkgutil
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

BLANK = "blank"
RIGHT = "right"
WRONG = "wrong"
_ID = re.compile(r"^(\d\d)\.[a-z0-9_]+$")
_MARK = {RIGHT: "✔", WRONG: "✘", BLANK: "…"}


@dataclass(frozen=True)
class Question:
    """One exercise question. ``id`` is ``"NN.slug"`` where NN is the notebook number."""

    id: str
    kind: str  # "number" | "choice" | "judge"
    hint: str  # shown when the answer is wrong: a nudge, never the answer
    secret: str = ""  # encode(...) for numbers, hash_choice(...) for choices
    tol: float = 0.0  # absolute tolerance (numbers)
    rel: float = 0.0  # relative tolerance (numbers)
    judge: Callable[[Any], tuple[bool, str]] | None = field(default=None, compare=False)
    prompt: str = ""  # one line, for listings (``python -m simkit.teach list``)

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"question id {self.id!r}: allowed form is 'NN.slug' (two digits, a dot, "
                             "lower-case letters, digits or _), e.g. '02.no_lobby'")
        if self.kind not in ("number", "choice", "judge"):
            raise ValueError(f"question {self.id}: kind {self.kind!r}; allowed: number, choice, judge")
        if self.kind == "judge" and self.judge is None:
            raise ValueError(f"question {self.id}: a judge question needs judge=callable(answer) -> (ok, hint)")
        if self.kind in ("number", "choice") and not self.secret:
            raise ValueError(f"question {self.id}: a {self.kind} question needs secret= "
                             f"(python -m simkit.teach {'encode' if self.kind == 'number' else 'hash'} {self.id} VALUE)")


@dataclass(frozen=True)
class Verdict:
    status: str  # RIGHT | WRONG | BLANK
    message: str

    def __str__(self) -> str:
        return self.message


# ------------------------------------------------------------------ storing answers
def _key(qid: str, n: int) -> bytes:
    seed = hashlib.sha256(f"simkit.teach:{qid}".encode()).digest()
    return (seed * (n // len(seed) + 1))[:n]


def encode(qid: str, value: float) -> str:
    """The stored form of a numeric answer: XOR with a key derived from the id, base64."""
    raw = json.dumps(float(value)).encode()
    return base64.urlsafe_b64encode(bytes(a ^ b for a, b in zip(raw, _key(qid, len(raw))))).decode()


def decode(qid: str, secret: str) -> float:
    raw = base64.urlsafe_b64decode(secret.encode())
    return float(json.loads(bytes(a ^ b for a, b in zip(raw, _key(qid, len(raw))))))


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
        from . import teach_answers
        found: dict[str, Question] = {}
        for mod in sorted(m.name for m in pkgutil.iter_modules(teach_answers.__path__)):
            if not re.fullmatch(r"nb\d\d", mod):
                continue
            for q in importlib.import_module(f"{teach_answers.__name__}.{mod}").QUESTIONS:
                if q.id in found:
                    raise ValueError(f"question id {q.id!r} is defined twice (teach_answers/{mod}.py)")
                if q.id[:2] != mod[2:]:
                    raise ValueError(f"question {q.id!r} is in teach_answers/{mod}.py; ids start with the "
                                     f"notebook number, so it belongs in nb{q.id[:2]}.py")
                found[q.id] = q
        _REGISTRY = found
    return _REGISTRY


def question(qid: str) -> Question:
    reg = registry()
    if qid not in reg:
        raise KeyError(f"no question {qid!r}; known ids: {', '.join(sorted(reg))}")
    return reg[qid]


# --------------------------------------------------------------------------- judging
def _is_blank(answer: Any) -> bool:
    return answer is None or answer is Ellipsis or (isinstance(answer, str) and not answer.strip())


def verdict(qid: str, answer: Any) -> Verdict:
    """Judge ``answer`` without printing: a :class:`Verdict` with status right/wrong/blank."""
    q = question(qid)
    tag = f"[{qid}]"
    if _is_blank(answer):
        return Verdict(BLANK, f"{_MARK[BLANK]} {tag} Not answered yet: replace the ... with your answer "
                              "and run the cell again.")
    ok, hint = _judge(q, answer)
    if ok:
        return Verdict(RIGHT, f"{_MARK[RIGHT]} {tag} Right.")
    return Verdict(WRONG, f"{_MARK[WRONG]} {tag} Not quite. Hint: {hint}")


def _judge(q: Question, answer: Any) -> tuple[bool, str]:
    if q.kind == "number":
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real) or not math.isfinite(answer):
            return False, f"the answer should be a finite number, got {answer!r}. {q.hint}"
        want = decode(q.id, q.secret)
        return abs(float(answer) - want) <= max(q.tol, q.rel * abs(want)), q.hint
    if q.kind == "choice":
        return hash_choice(q.id, answer) == q.secret, q.hint
    try:
        ok, hint = q.judge(answer)
    except Exception as exc:  # a student's answer must never crash the notebook
        return False, f"your answer could not be used: {type(exc).__name__}: {exc}. {q.hint}"
    return bool(ok), hint or q.hint


RECORD_ENV = "SIMKIT_TEACH_RECORD"


def check(question_id: str, answer: Any) -> None:
    """Print whether ``answer`` is right, wrong (with a hint) or not given yet (``None`` or ``...``).

    When the environment variable ``SIMKIT_TEACH_RECORD`` names a JSON file, the answer is
    also recorded there: ``scripts/run_notebooks.py --answers`` runs the *solved* notebooks
    that way and stores what their solutions compute as the new secrets, so a change to the
    model never leaves stale answers behind (see docs/notebooks.md).
    """
    if os.environ.get(RECORD_ENV):
        _record(os.environ[RECORD_ENV], question_id, answer)
    print(verdict(question_id, answer).message)


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


def stored_form(qid: str, kind: str, value) -> str:
    """The ``secret=`` text for a recorded answer."""
    return encode(qid, value) if kind == "number" else hash_choice(qid, value)


# ------------------------------------------------------------------------------ CLI
def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) == 3 and argv[0] == "encode":
        print(encode(argv[1], float(argv[2])))
    elif len(argv) == 3 and argv[0] == "hash":
        print(hash_choice(argv[1], argv[2]))
    elif argv == ["list"]:
        for qid, q in sorted(registry().items()):
            print(f"{qid:32s} {q.kind:7s} {q.prompt}")
    else:
        print("usage: python -m simkit.teach encode QID NUMBER | hash QID CHOICE | list", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
