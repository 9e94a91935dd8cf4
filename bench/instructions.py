"""Instructions each stylesheet executes per pass over the corpus (run by hand; never in tests).

Timings on a shared machine move by a fifth from run to run, and A/B comparisons of a few per cent
drown in that. Instructions executed do not: counted by valgrind (``cachegrind --cache-sim=no``),
the same run twice differs by about 1%. Each measure runs in a child process under valgrind twice,
once with one pass over the corpus and once with two; the difference is one pass, with the
compilation, parsing and interpreter start-up cancelled out. When the collector runs is the one
thing left that moves a count (2–5% between runs of two passes less one); ``--passes N`` runs N
passes against one and divides the difference by N - 1, which brings that to about 1% with five.
``--no-collector`` gives Saxon a heap in which no collection runs during the passes (its options
through ``TEI_EDITION_SAXON_OPTIONS``, as ``gc_log.py`` passes them): counts then repeat within
about half a per cent, though without the collector's share of the work.
Documents are parsed before the passes, so this is the transformation and the serialisation alone
(``transform_to_file`` of a parsed tree, as ``bench.py``'s floor part measures).

Measures (``--only``, repeatable; all by default):

- ``identity``: Saxon's own floor, ``<xsl:mode on-no-match="shallow-copy"/>``;
- ``push-walk``: every element rebuilt with a class attribute, children written straight in;
- ``html``, ``text``, ``fo``: our outputs, standalone (no parameters but those a render sets from what it
  knows of the document: ``known_params``, static ones such as FO told a file holds no en dash;
  each document rendered with the compilation they choose, each compiled once before the passes);
- ``html-output``, ``fo-output``: the identity of our own HTML and FO, made beforehand and parsed
  (the price of writing that much output, which no stylesheet can avoid).

``--parse`` parses each document inside each pass, as ``bench.py``'s timed runs and the targets do
(``Transformer.render`` of a file): the ratios are then the instruction counts of the targets'
ratios, parsing included on both sides.

``--xslt DIR`` measures another stylesheet folder (a checkout of an older commit, say: ``git
archive REV xslt | tar -x -C /tmp/old``) and ``--snippet FILE`` adds declarations to the output
stylesheets (an override to try): both for A/B comparisons. An override sits at a higher import
precedence than everything in xslt/, which beats priority: a template of the core overridden there
also wins over the core's own templates of higher priority for the same elements (a union match of
70 phrases took over signs, readings and labels, and the count fell by 2% with 12 of 36 outputs
changed). Compare the outputs before trusting such a count, or try the change in a copy of the
folder (``--xslt``). ``--file NAME`` (repeatable) counts those corpus files alone, to follow a
file whose ratio stands above the rest without the whole corpus's noise. Needs valgrind (Debian:
``valgrind``); a pass over the corpus under it takes about a minute, and two measures run at a time.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from gc_log import isolate_env  # noqa: E402 (bench/ is on the path from here on)

#: Saxon's isolate with a young generation of 4 GB: no collection runs while the corpus is rendered
#: three times over, parsing included (checked with -XX:+PrintGC), so the counts do not move with
#: the moments the collector happens to run.
NO_COLLECTOR_FLAGS = "-Xms8g -Xmn4g"

#: valgrind counting the instructions a command executes, and nothing else (no cache simulation).
CACHEGRIND = ("valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null")
MEASURES = ("identity", "push-walk", "html", "text", "fo", "html-output", "fo-output")
OUTPUTS = {"html": "html/html.xsl", "text": "text/text.xsl", "fo": "fo/fo.xsl"}
SNIPPET_HEAD = ('<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:tei="http://www.tei-c.org/ns/1.0" '
                'xmlns:ed="https://tei-edition.org/ns/ed" xmlns:fo="http://www.w3.org/1999/XSL/Format" '
                'xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns="http://www.w3.org/1999/xhtml" '
                'exclude-result-prefixes="#all" expand-text="yes">')


def corpus_files(names: list[str] | None = None) -> list[Path]:
    """The corpus's files, or those of them named (a file's name, ``listevent.xml``)."""
    import bench

    files = bench.corpus_files()
    if not names:
        return files
    unknown = set(names) - {path.name for path in files}
    if unknown:
        raise SystemExit(f"not in the corpus: {', '.join(sorted(unknown))}")
    return [path for path in files if path.name in names]


def _child(measure: str, xslt: str, snippet: str, passes: int, parse_in_pass: bool = False,
           names: list[str] | None = None) -> None:
    """(under valgrind) Compile, parse the corpus (or the files ``names`` names), then transform it
    ``passes`` times (parsing each document again in each pass if ``parse_in_pass``)."""
    import bench
    from pipeline.publish.transform import Document, _processor, _split_statics, known_params

    processor = _processor()
    compiler = processor.new_xslt30_processor()
    files = corpus_files(names)
    trees = [processor.parse_xml(xml_file_name=str(path)) for path in files]
    documents = [Document(path) for path in files]
    # What a render knows of each document and the compilation it chooses (static parameters:
    # one compilation per set of values), found as each render finds them, before the passes.
    chosen: list[tuple[object, dict]] = []
    if measure in OUTPUTS:
        extra = Path(snippet).read_text(encoding="utf-8") if snippet else ""
        compiled: dict = {}
        for document in documents:
            params, statics = _split_statics(known_params(document, measure))
            if statics not in compiled:
                compiler.clear_parameters()
                for name, value in statics:
                    compiler.set_parameter(name, processor.make_string_value(value))
                compiled[statics] = compiler.compile_stylesheet(stylesheet_text=output_stylesheet(Path(xslt), measure, extra))
            chosen.append((compiled[statics], params))
    else:
        text = {"identity": bench.IDENTITY_XSL, "push-walk": bench.WALK_PUSH_XSL,
                "html-output": bench.IDENTITY_HTML_XSL, "fo-output": bench.IDENTITY_XSL}[measure]
        chosen = [(compiler.compile_stylesheet(stylesheet_text=text), {})] * len(files)
    if measure.endswith("-output"):  # our own output, rendered as XML and parsed back
        target = measure.removesuffix("-output")
        as_xml = compiler.compile_stylesheet(
            stylesheet_text=bench.AS_XML_XSL.format(href=(Path(xslt) / OUTPUTS[target]).as_uri()))
        made = []
        for tree in trees:
            try:
                made.append(processor.parse_xml(xml_text=as_xml.transform_to_string(xdm_node=tree)))
            except Exception:  # a file the output cannot render has nothing to write
                pass
        trees = made
    with tempfile.TemporaryDirectory(prefix="edition-instructions-") as scratch:
        result = os.path.join(scratch, "out")
        for _ in range(passes):
            for path, tree, (executable, params) in zip(files, trees, chosen):
                if parse_in_pass:
                    tree = processor.parse_xml(xml_file_name=str(path))
                executable.clear_parameters()
                for name, value in params.items():
                    executable.set_parameter(name, processor.make_string_value(value))
                executable.set_property("!encoding", "UTF-8")
                try:
                    executable.transform_to_file(xdm_node=tree, output_file=result)
                except Exception:  # a corpus file ours cannot render still costs its instructions
                    pass


def _instructions(measure: str, xslt: str, snippet: str, passes: int, parse_in_pass: bool,
                  env: dict | None = None, names: list[str] | None = None) -> int:
    run = subprocess.run(
        [*CACHEGRIND, sys.executable, __file__, "--child", measure, xslt, snippet, str(passes), str(int(parse_in_pass)),
         *(names or [])],
        capture_output=True, text=True, check=False, env=env)
    count = read_count(run.stderr)
    if count is None:
        raise SystemExit(f"valgrind gave no count for {measure}:\n{run.stderr[-2000:]}")
    return count


def read_count(report: str) -> int | None:
    """The instructions executed, from cachegrind's summary ("==12== I   refs:      1,480,232,060")."""
    found = re.search(r"I\s+refs:\s+([\d,]+)", report)
    return int(found.group(1).replace(",", "")) if found else None


def output_stylesheet(xslt: Path, target: str, snippet: str = "") -> str:
    """An output's entry stylesheet imported, with ``snippet``'s declarations added."""
    entry = (Path(xslt) / OUTPUTS[target]).as_uri()
    return f'{SNIPPET_HEAD}<xsl:import href="{entry}"/>{snippet}</xsl:stylesheet>'



def per_pass(measure: str, xslt: str, snippet: str, parse_in_pass: bool = False, passes: int = 2,
             env: dict | None = None, names: list[str] | None = None) -> int:
    """Instructions of one pass over the corpus (or the files ``names`` names): ``passes`` passes
    less one, per pass."""
    return (_instructions(measure, xslt, snippet, passes, parse_in_pass, env, names)
            - _instructions(measure, xslt, snippet, 1, parse_in_pass, env, names)) // (passes - 1)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        measure, xslt, snippet, passes, parse_in_pass, *names = sys.argv[2:]
        _child(measure, xslt, snippet, int(passes), parse_in_pass == "1", names)
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=MEASURES, action="append", help="these measures only (repeatable)")
    parser.add_argument("--xslt", type=Path, default=REPO / "xslt", help="the stylesheet folder to measure")
    parser.add_argument("--snippet", type=Path, help="declarations added to the output stylesheets")
    parser.add_argument("--parse", action="store_true",
                        help="parse each document in each pass, as the targets' timed ratios do")
    parser.add_argument("--passes", type=int, default=2,
                        help="passes of the longer run (at least 2); more passes, less noise from the collector")
    parser.add_argument("--no-collector", action="store_true",
                        help=f"give Saxon a heap in which no collection runs ({NO_COLLECTOR_FLAGS}): "
                             "counts then repeat within about 0.5%%, without the collector's share")
    parser.add_argument("--file", action="append", metavar="NAME",
                        help="this corpus file alone (its name, e.g. listevent.xml; repeatable)")
    parser.add_argument("-o", "--output", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    if args.passes < 2:
        parser.error("--passes must be at least 2")
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    import bench
    if not bench.corpus_files():
        raise SystemExit(f"no corpus at {bench.CORPUS}")
    corpus_files(args.file)  # an unknown name is refused before valgrind starts
    measures = list(dict.fromkeys(["identity", *(args.only or MEASURES)]))
    if args.parse:  # the "-output" measures parse our own output, made beforehand, not a file
        measures = [measure for measure in measures if not measure.endswith("-output")]
    snippet = str(args.snippet.resolve()) if args.snippet else ""
    env = isolate_env(NO_COLLECTOR_FLAGS) if args.no_collector else None
    with ThreadPoolExecutor(max_workers=2) as pool:
        counts = dict(zip(measures, pool.map(
            lambda m: per_pass(m, str(args.xslt.resolve()), snippet, args.parse, args.passes, env, args.file), measures)))
    identity = counts["identity"]
    print(f"{'measure':14s} {'M instructions per pass':>24s} {'ratio to identity':>18s}")
    for measure, count in counts.items():
        print(f"{measure:14s} {count / 1e6:24.0f} {count / identity:18.2f}")
    if args.output:
        args.output.write_text(json.dumps({m: {"instructions": c, "ratio": round(c / identity, 3)}
                                           for m, c in counts.items()}, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
