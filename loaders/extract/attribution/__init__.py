"""Attribution: which words introduce which statement, and whose, read off the parse; each
statement once, as a claim with its cue, content span, mode and speaker as written (the speakers
stage resolves who that is).

    claims.py          find_claims: the stage; quotes and reported speech meet here
    claim_overlaps.py  one claim per statement: nested and duplicate claims
    attribution.py     Attribution, one cue with its content and speaker span, as the parse gives it
    reported.py        cue verbs and their contents ("X said C", "C, X said", "X denied C")
    reported_content.py  where a cue's content begins and ends
    content_bounds.py  where it stops short: a trailing aside, participle, second act of saying
    reported_nominal.py  "according to X", "in X's view", polls, noun cues ("his claim that C")
    records_show.py    "C, records show", "a poll puts her at 40 percent"
    aside_content.py   "As the report noted, C", "C, the minister said on Monday"
    cue_senses.py      cue verbs in a sense that states nothing ("continues to grow", "God knows")
    non_statements.py  non-answers, topic objects, restated stances ("denied X, saying C")
    speaker_lines.py   "NAME: text" transcript lines and headlines
    dates.py           when a statement was made ("In 2018, … said")
"""
from .claims import find_claims

__all__ = ["find_claims"]
