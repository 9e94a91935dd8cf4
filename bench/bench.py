"""Benchmark of the build and the transforms (run by hand: ``python bench/bench.py``; never in tests).

Measures, on this machine:

- a cold ``edition build`` of the diary without PDF and with PDF;
- a no-op rebuild (nothing changed) and a rebuild after one register entry changed;
- corpus throughput (MB of TEI per second) for HTML + text over ``../shared/corpus/real-tei/`` with
  1 and 2 jobs, through the ``edition transform`` command;
- PDF for the five largest corpus files: one FOP JVM for the batch versus one ``fop`` process each;
- the peak resident memory of a worker rendering the corpus.

Prints a table and writes ``bench/results.json`` (git-ignored). Every timing is wall-clock time of the
real command in a subprocess, so Python start-up and imports count, as they do for a user.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real-tei"
sys.path.insert(0, str(REPO))

TARGETS = {
    "noop_rebuild_s": ("≤", 0.3),
    "cold_build_no_pdf_s": ("≤", 2.0),
    "corpus_html_text_2_jobs_mb_s": ("≥", 10.0),
    "peak_worker_mb": ("≤", 400.0),
    "pdf_batch_speedup": ("≥", 3.0),
}


def edition(*args: str, env: dict | None = None, check: bool = True) -> float:
    """Run ``python -m pipeline ARGS``; return its wall-clock seconds."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    seconds = time.perf_counter() - started
    if check and done.returncode != 0:
        raise SystemExit(f"bench: `edition {' '.join(args)}` failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def without_fop_env() -> dict:
    """An environment in which FOP cannot be found (no `fop`, no jars for the batch helper)."""
    path = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep)
                           if not (Path(p) / "fop").exists() and not (Path(p) / "java").exists())
    return {"PATH": path, "EDITION_JAVA_DIR": "/nonexistent"}


def diary_project(where: Path) -> Path:
    """A fresh copy of the repo's edition project (sources, registers, editorial decisions; no outputs)."""
    project = where / "diary"
    shutil.copytree(REPO / "tei", project / "tei", ignore=shutil.ignore_patterns("*.xml"))
    for register in (REPO / "tei" / "register").glob("*.xml"):
        shutil.copy2(register, project / "tei" / "register" / register.name)
    return project


def median(values: list[float]) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def bench_diary(results: dict, tmp: Path) -> None:
    project = diary_project(tmp / "a")
    # The conversion is part of a cold build; so is every stylesheet and schema compilation.
    results["cold_build_no_pdf_s"] = edition("build", str(project), env=without_fop_env())
    results["noop_rebuild_s"] = median([edition("build", str(project), env=without_fop_env()) for _ in range(5)])
    persons = project / "tei" / "register" / "persons.xml"
    if persons.is_file():
        text = persons.read_text(encoding="utf-8")
        # One entry changes: a note on the first person gains a word.
        changed = text.replace("</note>", " (revised)</note>", 1) if "</note>" in text else text + "<!-- revised -->"
        persons.write_text(changed, encoding="utf-8")
        results["register_change_rebuild_s"] = edition("build", str(project), env=without_fop_env())
    project_pdf = diary_project(tmp / "b")
    results["cold_build_with_pdf_s"] = edition("build", str(project_pdf), "--require-pdf")


def corpus_files() -> list[Path]:
    return sorted(CORPUS.rglob("*.xml")) if CORPUS.is_dir() else []


def bench_corpus(results: dict, tmp: Path) -> None:
    files = corpus_files()
    if not files:
        results["corpus"] = "skipped: ../shared/corpus/real-tei is absent"
        return
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    results["corpus_mb"] = round(megabytes, 2)
    results["corpus_files"] = len(files)
    for jobs in (1, 2):
        seconds = 0.0
        for target in ("html", "text"):
            out = tmp / f"corpus-{jobs}-{target}"
            # Some corpus files are not renderable TEI (e.g. a bare list of places): count the time anyway.
            seconds += edition("transform", *map(str, files), "--to", target, "-o", str(out), "-j", str(jobs),
                               check=False)
        results[f"corpus_html_text_{jobs}_jobs_s"] = round(seconds, 2)
        results[f"corpus_html_text_{jobs}_jobs_mb_s"] = round(megabytes / seconds, 2)


def bench_worker_memory(results: dict) -> None:
    """Peak RSS of the worker processes rendering the whole corpus to HTML and text (2 jobs)."""
    from pipeline.workers import run_parallel

    files = corpus_files()
    if not files:
        return
    peak = 0.0
    for outcome in run_parallel(render_html_and_text, [str(f) for f in files], jobs=2):
        peak = max(peak, outcome.peak_rss_mb)
    results["peak_worker_mb"] = round(peak, 1)


def render_html_and_text(path: str) -> int:
    """A worker task for the memory measurement: what build/transform do per document."""
    from pipeline.build.engine import _transformer
    from pipeline.build.engine import PACKAGE_ROOT
    from pipeline.xmlio import parse_file

    transformer = _transformer(str(PACKAGE_ROOT / "xslt"))
    tree = parse_file(path)
    return sum(len(data) for target in ("html", "text") for data in transformer.render(tree, target, {}).values())


def bench_pdf(results: dict, tmp: Path) -> None:
    """The five largest corpus files to PDF: one JVM for the batch (one or two workers) against one
    ``fop`` process per FOP job (sequential, and two at a time)."""
    from pipeline.publish.fop import fop_available, render_all

    files = sorted(corpus_files(), key=lambda f: f.stat().st_size)[-5:]
    if not files or not fop_available():
        results["pdf"] = "skipped: no corpus or no FOP"
        return
    fo_dir = tmp / "fo"
    edition("transform", *map(str, files), "--to", "fo", "-o", str(fo_dir), check=False)
    fos = sorted(fo_dir.glob("*.fo"))
    results["pdf_files"] = len(fos)
    timings = {}
    for label, batched, workers in (("batched_1_worker", True, 1), ("process_each_1_worker", False, 1),
                                    ("batched_2_workers", True, 2), ("process_each_2_workers", False, 2)):
        os.environ["EDITION_FOP_BATCH"] = "1" if batched else "0"
        jobs = [(fo.read_bytes(), tmp / f"pdf-{label}" / f"{fo.stem}.pdf", fo.name) for fo in fos]
        started = time.perf_counter()
        failures = [str(outcome) for _, outcome in render_all(jobs, workers=workers) if isinstance(outcome, Exception)]
        timings[label] = time.perf_counter() - started
        for failure in failures:  # a corpus file FOP cannot lay out still costs its time
            print(f"bench: {label}: {failure}", file=sys.stderr)
        results[f"pdf_{label}_s"] = round(timings[label], 2)
        results[f"pdf_{label}_failures"] = len(failures)
    os.environ.pop("EDITION_FOP_BATCH", None)
    # The target compares like with like: the same number of workers, JVM kept or started per job.
    results["pdf_batch_speedup"] = round(timings["process_each_1_worker"] / timings["batched_1_worker"], 2)
    results["pdf_batch_speedup_2_workers"] = round(timings["process_each_2_workers"] / timings["batched_2_workers"], 2)
    results["pdf_2_workers_vs_process_each_sequential"] = round(
        timings["process_each_1_worker"] / timings["batched_2_workers"], 2)


def table(results: dict) -> str:
    lines = [f"{'measure':<34} {'value':>10}  target", "-" * 58]
    for key, value in results.items():
        if key.startswith("_"):
            continue
        target = TARGETS.get(key)
        mark = ""
        if target and isinstance(value, (int, float)):
            op, bound = target
            ok = value <= bound if op == "≤" else value >= bound
            mark = f"{op} {bound:g}  {'ok' if ok else 'MISSED'}"
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        lines.append(f"{key:<34} {shown:>10}  {mark}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["diary", "corpus", "memory", "pdf"], action="append",
                        help="run only these parts (repeatable)")
    parser.add_argument("-o", "--output", type=Path, default=REPO / "bench" / "results.json")
    args = parser.parse_args()
    parts = args.only or ["diary", "corpus", "memory", "pdf"]
    results: dict = {"_machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                  "platform": platform.platform()}}
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        tmp = Path(tmp)
        if "diary" in parts:
            bench_diary(results, tmp)
        if "corpus" in parts:
            bench_corpus(results, tmp)
        if "memory" in parts:
            bench_worker_memory(results)
        if "pdf" in parts:
            bench_pdf(results, tmp)
    for key, value in list(results.items()):
        if isinstance(value, float):
            results[key] = round(value, 3)
    print(table(results))
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwritten {args.output}")


if __name__ == "__main__":
    main()
