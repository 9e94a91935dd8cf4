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

from .errors import EditionError, printable
from .tables import csv_text

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


# -- options shared by several commands (declared once) ------------------------------------------
def registers_option(help_text: str = "Folder of register TEI files (default: tei/register/ of the project)."):
    return click.option("--registers", type=click.Path(path_type=Path, exists=True, file_okay=False),
                        help=help_text)


jobs_option = click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
                           help="Documents to process in parallel (default: number of CPUs).")


def format_option(*choices: str, help_text: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True,
                        help=help_text)


def _show_version(ctx: click.Context, _param, value: bool) -> None:
    # Asked for only here: finding the installed version costs an import every other command can skip.
    if value and not ctx.resilient_parsing:
        from . import __version__
        click.echo(f"edition, version {__version__}")
        ctx.exit()


def run() -> None:
    """The ``edition`` command's process (its console script, ``python -m pipeline``): the CLI, whose
    exit leaves the objects still alive to the operating system.

    When a command is over, Python's shutdown looks through every object left for garbage (a cold
    build's lxml and Saxon objects, parsed registers, the state; `--help`'s click objects): 15-20 ms
    of the diary's cold build, to free memory the process is about to give back anyway. An exit
    handler, registered before the command runs (so run after those its modules register), moves
    them out of the collector's reach (``gc.freeze``): shutdown still releases what nothing refers
    to, and every file is written, flushed and closed where it is made (xmlio.atomic_write), not by
    a finaliser."""
    import atexit
    import gc

    atexit.register(gc.freeze)
    main()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")
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
@registers_option("Folder of register TEI files to tag names from (default: tei/register/ of the project).")
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
@registers_option("Folder of register TEI files that pointers may resolve to.")
@format_option("text", "json", help_text="text: one line per problem on stderr; json: a report on stdout for pipelines.")
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
@jobs_option
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


class BuildConsole:
    """Shows a build's events: problems on stderr, progress as a bar on a terminal, else one line each."""

    #: Problems shown per file: a real document can have hundreds against tei_all, and the build is not
    #: the place to read them all (``edition validate FILE`` is; ``--format json`` has them all).
    PROBLEMS_PER_FILE = 10

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet  # --format json: stdout is the report alone
        self.bar = None
        self.tty = sys.stdout.isatty()
        self.shown: dict[str, int] = {}

    def __call__(self, event) -> None:
        if event.kind == "problem":
            if not self.quiet:
                self._problem(event)
        elif event.kind == "progress":
            self._progress(event.done, event.total)
        elif event.kind == "finished":
            self.show(event.report)
        elif self.quiet:
            return
        elif event.kind == "built" and self.bar is not None:
            return  # the bar shows it
        else:
            click.echo(event.message)

    def _problem(self, event) -> None:
        file = event.problem.file if event.problem is not None else None
        if not file:
            click.echo(event.message, err=True)
            return
        count = self.shown[file] = self.shown.get(file, 0) + 1
        if count <= self.PROBLEMS_PER_FILE:
            click.echo(event.message, err=True)
        elif count == self.PROBLEMS_PER_FILE + 1:
            click.echo(f"{file}: note: more problems not shown (edition validate {file} lists them all)", err=True)

    def _progress(self, done: int, total: int) -> None:
        if self.quiet or not self.tty or total < 2:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="building", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)
        if done >= total:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def show(self, report) -> None:
        """The end of a build: its notes, the names it gave, the held-back documents and the summary."""
        if self.quiet:
            return
        for note in report.notes:  # they may quote a document's own words or file names
            click.echo(printable(note))
        for name, why in report.held_back.items():
            click.echo(printable(f"held back {name}: {why}"), err=True)
        click.echo(report.summary())
        # Where a document's outputs went; not when only the (empty) site pages were made.
        if any(not key.startswith(("site", "record:")) for key in report.built) and report.output_dirs:
            click.echo("outputs in " + ", ".join(folder + "/" for folder in report.output_dirs))


@main.command()
@click.argument("project_dir", required=False, default=".", type=click.Path(path_type=Path))
@click.option("--force", is_flag=True, help="Rebuild every output and reconvert every TEI file not edited by hand "
              "(hand-edited TEI is never overwritten by a build: use `edition convert --force`).")
@click.option("--require-pdf", is_flag=True, help="Fail when Apache FOP is not installed.")
@jobs_option
@click.option("--dask", "dask_address", metavar="ADDRESS", default=None,
              help="Send per-document work to a Dask distributed scheduler at ADDRESS.")
@format_option("text", "json", help_text="text: progress and a summary; json: the build report on stdout "
               "(what was built, skipped, held back and why) for pipelines.")
@reports_errors
def build(project_dir: Path, force: bool, require_pdf: bool, jobs: int | None, dask_address: str | None,
          fmt: str) -> None:
    """Convert, validate and publish a whole project, rebuilding only what changed.

    Converts tei/source/<name>.txt into tei/<name>.xml where missing or stale, validates every TEI
    document in tei/, and writes output/html/, output/fo/, output/pdf/ and output/text/.
    Exit status: 0 when nothing failed, 1 otherwise.

    \b
    Example:
        edition build                 # the project in the current folder
        edition build path/to/project --force
        edition build --format json > build-report.json
    """
    from .build.engine import build_project

    console = BuildConsole(quiet=fmt == "json")
    report = build_project(project_dir, force=force, require_pdf=require_pdf, jobs=jobs,
                           dask_address=dask_address, on_event=console)
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
    else:
        console.show(report)
    sys.exit(0 if report.ok else 1)


@main.command()
@click.argument("directory", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--title", default=None, help="The site's title (default: the folder's name).")
@reports_errors
def init(directory: Path, title: str | None) -> None:
    """Start an edition project: a commented edition.toml, tei/, tei/source/ and tei/register/.

    \b
    Example:
        edition init my-edition
    """
    from .project import init_project

    made = init_project(directory, title=title)
    for path in made:
        click.echo(f"created {path}{'/' if path.is_dir() else ''}")
    here = "" if directory.resolve() == Path.cwd() else f" {directory}"
    click.echo(f"""
Next:
  - from plain text: put transcriptions in {directory / 'tei' / 'source'}/<name>.txt
  - from existing TEI: copy the files (subfolders are fine) into {directory / 'tei'}/
  - registers of persons, places and organisations (optional) go in {directory / 'tei' / 'register'}/
  - edit {directory / 'edition.toml'} (title, schema, what to do with invalid documents), then run:
      edition build{here}
    and open {directory / 'output' / 'html' / 'index.html'}""")


@main.command()
@click.argument("project_dir", required=False, default=".", type=click.Path(path_type=Path))
@jobs_option
@reports_errors
def watch(project_dir: Path, jobs: int | None) -> None:
    """Rebuild the project whenever tei/, xslt/ or schema/ change (Ctrl-C to stop).

    \b
    Example:
        edition watch
    """
    from .build.watch import watch_project

    watch_project(project_dir, jobs=jobs, on_event=BuildConsole())


@main.command()
@click.argument("file", type=click.Path(path_type=Path))
@registers_option()
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
@registers_option()
@format_option("text", "json", "csv", help_text="Report format: readable text, JSON, or CSV (one row per mention).")
@reports_errors
def entities(file: Path, registers: Path | None, fmt: str) -> None:
    """List every entity with its mentions, unused register entries and untagged candidates.

    \b
    Example:
        edition entities tei/serge-diary-ii.xml --format csv > entities.csv
    """
    from .entities.tagging import entity_report

    report = format_entity_report(entity_report(file, registers_dir=registers), fmt)
    # Text goes to a terminal: names from an untrusted document are shown with control characters escaped.
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


def format_entity_report(report: dict, fmt: str) -> str:
    """The entity report (data from :func:`pipeline.entities.tagging.entity_report`) as text, JSON or CSV."""
    if fmt == "json":
        return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":  # cells a spreadsheet would run as formulas are made text (pipeline.tables)
        rows = [["section", "kind", "id", "label", "text", "line"]]
        rows += [["mention", entity["kind"], entity["id"], entity["label"], m["text"], m["line"]]
                 for entity in report["entities"] for m in entity["mentions"]]
        rows += [["unresolved", "", m["ref"], "", m["text"], m["line"]] for m in report["unresolved"]]
        rows += [["unused", e["kind"], e["id"], e["label"], "", ""] for e in report["unused"]]
        rows += [["candidate", c["kind"], "", "", c["text"], c["line"]] for c in report["candidates"]]
        return csv_text(rows)
    lines = [f"{report['file']}: {sum(len(e['mentions']) for e in report['entities'])} mention(s) of "
             f"{len(report['entities'])} entit(y/ies)"]
    for entity in report["entities"]:
        forms = ", ".join(sorted({m["text"] for m in entity["mentions"]}))
        where = ", ".join(str(m["line"]) for m in entity["mentions"])
        lines.append(f"  {entity['kind']:6} {entity['id']:32} {len(entity['mentions']):3}  "
                     f"{entity['label']} [{forms}] lines {where}")
    if report["unresolved"]:
        lines.append(f"unresolved references ({len(report['unresolved'])}):")
        lines += [f"  line {m['line']}: {m['text']} -> {m['ref']}" for m in report["unresolved"]]
    lines.append(f"register entries never mentioned ({len(report['unused'])}):")
    lines += [f"  {e['kind']:6} {e['id']:32} {e['label']}" for e in report["unused"]]
    lines.append(f"untagged candidates to review ({len(report['candidates'])}):")
    lines += [f"  line {c['line']}: {c['text']} ({c['kind']})" for c in report["candidates"]]
    return "\n".join(lines) + "\n"

