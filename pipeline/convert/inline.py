"""Inline encoding of one paragraph: notes, quotations and speech, dates, editorial interventions.

Everything is first found as a *span* over the source text (start, end, what it is), then spans
that nest properly become elements, outermost first. Spans never drop characters: the source
text stays in the element content (quotation marks inside ``q``/``said``, the misprint inside
``sic``, the abbreviation inside ``abbr``), except a ``[n]`` note marker, whose place the note
itself takes. When two spans cross, the more important one wins (notes, then the editor's
interventions, then quotations, then dates found automatically) and a lost intervention is
reported, never silently dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from ..errors import Problem
from ..xmlio import TEI_NS, XML_NS
from . import vocabulary as V
from .dates import DateContext, find_dates
from .editorial import Rule
from .structure import Note, Piece

_T = f"{{{TEI_NS}}}"
_NOTE_MARKER = re.compile(r"\s?\[(\d{1,3})\]")
# Spans that hold a fixed reading and can contain nothing else.
_ATOMIC = {"note", "choice", "abbr"}
# When two spans cover the same text, the first kind here is the outer element.
_NESTING = ["said", "q", "mentioned", "supplied", "date", "foreign", "choice", "abbr", "note"]
# "[Ignace Reiss]", "[political police]": words the print's editors put in square brackets. Not a
# note marker "[1]", nor "[sic]" or "[?]", which are the print's comments on the text itself.
_SUPPLIED = re.compile(r"\[(?!\d{1,3}\]|sic\]|\?\]|\.\.\.\])([^\[\]\n]{1,80})\]")
# Who the bracketed insertions and the numbered notes of a printed source are attributed to.
PRINT_EDITORS = "print-editors"
_SPEECH_AFTER = re.compile(
    r"\s*,?\s*(?:(?:he|she|they|I|we|[A-Z][\w.]*)\s+)?(?:said|says|asked|replied|answered|cried|shouted"
    r"|exclaimed|added|whispered|declared|continued)\b")
# "“It’s strange,” said S., “Ludwig is …”": the second quotation continues the same speech
_SPEECH_BEFORE = re.compile(r"[”\"]\s*(?:said|says|asked|replied|answered|cried|shouted|exclaimed|added|continued)"
                            r"\b[^!?“”]{0,30},$")
# "He said: “Go.”", "He said to Sneevliet: “…”": a verb of saying introduces the quotation.
_SAID_COLON = re.compile(r"\b(?:said|says|asked|replied|answered|cried|shouted|exclaimed|added|continued|declared"
                         r"|burst out)\b[^.!?:“”]{0,30}:$")
_EDITORIAL_KINDS = {"correction": "choice", "abbreviation": "abbr", "foreign": "foreign", "date": "date"}
_RANK = {"note": 0, "choice": 1, "abbr": 1, "editorial-date": 2, "said": 3, "q": 3, "mentioned": 3, "supplied": 3, "date": 4,
         "foreign": 5}


@dataclass
class Span:
    """A stretch of the source text [start, end) that becomes one element."""

    start: int
    end: int
    kind: str
    rule: Rule | None = None
    attrs: dict[str, str] = field(default_factory=dict)
    note: Note | None = None
    editorial_date: bool = False
    children: list["Span"] = field(default_factory=list)

    @property
    def rank(self) -> int:
        return _RANK["editorial-date"] if self.editorial_date else _RANK[self.kind]

    def crosses(self, other: "Span") -> bool:
        return self.start < other.start < self.end < other.end or other.start < self.start < other.end < self.end

    def within(self, other: "Span") -> bool:
        return other.start <= self.start and self.end <= other.end


def rule_occurrences(text: str, rule: Rule) -> list[tuple[int, int]]:
    """Where a rule's text occurs: inside each occurrence of its context, or as a whole word."""
    if rule.context:
        inner = rule.context.index(rule.text)
        spans, at = [], text.find(rule.context)
        while at != -1:
            spans.append((at + inner, at + inner + len(rule.text)))
            at = text.find(rule.context, at + 1)
        return spans
    spans, at = [], text.find(rule.text)
    while at != -1:
        end = at + len(rule.text)
        # a rule for "Ger." must not fire inside "Gerard", nor one for "Boul" inside "Boulogne"
        left_ok = not (rule.text[0].isalnum() and at > 0 and text[at - 1].isalnum())
        right_ok = not (rule.text[-1].isalnum() and end < len(text) and text[end].isalnum())
        if left_ok and right_ok:
            spans.append((at, end))
        at = text.find(rule.text, at + 1)
    return spans


def corrected_reading(text: str, spans: list[Span]) -> tuple[str, list[int], list[int]]:
    """The text with corrections applied, and for each of its characters the source start and end.

    Dates are read from this reading ("December, 1988" misprinted for 1938 must date 1938).
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    # Whole stretches at a time: a loop over every character was 7% of the diary's conversion (profiled).
    for span in sorted((s for s in spans if s.kind == "choice"), key=lambda s: s.start):
        out.append(text[position:span.start])
        starts.extend(range(position, span.start))
        ends.extend(range(position + 1, span.start + 1))
        replacement = span.rule.replacement
        out.append(replacement)
        starts.extend([span.start] * len(replacement))
        ends.extend([span.end] * len(replacement))
        position = span.end
    out.append(text[position:])
    starts.extend(range(position, len(text)))
    ends.extend(range(position + 1, len(text) + 1))
    return "".join(out), starts, ends


def correct_text(text: str, rules: list[Rule]) -> str:
    """``text`` with every correction rule applied (for reading dates in headings)."""
    spans = [Span(a, b, "choice", rule) for rule in rules if rule.kind == "correction"
             for a, b in rule_occurrences(text, rule)]
    accepted: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if not any(span.start < other.end and other.start < span.end for other in accepted):
            accepted.append(span)
    return corrected_reading(text, accepted)[0]


# "the word “comrade”", "what they called “the Trust”": a word talked about, not said.
_MENTION_BEFORE = re.compile(r"\b(?:words?|terms?|expressions?|phrase|names?|called|so-called|calls|call)\s*$", re.I)


def _quote_kind(text: str, start: int, end: int) -> str:
    """``mentioned`` for a word the text talks about ("the word “comrade”"); ``q`` for any other quoted
    word; ``said`` for speech (after "X:", before or after "said X,", or opening the paragraph); else ``q``."""
    before = text[:start].rstrip()
    words = re.findall(r"\w[\w’'-]*", text[start:end])
    if len(words) <= 3 and _MENTION_BEFORE.search(before):
        return "mentioned"
    if _SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(text, end) or _SAID_COLON.search(before):
        return "said"
    if len(words) <= 1:
        return "q"  # a quoted word after a mere colon is quoted, not spoken ("belonged to it: “we.”")
    if before.endswith(":"):
        return "said"
    if not before and len(text[start:end].split()) >= 3:
        return "said"
    return "q"


def _is_apostrophe(text: str, index: int) -> bool:
    """A ’ between letters (don’t, O’Callaghan) or before a year (’23) is not a closing quote."""
    after = text[index + 1: index + 2]
    return after.isalnum()


def quotation_spans(text: str, warn: Callable[[int, str, str], None]) -> list[Span]:
    """Balanced quotations (“…”, ‘…’ nested, "…") as spans; unbalanced marks are warned about."""
    spans: list[Span] = []
    stack: list[tuple[str, int]] = []
    for index, char in enumerate(text):
        if char == "“" or (char == '"' and not (stack and stack[-1][0] == '"')):
            stack.append((char, index))
        elif char == "‘" and not re.match(r"‘\d\d\b", text[index:]):
            stack.append((char, index))
        elif char in "”\"" or (char == "’" and stack and stack[-1][0] == "‘" and not _is_apostrophe(text, index)):
            opener = "‘" if char == "’" else ("“" if char == "”" else '"')
            # a single quotation left open inside a double one is abandoned when the double closes
            while stack and stack[-1][0] != opener and char == "”" and stack[-1][0] == "‘":
                mark, at = stack.pop()
                warn(at, f"unbalanced quotation mark {mark}: no closing mark before the outer quotation ends; "
                         "kept as text", "quote-unbalanced")
            if stack and stack[-1][0] == opener:
                _, at = stack.pop()
                spans.append(Span(at, index + 1, _quote_kind(text, at, index + 1)))
            elif char != "’":
                warn(index, f"unbalanced quotation mark {char}: no opening mark in this paragraph; kept as text",
                     "quote-unbalanced")
    for mark, at in stack:
        if mark == "‘":
            continue  # an open ‘ with no ’ is most often an apostrophe typed the wrong way round
        warn(at, f"unbalanced quotation mark {mark}: no closing mark in this paragraph; kept as text",
             "quote-unbalanced")
    return spans


class InlineEncoder:
    """Encodes pieces of one document, collecting warnings and which rules and notes were used."""

    def __init__(self, rules: list[Rule], notes: dict[str, Note], file: str,
                 languages_used: set[str] | None = None) -> None:
        self.rules = rules
        self.notes = notes
        self.file = file
        self.warnings: list[Problem] = []
        self.used_rules: set[int] = set()
        self.used_notes: set[str] = set()
        self.languages_used: set[str] = languages_used if languages_used is not None else set()
        self.corrections: list[Rule] = []
        self.supplied = 0  # bracketed insertions encoded (the header then names who made them)
        self._note_ids: dict[str, int] = {}

    def note_id(self, n: str) -> str:
        """``n1`` for note 1; a marker used again gets ``n1-2``, so ids stay unique."""
        self._note_ids[n] = self._note_ids.get(n, 0) + 1
        count = self._note_ids[n]
        return f"n{n}" if count == 1 else f"n{n}-{count}"

    def _warner(self, piece: Piece) -> Callable[[int, str, str], None]:
        def warn(offset: int, message: str, rule: str) -> None:
            line, column = piece.position(offset)
            self.warnings.append(Problem(self.file, line, column, "warning", message, rule))
        return warn

    def _editorial_spans(self, text: str) -> list[Span]:
        spans = []
        for index, rule in enumerate(self.rules):
            for start, end in rule_occurrences(text, rule):
                kind = _EDITORIAL_KINDS[rule.kind]
                span = Span(start, end, kind, rule, editorial_date=rule.kind == "date")
                if rule.kind == "date":
                    span.attrs = dict(rule.date)
                    if rule.cert:
                        span.attrs["cert"] = rule.cert
                span.attrs["_index"] = str(index)
                spans.append(span)
        return spans

    def _note_spans(self, text: str, allow_notes: bool, warn) -> list[Span]:
        spans = []
        for match in _NOTE_MARKER.finditer(text):
            n = match.group(1)
            if allow_notes and n in self.notes:
                if n in self.used_notes:
                    warn(match.start(1) - 1, f"note marker [{n}] occurs more than once; the note text is "
                         "repeated at each", "note-duplicate-marker")
                spans.append(Span(match.start(), match.end(), "note", note=self.notes[n]))
            elif allow_notes:
                warn(match.start(1) - 1, f"note marker [{n}] has no note text at the end of the source; "
                     "kept as text", "note-unmatched")
        return spans

    def _accept(self, spans: list[Span], warn) -> list[Span]:
        accepted: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.rank, s.start, -s.end)):
            clash = next((o for o in accepted if span.crosses(o)
                          or (o.kind in _ATOMIC and span.within(o)
                              and (span.kind in _ATOMIC or (span.start, span.end) != (o.start, o.end)))
                          or (span.editorial_date is False and span.kind == "date" and o.kind == "date"
                              and span.start < o.end and o.start < span.end)), None)
            if clash is None:
                accepted.append(span)
            elif span.rule is not None:
                warn(span.start, f"the {span.rule.kind} of {span.rule.text!r} overlaps a {clash.kind} here "
                     "and was not applied", "editorial-overlap")
        return accepted

    def _date_spans(self, text: str, accepted: list[Span], context: DateContext) -> list[Span]:
        reading, starts, ends = corrected_reading(text, accepted)
        spans = []
        for match in find_dates(reading, context):
            span = Span(starts[match.start], ends[match.end - 1], "date", attrs=match.value.attributes())
            if any(o.kind == "date" and span.start < o.end and o.start < span.end for o in accepted):
                continue  # the editor's own dating of this stretch wins
            spans.append(span)
        return spans

    def spans(self, piece: Piece, context: DateContext, allow_notes: bool = True) -> list[Span]:
        """All accepted spans of a piece, nested into a forest (outermost first)."""
        text = piece.text
        warn = self._warner(piece)
        first = self._accept(self._note_spans(text, allow_notes, warn) + self._editorial_spans(text)
                             + quotation_spans(text, warn) + _supplied_spans(text), warn)
        accepted = self._accept(first + self._date_spans(text, first, context), warn)
        for span in accepted:
            if span.rule is not None:
                self.used_rules.add(int(span.attrs["_index"]))
        return _nest(accepted)

    def encode(self, parent: etree._Element, piece: Piece, context: DateContext,
               allow_notes: bool = True) -> None:
        """Append the encoded text of ``piece`` to ``parent`` (after anything already there)."""
        forest = self.spans(piece, context, allow_notes)
        self._render(parent, piece.text, 0, len(piece.text), forest, context)

    def _render(self, parent, text: str, start: int, end: int, spans: list[Span], context) -> None:
        position = start
        for span in spans:
            _append_text(parent, text[position:span.start])
            self._element(parent, text, span, context)
            position = span.end
        _append_text(parent, text[position:end])

    def _element(self, parent, text: str, span: Span, context) -> None:
        if span.kind == "note":
            self.used_notes.add(span.note.n)
            note = etree.SubElement(parent, _T + "note", n=span.note.n, place=V.NOTE_FOOT, resp="#" + PRINT_EDITORS)
            note.set(f"{{{XML_NS}}}id", self.note_id(span.note.n))
            self.encode(note, span.note.body, context, allow_notes=False)
            return
        if span.kind in ("choice", "abbr"):
            rule = span.rule
            choice = etree.SubElement(parent, _T + "choice")
            original, regular = ("sic", "corr") if span.kind == "choice" else ("abbr", "expan")
            etree.SubElement(choice, _T + original).text = text[span.start:span.end]
            reading = etree.SubElement(choice, _T + regular)
            reading.text = rule.replacement
            if span.kind == "choice":
                reading.set("resp", "#editor")
                if rule.cert:
                    reading.set("cert", rule.cert)
                if rule not in self.corrections:
                    self.corrections.append(rule)
            return
        if span.kind == "supplied":
            # the brackets are the print's way of marking the insertion: the element says it now
            self.supplied += 1
            element = etree.SubElement(parent, _T + "supplied", resp="#" + PRINT_EDITORS)
            self._render(element, text, span.start + 1, span.end - 1, span.children, context)
            return
        tag = {"date": "date", "q": "q", "said": "said", "mentioned": "mentioned", "foreign": "foreign"}[span.kind]
        element = etree.SubElement(parent, _T + tag)
        for name, value in span.attrs.items():
            if not name.startswith("_"):
                element.set(name, value)
        if span.kind == "foreign":
            element.set(f"{{{XML_NS}}}lang", span.rule.lang)
            self.languages_used.add(span.rule.lang)
        self._render(element, text, span.start, span.end, span.children, context)


def _supplied_spans(text: str) -> list[Span]:
    return [Span(m.start(), m.end(), "supplied") for m in _SUPPLIED.finditer(text)]


def _nest(spans: list[Span]) -> list[Span]:
    order = {kind: index for index, kind in enumerate(_NESTING)}
    roots: list[Span] = []
    stack: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end, order[s.kind])):
        span.children = []
        while stack and not span.within(stack[-1]):
            stack.pop()
        (stack[-1].children if stack else roots).append(span)
        stack.append(span)
    return roots


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
