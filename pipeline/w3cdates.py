"""W3C (XML Schema) date values as the days they cover: the one place that knows month lengths.

TEI dates (``@when``, ``@notBefore``, ``@notAfter``, ``@from``, ``@to``) are W3C values: ``1937``,
``1937-09``, ``1937-09-04``, a date with a time, or yearless forms (``--09-04``, ``--09``, ``---04``).
The converter (doubtful years), the registers (scoped name forms), the validator (real dates, entries in
order) and the collection's chronology all need "the first and the last day this value covers";
:func:`date_range` is that, for all of them.
"""
from __future__ import annotations

import calendar
import re
from datetime import date

_DATE = re.compile(
    r"^(?P<year>-?\d{4,})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?)?)?"
    r"(?P<zone>Z|[+\-]\d{2}:\d{2})?$")
# W3C forms without a year (--12-25, --12, ---25, 12:00:00): valid, but with no place in a timeline.
_YEARLESS = re.compile(r"^(--\d{2}(-\d{2})?|---\d{2}|\d{2}:\d{2}:\d{2}(\.\d+)?)(Z|[+\-]\d{2}:\d{2})?$")


class BadDate(ValueError):
    """A value that is not an ISO 8601 / W3C date; the message says why."""


def date_range(value: str) -> tuple[date, date] | None:
    """The first and last day a W3C date value covers.

    None for yearless forms and for years outside 1..9999 (valid W3C, but not on Python's calendar);
    :class:`BadDate` when the value is not a date at all or names a day the calendar does not have.
    """
    value = value.strip()
    match = _DATE.match(value)
    if match is None:
        if _YEARLESS.match(value):
            return None
        raise BadDate("is not an ISO date (YYYY, YYYY-MM, YYYY-MM-DD, a date and time, or --MM, --MM-DD)")
    year = int(match["year"])
    if not 1 <= year <= 9999:
        return None
    month, day = match["month"], match["day"]
    if month is not None and not 1 <= int(month) <= 12:
        raise BadDate(f"has no month {month}")
    if day is not None:
        last = calendar.monthrange(year, int(month))[1]
        if not 1 <= int(day) <= last:
            raise BadDate(f"has no day {day}: {calendar.month_name[int(month)]} {year} has {last} days")
    if match["hour"] is not None and (int(match["hour"]) > 24 or int(match["minute"]) > 59
                                      or int(match["second"] or 0) > 59):
        raise BadDate("has no such time of day")
    if day is not None:
        first = date(year, int(month), int(day))
        return first, first
    if month is not None:
        return date(year, int(month), 1), date(year, int(month), calendar.monthrange(year, int(month))[1])
    return date(year, 1, 1), date(year, 12, 31)


def day_bound(value: str | None, *, end: bool) -> date | None:
    """The first (or, with ``end``, the last) day of ``value``; None when it names no day on the calendar."""
    if not value:
        return None
    try:
        found = date_range(value)
    except BadDate:
        return None
    return None if found is None else found[1 if end else 0]


def is_yearless(value: str) -> bool:
    """A valid W3C value without a year (``--09-04``, ``--09``, ``---04``, a bare time)."""
    return bool(_YEARLESS.match(value.strip()))
