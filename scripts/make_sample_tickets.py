"""Regenerate the sample ticket log shipped with simkit (simkit/fit/sample_tickets.csv).

    python scripts/make_sample_tickets.py            # the baseline branch's first week -> the shipped sample
    python scripts/make_sample_tickets.py out/t.csv  # the same log elsewhere

The log is the baseline scenario's counter customers (simkit.fit.sample), with its own seed,
so the file comes out the same every time.
"""
from __future__ import annotations

import sys

from simkit.fit.sample import SAMPLE, write_sample

if __name__ == "__main__":
    print(f"wrote {write_sample(sys.argv[1] if len(sys.argv) > 1 else SAMPLE)}")
