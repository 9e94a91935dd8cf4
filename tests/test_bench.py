"""The benchmark's own stylesheets still fit the ones they measure.

bench/bench.py is run by hand, never timed in the tests; but its floor stylesheets import the real
HTML and FO stylesheets and override their behaviours by name, so a renamed behaviour or parameter
would break them unnoticed until the next benchmark. Nothing here is timed.
"""
from __future__ import annotations

import importlib.util
import inspect
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from conftest import REPO, needs_known_saxonche
from pipeline.publish import isolate

SAMPLE = REPO / "tests" / "data" / "validate" / "kitchen-sink.xml"


def _bench_module(name: str):
    """bench/NAME.py loaded as a module of its own (bench/ is no package), then unloaded."""
    spec = importlib.util.spec_from_file_location(f"{name}_under_test", REPO / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    yield module
    sys.modules.pop(spec.name, None)


@pytest.fixture(scope="module")
def bench():
    yield from _bench_module("bench")


@pytest.fixture(scope="module")
def saxon():
    from pipeline.publish.transform import _processor

    return _processor()


def words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{4,}", text))


def compile_text(saxon, text: str):
    return saxon.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)


def test_the_floor_walks_keep_every_word_the_real_page_shows(bench, saxon):
    """The do-nothing core walks wrap content in <span>s; they drop no word of the text that the
    real HTML stylesheet shows."""
    node = saxon.parse_xml(xml_file_name=str(SAMPLE))
    text_nodes = compile_text(saxon, bench.IDENTITY_XSL.replace(
        '<xsl:mode on-no-match="shallow-copy"/>',
        '<xsl:output method="text"/><xsl:template match="/">'
        '<xsl:value-of select="string-join(//*:text//text(), \' \')"/></xsl:template>'))
    real = saxon.new_xslt30_processor().compile_stylesheet(stylesheet_file=str(REPO / "xslt" / "html" / "html.xsl"))
    shown = words(text_nodes.transform_to_string(xdm_node=node)) & words(real.transform_to_string(xdm_node=node))
    assert len(shown) > 20
    whole = compile_text(saxon, bench.core_walk_xsl()).transform_to_string(xdm_node=node)
    text_only = compile_text(saxon, bench.core_walk_xsl(text_only=True)).transform_to_string(xdm_node=node)
    assert shown <= words(whole) and shown <= words(text_only)
    # The text-only page has nothing of the page around the text: no contents, no notes list.
    assert 'class="footnotes"' in whole and 'class="footnotes"' not in text_only
    for walk in (bench.WALK_PUSH_XSL, bench.WALK_CONTENT_PARAM_XSL):
        assert shown <= words(compile_text(saxon, walk).transform_to_string(xdm_node=node))


@pytest.mark.parametrize("target", ["html", "fo"])
def test_an_output_parsed_back_is_copied_whole(bench, saxon, target):
    """The output-copy floor: the output serialised as XML parses back, and its identity keeps it."""
    href = (REPO / "xslt" / target / f"{target}.xsl").as_uri()
    node = saxon.parse_xml(xml_file_name=str(SAMPLE))
    as_xml = compile_text(saxon, bench.AS_XML_XSL.format(href=href)).transform_to_string(xdm_node=node)
    tree = saxon.parse_xml(xml_text=as_xml)
    copier = bench.IDENTITY_HTML_XSL if target == "html" else bench.IDENTITY_XSL
    copied = compile_text(saxon, copier).transform_to_string(xdm_node=tree)
    without_prologue = [re.sub(r"^\s*(<\?xml[^>]*\?>|<!DOCTYPE[^>]*>)", "", out) for out in (copied, as_xml)]
    assert words(without_prologue[0]) == words(without_prologue[1]) and len(words(copied)) > 50


def test_busy_cpu_seconds_counts_up(bench):
    first = bench.busy_cpu_seconds()
    if first is None:
        pytest.skip("no /proc/stat on this system")
    sum(i * i for i in range(2_000_000))  # some work of our own
    assert bench.busy_cpu_seconds() > first


def test_the_python_loop_takes_longer_for_more_additions(bench):
    """The machine's speed the table reports beside its figures: CPU time that grows with the work."""
    short, long = bench.python_loop_seconds(100_000), bench.python_loop_seconds(3_000_000)
    assert 0 < short < long


@pytest.fixture(scope="module")
def instructions():
    yield from _bench_module("instructions")


@pytest.mark.parametrize("target", ["html", "text", "fo"])
def test_instruction_counts_compile_each_output_with_an_override(instructions, saxon, target):
    """bench/instructions.py imports each output and adds declarations (an A/B override): the output
    still renders, and the override takes effect."""
    override = '<xsl:template mode="ed:render" match="tei:p" priority="10"><xsl:text>OVERRIDDEN</xsl:text></xsl:template>'
    executable = saxon.new_xslt30_processor().compile_stylesheet(
        stylesheet_text=instructions.output_stylesheet(REPO / "xslt", target, override))
    result = executable.transform_to_string(xdm_node=saxon.parse_xml(xml_file_name=str(SAMPLE)))
    assert "OVERRIDDEN" in result


def test_instruction_counts_read_cachegrinds_summary(instructions):
    report = "==18338== \n==18338== I   refs:      1,480,232,060\n"
    assert instructions.read_count(report) == 1_480_232_060
    assert instructions.read_count("valgrind: command not found") is None


@pytest.mark.parametrize("parse_in_pass, parses", [("1", 1 + 2), ("0", 1)])
def test_instruction_counts_parse_in_each_pass_when_asked(instructions, saxon, monkeypatch, parse_in_pass, parses):
    """--parse reaches the child (its command line's last argument): two passes over one document
    parse it once more per pass, as the targets' timed runs do; without it, once before the passes."""
    import bench as imported_by_the_child  # bench/ is on the path instructions.py set
    import pipeline.publish.transform as transform

    calls = []

    class CountingProcessor:
        def __getattr__(self, name):
            return getattr(saxon, name)

        def parse_xml(self, **kwargs):
            calls.append(kwargs)
            return saxon.parse_xml(**kwargs)

    monkeypatch.setattr(transform, "_processor", CountingProcessor)
    monkeypatch.setattr(imported_by_the_child, "corpus_files", lambda: [SAMPLE])
    monkeypatch.setattr(sys, "argv", ["instructions.py", "--child", "identity", str(REPO / "xslt"), "", "2", parse_in_pass])
    instructions.main()
    assert len(calls) == parses


def test_instruction_counts_leave_no_scratch_behind(instructions, monkeypatch, tmp_path):
    """The child writes each output into a scratch folder of its own, removed when it ends: a
    count is run hundreds of times a session."""
    import bench as imported_by_the_child  # bench/ is on the path instructions.py set

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(imported_by_the_child, "corpus_files", lambda: [SAMPLE])
    monkeypatch.setattr(sys, "argv", ["instructions.py", "--child", "html", str(REPO / "xslt"), "", "1", "0"])
    instructions.main()
    assert list(tmp_path.iterdir()) == []


@needs_known_saxonche
def test_the_collectors_log_reaches_saxons_isolate(tmp_path):
    """bench/gc_log.py hands the native image's options to the isolate the pipeline creates: with a
    young generation of 2 MB, the identity of a small TEI is collected (and logged) several times;
    without the options nothing would be logged at all."""
    big = tmp_path / "big.xml"
    big.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                   + "<p>A paragraph of words, written out to fill the young generation.</p>" * 40000
                   + "</body></text></TEI>", encoding="utf-8")
    run = subprocess.run([sys.executable, str(REPO / "bench" / "gc_log.py"), "identity", str(big),
                          "--flags", "-XX:+PrintGC -Xmn2m"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    (summary,) = re.findall(r"collections: (\d+)", run.stdout)
    assert int(summary) >= 3, run.stdout


@needs_known_saxonche
def test_no_collection_runs_in_the_heap_instruction_counts_can_ask_for(instructions, tmp_path):
    """instructions.py --no-collector gives Saxon a heap in which no collection runs: the identity of
    a TEI the default heap collects several times over is rendered without one."""
    big = tmp_path / "big.xml"
    big.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>'
                   + "<p>A paragraph of words, written out to fill the young generation.</p>" * 200000
                   + "</body></text></TEI>", encoding="utf-8")

    def collections(flags: str) -> int:
        run = subprocess.run([sys.executable, str(REPO / "bench" / "gc_log.py"), "identity", str(big),
                              f"--flags={flags}"], capture_output=True, text=True, timeout=300)
        assert run.returncode == 0, run.stderr
        counted = re.findall(r"collections: (\d+)", run.stdout)
        return int(counted[0]) if counted else 0

    assert collections("-XX:+PrintGC") >= 1
    assert collections("-XX:+PrintGC " + instructions.NO_COLLECTOR_FLAGS) == 0


@pytest.mark.parametrize("passes, per_pass", [(2, 400), (5, 400), (3, 400)])
def test_instruction_counts_take_one_pass_from_longer_runs(instructions, monkeypatch, passes, per_pass):
    """A run of N passes less a run of one, divided by N - 1: start-up and compilation (1,000 here)
    cancel out whatever N is."""
    runs = []

    def fake_count(measure, xslt, snippet, n, parse_in_pass, env, names):
        runs.append((n, env, names))
        return 1_000 + 400 * n

    monkeypatch.setattr(instructions, "_instructions", fake_count)
    no_collector = {isolate.OPTIONS_VARIABLE: instructions.NO_COLLECTOR_FLAGS}
    assert instructions.per_pass("html", "xslt", "", False, passes, no_collector, ["a.xml"]) == per_pass
    # both runs under the same environment (--no-collector's heap for both, or for neither), of the same files
    assert sorted(runs, key=lambda run: run[0]) == [(1, no_collector, ["a.xml"]), (passes, no_collector, ["a.xml"])]


def test_instruction_counts_hand_the_files_named_to_the_child_under_valgrind(instructions, monkeypatch):
    commands = []

    def fake_run(command, **kwargs):
        commands.append(command)
        return subprocess.CompletedProcess(command, 0, "", "==1== I   refs:      1,234\n")

    monkeypatch.setattr(instructions.subprocess, "run", fake_run)
    assert instructions._instructions("html", "xslt", "", 2, False, None, ["a.xml", "b.xml"]) == 1_234
    (command,) = commands
    assert command[:2] == ["valgrind", "--tool=cachegrind"]
    assert command[command.index("--child"):] == ["--child", "html", "xslt", "", "2", "0", "a.xml", "b.xml"]


@pytest.mark.parametrize("names", [[], ["second.xml"], ["first.xml", "second.xml"]])
def test_instruction_counts_of_the_files_named(instructions, saxon, monkeypatch, tmp_path, names):
    """--file NAME reaches the child (after its other arguments), which parses those corpus files
    alone; with none, the whole corpus. A name the corpus does not hold is refused."""
    import bench as imported_by_the_child  # bench/ is on the path instructions.py set
    import pipeline.publish.transform as transform

    corpus = []
    for name in ("first.xml", "second.xml", "third.xml"):
        corpus.append(tmp_path / name)
        shutil.copy(SAMPLE, corpus[-1])
    parsed = []

    class CountingProcessor:
        def __getattr__(self, name):
            return getattr(saxon, name)

        def parse_xml(self, **kwargs):
            parsed.append(kwargs["xml_file_name"].rsplit("/", 1)[-1])
            return saxon.parse_xml(**kwargs)

    monkeypatch.setattr(transform, "_processor", CountingProcessor)
    monkeypatch.setattr(imported_by_the_child, "corpus_files", lambda: corpus)
    monkeypatch.setattr(sys, "argv", ["instructions.py", "--child", "identity", str(REPO / "xslt"), "", "1", "0", *names])
    instructions.main()
    assert parsed == (names or [path.name for path in corpus])
    with pytest.raises(SystemExit, match="not in the corpus: other.xml"):
        instructions.corpus_files(["first.xml", "other.xml"])


@pytest.fixture(scope="module")
def pairs():
    yield from _bench_module("pairs")


def test_pairs_sum_up_the_change_of_each_pair(pairs):
    """The median of the changes pair by pair, not the change of the medians: a pair shares its
    hour, so its two figures are compared with each other."""
    before = [{"html": 5.0, "text": 3.0, "fo": 5.0}, {"html": 6.0, "text": 3.0, "fo": 4.0},
              {"html": 4.0, "text": 3.0, "fo": 4.5}]
    after = [{"html": 4.5, "text": 3.3, "fo": 5.0}, {"html": 5.4, "text": 3.0, "fo": 4.4},
             {"html": 4.4, "text": 2.7, "fo": 4.5}]
    figures = pairs.summary(before, after)
    assert figures["html"]["change"] == pytest.approx(-0.10)
    assert figures["html"]["faster"] == 2 and figures["html"]["pairs"] == 3
    assert (figures["html"]["before"], figures["html"]["after"]) == (5.0, 4.5)
    assert figures["text"]["change"] == pytest.approx(0.0) and figures["text"]["faster"] == 1
    assert figures["fo"]["change"] == pytest.approx(0.0) and figures["fo"]["faster"] == 0


def test_pairs_time_each_output_against_its_own_identity(pairs, monkeypatch):
    files = pairs.bench.corpus_files()
    if not files:
        pytest.skip("../shared/corpus/real-tei is absent")
    # The corpus's small files (about 80 KB of its 3.8 MB): the code that times them is the same,
    # and the whole corpus cost this test half a minute of CI.
    small = [path for path in files if path.stat().st_size < 12_000]
    assert len(small) >= 5
    monkeypatch.setattr(pairs.bench, "corpus_files", lambda: small)
    # The best of three rounds on each side: one round of so little work read the text at 1.15x the
    # identity once in CI (a slow moment on one side), where it is about 2x.
    ratios = pairs._child(str(REPO / "xslt"), 3)
    assert set(ratios) == {"html", "text", "fo"}
    # Every output does more than copy its document: a ratio under 1 would be the identity's time
    # divided by the output's, or an output that rendered nothing.
    assert all(ratio > 1.2 for ratio in ratios.values()), ratios


def test_a_compared_folder_is_compiled_as_the_package_is(bench, tmp_path):
    """pairs.py compares copies of the packaged stylesheets: each is compiled as the package is (the
    static parameters of a document's facts), not as a project's own stylesheet, or the package's
    side wins by the rules the copy keeps; and only the bench's own transformer is told so."""
    from pipeline.publish.transform import Transformer

    shutil.copytree(REPO / "xslt", tmp_path / "xslt")
    runs = bench.corpus_runs(str(tmp_path / "xslt"), per_file=True, as_packaged=True)
    runs["text"](SAMPLE)
    # The transformer the text run renders with, held by the function the run calls.
    renders = inspect.getclosurevars(runs["text"]).nonlocals["ours_of"]
    transformer = inspect.getclosurevars(renders).nonlocals["transformer"]
    assert {dict(statics).get("source-unclear") for _, statics in transformer._compiled} == {"no"}
    assert not Transformer(tmp_path / "xslt")._packaged("text")


@pytest.mark.parametrize("target", ["identity", "html", "text", "fo"])
def test_the_memory_measure_renders_as_edition_transform_does(bench, target):
    """bench.py --only memory renders in a child process what `edition transform` would; the same
    code here, on a small file, so a change to the pipeline's API cannot break it unnoticed."""
    measured = bench._measure_memory(target, str(SAMPLE))
    assert measured["peak_mb"] > 0 and measured["seconds"] > 0


@pytest.fixture(scope="module")
def cold_pairs():
    yield from _bench_module("cold_pairs")


def test_a_cold_build_runs_the_package_of_its_own_side(cold_pairs, tmp_path):
    """Each side builds with the package in its folder, not the one installed or first on the path
    (``python -m`` takes the working directory's): a stand-in package that only leaves a mark."""
    code = tmp_path / "code"
    (code / "pipeline").mkdir(parents=True)
    (code / "pipeline" / "__init__.py").write_text("", encoding="utf-8")
    mark = tmp_path / "built-with-the-stand-in"
    (code / "pipeline" / "__main__.py").write_text(
        f"import pathlib, sys\npathlib.Path({str(mark)!r}).write_text(' '.join(sys.argv[1:]))\n", encoding="utf-8")
    figures = cold_pairs.cold_build(code, tmp_path / "where")
    assert mark.read_text().startswith("build ") and (tmp_path / "where" / "diary" / "tei" / "source").is_dir()
    assert figures["wall"] > 0


def test_cold_pairs_sum_up_wall_and_cpu_pair_by_pair(pairs):
    before = [{"wall": 1.5, "cpu": 2.0}, {"wall": 1.2, "cpu": 1.8}]
    after = [{"wall": 1.2, "cpu": 1.9}, {"wall": 1.26, "cpu": 1.7}]
    figures = pairs.summary(before, after, ("wall", "cpu"))
    assert figures["wall"]["faster"] == 1 and figures["cpu"]["faster"] == 2
    assert figures["wall"]["change"] == pytest.approx((-0.2 + 0.05) / 2)


def test_file_by_file_ratios_pair_each_output_with_the_identity_of_the_same_file(bench, monkeypatch):
    """Each output of a file runs right after the identity of that file, and a round's ratio is
    its sums' ratio: the order of the runs and the arithmetic, with stand-in runs and a stand-in
    clock (each run costs its own fixed time)."""
    files = ["a.xml", "b.xml"]
    cost = {"identity": 1.0, "html": 4.0, "text": 2.0, "fo": 3.0}
    clock = {"now": 0.0}
    calls = []

    def make(name):
        def run(path):
            calls.append((name, path))
            clock["now"] += cost[name] * (2 if path == "b.xml" else 1)
        return run

    monkeypatch.setattr(bench, "corpus_files", lambda: files)
    monkeypatch.setattr(bench, "corpus_runs", lambda per_file=False: {name: make(name) for name in cost})
    monkeypatch.setattr(bench.time, "process_time", lambda: clock["now"])
    ratios = bench._measure_interleaved(2)
    assert ratios == {"html": [4.0, 4.0], "text": [2.0, 2.0], "fo": [3.0, 3.0]}
    timed = calls[len(files) * len(cost):]  # after the warm-up
    assert timed[:8] == [("identity", "a.xml"), ("html", "a.xml"), ("text", "a.xml"), ("fo", "a.xml"),
                         ("identity", "b.xml"), ("html", "b.xml"), ("text", "b.xml"), ("fo", "b.xml")]


@pytest.fixture(scope="module")
def profile():
    yield from _bench_module("profile")


def test_profile_reads_a_saxon_profile_table(profile):
    """bench/profile.py adds up the rows of Saxon's -TP report: module, line, instruction, calls,
    gross and net time, numbers with thousands separators and markup in the cells."""
    report = ("<table><tr><th>file</th><th>line</th><th>instruction</th><th>count</th><th>avg</th><th>gross</th>"
              "<th>avg</th><th>net</th></tr>"
              "<tr><td>core.xsl</td><td>208</td><td>xsl:template <b>ed:content</b>\n  x</td><td>11,329</td>"
              "<td>0.025</td><td>1,288.107</td><td>0.010</td><td>116.638</td></tr>"
              "<tr><td>short</td></tr></table>")
    assert profile.profile_rows(report) == [("core.xsl", "208", "xsl:template ed:content x", 11329, 1288.107, 116.638)]


def test_profile_runs_saxonches_own_transform_with_tp(profile, tmp_path):
    """The profile comes from the saxonche the product runs (its library's command-line Transform,
    called through ctypes in a process of its own): a test case's plain text, profiled, names the
    core's content template with one call per behaviour that places content, and the output is the
    text the product makes."""
    report, result = tmp_path / "profile.html", tmp_path / "out.txt"
    case = REPO / "tests" / "cases" / "structure" / "input.xml"
    done = subprocess.run([sys.executable, str(REPO / "bench" / "profile.py"), "--child", f"-TP:{report}",
                           f"-s:{case}", f"-xsl:{REPO / 'xslt' / 'text' / 'text.xsl'}", f"-o:{result}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = profile.profile_rows(report.read_text(encoding="utf-8"))
    content = [row for row in rows if row[2] == "xsl:template ed:content"]
    assert content and content[0][3] > 10
    from pipeline.publish.transform import Transformer

    expected = next(iter(Transformer(REPO / "xslt").render(case, "text", {}).values()))
    assert result.read_bytes() == expected


@pytest.fixture(scope="module")
def compile_cost():
    yield from _bench_module("compile_cost")


def test_compile_cost_hollows_a_module_that_still_compiles(compile_cost, saxon, tmp_path):
    """bench/compile_cost.py hollows a module (rules dropped, bodies error()) in a copy of xslt/: the
    rest compiles, the rules are gone, and a hollowed declaration alone leaves the others."""
    xslt = tmp_path / "xslt"
    shutil.copytree(REPO / "xslt", xslt)
    module = xslt / "core" / "inlines.xsl"
    labels = compile_cost.declarations(module)
    phrase = next(p for p, label in labels.items() if "template ed:phrase" in label)
    rule = next(p for p, label in labels.items() if "ed:render {$ed:common-phrases}" in label)
    compile_cost.hollow(module, {phrase})
    text = module.read_text(encoding="utf-8")
    assert 'name="ed:phrase"><xsl:sequence select="error()"/></xsl:template>' in text
    assert '_match="{$ed:common-phrases}"><xsl:call-template name="ed:phrase"/>' in text  # left as it was
    compile_cost.hollow(module)
    from lxml import etree
    templates = etree.parse(str(module)).getroot().findall(f"{compile_cost.XSL}template")
    assert templates and all(t.get("name") and not t.get("match") and not t.get("_match") for t in templates)
    compile_cost._child(str(xslt), "text")  # compiles, or raises


def test_compile_cost_says_when_a_hollowed_copy_does_not_compile(compile_cost, monkeypatch, tmp_path):
    monkeypatch.setattr(compile_cost.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 1, "", "==1== I   refs:      1,000\nXTSE0650"))
    assert compile_cost.count(tmp_path, "text") is None
    monkeypatch.setattr(compile_cost.subprocess, "run",
                        lambda *a, **k: subprocess.CompletedProcess(a, 0, "", "==1== I   refs:      1,000,000"))
    assert compile_cost.count(tmp_path, "text") == 1_000_000


def test_a_missed_target_is_named_and_fails_the_run(bench, monkeypatch, tmp_path, capsys):
    measured = {"_machine": {}, "html_vs_identity": 4.2, "text_vs_identity": 2.5, "corpus_mb": 3.7,
                "pdf_batch_speedup": 2.0, "cold_build_no_pdf_s": 0.8}
    assert bench.missed_targets(measured) == ["html_vs_identity", "pdf_batch_speedup"]
    assert bench.target_met("text_vs_identity", 2.5) is True  # a bound is met when reached
    assert bench.target_met("corpus_mb", 3.7) is None
    table = bench.table(measured)
    assert "4.200  ≤ 4  MISSED" in table and "2.000  ≥ 3  MISSED" in table and "0.800  ≤ 1.2  ok" in table

    def run_main(results: dict) -> int | None:
        def measure_diary(into: dict, tmp) -> None:
            into.update(results)
        monkeypatch.setattr(bench, "bench_diary", measure_diary)
        monkeypatch.setattr(bench, "python_loop_seconds", lambda: 0.3)
        monkeypatch.setattr(sys, "argv", ["bench.py", "--only", "diary", "-o", str(tmp_path / "results.json")])
        try:
            bench.main()
        except SystemExit as stop:
            return stop.code
        return None

    assert run_main({"cold_build_no_pdf_s": 1.3, "noop_rebuild_vs_help": 1.1}) == 1
    assert "targets missed: cold_build_no_pdf_s (1 of 2 measured)" in capsys.readouterr().out
    assert run_main({"cold_build_no_pdf_s": 0.8, "noop_rebuild_vs_help": 1.1}) is None
    assert "targets met: all 2 measured" in capsys.readouterr().out
    assert run_main({"register_change_rebuild_s": 0.7}) is None  # a part whose measures have no target
    assert "targets: none among these measures" in capsys.readouterr().out
