"""Dates and dated roles (loaders.positions), contradiction labels (loaders.contradiction_labels),
and the MinHash signatures of same-story detection (loaders.stories)."""

from __future__ import annotations

import pytest

from loaders.contradiction_labels import POSITION_CHANGE, SELF_CONTRADICTION, contradiction_label
from loaders.positions import (
    before,
    merge_fact_lists,
    merge_role_facts,
    parse_role,
    role_observations,
    said_on,
)
from loaders.stories import THRESHOLD, Signature, best_match, shared_phrases, shingles


@pytest.mark.parametrize(
    ("stated_at", "published_at", "expected"),
    [
        ("2021", "2026-05-19", "2021"),
        ("July 2011", "2026-05-19", "2011-07"),
        ("Oct. 14", "2026-11-03", "2026-10-14"),
        ("Oct. 14", "2026-02-03", "2025-10-14"),  # October is still to come in February: last year's
        ("in March", "2026-05-19", "2026-03"),
        ("last week", "2026-05-19T08:00:00", "2026-05-19"),  # no date in the words: the article's
        (None, "2026-05-19", "2026-05-19"),
        (None, None, None),
        ("March", None, None),
    ],
)
def test_said_on(stated_at: str | None, published_at: str | None, expected: str | None) -> None:
    assert said_on(stated_at, published_at) == expected


def test_dates_compare_at_the_precision_both_have() -> None:
    assert before("2021", "2022-01-05") and not before("2021", "2021-07-14")
    assert not before("2021-07-14", "2021") and not before(None, "2021") and not before("2021", None)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("former spokesman for the Kelby Bay Port Authority (KBPA)",
         ("spokesman", "Kelby Bay Port Authority (KBPA)", "past")),
        ("a former spokesman for the health authority who left the job in 2025",
         ("spokesman", "health authority", "past")),
        ("the authority's current spokeswoman", ("spokeswoman", "authority", "present")),
        ("then an opposition member herself", ("opposition member", None, "past")),
        ("The authority's director of community services",
         ("director of community services", "authority", "plain")),
        ("ex-mayor of Pellworth", ("mayor", "Pellworth", "past")),
        ("Kelby Bay's mayor", ("mayor", "Kelby Bay", "plain")),
        ("Dr.", None),
        ("But Dr.", None),
    ],
)  # fmt: skip
def test_parse_role(role: str, expected: tuple[str, str | None, str] | None) -> None:
    assert parse_role(role) == expected


TEXT = (
    "Anton Brisk, who left the authority in April, said the barges ran at night. "
    "In 2019, Varga, then an opposition member herself, said that levies were a tax."
)


def test_role_observations_take_their_dates_from_the_text_and_the_article() -> None:
    brisk = role_observations(["former spokesman for the KBPA"], ["Anton Brisk"], TEXT, "2026-11-03", "art_1")
    assert [(o.title, o.organisation, o.held, o.ended) for o in brisk] == [
        ("spokesman", "KBPA", None, "2026-04")
    ]
    assert "who left the authority in April" in brisk[0].evidence
    varga = role_observations(
        ["Finance Minister", "then an opposition member herself"], ["Varga"], TEXT, "2026-05-19", "art_2"
    )
    assert [(o.title, o.held, o.ended) for o in varga] == [
        ("Finance Minister", "2026-05-19", None),
        ("opposition member", "2019", "2026-05-19"),
    ]


def test_merged_role_facts_keep_the_earliest_dates_whatever_the_order() -> None:
    held = role_observations(["spokesman for the Water Board"], ["Varro"], "", "2025-06-10", "art_a")
    later = role_observations(["spokesman for the Water Board"], ["Varro"], "", "2025-09-01", "art_b")
    ended = role_observations(["former spokesman for the Water Board"], ["Varro"], "", "2026-09-14", "art_c")
    one = merge_role_facts(merge_role_facts(merge_role_facts([], held), later), ended)
    other = merge_role_facts(merge_role_facts(merge_role_facts([], ended), later), held)
    assert one == other == merge_role_facts(one, held + ended)  # order-free and idempotent
    (fact,) = one
    assert (fact["since"], fact["since_article"], fact["until"], fact["until_article"]) == (
        "2025-06-10",
        "art_a",
        "2026-09-14",
        "art_c",
    )


def test_merged_entities_keep_the_dated_roles_of_both() -> None:
    a = merge_role_facts(
        [], role_observations(["spokesman for the Water Board"], [], "", "2025-06-10", "art_a")
    )
    b = merge_role_facts(
        [],
        role_observations(
            ["former spokesman for the Water Board (FWB)", "Mayor"], [], "", "2026-01-05", "art_b"
        ),
    )
    merged = merge_fact_lists(a, b)
    assert (
        merged
        == merge_fact_lists(b, a)
        == merge_role_facts(
            a,
            role_observations(
                ["former spokesman for the Water Board (FWB)", "Mayor"], [], "", "2026-01-05", "art_b"
            ),
        )
    )
    assert {(f["title"], f["since"], f["until"]) for f in merged} == {
        ("spokesman", "2025-06-10", "2026-01-05"),
        ("Mayor", "2026-01-05", None),
    }


def test_contradiction_labels() -> None:
    facts = merge_role_facts(
        [],
        role_observations(["spokesman for the Water Board"], [], "", "2025-06-10", "a")
        + role_observations(["former spokesman for the Water Board"], [], "", "2026-03-01", "b"),
    )
    speaker = {"role_facts": facts}
    in_office = {"speaker_id": "ent_v", "said_on": "2025-06-10"}
    retired = {"speaker_id": "ent_v", "said_on": "2026-09-14"}
    label, evidence = contradiction_label(retired, in_office, speaker) or ("", "")
    assert label == POSITION_CHANGE and "spokesman for Water Board ended by 2026-03-01" in evidence
    dated = contradiction_label({**retired, "said_on": "2026-05-19"}, {**in_office, "said_on": "2021"}, None)
    assert dated == (POSITION_CHANGE, "dated reversal: said on 2021, then on 2026-05-19")
    same_day = contradiction_label(retired, {**in_office, "said_on": "2026-09-14"}, speaker)
    assert same_day is not None and same_day[0] == SELF_CONTRADICTION
    assert contradiction_label(retired, {**in_office, "speaker_id": "ent_other"}, speaker) is None
    nobody = {"speaker_id": None}
    assert contradiction_label({**retired, **nobody}, {**in_office, **nobody}, None) is None


STORY = (
    "Ferry crews on the Corran Sound crossing voted on Sunday to strike for three days next week after "
    "talks over new rotas broke down, their union said. The Maritime Crews Union said that 412 of its "
    "530 members had taken part in the ballot and that nine in ten had backed the walkout."
)


def test_signatures_are_deterministic_and_tell_copies_from_other_articles() -> None:
    edited = STORY.replace("voted on Sunday", "voted Sunday").replace("their union", "the union")
    other = "The council will publish its budget for the coming year on Thursday, the mayor's office said."
    a, b, c = (Signature.of_text(t) for t in (STORY, edited, other))
    assert a is not None and b is not None and c is not None
    assert a.bands() == Signature.of_text(STORY).bands()  # type: ignore[union-attr]
    decoded = Signature.decode(a.encode())
    assert decoded is not None and decoded.similarity(a) == 1.0
    assert a.similarity(b) >= THRESHOLD > a.similarity(c)
    assert set(a.bands()) & set(b.bands()) and not set(a.bands()) & set(c.bands())
    assert best_match(b, [("2", "art_c", c), ("1", "art_a", a)]) == ("art_a", a.similarity(b))
    assert best_match(b, [("2", "art_c", c)]) is None
    phrases = shared_phrases(edited, STORY)
    assert phrases and all(p in edited for p in phrases)
    assert Signature.of_text("  ") is None and shingles("one two") == [b"one two"]


def test_similarities_at_once_are_datasketchs_jaccard_pair_by_pair() -> None:
    texts = [
        STORY,
        STORY.replace("three days", "two days"),
        STORY[: len(STORY) // 2],
        STORY.split(". ", 1)[1],
        "The council will publish its budget for the coming year on Thursday, the mayor's office said.",
    ]
    signatures = [s for s in (Signature.of_text(t) for t in texts) if s is not None]
    first = signatures[0]
    expected = [round(float(first.sketch.jaccard(o.sketch)), 4) for o in signatures]
    assert first.similarities(signatures) == expected == [first.similarity(o) for o in signatures]
    assert len(set(expected)) == len(expected) and first.similarities([]) == []


@pytest.mark.parametrize("stored", [None, 42, "not base64!", "AAAA"])
def test_a_stored_signature_that_is_not_one_is_ignored(stored: object) -> None:
    assert Signature.decode(stored) is None
