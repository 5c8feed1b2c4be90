"""Quotation marks: pairing, straight and curly, quotations running over a paragraph."""

from __future__ import annotations

from loaders.extract.quotes.quotes import find_quotations, strip_quote_marks


def inner(text: str) -> list[str]:
    return [text[q.inner_start : q.inner_end] for q in find_quotations(text)]


def test_curly_and_straight_quotes_pair() -> None:
    text = '\u201cWe will rebuild the pier,\u201d she said. He replied, "Not this year."'
    assert inner(text) == ["We will rebuild the pier,", "Not this year."]
    assert all(q.closed for q in find_quotations(text))


def test_apostrophes_are_not_quotes() -> None:
    text = "The mayor\u2019s office said it\u2019s \u201cnot our job.\u201d"
    assert inner(text) == ["not our job."]


def test_an_open_quote_runs_to_the_paragraph_end() -> None:
    text = "\u201cFirst we fix the roof.\n\n\u201cThen the windows,\u201d Ortiz said."
    quotes = find_quotations(text)
    assert [q.closed for q in quotes] == [False, True]
    assert text[quotes[0].inner_start : quotes[0].inner_end] == "First we fix the roof."


def test_strip_quote_marks_and_trailing_comma() -> None:
    text = "\u201cWe are ready,\u201d"
    assert strip_quote_marks(text, 0, len(text)) == (1, len("\u201cWe are ready"))
