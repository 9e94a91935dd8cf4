"""Dates in English prose: find them, and normalise them to TEI's ISO 8601 attributes.

Diaries write dates the way people speak ("1st Sept.", "The 15th of Sept.", "February 20, 1938",
"around April 20th", "in ’23", "1925-26", "Beginning of Nov."), and leave out what the reader
already knows: the year, often the month. A :class:`DateContext` carries the year and month of the
entry being read, so "On the 6th" under an entry of September 1937 becomes ``1937-09-06``.

Only the standard library is used; the converter maps the matches onto TEI ``date`` elements.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace

from ..w3cdates import day_bound

_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
}
_MONTH_ABBREVIATIONS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}

# Month names are only taken capitalised: "may" and "march" are also ordinary English words.
# An abbreviation needs its full stop ("Dec.") so that "Jun" in a surname is not a month.
_MONTH = (
    r"(?P<{g}>(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)"
)
_DAY = r"(?P<{g}>[0-3]?\d)(?P<{g}sfx>st|nd|rd|th)?"
_YEAR4 = r"(?P<{g}>1[0-9]\d\d|20\d\d)(?!\d|,\d)"
_YEAR2 = r"[’'‘](?P<{g}>\d\d)\b"
_DASH = r"\s*[-–—]\s*"
_QUALIFIER = r"(?P<qual>[Bb]eginning of|[Ee]arly|[Mm]iddle of|[Mm]id-|[Ee]nd of|[Ll]ate)\s*"
_APPROX = r"(?P<approx>\b(?:around|about|approximately|circa|c\.|towards|toward))\s+"
_DOUBT = r"(?P<doubt>\s*\(\?\))?"


def _m(g: str) -> str:
    return _MONTH.replace("{g}", g)


def _d(g: str) -> str:
    return _DAY.replace("{g}", g)


def _y(g: str) -> str:
    return "(?:" + _YEAR4.replace("{g}", g) + "|" + _YEAR2.replace("{g}", g + "s") + ")"


# Each pattern yields named groups month/day/year (years as "year" for four digits, "years" for
# two); ranges use a second set (month2, day2, year2). Longer, more specific forms come first.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    # "January–February 1950"
    ("month-range", re.compile(_m("month") + _DASH + _m("month2") + r",?\s+" + _y("year"))),
    # "February 20, 1938", "April 20th", "July 19, 1938"
    ("month-day", re.compile(_m("month") + r"\s+" + _d("day") + r"\b(?:,?\s+" + _y("year") + ")?")),
    # "1st Sept.", "the 15th of Sept.", "2 December 2018", "11th of Nov."
    ("day-month", re.compile(r"\b" + _d("day") + r"(?:\s+of)?\s+" + _m("month") + r"(?:,?\s+" + _y("year") + ")?")),
    # "Dec. 1937", "July, 1938"
    ("month-year", re.compile(_m("month") + r",?\s+" + _y("year"))),
    # "1925-26", "1925–1926"
    ("year-range", re.compile(r"(?<![\d,.])" + _YEAR4.replace("{g}", "year") + _DASH + r"(?P<year2s>\d\d)(?P<year2>\d\d)?\b")),
    # "in 23-25": two-digit ranges only after a preposition, where they cannot be a score or a page
    ("short-range", re.compile(r"(?<=\b[Ii]n )(?P<years>\d\d)" + _DASH + r"(?P<year2s>\d\d)\b")),
    # "’23", "in ’27 (?)"
    ("short-year", re.compile(r"(?<![\w’'])" + _YEAR2.replace("{g}", "years"))),
    # "in 1925", "(1937)": a bare four-digit year only where the words around say it is one
    ("year", re.compile(r"(?:(?<=\b[Ii]n )|(?<=\b[Ss]ince )|(?<=\b[Uu]ntil )|(?<=\b[Ff]rom )|(?<=\b[Bb]efore )"
                        r"|(?<=\b[Aa]fter )|(?<=\b[Bb]y )|(?<=\b[Oo]f )|(?<=\()|(?<=\b[Dd]uring ))"
                        + _YEAR4.replace("{g}", "year"))),
    # "On the 6th", "the 13th": the day of the entry's month; not "the 5th century"
    ("day", re.compile(r"(?<=\b[Tt]he )" + _d("day").replace("(?P<daysfx>st|nd|rd|th)?", "(?P<daysfx>st|nd|rd|th)")
                       + r"\b(?!\s+(?:century|centuries|floor|anniversary|time|row|place|edition|army|division|"
                         r"regiment|congress|party|part|chapter|volume|of|and|or|to|-))")),
    # "August", "In July": a month alone (not "May" or "March", which are also common words)
    ("month", re.compile(r"\b(?P<month>January|February|April|June|July|August|September|October|November|December"
                         r"|(?<=\b[Ii]n )(?:May|March)|(?:Jan|Feb|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.)(?![\w’'-])")),
]

# Every pattern but a month alone needs a digit (a day or a year): a text without one, most of a
# diary's paragraphs, is searched for months only (each pattern is a scan of the whole text).
_ANY_DIGIT = re.compile(r"\d")
_WORDS_ONLY = [(kind, pattern) for kind, pattern in _PATTERNS if kind == "month"]

_QUALIFIED = re.compile(_QUALIFIER + r"$")
_APPROXIMATE = re.compile(_APPROX + r"$")


@dataclass(frozen=True)
class DateContext:
    """What the surrounding text already says: the year and month a partial date belongs to."""

    year: int | None = None
    month: int | None = None
    start: str | None = None  # the entry's own (earliest) ISO date, when it has one


@dataclass(frozen=True)
class DateValue:
    """A normalised date: one point (``when``), a bracketed guess, or a range, with a certainty."""

    when: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    from_: str | None = None
    to: str | None = None
    cert: str | None = None

    def attributes(self) -> dict[str, str]:
        """The TEI attributes (``when``, ``notBefore`` … ``cert``) in a stable order."""
        pairs = [("when", self.when), ("notBefore", self.not_before), ("notAfter", self.not_after),
                 ("from", self.from_), ("to", self.to), ("cert", self.cert)]
        return {name: value for name, value in pairs if value}

    def bounds(self) -> tuple[str, str]:
        """The earliest and latest ISO date this value allows (for a creation range)."""
        start = self.when or self.not_before or self.from_ or ""
        end = self.when or self.not_after or self.to or ""
        return start, end

    @property
    def year(self) -> int | None:
        """The (first) year this value names, if it names one."""
        start = self.bounds()[0]
        return int(start[:4]) if start[:4].isdigit() else None

    @property
    def month(self) -> int | None:
        """The (first) month this value names, if it names one."""
        start = self.bounds()[0]
        if start.startswith("--"):
            return int(start[2:4])
        return int(start[5:7]) if len(start) >= 7 else None


@dataclass(frozen=True)
class DateMatch:
    """One date found in a text: where it is (``start``/``end`` offsets) and what it means."""

    start: int
    end: int
    text: str
    value: DateValue
    kind: str


def month_number(name: str) -> int | None:
    """1-12 for an English month name or abbreviation ("Sept.", "december"), else None."""
    key = name.strip().rstrip(".").lower()
    return _MONTHS.get(key) or _MONTH_ABBREVIATIONS.get(key)


def iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None when the day does not exist in that month.

    Without a year, the XML Schema forms TEI accepts for partial dates: ``--MM-DD``, ``--MM``
    (a text that never names its year still gets its months and days right).
    """
    if month is not None and not 1 <= month <= 12:
        return None
    if year is None:
        if month is None:
            return None
        if day is None:
            return f"--{month:02d}"
        # 2000 is a leap year: 29 February is a valid day when the year is unknown
        return f"--{month:02d}-{day:02d}" if 1 <= day <= calendar.monthrange(2000, month)[1] else None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def expand_two_digit_year(digits: str, context: DateContext) -> int:
    """’23 -> 1923 in a text written in the 1930s: the century of the context, never a later year."""
    value = int(digits)
    if context.year is None:
        return 1900 + value
    century = context.year - context.year % 100
    year = century + value
    return year - 100 if year > context.year else year


def _year_of(match: re.Match[str], name: str, context: DateContext) -> int | None:
    four = match.groupdict().get(name)
    if four:
        return int(four)
    two = match.groupdict().get(name + "s")
    if two:
        return expand_two_digit_year(two, context)
    return None


def _value_from_match(kind: str, match: re.Match[str], context: DateContext) -> DateValue | None:
    groups = match.groupdict()
    if kind == "year-range":
        start = int(groups["year"])
        tail = groups["year2s"] + (groups["year2"] or "")
        end = int(tail) if len(tail) == 4 else start - start % 100 + int(tail)
        if end <= start:
            return None
        return DateValue(from_=iso(start), to=iso(end))
    if kind == "short-range":
        start = expand_two_digit_year(groups["years"], context)
        end = start - start % 100 + int(groups["year2s"])
        if end <= start:
            return None
        return DateValue(from_=iso(start), to=iso(end))
    if kind in ("short-year", "year"):
        year = _year_of(match, "year", context)
        return DateValue(when=iso(year)) if year is not None else None
    month = month_number(groups["month"]) if groups.get("month") else context.month
    year = _year_of(match, "year", context)
    if year is None:
        year = context.year
    if month is None:
        return None
    if kind == "month-range":
        month2 = month_number(groups["month2"])
        if month2 is None or month2 <= month:
            return None
        return DateValue(from_=iso(year, month), to=iso(year, month2))
    day = int(groups["day"]) if groups.get("day") else None
    when = iso(year, month, day)
    return DateValue(when=when) if when else None


def _doubtful_year(kind: str, match: re.Match[str], value: DateValue, context: DateContext) -> bool:
    """A year taken from the entry for a date that lies before the entry: it may be an earlier year."""
    groups = match.groupdict()
    if kind not in ("month-day", "day-month", "month") or groups.get("year") or groups.get("years"):
        return False
    end = value.bounds()[1]
    if not context.start or not end[:4].isdigit() or not context.start[:4].isdigit():
        return False
    last, first = day_bound(end, end=True), day_bound(context.start, end=False)
    return last is not None and first is not None and last < first


def _qualify(value: DateValue, qualifier: str) -> DateValue:
    """"Beginning of Nov." -> the first ten days, a guess; "end of" the last ten, and so on."""
    if not value.when or len(value.when) != 7 or value.when.startswith("--"):
        return value
    year, month = int(value.when[:4]), int(value.when[5:7])
    last = calendar.monthrange(year, month)[1]
    q = qualifier.lower().rstrip()
    if q in ("beginning of", "early"):
        first, final = 1, 10
    elif q in ("middle of", "mid-"):
        first, final = 11, 20
    else:
        first, final = 21, last
    return DateValue(not_before=iso(year, month, first), not_after=iso(year, month, final), cert="medium")


def find_dates(text: str, context: DateContext = DateContext()) -> list[DateMatch]:
    """Every date in ``text``, left to right, without overlaps (the longest, most specific wins).

    A qualifier before a month ("Beginning of Nov.") turns the date into a ``notBefore``/``notAfter``
    guess; "around"/"about" before a date and "(?)" after it mark it as uncertain (``cert``), and so
    does a year taken from the entry for a date that falls before the entry itself ("In July" in a
    December entry is most likely July of that year, but a retrospective mention may be older).
    """
    found: list[DateMatch] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (_PATTERNS if _ANY_DIGIT.search(text) else _WORDS_ONLY):
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = _value_from_match(kind, match, context)
            if value is None:
                continue
            # widen to a qualifier or an approximation word just before the date
            before = text[:start]
            qualified = _QUALIFIED.search(before)
            if qualified and kind in ("month", "month-year"):
                start = qualified.start()
                value = _qualify(value, qualified.group("qual"))
            approx = _APPROXIMATE.search(text[:start])
            if approx:
                value = replace(value, cert=value.cert or "medium")
            if _doubtful_year(kind, match, value, context):
                value = replace(value, cert=value.cert or "medium")
            doubt = re.match(r"\s*\(\?\)", text[end:])
            if doubt:
                value = replace(value, cert="low")
            taken.append((start, end))
            found.append(DateMatch(start, end, text[start:end], value, kind))
    found.sort(key=lambda m: m.start)
    return found


_HEADING_TRAILER = re.compile(r"\s*[.:,;]|\s*$")


def heading_date(text: str, context: DateContext = DateContext()) -> tuple[DateMatch, int] | None:
    """The date that opens a diary entry ("Dec. 1937.", "1st Sept. S. met me", "The 15th of Sept., …").

    Returns the date and the offset where the heading ends (after its punctuation), or None when
    the text does not open with a date that names at least a month or a year. A date after a
    preposition ("In July, …", "On the 6th, …") is narrative, not a heading.
    """
    lead = re.match(r"(?:The\s+|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+(?:the\s+)?)?", text)
    offset = lead.end() if lead else 0
    dates = find_dates(text, context)
    if not dates:
        return None
    first = dates[0]
    if first.start not in (0, offset) or first.kind in ("day", "short-year", "short-range", "year"):
        return None
    if first.start == offset and offset:
        first = DateMatch(0, first.end, text[: first.end], first.value, first.kind)
    trailer = _HEADING_TRAILER.match(text, first.end)
    if trailer and (trailer.group().strip() or trailer.end() == len(text)):
        return first, trailer.end()
    if first.text.endswith(".") and text[first.end: first.end + 1].isspace():
        # "1st Sept. S. met me": the abbreviation's full stop also ends the heading
        return first, first.end
    return None
