"""Inline markup of one paragraph: quotations and speech, notes, dates, the editor's interventions."""
from __future__ import annotations

from lxml import etree

from pipeline.convert.dates import DateContext
from pipeline.convert.editorial import parse_editorial
from pipeline.convert.inline import InlineEncoder, Span, correct_text, corrected_reading, quotation_spans, rule_occurrences
from pipeline.convert.structure import Block, Note, Piece
from pipeline.xmlio import TEI_NS

T = f"{{{TEI_NS}}}"


def piece(text: str, line: int = 1) -> Piece:
    return Piece(Block(text, line), 0, len(text))


def encode(text: str, rules_toml: str = "", notes: dict[str, str] | None = None,
           context: DateContext = DateContext(1937, 9)):
    rules = parse_editorial(rules_toml).rules
    note_map = {n: Note(n, piece(body, 99)) for n, body in (notes or {}).items()}
    encoder = InlineEncoder(rules, note_map, "t.txt")
    p = etree.Element(T + "p", nsmap={None: TEI_NS})
    encoder.encode(p, piece(text), context)
    xml = etree.tostring(p, encoding="unicode").replace(f' xmlns="{TEI_NS}"', "")
    return xml, encoder


def kinds(text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start:s.end]) for s in quotation_spans(text, lambda *a: None)]


def test_speech_and_quotation():
    assert kinds("He said: “Go.”") == [("said", "“Go.”")]
    assert kinds("“It’s strange,” said S., “Ludwig is late.”") == [("said", "“It’s strange,”"),
                                                                  ("said", "“Ludwig is late.”")]
    assert kinds("the “Ludwig warning.” was published") == [("q", "“Ludwig warning.”")]
    assert kinds("“I am not going over to the Opposition.”") == [("said", "“I am not going over to the Opposition.”")]
    assert kinds("“Ludwig” [Ignace Reiss] has been stunned") == [("q", "“Ludwig”")]


def test_nested_quotations_and_apostrophes():
    text = "Dzer. said: “Our men are ‘part saint’ and don’t rest. Radek asked: ‘And you?’ He left.”"
    found = kinds(text)
    assert ("said", text[text.index("“"):]) in found
    assert ("q", "‘part saint’") in found and ("said", "‘And you?’") in found
    assert kinds("O’Callaghan’s ’23 Marxists’ view") == []


def test_unbalanced_marks_are_warned_and_kept():
    xml, encoder = encode("“If you kill me it will create a scandal. Moreover, I am Italian.")
    assert xml == "<p>“If you kill me it will create a scandal. Moreover, I am Italian.</p>"
    assert [(w.line, w.column, w.rule) for w in encoder.warnings] == [(1, 1, "quote-unbalanced")]
    _, encoder = encode("Stray ” here")
    assert [(w.column, w.rule) for w in encoder.warnings] == [(7, "quote-unbalanced")]


def test_notes_take_the_place_of_their_markers():
    xml, encoder = encode("At the Ecole [1] in Paris [2].", notes={"1": "A school."})
    assert xml == ('<p>At the Ecole<note n="1" place="foot" resp="#print-editors" xml:id="n1">A school.</note>'
                   ' in Paris [2].</p>')
    assert encoder.used_notes == {"1"}
    assert [(w.column, w.rule) for w in encoder.warnings] == [(27, "note-unmatched")]


def test_interventions():
    rules = """
[[correction]]
sic = "rigth"
corr = "right"
[[abbreviation]]
abbr = "Boul."
expan = "Boulevard"
[[foreign]]
text = "La Flèche"
lang = "fr"
"""
    xml, encoder = encode("He was rigth: Boul. Raspail, where La Flèche is sold.", rules)
    assert xml == ('<p>He was <choice><sic>rigth</sic><corr resp="#editor">right</corr></choice>: '
                   '<choice><abbr>Boul.</abbr><expan>Boulevard</expan></choice> Raspail, where '
                   '<foreign xml:lang="fr">La Flèche</foreign> is sold.</p>')
    assert encoder.used_rules == {0, 1, 2} and encoder.languages_used == {"fr"}


def test_rules_match_whole_words_or_their_context():
    rule = parse_editorial('[[abbreviation]]\nabbr = "Ger."\nexpan = "German"\n').rules[0]
    assert rule_occurrences("Gerard and Ger. troops", rule) == [(11, 15)]
    rule = parse_editorial('[[abbreviation]]\nabbr = "M."\nexpan = "Moscow"\ncontext = "to M.,"\n').rules[0]
    assert rule_occurrences("M. said: back to M., then", rule) == [(17, 19)]


def test_dates_are_read_from_the_corrected_text():
    rules = '[[correction]]\nsic = "1988"\ncorr = "1938"\ncontext = "December, 1988"\n'
    xml, _ = encode("December, 1988. We met.", rules)
    assert xml.startswith('<p><date when="1938-12">December, <choice><sic>1988</sic>')
    assert correct_text("December, 1988.", parse_editorial(rules).rules) == "December, 1938."


def test_the_editors_date_wins_over_the_automatic_one():
    rules = ('[[date]]\ntext = "April 20th"\ncontext = "around April 20th"\nwhen = "1936-04-20"\n'
             'cert = "medium"\n')
    xml, _ = encode("therefore around April 20th, I was", rules)
    assert '<date when="1936-04-20" cert="medium">April 20th</date>' in xml


def test_crossing_interventions_are_reported_not_applied():
    rules = '[[foreign]]\ntext = "said: “Go"\nlang = "fr"\n'
    xml, encoder = encode("He said: “Go home.”", rules)
    assert "foreign" not in xml
    assert [w.rule for w in encoder.warnings] == ["editorial-overlap"]


def test_bracketed_insertions_are_supplied_by_the_print_editors():
    # issue 14: "[Ignace Reiss]", "[political police]" were plain text
    xml, encoder = encode("“Ludwig” [Ignace Reiss] and the Siguranza [political police] [sic] [1] [?].")
    assert xml == ('<p><q>“Ludwig”</q> <supplied resp="#print-editors">Ignace Reiss</supplied> and the Siguranza '
                   '<supplied resp="#print-editors">political police</supplied> [sic] [1] [?].</p>')
    assert encoder.supplied == 2


def test_a_quoted_word_is_quoted_or_mentioned_never_said():
    # issue 14: "as if he still belonged to it: “we.”" was speech
    xml, _ = encode("He spoke as if he belonged to it: “we.” The word “comrade” has lost its meaning; "
                    "what they called “the Trust” was a trap. He said: “We shall see.”")
    assert '<q>“we.”</q>' in xml
    assert "The word <mentioned>“comrade”</mentioned>" in xml
    assert "called <mentioned>“the Trust”</mentioned>" in xml
    assert '<said>“We shall see.”</said>' in xml


def test_the_corrected_reading_maps_each_of_its_characters_to_the_source():
    """Dates are read from the corrected reading and placed back on the source through its map:
    a character kept maps to itself, a replacement's characters to the whole corrected span."""
    rules = parse_editorial('[[correction]]\nsic = "1988"\ncorr = "1938"\n'
                            '[[correction]]\nsic = "Dcember"\ncorr = "December"\n').rules
    text = "On Dcember 3, 1988."
    spans = [Span(a, b, "choice", rule) for rule in rules for a, b in rule_occurrences(text, rule)]
    spans.append(Span(0, 2, "q", None))  # not a choice: no part of the reading
    reading, starts, ends = corrected_reading(text, spans)
    assert reading == "On December 3, 1938."
    assert len(starts) == len(ends) == len(reading)
    assert starts[:3] == [0, 1, 2] and ends[:3] == [1, 2, 3]
    assert set(starts[3:11]) == {3} and set(ends[3:11]) == {10}  # "December" <- "Dcember" (3..10)
    assert starts[11:15] == [10, 11, 12, 13] and ends[11:15] == [11, 12, 13, 14]
    assert set(starts[15:19]) == {14} and set(ends[15:19]) == {18}
    assert (starts[19], ends[19]) == (18, 19)
    assert corrected_reading(text, []) == (text, list(range(len(text))), list(range(1, len(text) + 1)))
