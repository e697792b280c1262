"""Behaviour: staff choose from the pay they experience (one rule for every scheme)."""
from . import labour
from .learning import Learner
from .space import ChoiceSpace
from .turnover import Tenure, new_hire_ability

__all__ = ["Learner", "ChoiceSpace", "Tenure", "new_hire_ability", "labour"]
