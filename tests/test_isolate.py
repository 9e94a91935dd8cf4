"""Saxon's isolate (pipeline/publish/isolate.py): made with its young generation bounded, options
from the environment checked before the native image sees them, saxonche's own isolate elsewhere."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, needs_known_saxonche
from pipeline.errors import EditionError
from pipeline.publish import isolate

DIARY = REPO / "tests" / "cases" / "diary" / "input.xml"


def test_the_young_generation_is_bounded_and_options_from_the_environment_follow():
    assert isolate.isolate_options({}) == [isolate.YOUNG_GENERATION]
    given = {isolate.OPTIONS_VARIABLE: " -Xmx2g\t-XX:MaxNewSize=128m  -XX:+PrintGC -XX:MaximumHeapSizePercent=50 "}
    assert isolate.isolate_options(given) == [
        isolate.YOUNG_GENERATION, "-Xmx2g", "-XX:MaxNewSize=128m", "-XX:+PrintGC", "-XX:MaximumHeapSizePercent=50"]


def test_a_process_with_little_to_read_gets_a_young_generation_it_never_fills(monkeypatch):
    monkeypatch.setattr(isolate, "_expected_bytes", None)
    small, large = isolate.SMALL_WORK_BYTES, isolate.SMALL_WORK_BYTES + 1
    assert isolate.isolate_options({}, total_bytes=small) == list(isolate.SMALL_WORK_HEAP)
    assert isolate.isolate_options({}, total_bytes=large) == [isolate.YOUNG_GENERATION]
    assert isolate.isolate_options({}) == [isolate.YOUNG_GENERATION]  # not known: bounded
    isolate.expect_documents(100_000)
    assert isolate.isolate_options({}) == list(isolate.SMALL_WORK_HEAP)
    # The environment's options still come last, and win.
    given = {isolate.OPTIONS_VARIABLE: "-XX:MaxNewSize=32m"}
    assert isolate.isolate_options(given) == [*isolate.SMALL_WORK_HEAP, "-XX:MaxNewSize=32m"]
    isolate.expect_documents(large)
    assert isolate.isolate_options({}) == [isolate.YOUNG_GENERATION]


@pytest.mark.parametrize("option", [
    "-XX:Bogus=1", "-XX:MaxNewSize=abc", "-Xmx", "-Xmx0", "-Xmx-1g", "-Xmx2t", "--help", "-XX:MaxHeapSize=64m;rm",
    "-XX:MaximumHeapSizePercent=0", "-XX:MaximumHeapSizePercent=101", "-XX:+UseEpsilonGC", "-Dfoo=bar", "-Xmx2",
    "-Xms15m", "-XX:MaxHeapSize=16383k", "-Xmn512k", "-XX:MaxNewSize=1023k"])
def test_an_option_the_native_image_might_refuse_is_refused_first(option):
    # The native image ends the process on an option it does not know: so anything else is one
    # clear error before it is asked (a heap too small for Saxon too).
    with pytest.raises(EditionError) as raised:
        isolate.isolate_options({isolate.OPTIONS_VARIABLE: f"-Xmx1g {option}"})
    assert raised.value.rule == "saxon-options"
    assert isolate.OPTIONS_VARIABLE in str(raised.value) and option in str(raised.value)


def test_where_the_isolate_cannot_be_made_saxonche_makes_its_own(monkeypatch):
    monkeypatch.setattr(isolate, "VERIFIED_SAXONCHE", ())
    monkeypatch.delenv(isolate.OPTIONS_VARIABLE, raising=False)
    assert isolate._saxonche_libraries() is None
    assert isolate.create_isolate(isolate.isolate_options()) is False
    assert isolate.create_isolate(isolate.isolate_options(total_bytes=1000)) is False
    # Options asked for are not dropped without a word.
    monkeypatch.setenv(isolate.OPTIONS_VARIABLE, "-Xmx1g")
    with pytest.raises(EditionError, match="needs saxonche"):
        isolate.create_isolate(isolate.isolate_options())


def run_child(code: str, options: str) -> subprocess.CompletedProcess:
    """``code`` in a Python process of its own, with ``options`` for Saxon's isolate."""
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO), isolate.OPTIONS_VARIABLE: options})


#: A child that makes the pipeline's Saxon processor and has it allocate well past any young
#: generation (the collector writes its settings, on stderr, at its first collection).
ALLOCATING_CHILD = """
import pipeline.publish.transform as transform
processor = transform._processor()
sheet = processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=(
    '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
    '<xsl:template name="xsl:initial-template"><xsl:value-of select="count((1 to 3000000) ! string(.))"/>'
    '</xsl:template></xsl:stylesheet>'))
print(sheet.call_template_returning_string())
"""


@needs_known_saxonche
@pytest.mark.parametrize("options, young", [("", "64M"), ("-XX:MaxNewSize=32m -Xmx1g", "32M")])
def test_saxon_runs_in_the_isolate_made_with_the_bound(options, young):
    run = run_child(ALLOCATING_CHILD, f"-XX:+PrintGC -XX:+VerboseGC {options}")
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip().endswith("3000000")
    assert re.search(rf"Maximum young generation size: {young}\b", run.stderr), run.stderr[-2000:]
    if "Xmx1g" in options:
        assert "Maximum heap size: 1024M" in run.stderr
    assert "Pause" in run.stderr  # the log is the collector's: it collected while Saxon worked


@needs_known_saxonche
def test_a_small_document_is_rendered_without_a_collection_and_larger_work_with_the_bound(edition_process, tmp_path):
    # The diary's HTML page (0.1 MB of TEI) allocates more than a first young generation of 64 MB
    # holds (with that bound, given through the environment, it collects), and far less than small
    # work's young generation. Files over the limit in all keep the bound.
    log = {isolate.OPTIONS_VARIABLE: "-XX:+PrintGC -XX:+VerboseGC"}
    small = edition_process("transform", DIARY, "--to", "html", "-o", tmp_path / "small", env=log)
    assert small.exit_code == 0, small.stderr
    assert "Pause" not in small.stderr
    bounded = edition_process("transform", DIARY, "--to", "html", "-o", tmp_path / "bounded",
                              env={isolate.OPTIONS_VARIABLE: "-XX:+PrintGC -XX:MaxNewSize=64m"})
    assert bounded.exit_code == 0 and "Pause" in bounded.stderr
    copies = []
    for index in range(isolate.SMALL_WORK_BYTES // DIARY.stat().st_size + 1):
        copies.append(tmp_path / f"copy{index}.xml")
        shutil.copyfile(DIARY, copies[-1])
    run = edition_process("transform", *copies, "--to", "text", "-j", "1", "-o", tmp_path / "large", env=log)
    assert run.exit_code == 0, run.stderr[-2000:]
    assert re.search(r"Maximum young generation size: 64M\b", run.stderr), run.stderr[-2000:]


QUIETED_CHILD = """
import os
import pipeline.publish.transform as transform
transform._processor()
with transform._saxon_quiet():
    os.write(2, b"written while Saxon runs")
"""


@needs_known_saxonche
@pytest.mark.parametrize("options, heard", [("", False), ("-Xmx1g", False), ("-XX:+PrintGC", True),
                                            ("-XX:+VerboseGC -XX:+PrintGC", True)])
def test_stderr_stays_open_while_saxon_runs_only_when_the_collectors_log_is_asked_for(options, heard):
    # Saxon's own reports (a stack of XSLT calls per error) are kept off stderr while it runs; the
    # collector writes its log there at the same moments, so asking for the log keeps it open.
    run = run_child(QUIETED_CHILD, options)
    assert run.returncode == 0, run.stderr
    assert ("written while Saxon runs" in run.stderr) is heard


@needs_known_saxonche
def test_a_render_in_the_isolate_ends_cleanly(edition_process, tmp_path):
    # saxonche's objects read what was handed to it when they go, which may be after Python has
    # freed its own: a structure owned by Python (kept by the transform module) crashed this very
    # command at its exit (-11), its output written.
    run = edition_process("transform", DIARY, "--to", "html", "-o", tmp_path / "out", cwd=tmp_path)
    assert run.exit_code == 0, run.stderr
    assert (tmp_path / "out" / "input.html").is_file()


def test_a_bad_option_is_one_line_and_a_failed_exit(edition_process, tmp_path):
    run = edition_process("transform", DIARY, "--to", "text", "-o", tmp_path / "out", cwd=tmp_path,
                          env={isolate.OPTIONS_VARIABLE: "-Xmx1g -XX:+UseEpsilonGC"})
    run.assert_no_traceback()
    assert run.exit_code != 0
    [line] = run.error_lines()
    assert "[saxon-options]" in line and "-XX:+UseEpsilonGC" in line
    assert not (tmp_path / "out" / "input.txt").exists()
