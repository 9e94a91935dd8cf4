"""Benchmark of a collection (run by hand: ``python bench/bench_collection.py [--documents N]``; never in tests).

Builds a project of N documents -- the real TEI of ``../shared/corpus/real-tei/`` repeated, each copy in
its own folder with a distinct root xml:id -- cold, without PDF, validated against tei_all with
invalid = "publish", and reports:

- the cold build's time and the site step's share of it (target: the site step <= 10 % of a cold build);
- a rebuild after one document changed (its outputs and the site step only);
- the size of the HTML and, when the search step indexed it, of the search index (target: <= 30 %).

Prints a table and writes ``bench/results-collection.json`` (git-ignored).

``--replicate N`` (e.g. 1000) measures the site step at N documents in minutes instead of the ~45 min
a cold build of 1,000 takes on a 2-core machine. What it MEASURES:

- a real cold build (no PDF, tei_all, invalid = "publish") of the distinct corpus documents once
  (``tei/copy-000/``); its document steps' time (cold build minus its site step and search index)
  divided by their number is the per-document cold-build time;
- then each document's TEI is copied to ``tei/copy-NNN/`` (root xml:id suffixed ``-cNNN``) and the
  outputs of its document steps -- record (``output/.records/``), HTML page, TEI copy, plain text --
  are copied under the name the build gives that copy, the root xml:id renamed in the same way
  inside them, and its validation outcome copied into the build state; this is what the document
  steps would have written for such a copy (the copies are not rendered, that is the time saved);
- the site step alone over the N documents, through the engine's ``build_site_step`` (the step a
  build runs after the documents' steps, same code, same inputs); the search index timed apart;
- the size of the HTML pages and of the search index.

What it EXTRAPOLATES: the cold build of N documents = measured per-document time x N + the measured
site step and search index at N; the site step's share is computed against that figure. The output
says so on each extrapolated line.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
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


ROOT_ID = re.compile(rb'<TEI\b[^>]*?xml:id="([^"]*)"')


def replicate(project: Path, documents: int) -> int:
    """Copy the distinct documents (tei/copy-000/) and their document steps' outputs up to ``documents``.

    Returns the number of copies made. Each copy's TEI gets a distinct root xml:id (as in
    :func:`make_collection`) and its outputs are the originals' with that id renamed the same way.
    """
    from pipeline.build.engine import FOLDER, STATE_FILE
    from pipeline.project import Project

    originals = sorted((project / "tei" / "copy-000").rglob("*.xml"))
    distinct = len(originals)
    tei_copies: list[tuple[Path, Path, bytes, bytes]] = []  # (original, copy, old root id, new root id)
    for n in range(distinct, documents):
        source = originals[n % distinct]
        copy = n // distinct
        data = source.read_bytes()
        found = ROOT_ID.search(data)
        old_id = found.group(1) if found else b""
        new_id = old_id.removesuffix(b"-c0") + b"-c%d" % copy if found else b""
        if found:
            data = data[:found.start(1)] + new_id + data[found.end(1):]
        target = project / "tei" / f"copy-{copy:03d}" / source.relative_to(project / "tei" / "copy-000")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        tei_copies.append((source, target, old_id, new_id))

    opened = Project.open(project)
    names = opened.document_names()
    output = project / "output"
    state_path = output / STATE_FILE
    state = json.loads(state_path.read_text(encoding="utf-8"))
    outputs = [(FOLDER["record"], "xml"), ("html", "html"), ("html", "xml"), ("text", "txt")]
    for source, target, old_id, new_id in tei_copies:
        was, now = names[source][0], names[target][0]
        for folder, ext in outputs:
            original = output / folder / f"{was}.{ext}"
            if not original.is_file():
                continue  # that step did not publish (e.g. an unreadable document)
            data = original.read_bytes()
            if old_id:  # the root id, where the outputs carry it (id attributes, #fragments)
                data = re.sub(rb'(["#])' + re.escape(old_id) + rb'"', rb"\g<1>" + new_id + b'"', data)
            (output / folder / f"{now}.{ext}").write_bytes(data)
        step = state["steps"].get(f"validate:{was}")
        if step is not None:
            state["steps"][f"validate:{now}"] = {**step, "outputs": {}}
    state_path.write_text(json.dumps(state), encoding="utf-8")
    return len(tei_copies)


def main_replicated(documents: int, jobs: int | None) -> dict:
    from pipeline.build.engine import build_project, build_site_step

    with tempfile.TemporaryDirectory(prefix="edition-bench-collection-") as tmp:
        project = make_collection(Path(tmp) / "bench", len(sorted(CORPUS.rglob("*.xml"))))
        cold = build_project(project, jobs=jobs)
        distinct = cold.documents
        search_cold = cold.search.get("seconds") or 0.0
        document_steps = cold.seconds - cold.site_seconds - search_cold
        per_document = document_steps / distinct
        started = time.perf_counter()
        copies = replicate(project, documents)
        replicate_s = time.perf_counter() - started
        site = build_site_step(project)
        if site.failed:
            sys.exit(f"the site step failed: {site.failed} {[p.format() for p in site.problems]}")
        html = project / "output" / "html"
        catalogue = json.loads((project / "output" / "catalogue" / "catalogue.json").read_text(encoding="utf-8"))
        listed = len(catalogue["documents"] if isinstance(catalogue, dict) else catalogue)
        if listed != site.documents:  # the site step must have seen every copy
            sys.exit(f"the catalogue lists {listed} documents, not {site.documents}")
        html_bytes = folder_size(html, "*.html")
        index_bytes = folder_size(html / "pagefind")
        search_s = site.search.get("seconds")
        extrapolated = per_document * site.documents + site.site_seconds + (search_s or 0.0)
        return {
            "mode": f"replicate: {distinct} distinct documents built cold, outputs copied to {site.documents}",
            "documents": site.documents,
            "distinct_documents_built_cold": distinct,
            "distinct_cold_build_s (measured)": round(cold.seconds, 2),
            "per_document_cold_build_s (measured)": round(per_document, 3),
            "copies_made_s (not part of a build)": round(replicate_s, 2),
            "site_step_s (measured, N docs)": round(site.site_seconds, 2),
            "search_index_s (measured, N docs)": search_s,
            "cold_build_s (extrapolated: measured per document x N + site step + search)": round(extrapolated, 1),
            "site_share_of_cold_build (vs extrapolated)": round(site.site_seconds / extrapolated, 4),
            "catalogue_records": listed,
            "html_mb": round(html_bytes / 1e6, 2),
            # The index is the site's own data; Pagefind's scripts and WebAssembly (the same for any
            # site) are counted apart, as bench_search.py and the README do.
            "search_index_mb (site's data)": round(site.search["index_bytes"] / 1e6, 2) if site.search else None,
            "pagefind_folder_mb (index + runtime)": round(index_bytes / 1e6, 2),
            "search_index_share_of_html": site.search.get("ratio"),
            "indexed_pages": site.search.get("pages"),
            "indexed_words": site.search.get("words"),
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--replicate", type=int, default=None, metavar="N",
                        help="build the distinct documents cold once, copy their outputs to N documents "
                             "and time the site step alone over them (see the module's docstring)")
    args = parser.parse_args()

    import pipeline.publish.tools
    from pipeline.build.engine import build_project
    pipeline.publish.tools.fop_available = lambda: False  # PDF is FOP's time, not the collection's

    if args.replicate:
        results = main_replicated(args.replicate, args.jobs)
        for key, value in results.items():
            print(f"{key:80} {value}")
        print("targets: site step <= 10 % of a cold build; search index <= 30 % of the HTML")
        (REPO / "bench" / "results-collection.json").write_text(json.dumps(results, indent=2) + "\n",
                                                                encoding="utf-8")
        return

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
