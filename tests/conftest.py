"""Suite-wide settings.

Property tests (Hypothesis) run derandomized: the examples are derived from each test's
source, so every run of ``make test`` tries the same cases (the project's rule: same code,
same results). A failure Hypothesis finds is then kept as an explicit example.
"""
from hypothesis import settings

settings.register_profile("simkit", derandomize=True, print_blob=True)
settings.load_profile("simkit")
