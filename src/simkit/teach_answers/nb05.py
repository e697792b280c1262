"""Exercises of notebook 05 (customer managers and their pay). Answers are encoded / hashed
(``python -m simkit.teach encode|hash QID VALUE``); they follow from the numbers stated in
each question, seed 001's formulas and the closed form of a loan file's odds, not from a
simulation."""
from simkit.teach import Question

QUESTIONS = [
    # seed 001: loan loss = substandard × 30 % + doubtful × 50 % + loss × 100 %
    #           = 1,000,000 × 0.3 + 400,000 × 0.5 + 100,000 × 1.0
    Question("05.loan_loss", "number", secret="jrN0lxIbhUg=", tol=0.5,
             hint="multiply each class's balance by its provision rate (30 %, 50 %, 100 %) and add them; "
                  "normal and special-mention loans carry no provision",
             prompt="seed 001's loan loss for a classified loan book"),
    # loans.file_odds at strictness 0.5: 100 × (bad_in_book at screening 0.1 − at 0.3), in
    # percentage points (the closed form, no simulation)
    Question("05.first_checks", "number", secret="A8FuoDGBLOTVYXoAk2X5dw8=", tol=0.05,
             hint="file_odds(L, screening, 0.5)['bad_in_book'] is a share; take it at 0.1 and at 0.3, "
                  "subtract, and multiply by 100 for percentage points",
             prompt="percentage points of bad risks removed from the book by screening 0.3 instead of 0.1"),
    # 250,000 × ¥300 / ¥10,000 = ¥7,500 earned; 60 % advanced = ¥4,500
    Question("05.advance", "number", secret="8wqcEyfb", tol=0.5,
             hint="pay earned = profit × (¥ per ¥10,000) / 10,000; only the advanced share is paid this month",
             prompt="responsibility-profit pay advanced this month"),
    Question("05.sees_default", "choice", secret="dafff29514545f55c5445e2e7b7ebea7d42db908b16709c23fcf46d1badc963a",
             hint="which scheme's formula subtracts anything when a loan is classified substandard, doubtful or loss?",
             prompt="which scheme makes a bad loan cost the manager (a/b/c)"),
]
