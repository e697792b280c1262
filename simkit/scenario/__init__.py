"""Scenarios: YAML files -> validated, frozen ``Scenario`` objects.

>>> from simkit.scenario import load_scenario
>>> sc = load_scenario("scenarios/baseline.yaml")        # doctest: +SKIP
>>> sc.branch.windows                                      # doctest: +SKIP
{'ordinary': 3, 'vip': 1, 'corporate': 1}
"""
from .clock import clock_to_minutes
from .errors import Problem, ScenarioError
from .field import FIELD_MARGINS
from .loader import dump_scenario, json_schema, load_scenario, revalidated, scenario_from_dict, scenario_json, with_overrides
from .models import Scenario
from .shipping import shipped, shipped_dir, shipped_names

__all__ = ["Scenario", "ScenarioError", "Problem", "load_scenario", "scenario_from_dict", "dump_scenario", "scenario_json",
           "json_schema", "with_overrides", "revalidated", "clock_to_minutes", "shipped", "shipped_dir", "shipped_names",
           "FIELD_MARGINS"]
