"""validate_files and `edition validate`: every rule broken and kept, positions, JSON, exit codes, engines."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.validate import schemas
from pipeline.validate.validator import validate_files

DATA = Path(__file__).parent / "data" / "validate"
GOOD = (DATA / "diary-good.xml").read_text(encoding="utf-8")
REGISTER = (DATA / "register-persons.xml").read_text(encoding="utf-8")


@pytest.fixture(autouse=True, scope="module")
def private_cache(tmp_path_factory):
    """Compiled schemas go to a folder of this test run, never the user's cache."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TEI_EDITION_CACHE", str(tmp_path_factory.mktemp("schema-cache")))
        yield


def write(tmp_path: Path, text: str, name: str = "doc.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def mutate(*pairs: tuple[str, str]) -> str:
    text = GOOD
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def problems(tmp_path: Path, text: str, **options) -> list:
    return validate_files([write(tmp_path, text)], **options).problems


def rules_of(found) -> list[tuple[str, str]]:
    return sorted({(p.rule, p.severity) for p in found})


def position_of(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    """1-based line and column of ``needle`` (plus ``offset`` characters) in ``text``."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


# --- the passing document -------------------------------------------------------------------------

def test_the_sample_diary_is_valid_with_no_warnings(tmp_path):
    report = validate_files([write(tmp_path, GOOD)])
    assert report.problems == [] and report.ok
    assert report.summary() == "1 file checked, all valid: 0 errors, 0 warnings"


# --- each rule: a document that breaks it -------------------------------------------------------

BROKEN = {
    "id-unique": (('xml:id="e1938-02-20"', 'xml:id="e1937-12"'),),
    "pointer-unresolved": (('<placeName ref="#paris">', '<placeName ref="#nowhere">'),),
    "date-valid": (('when="1937-12-13"', 'when="1937-02-30"'),),
    "date-order": (('from="1938-02-20" to="1938-02-22"', 'from="1938-02-22" to="1938-02-20"'),),
    "date-attributes": (('<date when="1937-12-13">', '<date when="1937-12-13" notBefore="1937-12">'),),
    "choice-readings": (('<corr resp="#editor">miserable</corr>', ''),),
    "entity-empty": (('<orgName ref="#gpu">GPU</orgName>', '<orgName ref="#gpu"/>'),),
    "note-empty": (('<note n="1" place="foot">A note.</note>', '<note n="1" place="foot">  </note>'),),
    "entry-head": (('<head><date when="1938-02-20">February 20, 1938:</date></head>', '<head>February</head>'),),
    "date-yearless": (('when="1937-12-13"', 'when="--12-13"'),),
    # "On the 13th" in the entry of December 1937 cannot be 13 March 1938 (issue 14)
    "date-day-month": (('when="1937-12-13"', 'when="1938-03-13"'),),
}


@pytest.mark.parametrize("rule", sorted(BROKEN))
def test_each_rule_reports_the_document_that_breaks_it(tmp_path, rule):
    found = problems(tmp_path, mutate(*BROKEN[rule]))
    assert (rule, "error") in rules_of(found), [p.format() for p in found]
    assert not validate_files([tmp_path / "doc.xml"]).ok


def test_empty_reading_of_a_choice_is_reported_at_the_reading(tmp_path):
    text = mutate(('<expan>French</expan>', '<expan> </expan>'))
    found = [p for p in problems(tmp_path, text) if p.rule == "choice-readings"]
    assert [(p.line, p.column) for p in found] == [position_of(text, "<expan> </expan>")]


def test_choice_with_mismatched_readings(tmp_path):
    found = problems(tmp_path, mutate(('<expan>French</expan>', '<corr>French</corr>')))
    assert any(p.rule == "choice-readings" and "<abbr> has no <expan>" in p.message for p in found), found


def test_unused_standoff_entry_is_a_warning(tmp_path):
    text = mutate(('<orgName ref="#gpu">GPU</orgName>', 'GPU'))
    report = validate_files([write(tmp_path, text)])
    assert rules_of(report.problems) == [("entry-unused", "warning")]
    assert report.ok  # warnings do not fail validation
    assert (report.problems[0].line, report.problems[0].column) == position_of(text, 'xml:id="gpu"')


def test_a_place_inside_a_used_place_makes_the_outer_one_used(tmp_path):
    text = mutate(('<place xml:id="paris">', '<place xml:id="france"><placeName>France</placeName><place xml:id="paris">'),
                  ('<idno type="GeoNames">2988507</idno>\n      </place>',
                   '<idno type="GeoNames">2988507</idno>\n      </place></place>'))
    assert problems(tmp_path, text) == []


# --- dates in entries -----------------------------------------------------------------------------

def test_in_text_date_before_the_heading_is_a_warning(tmp_path):
    text = mutate(('On the <date when="1937-12-13">13th</date>', 'On the <date when="1937-11-13">13th</date>'))
    found = problems(tmp_path, text)
    assert rules_of(found) == [("date-before-entry", "warning")]
    assert (found[0].line, found[0].column) == position_of(text, '<date when="1937-11-13">')


@pytest.mark.parametrize("date", ['<date when="1937-11-13" cert="low">13th</date>',
                                  '<date when="1928">in ’28</date>',
                                  # a day-only date in a later month needs that month named first, or @cert
                                  '<date when="1938-01-13" cert="high">13th</date>'])
def test_in_text_dates_that_pass(tmp_path, date):
    text = mutate(('<date when="1937-12-13">13th</date>', date))
    assert problems(tmp_path, text) == []


@pytest.mark.parametrize("value", ["1937-13", "1937-02-29", "37-12-01", "1937/12/01", "1900-02-29"])
def test_impossible_dates_are_errors(tmp_path, value):
    found = problems(tmp_path, mutate(('when="1937-12-13"', f'when="{value}"')))
    assert [p.rule for p in found] == ["date-valid"], found


def test_a_yearless_date_is_reported_at_its_attribute_with_the_year_to_give(tmp_path):
    text = mutate(('when="1937-12-13"', 'when="--12-13"'))
    (found,) = [p for p in problems(tmp_path, text) if p.rule == "date-yearless"]
    assert "give the year (e.g. 1937-12-13)" in found.message
    assert (found.line, found.column) == position_of(text, 'when="--12-13"')


def test_yearless_dates_pass_where_no_year_is_known(tmp_path):
    # A text that never names its year: "April" and "20 April" are all it can say.
    text = mutate(('<head><date when="1938-02-20">February 20, 1938:</date></head>',
                   '<head><date when="--02-20">February 20:</date></head>'))
    assert not [p for p in problems(tmp_path, text) if p.rule in ("date-yearless", "date-valid", "schema")]


def test_leap_day_is_a_real_date(tmp_path):
    found = problems(tmp_path, mutate(('when="1937-12-13"', 'when="1936-02-29"')))
    assert "date-valid" not in {p.rule for p in found}


# --- pointers and registers ----------------------------------------------------------------------

def test_pointer_resolved_only_by_the_registers_is_a_warning(tmp_path):
    registers = tmp_path / "registers"
    registers.mkdir()
    write(registers, REGISTER, "persons.xml")
    text = mutate(('<said who="#sneevliet">', '<said who="#reiss">'))
    found = problems(tmp_path, text, registers_dir=registers)
    assert rules_of(found) == [("pointer-register-only", "warning")]
    found = problems(tmp_path, text)  # without the registers it points at nothing
    assert rules_of(found) == [("pointer-unresolved", "error")]


def test_pointer_into_a_register_file_must_name_an_entry(tmp_path):
    registers = tmp_path / "registers"
    registers.mkdir()
    write(registers, REGISTER, "persons.xml")
    good = mutate(('<said who="#sneevliet">', '<said who="persons.xml#reiss">'))
    assert problems(tmp_path, good, registers_dir=registers) == []
    bad = mutate(('<said who="#sneevliet">', '<said who="persons.xml#nobody">'))
    assert rules_of(problems(tmp_path, bad, registers_dir=registers)) == [("pointer-unresolved", "error")]


def test_urls_and_other_files_are_not_followed(tmp_path):
    text = mutate(('<ref target="https://www.marxists.org/">', '<ref target="../secret/other.xml#x">'))
    assert problems(tmp_path, text) == []


def test_unused_register_entries_are_warnings_when_validated_with_documents(tmp_path):
    register_dir = tmp_path / "tei" / "register"
    register_dir.mkdir(parents=True)
    register = write(register_dir, REGISTER, "persons.xml")
    diary = write(tmp_path / "tei", mutate(('<said who="#sneevliet">', '<said who="persons.xml#reiss">')))
    report = validate_files([diary, register])
    unused = [p for p in report.problems if p.rule == "entry-unused"]
    assert [p.file for p in unused] == [str(register)]
    assert 'pers-unused' in unused[0].message or '"unused"' in unused[0].message
    assert report.ok
    # The register on its own is not judged for use.
    assert validate_files([register]).problems == []


def test_registers_beside_the_document_are_found_without_an_option(tmp_path):
    register_dir = tmp_path / "tei" / "register"
    register_dir.mkdir(parents=True)
    write(register_dir, REGISTER, "persons.xml")
    diary = write(tmp_path / "tei", mutate(('<said who="#sneevliet">', '<said who="#reiss">')))
    assert rules_of(validate_files([diary]).problems) == [("pointer-register-only", "warning")]


# --- positions -----------------------------------------------------------------------------------

def test_every_problem_is_reported_with_the_offending_element_position(tmp_path):
    text = mutate(('<placeName ref="#paris">', '<placeName ref="#nowhere">'),
                  ('<note n="1" place="foot">A note.</note>', '<note n="1" place="foot"></note>'),
                  ('<foreign xml:lang="fr">', '<foreign xml:lang="fr" bogus="1">'))
    found = {p.rule: p for p in problems(tmp_path, text)}
    assert (found["pointer-unresolved"].line, found["pointer-unresolved"].column) == \
        position_of(text, 'ref="#nowhere"')  # the attribute
    assert (found["note-empty"].line, found["note-empty"].column) == position_of(text, '<note n="1"')
    assert (found["schema"].line, found["schema"].column) == position_of(text, 'bogus="1"')


def test_a_child_that_does_not_belong_is_reported_at_the_child_not_the_parent(tmp_path):
    text = mutate(('<closer>', '<p>after</p>\n          <stray/><closer>'))
    found = [p for p in problems(tmp_path, text) if p.rule == "schema"]
    assert [(p.line, p.column) for p in found] == [position_of(text, "<stray/>")]
    assert "<stray>" in found[0].message


def test_positions_in_a_multiline_start_tag_point_at_its_first_line(tmp_path):
    text = mutate(('<persName ref="#sneevliet">Sneevliet</persName>',
                   '<persName\n   ref="#nobody"\n   >Sneevliet</persName>'))
    found = problems(tmp_path, text)
    assert [(p.line, p.column) for p in found] == [position_of(text, 'ref="#nobody"')]


def test_all_problems_of_all_files_are_reported(tmp_path):
    first = write(tmp_path, mutate(('when="1937-12-13"', 'when="1937-02-30"')), "a.xml")
    second = write(tmp_path, mutate(('<placeName ref="#paris">', '<placeName ref="#x">'),
                                    ('<orgName ref="#gpu">', '<orgName ref="#y">')), "b.xml")
    broken = write(tmp_path, "<TEI>\n<p></TEI>", "c.xml")
    report = validate_files([first, second, broken])
    assert [p.file for p in report.errors].count(str(second)) >= 2
    assert {p.file for p in report.errors} == {str(first), str(second), str(broken)}
    assert report.invalid_files() == [str(first), str(second), str(broken)]
    assert [p.rule for p in report.problems if p.file == str(broken)] == ["xml-wellformed"]


def test_a_document_that_is_not_tei(tmp_path):
    report = validate_files([write(tmp_path, "<html><body/></html>")])
    assert [p.rule for p in report.problems] == ["tei-root"]


# --- schema kinds --------------------------------------------------------------------------------

def test_any_xsd_can_be_given(tmp_path):
    schema = DATA / "minimal-tei.xsd"
    assert validate_files([write(tmp_path, GOOD)], schema=schema).problems != []  # no standOff in it
    minimal = write(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>',
                    "minimal.xml")
    assert validate_files([minimal], schema=schema).problems == []


def test_rng_with_jing(tmp_path, tei_all_rng):
    if schemas.jing_command() is None:
        pytest.skip("jing/Java is not installed")
    text = mutate(('<foreign xml:lang="fr">', '<foreign xml:lang="fr" bogus="1">'))
    report = validate_files([write(tmp_path, text), write(tmp_path, GOOD, "good.xml")], schema=tei_all_rng)
    assert [p.rule for p in report.problems] == ["schema"]
    assert (report.problems[0].line, report.problems[0].column) == position_of(text, 'bogus="1"')
    assert "jing" in report.schemas[0]


def test_rng_with_lxml(tmp_path, monkeypatch):
    # A small RELAX NG keeps this fast; lxml needs ~5 s for tei_all, which the benchmark measures.
    monkeypatch.setenv("TEI_EDITION_JING", "off")
    schema = DATA / "minimal-tei.rng"
    good = write(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body></text></TEI>', "g.xml")
    bad = write(tmp_path, '<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text><body>\n  <p>x</p> <div/></body></text></TEI>')
    report = validate_files([good, bad], schema=schema)
    assert [(p.file, p.rule, p.line, p.column) for p in report.problems] == [(str(bad), "schema", 3, 12)]
    assert "lxml" in report.schemas[0]


def test_a_schema_that_does_not_compile_is_one_clear_error(tmp_path):
    from pipeline.errors import EditionError

    broken = write(tmp_path, "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'><xs:element/></xs:schema>",
                   "broken.xsd")
    with pytest.raises(EditionError) as caught:
        validate_files([write(tmp_path, GOOD)], schema=broken)
    assert caught.value.rule == "schema-invalid"


# --- the command ---------------------------------------------------------------------------------

def test_cli_exit_codes(edition, tmp_path):
    good = write(tmp_path, GOOD, "good.xml")
    bad = write(tmp_path, mutate(('when="1937-12-13"', 'when="1937-02-30"')), "bad.xml")
    run = edition("validate", good)
    assert run.exit_code == 0 and run.stderr == "" and "all valid" in run.stdout
    run = edition("validate", good, bad)
    assert run.exit_code == 1
    line, column = position_of(bad.read_text(encoding="utf-8"), 'when="1937-02-30"')
    assert run.error_lines() == [f'{bad}:{line}:{column}: error: <date>: @when="1937-02-30" has no day 30: '
                                 "February 1937 has 28 days [date-valid]"]
    assert "1 invalid" in run.stdout
    assert edition("validate", good, "--schema", tmp_path / "schema.dtd").exit_code == 2
    assert edition("validate", good, "--schema", tmp_path / "missing.xsd").exit_code == 2
    assert edition("validate").exit_code == 2


def test_cli_json_output(edition, tmp_path):
    bad = write(tmp_path, mutate(('<placeName ref="#paris">', '<placeName ref="#x">')))
    run = edition("validate", "--format", "json", bad)
    assert run.exit_code == 1
    data = json.loads(run.stdout)
    # Paris, no longer pointed at, is an unused standOff entry too.
    assert data["ok"] is False and data["files"] == [{"file": str(bad), "valid": False, "errors": 1, "warnings": 1}]
    [problem] = [p for p in data["problems"] if p["severity"] == "error"]
    assert problem["rule"] == "pointer-unresolved" and problem["file"] == str(bad)
    assert (problem["line"], problem["column"]) == position_of(bad.read_text(), 'ref="#x"')
    assert "1 invalid" in data["summary"]


def test_the_projects_diary_and_registers_are_valid(repo_dir):
    diary = repo_dir / "tei" / "serge-diary-ii.xml"
    if not diary.is_file():
        pytest.skip("tei/serge-diary-ii.xml has not been converted yet")
    files = [diary, *sorted((repo_dir / "tei" / "register").glob("*.xml"))]
    report = validate_files(files)
    assert report.ok, "\n".join(p.format() for p in report.errors)


def test_the_corpus_against_tei_all_reports_without_crashing(corpus_files, tei_all_rng):
    if schemas.jing_command() is None:
        pytest.skip("jing/Java is not installed (lxml would take ~5 s per process to compile tei_all)")
    report = validate_files(corpus_files, schema=tei_all_rng)
    assert len(report.files) == len(corpus_files)
    assert all(p.line is not None for p in report.problems if p.rule == "schema")
    # The TEI Consortium's own sample is valid TEI.
    sample = [f for f in corpus_files if f.name == "teisample.xml"]
    assert not [p for p in report.errors if sample and p.file == str(sample[0]) and p.rule == "schema"]


def test_copies_of_the_good_sample_are_independent_files(tmp_path):
    # Two files with the same ids are two documents: ids are unique per document, not per run.
    first, second = write(tmp_path, GOOD, "a.xml"), write(tmp_path, GOOD, "b.xml")
    shutil.copy(first, tmp_path / "c.xml")
    assert validate_files([first, second, tmp_path / "c.xml"]).problems == []


def test_a_day_only_date_may_follow_a_month_its_entry_names(tmp_path):
    # "… into January. On the 13th …": the day belongs to the month the entry has moved on to.
    text = mutate(('On the <date when="1937-12-13">13th</date>',
                   'Into <date when="1938-01">January</date>. On the <date when="1938-01-13">13th</date>'))
    assert "date-day-month" not in {p.rule for p in problems(tmp_path, text)}
    text = mutate(('<date when="1937-12-13">13th</date>', '<date when="1937-10-13" cert="medium">13th</date>'))
    assert "date-day-month" not in {p.rule for p in problems(tmp_path, text)}


# --- where a validator's position lands -----------------------------------------------------------
def _element_at_by_scan(spans, line: int, column: int) -> int | None:
    """The definition, by brute force: the start tag holding the position, else the element whose end
    tag it is, else the innermost element open there."""
    where = (line, column)
    best = None
    for number, span in enumerate(spans):
        if span.start <= where <= span.start_end or where == span.end:
            return number
        if span.start <= where < span.end:
            best = number  # later ones are nested deeper
    return best


@pytest.mark.parametrize("name", ["tests/data/validate/kitchen-sink.xml", "tests/data/validate/register-persons.xml",
                                  "tei/serge-diary-ii.xml"])
def test_a_position_finds_its_element_as_a_scan_of_every_element_would(name):
    """element_at searches (jing may report thousands of findings on a large file; one scan of every
    element per finding made a 41 MB TEI take minutes); it must answer as the scan does, for every
    tag boundary and every place in the text."""
    import random

    from pipeline.validate.sourcedoc import SourceIndex

    text = (Path(__file__).parent.parent / name).read_text(encoding="utf-8")
    index = SourceIndex(text)
    lines = text.split("\n")
    spans = [index.span(i) for i in range(len(index))]
    places = {p for span in spans for p in (span.start, span.start_end, span.end)}
    places |= {(line, column) for line in range(1, len(lines) + 1) for column in (1, len(lines[line - 1]) + 1)}
    chosen = random.Random(17)
    places |= {(line, chosen.randint(1, len(lines[line - 1]) + 1))
               for line in (chosen.randint(1, len(lines)) for _ in range(3000))}
    places |= {(0, 1), (len(lines) + 5, 1)}
    assert len(spans) > 10
    for line, column in sorted(places):
        assert index.element_at(line, column) == _element_at_by_scan(spans, line, column), (line, column)
    # Each position made on demand points where it says: "<" and name, ">" of each tag, each attribute.
    def at(position):
        return lines[position[0] - 1][position[1] - 1:]
    for span in spans:
        assert at(span.start).startswith("<" + span.name) and at(span.start_end)[0] == ">" == at(span.end)[0]
        assert all(at(position).startswith(name) for name, position in span.attributes.items())
    assert sum(len(span.attributes) for span in spans) > 10
