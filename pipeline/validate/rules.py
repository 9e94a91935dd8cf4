"""The edition's reference rules: what a grammar cannot say about a TEI document.

Each rule is a function ``rule(document, context) -> findings`` registered in :data:`RULES`; they run
on any TEI document whatever schema it is validated against, and report on the offending element
(and attribute). Severities are decided here:

* errors: a pointer that resolves nowhere, a duplicate xml:id, a date that is not a real date or
  whose range runs backwards, a yearless date (--MM-DD) inside an entry whose heading gives the
  year, a choice without both readings, an empty name tag or note;
* warnings: a pointer that only the registers resolve (the document's own standOff lacks the entry),
  an unused standOff or register entry, a table cell spanning beyond its table, and an in-text date earlier than its entry's heading date
  without @cert. A diary may recall the past, so that last one is a question to the editor, not a
  fault: it catches dates the converter resolved into the wrong month or year, and @cert="low|medium"
  on the date answers it.

Pointers are checked inside the document and into the register files; pointers to other files and
URLs with a scheme (https:, mailto:, a TEI prefix such as pmb:) are not followed, so validation never
reads a file it was not given.
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from ..xmlio import TEI_NS, XML_NS
from ..entities.registers import RegisterFile, Registers, register_entries
from ..w3cdates import BadDate, date_range, is_yearless
from .sourcedoc import Finding, SourceDocument, element_label

XML_ID = f"{{{XML_NS}}}id"
POINTER_ATTRIBUTES = ("ref", "who", "target", "corresp", "resp", "sameAs", "next", "prev")
DATE_ATTRIBUTES = ("when", "notBefore", "notAfter", "from", "to")
# Elements whose @from/@to are not dates (page numbers, pointers).
NOT_DATED = frozenset({"biblScope", "citedRange", "locus", "locusGrp", "span", "app", "arc", "relation",
                       "when", "alt", "link", "precision", "timeline"})
ENTITY_NAMES = frozenset({"persName", "placeName", "orgName", "name", "rs"})
READING_PAIRS = {"sic": "corr", "corr": "sic", "abbr": "expan", "expan": "abbr", "orig": "reg", "reg": "orig"}
# Elements that give a note content even without text.
CONTENTFUL = frozenset({"ptr", "ref", "graphic", "figure", "gap", "formula", "media", "table", "list"})
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def tei(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def local(element: etree._Element) -> str | None:
    """The TEI local name of an element, None for elements of other namespaces."""
    qname = etree.QName(element)
    return qname.localname if qname.namespace == TEI_NS else None


def text_of(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# --------------------------------------------------------------------------- registers

def is_register(document: SourceDocument) -> bool:
    """A register file: a TEI document with a standOff, in a register/ folder or without a text."""
    root = document.root
    if local(root) != "TEI" or root.find(tei("standOff")) is None:
        return False
    return document.path.parent.name == "register" or root.find(tei("text")) is None


# --------------------------------------------------------------------------- rule context

@dataclass
class Context:
    """What every rule may consult: the document's own ids and the registers."""

    document: SourceDocument
    registers: Registers
    ids: dict[str, etree._Element] = field(default_factory=dict)

    @classmethod
    def of(cls, document: SourceDocument, registers: Registers) -> Context:
        ids: dict[str, etree._Element] = {}
        for element in document.elements:
            identifier = element.get(XML_ID)
            if identifier is not None:
                ids.setdefault(identifier, element)
        return cls(document, registers, ids)


Rule = Callable[[SourceDocument, Context], Iterator[Finding]]
RULES: list[Rule] = []


def rule(function: Rule) -> Rule:
    RULES.append(function)
    return function


def run_rules(document: SourceDocument, registers: Registers) -> list[Finding]:
    """Every finding of every rule on one document."""
    context = Context.of(document, registers)
    findings: list[Finding] = []
    for check in RULES:
        findings.extend(check(document, context))
    return findings


# --------------------------------------------------------------------------- identifiers and pointers

@rule
def unique_ids(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for element in document.elements:
        identifier = element.get(XML_ID)
        first = context.ids.get(identifier) if identifier is not None else None
        if first is not None and first is not element:
            line = document.position(first)[0]
            yield Finding("error", f'{element_label(element)}: xml:id "{identifier}" is used more than once '
                          f"(first on line {line})", "id-unique", element, XML_ID)


def pointer_tokens(element: etree._Element) -> Iterator[tuple[str, str]]:
    """(attribute, token) for every pointer in the element's pointer attributes."""
    for attribute in POINTER_ATTRIBUTES:
        value = element.get(attribute)
        if value is not None:
            for token in value.split():
                yield attribute, token


def pointed_ids(document: SourceDocument, *, into: str | None = None) -> set[str]:
    """The ids a document's pointers aim at ("#id", or "file#id" when ``into`` names that file)."""
    found = set()
    for element in document.elements:
        for _, token in pointer_tokens(element):
            if _SCHEME.match(token) or "#" not in token:
                continue
            file, _, identifier = token.partition("#")
            if not file or (into is not None and Path(file).name == into):
                found.add(identifier)
    return found


@rule
def pointers_resolve(document: SourceDocument, context: Context) -> Iterator[Finding]:
    register_file = is_register(document)
    for element in document.elements:
        for attribute, token in pointer_tokens(element):
            if _SCHEME.match(token) or "#" not in token:
                continue  # a URL, a prefixed pointer or a whole file: never fetched
            file, _, identifier = token.partition("#")
            label = f'{element_label(element)}: @{attribute}="{token}"'
            if not identifier:
                yield Finding("error", f"{label} has an empty fragment after #", "pointer-unresolved",
                              element, attribute)
                continue
            if file and Path(file).name != document.path.name:
                register = context.registers.by_name.get(Path(file).name)
                if register is not None and identifier not in register.entries:
                    yield Finding("error", f"{label} names no entry of the register {register.path.name}",
                                  "pointer-unresolved", element, attribute)
                continue  # another file that is not a register: not ours to open
            if identifier in context.ids:
                continue
            register = context.registers.find(identifier)
            if register is None:
                yield Finding("error", f"{label} points at nothing: no xml:id \"{identifier}\" in this "
                              "document or the registers", "pointer-unresolved", element, attribute)
            elif not register_file:
                yield Finding("warning", f"{label} is only in the register {register.path.name}, not in this "
                              "document's standOff (run `edition tag` to copy it)", "pointer-register-only",
                              element, attribute)


def _used_with_ancestors(entries: dict[str, etree._Element], used: set[str]) -> set[str]:
    # A used place brings the places it lies in (its ancestors in a nested listPlace) with it.
    result = set(used)
    for identifier in used:
        element = entries.get(identifier)
        parent = element.getparent() if element is not None else None
        while parent is not None:
            if parent.get(XML_ID) in entries:
                result.add(parent.get(XML_ID))
            parent = parent.getparent()
    return result


@rule
def standoff_entries_used(document: SourceDocument, context: Context) -> Iterator[Finding]:
    if is_register(document):
        return  # a register's use is judged against the documents validated with it
    entries = register_entries(document.root)
    if not entries:
        return
    used = set()
    for element in document.elements:
        for _, token in pointer_tokens(element):
            file, _, identifier = token.partition("#")
            if not file and identifier in entries and entries[identifier] not in element.iterancestors():
                if element is not entries[identifier]:
                    used.add(identifier)
    used = _used_with_ancestors(entries, used)
    for identifier, element in entries.items():
        if identifier not in used:
            yield Finding("warning", f'{element_label(element)} "{identifier}" in the standOff is never referred to',
                          "entry-unused", element, XML_ID)


def unused_register_entries(register: RegisterFile, documents: list[SourceDocument]) -> list[Finding]:
    """Register entries that none of ``documents`` points at or copies into its standOff."""
    used: set[str] = set()
    for document in documents:
        used |= pointed_ids(document, into=register.path.name)
        used |= set(register_entries(document.root))
    used = _used_with_ancestors(register.entries, used)
    return [Finding("warning", f'{element_label(element)} "{identifier}" of the register is not used by any of the '
                    "documents validated with it", "entry-unused", element, XML_ID)
            for identifier, element in register.entries.items() if identifier not in used]


# --------------------------------------------------------------------------- dates

def _dated_attributes(element: etree._Element) -> Iterator[str]:
    name = local(element)
    if name is None:
        return
    for attribute in DATE_ATTRIBUTES:
        if attribute in element.attrib and not (attribute in ("from", "to") and name in NOT_DATED):
            yield attribute


def element_span(element: etree._Element) -> tuple[date | None, date | None]:
    """Earliest and latest day an element's dating attributes allow (None where unknown or invalid)."""
    lows, highs = [], []
    for attribute in _dated_attributes(element):
        try:
            found = date_range(element.get(attribute))
        except BadDate:
            continue
        if found is None:
            continue
        if attribute in ("when", "from", "notBefore"):
            lows.append(found[0])
        if attribute in ("when", "to", "notAfter"):
            highs.append(found[1])
        if attribute == "from" and "to" not in element.attrib:
            highs.append(date.max)
    return (min(lows) if lows else None), (max(highs) if highs else None)


@rule
def dates_are_real(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for element in document.elements:
        ranges = {}
        for attribute in _dated_attributes(element):
            value = element.get(attribute)
            try:
                ranges[attribute] = date_range(value)
            except BadDate as why:
                yield Finding("error", f'{element_label(element)}: @{attribute}="{value}" {why}', "date-valid",
                              element, attribute)
        if "when" in element.attrib and any(a in ranges for a in ("from", "to", "notBefore", "notAfter")):
            yield Finding("error", f"{element_label(element)}: a date with @when cannot also have @from, @to, "
                          "@notBefore or @notAfter", "date-attributes", element)
        for start, end in (("from", "to"), ("notBefore", "notAfter")):
            if ranges.get(start) and ranges.get(end) and ranges[start][0] > ranges[end][1]:
                yield Finding("error", f'{element_label(element)}: @{start}="{element.get(start)}" is after '
                              f'@{end}="{element.get(end)}"', "date-order", element, start)


def _entry_heading(entry: etree._Element) -> etree._Element | None:
    """The element that dates an entry: its head, or the run-in label opening its first paragraph."""
    head = entry.find(tei("head"))
    if head is not None:
        return head
    first = next((child for child in entry if isinstance(child.tag, str)), None)
    if first is not None and local(first) == "p" and len(first) and local(first[0]) == "label" \
            and not (first.text or "").strip():
        return first[0]
    return None


def _dated_entries(document: SourceDocument) -> Iterator[tuple[etree._Element, etree._Element,
                                                                  etree._Element, date]]:
    """(entry, head, heading date, its first day) for each entry whose heading names a real day."""
    for entry in document.root.iter(tei("div")):
        if entry.get("type") != "entry":
            continue
        head = _entry_heading(entry)
        heading = head.find(f".//{tei('date')}") if head is not None else None
        start = element_span(heading)[0] if heading is not None else None
        if start is not None:
            yield entry, head, heading, start


@rule
def entry_dates_follow_heading(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for entry, head, heading, start in _dated_entries(document):
        for dated in entry.iter(tei("date")):
            if dated is heading or dated.get("cert") is not None:
                continue
            if any(local(a) == "note" or a is head for a in dated.iterancestors()):
                continue  # editorial notes may cite any date; the head is the heading itself
            latest = element_span(dated)[1]
            # A year written out ("in ’28", "1925-26") is the diarist's own: only inferred dates can be wrong.
            if latest is None or latest >= start or f"{latest.year % 100:02d}" in text_of(dated):
                continue
            yield Finding("warning", f"{element_label(dated)}: \"{text_of(dated)}\" ({latest.isoformat()}) is "
                          f"before the entry's date ({start.isoformat()}); add @cert if that is intended",
                          "date-before-entry", dated)


# "13th", "the 13th", "On the 13th": a date that names only its day; its month and year are its entry's.
_DAY_ONLY = re.compile(r"^(?:on\s+)?(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\.?$", re.I)


def _months(low: date | None, high: date | None) -> set[tuple[int, int]]:
    """Every (year, month) from low to high (at most a few years' worth)."""
    if low is None:
        return set()
    high = high or low
    months, year, month = set(), low.year, low.month
    while (year, month) <= (high.year, high.month) and len(months) < 60:
        months.add((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


@rule
def day_only_dates_fall_in_their_entrys_month(document: SourceDocument, context: Context) -> Iterator[Finding]:
    # "On the 13th" in the entry of 1 September 1937 is 13 September 1937 -- or a later month the
    # entry has named before it ("… in October. On the 2nd …"); any other month is a slip.
    for entry, head, heading, _start in _dated_entries(document):
        allowed = _months(*element_span(heading))
        for dated in entry.iter(tei("date")):
            if dated is heading or dated.get("cert") is not None:
                continue
            if any(local(a) == "note" or a is head for a in dated.iterancestors()):
                continue
            low, high = element_span(dated)
            if not _DAY_ONLY.match(text_of(dated)):
                allowed |= _months(low, high)  # a month the entry names carries on
                continue
            when = (dated.get("when") or "").strip()
            if low is None or len(when) != 10 or (low.year, low.month) in allowed:
                continue
            if allowed and (low.year, low.month) < min(allowed):
                continue  # before the entry: date-before-entry says so
            year, month = min(allowed) if allowed else (low.year, low.month)
            yield Finding("error", f'{element_label(dated)}: "{text_of(dated)}" names only a day, but '
                          f'@when="{when}" puts it in {calendar.month_name[low.month]} {low.year}, a month its '
                          f"entry ({text_of(heading)}) does not reach: did you mean {year:04d}-{month:02d}-"
                          f"{low.day:02d}? (add @cert if the date is right)", "date-day-month", dated, "when")


@rule
def dates_have_the_year_their_entry_gives(document: SourceDocument, context: Context) -> Iterator[Finding]:
    # --MM and --MM-DD are for texts that never name their year; inside an entry dated with a year
    # the year is known, and a yearless date there has no place in the chronology.
    for entry, _head, _heading, start in _dated_entries(document):
        for dated in entry.iter(tei("date")):
            for attribute in _dated_attributes(dated):
                value = (dated.get(attribute) or "").strip()
                if is_yearless(value) and value.startswith("--"):
                    yield Finding("error", f'{element_label(dated)}: @{attribute}="{value}" has no year, but the '
                                  f"entry is dated {start.year}: give the year (e.g. {start.year}{value[1:]})",
                                  "date-yearless", dated, attribute)


# --------------------------------------------------------------------------- content rules

@rule
def choices_have_both_readings(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for choice in document.root.iter(tei("choice")):
        readings = [child for child in choice if isinstance(child.tag, str)]
        names = [local(child) for child in readings]
        if len(readings) < 2:
            held = f"only <{names[0]}>" if names else "nothing"
            yield Finding("error", f"<choice>: needs two readings (sic/corr, abbr/expan or orig/reg); it holds {held}",
                          "choice-readings", choice)
            continue
        for name in names:
            partner = READING_PAIRS.get(name or "")
            if partner and partner not in names:
                yield Finding("error", f"<choice>: <{name}> has no <{partner}> beside it", "choice-readings", choice)
                break
        for reading in readings:
            if local(reading) in READING_PAIRS and not text_of(reading) and not len(reading):
                yield Finding("error", f"{element_label(reading)}: a reading of a choice must not be empty",
                              "choice-readings", reading)


@rule
def entity_tags_not_empty(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for element in document.elements:
        if local(element) in ENTITY_NAMES and not text_of(element):
            yield Finding("error", f"{element_label(element)}: a name tag must contain the name it tags",
                          "entity-empty", element)


@rule
def notes_not_empty(document: SourceDocument, context: Context) -> Iterator[Finding]:
    for note in document.root.iter(tei("note")):
        if not text_of(note) and not any(local(d) in CONTENTFUL for d in note.iterdescendants(etree.Element)):
            yield Finding("error", "<note>: a note must not be empty", "note-empty", note)


@rule
def table_spans_fit(document: SourceDocument, context: Context) -> Iterator[Finding]:
    """A cell spanning more columns than the table's widest row has, or more rows than follow it.

    The stylesheets render such a span as far as the table goes (ed:cell-span in
    xslt/core/behaviours.xsl): the number is the document's, and unbounded it made gigabytes of FO.
    """
    for table in document.tree.getroot().iter(tei("table")):
        rows = table.findall(tei("row"))
        width = max((len(row.findall(tei("cell"))) for row in rows), default=0)
        for index, row in enumerate(rows):
            for cell in row.findall(tei("cell")):
                for attribute, limit, what in (("cols", width, "columns than the table has"),
                                               ("rows", len(rows) - index, "rows than the table has from here")):
                    value = (cell.get(attribute) or "").strip()
                    if re.fullmatch(r"[+-]?\d+", value) and int(value) > max(1, limit):
                        yield Finding("warning", f'<cell>: @{attribute}="{value}" is more {what}; it is '
                                      f"rendered as {max(1, limit)}", "table-span", cell, attribute)
