"""Issue 10: a spokesperson's claim keeps the person as speaker and names the body they speak for."""

from __future__ import annotations

import pytest
from spacy.language import Language

from loaders.extract.pipeline import extract_doc
from loaders.model import Article


def spoken_for(nlp: Language, text: str) -> dict[str, tuple[str | None, str | None]]:
    """claim text -> (speaker name, on_behalf_of name)."""
    article = Article(text=text, title=text.split("\n")[0])
    ex = extract_doc(article, nlp(text))
    names = {e.key: e.name for e in ex.entities}
    return {c.text: (names.get(c.speaker or ""), names.get(c.on_behalf_of or "")) for c in ex.claims}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Tarn Valley Water Board denied the report. \u201cThese figures only help our critics,\u201d "
         "said Ines Varga, the water board\u2019s current spokeswoman.", "Tarn Valley Water Board"),
        ("Halvorsen Foods opened the plant in 2019. A spokeswoman for Halvorsen Foods, Priya Castellanos, "
         "said the plant had a long future.", "Halvorsen Foods"),
        ("Kestrel Logistics bought the warehouse in May. Kestrel Logistics spokesman Victor Amadi said the "
         "lease would run for ten years.", "Kestrel Logistics"),
        ("Quellin Biosciences published the trial on Monday. Quellin Biosciences shares rose. A company "
         "spokeswoman, Camille Otieno, said the results were final.", "Quellin Biosciences"),
    ],
)
def test_the_body_a_spokesperson_speaks_for(nlp: Language, text: str, body: str) -> None:
    found = spoken_for(nlp, text)
    assert any(
        on_behalf == body and speaker not in (None, body) for speaker, on_behalf in found.values()
    ), found


def test_a_former_spokesman_speaks_for_himself(nlp: Language) -> None:
    text = ("Orrin Ferries cut the night service. Colin Reyes, a former spokesman for Orrin Ferries, said "
            "the cut had been planned for years.")
    found = spoken_for(nlp, text)
    assert found["the cut had been planned for years"] == ("Colin Reyes", None)


def test_an_unnamed_body_is_no_guess(nlp: Language) -> None:
    text = ("The Harbor Line Workers Union said it never agreed to the freeze. A spokesman for the "
            "authority, Wendell Price, said the authority remained committed to a fair contract.")
    found = spoken_for(nlp, text)
    (speaker, on_behalf) = next(v for k, v in found.items() if "committed" in k)
    assert speaker == "Wendell Price" and on_behalf is None
