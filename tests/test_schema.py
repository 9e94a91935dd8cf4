"""The edition schema (schema/tei-edition.xsd) and the schema cache (pipeline/validate/schemas.py).

What the edition schema accepts, tei_all must accept too: every document it accepts here is also run
through TEI P5 tei_all (jing, else lxml). What it rejects beyond tei_all is a real editing mistake.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from pipeline.validate import schemas
from pipeline.validate.validator import validate_files

DATA = Path(__file__).parent / "data" / "validate"
SCHEMA = schemas.DEFAULT_SCHEMA
XS = "{http://www.w3.org/2001/XMLSchema}"
GOOD = (DATA / "diary-good.xml").read_text(encoding="utf-8")
SINK = (DATA / "kitchen-sink.xml").read_text(encoding="utf-8")
REGISTER = (DATA / "register-persons.xml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_EDITION_CACHE", str(tmp_path_factory.mktemp("schema-cache")))
        yield


def edit(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


# Documents the edition schema must accept, chosen to vary what GOOD and SINK already show.
ACCEPTED = {
    "diary-good": GOOD,
    "kitchen-sink": SINK,
    "register": REGISTER,
    "entries-without-sections": edit(
        GOOD, ('<div type="section" xml:id="s1">\n        <head>Reiss, Krivitsky, Bastich, Others</head>\n', ''),
        ('</div>\n      </div>\n    </body>', '</div>\n    </body>')),
    "paragraphs-only": edit(
        GOOD, (GOOD[GOOD.index("<body>"):GOOD.index("</body>") + 7],
               "<body><p>Only a paragraph.</p><milestone unit=\"section\"/><p>And another.</p>"
               "<closer><signed>S.</signed></closer></body>")),
    "prose-header": edit(
        GOOD, (GOOD[GOOD.index("<publicationStmt>"):GOOD.index("</sourceDesc>") + 13],
               "<publicationStmt><p>Unpublished.</p></publicationStmt><sourceDesc><p>A typescript.</p></sourceDesc>"),
        ("<editionStmt>\n        <edition>Digital edition, TEI P5</edition>\n      </editionStmt>",
         "<editionStmt><p>First.</p></editionStmt>")),
    "minimal-header": edit(
        GOOD, (GOOD[GOOD.index("<encodingDesc>"):GOOD.index("</revisionDesc>") + 15], "")),
    "entry-head-date-nested": edit(
        GOOD, ('<head><date when="1937-12">Dec. 1937.</date></head>',
               '<head>Written in <hi rend="italic"><date when="1937-12">Dec. 1937</date></hi></head>')),
    "header-order-profile-first": edit(
        GOOD, (GOOD[GOOD.index("    <encodingDesc>"):GOOD.index("    <profileDesc>")], ""),
        ("    </profileDesc>\n", "    </profileDesc>\n" + GOOD[GOOD.index("    <encodingDesc>"):GOOD.index("    <profileDesc>")])),
    "standoff-without-lists-of-some-kinds": edit(
        GOOD, (GOOD[GOOD.index("    <listPlace>"):GOOD.index("</listOrg>") + 10], ""),
        ('<placeName ref="#paris">Paris</placeName>', 'Paris'), ('<orgName ref="#gpu">GPU</orgName>', 'GPU')),
    "text-without-standoff": edit(
        GOOD, (GOOD[GOOD.index("  <standOff>"):GOOD.index("</standOff>") + 12], ""),
        ('<persName ref="#sneevliet">', '<persName>'), ('<placeName ref="#paris">', '<placeName>'),
        ('<orgName ref="#gpu">', '<orgName>'), ('<said who="#sneevliet">', '<said>')),
}


def edition_problems(text: str, tmp_path: Path, name: str = "doc.xml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [p for p in validate_files([path]).problems if p.severity == "error"]


def test_every_element_declaration_is_documented():
    root = etree.parse(str(SCHEMA)).getroot()
    undocumented = [el.get("name") for el in root.iter(f"{XS}element") if el.get("name")
                    and not "".join(el.xpath("string(xs:annotation/xs:documentation)",
                                             namespaces={"xs": XS[1:-1]})).strip()]
    assert undocumented == []


def test_the_kitchen_sink_uses_every_declared_element():
    declared = {el.get("name") for el in etree.parse(str(SCHEMA)).getroot().findall(f"{XS}element")}
    used = {etree.QName(el).localname for el in etree.fromstring(SINK.encode()).iter(etree.Element)}
    assert declared - used == set()


@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_the_edition_schema_accepts(tmp_path, name):
    assert edition_problems(ACCEPTED[name], tmp_path) == []


def test_whatever_the_edition_schema_accepts_tei_all_accepts(tmp_path, tei_all_rng, repo_dir):
    files = []
    for name, text in ACCEPTED.items():
        path = tmp_path / f"{name}.xml"
        path.write_text(text, encoding="utf-8")
        files.append(path)
    diary = repo_dir / "tei" / "serge-diary-ii.xml"
    if diary.is_file():  # the converted diary and its registers, as they stand now
        files += [diary, *sorted((repo_dir / "tei" / "register").glob("*.xml"))]
    assert not [p.format() for p in validate_files(files).errors]
    report = validate_files(files, schema=tei_all_rng)
    assert [p.format() for p in report.problems if p.rule == "schema"] == []


# Mistakes tei_all lets through and the edition schema catches, each with the rule it is reported under.
STRICTER = {
    "entry without a dated head": (("<head><date when=\"1938-02-20\">February 20, 1938:</date></head>", ""),
                                   "entry-head"),
    "run-in label without a date": (("<head><date when=\"1938-02-20\">February 20, 1938:</date></head>\n          <p>",
                                     "<p><label type=\"dateline\">February 20, 1938:</label> "), "entry-head"),
    "entry head without a date": (("<head><date when=\"1938-02-20\">February 20, 1938:</date></head>",
                                   "<head>February 20, 1938</head>"), "entry-head"),
    "misspelt division type": (('<div type="entry" xml:id="e1938-02-20">', '<div type="entyr" xml:id="e1938-02-20">'),
                               "schema"),
    "division without a type": (('<div type="section" xml:id="s1">', '<div xml:id="s1">'), "schema"),
    "foreign without a language": (('<foreign xml:lang="fr">', "<foreign>"), "foreign-lang"),
    "pointer without #": (('<placeName ref="#paris">', '<placeName ref="paris">'), "schema"),
    "link without target": (('<ref target="https://www.marxists.org/">', "<ref>"), "schema"),
    "year-only guess as text": (('when="1937-12-13"', 'when="13 Dec 1937"'), "date-valid"),
    "gMonthDay where a dated day is meant": (('when="1937-12-13"', 'when="--12-13"'), "date-yearless"),
    "empty note": (('<note n="1" place="foot">A note.</note>', '<note n="1" place="foot"><milestone unit="x"/></note>'),
                   "note-empty"),
    "coordinates out of range": (("<geo>48.8566 2.3522</geo>", "<geo>98.8566 2.3522</geo>"), "schema"),
    "two standard names": (('<persName type="variant">S.</persName>', '<persName type="standard">S.</persName>'),
                           "entry-name"),
    "register entry without id": (('<org xml:id="gpu">', "<org>"), "entry-id"),
    "entry inside an entry": (("<closer>", '<div type="entry"><head><date when="1938-02-21">21</date></head>'
                               "<p>x</p></div><closer>"), "entry-nested"),
}


@pytest.mark.parametrize("case", sorted(STRICTER))
def test_the_edition_schema_is_stricter_than_tei_all_where_it_matters(tmp_path, case):
    change, rule = STRICTER[case]
    assert rule in {p.rule for p in edition_problems(edit(GOOD, change), tmp_path)}


def test_tei_all_lets_the_stricter_cases_through(tmp_path, tei_all_rng):
    # One run for all cases (jing starts once): each case must be a mistake only the edition catches.
    files = []
    for number, case in enumerate(sorted(STRICTER)):
        files.append(tmp_path / f"case-{number}.xml")
        files[-1].write_text(edit(GOOD, STRICTER[case][0]), encoding="utf-8")
    report = validate_files(files, schema=tei_all_rng)
    assert [p.format() for p in report.problems if p.rule == "schema"] == []


# --- the cache -----------------------------------------------------------------------------------

@pytest.fixture
def schema_copy(tmp_path, monkeypatch):
    """A private copy of the schema folder and an empty cache, with the process cache cleared."""
    folder = tmp_path / "schema"
    shutil.copytree(SCHEMA.parent, folder)
    monkeypatch.setenv("TEI_EDITION_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(schemas, "_VALIDATORS", {})
    return folder / "tei-edition.xsd"


def fresh(path: Path) -> schemas.Validator:
    """The validator a new process would get (the process cache emptied, the disk cache kept)."""
    schemas._VALIDATORS.clear()
    return schemas.get_validator(path)


def test_compiled_once_per_process(schema_copy):
    assert schemas.get_validator(schema_copy) is schemas.get_validator(schema_copy)


def test_built_schema_is_cached_on_disk_and_reused(schema_copy, tmp_path):
    first = fresh(schema_copy)
    assert first.cached is False and first.cache_file.is_file()
    second = fresh(schema_copy)
    assert second.cached is True and second is not first
    doc = tmp_path / "doc.xml"
    doc.write_text(edit(GOOD, ('when="1937-12-13"', 'when="1937-12"')), encoding="utf-8")
    assert validate_files([doc], schema=schema_copy).problems == []


def test_a_changed_schema_is_never_served_stale(schema_copy, tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text(edit(GOOD, ('<div type="section" xml:id="s1">', '<div type="chapter" xml:id="s1">')),
                   encoding="utf-8")
    fresh(schema_copy)
    assert [p.rule for p in validate_files([doc], schema=schema_copy).problems] == ["schema"]
    schema_copy.write_text(schema_copy.read_text(encoding="utf-8").replace(
        '<xs:enumeration value="section"/>', '<xs:enumeration value="section"/><xs:enumeration value="chapter"/>'),
        encoding="utf-8")
    # Even a process that still holds the old schema sees the change: the key is the content.
    assert schemas.get_validator(schema_copy).cached is False
    assert validate_files([doc], schema=schema_copy).problems == []


def test_a_changed_included_file_is_never_served_stale(schema_copy, tmp_path):
    doc = tmp_path / "doc.xml"
    doc.write_text(edit(GOOD, ("<p>Have lived", '<p xml:space="preserve">Have lived')), encoding="utf-8")
    assert fresh(schema_copy).cached is False
    assert validate_files([doc], schema=schema_copy).problems == []
    included = schema_copy.parent / "xml.xsd"
    included.write_text(included.read_text(encoding="utf-8").replace('<xs:enumeration value="preserve"/>', ""),
                        encoding="utf-8")
    rebuilt = fresh(schema_copy)
    assert rebuilt.cached is False
    assert [p.rule for p in validate_files([doc], schema=schema_copy).problems] == ["schema"]


def test_an_assertion_that_raises_is_a_finding_with_the_schema_from_the_cache(schema_copy, tmp_path):
    # The geo assertion casts its words to xs:decimal: "x" raises, and the error's message needs
    # the expression, which the pickled parser had lost (an internal error, not a finding).
    doc = tmp_path / "doc.xml"
    doc.write_text(edit(GOOD, ("<geo>48.8566 2.3522</geo>", "<geo>x</geo>")), encoding="utf-8")
    for cached in (False, True):
        assert fresh(schema_copy).cached is cached
        problems = validate_files([doc], schema=schema_copy).problems
        assert problems and {p.rule for p in problems} == {"schema"}
        assert all(":117:" in p.format() for p in problems), [p.format() for p in problems]


def test_a_corrupt_cache_file_is_rebuilt(schema_copy):
    built = fresh(schema_copy)
    built.cache_file.write_bytes(b"not a pickle")
    again = fresh(schema_copy)
    assert again.cached is False
    assert fresh(schema_copy).cached is True


def test_an_unknown_schema_kind_is_refused():
    from pipeline.errors import EditionError

    with pytest.raises(EditionError) as caught:
        schemas.get_validator(DATA / "diary-good.xml")
    assert caught.value.rule == "schema-type"
