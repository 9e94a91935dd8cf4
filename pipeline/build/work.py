"""The work done per document: what a build's worker processes (or Dask workers) run.

A job says what to do for one TEI document (validate it, render it to some targets) and travels to
a worker by pickling; :func:`process_document` does it and sends back a result. The build's planning
and bookkeeping (:mod:`pipeline.build.engine`) import this module only when there is such work: an
unchanged build, which has none, is spared the making of its job classes (7 M of its 303 M
instructions).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import EditionError, Problem
from .engine import FOLDER

if TYPE_CHECKING:
    from ..xmlio import StagedFile

_TRANSFORMERS: dict[str, tuple[str, object]] = {}


def transformer_for(xslt_dir: str, stylesheets: str):
    """One Transformer per stylesheet folder per process, so that each stylesheet compiles once per
    worker; a new one when the stylesheets changed (``stylesheets``: :meth:`_BuildRun.stylesheets`),
    since a process can outlive an edit: the build's own (``edition watch``, a library's caller),
    a Dask worker, the in-process work of a build on one core."""
    held = _TRANSFORMERS.get(xslt_dir)
    if held is None or held[0] != stylesheets:
        from ..publish.transform import Transformer
        held = _TRANSFORMERS[xslt_dir] = (stylesheets, Transformer(xslt_dir))
    return held[1]


@dataclass
class DocumentJob:
    """What to do for one TEI document (picklable: it travels to the workers)."""

    name: str
    tei: str
    validate: bool
    schema: str
    registers: str | None
    xslt_dir: str
    renders: dict[str, dict[str, str]]  # target -> stylesheet parameters
    publish_invalid: bool = False  # edition.toml [validate] invalid = "publish"
    stylesheets: str = ""  # the digest of the stylesheets (_BuildRun.stylesheets), to tell an edit
    # The output folder, when the worker can write into it (not over Dask): each rendered file is
    # left in its target's folder as a StagedFile for the build to put in place, not sent as bytes.
    stage_in: str | None = None
    # Whether the build gives each worker several documents to render: a worker then renders a kind
    # of document with the compilation every kind shares until the kind has earned its own
    # (Transformer.several_documents).
    several_documents: bool = False


@dataclass
class DocumentResult:
    """What a worker made of one document."""

    problems: list[Problem] = field(default_factory=list)  # validation problems (and warnings)
    valid: bool = True
    rendered: dict[str, dict[str, bytes | StagedFile]] = field(default_factory=dict)
    failed: dict[str, Problem] = field(default_factory=dict)  # target -> why it could not be made


def process_document(job: DocumentJob) -> DocumentResult:
    """Validate one TEI document (when asked) and render it to each requested target.

    The document is parsed once: validation and every target and page use the same tree."""
    from ..publish.transform import Document
    from ..xmlio import parse_file

    result = DocumentResult()
    tree = document = None

    def saxon_tree():
        # Saxon's tree for the rendering, made for the validation when it asks Saxon first.
        nonlocal document
        if document is None:
            document = Document(tree, owned=True, path=job.tei)
        return document.saxon_tree()

    if job.validate:
        from ..validate.validator import validate_files
        try:
            tree = parse_file(job.tei)
        except EditionError:
            tree = None  # validation reports it, with its position
        shared = tree is not None and bool(job.renders)
        report = validate_files([Path(job.tei)], schema=Path(job.schema),
                                registers_dir=Path(job.registers) if job.registers else None,
                                parsed={str(Path(job.tei)): tree} if tree is not None else None,
                                saxon_trees={str(Path(job.tei)): saxon_tree} if shared else None)
        result.problems = list(report.problems)
        result.valid = report.ok
        if not report.ok and not job.publish_invalid:
            return result
    if not job.renders:
        return result
    try:
        # The validation's tree is handed over (dropped once Saxon has its own); without validation
        # no lxml tree is made at all: a plain file goes to Saxon directly (Document).
        if document is None:
            document = Document(tree, owned=True, path=job.tei) if tree is not None else Document(job.tei)
    except EditionError as exc:  # not TEI: every target fails for the same reason
        result.failed = {target: exc.as_problem() for target in job.renders}
        return result
    del tree
    transformer = transformer_for(job.xslt_dir, job.stylesheets)
    transformer.several_documents = job.several_documents
    for target, params in job.renders.items():
        try:
            stage_in = Path(job.stage_in) / FOLDER[target] if job.stage_in else None
            result.rendered[target] = transformer.render(document, target, params, stage_in=stage_in)
        except EditionError as exc:
            result.failed[target] = exc.as_problem()
    return result


#: How a document's rendering is cut when it runs on several cores: targets that share a compiled
#: stylesheet stay together (the record is a page of the HTML stylesheet). Every RENDERED target is
#: in one group (a test checks it).
RENDER_GROUPS = (("html", "record"), ("fo",), ("text",))


def document_parts(job: DocumentJob, workers: int = len(RENDER_GROUPS) + 1, *,
                   html_by_builder: bool = False) -> list[DocumentJob]:
    """One document's work as parts that can run at the same time on ``workers`` workers: its
    rendering, and its validation. The rendering is one part per group of RENDER_GROUPS (the
    longest first) when there are workers enough. Else the shortest group (the plain text) follows
    the validation in its part, which is short too and hands it its parsed tree, and the other
    groups are fewer parts, the last taking the remaining groups: every part pays its own start
    (Saxon, each stylesheet's compilation; the schema validator).
    With ``html_by_builder``, the HTML page and the record are a part of their own, first, for the
    build's own process (:func:`renders_by_builder`), beside the workers' parts.
    Each part parses the document itself (a few hundredths of a second for the diary); whether
    the outputs may be written is decided when all parts are back, as for a whole job."""
    groups = [{target: params for target, params in job.renders.items() if target in group}
              for group in RENDER_GROUPS]
    groups = [renders for renders in groups if renders]
    by_builder = [groups.pop(0)] if html_by_builder and groups and _html_group(groups[0]) else []
    room = max(1, workers - 1 if job.validate else workers)
    # On two cores the diary's FO and text together were the longest part (0.49 s from its start,
    # against 0.42 s for the build's own HTML and 0.24 s for the validation, which then waited):
    # the text after the validation ends all three together (cold builds, 12 alternated pairs:
    # wall -6.8%, CPU -6.5%; the text shares the validation's tree).
    after_validation = groups.pop() if job.validate and len(groups) > room else {}
    if len(groups) > room:
        groups = groups[:room - 1] + [{t: p for renders in groups[room - 1:] for t, p in renders.items()}]
    parts = [replace(job, validate=False, renders=renders) for renders in by_builder + groups]
    if job.validate or not parts:
        parts.insert(1 if parts else 0, replace(job, renders=after_validation))
    return parts


def renders_by_builder(part: DocumentJob) -> bool:
    """Whether a part of :func:`document_parts` made with ``html_by_builder`` is the build's own."""
    return bool(part.renders) and _html_group(part.renders)


def _html_group(renders: dict[str, dict[str, str]]) -> bool:
    """Whether the targets are all of the HTML stylesheet's group (the page and the record)."""
    return set(renders) <= set(RENDER_GROUPS[0])


def prepare_worker(schema: str) -> None:
    """(A worker's warm-up) Load the schema's validator into this process, where validation finds
    it, and start Saxon with what every render compiles first: the worker may take either kind of
    task (see WorkerPool.start)."""
    from ..publish.transform import warm_up
    from ..validate.schemas import get_validator
    warm_up()
    try:
        get_validator(Path(schema))
    except EditionError:
        pass  # the validation itself reports it


def process_documents(jobs: list[DocumentJob]) -> list[DocumentResult]:
    """Several documents' work in one task, one after the other (see :func:`document_tasks`)."""
    return [process_document(job) for job in jobs]


def document_tasks(parts: list[tuple[int, DocumentJob]], split: bool) -> list[list[tuple[int, DocumentJob]]]:
    """The tasks the workers are given: each part alone, except that when documents are split into
    parts (an editor's edition of one or two texts beside its registers), every validation part is
    in one task. A worker starting the schema validator pays for it (0.2-0.4 s for the edition's
    XSD, more than validating a register): the diary's build, one validation task per document,
    had the rendering worker start a second validator for the last register once it was done."""
    if not split:
        return [[part] for part in parts]
    # A document's rendering that follows its validation (document_parts) comes after every
    # validation of the task: the registers' are short, and nothing waits for the text.
    validations = [(index, part) for index, part in parts if part.validate or not part.renders]
    rendering = [[(index, part)] for index, part in parts if not (part.validate or not part.renders)]
    validations.sort(key=lambda item: bool(item[1].renders))
    return rendering + ([validations] if validations else [])


def drop_staged(result: DocumentResult) -> None:
    """Discard the files a worker staged for this result that were not put in place."""
    if result.rendered:
        from ..xmlio import discard_staged
        for files in result.rendered.values():
            discard_staged(files.values())


def merge_part(result: DocumentResult, part_result: DocumentResult, part: DocumentJob) -> None:
    """Put a part's result into its document's: validation says valid and problems, rendering adds outputs."""
    if part.validate:
        result.problems = part_result.problems
        result.valid = part_result.valid
    result.rendered.update(part_result.rendered)
    result.failed.update(part_result.failed)


@dataclass
class ConvertJob:
    source: str
    output: str
    registers: str | None


def convert_source(job: ConvertJob):
    """Convert one source text into its TEI file (a worker task).

    Never with ``force``: should the editor touch the TEI between our check and this moment, the
    converter still refuses to overwrite it.
    """
    from ..convert.converter import convert_file
    result = convert_file(Path(job.source), Path(job.output),
                          registers_dir=Path(job.registers) if job.registers else None)
    return result.written, list(result.warnings)
