"""Run one function over many documents: in this process, on every core, or on a Dask cluster.

Shared by ``edition build`` and ``edition transform``. The function must be a module-level function
(it is pickled to the workers) that keeps its expensive objects -- compiled stylesheets, compiled
schemas -- in per-process caches, so each worker compiles them once, not once per document.

Every task is isolated: an error in one document becomes a :class:`~pipeline.errors.Problem` in
its :class:`Outcome` and the others go on. Outcomes arrive in completion order.
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from .errors import EditionError, Problem


@dataclass
class Outcome:
    """What one task gave back: its result, or the problem that stopped it."""

    index: int
    result: Any = None
    problem: Problem | None = None
    peak_rss_mb: float = 0.0  # peak resident memory of the process that ran it

    @property
    def ok(self) -> bool:
        return self.problem is None


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB."""
    try:
        import resource
    except ImportError:  # Windows
        return 0.0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def run_task(function: Callable[[Any], Any], index: int, task: Any, label: str) -> Outcome:
    """``function(task)`` in this process, as a worker runs it: its Outcome, never an exception."""
    try:
        result = function(task)
    except EditionError as exc:
        return Outcome(index, problem=exc.as_problem(), peak_rss_mb=peak_rss_mb())
    except Exception as exc:  # a bug or an unexpected tool failure: report it against this task only
        problem = Problem(label, None, None, "error", f"internal error: {type(exc).__name__}: {exc}", "internal")
        return Outcome(index, problem=problem, peak_rss_mb=peak_rss_mb())
    return Outcome(index, result=result, peak_rss_mb=peak_rss_mb())


def _init_worker(initializer: Callable[..., None] | None, initargs: tuple, owner: int | None = None) -> None:
    # Ctrl-C goes to the whole process group; only the parent should react to it (it cancels the
    # pending work and exits cleanly), not every worker with its own traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if owner is not None:
        _exit_when_gone(owner)
    if initializer is not None:
        initializer(*initargs)


def _exit_when_gone(owner: int, interval: float = 0.5) -> None:
    """End this worker as soon as the process that started the pool is gone.

    A ``kill -9`` of ``edition build`` leaves no one to shut the pool down: the workers (each with
    Saxon loaded, 50-200 MB) and the forkserver they keep alive would wait for minutes. A worker's
    own parent is the forkserver, not the build, unless it was forked from the build itself (see
    :func:`start_method`), so the kernel's parent-death signal cannot say it; a daemon thread
    watches the build's pid instead.
    """
    import threading
    import time

    def watch() -> None:
        while _alive(owner):
            time.sleep(interval)
        os._exit(1)

    threading.Thread(target=watch, name="edition-owner-watch", daemon=True).start()


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie, killed but not yet reaped, counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rpartition(b")")[2].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc (macOS): ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True


def start_method() -> str:
    """How a pool's workers start: ``fork`` where that is safe, else ``forkserver`` (else ``spawn``).

    A forked worker is ready at once, with our modules already imported; a forkserver is one more
    Python process to boot (and a resource tracker) before the first worker can start: 0.1 s that a
    cold build waited for. Fork is safe on Linux while this process has one thread and has not
    loaded Saxon, whose native runtime must not be forked once started (``edition watch`` renders
    in-process between builds; a pool replaced after a worker died is made late). ProcessPoolExecutor
    forks all its workers at its first task, so a pool made while that holds stays safe. Locks this
    process holds are closed in a forked child (see ``pipeline.build.engine.project_lock``).
    """
    import multiprocessing
    import threading

    methods = multiprocessing.get_all_start_methods()
    if (sys.platform.startswith("linux") and "fork" in methods and threading.active_count() == 1
            and "saxonche" not in sys.modules):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


class WorkerPool:
    """Local worker processes shared by several :func:`run_parallel` calls (a build's conversions
    and then its documents), so they start once (a Python process and our modules each). A pool
    whose worker died is replaced by a fresh one at the next call. :meth:`close` (or the ``with``
    block's end) stops the workers.
    """

    def __init__(self, jobs: int | None = None, initializer: Callable[..., None] | None = None,
                 initargs: tuple = ()) -> None:
        self.jobs = jobs or default_jobs()
        self._initializer = initializer
        self._initargs = initargs
        self._executor = None
        self._stopping = None  # the thread that waits for the workers to end, once stop() was called
        self.broken = False  # a worker died: the executor takes no more work (set by _run_processes)

    def executor(self):
        """The pool's ProcessPoolExecutor, made on first use (and again after a worker died or the
        pool was stopped)."""
        if self.broken or self._stopping is not None:
            self.close()
            self.broken = False
        if self._executor is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            # (multiprocessing flushes stdout and stderr before it forks: nothing is written twice)
            method = start_method()
            self._executor = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=multiprocessing.get_context(method),
                initializer=_init_worker,
                initargs=(self._initializer, self._initargs, os.getpid()),
            )
        return self._executor

    def start(self, warm_up: tuple[Callable[[Any], Any], Any] | None = None) -> None:
        """Start every worker now, without waiting for them, so that they boot while this process
        does work of its own (a build converting its sources). ProcessPoolExecutor starts a worker
        only for a task no idle worker can take, so each is given a task: ``warm_up`` (a function
        and its argument) if given, else nothing. A warm-up is work a later task will reuse in that
        worker (its failure is that later task's to report); every worker does it, since the pool
        cannot say which worker will take which task."""
        executor = self.executor()
        for _ in range(self.jobs):
            if warm_up is not None:
                executor.submit(*warm_up)
            else:
                executor.submit(os.getpid)

    def stop(self) -> None:
        """Let the workers end once their tasks are done, without waiting for them: :meth:`close`
        does. A build that needs them no more stops them before its last steps (the site's pages,
        the search index), which then run while the workers' Saxon and Python wind down (13-15 ms
        of the diary's cold build) on a core that had nothing else to do. A task given to a stopped
        pool waits for them to end and starts fresh workers."""
        if self._executor is not None and self._stopping is None:
            import threading
            self._stopping = threading.Thread(target=self._executor.shutdown, name="edition-pool-stop",
                                              kwargs={"wait": True}, daemon=True)
            self._stopping.start()

    def close(self) -> None:
        if self._stopping is not None:
            self._stopping.join()
            self._stopping = None
            self._executor = None
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def run_parallel(
    function: Callable[[Any], Any],
    tasks: Sequence[Any],
    *,
    jobs: int | None = None,
    dask_address: str | None = None,
    initializer: Callable[..., None] | None = None,
    initargs: tuple = (),
    labels: Sequence[str] | None = None,
    dask_timeout: float = 10.0,
    meanwhile: Callable[[], None] | None = None,
    pool: WorkerPool | None = None,
) -> Iterator[Outcome]:
    """Run ``function(task)`` for every task and yield an :class:`Outcome` for each as it finishes.

    ``jobs`` worker processes (default: the number of CPUs; one task or ``jobs=1`` runs here, with
    no process start-up at all); ``dask_address`` sends the tasks to a running Dask distributed
    scheduler instead (``dask_timeout`` seconds to connect). ``initializer(*initargs)`` warms each local worker up (e.g. compiles the
    stylesheets). ``labels`` name the tasks in problems (usually the file name). ``meanwhile()`` runs
    here once the tasks are handed to local worker processes, before their results are awaited:
    work of the caller's own that would otherwise wait for them (it is not called otherwise).
    ``pool``: local workers to use (and keep) instead of ones started for this call alone; its
    ``jobs`` and initializer apply.
    """
    labels = list(labels) if labels is not None else [str(i) for i in range(len(tasks))]
    if not tasks:
        return
    if dask_address:
        yield from _run_dask(function, tasks, dask_address, labels, dask_timeout)
        return
    jobs = pool.jobs if pool is not None else (jobs or default_jobs())
    if jobs == 1 or len(tasks) == 1:
        for index, task in enumerate(tasks):
            yield run_task(function, index, task, labels[index])
        return
    if pool is not None:
        yield from _run_processes(function, tasks, pool, labels, meanwhile)
        return
    with WorkerPool(min(jobs, len(tasks)), initializer, initargs) as own:
        yield from _run_processes(function, tasks, own, labels, meanwhile)


def _run_processes(function, tasks, pool: WorkerPool, labels, meanwhile=None) -> Iterator[Outcome]:
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    def submit_all() -> dict:
        executor = pool.executor()
        return {executor.submit(run_task, function, i, task, labels[i]): i for i, task in enumerate(tasks)}

    try:
        pending = submit_all()
    except BrokenProcessPool:  # a worker of a shared pool died while it waited: start afresh
        pool.broken = True
        pending = submit_all()
    try:
        if meanwhile is not None:
            meanwhile()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                index = pending.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    pool.broken = True
                    message = "a worker process died (out of memory or killed) while handling this document"
                    yield Outcome(index, problem=Problem(labels[index], None, None, "error", message, "worker-died"))
    finally:
        for future in pending:  # the caller stopped early (an exception, Ctrl-C): drop what is left
            future.cancel()


def _run_dask(function, tasks, address, labels, timeout) -> Iterator[Outcome]:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise EditionError(
            "--dask needs the optional 'distributed' package: pip install 'tei-edition[dask]'",
            rule="dask-missing",
        ) from None
    try:
        client = Client(address, timeout=timeout)
    except (OSError, TimeoutError, ValueError) as exc:
        raise EditionError(f"cannot reach the Dask scheduler at {address}: {exc}", rule="dask-unreachable") from None
    try:
        futures = {
            client.submit(run_task, function, i, task, labels[i], pure=False, key=f"edition-{i}-{os.getpid()}-{id(tasks)}"): i
            for i, task in enumerate(tasks)
        }
        for future in as_completed(futures):
            index = futures[future]
            try:
                yield future.result()
            except Exception as exc:  # the worker was lost, or the result could not travel back
                yield Outcome(index, problem=Problem(labels[index], None, None, "error",
                                                     f"Dask worker failed: {type(exc).__name__}: {exc}", "dask-worker"))
    finally:
        client.close()
