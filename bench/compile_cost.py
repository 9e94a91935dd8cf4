"""Instructions each stylesheet's compilation executes, and where they go (run by hand; never in tests).

A cold build compiles three stylesheets (site, which imports HTML; FO; text), each a quarter of a
second or more, most of its work. Counted by valgrind (``cachegrind --cache-sim=no``): a child
process starts Saxon as a worker does (``warm_up``) and compiles one output's stylesheet with the
static parameters of a document that holds none of what they ask about; the count of a child that
only starts Saxon is taken from it. Saxon's heap is given room enough that no collection runs
(``instructions.py``'s ``--no-collector``), so the counts repeat within about 1% and leave out the
collector's share, which depends on when its collections fall. One count against another spreads
wider: copies hollowing modules a stylesheet does not even include counted up to 33 M below the
whole (forty-fifth session, ``--hollow all``), so a difference under about 30 M tells nothing.

``--hollow MODULE ...`` (paths under the xslt folder, or ``all``) counts the compilation again with
each module hollowed in turn: its template rules dropped, its named templates', functions' and
global variables' bodies reduced to ``error()``; the difference is roughly what the module costs
(what calls into it compiles a little differently too). ``--declarations MODULE`` does the same for
each top-level declaration of one module. A hollowed copy that no longer compiles is reported so.
The forty-fourth session found this way that a template rule whose pattern is a union has its body
compiled once per alternative (tests/test_core_maps.py, ``UNION_RULE_BUDGET``).

    python bench/compile_cost.py [--only text ...] [--xslt DIR]
    python bench/compile_cost.py --only text --hollow all
    python bench/compile_cost.py --only html --declarations core/inlines.xsl
"""
from __future__ import annotations

import argparse
import os
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
from instructions import CACHEGRIND, NO_COLLECTOR_FLAGS, read_count  # noqa: E402

TARGETS = ("text", "html", "fo", "site")
XSL = "{http://www.w3.org/1999/XSL/Transform}"


def _child(xslt: str, target: str) -> None:
    """(under valgrind) Start Saxon; compile ``target``'s stylesheet unless it is "none", as the build
    does for the site step (``Transformer.compile``: the usual document's static parameters)."""
    from pipeline.publish import transform

    transform.warm_up()
    if target != "none":
        transform.Transformer(xslt).compile(target)


def count(xslt: Path, target: str) -> int | None:
    """Instructions of a child compiling ``target`` from ``xslt`` (or starting Saxon alone: "none");
    None if the stylesheet does not compile."""
    run = subprocess.run(
        [*CACHEGRIND, sys.executable, __file__, "--child", str(xslt), target],
        capture_output=True, text=True, check=False, env=isolate_env(NO_COLLECTOR_FLAGS))
    found = read_count(run.stderr)
    if found is None and not run.returncode:
        raise SystemExit(f"valgrind gave no count for {target}:\n{run.stderr[-2000:]}")
    return None if run.returncode else found


def hollow(module: Path, only: set[int] | None = None) -> None:
    """Rewrite ``module`` with its declarations (those at the positions ``only``, else all) hollowed:
    template rules dropped, the bodies of named templates, functions and variables ``error()``."""
    from lxml import etree

    tree = etree.parse(str(module))
    for position, declaration in enumerate(list(tree.getroot())):
        if not isinstance(declaration.tag, str) or (only is not None and position not in only):
            continue
        kind = declaration.tag.removeprefix(XSL)
        if kind == "template" and declaration.get("name") is None:
            tree.getroot().remove(declaration)
        elif kind in ("template", "function"):
            for child in list(declaration):
                if child.tag not in (f"{XSL}param", f"{XSL}context-item"):
                    declaration.remove(child)
            declaration.text = None
            etree.SubElement(declaration, f"{XSL}sequence", select="error()")
        elif kind == "variable" and declaration.get("static") != "yes":
            for child in list(declaration):
                declaration.remove(child)
            declaration.text = None
            declaration.set("select", "error()")
    tree.write(str(module))


def declarations(module: Path) -> dict[int, str]:
    """The top-level templates, functions and variables of ``module``: position -> a label."""
    from lxml import etree

    found = {}
    for position, declaration in enumerate(etree.parse(str(module)).getroot()):
        kind = declaration.tag.removeprefix(XSL) if isinstance(declaration.tag, str) else ""
        if kind in ("template", "function", "variable"):
            said = declaration.get("name") or f"{declaration.get('mode', '#default')} {declaration.get('match') or declaration.get('_match')}"
            found[position] = f"line {declaration.sourceline}: {kind} {' '.join(said.split())[:70]}"
    return found


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _child(*sys.argv[2:4])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=TARGETS, action="append", help="these stylesheets only (repeatable)")
    parser.add_argument("--xslt", type=Path, default=REPO / "xslt", help="the stylesheet folder to measure")
    parser.add_argument("--hollow", nargs="+", metavar="MODULE", help="modules to hollow in turn, or all")
    parser.add_argument("--declarations", metavar="MODULE", help="hollow each declaration of this module in turn")
    args = parser.parse_args()
    if not shutil.which("valgrind"):
        raise SystemExit("valgrind is not installed (Debian: apt-get install valgrind)")
    xslt = args.xslt.resolve()
    targets = args.only or list(TARGETS)
    variants: dict[str, tuple[str, set[int] | None]] = {}  # label -> (module, positions)
    if args.hollow:
        modules = sorted(str(p.relative_to(xslt)) for p in xslt.glob("*/*.xsl")) if args.hollow == ["all"] else args.hollow
        variants = {module: (module, None) for module in modules}
    elif args.declarations:
        variants = {label: (args.declarations, {position})
                    for position, label in declarations(xslt / args.declarations).items()}
    with tempfile.TemporaryDirectory(prefix="edition-compile-") as tmp:
        folders = {"": xslt}
        for index, (label, (module, positions)) in enumerate(variants.items()):
            folders[label] = Path(tmp) / str(index)
            shutil.copytree(xslt, folders[label])
            hollow(folders[label] / module, positions)
        jobs = [("", "none")] + [(label, target) for target in targets for label in folders]
        with ThreadPoolExecutor(max_workers=2) as pool:
            counts = dict(zip(jobs, pool.map(lambda job: count(folders[job[0]], job[1]), jobs)))
    start = counts[("", "none")]
    print(f"Python and Saxon started: {start / 1e6:,.0f} M instructions")
    for target in targets:
        whole = counts[("", target)]
        print(f"{target}: compilation {(whole - start) / 1e6:,.1f} M instructions")
        rows = [(whole - found if found is not None else None, label)
                for (label, measured), found in counts.items() if measured == target and label]
        for saved, label in sorted(rows, key=lambda row: -(row[0] or 0)):
            print(f"  {'does not compile' if saved is None else f'{saved / 1e6:8.1f} M':>16s}  {label}")


if __name__ == "__main__":
    main()
