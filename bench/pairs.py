"""Two stylesheet folders timed against each other in fresh processes, in pairs (run by hand).

Instruction counts (``instructions.py``) tell a change of 1%, but not what it does to the clock:
a change that saves cheap instructions (string functions over short values) can save no time at
all. Timed in one process, two folders interleaved round by round scattered by ±12% on this
machine (the collector charges one run for the other's garbage, the machine's speed moves). Here
each measurement is a process of its own: it compiles one folder's stylesheets, warms up, and
keeps the best of ``--rounds`` CPU times over the corpus for the identity and each output; an
output's figure is its ratio to that process's own identity. Pairs alternate which folder runs
first, and the median of the per-pair changes is the answer, with how many pairs were faster.

    python bench/pairs.py --before /tmp/old/xslt [--after xslt] [--pairs 8] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import bench  # noqa: E402  (bench/ is on the path only now)

OUTPUTS = bench.OUTPUTS


def _child(xslt: str, rounds: int) -> dict[str, float]:
    """(child) Each output's best CPU time over the corpus as a ratio to the identity's, one folder."""
    # A folder compared here is a copy of the packaged stylesheets: compiled as they are, with the
    # static parameters each document's facts choose, not as a project's own stylesheet (which keeps
    # every rule). Without this the packaged side won by 3-4% against the very same stylesheets
    # elsewhere (twenty-third session: HTML and text, the same on both sides, -3.5% and -4.0%).
    runs = bench.corpus_runs(xslt, as_packaged=True)
    for run in runs.values():  # compilation and first-use costs
        run()
    best = {name: float("inf") for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.process_time()
            run()
            best[name] = min(best[name], time.process_time() - started)
    return {target: best[target] / best["identity"] for target in OUTPUTS}


def measure(xslt: Path, rounds: int) -> dict[str, float]:
    run = subprocess.run([sys.executable, __file__, "--child", str(xslt), str(rounds)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout.strip().splitlines()[-1])


def summary(before: list[dict[str, float]], after: list[dict[str, float]],
            measures: tuple[str, ...] = OUTPUTS) -> dict[str, dict[str, float]]:
    """Per measure (an output's ratio): the medians of each side, the median change per pair, pairs faster."""
    result = {}
    for target in measures:
        changes = [b[target] / a[target] - 1 for a, b in zip(before, after)]
        result[target] = {"before": statistics.median(a[target] for a in before),
                          "after": statistics.median(b[target] for b in after),
                          "change": statistics.median(changes),
                          "faster": sum(change < 0 for change in changes), "pairs": len(changes)}
    return result


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        print(json.dumps(_child(sys.argv[2], int(sys.argv[3]))))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the stylesheet folder to compare against")
    parser.add_argument("--after", type=Path, default=REPO / "xslt", help="the stylesheet folder measured")
    parser.add_argument("--pairs", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="corpus runs per process; the best counts")
    args = parser.parse_args()
    if args.pairs < 1 or args.rounds < 1:
        parser.error("--pairs and --rounds must be at least 1")
    for folder in (args.before, args.after):
        if not (folder / "html" / "html.xsl").is_file():
            parser.error(f"{folder} is not a stylesheet folder (no html/html.xsl)")
    if not bench.corpus_files():
        raise SystemExit(f"no corpus at {bench.CORPUS}")
    before, after = [], []
    for pair in range(args.pairs):
        sides = [(before, args.before), (after, args.after)]
        for results, folder in (sides if pair % 2 == 0 else reversed(sides)):
            results.append(measure(folder.resolve(), args.rounds))
    print(f"{'output':8s} {'before':>8s} {'after':>8s} {'change per pair':>16s} {'faster':>8s}")
    for target, figures in summary(before, after).items():
        print(f"{target:8s} {figures['before']:7.2f}× {figures['after']:7.2f}× {figures['change']:+15.1%} "
              f"{figures['faster']:>4d}/{figures['pairs']}")


if __name__ == "__main__":
    main()
