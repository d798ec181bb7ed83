"""How fast the command line answers `--help`, beside Python's own start-up, from one run of each.

    .venv/bin/python bench/bench_cli.py            # 7 runs of each, median and slowest

Each figure is a whole process, as a person typing the command waits for it: wall time and peak memory (RSS).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 0.15


def _run(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    for label, args in (("python -c pass (the floor)", ["-c", "pass"]),
                        ("python -m lib --help", ["-m", "lib", "--help"]),
                        ("python -m lib memory --help", ["-m", "lib", "memory", "--help"])):
        times = [_run(args) for _ in range(runs)]
        seconds = [time for time, _ in times]
        print(f"{label:32} median {statistics.median(seconds):.3f} s, slowest {max(seconds):.3f} s, "
              f"peak memory {max(memory for _, memory in times):.0f} MB"
              + (f"   (target: under {TARGET_SECONDS} s)" if "help" in label else ""))


if __name__ == "__main__":
    main()
