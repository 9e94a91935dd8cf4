"""Saxon's own profile (``-TP``) of an output stylesheet over the corpus, by saxonche itself (run by
hand; never in tests).

saxonche has no profiling call, but its library holds SaxonC's command-line ``Transform``
(``j_run_transform``, given its arguments as a "processor data" list), which takes ``-TP:file``:
Saxon compiles the stylesheet with tracing and writes, per template, function and global
variable, the calls and the time spent in it alone ("net") and with what it calls ("gross"). This
runs it once per corpus file (each run writes the profile of its last file only) and adds up the
tables. Saxon-HE 9.9's ``-TP`` (Debian's jar) is not a guide to saxonche's costs; this is the same
engine as the product.

Read it with care: tracing slows every traced instruction and turns off inlining, so small, often
called functions look dearer than they are (a rule's pattern and a lazily evaluated parameter are
charged to whichever frame evaluates them). The call counts are exact. Take a lead from it and
confirm it with ``instructions.py`` (a change's count) before trusting a time.

    python bench/profile.py html [--xslt DIR] [--top 40] [--file NAME]
"""
from __future__ import annotations

import argparse
import ctypes
import glob
import html
import os
import re
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

OUTPUTS = {"html": "html/html.xsl", "text": "text/text.xsl", "fo": "fo/fo.xsl"}
_ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)


def saxon_library() -> str:
    """The SaxonC library saxonche loads (saxonche.libs/libsaxonc-core-*.so)."""
    import saxonche

    found = glob.glob(os.path.join(os.path.dirname(saxonche.__file__), "saxonche.libs", "libsaxonc-core-*.so*"))
    if not found:
        sys.exit("saxonche's SaxonC library was not found beside the saxonche module")
    return found[0]


def run_transform(args: list[str]) -> int:
    """SaxonC's command-line Transform with ``args`` (its own options), in this process's own isolate."""
    lib = ctypes.CDLL(saxon_library())
    isolate, thread = ctypes.c_void_p(), ctypes.c_void_p()
    if lib.graal_create_isolate(None, ctypes.byref(isolate), ctypes.byref(thread)) != 0:
        sys.exit("could not start SaxonC")
    lib.createProcessorDataWithCapacity.restype = ctypes.c_longlong
    data = lib.createProcessorDataWithCapacity(thread, len(args))
    lib.addProcessorProperty.argtypes = [ctypes.c_void_p, ctypes.c_longlong, ctypes.c_char_p]
    for arg in args:
        lib.addProcessorProperty(thread, data, arg.encode())
    lib.j_run_transform.restype = ctypes.c_longlong
    lib.j_run_transform.argtypes = [ctypes.c_void_p, ctypes.c_longlong]
    return int(lib.j_run_transform(thread, data))


def profile_rows(report: str) -> list[tuple[str, str, str, int, float, float]]:
    """(module, line, instruction, calls, gross ms, net ms) of each row of a -TP report."""
    rows = []
    for row in _ROW.findall(report)[1:]:
        cells = [html.unescape(re.sub("<[^>]+>", "", cell)).strip() for cell in _CELL.findall(row)]
        if len(cells) < 8:
            continue
        rows.append((cells[0], cells[1], " ".join(cells[2].split()), int(cells[3].replace(",", "")),
                     float(cells[5].replace(",", "")), float(cells[7].replace(",", ""))))
    return rows


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":  # one file, in a process (and isolate) of its own
        sys.exit(run_transform(sys.argv[2:]))
    import bench

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", choices=sorted(OUTPUTS))
    parser.add_argument("--xslt", type=Path, default=REPO / "xslt", help="the stylesheet folder to profile")
    parser.add_argument("--top", type=int, default=40, help="rows to print, by net time")
    parser.add_argument("--file", help="only the corpus files whose name contains this")
    args = parser.parse_args()
    files = [f for f in bench.corpus_files() if not args.file or args.file in f.name]
    if not files:
        sys.exit("no corpus file to profile (../shared/corpus/real-tei)")
    totals: dict[tuple[str, str, str], list[float]] = defaultdict(lambda: [0, 0.0, 0.0])
    stylesheet = (args.xslt / OUTPUTS[args.output]).resolve()
    with tempfile.TemporaryDirectory(prefix="tei-edition-profile-") as work:
        report, result = os.path.join(work, "profile.html"), os.path.join(work, "result")
        for path in files:
            done = subprocess.run([sys.executable, __file__, "--child", f"-TP:{report}", f"-s:{path}",
                                   f"-xsl:{stylesheet}", f"-o:{result}"], capture_output=True, text=True)
            if done.returncode != 0 or not os.path.exists(report):
                print(f"{path.name}: no profile ({done.stderr.strip()[-200:]})", file=sys.stderr)
                continue
            for module, line, what, calls, gross, net in profile_rows(Path(report).read_text(encoding="utf-8")):
                total = totals[(module, line, what)]
                total[0] += calls
                total[1] += gross
                total[2] += net
            os.unlink(report)
    net_all = sum(total[2] for total in totals.values()) or 1.0
    print(f"{args.output}: {len(files)} files, {net_all:.0f} ms net in all (traced: slower than untraced)")
    print(f"{'module':16} {'line':>5} {'instruction':60} {'calls':>8} {'gross ms':>9} {'net ms':>8} {'net':>6}")
    for (module, line, what), (calls, gross, net) in sorted(totals.items(), key=lambda kv: -kv[1][2])[:args.top]:
        print(f"{module[:16]:16} {line:>5} {what[:60]:60} {calls:8} {gross:9.1f} {net:8.1f} {100 * net / net_all:5.1f}%")


if __name__ == "__main__":
    main()
