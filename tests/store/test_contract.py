"""The store contract: every test runs against the embedded SQLite store and against MongoDB
(mongomock-motor), so both backends keep exactly the same semantics."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from store import Store, StoreError, open_store
from store.mongo import MongoStore
from store.sqlite import SqliteStore


def claim(
    n: int,
    *,
    speaker: str | None = "ent_a",
    order: str | None = None,
    mentions: list[str] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "_id": f"clm_{n:04d}",
        "article_id": f"art_{n % 3}",
        "text": f"Statement number {n}",
        "kind": "DIRECT" if n % 2 else "REPORTED",
        "span": {"start": n * 10, "end": n * 10 + 5},
        "mention_ids": mentions if mentions is not None else ["ent_x", f"ent_m{n % 2}"],
        "contradicted": n % 3 == 0,
        "order": order if order is not None else f"2026-01-{n:02d}",
    }
    if speaker is not None:
        doc["speaker_id"] = speaker
    doc.update(extra)
    return doc


def ids(docs: list[dict[str, Any]]) -> list[str]:
    return [d["_id"] for d in docs]


async def all_claims(store: Store) -> list[dict[str, Any]]:
    return await store.find("claims", {})


# -- writes and reads by id ---------------------------------------------------------------------------


async def test_upsert_twice_leaves_the_same_state(store: Store) -> None:
    docs = [claim(i) for i in range(1, 6)]
    assert await store.upsert_many("claims", docs) == 5
    first = await all_claims(store)
    assert await store.upsert_many("claims", docs) == 5
    assert await all_claims(store) == first
    assert await store.count("claims", {}) == 5
    # The array side of the store is not duplicated either.
    assert await store.count("claims", {"mention_ids": "ent_x"}) == 5
    assert (await store.count_grouped("claims", "mention_ids", ["ent_x"], {})) == {"ent_x": 5}


async def test_upsert_replaces_the_whole_document(store: Store) -> None:
    await store.upsert_many("claims", [claim(1, cue="said", mentions=["ent_old"])])
    replacement = claim(1, mentions=["ent_new"])
    await store.upsert_many("claims", [replacement])
    got = (await store.get_many("claims", ["clm_0001"]))["clm_0001"]
    assert got == replacement
    assert "cue" not in got
    assert await store.count("claims", {"mention_ids": "ent_old"}) == 0
    assert ids(await store.find("claims", {"mention_ids": "ent_new"})) == ["clm_0001"]


async def test_last_version_of_an_id_in_one_batch_wins(store: Store) -> None:
    await store.upsert_many("claims", [claim(1, mentions=["ent_a"]), claim(1, mentions=["ent_b"])])
    assert (await store.get_many("claims", ["clm_0001"]))["clm_0001"]["mention_ids"] == ["ent_b"]
    assert await store.count("claims", {"mention_ids": "ent_a"}) == 0


async def test_upsert_refuses_documents_without_a_string_id(store: Store) -> None:
    with pytest.raises(StoreError, match="string _id"):
        await store.upsert_many("claims", [{"_id": 5, "text": "x"}])
    with pytest.raises(StoreError, match="string _id"):
        await store.upsert_many("claims", [{"text": "no id"}])


async def test_get_many_returns_found_documents_by_id(store: Store) -> None:
    await store.upsert_many("claims", [claim(i) for i in range(1, 4)])
    got = await store.get_many("claims", ["clm_0003", "clm_0001", "clm_9999", "clm_0001"])
    assert set(got) == {"clm_0001", "clm_0003"}
    assert got["clm_0003"] == claim(3)
    assert await store.get_many("claims", []) == {}


async def test_get_many_handles_more_ids_than_sql_parameters(store: Store) -> None:
    await store.upsert_many("entities", [{"_id": f"ent_{i}", "order": str(i)} for i in range(50)])
    wanted = [f"ent_{i}" for i in range(40_000)]  # past SQLite's 32,766 bound parameters
    assert len(await store.get_many("entities", wanted)) == 50


async def test_nested_values_and_unicode_round_trip(store: Store) -> None:
    doc = claim(
        1,
        text="Zoë said “ça va” — 💬",
        sources=[{"name": "Al-Qamar", "kind": "OUTLET", "url": None}],
        polarity=-1,
        confidence=0.75,
    )
    await store.upsert_many("claims", [doc])
    assert (await store.get_many("claims", ["clm_0001"]))["clm_0001"] == doc


# -- filters --------------------------------------------------------------------------------------------


@pytest.fixture
async def filled(store: Store) -> Store:
    docs = [claim(i) for i in range(1, 10)]
    docs[0]["cue"] = None  # clm_0001: cue present but null
    docs[1]["cue"] = "said"  # clm_0002
    docs[2]["cue"] = "denied"  # clm_0003; every other claim has no cue at all
    docs[3]["aliases"] = ["Dana", "D. Whitfield"]  # clm_0004: an array field without a side table
    docs[4]["speaker_id"] = None  # clm_0005
    del docs[5]["speaker_id"]  # clm_0006
    docs[6]["polarity"] = 1  # clm_0007
    docs[7]["polarity"] = -1  # clm_0008
    await store.upsert_many("claims", docs)
    return store


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"kind": "DIRECT"}, [1, 3, 5, 7, 9]),
        ({"kind": "DIRECT", "contradicted": True}, [3, 9]),
        ({"contradicted": False}, [1, 2, 4, 5, 7, 8]),
        ({"_id": "clm_0004"}, [4]),
        ({"span.start": 30}, [3]),
        ({"span.end": {"$in": [15, 25]}}, [1, 2]),
        ({"mention_ids": "ent_m1"}, [1, 3, 5, 7, 9]),
        ({"mention_ids": {"$in": ["ent_m0", "ent_nope"]}}, [2, 4, 6, 8]),
        ({"mention_ids": {"$ne": "ent_m0"}}, [1, 3, 5, 7, 9]),
        ({"aliases": "Dana"}, [4]),
        ({"aliases": {"$in": ["D. Whitfield"]}}, [4]),
        ({"cue": "said"}, [2]),
        ({"cue": None}, [1, 4, 5, 6, 7, 8, 9]),
        ({"cue": {"$ne": "said"}}, [1, 3, 4, 5, 6, 7, 8, 9]),
        ({"cue": {"$ne": None}}, [2, 3]),
        ({"cue": {"$in": ["said", "denied"]}}, [2, 3]),
        ({"cue": {"$in": ["said", None]}}, [1, 2, 4, 5, 6, 7, 8, 9]),
        ({"cue": {"$in": []}}, []),
        ({"cue": {"$exists": True}}, [2, 3]),
        ({"cue": {"$exists": False}}, [1, 4, 5, 6, 7, 8, 9]),
        ({"speaker_id": {"$exists": False}}, [5, 6]),
        ({"speaker_id": "ent_a", "kind": {"$ne": "DIRECT"}}, [2, 4, 8]),
        ({"polarity": 1}, [7]),
        ({"polarity": -1}, [8]),
        ({"polarity": {"$in": [1, -5]}}, [7]),
        ({"text": {"$contains": "NUMBER 7"}}, [7]),
        ({"text": {"$contains": "statement"}}, [1, 2, 3, 4, 5, 6, 7, 8, 9]),
        ({"aliases": {"$contains": "whit"}}, [4]),
        ({"_id": {"$contains": "0_0"}}, []),
        ({"_id": {"$in": ["clm_0002", "clm_0009"]}}, [2, 9]),
        ({"polarity": {"$gte": 0}}, [7]),
        ({"polarity": {"$gte": -1.5}}, [7, 8]),
        ({"span.start": {"$gte": 70}}, [7, 8, 9]),
        ({"cue": {"$gte": 0}}, []),
    ],
)
async def test_filter_operators(filled: Store, where: dict[str, Any], expected: list[int]) -> None:
    found = await filled.find("claims", where)
    assert ids(found) == [f"clm_{n:04d}" for n in expected]
    assert await filled.count("claims", where) == len(expected)


@pytest.mark.parametrize(
    "text",
    [".*", "(", "[a-z]+", "\\", "^S", "$where", "{$gt: ''}", "a|b", "%", "_", "?", "it's"],
)
async def test_contains_takes_text_literally(store: Store, text: str) -> None:
    await store.upsert_many(
        "claims",
        [
            claim(1, text=f"before {text} after"),
            claim(2, text="Statement with none of it"),
            claim(3, text="sa"),
        ],
    )
    assert ids(await store.find("claims", {"text": {"$contains": text}})) == ["clm_0001"]
    assert await store.count("claims", {"text": {"$contains": f"{text}"}}) == 1


@pytest.mark.parametrize(
    ("where", "message"),
    [
        ({"text": {"$regex": ".*"}}, "unknown operator"),
        ({"text": {"$where": "1"}}, "unknown operator"),
        ({"text": {"$in": ["a"], "$ne": "b"}}, "exactly one operator"),
        ({"$where": "sleep(1000)"}, "invalid field name"),
        ({"text') OR 1=1 --": "x"}, "invalid field name"),
        ({"span": {"start": 10}}, "unknown operator"),
        ({"text": {"$gt": ""}}, "unknown operator"),
        ({"text": ["a"]}, "only strings, numbers"),
        ({"text": {"$in": "abc"}}, r"\$in needs a list"),
        ({"text": {"$in": [{"$gt": ""}]}}, "only strings, numbers"),
        ({"text": {"$contains": 5}}, r"\$contains needs a string"),
        ({"text": {"$exists": "yes"}}, r"\$exists needs true or false"),
        ({"span.start": {"$gte": "10"}}, r"\$gte needs a number"),
        ({"span.start": {"$gte": True}}, r"\$gte needs a number"),
    ],
)
async def test_bad_filters_are_refused_with_the_reason(
    store: Store, where: dict[str, Any], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        await store.find("claims", where)


async def test_bad_sort_limit_and_cursor_are_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="sort field"):
        await store.find("claims", {}, sort="order; DROP TABLE claims")
    with pytest.raises(StoreError, match="array field"):
        await store.find("claims", {}, sort="mention_ids")
    with pytest.raises(StoreError, match="limit"):
        await store.find("claims", {}, limit=-1)
    with pytest.raises(StoreError, match="cursor"):
        await store.find("claims", {}, sort="order", after=("x",))  # type: ignore[arg-type]


# -- keyset pagination ------------------------------------------------------------------------------------


async def walk(store: Store, where: dict[str, Any], sort: str, page: int) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        docs = await store.find("claims", where, sort=sort, after=after, limit=page)
        assert len(docs) <= page
        seen.extend(ids(docs))
        if len(docs) < page:
            return seen
        last = docs[-1]
        after = (last.get(sort) if sort != "_id" else last["_id"], last["_id"])


async def test_keyset_pages_walk_the_collection_in_order_despite_ties(store: Store) -> None:
    # 4 claims share each `order` value and the ids are inserted out of order.
    docs = [
        claim(n, order=f"k{(n * 7) % 23 // 4:02d}", speaker="ent_a" if n % 5 else "ent_b")
        for n in range(23, 0, -1)
    ]
    await store.upsert_many("claims", docs)
    expected = [d["_id"] for d in sorted(docs, key=lambda d: (d["order"], d["_id"]))]
    for page in (1, 4, 5, 7, 23, 50):
        assert await walk(store, {}, "order", page) == expected
    by_a = [i for i in expected if next(d for d in docs if d["_id"] == i)["speaker_id"] == "ent_a"]
    assert await walk(store, {"speaker_id": "ent_a"}, "order", 3) == by_a
    assert await walk(store, {}, "_id", 6) == sorted(expected)


async def test_keyset_over_missing_and_null_sort_values_puts_them_first(store: Store) -> None:
    docs = [claim(n, stated_at=f"20{n:02d}") for n in range(1, 6)]
    docs[1]["stated_at"] = None
    del docs[3]["stated_at"]
    await store.upsert_many("claims", docs)
    expected = ["clm_0002", "clm_0004", "clm_0001", "clm_0003", "clm_0005"]
    assert ids(await store.find("claims", {}, sort="stated_at")) == expected
    for page in (1, 2, 3):
        assert await walk(store, {}, "stated_at", page) == expected


async def test_limit_zero_returns_nothing(store: Store) -> None:
    await store.upsert_many("claims", [claim(1)])
    assert await store.find("claims", {}, limit=0) == []


# -- grouped reads ----------------------------------------------------------------------------------------


@pytest.fixture
async def grouped(store: Store) -> Store:
    docs = []
    for n in range(1, 13):
        speaker = "ent_a" if n <= 7 else "ent_b"
        mentions = ["ent_x"] + (["ent_y"] if n % 2 == 0 else [])
        docs.append(claim(n, speaker=speaker, order=f"o{n // 2:02d}", mentions=mentions))
    await store.upsert_many("claims", docs)
    return store


async def test_find_grouped_by_a_scalar_field(grouped: Store) -> None:
    pages = await grouped.find_grouped(
        "claims", "speaker_id", ["ent_b", "ent_a", "ent_none"], {}, sort="order", limit=3
    )
    assert list(pages) == ["ent_b", "ent_a", "ent_none"]
    assert ids(pages["ent_a"]) == ["clm_0001", "clm_0002", "clm_0003"]
    assert ids(pages["ent_b"]) == ["clm_0008", "clm_0009", "clm_0010"]
    assert pages["ent_none"] == []
    assert pages["ent_a"][0] == claim(1, speaker="ent_a", order="o00", mentions=["ent_x"])


async def test_find_grouped_with_where_after_and_no_limit(grouped: Store) -> None:
    pages = await grouped.find_grouped(
        "claims",
        "speaker_id",
        ["ent_a", "ent_b"],
        {"kind": "DIRECT"},
        sort="order",
        after=("o03", "clm_0006"),
    )
    assert ids(pages["ent_a"]) == ["clm_0007"]
    assert ids(pages["ent_b"]) == ["clm_0009", "clm_0011"]


async def test_find_grouped_by_an_array_field(grouped: Store) -> None:
    pages = await grouped.find_grouped(
        "claims", "mention_ids", ["ent_y", "ent_x"], {"speaker_id": "ent_a"}, sort="order", limit=2
    )
    assert ids(pages["ent_x"]) == ["clm_0001", "clm_0002"]
    assert ids(pages["ent_y"]) == ["clm_0002", "clm_0004"]
    # The documents keep their whole array (the grouping works on a copy).
    assert pages["ent_y"][0]["mention_ids"] == ["ent_x", "ent_y"]
    assert set(pages["ent_y"][0]) == set(claim(2))
    after = await grouped.find_grouped(
        "claims", "mention_ids", ["ent_y"], {}, sort="order", after=("o05", "clm_0010"), limit=10
    )
    assert ids(after["ent_y"]) == ["clm_0012"]


@pytest.mark.parametrize("field", ["speaker_id", "mention_ids"])
@pytest.mark.parametrize("limit", [2, None])
async def test_find_grouped_newest_first_is_the_reverse_order(
    grouped: Store, field: str, limit: int | None
) -> None:
    keys = ["ent_a", "ent_b"] if field == "speaker_id" else ["ent_x", "ent_y"]
    oldest = await grouped.find_grouped("claims", field, keys, {}, sort="order")
    newest = await grouped.find_grouped(
        "claims", field, keys, {}, sort="order", limit=limit, newest_first=True
    )
    assert list(newest) == keys
    for key in keys:
        # Ties in `order` (two claims share each) are broken by _id, reversed too.
        assert ids(newest[key]) == ids(oldest[key])[::-1][:limit]
    # One key: the same answer (not the plain find a single key of an oldest-first read takes).
    (one,) = keys[:1]
    single = await grouped.find_grouped(
        "claims", field, [one], {}, sort="order", limit=limit, newest_first=True
    )
    assert ids(single[one]) == ids(oldest[one])[::-1][:limit]


@pytest.mark.parametrize("newest_first", [False, True])
async def test_find_grouped_pages_follow_a_plain_find_over_mixed_sort_values(
    store: Store, newest_first: bool
) -> None:
    # Missing and null first, then numbers (ints and floats together), then text by code point;
    # ties by _id. Each key's page must be the plain find's order for that key, cut at the limit.
    values: list[object] = [None, 3, "b", 2.5, "B", "é", -1, "a", 10, "ä", None, 2.5]
    docs = []
    for n, value in enumerate(values, start=1):
        d = claim(n, speaker="ent_a" if n % 3 else "ent_b", mentions=["ent_x"])
        d["stated_at"] = value
        docs.append(d)
    del docs[0]["stated_at"]
    await store.upsert_many("claims", docs)
    for field, key in (("speaker_id", "ent_a"), ("speaker_id", "ent_b"), ("mention_ids", "ent_x")):
        plain = ids(await store.find("claims", {field: key}, sort="stated_at"))
        if newest_first:
            plain = plain[::-1]
        pages = await store.find_grouped(
            "claims", field, [key, "ent_none"], {}, sort="stated_at", limit=5, newest_first=newest_first
        )
        assert ids(pages[key]) == plain[:5], (field, key)


async def test_find_grouped_newest_first_after_a_cursor_is_refused(grouped: Store) -> None:
    with pytest.raises(StoreError, match="newest_first"):
        await grouped.find_grouped(
            "claims", "speaker_id", ["ent_a"], {}, sort="order", after=("o01", "clm_0002"), newest_first=True
        )


async def test_count_grouped(grouped: Store) -> None:
    assert await grouped.count_grouped("claims", "speaker_id", ["ent_a", "ent_b", "ent_c"], {}) == {
        "ent_a": 7,
        "ent_b": 5,
        "ent_c": 0,
    }
    assert await grouped.count_grouped("claims", "mention_ids", ["ent_x", "ent_y"], {"kind": "DIRECT"}) == {
        "ent_x": 6,
        "ent_y": 0,
    }
    assert await grouped.count_grouped("claims", "mention_ids", ["ent_y"], {"speaker_id": "ent_b"}) == {
        "ent_y": 3,
    }


async def test_an_array_holding_a_key_twice_counts_once(store: Store) -> None:
    await store.upsert_many("claims", [claim(1, mentions=["ent_x", "ent_x"])])
    assert await store.count_grouped("claims", "mention_ids", ["ent_x"], {}) == {"ent_x": 1}
    pages = await store.find_grouped("claims", "mention_ids", ["ent_x"], {})
    assert ids(pages["ent_x"]) == ["clm_0001"]


async def test_grouped_reads_with_no_keys_are_empty(grouped: Store) -> None:
    assert await grouped.find_grouped("claims", "speaker_id", [], {}) == {}
    assert await grouped.count_grouped("claims", "speaker_id", [], {}) == {}


# -- update and delete -------------------------------------------------------------------------------------


async def test_update_many_sets_top_level_fields(grouped: Store) -> None:
    assert (
        await grouped.update_many(
            "claims",
            ["clm_0001", "clm_0002", "clm_9999"],
            {
                "contradicted": True,
                "mention_ids": ["ent_z"],
                "review": {"verdict": "CONFIRM"},
            },
        )
        == 2
    )
    got = await grouped.get_many("claims", ["clm_0001", "clm_0002", "clm_0003"])
    assert got["clm_0001"]["mention_ids"] == ["ent_z"]
    assert got["clm_0002"]["review"] == {"verdict": "CONFIRM"}
    assert got["clm_0001"]["text"] == "Statement number 1"  # untouched fields stay
    assert got["clm_0003"] == claim(3, order="o01", mentions=["ent_x"])
    assert ids(await grouped.find("claims", {"mention_ids": "ent_z"})) == ["clm_0001", "clm_0002"]
    assert await grouped.count("claims", {"mention_ids": "ent_x"}) == 10
    assert await grouped.count("claims", {"review.verdict": "CONFIRM"}) == 2


async def test_update_many_refuses_id_and_dotted_fields(store: Store) -> None:
    for fields in ({"_id": "clm_x"}, {"span.start": 3}, {"$set": 1}):
        with pytest.raises(StoreError, match="update_many"):
            await store.update_many("claims", ["clm_0001"], fields)


async def test_delete_many_removes_documents_and_their_array_entries(grouped: Store) -> None:
    assert await grouped.delete_many("claims", ["clm_0002", "clm_0004", "clm_9999"]) == 2
    assert await grouped.get_many("claims", ["clm_0002", "clm_0004"]) == {}
    assert await grouped.count("claims", {}) == 10
    assert await grouped.count("claims", {"mention_ids": "ent_y"}) == 4
    assert await grouped.count_grouped("claims", "mention_ids", ["ent_y"], {"speaker_id": "ent_a"}) == {
        "ent_y": 1,
    }
    assert await grouped.delete_many("claims", []) == 0


# -- every collection, counting, errors --------------------------------------------------------------------


@pytest.mark.parametrize(
    "collection", ["articles", "claims", "entities", "relations", "keys", "reviews", "groups"]
)
async def test_every_collection_stores_and_finds(store: Store, collection: str) -> None:
    docs = [
        {"_id": f"x_{n}", "order": f"{n:03d}", "names_norm": ["a", f"n{n}"], "hash": f"h{n}"}
        for n in range(3)
    ]
    await store.upsert_many(collection, docs)
    assert ids(await store.find(collection, {"hash": "h1"})) == ["x_1"]
    assert await store.count(collection, {"names_norm": "a"}) == 3
    assert ids(await store.find(collection, {}, sort="order", after=("000", "x_0"), limit=1)) == ["x_1"]


async def test_operations_are_counted_and_observed(store: Store) -> None:
    seen: list[tuple[str, str]] = []
    store.observers.append(lambda collection, kind: seen.append((collection, kind)))
    await store.upsert_many("claims", [claim(1)])
    await store.get_many("claims", ["clm_0001"])
    await store.find("claims", {})
    await store.find_grouped("claims", "speaker_id", ["ent_a"], {})
    await store.count("relations", {})
    await store.count_grouped("claims", "speaker_id", ["ent_a"], {})
    await store.update_many("claims", ["clm_0001"], {"cue": "said"})
    await store.delete_many("claims", ["clm_0001"])
    assert seen == [
        ("claims", "upsert"),
        ("claims", "get"),
        ("claims", "find"),
        ("claims", "find"),
        ("relations", "count"),
        ("claims", "count"),
        ("claims", "update"),
        ("claims", "delete"),
    ]
    assert store.operations[("claims", "find")] == 2
    assert store.total_operations == 8


async def test_unknown_collection_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown collection 'users'"):
        await store.find("users", {})
    with pytest.raises(StoreError, match="unknown collection"):
        await store.upsert_many("claims; DROP TABLE claims", [claim(1)])


async def test_ping_and_writing_session(store: Store) -> None:
    await store.ping()
    async with store.transaction():
        async with store.transaction():  # re-entrant within one store
            await store.upsert_many("claims", [claim(1)])
    assert await store.count("claims", {}) == 1


async def test_pages_by_array_field_follow_an_updated_sort_key(grouped: Store) -> None:
    await grouped.update_many("claims", ["clm_0002"], {"order": "o99"})
    found = await grouped.find("claims", {"mention_ids": "ent_y"}, sort="order", limit=10)
    assert ids(found) == ["clm_0004", "clm_0006", "clm_0008", "clm_0010", "clm_0012", "clm_0002"]
    pages = await grouped.find_grouped(
        "claims", "mention_ids", ["ent_y"], {}, sort="order", after=("o06", "clm_0012"), limit=5
    )
    assert ids(pages["ent_y"]) == ["clm_0002"]


async def test_orphans_of_an_older_version_are_removed_when_the_store_opens(
    store: Store, tmp_path: Path
) -> None:
    """An older, non-atomic write path could leave claims without their article and relations to
    missing claims; opening the store removes them (once) and fixes the flags they set."""
    await store.upsert_many("articles", [{"_id": "art_kept", "order": "1"}])
    await store.upsert_many(
        "claims",
        [
            {"_id": "clm_kept", "article_id": "art_kept", "order": "1", "contradicted": True},
            {"_id": "clm_orphan", "article_id": "art_gone", "order": "2", "contradicted": False},
        ],
    )
    await store.upsert_many(
        "relations",
        [
            {"_id": "rel_dangling", "from_claim": "clm_orphan", "to_claim": "clm_kept", "type": "CONTRADICTS",
             "status": "active", "order": "1"},
        ],
    )
    reopened = await reopen_as_older_version(store, tmp_path)
    try:
        assert [d["_id"] for d in await reopened.find("claims", {})] == ["clm_kept"]
        assert await reopened.find("relations", {}) == []
        kept = (await reopened.get_many("claims", ["clm_kept"]))["clm_kept"]
        assert kept["contradicted"] is False  # what contradicted it is gone
    finally:
        await reopened.close()


async def reopen_as_older_version(store: Store, tmp_path: Path) -> Store:
    """Close `store` and open it again as a store an older claimgraph wrote: the SQLite schema
    fingerprint reset to what those had (0), or MongoDB's repair marker removed."""
    if isinstance(store, SqliteStore):
        await store.close()
        conn = sqlite3.connect(store.db_path)
        conn.execute("PRAGMA user_version = 0")
        conn.commit()
        conn.close()
        return await open_store(data_dir=store.data_dir)
    assert isinstance(store, MongoStore)
    await store.db["meta"].delete_many({})
    return await open_store(mongo_client=store.client, db_name=store.db.name)
