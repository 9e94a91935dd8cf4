"""A quick first check against a W3C XML Schema: libxml2 for all but the assertions, then the assertions.

xmlschema, the engine that validates against an XSD (1.1, with assertions), walks content models in
Python: 0.3-0.4 s for the diary's 100 KB, most of the validation in a cold build, and about 0.3 MB/s
on larger files. libxml2 validates W3C XML Schema 1.0 in C in a few milliseconds, but knows no
assertion. So when a schema is XSD 1.0 plus assertions, a document is first checked here:

1. libxml2 validates it against the schema with its assertions (``xs:assert``, ``xs:assertion``)
   taken out, compiled from the same local files xmlschema read;
2. the assertions are asked on every element and attribute they may apply to: an element is
   checked against the assertions of every declaration of its name (a superset of the one that
   applies to it where it stands), and an element or attribute whose simple type carries an
   assertion facet is checked by its declaration, as the full validation does it. They are asked
   by Saxon where nothing they read depends on the schema's types (:mod:`.assertions`: no
   xmlschema is loaded then), else by xmlschema's own assertion objects.

Only a document that passes both is valid here. Anything else -- an error, an ``xsi:`` attribute
(``xsi:type`` changes which type an element has), an exception -- is no verdict: the full
validation runs and makes the report, so an invalid document is reported exactly as before, and a
valid one has no findings either way. A schema that uses anything of XSD 1.1 besides assertions
(type alternatives, open content, overrides, negative wildcards, conditional inclusion ...), or
that libxml2 cannot compile, gets no quick check.

libxml2's compilation cannot be saved between runs, and it grows fast with the size of the content
models: the edition's 63 KB schema takes 5 ms, TEI's tei_all.xsd (1.1 MB, made by trang) 14 s, more
than xmlschema takes to validate a few documents, but little beside what it saves on a collection
(the 39 valid and invalid files of the shared corpus: 41 s with xmlschema alone, 0.24 s for the 25
valid ones here). So a small schema is compiled at once (:func:`compiles_at_once`); a large one only
once the process has spent as long validating without it (:data:`LARGE_AFTER_SECONDS`), as one rents
skis until the rent paid would have bought them: never more than about twice the better choice.
"""
from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlparse

from lxml import etree

from ..errors import EditionError
from ..xmlio import parse_bytes

XS_NS = "http://www.w3.org/2001/XMLSchema"
XSI_PREFIX = "{http://www.w3.org/2001/XMLSchema-instance}"
VC_NS = "http://www.w3.org/2007/XMLSchema-versioning"
_ASSERTIONS = (f"{{{XS_NS}}}assert", f"{{{XS_NS}}}assertion")
_XSD_10_ELEMENTS = frozenset({
    "all", "annotation", "any", "anyAttribute", "appinfo", "attribute", "attributeGroup", "choice",
    "complexContent", "complexType", "documentation", "element", "enumeration", "extension", "field",
    "fractionDigits", "group", "import", "include", "key", "keyref", "length", "list", "maxExclusive",
    "maxInclusive", "maxLength", "minExclusive", "minInclusive", "minLength", "notation", "pattern",
    "restriction", "schema", "selector", "sequence", "simpleContent", "simpleType", "totalDigits",
    "union", "unique", "whiteSpace",
    "assert", "assertion",  # XSD 1.1's, taken out for libxml2 and asked of xmlschema
})
# Attributes XSD 1.1 added to the schema vocabulary (and targetNamespace on a local declaration:
# _xsd_11_attribute).
_XSD_11_ATTRIBUTES = frozenset({"defaultAttributes", "defaultAttributesApply", "notNamespace", "notQName",
                                "inheritable"})
_IDENTITY_CONSTRAINTS = frozenset({"key", "keyref", "unique"})
#: The largest schema (all its files together, in bytes) that libxml2 compiles for a quick check at once.
LARGEST_SCHEMA = 256 * 1024
#: A larger one is compiled once the full validations of a process have taken this long.
LARGE_AFTER_SECONDS = 10.0


def compiles_at_once(main: Path, dependencies: list[tuple[str, str]] | None) -> bool:
    """Whether a schema (its main file, and the (path, sha256) of every file it was read from) is
    small enough for libxml2 to compile it at once (see the module's notes)."""
    try:
        files = [Path(file) for file, _ in dependencies] if dependencies else [main]
        return sum(file.stat().st_size for file in files) <= LARGEST_SCHEMA
    except OSError:
        return False


class XsdPrecheck:
    """The quick check of one compiled schema: libxml2, then the assertions asked by xmlschema
    (:meth:`for_schema`) or by Saxon (:meth:`with_saxon`); each makes it, or None where it cannot."""

    def __init__(self, libxml2_schema: etree.XMLSchema, assertions) -> None:
        self.libxml2 = libxml2_schema  # libxml2's compilation, which the other quick check may share
        self._assertions = assertions  # what asks the assertions: hold(tree) -> bool

    @classmethod
    def for_schema(cls, schema, main: Path, contents: set[str],
                   libxml2_schema: etree.XMLSchema | None = None) -> XsdPrecheck | None:
        """The quick check for ``schema``, an xmlschema schema built from ``main`` and the files it
        includes or imports, whose contents have the sha256 digests ``contents``; ``libxml2_schema``:
        libxml2's compilation of the same files, made already for the other quick check."""
        try:
            libxml2_schema = libxml2_schema or _libxml2_schema(main, contents)
            asked = _XmlschemaAssertions(*_assertion_checks(schema))
        except (_NotXsd10, EditionError, etree.LxmlError, OSError, ImportError):
            return None
        return cls(libxml2_schema, asked)

    @classmethod
    def with_saxon(cls, table: dict, main: Path, contents: set[str]) -> XsdPrecheck | None:
        """The quick check from a schema's table of assertions (:func:`.assertions.assertion_table`),
        without xmlschema: the schema is read from ``main`` and its files, as for :meth:`for_schema`."""
        from .assertions import SaxonAssertions

        try:
            return cls(_libxml2_schema(main, contents), SaxonAssertions(table))
        except (_NotXsd10, EditionError, etree.LxmlError, OSError, ImportError):
            return None

    def valid(self, tree: etree._ElementTree, saxon_tree=None) -> bool:
        """True when the document is valid against the schema; False when only the full validation
        can tell. ``saxon_tree``: a function giving Saxon's tree of the same document, if the
        caller has one to share (:class:`~pipeline.validate.sourcedoc.SourceDocument`)."""
        if not self.libxml2.validate(tree):
            return False
        try:
            return self._assertions.hold(tree, saxon_tree)
        except Exception:  # noqa: BLE001 -- whatever goes wrong here, the full validation decides
            return False


class _XmlschemaAssertions:
    """The assertions asked by xmlschema's own assertion objects (typed as its full validation types them)."""

    def __init__(self, element_checks: dict, attribute_checks: dict) -> None:
        self._element_checks = element_checks  # element name -> [(declaration, assertions or None)]
        self._attribute_checks = attribute_checks  # attribute name -> [declaration]

    def hold(self, tree: etree._ElementTree, saxon_tree=None) -> bool:
        from xmlschema import XMLResource
        from xmlschema.validators import ValidationContext

        context = None
        for element in tree.getroot().iter(etree.Element):
            attributes = element.attrib
            if any(name.startswith(XSI_PREFIX) for name in attributes):
                return False
            element_checks = self._element_checks.get(element.tag)
            attribute_checks = [(name, value, self._attribute_checks[name]) for name, value in attributes.items()
                                if name in self._attribute_checks]
            if not element_checks and not attribute_checks:
                continue
            if context is None:
                # As xmlschema's own validation sets it up (XMLSchema.iter_errors), once per document.
                context = ValidationContext(source=XMLResource(tree))
            for declaration, assertions in element_checks or ():
                if assertions is None:
                    # Simple content: the declaration checks the element whole (attributes, value,
                    # its type's assertions); it has no child elements to walk.
                    declaration.raw_decode(element, "lax", context)
                else:
                    for assertion in assertions:
                        assertion(element, "lax", context)
            for _name, value, declarations in attribute_checks:
                for declaration in declarations:
                    declaration.raw_decode(value, "lax", context)
            if context.errors:
                return False
        return True


class _NotXsd10(Exception):
    """The schema uses XSD 1.1 beyond assertions, or files xmlschema did not read."""


def _libxml2_schema(main: Path, contents: set[str]) -> etree.XMLSchema:
    """libxml2's compilation of the schema without its assertions, from ``main`` and the local files
    it includes and imports, which must be the files xmlschema read: the same contents (their
    paths may differ: a cached schema may have been built from another copy of them)."""
    served: set[str] = set()
    identity_constraints = default_namespaces = False

    def without_assertions(file: Path) -> etree._ElementTree:
        nonlocal identity_constraints, default_namespaces
        data = file.read_bytes()
        served.add(hashlib.sha256(data).hexdigest())
        tree = parse_bytes(data, file)
        for element in tree.getroot().iter(f"{{{XS_NS}}}*"):
            name = etree.QName(element).localname
            if name in ("appinfo", "documentation"):
                continue  # free content: nothing in it is a schema component
            if name not in _XSD_10_ELEMENTS or any(_xsd_11_attribute(element, attribute) for attribute in element.attrib):
                raise _NotXsd10(f"xs:{name} in {file}")
            identity_constraints |= name in _IDENTITY_CONSTRAINTS
            default_namespaces |= "xpathDefaultNamespace" in element.attrib and name not in ("assert", "assertion")
        for assertion in list(tree.getroot().iter(*_ASSERTIONS)):
            assertion.getparent().remove(assertion)
        return tree

    class Resolver(etree.Resolver):
        def resolve(self, url, public_id, context):
            parsed = urlparse(url)
            if parsed.scheme not in ("", "file") or parsed.netloc not in ("", "localhost"):
                raise _NotXsd10(f"{url} is not a local file")
            tree = without_assertions(Path(unquote(parsed.path)))
            return self.resolve_string(etree.tostring(tree), context, base_url=url)

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    parser.resolvers.add(Resolver())
    document = etree.fromstring(etree.tostring(without_assertions(main)), parser, base_url=str(main.resolve()))
    schema = etree.XMLSchema(etree.ElementTree(document))
    # XSD 1.1 gives identity constraints' paths a default namespace; libxml2 would read them without.
    if identity_constraints and default_namespaces:
        raise _NotXsd10("identity constraints under xpathDefaultNamespace")
    if served != contents:
        raise _NotXsd10("libxml2 and xmlschema read different files")
    return schema


def _xsd_11_attribute(element: etree._Element, attribute: str) -> bool:
    if attribute.startswith(f"{{{VC_NS}}}"):
        # Conditional inclusion: only "this needs XSD 1.1 or 1.0" on the schema, which both engines take whole.
        return not (attribute == f"{{{VC_NS}}}minVersion" and element.getparent() is None
                    and element.get(attribute, "").strip() in ("1.0", "1.1"))
    if attribute == "targetNamespace":
        return etree.QName(element).localname != "schema"
    return attribute in _XSD_11_ATTRIBUTES


def _assertion_checks(schema) -> tuple[dict, dict]:
    """Which elements and attributes, by name, may have an assertion to satisfy, and by which declaration."""
    from xmlschema.validators import XsdAttribute, XsdElement

    elements: dict[str, list] = {}
    attributes: dict[str, list] = {}
    for component in schema.maps.iter_components():
        if getattr(component, "ref", None) is not None:
            continue  # a reference: the global declaration it refers to is a component of its own
        if isinstance(component, XsdElement):
            xsd_type = component.type
            assertions = list(getattr(xsd_type, "assertions", ()) or ())
            if xsd_type.has_simple_content() or xsd_type.is_simple():
                content = xsd_type if xsd_type.is_simple() else xsd_type.content
                if assertions or _has_assertion_facet(content, set()):
                    elements.setdefault(component.name, []).append((component, None))
            elif assertions:
                elements.setdefault(component.name, []).append((component, assertions))
        elif isinstance(component, XsdAttribute) and _has_assertion_facet(component.type, set()):
            attributes.setdefault(component.name, []).append(component)
    return elements, attributes


def _has_assertion_facet(simple_type, seen: set) -> bool:
    """Whether a simple type, or one it derives from, lists or unites, has an assertion facet."""
    if simple_type is None or id(simple_type) in seen:
        return False
    seen.add(id(simple_type))
    if _ASSERTIONS[1] in (getattr(simple_type, "facets", None) or {}):
        return True
    related = [getattr(simple_type, "base_type", None), getattr(simple_type, "item_type", None),
               *(getattr(simple_type, "member_types", None) or ())]
    return any(_has_assertion_facet(other, seen) for other in related if other is not None and not other.is_complex())
