"""The teiHeader, filled from the source's own lines and the editor's data, never invented.

Title, author and series come from the title lines; the print source (journal, volume, issue,
date, pages) from the "From …" line; the transcription's responsibilities from the credit lines;
its revision date from "Last updated on …". What the source does not say (a translator, a
licence) is not made up: the editor may state rights in editorial.toml, otherwise the header says
they are unknown. User-visible wording lives in :data:`TEXTS`.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from lxml import etree

from ..errors import EditionError
from ..xmlio import TEI_NS, XML_NS
from .dates import DateContext, DateValue, find_dates
from . import vocabulary as V
from .editorial import Editorial, Rule
from .inline import PRINT_EDITORS
from .structure import Document

_T = f"{{{TEI_NS}}}"

TEXTS = {
    "project": "A TEI P5 edition generated from a plain-text archive transcription by tei-edition, "
               "for reading online, in print and as plain text, and for reuse by libraries and researchers.",
    "edition": "TEI P5 edition, converted by tei-edition {version}",
    "responsibility": "editorial interventions: corrections of misprints, expansions of abbreviations, "
                      "and the identification of dates and foreign words",
    "editor-unnamed": "the editor of this edition",
    "print-editors": "the notes and the insertions in square brackets of the printed text",
    "print-editors-name": "The editors of {journal}",
    "print-editors-unnamed": "The editors of the printed source",
    "encoder": "TEI P5 encoding generated from the plain-text transcription",
    "thanks": "thanked in the transcription's credits",
    "availability-unknown": "The source transcription does not state the rights in this text; "
                            "check with its publisher before reuse.",
    "correction": "Misprints and transcription errors are corrected by the editor; the reading of the "
                  "source is kept beside each correction, so that either can be shown. "
                  "{count} correction(s):",
    "correction-places": "{item} (in {count} places)",
    "correction-none": "No corrections were made: the text is given as it stands in the source.",
    "normalization": "Spelling, capitalisation and punctuation are not normalised. Abbreviations "
                     "the editor identified are expanded, and the abbreviation is kept beside its "
                     "expansion. Every date is also recorded in the standard form (year-month-day), as "
                     "a single day, a range, or the earliest and latest days it can be; a year or month "
                     "the text leaves out is taken from the entry in which the date appears, and a "
                     "guess (an approximate or doubted date, or a year carried over to a date before "
                     "its entry) is marked as uncertain. The editor may date what the text leaves open.",
    "quotation": "Quotation marks are kept as they stand; quotations and speech are marked as such. "
                 "An unbalanced quotation mark is kept as text.",
    "segmentation": "The text is divided into its sections and its dated entries: a date on a line "
                    "of its own heads its entry, a date that opens a paragraph stays in its sentence "
                    "as the entry's run-in heading. Paragraphs are as in the source; each numbered "
                    "note stands at its marker; the closing signature ends the text.",
    "interpretation": "Speech is distinguished from other quotation by its introduction (a colon, "
                      "\"said\"); speakers, persons, places and organisations are linked to the "
                      "project's registers where they are identified.",
    "language-en": "English",
    "translated-from": "Translated from {language}.",
    "last-updated": "Transcription last updated (\"{text}\")",
    "conversion": "Converted from the plain-text source (SHA-256 {source}) with the editorial "
                  "decisions (SHA-256 {editorial}) by tei-edition {version}.",
}


def el(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    """A TEI child element with optional text and attributes (``xml_lang`` -> xml:lang)."""
    element = etree.SubElement(parent, _T + tag)
    for name, value in attrs.items():
        if value is None:
            continue
        key = f"{{{XML_NS}}}{name[4:]}" if name.startswith("xml_") else name.rstrip("_")
        element.set(key, value)
    if text is not None:
        element.text = text
    return element


def human_date(value: str) -> str:
    """"1937-08-01" -> "1 August 1937", "1937-08" -> "August 1937"; other forms unchanged."""
    parts = value.split("-")
    if not parts[0].isdigit():
        return value
    if len(parts) == 1:
        return value
    month = calendar.month_name[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


@dataclass
class TitleLines:
    """The title lines by role: the author's line, the main title, the subtitles (source order)."""

    author: str | None
    main: str
    subtitles: list[str]
    main_index: int | None  # index of the main title among the lines after the author's


def title_lines(doc: Document, editorial: Editorial, stem: str) -> TitleLines:
    """Who wrote it and which line is the title.

    With several lines the first is the author's; of the rest, the first is the main title and the
    others are subtitles, as a title page reads, unless ``[documents.<stem>] main_title`` in
    editorial.toml names another line (a kicker printed above the title, say).
    """
    lines = [p.text.strip() for p in doc.title_lines]
    author = lines[0] if len(lines) > 1 else None
    titles = lines[1:] if author else lines
    if not titles:
        return TitleLines(author, stem, [], None)
    chosen = editorial.document_info(stem).get("main_title")
    index = 0
    if chosen is not None:
        if chosen not in titles:
            raise EditionError(f"[documents.{stem}] main_title {chosen!r} is none of the title lines "
                               f"({'; '.join(titles)})", editorial.file, rule="editorial-format")
        index = titles.index(chosen)
    return TitleLines(author, titles[index], titles[:index] + titles[index + 1:], index)


@dataclass
class HeaderFacts:
    """What the converter learned while encoding the text, for the header."""

    version: str
    source_hash: str
    editorial_hash: str
    creation: tuple[str, str] | None = None
    corrections: list[Rule] = field(default_factory=list)
    languages: set[str] = field(default_factory=set)
    conversion_date: str | None = None
    source_additions: bool = False  # the source has its own notes or bracketed insertions


@dataclass
class SourceLine:
    """The print source as the "From …" line gives it."""

    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    date_text: str | None = None
    date: DateValue | None = None
    pages: tuple[str, str, str] | None = None  # (as written, from, to)


def parse_source_line(text: str) -> SourceLine:
    """Split "From The New International, Vol. XVI No. 1, January–February 1950, pp. 51–7."."""
    result = SourceLine()
    body = re.sub(r"^(?:From|Source:)\s+", "", text.strip()).rstrip(".")
    for index, part in enumerate(p.strip() for p in body.split(",")):
        volume = re.search(r"\bVol\.?\s*([\w.]+)", part)
        issue = re.search(r"\bNo\.?\s*([\w.]+)", part)
        pages = re.match(r"^pp?\.\s*(\d+)(?:\s*[-–]\s*(\d+))?", part)
        dates = find_dates(part, DateContext())
        if volume or issue:
            result.volume = volume.group(1) if volume else result.volume
            result.issue = issue.group(1) if issue else result.issue
        elif pages:
            first, last = pages.group(1), pages.group(2) or pages.group(1)
            if len(last) < len(first):  # "51–7" means 51 to 57
                last = first[: len(first) - len(last)] + last
            result.pages = (re.sub(r"^pp?\.\s*", "", part), first, last)
        elif dates and result.date is None and index > 0:
            result.date_text = part
            result.date = dates[0].value
        elif index == 0:
            result.journal = part
    return result


# Language names for the tags an editor is likely to give in translated_from; editorial.toml's
# [languages] table names any other.
_LANGUAGE_NAMES = {"fr": "French", "de": "German", "ru": "Russian", "es": "Spanish", "it": "Italian",
                   "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "yi": "Yiddish", "cs": "Czech",
                   "hu": "Hungarian", "ro": "Romanian", "sr": "Serbian", "hr": "Croatian", "bg": "Bulgarian"}
_TRANSLATED_FROM = re.compile(r"^Translated\s+from\s+(?:the\s+)?(?P<language>[A-Z][a-z]+)\b")


def source_language(doc: Document, editorial: Editorial, stem: str) -> str | None:
    """The language the text was translated from, in words: editorial.toml's ``translated_from`` (a
    language tag) for the document, else what a credit line says ("Translated from the French by …")."""
    tag = editorial.document_info(stem).get("translated_from")
    if tag:
        return editorial.languages.get(tag) or _LANGUAGE_NAMES.get(tag.split("-")[0]) or tag
    for credit in doc.credits:
        found = _TRANSLATED_FROM.match(credit.text.strip())
        if found:
            return found.group("language")
    return None


_CREDIT_BY = re.compile(r"^(?P<resp>.+?)\s+by\s+(?P<name>.+?)(?:\s+for\s+(?:the\s+)?(?P<org>.+?))?\.?$")
_THANKS = re.compile(r"^Thanks to\s+(?P<name>.+?)\.?$", re.I)


def parse_credit(text: str) -> tuple[str, str, str | None] | None:
    """(responsibility, name, organisation) from a credit line, or None when it names nobody."""
    text = text.strip()
    thanks = _THANKS.match(text)
    if thanks:
        return TEXTS["thanks"], thanks.group("name"), None
    by = _CREDIT_BY.match(text)
    if by:
        return by.group("resp"), by.group("name"), by.group("org")
    return None


def build_header(doc: Document, editorial: Editorial, stem: str, facts: HeaderFacts) -> etree._Element:
    """The complete teiHeader for one document."""
    header = etree.Element(_T + "teiHeader")
    roles = title_lines(doc, editorial, stem)
    main_title, author, subtitles = roles.main, roles.author, roles.subtitles
    credits = [c for c in (parse_credit(p.text) for p in doc.credits) if c]
    edition = editorial.edition

    file_desc = el(header, "fileDesc")
    title_stmt = el(file_desc, "titleStmt")
    el(title_stmt, "title", main_title, type="main")
    for sub in subtitles:
        el(title_stmt, "title", sub, type="sub")
    if author:
        el(title_stmt, "author", author)
    for resp, name, _org in credits:
        stmt = el(title_stmt, "respStmt")
        el(stmt, "resp", resp)
        el(stmt, "name", name)
    if facts.source_additions:
        journal = parse_source_line(doc.source_line.text).journal if doc.source_line is not None else None
        stmt = el(title_stmt, "respStmt", **{"xml_id": PRINT_EDITORS})
        el(stmt, "resp", TEXTS["print-editors"])
        el(stmt, "name", TEXTS["print-editors-name"].format(journal=journal) if journal
           else TEXTS["print-editors-unnamed"])
    stmt = el(title_stmt, "respStmt", **{"xml_id": "editor"})
    el(stmt, "resp", TEXTS["responsibility"])
    el(stmt, "name", edition.get("editor") or TEXTS["editor-unnamed"])
    stmt = el(title_stmt, "respStmt")
    el(stmt, "resp", TEXTS["encoder"])
    el(stmt, "name", f"tei-edition {facts.version}")

    edition_stmt = el(file_desc, "editionStmt")
    el(edition_stmt, "edition", TEXTS["edition"].format(version=facts.version))

    publication = el(file_desc, "publicationStmt")
    if edition.get("publisher"):
        el(publication, "publisher", edition["publisher"])
    else:
        el(publication, "authority", edition.get("editor") or TEXTS["editor-unnamed"])
    el(publication, "idno", stem, type="tei-edition")
    availability = el(publication, "availability", status=edition.get("availability_status", V.AVAILABILITY_UNKNOWN))
    el(availability, "p", edition.get("availability") or TEXTS["availability-unknown"])

    _source_desc(file_desc, doc, main_title, author, subtitles, credits, editorial, stem)
    _encoding_desc(header, editorial, facts)
    _profile_desc(header, editorial, stem, facts)
    _revision_desc(header, doc, facts)
    return header


def _source_desc(file_desc, doc: Document, main_title, author, subtitles, credits, editorial: Editorial,
                 stem: str) -> None:
    list_bibl = el(el(file_desc, "sourceDesc"), "listBibl")
    if doc.source_line is not None:
        source = parse_source_line(doc.source_line.text)
        bibl = el(list_bibl, "bibl", type="print")
        if author:
            el(bibl, "author", author)
        el(bibl, "title", main_title, level=V.LEVEL_ARTICLE)
        for sub in subtitles:
            el(bibl, "title", sub, level=V.LEVEL_ARTICLE, type="sub")
        if source.journal:
            el(bibl, "title", source.journal, level=V.LEVEL_JOURNAL)
        if source.volume:
            el(bibl, "biblScope", source.volume, unit="volume")
        if source.issue:
            el(bibl, "biblScope", source.issue, unit="issue")
        if source.date_text:
            el(bibl, "date", source.date_text, **source.date.attributes())
        if source.pages:
            written, first, last = source.pages
            el(bibl, "biblScope", written, unit="page", **{"from": first, "to": last})
        translated = source_language(doc, editorial, stem)
        if translated:
            el(bibl, "note", TEXTS["translated-from"].format(language=translated), type="translation")
        if not (source.journal and source.date_text):
            # what the line says that the fields above could not take is kept in its own words;
            # otherwise the line would only repeat them (readers saw the imprint twice)
            el(bibl, "note", doc.source_line.text.strip())
    if credits or doc.last_updated is not None:
        bibl = el(list_bibl, "bibl", type="transcription")
        el(bibl, "title", main_title)
        for resp, name, org in credits:
            stmt = el(bibl, "respStmt")
            el(stmt, "resp", resp)
            el(stmt, "name", name)
        publishers = [org for _resp, _name, org in credits if org]
        if publishers:
            el(bibl, "publisher", publishers[0])
        if doc.last_updated is not None:
            text = doc.last_updated.text.strip()
            found = find_dates(text, DateContext())
            if found:
                el(bibl, "date", text, type="updated", **found[-1].value.attributes())
    if not len(list_bibl):
        el(list_bibl, "bibl", "A plain-text transcription without a statement of its source.")


def _encoding_desc(header, editorial: Editorial, facts: HeaderFacts) -> None:
    encoding = el(header, "encodingDesc")
    el(el(encoding, "projectDesc"), "p", editorial.edition.get("project") or TEXTS["project"])
    decl = el(encoding, "editorialDecl")
    correction = el(decl, "correction")
    if facts.corrections:
        p = el(correction, "p", TEXTS["correction"].format(count=len(facts.corrections)))
        items = el(p, "list")
        # The same correction made in several places is listed once, with how many places.
        counts: dict[str, int] = {}
        for rule in facts.corrections:
            reason = f": {rule.reason}" if rule.reason else ""
            item = f"“{rule.text}” → “{rule.replacement}”{reason}"
            counts[item] = counts.get(item, 0) + 1
        for item, count in counts.items():
            el(items, "item", TEXTS["correction-places"].format(item=item, count=count) if count > 1 else item)
    else:
        el(correction, "p", TEXTS["correction-none"])
    el(el(decl, "normalization"), "p", TEXTS["normalization"])
    el(el(decl, "quotation", marks=V.MARKS_ALL), "p", TEXTS["quotation"])
    el(el(decl, "segmentation"), "p", TEXTS["segmentation"])
    el(el(decl, "interpretation"), "p", TEXTS["interpretation"])


def _profile_desc(header, editorial: Editorial, stem: str, facts: HeaderFacts) -> None:
    profile = el(header, "profileDesc")
    lang_usage = el(profile, "langUsage")
    el(lang_usage, "language", TEXTS["language-en"], ident="en")
    for tag in sorted(facts.languages):
        el(lang_usage, "language", editorial.languages.get(tag, tag), ident=tag)
    if facts.creation:
        start, end = facts.creation
        creation = el(profile, "creation")
        if start == end:
            el(creation, "date", human_date(start), when=start)
        else:
            el(creation, "date", f"{human_date(start)} – {human_date(end)}", **{"from": start, "to": end})
    info = editorial.document_info(stem)
    if info.get("abstract"):
        el(el(profile, "abstract"), "p", info["abstract"])
    if info.get("keywords"):
        keywords = el(el(profile, "textClass"), "keywords")
        for term in info["keywords"]:
            el(keywords, "term", term)


def _revision_desc(header, doc: Document, facts: HeaderFacts) -> None:
    revisions = el(header, "revisionDesc")
    conversion = TEXTS["conversion"].format(source=facts.source_hash, editorial=facts.editorial_hash,
                                            version=facts.version)
    el(revisions, "change", conversion, when=facts.conversion_date, n=f"tei-edition {facts.version}",
       type="conversion")
    if doc.last_updated is not None:
        text = doc.last_updated.text.strip()
        found = find_dates(text, DateContext())
        attrs = found[-1].value.attributes() if found else {}
        el(revisions, "change", TEXTS["last-updated"].format(text=text), type="source", **attrs)
