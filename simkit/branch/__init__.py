"""The branch day in SimPy: one environment, many days, staff who act on their choices; the
lobby manager's decisions behind one interface a trainee can take over (``PracticeSession``)."""
from .decisions import Decision, LobbyDecider, Moves, Pitch, Situation
from .model import Branch
from .plan import BranchPlan
from .practice import PracticeSession
from .staff import Member

__all__ = ["Branch", "BranchPlan", "Member", "PracticeSession", "LobbyDecider", "Situation", "Decision", "Moves",
           "Pitch"]
