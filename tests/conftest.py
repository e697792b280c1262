"""Suite-wide settings.

Property tests (Hypothesis) run derandomized: the examples are derived from each test's
source, so every run of ``make test`` tries the same cases (the project's rule: same code,
same results). A failure Hypothesis finds is then kept as an explicit example.

Test tiers (markers registered in pyproject.toml; ``make check`` runs what none of them
marks): a file whose tests all belong to one tier says so in its ``pytestmark`` line; single
tests of an otherwise fast file are given their tier in ``TIERS`` below, by name or by
the slow fixture they use, so the fast tier's budget reads in one place.
"""
from __future__ import annotations

import warnings
from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("simkit", derandomize=True, print_blob=True)
settings.load_profile("simkit")

HERE = Path(__file__).parent

#: file (relative to tests/) -> {test function, "fixture:NAME" for every test using the
#: fixture NAME, or "*" for every test of the file: tier}. A test that takes more than about a
#: second (``--durations`` on the shared 2-core machine), or uses a fixture that does, is
#: ``slow`` unless another tier fits: that keeps ``make check`` under a minute.
TIERS: dict[str, dict[str, str]] = {
    "branch/test_conservation.py": {"test_every_customer_is_in_one_place_and_leaves_once": "slow"},
    "branch/test_determinism.py": {"test_identical_in_a_fresh_interpreter_with_another_hash_seed": "slow"},
    "bank/test_books.py": {"fixture:run": "slow"},  # the books of two multi-month runs
    "bank/test_loan_files.py": {"fixture:run": "slow"},
    "behaviour/test_labour.py": {"test_a_year_at_a_steady_utility_ends_in_quitting_as_the_hazard_says": "statistical"},
    "bank/test_outlook.py": {"test_expected_life_is_the_mean_of_simulated_lives": "statistical",
                             "test_a_months_files_bring_what_simulated_files_bring": "statistical"},
    "bank/test_outlook_edges.py": {"test_every_yuan_lent_is_repaid_or_written_off_over_the_allowed_range": "slow",
                                   "test_expected_life_at_the_edges_is_the_mean_of_simulated_lives": "statistical"},
    "pay/test_pay_properties.py": {"test_negative_rates_are_refused_naming_the_field": "slow",
                                   "test_total_is_the_sum_of_the_paid_lines": "slow",
                                   "test_pay_period_is_pure": "slow",
                                   "test_deferred_pay_is_conserved": "slow"},
    "report/test_intervals.py": {"test_coverage": "statistical", "test_coverage_correlation": "statistical",
                                 "test_coverage_paired_difference_of_shares": "statistical",
                                 "test_skewed_positive_covers_better_than_symmetric_t": "statistical"},
    "scenario/test_bad_input.py": {"test_bounds_leave_every_shipped_scenario_valid": "slow"},
    "scenario/test_hostile_values.py": {"test_simkit_validate_exits_2_with_one_line": "slow",
                                        "test_the_whole_table_is_refused_in_under_ten_seconds": "slow"},
    "scenario/test_loader.py": {"test_cli_in_a_subprocess": "slow",
                                "test_round_trip_of_every_shipped_scenario": "slow"},
    "scenario/test_loading.py": {"test_cli_as_module_subprocess": "slow", "test_round_trip_property": "slow"},
    "experiment/test_comparison.py": {"test_the_same_numbers_on_worker_processes": "slow",
                                      "test_cancel_stops_a_run_in_this_process_within_a_month": "slow",
                                      "test_the_numbers_are_replicates_numbers": "slow"},
    "experiment/test_executors.py": {"fixture:results": "slow",
                                     "test_dask_scheduler_address_from_the_command_line": "slow"},
    "experiment/test_fast_summary.py": {"test_stored_summaries_equal_the_tidy_table_path": "slow",
                                        "test_a_whole_sweep_folder_equals_the_tidy_path": "slow"},
    "experiment/test_learnability.py": {
        "test_responsibility_profit_pays_for_screening_too_noisily_to_be_seen": "statistical",
        "test_loan_volume_pays_for_laxity_too_noisily_to_be_seen": "statistical",
        "test_team_pay_shows_a_teller_a_fraction_of_what_she_adds": "statistical",
        "test_piece_rate_pace_is_seen_within_months": "statistical",
        "test_fixed_pay_shows_nothing": "statistical",
        "test_command_line": "slow"},
    "experiment/test_replicate.py": {"test_confidence_interval_covers_erlang_c": "statistical",
                                     "test_multi_period_replications_have_per_period_staff_and_bank_rows": "slow"},
    "experiment/test_report.py": {"fixture:months": "slow", "test_report_prints_means_with_intervals": "slow"},
    "experiment/test_resume.py": {"test_ctrl_c_stops_cleanly_and_keeps_finished_work": "slow",
                                  "test_resume_after_kill_9_recomputes_only_unfinished_tasks": "slow",
                                  "test_damaged_task_files_are_detected_and_redone": "slow",
                                  "test_resume_into_a_folder_of_another_sweep_is_refused": "slow"},
    "experiment/test_set_only_sweeps.py": {"test_the_command_line_exits_2_with_one_line": "slow"},
    "experiment/test_store_damage.py": {
        "test_report_names_each_damaged_task_file_and_how_to_recompute_it": "slow",
        "test_report_refuses_a_damaged_manifest_in_one_line_with_the_repair": "slow",
        "test_resume_moves_damaged_task_files_aside_and_recomputes_them": "slow",
        "test_resume_on_the_command_line_recovers_a_folder_in_place_of_a_task_file": "slow"},
    "experiment/test_sweep_size.py": {"test_a_big_sweep_shows_progress_from_the_start": "slow"},
    "behaviour/test_beliefs.py": {"test_hidden_quality_changes_no_belief_and_no_choice": "statistical"},
    "behaviour/test_compare.py": {"test_compare_table_holds_means_and_paired_differences": "slow",
                                  "test_cli_run_prints_periods_and_fairness": "slow"},
    "behaviour/test_deferred.py": {
        "test_a_cost_traced_back_to_the_month_that_caused_it_is_weighed_against_its_gain": "statistical",
        "test_pay_settled_half_yearly_still_pulls_effort_up_towards_the_optimum": "statistical"},
    "behaviour/test_effort.py": {"test_paying_for_one_task_crowds_out_the_unpaid_one": "statistical"},
    "behaviour/test_foresight.py": {"fixture:invented": "statistical"},  # invented schemes learned over months
    "behaviour/test_learning.py": {"test_pay_a_period_late_is_credited_by_the_trace": "statistical",
                                   "test_very_noisy_pay_does_not_make_habits_wander": "statistical",
                                   "test_pay_that_responds_pulls_effort_up_towards_the_optimum": "statistical",
                                   "test_steps_shrink_with_tenure": "statistical",
                                   "test_noise_alone_does_not_create_effort": "statistical",
                                   "test_a_habit_near_the_end_of_its_range_still_climbs": "statistical"},
    "behaviour/test_throughput.py": {"*": "statistical"},  # reads the behaviour tests' scheme runs
    "dashboard/test_callbacks.py": {"fixture:small_app": "slow",
                                    "test_cancel_stops_the_run_and_keeps_the_results_shown": "slow",
                                    "test_a_double_click_runs_once_and_the_same_inputs_do_not_rerun": "slow",
                                    "test_cancelled_and_uncancelled_runs": "slow",
                                    "test_heavy_fines_really_pay_below_zero_and_the_panel_flags_it": "slow",
                                    "test_schemes_are_offered_to_the_role_they_pay": "slow",
                                    "test_a_lesson_sets_the_inputs_explains_itself_and_clears_when_changed": "slow"},
    "dashboard/test_i18n.py": {"test_every_shipped_formula_reads_in_chinese": "slow"},
    "dashboard/test_lessons.py": {"*": "statistical"},  # a lesson's effect over five replications
    "experiment/test_stored_comparison.py": {"*": "slow"},  # months of a branch, run and kept
    "notebooks/test_fair_grading.py": {"*": "notebooks"},  # each exercise's answer against its noise
    "notebooks/test_stored_runs.py": {"test_a_kept_run_is_what_the_model_gives": "slow"},  # one run a folder
    "notebooks/test_student.py": {"test_the_student_notebook_gives_nothing_away": "notebooks",
                                  "test_the_student_notebook_shows_no_answer_in_any_output": "notebooks"},
    "notebooks/test_teach.py": {"test_best_lever_wins_far_outside_its_noise": "notebooks",
                                "test_commitments_accept_within_tol_and_refuse_beyond": "notebooks",
                                "test_a_generated_handout_spells_out_no_answer": "notebooks",
                                "test_no_number_or_word_in_a_registry_module_checks_as_right": "notebooks",
                                "test_the_committed_student_notebook_spells_out_no_answer": "notebooks"},
    "notebooks/test_widgets.py": {"test_figures_and_segment_table": "slow",
                                  "test_triage_explorer_runs_end_to_end": "slow",
                                  "test_simulate_equals_simkit_run_with_the_same_overrides_and_seeds": "slow"},
    "notebooks/test_widgets_pay.py": {"test_compare_schemes_same_seeds_same_first_month": "slow",
                                      "test_compare_schemes_keeps_loan_files_when_asked": "slow",
                                      "test_teller_explorer_runs_only_on_run_and_refreshes": "slow",
                                      "test_manager_explorer_shows_the_loan_book_and_a_payslip": "slow",
                                      "test_scorecard_explorer_reports_bad_weights_and_keeps_the_last_view": "slow",
                                      "test_comparison_fairness_per_scheme_replication_and_role": "slow"},
    "test_references.py": {"test_every_quotation_attributed_to_a_seed_is_on_the_sources_page": "slow"},
}


def _file(item) -> str | None:
    """``item``'s file relative to tests/ (None for an item elsewhere, e.g. a notebook)."""
    try:
        return Path(item.path).relative_to(HERE).as_posix()
    except ValueError:
        return None


def _tier(item, rules: dict[str, str]) -> str | None:
    """The tier ``rules`` (one file's entry of ``TIERS``) give ``item``, or None."""
    name = getattr(item, "originalname", item.name)
    if name in rules or "*" in rules:
        return rules.get(name, rules.get("*"))
    return next((tier for key, tier in rules.items()
                 if key.startswith("fixture:") and key.removeprefix("fixture:") in item.fixturenames), None)


@pytest.hookimpl(tryfirst=True)  # before ``-m`` deselects by marker
def pytest_collection_modifyitems(config, items):
    """Mark the tests ``TIERS`` names; warn of an entry naming nothing its file defines
    (a renamed test would otherwise drop silently into the fast tier)."""
    used = {}  # file -> every name its collected tests are defined by or use
    for item in items:
        file = _file(item)
        rules = TIERS.get(file)
        if not rules:
            continue
        used.setdefault(file, set(vars(item.module))).update(item.fixturenames)
        tier = _tier(item, rules)
        if tier is not None:
            item.add_marker(getattr(pytest.mark, tier))
    for file, names in used.items():
        missing = [key for key in TIERS[file] if key != "*" and key.removeprefix("fixture:") not in names]
        if missing:
            warnings.warn(f"tests/conftest.py, TIERS[{file!r}]: {missing} not found in tests/{file}",
                          pytest.PytestConfigWarning, stacklevel=1)
