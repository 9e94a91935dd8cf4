"""The collector's log of one stylesheet run: how much a transformation keeps alive, and how much
of its peak is garbage not yet collected (run by hand; never in tests).

The pipeline creates Saxon's GraalVM isolate itself (pipeline/publish/isolate.py) and passes it
the options in ``TEI_EDITION_SAXON_OPTIONS``, after its own bound on the young generation (or,
for a file of 1 MB or less, the larger heap of small work, in which the child may not collect at
all); this script sets them (``--flags``, default ``-XX:+PrintGC``) for a child that renders one file
(``identity`` or an output) and prints the log and its peak resident memory, and sums the log up:
the live heap after each full collection (what the transformation holds) against the heap before
each collection. ``--flags "-XX:+PrintGC -XX:MaxNewSize=4g"`` lifts the pipeline's bound.

    python bench/gc_log.py html FILE [--flags "-XX:+PrintGC -Xmx1g"]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from pipeline.publish.isolate import OPTIONS_VARIABLE  # noqa: E402

CHILD = r"""
import json, sys
sys.path.insert(0, {root!r}); sys.path.insert(0, {bench!r})
import bench
target, path = sys.argv[1], sys.argv[2]
print(json.dumps(bench._measure_memory(target, path)), flush=True)
"""
GC_LINE = re.compile(r"Pause (Full|Incremental) GC .*? ([\d.]+)M->([\d.]+)M ([\d.]+)ms")


def isolate_env(flags: str) -> dict[str, str]:
    """The environment under which a child process's Saxon isolate gets ``flags`` (after the
    pipeline's own bound on the young generation: a later option wins)."""
    return {**os.environ, OPTIONS_VARIABLE: flags}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=("identity", "html", "text", "fo"))
    parser.add_argument("file")
    parser.add_argument("--flags", default="-XX:+PrintGC", help=f"the isolate's options (as {OPTIONS_VARIABLE} takes them)")
    args = parser.parse_args()
    child = CHILD.format(root=str(ROOT), bench=str(ROOT / "bench"))
    run = subprocess.run([sys.executable, "-c", child, args.target, os.path.abspath(args.file)],
                         env=isolate_env(args.flags), capture_output=True, text=True)
    if run.returncode:
        sys.stderr.write(run.stderr[-2000:])
        return run.returncode
    log = (run.stdout + run.stderr).splitlines()
    matches = [m.groups() for m in map(GC_LINE.search, log) if m]
    pauses = [(kind, float(before), float(after)) for kind, before, after, _ in matches]
    paused = sum(float(ms) for *_, ms in matches) / 1000
    peak = json.loads([line for line in log if line.startswith("{")][-1])
    full = [after for kind, _, after in pauses if kind == "Full"]
    print(f"{args.target} {args.file}: peak resident {peak['peak_mb']:.0f} MB, {peak['seconds']:.1f} s")
    if pauses:
        print(f"  collections: {len(pauses)} ({len(full)} full), {paused:.1f} s paused; heap before a collection at most "
              f"{max(b for _, b, _ in pauses):.0f} MB; live after the last: {pauses[-1][2]:.0f} MB; "
              f"live after each full collection: {', '.join(f'{a:.0f}' for a in full)} MB")
    else:
        print("  no collection logged (a small file may need none; the log needs -XX:+PrintGC in --flags)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
