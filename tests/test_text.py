"""Plain-text output (xslt/text/): golden cases, the reading and diplomatic texts, wrapping, notes."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline.publish.transform import Transformer
from pipeline.xmlio import parse_bytes

REPO = Path(__file__).resolve().parent.parent
CASES = sorted(p.parent for p in (REPO / "tests" / "cases").glob("*/input.xml"))
DIARY_GOOD = REPO / "tests" / "data" / "validate" / "diary-good.xml"


@pytest.fixture(scope="session")
def transformer() -> Transformer:
    return Transformer()


def text_of(transformer: Transformer, source, **params) -> str:
    """The plain text of a path or of TEI given as a string."""
    if isinstance(source, str):
        source = parse_bytes(source.encode("utf-8"), "snippet.xml")
    files = transformer.render(source, "text", {k.replace("_", "-"): v for k, v in params.items()})
    (data,) = files.values()
    return data.decode("utf-8")


def tei(body: str) -> str:
    return ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
            '</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>'
            f'</fileDesc></teiHeader><text><body>{body}</body></text></TEI>')


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden_text(case: Path, transformer, update_golden):
    """Each tests/cases/<name>/input.xml gives exactly expected.txt (pytest --update-golden rewrites)."""
    actual = text_of(transformer, case / "input.xml")
    expected = case / "expected.txt"
    if update_golden:
        expected.write_text(actual, encoding="utf-8", newline="\n")
    assert expected.is_file(), f"{expected} is missing: run pytest --update-golden and review it"
    assert actual == expected.read_text(encoding="utf-8")


def test_utf8_lf_and_final_newline(transformer):
    raw = transformer.render(DIARY_GOOD, "text")["diary-good.txt"]
    assert b"\r" not in raw
    text = raw.decode("utf-8")  # raises if not UTF-8
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert "Émancipée" in text or "Emancipée" in text


def test_reading_text_applies_corrections_and_expansions(transformer):
    text = text_of(transformer, DIARY_GOOD)
    assert "You miserable bastard!" in text and "miserabel" not in text
    # the letters the editor supplied are marked, as editions print an expansion
    assert "Fr(ench) Ecole Emancipée" in text and "Fr. Ecole" not in text


def test_diplomatic_text_shows_the_source_readings(transformer):
    text = text_of(transformer, DIARY_GOOD, reading="diplomatic")
    assert "You miserabel bastard!" in text and "miserable" not in text
    assert "Fr. Ecole Emancipée" in text


def test_structure_paragraphs_and_headings(transformer):
    text = text_of(transformer, DIARY_GOOD)
    blocks = text.split("\n\n")
    # Title page first, headings on their own, then the entry's paragraphs.
    assert blocks[0] == "Victor Serge"
    heading = blocks.index("Reiss, Krivitsky, Bastich, Others")
    assert blocks[heading + 1] == "Dec. 1937."
    assert blocks[heading + 2] == "Have lived for a month in a stifling atmosphere."
    assert "* * *" in blocks


def test_note_markers_in_place_and_endnotes_after_the_body(transformer):
    source = tei('<p>One<note n="7">First <hi>note</hi>.</note> two<note>Auto.</note> three.</p>'
                 '<p>Four<note n="8"><p>Para one.</p><p>Para two<note n="9">Inner.</note>.</p></note>.</p>')
    text = text_of(transformer, source)
    assert "One[7] two[2] three." in text
    lines = text.rstrip("\n").split("\n\n")
    assert lines[-4:] == ["7. First note.", "2. Auto.", "8. Para one. Para two[9].", "9. Inner."]


@pytest.mark.parametrize("note", ["First line<lb/>second  line<lb/> third.", "<lb/>First line<lb/>second line third.<lb/>",
                                  "First <hi>line</hi><lb/>second line <hi rend=\"block\">third.</hi>"])
def test_a_note_with_line_breaks_is_listed_on_one_line(transformer, note):
    """The running text keeps a line break (lb) where it stands; the list of notes writes each note
    on a line of its own, its breaks as single spaces, whatever the white space around them."""
    text = text_of(transformer, tei(f'<p>A<lb/>B<note n="1">{note}</note> here.</p>'))
    assert text.endswith("A\nB[1] here.\n\n1. First line second line third.\n")


def test_a_corpus_is_laid_out_member_by_member_as_one_text(transformer):
    """Each member is rendered and written before the next (xslt/text/text.xsl, ed:text-corpus); the
    text is the corpus's as one: running text between members (invalid TEI, kept) joins as the
    layout groups it, lines stay lines across a member's end, the notes come after the last."""
    header = ('<teiHeader><fileDesc><titleStmt><title>{}</title></titleStmt><publicationStmt><p>x</p>'
              "</publicationStmt><sourceDesc><p>x</p></sourceDesc></fileDesc></teiHeader>")
    member = "<TEI>" + header + "<text><body><p>{} letter<note>Note {}.</note>.</p></body></text></TEI>"
    corpus = ('<teiCorpus xmlns="http://www.tei-c.org/ns/1.0">' + header.format("Letters")
              + member.format("One", "First", "one") + "<hi>Loose</hi><hi>between</hi>"
              + member.format("Two", "Second", "two") + "<l>Line one</l><l>Line two</l><hi>At the end</hi></teiCorpus>")
    assert text_of(transformer, corpus) == (
        "Letters\n\nOne\n\nFirst letter[1].\n\nLoosebetween\n\nTwo\n\nSecond letter[2].\n\n"
        "Line one\nLine two\n\nAt the end\n\n1. Note one.\n\n2. Note two.\n")


def test_back_matter_follows_the_notes(transformer):
    source = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>T</title>'
              '</titleStmt><publicationStmt><p>x</p></publicationStmt><sourceDesc><p>x</p></sourceDesc>'
              '</fileDesc></teiHeader><text><body><p>Body<note n="1">N.</note>.</p></body>'
              '<back><p>Last updated on 1 May 2000</p></back></text></TEI>')
    assert text_of(transformer, source).endswith("Body[1].\n\n1. N.\n\nLast updated on 1 May 2000\n")


def test_title_block_from_the_header_without_a_title_page(transformer):
    text = text_of(transformer, tei("<p>Text.</p>"))
    assert text.startswith("T\n\nText.")


LONG = " ".join(["word"] * 40) + " " + "x" * 60 + " end"


def test_unwrapped_by_default(transformer):
    text = text_of(transformer, tei(f"<p>{LONG}</p>"))
    assert LONG in text.splitlines()


@pytest.mark.parametrize("width", [30, 72])
def test_wrapped_at_width(transformer, width):
    text = text_of(transformer, tei(f"<p>{LONG}</p><list><item>{LONG}</item></list>"), wrap=str(width))
    lines = text.splitlines()
    for line in lines:
        assert len(line) <= width or "x" * 60 in line, line
    # Wrapping only moves line breaks: the words are all there, in order.
    assert re.sub(r"\s+", " ", text).count(LONG) == 2
    item_lines = lines[lines.index(next(l for l in lines if l.startswith("• "))):]
    assert all(line.startswith("  ") for line in item_lines[1:] if line), "continuations hang under the item"


def test_lists_tables_and_verse_lines(transformer):
    text = text_of(transformer, tei(
        '<list type="ordered"><item>one</item><item>two</item></list>'
        '<table><row><cell>a</cell><cell>b</cell></row><row><cell>c</cell><cell>d</cell></row></table>'
        '<lg><l>First line</l><l>Second line</l></lg>'))
    assert "1. one\n\n2. two" in text
    assert "a | b\nc | d" in text
    assert "First line\nSecond line" in text


def test_diplomatic_text_reproduces_the_diary_source(transformer, repo_dir):
    """The diary TEI, read diplomatically, is the plain-text source again (whitespace aside)."""
    tei_file = repo_dir / "tei" / "serge-diary-ii.xml"
    source = repo_dir / "tei" / "source" / "serge-diary-ii.txt"
    if not tei_file.is_file():
        pytest.skip(f"{tei_file} has not been converted yet (edition convert {source})")
    text = text_of(transformer, tei_file, reading="diplomatic")
    squeeze = lambda s: re.sub(r"\s+", "", s)  # noqa: E731
    expected = squeeze(source.read_text(encoding="utf-8"))
    actual = squeeze(text)
    if actual != expected:
        at = next(i for i, (a, b) in enumerate(zip(actual + "\0", expected + "\0")) if a != b)
        pytest.fail(f"differs at {at}: text {actual[at - 40:at + 40]!r} vs source {expected[at - 40:at + 40]!r}")
    # The reading text differs exactly where the editor corrected or expanded.
    assert text_of(transformer, tei_file) != text


EXPANSIONS = tei(
    "<p>With <choice><abbr>Dzer.</abbr><expan>Dzerzhinsky</expan></choice>, "
    "<choice><abbr>Boul.</abbr><expan cert=\"low\">Boulevard</expan></choice>, "
    "the <choice><abbr>CP</abbr><expan>Communist Party</expan></choice> and "
    "<choice><abbr>Imp.</abbr><expan>Imp<ex>eratori</ex></expan></choice>.</p>")


def test_an_expansion_shows_the_letters_the_editor_supplied(transformer):
    """Plain text cannot show the abbreviation in place, so the supplied letters are marked as
    EpiDoc's ex marks them: "Dzer." expanded reads "Dzer(zhinsky)", "?" when doubtful. An expansion
    that does not begin with its abbreviation is printed whole; one encoded with ex keeps its own
    signs, never doubled."""
    text = text_of(transformer, EXPANSIONS)
    assert "With Dzer(zhinsky), Boul(evard?), the Communist Party and Imp(eratori)." in text
    diplomatic = text_of(transformer, EXPANSIONS, reading="diplomatic")
    assert "With Dzer., Boul., the CP and Imp.." in diplomatic


#: Standoff apps pointing to elements whose last text is no word of the running text (a note, the
#: side of a choice the reading does not show), to one element inside another, to elements with no
#: word at all.
STANDOFF_CALLS = tei(
    '<p xml:id="p">Start <seg xml:id="s1">one <w xml:id="w1">two</w> three<note>a note</note></seg>'
    ' <seg xml:id="s2">four <choice><sic>fiev</sic><corr>five</corr></choice></seg>'
    ' <anchor xml:id="a1"/>six <w xml:id="blank"> </w> end</p>'
    '<listApp><app from="#w1"><rdg>2</rdg></app><app from="#s1"><rdg>1-3</rdg></app>'
    '<app from="#s2"><rdg>4-5</rdg></app><app from="#a1"><rdg>x</rdg></app>'
    '<app from="#blank"><rdg>y</rdg></app><app from="#p"><rdg>all</rdg></app></listApp>')


def test_a_standoff_app_is_called_after_the_last_word_it_points_to(transformer):
    """The call of a standoff app follows the last word of what it points to, not a note nor the
    side of a choice the reading does not show; after the calls of an element inside it; after an
    element with no word at all. Entries are lettered in the order of their calls."""
    text = text_of(transformer, STANDOFF_CALLS)
    assert "Start one two[a] three[b][1] four five[c] [d]six [e] end[f]\n" in text
    assert "a. two] 2\n" in text and "b. one two three] 1-3\n" in text and "f. Start … end] all\n" in text
    diplomatic = text_of(transformer, STANDOFF_CALLS, reading="diplomatic")
    assert "four fiev[c] [d]six" in diplomatic


@pytest.mark.parametrize("body, called, listed", [
    # An app nested in a lemma is called after its own lemma, before the app holding it.
    ('<p>A <app><lem>big <app><lem>red</lem><rdg>rd</rdg></app> dog</lem><rdg>cat</rdg></app> ran.</p>',
     "A big red[a] dog[b] ran.", ["a. red] rd", "b. big red dog] cat"]),
    # A standoff app whose last word is an inline app's lemma is called before that app.
    ('<p>A <seg xml:id="s">six <app><lem>seven</lem><rdg>sevn</rdg></app></seg> end</p>'
     '<listApp><app from="#s"><rdg>x</rdg></app></listApp>',
     "A six seven[a][b] end", ["a. six seven] x", "b. seven] sevn"]),
    # An element's last word comes before the call of an element with no words inside it.
    ('<p xml:id="p">six <w xml:id="b"> </w></p><listApp><app from="#b"><rdg>y</rdg></app>'
     '<app from="#p"><rdg>z</rdg></app></listApp>',
     "six [a] [b]", ["a. six] z", "b. om.] y"]),
    # A standoff app pointing into a note reads the note's words (a note inside it left out).
    ('<p>A<note>see <anchor xml:id="s"/>the text<note>inner</note> here<anchor xml:id="e"/> too</note> end.</p>'
     '<listApp><app from="#s" to="#e"><rdg>x</rdg></app></listApp>',
     "1. see the text[2] here[a] too", ["a. the text here] x"]),
    # Elements ending with the same word: the innermost's calls first.
    ('<p xml:id="p">one <seg xml:id="s">two <w xml:id="w">three</w></seg></p><listApp>'
     '<app from="#p"><rdg>P</rdg></app><app from="#s"><rdg>S</rdg></app><app from="#w"><rdg>W</rdg></app></listApp>',
     "one two three[a][b][c]", ["a. three] W", "b. two three] S", "c. one two three] P"]),
])
def test_apparatus_entries_are_lettered_in_the_order_of_their_calls(transformer, body, called, listed):
    text = text_of(transformer, tei(body))
    assert f"\n{called}\n" in text
    entries = text.split("\nApparatus\n\n")[1].rstrip("\n").split("\n\n")
    assert entries == listed


def _letters(count: int) -> list[str]:
    """a, b, ... z, aa, ab ...: the labels of the first ``count`` entries."""
    labels = []
    for number in range(1, count + 1):
        label = ""
        while number:
            number, rest = divmod(number - 1, 26)
            label = chr(ord("a") + rest) + label
        labels.append(label)
    return labels


#: Running text mixing words, notes, segments (some pointed to by standoff apps), words with no text
#: (pointed to as well) and inline apps, nested in one another.
_APPARATUS_TEXT = st.recursive(
    st.sampled_from(["w", "note", "blank"]),
    lambda inner: st.tuples(st.sampled_from(["seg", "app"]), st.lists(inner, min_size=1, max_size=3)),
    max_leaves=12)


def _apparatus_xml(node, ids: list[str]) -> str:
    if node == "w":
        return " word "
    if node == "note":
        return "<note>n</note>"
    if node == "blank":
        ids.append(f"x{len(ids)}")
        return f'<w xml:id="{ids[-1]}"> </w>'
    kind, children = node
    inner = "".join(_apparatus_xml(child, ids) for child in children)
    if kind == "app":
        return f"<app><lem>{inner}</lem><rdg>r</rdg></app>"
    ids.append(f"x{len(ids)}")
    return f'<seg xml:id="{ids[-1]}">{inner}</seg>'


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_APPARATUS_TEXT, min_size=1, max_size=4), pointed=st.data())
def test_apparatus_calls_stand_in_the_order_of_their_letters(transformer, text, pointed):
    """However inline apps, standoff apps, words and elements without words nest, the calls in the
    running text read a, b, c ... and every entry is called once."""
    ids: list[str] = []
    body = "".join(_apparatus_xml(node, ids) for node in text)
    targets = pointed.draw(st.lists(st.sampled_from(ids), max_size=6) if ids else st.just([]))
    standoff = "".join(f'<app from="#{target}"><rdg>s</rdg></app>' for target in targets)
    inline = body.count("<app>")
    source = tei(f"<p>{body}.</p>" + (f"<listApp>{standoff}</listApp>" if standoff else ""))
    running = text_of(transformer, source).split("\n\n")[1]
    assert re.findall(r"\[([a-z]+)\]", running) == _letters(inline + len(targets)), source


@pytest.mark.parametrize("geo, shown", [
    ("56.07559 12.53995", "coordinates 56.07559, 12.53995"),
    ("56.07559,12.53995", "coordinates 56.07559, 12.53995"),
    ("  -33.9 ,\n 151.2 ", "coordinates -33.9, 151.2"),
    ("+.5 7.", "coordinates +.5, 7."),
    # Not two decimal numbers: the text as it is (whitespace normalised).
    ("52,5225 13,376389", "coordinates 52,5225 13,376389"),
    (",1 2", "coordinates ,1 2"),
    ("1 2,", "coordinates 1 2,"),
    ("1 2 3", "coordinates 1 2 3"),
    ("12.5", "coordinates 12.5"),
    ("1 x", "coordinates 1 x"),
    ("x 1", "coordinates x 1"),
    ("48.2N 16.3E", "coordinates 48.2N 16.3E"),
    ("1e5 2", "coordinates 1e5 2"),
])
def test_coordinates_read_as_latitude_and_longitude(transformer, geo, shown):
    text = text_of(transformer, tei(f"<listPlace><place><placeName>P</placeName> <location><geo>{geo}</geo>"
                                    "</location></place></listPlace>"))
    assert f"• P {shown}\n" in text


def test_the_texts_own_line_separators_are_spaces_not_line_breaks(transformer):
    """U+2028 stands for the markup's line breaks (lb, ed:br) inside the layout: one in the TEI's own
    text is a space, in a plain run of text, in one with markup and in a note."""
    text = text_of(transformer, tei(
        "<p>plain\u2028run</p><p>marked <hi>up\u2028run</hi> here<lb/>broken</p>"
        "<p>noted<note>note\u2028text</note></p>"))
    assert "\u2028" not in text
    assert "plain run" in text
    assert "marked up run here\nbroken" in text
    assert "1. note text" in text


#: Pieces of a paragraph: runs of text (spaces, line feeds, tabs, the TEI's own U+2028 among letters),
#: line breaks and notes.
_PIECES = st.lists(st.one_of(
    st.text(alphabet=" \n\tab\u2028", max_size=6).map(lambda text: ("text", text)),
    st.just(("lb", "")), st.just(("note", ""))), max_size=10)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pieces=_PIECES)
@example(pieces=[("text", "a "), ("lb", ""), ("lb", ""), ("text", " b\u2028c"), ("note", ""), ("lb", "")])
def test_a_paragraph_with_line_breaks_is_its_lines_each_collapsed(transformer, pieces):
    """A paragraph broken by lb is one line per run between the breaks: each run's whitespace
    collapsed (its own U+2028 a space), note markers in place, empty lines dropped."""
    body, lines, line, notes = [], [], [], 0
    for kind, text in pieces:
        if kind == "text":
            body.append(text)
            line.append(text.replace("\u2028", " "))
        elif kind == "lb":
            body.append("<lb/>")
            lines.append("".join(line))
            line = []
        else:
            notes += 1
            body.append("<note>n</note>")
            line.append(f"[{notes}]")
    lines.append("".join(line))
    # The alphabet's whitespace is XML's (space, tab, line feed), which str.split() also splits at.
    paragraph = "\n".join(" ".join(text.split()) for text in lines if text.split())
    expected = "T" + ("\n\n" + paragraph if paragraph else "") + "".join(
        f"\n\n{n}. n" for n in range(1, notes + 1)) + "\n"
    assert text_of(transformer, tei(f"<p>{''.join(body)}</p>")) == expected


#: Lists as the layout meets them: items with or without a label, their text (white space alone
#: too) and lists nested anywhere in them, bulleted or numbered.
_TEXTS = st.text(alphabet="ab \n", max_size=5)
_LISTS = st.recursive(
    st.builds(lambda ordered: (ordered, []), st.booleans()),
    lambda lists: st.builds(lambda ordered, items: (ordered, items), st.booleans(), st.lists(
        st.tuples(st.one_of(st.none(), _TEXTS), st.lists(st.one_of(_TEXTS, lists), max_size=3)),
        max_size=3)),
    max_leaves=8)


def _list_markup(tree) -> str:
    ordered, items = tree
    parts = []
    for label, content in items:
        if label is not None:
            parts.append(f"<label>{label}</label>")
        parts.append("<item>" + "".join(
            piece if isinstance(piece, str) else _list_markup(piece) for piece in content) + "</item>")
    kind = ' type="ordered"' if ordered else ""
    return f"<list{kind}>{''.join(parts)}</list>"


def _list_paragraphs(tree) -> list[tuple[str, str]]:
    """(prefix, text) of each paragraph of a list, as the layout's rules make them: an item is led
    by its label, else its number or the bullet; an item split by a list inside it gives that
    prefix to its first piece, unless the piece has a prefix of its own; an item without text
    keeps its prefix alone."""
    ordered, items = tree
    made = []
    for number, (label, content) in enumerate(items, start=1):
        label_text = " ".join(label.split()) if label is not None else ""
        prefix = label_text or (f"{number}." if ordered else "•")
        pieces, run = [], []
        for piece in content + [None]:
            if isinstance(piece, str):
                run.append(piece)
                continue
            text = " ".join("".join(run).split())
            if text:
                pieces.append(("", text))
            run = []
            if piece is not None:
                pieces.extend(_list_paragraphs(piece))
        if not pieces:
            pieces = [(prefix, "")]
        elif not pieces[0][0]:
            pieces[0] = (prefix, pieces[0][1])
        made.extend(pieces)
    return made


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=_LISTS)
@example(tree=(False, [(None, [(True, [("x", ["a"])]), "b"]), ("L", []), (None, [" "])]))
def test_list_items_are_led_by_their_label_number_or_bullet(transformer, tree):
    """Each paragraph of a list, nested lists too, is written with the prefix its item gives it."""
    written = [prefix + (" " if prefix and text else "") + text for prefix, text in _list_paragraphs(tree)]
    expected = "T" + "".join("\n\n" + paragraph for paragraph in written) + "\n"
    assert text_of(transformer, tei(_list_markup(tree))) == expected


def test_a_line_break_in_a_list_item_continues_under_its_text(transformer):
    """A line break inside an item starts a line indented under the item's text, past its bullet or
    number, whether or not anything else in the document breaks a line."""
    text = text_of(transformer, tei('<list><item>first line<lb/>second line</item><item>other</item></list>'
                                    '<list rend="numbered"><item>one<lb/>two</item></list>'))
    assert text == "T\n\n• first line\n  second line\n\n• other\n\n1. one\n   two\n"
    # Without any line break in the document, every paragraph is one line as it is.
    assert text_of(transformer, tei('<list><item>first line second line</item></list>')) == "T\n\n• first line second line\n"


def test_an_example_of_markup_keeps_its_lines_less_their_common_indentation(transformer):
    """An egXML example is its source: blank lines around it dropped, the indentation its lines
    share (tabs and spaces alike) taken away, white space ending a line too, the rest kept."""
    example = ('<egXML xmlns="http://www.tei-c.org/ns/Examples">\n\t\t<lg>  \n\t\t\t<l>One</l>\t \n\n'
               '\t\t  <l>Two</l>\n\t\t</lg>\n\t</egXML>')
    text = text_of(transformer, tei(f"<p>Before.</p>{example}<p>After.</p>"))
    source = "<lg>  \n\t<l>One</l>\n\n  <l>Two</l>\n</lg>"
    assert "Before.\n\n" + "\n".join("    " + line for line in source.split("\n")) + "\n\nAfter." in text, text
