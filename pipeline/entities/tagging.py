"""Tag persons, places and organisations in TEI from the registers, and report on them.

Tagging is register-driven and deterministic. Every element outside the teiHeader and standOff is
read as a run of text in which names are looked for; ``lb``/``pb`` count as a space (a name split by a
line break still matches), editorial ``choice``/``abbr``/``sic`` count as the text as written and are
wrapped whole (a correction that splits one printed name into two is tagged in its ``corr``), phrase
markup such as ``foreign``/``hi`` is wrapped whole when a name runs through it, and any other child
element is a wall no name crosses (its own content is searched on its own). The longest match wins, tags never overlap, and nothing inside an existing name tag is
touched, so tagging a tagged document changes nothing. Initials are resolved by the scopes the
register gives them (see :mod:`pipeline.entities.registers`), evaluated against the dated heading of the
division the text is in.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..xmlio import TEI_NS, XML_NS, atomic_write, parse_file, require_tei
from .registers import (Registers, date_bound, find_registers_dir, fold, list_element,
                        load_registers, registers_from_document)

T = f"{{{TEI_NS}}}"
_XML_ID = f"{{{XML_NS}}}id"
NAME_TAGS = {"persName", "placeName", "orgName", "name", "rs", "geogName", "roleName", "forename",
             "surname", "addName", "genName", "nameLink", "settlement", "country", "region", "bloc"}
# Never searched: metadata, the register copies, and elements whose content is not running prose.
SKIPPED = {"teiHeader", "standOff", "facsimile", "sourceDoc", "idno", "date", "time", "num", "measure",
           "code", "formula", "ptr", "graphic", "binaryObject", "fw"} | NAME_TAGS
# Read as their text as written and wrapped whole, never split by a tag.
ATOMIC = {"choice", "abbr", "expan", "sic", "corr", "orig", "reg", "lb", "pb", "cb", "unclear", "supplied"}
# Inline phrase markup a name may run through ("<foreign>Monsieur</foreign> Pasquier"): wrapped whole
# when a name covers it, else searched on its own.
SOFT = {"foreign", "hi", "emph", "mentioned", "soCalled", "term", "seg", "w"}
AS_WRITTEN = ("sic", "orig", "abbr")
READING = ("corr", "reg", "expan")
WALL = "\ufffc"  # stands for a child element no name may cross
DIVISIONS = {"div", "div1", "div2", "div3", "div4", "div5", "div6", "div7"}
QUOTES = {"said", "q", "quote"}
SPEECH = {"said", "q"}  # the quotation elements that take @who (att.ascribed); quote does not


@dataclass
class TagResult:
    """What ``tag_file`` did to one document."""

    path: Path
    names: int
    speakers: int
    embedded: int  # register entries copied into the standOff or refreshed there
    written: bool

    def summary(self) -> str:
        """One line for the editor."""
        if not self.written:
            return f"{self.path}: nothing to tag (already up to date)"
        return (f"{self.path}: {self.names} name tag(s) added, {self.speakers} speaker(s) attributed, "
                f"{self.embedded} register entr{'y' if self.embedded == 1 else 'ies'} copied or refreshed in standOff")


# ---------------------------------------------------------------- matching

@lru_cache(maxsize=4096)
def _form(form_text: str) -> tuple[tuple[str, ...], bool]:
    """A name form as matched: its folded words, and whether a "-" may not follow it (unless it
    ends with "."; "St.-Denis" holds "St.")."""
    folded = fold(form_text)
    return tuple(folded.split()), not folded.endswith(".")


def _is_word(char: str) -> bool:
    """What ``\\w`` of a regular expression matches (str.isalnum is the same Unicode test)."""
    return char.isalnum() or char == "_"


def _occurrences(text: str, words: tuple[str, ...], hyphen_ends: bool) -> list[tuple[int, int]]:
    """Where a form's words stand in ``text``, left to right, not overlapping: exact letters, any
    white space (a line break too) between words, not after a word character, "." or "-", not
    before a word character (nor a "-" where ``hyphen_ends``). What the regular expression
    ``(?<![\\w.\\-])WORD\\s+WORD...(?![\\w\\-])`` finds, without compiling one for every form of
    the registers: a build's conversion of the diary compiled 222 (17 ms, the workers waiting)."""
    found, first, end = [], words[0], len(text)
    start = text.find(first)
    while start >= 0:
        before = text[start - 1] if start else ""
        stop = start + len(first)
        matched = not (before and (_is_word(before) or before in ".-"))
        for word in words[1:]:
            if not matched:
                break
            spaced = stop
            while stop < end and text[stop].isspace():
                stop += 1
            matched = stop > spaced and text.startswith(word, stop)
            stop += len(word)
        if matched and stop < end:
            matched = not (_is_word(text[stop]) or (hyphen_ends and text[stop] == "-"))
        if matched:
            found.append((start, stop))
        start = text.find(first, stop if matched else start + 1)
    return found


def _local(element) -> str | None:
    tag = element.tag
    if not isinstance(tag, str):
        return None  # comment or processing instruction
    return tag.rpartition("}")[2]  # as etree.QName(element).localname, without making a QName


def _text_in(element, preferred: tuple[str, ...]) -> str:
    """The text of an element, a choice read by the first of its ``preferred`` children (else its
    first child), a line break as a space unless it breaks a word, a note as a wall."""
    name = _local(element)
    if name is None:
        return ""
    if name in ("lb", "pb", "cb"):
        return "" if element.get("break") == "no" else " "
    if name == "note":
        return WALL
    if name == "choice":
        chosen = next((c for wanted in preferred for c in element.iterchildren(T + wanted)), None)
        if chosen is None:
            chosen = next((c for c in element if _local(c)), None)
        return _text_in(chosen, preferred) if chosen is not None else ""
    return (element.text or "") + "".join(_text_in(child, preferred) + (child.tail or "") for child in element)


def _written(element) -> str:
    """The text of an element as written: a choice by its sic/orig/abbr."""
    return _text_in(element, AS_WRITTEN)


def _holds_names(element) -> bool:
    return any(_local(d) in NAME_TAGS for d in element.iterdescendants())


def _items(element) -> tuple[list[tuple[str, object, int, int]], str]:
    """The element's own content as (kind, object, start, end) over its search string, and the string.

    kind is "text", "atom" (searched as written, wrapped whole), "soft" (wrapped whole or searched on
    its own) or "wall" (a child no name crosses). A child that already holds a name tag is a wall, so
    a second run never wraps a tag in a tag.
    """
    items, parts, pos = [], [], 0

    def add(kind, obj, text):
        nonlocal pos
        items.append((kind, obj, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)

    add("text", element.text or "", element.text or "")
    for child in element:
        name = _local(child)
        if name in (ATOMIC | SOFT) and not _holds_names(child):
            add("atom" if name in ATOMIC else "soft", child, _written(child))
        else:
            add("wall", child, WALL)
        add("text", child.tail or "", child.tail or "")
    return items, "".join(parts)


def _matches(view: str, items, forms) -> list[tuple[int, int, object]]:
    """Non-overlapping matches, longest first, that never cut an atomic element."""
    folded = fold(view)
    candidates = []
    for order, form in enumerate(forms):
        words, hyphen_ends = _form(form.text)
        if words[0] not in folded:
            continue  # a cheap test first: most forms are absent from most paragraphs
        candidates.extend((start, end, order, form) for start, end in _occurrences(folded, words, hyphen_ends))
    atoms = [(s, e) for kind, _, s, e in items if kind in ("atom", "soft") and e > s]
    chosen: list[tuple[int, int, object]] = []
    for start, end, _, form in sorted(candidates, key=lambda c: (c[0] - c[1], c[0], c[2])):
        if any(start < e and end > s and not (start <= s and end >= e) for s, e in atoms):
            continue
        if any(start < e and end > s for s, e, _ in chosen):
            continue
        chosen.append((start, end, form))
    return sorted(chosen, key=lambda c: c[0])


def _rebuild(element, items, matches) -> None:
    """Rewrite the element's content with the matches wrapped in name tags."""
    pieces: list[tuple[int | None, object]] = []  # (match index or None, str or element)
    for kind, obj, s, e in items:
        if kind == "text":
            cuts = sorted({s, e, *[p for m in matches for p in m[:2] if s < p < e]})
            for a, b in zip(cuts, cuts[1:]):
                pieces.append((_owner(matches, a, b), obj[a - s:b - s]))
        else:
            pieces.append((_owner(matches, s, e), obj))
    element.text = None
    for child in list(element):
        child.tail = None
        element.remove(child)
    current, wrapper = None, None
    for owner, piece in pieces:
        if owner is None:
            wrapper = None
            _append(element, piece)
            continue
        if owner != current or wrapper is None:
            form = matches[owner][2]
            wrapper = etree.SubElement(element, T + form.element, ref="#" + form.entry_id)
            current = owner
        _append(wrapper, piece)


def _owner(matches, start: int, end: int) -> int | None:
    for index, (ms, me, _) in enumerate(matches):
        if start >= ms and end <= me and (start < end or ms < start < me):
            return index
    return None


def _append(parent, piece) -> None:
    if isinstance(piece, str):
        if not piece:
            return
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + piece
        else:
            parent.text = (parent.text or "") + piece
    else:
        parent.append(piece)


# ---------------------------------------------------------------- context (scopes)

def _division_interval(div) -> tuple[tuple, tuple] | None:
    """The date range of a division's heading (head, opener, dateline, or the run-in label that opens
    its first paragraph), if it has one."""
    holders = [child for child in div if _local(child) in ("head", "opener", "dateline")]
    first = next((child for child in div if _local(child) is not None), None)
    if first is not None and _local(first) == "p" and len(first) and _local(first[0]) == "label" \
            and not (first.text or "").strip():
        holders.append(first[0])
    for holder in holders:
        for date in holder.iter(T + "date"):
            first = date.get("when") or date.get("notBefore") or date.get("from")
            last = date.get("when") or date.get("notAfter") or date.get("to")
            start = date_bound(first, end=False)
            end = date_bound(last, end=True) if last else (9999, 12, 31)
            if start:
                return (start, end)
    return None


def _walk(element, registers: Registers, interval, ids: frozenset, counter: list[int], scopes: dict,
          *, reading: bool = False) -> None:
    """Tag the element's own text, then each child no name ran through (``reading``: a choice's reading).
    ``scopes``: the forms that apply, by (interval, ids), asked of every form once per scope, not
    once per element (45,000 questions in the diary's conversion, for a few dozen scopes)."""
    name = _local(element)
    if name is None or name in SKIPPED or (name in ATOMIC and not reading):
        return
    if element.get(_XML_ID):
        ids = ids | {element.get(_XML_ID)}
    if name in DIVISIONS:
        interval = _division_interval(element) or interval
    items, view = _items(element)
    if view.strip(WALL + " \t\r\n"):
        forms = scopes.get((interval, ids))
        if forms is None:
            forms = scopes[interval, ids] = [f for f in registers.forms if f.applies(interval, ids)]
        matches = _matches(view, items, forms)
        if matches:
            _rebuild(element, items, matches)
            counter[0] += len(matches)
    for kind, child, _, _ in items:
        if kind == "text" or _local(child.getparent()) in NAME_TAGS:
            continue  # wrapped whole by a name just now
        if kind == "atom" and _local(child) == "choice":
            # A correction that splits or joins names ("Elsa S." -> "Elsa, S."): tag the edited reading.
            for wanted in READING:
                for part in child.findall(T + wanted):
                    _walk(part, registers, interval, ids, counter, scopes, reading=True)
        elif kind in ("soft", "wall"):
            _walk(child, registers, interval, ids, counter, scopes)


# ---------------------------------------------------------------- speakers (@who)

_SAYING = ("said", "says", "asked", "replied", "added", "answered", "cried", "exclaimed", "shouted", "declared",
           "continued", "insisted", "burst out")
_VERB = rf"(?:{'|'.join(_SAYING)})"
# A verb that introduces the subject's own words before a colon ("Sneevliet told me: “…”"); "told"
# only counts right after the name: in "He told Sneevliet: “…”" the name is the listener.
_INTRODUCING_VERB = rf"(?:{'|'.join(_SAYING + ('told', 'tells', 'wrote', 'writes', 'remarked', 'explained', 'warned'))})"
_SENTENCE_END = re.compile(r"[.!?…][\"”’)\]]*\s+$")


def _person_ref(element, registers: Registers) -> str | None:
    if element is None or _local(element) != "persName":
        return None
    entry = registers.entry(element.get("ref") or "")
    return "#" + entry.id if entry is not None and entry.kind == "person" else None


def _text_before(element) -> str:
    prev = element.getprevious()
    if prev is None:
        parent = element.getparent()
        return parent.text or "" if parent is not None else ""
    return prev.tail or ""


def _starts_sentence(element) -> bool:
    before = _text_before(element)
    prev = element.getprevious()
    if not before.strip():
        return prev is None or _local(prev) in QUOTES or _local(prev) == "note"
    return bool(_SENTENCE_END.search(before))


def _speaker(quote, registers: Registers, author: str | None) -> str | None:
    """The speaker of a quotation where the text names them right beside it, else None."""
    after, nxt = quote.tail or "", quote.getnext()
    if re.fullmatch(rf"\s*,?\s*{_VERB}\s*", after) and _person_ref(nxt, registers):
        return _person_ref(nxt, registers)  # “…” said S.
    # “…,” Reiss said.  Not “…” S. burst out: “…”, where the name introduces the next quotation.
    if re.fullmatch(r"\s*,?\s*", after) and _person_ref(nxt, registers) \
            and re.match(rf"\s*{_VERB}\b[^:.!?]*(?:[.!?]|$)", nxt.tail or ""):
        return _person_ref(nxt, registers)
    prev, before = quote.getprevious(), _text_before(quote)
    who = _person_ref(prev, registers)
    if who:
        # The name is the subject of the verb that introduces the quotation, wherever the sentence
        # starts: "In the evening Trotsky said: “…”", "Sneevliet told me: “…”". Never a name after
        # the verb ("He said to Sneevliet: “…”": Sneevliet is spoken to, "he" speaks).
        if re.fullmatch(rf"\s*(?:\([^()]*\)\s*)?{_INTRODUCING_VERB}\b[^.!?“”\"]{{0,40}}:\s*", before):
            return who
        if re.fullmatch(r"\s*,\s*", before) and re.search(rf"{_VERB}\s*$", _text_before(prev)):
            return who  # said S., “…”
        if re.fullmatch(r"[^.!?“”\"]{0,60}:\s*", before) and _starts_sentence(prev):
            return who  # W.K. (satirically): “…”   S. burst out: “…”
    if author and re.search(r"(?:^|[.!?]\s+)I\s*(?:\([^)]*\))?\s*:\s*$", before):
        return author  # I: “…” (the diarist)
    return _speaker_from_previous_block(quote, registers)


def _speaker_from_previous_block(quote, registers: Registers) -> str | None:
    """“Rossi, excited and discouraged, attacked me:” followed by a paragraph that is the speech."""
    block = quote.getparent()
    if block is None or (block.text or "").strip() or quote.getprevious() is not None:
        return None
    previous = block.getprevious()
    if previous is None or _local(previous) != _local(block) or len(previous) == 0:
        return None
    text = "".join(previous.itertext()).strip()
    first = previous[0]
    if (previous.text or "").strip() or not text.endswith(":") or len(text.split()) > 12:
        return None
    return _person_ref(first, registers)


def _document_author(root, registers: Registers) -> str | None:
    """The register id of the document's author (the "I" of a diary), from titleStmt or docAuthor."""
    for path in (f".//{T}titleStmt/{T}author", f".//{T}docAuthor"):
        for author in root.iterfind(path):
            text = fold(" ".join("".join(author.itertext()).split()))
            for form in registers.forms:
                if form.element == "persName" and not form.scoped and fold(form.text) == text:
                    return "#" + form.entry_id
    return None


def _attribute_speakers(root, registers: Registers) -> int:
    author = _document_author(root, registers)
    added = 0
    for quote in _text_elements(root):
        if _local(quote) in SPEECH and not quote.get("who"):
            who = _speaker(quote, registers, author)
            if who:
                quote.set("who", who)
                added += 1
    return added


_OUTSIDE_TEXT = ("teiHeader", "standOff")


def _text_elements(root):
    """Every element outside teiHeader and standOff, in document order.

    Those two are passed over whole, not each element below them asked for its ancestors: that
    was 12% of the diary's conversion (profiled), which walks its text this way twice."""
    if any(_local(ancestor) in _OUTSIDE_TEXT for ancestor in root.iterancestors()):
        return
    pending = [root]
    while pending:
        element = pending.pop()
        if _local(element) in _OUTSIDE_TEXT:
            continue
        yield element
        pending.extend(child for child in reversed(element) if isinstance(child.tag, str))


# ---------------------------------------------------------------- public API

def _root(tree):
    return tree.getroot() if hasattr(tree, "getroot") else tree


def tag_tree(tree, registers: Registers) -> int:
    """Tag names (persName/placeName/orgName with @ref) and speakers (@who) in place; return how many."""
    names, speakers = _tag(tree, registers)
    return names + speakers


def _tag(tree, registers: Registers) -> tuple[int, int]:
    root = _root(tree)
    counter = [0]
    _walk(root, registers, None, frozenset(), counter, {})
    return counter[0], _attribute_speakers(root, registers)


def embed_standoff(tree, registers: Registers) -> int:
    """Copy every register entry the text points to into the document's standOff; return how many.

    Entries already in the document (same xml:id) are left as they are, so hand edits survive; a
    place is copied inside copies of the places it lies in, so the nesting is kept.
    """
    root = _root(tree)
    if _local(root) == "teiCorpus":
        # A corpus cannot hold a standOff after its members: each member TEI gets its own copies.
        return sum(embed_standoff(member, registers) for member in root
                   if _local(member) in ("TEI", "teiCorpus"))
    used: list[str] = []
    for element in _text_elements(root):
        for attribute in ("ref", "who"):
            for token in (element.get(attribute) or "").split():
                entry = registers.entry(token) if token.startswith("#") else None
                if entry is not None and entry.id not in used:
                    used.append(entry.id)
    if not used:
        return 0
    existing = {e.get(_XML_ID): e for e in root.iter() if isinstance(e.tag, str) and e.get(_XML_ID)}
    order = {entry_id: index for index, entry_id in enumerate(registers.entries)}
    standoff = _standoff(root)
    added = 0
    for entry_id in sorted(used, key=order.__getitem__):
        for wanted in [*registers.ancestors(entry_id), entry_id]:
            if wanted in existing:
                continue
            entry = registers.entries[wanted]
            parent = existing.get(entry.parent_id) if entry.parent_id else None
            if parent is None:
                parent = _list(standoff, list_element(entry.kind))
            clone = registers.standoff_copy(wanted)
            _append_indented(parent, clone, _indentation(entry.element))
            existing[wanted] = clone
            added += 1
    return added


def _standoff(root):
    standoff = root.find(T + "standOff")
    if standoff is None:
        standoff = etree.Element(T + "standOff")
        texts = root.findall(T + "text")
        if texts:
            # after the text, on a line of its own at the text's indentation
            pad = _indentation(texts[-1])
            texts[-1].addnext(standoff)
            if pad is not None:
                standoff.tail, texts[-1].tail = texts[-1].tail, "\n" + pad
        else:
            _append_indented(root, standoff)
    return standoff


def _list(standoff, name: str):
    found = standoff.find(T + name)
    if found is None:
        found = etree.Element(T + name)
        _append_indented(standoff, found)
    return found


# ---------------------------------------------------------------- the editor's formatting

_UNIT = "  "


def _indentation(element) -> str | None:
    """The spaces before an element on its own line, or None when it does not start a line."""
    previous = element.getprevious()
    before = previous.tail if previous is not None else (element.getparent().text
                                                         if element.getparent() is not None else None)
    if before is None or "\n" not in before or before.strip():
        return None
    return before.rsplit("\n", 1)[1]


def _reindent(element, old: str, new: str) -> None:
    """Shift the whitespace-only line breaks inside ``element`` from indentation ``old`` to ``new``."""
    def shift(text: str | None) -> str | None:
        if text is None or text.strip() or "\n" not in text:
            return text
        head, _, pad = text.rpartition("\n")
        return head + "\n" + (new + pad[len(old):] if pad.startswith(old) else pad)
    for node in element.iter():
        node.text = shift(node.text) if len(node) or node.text is None or not node.text.strip() else node.text
        if node is not element:
            node.tail = shift(node.tail)


def _append_indented(parent, child, source_indent: str | None = None) -> None:
    """Append ``child`` on a line of its own, indented like its siblings (the file stays diffable).

    ``source_indent`` is the indentation the child had where it was copied from (a register file):
    its inner lines are shifted to the new depth. In a file laid out on one line nothing is added.
    """
    siblings = [c for c in parent if isinstance(c.tag, str)]
    parent_pad = _indentation(parent)
    if siblings:
        pad = _indentation(siblings[-1])
    elif parent_pad is not None:
        pad = parent_pad + _UNIT
    else:
        pad = None
    if pad is None:
        parent.append(child)
        return
    if source_indent is not None:
        _reindent(child, source_indent, pad)
    if len(parent):
        last = parent[-1]
        closing = last.tail
        last.tail = "\n" + pad
        child.tail = closing if closing is not None and not closing.strip() else "\n" + (parent_pad or "")
    else:
        parent.text = (parent.text or "") + "\n" + pad if not (parent.text or "").strip() else parent.text
        child.tail = "\n" + (parent_pad or "")
    parent.append(child)


_PROLOG_ITEM = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>)", re.S)


def serialize_like(original: bytes, tree) -> bytes:
    """The tree's bytes with the original file's prolog and ending kept exactly.

    lxml rewrites the XML declaration, joins a processing instruction to the root's start tag and
    drops the final newline; an editor's file keeps all three, so a diff shows only what changed.
    """
    position = 0
    while True:
        match = _PROLOG_ITEM.match(original, position)
        if not match:
            break
        position = match.end()
    whitespace = len(original[position:]) - len(original[position:].lstrip())
    prolog = original[: position + whitespace]
    end = original.rfind(b">", 0, len(original.rstrip()) + 1) + 1
    closing = original.rfind(b"</", 0, end)
    # what follows the root's end tag (a newline, a comment) is kept as it was
    epilog = original[original.find(b">", closing) + 1:] if closing >= 0 else b"\n"
    root = _root(tree)
    body = etree.tostring(root, encoding="UTF-8", with_tail=False)
    if body.startswith(b"<?xml"):
        body = body.split(b"?>", 1)[1].lstrip()
    return prolog + body + epilog


# ---------------------------------------------------------------- refreshing the copies

def _same(a, b) -> bool:
    """Whether two entries say the same thing (layout whitespace aside)."""
    def canonical(element) -> bytes:
        clone = copy.deepcopy(element)
        clone.tail = None
        for node in clone.iter():
            if node.text is not None and not node.text.strip():
                node.text = None
            if node.tail is not None and not node.tail.strip():
                node.tail = None
            if node.text:
                node.text = " ".join(node.text.split())
            if node.tail:
                node.tail = " ".join(node.tail.split())
        return etree.tostring(clone, method="c14n")
    return canonical(a) == canonical(b)


def _replace_content(element, fresh, nested: list) -> None:
    """Give ``element`` the attributes and content of ``fresh``, keeping its nested entries after them."""
    before_nested = nested[0].getprevious() if nested else None
    gap = before_nested.tail if before_nested is not None else element.text
    for child in list(element):
        if child not in nested:
            element.remove(child)
    element.attrib.clear()
    element.attrib.update(fresh.attrib)
    element.text = fresh.text
    for index, child in enumerate(list(fresh)):
        element.insert(index, child)
    if nested and len(element) > len(nested):
        element[len(element) - len(nested) - 1].tail = gap


def refresh_standoff(tree, registers: Registers) -> list[str]:
    """Bring the register copies in a document's standOff up to date; return the ids changed or added.

    The registers are the source of truth: a copy (same xml:id) that no longer says what its register
    entry says is replaced by a fresh copy (the entries nested in it stay); an entry the text points to
    but the standOff lacks is added. Nothing outside the standOff is touched.
    """
    root = _root(tree)
    changed: list[str] = []
    for standoff in root.iter(T + "standOff"):
        for element in list(standoff.iter()):
            entry_id = element.get(_XML_ID) if isinstance(element.tag, str) else None
            entry = registers.entry(entry_id) if entry_id else None
            if entry is None or _local(element) != entry.kind:
                continue
            fresh = registers.standoff_copy(entry_id)
            nested = [child for child in element if _local(child) == entry.kind]
            current = copy.deepcopy(element)
            for child in [c for c in current if _local(c) == entry.kind]:
                current.remove(child)
            if _same(current, fresh):
                continue
            source_indent, target_indent = _indentation(entry.element), _indentation(element)
            if source_indent is not None and target_indent is not None:
                _reindent(fresh, source_indent, target_indent)
            _replace_content(element, fresh, nested)
            changed.append(entry_id)
    before = {e.get(_XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(_XML_ID)}
    if embed_standoff(tree, registers):
        after = {e.get(_XML_ID) for e in root.iter() if isinstance(e.tag, str) and e.get(_XML_ID)}
        changed += sorted(after - before)
    return changed


def refresh_standoff_file(path: Path, registers_dir: Path) -> list[str]:
    """:func:`refresh_standoff` on a TEI file, written back (formatting kept) only when it changed."""
    path = Path(path)
    tree = parse_file(path)  # first: it turns a missing or unreadable file into one clear error
    original = path.read_bytes()
    require_tei(tree, path)
    changed = refresh_standoff(tree, load_registers(registers_dir))
    if changed:
        atomic_write(path, serialize_like(original, tree))
    return changed


def _registers_for(path: Path, tree, registers_dir: Path | None, *, required: bool = True) -> Registers:
    """The project's registers; for a lone file, the entries embedded in its own standOff (none, when
    not ``required``: a new project's report of candidates needs no register yet)."""
    directory = registers_dir or find_registers_dir(path)
    if directory is not None:
        return load_registers(directory)
    embedded = registers_from_document(tree, path)
    if not embedded.entries and required:
        raise EditionError("no register folder found beside the document (tei/register/) and no entries in its "
                           "standOff: pass --registers", path, rule="register-missing")
    return embedded


def tag_file(path: Path, registers_dir: Path | None = None) -> TagResult:
    """Apply the registers to a TEI file, adding tags only where text is untagged; idempotent."""
    path = Path(path)
    tree = parse_file(path)  # first: it turns a missing or unreadable file into one clear error
    original = path.read_bytes()
    require_tei(tree, path)
    registers = _registers_for(path, tree, registers_dir)
    names, speakers = _tag(tree, registers)
    # the standOff copies follow the registers: new entries added, changed ones refreshed
    embedded = len(refresh_standoff(tree, registers))
    written = bool(names or speakers or embedded)
    if written:
        atomic_write(path, serialize_like(original, tree))
    return TagResult(path, names, speakers, embedded, written)


def entity_report(path: Path, registers_dir: Path | None = None) -> dict:
    """Every entity with its mentions, register entries never mentioned, and untagged candidates, as data.

    ``{"file", "entities": [{"id", "kind", "label", "mentions": [{"text", "line"}]}], "unresolved":
    [{"text", "line", "ref"}], "unused": [{"id", "kind", "label"}], "candidates": [{"text", "kind",
    "line", "count"}]}``; ``edition entities`` formats it as text, JSON or CSV.
    """
    path = Path(path)
    tree = parse_file(path)
    root = require_tei(tree, path)
    registers = _registers_for(path, tree, registers_dir, required=False)
    mentions: dict[str, list[dict]] = {}
    unresolved: list[dict] = []
    for element in _text_elements(root):
        if _local(element) not in ("persName", "placeName", "orgName") or not element.get("ref"):
            continue
        record = {"text": " ".join("".join(element.itertext()).split()), "line": element.sourceline}
        entry = registers.entry(element.get("ref"))
        if entry is None:
            unresolved.append({**record, "ref": element.get("ref")})
        else:
            mentions.setdefault(entry.id, []).append(record)
    report = {
        "file": str(path),
        "entities": [
            {"id": entry_id, "kind": registers.entries[entry_id].kind, "label": registers.entries[entry_id].label,
             "mentions": found}
            for entry_id, found in sorted(mentions.items(), key=lambda kv: (registers.entries[kv[0]].kind, kv[0]))
        ],
        "unresolved": unresolved,
        "unused": [{"id": e.id, "kind": e.kind, "label": e.label}
                   for e in registers.entries.values() if e.id not in mentions],
        "candidates": _candidates(root),
    }
    return report


_TITLED = re.compile(r"\b(?:Dr|Mr|Mrs|Mme|Monsieur|Madame|Colonel|General|Gen|Prof|Professor|Captain|Comrade|"
                     r"Count|Baron|Lord|Sir)\.?\s+[A-Z][\w'’\-]+")
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.){1,4}(?!\w)")
# A run of capitalised words; an initial may stand inside it ("James M. Fenwick"), never at its end.
_CAPITALISED = re.compile(r"(?<![\w.\-'’])[A-Z][\w'’\-]+(?:\s+(?:[A-Z]\.(?=\s+[A-Z][\w'’\-])|[A-Z][\w'’\-]+))*")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;“\"(…\-–—\ufffc])\s*$")
# Words that are capitalised for grammar, not because they name someone.
_NOT_NAMES = set("""January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday I I'm I’m I'll I’ll I've I’ve I'd I’d The A An He
She It We They His Her Their Our My Your This That These Those There Then But And Or If In On At Of To For
With By From As All No Yes Not So What Who When Where Why How""".split())


# Adjectives and nouns of nationality, language or region: capitalised, but not names to register.
_NATIONALITIES = set("""Afghan African Albanian Algerian American Anglo Arab Arabic Argentine Armenian Asian Australian
Austrian Balkan Basque Bavarian Belgian Bohemian Bosnian Brazilian British Bulgarian Byzantine Canadian Catalan
Chilean Chinese Croat Croatian Cuban Czech Danish Dutch Egyptian English Estonian European Finnish Flemish
Franco French Georgian German Greek Hungarian Icelandic Indian Iranian Iraqi Irish Italian Japanese Korean Latin
Latvian Lithuanian Macedonian Mexican Mongolian Montenegrin Moravian Nordic Norwegian Persian Polish Portuguese
Prussian Romanian Rumanian Russian Scandinavian Scottish Serb Serbian Slav Slavic Slovak Slovene Slovenian
Spanish Swedish Swiss Syrian Tatar Turkish Ukrainian Walloon Welsh Yugoslav""".split())


def _reading(element) -> str:
    """The text of an element as the edition reads it: a choice by its corr/reg/expan."""
    return _text_in(element, READING + AS_WRITTEN)


def _reading_view(element) -> str:
    """The element's own running text as read (its children with names in them are walls)."""
    parts = [element.text or ""]
    for child in element:
        name = _local(child)
        parts.append(_reading(child) if name in (ATOMIC | SOFT) and not _holds_names(child) else WALL)
        parts.append(child.tail or "")
    return "".join(parts)


def _is_nationality(text: str) -> bool:
    return text in _NATIONALITIES or (text.endswith("s") and text[:-1] in _NATIONALITIES)


def _candidates(root) -> list[dict]:
    """Untagged capitalised words, initials and titled names that may be names nobody registered.

    Looked for in the text as the edition reads it (corrected, expanded): a misprint is no name, and
    both readings of a choice are never run together.
    """
    found: dict[str, dict] = {}
    for element in _text_elements(root):
        name = _local(element)
        if name in SKIPPED or name in ATOMIC or any(_local(a) in NAME_TAGS for a in element.iterancestors()):
            continue
        view = _reading_view(element)
        hits = [(m, "titled name") for m in _TITLED.finditer(view)]
        hits += [(m, "initials") for m in _INITIALS.finditer(view)]
        hits += [(m, "capitalised") for m in _CAPITALISED.finditer(view)
                 if m.group() not in _NOT_NAMES and not _is_nationality(m.group())
                 and not _SENTENCE_START.search(view[:m.start()])]
        # a hit inside a longer one ("M." in "James M. Fenwick") is part of that name
        hits = [(m, kind) for m, kind in hits
                if not any(o.start() <= m.start() and m.end() <= o.end() and (o.end() - o.start()) > (m.end() - m.start())
                           for o, _ in hits)]
        for match, kind in hits:
            text = " ".join(match.group().split())
            if text in found:
                found[text]["count"] += 1
            elif not any(text in other and other != text for other in found):
                found[text] = {"text": text, "kind": kind, "line": element.sourceline, "count": 1}
    return sorted(found.values(), key=lambda c: (c["line"] or 0, c["text"]))
