"""Benchmark of a collection (run by hand: ``python bench/bench_collection.py [--documents N]``; never in tests).

Builds a project of N documents -- the real TEI of ``../shared/corpus/real-tei/`` repeated, each copy in
its own folder with a distinct root xml:id -- cold, without PDF, validated against tei_all with
invalid = "publish", and reports:

- the cold build's time and the site step's share of it (target: the site step <= 10 % of a cold build);
- a rebuild after one document changed (its outputs and the site step only);
- the size of the HTML and, when the search step indexed it, of the search index (target: <= 30 %).

Prints a table and writes ``bench/results-collection.json`` (git-ignored).
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real-tei"
sys.path.insert(0, str(REPO))


def make_collection(root: Path, documents: int) -> Path:
    files = sorted(CORPUS.rglob("*.xml"))
    if not files:
        sys.exit(f"{CORPUS} holds no TEI files")
    (root / "tei").mkdir(parents=True)
    (root / "edition.toml").write_text('[edition]\ntitle = "Bench"\n[validate]\nschema = "tei_all"\n'
                                       'invalid = "publish"\n', encoding="utf-8")
    for n in range(documents):
        source = files[n % len(files)]
        copy = n // len(files)
        data = source.read_bytes()
        # A distinct root id per copy (the xml:id of the TEI element, where it has one).
        data = re.sub(rb'(<TEI\b[^>]*?xml:id=")([^"]*)(")', rb"\g<1>\g<2>-c%d\g<3>" % copy, data, count=1)
        target = root / "tei" / f"copy-{copy:03d}" / source.relative_to(CORPUS)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return root


def folder_size(path: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file()) if path.is_dir() else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()

    import pipeline.publish.fop
    from pipeline.build.engine import build_project
    pipeline.publish.fop.fop_available = lambda: False  # PDF is FOP's time, not the collection's

    with tempfile.TemporaryDirectory(prefix="edition-bench-collection-") as tmp:
        project = make_collection(Path(tmp) / "bench", args.documents)
        cold = build_project(project, jobs=args.jobs)
        one = next((project / "tei").rglob("*.xml"))
        one.write_text(one.read_text(encoding="utf-8") + "\n<!-- edited -->\n", encoding="utf-8")
        started = time.perf_counter()
        edited = build_project(project, jobs=args.jobs)
        edited_s = time.perf_counter() - started
        html = project / "output" / "html"
        html_bytes = folder_size(html, "*.html")
        index_bytes = folder_size(html / "pagefind")
        results = {
            "documents": args.documents,
            "cold_build_s": round(cold.seconds, 2),
            "site_step_s": round(cold.site_seconds, 2),
            "site_share_of_cold_build": round(cold.site_seconds / cold.seconds, 3) if cold.seconds else None,
            "rebuild_after_one_edit_s": round(edited_s, 2),
            "rebuilt_after_one_edit": sorted(edited.built),
            "html_mb": round(html_bytes / 1e6, 2),
            "search_index_s": cold.search.get("seconds"),
            "search_index_mb": round(index_bytes / 1e6, 2) if index_bytes else None,
            "search_index_share_of_html": cold.search.get("ratio") or (
                round(index_bytes / html_bytes, 3) if index_bytes and html_bytes else None),
        }
    for key, value in results.items():
        print(f"{key:32} {value}")
    print("targets: site step <= 10 % of a cold build; search index <= 30 % of the HTML")
    (REPO / "bench" / "results-collection.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
