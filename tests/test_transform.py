"""pipeline.publish.transform: the Transformer (compiled once, files returned) and transform_files (files written)."""
from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline.errors import EditionError
from pipeline.publish.transform import HTML_ASSETS, SITE_PAGES, Transformer, transform_files
from pipeline.files import is_temporary
from pipeline.xmlio import StagedFile, discard_staged, parse_bytes
from teitools import tei_document

REPO = Path(__file__).resolve().parent.parent

MINIMAL = b"""<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="mini" xml:lang="en">
  <teiHeader><fileDesc><titleStmt><title>Mini</title></titleStmt>
    <publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>
  <text><body><p>Hello <choice><sic>wrold</sic><corr>world</corr></choice>.</p></body></text>
</TEI>"""


@pytest.fixture(scope="session")
def transformer() -> Transformer:
    return Transformer()


@pytest.fixture()
def mini(tmp_path: Path) -> Path:
    path = tmp_path / "mini-doc.xml"
    path.write_bytes(MINIMAL)
    return path


def test_standalone_html_is_one_page_and_its_assets(transformer, mini):
    files = transformer.render(mini, "html", {})
    assert sorted(files) == sorted(["mini-doc.html", *HTML_ASSETS])
    page = files["mini-doc.html"].decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "Hello" in page and "world" in page


def test_a_tree_is_named_after_its_xml_id(transformer):
    files = transformer.render(parse_bytes(MINIMAL, "mini.xml"), "html", {})
    assert "mini.html" in files


def test_stem_parameter_overrides_and_is_made_safe(transformer, mini):
    files = transformer.render(mini, "html", {"stem": "../evil name"})
    assert "evil name.html" in files  # the separator and the leading dots go, the name stays readable
    assert not [name for name in files if "/" in name or name.startswith(".")]


def test_site_returns_every_page_and_a_copy_of_the_tei(transformer, mini):
    files = transformer.render(mini, "html", {"site": "yes", "downloads": "tei pdf text"})
    pages = {"mini-doc.html" if p == "text" else f"{p}.html" for p in SITE_PAGES}
    assert pages <= set(files)
    # The same document (made inert for browsers, which changes nothing in this one).
    assert parse_bytes(files["mini-doc.xml"]).getroot().xpath("string()") == \
        parse_bytes(MINIMAL).getroot().xpath("string()")
    assert etree.tostring(parse_bytes(files["mini-doc.xml"]), method="c14n") == \
        etree.tostring(parse_bytes(MINIMAL), method="c14n")
    index = files["index.html"].decode()
    assert 'href="mini-doc.xml"' in index and 'href="../pdf/mini-doc.pdf"' in index
    assert 'href="../text/mini-doc.txt"' in index


def test_each_stylesheet_compiles_once_per_transformer(transformer, mini):
    transformer.render(mini, "html", {})
    first = transformer._executable("html")
    transformer.render(mini, "html", {"reading": "diplomatic"})
    assert transformer._executable("html") is first


def test_output_is_byte_identical_run_to_run(transformer, mini, tmp_path):
    first = transformer.render(mini, "html", {"site": "yes"})
    # Another document in between must not change anything (Saxon numbers documents per process).
    other = tmp_path / "other.xml"
    other.write_bytes(MINIMAL.replace(b"Hello", b"Bye"))
    transformer.render(other, "html", {})
    assert transformer.render(mini, "html", {"site": "yes"}) == first
    assert Transformer().render(mini, "html", {"site": "yes"}) == first


def test_parameters_are_passed_as_strings(transformer, mini):
    corrected = transformer.render(mini, "html", {})["mini-doc.html"].decode()
    diplomatic = transformer.render(mini, "html", {"reading": "diplomatic"})["mini-doc.html"].decode()
    assert 'data-reading="corrected"' in corrected
    assert 'data-reading="diplomatic"' in diplomatic
    # Parameters left over from one call must not leak into the next.
    assert 'data-reading="corrected"' in transformer.render(mini, "html", {})["mini-doc.html"].decode()


@pytest.mark.parametrize("target", ["docx", "pdf", ""])
def test_unknown_target_is_an_edition_error(transformer, mini, target):
    with pytest.raises(EditionError) as caught:
        transformer.render(mini, target, {})
    assert caught.value.rule == "transform-target"


def test_not_tei_is_refused_before_saxon(transformer, tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<html/>")
    with pytest.raises(EditionError) as caught:
        transformer.render(path, "html", {})
    assert caught.value.rule == "tei-root"


@pytest.mark.parametrize("target", ["html", "fo", "text", "record"])
def test_a_file_saxon_reads_itself_renders_as_its_parsed_tree_does(transformer, mini, target):
    from pipeline.publish.transform import Document

    from_file = Document(mini)
    assert from_file._plain is not None  # the plain-file path, no lxml tree
    from_tree = Document(parse_bytes(MINIMAL, str(mini)))
    assert transformer.render(from_file, target, {"stem": "x"}) == transformer.render(from_tree, target, {"stem": "x"})


@pytest.mark.parametrize("fault", [
    b"<p>x</p></TEI>",                                      # an end tag too many
    b"<p>&x;</p>",                                          # an undeclared entity
    b"<p>" + b"<hi>" * 300 + b"x" + b"</hi>" * 300 + b"</p>",  # past the nesting limit
    b"<p>\x00</p>",                                         # a NUL byte
    b"<p>\xff\xfe</p>",                                     # not UTF-8
])
def test_a_fault_past_the_head_of_a_plain_file_is_the_full_parse_s_error(transformer, tmp_path, fault):
    """Only a file's head is read before Saxon parses it (xmlio.plain_tei_file); a fault further on
    makes Saxon refuse it, and the document is then parsed by xmlio, whose error names its place."""
    from pipeline.publish.transform import Document
    from pipeline.xmlio import parse_file

    path = tmp_path / "doc.xml"
    path.write_bytes(MINIMAL.replace(b"<p>", b"<p>filler</p>" * 10000 + fault + b"<p>", 1))  # past the head
    with pytest.raises(EditionError) as parsed:
        parse_file(path)
    document = Document(path)
    assert document._plain is not None
    with pytest.raises(EditionError) as caught:
        transformer.render(document, "text", {})
    assert str(caught.value) == str(parsed.value) and caught.value.rule == parsed.value.rule
    assert caught.value.line == parsed.value.line > 1


def test_a_utf16_file_saxon_reads_itself_renders_as_its_utf8_twin(transformer, tmp_path):
    from pipeline.publish.transform import Document

    wide = tmp_path / "wide.xml"
    wide.write_bytes(MINIMAL.decode().replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16"))
    assert Document(wide)._plain is not None
    narrow = tmp_path / "narrow.xml"
    narrow.write_bytes(MINIMAL)
    assert transformer.render(wide, "html", {"stem": "x"}) == transformer.render(narrow, "html", {"stem": "x"})


def test_a_tree_handed_over_is_dropped_once_saxon_has_its_own_and_a_lent_one_is_kept(transformer):
    from pipeline.publish.transform import Document

    handed, lent = parse_bytes(MINIMAL, "a.xml"), parse_bytes(MINIMAL, "b.xml")
    owned, borrowed = Document(handed, owned=True), Document(lent)
    for document in (owned, borrowed):
        transformer.render(document, "text", {})
    assert owned._tree is None and borrowed._tree is lent
    assert etree.tostring(lent) == etree.tostring(parse_bytes(MINIMAL, "b.xml"))  # left as it was


def test_xml_text_is_parsed_once_for_every_page():
    from pipeline.publish.transform import XmlText

    source = XmlText("<collection/>", "collection")
    assert source.saxon_tree() is source.saxon_tree()


def test_every_output_is_utf8_whatever_a_project_stylesheet_declares(tmp_path, mini):
    from pipeline.project import PACKAGE_XSLT_DIR

    own = tmp_path / "xslt" / "text"
    own.mkdir(parents=True)
    (own / "text.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
        f'<xsl:import href="{(PACKAGE_XSLT_DIR / "text" / "text.xsl").as_uri()}"/>'
        '<xsl:output method="text" encoding="ISO-8859-1"/></xsl:stylesheet>')
    mini.write_bytes(MINIMAL.replace(b"Hello", "Здравствуй".encode()))
    data = Transformer(tmp_path / "xslt").render(mini, "text", {})["mini-doc.txt"]
    assert "Здравствуй" in data.decode("utf-8")


def test_saxon_itself_refuses_a_doctype_in_a_file_it_is_given(tmp_path):
    """The guard for a file that gains a DOCTYPE after xmlio checked it: Saxon's parser refuses it
    and the document is parsed by xmlio instead (which never reads an external entity)."""
    from pipeline.publish.transform import _parse_plain_file
    from pipeline.xmlio import PlainFile, _file_mark

    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    path = tmp_path / "doc.xml"
    path.write_text(f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>'
                    f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&s;</p></body></text></TEI>')
    assert _parse_plain_file(PlainFile(path, "", _file_mark(path))) is None


def test_a_file_changed_after_its_check_is_read_again_safely(transformer, mini, tmp_path):
    from pipeline.publish.transform import Document

    document = Document(mini)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-CONTENT")
    mini.write_bytes(MINIMAL.replace(b"<TEI ", f'<!DOCTYPE TEI [<!ENTITY s SYSTEM "{secret.as_uri()}">]>\n<TEI '.encode())
                     .replace(b"Hello", b"&s;"))
    with pytest.raises(EditionError) as caught:
        transformer.render(document, "text", {})
    assert caught.value.rule == "xml-entity"  # xmlio's refusal of the external entity
    mini.write_bytes(MINIMAL.replace(b"Hello", b"Goodbye"))
    assert b"Goodbye" in transformer.render(Document(mini), "text", {})["mini-doc.txt"]
    document = Document(mini)
    mini.write_text("<html/>")  # no longer TEI: refused as any other non-TEI document
    with pytest.raises(EditionError) as caught:
        transformer.render(document, "text", {})
    assert caught.value.rule == "tei-root"


def test_an_unwritable_temporary_folder_is_one_clear_error(transformer, mini, tmp_path, monkeypatch):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "nowhere"))
    with pytest.raises(EditionError) as caught:
        transformer.render(mini, "text", {})
    assert "temporary file" in caught.value.message and caught.value.rule == "xslt-runtime"


@pytest.mark.parametrize("target", ["html", "fo", "text", "record"])
def test_a_staged_render_leaves_each_output_in_the_folder_byte_for_byte(transformer, mini, tmp_path, target):
    """With stage_in, what Saxon writes stays in the folder (never read back into memory): the same
    bytes as a render in memory, under temporary names for atomic_write to put in place."""
    params = {"site": "yes", "pages": "text index", "downloads": "tei"} if target == "html" else {}
    in_memory = transformer.render(mini, target, dict(params))
    staged = transformer.render(mini, target, dict(params), stage_in=tmp_path / "out")
    assert set(staged) == set(in_memory)
    made_by_saxon = {name for name, data in staged.items() if isinstance(data, StagedFile)}
    assert made_by_saxon == ({"mini-doc.html", "index.html"} if target == "html" else set(in_memory))
    for name, data in staged.items():
        if name in made_by_saxon:
            assert Path(data.path).parent == tmp_path / "out" and is_temporary(Path(data.path).name)
            assert data.read_bytes() == in_memory[name]
        else:  # the assets and the TEI copy
            assert data == in_memory[name]
    discard_staged(staged.values())
    assert not list((tmp_path / "out").iterdir())


def test_a_staged_render_that_fails_leaves_no_temporary_file(tmp_path, mini):
    folder = _stylesheets(tmp_path, '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                                    '<xsl:template match="/"><xsl:text>half a page</xsl:text>'
                                    '<xsl:sequence select="error((), \'boom\')"/></xsl:template></xsl:stylesheet>')
    (tmp_path / "out").mkdir()
    with pytest.raises(EditionError) as caught:
        Transformer(folder).render(mini, "html", {}, stage_in=tmp_path / "out")
    assert caught.value.rule == "xslt-runtime"
    assert not list((tmp_path / "out").iterdir())


def test_a_staged_site_render_that_fails_on_a_later_page_drops_the_pages_made_before(tmp_path, mini):
    folder = _stylesheets(tmp_path, '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                                    '<xsl:param name="page" select="\'text\'"/>'
                                    '<xsl:template match="/"><p>a page</p>'
                                    '<xsl:if test="$page = \'index\'"><xsl:sequence select="error((), \'boom\')"/>'
                                    '</xsl:if></xsl:template></xsl:stylesheet>')
    (tmp_path / "out").mkdir()
    text_only = Transformer(folder).render(mini, "html", {"site": "yes", "pages": "text"}, stage_in=tmp_path / "out")
    assert isinstance(text_only["mini-doc.html"], StagedFile)  # the first page alone renders
    discard_staged(text_only.values())
    with pytest.raises(EditionError) as caught:
        Transformer(folder).render(mini, "html", {"site": "yes", "pages": "text index"}, stage_in=tmp_path / "out")
    assert "boom" in caught.value.message
    assert not list((tmp_path / "out").iterdir())


def test_missing_file(transformer, tmp_path):
    with pytest.raises(EditionError) as caught:
        transformer.render(tmp_path / "nope.xml", "html", {})
    assert caught.value.rule == "file-missing"


def test_bad_parameter_name(transformer, mini):
    with pytest.raises(EditionError) as caught:
        transformer.render(mini, "html", {"not a name": "x"})
    assert caught.value.rule == "transform-param"


def _stylesheets(tmp_path: Path, html_xsl: str) -> Path:
    folder = tmp_path / "xslt"
    (folder / "html" / "assets").mkdir(parents=True)
    (folder / "html" / "html.xsl").write_text(html_xsl)
    for asset in HTML_ASSETS:
        (folder / "html" / "assets" / asset).write_text("/* */")
    return folder


def test_a_stylesheet_that_does_not_compile_is_an_edition_error(tmp_path, mini):
    folder = _stylesheets(tmp_path, '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                                    '<xsl:template match="/"><xsl:value-of select="1 +"/></xsl:template></xsl:stylesheet>')
    with pytest.raises(EditionError) as caught:
        Transformer(folder).render(mini, "html", {})
    assert caught.value.rule == "xslt-compile"
    assert caught.value.file.endswith("html.xsl")


def test_a_failing_transformation_is_an_edition_error(tmp_path, mini):
    folder = _stylesheets(tmp_path, '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                                    '<xsl:template match="/"><xsl:sequence select="error((), \'boom\')"/></xsl:template>'
                                    '</xsl:stylesheet>')
    with pytest.raises(EditionError) as caught:
        Transformer(folder).render(mini, "html", {})
    assert caught.value.rule == "xslt-runtime"
    assert "boom" in caught.value.message
    assert caught.value.file == str(mini)


def test_a_project_stylesheet_folder_is_used(tmp_path, mini):
    folder = _stylesheets(tmp_path, '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
                                    '<xsl:output method="html" html-version="5"/>'
                                    '<xsl:template match="/"><p>custom</p></xsl:template></xsl:stylesheet>')
    files = Transformer(folder).render(mini, "html", {})
    assert b"custom" in files["mini-doc.html"]


def test_transform_files_writes_outputs_and_reports_each_bad_file(tmp_path, mini):
    bad = tmp_path / "bad.xml"
    bad.write_text("<TEI><oops></TEI>")
    out = tmp_path / "out"
    report = transform_files([mini, bad], "html", out, {}, jobs=1)
    assert not report.ok
    assert [p.file for p in report.problems] == [str(bad)]
    assert (out / "mini-doc.html").is_file() and (out / "edition.css").is_file()
    assert report.lines() == [f"{mini} -> {out / 'mini-doc.html'}, {out / 'edition.css'}, {out / 'edition.js'}, {out / 'edition.svg'}"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_transform_files_has_saxon_write_into_the_folder_and_leaves_no_temporary(tmp_path, mini, jobs):
    other = tmp_path / "other.xml"
    other.write_bytes(MINIMAL.replace(b"Hello", b"Goodbye"))
    out = tmp_path / "out"
    report = transform_files([mini, other], "fo", out, {}, jobs=jobs)
    assert report.ok, report.problems
    assert sorted(p.name for p in out.iterdir()) == ["mini-doc.fo", "other.fo"]
    assert (out / "other.fo").read_bytes() == Transformer().render(other, "fo", {})["other.fo"]


def test_transform_files_into_an_unwritable_folder_is_a_problem_per_file(tmp_path, mini):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    report = transform_files([mini], "text", blocker / "out", {}, jobs=1)
    assert [p.rule for p in report.problems] == ["output-unwritable"]


def test_transform_files_refuses_an_unknown_target(tmp_path, mini):
    with pytest.raises(EditionError):
        transform_files([mini], "docx", tmp_path, {})


def test_cli_transform_to_html(edition, tmp_path, mini):
    run = edition("transform", str(mini), "--to", "html", "-o", str(tmp_path / "o"), "--param", "reading=diplomatic")
    run.assert_no_traceback()
    assert run.exit_code == 0, run.stdout + run.stderr
    assert 'data-reading="diplomatic"' in (tmp_path / "o" / "mini-doc.html").read_text()


# --- a project that overrides one template of the packaged stylesheets --------------------------
OVERRIDE_PROJECT = Path(__file__).parent / "data" / "override-project"


def test_a_project_overrides_one_template_by_importing_the_packaged_stylesheet(transformer):
    """xslt/html/html.xsl of the project imports the packaged one and replaces the colophon only."""
    source = OVERRIDE_PROJECT / "tei" / "note.xml"
    own = Transformer(OVERRIDE_PROJECT / "xslt").render(source, "html", {})
    packaged = transformer.render(source, "html", {})
    page, original = own["note.html"].decode(), packaged["note.html"].decode()
    assert '<p class="colophon">A Short Note · published by the Example Society</p>' in page
    assert "published by the Example Society" not in original
    # Everything before the footer is the packaged rendering, byte for byte.
    assert page.split('<footer class="site-footer">')[0] == original.split('<footer class="site-footer">')[0]
    # The project has no assets of its own: the packaged ones are used.
    assert {name: own[name] for name in HTML_ASSETS} == {name: packaged[name] for name in HTML_ASSETS}


def test_the_site_stylesheet_once_compiled_renders_pages_and_records_as_the_html_one(mini):
    """The packaged site stylesheet imports the HTML one in use and adds templates for a collection
    alone, so the build's process, which compiles it for the site step, renders a document's page
    and record with it: the same bytes, one compilation."""
    alone = Transformer()
    shared = Transformer()
    shared.compile("site")
    for target, params in (("html", {"site": "yes", "pages": "text"}), ("html", {}), ("record", {"site": "yes"})):
        assert shared.render(mini, target, dict(params)) == alone.render(mini, target, dict(params))
    assert [path for path, _ in shared._compiled] == [shared.stylesheet("site")]


def test_a_project_s_own_site_stylesheet_is_never_used_for_a_document_s_page(tmp_path, mini):
    """A project's site.xsl may change the site's pages in ways the documents' pages must not get."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "site.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
        '<xsl:import _href="{$tei-edition-xslt}site/site.xsl"/>'
        '<xsl:template match="/"><p>only the site</p></xsl:template></xsl:stylesheet>')
    project = Transformer(tmp_path)
    project.compile("site")
    assert project.render(mini, "html", {}) == Transformer().render(mini, "html", {})


@pytest.mark.parametrize("target", ["fo", "text"])
def test_outputs_a_project_does_not_override_use_the_packaged_stylesheets(transformer, target):
    source = OVERRIDE_PROJECT / "tei" / "note.xml"
    project = Transformer(OVERRIDE_PROJECT / "xslt")
    assert project.stylesheet(target) == transformer.stylesheet(target)
    assert project.render(source, target, {}) == transformer.render(source, target, {})


# -- what is known of a document chooses the stylesheet's compilation (static parameters) -------

#: Everything a static parameter can leave out kept: the stylesheets as written.
EVERY_RULE = {"source-unclear": "maybe", "source-word-breaks": "maybe", "source-standoff-apps": "maybe",
              "source-parts-out-of-place": "maybe", "source-en-dashes": "maybe"}
#: The facts of text that renders otherwise than as it stands, which every output asks.
TEXT_FACTS = ("source-unclear", "source-word-breaks", "source-standoff-apps")

#: Documents each holding one thing a rule left out for other documents applies to.
NEEDING_EACH_RULE = {
    "unclear text": tei_document("<p>A word <unclear>hard</unclear> to read</p>"),
    "a word broken across lines": tei_document('<p>A word bro\n  <lb break="no"/>\n  ken here</p>'),
    "a standoff app": tei_document('<p>Some <w xml:id="w1">word</w> here</p><listApp><app from="#w1">'
                                   '<rdg wit="#A">other</rdg></app></listApp>'),
    "an item out of its list": tei_document("<p>Text</p><item>a stray item</item><item>another</item>"),
}


#: A document holding all three kinds of text of its own, where they meet: an unclear word broken
#: across a line that a standoff app points to (its rules then apply one after the other).
NEEDING_THREE_RULES = tei_document('<p>A <w xml:id="w1"><unclear>bro</unclear>\n  <lb break="no"/>\n  ken</w> word'
                                   '</p><listApp><app from="#w1"><rdg wit="#A">whole</rdg></app></listApp>')


def test_a_document_s_facts_name_the_rules_it_can_do_without():
    """What xslt/core/facts.xsl says of a document, by the names of the static parameters it answers:
    a plain document holds none of what they ask about; each other holds one, and says so."""
    from pipeline.publish.transform import STATIC_PARAMS, XmlText, source_facts, Document, known_params
    plain = XmlText(tei_document("<p>Plain text, <hi>with</hi> a <list><item>list</item></list></p>"))
    assert source_facts(plain) == {name: "no" for name in (*TEXT_FACTS, "source-parts-out-of-place")}
    assert set(source_facts(plain)) <= set(STATIC_PARAMS)
    assert known_params(plain, "text") == {name: "no" for name in TEXT_FACTS}
    assert known_params(plain, "fo") == {**{name: "no" for name in TEXT_FACTS}, "source-parts-out-of-place": "no",
                                         "source-en-dashes": "no"}
    held = {"unclear text": {"source-unclear": "yes"}, "a word broken across lines": {"source-word-breaks": "yes"},
            "a standoff app": {"source-standoff-apps": "yes"}, "an item out of its list": {}}
    for label, source in NEEDING_EACH_RULE.items():
        facts = source_facts(Document(parse_bytes(source.encode(), "x.xml")))
        assert {name: value for name, value in facts.items() if value != "no"} == held[label], label
        assert ("source-parts-out-of-place" not in facts) == (label == "an item out of its list"), label
    # An example of markup is no text of the document (the Examples namespace).
    example = tei_document('<egXML xmlns="http://www.tei-c.org/ns/Examples"><unclear>x</unclear></egXML>')
    assert source_facts(XmlText(example))["source-unclear"] == "no"
    assert known_params(XmlText(NEEDING_THREE_RULES), "html") == {name: "yes" for name in TEXT_FACTS}


def test_the_rules_left_out_apply_to_no_document_they_are_left_out_for(transformer, corpus_files, tmp_path):
    """Every test case, the diary, the corpus and a document needing each rule render to the same
    bytes with the compilation their facts choose as with every rule kept; most of them get a
    compilation with rules left out."""
    from pipeline.publish.transform import Document, known_params
    sources = [case / "input.xml" for case in sorted((Path(__file__).parent / "cases").iterdir())]
    sources += [REPO / "tei" / "serge-diary-ii.xml", *corpus_files]
    for number, source in enumerate([*NEEDING_EACH_RULE.values(), NEEDING_THREE_RULES]):
        sources.append(tmp_path / f"needing-{number}.xml")
        sources[-1].write_text(source, encoding="utf-8")
    lean = 0
    for path in sources:
        document = Document(path)
        lean += all(known_params(document, "text").get(name) == "no" for name in TEXT_FACTS)
        for target, params in (("html", {}), ("text", {}), ("fo", {}), ("record", {"site": "yes"})):
            chosen = transformer.render(document, target, dict(params))
            kept = transformer.render(document, target, {**params, **EVERY_RULE})
            assert chosen == kept, (path.name, target)
    assert lean > len(sources) // 2
    # Both kinds of compilation were used: lean ones, and the one with every rule kept.
    compiled = [dict(values) for _, values in transformer._compiled]
    assert any("no" in values.values() for values in compiled)
    assert any(values and set(values.values()) == {"maybe"} for values in compiled)


def test_several_documents_share_one_compilation_until_a_kind_has_earned_its_own(monkeypatch):
    """A process told it renders several documents compiles each stylesheet once, as if nothing were
    known of them, and renders every kind of document with it, to the bytes of the kind's own lean
    compilation; it counts the time each kind takes, and compiles the kind's own once that time has
    reached RENDER_BEFORE_COMPILING times a compilation's."""
    import pipeline.publish.transform as transform
    from pipeline.publish.transform import Document, known_params
    kinds = {"plain": tei_document("<p>Plain text, no kind of its own</p>"), **NEEDING_EACH_RULE}
    documents = {label: Document(parse_bytes(source.encode(), "x.xml")) for label, source in kinds.items()}
    alone, shared = Transformer(), Transformer()
    shared.several_documents = True
    for label, document in documents.items():
        for target in ("html", "record", "text", "fo"):
            params = {"site": "yes"} if target == "record" else {}
            assert shared.render(document, target, dict(params)) == alone.render(document, target, dict(params)), \
                (label, target)
    assert sorted(path.name for path, _ in shared._compiled) == ["fo.xsl", "html.xsl", "text.xsl"]
    assert {statics for _, statics in shared._compiled} == {()}
    assert len(alone._compiled) >= 3 * 4  # a compilation per kind and stylesheet, without sharing
    plain_text = (shared.stylesheet("text"), tuple(sorted(known_params(documents["plain"], "text").items())))
    assert shared._rendered_general[plain_text] > 0

    # Past the threshold (here at once), a kind rendered again gets its own compilation.
    monkeypatch.setattr(transform, "RENDER_BEFORE_COMPILING", 0)
    expected = alone.render(documents["plain"], "text", {})
    assert shared.render(documents["plain"], "text", {}) == expected
    assert plain_text in shared._compiled
    # Held, the general compilation serves a kind without its own even to a process rendering one
    # document at a time (a rebuild after an edit in `edition watch`), until the kind has earned it.
    monkeypatch.setattr(transform, "RENDER_BEFORE_COMPILING", 10)
    shared.several_documents = False
    unclear_html = (shared.stylesheet("html"), tuple(sorted(known_params(documents["unclear text"], "html").items())))
    shared._rendered_general.pop(unclear_html, None)
    assert shared.render(documents["unclear text"], "html", {}) == alone.render(documents["unclear text"], "html", {})
    assert unclear_html not in shared._compiled and shared._rendered_general[unclear_html] > 0
    # A caller's own static parameters are kept as they are: nothing is shared in their place.
    shared.render(documents["plain"], "text", dict(EVERY_RULE))
    assert (shared.stylesheet("text"), tuple(sorted(EVERY_RULE.items()))) in shared._compiled


def test_transform_files_shares_one_compilation_among_more_files_than_workers(tmp_path, monkeypatch):
    """Files of several kinds rendered by one worker share the general compilation; a single file
    gets its own kind's lean one, as a build of one document does."""
    import pipeline.publish.transform as transform
    paths = []
    for number, source in enumerate([tei_document("<p>Plain</p>"), *NEEDING_EACH_RULE.values()]):
        paths.append(tmp_path / f"kind-{number}.xml")
        paths[-1].write_text(source, encoding="utf-8")
    for files, expected in ((paths, {()}), (paths[:1], {tuple(sorted({name: "no" for name in TEXT_FACTS}.items()))})):
        fresh = Transformer()
        monkeypatch.setattr(transform, "default_transformer", lambda: fresh)
        report = transform_files(files, "text", tmp_path / f"out-{len(files)}", {}, jobs=1)
        assert not report.problems and len(list((tmp_path / f"out-{len(files)}").glob("*.txt"))) == len(files)
        assert {statics for _, statics in fresh._compiled} == expected


@pytest.mark.parametrize("label", sorted(NEEDING_EACH_RULE))
def test_a_document_that_needs_a_rule_is_rendered_with_it(transformer, label):
    """Told wrongly that a document holds none of what a rule is for, its outputs lose what the rule
    does (the rules left out matter); the facts asked of it keep them."""
    source = parse_bytes(NEEDING_EACH_RULE[label].encode(), "x.xml")
    wrong = {name: "no" for name in EVERY_RULE}
    differs = [target for target in ("html", "text", "fo")
               if transformer.render(source, target, {}) != transformer.render(source, target, wrong)]
    assert differs, label


def test_a_project_s_own_stylesheet_is_compiled_with_every_rule(tmp_path):
    """A project's stylesheet may send text through rules of its own: the facts of the core do not
    leave rules out of it (the FO's en dash, a fact of the text alone, still does)."""
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "text.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:xs="http://www.w3.org/2001/XMLSchema"'
        ' xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:ed="https://tei-edition.org/ns/ed">'
        '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
        '<xsl:import _href="{$tei-edition-xslt}text/text.xsl"/>'
        '<xsl:variable name="ed:has-text-of-its-own" select="true()"/>'
        '<xsl:template mode="ed:render-text" match="text()[contains(., \'teh\')]">{replace(., \'teh\', \'the\')}</xsl:template>'
        '</xsl:stylesheet>'.replace("{replace", "<xsl:value-of select=\"replace").replace("'the')}", "'the')\"/>"))
    project = Transformer(tmp_path)
    source = parse_bytes(tei_document("<p>teh plain text</p>").encode(), "x.xml")
    (text,) = project.render(source, "text", {}).values()
    assert b"the plain text" in text
    assert [values for path, values in project._compiled] == [()]
