"""XSL-FO to PDF with Apache FOP, in one JVM for many documents.

A ``fop`` process spends most of its 0.6-2 s on JVM start-up and font loading, so :class:`FopBatch`
keeps one JVM (a tiny Java helper, ``pipeline/java/FopBatch.java``, compiled at first use into the
user's cache folder against Debian's FOP jars) and feeds it jobs. Where Java, ``javac`` or the jars
are missing it falls back to one ``fop`` command per job. Either way failures become
:class:`~pipeline.errors.EditionError` with FOP's own message.

FOP 2.x has no XSL 1.1 index support (``index-key`` is rejected), so the back-of-book index is made
in two passes here: the FO stylesheet lists, for every index entry, a link and a page-number citation
to every mention, inside ``<fo:inline role="Reference">``; a first pass lays the document out to
FOP's intermediate format, which tells on which page every ``id`` landed; :func:`resolve_index` then
keeps one citation per page and merges runs of pages into ranges, and the second pass renders the
PDF. The index comes last, so what it changes cannot move the pages it cites.
"""
from __future__ import annotations

import hashlib
import os
import re
import subprocess
import queue
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urljoin, urlparse

from lxml import etree

from .. import jvm
from ..errors import EditionError
from ..project import DEFAULT_FOP_CONFIG, FOP_HELPER_SOURCE, user_cache_dir
from . import FOP_MISSING
from .tools import helper_classpath, which
from ..xmlio import atomic_write, parse_bytes

FO_NS = "http://www.w3.org/1999/XSL/Format"
XMP_NS = "http://ns.adobe.com/xap/1.0/"
# The index's and the interventions' lists of page citations, rewritten between the two passes. The
# role is PDF's own structure type for a reference to content elsewhere: a tagged PDF (FOP's
# accessibility mode) warns about every role it does not know, and FOP refuses foreign attributes.
LOCATORS_ROLE = "Reference"
JVM_OPTIONS = (
    "-Djava.awt.headless=true",
    # Dates FOP writes are replaced afterwards (reproducible_pdf); in UTC they have one known form.
    "-Duser.timezone=UTC",
    # Deeply nested TEI gives deeply nested FO; FOP's layout recursion needs more than the default.
    "-Xss16m",
    "-XX:+UseSerialGC",
    "-Dorg.apache.commons.logging.Log=org.apache.commons.logging.impl.SimpleLog",
    "-Dorg.apache.commons.logging.simplelog.defaultlog=error",
)


@dataclass
class PdfResult:
    """What one PDF rendering produced: the page count and FOP's warnings (one line each)."""

    path: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


def render_pdf(fo: bytes, pdf_path: Path, *, pdfa: bool = False, config: Path | None = None,
               source: str | Path | None = None) -> PdfResult:
    """Render XSL-FO bytes to ``pdf_path`` (PDF/A-1b when ``pdfa``); raise EditionError on failure.

    ``source`` names the document in error messages (default: the PDF path). One call starts one
    JVM for both passes; to render many documents keep a :class:`FopBatch` open instead.
    """
    with FopBatch(config) as batch:
        return batch.render(fo, pdf_path, pdfa=pdfa, source=source)


def render_all(jobs: list[tuple[bytes | Path, Path, str]], *, config: Path | None = None,
               workers: int = 1) -> Iterator[tuple[tuple[bytes | Path, Path, str], PdfResult | EditionError]]:
    """Render many ``(fo, pdf_path, source)`` jobs (``fo``: bytes or a file); yield each job with its
    result or error, in order.

    ``workers`` JVMs (never more than there are jobs) share the jobs, each started once. A JVM
    rendering keeps about two cores busy (FOP's layout, the JIT compiler and the collector):
    measured on two cores, two JVMs took 15.3 s for 25 corpus PDFs and one took 11.6 s, so callers
    give one JVM per two workers (:func:`fop_workers`).
    """
    count = max(1, min(workers, len(jobs)))
    batches = [FopBatch(config) for _ in range(count)]
    idle: queue.SimpleQueue[FopBatch] = queue.SimpleQueue()
    for batch in batches:
        idle.put(batch)

    def run(job: tuple[bytes | Path, Path, str]) -> PdfResult | EditionError:
        batch = idle.get()
        try:
            return batch.render(job[0], job[1], source=job[2])
        except EditionError as exc:
            return exc
        finally:
            idle.put(batch)

    try:
        with ThreadPoolExecutor(max_workers=count) as pool:
            yield from zip(jobs, pool.map(run, jobs))
    finally:
        for batch in batches:
            batch.close()


def fop_workers(jobs: int | None) -> int:
    """How many FOP JVMs suit ``jobs`` worker processes (None: the CPUs): one per two."""
    return max(1, (jobs or os.cpu_count() or 1) // 2)


class FopBatch:
    """Keep one FOP JVM for many renderings (a context manager); thread-safe.

    ``use_jvm=False`` (or the environment variable ``EDITION_FOP_BATCH=0``) forces one ``fop``
    process per job, which is also what happens where the helper cannot be compiled.
    """

    def __init__(self, config: Path | None = None, *, use_jvm: bool | None = None) -> None:
        given = Path(config or DEFAULT_FOP_CONFIG).resolve()
        if not given.is_file():
            raise EditionError("the FOP configuration file is missing", given, rule="fop-config")
        self.config = config_with_installed_fonts(given)
        if use_jvm is None:
            use_jvm = os.environ.get("EDITION_FOP_BATCH", "1") != "0"
        self._use_jvm = use_jvm
        self._process: subprocess.Popen | None = None
        self._stderr = None
        self._shared: jvm.SharedClasses | None = None  # the JVM's class archive
        self._lock = threading.Lock()
        self._started = False

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> FopBatch:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    @property
    def batched(self) -> bool:
        """Whether jobs go to one long-lived JVM (False: one ``fop`` process per job)."""
        self._start()
        return self._process is not None

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        if not self._use_jvm:
            return
        helper = compiled_helper()
        java = which("java")
        if helper is None or java is None:
            return
        jars = [helper, *(helper_classpath() or [])]
        self._shared = jvm.SharedClasses(java, jars)
        self._stderr = tempfile.TemporaryFile()
        self._process = subprocess.Popen(
            [java, *JVM_OPTIONS, *self._shared.options, "-cp", os.pathsep.join(map(str, jars)), "FopBatch",
             str(self.config)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
            text=True, encoding="utf-8", bufsize=1,
        )
        ready = self._process.stdout.readline().strip()
        if ready != "READY":
            self._discard_process()

    def _discard_process(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            if self._shared is not None:
                self._shared.ended(self._process.returncode)
        self._process = None

    def close(self) -> None:
        """Stop the JVM (idempotent)."""
        with self._lock:
            if self._process is not None:
                try:
                    self._process.stdin.close()
                    self._process.wait(timeout=10)
                except (OSError, subprocess.TimeoutExpired):
                    pass
                self._discard_process()
            if self._stderr is not None:
                self._stderr.close()
                self._stderr = None

    # -- rendering ---------------------------------------------------------------------------
    def render(self, fo: bytes | Path, pdf_path: Path, *, pdfa: bool = False,
               source: str | Path | None = None) -> PdfResult:
        """Render one FO document (bytes, or the file holding it) to ``pdf_path`` (written
        atomically); return pages and warnings."""
        pdf_path = Path(pdf_path)
        name = str(source if source is not None else pdf_path)
        if not isinstance(fo, bytes):
            try:
                fo = Path(fo).read_bytes()
            except OSError as exc:
                raise EditionError(f"cannot read the XSL-FO: {exc.strerror or exc}", fo, rule="fop") from None
        tree = parse_bytes(fo, name)
        pdfa = pdfa or wants_pdfa(tree)
        warnings: list[str] = []
        with tempfile.TemporaryDirectory(prefix="edition-fop-") as tmp:
            work = Path(tmp)
            fo_file = work / "document.fo"
            if tree.getroot().find(f".//{{{FO_NS}}}inline[@role='{LOCATORS_ROLE}']") is not None:
                # First pass: where did every id land?
                fo_file.write_bytes(fo)
                layout = work / "layout.if.xml"
                warnings += self._job(["IF", str(fo_file), str(layout)], name)[1]
                resolve_index(tree, id_pages(layout))
                fo = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
            fo_file.write_bytes(fo)
            pdf_tmp = work / "document.pdf"
            pages, more = self._job(["PDF", str(fo_file), str(pdf_tmp), "1" if pdfa else "0"], name)
            # The first pass sees the same text, so its warnings repeat the second's.
            warnings += [w for w in more if w not in warnings]
            atomic_write(pdf_path, reproducible_pdf(pdf_tmp.read_bytes(), _stamp(tree), dated=_is_dated(tree)))
        return PdfResult(pdf_path, pages, warnings)

    def _job(self, job: list[str], name: str) -> tuple[int, list[str]]:
        with self._lock:
            self._start()
            if self._process is not None:
                return self._job_in_jvm(job, name)
        return _job_in_process(job, self.config, name)

    def _job_in_jvm(self, job: list[str], name: str) -> tuple[int, list[str]]:
        process = self._process
        warnings: list[str] = []
        try:
            process.stdin.write("\t".join(job) + "\n")
            process.stdin.flush()
            while True:
                line = process.stdout.readline()
                if not line:
                    raise EditionError(f"the FOP helper stopped unexpectedly: {self._stderr_tail()}", name,
                                       rule="fop")
                kind, _, message = line.rstrip("\n").partition(" ")
                if kind == "WARN":
                    warnings.append(message)
                elif kind == "OK":
                    return int(message or 0), warnings
                elif kind == "ERR":
                    raise _fop_error(message, name)
        except (BrokenPipeError, OSError):
            self._discard_process()
            raise EditionError(f"the FOP helper stopped unexpectedly: {self._stderr_tail()}", name,
                               rule="fop") from None

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return "no diagnostics"
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return " ".join(text[-3:]) or "no diagnostics"


def _stamp(tree: etree._ElementTree) -> datetime:
    """The time a PDF claims it was made: $SOURCE_DATE_EPOCH (the reproducible-builds convention)
    if set, else the document's own date (the FO's xmp:CreateDate), else the Unix epoch. Never the
    clock: the same FO must give the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    found = tree.getroot().findtext(f".//{{{XMP_NS}}}CreateDate")
    try:
        return datetime.fromisoformat((found or "").strip().replace("Z", "+00:00")).astimezone(timezone.utc)
    except ValueError:
        return datetime.fromtimestamp(0, timezone.utc)


def _is_dated(tree: etree._ElementTree) -> bool:
    """Whether the PDF has a date of its own to claim ($SOURCE_DATE_EPOCH or the document's date)."""
    return os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit() or \
        bool((tree.getroot().findtext(f".//{{{XMP_NS}}}CreateDate") or "").strip())


# What an undated PDF says where a viewer shows the creation date (a custom Info entry).
UNDATED = b"/Undated (no document date)"  # fits where the 34-byte date was

_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})(Z|[+\-]\d{2}'\d{2}'?)?\)")
_XMP_DATE = re.compile(rb"<(xmp:CreateDate|xmp:ModifyDate|xmp:MetadataDate|dc:date)>([^<]{20,40})</\1>")
_FILE_ID = re.compile(rb"/ID \[<([0-9A-Fa-f]{16,64})> ?<([0-9A-Fa-f]{16,64})>\]")


def reproducible_pdf(data: bytes, stamp: datetime, *, dated: bool = True) -> bytes:
    """FOP's PDF with its clock-dependent bytes made a function of the content.

    FOP writes the time of rendering into the Info dictionary and the XMP metadata and derives the
    trailer's file /ID from it. The dates become ``stamp`` and the /ID a digest of the rest of the
    file. Every replacement has the length of what it replaces, so the cross-reference offsets stay
    right; a form of date this does not know is left as it is. An undated document (``dated``
    False) claims no creation date at all: the Info dictionary's dates become an ``/Undated`` entry
    that says so (a viewer showed 1 January 1970), the XMP dates PDF/A needs keep ``stamp``.
    """
    # Formatted by hand: strftime writes year 800 as "800", and every length here must be fixed.
    t = stamp
    compact = f"{t.year:04d}{t.month:02d}{t.day:02d}{t.hour:02d}{t.minute:02d}{t.second:02d}".encode()
    iso = f"{t.year:04d}-{t.month:02d}-{t.day:02d}T{t.hour:02d}:{t.minute:02d}:{t.second:02d}".encode()

    def pdf_date(match: re.Match) -> bytes:
        if not dated:
            width = len(match[0])
            entry = UNDATED if len(UNDATED) <= width else b"/Undated ()"
            return entry[:-1] + b" " * (width - len(entry)) + b")"
        zone = match[3] or b""
        same = b"Z" if zone == b"Z" else (b"+00'00'" if len(zone) == 7 else b"+00'00" if zone else b"")
        return b"/%s (D:%s%s)" % (match[1], compact, same)

    def xmp_date(match: re.Match) -> bytes:
        old = match[2]
        for new in (iso + b"Z", iso + b"+00:00", iso + b".000Z"):
            if len(new) == len(old):
                return b"<%s>%s</%s>" % (match[1], new, match[1])
        return match[0]

    data = _XMP_DATE.sub(xmp_date, _PDF_DATE.sub(pdf_date, data))
    found = _FILE_ID.search(data)
    if found:
        blank = data[:found.start()] + b"/ID [<>]" + data[found.end():]
        digest = hashlib.md5(blank, usedforsecurity=False).hexdigest().upper().encode()
        ids = [(digest * 2)[:len(part)] for part in (found[1], found[2])]
        data = data[:found.start(1)] + ids[0] + data[found.end(1):found.start(2)] + ids[1] + data[found.end(2):]
    return data


def wants_pdfa(tree: etree._ElementTree) -> bool:
    """Whether the FO asks for PDF/A-1b (``<?tei-edition pdf-profile="PDF/A-1b"?>``, from the
    stylesheet parameter ``pdfa=yes``)."""
    for node in tree.getroot().itersiblings(preceding=True):
        if isinstance(node, etree._ProcessingInstruction) and node.target == "tei-edition" \
                and "PDF/A-1b" in (node.text or ""):
            return True
    return False


# -- the index: one page citation per page ------------------------------------------------------
def id_pages(intermediate: Path) -> dict[str, int]:
    """Map every ``id`` in a FOP intermediate-format file to the 0-based index of its page."""
    pages: dict[str, int] = {}
    page = -1
    for event, element in etree.iterparse(str(intermediate), events=("start",), resolve_entities=False,
                                          no_network=True, huge_tree=True):
        local = etree.QName(element).localname
        if local == "page":
            page = int(element.get("index", page + 1))
        elif local == "id" and element.get("name"):
            pages.setdefault(element.get("name"), page)
    return pages


def resolve_index(tree: etree._ElementTree, pages: dict[str, int]) -> int:
    """Rewrite every locator list: one citation per page, runs of pages as ``first–last``.

    Each list holds ``fo:basic-link`` children (to a mention's id, with its page-number citation);
    links whose target page is unknown are kept as they are. Returns the number of lists rewritten.
    """
    count = 0
    by_id = {element.get("id"): element for element in tree.getroot().iter() if element.get("id")}
    for locators in tree.getroot().iter(f"{{{FO_NS}}}inline"):
        if locators.get("role") != LOCATORS_ROLE:
            continue
        links = [child for child in locators if child.tag == f"{{{FO_NS}}}basic-link"]
        seen: set[int] = set()
        kept: list[tuple[int | None, etree._Element]] = []
        for link in links:
            page = _page_of(link.get("internal-destination", ""), pages, by_id)
            if page is None and pages:
                continue  # laid out nowhere: the mention is in a reading the text does not show
            if page is not None and page in seen:
                continue
            if page is not None:
                seen.add(page)
            kept.append((page, link))
        kept.sort(key=lambda item: (item[0] is None, item[0] or 0))
        _rebuild_locators(locators, _runs(kept))
        count += 1
    return count


def _page_of(target: str, pages: dict[str, int], by_id: dict[str, etree._Element]) -> int | None:
    # FOP's intermediate format names only the innermost of several ids that start at the same
    # place (a name whose whole content is a corrected reading): look inside for a known id.
    if target in pages:
        return pages[target]
    element = by_id.get(target)
    if element is None:
        return None
    for inner in element.iter():
        if inner.get("id") in pages:
            return pages[inner.get("id")]
    return None


def _runs(kept: list[tuple[int | None, etree._Element]]) -> list[list[etree._Element]]:
    runs: list[list[etree._Element]] = []
    previous: int | None = None
    for page, link in kept:
        if runs and page is not None and previous is not None and page == previous + 1:
            runs[-1].append(link)
        else:
            runs.append([link])
        previous = page
    return runs


def _rebuild_locators(locators: etree._Element, runs: list[list[etree._Element]]) -> None:
    for child in list(locators):
        locators.remove(child)
    locators.text = None
    previous: etree._Element | None = None
    for number, run in enumerate(runs):
        members = [run[0]] if len(run) == 1 else [run[0], run[-1]]
        for position, link in enumerate(members):
            link.tail = None
            if previous is None:
                pass
            elif position == 1:
                previous.tail = "\u2013"  # en dash between the first and last page of a range
            else:
                previous.tail = ", "
            locators.append(link)
            previous = link


# -- one `fop` process per job (the fallback) -----------------------------------------------------
def _job_in_process(job: list[str], config: Path, name: str) -> tuple[int, list[str]]:
    fop = which("fop")
    if fop is None:
        raise EditionError(FOP_MISSING, name, rule="fop-missing")
    if job[0] == "IF":
        command = [fop, "-c", str(config), "-fo", job[1], "-if", "application/pdf", job[2]]
    else:
        command = [fop, "-c", str(config), "-fo", job[1], "-pdf", job[2]]
        if job[3] == "1":
            command += ["-pdfprofile", "PDF/A-1b"]
    result = subprocess.run(command, capture_output=True, text=True, encoding="utf-8", errors="replace")
    warnings = [line.split(" - ", 1)[-1] for line in result.stderr.splitlines()
                if line.startswith(("[WARN]", "[WARNING]"))]
    if result.returncode != 0 or not Path(job[2]).is_file():
        raise _fop_error(_fop_cli_message(result.stderr), name)
    pages = len(re.findall(r"Rendered page #", result.stderr))
    return pages, warnings


def _fop_cli_message(stderr: str) -> str:
    # The innermost "Caused by:" carries FOP's real complaint with its position in the FO.
    causes = re.findall(r"^Caused by: [\w.$]+: (.+)$", stderr, flags=re.MULTILINE)
    if causes:
        return causes[-1]
    for line in stderr.splitlines():
        if line.startswith(("[ERROR]", "[SEVERE]", "SEVERE")):
            return line
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else "unknown error"


def _fop_error(message: str, name: str) -> EditionError:
    # FOP names the temporary FO file and a position in it; keep the position, name the document.
    match = re.match(r"(?:file:)?\S+?\.fo:(\d+):(\d+): (.*)", message)
    if match:
        return EditionError(f"FOP: {match.group(3)} (in the XSL-FO)", name, int(match.group(1)),
                            int(match.group(2)), rule="fop")
    return EditionError(f"FOP: {message}", name, rule="fop")


# -- compiling the helper -----------------------------------------------------------------------
def config_with_installed_fonts(config: Path) -> Path:
    """``config``, or a copy without the fonts whose files are not installed on this machine.

    FOP skips a missing font file at start-up without a word, but then fails on the first document
    that asks for that family ("realFont is null"), so a machine without an optional font package
    (Junicode) could not render a manuscript edition at all. Without the font entry FOP simply
    falls back to the next family in the list. The copy lives in the cache folder, named by a hash
    of its content, so workers share it and an edited configuration gets a new one.
    """
    from urllib.request import url2pathname  # here: urllib.request costs an unchanged build 10 ms

    try:
        tree = parse_bytes(config.read_bytes(), config)
    except (OSError, EditionError):
        return config  # FOP itself reports what is wrong with it
    root = tree.getroot()
    base = (root.findtext("font-base") or "").strip() or config.parent.as_uri() + "/"
    removed = False
    for font in list(root.iter("font")):
        url = font.get("embed-url") or ""
        if not url:
            continue
        resolved = urljoin(base if base.endswith("/") else base + "/", url)
        if resolved.startswith("file:") and not Path(url2pathname(urlparse(resolved).path)).is_file():
            font.getparent().remove(font)
            removed = True
    if not removed:
        return config
    if root.find("font-base") is None:  # relative URLs must keep resolving from the original folder
        element = etree.SubElement(root, "font-base")
        element.text = base
    data = etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
    target = user_cache_dir() / f"fop-{hashlib.sha256(data).hexdigest()[:16]}.xconf"
    try:
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(target, data)
    except OSError:
        return config
    return target


def compiled_helper() -> Path | None:
    """The jar holding the compiled ``FopBatch`` class (see :func:`pipeline.jvm.compiled_helper`), or None."""
    return jvm.compiled_helper(FOP_HELPER_SOURCE, helper_classpath())
