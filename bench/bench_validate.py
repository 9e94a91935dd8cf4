"""What validation costs, per engine: schema load (cold and cached) and validation of the diary.

Run by hand (it takes about a minute, most of it building trang's tei_all.xsd once):

    python bench/bench_validate.py [--repeat N]

Each figure is measured in a fresh Python process, as a user's `edition validate` would pay it, with
a private cache folder so that "cold" really is cold. tei_all figures need ../shared (skipped if absent).
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "reference" / "tei"
DIARY = REPO / "tei" / "serge-diary-ii.xml"
SAMPLE = REPO / "tests" / "data" / "validate" / "diary-good.xml"

# One measurement, run in a child process; prints JSON {"load": s, "validate": s}.
_PROBE = r"""
import json, sys, time
started = time.perf_counter()
engine, schema, document = sys.argv[1:4]
from pathlib import Path
from pipeline.xmlio import parse_file
tree = parse_file(document)
if engine == "lxml-rng":
    from lxml import etree
    t = time.perf_counter(); rng = etree.RelaxNG(etree.parse(schema)); load = time.perf_counter() - t
    t = time.perf_counter(); rng.validate(tree); check = time.perf_counter() - t
else:
    from pipeline.validate.schemas import get_validator
    from pipeline.validate.sourcedoc import SourceDocument
    t = time.perf_counter(); validator = get_validator(Path(schema)); load = time.perf_counter() - t
    doc = SourceDocument(Path(document), tree, Path(document).read_bytes())
    t = time.perf_counter(); validator.check_all([doc]); check = time.perf_counter() - t
print(json.dumps({"load": load, "validate": check, "process": time.perf_counter() - started}))
"""


def probe(engine: str, schema: Path, document: Path, cache: Path, jing: bool = True) -> dict:
    env = dict(os.environ, PYTHONPATH=str(REPO), TEI_EDITION_CACHE=str(cache))
    if not jing:
        env["TEI_EDITION_JING"] = "off"
    started = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _PROBE, engine, str(schema), str(document)],
                         capture_output=True, text=True, env=env, check=True).stdout
    result = json.loads(out)
    result["wall"] = time.perf_counter() - started
    return result


def cli_wall(args: list[str], cache: Path, repeat: int) -> float:
    env = dict(os.environ, PYTHONPATH=str(REPO), TEI_EDITION_CACHE=str(cache))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "pipeline", "validate", *args], capture_output=True, env=env)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per warm figure (median)")
    args = parser.parse_args()
    document = DIARY if DIARY.is_file() else SAMPLE
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "cache"
        edition = REPO / "schema" / "tei-edition.xsd"
        cold = probe("xsd", edition, document, cache)
        warm = [probe("xsd", edition, document, cache) for _ in range(args.repeat)]
        rows.append(("edition XSD, xmlschema, no cache", cold))
        rows.append(("edition XSD, xmlschema, disk cache", min(warm, key=lambda r: r["wall"])))
        if (SHARED / "tei_all.rng").is_file():
            rng = SHARED / "tei_all.rng"
            rows.append(("tei_all.rng, lxml (compile per process)", probe("lxml-rng", rng, document, cache)))
            jing = [probe("rng", rng, document, cache) for _ in range(args.repeat)]
            rows.append(("tei_all.rng, jing (JVM per run)", min(jing, key=lambda r: r["wall"])))
            xsd = SHARED / "xsd-trang-derived" / "tei_all.xsd"
            if xsd.is_file():
                rows.append(("tei_all.xsd (trang), xmlschema, no cache", probe("xsd", xsd, document, cache)))
                rows.append(("tei_all.xsd (trang), xmlschema, disk cache", probe("xsd", xsd, document, cache)))
        print(f"document: {document.relative_to(REPO)} ({document.stat().st_size // 1024} kB)\n")
        print(f"{'engine':<44} {'load s':>8} {'validate s':>11} {'process s':>10}")
        for name, r in rows:
            print(f"{name:<44} {r['load']:>8.3f} {r['validate']:>11.3f} {r['wall']:>10.2f}")
        print()
        print(f"`edition validate` (default schema, cache warm), median of {args.repeat}: "
              f"{cli_wall([str(document)], cache, args.repeat):.2f} s")
        version = subprocess.run([sys.executable, "-m", "pipeline", "--version"], capture_output=True, text=True,
                                 env=dict(os.environ, PYTHONPATH=str(REPO))).stdout.strip()
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import pipeline.cli"], env=dict(os.environ, PYTHONPATH=str(REPO)))
        print(f"`python -c 'import pipeline.cli'` alone: {time.perf_counter() - started:.2f} s ({version})")


if __name__ == "__main__":
    main()
