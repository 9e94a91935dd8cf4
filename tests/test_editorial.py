"""editorial.toml: the editor's decisions as data, read strictly, with the line of every mistake."""
from __future__ import annotations

import pytest

from pipeline.convert.editorial import Editorial, load_editorial, parse_editorial
from pipeline.errors import EditionError

EXAMPLE = """\
[edition]
editor = "E. Ditor"

[languages]
fr = "French"

[documents.letters]
keywords = ["post"]

[[correction]]
sic = "teh"
corr = "the"
reason = "misprint"

[[correction]]
document = "letters"
sic = "Mr"
corr = "Mr."
context = "Dear Mr Smith"
cert = "medium"

[[abbreviation]]
abbr = "Ger."
expan = "German"

[[foreign]]
text = "en route"
lang = "fr"

[[date]]
text = "35"
context = "In 35 (I believe)"
when = "1935"
cert = "medium"
"""


def test_rules_are_read_in_order_with_their_lines():
    editorial = parse_editorial(EXAMPLE, "e.toml")
    kinds = [(rule.kind, rule.text, rule.line) for rule in editorial.rules]
    assert kinds == [("correction", "teh", 10), ("correction", "Mr", 15), ("abbreviation", "Ger.", 22),
                     ("foreign", "en route", 26), ("date", "35", 30)]
    assert editorial.rules[1].context == "Dear Mr Smith" and editorial.rules[1].cert == "medium"
    assert editorial.rules[4].date == (("when", "1935"),)
    assert editorial.edition["editor"] == "E. Ditor" and editorial.languages == {"fr": "French"}


def test_rules_can_be_limited_to_one_document():
    editorial = parse_editorial(EXAMPLE, "e.toml")
    assert len(editorial.for_document("letters")) == 5
    assert [rule.text for rule in editorial.for_document("diary")] == ["teh", "Ger.", "en route", "35"]
    assert editorial.document_info("letters") == {"keywords": ["post"]} and editorial.document_info("x") == {}


def test_an_absent_file_means_no_interventions(tmp_path):
    editorial = load_editorial(tmp_path / "editorial.toml")
    assert isinstance(editorial, Editorial) and editorial.rules == []
    assert load_editorial(None).rules == []


def test_the_project_file_is_valid(repo_dir):
    editorial = load_editorial(repo_dir / "tei" / "editorial.toml")
    corrections = [rule for rule in editorial.rules if rule.kind == "correction"]
    assert len(corrections) >= 20 and all(rule.reason for rule in corrections)
    assert {rule.lang for rule in editorial.rules if rule.kind == "foreign"} <= set(editorial.languages)


def test_mistakes_carry_their_line():
    with pytest.raises(EditionError) as syntax:
        parse_editorial('[[correction]]\nsic = "a"\ncorr = \n', "e.toml")
    assert (syntax.value.file, syntax.value.line, syntax.value.rule) == ("e.toml", 3, "editorial-format")
    with pytest.raises(EditionError) as missing:
        parse_editorial('[edition]\n\n[[abbreviation]]\nabbr = "Ger."\n', "e.toml")
    assert missing.value.line == 3 and "expan" in missing.value.message
    with pytest.raises(EditionError) as context:
        parse_editorial('[[foreign]]\ntext = "x"\nlang = "fr"\ncontext = "abc"\n', "e.toml")
    assert "does not contain" in context.value.message
    with pytest.raises(EditionError) as lang:
        parse_editorial('[[foreign]]\ntext = "x"\nlang = "not a tag"\n', "e.toml")
    assert "language tag" in lang.value.message
    with pytest.raises(EditionError) as cert:
        parse_editorial('[[correction]]\nsic = "x"\ncorr = "y"\ncert = "sure"\n', "e.toml")
    assert "cert" in cert.value.message
    with pytest.raises(EditionError) as date:
        parse_editorial('[[date]]\ntext = "x"\n', "e.toml")
    assert "when" in date.value.message
    with pytest.raises(EditionError):
        parse_editorial('correction = "not a table"\n', "e.toml")


def test_undecodable_file(tmp_path):
    path = tmp_path / "editorial.toml"
    path.write_bytes(b'[edition]\neditor = "\xff"\n')
    with pytest.raises(EditionError) as error:
        load_editorial(path)
    assert error.value.rule == "editorial-format"
