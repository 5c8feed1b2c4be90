from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import loaders.read.json as json_reader
from loaders.model import Article, InputError
from loaders.read import article_from_dict, read_file, read_paths, read_stream

TEXT = '"The depot will stay open," said Ana Ruiz. The union denied the depot will stay open.'


def article(**fields: Any) -> dict[str, Any]:
    return {"title": "Depot", "text": TEXT, **fields}


def test_docstring_example_is_valid() -> None:
    doc = json_reader.__doc__ or ""
    example = json.loads(doc[doc.index("    {") : doc.index("\nFields:")])
    got = article_from_dict(example, "example")
    assert got.extraction is not None
    first, second = got.extraction.claims
    assert got.text[first.start : first.end] == "We never signed off on a freeze"
    assert got.text[second.start : second.end] == "it agreed to the freeze"  # located by its text
    assert [(r.source, r.target, r.type) for r in got.extraction.relations] == [(1, 0, "CONTRADICTS")]
    assert got.published_at == "2026-05-19"


def test_single_list_and_wrapped(tmp_path: Path) -> None:
    for name, payload in [
        ("one.json", article()),
        ("list.json", [article(), article(title="Depot 2")]),
        ("wrapped.json", {"articles": [article()]}),
    ]:
        (tmp_path / name).write_text(json.dumps(payload), encoding="utf-8")
    items = list(read_paths([str(tmp_path)]))
    assert [type(i) for i in items] == [Article, Article, Article, Article]
    assert all(isinstance(i, Article) and i.extraction is None for i in items)


def test_list_with_a_bad_item_reads_the_others(fixtures_dir: Path) -> None:
    path = fixtures_dir / "partner_list.json"
    items = list(read_file(path))
    assert isinstance(items[0], Article) and items[0].publisher == "Ridge Herald"
    assert isinstance(items[1], InputError)
    assert items[1].name == f"{path}[1]" and "no text" in items[1].reason
    assert isinstance(items[2], Article) and items[2].published_at == "2026-04-12T08:00:00+00:00"


def test_jsonl_bad_line_is_named_and_the_rest_read(fixtures_dir: Path) -> None:
    path = fixtures_dir / "partner.jsonl"
    items = list(read_file(path))
    assert [type(i) for i in items] == [Article, InputError, Article]
    assert isinstance(items[1], InputError) and items[1].name == f"{path}:2"
    assert "malformed JSON" in items[1].reason
    third = items[2]
    assert isinstance(third, Article) and third.extraction is not None
    (claim,) = third.extraction.claims
    assert third.text[claim.start : claim.end] == "The mill will not close"
    assert claim.speaker_mention == "owner Ines Brandt"
    assert third.extraction.entities[0].name == "Ines Brandt"


def test_malformed_json_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{\n  "text": "x",\n  "title": oops\n}', encoding="utf-8")
    (item,) = list(read_file(path))
    assert isinstance(item, InputError)
    assert item.reason.startswith("malformed JSON at line 3 column 12")


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"title": "x"}, "text: not an article: no text"),
        ({"text": "   "}, "text: must not be empty"),
        (["not", "objects"], "expected a JSON object"),
        (article(publishd_at="2026-01-01"), "publishd_at: Extra inputs are not permitted"),
        (article(published_at="yesterday"), "published_at: not an ISO 8601 date"),
        (article(claims=[{"text": "The depot", "kind": "QUOTE", "cue": "said"}]), "claims.0.kind"),
        (
            article(claims=[{"text": "not in the article", "kind": "DIRECT", "cue": "said"}]),
            "claims[0]: text not found",
        ),
        (
            article(claims=[{"kind": "DIRECT", "cue": "said", "span": {"start": 5, "end": 500}}]),
            "claims[0].span: end 500 is past the text",
        ),
        (
            article(
                claims=[
                    {
                        "text": "The depot",
                        "kind": "DIRECT",
                        "cue": "said",
                        "sources": [{"name": "x", "kind": "BLOG"}],
                    }
                ]
            ),
            "claims.0.sources.0.kind",
        ),
        (
            article(
                claims=[{"text": "The depot", "kind": "DIRECT", "cue": "said"}],
                relations=[{"from": 0, "to": 3, "type": "CONTRADICTS"}],
            ),
            "relations[0].to: no claim",
        ),
        (
            article(
                claims=[{"text": "The depot", "kind": "DIRECT", "cue": "said"}],
                relations=[{"from": 0, "to": 0, "type": "DENIES"}],
            ),
            "relations.0.type",
        ),
        (article(entities=[{"name": "Ana Ruiz", "kind": "HUMAN"}], claims=[]), "entities.0.kind"),
    ],
)
def test_validation_errors_name_the_field(payload: Any, message: str) -> None:
    with pytest.raises(InputError) as caught:
        if isinstance(payload, list):
            article_from_dict(payload, "in.json")
        else:
            article_from_dict(payload, "in.json")
    assert caught.value.name == "in.json"
    assert message in caught.value.reason


def test_claims_with_ids_relations_and_sources() -> None:
    got = article_from_dict(
        article(
            entities=[
                {"name": "Ana Ruiz", "kind": "PERSON", "aliases": ["Ruiz"], "roles": ["depot manager"]}
            ],
            claims=[
                {
                    "id": "a",
                    "text": "The depot will stay open",
                    "kind": "DIRECT",
                    "cue": "said",
                    "speaker": "Ruiz",
                },
                {
                    "id": "b",
                    "text": "the depot will stay open",
                    "kind": "REPORTED",
                    "cue": "denied",
                    "speaker": "Transit Union",
                    "speakerKind": "ORGANIZATION",
                    "polarity": -1,
                    "sources": [
                        {"name": "Depot Weekly", "kind": "OUTLET", "evidence": "Depot Weekly reported"}
                    ],
                },
            ],
            relations=[{"from": "b", "to": "a", "type": "CONTRADICTS", "evidence": "denied"}],
        ),
        "in.json",
    )
    ex = got.extraction
    assert ex is not None
    names = {e.key: (e.name, e.kind) for e in ex.entities}
    assert names[ex.claims[0].speaker or ""] == ("Ana Ruiz", "PERSON")  # alias resolves to the entity
    assert names[ex.claims[1].speaker or ""] == ("Transit Union", "ORGANIZATION")
    (source,) = ex.claims[1].sources
    assert names[source.entity or ""] == ("Depot Weekly", "ORGANIZATION")
    assert ex.claims[1].polarity == -1
    assert got.text[ex.claims[1].start : ex.claims[1].end] == "the depot will stay open"


def test_stdin_json_and_jsonl_are_sniffed() -> None:
    one = json.dumps(article()).encode()
    (a,) = list(read_stream(io.BytesIO(one)))
    assert isinstance(a, Article)
    lines = b"\n".join([one, b"{broken", one])
    items = list(read_stream(io.BytesIO(lines)))
    assert [type(i) for i in items] == [Article, InputError, Article]
    assert isinstance(items[1], InputError) and items[1].name == "-:2"


def test_stdin_plain_text() -> None:
    (a,) = list(read_stream(io.BytesIO(b"Title\nBy Lena Okafor\nShe said it.\n")))
    assert isinstance(a, Article) and a.author == "Lena Okafor" and a.text == "Title\nShe said it."


def test_mode_on_behalf_of_and_content_cue_are_read() -> None:
    claims = [
        {"text": "The depot will stay open", "kind": "DIRECT", "cue": "said", "speaker": "Ana Ruiz",
         "onBehalfOf": "Harbor Transit", "mode": "STATEMENT"},
        {"text": "the depot will stay open.", "kind": "REPORTED", "cue": "denied", "speaker": "The union",
         "speaker_kind": "ORGANIZATION", "content_cue": "saying"},
    ]
    got = article_from_dict(article(claims=claims), "depot.json")
    assert got.extraction is not None
    first, second = got.extraction.claims
    entities = {e.key: e for e in got.extraction.entities}
    assert first.on_behalf_of is not None
    assert (entities[first.on_behalf_of].name, entities[first.on_behalf_of].kind) == (
        "Harbor Transit", "ORGANIZATION")
    assert (second.mode, second.content_cue, second.on_behalf_of) == ("STATEMENT", "saying", None)


@pytest.mark.parametrize(("cue", "mode"), [("believes", "BELIEF"), ("fears", "BELIEF"), ("show", "EVIDENCE"),
                                           ("according to", "STATEMENT"), ("said", "STATEMENT")])
def test_a_claim_without_a_mode_takes_its_cues(cue: str, mode: str) -> None:
    claims = [{"text": "The depot will stay open", "kind": "REPORTED", "cue": cue, "speaker": "Ana Ruiz"}]
    got = article_from_dict(article(claims=claims), "depot.json")
    assert got.extraction is not None
    assert got.extraction.claims[0].mode == mode


def test_an_unknown_mode_is_refused() -> None:
    claims = [{"text": "The depot will stay open", "kind": "DIRECT", "cue": "said", "mode": "RUMOUR"}]
    with pytest.raises(InputError) as err:
        article_from_dict(article(claims=claims), "depot.json")
    assert "claims.0.mode" in str(err.value)
