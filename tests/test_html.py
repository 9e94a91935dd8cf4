"""The HTML output: golden files per behaviour, links, safety, site content, and HTML5 validity."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from pipeline.publish.transform import Transformer
from teitools import pattern_branches, tei_document, without_unclear_dots, xslt_static_strings

CASES = Path(__file__).parent / "cases"
CASE_NAMES = sorted(p.parent.name for p in CASES.glob("*/input.xml"))
BLOCK_TAGS = ("div", "p", "section", "article", "header", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
              "li", "table", "tbody", "tr", "figure", "blockquote", "dl", "dt", "dd", "caption")


@pytest.fixture(scope="session")
def transformer() -> Transformer:
    return Transformer()


@pytest.fixture(scope="session")
def pages(transformer) -> dict[str, bytes]:
    """Every case rendered as a standalone page (rendered once per session)."""
    return {name: transformer.render(CASES / name / "input.xml", "html", {})["input.html"] for name in CASE_NAMES}


@pytest.fixture(scope="session")
def site(transformer) -> dict[str, bytes]:
    """The diary-shaped case as an edition site."""
    return transformer.render(CASES / "diary" / "input.xml", "html", {"site": "yes", "downloads": "tei pdf text"})


def parse(page: bytes) -> html.HtmlElement:
    return html.document_fromstring(page)


def normalise(page: bytes) -> str:
    """The <main> of a page, with whitespace runs collapsed and a line break before each block tag.

    Whitespace is collapsed, not removed, so a lost space between two words still shows up as a
    difference; ids are deterministic (xml:id or per-name ordinals), so they stay as they are.
    """
    main = parse(page).find(".//main")
    text = etree.tostring(main, encoding="unicode", method="html")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r" ?(<(?:/?)(?:%s)\b)" % "|".join(BLOCK_TAGS), r"\n\1", text)
    return text.strip() + "\n"


# --- golden files ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASE_NAMES)
def test_golden(pages, name, update_golden):
    expected_path = CASES / name / "expected.html"
    actual = normalise(pages[name])
    if update_golden:
        expected_path.write_text(actual, encoding="utf-8")
        return
    if not expected_path.is_file():
        pytest.fail(f"{expected_path} is missing: run pytest --update-golden and review it")
    assert actual == expected_path.read_text(encoding="utf-8")


def _ids(doc) -> list[str]:
    return [e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id") is not None]


#: A project's HTML that shows, for each phrase, the hint the core passes to ed:inline.
HINT_PROJECT_HTML = (
    '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
    ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="https://tei-edition.org/ns/ed"'
    ' xmlns="http://www.w3.org/1999/xhtml">'
    '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
    '<xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>'
    '<xsl:template name="ed:inline"><xsl:param name="hint" as="xs:string" required="yes"/>'
    '<span class="hint"><xsl:value-of select="$hint"/></span></xsl:template></xsl:stylesheet>')
PHRASES = ('<p><hi>a</hi> <code>b</code> <gi>c</gi> <title level="a">d</title> <title>e</title> <label>f</label>'
           ' <seg>g</seg> <hi rend="bold">h</hi> <term rend="italic">i</term> <emph style="font-weight:bold">j</emph>'
           ' <hi rendition="simple:smallcaps">k</hi> <code rend="bold">l</code> <soCalled>m</soCalled> <emph>n</emph>'
           ' <hi rend="wobbly">o</hi></p>')
#: tagsDecl: every hi without a rendition of its own is bold.
TAG_USAGE = ('<encodingDesc><tagsDecl><rendition xml:id="b">font-weight: bold</rendition>'
             '<namespace name="http://www.tei-c.org/ns/1.0"><tagUsage gi="hi" render="#b"/></namespace>'
             '</tagsDecl></encodingDesc>')


@pytest.mark.parametrize("tag_usage, expected", [
    (False, ["hi italic", "code", "gi code", "title quoted", "title italic", "label bold", "seg", "hi bold",
             "term italic", "emph bold", "hi smallcaps", "code bold", "soCalled quoted", "emph italic", "hi"]),
    (True, ["hi bold", "code", "gi code", "title quoted", "title italic", "label bold", "seg", "hi bold",
            "term italic", "emph bold", "hi smallcaps", "code bold", "soCalled quoted", "emph italic", "hi"]),
])
def test_a_phrase_s_hint_is_its_name_then_the_look_asked_or_implied_each_once(tmp_path, tag_usage, expected):
    """The core's contract with ed:inline (core.xsl): the element's name, then the presentation
    @rend, @rendition, @style or the tagsDecl ask for, else the look TEI implies, no token twice
    (a code element's look is its name). Outputs may not show a repeated token, a project's may."""
    (tmp_path / "xslt" / "html").mkdir(parents=True)
    (tmp_path / "xslt" / "html" / "html.xsl").write_text(HINT_PROJECT_HTML)
    document = tei_document(PHRASES)
    source = tmp_path / "phrases.xml"
    source.write_text(document.replace("</fileDesc>", "</fileDesc>" + TAG_USAGE) if tag_usage else document)
    page = parse(Transformer(tmp_path / "xslt").render(source, "html", {})["phrases.html"])
    assert [span.text for span in page.find_class("hint")] == expected


@pytest.mark.parametrize("name", CASE_NAMES)
def test_ids_unique_and_fragment_links_resolve(pages, name):
    doc = parse(pages[name])
    ids = _ids(doc)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    broken = [a.get("href") for a in doc.iter("a") if (a.get("href") or "").startswith("#")
              and a.get("href")[1:] not in ids]
    assert not broken


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", without_unclear_dots(text)))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_no_text_is_lost(pages, name):
    """Every word of the text survives (headers and standoff are rendered elsewhere, or not at all)."""
    tree = etree.parse(str(CASES / name / "input.xml"))
    tei = "{http://www.tei-c.org/ns/1.0}"
    skipped = {f"{tei}{n}" for n in ("teiHeader", "standOff", "interp", "index")}
    words: set[str] = set()
    for node in tree.iter():
        if any(a.tag in skipped for a in [node, *node.iterancestors()]):
            continue
        words |= _words(node.text or "")
        if node.getparent() is not None and not any(a.tag in skipped for a in node.iterancestors()):
            words |= _words(node.tail or "")
    page_words = _words(" ".join(parse(pages[name]).find(".//main").itertext()))
    assert words <= page_words, sorted(words - page_words)


def test_unmapped_elements_keep_their_text(pages):
    doc = parse(pages["unmapped"])
    text = doc.find(".//main").text_content()
    for kept in ("unmapped inline text", "other namespace text", "A paragraph inside an unmapped block."):
        assert kept in text
    assert doc.xpath("//main//*[contains(@class, 'unmapped')]")
    assert "interpretation" not in text  # interp is metadata: omitted on purpose, not by accident


# --- safety -----------------------------------------------------------------------------------------
SAFE_HREF = re.compile(r"^(https?://[^/\\]|#|[^:/?#]*(?:[/?#]|$))", re.I)


def _assert_safe(doc) -> None:
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute, value in element.attrib.items():
            assert not attribute.lower().startswith("on"), (element.tag, attribute)
            if attribute in ("href", "src", "action", "formaction", "srcset", "data"):
                assert SAFE_HREF.match(value) and not value.startswith("//"), value
        if element.tag == "script":
            assert element.get("src") == "edition.js" and not (element.text or "").strip()
        assert element.tag not in ("iframe", "object", "embed", "base", "form")


#: HTML's void elements: the only ones an HTML5 parser closes at "/>"; on any other the slash is
#: ignored and the element stays open over the rest of the page.
VOID_ELEMENTS = "area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr"


def assert_reads_as_written(page: bytes) -> None:
    # The pages are written by the XHTML method (xslt/html/html.xsl), which HTML5 reads as written
    # only because it closes every other element with an end tag.
    text = page.decode("utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert not re.findall(rf"<(?!(?:{VOID_ELEMENTS})\b)[A-Za-z][^<>]*/>", text)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_only_void_elements_are_written_self_closed(pages, name):
    assert_reads_as_written(pages[name])


def test_only_void_elements_are_written_self_closed_in_the_site(site):
    for file, data in site.items():
        if file.endswith(".html"):
            assert_reads_as_written(data)


@pytest.mark.parametrize("name", CASE_NAMES)
def test_nothing_from_the_tei_can_run(pages, name):
    _assert_safe(parse(pages[name]))


def test_unsafe_targets_become_unlinked_text(pages):
    doc = parse(pages["inline"])
    hrefs = [a.get("href") for a in doc.iter("a")]
    assert "https://example.org/a?b=1&c=2" in hrefs and "#e1" in hrefs and "other.html" in hrefs
    assert not [h for h in hrefs if re.search(r"(script|data):|^//", h or "", re.I)]
    text = doc.find(".//main").text_content()
    assert "script" in text and "tabbed script" in text and "protocol-relative" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.one_of(
    st.text(max_size=40),
    st.sampled_from(["javascript", "JAVASCRIPT", "data", "vbscript", "java\tscript", " javascript", "jav&#x09;ascript"])
      .flatmap(lambda scheme: st.text(max_size=10).map(lambda rest: f"{scheme}:{rest}")),
))
def test_any_link_target_is_sanitised(transformer, target):
    from xml.sax.saxutils import quoteattr
    text = "".join(c for c in target if c in "\t\n\r" or (" " <= c <= "\ud7ff") or ("\ue000" <= c <= "\ufffd"))
    tei = (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
           f'<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc></teiHeader>'
           f'<text><body><p><ref target={quoteattr(text)}>x</ref><graphic url={quoteattr(text)}/></p></body></text></TEI>')
    from pipeline.xmlio import parse_bytes
    page = transformer.render(parse_bytes(tei.encode("utf-8")), "html", {})["text.html"]
    _assert_safe(parse(page))


# --- the page and the site ---------------------------------------------------------------------------
def test_page_head_has_csp_lang_citation_metadata_and_no_external_resources(site):
    doc = parse(site["input.html"])
    assert doc.get("lang") == "en"
    csp = doc.xpath("//meta[@http-equiv='Content-Security-Policy']/@content")[0]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    meta = {m.get("name"): m.get("content") for m in doc.iter("meta") if m.get("name")}
    assert meta["citation_title"] == meta["DC.title"] == "A Test Diary"
    assert meta["citation_author"] == meta["DC.creator"] == "Victor Serge"
    assert meta["citation_publication_date"] == "2026/11/25"
    assert meta["citation_pdf_url"] == "../pdf/input.pdf"
    assert meta["DC.rights"] == "https://creativecommons.org/licenses/by-sa/4.0/"
    for element in doc.xpath("//link[@href] | //script[@src] | //img[@src]"):
        assert not re.match(r"^(https?:)?//", element.get("href") or element.get("src"))
    assert [s.get("src") for s in doc.iter("script")] == ["edition.js"]


@pytest.mark.parametrize("page", ["input.html", "index.html", "persons.html", "places.html", "organisations.html"])
def test_landmarks_one_h1_and_no_skipped_heading_level(site, page):
    doc = parse(site[page])
    assert len(doc.xpath("//main")) == 1 and doc.xpath("//header") and doc.xpath("//footer")
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    levels = [int(e.tag[1]) for e in doc.iter() if isinstance(e.tag, str) and re.fullmatch(r"h[1-6]", e.tag)]
    assert levels.count(1) == 1 and levels[0] == 1 or levels.index(1) < levels.index(2)
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, levels
    downloads = doc.xpath("//nav[contains(@class, 'downloads')]//a/@href")
    assert downloads == ["input.xml", "../pdf/input.pdf", "../text/input.txt"]


def test_site_links_resolve(site):
    ids = {name: set(_ids(parse(data))) for name, data in site.items() if name.endswith(".html")}
    for name in ids:
        for href in parse(site[name]).xpath("//a/@href"):
            if re.match(r"^(https?:|\.\./)", href):
                continue
            page, _, fragment = href.partition("#")
            page = page or name
            assert page in site, f"{name}: {href}"
            if fragment:
                assert fragment in ids[page], f"{name}: {href}"


def test_index_introduces_the_edition(site):
    doc = parse(site["index.html"])
    main = doc.find(".//main")
    text = " ".join(main.text_content().split())
    assert main.find(".//h1").text_content() == "A Test Diary"
    for expected in ("Shaped like the edition's diary", "Victor Serge", "The New International, vol. XVI, no. 1",
                     "Editorial principles", "Misprints are corrected", "How to cite", "CC BY-SA 4.0",
                     "A reading edition for the tests."):
        assert expected in text, expected
    toc = [a.text_content() for a in doc.xpath("//nav[contains(@class, 'toc')]//a")]
    # Entries are listed by their normalised dates, not the diarist's words and punctuation (issue 14).
    assert toc == ["Reiss, Krivitsky, Others", "December 1937", "1 September 1937", "Agabekov", "20 February 1938"]
    chronology = doc.xpath("//nav[contains(@class, 'chronology')]//li")
    assert [li.xpath("string(a)") for li in chronology] == ["1 September 1937", "December 1937", "20 February 1938"]
    assert [li.xpath("a/@href")[0] for li in chronology] == ["input.html#s1-e2", "input.html#s1-e1", "input.html#s2-e1"]


def test_every_tagged_name_links_to_its_register_entry(site):
    doc = parse(site["input.html"])
    # The copy of a note shown in place (note-peek) repeats its names without ids; the rest are unique.
    names = doc.xpath("//main//a[contains(@class, 'name')][not(ancestor::*[contains(@class, 'note-peek')])]")
    assert len(names) == 12
    for name in names:
        page, _, anchor = name.get("href").partition("#")
        assert page in ("persons.html", "places.html", "organisations.html") and anchor
        assert name.get("id")


def test_register_is_alphabetical_with_dates_forms_authorities_and_mentions(site):
    doc = parse(site["persons.html"])
    entries = doc.xpath("//article[contains(@class, 'entity')]")
    assert [e.get("id") for e in entries] == ["kriv", "reiss", "sneev"]  # by surname
    kriv = entries[0]
    assert " ".join(kriv.find("h2").text_content().split()) == "Walter Krivitsky (1899–10 February 1941)"
    assert "Soviet intelligence officer" in kriv.text_content()
    assert "“Krivitsky”, “W.K.”" in kriv.xpath("string(.//p[contains(@class, 'variants')])")
    assert kriv.xpath(".//p[contains(@class, 'authority')]//a/@href") == ["https://www.wikidata.org/wiki/Q365546"]
    groups = kriv.xpath(".//ul[contains(@class, 'mentions')]/li")
    assert [g.xpath("string(a[contains(@class, 'context')])") for g in groups] == [
        "Reiss, Krivitsky, Others", "December 1937", "20 February 1938"]
    december = groups[1].xpath("a[contains(@class, 'mention')]/@href")
    assert december == ["input.html#ed-persName-5"]
    assert parse(site["input.html"]).get_element_by_id("ed-persName-5").text_content() == "Krivitsky"


def test_notes_link_both_ways_and_are_readable_in_place(site):
    doc = parse(site["input.html"])
    calls = doc.xpath("//a[contains(@class, 'noteref')]")
    assert [c.text_content().split()[-1] for c in calls] == ["1", "2"]
    for call in calls:
        note = doc.get_element_by_id(call.get("href")[1:])
        back = note.xpath(".//a[contains(@class, 'note-back')]")[0]
        assert back.get("href") == "#" + call.get("id")
        peek = call.getparent().xpath(".//*[contains(@class, 'note-peek')]")[0]
        assert peek.text_content().split()[1:] == note.xpath("string(.//div[contains(@class, 'note-body')])").split()
        assert _ids(peek) == [peek.get("id")]  # the copy in place carries no ids but its own
        assert call.get("aria-describedby") == peek.get("id")


TEI_ELEMENTS = sorted({e.get("name") for e in etree.parse(str(Path(__file__).parent.parent / "schema" / "tei_all.rng"))
                       .iterfind(".//{http://relaxng.org/ns/structure/1.0}element")
                       if e.get("name") and ":" not in e.get("name")} - {"TEI", "teiCorpus", "teiHeader", "text"})
#: Every TEI element holding a footnote, in running text, as a block, beside a table's cells and
#: inside another note: (before, one element's part, after).
NOTE_PLACES = {
    "inline": ("<p>", "<{e}>in {e}<note>Note in {e}.</note></{e}> ", "</p>"),
    "block": ("<div>", "<{e}><p>In {e}<note>Note in {e}.</note></p></{e}>", "</div>"),
    "row": ("<table>", "<row><cell>c</cell><{e}>in {e}<note>Note in {e}.</note></{e}></row>", "</table>"),
    "nested": ("<p>", "x<note>outer <{e}>in {e}<note>Note in {e}.</note></{e}></note> ", "</p>"),
}


def _tei_page(transformer, tmp_path: Path, body: str, after_header: str = "") -> html.HtmlElement:
    source = tmp_path / "input.xml"
    source.write_text(tei_document(body, after_header=after_header), encoding="utf-8")
    return parse(transformer.render(source, "html", {})["input.html"])


@pytest.mark.parametrize("place", sorted(NOTE_PLACES))
def test_a_note_links_back_exactly_when_its_call_is_on_the_page(transformer, tmp_path, place):
    """The page is written without looking back at it: the core says which elements may leave a
    call out (ed:note-call-container). If one of them did not say so, its note would link back to
    a call that is not there; if it said so wrongly, a call would lose its link back."""
    before, each, after = NOTE_PLACES[place]
    doc = _tei_page(transformer, tmp_path, before + "".join(each.format(e=e) for e in TEI_ELEMENTS) + after)
    calls = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")
             and "noteref" in (e.get("class") or "").split()}
    backs = [a.get("href")[1:] for a in doc.xpath("//a[contains(@class, 'note-back')]")]
    unlinked = doc.xpath("//span[contains(@class, 'note-back')]")
    assert sorted(backs) == sorted(calls)
    assert len(backs) + len(unlinked) == len(doc.xpath("//ol[@class='notes']/li"))
    assert len(backs) > {"row": 1, "nested": 2 * len(TEI_ELEMENTS) - 100}.get(place, len(TEI_ELEMENTS) - 50)


@pytest.mark.parametrize("inside", [
    '<figure><graphic url="f.png"/><figDesc><hi>seen in <note>{note}</note></hi></figDesc></figure>',
    "<p><choice><seg>a</seg><seg><hi>b<note>{note}</note></hi></seg></choice></p>",
    '<p>x<space extent="2"><hi>y<note>{note}</note></hi></space></p>',
])
@pytest.mark.parametrize("notes_before", [0, 1, 3])
def test_the_one_element_that_leaves_a_call_out_is_found_behind_earlier_notes(transformer, tmp_path, inside, notes_before):
    # The page asks the notes' ancestors, each once, whether one may leave a call out
    # (ed:notes-whose-call-may-be-left-out): the one element that does, not the note's parent,
    # after notes that stand elsewhere, must still be asked.
    before = "".join(f"<p>t{n}<note>Before {n}.</note></p>" for n in range(notes_before))
    doc = _tei_page(transformer, tmp_path, before + inside.format(note="The last.") + "<p>after<note>After.</note></p>")
    entries = doc.xpath("//ol[@class='notes']/li")
    calls = {e.get("id") for e in doc.xpath("//*[contains(@class, 'noteref')]")}
    linked = [li.xpath("./a[contains(@class, 'note-back')]/@href") for li in entries]
    assert len(entries) == notes_before + 2
    assert all(href and href[0][1:] in calls for href in linked[:notes_before] + linked[-1:])
    # (an alternative's other reading is copied without ids, its note's call among them)
    assert not linked[notes_before] and entries[notes_before].xpath("./span[contains(@class, 'note-back')]")


SEARCH_ENTRIES = ('<standOff><listPerson><person xml:id="ada"><persName>Ada Lovelace</persName></person>'
                  '<person xml:id="bob"><persName>Bob Babbage</persName></person></listPerson>'
                  '<listPlace><place xml:id="ldn"><placeName>London</placeName></place></listPlace></standOff>')


@pytest.mark.parametrize("names, person, place", [
    ('<persName ref="#ada">Ada</persName> in <placeName ref="#ldn">town</placeName>', ["Ada Lovelace"], ["London"]),
    ('<persName key="x #bob">Bob</persName> and <persName ref="https://example.org/ada">Ada</persName>', ["Bob Babbage"], []),
    ('<persName key="pmb1">Ada</persName> in <placeName ref="https://example.org/ldn">town</placeName>', [], []),
    ('<rs ref="ada">Ada</rs>, <name corresp="#missing">Nobody</name>', [], []),
])
def test_search_filters_name_the_entries_the_text_points_at(transformer, tmp_path, names, person, place):
    # Only a name in the text with a local pointer ("#id") resolves to an entry; with none in the
    # document, no name's pointers are looked at ($ed:names-may-point-here).
    doc = _tei_page(transformer, tmp_path, f"<p>{names}.</p>", after_header=SEARCH_ENTRIES)
    assert doc.xpath("//head/meta[@name='search-person']/@content") == person
    assert doc.xpath("//head/meta[@name='search-place']/@content") == place
    assert doc.xpath("//head/meta[@name='search-type']/@content") == ["text"]


def test_anchor_ids_count_each_name_in_every_namespace_where_examples_are_mixed_in(transformer, tmp_path):
    # An example's <div> and <note> count too, as ids always have (ed:mixed-anchor-ordinals).
    doc = _tei_page(transformer, tmp_path, '<div><head>One</head><egXML xmlns="http://www.tei-c.org/ns/Examples">'
                    "<div><head>Example</head><p>e<note>n</note></p></div></egXML><p>x<note>A note.</note></p></div>"
                    "<div><head>Two</head><p>y</p></div>")
    assert [h.get("id") for h in doc.xpath("//main//h2[@class='head'] | //main//h3[@class='head']")] == ["ed-head-1", "ed-head-3"]
    assert doc.xpath("//ol[@class='notes']/li/@id") == ["ed-note-2"]
    assert doc.xpath("//section[contains(@class, 'block')]/@id") == ["ed-div-1", "ed-div-3"]


@pytest.mark.parametrize("xml_id, anchor", [
    ("entry-1", "entry-1"), (" entry-1 ", "entry-1"), ("a  b", "a_b"), ("a\tb\nc", "a_b_c"), ("a\r\nb", "a_b"),
    ("a\tb", "a_b"), ("a\rb", "a_b"), ("ed:main", "ed_main"), (" ed:main", "ed_main"), ("été.1", "été.1"), ("\t", "ed-p-")])
def test_an_xml_id_is_the_anchor_with_its_white_space_collapsed(transformer, tmp_path, xml_id, anchor):
    # Real TEI is not always valid: white space in an xml:id (an NCName) becomes "_", and an id
    # the page's own controls use ("ed:...") is renamed; anything else is taken as it stands.
    escaped = xml_id.replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")
    doc = _tei_page(transformer, tmp_path, f'<p xml:id="{escaped}">Text.</p>')
    [made] = doc.xpath("//main//p[contains(., 'Text.')]/@id")
    assert made.startswith(anchor) if anchor.endswith("-") else made == anchor  # none: a counted one


def test_phrases_paragraphs_items_and_lines_keep_their_own_id_and_language(transformer, tmp_path):
    """The commonest behaviours ask for the id and lang attributes only of elements that carry
    xml:id or xml:lang (the calls cost even when they write nothing): each still gets what it has,
    in any combination, and the others get none."""
    body = ('<p xml:id="p1" xml:lang="fr">Un <hi xml:lang="de">Wort</hi>, <title xml:id="t1">Titre</title>, '
            '<emph xml:id="e1" xml:lang="la">verbum</emph>.</p><p xml:lang="it">Una <hi>parola</hi>.</p>'
            '<list><item xml:id="i1">Premier.</item><item>Second.</item></list>'
            '<lg><l xml:id="l1">A line.</l><l>Another.</l></lg>')
    source = tmp_path / "input.xml"
    source.write_text(tei_document(body), encoding="utf-8")
    main = parse(transformer.render(source, "html", {})["input.html"]).xpath("//main")[0]

    def attributes(text: str) -> tuple:
        [e] = [e for e in main.iter() if (e.text or "").strip() == text or e.text_content().strip() == text]
        return e.get("id"), e.get("lang")
    assert attributes("Wort") == (None, "de") and attributes("Titre") == ("t1", None)
    assert attributes("verbum") == ("e1", "la") and attributes("parola") == (None, None)
    assert attributes("Un Wort, Titre, verbum.") == ("p1", "fr") and attributes("Una parola.") == (None, "it")
    assert attributes("Premier.") == ("i1", None) and attributes("Second.") == (None, None)
    assert attributes("A line.") == ("l1", None) and attributes("Another.") == (None, None)


def test_every_kind_of_member_and_name_has_its_class(transformer, tmp_path):
    """The commonest members' and names' classes are written out in the stylesheet rather than made
    from the element's name or kind: each must still be what the rule makes, "item" then the
    member's name in small letters, "name" then the name's kind."""
    members = {"list": "item", "listPerson": "person", "listPlace": "place", "listOrg": "org",
               "listEvent": "event", "listBibl": "bibl", "listWit": "witness"}
    body = "".join(f"<{lst}><{m}>{m} member</{m}></{lst}>" for lst, m in members.items())
    body += '<listBibl><biblStruct><monogr><title>biblStruct member</title></monogr></biblStruct></listBibl>'
    body += ('<p><persName>P</persName> <placeName>L</placeName> <orgName>O</orgName> <name>N</name> '
             '<rs type="place">R</rs> <geogName>G</geogName> <name type="org">T</name></p>')
    main = _tei_page(transformer, tmp_path, body).xpath("//main")[0]
    for member in [*members.values(), "biblStruct"]:
        [item] = [e for e in main.iter("li") if e.text_content().strip().endswith(f"{member} member")]
        assert item.get("class") == ("item" if member == "item" else f"item {member.lower()}")
    kinds = {"P": "person", "L": "place", "O": "org", "N": None, "R": "place", "G": "place", "T": "org"}
    for text, kind in kinds.items():
        [name] = [e for e in main.iter() if e.text == text]
        assert name.get("class") == ("name" if kind is None else f"name {kind}")


def test_a_link_within_the_page_keeps_its_letters_beyond_ascii_and_resolves(transformer, tmp_path):
    # HTML5 takes IRIs: "#été" is written as the TEI gives it (not "#%C3%A9t%C3%A9"), and finds its
    # anchor as a browser looks it up. (A web link is made a URI by the core, ed:safe-url, for every output.)
    source = tmp_path / "input.xml"
    source.write_text(tei_document('<p xml:id="été">Here.</p><p><ref target="#été">back</ref></p>'), encoding="utf-8")
    page = transformer.render(source, "html", {})["input.html"]
    assert 'href="#été"' in page.decode("utf-8")
    doc = parse(page)
    [link] = [a for a in doc.iter("a") if a.text == "back"]
    assert doc.xpath("//main//p[contains(., 'Here.')]/@id") == [link.get("href")[1:]]


def test_the_anchor_names_are_those_counted_through_the_name_index():
    ids = (Path(__file__).parent.parent / "xslt" / "core" / "ids.xsl").read_text(encoding="utf-8")
    names = re.search(r'name="ed:anchor-names".*?/>', ids, re.S).group(0)
    # The register entries have a map of their own (ed:entry-ordinals), made only when one is asked.
    ordinals = "".join(re.search(rf'name="ed:{name}".*?</xsl:variable>', ids, re.S).group(0)
                       for name in ("anchor-ordinals", "entry-ordinals"))
    counted = re.findall(r'select="//tei:(\w+)"', ordinals)
    assert sorted(re.findall(r"'(\w+)'", names)) == sorted(counted) and len(set(counted)) == len(counted)


def test_a_note_in_a_link_links_back_to_its_call(transformer, tmp_path):
    # HTML nests no links: the call inside a link is a span, with its id all the same.
    doc = _tei_page(transformer, tmp_path, '<p><ref target="https://example.org/">a link<note>A note.</note></ref></p>')
    back = doc.xpath("//a[contains(@class, 'note-back')]")[0]
    call = doc.get_element_by_id(back.get("href")[1:])
    assert call.tag == "span" and "noteref" in call.get("class").split()


def test_corrections_and_expansions_keep_the_other_reading(site, transformer):
    doc = parse(site["input.html"])
    assert doc.get("data-reading") == "corrected"
    correction = doc.xpath("//span[contains(@class, 'correction')]")[0]
    assert correction.xpath("string(span[@class='reading-corrected'])") == "miserable"
    assert correction.xpath("string(span[@class='reading-diplomatic'])") == "miserabel"
    assert "miserabel" in correction.xpath("span[@class='reading-corrected']/@title")[0]
    expansion = doc.xpath("//span[contains(@class, 'expansion')]")[0]
    assert expansion.xpath("string(span[@class='reading-corrected'])") == "French"
    assert doc.xpath("//span[@class='foreign'][@lang='fr']")[0].text_content() == "Ecole Emancipée"
    diplomatic = transformer.render(CASES / "diary" / "input.xml", "html", {"reading": "diplomatic"})["input.html"]
    assert parse(diplomatic).get("data-reading") == "diplomatic"


def test_each_reading_names_the_other_without_its_note_calls(transformer, tmp_path):
    """A reading's tooltip and data-other give the other reading's words, with markup inside it
    flattened and the numbers of note calls in it left out."""
    source = tmp_path / "choice.xml"
    source.write_text(tei_document('<p>Read <choice><sic>teh <hi>kat</hi><note>Sic.</note></sic>'
                                   '<corr>the <hi>cat</hi></corr></choice> here.</p>'), encoding="utf-8")
    doc = parse(transformer.render(source, "html", {})["choice.html"])
    corrected = doc.xpath("//span[@class='reading-corrected']")[0]
    diplomatic = doc.xpath("//span[@class='reading-diplomatic']")[0]
    assert corrected.get("data-other") == "teh kat"
    assert corrected.get("title").endswith(" teh kat")
    assert diplomatic.get("data-other") == "the cat"
    assert diplomatic.get("title").endswith(" the cat")
    assert "1" in diplomatic.text_content()  # the call is there, only not in the other's tooltip


def test_an_alternative_after_many_corrections_renders(tmp_path):
    """Two readings the edition keeps open (two segs) render in a process that has rendered
    many corrections before. Saxon evaluates a variable eagerly once it has seen it read each time:
    the titles of a correction, asked for an alternative, which has none, failed the page."""
    transformer = Transformer()
    corrections = tmp_path / "corrections.xml"
    corrections.write_text(tei_document("<p>" + "<choice><sic>teh</sic><corr>the</corr></choice> " * 1500 + "</p>"),
                           encoding="utf-8")
    alternative = tmp_path / "alternative.xml"
    alternative.write_text(tei_document("<p>A <choice><seg>bat</seg><seg>cat</seg></choice>.</p>"),
                           encoding="utf-8")
    transformer.render(corrections, "html", {})
    doc = parse(transformer.render(alternative, "html", {})["alternative.html"])
    assert doc.xpath("string(//span[@class='choice'])").split() == ["bat", "[cat]"]


def test_standalone_page_carries_its_registers(pages):
    doc = parse(pages["names"])
    link = doc.xpath("//main//a[contains(@class, 'name')][. = 'Krivitsky']")[0]
    assert link.get("href") == "#kriv"
    assert doc.get_element_by_id("kriv").tag == "article"
    outside = doc.xpath("//main//a[. = 'Outside']")[0]
    assert outside.get("href") == "https://www.wikidata.org/wiki/Q1"
    assert not doc.xpath("//main//a[. = 'Evil']")


PLACES = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Places</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>
<text><body><p>On the <placeName ref="#anspach">Boulevard Anspach</placeName>.</p></body></text>
<standOff><listPlace>
  <place xml:id="belgium" type="country"><placeName>Belgium</placeName>
    <place xml:id="brussels" type="city"><placeName>Brussels</placeName><location><geo>50.85045 4.34878</geo></location>
      <place xml:id="anspach" type="street"><placeName>Boulevard Anspach</placeName><location><geo>95 4</geo></location></place>
      <place xml:id="bourse"><placeName>Bourse</placeName></place>
    </place>
  </place>
</listPlace></standOff></TEI>"""


INDEX_IN_TEXT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>An index</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc>
<profileDesc><particDesc><listPerson><person xml:id="aside"><persName>Anna Aside</persName></person></listPerson></particDesc></profileDesc>
</teiHeader>
<text><body><p>Once in <placeName ref="#brussels">Brussels</placeName>.</p>
<listPlace>
  <place xml:id="belgium"><placeName>Belgium</placeName><location><geo>50.5 4.5</geo></location>
    <place xml:id="brussels" type="city"><placeName>Brussels</placeName></place>
  </place>
  <place xml:id="ghent"><placeName>Ghent</placeName><idno type="geonames">https://www.geonames.org/2797656/</idno></place>
</listPlace></body></text></TEI>"""


def test_a_location_in_a_register_is_a_phrase_of_its_entry(transformer):
    """location (TEI: where a place is, as coordinates, names or an address) is read as a phrase of
    its entry, not marked as an element nobody interpreted; its parts keep their own spaces."""
    from pipeline.xmlio import parse_bytes

    tei = parse_bytes(INDEX_IN_TEXT.replace(
        '<location><geo>50.5 4.5</geo></location>',
        '<location><settlement>Bruxelles</settlement> <country>België</country> <geo>50.5 4.5</geo></location>').encode(),
        "index.xml")
    doc = parse(transformer.render(tei, "html", {"stem": "index"})["index.html"])
    (location,) = doc.xpath("//li[@id = 'belgium']/span[@class = 'location']")
    assert " ".join(location.text_content().split()) == "Bruxelles België coordinates 50.5, 4.5"
    assert not doc.xpath("//*[contains(@class, 'unmapped')]")


def test_an_entry_s_identifiers_are_labelled_by_their_type(transformer):
    """An identifier of an entry reads "<type's name>: <identifier>", the type's name from the
    strings when there is one (in any case and spacing), else the type as written; entries sharing
    a type each say so (the label is made once per type and reused)."""
    from pipeline.xmlio import parse_bytes

    entries = ('<place xml:id="ghent2"><placeName>Gent</placeName><idno type=" GeoNames ">https://www.geonames.org/2797656/</idno></place>'
               '<place xml:id="liege"><placeName>Liège</placeName><idno type="geonames">https://www.geonames.org/2792413/</idno>'
               '<idno type="Local  register">L-17</idno></place>'
               '<place xml:id="namur"><placeName>Namur</placeName><idno type="Local  register">L-18</idno></place>')
    tei = parse_bytes(INDEX_IN_TEXT.replace('</listPlace></body>', entries + '</listPlace></body>').encode(), "index.xml")
    doc = parse(transformer.render(tei, "html", {"stem": "index"})["index.html"])
    labels = [" ".join(e.text_content().split()) for e in doc.xpath("//li[contains(@class, 'place')]/*[contains(@class, 'ref')]")]
    assert labels == ["GeoNames: https://www.geonames.org/2797656/", "GeoNames: https://www.geonames.org/2797656/",
                      "GeoNames: https://www.geonames.org/2792413/", "Local register: L-17", "Local register: L-18"]


def test_a_page_register_leaves_out_what_its_text_shows_and_nothing_mentions(transformer):
    """A list in the text is shown there: the page's register adds the entries the text mentions and
    those it does not show (the header's), not a second article saying an entry is not mentioned."""
    from pipeline.xmlio import parse_bytes

    tei = parse_bytes(INDEX_IN_TEXT.encode(), "index.xml")
    doc = parse(transformer.render(tei, "html", {"stem": "index"})["index.html"])
    places = doc.xpath("//section[contains(@class, 'register')][contains(@class, 'place')]//article")
    assert [" ".join(a.xpath("string(h3)").split()) for a in places] == ["Brussels"]
    # Its setting links Belgium where the page shows it: in the text, the register has no article for it.
    (within,) = places[0].xpath(".//p[contains(@class, 'place-setting')]/a/@href")
    assert within == "#belgium" and doc.get_element_by_id("belgium").tag == "li"
    # The mention links to the register's article, which links back to the mention.
    mention = doc.xpath("//main//p//a[contains(@class, 'name')]")[0]
    assert doc.get_element_by_id(mention.get("href")[1:]) is places[0]
    # Each place of the list once in the page's text; the header's person, not in the text, in the register.
    text = doc.xpath("//div[@class = 'text']")[0].text_content()
    assert text.count("Ghent") == 1 and text.count("Belgium") == 1
    assert [a.get("id") for a in doc.xpath("//section[contains(@class, 'person')]//article")] == ["aside"]
    ids = {e.get("id") for e in doc.iter() if isinstance(e.tag, str) and e.get("id")}
    assert all(h[1:] in ids for h in doc.xpath("//@href[starts-with(., '#')]"))
    # A site's register page is a page of its own: every place has its article there.
    page = transformer.render(tei, "html", {"stem": "index", "site": "yes", "page": "places"})["places.html"]
    assert {a.get("id") for a in parse(page).xpath("//article")} == {"belgium", "brussels", "ghent"}


def test_an_index_without_mentions_has_no_register_of_its_own_list(transformer):
    from pipeline.xmlio import parse_bytes

    tei = INDEX_IN_TEXT.replace('<placeName ref="#brussels">Brussels</placeName>', "Brussels")
    doc = parse(transformer.render(parse_bytes(tei.encode(), "index.xml"), "html", {"stem": "index"})["index.html"])
    assert not doc.xpath("//section[contains(@class, 'place')]")
    shown = [i for i in doc.xpath("//div[@class = 'text']//@id") if i in ("belgium", "brussels", "ghent")]
    assert shown == ["belgium", "brussels", "ghent"]


@pytest.mark.parametrize("mention", ['<placeName ref="#brussels">Brussels</placeName>',
                                     '<placeName key="#brussels">Brussels</placeName>',
                                     '<name corresp="#brussels">Brussels</name>',
                                     '<rs type="place" sameAs="#brussels">Brussels</rs>'])
def test_a_mention_by_any_pointing_attribute_reaches_the_register_and_the_index(transformer, mention):
    """Whether a name of the text may point at a local id is told once per document (a register of
    places that point only at authority files is spared a lookup per entry): a name of any kind
    pointing with any of the attributes ed:pointers reads still makes its entry's mention, in the
    page's register and in the book's index. The place without the mention: neither has it."""
    from pipeline.xmlio import parse_bytes

    for text, mentioned in ((mention, True), ("Brussels", False)):
        tei = parse_bytes(INDEX_IN_TEXT.replace('<placeName ref="#brussels">Brussels</placeName>', text).encode(), "index.xml")
        doc = parse(transformer.render(tei, "html", {"stem": "index"})["index.html"])
        places = doc.xpath("//section[contains(@class, 'register')][contains(@class, 'place')]//article")
        assert [" ".join(a.xpath("string(h3)").split()) for a in places] == (["Brussels"] if mentioned else [])
        fo = transformer.render(tei, "fo", {"stem": "index"})["index.fo"].decode("utf-8")
        index = fo.partition('id="ed-fo-index"')[2]
        assert ('<fo:inline font-weight="bold">Brussels</fo:inline>' in index) is mentioned
        if mentioned:
            (cited,) = re.findall(r'page-number-citation ref-id="([^"]+)"', index)
            assert f'id="{cited}">Brussels<' in fo.partition('id="ed-fo-index"')[0]


def test_a_place_says_what_it_is_where_it_is_and_what_is_in_it(transformer):
    from pipeline.xmlio import parse_bytes

    files = transformer.render(parse_bytes(PLACES.encode(), "places.xml"), "html", {"stem": "places"})
    doc = parse(files["places.html"])
    entry = {e.get("id"): e for e in doc.xpath("//article[contains(@class, 'entity')]")}
    setting = entry["anspach"].xpath(".//p[contains(@class, 'place-setting')]")[0]
    assert " ".join(setting.text_content().split()) == "Street in Brussels, Belgium"  # nearest first
    assert [a.get("href") for a in setting.iter("a")] == ["#brussels", "#belgium"]
    assert all(doc.get_element_by_id(a.get("href")[1:]) is not None for a in setting.iter("a"))
    within = entry["brussels"].xpath("string(.//p[contains(@class, 'places-within')])")
    assert " ".join(within.split()) == "Places within: Boulevard Anspach, Bourse"
    assert " ".join(entry["bourse"].xpath("string(.//p[contains(@class, 'place-setting')])").split()) == \
        "In Brussels, Belgium"  # no type: only where it is
    (osm,) = entry["brussels"].xpath(".//p[contains(@class, 'map')]/a/@href")
    assert osm.startswith("https://www.openstreetmap.org/?mlat=50.85045&mlon=4.34878")
    assert not entry["anspach"].xpath(".//p[contains(@class, 'map')]")  # latitude 95 is no place on Earth


def _with_header(title_stmt: str, availability: str) -> bytes:
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>{title_stmt}'
            f'</titleStmt><publicationStmt><publisher>P</publisher><availability>{availability}</availability>'
            '</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>'
            '<text><body><p>Words.</p></body></text></TEI>').encode()


@pytest.mark.parametrize("text, in_intro, in_colophon", [
    ("CC BY 4.0", ["CC BY 4.0"], ["CC BY 4.0"]),
    ("You may share and adapt the material for any purpose, even commercially, as long as you give credit. " * 2,
     ["https://creativecommons.org/licenses/by/4.0/"], ["Licence"]),
])
def test_a_licence_links_its_name_or_its_url_never_a_whole_paragraph(transformer, text, in_intro, in_colophon):
    from pipeline.xmlio import parse_bytes

    document = _with_header("", f'<licence target="https://creativecommons.org/licenses/by/4.0/">{text}</licence>')
    doc = parse(transformer.render(parse_bytes(document, "l.xml"), "html", {"stem": "l"})["l.html"])
    intro = doc.xpath("//p[@class='licence']")[0]
    assert [a.text_content() for a in intro.iter("a")] == in_intro
    assert " ".join(text.split()) in " ".join(intro.text_content().split())  # the terms themselves are shown
    colophon = doc.xpath("//p[@class='colophon']")[0]
    assert [a.text_content() for a in colophon.iter("a")] == in_colophon
    assert all(a.get("href") == "https://creativecommons.org/licenses/by/4.0/" for a in colophon.iter("a"))


def test_an_editor_with_several_names_lists_each(transformer):
    from pipeline.xmlio import parse_bytes

    document = _with_header("<editor><persName>Müller, Martin Anton</persName><persName>Susen, Gerd-Hermann</persName>"
                            "</editor>", "<p>Free.</p>")
    doc = parse(transformer.render(parse_bytes(document, "e.xml"), "html", {"stem": "e"})["e.html"])
    assert "Müller, Martin Anton; Susen, Gerd-Hermann" in doc.xpath("string(//p[@class='colophon'])")


MANUSCRIPT = """<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>F101-19</title></titleStmt>
<publicationStmt><p>P</p></publicationStmt><sourceDesc><msDesc><msIdentifier><country>Lithuania</country>
<settlement>Vilnius</settlement><institution>National Library</institution><idno>F101-19</idno>
<msName>In nomine Domini amen</msName></msIdentifier><msContents><summary>A long summary of the charter,
which goes on for many lines.</summary></msContents></msDesc></sourceDesc></fileDesc></teiHeader>
<text><body><p>Text.</p></body></text></TEI>"""


def test_a_manuscript_source_is_named_by_its_identifier(transformer):
    from pipeline.xmlio import parse_bytes

    tree = parse_bytes(MANUSCRIPT.encode(), "ms.xml")
    doc = parse(transformer.render(tree, "html", {"stem": "ms"})["ms.html"])
    expected = "Lithuania, Vilnius, National Library, F101-19 (In nomine Domini amen)"
    assert doc.xpath("string(//p[@class='bibl'])") == expected
    (fo,) = transformer.render(tree, "fo", {}).values()
    assert expected.encode() in fo and b"goes on for many lines" not in fo.split(b"<fo:flow")[0]


# --- HTML5 validity (the Nu Html Checker, offline) ------------------------------------------------
VNU_VERSION = "26.9.27"


@pytest.fixture(scope="session")
def vnu_jar(repo_dir: Path) -> Path:
    """vnu.jar from $VNU_JAR, or from npm's vnu-jar package in <repo>/.cache/vnu (installed on first use)."""
    if not shutil.which("java"):
        pytest.skip("java is not installed: the Nu Html Checker (vnu.jar) needs it")
    configured = os.environ.get("VNU_JAR")
    if configured:
        return Path(configured)
    cache = repo_dir / ".cache" / "vnu"
    jar = cache / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file() and shutil.which("npm"):
        subprocess.run(["npm", "install", "--prefix", str(cache), "--no-audit", "--no-fund", "--ignore-scripts",
                        f"vnu-jar@{VNU_VERSION}"], capture_output=True, timeout=600, check=False)
    if not jar.is_file():
        pytest.skip("vnu.jar is not available (set VNU_JAR, or let npm install vnu-jar into .cache/vnu)")
    return jar


def _vnu(jar: Path, files: list[Path]) -> str:
    run = subprocess.run(["java", "-Xss8m", "-jar", str(jar), "--errors-only", *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    return run.stderr.strip() if run.returncode else ""


def test_valid_html5(vnu_jar, pages, site, transformer, tmp_path, repo_dir):
    files = []
    for name, data in pages.items():
        files.append(tmp_path / f"case-{name}.html")
        files[-1].write_bytes(data)
    for name, data in site.items():
        if name.endswith(".html"):
            files.append(tmp_path / f"site-{name}")
            files[-1].write_bytes(data)
    diary = repo_dir / "tei" / "serge-diary-ii.xml"
    if diary.is_file():  # the edition itself, once converted
        for name, data in transformer.render(diary, "html", {"site": "yes", "downloads": "tei"}).items():
            if name.endswith(".html"):
                files.append(tmp_path / f"diary-{name}")
                files[-1].write_bytes(data)
    assert _vnu(vnu_jar, files) == ""


def test_valid_html5_for_other_tei(vnu_jar, shared_dir, transformer, tmp_path):
    """A sample of real TEI of other kinds (drama, letter, manuscript, apparatus, sourceDoc, corpus)."""
    corpus = shared_dir / "corpus" / "real-tei"
    sample = ["shakedracor/macbeth.xml", "schnitzler-briefe/L00001.xml", "tei-stylesheets-tests/ms.xml",
              "tei-stylesheets-tests/testapp2.xml", "tei-stylesheets-tests/test31.xml",
              "tei-stylesheets-tests/testCorpus1.xml", "moreno-chapbooks/Moreno_003.xml"]
    files = []
    for relative in sample:
        path = corpus / relative
        if path.is_file():
            page = next(v for k, v in transformer.render(path, "html", {}).items() if k.endswith(".html"))
            files.append(tmp_path / f"{path.stem}.html")
            files[-1].write_bytes(page)
    if not files:
        pytest.skip("none of the sample corpus files is present")
    assert _vnu(vnu_jar, files) == ""


def test_the_interventions_list_links_every_place_of_the_same_intervention(transformer):
    """The same correction made in three places is one entry of the interventions list with a link
    to each place ("1, 2, 3"); on a site the links go from the about page to the text page."""
    from pipeline.xmlio import parse_bytes
    dash = "<choice><sic>-</sic><corr> – </corr></choice>"
    # the last dash is spaced differently in the TEI, as a reader cannot see: still the same correction
    tei = tei_document(f"<p>one{dash}two{dash}three</p><p>a <choice><sic>teh</sic><corr>the</corr></choice> "
                       "b<choice><sic>-</sic><corr> –</corr></choice> c "
                       "<choice><abbr>Dzer.</abbr><expan>Dzerzhinsky</expan></choice></p>")
    source = parse_bytes(tei.encode("utf-8"), "t.xml")
    page = parse(transformer.render(source, "html", {"stem": "t"})["t.html"])
    entries = page.xpath("//ul[@class='interventions']/li")
    assert [" ".join(e.text_content().split()) for e in entries] == [
        "– ] original: - 1, 2, 3", "the ] original: teh 1", "Dzerzhinsky ] abbreviated: Dzer. 1"]
    hrefs = [a.get("href") for a in entries[0].iter("a")]
    assert len(set(hrefs)) == 3
    for href in hrefs:
        (place,) = page.xpath(f"//*[@id='{href[1:]}']")
        assert "choice" in place.get("class").split() and place.xpath("string(.//*[@class='reading-diplomatic'])") == "-"
    site = transformer.render(source, "html", {"stem": "t", "site": "yes"})
    about = parse(site["index.html"])
    links = [a.get("href") for a in about.xpath("//ul[@class='interventions']//a")]
    assert links[:3] == ["t.html" + h for h in hrefs]
    text_page = parse(site["t.html"])
    assert all(text_page.xpath(f"//*[@id='{h.split('#')[1]}']") for h in links)


@pytest.mark.parametrize("type_, classes", [
    ("chapter", "block div chapter"),
    ("Chapter chapter", "block div chapter"),
    ("letter  Letter\tletter", "block div letter"),
    ("div", "block div"),
    ("a&quot;b>c on_click=x", "block div abc onclickx"),
    ("Ünïcode", "block div ncode"),
    ("", "block div"),
])
def test_class_names_from_a_type_are_safe_and_each_given_once(transformer, tmp_path, type_, classes):
    doc = _tei_page(transformer, tmp_path, f'<div xml:id="d" type="{type_}"><p>x</p></div>')
    (div,) = doc.xpath("//*[@id='d']")
    assert div.get("class") == classes


def test_a_phrase_s_content_is_running_text_even_where_the_phrase_stands_outside_it(transformer, tmp_path):
    """A phrase's children are rendered in line (ed:in-line, which ed:phrase sets as it calls the
    behaviour: the phrases have no content rule of their own): a list or table inside a phrase
    that stands straight in a division becomes an in-line box, never a block inside a <span>. The
    same list beside it, outside any phrase, stays a block."""
    body = ('<div><seg type="x"><list><item>One</item><item>Two</item></list> and '
            '<table><row><cell>A</cell></row></table></seg>'
            '<list><item>Three</item></list></div>')
    source = tmp_path / "input.xml"
    source.write_text(tei_document(body), encoding="utf-8")
    main = parse(transformer.render(source, "html", {})["input.html"]).xpath("//main")[0]
    [seg] = main.find_class("seg")
    assert seg.tag == "span"
    assert [e.tag for e in seg.iter() if e.tag in BLOCK_TAGS] == []
    assert [e.get("class") for e in seg if e.tag == "span"] == ["list", "table"]
    assert [li.text_content() for li in main.xpath(".//ul/li")] == ["Three"]


def _core_names(name: str, module: str = "inlines.xsl") -> list[str]:
    """The names a static variable of a core module lists as a pattern ('tei:a | tei:b')."""
    path = Path(__file__).resolve().parent.parent / "xslt" / "core" / module
    return [step.removeprefix("tei:") for step in pattern_branches(xslt_static_strings([etree.parse(str(path))])[name])]


def test_every_phrase_is_rendered_as_one_whether_its_rule_is_by_name_or_by_the_map(tmp_path):
    """The phrases (ed:phrases in inlines.xsl) are one map with two rules: the commonest names have
    rules of their own, found by Saxon's index of names; the others are looked up in the map by one
    rule (a rule per name costs Saxon most of a million instructions to compile). Each of the 85
    renders through ed:inline with its own name first in the hint, wherever it stands."""
    phrases = _core_names("ed:phrases")
    common = _core_names("ed:common-phrases")
    assert len(phrases) == len(set(phrases)) > 80
    assert set(common) < set(phrases)
    body = "<p>" + " ".join(f"<{name}>{index}</{name}>" for index, name in enumerate(phrases)) + "</p>"
    (tmp_path / "xslt" / "html").mkdir(parents=True)
    (tmp_path / "xslt" / "html" / "html.xsl").write_text(HINT_PROJECT_HTML)
    source = tmp_path / "phrases.xml"
    source.write_text(tei_document(body), encoding="utf-8")
    page = parse(Transformer(tmp_path / "xslt").render(source, "html", {})["phrases.html"])
    assert [span.text.split()[0] for span in page.find_class("hint")] == phrases


#: A project's HTML whose blocks write their hint, and whether each child leaves out its content.
BLOCK_HINT_PROJECT_HTML = (
    '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"'
    ' xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:ed="https://tei-edition.org/ns/ed"'
    ' xmlns="http://www.w3.org/1999/xhtml">'
    '<xsl:param name="tei-edition-xslt" static="yes" as="xs:string" required="yes"/>'
    '<xsl:import _href="{$tei-edition-xslt}html/html.xsl"/>'
    '<xsl:template name="ed:block"><xsl:param name="hint" as="xs:string" required="yes"/>'
    '<div class="hint" data-hint="{$hint}" data-leaves-out="{* ! (local-name() || \'=\' || ed:leaves-out-content(.))}">'
    '<xsl:call-template name="ed:content"/></div></xsl:template></xsl:stylesheet>')


def test_every_typed_block_and_omitted_element_is_told_whether_its_rule_is_by_name_or_by_the_map(tmp_path):
    """The typed blocks (ed:typed-blocks in behaviours.xsl) and the elements omitted whatever they
    hold (ed:omitted-names) are one map with a few rules: the division has a rule of its own, every
    other name is looked up by one rule (a rule per name costs Saxon most of a million
    instructions to compile). Each block renders through ed:block with its own name first in the
    hint; each omitted element renders nothing and says that it leaves out its content."""
    blocks = _core_names("ed:typed-blocks", "behaviours.xsl")
    omitted = _core_names("ed:omitted-names", "behaviours.xsl")
    assert len(blocks) == len(set(blocks)) > 30 and len(omitted) == len(set(omitted)) > 10
    assert "div" in blocks and not set(blocks) & set(omitted)
    # (A facsimile beside a text is omitted: it gets a division of its own.)
    apart = [name for name in blocks if name != "facsimile"]
    body = ("<div>" + "".join(f"<{name}>block {index}</{name}>" for index, name in enumerate(apart))
            + "".join(f"<{name}>hidden {index}</{name}>" for index, name in enumerate(omitted)) + "</div>"
            + "<div><facsimile>block</facsimile></div>")
    (tmp_path / "xslt" / "html").mkdir(parents=True)
    (tmp_path / "xslt" / "html" / "html.xsl").write_text(BLOCK_HINT_PROJECT_HTML)
    source = tmp_path / "blocks.xml"
    source.write_text(tei_document(body), encoding="utf-8")
    page = parse(Transformer(tmp_path / "xslt").render(source, "html", {})["blocks.html"])
    hints = page.find_class("hint")
    # Beside the document: its text, its body and the division holding the rest are typed blocks too.
    assert [div.get("data-hint").split()[0] for div in hints] == ["document", "text", "body", "div", *apart,
                                                                   "div", "facsimile"]
    told = dict(pair.split("=") for pair in hints[3].get("data-leaves-out").split())
    assert told == {**{name: "false" for name in apart}, **{name: "true" for name in omitted}}
    assert "block 0" in page.text_content() and "hidden" not in page.text_content()


def test_a_name_has_an_id_exactly_when_something_may_link_to_it(transformer, tmp_path):
    """A register's list of mentions links to the names that point at its entries, a collection's
    record lists the names with @ref or @key, and a link may lead to a name's own xml:id: those
    names carry an id (ed:may-be-linked-to), and every mention the register lists is one of them.
    A name nothing may link to has none."""
    body = ('<p><persName ref="#k">K.</persName>, <persName key="pmb1">P.</persName>, <persName xml:id="own">Own</persName>,'
            ' <persName corresp="#k">C.</persName>, <persName>Plain</persName>, <placeName>Nowhere</placeName>.</p>')
    register = ('<standOff><listPerson><person xml:id="k"><persName>Krivitsky</persName></person></listPerson>'
                '</standOff>')
    page = _tei_page(transformer, tmp_path, body, after_header=register)
    (paragraph,) = page.xpath("//main//p[contains(., 'Plain')]")
    names = {name.text_content(): name.get("id") for name in paragraph.xpath(".//*[contains(@class, 'name')]")}
    assert {text for text, anchor in names.items() if anchor} == {"K.", "P.", "Own", "C."}
    assert names["Own"] == "own"
    mentions = page.xpath("//ul[contains(@class, 'mentions')]//a[contains(@class, 'mention')]/@href")
    assert sorted(href.lstrip("#") for href in mentions) == sorted([names["K."], names["C."]])
