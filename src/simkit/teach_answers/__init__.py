"""The registry of exercise questions, one module per notebook (see :mod:`simkit.teach`).

``nbNN.py`` defines ``QUESTIONS: list[Question]`` for notebook ``NN``; every id starts with
``NN.``. Each author owns their notebook's module, so two people adding questions never
edit the same file. Answers are stored encoded or hashed (``python -m simkit.teach encode
QID VALUE`` / ``hash QID CHOICE``), never as plain numbers or words.
"""
