"""Relations: SUPPORTS / CONTRADICTS between the claims of one article, from cue words, and each
claim's polarity (affirmed, negated or denied), which inference across articles weighs.

    relations.py         find_relations: the stage; denials, confirmations, "also said"
    relation_targets.py  what a stance is about and who takes it
    relation_layout.py   where the claims stand; the parse helpers the rules share
    polarity.py          claim_polarity
"""
from .polarity import set_polarity
from .relations import find_relations

__all__ = ["find_relations", "set_polarity"]
