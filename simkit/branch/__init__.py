"""The branch day in SimPy: one environment, many days, staff who act on their choices."""
from .model import Branch
from .plan import BranchPlan
from .staff import Member

__all__ = ["Branch", "BranchPlan", "Member"]
