"""XSL-FO output (xslt/fo/): golden cases, FO that FOP accepts by construction, and the behaviours
a printed edition needs (footnotes, contents, outline, metadata, index locators, page size)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree

from pipeline.publish.fop import FO_NS, LOCATORS_ROLE, id_pages, resolve_index, wants_pdfa
from pipeline.publish.transform import Transformer
from pipeline.xmlio import parse_bytes
from teitools import tei_document

REPO = Path(__file__).resolve().parent.parent
CASES = sorted(p.parent for p in (REPO / "tests" / "cases").glob("*/input.xml"))
DIARY_GOOD = REPO / "tests" / "data" / "validate" / "diary-good.xml"
F = f"{{{FO_NS}}}"
NS = {"fo": FO_NS}


@pytest.fixture(scope="session")
def transformer() -> Transformer:
    return Transformer()


def own_fo(xslt_dir: Path, declarations: str) -> Transformer:
    """A project's FO stylesheet in ``xslt_dir``: the package's, imported, with ``declarations``."""
    from pipeline.project import PACKAGE_XSLT_DIR
    (xslt_dir / "fo").mkdir(parents=True, exist_ok=True)
    (xslt_dir / "fo" / "fo.xsl").write_text(
        '<xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
        'xmlns:map="http://www.w3.org/2005/xpath-functions/map" xmlns:tei="http://www.tei-c.org/ns/1.0" '
        'xmlns:ed="https://tei-edition.org/ns/ed">'
        f'<xsl:import href="{(PACKAGE_XSLT_DIR / "fo" / "fo.xsl").as_uri()}"/>{declarations}</xsl:stylesheet>',
        encoding="utf-8")
    return Transformer(xslt_dir)


def fo_of(transformer: Transformer, source, **params) -> etree._ElementTree:
    if isinstance(source, str):
        source = parse_bytes(source.encode("utf-8"), "snippet.xml")
    (data,) = transformer.render(source, "fo", {k.replace("_", "-"): v for k, v in params.items()}).values()
    return etree.ElementTree(etree.fromstring(data))


@pytest.fixture(scope="session")
def diary_fo(transformer) -> etree._ElementTree:
    return fo_of(transformer, DIARY_GOOD)


def canonical(tree: etree._ElementTree) -> str:
    """Indented for readable diffs; lxml adds no whitespace inside mixed content, so text is intact."""
    root = etree.fromstring(etree.tostring(tree))
    return etree.tostring(root, pretty_print=True, encoding="unicode")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_fo(case: Path, transformer, update_golden):
    """Each tests/cases/<name>/input.xml gives expected.fo (pytest --update-golden rewrites)."""
    actual = canonical(fo_of(transformer, case / "input.xml"))
    expected = case / "expected.fo"
    if update_golden:
        expected.write_text(actual, encoding="utf-8", newline="\n")
    assert expected.is_file(), f"{expected} is missing: run pytest --update-golden and review it"
    assert actual == expected.read_text(encoding="utf-8")


def structural_faults(tree: etree._ElementTree) -> list[str]:
    """What FOP would reject (or warn about) in this FO, found without running FOP."""
    root = tree.getroot()
    faults = []
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    faults += [f"duplicate id {i}" for i in sorted({i for i in ids if ids.count(i) > 1})]
    known = set(ids)
    for e in root.iter(f"{F}basic-link", f"{F}page-number-citation", f"{F}bookmark"):
        target = e.get("internal-destination") or e.get("ref-id")
        in_index = any(a.get("role") == LOCATORS_ROLE for a in e.iterancestors())
        if target and target not in known and not in_index:
            faults.append(f"unresolved {target}")
    faults += ["footnote in footnote" for _ in root.xpath("//fo:footnote//fo:footnote", namespaces=NS)]
    faults += ["stray list content" for _ in root.xpath(
        "//fo:list-block/node()[not(self::fo:list-item) and normalize-space()]", namespaces=NS)]
    faults += ["list item outside a list" for _ in root.xpath("//fo:list-item[not(parent::fo:list-block)]", namespaces=NS)]
    faults += ["row outside a table" for _ in root.xpath(
        "//fo:table-row[not(parent::fo:table-body or parent::fo:table-header or parent::fo:table-footer)]", namespaces=NS)]
    faults += ["empty container" for _ in root.xpath(
        "//fo:table-cell[not(fo:*)] | //fo:table-row[not(fo:table-cell)] | //fo:table-body[not(fo:*)]"
        " | //fo:list-item-body[not(fo:*)] | //fo:list-block[not(fo:list-item)] | //fo:flow[not(fo:*)]", namespaces=NS)]
    faults += ["text directly in a flow or cell" for _ in root.xpath(
        "(//fo:flow | //fo:table-cell | //fo:list-item-body | //fo:footnote-body)/text()[normalize-space()]", namespaces=NS)]
    faults += ["marker not first" for _ in root.xpath("//fo:marker[preceding-sibling::node()[not(self::fo:marker)]]", namespaces=NS)]
    return faults


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_cases_give_fo_fop_accepts(case: Path, transformer):
    assert structural_faults(fo_of(transformer, case / "input.xml")) == []


def test_hostile_nesting_gives_valid_fo(transformer):
    """Notes in notes, lists and tables in running text, cells and rows where they do not belong."""
    body = ('<p>A<note n="1">outer<note n="2">inner<note n="3">innermost</note></note></note>'
            ' <list><item>in a paragraph</item></list> <table><row/><row><cell/><cell rows="9">x</cell></row></table>'
            ' <castItem>stray item</castItem></p><row><cell>stray row</cell></row><cell>stray cell</cell>'
            '<list/><table/><p/><div><head/></div>')
    tree = fo_of(transformer, '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
                 '</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>'
                 f'</fileDesc></teiHeader><text><body>{body}</body></text></TEI>')
    assert structural_faults(tree) == []
    # The inner notes are kept, in brackets inside the footnote of the outer one.
    (footnote,) = tree.getroot().iter(f"{F}footnote")
    body_text = "".join(footnote.find(f"{F}footnote-body").itertext())
    assert "outer" in body_text and "[" in body_text and "inner" in body_text and "innermost" in body_text


def test_an_apparatus_entry_called_in_a_note_is_set_in_brackets_in_its_footnote(transformer):
    """FOP sets no footnote in a footnote: an entry called inside a note (an app in it, or a
    standoff app pointing into it) is set in the note's own footnote, in brackets, with its readings."""
    body = ('<p>Text<note>A note with <app><lem wit="#A">lemma</lem><rdg wit="#B">reading</rdg></app> in it,'
            ' and <anchor xml:id="s"/>standoff<anchor xml:id="e"/> too.</note> goes on.</p>'
            '<listApp><app from="#s" to="#e"><rdg wit="#B">elsewhere</rdg></app></listApp>')
    tree = fo_of(transformer, tei_document(body))
    assert structural_faults(tree) == []
    (footnote,) = tree.getroot().iter(f"{F}footnote")
    body_text = " ".join("".join(footnote.find(f"{F}footnote-body").itertext()).split())
    assert "with lemma [a lemma] A; reading B] in it" in body_text, body_text
    assert "and standoff [b standoff] elsewhere B] too." in body_text, body_text


def test_ids_a_corpus_repeats_are_made_unique_and_links_reach_them(transformer):
    """Each member of a teiCorpus has its own xml:ids, so they repeat; FOP refuses a repeated id."""
    header = ('<teiHeader><fileDesc><titleStmt><title>{}</title></titleStmt><publicationStmt><p>x</p>'
              '</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>')
    member = ('<TEI>' + header.replace("{}", "{0}") + '<text><body><div xml:id="d1"><head>{0}</head><p xml:id="p1">See <ref target="#p1">'
              'this</ref>.<note xml:id="n1">A note of {0}.</note></p></div></body></text></TEI>')
    tree = fo_of(transformer, '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' + header.format("Corpus")
                 + "".join(member.format(name) for name in ("One", "Two", "Three")) + "</teiCorpus>")
    assert structural_faults(tree) == []
    ids = [e.get("id") for e in tree.getroot().iter() if e.get("id", "").startswith(("d1", "p1", "n1"))]
    assert ids == ["d1", "p1", "n1", "d1.div-2", "p1.p-2", "n1.note-2", "d1.div-3", "p1.p-3", "n1.note-3"]


def test_ids_that_repeat_once_their_spaces_are_collapsed_are_made_unique(transformer):
    """xml:ids are compared as the key of ids takes them, spaces collapsed: "c" and " c " are one
    id, which a link to "#c" reaches, and the second is told apart. An id with a space inside ("a
    b", " a  b ") is no link's target (a link's target is one token) and is written for neither."""
    body = ('<p xml:id="a b">First.</p><p xml:id=" a  b ">Second.</p><p xml:id="c">Third.</p><p xml:id=" c ">Fourth.</p>'
            '<p>See <ref target="#c">the third</ref>.</p>')
    tree = fo_of(transformer, tei_document(body))
    assert structural_faults(tree) == []
    ids = [e.get("id") for e in tree.getroot().iter() if e.get("id", "").startswith(("a", "c"))]
    assert ids == ["c", "c.p-2"]


def test_phrases_paragraphs_items_and_lines_keep_their_own_id(transformer):
    """The commonest behaviours ask for an id only of elements that carry xml:id (the call costs
    even when it writes nothing): each of them a link points at keeps its own, a block phrase too,
    and the others get none, an xml:id no link points at included."""
    body = ('<p xml:id="p1">One <hi xml:id="h1">word</hi> and <hi>another</hi>, '
            '<seg rend="block" xml:id="s1">set apart</seg>.</p><p xml:id="p2">Plain.</p>'
            '<list><item xml:id="i1">Premier.</item><item>Second.</item></list>'
            '<lg><l xml:id="l1">A line.</l><l>Another line.</l></lg>'
            '<p><ref target="#p1">1</ref> <ref target="#h1">2</ref> <ref target="#s1">3</ref> <ref target="#i1">4</ref>'
            ' <ref target="#l1">5</ref></p>')
    tree = fo_of(transformer, tei_document(body))
    assert structural_faults(tree) == []
    ids = {e.get("id"): "".join(e.itertext()).strip() for e in tree.getroot().iter() if e.get("id") in {"p1", "h1", "s1", "i1", "l1"}}
    assert ids == {"p1": "One word and another, set apart.", "h1": "word", "s1": "set apart", "i1": "•Premier.", "l1": "A line."}
    texts = {"".join(e.itertext()).strip() for e in tree.getroot().iter() if e.get("id") and not e.get("id").startswith(("p1", "h1", "s1", "i1", "l1"))}
    assert not texts & {"another", "Plain.", "Second.", "Another line."}


def test_ids_saxon_trims_or_cannot_index_are_still_told_apart(transformer):
    """Saxon trims an xml:id as it reads it and indexes only those that are names (no digit first):
    an id written with spaces around it repeats the same id without them, and repeats of an id that
    is no name are found as well as repeats of one that is."""
    body = ('<p xml:id=" x">One.</p><p xml:id="x">Two.</p><p xml:id="&#9;x">Three.</p>'
            '<p xml:id="1y">Four.</p><p xml:id="1y">Five.</p><p xml:id="y">Six.</p><p xml:id="y">Seven.</p>'
            '<p>See <ref target="#y">six</ref>, <ref target="#x">one</ref>, <ref target="#1y">four</ref>.</p>')
    tree = fo_of(transformer, tei_document(body))
    assert structural_faults(tree) == []
    ids = [e.get("id") for e in tree.getroot().iter() if e.get("id", "").lstrip("1").startswith(("x", "y"))]
    assert ids == ["x", "x.p-2", "x.p-3", "1y", "1y.p-2", "y", "y.p-2"]


def test_a_phrase_hint_sets_its_block_alignment_look_and_quotes(transformer):
    """rend="block" sets a phrase on a line of its own, aligned as its rend says; its other
    renditions become properties; a phrase that implies quotation marks gets them, and one that
    asks for no property is its content alone, in the paragraph's own text. Phrases with the same
    hint are set alike however many there are (the hint is read once)."""
    body = ('<p>A <seg rend="block center">centred</seg> and <hi rend="block bold right">bold</hi>'
            ' <seg rend="italic">it</seg> <soCalled>so</soCalled> <seg rend="italic">again</seg>'
            ' <seg rend="block center">twice</seg></p>')
    root = fo_of(transformer, tei_document(body)).getroot()
    set_as = {"".join(e.itertext()).strip(): (etree.QName(e).localname, dict(e.attrib))
              for e in root.iter(f"{F}block", f"{F}inline") if "".join(e.itertext()).strip()
              in ("centred", "bold", "it", "“so”", "again", "twice")}
    assert set_as == {
        "centred": ("block", {"text-align": "center"}), "twice": ("block", {"text-align": "center"}),
        "bold": ("block", {"font-weight": "bold", "text-align": "end"}),
        "it": ("inline", {"font-style": "italic"}), "again": ("inline", {"font-style": "italic"})}
    (paragraph,) = [e for e in root.iter(f"{F}block") if (e.text or "").startswith("A ")]
    assert "“so”" in "".join(child.tail or "" for child in paragraph)


def test_an_inline_is_written_only_for_a_property_or_an_id(transformer):
    """A phrase, date, quotation, choice not listed in the apparatus or link to nowhere that asks
    for no property and has no id a link leads to is its content alone (an inline without
    properties sets nothing, and FOP then sees a word split by markup as one word); one a link
    leads to keeps an inline for its id.
    Content written with nothing around it keeps its words as they touch: two identifiers side by
    side stay so."""
    body = ('<p>A <seg>plain</seg> <date when="1900">date</date>, <q>quoted</q>, <ref target="#nowhere">link</ref>,'
            ' <choice><seg>old</seg><seg>olde</seg></choice> and <seg xml:id="kept">kept</seg>'
            ' <seg xml:id="unlinked">unlinked</seg>.</p><p><ref target="#kept">To it.</ref></p>'
            '<listPlace><place><placeName>Here</placeName><idno type="alpha">1</idno><idno type="beta">2</idno></place></listPlace>')
    root = fo_of(transformer, tei_document(body)).getroot()
    assert [e.get("id") for e in root.iter(f"{F}inline") if not e.attrib or set(e.attrib) == {"id"}
            and "".join(e.itertext()) in ("plain", "date", "quoted", "link", "old", "kept", "unlinked")] == ["kept"]
    (paragraph,) = [e for e in root.iter(f"{F}block") if (e.text or "").startswith("A ")]
    assert paragraph.text.startswith("A plain date, quoted, link, old and ")
    (item,) = [e for e in root.iter(f"{F}list-item-body") if "Here" in "".join(e.itertext())]
    assert "alpha: 1beta: 2" in "".join(item.itertext())


def list_labels(tree: etree._ElementTree) -> list[list[str]]:
    """The label column of every list-block, in document order."""
    return [["".join(item.find(f"{F}list-item-label").itertext()) for item in block.findall(f"{F}list-item")]
            for block in tree.getroot().iter(f"{F}list-block") if block.find(f"{F}list-item") is not None
            and not block.get("id", "").startswith("ed")]


def test_list_markers_belong_to_their_own_list(transformer):
    """A bulleted list's items set their own bullet; a numbered list inside one, an item out of
    place inside one, and a list with labels keep theirs."""
    body = ('<list><item>a<list rend="numbered"><item>x</item><item>y</item></list></item>'
            '<item>b<list><item>inner</item></list></item><item>c <castGroup><castItem>cast</castItem></castGroup></item></list>'
            '<list><label>A.</label><item>labelled</item><item>unlabelled</item></list>')
    labels = list_labels(fo_of(transformer, tei_document(body)))
    assert ["•", "•", "•"] in labels
    assert ["1.", "2."] in labels
    assert ["•"] in labels  # the bulleted list inside an item
    assert ["A.", "•"] in labels
    assert structural_faults(fo_of(transformer, tei_document(body))) == []


def test_notes_are_footnotes_numbered_as_in_the_source(diary_fo):
    (footnote,) = diary_fo.getroot().iter(f"{F}footnote")
    citation = "".join(footnote.find(f"{F}inline").itertext())
    assert citation == "1"
    assert "A note." in "".join(footnote.find(f"{F}footnote-body").itertext())


def test_corrections_in_text_and_reported_in_the_apparatus(diary_fo):
    root = diary_fo.getroot()
    text = "".join(root.itertext())
    assert "You miserable bastard" in text
    apparatus = root.xpath("//fo:block[@id='ed-fo-apparatus']", namespaces=NS)[0]
    entry = "".join(apparatus.itertext())
    assert "miserable ] original: miserabel" in entry
    # Expansions are interventions too: the print lists every kind (issue 14).
    assert "French ] abbreviated: Fr." in entry, entry
    # Each entry cites the page of its intervention, which carries that id in the text.
    cites = list(apparatus.iter(f"{F}page-number-citation"))
    assert len(cites) == 2
    for cite in cites:
        assert root.xpath(f"//fo:inline[@id='{cite.get('ref-id')}']", namespaces=NS)


def test_contents_outline_and_running_heads(diary_fo):
    root = diary_fo.getroot()
    bookmarks = root.xpath("//fo:bookmark-tree/fo:bookmark", namespaces=NS)
    # the back matter the book adds is in the outline and the contents too (issue 14)
    assert [b.findtext(f"{F}bookmark-title") for b in bookmarks] == [
        "Reiss, Krivitsky, Bastich, Others", "Editorial interventions", "Index"]
    assert [b.get("internal-destination") for b in bookmarks[1:]] == ["ed-fo-apparatus", "ed-fo-index"]
    assert [b.findtext(f"{F}bookmark-title") for b in bookmarks[0].findall(f"{F}bookmark")] == [
        "December 1937", "20 February 1938"]  # normalised dates, not the diarist's words (issue 14)
    contents = root.xpath("//fo:page-sequence[@master-reference='front']", namespaces=NS)[0]
    citations = [c.get("ref-id") for c in contents.iterfind(f".//{F}page-number-citation")]
    assert citations == ["s1", "e1937-12", "e1938-02-20", "ed-fo-apparatus", "ed-fo-index"]
    assert all(root.xpath(f"//*[@id='{ref}']", namespaces=NS) for ref in citations)
    markers = root.xpath("//fo:marker[@marker-class-name='ed-section']", namespaces=NS)
    assert "Reiss, Krivitsky, Bastich, Others" in [m.text for m in markers]
    assert root.xpath("//fo:retrieve-marker[@retrieve-class-name='ed-section']", namespaces=NS)


def test_pdf_metadata(diary_fo):
    description = diary_fo.getroot().find(f"{F}declarations").find(".//{*}Description")
    values = {etree.QName(child).localname: child.text for child in description}
    assert values["title"] == "The Diary of Victor Serge – II"
    assert values["creator"] == "Victor Serge"
    assert values["description"] == "Portraying the men and events of our times"


def test_index_lists_every_mention_with_a_locator(diary_fo):
    root = diary_fo.getroot()
    # (the apparatus cites its places with locator lists too: only the index's are looked at here)
    lists = root.xpath(f"//fo:flow[fo:block/@id = 'ed-fo-index']//fo:inline[@role='{LOCATORS_ROLE}']", namespaces=NS)
    entries = {"".join(l.getparent().find(f"{F}inline").itertext()): l for l in lists}
    assert set(entries) == {"Sneevliet, Henk", "Paris", "GPU"}  # a person as a printed index heads them
    (link,) = entries["Sneevliet, Henk"].findall(f"{F}basic-link")
    target = link.get("internal-destination")
    assert root.xpath(f"//fo:inline[@id='{target}']", namespaces=NS)[0].text == "Sneevliet"


@pytest.mark.parametrize("size, width, height", [("a4", "210mm", "297mm"), ("letter", "8.5in", "11in")])
def test_page_size_parameter(transformer, size, width, height):
    masters = fo_of(transformer, DIARY_GOOD, page_size=size).getroot().iter(f"{F}simple-page-master")
    assert {(m.get("page-width"), m.get("page-height")) for m in masters} == {(width, height)}


def test_pdfa_parameter_marks_the_fo(transformer):
    assert not wants_pdfa(fo_of(transformer, DIARY_GOOD))
    assert wants_pdfa(fo_of(transformer, DIARY_GOOD, pdfa="yes"))


def test_every_font_family_is_configured(repo_dir, diary_fo):
    """Families the FO names must exist in fop.xconf, else FOP substitutes an unembedded font."""
    configured = {t.get("name") for t in etree.parse(str(repo_dir / "xslt" / "fo" / "fop.xconf")).iter("font-triplet")}
    used = {name.strip() for e in diary_fo.getroot().iter() if e.get("font-family")
            for name in e.get("font-family").split(",")}
    assert used and used <= configured


# -- the index pass (pipeline.publish.fop.resolve_index) ----------------------------------------------------
def locator_fo(targets: list[str], anchors: str = "") -> etree._ElementTree:
    links = ", ".join(f'<fo:basic-link internal-destination="{t}"><fo:page-number-citation ref-id="{t}"/>'
                      "</fo:basic-link>" for t in targets)
    return etree.ElementTree(etree.fromstring(
        f'<fo:root xmlns:fo="{FO_NS}"><fo:block>{anchors}<fo:inline role="{LOCATORS_ROLE}">{links}</fo:inline>'
        "</fo:block></fo:root>"))


def rendered(tree: etree._ElementTree) -> str:
    (locators,) = [e for e in tree.getroot().iter(f"{F}inline") if e.get("role") == LOCATORS_ROLE]
    return "".join(("#" + e.get("internal-destination") if e.tag == f"{F}basic-link" else "") + (e.tail or "")
                   for e in locators)


def test_index_keeps_one_citation_per_page_and_merges_runs():
    tree = locator_fo(["a", "b", "c", "d", "e", "f", "g"])
    pages = {"a": 0, "b": 0, "c": 1, "d": 2, "e": 4, "f": 4, "g": 6}
    assert resolve_index(tree, pages) == 1
    assert rendered(tree) == "#a–#d, #e, #g"


def test_index_drops_mentions_that_were_not_laid_out_and_finds_nested_ids():
    tree = locator_fo(["outer", "gone", "x"], anchors='<fo:inline id="outer"><fo:inline id="inner">N</fo:inline></fo:inline>')
    resolve_index(tree, {"inner": 3, "x": 5})
    assert rendered(tree) == "#outer, #x"


def test_id_pages_reads_the_intermediate_format(tmp_path):
    layout = tmp_path / "layout.if.xml"
    layout.write_text(
        '<document xmlns="http://xmlgraphics.apache.org/fop/intermediate"><page-sequence>'
        '<page index="0" name="i"><content><id name="a"/></content></page>'
        '<page index="1" name="1"><content><id name="b"/><id name="a"/></content></page>'
        "</page-sequence></document>", encoding="utf-8")
    assert id_pages(layout) == {"a": 0, "b": 1}


# --- the FOP configuration on machines without every font --------------------------------------------

def _xconf(tmp_path: Path, *font_files: str) -> Path:
    fonts = "".join(f'<font embed-url="{name}"><font-triplet name="F{n}" style="normal" weight="normal"/></font>'
                    for n, name in enumerate(font_files))
    config = tmp_path / "fop.xconf"
    config.write_text(f'<fop version="1.0"><font-base>{tmp_path.as_uri()}/</font-base><renderers>'
                      f'<renderer mime="application/pdf"><fonts>{fonts}</fonts></renderer></renderers></fop>')
    return config


def test_a_configuration_whose_fonts_are_all_installed_is_used_as_it_is(tmp_path):
    from pipeline.publish.fop import config_with_installed_fonts

    (tmp_path / "a.ttf").write_bytes(b"font")
    config = _xconf(tmp_path, "a.ttf", (tmp_path / "a.ttf").as_uri())
    assert config_with_installed_fonts(config) == config


def test_fonts_whose_files_are_missing_are_left_out_of_a_cached_copy(tmp_path, monkeypatch):
    from pipeline.publish.fop import config_with_installed_fonts

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (tmp_path / "here.ttf").write_bytes(b"font")
    config = _xconf(tmp_path, "here.ttf", "missing.ttf", "file:///nonexistent/junicode.otf")
    copy = config_with_installed_fonts(config)
    assert copy != config and copy.is_relative_to(tmp_path / "cache")
    kept = [font.get("embed-url") for font in etree.parse(str(copy)).iter("font")]
    assert kept == ["here.ttf"]
    assert etree.parse(str(copy)).findtext("font-base") == tmp_path.as_uri() + "/"  # relative URLs still resolve
    assert config_with_installed_fonts(config) == copy  # the same copy each time, not a new file per call


def test_index_headings_put_the_surname_first_and_say_d_for_a_death_year_alone(transformer):
    # issue 14: the index sorted by surname but printed "Forename Surname"; "(–1941)" read oddly
    register = ('<standOff><listPerson><person xml:id="k"><persName type="standard">Walter Krivitsky</persName>'
                '<death when="1941"/></person><person xml:id="b"><persName type="standard">Boris Souvarine</persName>'
                '<birth when="1895"/></person><person xml:id="s"><persName><surname>Serge</surname>'
                '<forename>Victor</forename></persName></person><person xml:id="f">'
                '<persName type="standard">F.P.B.</persName></person></listPerson></standOff>')
    body = ('<p><persName ref="#k">K.</persName>, <persName ref="#b">Boris</persName>, <persName ref="#s">Serge</persName>'
            ' and <persName ref="#f">F.P.B.</persName></p>')
    fo = fo_of(transformer, tei_document(body).replace("</text>", "</text>" + register))
    lists = fo.getroot().xpath(f"//fo:inline[@role='{LOCATORS_ROLE}']", namespaces=NS)
    headings = ["".join(l.getparent().itertext()).split(" (")[0].strip() for l in lists]
    lines = [" ".join("".join(l.getparent().itertext()).split()) for l in lists]
    assert [h.split(" ")[0] for h in headings] == ["F.P.B.", "Krivitsky,", "Serge,", "Souvarine,"]
    assert any(line.startswith("Krivitsky, Walter (d. 1941)") for line in lines), lines
    assert any(line.startswith("Souvarine, Boris (b. 1895)") for line in lines), lines
    assert any(line.startswith("Serge, Victor") for line in lines), lines


def test_a_spaced_en_dash_never_starts_a_line(transformer):
    fo = fo_of(transformer, tei_document("<p>Elsa, her eyes filled with tears – gray-blue eyes – an oval face"
                                         " <hi>rather</hi> – full.</p>"))
    flow_text = "".join(fo.getroot().xpath("//fo:flow//text()", namespaces=NS))
    assert " –" not in flow_text  # every spaced dash is tied to the word before it
    assert flow_text.count("\u00a0– ") == 3


@pytest.mark.parametrize("where", ["text", "attribute", "strings"])
def test_a_spaced_en_dash_from_anywhere_is_tied(transformer, tmp_path, where):
    """The finish runs only for a document that can put an en dash in the book (fo.xsl): one in the
    text, one in an attribute the core shows (a milestone's separator), one in the stylesheets'
    strings (a project's translation) are all tied to the word before them."""
    body = {"text": "<p>Before – after</p>", "attribute": '<p>Before</p><milestone unit="section" rend="* – *"/><p>after</p>',
            "strings": "<p>Before</p>"}[where]
    local = transformer
    if where == "strings":
        # Only the string the title page shows; the others show as [key], which is no matter here.
        local = own_fo(tmp_path / "xslt",
                       '<xsl:variable name="ed:strings" select="map{\'source\': \'Source – first edition\'}"/>')
    fo = fo_of(local, tei_document(body))
    flow_text = "".join(fo.getroot().xpath("//fo:flow//text() | //fo:static-content//text()", namespaces=NS))
    assert "\u00a0–" in flow_text and " –" not in flow_text


def _dashed_member(title: str, xml_id: str) -> str:
    """A TEI with a spaced en dash in every part of the book it gives: title (title page, running
    head, contents), front, a division's heading and text, a correction (the interventions page),
    back, and a register entry's name (the index)."""
    return (f'<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>{title} – diary</title>'
            "</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc>"
            "</teiHeader><text><front><p>Foreword – short</p></front><body><div><head>One – two</head>"
            f'<p>Text – more <choice><sic>teh</sic><corr>the – x</corr></choice> by <persName ref="#{xml_id}">Ann</persName>'
            "</p></div></body><back><div><head>Notes – end</head><p>x – y</p></div></back></text>"
            f'<standOff><listPerson><person xml:id="{xml_id}"><persName>Ann – Marie</persName></person>'
            "</listPerson></standOff></TEI>")


@pytest.mark.parametrize("shape", ["document", "corpus"])
def test_a_spaced_en_dash_is_tied_in_every_part_of_the_book(transformer, shape):
    """The finish is done part by part (a page sequence, the static content, a division, a member
    of a corpus, the runs around them: fo.xsl): no part of the pages is left out, and the outline
    keeps its words."""
    if shape == "document":
        source = _dashed_member("First", "a")
    else:
        source = ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
                  "<title>Letters – a corpus</title></titleStmt><publicationStmt><p>x</p></publicationStmt>"
                  "<sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>"
                  + _dashed_member("First", "a") + _dashed_member("Second", "b") + "</teiCorpus>")
    root = fo_of(transformer, source).getroot()
    pages = "".join(root.xpath("//fo:flow//text() | //fo:static-content//text()", namespaces=NS))
    assert " –" not in pages
    tied = pages.count("\u00a0–")
    assert tied >= (9 if shape == "document" else 2 * 8 + 1), pages  # every place above, in each member
    outline = "".join(root.xpath("//fo:bookmark-tree//text()", namespaces=NS))
    assert " – " in outline and "\u00a0" not in outline


def test_front_matter_is_numbered_apart_and_never_indexed(transformer):
    # issue 14: the title page counted as page 1 and the index pointed to it
    register = ('<standOff><listPerson><person xml:id="v"><persName type="standard">Victor Serge</persName>'
                '</person></listPerson></standOff>')
    document = tei_document('<p>Written by <persName ref="#v">Serge</persName>.</p>').replace(
        "<text>", '<text><front><titlePage><docAuthor><persName ref="#v">Victor Serge</persName></docAuthor>'
                  "<docTitle><titlePart>A Diary</titlePart></docTitle></titlePage></front>").replace(
        "</text>", "</text>" + register)
    root = fo_of(transformer, document).getroot()
    sequences = root.findall(f"{F}page-sequence")
    assert sequences[0].get("master-reference") == "title"
    assert (sequences[0].get("format"), sequences[0].get("initial-page-number")) == ("i", "1")
    text = next(s for s in sequences if s.get("master-reference") == "text")
    assert text.get("initial-page-number") == "1" and text.get("format", "1") == "1"
    (locators,) = root.xpath(f"//fo:inline[@role='{LOCATORS_ROLE}']", namespaces=NS)
    targets = [link.get("internal-destination") for link in locators.findall(f"{F}basic-link")]
    assert len(targets) == 1  # the body's mention only, not the title page's
    (target,) = root.xpath(f"//*[@id='{targets[0]}']", namespaces=NS)
    assert "".join(target.itertext()) == "Serge"


def test_an_expansion_in_print_shows_the_supplied_letters_and_is_listed(transformer):
    """Print marks the letters an expansion supplies ("Dzer(zhinsky)", as EpiDoc's ex) and lists every
    expansion among the editorial interventions, the one it cannot mark ("CP") too."""
    tree = fo_of(transformer, tei_document(
        "<p>With <choice><abbr>Dzer.</abbr><expan>Dzerzhinsky</expan></choice> and the "
        "<choice><abbr>CP</abbr><expan>Communist Party</expan></choice>.</p>"))
    flow = "".join(tree.getroot().xpath("//fo:flow[.//fo:inline[@id]][1]", namespaces=NS)[0].itertext())
    assert "With Dzer(zhinsky) and the Communist Party." in flow
    apparatus = "".join(tree.getroot().xpath("//fo:block[@id='ed-fo-apparatus']", namespaces=NS)[0].itertext())
    assert "Communist Party ] abbreviated: CP" in apparatus and "abbreviated: Dzer." in apparatus


def test_the_same_intervention_in_several_places_is_one_line_linking_every_place(transformer):
    """Five hyphens corrected to the same dash are one line of the interventions page, citing the page
    of each place with a link to it (issue 14: "five identical lines with no link to where they are")."""
    dash = "<choice><sic>-</sic><corr> – </corr></choice>"
    tree = fo_of(transformer, tei_document(
        f"<p>one{dash}two{dash}three</p><p>a <choice><sic>teh</sic><corr>the</corr></choice> b{dash}c</p>"))
    root = tree.getroot()
    lines = root.xpath(f"//fo:block[@id='ed-fo-apparatus']/fo:block[fo:inline[@role='{LOCATORS_ROLE}']]", namespaces=NS)
    texts = ["".join(line.xpath("text() | fo:inline[not(@role)]//text()", namespaces=NS)) for line in lines]
    assert len(texts) == 2 and texts[0].endswith("–  ] original: -") and texts[1] == "the ] original: teh", texts
    targets = [[link.get("internal-destination") for link in line.iter(f"{F}basic-link")] for line in lines]
    assert [len(t) for t in targets] == [3, 1]
    # every link goes to a place in the text, the places of one line all different
    in_text = {e.get("id") for e in root.xpath("//fo:flow//fo:inline[@id]", namespaces=NS)}
    assert set(targets[0]) <= in_text and len(set(targets[0])) == 3 and targets[1][0] in in_text
    for line, places in zip(lines, targets):
        cites = [c.get("ref-id") for c in line.iter(f"{F}page-number-citation")]
        assert cites == places


@pytest.mark.parametrize("target, destination", [
    ("https://example.org/a/b?c=1#d", "url('https://example.org/a/b?c=1#d')"),
    ("https://example.org/a(b)", "url('https://example.org/a%28b%29')"),
    ("https://example.org/it's", "url('https://example.org/it%27s')"),
    ("https://example.org/ä", "url('https://example.org/%C3%A4')"),
])
def test_external_links_are_written_as_fo_urls(transformer, target, destination):
    """url('...') ends at the first quote or parenthesis: those are escaped, as is what a URI may not hold."""
    from xml.sax.saxutils import quoteattr
    tree = fo_of(transformer, tei_document(f"<p><ref target={quoteattr(target)}>link</ref></p>"))
    assert tree.xpath("//fo:basic-link/@external-destination", namespaces=NS) == [destination]


def test_parts_out_of_place_are_wrapped_in_another_document_a_project_renders(tmp_path):
    """FO looks once through the rendered document for a list item, row or cell out of place; an
    element of another document (a project's stylesheet may render one) is looked at itself."""
    other = tei_document("<p>Other text</p><row><cell>stray item</cell></row>").replace("<body>", '<body n="other">')
    (tmp_path / "xslt" / "fo").mkdir(parents=True)
    (tmp_path / "xslt" / "fo" / "other.xml").write_text(other, encoding="utf-8")
    own = own_fo(tmp_path / "xslt",
                 '<xsl:template mode="ed:render" match="tei:body[not(@n = \'other\')]" priority="5"><xsl:next-match/>'
                 '<xsl:apply-templates select="doc(\'other.xml\')//tei:body" mode="ed:render"/></xsl:template>')
    fo = fo_of(own, tei_document("<p>Nothing out of place.</p>"))
    assert "stray item" in "".join(fo.getroot().itertext())
    assert structural_faults(fo) == []


def _with_spaced_dashes(source: bytes) -> bytes:
    """``source`` with a spaced en dash between the first two words of every piece of text."""
    root = parse_bytes(source, "dashed.xml").getroot()
    for node in root.iter():
        for side in ("text", "tail"):
            value = getattr(node, side)
            if value and node.tag is not etree.Comment and node.tag is not etree.PI:
                setattr(node, side, re.sub(r"(\w) (\w)", "\\1 – \\2", value, count=1))
    return etree.tostring(root, encoding="utf-8")


#: Documents with every construct whose text the pages may show: list labels, notes, headings, an
#: image's description, an expansion, an example of markup, apparatus, verse, a table, a corpus,
#: and text split where a dash meets the space before it.
_DASHED_SHAPES = [
    tei_document('<div><head>First part</head><p>Some text<note>a note here</note> and <hi rend="italic">more words</hi>'
                 ' with <persName>Ann Marie</persName> here</p><list><label>one label</label><item>an item</item>'
                 '<item>two words</item></list><figure><graphic url="a.png"/><figDesc>an image described</figDesc></figure>'
                 '<p>A <choice><abbr>Dr s</abbr><expan>Doctor sir</expan></choice> text and <ptr target="#x"/></p>'
                 '<lg><l>a verse line</l><l>another verse line</l></lg><table><row><cell>a cell</cell></row></table>'
                 '<p xml:id="x">Some <app><lem wit="#A">the lemma</lem><rdg wit="#B">a reading</rdg></app> end</p></div>'),
    '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>Some title</title></titleStmt>'
    '<publicationStmt><p>a publisher</p></publicationStmt><sourceDesc><p>a source</p></sourceDesc></fileDesc></teiHeader>'
    '<text><body><p>An example:</p><egXML xmlns="http://www.tei-c.org/ns/Examples"><p>some example text</p></egXML>'
    '</body></text></TEI>',
    '<teiCorpus xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>The corpus title</title>'
    '</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>'
    + "".join(f'<TEI><teiHeader><fileDesc><titleStmt><title>Member number {n}</title></titleStmt><publicationStmt><p>x</p>'
              f'</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader><text><body><div><head>A head</head>'
              f'<p>Member text {n}</p></div></body></text></TEI>' for n in (1, 2)) + "</teiCorpus>",
    # Each of these shows a text as a string made of it: an expansion with the letters it adds, a
    # lemma in an apparatus that stands in the text, the text a standoff reading points to, an id,
    # coordinates.
    tei_document("<p>Text <choice><abbr>dom.</abbr><expan>dominus noster</expan></choice> more</p>"),
    tei_document('<div><head>Apparatus</head><listApp><app loc="1"><lem>the lemma</lem><rdg wit="#B">x</rdg></app>'
                 "</listApp></div>"),
    tei_document('<p><anchor xml:id="s1"/>Some words here<anchor xml:id="s2"/> and more</p><div><head>Apparatus</head>'
                 '<listApp><app from="#s1" to="#s2"><rdg wit="#B">x</rdg></app></listApp></div>'),
    tei_document('<listPerson><person xml:id="p1"><persName>Ann</persName><idno type="URL">an id</idno></person>'
                 "</listPerson>"),
    tei_document("<listPlace><place><placeName>Vienna</placeName><location><geo>48 16</geo></location></place></listPlace>"),
    # Text split by a comment: a space ending one text and the dash starting the next meet on the page.
    tei_document("<p>One word <!-- a comment -->– and the next</p>"),
    tei_document("<p>Another word –<!-- a comment -->and on</p>"),
]


@pytest.fixture(scope="module")
def finishing_every_part(tmp_path_factory) -> Transformer:
    """The FO stylesheets with every part held and finished, as before dashes were tied in the text."""
    return own_fo(tmp_path_factory.mktemp("finish") / "xslt",
                  '<xsl:variable name="ed:fo-ties-in-text" select="false()"/>')


@pytest.fixture(scope="module")
def telling_whether_tied_in_text(tmp_path_factory) -> Transformer:
    """The FO stylesheets answering only whether they tie a document's dashes as its text is rendered."""
    return own_fo(tmp_path_factory.mktemp("asks") / "xslt", '<xsl:output method="text"/><xsl:template match="/">'
                  '<xsl:value-of select="$ed:fo-ties-in-text"/></xsl:template>')


def _same_either_way(transformer, finishing_every_part, telling, sources: list[tuple[str, bytes]]) -> int:
    """Each source, dashed, gives the same FO tied in the text as finished part by part; returns how
    many were tied in the text (the others are finished part by part anyway)."""
    tied_in_text = 0
    for label, source in sources:
        dashed = _with_spaced_dashes(source)
        (answer,) = telling.render(parse_bytes(dashed, "dashed.xml"), "fo", {}).values()
        tied_in_text += answer == b"true"
        ours = transformer.render(parse_bytes(dashed, "dashed.xml"), "fo", {})
        finished = finishing_every_part.render(parse_bytes(dashed, "dashed.xml"), "fo", {})
        assert list(ours.values()) == list(finished.values()), label
    return tied_in_text


def test_dashes_tied_in_the_text_as_the_finish_ties_them(transformer, finishing_every_part,
                                                         telling_whether_tied_in_text):
    """A spaced dash in any text of a document (a heading, a label, a note, an image's description,
    an expansion, an example, apparatus, a member's title) is tied in the pages as holding each
    part to finish it would tie it (fo.xsl, ed:fo-ties-in-text)."""
    sources = [(case.name, (case / "input.xml").read_bytes()) for case in CASES]
    sources += [(f"shape {n}", shape.encode("utf-8")) for n, shape in enumerate(_DASHED_SHAPES)]
    sources.append(("diary", DIARY_GOOD.read_bytes()))
    tied_in_text = _same_either_way(transformer, finishing_every_part, telling_whether_tied_in_text, sources)
    assert tied_in_text >= len(CASES) // 2, "most documents are tied in their text"


def test_dashes_of_real_tei_tied_in_the_text_as_the_finish_ties_them(transformer, finishing_every_part,
                                                                     telling_whether_tied_in_text, corpus_files):
    sources = [(path.name, path.read_bytes()) for path in corpus_files if path.stat().st_size < 300_000]
    assert _same_either_way(transformer, finishing_every_part, telling_whether_tied_in_text, sources) > 0


def test_a_document_without_en_dashes_spares_the_stylesheet_its_search(transformer, tmp_path):
    """The build tells FO that a file holds no en dash (its bytes: no dash, no reference to one), so
    FO does not look through every text and attribute for one; a dash written as a character
    reference is found all the same, and tied."""
    from pipeline.publish.transform import Document, known_params
    plain, referenced = tmp_path / "plain.xml", tmp_path / "referenced.xml"
    plain.write_text(tei_document("<p>Before - after</p>"), encoding="utf-8")
    referenced.write_text(tei_document("<p>Before &#8211; after</p>"), encoding="utf-8")
    assert known_params(Document(plain), "fo")["source-en-dashes"] == "no"
    assert "source-en-dashes" not in known_params(Document(referenced), "fo")
    assert "source-en-dashes" not in known_params(Document(plain), "html")
    flow_text = "".join(fo_of(transformer, referenced).getroot().xpath("//fo:flow//text()", namespaces=NS))
    assert "Before\u00a0– after" in flow_text
    # Told there is none, FO takes the word and does not look (a caller that is wrong loses the ties).
    told = "".join(fo_of(transformer, referenced, source_en_dashes="no").getroot().xpath("//fo:flow//text()", namespaces=NS))
    assert "Before – after" in told


def test_a_name_has_an_id_exactly_when_something_may_link_to_it(transformer):
    """The index cites the pages of the names that point at its entries, through their ids; a name
    with an xml:id may be a link's target. Those names carry an id; a name nothing may link to is
    its content alone."""
    body = ('<p><persName ref="#k">K.</persName>, <persName key="pmb1">P.</persName>, <persName xml:id="own">Own</persName>,'
            ' <persName corresp="#k">C.</persName>, <persName>Plain</persName>, <placeName>Nowhere</placeName>.</p>')
    register = '<standOff><listPerson><person xml:id="k"><persName>Krivitsky</persName></person></listPerson></standOff>'
    root = fo_of(transformer, tei_document(body, after_header=register)).getroot()
    (paragraph,) = [e for e in root.iter(f"{F}block") if "Plain" in "".join(e.itertext()) and e.find(f"{F}block") is None]
    assert {"".join(e.itertext()): e.get("id") is not None for e in paragraph.iter(f"{F}inline")} == {
        "K.": True, "P.": True, "Own": True, "C.": True}
    assert "Plain, Nowhere." in "".join(child.tail or "" for child in paragraph)
    cited = {link.get("internal-destination") for locators in root.iter(f"{F}inline") if locators.get("role") == LOCATORS_ROLE
             for link in locators.iter(f"{F}basic-link")}
    named = {e.get("id") for e in paragraph.iter(f"{F}inline")}
    assert cited and cited <= named
