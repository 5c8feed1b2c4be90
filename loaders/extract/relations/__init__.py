"""Relations: SUPPORTS / CONTRADICTS between the claims of one article, from cue words, and each
claim's polarity (affirmed, negated or denied), which inference across articles weighs.

    relations.py         find_relations: the stage; denials, confirmations, "also said"
    relation_targets.py  what a stance is about and who takes it
    relation_layout.py   where the claims stand; the parse helpers the rules share
    polarity.py          find_polarities: each claim's polarity (claim_polarity)

Both read the claims and the EntityIndex and return what they find: find_polarities a polarity
per claim (the pipeline sets `Claim.polarity`), find_relations the relations.
"""
from .polarity import find_polarities
from .relations import find_relations

__all__ = ["find_polarities", "find_relations"]
