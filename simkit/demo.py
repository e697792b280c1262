"""``make demo``: the baseline branch for a simulated week, its KPIs and two figures.

    python -m simkit.demo [--scenario scenarios/baseline.yaml] [--days 7] [--out out/demo]
"""
from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

import simkit
from simkit.report import format_kpis, queue_over_day, waits_by_segment
from simkit.scenario import shipped


def main(argv=None) -> int:
    matplotlib.use("Agg")  # no screen needed

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scenario", default=str(shipped("baseline")))
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--out", default=str(Path("out") / "demo"))  # beside where it runs: `make demo` -> the checkout's out/
    args = parser.parse_args(argv)
    results = simkit.run(args.scenario, days=args.days, progress=True)
    print(format_kpis(results.kpis()).to_string(index=False))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for name, draw in (("queue_over_day", queue_over_day), ("waits_by_segment", waits_by_segment)):
        ax = draw(results)
        path = out / f"{name}.png"
        ax.figure.tight_layout()
        ax.figure.savefig(path, dpi=120)
        plt.close(ax.figure)
        print(f"figure: {path}")
    saved = results.save(out / "results", overwrite=True)  # each demo replaces the last one's results
    print(f"results (Parquet + resolved scenario): {saved}  — reload with simkit.load({str(saved)!r})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
