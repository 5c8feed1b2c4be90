"""Repair of an embedded store written by an older claimgraph, whose write path was not atomic: a
load killed between writing an article's claims and its article document left claims without an
article (and relations to them), which readers then tripped over.

Run once, inside the schema upgrade's transaction (store.sqlite_file), when a store's schema
fingerprint is not the current one. Removes every claim whose article is missing, every relation
whose claim on either end is missing, the side-table rows of removed documents, and recomputes the
`contradicted` flag of the claims whose contradicting relations went (store.documents describes the
fields). Written stores never need it again: every write is now one transaction.
"""

from __future__ import annotations

import sqlite3

from store.sqlite_sql import indexed_arrays, side_table

_ARTICLE_OF = "json_extract(c.doc, '$.article_id')"


def remove_orphans(conn: sqlite3.Connection) -> dict[str, int]:
    """Delete orphan claims and dangling relations; returns how many of each went."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if not {"articles", "claims", "relations"} <= tables:
        return {"claims": 0, "relations": 0}
    claims = conn.execute(
        f"DELETE FROM claims WHERE _id IN (SELECT c._id FROM claims AS c WHERE NOT EXISTS "
        f"(SELECT 1 FROM articles AS a WHERE a._id = {_ARTICLE_OF}))"
    ).rowcount
    targets = [
        row[0]
        for row in conn.execute(
            "SELECT DISTINCT json_extract(r.doc, '$.to_claim') FROM relations AS r "
            "WHERE NOT EXISTS (SELECT 1 FROM claims AS c WHERE c._id = json_extract(r.doc, '$.from_claim')) "
            "AND EXISTS (SELECT 1 FROM claims AS c WHERE c._id = json_extract(r.doc, '$.to_claim'))"
        )
    ]
    relations = conn.execute(
        "DELETE FROM relations WHERE _id IN (SELECT r._id FROM relations AS r WHERE "
        "NOT EXISTS (SELECT 1 FROM claims AS c WHERE c._id = json_extract(r.doc, '$.from_claim')) "
        "OR NOT EXISTS (SELECT 1 FROM claims AS c WHERE c._id = json_extract(r.doc, '$.to_claim')))"
    ).rowcount
    for collection in ("claims", "relations"):
        for field in indexed_arrays(collection):
            table = side_table(collection, field)
            if table in tables:
                conn.execute(
                    f"DELETE FROM {table} WHERE NOT EXISTS "
                    f"(SELECT 1 FROM {collection} AS d WHERE d._id = {table}._id)"
                )
    # What still contradicts each claim that lost a contradicting relation.
    conn.executemany(
        "UPDATE claims SET doc = json_set(doc, '$.contradicted', json(CASE WHEN EXISTS ("
        "SELECT 1 FROM relations AS r WHERE json_extract(r.doc, '$.to_claim') = claims._id "
        "AND json_extract(r.doc, '$.type') = 'CONTRADICTS' AND json_extract(r.doc, '$.status') = 'active'"
        ") THEN 'true' ELSE 'false' END)) WHERE _id = ?",
        [(target,) for target in targets],
    )
    return {"claims": int(claims), "relations": int(relations)}
