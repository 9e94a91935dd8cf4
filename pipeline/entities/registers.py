"""Registers of persons, places and organisations: loading, name forms and scopes, standOff copies.

A register is a TEI document whose ``person``, ``place`` and ``org`` entries carry an ``xml:id`` and
the name forms the text uses (``persName``/``placeName``/``orgName``). A form may be *scoped*: an
initial such as "B." stands for one man in 1937 and another in 1938, so the form carries
``@notBefore``/``@notAfter`` (att.datable) and applies only in divisions whose heading date overlaps
that range, and/or ``@corresp`` naming the divisions where it applies. Scopes are register data; the
tagger in :mod:`pipeline.entities.tagging` only evaluates them.

Registers are loaded once per process and reloaded only when a register file changes.
"""
from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import EditionError
from ..w3cdates import day_bound
from ..xmlio import TEI_NS, XML_NS, parse_file

ENTRY_ELEMENTS = {"person": "persName", "place": "placeName", "org": "orgName"}
LIST_ELEMENTS = {"person": "listPerson", "place": "listPlace", "org": "listOrg"}
_XML_ID = f"{{{XML_NS}}}id"

def date_bound(value: str | None, *, end: bool) -> tuple[int, int, int] | None:
    """The first (or last) day a W3C date (``1937``, ``1937-09``, ``1937-09-01``) covers, as (y, m, d)."""
    day = day_bound(value, end=end)
    return None if day is None else (day.year, day.month, day.day)


@dataclass(frozen=True)
class NameForm:
    """One way an entry's name is written, with the scope where it designates that entry."""

    text: str
    entry_id: str
    element: str  # persName, placeName or orgName: the tag a mention of it gets
    type: str
    not_before: tuple[int, int, int] | None = None
    not_after: tuple[int, int, int] | None = None
    corresp: frozenset[str] = frozenset()

    @property
    def scoped(self) -> bool:
        return bool(self.not_before or self.not_after or self.corresp)

    def applies(self, interval: tuple[tuple, tuple] | None, division_ids: frozenset[str]) -> bool:
        """Whether the form designates its entry in a division with this date interval and these ids."""
        if self.corresp and not (self.corresp & division_ids):
            return False
        if self.not_before or self.not_after:
            if interval is None:
                return False  # a scoped initial in an undated place is too risky to resolve
            start, end = interval
            if self.not_before and end < self.not_before:
                return False
            if self.not_after and start > self.not_after:
                return False
        return True

    def overlaps(self, other: "NameForm") -> bool:
        """Whether two scopes can both apply somewhere (used to refuse ambiguous registers)."""
        if self.corresp and other.corresp and not (self.corresp & other.corresp):
            return False
        low = max(self.not_before or (-9999, 1, 1), other.not_before or (-9999, 1, 1))
        high = min(self.not_after or (9999, 12, 31), other.not_after or (9999, 12, 31))
        return low <= high


@dataclass
class RegisterEntry:
    """One register entry: a person, place or organisation."""

    id: str
    kind: str  # person, place or org
    label: str
    element: etree._Element = field(repr=False)
    parent_id: str | None = None  # the entry this one is nested in (a place in a place)
    file: str = ""
    line: int | None = None


#: Every kind of standOff entry a pointer may resolve to (the validator's view of a register).
ENTRY_KINDS = frozenset({"person", "place", "org", "event", "object", "nym", "bibl", "relation"})


@dataclass
class RegisterFile:
    """One register file: its root and every identified standOff entry of any kind, by xml:id."""

    path: Path
    root: etree._Element = field(repr=False)
    entries: dict[str, etree._Element] = field(repr=False)


def register_entries(root: etree._Element) -> dict[str, etree._Element]:
    """Identified entries (person, place, org, event ...) of every standOff list in the document."""
    entries: dict[str, etree._Element] = {}
    for stand_off in root.iter(f"{{{TEI_NS}}}standOff"):
        for element in stand_off.iter(etree.Element):
            identifier = element.get(_XML_ID)
            qname = etree.QName(element)
            if identifier and qname.namespace == TEI_NS and qname.localname in ENTRY_KINDS:
                entries.setdefault(identifier, element)
    return entries


@dataclass
class Registers:
    """The registers: every entry and name form (for tagging), every file and its entries (for pointers).

    One model for the whole pipeline. :func:`load_registers` reads a folder strictly (what tagging
    needs: a duplicate id or an ambiguous name form is an error); the validator reads leniently with
    :meth:`read_folder` (an unreadable file becomes a problem in its report, the first of two equal ids
    wins) and adds the register documents it was given with :meth:`add_file`.
    """

    entries: dict[str, RegisterEntry] = field(default_factory=dict)
    forms: list[NameForm] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    by_name: dict[str, RegisterFile] = field(default_factory=dict)  # file name -> its entries
    problems: list = field(default_factory=list)  # Problems of files a lenient read skipped

    def entry(self, entry_id: str) -> RegisterEntry | None:
        """The entry with this xml:id (with or without a leading '#'), or None."""
        return self.entries.get(entry_id.lstrip("#"))

    def find(self, identifier: str) -> RegisterFile | None:
        """The register file with an entry (of any kind) of this xml:id, or None."""
        for register in self.by_name.values():
            if identifier in register.entries:
                return register
        return None

    def ancestors(self, entry_id: str) -> list[str]:
        """Ids of the entries this one is nested in, outermost first."""
        chain: list[str] = []
        parent = self.entries[entry_id].parent_id
        while parent:
            chain.insert(0, parent)
            parent = self.entries[parent].parent_id
        return chain

    def standoff_copy(self, entry_id: str) -> etree._Element:
        """A copy of the entry for a document's standOff, without the entries nested in it."""
        entry = self.entries[entry_id]
        clone = copy.deepcopy(entry.element)
        clone.tail = None
        for child in list(clone):
            if etree.QName(child).localname == entry.kind:
                clone.remove(child)
        return clone

    def add_file(self, path: Path, root: etree._Element, *, strict: bool = False) -> None:
        """Add one register document (a file of that name already added is kept)."""
        path = Path(path)
        if path.name in self.by_name:
            return
        self.by_name[path.name] = RegisterFile(path, root, register_entries(root))
        self.files.append(path)
        _collect_into(self, root, path, strict=strict)

    def read_folder(self, directory: Path | str | None, *, strict: bool = False) -> "Registers":
        """Add every ``*.xml`` register of ``directory`` (None: nothing); a missing folder is an error."""
        if directory is None:
            return self
        directory = Path(directory)
        if not directory.is_dir():
            raise EditionError("the register folder does not exist", directory, rule="register-missing")
        for path in sorted(p for p in directory.glob("*.xml") if p.is_file()):
            if path.name in self.by_name:
                continue
            try:
                root = parse_file(path).getroot()
            except EditionError as exc:
                if strict:
                    raise
                self.problems.append(exc.as_problem())
                continue
            self.add_file(path, root, strict=strict)
        return self


#: register folder -> (the state of its files when read, the registers read from them)
_CACHE: dict[str, tuple[tuple, Registers]] = {}
_CACHED_FOLDERS = 8  # a few projects at most per process (watch beside a build, a batch script)


def load_registers(directory: Path | str) -> Registers:
    """Read every register file (``*.xml``) in ``directory`` strictly; cached per process until a file changes.

    A missing folder, a folder without register files, an unreadable file, a duplicate id or an
    ambiguous name form is an :class:`EditionError`. The result is shared: do not modify it.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise EditionError("the register folder does not exist", directory, rule="register-missing")
    files = sorted(p for p in directory.glob("*.xml") if p.is_file())
    if not files:
        raise EditionError("the register folder holds no .xml register files", directory, rule="register-missing")
    folder = str(directory.resolve())
    state = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    cached = _CACHE.get(folder)
    if cached is not None and cached[0] == state:
        return cached[1]
    registers = Registers().read_folder(directory, strict=True)
    _refuse_ambiguous_forms(registers.forms, registers.entries)
    _CACHE.pop(folder, None)
    while len(_CACHE) >= _CACHED_FOLDERS:  # drop the folder read longest ago
        del _CACHE[next(iter(_CACHE))]
    _CACHE[folder] = (state, registers)
    return registers


def registers_from_document(tree, file: str | Path = "-") -> Registers:
    """The registers a document carries in its own standOff (the copies ``embed_standoff`` made).

    Lets a single file received without its project be reported on, and re-tagged, on its own.
    """
    root = tree.getroot() if hasattr(tree, "getroot") else tree
    registers = Registers()
    for standoff in root.iter(f"{{{TEI_NS}}}standOff"):
        _collect_into(registers, standoff, Path(file), strict=True)
    _refuse_ambiguous_forms(registers.forms, registers.entries)
    return registers


def _collect_into(registers: Registers, root: etree._Element, path: Path, *, strict: bool) -> None:
    """Add the person, place and org entries under ``root`` and their name forms."""
    for kind, name_element in ENTRY_ELEMENTS.items():
        for element in root.iter(f"{{{TEI_NS}}}{kind}"):
            entry = _read_entry(element, kind, name_element, path, strict=strict)
            if entry is None:
                continue
            if entry.id in registers.entries:
                if not strict:
                    continue  # the validator reports duplicate ids itself
                first = registers.entries[entry.id]
                raise EditionError(
                    f"the register id '{entry.id}' is used twice (first at {first.file}:{first.line})",
                    path, element.sourceline, rule="register-duplicate-id")
            registers.entries[entry.id] = entry
            registers.forms.extend(_read_forms(element, entry, name_element, path))


def _read_entry(element: etree._Element, kind: str, name_element: str, path: Path, *,
                strict: bool = True) -> RegisterEntry | None:
    entry_id = element.get(_XML_ID)
    if not entry_id:
        if not strict:
            return None
        raise EditionError(f"a <{kind}> register entry has no xml:id", path, element.sourceline,
                           rule="register-no-id")
    names = element.findall(f"{{{TEI_NS}}}{name_element}")
    standard = next((n for n in names if n.get("type") == "standard"), names[0] if names else None)
    label = _text(standard) if standard is not None else entry_id
    parent = element.getparent()
    parent_id = parent.get(_XML_ID) if parent is not None and etree.QName(parent).localname == kind else None
    return RegisterEntry(entry_id, kind, label, element, parent_id, str(path), element.sourceline)


def _read_forms(element: etree._Element, entry: RegisterEntry, name_element: str, path: Path) -> list[NameForm]:
    forms = []
    for name in element.findall(f"{{{TEI_NS}}}{name_element}"):
        text = _text(name)
        if not text:
            continue
        corresp = frozenset(token.lstrip("#") for token in (name.get("corresp") or "").split())
        forms.append(NameForm(
            text=text, entry_id=entry.id, element=name_element, type=name.get("type") or "variant",
            not_before=date_bound(name.get("notBefore") or name.get("from"), end=False),
            not_after=date_bound(name.get("notAfter") or name.get("to"), end=True),
            corresp=corresp,
        ))
    return forms


def _refuse_ambiguous_forms(forms: list[NameForm], entries: dict[str, RegisterEntry]) -> None:
    """Two entries claiming the same form where both scopes can apply would make tagging a guess."""
    by_text: dict[str, list[NameForm]] = {}
    for form in forms:
        by_text.setdefault(fold(form.text), []).append(form)
    for same in by_text.values():
        for i, first in enumerate(same):
            for second in same[i + 1:]:
                if first.entry_id != second.entry_id and first.overlaps(second):
                    entry = entries[second.entry_id]
                    raise EditionError(
                        f"the name form '{second.text}' belongs to both '{first.entry_id}' and "
                        f"'{second.entry_id}' with overlapping scopes: give one of them notBefore/notAfter "
                        "or corresp", entry.file, entry.line, rule="register-ambiguous-form")


def _text(element: etree._Element) -> str:
    return " ".join("".join(element.itertext()).split())


# Straight and typographic apostrophes (and the modifier letter) compare equal; so do accented and
# unaccented letters. Folding is one character for one character, so positions in a folded string
# are positions in the original.
_APOSTROPHES = {ord("\u2019"): "'", ord("\u02bc"): "'", ord("\u2018"): "'", ord("`"): "'"}


class _FoldingTable(dict):
    """str.translate's table for :func:`fold`, which works out each character the first time it
    is met: a conversion folds every paragraph, and a loop over its characters in Python was 11%
    of the diary's conversion (profiled)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code >= 128:
            base = unicodedata.normalize("NFD", char)[0]
            if base.isalpha():
                char = base
        self[code] = char
        return char


_FOLDING = _FoldingTable(_APOSTROPHES)


def fold(text: str) -> str:
    """Fold apostrophes and accents for matching, keeping the string's length."""
    return text.translate(_FOLDING)


def find_registers_dir(document: Path) -> Path | None:
    """The project's ``tei/register`` folder for a document in the project folder or its ``tei/``."""
    here = document.resolve().parent
    # Only two levels up: a document outside any project must not pick up some unrelated registers.
    for folder in (here, here.parent):
        for candidate in (folder / "register", folder / "tei" / "register"):
            if candidate.is_dir() and any(candidate.glob("*.xml")):
                return candidate
    return None


def list_element(kind: str) -> str:
    """The standOff list element (listPerson, listPlace, listOrg) for an entry kind."""
    return LIST_ELEMENTS[kind]
