"""The quick checks against an XSD (pipeline/validate/precheck.py): libxml2, then the schema's
assertions, asked by xmlschema (``precheck``) or by Saxon (``quick``, validate/assertions.py).

What they may say is only "valid"; the invariant is that neither says so of a document xmlschema's
full validation finds invalid. Everything else (a verdict of "not sure") costs time, not truth.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from pipeline.validate import schemas
from pipeline.validate.precheck import XsdPrecheck
from pipeline.validate.validator import validate_files
from xsdcases import (EDITS, GOOD, GOOD_TREE, MINIMAL, P_DECLARATION, VALID_DOCUMENTS, edit, full_verdict,
                      minimal_document, mutate, schema_file, tree_of)

REPO = Path(__file__).parents[1]
#: The two quick checks: the assertions asked by xmlschema, and by Saxon (validate/assertions.py).
QUICK_CHECKS = ("precheck", "quick")


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_EDITION_CACHE", str(tmp_path_factory.mktemp("schema-cache")))
        yield


@pytest.fixture(scope="module")
def bundled():
    return schemas.get_validator(schemas.DEFAULT_SCHEMA)


def test_the_bundled_schema_gets_the_quick_check(bundled):
    assert isinstance(bundled.precheck, XsdPrecheck)


@pytest.mark.parametrize("check", QUICK_CHECKS)
@pytest.mark.parametrize("name", VALID_DOCUMENTS)
def test_a_valid_document_is_valid_without_xmlschemas_walk(bundled, name, check):
    assert getattr(bundled, check).valid(_source(REPO / name).tree) is True


def _source(path: Path):
    from pipeline.validate.sourcedoc import SourceDocument
    from pipeline.xmlio import parse_file

    return SourceDocument(path, parse_file(path), path.read_bytes())


# Documents libxml2 accepts (the structure is right) that break one of the schema's assertions.
BROKEN_ASSERTIONS = {
    "entry-without-dated-head": ('<head><date when="1937-12">Dec. 1937.</date></head>', "<head>Dec. 1937.</head>"),
    "date-with-when-and-range": ('<date when="1937-12-13">', '<date when="1937-12-13" from="1937-12-01">'),
    "person-without-id": ('<person xml:id="sneevliet">', "<person>"),
    "two-standard-names": ('<persName type="variant">S.</persName>', '<persName type="standard">S.</persName>'),
    "latitude-beyond-90": ("<geo>48.8566 2.3522</geo>", "<geo>91.5 2.3522</geo>"),
    "latitude-not-a-number": ("<geo>48.8566 2.3522</geo>", "<geo>x</geo>"),
    "foreign-without-language": ('<foreign xml:lang="fr">', "<foreign>"),
    # The geo's text split by a comment: libxml2 reads "48.5 2.3522", xmlschema the text before it.
    "latitude-split-by-a-comment": ("<geo>48.8566 2.3522</geo>", "<geo>48<!-- -->.5 2.3522</geo>"),
}


@pytest.mark.parametrize("check", QUICK_CHECKS)
@pytest.mark.parametrize("case", sorted(BROKEN_ASSERTIONS))
def test_a_broken_assertion_leaves_the_verdict_to_the_full_validation(bundled, tmp_path, case, check):
    text = edit(GOOD, BROKEN_ASSERTIONS[case])
    tree = tree_of(text)
    assert getattr(bundled, check).valid(tree) is False
    assert full_verdict(bundled, tree) is False
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    assert [p for p in validate_files([doc]).problems if p.severity == "error"]


# --- mutations: the quick checks never accept what the full validation refuses ------------------

mutation = st.tuples(st.integers(0, EDITS - 1), st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000))


@pytest.mark.parametrize("check", QUICK_CHECKS)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mutation, min_size=1, max_size=3))
def test_the_quick_check_never_accepts_what_the_full_validation_refuses(bundled, check, mutations):
    tree = copy.deepcopy(GOOD_TREE)
    for kind, a, b, c in mutations:
        mutate(tree, kind, a, b, c)
    if getattr(bundled, check).valid(tree):
        # Without its comments: xmlschema takes a comment in an element of simple content for a
        # child element and refuses it, where XSD ignores comments (as libxml2 does).
        etree.strip_tags(tree, etree.Comment)
        assert full_verdict(bundled, tree), [e.reason for e in bundled.schema.iter_errors(tree)][:3]


# --- other schemas ---------------------------------------------------------------------------------

@pytest.mark.parametrize("change, valid", [
    # A type alternative (XSD 1.1): the element's type depends on its attributes.
    ((P_DECLARATION, '<xs:element name="p" type="xs:string" maxOccurs="unbounded">'
                     '<xs:alternative test="@n" type="xs:string"/></xs:element>'), True),
    # Conditional inclusion: an XSD 1.1 processor leaves this declaration out (so p is not allowed
    # in the body), libxml2 would not (and would have found the document valid).
    ((P_DECLARATION, P_DECLARATION.replace("/>", ' xmlns:vc="http://www.w3.org/2007/XMLSchema-versioning" '
                                                  'vc:maxVersion="1.1"/>')), False),
    # A wildcard that excludes names (XSD 1.1).
    ((P_DECLARATION, P_DECLARATION.replace('type="xs:string" ', "").replace(
        "/>", '><xs:complexType mixed="true"><xs:sequence><xs:any notQName="##defined" processContents="lax" '
              'minOccurs="0"/></xs:sequence></xs:complexType></xs:element>')), True),
])
def test_a_schema_using_xsd_11_beyond_assertions_gets_no_quick_check(tmp_path, change, valid):
    validator = schema_file(tmp_path, edit(MINIMAL, change))
    assert validator.precheck is None
    assert (validator.check_all([_source_text(tmp_path, minimal_document())]) == [[]]) is valid  # xmlschema's
    assert validator.check_all([_source_text(tmp_path, minimal_document("<q>x</q>"))]) != [[]]


def test_a_large_schema_gets_its_quick_check_once_validating_has_taken_as_long(tmp_path, monkeypatch):
    # libxml2 compiles it anew in every process (tei_all.xsd: 14 s): worth it only for many documents.
    from pipeline.validate import precheck

    assert schema_file(tmp_path, MINIMAL).precheck is not None
    monkeypatch.setattr(precheck, "LARGEST_SCHEMA", len(MINIMAL.encode("utf-8")) - 1)
    monkeypatch.setattr(precheck, "LARGE_AFTER_SECONDS", 3600.0)
    validator = schema_file(tmp_path, MINIMAL)
    document = _source_text(tmp_path, minimal_document())
    assert validator.precheck is None
    assert validator.check_all([document]) == [[]]
    assert validator.precheck is None
    monkeypatch.setattr(precheck, "LARGE_AFTER_SECONDS", 0.0)
    assert validator.check_all([document]) == [[]]  # fully, and long enough now
    assert isinstance(validator.precheck, XsdPrecheck)
    assert validator.precheck.valid(document.tree)


def _source_text(tmp_path: Path, text: str):
    path = tmp_path / "doc.xml"
    path.write_text(text, encoding="utf-8")
    return _source(path)


def test_an_assertion_on_an_attributes_type_is_asked(tmp_path):
    validator = schema_file(tmp_path, edit(MINIMAL, (P_DECLARATION, """<xs:element name="p" maxOccurs="unbounded">
        <xs:complexType><xs:simpleContent><xs:extension base="xs:string">
          <xs:attribute name="n"><xs:simpleType><xs:restriction base="xs:string">
            <xs:assertion test="$value ne 'bad'"/></xs:restriction></xs:simpleType></xs:attribute>
        </xs:extension></xs:simpleContent></xs:complexType></xs:element>""")))
    assert validator.precheck is not None
    assert validator.precheck.valid(tree_of(minimal_document('<p n="good">x</p>'))) is True
    bad = tree_of(minimal_document('<p n="bad">x</p>'))
    assert validator.precheck.valid(bad) is False and full_verdict(validator, bad) is False


def test_a_name_declared_twice_is_checked_against_both_declarations_assertions(tmp_path):
    # p in the body must not say "forbidden"; p in a note may. The quick check asks every p both
    # declarations' assertions, so it is not sure of the note's; the full validation accepts it.
    validator = schema_file(tmp_path, edit(MINIMAL, (P_DECLARATION, """<xs:choice maxOccurs="unbounded">
        <xs:element name="p"><xs:complexType><xs:simpleContent><xs:extension base="xs:string">
          <xs:assert test=". ne 'forbidden'"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>
        <xs:element name="note"><xs:complexType><xs:sequence>
          <xs:element name="p" type="xs:string"/></xs:sequence></xs:complexType></xs:element>
      </xs:choice>""")))
    in_note = minimal_document("<note><p>forbidden</p></note>")
    assert validator.precheck.valid(tree_of(in_note)) is False
    assert validator.check_all([_source_text(tmp_path, in_note)]) == [[]]
    in_body = minimal_document("<p>forbidden</p>")
    assert validator.precheck.valid(tree_of(in_body)) is False
    assert validator.check_all([_source_text(tmp_path, in_body)]) != [[]]
    assert validator.precheck.valid(tree_of(minimal_document("<p>allowed</p><note><p>x</p></note>"))) is True


def test_an_xsi_type_leaves_the_verdict_to_the_full_validation(tmp_path):
    # xsi:type gives p a derived type whose assertion p's own declaration does not have: libxml2
    # (without assertions) and the assertions of p's declaration both pass it; xmlschema does not.
    validator = schema_file(tmp_path, edit(MINIMAL, (P_DECLARATION, P_DECLARATION.replace("xs:string", "plain")),
                                           ("</xs:schema>", """
  <xs:complexType name="plain"><xs:simpleContent><xs:extension base="xs:string"/></xs:simpleContent></xs:complexType>
  <xs:complexType name="guarded"><xs:simpleContent><xs:extension base="plain">
    <xs:assert test=". ne 'forbidden'"/></xs:extension></xs:simpleContent></xs:complexType>
</xs:schema>""")))
    typed = minimal_document('<p xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="guarded">forbidden</p>')
    assert validator.precheck is not None
    assert validator.precheck.valid(tree_of(typed)) is False
    assert validator.check_all([_source_text(tmp_path, typed)]) != [[]]
    assert validator.precheck.valid(tree_of(minimal_document("<p>forbidden</p>"))) is True


def test_a_schema_from_the_cache_built_for_another_copy_gets_its_quick_check(tmp_path, monkeypatch):
    # The cache is keyed by the schema's content: a second copy of a project (a clone, a CI
    # checkout) loads the schema built from the first, whose components name the first's files.
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    import shutil

    first, second = tmp_path / "first", tmp_path / "second"
    shutil.copytree(schemas.DEFAULT_SCHEMA.parent, first)
    shutil.copytree(schemas.DEFAULT_SCHEMA.parent, second)
    schemas._VALIDATORS.clear()
    assert schemas.get_validator(first / "tei-edition.xsd").cached is False
    schemas._VALIDATORS.clear()
    copy = schemas.get_validator(second / "tei-edition.xsd")
    assert copy.cached is True
    assert isinstance(copy.precheck, XsdPrecheck)
    assert copy.precheck.valid(tree_of(GOOD))
