"""pipeline.xmlio: safe parsing, TEI root check, safe output names and atomic writes."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.errors import EditionError
from pipeline.files import is_temporary
from pipeline.xmlio import (
    TEI_NS,
    atomic_write,
    may_hold_character,
    parse_bytes,
    parse_file,
    plain_tei_file,
    require_tei,
    safe_output_path,
)

TEI_OPEN = f'<TEI xmlns="{TEI_NS}">'


def tei(body: str) -> bytes:
    return f"{TEI_OPEN}{body}</TEI>".encode()


def error_of(data: bytes, name: str = "doc.xml") -> EditionError:
    with pytest.raises(EditionError) as info:
        parse_bytes(data, name)
    return info.value


# --- well-formed input of every honest kind --------------------------------------------------

def test_plain_document_parses_and_keeps_processing_instructions():
    tree = parse_bytes(b'<?xml-model href="tei_all.rng"?>' + tei("<text>a</text>"), "a.xml")
    assert tree.getroot().findtext(f"{{{TEI_NS}}}text") == "a"
    assert b"xml-model" in etree.tostring(tree)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_declaration_parse(codec):
    text = '<?xml version="1.0" encoding="%s"?>' % ("UTF-32" if "32" in codec else "UTF-16")
    data = (text + f"{TEI_OPEN}<p>é ß ж</p></TEI>").encode(codec)
    assert parse_bytes(data).getroot()[0].text == "é ß ж"


def test_utf8_byte_order_mark_and_crlf_line_ends():
    data = b"\xef\xbb\xbf<?xml version='1.0'?>\r\n" + tei("\r\n<p>line one\r\nline two</p>\r\n")
    root = parse_bytes(data).getroot()
    # XML end-of-line handling turns CRLF into LF.
    assert root[0].text == "line one\nline two"
    assert root[0].sourceline == 3


def test_declared_legacy_encoding_is_honoured():
    data = '<?xml version="1.0" encoding="ISO-8859-1"?><TEI xmlns="%s"><p>café</p></TEI>' % TEI_NS
    assert parse_bytes(data.encode("latin-1")).getroot()[0].text == "café"


def test_xml_1_1_declaration_is_read():
    tree = parse_bytes(b'<?xml version="1.1" encoding="UTF-8"?>' + tei("<p>a\x85b</p>"))
    assert tree.getroot()[0].text == "a\x85b"


def test_xml_1_1_only_control_character_gets_a_clear_hint():
    error = error_of(b'<?xml version="1.1"?>' + tei("<p>&#x1;</p>"))
    assert error.line == 1 and error.column
    assert "XML 1.1" in error.message


def test_internal_entities_are_expanded_and_the_doctype_dropped():
    data = (b'<!DOCTYPE TEI [<!ENTITY mdash "&#x2014;"><!ENTITY ed "<hi>Ed.</hi>">]>'
            + tei("<p>a&mdash;b &ed;</p>"))
    tree = parse_bytes(data)
    p = tree.getroot()[0]
    assert p.text == "a\u2014b " and p[0].text == "Ed."
    assert tree.docinfo.doctype == "" and b"DOCTYPE" not in etree.tostring(tree)


def test_external_dtd_reference_is_ignored_and_dropped(tmp_path):
    dtd = tmp_path / "tei.dtd"
    dtd.write_text("this is not a DTD at all")  # would be a parse error if it were read
    tree = parse_bytes(f'<!DOCTYPE TEI SYSTEM "{dtd.as_uri()}">'.encode() + tei("<p>x</p>"))
    assert b"DOCTYPE" not in etree.tostring(tree)


def test_duplicate_xml_ids_are_not_a_parse_error():
    # Duplicate ids are the validator's business; a parse failure would hide every other finding.
    parse_bytes(tei('<p xml:id="a"/><p xml:id="a"/>'))


# --- errors: one clear message with a position -------------------------------------------------

def test_malformed_xml_reports_line_and_column():
    error = error_of(tei("\n<p>unclosed\n</TEI>"), "bad.xml")
    assert (error.file, error.line, error.rule) == ("bad.xml", 3, "xml-wellformed")
    assert error.column is not None
    assert str(error).startswith("bad.xml:3:")


def test_invalid_utf8_reports_position_and_encoding_rule():
    error = error_of(TEI_OPEN.encode() + b"\n<p>ab\xff\xfecd</p></TEI>")
    assert (error.line, error.column, error.rule) == (2, 6, "xml-encoding")


def test_nul_byte_is_located():
    error = error_of(TEI_OPEN.encode() + b"\n<p>ab\x00</p></TEI>")
    assert (error.line, error.column, error.rule) == (2, 6, "xml-encoding")


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_input(data):
    assert error_of(data).rule == "xml-empty"


def test_binary_input_is_refused():
    assert error_of(bytes(range(256)) * 8).rule == "xml-encoding"
    assert error_of(bytes(range(1, 256)) * 8).rule in ("xml-wellformed", "xml-encoding")


def test_undeclared_entity_is_an_error():
    error = error_of(tei("<p>&nbsp;</p>"))
    assert "nbsp" in error.message and error.line == 1


def test_entity_declared_only_in_an_external_dtd_is_refused_clearly():
    error = error_of(b'<!DOCTYPE TEI SYSTEM "tei.dtd">\n' + tei("\n<p>&mdash;</p>"))
    assert error.rule == "xml-entity" and "&mdash;" in error.message and error.line == 3


def test_external_entity_declaration_is_refused_with_its_position():
    error = error_of(b'<?xml version="1.0"?>\n<!DOCTYPE TEI [\n <!ENTITY x SYSTEM "file:///etc/passwd">]>'
                     + tei("<p>&x;</p>"))
    assert error.rule == "xml-entity" and (error.line, error.column) == (3, 2)
    assert "file:///etc/passwd" in error.message


def test_input_above_the_size_limit_is_refused(monkeypatch):
    monkeypatch.setenv("TEI_EDITION_MAX_INPUT_MB", str(100 / 1024 / 1024))
    error = error_of(tei("<p>" + "x" * 200 + "</p>"))
    assert error.rule == "xml-limit" and "TEI_EDITION_MAX_INPUT_MB" in error.message


def test_nesting_limit_is_a_clear_error():
    depth = xmlio.MAX_DEPTH
    ok = tei("<hi>" * (depth - 2) + "x" + "</hi>" * (depth - 2))
    parse_bytes(ok)
    error = error_of(tei("<hi>" * depth + "x" + "</hi>" * depth))
    assert error.rule == "xml-limit" and "nested" in error.message and "XML_PARSE_HUGE" not in error.message


# --- files ---------------------------------------------------------------------------------------

def test_parse_file_reports_missing_directory_and_unreadable(tmp_path):
    with pytest.raises(EditionError) as info:
        parse_file(tmp_path / "nope.xml")
    assert info.value.rule == "file-missing" and "nope.xml" in str(info.value)
    with pytest.raises(EditionError) as info:
        parse_file(tmp_path)
    assert info.value.rule == "file-missing"
    locked = tmp_path / "locked.xml"
    locked.write_bytes(tei(""))
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as a user who can read mode-000 files (root)")
        with pytest.raises(EditionError) as info:
            parse_file(locked)
        assert info.value.rule == "file-unreadable"
    finally:
        locked.chmod(0o644)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_parse_file_refuses_a_fifo_instead_of_blocking(tmp_path):
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    with pytest.raises(EditionError) as info:
        parse_file(fifo)
    assert "regular file" in info.value.message


@pytest.mark.parametrize("name", ["with space.xml", "quote's \"double\".xml", "ünïcødé – ж.xml"])
def test_odd_file_names_parse_and_appear_in_errors(tmp_path, name):
    good = tmp_path / name
    good.write_bytes(tei("<p>x</p>"))
    assert parse_file(good).getroot() is not None
    bad = tmp_path / ("bad " + name)
    bad.write_bytes(b"<TEI>")
    with pytest.raises(EditionError) as info:
        parse_file(bad)
    assert str(info.value).startswith(str(bad) + ":1:")


# --- plain files, which Saxon may read itself -----------------------------------------------------

@pytest.mark.parametrize("name", ["a.xml", "with space.xml", "ünïcødé – ж.xml"])
def test_a_plain_tei_file_is_recognised_with_its_root_id(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b'<?xml version="1.0"?>\n<?xml-model href="x.rng"?>\n<!-- c -->\n'
                     + f'<teiCorpus xmlns="{TEI_NS}" xml:id=" corpus ">'.encode() + tei("<p>x</p>") + b"</teiCorpus>")
    plain = plain_tei_file(path)
    assert plain is not None and plain.root_id == "corpus" and plain.unchanged()
    path.write_bytes(path.read_bytes() + b"\n")
    assert not plain.unchanged()  # an edit after the check is noticed


def test_a_plain_tei_file_may_be_utf16(tmp_path):
    path = tmp_path / "wide.xml"
    path.write_bytes('<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16")
                     + tei("<p>x</p>").decode().encode("utf-16")[2:])
    assert plain_tei_file(path) is not None


@pytest.mark.parametrize("data", [
    b'<!DOCTYPE TEI [<!ENTITY x "y">]>' + tei("<p>&x;</p>"),  # a DOCTYPE: xmlio expands, drops it
    b'<!DOCTYPE TEI SYSTEM "tei.dtd">' + tei("<p>x</p>"),
    b'<TEI><p>x</p></TEI>',                                    # not in the TEI namespace
    b"",
    b"<" + b"\x00" * 10,                                       # binary
    # XML 1.1 allows characters that XML 1.0, and libxml2, refuse: such a file is checked whole
    b'<?xml version="1.1"?>' + tei("<p>&#x1;</p>"),
])
def test_anything_but_a_plain_tei_file_goes_to_the_full_parse(tmp_path, data):
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    assert plain_tei_file(path) is None


def test_only_the_head_of_a_plain_file_is_read(tmp_path):
    """Whether the rest is well-formed is for Saxon's own parse to find (a file it refuses goes to
    the full parse: test_transform.py); reading it all here cost a fifth of an identity transform."""
    path = tmp_path / "doc.xml"
    path.write_bytes(tei("<p>x</p>" * 20000).replace(b"</TEI>", b""))  # 160 kB, its end tag missing
    plain = plain_tei_file(path)
    assert plain is not None and plain.unchanged()


def test_a_missing_file_or_a_folder_is_not_plain(tmp_path):
    assert plain_tei_file(tmp_path / "nope.xml") is None
    assert plain_tei_file(tmp_path) is None


@pytest.mark.parametrize("data, holds", [
    (tei("<p>a – b</p>"), True),
    (tei('<p n="a – b">x</p>'), True),                           # in an attribute
    (tei("<p>a &#8211; b</p>"), True),                           # character references
    (tei("<p>a &#x2013; b</p>"), True),
    (tei("<p>a &#x02013; b</p>"), True),
    (tei("<p>a &#008211; b</p>"), True),
    (tei("<!-- a – b --><p>x</p>"), True),                       # in a comment: a byte search says so too
    (tei("<p>a - b &#8212; c &#x2014; &#38;#8211;</p>"), False),  # a hyphen, em dashes, an escaped "&#8211;"
    (b"\xef\xbb\xbf" + tei("<p>a b</p>"), False),                 # a UTF-8 byte-order mark
    (b'<?xml version="1.0" encoding="utf-8"?>' + tei("<p>a b</p>"), False),
    (b'<?xml version="1.0" encoding="ISO-8859-1"?>' + tei("<p>a b</p>"), True),  # another encoding: cannot tell
])
def test_whether_a_plain_file_may_hold_a_character(tmp_path, data, holds):
    path = tmp_path / "doc.xml"
    path.write_bytes(data)
    plain = plain_tei_file(path)
    assert plain is not None
    assert may_hold_character(plain, "\u2013") is holds


def test_a_wide_or_changed_file_may_hold_any_character(tmp_path):
    wide = tmp_path / "wide.xml"
    wide.write_bytes('<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16")
                     + tei("<p>a – b</p>").decode().encode("utf-16")[2:])
    assert may_hold_character(plain_tei_file(wide), "\u2013")
    path = tmp_path / "doc.xml"
    path.write_bytes(tei("<p>a b</p>"))
    plain = plain_tei_file(path)
    path.write_bytes(tei("<p>a – b</p>"))
    assert may_hold_character(plain, "\u2013")


# --- TEI root -----------------------------------------------------------------------------------

def test_require_tei_accepts_tei_and_teicorpus():
    assert require_tei(parse_bytes(tei("")), "a").tag == f"{{{TEI_NS}}}TEI"
    corpus = parse_bytes(f'<teiCorpus xmlns="{TEI_NS}"/>'.encode())
    assert etree.QName(require_tei(corpus, "a")).localname == "teiCorpus"


@pytest.mark.parametrize("doc, hint", [
    (b"<TEI><text/></TEI>", True),
    (b'<TEI xmlns="http://www.example.org/tei"/>', True),
    (b"<html/>", False),
])
def test_require_tei_refuses_other_roots(doc, hint):
    with pytest.raises(EditionError) as info:
        require_tei(parse_bytes(doc), "x.xml")
    assert info.value.rule == "tei-root"
    assert ("http://www.tei-c.org/ns/1.0" in info.value.message) == hint


# --- output paths and writes --------------------------------------------------------------------

@pytest.mark.parametrize("name", ["diary.html", "assets/edition.css", "a b/ü.txt"])
def test_safe_output_path_accepts_names_inside(tmp_path, name):
    assert safe_output_path(tmp_path, name) == tmp_path.joinpath(*name.split("/"))


@pytest.mark.parametrize("name", [
    "", "../x.html", "../../x", "a/../../b", "..", ".", "/etc/passwd", "C:/x", "a\\..\\b",
    "x\x00.html", "line\nbreak.html", "./x",
])
def test_safe_output_path_refuses_escapes(tmp_path, name):
    with pytest.raises(EditionError) as info:
        safe_output_path(tmp_path / "out", name)
    assert info.value.rule == "output-path"


def test_safe_output_path_refuses_a_symlink_leading_outside(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(EditionError):
        safe_output_path(out, "link/x.html")


def test_atomic_write_replaces_whole_file_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "deep" / "er" / "out.txt"
    atomic_write(target, "first")
    atomic_write(target, b"second")
    assert target.read_text() == "second"
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.txt"]


def test_a_staged_file_is_put_in_place_whole_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "out" / "page.html"
    staged = xmlio.staging_file(target.parent)
    assert Path(staged.path).parent == target.parent and is_temporary(Path(staged.path).name)
    Path(staged.path).write_bytes(b"written by someone else")  # Saxon, in a worker
    atomic_write(target, staged)
    assert target.read_bytes() == b"written by someone else"
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
    assert sorted(p.name for p in target.parent.iterdir()) == ["page.html"]


def test_a_staged_file_the_guard_refuses_is_dropped_and_the_target_kept(tmp_path):
    target = tmp_path / "doc.xml"
    target.write_text("the editor's version")
    staged = xmlio.staging_file(tmp_path)
    Path(staged.path).write_text("the build's version")

    def edited_meanwhile():
        raise EditionError("changed while the build ran", target, rule="hand-edited")

    with pytest.raises(EditionError):
        atomic_write(target, staged, guard=edited_meanwhile)
    assert target.read_text() == "the editor's version"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.xml"]


def test_a_staged_file_on_another_file_system_is_copied_into_place(tmp_path, monkeypatch):
    import errno

    staged = xmlio.staging_file(tmp_path / "elsewhere")
    Path(staged.path).write_bytes(b"across devices")
    rename = os.replace

    def across_devices(source, destination):
        if str(source) == staged.path:
            raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))
        rename(source, destination)

    monkeypatch.setattr(xmlio.os, "replace", across_devices)
    atomic_write(tmp_path / "out" / "x.txt", staged)
    assert (tmp_path / "out" / "x.txt").read_bytes() == b"across devices"
    assert not Path(staged.path).exists() and sorted(p.name for p in (tmp_path / "out").iterdir()) == ["x.txt"]


def test_staging_in_an_unwritable_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EditionError) as info:
        xmlio.staging_file(blocker / "sub", for_path=blocker / "sub" / "out.fo")
    assert info.value.rule == "output-unwritable" and info.value.file.endswith("out.fo")


def test_atomic_write_to_an_unwritable_place_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(EditionError) as info:
        atomic_write(blocker / "sub" / "out.txt", "x")  # a file where a folder should be
    assert info.value.rule == "output-unwritable"
