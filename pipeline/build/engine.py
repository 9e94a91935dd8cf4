"""Build a whole project incrementally: convert, validate, publish; and watch it for changes.

``edition build`` converts ``tei/source/<name>.txt`` into ``tei/<name>.xml`` where that is missing
or stale, validates every TEI document in ``tei/`` and writes ``output/html/``, ``output/fo/``,
``output/pdf/`` and ``output/text/``. Each of these is a *step* (``validate:<name>``,
``html:<name>`` ...) whose inputs are hashed and recorded in :mod:`pipeline.build.state`; a step runs
again only when one of its inputs changed, its outputs were touched, or ``--force`` says so.

Hand-edited TEI is never overwritten by a build, not even with ``--force`` (which rebuilds every
output and reconverts every TEI file that was *not* edited by hand): the editor's work outranks
a rebuild, and ``edition convert --force`` is the one deliberate way to replace it.

An invalid document is reported with file:line:column and its outputs are left as they were (the
last good ones); the other documents go on and the build's exit status says something failed.

The per-document work runs through :func:`pipeline.workers.run_parallel` (every core, or a Dask
cluster). The heavy stages -- Saxon, the schema compiler, FOP -- are imported only when a step
actually has to run, so an unchanged project is checked in a few milliseconds.
"""
from __future__ import annotations

import glob
import os
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EditionError, Problem, printable
from ..files import is_temporary
from ..publish import FOP_MISSING
from ..publish.isolate import expect_documents
from ..project import FOP_HELPER_SOURCE, PACKAGE_DIR, PACKAGE_ROOT, PACKAGE_XSLT_DIR, Project, installed_version
from .state import BuildState, FileHashes, module_closure, registers_used

if TYPE_CHECKING:
    from ..xmlio import StagedFile
    from .work import DocumentJob, DocumentResult

STATE_FILE = ".edition-state.json"
LOCK_FILE = ".edition.lock"
RENDERED = ("html", "fo", "text", "record")  # made by the stylesheets; pdf is made from fo by FOP
TARGETS = ("html", "fo", "pdf", "text")
#: A document's steps: its outputs, and its record for the site step (xslt/html/record.xsl).
DOCUMENT_STEPS = (*TARGETS, "record")
OUTPUT_FOLDERS = (*TARGETS, "catalogue")
#: Where each step's files go under output/ (the records are the build's own, hence hidden).
FOLDER = {"html": "html", "fo": "fo", "pdf": "pdf", "text": "text", "record": ".records"}
#: The stylesheet folder of a target, when it is not the target's own name.
STYLESHEET_FOLDER = {"record": "html", "site": "site"}


# --------------------------------------------------------------------------------------------
# The project and what each step depends on
# --------------------------------------------------------------------------------------------
class Dependencies:
    """Computes the input hashes of every step of one build (each file hashed once)."""

    def __init__(self, project: Project, state: BuildState) -> None:
        self.project = project
        self.state = state
        self.hashes = FileHashes(state.files)
        state.files = self.hashes.marks  # what the state keeps: the marks of the files this build hashed
        self._cache: dict[str, dict[str, str]] = {}
        # Labels are made by string prefix: an unchanged build labels hundreds of files.
        self._prefixes = [(os.path.join(os.fspath(folder), ""), kind)
                          for folder, kind in ((project.root, "project:"), (PACKAGE_ROOT, "package:"))]

    def _label(self, path: Path) -> str:
        """``project:tei/x.xml``, ``package:xslt/core/core.xsl``, or the path itself when outside both."""
        text = os.fspath(path)
        for prefix, kind in self._prefixes:
            if text.startswith(prefix):
                rest = text[len(prefix):]
                return kind + (rest.replace(os.sep, "/") if os.sep != "/" else rest)
        return text

    def files(self, paths: list[Path]) -> dict[str, str]:
        return {self._label(p): self.hashes.hash(p) for p in paths}

    def _memo(self, key: str, compute: Callable[[], dict[str, str]]) -> dict[str, str]:
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def code(self, *modules: str) -> dict[str, str]:
        """The pipeline modules (and what they import of ours) that produce a step, and versions."""
        def compute() -> dict[str, str]:
            entries = [PACKAGE_DIR.joinpath(*m.split(".")).with_suffix(".py") for m in modules]
            deps = self.files(module_closure(entries, self.hashes, self.state, "py"))
            deps["version:tei-edition"] = _dist_version("tei-edition")
            return deps
        return self._memo("code:" + ",".join(modules), compute)

    def stylesheets(self, target: str) -> dict[str, str]:
        """Every stylesheet module the ``target``'s entry stylesheets reach, with its hash.

        A project's own ``xslt/`` may hold only what it changes: what it lacks is the packaged file
        (see :class:`~pipeline.publish.transform.Transformer`), and its own entry may import the
        packaged one through a computed href no scan can follow. So the packaged folder is scanned too:
        an override project rebuilds when the packaged stylesheets change.
        """
        def compute() -> dict[str, str]:
            name = STYLESHEET_FOLDER.get(target, target)
            xslt_dir = self.project.xslt_dir
            roots = [xslt_dir]
            if xslt_dir.resolve() != PACKAGE_XSLT_DIR.resolve():
                roots.append(PACKAGE_XSLT_DIR)
            fop_config = os.fspath(self.project.fop_config)
            entries: list[str] = []
            others: set[str] = set()
            for root in map(os.fspath, roots):
                folder = os.path.join(root, name)
                html = os.path.join(root, "html")
                # The site's pages are one stylesheet of their folder, which imports the HTML one in use
                # through a computed href (so its modules are entries too); the record is a page of
                # the HTML stylesheet.
                entries += ([os.path.join(folder, "site.xsl"), *_stylesheets_in(html)] if target == "site"
                            else _stylesheets_in(folder))
                # Besides the stylesheets the target reaches, the assets copied to the output (the HTML
                # ones for the site step, which writes them); the FOP configuration only concerns the PDF step.
                for assets in (folder, os.path.join(html, "assets")) if target == "site" else (folder,):
                    others.update(path for path in _files_below(assets) if not path.endswith(".xsl")
                                  and path != fop_config and os.path.basename(path) != "fop.xconf")
            deps = self.files(module_closure(entries, self.hashes, self.state, "xsl") + sorted(others))
            deps["version:saxonche"] = _dist_version("saxonche")
            return deps
        return self._memo("xsl:" + target, compute)

    def schema(self) -> dict[str, str]:
        def compute() -> dict[str, str]:
            schema = self.project.schema
            kind = "rng" if schema.suffix == ".rng" else "xsd"
            deps = self.files(module_closure([schema], self.hashes, self.state, kind))
            deps["version:xmlschema"] = _dist_version("xmlschema")
            return deps
        return self._memo("schema", compute)

    def fop(self) -> dict[str, str]:
        def compute() -> dict[str, str]:
            deps = self.files([self.project.fop_config, FOP_HELPER_SOURCE])
            # FOP's own version: the jar the Debian `fop` command runs (no JVM start just to ask).
            jar = Path("/usr/share/java/fop.jar")
            deps["version:fop"] = str(jar.resolve()) if jar.exists() else "absent"
            return deps
        return self._memo("fop", compute)

    def document(self, tei: Path) -> dict[str, str]:
        """The TEI file and the register files it points into."""
        kinds = registers_used(tei, self.hashes, self.state)
        return self.files([tei] + [self.project.register_dir / f"{kind}.xml" for kind in kinds])

    def convert(self, source: Path) -> dict[str, str]:
        # Names are tagged from every register and editorial decisions apply everywhere, so a
        # conversion depends on all of them, unlike the outputs (only the registers they use).
        paths = [source, self.project.tei_dir / "editorial.toml", *self.project.register_files()]
        return {**self.files(paths), **self.code("convert.converter")}

    def validate(self, tei: Path) -> dict[str, str]:
        return {**self.document(tei), **self.schema(), **self.code("validate.validator")}

    def render(self, tei: Path, target: str, params: dict[str, str]) -> dict[str, str]:
        deps = {**self.document(tei), **self.stylesheets(target), **self.code("publish.transform")}
        deps.update({f"param:{name}": value for name, value in sorted(params.items())})
        if target == "pdf":
            deps.update(self.stylesheets("fo"))
            deps.update(self.fop())
            deps.update(self.code("publish.transform", "publish.fop"))
        return deps


def _dist_version(name: str) -> str:
    return installed_version(name) or "absent"


# A stylesheet folder's files as path strings, from the folder listings (os.scandir), not Path
# globbing: every build lists every output's folder, and Path objects, a stat per file and the
# project's FOP configuration looked up again per file cost an unchanged build 5.7 M of its 328 M
# instructions.
def _stylesheets_in(folder: str) -> list[str]:
    """The ``*.xsl`` entries directly in ``folder``, in name order (none when it does not exist)."""
    try:
        with os.scandir(folder) as listing:
            return sorted(entry.path for entry in listing if entry.name.endswith(".xsl"))
    except OSError:
        return []


def _files_below(folder: str) -> list[str]:
    """The files below ``folder`` but hidden ones (a link to a file counts, a link to a folder is
    not followed, as Path.rglob does)."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:
        return []
    found = []
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            found += _files_below(entry.path)
        elif entry.is_file() and not entry.name.startswith("."):
            found.append(entry.path)
    return found


# --------------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BuildEvent:
    """Something a build says while it runs; the caller (the CLI) decides how to show it.

    ``kind`` is one of: ``converted``, ``refreshed`` (register copies in a TEI), ``built`` (a document's outputs), ``removed``, ``note``,
    ``problem`` (``problem`` holds it when it is a located :class:`Problem`), ``waiting`` (for the lock),
    ``progress`` (``done`` of ``total`` documents processed); watch mode adds ``watching``, ``changed``,
    ``finished`` (``report`` holds the build's report) and ``stopped``.
    """

    kind: str
    message: str
    problem: Problem | None = None
    done: int = 0
    total: int = 0
    report: "BuildReport | None" = None


@dataclass
class BuildReport:
    """What a build did, as data; ``ok`` is False when any document or step failed."""

    built: list[str] = field(default_factory=list)  # step keys, e.g. "html:serge-diary-ii"
    skipped: int = 0
    failed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    held_back: dict[str, str] = field(default_factory=dict)  # document -> why it was not (re)published
    documents: int = 0
    seconds: float = 0.0
    peak_worker_mb: float = 0.0
    site_seconds: float = 0.0  # the site step's own time (0 when it had nothing to do)
    search: dict = field(default_factory=dict)  # what the search indexing reported, when it ran
    output_dirs: list[str] = field(default_factory=list)  # the output folders that exist after the build

    @property
    def ok(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        """The closing line: built, skipped, failed, time."""
        if not self.built and not self.failed:
            return (f"nothing to rebuild: {self.documents} document(s) up to date "
                    f"({self.skipped} step(s) checked in {self.seconds:.2f} s)")
        return (f"build {'finished' if self.ok else 'FAILED'}: {len(self.built)} built, {self.skipped} skipped, "
                f"{len(self.failed)} failed, {self.documents} document(s) in {self.seconds:.2f} s")

    def as_dict(self) -> dict:
        """The report for ``edition build --format json``: what was built, skipped, held back and why."""
        return {
            "ok": self.ok,
            "documents": self.documents,
            "built": self.built,
            "skipped": self.skipped,
            "failed": self.failed,
            "held_back": [{"document": name, "reason": why} for name, why in self.held_back.items()],
            "problems": [problem.as_dict() for problem in self.problems],
            "notes": self.notes,
            "outputs": self.output_dirs,
            "seconds": round(self.seconds, 3),
            "site_seconds": round(self.site_seconds, 3),
            "search": self.search,
        }


# --------------------------------------------------------------------------------------------
# The build
# --------------------------------------------------------------------------------------------
def build_project(project_dir: str | Path = ".", *, force: bool = False, require_pdf: bool = False,
                  jobs: int | None = None, dask_address: str | None = None,
                  on_event: Callable[[BuildEvent], None] | None = None, lock_timeout: float = 600.0,
                  pool=None) -> BuildReport:
    """Convert, validate and publish the project in ``project_dir``, redoing only what changed.

    ``force`` rebuilds every output (hand-edited TEI is still never overwritten); ``require_pdf``
    makes a missing Apache FOP an error instead of a one-line note; ``jobs`` worker processes
    (default: the number of CPUs) or ``dask_address`` of a Dask scheduler do the per-document
    work. ``pool``, a :class:`~pipeline.workers.WorkerPool`, is used and left running instead of
    workers started for this build alone (its ``jobs`` apply): ``edition watch`` keeps one across
    its builds, so that a rebuild finds its stylesheets compiled and its validator loaded. A second build of the same project waits up to ``lock_timeout`` seconds for the first.
    Nothing is printed: progress goes to ``on_event`` as :class:`BuildEvent` objects, and the returned
    :class:`BuildReport` says what was done.
    """
    started = time.perf_counter()
    project = Project.open(project_dir)
    out = _Events(on_event)
    for problem in project.check_links():  # before the lock: output/ itself may be such a link
        out.problem(_relabel(problem))
    with project_lock(project.output_dir, out, lock_timeout):
        _remove_leftover_temporaries(project.output_dir)
        state = BuildState.load(project.output_dir / STATE_FILE, project.root)
        for rejected in state.rejected:
            out.problem(f"{_show(state.path)}: warning: {rejected} [build-state]")
        try:
            builder = _BuildRun(project, state, out, force=force, jobs=pool.jobs if pool is not None else jobs,
                                dask_address=dask_address, pool=pool)
            report = builder.run(require_pdf)
        except BaseException:
            try:
                state.save()  # keep the progress made so far
            except EditionError:
                pass  # (a full disk fails this too) the first failure is the one to report
            raise
        state.save()  # records only steps whose outputs are already on disk
    report.seconds = time.perf_counter() - started
    report.output_dirs = [show_path(project.output_dir / t) for t in OUTPUT_FOLDERS
                          if (project.output_dir / t).is_dir()]
    return report


def build_site_step(project_dir: str | Path = ".", *, force: bool = True,
                    on_event: Callable[[BuildEvent], None] | None = None, lock_timeout: float = 600.0) -> BuildReport:
    """Run only the site step of ``project_dir`` (home, registers, chronology, search page, catalogue,
    then the search index), over the documents whose record and page are already in ``output/``.

    It is the step :func:`build_project` runs after the documents' steps, run the same way (same
    lock, state and inputs); no document is converted, validated or rendered. ``force`` (the
    default) runs it even when the state says it is current. For tools and benchmarks that time
    the site step alone; ``report.site_seconds`` is its own time, ``report.search`` the index's.
    """
    started = time.perf_counter()
    project = Project.open(project_dir)
    out = _Events(on_event)
    with project_lock(project.output_dir, out, lock_timeout):
        state = BuildState.load(project.output_dir / STATE_FILE, project.root)
        builder = _BuildRun(project, state, out, force=force, jobs=1, dask_address=None)
        documents = project.documents()
        builder.names = project.document_names(documents)
        builder.report.documents = len(documents)
        builder.build_site(documents)
        state.save()
    builder.report.seconds = time.perf_counter() - started
    return builder.report


def _remove_leftover_temporaries(output_dir: Path) -> None:
    # A build killed during atomic_write, or before it put a worker's staged output in place, leaves
    # its temporary file; the targets themselves are intact (old or new). Holding the lock, we know
    # no other build is writing one right now.
    # os.walk does not follow symbolic links: only our own folder is cleaned (the state file's
    # temporary lies in output/ itself).
    for folder, _dirs, names in os.walk(output_dir):
        for name in names:
            if is_temporary(name):
                try:
                    os.unlink(os.path.join(folder, name))
                except OSError:
                    pass


class _Events:
    """Hands BuildEvents to the caller's callback (or drops them when there is none)."""

    def __init__(self, on_event: Callable[[BuildEvent], None] | None) -> None:
        self._emit = on_event or (lambda _event: None)

    def say(self, kind: str, message: str, **more) -> None:
        self._emit(BuildEvent(kind, message, **more))

    def problem(self, problem: Problem | str) -> None:
        if isinstance(problem, Problem):
            self._emit(BuildEvent("problem", problem.format(), problem=problem))
        else:
            self._emit(BuildEvent("problem", problem))


def show_path(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it, and
    with control characters and undecodable bytes escaped (see :func:`~pipeline.errors.printable`)."""
    try:
        return printable(os.path.relpath(path) if Path.cwd() in path.parents else str(path))
    except (OSError, ValueError):
        return printable(str(path))


_show = show_path


class _BuildRun:
    def __init__(self, project: Project, state: BuildState, out: _Events, *, force: bool,
                 jobs: int | None, dask_address: str | None, pool=None) -> None:
        self.project = project
        self.state = state
        self.out = out
        self.force = force
        self._jobs = jobs
        self.dask_address = dask_address
        self.deps = Dependencies(project, state)
        self.report = BuildReport()
        self._last_save = time.monotonic()
        self._pdf_possible: bool | None = None
        self._search_possible: bool | None = None
        self._pool = None if dask_address else pool
        self._own_pool = self._pool is None  # made by this build, so stopped at its end
        self._stylesheets: str | None = None
        self._converted: set[Path] = set()  # TEI files this build converted from their sources

    @property
    def jobs(self) -> int:
        """Worker processes: the caller's number, else one per CPU (the workers module is imported
        only by a build that has work for them)."""
        from ..workers import default_jobs
        return self._jobs or default_jobs()

    def pool(self):
        """The build's local worker processes, made on first use and shared by its phases (None
        when the work goes to Dask)."""
        if self._pool is None and not self.dask_address:
            from ..workers import WorkerPool
            self._pool = WorkerPool(self.jobs, initializer=expect_documents, initargs=(self.tei_bytes,))
        return self._pool

    @cached_property
    def tei_bytes(self) -> int:
        """Bytes of TEI this build reads: Saxon's heap is made for them, in this process and in every
        worker (pipeline/publish/isolate.py)."""
        return self.project.tei_bytes()

    # -- the phases ---------------------------------------------------------------------------
    def run(self, require_pdf: bool) -> BuildReport:
        try:
            return self._run(require_pdf)
        finally:
            if self._pool is not None and self._own_pool:
                self._pool.close()

    def _run(self, require_pdf: bool) -> BuildReport:
        expect_documents(self.tei_bytes)
        self.convert_sources()
        documents = self.project.documents()
        self.names = self.project.document_names(documents)
        self.refresh_registers(documents)
        self.report.documents = len(documents)
        if not documents:
            self.report.notes.append(f"no TEI documents in {_show(self.project.tei_dir)}/ "
                                     "(put sources in tei/source/<name>.txt)")
        if require_pdf and not self.pdf_possible():
            raise EditionError(f"PDF output is required (--require-pdf): {FOP_MISSING}", rule="fop-missing")
        for tei, (name, why) in self.names.items():
            if why:
                self.report.notes.append(f"{_show(tei)} is published as {name}: {why}")
        pdf_jobs = self.run_documents(self.plan(documents))
        if self._own_pool and self._pool is not None:
            self._pool.stop()  # nothing after this needs the workers
        if pdf_jobs:
            self.render_pdfs(pdf_jobs)
        self.build_site(documents)
        self.remove_vanished({name for name, _ in self.names.values()})
        return self.report

    def convert_sources(self) -> None:
        """Convert every source whose TEI is missing or stale (never over a hand-edited TEI)."""
        todo: list[tuple[Path, Path, dict[str, str]]] = []
        for source in self.project.sources():
            tei = self.project.tei_dir / f"{source.stem}.xml"
            key = f"convert:{source.stem}"
            deps = self.deps.convert(source)
            step = self.state.steps.get(key, {})
            if step.get("status") == "hand-edited":
                # Known to be the editor's: unchanged since we last looked, there is nothing to ask
                # the converter; the note repeats while the source is newer than the TEI.
                if step.get("deps") == deps and step.get("tei") == self.deps.hashes.hash(tei):
                    if _not_reconverted(step.get("stale")):
                        self.report.notes.append(_hand_edited_note(source, tei, step["stale"]))
                    self.report.skipped += 1
                    continue
            elif not self.force and self.state.is_current(key, deps):
                self.report.skipped += 1
                continue
            todo.append((source, tei, deps))
        if not todo:
            return
        from ..convert.converter import is_hand_edited, is_stale, stale_inputs
        from . import work

        registers = self.project.registers_arg()
        jobs: list[tuple[Path, Path, dict[str, str], work.ConvertJob]] = []
        for source, tei, deps in todo:
            if tei.exists() and is_hand_edited(tei):
                # The registers reach a hand-edited TEI through refresh_registers, not the converter.
                stale = stale_inputs(source, tei, registers)
                if _not_reconverted(stale):
                    self.report.notes.append(_hand_edited_note(source, tei, stale))
                self.state.record(f"convert:{source.stem}", deps, [], status="hand-edited", stale=stale,
                                  tei=self.deps.hashes.hash(tei))
                self.report.skipped += 1
            elif tei.exists() and not self.force and not is_stale(source, tei, registers):
                self.state.record(f"convert:{source.stem}", deps, [tei])  # the converter says it is current
                self.report.skipped += 1
            else:
                job = work.ConvertJob(str(source), str(tei), str(registers) if registers else None)
                jobs.append((source, tei, deps, job))
        from ..workers import run_parallel

        if jobs and self.jobs > 1 and self.pool() is not None:
            # The converted documents go to the workers next: they boot while the sources convert
            # (a single source converts here, leaving a core free). Cold diary build, 12 interleaved
            # pairs: median 1.77 -> 1.66 s. A converted document is validated and rendered next,
            # so every worker prepares the schema's validator and Saxon meanwhile: the pool hands
            # the documents' tasks to whichever worker is idle first.
            self.pool().start(warm_up=(work.prepare_worker, str(self.project.schema)))
        outcomes = run_parallel(work.convert_source, [j[3] for j in jobs], jobs=self.jobs,
                                dask_address=self.dask_address, labels=[_show(j[0]) for j in jobs],
                                pool=self.pool())
        for outcome in outcomes:
            source, tei, deps, _ = jobs[outcome.index]
            key = f"convert:{source.stem}"
            if not outcome.ok:
                self._fail(key, [outcome.problem])
                continue
            written, warnings = outcome.result
            for warning in warnings:
                self.out.problem(_relabel(warning))
            self.deps.hashes.forget(tei)
            self.state.record(key, deps, [tei])
            self._converted.add(tei)
            if written:
                self.report.built.append(key)
                self.out.say("converted", f"converted {_show(source)} -> {_show(tei)}"
                             + (f" ({len(warnings)} warning(s))" if warnings else ""))
            else:  # reconverted (--force, or inputs changed) to the very same bytes
                self.report.skipped += 1

    def refresh_registers(self, documents: list[Path]) -> None:
        """Copy changed or new register entries into each TEI's standOff (the registers are the
        source of truth; a hand-edited TEI is never reconverted, so this is how they reach it)."""
        registers = self.project.registers_arg()
        if registers is None:
            return
        register_deps = self.deps.files(self.project.register_files())
        for tei in documents:
            key = f"registers:{self.names[tei][0]}"
            current = {**register_deps, "tei": self.deps.hashes.hash(tei)}
            if self.state.is_current(key, current):
                continue
            if tei in self._converted:
                # Converted from these registers by this build: the converter copied the entries its
                # text points to into the standOff (embed_standoff), all a refresh would do to a new
                # file, so the file is not read again (a cold diary build: 22-44 ms, on the way to
                # the workers' tasks).
                self.state.record(key, current, [])
                continue
            from ..entities.tagging import refresh_standoff_file  # only when there is work: a no-op build stays fast
            try:
                changed = refresh_standoff_file(tei, registers)
            except EditionError:
                continue  # an unreadable TEI is reported by its validation
            if changed:
                self.deps.hashes.forget(tei)
                self.out.say("refreshed", f"refreshed {len(changed)} register entr{'y' if len(changed) == 1 else 'ies'} "
                             f"in {_show(tei)} from {_show(registers)}/: {', '.join(changed)}")
            self.state.record(key, {**register_deps, "tei": self.deps.hashes.hash(tei)}, [])

    def plan(self, documents: list[Path]) -> list[tuple[Path, DocumentJob, dict]]:
        """Decide, per document, whether to validate and which targets to render and write."""
        planned = []
        registers = self.project.registers_arg()
        job_args = (str(self.project.schema), str(registers) if registers else None, str(self.project.xslt_dir))
        for register in self.project.register_files():
            # Registers are TEI documents too: validated, nothing rendered from them alone.
            key = f"register:{register.stem}"
            deps = {**self.deps.files([register]), **self.deps.schema(), **self.deps.code("validate")}
            if not self.force and self.state.is_current(key, deps):
                self.report.skipped += 1
                continue
            from .work import DocumentJob  # here: an unchanged build makes no job
            planned.append((register, DocumentJob(register.stem, str(register), True, *job_args, {}),
                            {"validate_key": key, "validate": deps, "stale": []}))
        publish_invalid = self.project.config.publish_invalid
        for tei in documents:
            name = self.names[tei][0]
            params = self.params(name)
            step_deps = {step: self.deps.render(tei, step, params[step]) for step in DOCUMENT_STEPS}
            stale = [t for t in DOCUMENT_STEPS if self.force or not self.state.is_current(f"{t}:{name}", step_deps[t])]
            if "pdf" in stale and not self.pdf_possible():
                stale.remove("pdf")
            validate_deps = {**self.deps.validate(tei), "config:invalid": self.project.config.invalid}
            must_validate = self.force or not self.state.is_current(f"validate:{name}", validate_deps)
            self.report.skipped += (len(DOCUMENT_STEPS) - len(stale)) + (0 if must_validate else 1)
            if not stale and not must_validate:
                continue
            renders = {t: params[t] for t in RENDERED if t in stale or (t == "fo" and "pdf" in stale)}
            from .work import DocumentJob
            job = DocumentJob(name, str(tei), must_validate, *job_args, renders, publish_invalid=publish_invalid,
                              stylesheets=self.stylesheets() if renders else "",
                              stage_in=None if self.dask_address else str(self.project.output_dir.resolve()))
            planned.append((tei, job, {**step_deps, "validate_key": f"validate:{name}", "validate": validate_deps,
                                       "stale": stale}))
        return planned

    def stylesheets(self) -> str:
        """A digest of every stylesheet module and asset the rendering steps and the site step use
        (their dependencies), made once per build when there is something to render: a process
        that compiled them before an edit must not serve the old compilation."""
        if self._stylesheets is None:
            import hashlib

            modules = {name: digest for target in (*RENDERED, "site")
                       for name, digest in self.deps.stylesheets(target).items()}
            listing = "\n".join(f"{name}={digest}" for name, digest in sorted(modules.items()))
            self._stylesheets = hashlib.sha256(listing.encode("utf-8")).hexdigest()
        return self._stylesheets

    def params(self, name: str) -> dict:
        """Stylesheet parameters per step for one document (they are inputs of its steps too).

        The HTML step makes the document's own page (and the copy of its TEI beside it); the pages of
        the whole site and the assets are the site step's, fed by every document's record.
        """
        downloads = "tei text pdf" if self.pdf_possible() else "tei text"
        html = {**self.site_params(), "stem": name, "downloads": downloads, "pages": "text"}
        return {"html": html, "fo": {"stem": name}, "text": {"stem": name}, "pdf": {"stem": name},
                "record": {"site": "yes", "stem": name}}

    def run_documents(self, planned) -> list[tuple[Path, bytes | Path | StagedFile, dict, str]]:
        """Run the per-document work in parallel; write and record each result as it arrives.

        With fewer documents to render than workers (an editor's edition of one or two texts), each
        document's work is cut into parts (:func:`document_parts`) that run on different cores at
        once, and their results are put together before anything is written.
        """
        if not planned:
            return []
        from .work import DocumentResult, document_parts, document_tasks, drop_staged, merge_part, renders_by_builder

        pdf_jobs: list[tuple[Path, bytes | Path | StagedFile, dict, str]] = []
        rendering = sum(1 for _, job, _ in planned if job.renders)
        split = rendering < self.jobs
        several = rendering > self.jobs
        # Documents that render change their records, so the site step will run: its stylesheet is
        # compiled here while the workers render (this process would only wait for them). It is the
        # HTML stylesheet too (it imports it), so when documents are split into parts this process
        # also renders their HTML pages and records, instead of a worker compiling HTML once more.
        renders = any(job.renders for _, job, _ in planned)
        by_builder = split and renders and not self.dask_address
        parts = [(index, part) for index, (_, job, _) in enumerate(planned)
                 for part in (document_parts(job, self.jobs, html_by_builder=by_builder) if split
                              else [replace(job, several_documents=several)])]
        # Documents that render first, registers (validated only) after: their parts are the long ones.
        parts.sort(key=lambda item: not planned[item[0]][1].renders)
        tasks = document_tasks(parts, split)
        own = [task for task in tasks if by_builder and all(renders_by_builder(part) for _, part in task)]
        tasks = [task for task in tasks if task not in own] + own  # the workers' first, as run_parallel numbers them
        remaining = Counter(index for index, _ in parts)
        results: dict[int, DocumentResult] = {}
        failures: dict[int, Problem] = {}
        labels = [_show(planned[task[0][0]][0]) for task in tasks]
        outcomes = self._outcomes(tasks, labels, own, renders)
        done = 0
        for outcome in outcomes:
            self.report.peak_worker_mb = max(self.report.peak_worker_mb, outcome.peak_rss_mb)
            task = tasks[outcome.index]
            for position, (index, part) in enumerate(task):
                result = results.setdefault(index, DocumentResult())
                if outcome.ok:
                    merge_part(result, outcome.result[position], part)
                elif part.validate or not split:
                    # A task of several documents failed as a whole: each is told under its own name.
                    failures[index] = (outcome.problem if len(task) == 1
                                       else replace(outcome.problem, file=_show(planned[index][0])))
                else:  # a rendering part alone failed: its targets did
                    result.failed.update({target: outcome.problem for target in part.renders})
                remaining[index] -= 1
                if remaining[index]:
                    continue
                done += 1
                self.out.say("progress", "", done=done, total=len(planned))
                tei, job, deps = planned[index]
                if index in failures:
                    drop_staged(result)  # the parts that did render
                    self._fail(f"document:{job.name}", [failures[index]])
                    self.report.held_back[_show(tei)] = f"could not be processed: {failures[index].message}"
                    continue
                self._accept(tei, job, deps, result, pdf_jobs)
                self._save_now_and_then()
        return pdf_jobs

    def _outcomes(self, tasks: list, labels: list[str], own: list, renders: bool) -> Iterator:
        """Every task's outcome: the workers' tasks (all but ``own``) in parallel, while this process
        compiles the site stylesheet (when documents render) and then runs ``own``, the last tasks."""
        from ..workers import run_parallel, run_task
        from .work import process_documents

        first_own = len(tasks) - len(own)
        done_here: list = []

        def meanwhile() -> None:
            self._compile_site_stylesheet()
            done_here.extend(run_task(process_documents, first_own + i, [part for _, part in task], labels[first_own + i])
                             for i, task in enumerate(own))

        yield from run_parallel(process_documents, [[part for _, part in task] for task in tasks[:first_own]],
                                jobs=self.jobs, dask_address=self.dask_address, labels=labels[:first_own],
                                pool=self.pool(), meanwhile=meanwhile if renders else None)
        if own and not done_here:  # the workers' tasks ran in this process (one task): no meanwhile
            meanwhile()
        yield from done_here

    def _accept(self, tei: Path, job: DocumentJob, deps: dict, result: DocumentResult, pdf_jobs: list) -> None:
        try:
            self._write_result(tei, job, deps, result, pdf_jobs)
        finally:
            # What was not put in place (held back, rendered only for a PDF whose FO is on disk
            # already, a write that failed) is dropped; files put in place were taken out.
            from .work import drop_staged
            drop_staged(result)

    def _write_result(self, tei: Path, job: DocumentJob, deps: dict, result: DocumentResult, pdf_jobs: list) -> None:
        from ..xmlio import atomic_write, safe_output_path

        problems = [_relabel(p, tei) for p in result.problems]
        for problem in problems:
            self.out.problem(problem)
        errors = [p for p in problems if p.severity == "error"]
        if not result.valid and not job.publish_invalid:
            self.report.problems += errors
            self.report.held_back[_show(tei)] = (f"invalid ({len(errors)} error(s), first: {errors[0].message})"
                                                 if errors else "invalid")
            kept = any(next((self.project.output_dir / target).glob(f"{glob.escape(job.name)}.*"), None)
                       for target in TARGETS)
            self._fail(deps["validate_key"], [], f"{_show(tei)} is invalid: " + (
                "its outputs were not regenerated (the last good ones are kept)" if kept
                else "no outputs were written; correct the errors above and build again"))
            return
        if not result.valid:
            self.report.notes.append(f"{_show(tei)} is published although it is invalid ({len(errors)} error(s)): "
                                     "edition.toml says invalid = \"publish\"; the site and the catalogue flag it")
        if job.validate:
            self.state.record(deps["validate_key"], deps["validate"], [], valid=result.valid, errors=len(errors))
        written_all: list[str] = []
        for target, files in result.rendered.items():
            fo_for_pdf = None
            if target == "fo" and "pdf" in deps["stale"]:
                if len(files) == 1:
                    fo_for_pdf = next(iter(files))
                else:
                    self._fail(f"pdf:{job.name}", [Problem(_show(tei), None, None, "error",
                               f"expected one XSL-FO document, the stylesheet made {len(files)}", "fo-output")])
            if target not in deps["stale"]:
                # Rendered only to make the PDF; the FO on disk is already this one. FOP reads it from
                # where it was staged, and render_pdfs drops it.
                if fo_for_pdf is not None:
                    pdf_jobs.append((tei, files.pop(fo_for_pdf), deps["pdf"], job.name))
                continue
            written = []
            for rel in list(files):
                if target == "html" and rel not in (f"{job.name}.html", f"{job.name}.xml"):
                    continue  # an asset: the site step writes those
                path = safe_output_path(self.project.output_dir / FOLDER[target], rel)
                atomic_write(path, files[rel])
                self.deps.hashes.forget(path)  # hashed earlier in this build, perhaps (a record's title)
                del files[rel]
                written.append(path)
                if rel == fo_for_pdf:
                    pdf_jobs.append((tei, path, deps["pdf"], job.name))
            self.state.record(f"{target}:{job.name}", deps[target], written)
            self.report.built.append(f"{target}:{job.name}")
            principal = next((p for p in written if p.name.startswith(f"{job.name}.")), written[0]) if written else None
            if principal is not None and target != "record":
                more = f" (+{len(written) - 1} files)" if len(written) > 1 else ""
                written_all.append(_show(principal) + more)
        for target, problem in result.failed.items():
            self._fail(f"{target}:{job.name}", [_relabel(problem, tei)])
        if written_all:
            self.out.say("built", f"built {_show(tei)} -> " + ", ".join(written_all))

    def render_pdfs(self, pdf_jobs: list[tuple[Path, bytes | Path | StagedFile, dict, str]]) -> None:
        """Make every PDF with long-lived FOP JVMs (one per two workers; one ``fop`` per file as fallback).

        Each job's FO is bytes (from Dask), the FO file written, or one staged only for the PDF
        (dropped once FOP is done with it): FOP reads a file when its turn comes, so the build does
        not hold every document's FO until the last PDF."""
        from ..publish.fop import fop_workers, render_all
        from ..xmlio import StagedFile, discard_staged

        # FOP runs on this machine even with --dask: the JVMs and fonts are here, the FO came back.
        jobs = [(Path(fo.path) if isinstance(fo, StagedFile) else fo, self.project.output_dir / "pdf" / f"{name}.pdf",
                 _show(tei)) for tei, fo, _, name in pdf_jobs]
        try:
            self._record_pdfs(pdf_jobs, render_all(jobs, config=self.project.fop_config, workers=fop_workers(self.jobs)))
        finally:
            discard_staged(fo for _, fo, _, _ in pdf_jobs)

    def _record_pdfs(self, pdf_jobs: list, rendered) -> None:
        for (tei, _fo, deps, name), ((_, pdf, _), result) in zip(pdf_jobs, rendered):
            key = f"pdf:{name}"
            if isinstance(result, EditionError):
                self._fail(key, [result.as_problem()])
                continue
            for warning in result.warnings:
                self.out.problem(f"{_show(tei)}: warning: FOP: {warning} [fop]")
            self.state.record(key, deps, [pdf])
            self.report.built.append(key)
            self.out.say("built", f"built {_show(tei)} -> {_show(pdf)} ({result.pages} pages)")
            self._save_now_and_then()

    def build_site(self, documents: list[Path]) -> None:
        """The site step: home, registers, chronology, search and about pages, assets and catalogue.

        One step for the whole collection, fed by every published document's record (not the
        documents), the register files and the stylesheets; it reruns when any of them changes. A
        document that was never published (invalid from the start) is not in it; one held back now
        keeps its last good page and stays listed.
        """
        import json as _json

        output = self.project.output_dir
        published: list[tuple[Path, str, str, Path, dict[str, str]]] = []
        for tei in documents:
            name = self.names[tei][0]
            record = output / FOLDER["record"] / f"{name}.xml"
            if not record.is_file() or not (output / "html" / f"{name}.html").is_file():
                continue
            step = self.state.steps.get(f"validate:{name}", {})
            validity = ("held back" if _show(tei) in self.report.held_back
                        else "invalid" if step.get("valid") is False else "valid")
            outputs = {kind: f"{folder}/{name}.{ext}" for kind, folder, ext in
                       (("html", "html", "html"), ("tei", "html", "xml"), ("text", "text", "txt"),
                        ("pdf", "pdf", "pdf"), ("fo", "fo", "fo")) if (output / folder / f"{name}.{ext}").is_file()}
            published.append((tei, name, validity, record, outputs))
        title = self.site_title(documents)
        schema = {"edition": "the edition's schema", "tei_all": "TEI P5 (tei_all)"}.get(
            self.project.config.schema, self.project.config.schema)
        described = [{"name": n, "path": self.tei_path(t), "validity": v, "outputs": o}
                     for t, n, v, _r, o in published]
        # The records feed the pages; the documents' own pages feed the search index made at the end.
        doc_pages = [output / "html" / f"{name}.html" for _t, name, *_x in published]
        deps = {**self.deps.files([r for *_x, r, _o in published] + self.project.register_files()
                                  + [t for t, *_x in published] + doc_pages),
                **self.deps.stylesheets("site"), **self.deps.code("publish.site", "publish.transform", "publish.search"),
                "param:title": title, "param:schema": schema, "param:invalid": self.project.config.invalid,
                **{f"param:{k}": v for k, v in self.site_params().items()},
                "param:documents": _json.dumps(described, sort_keys=True)}
        if not self.force and self.state.is_current("site", deps):
            self.report.skipped += 1
            return
        import hashlib  # here, after the check: loading OpenSSL costs an unchanged build a few ms

        from ..publish import site as collection
        from ..xmlio import atomic_write, safe_output_path

        started = time.perf_counter()
        records = []
        for tei, name, validity, record_path, outputs in published:
            data = self.deps.hashes.read(tei) or b""
            records.append(collection.PublishedDocument(
                name=name, path=self.tei_path(tei),
                record=collection.read_record(record_path), validity=validity,
                sha256=hashlib.sha256(data).hexdigest(), outputs=outputs))
        language = _common_language(records)
        tree = collection.collection_tree(title, language, schema, self.project.config.invalid, records,
                                          self.project.register_files())
        from .work import transformer_for
        transformer = transformer_for(str(self.project.xslt_dir), self.stylesheets())
        try:
            pages = collection.render_pages(transformer, tree, self.site_params())
            assets = transformer.assets()  # the project's own, else the packaged ones
        except EditionError as exc:
            self._fail("site", [exc.as_problem()])
            return
        written = []
        for name, data in {**pages, **assets}.items():
            path = safe_output_path(output / "html", name)
            atomic_write(path, data)
            written.append(path)
        for name, data in collection.catalogue_files(title, records).items():
            path = output / "catalogue" / name
            atomic_write(path, data)
            written.append(path)
        if self.search_possible():
            from ..publish.search import write_search_page
            written += write_search_page(output / "html", title, lang=language, nav=list(collection.SEARCH_NAV))
        self.report.site_seconds = time.perf_counter() - started  # the search index is timed on its own
        self.out.say("built", f"built the site: {len(pages) + self.search_possible()} pages, {len(records)} "
                              f"document(s) in the catalogue -> {_show(output / 'html' / 'index.html')}, "
                              f"{_show(output / 'catalogue')}/")
        indexed = self.index_search(output / "html") if self.search_possible() else True
        # An index that failed is made again by the next build, even when nothing else changed.
        self.state.record("site", deps if indexed else {**deps, "search:index": "failed"}, written)
        self.report.built.append("site")

    def _compile_site_stylesheet(self) -> None:
        try:
            from .work import transformer_for
            transformer_for(str(self.project.xslt_dir), self.stylesheets()).compile("site")
        except EditionError:
            pass  # the site step compiles it again, and reports why it cannot

    def tei_path(self, tei: Path) -> str:
        """A document's path in tei/ as the site and the catalogue give it: a file name may hold control
        characters or bytes that are not UTF-8, which XML and JSON cannot carry; they are escaped."""
        return printable(tei.relative_to(self.project.tei_dir).as_posix())

    def search_possible(self) -> bool:
        """Whether the site gets a search (Pagefind is installed); asked once per build."""
        if self._search_possible is None:
            from ..publish.tools import pagefind_executable
            self._search_possible = pagefind_executable() is not None
            if not self._search_possible:
                self.report.notes.append("search skipped: Pagefind is not installed "
                                         "(pip install 'pagefind[extended]'); the site has no search page")
        return self._search_possible

    def site_params(self) -> dict[str, str]:
        """The stylesheet parameters every page of the site shares (the site's pages and each document's)."""
        return {"site": "yes", "collection": "yes", "search": "yes" if self.search_possible() else "no"}

    def index_search(self, html_dir: Path) -> bool:
        """Index the built site for search; a failure is a problem of the site step, not of the build."""
        from ..publish import search

        try:
            indexed = search.index_site(html_dir)
        except EditionError as exc:
            self.report.notes.append(f"search not indexed: {printable(exc.message)}")
            return False
        self.report.search = indexed.as_dict()
        self.report.notes.append(indexed.summary())
        return True

    def site_title(self, documents: list[Path]) -> str:
        """edition.toml's title, else the only document's title, else the project folder's name."""
        if self.project.title:
            return self.project.title
        if len(documents) == 1:
            record = self.project.output_dir / FOLDER["record"] / f"{self.names[documents[0]][0]}.xml"
            if record.is_file():
                # Kept among the state's scans by the record's hash: an unchanged build parses nothing.
                key = f"record-title:{self.deps.hashes.hash(record)}"
                titles = self.state.scans.get(key)
                if titles is None:
                    from ..publish.site import ED_NS, read_record
                    found = read_record(record).find(f"{{{ED_NS}}}title")
                    titles = [found.text.strip()] if found is not None and (found.text or "").strip() else []
                    self.state.scans[key] = titles
                    self.state.dirty = True
                if titles:
                    return titles[0]
        return self.project.root.name

    def remove_vanished(self, names: set[str]) -> None:
        """Forget steps whose input is gone and delete their outputs (only files a build wrote)."""
        def alive(key: str) -> bool:
            kind, _, name = key.partition(":")
            if kind == "convert":
                return (self.project.tei_dir / "source" / f"{name}.txt").exists()
            if kind == "register":
                return (self.project.register_dir / f"{name}.xml").exists()
            if kind == "site":
                return True
            return name in names

        gone = [key for key in self.state.steps if not alive(key)]
        kept = {p for key, step in self.state.steps.items() if key not in gone for p in step.get("outputs", {})}
        for key in gone:
            for path in self.state.outputs_of(key):
                if path.parent == self.project.tei_dir:
                    continue  # a TEI file is the editor's, even when its source is gone
                if path.relative_to(self.project.root).as_posix() in kept or not os.path.lexists(path):
                    continue
                if not _inside(path, self.project.output_dir):
                    # The state file is untrusted: we delete only what lies inside output/.
                    self.report.notes.append(f"not removing {_show(path)}: it is outside "
                                             f"{_show(self.project.output_dir)}/ (named by the build state)")
                    continue
                path.unlink()
                self.out.say("removed", f"removed {_show(path)} (its document is gone)")
            self.state.forget(key)

    # -- helpers ------------------------------------------------------------------------------
    def _fail(self, key: str, problems: list[Problem], message: str | None = None) -> None:
        for problem in map(_relabel, problems):
            self.out.problem(problem)
            self.report.problems.append(problem)
        if message:
            self.out.problem(message)
        self.report.failed.append(key)

    def _save_now_and_then(self) -> None:
        # A long build keeps its progress: killed after an hour, it does not start from zero.
        if time.monotonic() - self._last_save > 2.0:
            self.state.save()
            self._last_save = time.monotonic()

    def pdf_possible(self) -> bool:
        """Whether FOP is here (asked once, and only when some PDF has to be made)."""
        if self._pdf_possible is None:
            from ..publish.tools import fop_available
            self._pdf_possible = fop_available()
            if not self._pdf_possible:
                self.report.notes.append(f"PDF skipped: {FOP_MISSING}")
        return self._pdf_possible


def _inside(path: Path, folder: Path) -> bool:
    """True when ``path`` (symbolic links followed) lies inside ``folder``."""
    try:
        path.resolve().relative_to(folder.resolve())
    except (OSError, ValueError, RuntimeError):
        return False
    return path.resolve() != folder.resolve()


def _common_language(records) -> str:
    """The language most documents are in (the site pages' lang), 'en' when none says."""
    counts: dict[str, int] = {}
    for record in records:
        found = record.record.find("{https://tei-edition.org/ns/ed}language")
        code = found.get("code") if found is not None else ""
        if code:
            counts[code] = counts.get(code, 0) + 1
    return max(sorted(counts), key=lambda c: counts[c]) if counts else "en"


def _relabel(problem: Problem, tei: Path | None = None) -> Problem:
    """Name files as the user knows them (workers see absolute paths)."""
    if problem.file == "-" and tei is not None:
        return replace(problem, file=_show(tei))
    if problem.file and os.path.isabs(problem.file):
        return replace(problem, file=_show(Path(problem.file)))
    return problem


def _not_reconverted(stale) -> list[str]:
    """The changed inputs a hand-edited TEI misses (a register change is refreshed into it instead)."""
    if stale is True:  # a state file written before the inputs were told apart
        return ["source"]
    return [name for name in (stale or []) if name != "registers"]


def _hand_edited_note(source: Path, tei: Path, stale) -> str:
    inputs = {"source": f"the newer {_show(source)}", "editorial": "the changed tei/editorial.toml",
              "generator": "the newer converter"}
    missed = " and ".join(inputs[name] for name in _not_reconverted(stale))
    return (f"kept {_show(tei)}: it was edited by hand, so it is not reconverted from {missed}; "
            f"the outputs are built from the hand-edited TEI (to replace it: edition convert "
            f"{_show(source)} --force)")


#: The build locks this process holds (their descriptors): a forked child closes them.
_HELD_LOCKS: set[int] = set()


def _close_held_locks() -> None:
    # flock belongs to the open file, which a forked child shares: a worker forked during a build
    # (pipeline.workers.start_method) and kept after it (edition watch) would hold off every later
    # build, its own parent's included, for as long as it lives.
    for fd in _HELD_LOCKS:
        try:
            os.close(fd)
        except OSError:
            pass
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_close_held_locks)


@contextmanager
def project_lock(output_dir: Path, out: _Events, timeout: float) -> Iterator[None]:
    """Hold ``output/.edition.lock`` for the build: a second build waits, naming the holder's pid.

    ``flock`` is released by the kernel when the holder dies, so a killed build never leaves a
    stale lock behind; a child forked meanwhile does not keep it (:func:`_close_held_locks`).
    """
    try:
        import fcntl
    except ImportError:  # no flock on this platform: builds are not serialised
        yield
        return
    fd = _open_lock(output_dir / LOCK_FILE)
    _HELD_LOCKS.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            out.say("waiting", f"waiting for another build of this project (pid {holder}) to finish "
                    f"[{_show(output_dir / LOCK_FILE)}]")
            deadline = time.monotonic() + timeout
            while True:
                time.sleep(0.1)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise EditionError(
                            f"another build (pid {holder}) still holds the lock after {timeout:.0f} s",
                            output_dir / LOCK_FILE, rule="build-locked") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        _HELD_LOCKS.discard(fd)
        os.close(fd)  # releases the lock


def _open_lock(path: Path) -> int:
    """Open (creating) the lock file, never through a symbolic link and only as a regular file.

    We truncate and write our pid into it: followed through a link planted in output/, that would
    overwrite whatever file the link names.
    """
    import errno
    import stat

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise EditionError("the build lock is a symbolic link: refusing to follow it (remove it)",
                               path, rule="output-symlink") from None
        raise EditionError(f"cannot create the build lock: {exc.strerror}", path,
                           rule="output-unwritable") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise EditionError("the build lock is not a regular file (remove it)", path, rule="output-symlink")
    return fd

