"""Dates in prose: finding them, normalising them, carrying year and month over from the entry."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.convert.dates import (DateContext, DateValue, expand_two_digit_year, find_dates, heading_date, iso,
                            month_number)

SEPT_1937 = DateContext(1937, 9)


def attrs(text: str, context: DateContext = SEPT_1937) -> list[tuple[str, dict[str, str]]]:
    return [(m.text, m.value.attributes()) for m in find_dates(text, context)]


@pytest.mark.parametrize("text, expected", [
    ("Dec. 1937.", ("Dec. 1937", {"when": "1937-12"}, 10)),
    ("1st of August. I gave a lecture", ("1st of August", {"when": "1937-08-01"}, 14)),
    ("August. Sneevliet has arranged", ("August", {"when": "1937-08"}, 7)),
    ("1st Sept. S. met me at the Rotonde", ("1st Sept.", {"when": "1937-09-01"}, 9)),
    ("The 15th of Sept., in a little hotel", ("The 15th of Sept.", {"when": "1937-09-15"}, 18)),
    ("Beginning of Nov. Someone telephoned",
     ("Beginning of Nov.", {"notBefore": "1937-11-01", "notAfter": "1937-11-10", "cert": "medium"}, 17)),
    ("February 20, 1938: In 35", ("February 20, 1938", {"when": "1938-02-20"}, 18)),
    ("July, 1938. When the trial", ("July, 1938", {"when": "1938-07"}, 11)),
    ("July 19, 1938. Saw Ciliga", ("July 19, 1938", {"when": "1938-07-19"}, 14)),
    ("End of Dec. 1937.", ("End of Dec. 1937", {"notBefore": "1937-12-21", "notAfter": "1937-12-31",
                                                 "cert": "medium"}, 17)),
])
def test_heading_dates(text, expected):
    found = heading_date(text, SEPT_1937)
    assert found is not None
    match, end = found
    assert (match.text, match.value.attributes(), end) == expected


@pytest.mark.parametrize("text", [
    "In July, Sneevliet informed me",       # a preposition: narrative, not a heading
    "On the 6th, nobody at the post office",
    "Have lived for a month",
    "August 1914 was the end of it",        # a date, but the sentence goes on: not a heading
    "’23 was a bad year.",
    "May I come in?",
])
def test_not_headings(text):
    assert heading_date(text, SEPT_1937) is None


@pytest.mark.parametrize("text, expected", [
    ("therefore around April 20th, I was", [("April 20th", {"when": "1937-04-20", "cert": "medium"})]),
    ("at Vienna in 23-25, militant", [("23-25", {"from": "1923", "to": "1925"})]),
    ("which I gave in ’27 (?) at", [("’27", {"when": "1927", "cert": "low"})]),
    ("in ’22 and ’23. The GPU", [("’22", {"when": "1922"}), ("’23", {"when": "1923"})]),
    ("in the repression (1925-26). Now", [("1925-26", {"from": "1925", "to": "1926"})]),
    ("from 1917–1921 it lasted", [("1917–1921", {"from": "1917", "to": "1921"})]),
    ("On the 6th, nobody", [("6th", {"when": "1937-09-06"})]),
    ("Meeting the 11th of Nov. at", [("11th of Nov.", {"when": "1937-11-11"})]),
    ("In July, Sneevliet", [("July", {"when": "1937-07"})]),
    ("January–February 1950, pp. 51–7.", [("January–February 1950", {"from": "1950-01", "to": "1950-02"})]),
    ("Last updated on 2 December 2018", [("2 December 2018", {"when": "2018-12-02"})]),
    ("in 1925, and", [("1925", {"when": "1925"})]),
])
def test_dates_in_text(text, expected):
    assert attrs(text) == expected


@pytest.mark.parametrize("text", [
    "A minority of 40 per cent remained firm",
    "kept only 1,000 pounds sterling",
    "had made around 100,000 lei",
    "in the 5th century",
    "May I go? You may.",
    "at ten o’clock",
    "don’t, O’Callaghan, Marxists’",
])
def test_no_false_dates(text):
    assert attrs(text) == []


def test_an_impossible_day_is_not_dated():
    # "31st of Feb." does not exist: only the month it names is kept
    assert attrs("the 31st of Feb.") == [("Feb.", {"when": "1937-02"})]


def test_year_and_month_carry_over_from_the_context():
    assert attrs("On the 5th", DateContext(1938, 7)) == [("5th", {"when": "1938-07-05"})]
    assert attrs("In July", DateContext(1950)) == [("July", {"when": "1950-07"})]
    # without any year the partial date keeps what it knows, in the XML Schema form TEI accepts
    assert attrs("1st Sept.", DateContext()) == [("1st Sept.", {"when": "--09-01"})]
    # a day alone needs at least the month of its entry
    assert attrs("On the 5th", DateContext()) == []


def test_two_digit_years_never_land_after_the_context():
    assert expand_two_digit_year("23", DateContext(1938)) == 1923
    assert expand_two_digit_year("45", DateContext(1938)) == 1845
    assert expand_two_digit_year("05", DateContext(2010)) == 2005
    assert expand_two_digit_year("23", DateContext()) == 1923


def test_helpers():
    assert month_number("Sept.") == 9 and month_number("december") == 12 and month_number("Foo") is None
    assert iso(1938, 2, 29) is None and iso(1936, 2, 29) == "1936-02-29"
    assert iso(None, 2, 29) == "--02-29" and iso(None, 13) is None and iso(1937) == "1937"
    value = DateValue(not_before="1937-11-01", not_after="1937-11-10", cert="medium")
    assert value.bounds() == ("1937-11-01", "1937-11-10") and value.year == 1937 and value.month == 11
    assert DateValue(when="--09-01").month == 9 and DateValue(when="--09-01").year is None


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet="0123456789 ’'‘-–.,:()?ofthe JanuaryFebDec.Sept.stndrdth", max_size=60),
       st.integers(min_value=1000, max_value=2099), st.integers(min_value=1, max_value=12))
def test_any_text_gives_well_formed_dates(text, year, month):
    for match in find_dates(text, DateContext(year, month)):
        assert text[match.start:match.end] == match.text
        for name, value in match.value.attributes().items():
            if name != "cert":
                assert value[:4].isdigit() or value.startswith("--")
        start, end = match.value.bounds()
        assert start <= end


def test_a_carried_year_before_the_entry_is_doubtful():
    december = DateContext(1937, 12, "1937-12")
    assert attrs("In July, we met", december) == [("July", {"when": "1937-07", "cert": "medium"})]
    # a written year, a date within the entry's month, a day of the entry's month: no doubt
    assert attrs("In July 1937", december) == [("July 1937", {"when": "1937-07"})]
    assert attrs("December 3", december) == [("December 3", {"when": "1937-12-03"})]
    assert attrs("on the 5th", DateContext(1937, 9, "1937-09-15")) == [("5th", {"when": "1937-09-05"})]


def test_a_weekday_may_open_the_heading():
    match, end = heading_date("Monday, 5th of July 1937. We left.", SEPT_1937)
    assert match.text == "Monday, 5th of July 1937" and match.value.when == "1937-07-05" and end == 25


_WORDS = ["The", "the", "In", "in", "of", "on", "Dec.", "December", "Sept.", "May", "March", "Beginning of",
          "around", "’", "’٣٣", "٣", "٣th", "٣٣", "²", "½", "١٩٣٧", ",", ".", "–", "-", "(", ")", "(?)", "\n"]


@given(st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join))
@settings(max_examples=400, deadline=None)
def test_only_a_month_alone_is_found_in_a_text_without_a_digit(text):
    """find_dates searches a text with no digit for months alone: every other pattern needs one
    (a digit to \\d is any Unicode digit: "٣" too, and with it the full search)."""
    from pipeline.convert import dates

    if dates._ANY_DIGIT.search(text):
        return
    assert [kind for kind, pattern in dates._PATTERNS if kind != "month" and pattern.search(text)] == []
