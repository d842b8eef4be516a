"""`make bench`: every benchmark in turn, each writing its figures into bench/results.json.
Benchmarks are never part of `make test`: timings are reported as ratios, not asserted."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

STEPS = [
    ["bench_reruns.py", "--runs", "40"],
    ["profile_rerun.py", "--runs", "60"],
    ["bench_data_page.py"],
    ["bench_time_to_content.py", "--runs", "10"],
    ["bench_content_scale.py"],
    ["bench_load.py", "--sessions", "25,50,100,200", "--think", "0,1.0", "--replicas", "0"],
    ["bench_load.py", "--sessions", "100", "--think", "0", "--replicas", "1,2"],
    ["bench_live.py", "--participants", "60"],
]


def main() -> int:
    failed = []
    for step in STEPS:
        print(f"== {' '.join(step)}", flush=True)
        if subprocess.run([sys.executable, str(HERE / step[0]), *step[1:]], check=False).returncode != 0:
            failed.append(step[0])
    print("results: bench/results.json" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
