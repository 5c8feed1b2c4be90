"""Quotations: where quotation marks open and close, which quotations make one quoted statement,
and the cue words right before a quote that the parse leaves without one. Characters and cue
words only; the attribution stage (attribution/claims.py) makes each quoted statement a claim.

    quotes.py        the marks: curly pairs, straight alternation, quotes running over paragraphs
    quote_groups.py  the quotations of one statement: parts split by "she said", runs over paragraphs
    quote_cues.py    the cue before a quote ('…, adding, "B."'), the participle that goes on after one
"""
from .quote_groups import QuoteGroup, group_quotations
from .quotes import QUOTE_MARKS, Quotation, find_quotations

__all__ = ["QUOTE_MARKS", "QuoteGroup", "Quotation", "find_quotations", "group_quotations"]
