"""Property-based tests: random diaries into the converter, random TEI-like trees into every transform.

The converter must never fail on diary-shaped text, and its output must be schema-valid and keep
every word. Every transform must accept any TEI-like tree (odd nesting, odd attribute values, odd
characters) without an error, and keep its words. Example counts stay modest so the suite stays fast;
hypothesis remembers failing examples between runs.
"""
from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from teitools import TEI_NS, output_words, source_words, tei_document, words_kept

from pipeline.xmlio import parse_bytes

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                derandomize=False)

# --- random diaries --------------------------------------------------------------------------------

_LETTERS = st.characters(categories=("Lu", "Ll"), min_codepoint=65, max_codepoint=0x24F)
word = st.text(_LETTERS, min_size=1, max_size=9)
_ODD = st.sampled_from(["&", "<b>", "a<b", "x>y", "5%", "#3", "“quoted”", "‘single’", "O’Brien", "–", "...",
                        "(aside)", "L.T.", "Dzer.", "1937", "3rd", "[sic]", "é", "naïve", "Москва", "東京"])
token = st.one_of(word, word, word, _ODD, st.integers(0, 3000).map(str))
sentence = st.lists(token, min_size=1, max_size=14).map(lambda words: " ".join(words) + ".")
_MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
entry_date = st.builds(lambda day, month: f"{day}{'st' if day in (1, 21, 31) else 'th'} {month}",
                       st.integers(1, 28), st.sampled_from(_MONTHS))
section_date = st.builds(lambda month, year: f"{month} {year}.", st.sampled_from(_MONTHS), st.integers(1900, 1950))


@st.composite
def diary(draw) -> tuple[str, int]:
    """A diary-shaped transcription and the number of notes it has."""
    author = " ".join(draw(st.lists(word, min_size=1, max_size=3)))
    title = " ".join(draw(st.lists(word, min_size=1, max_size=5)))
    lines = [author, "", draw(sentence).rstrip("."), "", f"The Diary of {title}", "", "",
             f"From The {draw(word)} Review, Vol. {draw(st.integers(1, 30))} No. {draw(st.integers(1, 12))}, "
             f"{draw(st.sampled_from(_MONTHS))} {draw(st.integers(1900, 1950))}, pp. 1–9.",
             f"Transcribed & marked up by {draw(word)} {draw(word)}.", ""]
    notes = 0
    for _ in range(draw(st.integers(1, 3))):
        lines += [" ".join(draw(st.lists(word, min_size=1, max_size=4))).title(), "", draw(section_date), ""]
        for _ in range(draw(st.integers(1, 4))):
            paragraph = " ".join(draw(st.lists(sentence, min_size=1, max_size=4)))
            if draw(st.booleans()):
                paragraph = f"{draw(entry_date)}. {paragraph}"
            if draw(st.integers(0, 3)) == 0:
                notes += 1
                paragraph += f" [{notes}]"
            if draw(st.integers(0, 4)) == 0:
                paragraph = f"“{paragraph}” said {draw(word)}."
            lines += [paragraph, ""]
            if draw(st.integers(0, 6)) == 0:
                lines += ["* * *", ""]
    lines += [author, "", ""]
    lines += [f"{n}. {draw(sentence)}" for n in range(1, notes + 1)]
    return "\n".join(lines) + "\n", notes


def _words_without_note_anchors(text: str) -> Counter:
    # "[3]" anchors become the n of a note, not words of the text.
    return output_words(re.sub(r"\[\d+\]", " ", text))


@pytest.fixture(scope="module")
def validator():
    from pipeline.validate.validator import validate_files

    return validate_files


@FUZZ
@given(diary())
def test_random_diaries_convert_to_valid_lossless_tei(validator, case):
    from pipeline.convert.converter import convert_file

    text, _ = case
    with tempfile.TemporaryDirectory(prefix="fuzz-diary-") as tmp:
        source = Path(tmp) / "diary.txt"
        source.write_text(text, encoding="utf-8")
        result = convert_file(source, Path(tmp) / "diary.xml")
        assert result.written
        tree = parse_bytes(result.output.read_bytes(), result.output)
        report = validator([result.output])
        assert report.ok, "\n".join(problem.format() for problem in report.problems) + "\n---\n" + text
    expected = _words_without_note_anchors(text)
    found = output_words(" ".join(tree.getroot().itertext()))
    missing = expected - found
    # Every letter word is kept; a number may move into an attribute (a page range, a date).
    assert not [w for w in missing if not w.isdigit()], (missing, text)
    assert sum(missing.values()) <= max(1, sum(expected.values()) // 200), (missing, text)


# --- random TEI-like trees -------------------------------------------------------------------------

# XML 1.0 allows no C0 controls but tab/newline; surrogates cannot be encoded.
_TEXT_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff") | st.sampled_from(
    list("\n\t <>&\"'") + ["\u202e", "\u0301", "\U0001F600", "\u00a0"])
text = st.text(_TEXT_CHARS, max_size=24)
URLS = ["#a", "#missing", "page.html", "https://example.org/x", "javascript:alert(1)", "data:text/html,x",
        "", " ", "a b", "#", "http://", "../../x", "mailto:x@example.org", "\u00e9t\u00e9.png"]
ATTRIBUTES = {
    "rend": st.sampled_from(["italic", "bold", "sup", "smallcaps", "color:red", "x y z", "", "<>&\""]),
    "rendition": st.sampled_from(["#r1", "italic", "simple:bold", "#r1 #r2", "", "#"]),
    "n": text,
    "when": st.sampled_from(["1937-12", "1937-12-01", "1937", "2023-13-45", "foo", "", "-0044-03-15",
                             "1937-02-30", "12:00:00"]),
    "target": st.sampled_from(URLS),
    "ref": st.sampled_from(URLS),
    "xml:id": st.sampled_from(["a", "b", "dup", "x-1", "_y", "p1"]),
    "xml:lang": st.sampled_from(["en", "fr", "de-AT", "", "x-none", "grc", "ar"]),
    "type": st.sampled_from(["entry", "section", "letter", "", "odd type"]),
    "place": st.sampled_from(["foot", "end", "margin", "inline", ""]),
    "unit": st.sampled_from(["section", "page", "", "x"]),
}
attributes = st.dictionaries(st.sampled_from(sorted(ATTRIBUTES)), st.just(None), max_size=3).flatmap(
    lambda chosen: st.fixed_dictionaries({name: ATTRIBUTES[name] for name in chosen}))

INLINE = ["hi", "emph", "foreign", "persName", "placeName", "orgName", "date", "q", "said", "ref", "add", "del",
          "unclear", "supplied", "seg", "term", "title", "name", "rs", "num", "abbr", "expan", "sic", "corr",
          "note", "quote", "mentioned", "soCalled", "w", "c"]
EMPTY = ["lb", "pb", "cb", "milestone", "gap", "ptr", "anchor"]
CHOICES = [("sic", "corr"), ("abbr", "expan"), ("orig", "reg")]


def _mixed(depth: int):
    """Mixed content: text and inline elements, nested up to ``depth``."""
    leaf = st.one_of(text.map(lambda t: ("#text", t)), st.sampled_from(EMPTY).map(lambda tag: (tag, {}, [])))
    if depth == 0:
        return st.lists(leaf, max_size=4)
    inline = st.tuples(st.sampled_from(INLINE), attributes, st.deferred(lambda: _mixed(depth - 1)))
    choice = st.sampled_from(CHOICES).flatmap(lambda pair: st.tuples(
        st.just("choice"), st.just({}),
        st.tuples(*(st.tuples(st.just(tag), st.just({}), _mixed(0)) for tag in pair)).map(list)))
    return st.lists(st.one_of(leaf, leaf, inline, choice), max_size=5)


def _container(tag: str, child_tag: str, depth: int):
    return st.tuples(st.just(tag), attributes,
                     st.lists(st.tuples(st.just(child_tag), attributes, _mixed(depth)), min_size=1, max_size=3))


def _blocks(depth: int):
    simple = st.one_of(
        st.tuples(st.sampled_from(["p", "ab", "head", "quote", "note", "closer", "signed"]), attributes, _mixed(2)),
        _container("list", "item", 1),
        _container("lg", "l", 1),
        st.tuples(st.just("table"), attributes, st.lists(_container("row", "cell", 1), min_size=1, max_size=2)),
        st.sampled_from(EMPTY).map(lambda tag: (tag, {}, [])),
    )
    if depth == 0:
        return st.lists(simple, min_size=1, max_size=3)
    nested = st.tuples(st.sampled_from(["div", "sp", "figure", "floatingText"]), attributes,
                       st.deferred(lambda: _blocks(depth - 1)))
    return st.lists(st.one_of(simple, simple, nested), min_size=1, max_size=4)


def _build(parent: etree._Element, items) -> None:
    for item in items:
        if item[0] == "#text":
            if len(parent):
                parent[-1].tail = (parent[-1].tail or "") + item[1]
            else:
                parent.text = (parent.text or "") + item[1]
            continue
        tag, attrs, children = item
        element = etree.SubElement(parent, f"{{{TEI_NS}}}{tag}")
        for name, value in attrs.items():
            key = "{http://www.w3.org/XML/1998/namespace}" + name[4:] if name.startswith("xml:") else name
            element.set(key, value)
        _build(element, children)


def tree_of(blocks) -> etree._ElementTree:
    """A TEI document whose body holds ``blocks``, round-tripped through the safe parser."""
    root = etree.fromstring(tei_document('<p rendition="#r1">Fixed opening words.</p>').encode())
    body = root.find(f".//{{{TEI_NS}}}body")
    _build(body, blocks)
    return parse_bytes(etree.tostring(root, encoding="utf-8"), "fuzz.xml")


@pytest.fixture(scope="module")
def transformer():
    from pipeline.publish.transform import Transformer

    return Transformer()


def _main_output(outputs: dict[str, bytes], extension: str) -> tuple[str, bytes]:
    candidates = [(name, data) for name, data in outputs.items()
                  if name.endswith(extension) and "/" not in name]
    assert candidates, sorted(outputs)
    return max(candidates, key=lambda item: len(item[1]))


def _readable(name: str, data: bytes) -> str:
    from teitools import output_text

    with tempfile.TemporaryDirectory(prefix="fuzz-out-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(data)
        return output_text(path)


@FUZZ
@given(_blocks(3))
def test_random_tei_trees_transform_and_keep_their_text(transformer, blocks):
    tree = tree_of(blocks)
    text_element = tree.getroot().find(f"{{{TEI_NS}}}text")
    for target, extension in (("html", ".html"), ("text", ".txt"), ("fo", ".fo")):
        name, data = _main_output(transformer.render(tree, target, {}), extension)
        readable = _readable(name, data)
        if target == "fo":
            continue  # well-formed (parsed above); words are checked in the reading outputs
        kept = words_kept(source_words([text_element], one_reading=target == "text"), readable)
        assert kept.ratio >= 0.995, (target, kept.describe(), etree.tostring(tree)[:3000])
