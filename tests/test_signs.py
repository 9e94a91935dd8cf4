"""Editorial signs, the critical apparatus and footnote noise, per behaviour and as properties.

The golden cases (tests/cases/epidoc, apparatus, notes-noise) show whole documents; these tests pin
single behaviours down in each output, and check invariants over generated text with hypothesis.
"""
from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from pipeline.publish.transform import Transformer
from pipeline.xmlio import parse_bytes
from teitools import tei_document

FO = "{http://www.w3.org/1999/XSL/Format}"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def transformer() -> Transformer:
    return Transformer()


def render(transformer: Transformer, body: str, target: str, header_extra: str = "",
           params: dict[str, str] | None = None) -> str:
    document = tei_document(body)
    if header_extra:
        document = document.replace("</sourceDesc>", header_extra + "</sourceDesc>")
    outputs = transformer.render(parse_bytes(document.encode("utf-8"), "t.xml"), target, params)
    (output,) = [v for k, v in outputs.items() if k.endswith({"text": ".txt", "html": ".html", "fo": ".fo"}[target])]
    return output.decode("utf-8")


def text_body(transformer: Transformer, body: str, header_extra: str = "", params: dict[str, str] | None = None) -> str:
    """The plain text after the title block, whitespace collapsed."""
    text = render(transformer, body, "text", header_extra, params)
    return " ".join(text.split("\n\n", 1)[1].split())


def main_text(page: str) -> str:
    return " ".join(html.document_fromstring(page).find(".//main").text_content().split())


# --- editorial signs ---------------------------------------------------------------------------------

@pytest.mark.parametrize("markup, shown", [
    ('<supplied reason="lost">arco</supplied>', "[arco]"),
    ('<supplied>arco</supplied>', "[arco]"),
    ('<supplied reason="omitted">et</supplied>', "⟨et⟩"),
    ('<supplied reason="subaudible">filio</supplied>', "(filio)"),
    ('<supplied reason="lost" cert="low">pio</supplied>', "[pio?]"),
    ('<surplus>et</surplus>', "{et}"),
    ('<expan><abbr>Imp</abbr><ex>eratori</ex></expan>', "Imp(eratori)"),
    ('<del rend="erasure">Getae</del>', "⟦Getae⟧"),
    ('<add place="above">fratri</add>', "\\fratri/"),
    ('<add place="below">suo</add>', "/suo\\"),
    ('<gap reason="lost" quantity="3" unit="character"/>', "[...]"),
    ('<gap reason="lost" extent="unknown" unit="character"/>', "[- - -]"),
    ('<gap reason="illegible" quantity="2" unit="character"/>', ".."),
    ('<gap reason="lost" quantity="14" unit="character"/>', "[.14]"),
    ('<gap reason="lost" atLeast="2" atMost="4" unit="character"/>', "[.2–4]"),
    ('<gap reason="lost" extent="unknown" unit="line"/>', "- - - - - -"),
    ('<gap reason="illegible" quantity="2" unit="word"/>', "[…] (2 words, illegible)"),
    ('<gap reason="lost"><desc>a seal</desc></gap>', "[…] (a seal)"),
    ('<gap resp="#oxf" extent="2 letters" rend="content:••"/>', "••"),
    ('<gap reason="duplicate" extent="1 page"/>', "[…] (1 page, duplicate)"),
    ('<gap/>', "[…]"),
])
def test_signs_are_text_in_every_output(transformer, markup, shown):
    body = f"<p>A {markup} Z</p>"
    assert f"A {shown} Z" in text_body(transformer, body)
    assert f"A {shown} Z" in main_text(render(transformer, body, "html"))
    fo = etree.fromstring(render(transformer, body, "fo").encode("utf-8"))
    assert f"A {shown} Z" in " ".join("".join(fo.itertext()).split())


def test_a_choice_of_the_diary_kind_is_left_as_it_was(transformer):
    """abbr/expan without ex (the diary's) shows the expansion with no signs; sic/corr the correction."""
    body = "<p><choice><abbr>Dr</abbr><expan>Doctor</expan></choice> <choice><sic>teh</sic><corr>the</corr></choice></p>"
    assert text_body(transformer, body) == "Doctor the"
    assert text_body(transformer, body, params={"reading": "diplomatic"}) == "Dr teh"
    page = html.document_fromstring(render(transformer, body, "html"))
    assert [e.text_content() for e in page.find_class("reading-corrected")] == ["Doctor", "the"]
    assert [e.text_content() for e in page.find_class("reading-diplomatic")] == ["Dr", "teh"]


def test_an_epidoc_expansion_in_a_choice_reads_by_the_chosen_reading(transformer):
    body = "<p><choice><abbr>Imp</abbr><expan>Imp<ex>eratori</ex></expan></choice></p>"
    assert text_body(transformer, body) == "Imp(eratori)"
    assert text_body(transformer, body, params={"reading": "diplomatic"}) == "Imp"


@SETTINGS
@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyzäöüαβγ", min_size=1, max_size=12))
def test_every_unclear_letter_has_a_dot_below(transformer, word):
    shown = text_body(transformer, f"<p>x <unclear>{word}</unclear> y</p>").split()[1]
    decomposed = unicodedata.normalize("NFD", shown)
    assert decomposed.count("\u0323") == len(word)
    assert unicodedata.normalize("NFC", decomposed.replace("\u0323", "")) == unicodedata.normalize("NFC", word)


@pytest.mark.parametrize("sign", ["<unclear>q</unclear>", '<lb break="no"/>'])
def test_a_cast_list_keeps_its_comma_in_a_document_with_text_of_its_own(transformer, sign):
    # Unclear text and word breaks send every text node of the document through one rule
    # (core.xsl, ed:render-text); the space between a role and its description keeps its own.
    body = f"<p>a{sign}b</p><castList><castItem><role>BANQUO</role> <roleDesc>a general</roleDesc></castItem></castList>"
    assert "BANQUO, a general" in text_body(transformer, body)


@SETTINGS
@given(st.text(alphabet="abcdefghij", min_size=2, max_size=12), st.integers(min_value=1, max_value=11),
       st.sampled_from(["\n", "\n   ", " \n\t", "\n\n  "]))
def test_a_word_broken_at_a_line_end_is_one_word_in_the_text(transformer, word, cut, layout):
    cut = min(cut, len(word) - 1)
    body = f'<ab><lb n="1"/>x {word[:cut]}{layout}<lb n="2" break="no"/>{word[cut:]} y</ab>'
    assert text_body(transformer, body) == f"x {word} y"
    page = html.document_fromstring(render(transformer, body, "html")).find(".//main")
    paragraph = page.find_class("ab")[0]
    assert "".join(paragraph.itertext()).split() == ["x", f"{word[:cut]}-{word[cut:]}", "y"]
    assert len(paragraph.findall("br")) == 1  # the first lb opens the block: no blank first line


@pytest.mark.parametrize("body, breaks", [
    ("<p><lb/>a</p>", 0),                                    # first in its paragraph
    ("<p><hi> </hi><lb/>a</p>", 0),                          # only white space before it
    ("<p>a</p><p><lb/>b</p>", 0),                            # the text before it is another paragraph's
    ("<p>a<lb/>b</p>", 1),
    ("<p><hi>a</hi><lb/>b</p>", 1),                          # the text before it is in its line, deeper
    ("<p><hi>a<lb/>b</hi></p>", 1),
    ("<sp><speaker>A</speaker><lb/>b</sp>", 0),              # after a speaker, in no paragraph
    ("<sp><speaker>A</speaker>x<lb/>b</sp>", 1),
])
def test_a_line_break_with_nothing_before_it_on_its_line_starts_no_new_line(transformer, body, breaks):
    page = html.document_fromstring(render(transformer, body, "html")).find(".//main")
    assert len(page.findall(".//br")) == breaks


def test_every_fifth_line_number_is_shown_in_the_lineated_views(transformer):
    body = "<ab>" + "".join(f'<lb n="{n}"/>line {n} ' for n in range(1, 12)) + "</ab>"
    page = html.document_fromstring(render(transformer, body, "html"))
    assert [s.text for s in page.find_class("line-number")] == ["5", "10"]
    fo = render(transformer, body, "fo")
    assert re.findall(r'padding-end="0.6em">(\d+)<', fo) == ["5", "10"]


def test_epidoc_divisions_get_headings(transformer):
    body = ('<div type="edition"><div type="textpart" subtype="fragment" n="b"><ab>text</ab></div></div>'
            '<div type="translation"><p>words</p></div><div type="commentary"><head>Notes on it</head><p>c</p></div>')
    page = html.document_fromstring(render(transformer, body, "html"))
    headings = [h.text_content() for h in page.find(".//main").iter("h2", "h3")]
    assert headings[-4:] == ["Edition", "Fragment b", "Translation", "Notes on it"]


# --- the apparatus -----------------------------------------------------------------------------------

WITNESSES = ('<listWit><witness xml:id="w1" n="A">First</witness><witness xml:id="w2"><abbr type="siglum">B</abbr>'
             ' Second</witness><witness xml:id="C">Third</witness></listWit>')


def test_sigla_are_resolved_through_listwit(transformer):
    body = ('<p>The <app><lem wit="#w1">quick</lem><rdg wit="#w2">swift</rdg><rdg wit="#C"/>'
            '<rdg wit="other.xml#D">fast</rdg><rdg resp="#ed">fleet</rdg></app> fox.</p>')
    text = text_body(transformer, body, WITNESSES)
    assert "The quick[a] fox." in text
    assert "a. quick] A; swift B; om. C; fast D; fleet ed" in text


def test_grouped_readings_are_joined_by_commas(transformer):
    body = ('<p><app><lem wit="#w1">runs</lem><rdgGrp><rdg wit="#w2">runnes</rdg><rdg wit="#C">rvns</rdg></rdgGrp>'
            '<rdg wit="#D">flees</rdg></app></p>')
    assert "a. runs] A; runnes B, rvns C; flees D" in text_body(transformer, body, WITNESSES)


def test_calls_and_entries_link_both_ways_in_html(transformer):
    body = '<p><app><lem>one</lem><rdg wit="#w2">two</rdg></app> and <w xml:id="x">three</w></p>' \
           '<listApp><app from="#x"><rdg wit="#w1">three</rdg><rdg wit="#w2">four</rdg></app></listApp>'
    page = html.document_fromstring(render(transformer, body, "html", WITNESSES))
    calls = page.find_class("app-call")
    assert [c.text_content().split()[-1] for c in calls] == ["a", "b"]
    for call in calls:
        entry = page.get_element_by_id(call.get("href")[1:])
        back = entry.find_class("app-back")[0]
        assert back.get("href") == "#" + call.get("id")
    assert "three] A; four B" in page.get_element_by_id(calls[1].get("href")[1:]).text_content()


def test_an_app_with_only_a_note_is_a_note_at_its_place(transformer):
    body = "<p>Words<app><note>A note kept in place.</note></app> go on.</p>"
    text = text_body(transformer, body)
    assert text.startswith("Words[1] go on.") and "1. A note kept in place." in text
    assert "Apparatus" not in text


# --- noise -----------------------------------------------------------------------------------------

@SETTINGS
@given(st.lists(st.booleans(), min_size=1, max_size=8))
def test_empty_notes_make_no_call_and_leave_no_hole_in_the_numbers(transformer, real):
    body = "<p>" + "".join(f"w{i}<note>note {i}</note> " if r else f"w{i}<note/> " for i, r in enumerate(real)) + "</p>"
    wanted = [str(n) for n in range(1, sum(real) + 1)]
    assert re.findall(r"\[(\d+)\]", text_body(transformer, body)) == wanted
    page = html.document_fromstring(render(transformer, body, "html"))
    assert [a.text_content().split()[-1] for a in page.find_class("noteref")] == wanted
    listed = [back for back in page.find_class("note-back")]
    assert [(back.tag, back.text_content()) for back in listed] == [("a", n) for n in wanted]
    fo = etree.fromstring(render(transformer, body, "fo").encode("utf-8"))
    assert len(list(fo.iter(f"{FO}footnote"))) == len(wanted)


def test_a_note_whose_call_is_not_rendered_has_no_back_link(transformer):
    body = '<figure><graphic url="p.png"/><figDesc>Plate<note>Unseen call.</note></figDesc></figure><p>x<note>Seen.</note></p>'
    page = html.document_fromstring(render(transformer, body, "html"))
    backs = {li.text_content().split()[0]: li.find_class("note-back")[0].tag for li in page.find_class("notes")[0]}
    assert backs == {"1": "span", "2": "a"}


def test_a_place_in_another_document_shows_its_name_not_its_coordinates(transformer):
    target = "https://example.org/chunks/f1818_C01.xml#string-range(//tei:div[@xml:id='x'],0,37)"
    body = f'<p>See <ptr target="{target}"/> and <ptr target="https://example.org/a"/>.</p>'
    assert text_body(transformer, body) == "See f1818_C01.xml and https://example.org/a."
    links = html.document_fromstring(render(transformer, body, "html")).find(".//main").find_class("ref")
    escaped = target.replace("[", "%5B").replace("]", "%5D")  # HTML allows no brackets in a fragment
    assert [(a.text_content(), a.get("href")) for a in links] == [("f1818_C01.xml", escaped),
                                                                  ("https://example.org/a", "https://example.org/a")]


def test_an_editors_reading_names_the_witnesses_then_the_editor(transformer):
    body = '<p><app><lem wit="#w1" resp="#Smith">nova</lem><rdg wit="#w2" source="https://example.org/bibl.xml#Jones1990">noua</rdg></app></p>'
    assert "a. nova] A Smith; noua B Jones1990" in text_body(transformer, body, WITNESSES)
