"""Validate TEI files: a schema (XSD or RELAX NG) and the edition's reference rules, in one report.

Every file is parsed once through :mod:`pipeline.xmlio`; the schema (compiled once per process, see
:mod:`pipeline.validate.schemas`) and the rules (:mod:`pipeline.validate.rules`) both report :class:`Finding` objects on
elements, which become ``file:line:column: severity: message [rule]`` problems. Nothing stops at the
first problem: every file is checked and every problem reported.

Without ``schema``, each file is validated against its project's ``schema/tei-edition.xsd`` (the
project is the folder above the file's ``tei/``), else the package's. Without ``registers_dir``,
pointers may resolve into the ``register/`` folder beside each file (``tei/register/``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EditionError, Problem
from ..xmlio import parse_file, require_tei
from ..entities.registers import Registers
from .rules import is_register, run_rules, unused_register_entries
from .schemas import DEFAULT_SCHEMA, Validator, get_validator
from .sourcedoc import Finding, SourceDocument


@dataclass
class ValidationReport:
    """Every problem found in a validation run, and which files were checked against which schemas."""

    files: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    schemas: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no file has an error (warnings do not fail a run)."""
        return not self.errors

    def invalid_files(self) -> list[str]:
        bad = {p.file for p in self.errors}
        return [f for f in self.files if f in bad]

    def summary(self) -> str:
        """One line: how many files, how many invalid, how many errors and warnings."""
        count, invalid = len(self.files), len(self.invalid_files())
        verdict = "all valid" if invalid == 0 else f"{invalid} invalid"
        return (f"{count} file{'s' if count != 1 else ''} checked, {verdict}: "
                f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}, "
                f"{len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''}")

    def as_dict(self) -> dict:
        """The report as plain data (for --format json)."""
        invalid = set(self.invalid_files())
        return {
            "ok": self.ok,
            "summary": self.summary(),
            "schemas": self.schemas,
            "files": [{"file": f, "valid": f not in invalid,
                       "errors": sum(1 for p in self.errors if p.file == f),
                       "warnings": sum(1 for p in self.warnings if p.file == f)} for f in self.files],
            "problems": [p.as_dict() for p in self.problems],
        }


def project_schema(path: Path) -> Path:
    """The schema for a file of a project (the nearest folder with a tei/ above it): what its
    edition.toml chooses, else its schema/tei-edition.xsd, else the package's edition schema."""
    from ..project import Project

    resolved = Path(path).resolve()
    for folder in resolved.parents:
        if folder.name == "tei":
            return Project(folder.parent).schema
    return DEFAULT_SCHEMA


def _registers_beside(path: Path) -> Path | None:
    folder = Path(path).resolve().parent
    if (folder / "register").is_dir():
        return folder / "register"
    return folder if folder.name == "register" else None


def _read(path: Path, report: ValidationReport, tree=None, saxon_tree=None) -> SourceDocument | None:
    try:
        tree = parse_file(path) if tree is None else tree
        require_tei(tree, path)
        data = path.read_bytes()
    except EditionError as exc:
        report.problems.append(exc.as_problem())
        return None
    except OSError as exc:
        report.problems.append(EditionError(f"cannot read: {exc.strerror or exc}", path,
                                            rule="file-unreadable").as_problem())
        return None
    return SourceDocument(path, tree, data, saxon_tree=saxon_tree)


def _merge(rule_findings: list[Finding], schema_findings: list[Finding], document: SourceDocument) -> list[Problem]:
    """Rule findings first, then schema findings that do not repeat them.

    The edition schema checks some rules itself (under the same rule names): one mistake is reported
    once, with the rule's message. A generic schema complaint at the very place a rule already
    explains is dropped too.
    """
    problems: list[Problem] = []
    seen: set[tuple] = set()
    ruled: set[tuple] = set()
    for finding in rule_findings:
        problem = document.problem(finding)
        key = (problem.line, problem.column, problem.rule)
        if key not in seen:
            seen.add(key)
            ruled.add((problem.line, problem.column))
            problems.append(problem)
    for finding in schema_findings:
        problem = document.problem(finding)
        key = (problem.line, problem.column, problem.rule)
        if key in seen or (problem.rule == "schema" and (problem.line, problem.column) in ruled):
            continue
        seen.add(key)
        problems.append(problem)
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))


def validate_files(paths, schema: Path | None = None, registers_dir: Path | None = None,
                   *, parsed: dict | None = None, saxon_trees: dict | None = None) -> ValidationReport:
    """Validate every file against a schema and the reference rules; report every problem.

    ``schema`` is any ``.xsd`` or ``.rng`` file (default: the edition schema of each file's project).
    ``parsed`` maps a path (as given) to its tree from :func:`pipeline.xmlio.parse_file`, for a caller
    that has parsed the file already and renders from the same tree afterwards (the tree is read,
    never changed). ``saxon_trees`` maps a path to a function giving Saxon's tree of it, which the
    caller renders from afterwards: a check that asks Saxon (an XSD's assertions) uses that tree
    rather than parsing the document once more.
    Raises :class:`EditionError` only for a problem with the schema itself (missing, unknown type,
    does not compile); problems with the files are in the report.
    """
    report = ValidationReport()
    chosen = get_validator(Path(schema)) if schema is not None else None
    documents: list[SourceDocument] = []
    for path in map(Path, paths):
        report.files.append(str(path))
        document = _read(path, report, (parsed or {}).get(str(path)), (saxon_trees or {}).get(str(path)))
        if document is not None:
            documents.append(document)

    registers = Registers()
    for document in documents:
        if is_register(document):
            registers.add_file(document.path, document.root)
    registers.read_folder(registers_dir)
    if registers_dir is None:
        for document in documents:
            registers.read_folder(_registers_beside(document.path))
    report.problems.extend(registers.problems)

    # Group by schema so that an external engine (jing) runs once for all files of a run.
    groups: dict[Validator, list[SourceDocument]] = {}
    for document in documents:
        validator = chosen or get_validator(project_schema(document.path))
        groups.setdefault(validator, []).append(document)
    schema_findings: dict[int, list[Finding]] = {}
    for validator, members in groups.items():
        report.schemas.append(f"{validator.path} ({validator.kind}, {validator.engine})")
        for document, findings in zip(members, validator.check_all(members)):
            schema_findings[id(document)] = findings

    texts = [d for d in documents if not is_register(d)]
    for document in documents:
        findings = run_rules(document, registers)
        if is_register(document) and texts:
            register = registers.by_name.get(document.path.name)
            if register is not None and register.root is document.root:
                findings.extend(unused_register_entries(register, texts))
        report.problems.extend(_merge(findings, schema_findings.get(id(document), []), document))
    order = {f: n for n, f in enumerate(report.files)}
    report.problems.sort(key=lambda p: (order.get(p.file, len(order)), p.line or 0, p.column or 0))
    return report
