"""The one W3C date -> first/last day function every stage uses (converter, registers, validator, site)."""
from __future__ import annotations

import calendar
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.w3cdates import BadDate, date_range, day_bound

days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))


@given(days)
def test_a_day_covers_itself(day):
    assert date_range(day.isoformat()) == (day, day)
    assert date_range(day.isoformat() + "T12:30:00Z") == (day, day)


@given(days)
def test_a_month_runs_from_its_first_to_its_real_last_day(day):
    first, last = date_range(day.isoformat()[:7])
    assert first == day.replace(day=1)
    assert last.day == calendar.monthrange(day.year, day.month)[1]
    assert last == date(9999, 12, 31) or (last + timedelta(days=1)).day == 1
    assert first <= day <= last


@given(days)
def test_a_year_runs_from_january_to_december(day):
    assert date_range(f"{day.year:04d}") == (date(day.year, 1, 1), date(day.year, 12, 31))


@given(days)
def test_the_bounds_are_the_ends_of_the_range(day):
    for value in (day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]):
        first, last = date_range(value)
        assert day_bound(value, end=False) == first and day_bound(value, end=True) == last


def test_months_end_on_their_own_last_day_not_the_31st():
    assert date_range("1937-09")[1] == date(1937, 9, 30)
    assert date_range("1900-02")[1] == date(1900, 2, 28)
    assert date_range("2000-02")[1] == date(2000, 2, 29)


@pytest.mark.parametrize("value", ["--09-04", "--09", "---04", "12:00:00"])
def test_yearless_values_are_valid_but_have_no_days(value):
    assert date_range(value) is None and day_bound(value, end=True) is None


@pytest.mark.parametrize("value, why", [("1937-13", "no month 13"), ("1937-02-30", "February 1937 has 28 days"),
                                        ("soon", "not an ISO date"), ("1937-09-04T25:00", "no such time")])
def test_impossible_values_say_why(value, why):
    with pytest.raises(BadDate, match=why):
        date_range(value)
    assert day_bound(value, end=False) is None
