"""The teiHeader's facts come from the source's own lines."""
from __future__ import annotations

from pipeline.convert.header import parse_credit, parse_source_line


def test_source_line():
    source = parse_source_line("From The New International, Vol. XVI No. 1, January–February 1950, pp. 51–7.")
    assert (source.journal, source.volume, source.issue) == ("The New International", "XVI", "1")
    assert source.date_text == "January–February 1950"
    assert source.date.attributes() == {"from": "1950-01", "to": "1950-02"}
    assert source.pages == ("51–7", "51", "57")


def test_source_line_with_less_in_it():
    source = parse_source_line("From Labor Action, 3 May 1948, p. 4.")
    assert source.journal == "Labor Action" and source.volume is None
    assert source.date.attributes() == {"when": "1948-05-03"} and source.pages == ("4", "4", "4")


def test_credits():
    assert parse_credit("Transcribed & marked up by Einde O’Callaghan for the Marxists’ Internet Archive.") == (
        "Transcribed & marked up", "Einde O’Callaghan", "Marxists’ Internet Archive")
    assert parse_credit("Translated by Paul Verne.") == ("Translated", "Paul Verne", None)
    resp, name, org = parse_credit("Thanks to Roland Ferguson.")
    assert name == "Roland Ferguson" and org is None and resp
    assert parse_credit("Public Domain: free to copy.") is None


def test_human_dates():
    from pipeline.convert.header import human_date

    assert human_date("1937-08-01") == "1 August 1937"
    assert human_date("1938-12") == "December 1938"
    assert human_date("1937") == "1937" and human_date("--09-01") == "--09-01"
