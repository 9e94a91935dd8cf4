"""Safe XML input and atomic output, shared by every stage.

Libraries feed us TEI they did not write, so every document is parsed with DTD loading, entity
expansion and network access switched off; a document that declares entities is refused rather than
half-expanded. Every file we write goes to a temporary file beside its target and is renamed into
place, so a crash never leaves a half-written output behind.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree

from .errors import EditionError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}


def _safe_parser() -> etree.XMLParser:
    # resolve_entities=False keeps internal and external entities as references (no "billion
    # laughs", no local file read); load_dtd/no_network stop any fetch of an external DTD; huge_tree
    # stays off so libxml2's depth and text-size limits protect us from pathological nesting.
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        remove_comments=False,
        remove_pis=False,
        collect_ids=False,
    )


def parse_bytes(data: bytes, file: str | Path = "-") -> etree._ElementTree:
    """Parse XML bytes safely; raise :class:`EditionError` with file:line:column on any problem."""
    if not data.strip():
        raise EditionError("the file is empty, not an XML document", file, rule="xml-empty")
    if b"\x00" in data and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise EditionError(
            "the file contains NUL bytes: it is binary or not in a supported encoding",
            file, line, rule="xml-encoding",
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, _safe_parser()))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (None, None)
        message = exc.msg or str(exc)
        # libxml2's own wording already names the fault; strip its trailing position copy.
        message = message.split(", line ")[0]
        rule = "xml-encoding" if "encoding" in message.lower() or "utf-8" in message.lower() else "xml-wellformed"
        raise EditionError(f"not well-formed XML: {message}", file, line, column, rule=rule) from None
    except ValueError as exc:  # e.g. unsupported encoding declarations
        raise EditionError(f"cannot read as XML: {exc}", file, rule="xml-encoding") from None
    _refuse_entity_declarations(tree, file)
    return tree


def _refuse_entity_declarations(tree: etree._ElementTree, file: str | Path) -> None:
    dtd = tree.docinfo.internalDTD
    if dtd is None:
        return
    for decl in dtd.iterentities():
        raise EditionError(
            f"the document declares the entity '{decl.name}': entity declarations are not accepted "
            "from untrusted input (they can read local files or expand without bound)",
            file, 1, rule="xml-entity",
        )


def parse_file(path: str | Path) -> etree._ElementTree:
    """Read and safely parse one XML file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise EditionError("no such file", path, rule="file-missing") from None
    except IsADirectoryError:
        raise EditionError("is a directory, not a file", path, rule="file-missing") from None
    except OSError as exc:
        raise EditionError(f"cannot read: {exc.strerror}", path, rule="file-unreadable") from None
    return parse_bytes(data, path)


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


def atomic_write(path: str | Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    path = Path(path)
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise EditionError(f"cannot write: {exc.strerror}", path, rule="output-unwritable") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise EditionError(f"cannot write: {exc.strerror}", path, rule="output-unwritable") from None
