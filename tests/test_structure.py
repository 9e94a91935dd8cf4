"""Recognising the parts of a diary-shaped transcription from its plain text."""
from __future__ import annotations

from pipeline.convert.structure import Block, is_heading_like, parse_structure, split_blocks

TEXT = """\
Jan Novak

A Column Title

Letters from Prague


From The Quarterly, Vol. 1 No. 4, Winter 1948, pp. 3–8.
Proofread by Eva Dvorak.

This is an introduction by the editors. – Ed.

First Part

Dec. 1947.

One paragraph.

* * *

2nd of January. Another entry whose date opens the paragraph.

Not A Heading Because It Is Followed By Text.

Second Part

March 3, 1948: The last entry [1].

Jan Novak


1. The only note.

Last updated on 1 May 2001
"""


def test_blocks_keep_their_lines_and_columns():
    blocks = split_blocks("a\n\n  b\nc  \n\n\nd")
    assert blocks == [Block("a", 1), Block("  b\nc", 3), Block("d", 7)]
    assert blocks[1].position(4) == (4, 1)


def test_front_matter():
    doc = parse_structure(TEXT)
    assert [p.text for p in doc.title_lines] == ["Jan Novak", "A Column Title", "Letters from Prague"]
    assert doc.source_line.text.startswith("From The Quarterly")
    assert [p.text for p in doc.credits] == ["Proofread by Eva Dvorak."]
    assert [p.text for p in doc.intro] == ["This is an introduction by the editors. – Ed."]


def test_sections_entries_and_tail():
    doc = parse_structure(TEXT)
    assert [s.head.text for s in doc.sections] == ["First Part", "Second Part"]
    first = doc.sections[0]
    assert [e.head.text for e in first.entries] == ["Dec. 1947.", "2nd of January."]
    assert [e.date.value.attributes() for e in first.entries] == [{"when": "1947-12"}, {"when": "1947-01-02"}]
    assert [kind for kind, _ in first.entries[0].items] == ["p", "separator"]
    second_entry = [piece.text for _, piece in first.entries[1].items]
    assert second_entry == ["Another entry whose date opens the paragraph.",
                            "Not A Heading Because It Is Followed By Text."]
    line = TEXT.split("\n").index("2nd of January. Another entry whose date opens the paragraph.") + 1
    assert first.entries[1].items[0][1].position(0) == (line, 17)
    assert doc.signature.text == "Jan Novak"
    line = TEXT.split("\n").index("1. The only note.") + 1
    assert [(n.n, n.body.text, n.body.position(0)) for n in doc.notes] == [("1", "The only note.", (line, 4))]
    assert doc.last_updated.text == "Last updated on 1 May 2001"


def test_heading_date_can_be_read_corrected():
    doc = parse_structure("Dec. 1987.\n\nText.\n", correct=lambda s: s.replace("1987", "1937"))
    entry = doc.sections[0].entries[0]
    assert entry.head.text == "Dec. 1987." and entry.date.value.when == "1937-12"


def test_heading_shape():
    assert is_heading_like("The Klement Affair, Krivitsky")
    assert is_heading_like("Brandler (Dzerzhinsky, Stalin, Semyonov).")
    assert not is_heading_like("Rossi, excited and discouraged, attacked me:")
    assert not is_heading_like("(How do I know?)")
    assert not is_heading_like("“I’m a political man, not a stoolpigeon.”")
    assert not is_heading_like("lower case start")


def test_a_heading_with_nothing_under_it_is_a_paragraph():
    doc = parse_structure("Dec. 1937.\n\nSome text.\n\nA short line\n")
    assert len(doc.sections) == 1 and doc.sections[0].head is None
    assert [p.text for _, p in doc.sections[0].entries[0].items] == ["Some text.", "A short line"]
