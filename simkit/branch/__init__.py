"""The branch day in SimPy: one environment, many days, staff who act on their choices."""
from .model import Branch
from .staff import Member, roster

__all__ = ["Branch", "Member", "roster"]
