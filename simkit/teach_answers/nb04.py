"""Exercises of notebook 04 (tellers and their pay). The answers follow from the scheme
parameters stated in each question, not from a simulation, so tuning the model never
changes them; they are stored as commitments (``python -m simkit.teach encode|hash``)."""
from simkit.question import Question

QUESTIONS = [
    Question("04.piece_pay", "number", secret="c1:0.125:0.0:eed49e977e8d7da965cb5539", tol=0.5,
             hint="a month's pay = the fixed parts + what the piece rate earns − what the fines take",
             more=("piece pay is transactions × the rate; the deductions are errors × the error fine and "
                   "complaints × the complaint fine",),
             prompt="a month's pay under piece rate with fines"),
    Question("04.breakeven", "number", secret="c1:0.125:0.0:db8f1333b002fcedce2aa6cc", tol=0.5,
             hint="compare what one error costs a teller with what one extra transaction earns",
             more=("how many piece rates make one fine? divide the one by the other",),
             prompt="extra transactions that pay for one extra error"),
    Question("04.pays_for", "choice", secret="df93175f5879560c0f9e85113c9c1caec1fa678ceefd705b9f1390fbf6e7b55f",
             hint="a piece rate counts transactions",
             more=("which choice changes how many transactions a teller finishes?",),
             prompt="which choice a pure piece rate rewards directly (a/b/c)"),
]
