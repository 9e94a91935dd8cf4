"""The ``edition`` command: a thin click layer over the library.

Each command parses its arguments, calls one library function, prints what it returns and turns the
library's :class:`~pipeline.errors.EditionError` into one line on stderr and a non-zero exit. There is
no pipeline logic here.
"""
from __future__ import annotations

import json
import os
import re
import sys
from functools import wraps
from pathlib import Path

import click

from . import __version__
from .errors import EditionError, printable

OUTPUT_FORMATS = ("html", "fo", "pdf", "text")


def _fail(message: str, code: int = 1) -> None:
    click.echo(printable(f"edition: error: {message}"), err=True)
    sys.exit(code)


def reports_errors(command):
    """Turn EditionError (and, without --debug, any unexpected exception) into one clear line."""

    @wraps(command)
    def wrapper(*args, **kwargs):
        ctx = click.get_current_context()
        debug = (ctx.find_root().params or {}).get("debug", False)
        try:
            return command(*args, **kwargs)
        except EditionError as exc:
            if debug:
                raise
            if exc.file is not None:
                # Already "file:line:col: error: message [rule]", like validate's findings.
                click.echo(str(exc), err=True)
                sys.exit(1)
            _fail(f"{exc.message} [{exc.rule}]")
        except KeyboardInterrupt:
            click.echo("edition: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # a bug of ours: still one line, with the way to see more
            if debug:
                raise
            _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for the traceback)", 3)

    return wrapper


def _schema_kind(path: Path | None) -> Path | None:
    # A schema of an unknown kind is a usage error (exit 2), like a missing one.
    if path is not None and path.suffix.lower() not in (".xsd", ".rng"):
        raise click.BadParameter(f"{path}: give an XSD (.xsd) or a RELAX NG schema in XML syntax (.rng)",
                                 param_hint="--schema")
    return path


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise click.BadParameter(f"expected NAME=VALUE, got {pair!r}", param_hint="--param")
        params[name.strip()] = value
    return params


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="edition")
@click.option("--debug", is_flag=True, help="Show Python tracebacks instead of one-line errors.")
@click.option("--max-input-mb", type=click.FloatRange(min=0, min_open=True), default=None, metavar="MB",
              help="Refuse input documents larger than MB (default: $TEI_EDITION_MAX_INPUT_MB, else 1/128 "
                   "of the memory, at most 256).")
def main(debug: bool, max_input_mb: float | None) -> None:
    """tei-edition: plain text to TEI P5, validated, published as HTML, PDF and plain text.

    \b
    Example:
        edition build            # convert, validate and publish the project in this folder
    """
    from .files import MAX_INPUT_ENV, max_input_bytes

    if max_input_mb is not None:
        # Through the environment, so that worker processes started later see it too.
        os.environ[MAX_INPUT_ENV] = repr(max_input_mb)
    try:
        max_input_bytes()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Where to write the TEI (default: tei/<name>.xml beside tei/source/, else SOURCE with .xml).")
@click.option("--force", is_flag=True, help="Replace an existing TEI file even if it was edited by hand.")
@click.option("--registers", type=click.Path(path_type=Path),
              help="Folder of register TEI files to tag names from (default: tei/register/ of the project).")
@reports_errors
def convert(source: Path, output: Path | None, force: bool, registers: Path | None) -> None:
    """Convert a plain-text diary transcription into TEI P5.

    \b
    Example:
        edition convert tei/source/serge-diary-ii.txt -o tei/serge-diary-ii.xml
    """
    from .convert.converter import convert_file

    result = convert_file(source, output, force=force, registers_dir=registers)
    for problem in result.warnings:
        click.echo(problem.format(), err=True)
    if result.written:
        click.echo(printable(f"converted {source} -> {result.output} ({len(result.warnings)} warning(s))"))
    else:
        click.echo(printable(f"{result.output} is up to date"))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--schema", type=click.Path(path_type=Path, exists=True, dir_okay=False),
              callback=lambda ctx, param, value: _schema_kind(value),
              help="An XSD (.xsd) or RELAX NG (.rng) schema (default: the edition schema in schema/).")
@click.option("--registers", type=click.Path(path_type=Path),
              help="Folder of register TEI files that pointers may resolve to.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: one line per problem on stderr; json: a report on stdout for pipelines.")
@reports_errors
def validate(files: tuple[Path, ...], schema: Path | None, registers: Path | None, fmt: str) -> None:
    """Validate TEI files against a schema and the edition's reference rules.

    Problems go to stderr as file:line:column: severity: message [rule], the summary to stdout.
    Exit status: 0 all valid, 1 any invalid, 2 usage error.

    \b
    Example:
        edition validate tei/*.xml
        edition validate --schema tei_all.rng --format json some.xml
    """
    from .validate.validator import validate_files

    report = validate_files(list(files), schema=schema, registers_dir=registers)
    if fmt == "json":
        # A file name that is not UTF-8 holds lone surrogates: written as JSON escapes, not raw.
        text = json.dumps(report.as_dict(), ensure_ascii=False, indent=2)
        click.echo(re.sub("[\ud800-\udfff]", lambda m: f"\\u{ord(m.group()):04x}", text))
    else:
        for problem in report.problems:
            click.echo(problem.format(), err=True)
        click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--to", "target", required=True, type=click.Choice(OUTPUT_FORMATS), help="Output format.")
@click.option("-o", "--output-dir", type=click.Path(path_type=Path), default=Path("."), show_default=True,
              help="Folder for DIR/<stem>.<ext>.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A stylesheet parameter (repeatable), e.g. reading=diplomatic, page-size=letter.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents to process in parallel (default: number of CPUs).")
@reports_errors
def transform(files: tuple[Path, ...], target: str, output_dir: Path, params: tuple[str, ...],
              jobs: int | None) -> None:
    """Transform TEI P5 files into HTML, XSL-FO, PDF or plain text.

    Works on any TEI P5 document, not only this edition's.

    \b
    Example:
        edition transform tei/serge-diary-ii.xml --to html -o output/html
        edition transform letter.xml --to text --param reading=diplomatic
    """
    from .publish.transform import transform_files

    report = transform_files(list(files), target, output_dir, _parse_params(params), jobs=jobs)
    for line in report.lines():
        click.echo(printable(line))
    for problem in report.problems:
        click.echo(problem.format(), err=True)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("project_dir", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Rebuild every output and reconvert every TEI file not edited by hand "
              "(hand-edited TEI is never overwritten by a build: use `edition convert --force`).")
@click.option("--require-pdf", is_flag=True, help="Fail when Apache FOP is not installed.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents to process in parallel (default: number of CPUs).")
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Send per-document work to a Dask distributed scheduler at ADDRESS.")
@reports_errors
def build(project_dir: Path, force: bool, require_pdf: bool, jobs: int | None, dask_address: str | None) -> None:
    """Convert, validate and publish a whole project, rebuilding only what changed.

    Converts tei/source/<name>.txt into tei/<name>.xml where missing or stale, validates every TEI
    document in tei/, and writes output/html/, output/fo/, output/pdf/ and output/text/.

    \b
    Example:
        edition build                 # the project in the current folder
        edition build path/to/project --force
    """
    from .build.engine import build_project

    report = build_project(project_dir, force=force, require_pdf=require_pdf, jobs=jobs,
                           dask_address=dask_address, echo=click.echo)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("project_dir", required=False, default=".", type=click.Path(path_type=Path))
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Documents to process in parallel (default: number of CPUs).")
@reports_errors
def watch(project_dir: Path, jobs: int | None) -> None:
    """Rebuild the project whenever tei/, xslt/ or schema/ change (Ctrl-C to stop).

    \b
    Example:
        edition watch
    """
    from .build.engine import watch_project

    watch_project(project_dir, jobs=jobs, echo=click.echo)


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--registers", type=click.Path(path_type=Path),
              help="Folder of register TEI files (default: tei/register/ of the project).")
@reports_errors
def tag(file: Path, registers: Path | None) -> None:
    """Tag persons, places and organisations in a TEI file from the registers.

    Adds tags only where text is untagged; running it twice changes nothing.

    \b
    Example:
        edition tag tei/serge-diary-ii.xml
    """
    from .entities.tagging import tag_file

    result = tag_file(file, registers_dir=registers)
    click.echo(printable(result.summary()))


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--registers", type=click.Path(path_type=Path),
              help="Folder of register TEI files (default: tei/register/ of the project).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text", show_default=True,
              help="Report format: readable text, JSON, or CSV (one row per mention).")
@reports_errors
def entities(file: Path, registers: Path | None, fmt: str) -> None:
    """List every entity with its mentions, unused register entries and untagged candidates.

    \b
    Example:
        edition entities tei/serge-diary-ii.xml --format csv > entities.csv
    """
    from .entities.tagging import entity_report

    report = entity_report(file, registers_dir=registers, fmt=fmt)
    click.echo(printable(report).replace("\\x0a", "\n") if fmt == "text" else report, nl=False)


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default keeps the preview on this machine.")
@click.option("--quiet", is_flag=True, help="Do not log each request.")
@reports_errors
def serve(directory: Path, port: int, host: str, quiet: bool) -> None:
    """Preview the site on a local web server (Ctrl-C to stop).

    DIRECTORY is a site folder or a project folder (its output/html/ is served). The search needs
    this: browsers do not run it on pages opened from files.

    \b
    Example:
        edition serve                  # output/html of the project here, at http://127.0.0.1:8000/
        edition serve output/html --port 8080
    """
    from .publish.serve import is_loopback, start_server

    server = start_server(directory, host=host, port=port, log=None if quiet else lambda line: click.echo(line, err=True))
    click.echo(f"Serving {server.root} at {server.url} (Ctrl-C to stop)")
    if not is_loopback(host):
        click.echo(f"edition: warning: {host} is reachable from other machines", err=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("stopped")
