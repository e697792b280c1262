"""What an exercise question is: ``Question``, the record every ``simkit.teach_answers.nbNN``
module lists in ``QUESTIONS``.

It sits below both ``simkit.teach`` (which checks answers) and ``simkit.teach_answers``
(which holds the questions), so the registry modules never import the checker that imports them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

#: the form of a question id: the notebook's two digits, a dot, a slug
_ID = re.compile(r"^(\d\d)\.[a-z0-9_]+$")
#: how a stored number answer (a commitment made by ``simkit.teach.commit``) begins
COMMITMENT_PREFIX = "c1:"


@dataclass(frozen=True)
class Question:
    """One exercise question, as a ``teach_answers`` module lists it; ``simkit.teach.check`` judges answers.

    ``id`` is ``"NN.slug"`` where NN is the notebook number; ``kind`` is number, choice or judge.
    """

    id: str
    kind: str  # "number" | "choice" | "judge"
    hint: str  # shown on the first wrong try: the idea to use, never the answer or its code
    secret: str = ""  # encode(...) for numbers, hash_choice(...) for choices
    tol: float = 0.0  # absolute tolerance (numbers)
    rel: float = 0.0  # relative tolerance (numbers)
    judge: Callable[[Any], tuple[bool, str]] | None = field(default=None, compare=False)
    prompt: str = ""  # one line, for listings (``python -m simkit.teach list``)
    more: tuple[str, ...] = ()  # hints for the 2nd, 3rd, ... wrong try: more specific each time
    decimals: int = 2  # an answer rounded to this many decimals is right (numbers)
    #: other values to accept, from the solution's (numbers; used when the secret is made),
    #: e.g. the other common formula of the same quantity
    variants: Callable[[float], Any] | None = field(default=None, compare=False)
    #: the hint ladder in Chinese, rung for rung (``check(..., lang="zh")`` shows it; the
    #: Chinese editions of the notebooks): ``hint_zh`` for the first wrong try, ``more_zh`` after
    hint_zh: str = ""
    more_zh: tuple[str, ...] = ()

    def __post_init__(self):
        if not _ID.match(self.id):
            raise ValueError(f"question {self.id!r}: allowed form is 'NN.slug' (two digits, a dot, "
                             "lower-case letters, digits or _), e.g. '02.no_lobby'")
        if self.kind not in ("number", "choice", "judge"):
            raise ValueError(f"question {self.id}: kind {self.kind!r}; allowed: number, choice, judge")
        if self.kind == "judge" and self.judge is None:
            raise ValueError(f"question {self.id}: a judge question needs judge=callable(answer) -> (ok, hint)")
        if self.kind in ("number", "choice") and not self.secret:
            raise ValueError(f"question {self.id}: a {self.kind} question needs secret= "
                             f"(python -m simkit.teach {'encode' if self.kind == 'number' else 'hash'} {self.id} VALUE)")
        if isinstance(self.more, str):
            raise ValueError(f"question {self.id}: more= is a tuple of hints, e.g. more=('...',)")
        if isinstance(self.more_zh, str) or (self.more_zh and not self.hint_zh):
            raise ValueError(f"question {self.id}: more_zh= is a tuple of hints after hint_zh=, e.g. more_zh=('...',)")
        if self.hint_zh and len(self.more_zh) != len(self.more):
            raise ValueError(f"question {self.id}: {len(self.more)} hint(s) in more= but {len(self.more_zh)} in "
                             "more_zh=; the Chinese ladder has the same rungs as the English one")
        if self.kind == "number" and not self.secret.startswith(COMMITMENT_PREFIX):
            raise ValueError(f"question {self.id}: its secret is not a commitment made by "
                             f"`python -m simkit.teach encode {self.id} VALUE` (old encoded secrets are refused)")

    @property
    def hints(self) -> tuple[str, ...]:
        """The hint ladder: ``hint``, then ``more``."""
        return (self.hint, *self.more)

    def hints_in(self, lang: str) -> tuple[str, ...]:
        """The hint ladder in ``lang`` ("en" or "zh"); a question with no Chinese hints gives the English ones."""
        return (self.hint_zh, *self.more_zh) if lang == "zh" and self.hint_zh else self.hints

    @property
    def tolerance(self) -> float:
        """Absolute tolerance of a number question: ``tol``, at least what rounding to
        ``decimals`` places can move an answer."""
        return max(float(self.tol), 0.5 * 10.0 ** -int(self.decimals))
