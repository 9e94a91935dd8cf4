"""Test helpers for TEI documents: small synthetic documents, and word counting for "nothing lost" checks.

Word counting compares the words of a TEI document against those of an output.

A word is a run of letters and digits (Unicode-aware), compared case-folded, as a multiset: a word
that occurs five times in the source must occur five times in the output. Markup can split a word
without a space ("<hi rend='initial'>W</hi>ord", "Lon<lb break='no'/>don"), and an output rightly
joins the parts; such parts (touching a neighbouring text node with no space between) count as kept
when they occur inside any output word.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

TEI = "{http://www.tei-c.org/ns/1.0}"
# Letters and digits, with the combining marks that belong to them ("yǝ̄", "q̄"); text is NFC-normalised
# first so that a precomposed and a decomposed letter count as the same word.
WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])*")


def without_unclear_dots(text: str) -> str:
    """``text`` without the dots below (U+0323) an edition puts under unclear letters ("ạḅ" is "ab")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).replace("\u0323", ""))


def tokens(text: str) -> list[str]:
    """The case-folded words of ``text``; the dots below of unclear letters do not make other words."""
    return [token.casefold() for token in WORD.findall(without_unclear_dots(text))]


def _is_word_char(text: str) -> bool:
    return bool(text) and bool(WORD.match(text))


@dataclass
class Words:
    """The words of a source: those standing alone and those glued to a neighbour by markup."""

    free: Counter = field(default_factory=Counter)
    glued: Counter = field(default_factory=Counter)
    # With one_reading: per <choice>, the words of each alternative; one of them is enough.
    choices: list[list[Counter]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return (sum(self.free.values()) + sum(self.glued.values())
                + sum(max(sum(alt.values()) for alt in alts) for alts in self.choices if alts))


def content_elements(root: etree._Element) -> list[etree._Element]:
    """The outermost ``text`` elements of a TEI or teiCorpus document; ``sourceDoc`` where there is none."""
    texts = [t for t in root.iter(f"{TEI}text") if not any(a.tag == f"{TEI}text" for a in t.iterancestors())]
    return texts or list(root.iter(f"{TEI}sourceDoc"))


# Elements whose own text is only layout whitespace: "mit<choice> <corr/> <sic>t</sic> </choice>i" is
# one word to a reader.
_ELEMENT_ONLY = {f"{TEI}{name}" for name in ("choice", "subst", "app", "rdgGrp")}


def source_words(elements: list[etree._Element], *, one_reading: bool = False) -> Words:
    """Count the words of ``elements`` (their text nodes in document order).

    ``one_reading``: a plain text is one reading of the document, so of each ``choice`` (sic/corr,
    abbr/expan, orig/reg) the words of one alternative are enough; otherwise all count.
    """
    words = Words()
    for element in elements:
        # (text, counted) in document order; a choice read as one unit is a stand-in that is not
        # counted here but still glues to the words around it ("sanctoru<choice>m̄|m</choice>").
        chunks: list[tuple[str, bool]] = []
        outer: set[etree._Element] = set()  # kept alive, so lxml hands out the same proxies
        if one_reading:
            for choice in element.iter(f"{TEI}choice"):
                if any(a in outer for a in choice.iterancestors()):
                    continue
                outer.add(choice)
                # Split at inner markup ("<supplied>inu</supplied>iolabilit<am/>"): outputs mark such
                # parts differently, so each part is matched like a glued word.
                words.choices.append([Counter(tokens(" ".join(alt.itertext()))) for alt in choice
                                      if isinstance(alt.tag, str)])
        skip_depth = 0
        for event, node in etree.iterwalk(element, events=("start", "end")):
            if node is element and event == "start":
                chunks.append((node.text or "", True))
                continue
            if node in outer:
                if event == "start":
                    skip_depth += 1
                    # The output shows one alternative, so a neighbouring word may touch any of
                    # them; where one is empty (<corr/>: the editor deleted the word) the words
                    # either side may touch each other ("0<choice><sic>-</sic><corr/></choice>0"
                    # reads "00"). Then a word character stands in and they count as glued.
                    texts = ["".join(a.itertext()).strip() for a in node if isinstance(a.tag, str)]
                    touching = any(not t or _is_word_char(t[:1]) or _is_word_char(t[-1:]) for t in texts)
                    stand_in = "x" if touching else next((t for t in texts if t), "")
                    chunks.append((stand_in, False))
                else:
                    skip_depth -= 1
                    chunks.append((node.tail or "", skip_depth == 0))
                continue
            if skip_depth or node is element:
                continue
            if event == "start" and isinstance(node.tag, str):
                if node.text and (node.text.strip() or node.tag not in _ELEMENT_ONLY):
                    chunks.append((node.text, True))
            elif event == "end" and node.tail:
                parent = node.getparent()
                if node.tail.strip() or (parent is not None and parent.tag not in _ELEMENT_ONLY):
                    chunks.append((node.tail, True))
        chunks = [(text, counted) for text, counted in chunks if text]
        for index, (chunk, counted) in enumerate(chunks):
            words_here = tokens(chunk) if counted else []
            if not words_here:
                continue
            glued_before = index > 0 and _is_word_char(chunk[:1]) and _is_word_char(chunks[index - 1][0][-1:])
            glued_after = (index + 1 < len(chunks) and _is_word_char(chunk[-1:])
                           and _is_word_char(chunks[index + 1][0][:1]))
            for position, token in enumerate(words_here):
                glued = (position == 0 and glued_before) or (position == len(words_here) - 1 and glued_after)
                (words.glued if glued else words.free)[token] += 1
    return words


# Elements that a reader sees as separate lines or cells: their text must not run into the next.
_HTML_BLOCKS = {"p", "div", "li", "td", "th", "tr", "br", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt",
                "section", "article", "header", "footer", "nav", "aside", "blockquote", "pre", "table", "ul",
                "ol", "dl", "figure", "figcaption", "hr", "main", "title", "caption", "summary", "details",
                "tbody", "thead", "tfoot", "body", "html", "head", "address", "option", "label", "img"}
_FO_BLOCKS = {"block", "block-container", "table-cell", "table-row", "list-item", "list-item-label",
              "list-item-body", "footnote-body", "page-sequence", "flow", "static-content", "marker",
              "bookmark", "bookmark-title"}


def _separate_blocks(root: etree._Element, blocks: set[str]) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and etree.QName(element).localname.lower() in blocks:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")


def output_text(path: Path) -> str:
    """The readable text of an output file: HTML body text, FO text nodes, or the plain text.

    Block boundaries (paragraphs, list items, table cells, FO blocks) separate words as a reader
    sees them; inline markup does not.
    """
    data = path.read_bytes()
    if path.suffix in (".html", ".htm"):
        document = lxml_html.document_fromstring(data)
        for node in document.xpath("//script | //style"):
            node.drop_tree()
        _separate_blocks(document, _HTML_BLOCKS)
        # The two readings of a choice sit side by side and CSS shows one at a time, and a note or
        # apparatus call is a superscript: a reader never sees them run into a word, so they are
        # told apart.
        for element in document.xpath("//*[contains(@class, 'reading-corrected') or contains(@class, 'reading-diplomatic')"
                                      " or contains(@class, 'note-call') or contains(@class, 'app-call')]"):
            element.tail = " " + (element.tail or "")
            element.text = " " + (element.text or "")
        return document.text_content()
    if path.suffix == ".fo":
        root = etree.fromstring(data)
        _separate_blocks(root, _FO_BLOCKS)
        return "".join(root.itertext())
    return data.decode("utf-8")


def output_words(text: str) -> Counter:
    return Counter(tokens(text))


@dataclass
class Kept:
    ratio: float
    total: int
    missing: Counter

    def describe(self) -> str:
        return (f"{self.ratio:.2%} of {self.total} words kept; most missing: "
                + ", ".join(f"{w}×{n}" for w, n in self.missing.most_common(12)))


def words_kept(source: Words, output: str) -> Kept:
    """How many of the source's words the output text holds (multiset)."""
    available = output_words(output)
    missing: Counter = Counter()
    for word, count in source.free.items():
        short = count - min(count, available[word])
        available[word] -= count - short
        if short:
            missing[word] = short
    joined = " ".join(available)  # every output word, once, for glued parts
    for word, count in source.glued.items():
        usable = min(count, max(available[word], 0))
        available[word] -= usable
        if count - usable and word not in joined:
            missing[word] += count - usable
    for alternatives in source.choices:
        if not alternatives:
            continue
        # The alternative the output lacks least of: an empty one (an editor's deletion, <corr/>)
        # lacks nothing, since that reading rightly has no words there.
        best = min(alternatives, key=lambda alt: sum(0 if w in joined else max(n - max(available[w], 0), 0)
                                                      for w, n in alt.items()))
        for word, count in best.items():
            usable = min(count, max(available[word], 0))
            available[word] -= usable
            if count - usable and word not in joined:
                missing[word] += count - usable
    total = source.total
    lost = sum(missing.values())
    return Kept(1.0 if total == 0 else (total - lost) / total, total, missing)


TEI_NS = "http://www.tei-c.org/ns/1.0"
HEADER = ("<teiHeader><fileDesc><titleStmt><title>Synthetic test document</title></titleStmt>"
          "<publicationStmt><p>Not published</p></publicationStmt><sourceDesc><p>Made for the tests</p>"
          "</sourceDesc></fileDesc></teiHeader>")


def tei_document(body: str, *, prolog: str = "", root_attributes: str = "", after_header: str = "",
                 text: bool = True) -> str:
    """A minimal valid-shaped TEI document whose ``text/body`` holds ``body``."""
    content = f"<text><body>{body}</body></text>" if text else ""
    return f'{prolog}<TEI xmlns="{TEI_NS}"{root_attributes}>{HEADER}{after_header}{content}</TEI>'


@lru_cache(maxsize=8)
def compiled_stylesheet(text: str):
    """Saxon's processor and the stylesheet ``text`` compiled by it, once per text and process (the
    checks of core services against their definitions compile one each)."""
    from pipeline.publish.transform import _processor

    processor = _processor()
    return processor, processor.new_xslt30_processor().compile_stylesheet(stylesheet_text=text)


def checking_stylesheet(imported: Path, body: str) -> str:
    """A stylesheet that imports ``imported`` (a stylesheet of xslt/) and writes text: ``body``, its
    declarations, compares the core's services with their definitions (prefix def:) and reports
    each difference. The prefixes xs, ed, tei and def are declared."""
    return f"""<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="https://tei-edition.org/ns/ed"
    xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:def="urn:definitions" exclude-result-prefixes="#all">
  <xsl:import href="{imported.as_uri()}"/>
  <xsl:output method="text"/>
  {body}
</xsl:stylesheet>"""


def pattern_branches(pattern: str) -> list[str]:
    """A pattern's alternatives (split at the unions outside predicates and calls), spaces normalised."""
    branches, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        depth += char in "[(" or -(char in "])")
        if char == "|" and depth == 0:
            branches.append(pattern[start:i])
            start = i + 1
    branches.append(pattern[start:])
    return [" ".join(b.split()) for b in branches]


def xslt_static_strings(trees) -> dict[str, str]:
    """The static variables of ``trees`` whose value is a string written out: name -> the string."""
    literals = {v.get("name"): re.fullmatch(r"'(.*)'", v.get("select") or "", re.S)
                for tree in trees for v in tree.iter("{http://www.w3.org/1999/XSL/Transform}variable")
                if v.get("static") == "yes"}
    return {name: literal.group(1) for name, literal in literals.items() if literal}
