"""Content terms: what a claim is about, as the relations stage and the cross-article side read it."""
from __future__ import annotations

import pytest

from loaders.extract.terms import content_terms, stem


def test_stem_gives_one_stem_for_the_forms_of_a_word() -> None:
    assert len({stem(w) for w in ("agree", "agreed", "agrees", "agreeing")}) == 1
    assert len({stem(w) for w in ("freeze", "freezes", "freezing")}) == 1
    assert stem("rose") == stem("rise") == stem("rising")
    assert stem("stopped") == stem("stop")


def test_content_terms_drop_function_words_and_keep_order() -> None:
    terms = content_terms("The union agreed to the freeze in March")
    assert terms == ["union", stem("agreed"), "freez", "march"]
    assert content_terms("He said it was not so") == []


def test_content_terms_refuses_a_non_string() -> None:
    with pytest.raises(TypeError, match="text must be a string"):
        content_terms(None)  # type: ignore[arg-type]
