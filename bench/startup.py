"""`python -m bench.startup`: how long a second `make run` takes before it serves.

A first start builds the demo data (BENCH_SCALE, default 1); then BENCH_STARTS (default 3)
more starts are timed from `make run` to the last line of the ready message, the server
stopped after each. The target is under 10 s (issue 19); the seconds per stage are printed
too, from the time each stage line arrived.
"""
import os
import statistics
import tempfile
import time
from pathlib import Path

from tests.make_run import run_environment, start, stop

SCALE = os.environ.get("BENCH_SCALE", "1")
STARTS = int(os.environ.get("BENCH_STARTS", "3"))
FIRST_START_SECONDS = 1800


def timed_start(env, seconds=240):
    """(seconds to the ready message, [(stage line, seconds since the start)])."""
    began = time.monotonic()
    process, lines, _url = start(env, seconds, on_line=lambda: time.monotonic() - began)
    elapsed = time.monotonic() - began
    stop(process)
    return elapsed, [(line, at) for line, at in lines if line.startswith("==>")]


def main():
    with tempfile.TemporaryDirectory() as directory:
        env, _port = run_environment(Path(directory), SCALE)
        first, _stages = timed_start(env, FIRST_START_SECONDS)
        print(f"first start (DEMO_SCALE={SCALE}): {first:.1f} s")
        starts = [timed_start(env) for _ in range(STARTS)]
    seconds = [elapsed for elapsed, _stages in starts]
    print(f"second start, median of {STARTS}: {statistics.median(seconds):.1f} s (each: "
          f"{', '.join(f'{value:.1f}' for value in seconds)}; target under 10 s)")
    for line, at in starts[-1][1]:
        print(f"  {at:5.1f} s  {line.strip()[:70]}")


if __name__ == "__main__":
    main()
