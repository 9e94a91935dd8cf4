"""A schema's assertions asked by Saxon (pipeline/validate/assertions.py), without xmlschema.

The invariant is the quick check's: it may say only "valid", and never of a document xmlschema's
full validation refuses. What makes an untyped tree answer otherwise than a typed one (white space
a type collapses, text nodes of white space alone, an attribute's list value, the element's own
subtree) is kept out by the analysis, and each such case is tried here.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

from pipeline.validate import assertions, schemas
from pipeline.validate.assertions import Beyond, analyse
from pipeline.validate.validator import validate_files
from xsdcases import (GOOD, MINIMAL, P_DECLARATION, VALID_DOCUMENTS, edit, full_verdict, minimal_document,
                      schema_file, tree_of)

REPO = Path(__file__).parents[1]
TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NAMESPACES = {"xml": XML_NS, "xs": "http://www.w3.org/2001/XMLSchema"}


@pytest.fixture(autouse=True)
def private_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(schemas, "_VALIDATORS", {})


@pytest.fixture
def bundled():
    return schemas.get_validator(schemas.DEFAULT_SCHEMA)


# --- the analysis: what an untyped tree answers as a typed one does -------------------------------

@pytest.mark.parametrize("test", [
    "@xml:id",
    "persName",
    "not(@when and (@from or @to or @notBefore or @notAfter))",
    "count(persName[@type = 'standard']) le 1",
    "normalize-space(string(.)) != ''",
    "not(@type = 'entry') or (*[1][self::head] and head[1]//date)",
    "*[1][self::p]/*[1][self::label][.//date][not(preceding-sibling::text()[normalize-space()])]",
    "if (@from) then exists(@to) else true()",
    "count(p) = count(p/@n)",
    "string(@type) = ('a', 'b')[1]",
    "child::p/parent::*/@n != 'x'",
])
def test_expressions_that_read_nothing_typing_changes_are_asked(test):
    analyse(test, NAMESPACES, TEI_NS, value_bound=False, has_context=True)


@pytest.mark.parametrize("test, why", [
    (". = 'x'", "typed value of elements"),               # an element's value is its type's
    ("@n = 5", "comparison of a string with a number"),   # typed: an error; untyped: a number
    ("text()", "white space alone"),                      # a typed tree has none in element-only content
    ("count(node())", "kind test node"),
    ("string-length(normalize-space(.)) gt 3", "text where"),  # only whether a text is empty is the same
    ("normalize-space(.) = 'x'", "comparison of a text"),
    ("normalize-space(p) = normalize-space(hi)", "comparison of a text"),  # white space nodes apart
    ("..", "outside its tree"),                           # the assertion's element has no parent
    ("ancestor::div", "ancestor axis"),
    ("following-sibling::p", "outside its tree"),
    ("/TEI", "from the root"),
    ("//p", "from the root"),
    ("p/../../x", "outside its tree"),
    ("p//x/../../..", "outside its tree"),
    ("@*", "wildcard"),
    ("some $p in p satisfies $p/@n", "'some'"),
    ("$value = 'x'", "variable"),                         # no string bound to $value here
    # Nothing but what the analysis knows reaches Saxon: a schema cannot make it read a file.
    ("doc('x.xml')", "function doc"),
    ("unparsed-text('/etc/passwd') = ''", "unparsed-text"),   # not XPath 2.0: cannot parse
    ("Q{http://www.w3.org/2005/xpath-functions}doc('x.xml')", "cannot parse"),
    ("p instance of element()", "instance"),
])
def test_expressions_that_typing_may_change_are_beyond(test, why):
    with pytest.raises(Beyond) as caught:
        analyse(test, NAMESPACES, TEI_NS, value_bound=False, has_context=True)
    assert why in str(caught.value), str(caught.value)


def test_value_is_asked_only_when_bound_to_a_string():
    test = "abs(xs:decimal(tokenize(normalize-space(translate($value, ',', ' ')), ' ')[1])) le 90"
    assert analyse(test, NAMESPACES, TEI_NS, value_bound=True, has_context=False).attributes == set()
    with pytest.raises(Beyond):
        analyse(". = 'x'", NAMESPACES, TEI_NS, value_bound=True, has_context=False)  # a facet has no context


def test_the_attributes_whose_values_are_read_are_named():
    reads = analyse("not(@type = 'entry') and string(@xml:lang) != '' and @n", NAMESPACES, TEI_NS,
                    value_bound=False, has_context=True)
    assert reads.attributes == {"type", f"{{{XML_NS}}}lang"} and not reads.own_value


@pytest.mark.parametrize("test", [". ne 'forbidden'", "matches(., '^[A-Z]')", "string-length(string(.)) le 10",
                                  "not(contains(normalize-space(.), 'x'))"])
def test_an_element_s_own_value_is_read_where_it_is_a_string_type_s(test):
    assert analyse(test, NAMESPACES, TEI_NS, value_bound=True, has_context=True).own_value
    with pytest.raises(Beyond):  # complex content: its typed value is no string
        analyse(test, NAMESPACES, TEI_NS, value_bound=False, has_context=True)


@pytest.mark.parametrize("test", [". = 5", "p = 'x'", "*[. = 'x']"])
def test_only_the_element_s_own_value_and_only_as_a_string(test):
    with pytest.raises(Beyond):
        analyse(test, NAMESPACES, TEI_NS, value_bound=True, has_context=True)


# --- the bundled schema ---------------------------------------------------------------------------

def test_the_bundled_schemas_assertions_are_all_asked_by_saxon(bundled):
    table = assertions.assertion_table(bundled.schema)
    assert table is not None
    asked = {check["test"] for checks in table["elements"].values() for check in checks}
    declared = {e.get("test") for e in etree.parse(str(schemas.DEFAULT_SCHEMA)).iter(
        "{http://www.w3.org/2001/XMLSchema}assert", "{http://www.w3.org/2001/XMLSchema}assertion")}
    assert asked == declared
    assert table["compared"] == ["type"]
    assert bundled.quick is not None


@pytest.mark.parametrize("name", VALID_DOCUMENTS)
def test_a_valid_document_is_valid_by_saxon_alone(bundled, monkeypatch, name):
    def refused(*args, **kwargs):
        raise AssertionError("xmlschema was asked")

    monkeypatch.setattr(schemas.XsdValidator, "precheck", property(refused))
    monkeypatch.setattr(bundled.schema, "iter_errors", refused)
    from pipeline.validate.sourcedoc import SourceDocument
    from pipeline.xmlio import parse_file

    path = REPO / name
    assert bundled.check_all([SourceDocument(path, parse_file(path), path.read_bytes())]) == [[]]


@pytest.mark.parametrize("pairs", [
    # Valid typed and untyped alike, but Saxon cannot know that.
    [('<div type="entry" xml:id="e1937-12">', '<div type="entry " xml:id="e1937-12">')],
    # Typed, " entry " is "entry" (the type collapses white space): an entry without its date,
    # which untyped is not an entry at all. (xmlschema reads the value as it stands here, and finds
    # it valid: whatever its verdict, it is the one users get.)
    [('<div type="entry" xml:id="e1937-12">\n          <head><date when="1937-12">Dec. 1937.</date></head>',
      '<div type=" entry " xml:id="e1937-12">\n          <head>Dec. 1937.</head>')],
])
def test_white_space_a_type_collapses_leaves_the_verdict_to_xmlschema(bundled, tmp_path, pairs):
    text = edit(GOOD, *pairs)
    assert bundled.quick.valid(tree_of(text)) is False
    doc = tmp_path / "doc.xml"
    doc.write_text(text, encoding="utf-8")
    assert validate_files([doc]).problems == [] and full_verdict(bundled, tree_of(text))


# --- other schemas --------------------------------------------------------------------------------

def _p_with(assertion: str, attributes: str = '<xs:attribute name="n" type="xs:token"/>') -> str:
    return edit(MINIMAL, (P_DECLARATION, f"""<xs:element name="p" maxOccurs="unbounded">
        <xs:complexType mixed="true"><xs:sequence><xs:element name="hi" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence>{attributes}<xs:assert test="{assertion}"/></xs:complexType></xs:element>"""))


def test_another_schemas_assertions_are_asked_by_saxon(tmp_path):
    validator = schema_file(tmp_path, _p_with("not(@n = 'bad')"))
    assert validator.quick is not None
    assert validator.quick.valid(tree_of(minimal_document('<p n="good">x</p>'))) is True
    for bad in ('<p n="bad">x</p>', '<p n=" bad">x</p>'):
        tree = tree_of(minimal_document(bad))
        assert validator.quick.valid(tree) is False and full_verdict(validator, tree) is False


@pytest.mark.parametrize("schema", [
    # A list's typed value is its items: @n = 'a' holds of n="a b" typed, not untyped.
    _p_with("not(@n = 'a')", '<xs:attribute name="n"><xs:simpleType><xs:list itemType="xs:token"/></xs:simpleType></xs:attribute>'),
    # A number: typed, @n = 'a' is an error.
    _p_with("not(@n = 'a')", '<xs:attribute name="n" type="xs:integer"/>'),
    # A default: the typed tree has the attribute where the document does not.
    _p_with("not(@n = 'a')", '<xs:attribute name="n" type="xs:token" default="a"/>'),
    # An element's own value, of mixed content.
    _p_with(". ne 'forbidden'"),
])
def test_a_schema_whose_assertions_typing_may_change_gets_no_saxon_check(tmp_path, schema):
    validator = schema_file(tmp_path, schema)
    assert validator.quick is None
    assert json.loads(validator.table_file.read_bytes())["table"] is None
    assert validator.precheck is not None  # xmlschema's assertions still spare the full validation


def _simple_p(assertion: str, base: str) -> str:
    return edit(MINIMAL, (P_DECLARATION, f"""<xs:element name="p" maxOccurs="unbounded">
        <xs:complexType><xs:simpleContent><xs:extension base="{base}">
        <xs:assert test="{assertion}"/></xs:extension></xs:simpleContent></xs:complexType></xs:element>"""))


@pytest.mark.parametrize("base", ["xs:string", "xs:token"])
def test_an_element_s_own_string_value_is_asked_by_saxon(tmp_path, base):
    validator = schema_file(tmp_path, _simple_p(". ne 'forbidden'", base))
    assert validator.quick is not None
    assert validator.quick.valid(tree_of(minimal_document("<p>allowed</p>"))) is True
    bad = tree_of(minimal_document("<p>forbidden</p>"))
    assert validator.quick.valid(bad) is False and full_verdict(validator, bad) is False
    # Typed, an xs:token's " forbidden " is "forbidden"; a comment splits the text: not Saxon's verdict.
    for unsure in ("<p> forbidden </p>", "<p>forb<!-- -->idden</p>"):
        tree = tree_of(minimal_document(unsure))
        assert validator.quick.valid(tree) is (base == "xs:string" and "<!--" not in unsure)
        if validator.quick.valid(tree):
            assert full_verdict(validator, tree)


# --- no xmlschema where Saxon can tell ------------------------------------------------------------

_VALIDATE = """
import sys
from pathlib import Path
from pipeline.validate.validator import validate_files
report = validate_files([Path(p) for p in sys.argv[1:]])
print(len([p for p in report.problems if p.severity == "error"]), "xmlschema" in sys.modules)
"""


def _validate_in_a_new_process(*paths: Path) -> str:
    result = subprocess.run([sys.executable, "-c", _VALIDATE, *map(str, paths)], capture_output=True, text=True,
                            env={**os.environ}, cwd=REPO, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_a_new_process_validates_a_valid_document_without_importing_xmlschema(tmp_path):
    good = tmp_path / "good.xml"
    good.write_text(GOOD, encoding="utf-8")
    schemas.get_validator(schemas.DEFAULT_SCHEMA)  # builds the table, as a first build does
    assert _validate_in_a_new_process(good) == ["0", "False"]
    bad = tmp_path / "bad.xml"
    bad.write_text(edit(GOOD, ('<person xml:id="sneevliet">', "<person>")), encoding="utf-8")
    errors, imported = _validate_in_a_new_process(bad)
    assert int(errors) > 0 and imported == "True"


def test_both_quick_checks_share_libxml2_s_compilation(tmp_path, monkeypatch):
    from pipeline.validate import precheck

    schemas.get_validator(schemas.DEFAULT_SCHEMA)  # the table on disk, as after a first build
    schemas._VALIDATORS.clear()
    compiled = []
    real = precheck._libxml2_schema
    monkeypatch.setattr(precheck, "_libxml2_schema", lambda *args: compiled.append(args) or real(*args))
    validator = schemas.get_validator(schemas.DEFAULT_SCHEMA)
    bad = tmp_path / "bad.xml"
    bad.write_text(edit(GOOD, ('<person xml:id="sneevliet">', "<person>")), encoding="utf-8")
    assert validate_files([bad]).problems  # Saxon unsure: xmlschema's checks run too
    assert validator.precheck is not None and validator.precheck.libxml2 is validator.quick.libxml2
    assert len(compiled) == 1


def test_a_table_saxon_cannot_compile_leaves_the_checks_to_xmlschema(tmp_path, monkeypatch):
    from pipeline.errors import EditionError
    from pipeline.publish import transform

    def refuses(text):
        raise EditionError("the stylesheet does not compile: no", rule="xslt-compile")

    schemas.get_validator(schemas.DEFAULT_SCHEMA)
    schemas._VALIDATORS.clear()
    monkeypatch.setattr(transform, "compile_own_stylesheet", refuses)
    validator = schemas.get_validator(schemas.DEFAULT_SCHEMA)
    assert validator.quick is None and validator.precheck is not None
    good = tmp_path / "good.xml"
    good.write_text(GOOD, encoding="utf-8")
    assert validate_files([good]).problems == []


def test_a_table_whose_files_changed_is_not_used(tmp_path):
    import shutil

    folder = tmp_path / "schema"
    shutil.copytree(schemas.DEFAULT_SCHEMA.parent, folder)
    main = folder / "tei-edition.xsd"
    assert schemas.get_validator(main).table_file.is_file()
    included = folder / "xml.xsd"
    included.write_text(included.read_text(encoding="utf-8").replace('<xs:enumeration value="preserve"/>', ""),
                        encoding="utf-8")
    schemas._VALIDATORS.clear()
    validator = schemas.get_validator(main)
    assert validator._schema is not None  # loaded: the table on disk was not trusted
    doc = tmp_path / "doc.xml"
    doc.write_text(edit(GOOD, ("<p>Have lived", '<p xml:space="preserve">Have lived')), encoding="utf-8")
    assert [p.rule for p in validate_files([doc], schema=main).problems] == ["schema"]
