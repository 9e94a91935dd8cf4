"""Two versions of the code timed against each other on a cold build of the diary, in pairs (run by hand).

    git worktree add /tmp/before HEAD~1
    python bench/cold_pairs.py --before /tmp/before [--after .] [--pairs 10]

A single cold build on this machine moves by a third from one minute to the next (1.2-2.0 s for the
same code within an hour), more than most changes to it. Here each build is ``python -m pipeline
build`` of a fresh copy of the diary project without FOP, as ``bench.py --only diary`` runs it, but
with each side's own package: it runs in that side's folder, since ``python -m`` takes the package
from the working directory before PYTHONPATH or the installed one (a comparison started from the
repository with PYTHONPATH set compared the code with itself). Wall-clock and the CPU time of the
whole machine around each build (``/proc/stat``: the workers and Pagefind too); pairs alternate which
side builds first, and the median change per pair is the answer, with how many pairs were faster.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))

import bench  # noqa: E402  (bench/ is on the path only now)
import pairs  # noqa: E402

MEASURES = ("wall", "cpu")


def cold_build(code: Path, where: Path) -> dict[str, float]:
    """One cold build of a fresh copy of the diary with the package in ``code``: its seconds and CPU seconds."""
    project = bench.diary_project(where)
    before = bench.busy_cpu_seconds()
    wall = bench.edition("build", str(project), env=bench.without_fop_env(), code=code)
    after = bench.busy_cpu_seconds()
    return {"wall": wall, "cpu": after - before if before is not None and after is not None else float("nan")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="a folder holding the code to compare against")
    parser.add_argument("--after", type=Path, default=REPO, help="a folder holding the code measured")
    parser.add_argument("--pairs", type=int, default=10)
    args = parser.parse_args()
    if args.pairs < 1:
        parser.error("--pairs must be at least 1")
    for folder in (args.before, args.after):
        if not (folder / "pipeline" / "__main__.py").is_file():
            parser.error(f"{folder} holds no package to build with (no pipeline/__main__.py)")
    before, after = [], []
    with tempfile.TemporaryDirectory(prefix="cold-pairs-") as tmp:
        for pair in range(args.pairs):
            sides = [(before, args.before), (after, args.after)]
            for results, folder in (sides if pair % 2 == 0 else reversed(sides)):
                results.append(cold_build(folder.resolve(), Path(tmp) / f"{pair}-{len(results)}-{id(results)}"))
    print(f"{'measure':8s} {'before':>8s} {'after':>8s} {'change per pair':>16s} {'faster':>8s}")
    for measure, figures in pairs.summary(before, after, MEASURES).items():
        print(f"{measure:8s} {figures['before']:7.3f}s {figures['after']:7.3f}s {figures['change']:+15.1%} "
              f"{figures['faster']:>4d}/{figures['pairs']}")
    print(f"(medians of {args.pairs} pairs; the spread of each side: wall "
          f"{min(r['wall'] for r in before):.2f}-{max(r['wall'] for r in before):.2f} s before, "
          f"{min(r['wall'] for r in after):.2f}-{max(r['wall'] for r in after):.2f} s after)")


if __name__ == "__main__":
    main()
