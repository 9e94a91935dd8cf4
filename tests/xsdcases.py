"""Test helpers for the checks against an XSD (tests/test_precheck.py, tests/test_assertions.py):
the sample diary document and a tiny schema to edit, the full validation's verdict, and random
edits of a valid document."""
from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

from pipeline.validate import schemas

DATA = Path(__file__).parent / "data" / "validate"
GOOD = (DATA / "diary-good.xml").read_text(encoding="utf-8")
MINIMAL = (DATA / "minimal-tei.xsd").read_text(encoding="utf-8")
P_DECLARATION = '<xs:element name="p" type="xs:string" maxOccurs="unbounded"/>'
TEI = "{http://www.tei-c.org/ns/1.0}"
#: Valid documents of the edition's schema (paths from the repository)
VALID_DOCUMENTS = ["tei/serge-diary-ii.xml", "tei/register/persons.xml", "tei/register/places.xml",
                   "tei/register/organisations.xml", "tests/data/validate/kitchen-sink.xml",
                   "tests/data/validate/diary-good.xml"]
XML = "{http://www.w3.org/XML/1998/namespace}"


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def tree_of(text: str) -> etree._ElementTree:
    return etree.ElementTree(etree.fromstring(text.encode("utf-8")))


def full_verdict(validator, tree) -> bool:
    return not list(validator.schema.iter_errors(tree))


def schema_file(tmp_path: Path, text: str):
    path = tmp_path / "schema.xsd"
    path.write_text(text, encoding="utf-8")
    schemas._VALIDATORS.clear()
    return schemas.get_validator(path)


def minimal_document(p: str = "<p>x</p>") -> str:
    return f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>{p}</body></text></TEI>'


# --- random edits of a valid document ---------------------------------------------------------------

GOOD_TREE = tree_of(GOOD)
_NAMES = sorted({e.tag for e in GOOD_TREE.iter(etree.Element)} | {TEI + n for n in ("div", "ab", "lb", "foo")})
_ATTRIBUTES = [XML + "id", XML + "lang", "type", "when", "from", "to", "notBefore",
               "notAfter", "ref", "n", "cert", "target", "resp", "place", "who", "unit", "rend", "bogus"]
# Values with white space a type would collapse too (" entry", "x  y"): typed, they are other values.
_VALUES = ["", " ", "entry", " entry", "entry ", "section", "standard", " standard", "variant", "1937-13-01",
           "1937-02-30", "1937-12-01", "--04", "--04-31", "1937", "#sneevliet", "#nobody", "sneevliet", "paris",
           "x y", "x  y", "91.0 10", "45.5, 10.1", "45.5 181", "fr", "en-GB", "1", "low", "foot",
           "http://example.org/", "a:b"]
#: the kinds of edit _mutate makes
EDITS = 11


def mutate(tree: etree._ElementTree, kind: int, a: int, b: int, c: int) -> None:
    """One edit of ``tree`` (``kind`` < EDITS), chosen by ``a``, ``b`` and ``c``."""
    elements = list(tree.getroot().iter(etree.Element))
    element = elements[1 + a % (len(elements) - 1)]
    other = elements[b % len(elements)]
    if kind == 0:
        element.getparent().remove(element)
    elif kind == 1:
        element.tag = _NAMES[b % len(_NAMES)]
    elif kind == 2:
        element.set(_ATTRIBUTES[b % len(_ATTRIBUTES)], _VALUES[c % len(_VALUES)])
    elif kind == 3 and element.attrib:
        del element.attrib[sorted(element.attrib)[b % len(element.attrib)]]
    elif kind == 4:
        element.text = ["", " ", "\n  ", "x", None, " 91 1 "][b % 6]
        if c % 2:
            for child in list(element):
                element.remove(child)
    elif kind == 5 and other is not element and element not in other.iterancestors():
        other.append(element)
    elif kind == 6:
        element.addnext(copy.deepcopy(element))  # its xml:ids twice
    elif kind == 7 and element.getnext() is not None:
        element.getnext().addnext(element)
    elif kind == 8:
        element.insert(0, etree.Element(_NAMES[b % len(_NAMES)]))
    elif kind == 9:
        # A comment among the children: it splits a text (an assertion's $value) in two.
        element.insert(b % (len(element) + 1), etree.Comment(" c "))
    elif kind == 10 and len(element):
        # White space between children: text nodes a typed tree has not in element-only content.
        element[b % len(element)].tail = "\n   "
