"""Scenarios: YAML files -> validated, frozen :class:`Scenario` objects.

>>> from simkit.scenario import load_scenario
>>> sc = load_scenario("scenarios/baseline.yaml")        # doctest: +SKIP
>>> sc.branch.windows                                      # doctest: +SKIP
{'ordinary': 3, 'vip': 1, 'corporate': 1}
"""
from .models import Scenario, clock_to_minutes
from .loader import load_scenario, scenario_from_dict, dump_scenario, json_schema, with_overrides
from .errors import ScenarioError, Problem

__all__ = ["Scenario", "ScenarioError", "Problem", "load_scenario", "scenario_from_dict", "dump_scenario",
           "json_schema", "with_overrides", "clock_to_minutes"]
