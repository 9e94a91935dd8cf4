"""Benchmark of the static search index (run by hand: ``python bench/bench_search.py``; never in tests).

Measures Pagefind indexing time and index size, as a share of the HTML it indexes, for

(a) the diary and the 39 files of ``../shared/corpus/real-tei/``, transformed once by
    ``edition transform --to html --param site=yes`` (the pages as a build lays them out);
(b) 1,000 documents: the 40 document pages of (a) copied 25 times under distinct names, each copy's
    title and first heading made distinct, so that Pagefind indexes 1,000 pages.

The issue's target is an index of at most 30% of the HTML's size. "Index" is the site's own data
(page fragments, word index, filters, metadata); Pagefind's scripts, styles and WebAssembly
(``runtime``) are the same ~0.6 MB for any site and are reported apart. Each configuration is
indexed twice: the second run's time is reported and its bytes compared with the first's.
Prints a table and writes ``bench/results-search.json`` (git-ignored).
"""
from __future__ import annotations

import json
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real-tei"
DIARY = REPO / "tei" / "serge-diary-ii.xml"
SITE_PAGES = {"index.html", "persons.html", "places.html", "organisations.html", "search.html"}
COPIES = 25
sys.path.insert(0, str(REPO))

from pipeline.publish.search import BUNDLE_DIR, index_site, write_search_page  # noqa: E402


def transform_collection(site: Path) -> float:
    sources = [DIARY, *sorted(CORPUS.rglob("*.xml"))]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "transform", *map(str, sources), "--to", "html",
                           "--param", "site=yes", "-j", "2", "-o", str(site)],
                          cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench: edition transform failed:\n{done.stderr[-2000:]}")
    write_search_page(site, "Benchmark collection")
    return time.perf_counter() - started


def thousand_documents(source: Path, site: Path) -> int:
    """Copy the document pages of ``source`` COPIES times into ``site``; returns the page count."""
    site.mkdir()
    documents = sorted(p for p in source.glob("*.html") if p.name not in SITE_PAGES)
    for asset in source.iterdir():
        if asset.is_file() and asset.suffix != ".html":
            shutil.copy2(asset, site / asset.name)
    count = 0
    for copy in range(1, COPIES + 1):
        for page in documents:
            text = page.read_text(encoding="utf-8")
            label = f" (copy {copy:02d})"
            text = re.sub(r"</title>", f"{label}</title>", text, count=1)
            text = re.sub(r"</h1>", f"{label}</h1>", text, count=1)
            (site / f"{page.stem}--{copy:02d}.html").write_text(text, encoding="utf-8")
            count += 1
    return count


def measure(name: str, site: Path) -> dict:
    first = index_site(site)
    snapshot = _snapshot(site / BUNDLE_DIR)
    second = index_site(site)
    differing = sorted(k for k, v in _snapshot(site / BUNDLE_DIR).items() if snapshot.get(k) != v)
    return {"name": name, **second.as_dict(), "first_run_s": round(first.seconds, 3),
            "files_differing_between_runs": differing}


def _snapshot(bundle: Path) -> dict[str, bytes]:
    return {p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}


def table(rows: list[dict]) -> str:
    lines = ["| collection | pages | words | index time | HTML | index | index/HTML (≤ 30%) | runtime | differing files |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        lines.append(f"| {r['name']} | {r['pages']} | {r['words']} | {r['seconds']:.2f} s | "
                     f"{r['html_bytes'] / 1e6:.1f} MB | {r['index_bytes'] / 1e6:.2f} MB | {r['ratio']:.0%} | "
                     f"{r['runtime_bytes'] / 1e6:.2f} MB | {len(r['files_differing_between_runs'])} |")
    return "\n".join(lines)


def main() -> None:
    if not CORPUS.is_dir():
        raise SystemExit(f"bench: {CORPUS} is absent: the search benchmark needs the shared corpus")
    rows = []
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        forty = Path(tmp) / "forty"
        transform_seconds = transform_collection(forty)
        rows.append(measure("diary + 39 corpus files", forty))
        thousand = Path(tmp) / "thousand"
        pages = thousand_documents(forty, thousand)
        rows.append(measure(f"{pages} documents (40 x {COPIES})", thousand))
    print(table(rows))
    for r in rows:
        if r["files_differing_between_runs"]:
            print(f"{r['name']}: differing between runs: {', '.join(r['files_differing_between_runs'])}")
    result = {"machine": platform.platform(), "python": platform.python_version(),
              "transform_40_s": round(transform_seconds, 2), "rows": rows}
    (REPO / "bench" / "results-search.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
