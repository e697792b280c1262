"""Exercises of notebook 05 (customer managers and their pay). The answers follow from the
numbers stated in each question, seed 001's formulas, the closed form of a loan file's odds
and which indicators each scheme reads, not from a simulation; they are stored as commitments (``python -m simkit.teach
encode|hash``)."""
from simkit.question import Question

QUESTIONS = [
    Question("05.loan_loss", "number", secret="c1:0.125:0.0:612077e1550731518ca696ef", tol=0.5,
             hint="in seed 001 only the three classified categories carry a provision",
             more=("multiply each class's balance by its provision rate (30 %, 50 %, 100 %) and add them; "
                   "normal and special-mention loans carry no provision",),
             prompt="seed 001's loan loss for a classified loan book"),
    Question("05.first_checks", "number", secret="c1:0.0125:0.0:5eab60d2ea3cc1d77c5db4ae", tol=0.05,
             hint="the closed form of a file's odds gives the share of bad risks in the book for a "
                  "screening effort",
             more=("file_odds(L, screening, 0.5)['bad_in_book'] is a share; take it at both screening efforts, "
                   "subtract, and express the difference in percentage points",),
             prompt="percentage points of bad risks removed from the book by screening 0.3 instead of 0.1"),
    Question("05.advance", "number", secret="c1:0.125:0.0:3cd67b60780e5636f9101863", tol=0.5,
             hint="pay is earned on profit at a rate per ¥10,000, and only part of it is paid this month",
             more=("pay earned = profit × (¥ per ¥10,000) / 10,000; then take the advanced share of it",),
             prompt="responsibility-profit pay advanced this month"),
    Question("05.sees_default", "choice", secret="dafff29514545f55c5445e2e7b7ebea7d42db908b16709c23fcf46d1badc963a",
             hint="a bad loan costs the manager only if the scheme's formula has a term for it",
             more=("which scheme's formula subtracts anything when a loan is classified substandard, doubtful "
                   "or loss?",),
             prompt="which scheme makes a bad loan cost the manager (a/b/c)"),
    Question("05.foresees", "choice", secret="9b6bd82df893dcbf33f7a33cb48f5f29e8b8ab04a4d53df4c5f940528a18da4d",
             hint="a step of screening pays only if the scheme's formula reads something screening changes",
             more=("which scheme's pay reads no loan at all — not loans granted, not the book's growth, not "
                   "provisions?",),
             prompt="under which scheme is the foreseen pay of a step of screening exactly zero (a/b/c)"),
]
