"""Plain text to TEI P5: the converter's public API, and its safety with hand-edited TEI.

:func:`convert_text` turns a diary-shaped transcription into a TEI tree (structure from
:mod:`pipeline.convert.structure`, inline markup from :mod:`pipeline.convert.inline`, header from
:mod:`pipeline.convert.header`, the editor's decisions from :mod:`pipeline.convert.editorial`).
:func:`convert_file` writes it, atomically, under a provenance processing instruction::

    <?tei-edition generator="tei-edition 0.1.0" source-sha256="…" editorial-sha256="…"
                  registers-sha256="…" content-sha256="…"?>

``content-sha256`` is the hash of the file as written without that instruction, so any later
change to the file (an editor's work) is detectable (:func:`is_hand_edited`) and is never
overwritten without ``force``; the input hashes tell whether the TEI is out of date
(:func:`is_stale`). No wall-clock time goes into the output: converting twice gives identical
bytes. A conversion date is recorded only when ``SOURCE_DATE_EPOCH`` sets one deliberately.
"""
from __future__ import annotations

import hashlib
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .. import __version__
from ..entities.registers import load_registers
from ..entities.tagging import embed_standoff, tag_tree
from ..errors import EditionError, Problem
from ..files import read_input, read_regular
from ..xmlio import TEI_NS, XML_NS, atomic_write
from .dates import DateContext
from .editorial import Editorial, load_editorial
from .header import HeaderFacts, TitleLines, build_header, el, title_lines
from . import vocabulary as V
from .inline import PRINT_EDITORS, InlineEncoder, correct_text
from .structure import Document, DatedEntry, Piece, Section, heading_context, parse_structure

_T = f"{{{TEI_NS}}}"
GENERATOR = f"tei-edition {__version__}"
_PI_TARGET = "tei-edition"
_PI = re.compile(rb"<\?tei-edition\s+([^?]*)\?>\n?")
_PI_FIELD = re.compile(r'([\w-]+)="([^"]*)"')


@dataclass
class ConversionResult:
    """The TEI tree of one text and what the converter noticed on the way."""

    tree: etree._ElementTree
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ConvertResult:
    """What :func:`convert_file` did: where the TEI is, whether it was (re)written, warnings."""

    output: Path
    written: bool
    warnings: list[Problem] = field(default_factory=list)


def sha256(data: bytes) -> str:
    """Hex SHA-256 of some bytes."""
    return hashlib.sha256(data).hexdigest()


def _xml_id(stem: str) -> str:
    """A valid xml:id (an NCName) from a file stem."""
    value = re.sub(r"[^\w.-]", "-", stem)
    return value if re.match(r"^[^\W\d]", value) else f"d-{value}"


def _conversion_date() -> str | None:
    # Reproducible-builds convention: a date only when the caller fixes one, never the clock.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return time.strftime("%Y-%m-%d", time.gmtime(int(epoch)))
    return None


class _TeiAssembler:
    """Assembles the TEI text (front, body, back) of one parsed document."""

    def __init__(self, doc: Document, encoder: InlineEncoder, stem: str, titles: TitleLines) -> None:
        self.doc = doc
        self.titles = titles
        self.encoder = encoder
        self.stem = stem
        self.creation: list[tuple[str, str]] = []

    def text(self) -> etree._Element:
        text = etree.Element(_T + "text")
        self._front(text)
        self._body(text)
        self._back(text)
        return text

    def _front(self, text: etree._Element) -> None:
        doc = self.doc
        if not (doc.title_lines or doc.source_line or doc.credits or doc.intro):
            return
        front = el(text, "front")
        context = DateContext()
        if doc.title_lines or doc.source_line or doc.credits:
            page = el(front, "titlePage")
            titles = doc.title_lines
            if len(titles) > 1:
                self.encoder.encode(el(page, "docAuthor"), titles[0], context)
                titles = titles[1:]
            if titles:
                doc_title = el(page, "docTitle")
                main = self.titles.main_index
                for index, line in enumerate(titles):
                    kind = "main" if index == main else "sub"
                    self.encoder.encode(el(doc_title, "titlePart", type=kind), line, context)
            if doc.source_line is not None:
                self.encoder.encode(el(page, "docImprint"), doc.source_line, context)
            for credit in doc.credits:
                self.encoder.encode(el(page, "byline"), credit, context)
        if doc.intro:
            intro = el(front, "div", type=V.DIV_INTRODUCTION)
            for piece in doc.intro:
                self.encoder.encode(el(intro, "p"), piece, context)

    def _body(self, text: etree._Element) -> None:
        body = el(text, "body")
        context = DateContext()
        for number, section in enumerate(self.doc.sections, start=1):
            if section.head is None:
                container = body
            else:
                container = el(body, "div", type=V.DIV_SECTION, **{"xml_id": f"s{number}"})
                self.encoder.encode(el(container, "head"), section.head, context)
                context = heading_context(section.head.text, context)
            self._items(container, section.items, context)
            for index, entry in enumerate(section.entries, start=1):
                context = self._entry(container, entry, f"s{number}-e{index}", context)
        if not any(etree.QName(child).localname in ("p", "div") for child in body):
            el(body, "p")  # TEI requires a paragraph or a division; an empty text gets an empty one
        if self.doc.signature is not None:
            # the signature closes the whole text, not its last entry
            closer = el(body, "closer")
            self.encoder.encode(el(closer, "signed"), self.doc.signature, context)

    def _entry(self, parent, entry: DatedEntry, xml_id: str, context: DateContext) -> DateContext:
        value = entry.date.value
        self.creation.append(value.bounds())
        start = value.bounds()[0]
        context = DateContext(value.year or context.year, value.month or context.month,
                              start if start[:4].isdigit() else None)
        div = el(parent, "div", type=V.DIV_ENTRY, **{"xml_id": xml_id})
        items = entry.items
        if items and items[0][0] == "p" and items[0][1].block is entry.head.block:
            # The date opens a paragraph ("The 15th of Sept., in a little hotel …"): it stays in its
            # sentence as a run-in heading, a label at the paragraph's start.
            holder, rest = self._run_in(div, entry.head, items[0][1], context)
            items = items[1:]
        else:
            holder, rest = el(div, "head"), None
            self.encoder.encode(holder, entry.head, context)
        # The heading's date is encoded like any other, but it must come out as one date element
        # carrying the entry's own (possibly corrected) value.
        dates = holder.findall(f".//{_T}date")
        if dates:
            for name in ("when", "notBefore", "notAfter", "from", "to", "cert"):
                dates[0].attrib.pop(name, None)
            for name, attr in value.attributes().items():
                dates[0].set(name, attr)
        if rest is not None:
            self.encoder.encode(holder.getparent(), rest, context)
        self._items(div, items, context)
        return context

    def _run_in(self, div, head: Piece, rest: Piece, context: DateContext) -> tuple[etree._Element, Piece]:
        """The entry's first paragraph with its opening date in a label; returns (label, rest of text)."""
        paragraph = el(div, "p")
        label = el(paragraph, "label", type="dateline")
        words = head.text.rstrip()
        if words.endswith(","):
            # "The 15th of Sept., in …": the comma belongs to the sentence, not to the heading
            cut = head.start + len(words) - 1
            self.encoder.encode(label, Piece(head.block, head.start, cut), context)
            return label, Piece(rest.block, cut, rest.end)
        self.encoder.encode(label, head, context)
        label.tail = " "
        return label, rest

    def _items(self, parent, items, context: DateContext) -> None:
        for kind, piece in items:
            if kind == "separator":
                el(parent, "milestone", unit="section", rend=piece.text.strip())
            else:
                self.encoder.encode(el(parent, "p"), piece, context)

    def _back(self, text: etree._Element) -> None:
        doc = self.doc
        orphans = [note for note in doc.notes if note.n not in self.encoder.used_notes]
        if not (orphans or doc.notes_heading or doc.last_updated):
            return
        back = el(text, "back")
        if doc.notes_heading is not None or orphans:
            notes = el(back, "div", type=V.DIV_NOTES)
            if doc.notes_heading is not None:
                self.encoder.encode(el(notes, "head"), doc.notes_heading, DateContext())
            # The numbered notes stand at their markers; this is where a renderer lists them.
            el(notes, "divGen", type="notes")
            for note in orphans:
                line, column = note.body.position(0)
                self.encoder.warnings.append(Problem(
                    self.encoder.file, line, column, "warning",
                    f"note {note.n} has no [{note.n}] marker in the text; kept at the end", "note-unanchored"))
                element = el(notes, "note", n=note.n, place=V.NOTE_END, xml_id=self.encoder.note_id(note.n),
                             resp="#" + PRINT_EDITORS)
                self.encoder.encode(element, note.body, DateContext(), allow_notes=False)
        if doc.last_updated is not None:
            colophon = el(back, "div", type=V.DIV_COLOPHON)
            self.encoder.encode(el(colophon, "p"), doc.last_updated, DateContext())


def _tag_entities(tree: etree._ElementTree, registers) -> None:
    """Link names to the registers, and copy the entries the text mentions into its standOff."""
    if registers is None:
        return
    tag_tree(tree, registers)
    embed_standoff(tree, registers)


def convert_text(text: str, *, source_name: str, editorial: Editorial | None = None,
                 registers=None, hashes: dict[str, str] | None = None) -> ConversionResult:
    """Convert one diary-shaped plain text into a TEI P5 tree.

    ``source_name`` names the text in messages and gives the TEI's xml:id (its stem);
    ``editorial`` holds the editor's interventions (an :class:`Editorial` or the path of an
    editorial.toml); with ``registers`` (from :func:`pipeline.entities.tagging.load_registers`, or a register
    folder) names are linked to the registers.
    """
    if isinstance(editorial, (str, Path)):
        editorial = load_editorial(Path(editorial))
    editorial = editorial or Editorial()
    if isinstance(registers, (str, Path)):
        registers = load_registers(Path(registers))
    stem = Path(source_name).stem
    rules = editorial.for_document(stem)
    text = text.lstrip("\ufeff")
    _refuse_non_xml_characters(text, str(source_name))
    doc = parse_structure(text, correct=lambda s: correct_text(s, rules))
    encoder = InlineEncoder(rules, {note.n: note for note in doc.notes}, str(source_name))
    builder = _TeiAssembler(doc, encoder, stem, title_lines(doc, editorial, stem))
    text_element = builder.text()
    _warn_unused_rules(encoder, editorial, stem)

    hashes = hashes or {}
    bounds = [b for b in builder.creation if b[0] and b[1] and not b[0].startswith("--")]
    creation = (min(b[0] for b in bounds), max(b[1] for b in bounds)) if bounds else None
    facts = HeaderFacts(__version__, hashes.get("source", sha256(text.encode("utf-8"))),
                        hashes.get("editorial", "none"), creation, encoder.corrections,
                        encoder.languages_used, _conversion_date(),
                        source_additions=bool(encoder.supplied or doc.notes))
    root = etree.Element(_T + "TEI", nsmap={None: TEI_NS})
    root.set(f"{{{XML_NS}}}lang", "en")
    root.set(f"{{{XML_NS}}}id", _xml_id(stem))
    root.append(build_header(doc, editorial, stem, facts))
    root.append(text_element)
    tree = etree.ElementTree(root)
    _tag_entities(tree, registers)
    return ConversionResult(tree, encoder.warnings)


# Characters XML 1.0 cannot hold at all (control characters, non-characters).
_NON_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_non_xml_characters(text: str, file: str) -> None:
    match = _NON_XML.search(text)
    if match:
        before = text[: match.start()]
        line = before.count("\n") + 1
        column = match.start() - (before.rfind("\n") + 1) + 1
        raise EditionError(f"the character U+{ord(match.group()):04X} cannot appear in XML; remove it from "
                           "the source", file, line, column, rule="source-characters")


def _warn_unused_rules(encoder: InlineEncoder, editorial: Editorial, stem: str) -> None:
    # Only rules written for this document: a project-wide rule may fit another text.
    for index, rule in enumerate(encoder.rules):
        if rule.document == stem and index not in encoder.used_rules:
            encoder.warnings.append(Problem(
                editorial.file, rule.line, None, "warning",
                f"the {rule.kind} of {rule.text!r} never applied in {stem} (not found, or overlapped)",
                "editorial-unused"))


# ---------------------------------------------------------------------------------------------
# Files: locations, provenance, staleness
# ---------------------------------------------------------------------------------------------
def _in_project(source: Path) -> bool:
    return source.parent.name == "source" and source.parent.parent.name == "tei"


def default_output(source: Path) -> Path:
    """tei/source/<name>.txt -> tei/<name>.xml; anything else -> beside the source, as .xml."""
    source = Path(source)
    return source.parent.parent / f"{source.stem}.xml" if _in_project(source) else source.with_suffix(".xml")


def editorial_path(source: Path) -> Path:
    """tei/editorial.toml of the source's project, or editorial.toml beside a loose source."""
    source = Path(source)
    return source.parent.parent / "editorial.toml" if _in_project(source) else source.parent / "editorial.toml"


def default_registers_dir(source: Path) -> Path | None:
    """tei/register/ of the source's project, when it exists."""
    source = Path(source)
    folder = source.parent.parent / "register" if _in_project(source) else source.parent / "register"
    return folder if folder.is_dir() else None


def _registers_hash(registers_dir: Path | None) -> str:
    if registers_dir is None or not Path(registers_dir).is_dir():
        return "none"
    digest = hashlib.sha256()
    files = sorted(Path(registers_dir).glob("*.xml"))
    if not files:
        return "none"
    for path in files:
        digest.update(path.name.encode() + b"\0" + read_input(path) + b"\0")
    return digest.hexdigest()


def _file_hash(path: Path) -> str:
    return sha256(read_input(path)) if path.is_file() else "none"


def read_source(source: Path) -> str:
    """The source as text; a missing file or bytes that are not UTF-8 raise EditionError."""
    source = Path(source)
    data = read_input(source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise EditionError(f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded "
                           "(save the file as UTF-8)", source, line, column, rule="source-encoding") from None


def provenance(path: Path) -> dict[str, str] | None:
    """The fields of the ``<?tei-edition …?>`` instruction of a TEI file, or None."""
    try:
        head = Path(path).read_bytes()[:4096]
    except OSError:
        return None
    match = _PI.search(head)
    if not match:
        return None
    return dict(_PI_FIELD.findall(match.group(1).decode("utf-8", "replace")))


# Elements whose content is running text: whitespace added inside them would change the text.
_MIXED = {"p", "head", "note", "said", "q", "date", "foreign", "choice", "sic", "corr", "abbr", "expan",
          "titlePart", "docAuthor", "docImprint", "byline", "signed", "item", "resp", "name", "title",
          "edition", "persName", "placeName", "orgName", "rs", "hi", "term", "language", "change",
          "author", "publisher", "authority", "idno", "biblScope", "label", "desc", "ab", "l"}


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent the document's structure for readers and diffs, leaving running text untouched."""
    children = [child for child in element if isinstance(child.tag, str)]
    if etree.QName(element).localname in _MIXED or not children or len(children) != len(element):
        return
    if (element.text or "").strip() or any((child.tail or "").strip() for child in element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


def serialize(tree: etree._ElementTree, fields: dict[str, str]) -> bytes:
    """The file's bytes: XML declaration, provenance instruction, then the document."""
    _indent(tree.getroot())
    body = etree.tostring(tree, encoding="UTF-8", xml_declaration=True) + b"\n"
    declaration, _, rest = body.partition(b"\n")
    content_hash = sha256(declaration + b"\n" + rest)
    pi_fields = " ".join(f'{name}="{value}"' for name, value in {**fields, "content-sha256": content_hash}.items())
    return declaration + b"\n" + f"<?{_PI_TARGET} {pi_fields}?>\n".encode() + rest


def is_hand_edited(output: Path) -> bool:
    """True when the TEI file exists and is not exactly what the converter wrote.

    A file without our provenance instruction counts as hand-made (so it is never replaced silently).
    """
    output = Path(output)
    if not output.is_file():
        return False
    data = output.read_bytes()
    match = _PI.search(data[:4096])
    if not match:
        return True
    fields = dict(_PI_FIELD.findall(match.group(1).decode("utf-8", "replace")))
    return fields.get("content-sha256") != sha256(data[: match.start()] + data[match.end():])


def _input_fields(source: Path, registers_dir: Path | None) -> dict[str, str]:
    return {
        "generator": GENERATOR,
        "source-sha256": _file_hash(Path(source)),
        "editorial-sha256": _file_hash(editorial_path(source)),
        "registers-sha256": _registers_hash(registers_dir),
    }


def stale_inputs(source: Path, output: Path, registers_dir: Path | None = None) -> list[str]:
    """Which inputs changed since the TEI was converted: "generator", "source", "editorial",
    "registers" (all four when the TEI is missing or has no provenance)."""
    fields = provenance(output)
    names = {"generator": "generator", "source-sha256": "source", "editorial-sha256": "editorial",
             "registers-sha256": "registers"}
    if fields is None:
        return list(names.values())
    registers_dir = registers_dir if registers_dir is not None else default_registers_dir(source)
    expected = _input_fields(source, registers_dir)
    return [names[name] for name, value in expected.items() if fields.get(name) != value]


def is_stale(source: Path, output: Path, registers_dir: Path | None = None) -> bool:
    """True when the TEI is missing or was made from other inputs (source, editorial.toml,
    registers, converter version) than those there now."""
    return bool(stale_inputs(source, output, registers_dir))


def convert_file(source: Path, output: Path | None = None, *, force: bool = False,
                 registers_dir: Path | None = None) -> ConvertResult:
    """Convert ``source`` into ``output`` (default :func:`default_output`), atomically.

    Refuses (EditionError, rule ``hand-edited``) to replace a TEI file changed by hand unless
    ``force``; leaves the file untouched when the new bytes are the same (``written`` False).
    """
    source = Path(source)
    output = Path(output) if output is not None else default_output(source)
    text = read_source(source)
    registers_dir = registers_dir if registers_dir is not None else default_registers_dir(source)
    if registers_dir is not None and not Path(registers_dir).is_dir():
        raise EditionError("the registers folder does not exist", registers_dir, rule="file-missing")
    # What the file holds as we decide: an editor's save from now until our rename must not be lost.
    before = _current_bytes(output)
    if not force and is_hand_edited(output):
        raise EditionError(
            "this TEI file was edited by hand (or not made by tei-edition) since it was converted; "
            f"refusing to overwrite it. Keep editing it, or replace it with: edition convert {source} --force",
            output, rule="hand-edited")
    editorial = load_editorial(editorial_path(source))
    fields = _input_fields(source, registers_dir)
    registers = None
    if fields["registers-sha256"] != "none":
        registers = load_registers(registers_dir)
    result = convert_text(text, source_name=str(source), editorial=editorial, registers=registers,
                          hashes={"source": fields["source-sha256"], "editorial": fields["editorial-sha256"]})
    data = serialize(result.tree, fields)
    if output.is_file() and output.read_bytes() == data:
        return ConvertResult(output, False, result.warnings)
    atomic_write(output, data, guard=None if force else lambda: _refuse_if_changed(output, before, source))
    return ConvertResult(output, True, result.warnings)


def _current_bytes(path: Path) -> bytes | None:
    try:
        return read_regular(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise EditionError(f"cannot read: {exc.strerror or exc}", path, rule="file-unreadable") from None


def _refuse_if_changed(output: Path, before: bytes | None, source: Path) -> None:
    """Raise when ``output`` no longer holds what it held when we checked it for hand edits.

    The conversion takes a second or more; an editor saving the TEI meanwhile would otherwise be
    overwritten by the rename that follows.
    """
    if _current_bytes(output) != before:
        raise EditionError(
            "this TEI file changed while it was being converted (saved by an editor?); "
            f"it was not overwritten. Convert again, or keep the edit: edition convert {source}",
            output, rule="hand-edited")
