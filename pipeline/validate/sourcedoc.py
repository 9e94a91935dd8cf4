"""A parsed document that knows where each of its elements stands in the source file.

lxml gives an element's line but not its column, and an external validator (jing) reports positions
in its own copy of the document. Both are answered from one index of the source text: the n-th
start tag in the text is the n-th element of the tree (comments, PIs, CDATA and the DOCTYPE hold no
start tags), so a document-order scan gives every element its line and column, and every attribute
its own, without a second parse.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from lxml import etree

from ..errors import Problem

# One token of XML markup. Start tags keep their name (group 1), attribute text (group 2); everything
# else (comments, CDATA, PIs, the DOCTYPE with its internal subset, end tags) is matched only so that
# a "<" inside it is never taken for a start tag.
_MARKUP = re.compile(
    r"<!--.*?-->"
    r"|<!\[CDATA\[.*?\]\]>"
    r"|<\?.*?\?>"
    r"|<!DOCTYPE(?:[^\[>\"']|\"[^\"]*\"|'[^']*'|\[(?:<!--.*?-->|\"[^\"]*\"|'[^']*'|[^\]])*\])*>"
    r"|</([^\s>]+)\s*>"
    r"|<([^\s/>!?][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)\s*/?>",
    re.S,
)
_ATTRIBUTE = re.compile(r"([^\s=/>]+)\s*=\s*(?:\"[^\"]*\"|'[^']*')")


@dataclass(frozen=True)
class TagSpan:
    """Where one element's start tag (and its end tag, if any) stand: 1-based line and column."""

    name: str
    start: tuple[int, int]         # the "<" of the start tag
    start_end: tuple[int, int]     # the ">" of the start tag
    end: tuple[int, int]           # the ">" of the end tag (= start_end for an empty element)
    attributes: dict[str, tuple[int, int]] = field(default_factory=dict)


class SourceIndex:
    """The start tags of a source text in document order, with their positions.

    Positions are kept as offsets into the text and made into lines and columns on demand
    (:meth:`span`): a large file has a million tags, and a question is asked of a few of them."""

    def __init__(self, text: str) -> None:
        # XML reads CR LF and lone CR as one line end; normalising keeps our lines equal to the parser's.
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        self._text = text
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        #: every element's name as written (prefix:local), in document order
        self.names: list[str] = []
        # Per element: where its start tag begins, where its attributes begin, the ">" of its start
        # tag and of its end tag (the same for an empty element), and its parent; and which element
        # each end tag closes, for element_at.
        self._starts: list[int] = []
        self._attribute_starts: list[int] = []
        self._start_ends: list[int] = []
        self._ends: list[int] = []
        self._parents: list[int | None] = []
        self._ending_at: dict[int, int] = {}
        open_tags: list[int] = []
        for match in _MARKUP.finditer(text):
            name = match.group(2)
            if name is not None:
                index = len(self.names)
                self.names.append(name)
                self._starts.append(match.start())
                self._attribute_starts.append(match.start(3))
                self._start_ends.append(match.end() - 1)
                self._ends.append(match.end() - 1)
                self._parents.append(open_tags[-1] if open_tags else None)
                if not match.group(0).endswith("/>"):
                    open_tags.append(index)
            elif match.group(1) is not None and open_tags:
                index = open_tags.pop()
                self._ends[index] = match.end() - 1
                self._ending_at[match.end() - 1] = index

    def __len__(self) -> int:
        return len(self.names)

    def span(self, index: int) -> TagSpan:
        """Where element ``index``'s tags and attributes stand."""
        attributes = {attribute.group(1): self._position(attribute.start())
                      for attribute in _ATTRIBUTE.finditer(self._text, self._attribute_starts[index],
                                                           self._start_ends[index])}
        return TagSpan(self.names[index], self._position(self._starts[index]),
                       self._position(self._start_ends[index]), self._position(self._ends[index]), attributes)

    def _position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def _offset(self, line: int, column: int) -> int:
        if line < 1:
            return -1
        if line > len(self._line_starts):
            return len(self._text) + column
        return self._line_starts[line - 1] + column - 1

    def element_at(self, line: int, column: int) -> int | None:
        """The index of the element a validator's position (the ">" it stopped at) belongs to.

        A position on a start tag belongs to that element, one on an end tag to the element it closes;
        anywhere else (text) to the innermost element already open there.
        """
        where = self._offset(line, column)
        closed = self._ending_at.get(where)
        if closed is not None:
            return closed
        # The last element to start at or before the position: on its start tag, it is the one;
        # else the innermost element open there is it or the nearest of its ancestors still open
        # (elements nest, so one that started earlier and is open after it contains it). A search,
        # not a scan per question: jing reports thousands of findings on a large file.
        index = bisect.bisect_right(self._starts, where) - 1
        if index < 0:
            return None
        if where <= self._start_ends[index]:
            return index
        while index is not None and not where < self._ends[index]:
            index = self._parents[index]
        return index


def _decode(data: bytes, encoding: str | None) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode(encoding or "utf-8", errors="replace")
    except LookupError:
        return data.decode("utf-8", errors="replace")


@dataclass(frozen=True)
class Finding:
    """One problem found on one element (and maybe one of its attributes) of a document."""

    severity: str
    message: str
    rule: str
    element: etree._Element | None = None
    attribute: str | None = None
    line: int | None = None      # used when there is no element (e.g. a whole-file problem)
    column: int | None = None


class SourceDocument:
    """One parsed input file: its tree, its raw bytes, and positions of its elements on demand."""

    def __init__(self, path: Path, tree: etree._ElementTree, data: bytes, display: str | None = None,
                 saxon_tree=None) -> None:
        self.path = path
        self.display = display if display is not None else str(path)
        self.tree = tree
        self.root = tree.getroot()
        self.data = data
        #: where the caller keeps Saxon's tree of the same document (a function making it once), for
        #: a check that asks Saxon; None: such a check parses the document itself
        self.saxon_tree = saxon_tree

    @cached_property
    def elements(self) -> list[etree._Element]:
        """Every element in document order (no comments or PIs)."""
        return list(self.root.iter(etree.Element))

    @cached_property
    def _order(self) -> dict[etree._Element, int]:
        return {element: index for index, element in enumerate(self.elements)}

    @cached_property
    def index(self) -> SourceIndex:
        return SourceIndex(_decode(self.data, self.tree.docinfo.encoding))

    @cached_property
    def _aligned(self) -> bool:
        # Entities expanded from the internal subset can add elements that have no start tag of their
        # own in the text; then the n-th tag is not the n-th element and only lines are trusted.
        names = self.index.names
        return len(names) == len(self.elements) and all(
            name.rpartition(":")[2] == etree.QName(el).localname for name, el in zip(names, self.elements)
        )

    def order_of(self, element: etree._Element) -> int | None:
        return self._order.get(element)

    def position(self, element: etree._Element | None, attribute: str | None = None) -> tuple[int | None, int | None]:
        """1-based (line, column) of the element's start tag, or of one of its attributes."""
        if element is None:
            return None, None
        index = self._order.get(element)
        if index is None or not self._aligned:
            return element.sourceline, None
        span = self.index.span(index)
        if attribute is not None:
            name = _source_attribute_name(element, attribute)
            if name in span.attributes:
                return span.attributes[name]
        return span.start

    def problem(self, finding: Finding) -> Problem:
        """Turn a finding into the report's Problem with this file's name and the finding's position."""
        line, column = self.position(finding.element, finding.attribute)
        if finding.element is None:
            line, column = finding.line, finding.column
        return Problem(self.display, line, column, finding.severity, finding.message, finding.rule)


def _source_attribute_name(element: etree._Element, attribute: str) -> str:
    """The attribute's name as written in the source ({ns}local -> prefix:local)."""
    if not attribute.startswith("{"):
        return attribute
    namespace, local = attribute[1:].split("}", 1)
    if namespace == "http://www.w3.org/XML/1998/namespace":
        return f"xml:{local}"
    for prefix, uri in (element.nsmap or {}).items():
        if uri == namespace and prefix:
            return f"{prefix}:{local}"
    return local


def element_label(element: etree._Element) -> str:
    """<name> for messages, with the TEI namespace left implicit."""
    qname = etree.QName(element)
    if qname.namespace in (None, "http://www.tei-c.org/ns/1.0"):
        return f"<{qname.localname}>"
    return f"<{{{qname.namespace}}}{qname.localname}>"
