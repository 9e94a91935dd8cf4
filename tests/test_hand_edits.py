"""Hand-edited TEI stays in sync with the registers, and keeps the editor's formatting (issue 14).

The registers in tei/register/ are the source of truth: `build` refreshes the standOff copies of a
hand-edited TEI (its own words and markup untouched), `tag` writes only what it adds, and the build's
notes name the input that really changed.
"""
from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

import pytest

from pipeline.entities.registers import load_registers
from pipeline.entities.tagging import refresh_standoff, refresh_standoff_file, tag_file
from pipeline.xmlio import NSMAP, parse_file

NEW_PERSON = """      <person xml:id="pers-newman">
        <persName type="standard">Ann Newman</persName>
        <occupation>a printer in Lyon</occupation>
      </person>
"""


@pytest.fixture
def project(tmp_path, repo_dir) -> Path:
    """A copy of the diary project whose TEI the editor has changed by hand."""
    shutil.copytree(repo_dir / "tei", tmp_path / "tei")
    tei = tmp_path / "tei" / "serge-diary-ii.xml"
    text = tei.read_text(encoding="utf-8")
    tei.write_text(text.replace("The silence is broken.", "The silence is broken at last."), encoding="utf-8")
    return tmp_path


def _edit_register(project: Path, old: str, new: str) -> None:
    persons = project / "tei" / "register" / "persons.xml"
    text = persons.read_text(encoding="utf-8")
    assert old in text
    persons.write_text(text.replace(old, new, 1), encoding="utf-8")


def _text_part(data: bytes) -> bytes:
    """Everything but the standOff."""
    return re.sub(rb"<standOff>.*</standOff>", b"", data, flags=re.S)


def test_refresh_replaces_changed_copies_and_adds_new_entries(project):
    tei = project / "tei" / "serge-diary-ii.xml"
    _edit_register(project, "<occupation>French politician and editor of La Flèche</occupation>",
                   "<occupation>French politician, editor of La Flèche</occupation>")
    _edit_register(project, '      <person xml:id="pers-ferguson">', NEW_PERSON + '      <person xml:id="pers-ferguson">')
    tei.write_text(tei.read_text(encoding="utf-8").replace(
        "The silence is broken at last.", 'The silence is broken at last by <persName ref="#pers-newman">Ann</persName>.'),
        encoding="utf-8")
    before = tei.read_bytes()
    changed = refresh_standoff_file(tei, project / "tei" / "register")
    assert changed == ["pers-bergery", "pers-newman"]
    after = tei.read_bytes()
    assert _text_part(after) == _text_part(before)  # the editor's text and markup untouched
    tree = parse_file(tei)
    assert tree.xpath("string(//tei:standOff//tei:person[@xml:id='pers-bergery']/tei:occupation)",
                      namespaces=NSMAP) == "French politician, editor of La Flèche"
    assert tree.xpath("string(//tei:standOff//tei:person[@xml:id='pers-newman']/tei:occupation)",
                      namespaces=NSMAP) == "a printer in Lyon"
    # the diff is the changed line and the new entry, each on lines of its own
    removed = set(before.decode().splitlines()) - set(after.decode().splitlines())
    assert removed == {"        <occupation>French politician and editor of La Flèche</occupation>"}
    assert "      <person xml:id=\"pers-newman\">\n        <persName type=\"standard\">Ann Newman</persName>" in after.decode()
    assert refresh_standoff_file(tei, project / "tei" / "register") == []  # idempotent
    assert tei.read_bytes() == after


def test_refresh_keeps_places_nested_in_their_copies(project):
    tree = parse_file(project / "tei" / "serge-diary-ii.xml")
    registers = load_registers(project / "tei" / "register")
    nested = tree.xpath("//tei:standOff//tei:place[tei:place]", namespaces=NSMAP)[0]
    children = [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in nested.findall("tei:place", NSMAP)]
    nested.find("tei:placeName", NSMAP).text = "An outdated name"
    assert refresh_standoff(tree, registers) == [nested.get("{http://www.w3.org/XML/1998/namespace}id")]
    assert [p.get("{http://www.w3.org/XML/1998/namespace}id") for p in nested.findall("tei:place", NSMAP)] == children
    assert nested.find("tei:placeName", NSMAP).text != "An outdated name"


def test_a_register_edit_reaches_every_output_of_a_hand_edited_tei(project, edition):
    first = edition("build", project, "-j", "1")
    assert first.exit_code == 0, first.stdout + first.stderr
    _edit_register(project, "<occupation>French politician and editor of La Flèche</occupation>",
                   "<occupation>Deputy for Seine-et-Oise and editor of La Flèche</occupation>")
    second = edition("build", project, "-j", "1")
    assert second.exit_code == 0, second.stdout + second.stderr
    assert "refreshed 1 register entry in tei/serge-diary-ii.xml" in second.stdout.replace(str(project) + "/", "")
    # the source is untouched: no claim that the TEI misses a newer source
    assert "not reconverted" not in second.stdout + second.stderr
    assert "Deputy for Seine-et-Oise" in (project / "output" / "html" / "persons.html").read_text(encoding="utf-8")
    third = edition("build", project, "-j", "1")
    assert "not reconverted" not in third.stdout + third.stderr and "refreshed" not in third.stdout


def test_a_tei_the_build_converts_is_not_read_again_for_its_registers(tmp_path, repo_dir, monkeypatch):
    """The converter copies the register entries a new text points to into its standOff, all that a
    refresh would do to it: the build records the file as current with its registers instead of
    reading it again. What that relies on holds (a refresh of the converted file changes nothing),
    and an edit of a register still reaches the file once the editor has taken it over."""
    import pipeline.publish.tools
    from pipeline.build.engine import build_project
    from pipeline.entities import tagging

    monkeypatch.setattr(pipeline.publish.tools, "fop_available", lambda: False)
    register = tmp_path / "tei" / "register"
    shutil.copytree(repo_dir / "tei" / "register", register)
    source = tmp_path / "tei" / "source" / "reims.txt"
    source.parent.mkdir(parents=True)
    source.write_text("Victor Serge\n\nNotes from Reims\n\n\nDec. 1937.\n\n"
                      "1st Sept. Sneevliet met me at the Rotonde. Sedov was sick.\n", encoding="utf-8")
    read_again = []
    refresh = tagging.refresh_standoff_file
    monkeypatch.setattr(tagging, "refresh_standoff_file",
                        lambda path, registers: read_again.append(Path(path).name) or refresh(path, registers))

    report = build_project(tmp_path, jobs=1)
    assert report.ok, [p.format() for p in report.problems]
    tei = tmp_path / "tei" / "reims.xml"
    embedded = parse_file(tei).xpath("//tei:standOff//tei:person/@xml:id", namespaces=NSMAP)
    assert "pers-sneevliet" in embedded and read_again == []
    converted = tei.read_bytes()
    assert refresh(tei, register) == [] and tei.read_bytes() == converted

    tei.write_text(tei.read_text(encoding="utf-8").replace("met me at the", "met me at last at the"), encoding="utf-8")
    _edit_register(project=tmp_path, old="<persName type=\"standard\">Henk Sneevliet</persName>",
                   new="<persName type=\"standard\">Henk Sneevliet (Maring)</persName>")
    assert build_project(tmp_path, jobs=1).ok
    assert read_again == ["reims.xml"]
    edited = tei.read_text(encoding="utf-8")
    assert "met me at last at the" in edited and "Henk Sneevliet (Maring)" in edited


def test_a_changed_source_is_named_when_the_tei_is_kept(project, edition):
    source = project / "tei" / "source" / "serge-diary-ii.txt"
    source.write_text(source.read_text(encoding="utf-8") + "\nA line added.\n", encoding="utf-8")
    result = edition("build", project, "-j", "1")
    said = result.stdout + result.stderr
    assert "not reconverted from the newer" in said and "serge-diary-ii.txt" in said


def test_tag_keeps_the_editors_formatting(project):
    tei = project / "tei" / "serge-diary-ii.xml"
    _edit_register(project, '      <person xml:id="pers-ferguson">', NEW_PERSON + '      <person xml:id="pers-ferguson">')
    _edit_register(project, '<persName type="standard">Ann Newman</persName>',
                   '<persName type="standard">Ann Newman</persName>\n        <persName type="variant">Newman</persName>')
    tei.write_text(tei.read_text(encoding="utf-8").replace("The silence is broken at last.",
                                                           "The silence is broken at last by Newman."), encoding="utf-8")
    before = tei.read_bytes()
    result = tag_file(tei)
    assert result.written and result.names == 1 and result.embedded == 1
    after = tei.read_bytes()
    assert after.split(b"\n")[:2] == before.split(b"\n")[:2]  # declaration and provenance PI as they were
    assert after.split(b"\n")[2].startswith(b"<TEI ")  # <TEI> on a line of its own
    assert after.endswith(b"</TEI>\n")
    assert b"</person></listPerson>" not in after
    lines_before, lines_after = before.decode().splitlines(), after.decode().splitlines()
    diff = [line for line in difflib.unified_diff(lines_before, lines_after, lineterm="", n=0)
            if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    # the tagged paragraph (one line) and the new entry (five lines); nothing else moves
    assert len(diff) == 7, "\n".join(diff)
    assert '<persName ref="#pers-newman">Newman</persName>' in diff[1]
    assert diff[2:] == ["+" + line for line in NEW_PERSON.replace(
        '<persName type="standard">Ann Newman</persName>\n',
        '<persName type="standard">Ann Newman</persName>\n        <persName type="variant">Newman</persName>\n'
    ).splitlines()]


# --- edition entities ----------------------------------------------------------------------------

CANDIDATES_TEI = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title></titleStmt>
<publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>He met <choice><abbr>Prof.</abbr><expan>Professor</expan></choice> Milyukov and
<choice><sic>W.W.</sic><corr resp="#editor">W.K.</corr></choice> there. We saw the Dutch and Polish comrades and
the Russians. Translated by James M. Fenwick for us. We waited an <choice><sic>Hour</sic><corr>hour</corr></choice>
for <choice><sic>Montertegrin</sic><corr>Montenegrin</corr></choice> friends of Christian.</p></body></text></TEI>
"""


def test_entities_runs_without_registers_and_reads_the_edited_text(tmp_path, edition):
    tei = tmp_path / "tei" / "new.xml"  # a new project: no tei/register/ yet
    tei.parent.mkdir(parents=True)
    tei.write_text(CANDIDATES_TEI, encoding="utf-8")
    result = edition("entities", tei, "--format", "json")
    assert result.exit_code == 0, result.stderr
    import json
    candidates = {c["text"] for c in json.loads(result.stdout)["candidates"]}
    assert "Professor Milyukov" in candidates and "W.K." in candidates
    assert "James M. Fenwick" in candidates  # one name, not "James" and "M."
    assert "Christian" in candidates  # a forename that looks like an adjective stays
    assert not candidates & {"Prof.Professor Milyukov", "W.W.W.K.", "W.W.", "Hour", "Montertegrin", "Dutch",
                             "Polish", "Russians", "James", "M.", "Fenwick"}, candidates


def test_tag_refreshes_a_changed_register_entry(project):
    # issue 14: after a register edit, `tag` said "already up to date" and the copy stayed stale
    tei = project / "tei" / "serge-diary-ii.xml"
    _edit_register(project, "<occupation>French politician and editor of La Flèche</occupation>",
                   "<occupation>French politician, editor of La Flèche</occupation>")
    result = tag_file(tei)
    assert result.written and result.embedded == 1 and "refreshed" in result.summary()
    assert "French politician, editor of La Flèche" in tei.read_text(encoding="utf-8")
    assert not tag_file(tei).written
