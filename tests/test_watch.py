"""`edition watch`: rebuild on change, survive a half-typed tag, stop cleanly on Ctrl-C."""
from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pipeline.build.watch import watch_project

from conftest import REPO
from test_build import invoke, make_project, no_fop_env, outputs, sample_tei

pytest.importorskip("watchfiles", reason="edition watch needs the optional 'watchfiles' package")


class Lines:
    """Collects a stream's lines in a thread so a test can wait for one without blocking."""

    def __init__(self, stream) -> None:
        self.seen: list[str] = []
        self._queue: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._queue.put(line.rstrip("\n"))

    def wait_for(self, *needles: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.1)
            except queue.Empty:
                continue
            self.seen.append(line)
            if all(n in line for n in needles):
                return line
        raise AssertionError(f"no line with {needles} within {timeout} s; saw: {self.seen}")

    def rest(self) -> str:
        while not self._queue.empty():
            self.seen.append(self._queue.get())
        return "\n".join(self.seen)


def test_watch_rebuilds_a_change_keeps_last_good_outputs_and_stops_on_ctrl_c(tmp_path):
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha"), "beta": sample_tei("beta")})
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONUNBUFFERED": "1", **no_fop_env()}
    proc = subprocess.Popen([sys.executable, "-m", "pipeline", "watch", str(project), "-j", "1"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = Lines(proc.stdout), Lines(proc.stderr)
    try:
        out.wait_for("watching")  # the first build is done
        html = outputs(project, "alpha")["html"]
        assert html.is_file()

        alpha = project / "tei" / "alpha.xml"
        good = alpha.read_text(encoding="utf-8").replace("stifling atmosphere", "stifling, airless atmosphere")
        alpha.write_text(good, encoding="utf-8")
        out.wait_for("built", "alpha.xml", timeout=30)
        assert "airless" in html.read_text(encoding="utf-8")
        beta_html = outputs(project, "beta")["html"].stat().st_mtime_ns

        # A half-typed tag: the error is shown with its position, the last good outputs stay.
        alpha.write_text(good.replace("<body>", "<body><p", 1), encoding="utf-8")
        located = err.wait_for("alpha.xml:", ": error:", timeout=30)
        assert located.split("alpha.xml:")[1].split(":")[0].isdigit()
        err.wait_for("last good", timeout=10)
        assert "airless" in html.read_text(encoding="utf-8")
        assert outputs(project, "beta")["html"].stat().st_mtime_ns == beta_html  # beta was not touched
    finally:
        proc.send_signal(signal.SIGINT)
        code = proc.wait(timeout=30)
    assert code == 0
    stderr, stdout = err.rest(), out.rest()
    assert "Traceback" not in stderr + stdout, stderr
    assert "stopped watching" in stdout


def test_watch_in_process_until_stopped(tmp_path, monkeypatch, pool_options):
    import pipeline.publish.tools
    from pipeline.publish.isolate import expect_documents
    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: False)
    project = make_project(tmp_path / "proj", {"alpha": sample_tei("alpha")})
    read = sum(path.stat().st_size for path in (project / "tei").rglob("*.xml"))
    stop = threading.Event()
    lines: list[str] = []
    watcher = threading.Thread(target=watch_project, args=(project,),
                               kwargs={"jobs": 1, "on_event": lambda event: lines.append(event.message), "stop_event": stop})
    watcher.start()
    try:
        deadline = time.monotonic() + 60
        while not any(line.startswith("watching") for line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        first = len(lines)
        persons = project / "tei" / "register" / "persons.xml"
        persons.write_text(persons.read_text(encoding="utf-8") + "<!-- revised -->\n", encoding="utf-8")
        while not any("build finished" in line for line in lines[first:]) and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        watcher.join(timeout=30)
    assert not watcher.is_alive()
    after = lines[first:]
    assert any(line.startswith("changed:") and "persons.xml" in line for line in after), lines
    # alpha uses the persons register: its html, fo, text and record, and the site step.
    assert any("build finished: 5 built" in line for line in after), lines
    assert lines[-1] == "stopped watching"
    # The workers it keeps make Saxon's heap for the project's TEI (isolate.py).
    assert pool_options == [{"initializer": expect_documents, "initargs": (read,)}]


def test_watch_without_watchfiles_says_how_to_install(tmp_path, monkeypatch):
    project = make_project(tmp_path / "proj", {}, registers=False)
    monkeypatch.setitem(sys.modules, "watchfiles", None)
    run = invoke("watch", project)
    run.assert_no_traceback()
    assert run.exit_code == 1
    assert "pip install 'tei-edition[watch]'" in run.stderr
