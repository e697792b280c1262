"""The registry of exercise questions, one module per notebook (see ``simkit.teach``).

``nbNN.py`` defines ``QUESTIONS: list[Question]`` for notebook ``NN``; every id starts with
``NN.``. Each author owns their notebook's module, so two people adding questions never
edit the same file. Numbers are stored as commitments (``python -m simkit.teach encode QID
VALUE``) that cannot be decoded, choices as hashes (``hash QID CHOICE``): never as plain
numbers or words, and no comment here may spell out an answer or the arithmetic that gives
it (``tests/notebooks/test_teach.py`` looks for any number in these files that checks as
right). Hints climb a ladder: ``hint`` names the idea, ``more`` the table, function or
numbers to use — never the solution's code.

A new notebook's module is added to ``MODULES`` below (``simkit.teach.registry``
refuses an ``nbNN.py`` that is not listed).
"""
from . import nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08

#: every notebook's question module, in notebook order
MODULES = (nb00, nb01, nb02, nb03, nb04, nb05, nb06, nb07, nb08)
