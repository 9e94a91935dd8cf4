"""The shared worker pool: in-process, on every core, on a Dask cluster; one failure stays one failure."""
from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from pipeline.errors import EditionError
from pipeline.workers import WorkerPool, default_jobs, run_parallel

_COMPILED: dict[str, int] = {}


def square(n: int) -> int:
    return n * n


def fail_on_three(n: int) -> int:
    if n == 3:
        raise EditionError("three is not allowed", "doc-3.xml", 4, 2, rule="no-three")
    if n == 4:
        raise ValueError("boom")
    return n


def compile_once(n: int) -> tuple[int, int]:
    """Stands for a stylesheet compiled lazily once per process: returns (pid, compilations so far)."""
    _COMPILED.setdefault("stylesheet", 0)
    if n == 0 or "done" not in _COMPILED:
        _COMPILED["done"] = 1
        _COMPILED["stylesheet"] += 1
    return os.getpid(), _COMPILED["stylesheet"]


def test_inline_run_returns_every_result():
    outcomes = list(run_parallel(square, [1, 2, 3], jobs=1))
    assert sorted(o.result for o in outcomes) == [1, 4, 9]
    assert all(o.ok and o.peak_rss_mb > 0 for o in outcomes)


def test_one_failing_task_does_not_stop_the_others():
    outcomes = {o.index: o for o in run_parallel(fail_on_three, [1, 3, 4, 5], jobs=1, labels=list("abcd"))}
    assert outcomes[0].result == 1 and outcomes[3].result == 5
    assert outcomes[1].problem.format() == "doc-3.xml:4:2: error: three is not allowed [no-three]"
    assert outcomes[2].problem.file == "c" and "internal error: ValueError: boom" in outcomes[2].problem.message


def test_processes_share_the_work_and_keep_per_process_caches():
    outcomes = list(run_parallel(compile_once, list(range(8)), jobs=2))
    assert len(outcomes) == 8 and all(o.ok for o in outcomes)
    pids = {o.result[0] for o in outcomes}
    assert os.getpid() not in pids and 1 <= len(pids) <= 2
    # Each worker "compiled" once, however many documents it handled.
    assert {o.result[1] for o in outcomes} == {1}


def test_failures_in_worker_processes_are_reported_per_task():
    outcomes = {o.index: o for o in run_parallel(fail_on_three, [3, 1, 4], jobs=2, labels=["x", "y", "z"])}
    assert not outcomes[0].ok and outcomes[0].problem.rule == "no-three"
    assert outcomes[1].result == 1
    assert outcomes[2].problem.rule == "internal"


def pid_of(_n: int) -> int:
    return os.getpid()


def die_on_zero(n: int) -> int:
    if n == 0:
        os._exit(3)  # the worker dies as if killed
    return n


def test_a_pool_serves_several_runs_with_the_same_workers():
    with WorkerPool(2) as pool:
        first = {o.result for o in run_parallel(pid_of, list(range(6)), pool=pool)}
        second = {o.result for o in run_parallel(pid_of, list(range(6)), pool=pool)}
    # Run alone, each would have started its own two workers.
    assert os.getpid() not in first and len(first | second) <= 2


def test_a_pool_whose_worker_died_is_replaced_for_the_next_run():
    with WorkerPool(2) as pool:
        outcomes = {o.index: o for o in run_parallel(die_on_zero, [0, 1, 2], pool=pool, labels=list("abc"))}
        assert outcomes[0].problem.rule == "worker-died"
        again = list(run_parallel(die_on_zero, [5, 6, 7], pool=pool))
    assert sorted(o.result for o in again) == [5, 6, 7]


def test_a_pool_whose_idle_worker_was_killed_still_serves(tmp_path):
    import signal

    with WorkerPool(2) as pool:
        pids = {o.result for o in run_parallel(pid_of, list(range(4)), pool=pool)}
        for pid in pids:
            os.kill(pid, signal.SIGKILL)  # killed between two runs, as by the OOM killer
        time.sleep(1)  # the pool notices, and takes no more work
        again = list(run_parallel(square, [1, 2, 3], pool=pool))
    assert sorted(o.result for o in again) == [1, 4, 9]


def note_pid(folder: str) -> None:
    """A worker's initializer: leaves a file named after the worker's pid."""
    (Path(folder) / str(os.getpid())).touch()


def test_a_started_pool_boots_every_worker_before_any_task(tmp_path):
    with WorkerPool(2, note_pid, (str(tmp_path),)) as pool:
        assert list(tmp_path.iterdir()) == []  # made, but no worker yet
        pool.start()
        deadline = time.monotonic() + 60
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        started = {int(p.name) for p in tmp_path.iterdir()}
        assert len(started) == 2 and os.getpid() not in started
        # The work that follows is done by those workers, not by new ones.
        assert {o.result for o in run_parallel(pid_of, list(range(6)), pool=pool)} <= started


_WARM: dict[str, str] = {}


def warm(folder: str) -> None:
    """A warm-up: leaves something in the worker's memory for a later task (and says where it ran).
    It takes a while, as the build's does (Saxon's start and the validator: 0.1 s and more): an
    instant one could be taken twice by the worker that booted first, before the other took any."""
    time.sleep(0.2)
    _WARM["value"] = "prepared"
    (Path(folder) / str(os.getpid())).touch()


def warmed(_n: int) -> tuple[int, str | None]:
    time.sleep(0.05)  # long enough for both workers to take tasks
    return os.getpid(), _WARM.get("value")


def test_a_pool_started_with_a_warm_up_runs_it_on_every_worker_first(tmp_path):
    """What the workers prepare while they boot is there for the tasks each takes next, whichever
    worker takes which."""
    with WorkerPool(2) as pool:
        pool.start(warm_up=(warm, str(tmp_path)))
        seen: dict[int, set] = {}
        for outcome in run_parallel(warmed, list(range(12)), pool=pool):
            pid, value = outcome.result
            seen.setdefault(pid, set()).add(value)
    prepared = {int(p.name) for p in tmp_path.iterdir()}
    assert len(prepared) == 2 and os.getpid() not in prepared
    assert set(seen) == prepared and all(values == {"prepared"} for values in seen.values())


def slow_pid(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_a_stopped_pool_finishes_its_tasks_and_close_waits_for_its_workers():
    """stop() returns at once and lets the workers end after the tasks they have; close() waits."""
    from pipeline.workers import _alive

    pool = WorkerPool(2)
    pool.stop()  # no workers yet: nothing to stop
    executor = pool.executor()
    futures = [executor.submit(slow_pid, 0.3) for _ in range(4)]
    started = time.monotonic()
    pool.stop()
    pool.stop()
    assert time.monotonic() - started < 0.25  # did not wait for the tasks
    pids = {future.result(timeout=60) for future in futures}  # none cancelled
    pool.close()
    assert len(pids) == 2 and os.getpid() not in pids
    assert not any(_alive(pid) for pid in pids)
    # A stopped pool serves a later run with fresh workers.
    pool.stop()
    with pool:
        again = {o.result for o in run_parallel(pid_of, list(range(4)), pool=pool)}
    assert again and not again & pids and os.getpid() not in again


def test_meanwhile_runs_once_while_worker_processes_have_the_tasks():
    calls = []
    outcomes = list(run_parallel(square, [1, 2, 3], jobs=2, meanwhile=lambda: calls.append(1)))
    assert calls == [1] and sorted(o.result for o in outcomes) == [1, 4, 9]
    # In this process there is no waiting to fill: meanwhile is not the caller's way to run work.
    list(run_parallel(square, [1, 2], jobs=1, meanwhile=lambda: calls.append(2)))
    assert calls == [1]


def test_no_tasks_no_work():
    assert list(run_parallel(square, [], jobs=4)) == []
    assert default_jobs() >= 1


def test_dask_cluster_runs_the_tasks():
    distributed = pytest.importorskip("distributed", reason="the optional 'distributed' extra is not installed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        outcomes = list(run_parallel(fail_on_three, [1, 3, 5], dask_address=cluster.scheduler_address,
                                     labels=["a", "b", "c"]))
    by_index = {o.index: o for o in outcomes}
    assert by_index[0].result == 1 and by_index[2].result == 5
    assert by_index[1].problem.rule == "no-three"


def test_unreachable_dask_scheduler_is_one_clear_error():
    pytest.importorskip("distributed", reason="the optional 'distributed' extra is not installed")
    with pytest.raises(EditionError, match="cannot reach the Dask scheduler"):
        list(run_parallel(square, [1, 2], dask_address="tcp://127.0.0.1:9", dask_timeout=1))


def test_dask_without_distributed_says_how_to_install(monkeypatch):
    import sys
    monkeypatch.setitem(sys.modules, "distributed", None)  # import fails as if not installed
    with pytest.raises(EditionError, match=r"pip install 'tei-edition\[dask\]'"):
        list(run_parallel(square, [1, 2], dask_address="tcp://127.0.0.1:8786"))


def _python(code: str) -> str:
    """Run ``code`` in a fresh Python (no thread, no Saxon yet, as `edition build` starts); its stdout."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(repo)))
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.mark.skipif(not __import__("sys").platform.startswith("linux"), reason="workers are forked on Linux only")
def test_workers_are_forked_only_while_that_is_safe():
    """Forked, a worker starts at once with our modules imported; not once this process runs a
    second thread or has loaded Saxon, whose native runtime must not be forked."""
    said = _python(
        "import threading\n"
        "from pipeline.workers import start_method\n"
        "print(start_method())\n"
        "stop = threading.Event(); thread = threading.Thread(target=stop.wait); thread.start()\n"
        "print(start_method())\n"
        "stop.set(); thread.join()\n"
        "print(start_method())\n"
        "import saxonche\n"
        "print(start_method())\n")
    assert said.split() == ["fork", "forkserver", "fork", "forkserver"]


def test_what_was_printed_before_the_workers_is_printed_once():
    """A forked worker has a copy of this process's output buffer; it must be empty by then, or
    each worker would write it again when it exits (multiprocessing flushes it before forking)."""
    said = _python(
        "import sys\n"
        "from pipeline.workers import WorkerPool, run_parallel, start_method\n"
        "sys.stdout.write('before the workers ')\n"  # a pipe: block-buffered, not yet written
        "with WorkerPool(2) as pool:\n"
        "    print(sorted(o.result for o in run_parallel(abs, [-1, -2, -3], pool=pool)), start_method())\n")
    assert said.count("before the workers") == 1 and "[1, 2, 3]" in said, said
