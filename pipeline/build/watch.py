"""Watch mode: build the project, then rebuild whatever each change under tei/, xslt/, schema/ affects.

The step engine (:mod:`pipeline.build.engine`) decides what a change makes stale; this module only
notices changes and asks for a build. Like the engine it prints nothing: it reports through the same
:class:`~pipeline.build.engine.BuildEvent` callback (``watching``, ``changed``, ``finished`` with the
build's report, ``stopped``).
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ..errors import EditionError
from ..files import TEMPORARY_PREFIX, TEMPORARY_SUFFIX
from ..project import Project
from .engine import BuildEvent, build_project, show_path


def _snapshot(folders: list[Path]) -> dict[str, tuple[int, int]]:
    """Size and modification time of every file under ``folders`` (to notice edits between two looks)."""
    seen: dict[str, tuple[int, int]] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            try:
                stat = path.stat()
            except OSError:
                continue
            if path.is_file():
                seen[str(path)] = (stat.st_size, stat.st_mtime_ns)
    return seen


def watch_project(project_dir: str | Path = ".", *, jobs: int | None = None,
                  on_event: Callable[[BuildEvent], None] | None = None,
                  debounce_ms: int = 200, stop_event=None) -> None:
    """Build the project, then rebuild what each change under tei/, xslt/, schema/ affects.

    Runs until Ctrl-C (or ``stop_event`` is set) and then returns normally. A build that fails --
    a half-typed tag, a broken stylesheet -- is reported and the last good outputs stay; the next
    change triggers the next attempt.
    """
    project = Project.open(project_dir)
    try:
        from watchfiles import DefaultFilter, watch
    except ImportError:
        raise EditionError("edition watch needs the optional 'watchfiles' package: "
                           "pip install 'tei-edition[watch]'", rule="watch-missing") from None
    emit = on_event or (lambda _event: None)

    # One set of workers for every build: each keeps its compiled stylesheets and its validator,
    # so a rebuild after an edit does not pay for them again (a stylesheet edited is recompiled).
    # Saxon's heap in each is made for the project's TEI as the watch begins.
    from ..publish.isolate import expect_documents
    from ..workers import WorkerPool, default_jobs
    pool = WorkerPool(jobs or default_jobs(), initializer=expect_documents, initargs=(project.tei_bytes(),))

    def rebuild() -> None:
        try:
            report = build_project(project.root, on_event=on_event, pool=pool)
        except EditionError as exc:
            emit(BuildEvent("problem", f"edition: error: {exc}"))
            return
        emit(BuildEvent("finished", report.summary(), report=report))

    # Our own atomic writes leave short-lived ".edition-*.tmp" files; editors leave swap files.
    ignore = (*DefaultFilter.ignore_entity_patterns, f"^{re.escape(TEMPORARY_PREFIX)}.*{re.escape(TEMPORARY_SUFFIX)}$")
    paths = [p for p in (project.tei_dir, project.xslt_dir, project.schema.parent) if p.is_dir()]
    if project.config_file.is_file():
        paths.append(project.config_file)
    try:
        before = _snapshot([p for p in paths if p.is_dir()])
        rebuild()
        ready = False
        # The watcher only starts on the first iteration, and an edit made before it runs would go
        # unseen: the first (empty) yield says it is running, "watching" is announced only then, and
        # anything that changed since the first build began is built at once.
        for changes in watch(*paths, watch_filter=DefaultFilter(ignore_entity_patterns=ignore),
                             debounce=debounce_ms, step=50, stop_event=stop_event,
                             yield_on_timeout=True, rust_timeout=250):
            if not ready:
                ready = True
                emit(BuildEvent("watching", "watching " + ", ".join(show_path(p) + ("/" if p.is_dir() else "")
                                                                     for p in paths) + " for changes (Ctrl-C to stop)"))
                if not changes and _snapshot([p for p in paths if p.is_dir()]) != before:
                    emit(BuildEvent("changed", "changed while building: rebuilding"))
                    rebuild()
            if not changes:
                continue
            changed = sorted({show_path(Path(path)) for _, path in changes})
            emit(BuildEvent("changed", "changed: " + ", ".join(changed[:5])
                            + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")))
            rebuild()
    except KeyboardInterrupt:
        pass  # Ctrl-C is how one stops watching: not an error
    finally:
        pool.close()
    emit(BuildEvent("stopped", "stopped watching"))
