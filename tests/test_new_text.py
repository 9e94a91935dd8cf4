"""A second text in a project builds on the first try (issue 14, "New texts").

The converter and the edition schema read one set of closed lists (the schema's named simple types),
so nothing the converter writes is refused by its own schema; a property test converts random diaries
with introductions, translator credits and run-in dates and validates them against the edition schema
and TEI's tei_all. The texts here are written for these tests.
"""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
import lxml.html
from lxml import etree

from pipeline.convert import vocabulary
from pipeline.convert.converter import convert_file, convert_text
from pipeline.convert.editorial import parse_editorial
from pipeline.errors import EditionError
from pipeline.validate.validator import validate_files
from pipeline.xmlio import NSMAP, parse_file

DIARY = """\
Marta Lind

Pages from the Diary of Marta Lind

Portraits and Scenes of the Harbour Strike


From The Northern Review, Vol. 4 No. 2, March 1951, pp. 12–19.
Translated from the French by James M. Fenwick.
Transcribed & marked up by Ida Moss for the Harbour Archive.

These pages were found among the author's papers in 1950. The translation is by James M. Fenwick. – Ed.

Paris, 1936

The 15th of Sept., in a little hotel near the Gare de l'Est, S. and Elsa, her child. On the 13th we drew up a press release.

1st Oct. Sneevliet came from Amsterdam. “It is strange,” said S.

December 3, 1936: Met Sedov at the café.

Last updated on 2 December 2018
"""


def _project(tmp_path: Path, text: str = DIARY, name: str = "lind-diary") -> Path:
    source = tmp_path / "tei" / "source" / f"{name}.txt"
    source.parent.mkdir(parents=True)
    source.write_text(text, encoding="utf-8")
    return source


def _xpath(tree, path: str):
    return tree.xpath(path, namespaces=NSMAP)


# --- one list of closed values -----------------------------------------------------------------

def test_the_converter_reads_its_closed_values_from_the_schema():
    schema = etree.parse(str(vocabulary.DEFAULT_SCHEMA))
    declared = schema.xpath("//xs:simpleType[@name='divisionType']//xs:enumeration/@value",
                            namespaces={"xs": "http://www.w3.org/2001/XMLSchema"})
    assert vocabulary.values("divisionType") == tuple(declared)
    assert "introduction" in declared  # what the converter writes for an editor's introduction
    with pytest.raises(LookupError, match="divisionType"):
        vocabulary.term("divisionType", "prologue-that-the-schema-lacks")


def test_a_schema_without_the_value_is_caught(tmp_path):
    # The check reads whatever schema it is given: drop "introduction" and it is no longer allowed.
    copy = tmp_path / "tei-edition.xsd"
    text = vocabulary.DEFAULT_SCHEMA.read_text(encoding="utf-8")
    copy.write_text(text.replace('<xs:enumeration value="introduction"/>', ""), encoding="utf-8")
    shutil.copy(vocabulary.DEFAULT_SCHEMA.parent / "xml.xsd", tmp_path / "xml.xsd")
    assert "introduction" not in vocabulary.values("divisionType", copy)


def test_an_availability_status_the_schema_refuses_is_an_editorial_error():
    with pytest.raises(EditionError) as caught:
        parse_editorial('[edition]\neditor = "E"\navailability_status = "open"\n', "editorial.toml")
    assert caught.value.rule == "editorial-format" and "free, unknown, restricted" in str(caught.value)
    assert caught.value.line == 3


# --- the text's own shape -----------------------------------------------------------------------

@pytest.fixture(scope="module")
def lind():
    return convert_text(DIARY, source_name="lind-diary.txt").tree


def test_the_first_title_line_is_the_main_title(lind):
    assert _xpath(lind, "string(//tei:titleStmt/tei:title[@type='main'])") == "Pages from the Diary of Marta Lind"
    assert _xpath(lind, "string(//tei:titleStmt/tei:title[@type='sub'])") == "Portraits and Scenes of the Harbour Strike"
    assert _xpath(lind, "//tei:docTitle/tei:titlePart/@type") == ["main", "sub"]
    assert _xpath(lind, "string(//tei:bibl[@type='print']/tei:title[@level='a'][not(@type)])") == \
        "Pages from the Diary of Marta Lind"


def test_the_editor_may_name_another_line_as_the_main_title():
    editorial = parse_editorial('[documents.lind-diary]\nmain_title = "Portraits and Scenes of the Harbour Strike"\n')
    tree = convert_text(DIARY, source_name="lind-diary.txt", editorial=editorial).tree
    assert _xpath(tree, "string(//tei:titleStmt/tei:title[@type='main'])") == "Portraits and Scenes of the Harbour Strike"
    assert _xpath(tree, "//tei:docTitle/tei:titlePart/@type") == ["sub", "main"]
    wrong = parse_editorial('[documents.lind-diary]\nmain_title = "No such line"\n')
    with pytest.raises(EditionError, match="none of the title lines"):
        convert_text(DIARY, source_name="lind-diary.txt", editorial=wrong)


def test_a_date_that_opens_an_entry_stays_in_its_sentence(lind):
    first = _xpath(lind, "//tei:div[@type='entry']")[0]
    paragraph = first.find("tei:p", NSMAP)
    assert paragraph is not None and first.find("tei:head", NSMAP) is None
    label = paragraph[0]
    assert etree.QName(label).localname == "label" and label.get("type") == "dateline"
    assert label.find("tei:date", NSMAP).get("when") == "1936-09-15"  # the year from "Paris, 1936"
    text = " ".join("".join(paragraph.itertext()).split())
    assert text.startswith("The 15th of Sept., in a little hotel")
    second = _xpath(lind, "//tei:div[@type='entry']")[1].find("tei:p", NSMAP)
    assert "".join(second.itertext()).startswith("1st Oct. Sneevliet came")
    # the day-only date later in the entry takes the entry's month and year
    assert _xpath(first, "string(.//tei:date[. = '13th']/@when)") == "1936-09-13"


def test_contents_name_entries_by_their_normalised_dates(tmp_path, edition):
    source = _project(tmp_path)
    tei = convert_file(source).output
    result = edition("transform", tei, "--to", "html", "-o", tmp_path / "html")
    assert result.exit_code == 0, result.stderr
    page = lxml.html.parse(str(tmp_path / "html" / "lind-diary.html"))
    toc = [" ".join(a.text_content().split()) for a in page.xpath("//nav[contains(@class, 'toc')]//a")]
    assert "15 September 1936" in toc and "3 December 1936" in toc
    assert not [label for label in toc if label.endswith((",", ":", "."))], toc
    assert "Introduction" in toc and "Untitled section" not in toc


# --- the first build -------------------------------------------------------------------------------

def test_a_new_diary_builds_on_the_first_try(tmp_path, edition):
    """Done when: a new diary with an introduction, a translator credit and inline-dated entries."""
    _project(tmp_path)
    result = edition("build", tmp_path)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "error" not in result.stderr
    assert (tmp_path / "output" / "html" / "lind-diary.html").is_file()
    assert (tmp_path / "output" / "text" / "lind-diary.txt").is_file()
    text = (tmp_path / "output" / "text" / "lind-diary.txt").read_text(encoding="utf-8")
    assert "The 15th of Sept., in a little hotel" in " ".join(text.split())


def test_a_failed_first_build_does_not_promise_outputs(tmp_path, edition):
    tei = tmp_path / "tei" / "broken.xml"
    tei.parent.mkdir(parents=True)
    tei.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body><div type="nonsense">'
                   "<p>x</p></div></body></text></TEI>\n", encoding="utf-8")
    result = edition("build", tmp_path)
    assert result.exit_code != 0
    said = result.stdout + result.stderr
    assert "outputs in" not in said
    assert "last good ones are kept" not in said
    assert "no outputs were written" in said


# --- any converted text validates against both schemas -----------------------------------------

_LETTERS = st.characters(categories=("Lu", "Ll"), min_codepoint=65, max_codepoint=0x17F)
word = st.text(_LETTERS, min_size=1, max_size=8)
sentence = st.lists(st.one_of(word, word, st.sampled_from(["–", "[sic]", "“quoted”", "O’Brien", "1937", "3rd"])),
                    min_size=1, max_size=10).map(lambda words: " ".join(words) + ".")
_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
run_in = st.one_of(
    st.builds(lambda d, m: f"The {d}th of {m},", st.integers(4, 28), st.sampled_from(_MONTHS)),
    st.builds(lambda d, m: f"{d}th {m}", st.integers(4, 28), st.sampled_from(_MONTHS)),
    st.builds(lambda m, d, y: f"{m} {d}, {y}:", st.sampled_from(["March", "April", "July"]),
              st.integers(1, 28), st.integers(1900, 1950)),
)
credit = st.sampled_from(["Translated from the French by {}.", "Translated by {}.", "Transcribed by {}.",
                          "Thanks to {}.", "Edited by {}."])


@st.composite
def new_diary(draw) -> str:
    title = " ".join(draw(st.lists(word, min_size=1, max_size=4)))
    lines = [f"{draw(word)} {draw(word)}", "", f"Pages from {title}", ""]
    if draw(st.booleans()):
        lines += [draw(sentence).rstrip("."), ""]
    lines += ["", f"From The {draw(word)} Review, Vol. {draw(st.integers(1, 9))} No. {draw(st.integers(1, 9))}, "
              f"{draw(st.sampled_from(_MONTHS))} {draw(st.integers(1900, 1950))}, pp. 1–9."]
    lines += [draw(credit).format(f"{draw(word)} {draw(word)}") for _ in range(draw(st.integers(1, 3)))]
    lines.append("")
    if draw(st.booleans()):
        lines += [" ".join(draw(st.lists(sentence, min_size=1, max_size=3))) + " – Ed.", ""]
    for _ in range(draw(st.integers(1, 2))):
        if draw(st.booleans()):
            lines += [f"{draw(word).title()}, {draw(st.integers(1900, 1950))}", ""]
        for _ in range(draw(st.integers(1, 3))):
            lines += [f"{draw(run_in)} {' '.join(draw(st.lists(sentence, min_size=1, max_size=3)))}", ""]
    return "\n".join(lines) + "\n"


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(new_diary())
def test_any_converted_text_validates_against_the_edition_schema_and_tei_all(tei_all_rng, text):
    with tempfile.TemporaryDirectory(prefix="new-text-") as tmp:
        source = Path(tmp) / "tei" / "source" / "new.txt"
        source.parent.mkdir(parents=True)
        source.write_text(text, encoding="utf-8")
        output = convert_file(source).output
        edition_report = validate_files([output])
        assert edition_report.ok, "\n".join(p.format() for p in edition_report.problems) + "\n---\n" + text
        tei_all = validate_files([output], schema=tei_all_rng)
        assert not [p.format() for p in tei_all.problems if p.rule == "schema"], text
        tree = parse_file(output)
        # every entry opens with its date, in a head or a run-in label
        for entry in _xpath(tree, "//tei:div[@type='entry']"):
            assert _xpath(entry, "tei:*[1][self::tei:head]//tei:date | tei:*[1][self::tei:p]/tei:label[1]//tei:date")


# --- what the reader sees of the header --------------------------------------------------------------

def test_the_header_prose_speaks_to_readers_not_encoders(repo_dir):
    tree = parse_file(repo_dir / "tei" / "serge-diary-ii.xml")
    prose = " ".join(" ".join(tree.xpath("//tei:editorialDecl//text() | //tei:titleStmt//tei:resp//text()",
                                         namespaces=NSMAP)).split())
    for jargon in ("choice/", "@resp", "@when", "@notBefore", "@cert", "div type", "sic", "tei/editorial.toml",
                   "said (", "q ("):
        assert jargon not in prose, jargon
    items = [i.xpath("string()") for i in tree.xpath("//tei:correction//tei:item", namespaces=NSMAP)]
    assert len(items) == len(set(items))  # one line per distinct correction
    assert "“-” → “ – ”: a hyphen typed for a dash (in 4 places)" in items
    # the imprint is in the bibliographic fields; it is not repeated as a note
    assert not tree.xpath("//tei:bibl[@type='print']/tei:note[not(@type)]", namespaces=NSMAP)


def test_pdf_contents_and_bookmarks_list_run_in_entries_by_date(tmp_path, edition):
    source = _project(tmp_path)
    tei = convert_file(source).output
    result = edition("transform", tei, "--to", "fo", "-o", tmp_path / "fo")
    assert result.exit_code == 0, result.stderr
    fo = etree.parse(str(tmp_path / "fo" / "lind-diary.fo"))
    ns = {"fo": "http://www.w3.org/1999/XSL/Format"}
    bookmarks = [" ".join(t.split()) for t in fo.xpath("//fo:bookmark-title/text()", namespaces=ns)]
    assert {"Introduction", "15 September 1936", "1 October 1936", "3 December 1936"} <= set(bookmarks), bookmarks
    assert "Untitled section" not in bookmarks


def test_a_text_without_entities_links_no_empty_register_pages(tmp_path, edition, repo_dir):
    source = _project(tmp_path)
    tei = convert_file(source).output  # no tei/register/: no names tagged
    result = edition("transform", tei, repo_dir / "tei" / "serge-diary-ii.xml", "--to", "html",
                     "-o", tmp_path / "html", "--param", "site=yes")
    assert result.exit_code == 0, result.stderr
    def nav(name):
        page = lxml.html.parse(str(tmp_path / "html" / name))
        return [a.get("href") for a in page.xpath("//nav[contains(@class, 'site-nav')]//a")]
    assert nav("lind-diary.html") == ["index.html", "lind-diary.html"]
    assert {"persons.html", "places.html", "organisations.html"} <= set(nav("serge-diary-ii.html"))


def test_the_header_says_what_the_text_was_translated_from(lind, repo_dir):
    # from the credit line "Translated from the French by …"
    assert _xpath(lind, "string(//tei:bibl[@type='print']/tei:note[@type='translation'])") == "Translated from French."
    # from editorial.toml's translated_from, where the print names no translator
    diary = parse_file(repo_dir / "tei" / "serge-diary-ii.xml")
    assert _xpath(diary, "string(//tei:bibl[@type='print']/tei:note[@type='translation'])") == "Translated from French."


def test_the_prints_notes_and_insertions_are_attributed(repo_dir):
    diary = parse_file(repo_dir / "tei" / "serge-diary-ii.xml")
    responsible = _xpath(diary, "//tei:titleStmt/tei:respStmt[@xml:id='print-editors']")
    assert responsible and "The New International" in _xpath(responsible[0], "string(tei:name)")
    notes = _xpath(diary, "//tei:text//tei:note")
    assert notes and all(note.get("resp") == "#print-editors" for note in notes)
    supplied = [" ".join(s.xpath("string()").split()) for s in _xpath(diary, "//tei:supplied[@resp='#print-editors']")]
    assert {"Ignace Reiss", "political police"} <= set(supplied)
