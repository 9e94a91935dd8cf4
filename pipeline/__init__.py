"""tei-edition: a TEI P5 digital edition pipeline, usable as a library.

Each stage is one function that takes paths and returns data; nothing prints. The ``edition`` CLI
(:mod:`pipeline.cli`) is a thin layer that formats what these return::

    from pipeline import build_project, validate_files, transform_files

    report = validate_files(["tei/letter.xml"])          # a ValidationReport: .ok, .problems
    for problem in report.problems:
        print(problem.format())                         # file:line:col: error: message [rule]

    build = build_project(".", on_event=lambda e: print(e.message) if e.kind == "built" else None)
    print(build.as_dict()["held_back"])                  # what was not published, and why

The stages: :func:`convert_file` (plain text to TEI), :func:`tag_file` and :func:`entity_report`
(registers and name tagging), :func:`validate_files` (schema and reference rules),
:func:`transform_files` (XSLT 3.0 to HTML, XSL-FO, PDF and plain text), :func:`write_search_page` and
:func:`index_site` (the static search of a built site) and :func:`build_project` /
:func:`watch_project` (a whole project, incrementally). Errors are :class:`EditionError`; located
findings are :class:`Problem`. The heavy dependencies (Saxon, the schema compilers) load only when a
function that needs them is called.
"""
from .errors import EditionError, Problem

_STAGES = {
    "convert_file": "convert.converter",
    "tag_file": "entities.tagging",
    "entity_report": "entities.tagging",
    "load_registers": "entities.registers",
    "validate_files": "validate.validator",
    "transform_files": "publish.transform",
    "index_site": "publish.search",
    "write_search_page": "publish.search",
    "build_project": "build.engine",
    "watch_project": "build.watch",
    "Project": "project",
}

__all__ = ["EditionError", "Problem", "__version__", *_STAGES]


def __getattr__(name: str):
    # Imported on first use: `import pipeline` stays cheap (the CLI's --help, an unchanged build).
    if name == "__version__":
        from .project import installed_version
        # A source tree that was not installed has no version of its own.
        globals()[name] = installed_version("tei-edition") or "0.0.0+source"
        return globals()[name]
    if name in _STAGES:
        from importlib import import_module
        value = getattr(import_module(f".{_STAGES[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
