"""Re-identify the results library after a change that renames every task and alters no number
(a new scenario setting, off by default): one task of every experiment is re-run and must give
its stored rows; then the manifest's task ids are rewritten with the reason (simkit.library.truth).

    python scripts/library_reidentify.py "the scenario gained ... (off by default)"
"""
from __future__ import annotations

import argparse

from simkit.library.truth import reidentify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("why", help="why every task id changed while no number did")
    reidentify(parser.parse_args().why)


if __name__ == "__main__":
    main()
