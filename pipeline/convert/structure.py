"""The shape of a diary-like transcription, recognised from its plain text.

The texts we convert are archive transcriptions of periodical pieces: title lines, a "From …"
line naming the print source, credit lines, perhaps an editor's introduction ending "– Ed.",
then the body (section headings, dated entries, paragraphs, "* * *" separators), a closing
signature, numbered notes and a "Last updated on …" line. Blocks are separated by blank lines;
every block remembers where it starts so that messages can point at file:line:column.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from .dates import DateContext, DateMatch, find_dates, heading_date


@dataclass(frozen=True)
class Block:
    """A run of non-blank lines (joined with newlines) and the line number it starts on."""

    text: str
    line: int

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both from 1, of a character offset into :attr:`text`."""
        before = self.text[:offset]
        newlines = before.count("\n")
        return self.line + newlines, offset - (before.rfind("\n") + 1) + 1


@dataclass(frozen=True)
class Piece:
    """A slice of a block: the text to encode and where it sits, for positions."""

    block: Block
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset into :attr:`text`."""
        return self.block.position(self.start + offset)


@dataclass
class DatedEntry:
    """A dated entry: the heading date (and its punctuation) then paragraphs and separators."""

    date: DateMatch
    head: Piece
    items: list[tuple[str, Piece]] = field(default_factory=list)  # ("p" | "separator", piece)


@dataclass
class Section:
    """A section under a heading (or the text before the first heading, with ``head`` None)."""

    head: Piece | None
    items: list[tuple[str, Piece]] = field(default_factory=list)
    entries: list[DatedEntry] = field(default_factory=list)


@dataclass
class Note:
    """A numbered note from the end of the source: its number and its text."""

    n: str
    body: Piece


@dataclass
class Document:
    """Everything recognised in a source text, in source order within each part."""

    title_lines: list[Piece] = field(default_factory=list)
    source_line: Piece | None = None
    credits: list[Piece] = field(default_factory=list)
    intro: list[Piece] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    signature: Piece | None = None
    notes_heading: Piece | None = None
    notes: list[Note] = field(default_factory=list)
    last_updated: Piece | None = None


def split_blocks(text: str) -> list[Block]:
    """Blank-line separated blocks; trailing spaces dropped, line numbers kept."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append(Block("\n".join(current), start))
            current = []
    if current:
        blocks.append(Block("\n".join(current), start))
    return blocks


def _whole(block: Block) -> Piece:
    lead = len(block.text) - len(block.text.lstrip())
    return Piece(block, lead, len(block.text))


def _lines(block: Block) -> list[Piece]:
    """One piece per line: title and credit lines are often not separated by blank lines."""
    pieces, offset = [], 0
    for line in block.text.split("\n"):
        lead = len(line) - len(line.lstrip())
        if line.strip():
            pieces.append(Piece(block, offset + lead, offset + len(line)))
        offset += len(line) + 1
    return pieces


_SOURCE_LINE = re.compile(r"^(?:From|Source:)\s+\S")
_CREDIT = re.compile(
    r"^(?:Thanks to|Transcribed|Transcription|Translated|Translation|Proofread|Proof-read|Marked up"
    r"|HTML|Copyleft|Copyright|Public Domain|Edited by|Scanned|Prepared)\b", re.I)
_EDITOR_SIGNOFF = re.compile(r"[-–—]\s*Eds?\.\s*$")
_SEPARATOR = re.compile(r"^\s*(?:\*\s*){3,}$|^\s*(?:[-–—]\s*){3,}$")
_NOTE = re.compile(r"^(\d{1,3})\.\s+(\S)")
_NOTES_HEADING = re.compile(r"^\s*(?:Notes?|Footnotes|Endnotes)\s*:?\s*$", re.I)
_LAST_UPDATED = re.compile(r"^\s*Last (?:updated|modified)\b", re.I)
_HEADING_YEAR = re.compile(r"(?<![\w.,-])1[5-9]\d\d(?![\w-])")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|de|da|del|der|van|von|la|le)$")


def is_heading_like(text: str) -> bool:
    """Short, one line, not speech, not ending like a sentence in mid-flow (":", ",", "?")."""
    stripped = text.strip()
    if "\n" in stripped or not stripped or len(stripped.split()) > 12:
        return False
    if stripped[0] in "“‘\"'([" or not stripped[0].isupper():
        return False
    if any(mark in stripped for mark in "“”\"") or stripped[-1] in ":;,?!”’":
        return False
    return True


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith((".", "!", "?", "…"))


def _looks_like_signature(text: str, author: str | None) -> bool:
    stripped = text.strip()
    if author and stripped == author:
        return True
    words = stripped.split()
    return 2 <= len(words) <= 4 and all(_NAME_WORD.match(word) for word in words) and not _ends_sentence(stripped)


def _take_tail(blocks: list[Block], doc: Document) -> list[Block]:
    """Strip "Last updated", the numbered notes and their heading from the end."""
    if blocks and _LAST_UPDATED.match(blocks[-1].text):
        doc.last_updated = _whole(blocks.pop())
    notes: list[Note] = []
    while blocks and _NOTE.match(blocks[-1].text) and "\n" not in blocks[-1].text.strip():
        block = blocks.pop()
        match = _NOTE.match(block.text)
        notes.append(Note(match.group(1), Piece(block, match.start(2), len(block.text))))
    doc.notes = list(reversed(notes))
    if doc.notes and blocks and _NOTES_HEADING.match(blocks[-1].text):
        doc.notes_heading = _whole(blocks.pop())
    return blocks


def _take_front(blocks: list[Block], doc: Document, context: DateContext) -> list[Block]:
    """Title lines, the "From …" line, credits and an editor's introduction, from the start."""
    index = next((i for i, b in enumerate(blocks[:8]) if _SOURCE_LINE.match(b.text)), None)
    if index is not None:
        doc.title_lines = [piece for b in blocks[:index] for piece in _lines(b)]
        # credit lines often follow the "From …" line without a blank line between them
        doc.source_line, *doc.credits = _lines(blocks[index])
        rest = blocks[index + 1:]
    else:
        titles: list[Block] = []
        rest = list(blocks)
        while rest and len(titles) < 3 and is_heading_like(rest[0].text) and not _ends_sentence(rest[0].text):
            # a heading directly followed by a dated entry is the first section, not a title line
            if len(rest) > 1 and heading_date(rest[1].text.strip(), context):
                break
            titles.append(rest.pop(0))
        doc.title_lines = [piece for b in titles for piece in _lines(b)]
    while rest and _CREDIT.match(rest[0].text.strip()):
        doc.credits.extend(_lines(rest.pop(0)))
    first_entry = next((i for i, b in enumerate(rest) if heading_date(b.text.strip(), context)), len(rest))
    signoff = next((i for i, b in enumerate(rest[:first_entry]) if _EDITOR_SIGNOFF.search(b.text)), None)
    if signoff is not None:
        doc.intro = [_whole(b) for b in rest[: signoff + 1]]
        rest = rest[signoff + 1:]
    return rest


def heading_context(text: str, context: DateContext) -> DateContext:
    """The date context under a section heading: "Paris, 1936" gives its entries the year 1936."""
    years = [found.value.year for found in find_dates(text, context) if found.value.year]
    bare = _HEADING_YEAR.search(text)  # a heading's bare year is a year ("Paris, 1936")
    if not years and bare:
        years = [int(bare.group())]
    return DateContext(years[0], None) if years else context


def parse_structure(text: str, correct: Callable[[str], str] | None = None) -> Document:
    """Recognise the parts of a source text (see the module docstring).

    ``correct`` maps a heading's text to its corrected reading, so that a misprinted year
    ("December, 1988.") still dates its entry right; positions always refer to the source.
    """
    doc = Document()
    blocks = _take_tail(split_blocks(text), doc)
    context = DateContext()
    blocks = _take_front(blocks, doc, context)
    author = doc.title_lines[0].text.strip() if len(doc.title_lines) > 1 else None
    if blocks and _looks_like_signature(blocks[-1].text, author):
        doc.signature = _whole(blocks.pop())
    section = Section(None)
    doc.sections.append(section)
    entry: DatedEntry | None = None
    for index, block in enumerate(blocks):
        piece = _whole(block)
        found = heading_date(piece.text, context)
        if found:
            date, end = found
            if correct is not None:
                fixed = heading_date(correct(piece.text[:end]), context)
                if fixed:
                    date = replace(date, value=fixed[0].value)
            context = DateContext(date.value.year or context.year, date.value.month or context.month)
            entry = DatedEntry(date, Piece(block, piece.start, piece.start + end))
            section.entries.append(entry)
            rest = block.text[piece.start + end:]
            if rest.strip():
                lead = len(rest) - len(rest.lstrip())
                entry.items.append(("p", Piece(block, piece.start + end + lead, len(block.text))))
            continue
        if _SEPARATOR.match(block.text):
            (entry.items if entry else section.items).append(("separator", piece))
            continue
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if is_heading_like(piece.text) and (
            not _ends_sentence(piece.text)
            or (following is not None and heading_date(following.text.strip(), context))
        ):
            section = Section(piece)
            doc.sections.append(section)
            entry = None
            context = heading_context(piece.text, context)
            continue
        (entry.items if entry else section.items).append(("p", piece))
    _demote_empty_headings(doc)
    if not doc.sections[0].head and not doc.sections[0].items and not doc.sections[0].entries:
        doc.sections.pop(0)
    return doc


def _demote_empty_headings(doc: Document) -> None:
    """A "heading" with no paragraph or entry under it was a short paragraph after all."""
    kept: list[Section] = []
    for section in doc.sections:
        empty = not section.entries and not any(kind == "p" for kind, _ in section.items)
        if section.head is not None and empty:
            previous = kept[-1]  # the first section (text before any heading) always exists
            target = previous.entries[-1].items if previous.entries else previous.items
            target.append(("p", section.head))
            target.extend(section.items)
        else:
            kept.append(section)
    doc.sections = kept
