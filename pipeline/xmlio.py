"""Safe XML input and atomic output, shared by every stage.

Libraries feed us TEI they did not write, so every document is parsed with external resources
switched off: no external DTD, external entity, XInclude or network fetch is ever made, and a
document that declares an external entity is refused. Entities declared inside the document (the
old ``<!ENTITY mdash "&#x2014;">`` habit) are expanded, within libxml2's amplification limits, and
the DOCTYPE is then dropped from the tree so that no later consumer (Saxon, a schema validator)
re-reads it and fetches what it points at. Every file we write goes to a temporary file beside its
target and is renamed into place, so a crash never leaves a half-written output behind; output
names that come from documents go through :func:`safe_output_path` so they stay inside the output
folder.
"""
from __future__ import annotations

import errno
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lxml import etree

from .errors import EditionError
from .files import MAX_INPUT_ENV, TEMPORARY_PREFIX, TEMPORARY_SUFFIX, max_input_bytes, read_input

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}

#: libxml2's own nesting limit without XML_PARSE_HUGE (kept on purpose: it protects every stage,
#: including our recursive Python and XSLT code, from pathological nesting).
MAX_DEPTH = 256

# Byte patterns that announce a UTF-16/UTF-32 document (XML 1.0, appendix F); in those NUL bytes are
# part of the encoding, not a sign of a binary file.
_WIDE_PREFIXES = (
    b"\xff\xfe", b"\xfe\xff",                      # UTF-16 (and UTF-32LE) byte-order marks
    b"\x00\x00\xfe\xff",                           # UTF-32BE byte-order mark
    b"<\x00?\x00", b"\x00<\x00?",                  # UTF-16 without BOM, starting with <?xml
    b"<\x00\x00\x00", b"\x00\x00\x00<",            # UTF-32 without BOM
)

# libxml2 messages that name an internal switch rather than the user's problem, reworded.
_REWORDED = (
    ("Excessive depth in document",
     f"elements are nested more than {MAX_DEPTH - 1} levels deep; such documents are refused "
     "to protect the pipeline", "xml-limit"),
    ("amplification factor",
     "entity expansion grows far beyond the document's size (a 'billion laughs' document?); "
     "refused", "xml-entity"),
    ("Maximum entity nesting depth",
     "entities are nested too deeply (a 'billion laughs' document?); refused", "xml-entity"),
    ("huge text node",
     "a single text node is larger than 10 MB; such documents are refused to bound memory", "xml-limit"),
    ("Resource limit exceeded",
     "the document exceeds the parser's safety limits (size of a name, text node or attribute)",
     "xml-limit"),
)


class _NoExternalResources(etree.Resolver):
    """Answer every external DTD, entity or XInclude load with nothing.

    The parser options already switch these off, but lxml loads a document's external DTD subset
    anyway under some option combinations (``collect_ids=False`` with libxml2 < 2.15 does, and we
    need that option so duplicate xml:ids are a validation matter, not a parse failure). This
    resolver makes sure such a load never reaches the disk or the network.
    """

    def resolve(self, system_url, public_id, context):
        return self.resolve_string("", context)


def _safe_parser(*, expand_internal_entities: bool = False, target=None) -> etree.XMLParser:
    # resolve_entities=False keeps entities as references on the first pass (we decide from the
    # declarations whether to expand); load_dtd/no_network stop any fetch; huge_tree stays off so
    # libxml2's depth and text-size limits protect us from pathological documents. collect_ids=False:
    # a duplicate xml:id would otherwise be a fatal parse error, hiding every other finding.
    # ``target``: a parser target instead of a tree (plain_tei_file), with the same protections.
    parser = etree.XMLParser(
        target=target,
        resolve_entities="internal" if expand_internal_entities else False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
    )
    parser.resolvers.add(_NoExternalResources())
    return parser


def _position_of(data: bytes, index: int) -> tuple[int, int]:
    """1-based line and column (in bytes) of ``data[index]``."""
    line = data.count(b"\n", 0, index) + 1
    column = index - (data.rfind(b"\n", 0, index) + 1) + 1
    return line, column


def _input_limit() -> int:
    try:
        return max_input_bytes()
    except ValueError as exc:
        raise EditionError(str(exc), rule="usage") from None


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.4g}"


def _check_bytes(data: bytes, file: str | Path) -> None:
    if not data.strip():
        raise EditionError("the file is empty, not an XML document", file, rule="xml-empty")
    if b"\x00" in data and not data.startswith(_WIDE_PREFIXES):
        line, column = _position_of(data, data.index(b"\x00"))
        raise EditionError(
            "the file contains NUL bytes: it is binary, or UTF-16/UTF-32 without a byte-order mark",
            file, line, column, rule="xml-encoding",
        )


def _syntax_error(exc: etree.XMLSyntaxError, data: bytes, file: str | Path) -> EditionError:
    line, column = exc.position if exc.position else (None, None)
    # libxml2's wording names the fault; drop its trailing copy of the position.
    message = (exc.msg or str(exc)).split(", line ")[0].strip()
    for needle, reworded, rule in _REWORDED:
        if needle in message:
            return EditionError(reworded, file, line, column, rule=rule)
    lowered = message.lower()
    if "encoding" in lowered or "utf-8" in lowered or "bytes:" in lowered:
        return EditionError(f"not well-formed XML: {message} (check the file's encoding)",
                            file, line, column, rule="xml-encoding")
    if "invalid xmlchar value" in lowered or "invalid char value" in lowered:
        if b'version="1.1"' in data[:100] or b"version='1.1'" in data[:100]:
            message += " (XML 1.1 control characters are not supported: the document is read by XML 1.0 rules)"
    return EditionError(f"not well-formed XML: {message}", file, line, column, rule="xml-wellformed")


def _parse(data: bytes, file: str | Path, *, expand: bool) -> etree._ElementTree:
    try:
        return etree.ElementTree(etree.fromstring(data, _safe_parser(expand_internal_entities=expand)))
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, data, file) from None
    except (ValueError, LookupError) as exc:  # e.g. an encoding lxml cannot handle
        raise EditionError(f"cannot read as XML: {exc}", file, rule="xml-encoding") from None


def parse_bytes(data: bytes, file: str | Path = "-") -> etree._ElementTree:
    """Parse XML bytes safely; raise :class:`EditionError` with file:line:column on any problem.

    Nothing outside ``data`` is ever read. Entities the document declares itself are expanded;
    a document that declares an external entity (which could read a local file) is refused. The
    returned tree has no DOCTYPE, so serialising it never hands a DTD reference to a later stage.
    """
    limit = _input_limit()
    if len(data) > limit:
        raise EditionError(
            f"the file is larger than {_megabytes(limit)} MB, the limit for input documents here "
            f"(publishing needs many times a document's size in memory); to raise it, set "
            f"{MAX_INPUT_ENV} or use edition --max-input-mb", file, rule="xml-limit",
        )
    _check_bytes(data, file)
    tree = _parse(data, file, expand=False)
    if tree.docinfo.doctype:
        if _declared_entities(tree, data, file):
            tree = _parse(data, file, expand=True)
        _refuse_unexpanded_entities(tree, file)
    # Entities are expanded by now; the DOCTYPE (and any external DTD it names) has no further use
    # and must not reach a consumer that would fetch it.
    tree.docinfo.clear()
    return tree


def _declared_entities(tree: etree._ElementTree, data: bytes, file: str | Path) -> bool:
    """True when the internal subset declares entities; raise if any of them is external."""
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return False
    found = False
    for decl in dtd.iterentities():
        if decl.system_url is not None:
            where = re.search(rb"<!ENTITY\s+(?:%\s+)?" + re.escape(decl.name.encode()) + rb"\s", data)
            line, column = _position_of(data, where.start()) if where else (None, None)
            raise EditionError(
                f"the document declares the external entity '{decl.name}' ({decl.system_url}): "
                "external entities are never loaded from untrusted input (they can read local files)",
                file, line, column, rule="xml-entity",
            )
        found = True
    return found


def _refuse_unexpanded_entities(tree: etree._ElementTree, file: str | Path) -> None:
    # With an external DTD subset libxml2 accepts references to entities it has not seen (they may
    # be declared there); we never read that DTD, so such a reference would reach Saxon undeclared.
    for entity in tree.getroot().iter(etree.Entity):
        raise EditionError(
            f"the entity reference {entity.text} is not declared in the document (only, perhaps, in "
            f"its external DTD {tree.docinfo.system_url or ''}, which is never read): replace it by "
            "the character it stands for",
            file, entity.sourceline, rule="xml-entity",
        )


def parse_file(path: str | Path) -> etree._ElementTree:
    """Read and safely parse one XML file (a regular file of at most :func:`max_input_bytes`)."""
    path = Path(path)
    # Read one byte more than allowed so an over-long file is noticed without reading it all;
    # a FIFO or a device (/dev/zero) would block or never end, so only regular files are read.
    return parse_bytes(read_input(path, _input_limit()), path)


@dataclass(frozen=True)
class PlainFile:
    """A TEI file that Saxon may parse by itself: no DOCTYPE, a TEI root, XML 1.0, within the size
    limit. Nothing in such a file can make a parser read anything else, so Saxon parses the file
    itself (with DOCTYPEs refused, in case the file changes meanwhile), and no lxml tree is ever
    built for it (that tree cost as much memory as Saxon's own).

    Only the prolog and the root's start tag are read here. Whether the rest is well-formed is
    Saxon's parse to find: a file it refuses goes to :func:`parse_file`, whose message names the
    fault's line and column (:class:`~pipeline.publish.transform.Document`). Checking the whole
    file here as well cost a fifth of an identity transform of it."""

    path: Path
    root_id: str  # the root element's xml:id, "" when it has none
    mark: tuple  # the file's identity and version when it was checked (see :meth:`unchanged`)

    def unchanged(self) -> bool:
        """True while the file is the one that was checked (same inode, size, times)."""
        try:
            return _file_mark(self.path) == self.mark
        except OSError:
            return False


def _file_mark(path: Path) -> tuple:
    # ctime as well as mtime: a write changes both, and ctime cannot be set back by the writer.
    st = os.stat(path)
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class _FirstElement:
    """lxml parser target: notes a DOCTYPE and the root element, and builds nothing."""

    def __init__(self) -> None:
        self.has_doctype = False
        self.root: tuple[str, str] | None = None

    def doctype(self, *_declaration) -> None:
        self.has_doctype = True

    def start(self, tag, attrib) -> None:
        if self.root is None:
            self.root = (tag, attrib.get(f"{{{XML_NS}}}id", ""))

    def close(self) -> None:
        return None


class _WellFormed:
    """lxml parser target without event methods: libxml2 checks the whole document at C speed."""

    def close(self) -> None:
        return None


#: How much of a file is read for its prolog and root start tag (more only when they are longer).
_HEAD_BYTES = 65536
#: An XML declaration of version 1.0, or none: an 8-bit file that Saxon and libxml2 read by the same
#: rules. (XML 1.1 allows characters libxml2 refuses; such a file is checked whole, as is a UTF-16 or
#: UTF-32 one, whose declaration this does not read.)
_XML_1_0_START = re.compile(rb"(\xef\xbb\xbf)?\s*(<\?xml\s+version\s*=\s*[\"']1\.0[\"']|<(?!\?xml[\s?]))")


def plain_tei_file(path: str | Path) -> PlainFile | None:
    """A :class:`PlainFile` when ``path`` is a TEI document Saxon may parse by itself; None when it
    needs :func:`parse_file` (a DOCTYPE, not TEI, a fault in its head...), which then gives the
    exact error, or the tree with its entities expanded."""
    path = Path(path)
    try:
        mark = _file_mark(path)
        limit = _input_limit()
        size = mark[2]  # (device, inode, size, ...)
        if size > limit:
            return None
        data = read_input(path, _HEAD_BYTES)  # refuses a FIFO or a device without reading it
        checked_whole = not _XML_1_0_START.match(data)
        if checked_whole and len(data) > _HEAD_BYTES:
            data = read_input(path, limit)
            if len(data) > limit:
                return None
        _check_bytes(data, path)
    except (EditionError, OSError):
        return None
    first = _FirstElement()
    head = _safe_parser(target=first)
    try:
        # The prolog and the root's start tag come first; a kilobyte at a time finds them without
        # reporting (to Python) every element of the text after them.
        for start in range(0, len(data), 1024):
            head.feed(data[start:start + 1024])
            if first.root is not None or first.has_doctype:
                break
        if first.has_doctype or first.root is None:  # (or a prolog longer than the head: rare)
            return None
        if checked_whole:
            etree.fromstring(data, _safe_parser(target=_WellFormed()))
    except (etree.XMLSyntaxError, ValueError, LookupError):
        return None
    tag, root_id = first.root
    if tag not in (f"{{{TEI_NS}}}TEI", f"{{{TEI_NS}}}teiCorpus") or _file_mark(path) != mark:
        return None
    return PlainFile(path, root_id.strip(), mark)


#: An XML declaration's encoding, at the very start of the bytes (after a UTF-8 byte-order mark).
_DECLARED_ENCODING = re.compile(rb"<\?xml[^>]*?\sencoding\s*=\s*[\"']([A-Za-z0-9._-]+)[\"']")


def may_hold_character(plain: PlainFile, char: str) -> bool:
    """Whether the text or an attribute of a plain file may hold ``char``.

    False only when the file's bytes show it cannot: UTF-8 (or ASCII) holding neither the
    character's own bytes nor a character reference to it. A plain file has no DOCTYPE, so no
    entity can make the character either. True whenever that cannot be told: another encoding, a
    file that changed since it was checked. The search is for bytes (a comment or a tag's name
    holding them also answers True): a stylesheet that must otherwise look at every text node and
    attribute of the tree for one character is spared that look by a byte search of the file."""
    try:
        data = read_input(plain.path, _input_limit())
    except EditionError:
        return True
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    declared = _DECLARED_ENCODING.match(data)
    if data.startswith(_WIDE_PREFIXES) or (
            declared and declared.group(1).lower() not in (b"utf-8", b"utf8", b"us-ascii", b"ascii")):
        return True
    if char.encode("utf-8") in data:
        return True
    if re.search(rb"&#(0*%d|x0*%x);" % (ord(char), ord(char)), data, re.IGNORECASE):
        return True
    return not plain.unchanged()


def return_freed_memory() -> None:
    """Give the memory of dropped lxml trees back to the system.

    libxml2 allocates a tree in many small pieces, and glibc keeps them for reuse when the tree is
    freed. Saxon's heap lives elsewhere and cannot reuse them, so the process would count the lxml
    tree again beside Saxon's own (+300 MB for a 41 MB TEI). ``malloc_trim`` is glibc's own call; where
    there is none (musl, macOS), nothing happens.
    """
    try:
        import ctypes
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):
        pass


def require_tei(tree: etree._ElementTree, file: str | Path) -> etree._Element:
    """Return the root if it is a TEI P5 ``TEI`` or ``teiCorpus`` element, else raise."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace != TEI_NS or qname.localname not in ("TEI", "teiCorpus"):
        found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
        hint = (" (TEI P5 elements must be in the namespace http://www.tei-c.org/ns/1.0)"
                if qname.localname in ("TEI", "teiCorpus", "TEI.2") else "")
        raise EditionError(
            f"not a TEI P5 document: the root element is <{found}>{hint}",
            file, root.sourceline, rule="tei-root",
        )
    return root


def safe_output_path(out_dir: str | Path, name: str) -> Path:
    """``out_dir / name``, refusing any ``name`` that would land outside ``out_dir``.

    ``name`` is a relative, '/'-separated file name such as ``"diary.html"`` or
    ``"assets/edition.css"``, possibly derived from a document (a stem, an xml:id). Absolute names,
    ``..`` or ``.`` parts, backslashes, control characters and names reaching out of ``out_dir``
    through a symbolic link raise :class:`EditionError` (rule ``output-path``).
    """
    out_dir = Path(out_dir)

    def refuse(why: str) -> EditionError:
        return EditionError(f"refusing to write {name!r}: {why}", out_dir, rule="output-path")

    if not isinstance(name, str) or not name.strip():
        raise refuse("the output name is empty")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in name) or "\\" in name:
        raise refuse("the output name contains control characters or backslashes")
    parts = PurePosixPath(name).parts
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise refuse("the output name is absolute")
    if any(part in ("..", ".") for part in name.split("/")) or not parts:
        raise refuse("the output name leaves the output folder")
    target = out_dir.joinpath(*parts)
    base = out_dir.resolve()
    resolved = target.resolve()
    if resolved != base and base not in resolved.parents:
        raise refuse(f"it resolves to {resolved}, outside {base}")
    return target


@dataclass(frozen=True)
class StagedFile:
    """An output already written, under a temporary name in the folder where it belongs
    (:func:`staging_file`), waiting to be put in place by :func:`atomic_write` or dropped.

    Saxon writes a large result this way, so that no process holds its bytes: not the one that
    renders (the FO of a 41 MB TEI is 76 MB), nor the pickled copy a worker sends back, nor the
    build that writes it. Only its path travels between processes."""

    path: str

    def read_bytes(self) -> bytes:
        return Path(self.path).read_bytes()

    def discard(self) -> None:
        _unlink_quietly(self.path)


def discard_staged(outputs) -> None:
    """Drop every :class:`StagedFile` among ``outputs`` (rendered files that will not be written)."""
    for output in outputs:
        if isinstance(output, StagedFile):
            output.discard()


def staging_file(folder: str | Path, *, for_path: str | Path | None = None) -> StagedFile:
    """A new, empty temporary file in ``folder`` (made if missing) for an output to be written into.

    ``for_path`` names the output in the error raised when the folder is not writable."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The temporary name is ours, not the target's (which may be long or odd), so only the
        # final rename can fail on the name.
        fd, tmp = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=folder)
    except OSError as exc:
        raise EditionError(f"cannot write: {exc.strerror or exc}", for_path or folder,
                           rule="output-unwritable") from None
    os.close(fd)
    return StagedFile(tmp)


def atomic_write(path: str | Path, data: bytes | str | StagedFile, *,
                 guard: Callable[[], None] | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename; a
    :class:`StagedFile` is that temporary file already (renamed, or copied when it lies on
    another file system, and gone afterwards either way).

    ``guard``, when given, runs once the data is on disk, just before the rename; an exception it
    raises leaves ``path`` untouched (the last-moment check that the target was not edited meanwhile).
    """
    path = Path(path)
    if isinstance(data, StagedFile):
        staged = data
    else:
        staged = staging_file(path.parent, for_path=path)
    try:
        if staged is data:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(staged.path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        else:
            with open(staged.path, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(staged.path, 0o644)
        if guard is not None:
            guard()
        os.replace(staged.path, path)
    except EditionError:
        staged.discard()
        raise
    except OSError as exc:
        if staged is data and exc.errno == errno.EXDEV:  # the folder is another file system's
            try:
                atomic_write(path, staged.read_bytes(), guard=guard)
            finally:
                staged.discard()
            return
        staged.discard()
        raise EditionError(f"cannot write: {exc.strerror or exc}", path, rule="output-unwritable") from None


def _unlink_quietly(path: str | Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
