"""Compiled schemas: each built once per process, and on disk between runs where the engine allows.

Costs measured for TEI P5 ``tei_all`` (bench/bench_validate.py prints the current figures):

* W3C XML Schema (``.xsd``) with xmlschema: building trang's tei_all.xsd takes ~15 s, unpickling the
  built object ~0.3 s. So a built schema is pickled into the cache folder, keyed by the schema file's
  content, xmlschema's and Python's versions, and holds the hashes of every file it included; a changed
  schema or include gives a new key or fails the check and is rebuilt, never served stale.
  Validating is slow too (xmlschema walks content models in Python: ~0.3 MB/s), so a document is
  first checked by libxml2 where that can tell it is valid (:mod:`.precheck`); xmlschema makes the
  report of every document that check does not pass. Where Saxon can ask the schema's assertions
  (:mod:`.assertions`), their table is kept beside the pickle and a valid document needs no
  xmlschema at all (importing it and unpickling the edition's schema: ~0.45 core-seconds).
* RELAX NG (``.rng``): nothing compiled can be saved. lxml (libxml2) compiles tei_all.rng in ~5 s per
  process; jing (Java) compiles and validates in ~0.4-0.6 s per run on a fast machine (1-2 s on a slow
  one), the JVM start included. So jing validates every file of a call at once when Java is installed,
  in one JVM per process and schema that later calls reuse (:class:`JingBatch`; jing's command where
  our helper cannot be compiled); lxml is the fallback, compiled once per process.

Engines report positions differently; each validator turns them into :class:`Finding` objects on
the offending element (and attribute), so the caller reports them all alike.
"""
from __future__ import annotations

import atexit
import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from ..errors import EditionError
from ..project import DEFAULT_SCHEMA, user_cache_dir
from ..files import read_regular
from ..publish.tools import which
from ..xmlio import TEI_NS, XML_NS, atomic_write, parse_bytes
from . import assertions, precheck
from .sourcedoc import Finding, SourceDocument, element_label

XML_ID = f"{{{XML_NS}}}id"

ED_NS = "https://tei-edition.org/ns/ed"
#: Attributes whose bad values are reported under the date rule rather than the generic schema rule.
DATE_ATTRIBUTES = frozenset({"when", "notBefore", "notAfter", "from", "to"})
_CACHE_FORMAT = 1  # bump when what we pickle changes shape
_JING_TIMEOUT = 600


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _unchanged(dependencies) -> bool:
    """Whether every (path, sha256) still holds: the files a schema was built from are as they were."""
    for file, digest in dependencies:
        try:
            if _sha256(Path(file).read_bytes()) != digest:
                return False
        except OSError:
            return False
    return True


def _read_schema(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise EditionError("no such schema file", path, rule="schema-missing") from None
    except OSError as exc:
        raise EditionError(f"cannot read the schema: {exc.strerror or exc}", path, rule="schema-missing") from None


class Validator:
    """A compiled schema of one kind; :func:`get_validator` gives the process-wide instance."""

    kind = "?"
    engine = "?"

    def __init__(self, path: Path, data: bytes) -> None:
        self.path = path
        self.digest = _sha256(data)

    def check_all(self, documents: list[SourceDocument]) -> list[list[Finding]]:
        """Validate each document; return its findings, in the documents' order."""
        raise NotImplementedError

    def close(self) -> None:
        """Let go of what the validator runs beside this process (jing's JVM); idempotent."""


# --------------------------------------------------------------------------- XSD (xmlschema)

class XsdValidator(Validator):
    """A W3C XML Schema (1.1, which accepts 1.0 schemas) compiled by xmlschema, cached on disk.

    A document is asked of three checks in turn, each only when the one before cannot tell it is
    valid: libxml2 with the schema's assertions asked by Saxon (:mod:`.assertions`, where they read
    nothing typing could change); libxml2 with the assertions asked by xmlschema (:mod:`.precheck`);
    xmlschema's full validation, which makes every report. The first needs no xmlschema at all: its
    table of the schema's assertions is kept on disk beside the compiled schema, and the compiled
    schema is loaded (importing xmlschema, unpickling it: about half a core-second for the
    edition's) only when a document is not found valid that way.
    """

    kind = "xsd"
    engine = "xmlschema"

    def __init__(self, path: Path, data: bytes) -> None:
        super().__init__(path, data)
        self._data = data
        self._schema = None
        self._cached = False
        # The files the schema was read from, as (path, sha256): a cached schema holds the paths it
        # was built from, maybe another copy of the same files (the key is their content).
        self.dependencies: list[tuple[str, str]] | None = None
        self.table_file = user_cache_dir() / f"xsd-{_sha256(data + b'assertions' + str(assertions.TABLE_FORMAT).encode())[:40]}.json"
        self._precheck: precheck.XsdPrecheck | None = None
        self._precheck_later = True  # (re)decided once the schema is loaded
        self._full_seconds = 0.0  # spent in xmlschema's full validation by this process
        self._table_read = False  # whether the table on disk was read (even one saying "beyond")
        #: libxml2 and Saxon's assertions, without xmlschema (None where the schema's assertions
        #: are beyond it, or its table is not on disk yet)
        self.quick = self._quick_from_table()
        if self.quick is None:
            self._load()

    @property
    def schema(self):
        """xmlschema's compiled schema, loaded (or built) on first use."""
        if self._schema is None:
            self._load()
        return self._schema

    @property
    def cached(self) -> bool:
        """Whether the compiled schema came from the disk cache (loading it, if not loaded yet)."""
        self.schema  # noqa: B018 -- loads it
        return self._cached

    @property
    def cache_file(self) -> Path:
        import xmlschema

        key = _sha256(b"\0".join([self._data, xmlschema.__version__.encode(), sys.version.encode(),
                                  str(_CACHE_FORMAT).encode()]))
        return user_cache_dir() / f"xsd-{key[:40]}.pickle"

    @property
    def precheck(self) -> "precheck.XsdPrecheck | None":
        """libxml2 with xmlschema's assertions, or None (see :meth:`_check`)."""
        self.schema  # noqa: B018 -- decides _precheck_later
        return self._precheck

    def _load(self) -> None:
        import xmlschema

        self._schema = self._from_cache()
        if self._schema is None:
            self._schema = self._build(xmlschema)
            try:
                self.dependencies = [(str(file), _sha256(file.read_bytes())) for file in _schema_files(self._schema)]
            except OSError:
                pass
            self._store()
        if not self._table_read and self.dependencies is not None:
            try:
                table = assertions.assertion_table(self._schema)
            except Exception:  # noqa: BLE001 -- a schema we cannot read so gets no quick check
                table = None
            self._store_table(table)
            self.quick = self._quick(table, self.dependencies)
        # libxml2 first where it can tell (precheck.py): a valid document then costs milliseconds.
        self._precheck_later = not precheck.compiles_at_once(self.path, self.dependencies)
        self._precheck = None if self._precheck_later else self._make_precheck()

    def _make_precheck(self) -> "precheck.XsdPrecheck | None":
        if self.dependencies is None:
            return None
        # Both quick checks validate with the same libxml2 compilation of the schema's files.
        return precheck.XsdPrecheck.for_schema(self._schema, self.path, {digest for _, digest in self.dependencies},
                                               self.quick.libxml2 if self.quick is not None else None)

    def _quick(self, table: dict | None, dependencies: list[tuple[str, str]]) -> "precheck.XsdPrecheck | None":
        if table is None or not precheck.compiles_at_once(self.path, dependencies):
            return None
        return precheck.XsdPrecheck.with_saxon(table, self.path, {digest for _, digest in dependencies})

    def _quick_from_table(self) -> "precheck.XsdPrecheck | None":
        """The quick check from the table on disk, when its files are unchanged."""
        try:
            stored = json.loads(self.table_file.read_bytes())
            dependencies = [(str(file), str(digest)) for file, digest in stored["dependencies"]]
            table = stored["table"]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if not _unchanged(dependencies) or table is not None and table.get("format") != assertions.TABLE_FORMAT:
            return None
        self._table_read = True
        self.dependencies = dependencies
        return self._quick(table, dependencies)

    def _store_table(self, table: dict | None) -> None:
        try:
            atomic_write(self.table_file, json.dumps({"dependencies": self.dependencies, "table": table},
                                                     sort_keys=True).encode("utf-8"))
        except EditionError:
            pass  # a table we cannot write only costs time on the next run

    def _from_cache(self):
        try:
            with self.cache_file.open("rb") as handle:
                dependencies, schema = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None
        # The key covers the main file only; an included or imported file may have changed since.
        if not _unchanged(dependencies):
            return None
        _restore_xpath_sources(schema)
        self._cached = True
        self.dependencies = dependencies
        return schema

    def _build(self, xmlschema):
        # allow="local": a schema may include files beside it but never makes us fetch from the network.
        try:
            return xmlschema.XMLSchema11(str(self.path), allow="local", defuse="always")
        except (xmlschema.XMLSchemaException, etree.XMLSyntaxError, OSError, ValueError) as exc:
            reason = getattr(exc, "message", None) or getattr(exc, "reason", None) or str(exc)
            reason = " ".join(str(reason).split())[:500]
            raise EditionError(f"cannot compile the schema: {reason}", self.path, rule="schema-invalid") from None

    def _store(self) -> None:
        if self.dependencies is None:
            return
        try:
            atomic_write(self.cache_file, pickle.dumps((self.dependencies, self._schema), protocol=pickle.HIGHEST_PROTOCOL))
        except (EditionError, pickle.PicklingError, TypeError, AttributeError, RecursionError):
            pass  # a cache we cannot write only costs time on the next run

    def check_all(self, documents: list[SourceDocument]) -> list[list[Finding]]:
        return [self._check(document) for document in documents]

    def _check(self, document: SourceDocument) -> list[Finding]:
        if self.quick is not None and self.quick.valid(document.tree, document.saxon_tree):
            return []
        if self.precheck is not None and self.precheck.valid(document.tree):
            return []
        started = time.perf_counter()
        try:
            return self._check_fully(document)
        finally:
            self._full_seconds += time.perf_counter() - started
            if self._precheck_later and self._full_seconds >= precheck.LARGE_AFTER_SECONDS:
                self._precheck_later = False
                self._precheck = self._make_precheck()

    def _check_fully(self, document: SourceDocument) -> list[Finding]:
        findings = []
        # xmlschema recurses once per nesting level (several frames each); xmlio caps nesting at 256.
        limit = sys.getrecursionlimit()
        sys.setrecursionlimit(max(limit, 20_000))
        try:
            for error in self.schema.iter_errors(document.tree):
                findings.append(_xsd_finding(error, document))
        except RecursionError:
            findings.append(Finding("error", "the document is nested too deeply to validate", "schema",
                                    document.root))
        finally:
            sys.setrecursionlimit(limit)
        return findings


def _restore_xpath_sources(schema) -> None:
    """Give each of a schema's XPath parsers back the expression it parsed, which pickling loses.

    elementpath keeps a parser's source in a slot its ``__getstate__`` leaves out, and an XPath
    error's message reads it: with the schema from the cache, an assertion that raised (a geo of
    "x" cast to xs:decimal) ended validation with "internal error: AttributeError" instead of a
    finding. Every component with a parser parsed its ``path``."""
    for component in schema.maps.iter_components():
        parser, path = getattr(component, "parser", None), getattr(component, "path", None)
        if parser is not None and isinstance(path, str) and not hasattr(parser, "source"):
            parser.source = path


def _schema_files(schema) -> list[Path]:
    """The files a built schema was read from that are the user's: the main one and every file it
    includes or imports, not xmlschema's bundled meta-schemas (they change only with its version)."""
    import xmlschema

    bundled = Path(xmlschema.__file__).resolve().parent
    files = []
    for component in schema.maps.iter_schemas():
        url = getattr(component, "url", None)
        if not url or not url.startswith("file:"):
            continue
        file = Path(unquote(urlparse(url).path))
        if bundled not in file.parents and file not in files:
            files.append(file)
    return files


def _annotation_parts(component) -> tuple[str | None, str | None]:
    annotation = getattr(component, "annotation", None)
    if annotation is None:
        return None, None
    rule = None
    for appinfo in getattr(annotation, "appinfo", []) or []:
        for child in appinfo.iter():
            if child.tag == f"{{{ED_NS}}}rule" and (child.text or "").strip():
                rule = child.text.strip()
    documentation = " ".join(" ".join(d.itertext()) for d in getattr(annotation, "documentation", []) or [])
    return rule, " ".join(documentation.split()) or None


def _xsd_finding(error, document: SourceDocument) -> Finding:
    element = error.elem if isinstance(error.elem, etree._Element) else None
    if element is not None and element.getroottree().getroot() is not document.root:
        element = None
    validator = error.validator
    kind = type(validator).__name__
    reason = " ".join((error.reason or error.message or "invalid").split()).replace(f"{{{TEI_NS}}}", "")
    attribute = validator.name if kind == "XsdAttribute" else _attribute_named(reason, element)
    label = element_label(element) if element is not None else "document"
    child = getattr(error, "invalid_child", None)
    if isinstance(child, etree._Element) and element is not None and child.getparent() is element:
        # Point at the child that does not belong, not at its parent.
        expected = _expected(error)
        return Finding("error", f"{element_label(child)} is not allowed here in {label}"
                       + (f"; expected {expected}" if expected else ""), "schema", child)
    if kind == "XsdAssert":
        rule, text = _annotation_parts(validator)
        return Finding("error", f"{label}: {text or reason}", rule or "schema", element)
    if "duplicated xs:id" in reason.lower():
        value = element.get(XML_ID) if element is not None else None
        return Finding("error", f"{label}: xml:id \"{value}\" is used more than once", "id-unique", element, XML_ID)
    if (attribute is not None and etree.QName(attribute).localname in DATE_ATTRIBUTES
            and "not allowed" not in reason):
        value = element.get(attribute) if element is not None else None
        return Finding("error", f"{label}: @{etree.QName(attribute).localname}=\"{value}\" is not an ISO date "
                       "(YYYY, YYYY-MM, YYYY-MM-DD, a date and time, or --MM, --MM-DD)", "date-valid", element, attribute)
    return Finding("error", f"{label}: {reason}", "schema", element, attribute)


def _expected(error) -> str:
    try:
        tags = list(getattr(error, "expected_tags", None) or [])
    except (TypeError, AttributeError, ValueError):
        return ""
    names = [f"<{etree.QName(t).localname}>" if isinstance(t, str) and t.startswith("{") else f"<{t}>" for t in tags]
    if len(names) > 8:
        names = names[:8] + [f"... ({len(names) - 8} more)"]
    return " or ".join(names)


def _attribute_named(reason: str, element: etree._Element | None) -> str | None:
    """The attribute an xmlschema message is about ("attribute when='x': ..." or "'foo' attribute ...")."""
    match = re.search(r"attribute ([^\s=']+)=", reason) or re.search(r"'([^']+)' attribute", reason)
    if element is None or not match:
        return None
    name = match.group(1)
    return name if name in element.attrib else None


# --------------------------------------------------------------------------- RELAX NG (jing or lxml)

#: JVM options for jing: class-data sharing and the quick JIT tier start a JVM fastest. The batch's
#: JVM keeps them: it lives for one build's documents, on cores the build's workers are using.
_JING_JVM_OPTIONS = ("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
JING_HELPER_SOURCE = Path(__file__).resolve().parent / "java" / "JingBatch.java"
_JING_END = "JINGBATCH-END"


def _jing_jar() -> tuple[str, Path] | None:
    """java and jing's jar, where both are here and jing is not turned off."""
    if os.environ.get("TEI_EDITION_JING", "").lower() in ("off", "0", "no"):
        return None
    java = which("java")
    for jar in (os.environ.get("TEI_EDITION_JING_JAR"), "/usr/share/java/jing.jar"):
        if java and jar and Path(jar).is_file():
            return java, Path(jar)
    return None


def jing_command() -> list[str] | None:
    """How to run jing here: java with jing's jar (fast start options), the jing script, or None.

    $TEI_EDITION_JING=off forces the in-process lxml engine.
    """
    if os.environ.get("TEI_EDITION_JING", "").lower() in ("off", "0", "no"):
        return None
    found = _jing_jar()
    if found:
        java, jar = found
        return [java, *_JING_JVM_OPTIONS, "-cp", str(jar), "com.thaiopensource.relaxng.util.Driver"]
    script = which("jing")
    return [script] if script else None


class JingBatch:
    """One jing JVM of this process for one schema (``java/JingBatch.java``), fed files on stdin.

    A build validates each document in a task of its own, and a ``jing`` run spends 1-2 s on a slow
    machine starting Java and compiling tei_all before tens of milliseconds of checking: forty
    documents cost forty of them. One JVM per worker process compiles the schema once. Its answers are
    jing's own lines, so they are read as the command's are. :meth:`start` gives None where it cannot
    run (no javac, a schema jing refuses: the command then reports it); a batch that fails later is
    given up, and the command validates instead.
    """

    _open: "weakref.WeakSet[JingBatch]" = weakref.WeakSet()  # every batch this process started

    def __init__(self, process: subprocess.Popen, stderr, shared=None) -> None:
        self._process = process
        self._stderr = stderr
        self._shared = shared  # the JVM's class archive (pipeline.jvm.SharedClasses)
        self._pid = os.getpid()
        self._lock = threading.Lock()
        JingBatch._open.add(self)

    @classmethod
    def start(cls, schema: Path) -> "JingBatch | None":
        from ..jvm import SharedClasses, compiled_helper

        found = _jing_jar()
        if found is None:
            return None
        java, jar = found
        helper = compiled_helper(JING_HELPER_SOURCE, [jar])
        if helper is None:
            return None
        shared = SharedClasses(java, [helper, jar])
        stderr = tempfile.TemporaryFile()
        try:
            process = subprocess.Popen(
                [java, *_JING_JVM_OPTIONS, *shared.options, "-cp", os.pathsep.join([str(helper), str(jar)]),
                 "JingBatch", str(schema)],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr,
                text=True, encoding="utf-8", errors="replace", bufsize=1)
        except OSError:
            stderr.close()
            return None
        batch = cls(process, stderr, shared)
        _close_batches_at_exit()
        with batch._lock:
            if batch._read_until(lambda line: line == "READY") is None:
                batch._close_locked()
                return None
        return batch

    @property
    def usable(self) -> bool:
        """Whether this process may use it: a forked child never writes to its parent's JVM."""
        return self._process is not None and self._pid == os.getpid()

    def check(self, files: list[str]) -> tuple[list[str], int] | None:
        """jing's lines for ``files`` and 0 (all valid) or 1; None when the JVM failed (it is closed).

        One file at a time, its answer read before the next is sent: a batch of many files would
        fill both pipes (the names going in, the errors coming out) and wait for ever."""
        if any("\n" in name or "\r" in name or not name for name in files):
            return None  # not a line of the protocol: the command takes it
        lines: list[str] = []
        status = 0
        with self._lock:
            if not self.usable:
                return None
            for name in files:
                try:
                    self._process.stdin.write(f"{name}\n\n")
                    self._process.stdin.flush()
                except (OSError, ValueError):
                    self._close_locked()
                    return None
                end = self._read_until(lambda line: line.startswith(_JING_END), lines)
                if end is None:
                    self._close_locked()
                    return None
                status = max(status, 0 if end == f"{_JING_END} 0" else 1)
        return lines, status

    def _read_until(self, is_last, into: list[str] | None = None) -> str | None:
        """Read the JVM's lines up to the one ``is_last`` accepts, adding the others to ``into``;
        that line, or None when the JVM ended or took longer than jing's command may (it is killed)."""
        process = self._process
        watchdog = threading.Timer(_JING_TIMEOUT, process.kill)
        watchdog.start()
        try:
            while True:
                line = process.stdout.readline()
                if not line:
                    return None
                line = line.rstrip("\r\n")
                if is_last(line):
                    return line
                if into is not None:
                    into.append(line)
        except (OSError, ValueError):
            return None
        finally:
            watchdog.cancel()

    def close(self) -> None:
        """Stop the JVM (idempotent); in a forked child, only let go of the parent's pipes."""
        with self._lock:
            self._close_locked()

    def _close_locked(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        owner = self._pid == os.getpid()
        for stream in (process.stdin, process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        if owner:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if self._shared is not None:
                self._shared.ended(process.returncode)
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None


def _forget_inherited_batches() -> None:
    # A forked worker holds copies of its parent's pipes to the parent's JVMs: let them go, or the
    # JVMs would not see their input end when the parent closes it.
    for batch in list(JingBatch._open):
        batch._lock = threading.Lock()  # a lock held in the parent at the fork stays held here
        batch._close_locked()


def _close_batches() -> None:
    for batch in list(JingBatch._open):
        batch.close()


_closing_pid: int | None = None


def _close_batches_at_exit() -> None:
    """Close this process's batches when it exits: atexit in the process that imported us, and
    multiprocessing's own exit hook in a worker (a pool's worker ends without atexit). Closing
    waits for each JVM, which writes its class archive as it ends (pipeline.jvm.SharedClasses)."""
    global _closing_pid
    if _closing_pid != os.getpid():
        from multiprocessing.util import Finalize

        Finalize(None, _close_batches, exitpriority=10)
        _closing_pid = os.getpid()


os.register_at_fork(after_in_child=_forget_inherited_batches)
atexit.register(_close_batches)


_EXPECTED_LIST = re.compile(r'((?:element|attribute) (?:"[^"]+"(?:, )?)+(?: or "[^"]+")?)')


def _shorten(message: str) -> str:
    """Cut jing's and libxml2's "expected ..." lists of hundreds of names to a readable few."""
    def cut(match: re.Match) -> str:
        names = re.findall(r'"([^"]+)"', match.group(0))
        if len(names) <= 8:
            return match.group(0)
        word = match.group(0).split(" ", 1)[0]
        return f"{word} " + ", ".join(f'"{n}"' for n in names[:8]) + f" ... ({len(names) - 8} more)"
    return _EXPECTED_LIST.sub(cut, message)


RNG_NS = "http://relaxng.org/ns/structure/1.0"
_DOCTYPE = re.compile(rb"<!DOCTYPE\b")


def refuse_unsafe_rng(path: Path, data: bytes) -> None:
    """Raise unless the RELAX NG schema and every file it includes are local and entity-free.

    jing (and libxml2's RELAX NG compiler) read a schema with a parser that loads DTDs, expands
    entities -- a SYSTEM entity can put /etc/passwd into an error message -- and fetches any
    ``include``/``externalRef`` URL. So before they see it, each file of the schema is read here
    with the safe parser: a DOCTYPE (the only way to declare an entity or name a DTD) is refused,
    and so is a reference that resolves (through ``xml:base`` too) to anything but a local file.
    """
    todo, seen = [(Path(path), data)], set()
    while todo:
        file, content = todo.pop()
        if file in seen:
            continue
        seen.add(file)
        tree = parse_bytes(content, file)  # refuses external entities, with file:line:column
        root = tree.getroot()
        doctype = _DOCTYPE.search(content, 0, _offset_of_root(content))
        if doctype:
            line = content.count(b"\n", 0, doctype.start()) + 1
            raise EditionError("the schema has a DOCTYPE: DTDs and entities are never read from a schema "
                               "(it could read local files or the network); remove it", file, line,
                               rule="schema-unsafe")
        base_url = file.resolve().as_uri()
        for element in root.iter(f"{{{RNG_NS}}}include", f"{{{RNG_NS}}}externalRef"):
            href = (element.get("href") or "").strip()
            target = _resolve_href(element, href, base_url)
            if target is None:
                raise EditionError(f'<{etree.QName(element).localname} href="{href}">: a schema may include '
                                   "only local files (no network access)", file, element.sourceline,
                                   rule="schema-unsafe")
            try:
                todo.append((target, read_regular(target)))
            except OSError as exc:
                raise EditionError(f'<{etree.QName(element).localname} href="{href}">: cannot read '
                                   f"{target}: {exc.strerror or exc}", file, element.sourceline,
                                   rule="schema-missing") from None


def _offset_of_root(content: bytes) -> int:
    """Where the root element starts (roughly: the first '<' that opens an element)."""
    match = re.search(rb"<[^?!]", content)
    return match.start() if match else len(content)


def _resolve_href(element: etree._Element, href: str, document_url: str) -> Path | None:
    """The local file ``href`` names, with every ``xml:base`` on the way applied; None if not local."""
    from urllib.parse import urljoin

    base = document_url
    for ancestor in reversed([element, *element.iterancestors()]):
        xml_base = ancestor.get(f"{{{XML_NS}}}base")
        if xml_base is not None:
            base = urljoin(base, xml_base.strip())
    url = urljoin(base, href)
    parsed = urlparse(url)
    if parsed.scheme != "file" or parsed.netloc not in ("", "localhost") or not href:
        return None
    return Path(unquote(parsed.path))


class RngValidator(Validator):
    """A RELAX NG schema (XML syntax), run by jing when Java is here, else compiled by lxml once."""

    kind = "rng"

    def __init__(self, path: Path, data: bytes) -> None:
        super().__init__(path, data)
        refuse_unsafe_rng(path, data)
        self._jing = jing_command()
        self._batchable = _jing_jar() is not None  # java and the jar: our helper can run
        self._batch: JingBatch | None = None
        self._batch_tried_in: int | None = None  # the process that last tried to start one
        self._lxml = None
        self.engine = "jing" if self._jing else "lxml"
        if not self._jing:
            self._compile_lxml(data)

    def _compile_lxml(self, data: bytes) -> None:
        try:
            self._lxml = etree.RelaxNG(etree.ElementTree(etree.fromstring(data, base_url=str(self.path))))
        except (etree.RelaxNGParseError, etree.XMLSyntaxError) as exc:
            raise EditionError(f"cannot compile the RELAX NG schema: {exc}", self.path,
                               rule="schema-invalid") from None

    def check_all(self, documents: list[SourceDocument]) -> list[list[Finding]]:
        if not documents:
            return []
        if self._jing:
            return self._check_jing(documents)
        return [self._check_lxml(document) for document in documents]

    def _check_lxml(self, document: SourceDocument) -> list[Finding]:
        if self._lxml.validate(document.tree):
            return []
        findings = []
        for entry in self._lxml.error_log:
            element = _element_on_line(document, entry.line, entry.message)
            findings.append(Finding("error", _shorten(" ".join(entry.message.split())), "schema", element,
                                    line=entry.line))
        return findings

    def _check_jing(self, documents: list[SourceDocument]) -> list[list[Finding]]:
        # jing reads files itself: give it our safe re-serialisation (no DOCTYPE, entities expanded,
        # nothing to fetch) rather than the user's file, and map its positions back through the
        # element order, which the copy shares with the original.
        with tempfile.TemporaryDirectory(prefix="edition-jing-") as tmp:
            copies: dict[str, tuple[int, SourceDocument]] = {}
            for number, document in enumerate(documents):
                copy = Path(tmp) / f"{number}.xml"
                copy.write_bytes(etree.tostring(document.tree, encoding="UTF-8", xml_declaration=True))
                copies[str(copy)] = (number, SourceDocument(copy, document.tree, copy.read_bytes()))
            lines, status = self._run_jing(list(copies))
        results: list[list[Finding]] = [[] for _ in documents]
        unparsed = []
        for line in lines:
            match = re.match(r"^(.*?):(\d+):(\d+): (error|fatal|warning): (.*)$", line)
            if not match:
                if line.strip() and "avalon" not in line:
                    unparsed.append(line.strip())
                continue
            file, row, col, severity, message = match.groups()
            if message.startswith("first occurrence of ID"):
                continue  # jing's companion line to a duplicate ID, which the duplicate's own line reports
            if file not in copies:
                # A problem in the schema itself (or a file it includes).
                raise EditionError(f"cannot compile the RELAX NG schema: {message}", file, int(row), int(col),
                                   rule="schema-invalid")
            number, copy = copies[file]
            index = copy.index.element_at(int(row), int(col))
            original = documents[number]
            element = original.elements[index] if index is not None and index < len(original.elements) else None
            attribute, rule = _attribute_in(message, element), "schema"
            if re.match(r'ID "[^"]*" has already been defined', message):
                attribute, rule = XML_ID, "id-unique"
            results[number].append(Finding("warning" if severity == "warning" else "error",
                                           _shorten(message), rule, element, attribute))
        if status not in (0, 1) or (status == 1 and not any(results) and unparsed):
            raise EditionError(f"jing failed: {' '.join(unparsed)[:500] or f'exit status {status}'}",
                               self.path, rule="schema-engine")
        return results

    def close(self) -> None:
        if self._batch is not None:
            self._batch.close()
            self._batch = None

    def _run_jing(self, files: list[str]) -> tuple[list[str], int]:
        """jing's output lines for ``files`` and its exit status: from this process's batch JVM where
        one runs (started at the first call), else from one run of jing's command."""
        if self._batchable:
            if self._batch is not None and not self._batch.usable:
                self._batch = None  # the parent's, inherited by this forked worker
            if self._batch is None and self._batch_tried_in != os.getpid():
                self._batch_tried_in = os.getpid()
                self._batch = JingBatch.start(self.path)
            if self._batch is not None:
                answer = self._batch.check(files)
                if answer is not None:
                    return answer
                if not self._batch.usable:
                    self._batch = None  # it failed (and is closed): the command from now on
                # else a file name the protocol cannot carry: the command takes this call alone
        try:
            proc = subprocess.run([*self._jing, str(self.path), *files], capture_output=True,
                                  text=True, encoding="utf-8", errors="replace", timeout=_JING_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EditionError(f"cannot run jing: {exc}", self.path, rule="schema-engine") from None
        return proc.stdout.splitlines() + proc.stderr.splitlines(), proc.returncode


def _attribute_in(message: str, element: etree._Element | None) -> str | None:
    match = re.search(r'attribute "([^"]+)"', message)
    if element is None or not match:
        return None
    name = match.group(1)
    if name.startswith("xml:"):
        return "{http://www.w3.org/XML/1998/namespace}" + name[4:]
    return name if name in element.attrib else None


def _element_on_line(document: SourceDocument, line: int, message: str) -> etree._Element | None:
    """The element libxml2 meant: the one on that line whose name its message quotes, else the first."""
    candidates = [el for el in document.elements if el.sourceline == line]
    for element in candidates:
        if f" {etree.QName(element).localname} " in f" {message} ".replace(",", " "):
            return element
    return candidates[0] if candidates else None


# --------------------------------------------------------------------------- lookup

_VALIDATORS: dict[tuple[str, str], Validator] = {}
_KINDS = {".xsd": XsdValidator, ".rng": RngValidator}


def get_validator(path: Path | None = None) -> Validator:
    """The compiled schema at ``path`` (default: the edition's), built at most once per process.

    The process cache is keyed by the file's content, so an edited schema is recompiled.
    """
    path = Path(path) if path is not None else DEFAULT_SCHEMA
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise EditionError(f"unknown schema type '{path.suffix or path.name}': give an XSD (.xsd) or a RELAX NG "
                           "schema in XML syntax (.rng)", path, rule="schema-type")
    data = _read_schema(path)
    key = (str(path.resolve()), _sha256(data))
    validator = _VALIDATORS.get(key)
    if validator is None:
        validator = _VALIDATORS[key] = kind(path, data)
        # The same file as it was before an edit is not asked for again: what the old compilation
        # runs beside the process (a JVM per edit of a RELAX NG schema, in a long `edition watch`)
        # ends with it.
        for stale in [old for old in _VALIDATORS if old[0] == key[0] and old != key]:
            _VALIDATORS.pop(stale).close()
    return validator
