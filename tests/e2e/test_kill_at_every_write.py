"""SIGKILL at every write step of an ingest, then reopen: no orphan claim, no relation to a missing
claim, every actor's dossier answers without an error, and running the ingest again ends in the
store one clean ingest gives.

Each run is a real process (`python -c KILLER`) that ingests through the mutation's service,
`loaders.ingest.ingest_articles`, and kills itself with SIGKILL at its n-th write step: before each
store write (upsert, update, delete), and just before and just after the commit. The articles carry
their claims (the partner JSON format), so no language model is needed, and they are shaped so that
the ingest writes entities, claims, in-article and inferred relations and updates flags.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from api.cli import run_query
from api.settings import Settings
from store import open_store
from store.base import COLLECTIONS, Store

from .conftest import ROOT

pytestmark = pytest.mark.e2e

KILLER = r"""
import asyncio, json, os, signal, sys
from store import open_store
from loaders.ingest import ingest_articles

data, articles_file, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
articles = json.loads(open(articles_file, encoding="utf-8").read())
steps = 0

def step(name):
    global steps
    steps += 1
    if steps == kill_at:
        print(f"killed at {name}", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

async def main():
    store = await open_store(data_dir=data)
    for name in ("upsert_many", "update_many", "delete_many"):
        original = getattr(store, name)
        async def dying(*a, __original=original, __name=name, **kw):
            step(f"{__name}({a[0]})")
            return await __original(*a, **kw)
        setattr(store, name, dying)
    end = store._end
    async def ending(handle, *, commit):
        step("before commit" if commit else "before rollback")
        await end(handle, commit=commit)
        step("after commit" if commit else "after rollback")
    store._end = ending
    for batch in articles:  # each batch is one ingestArticles call
        outcomes = await ingest_articles(store, batch)
        assert all(o["error"] is None for o in outcomes), outcomes
    await store.close()
    print(f"steps {steps}", flush=True)

asyncio.run(main())
"""


def article(i: int, speaker: str, said: str, *, cue: str = "said", polarity: int = 0) -> dict[str, Any]:
    text = f"{speaker} {cue} {said}. Later the panel met again."
    start = text.index(said)
    return {
        "url": f"https://pier.example/{i}",
        "title": f"Pier dispute {i}",
        "publisher": "Harbor Daily",
        "published_at": f"2026-04-{1 + i:02d}",
        "text": text,
        "claims": [
            {
                "text": said,
                "kind": "REPORTED",
                "cue": cue,
                "speaker": speaker,
                "speaker_kind": "PERSON",
                "span": {"start": start, "end": start + len(said)},
                "polarity": polarity,
            }
        ],
        "entities": [
            {"name": speaker, "kind": "PERSON", "aliases": [speaker.split()[-1]], "roles": [f"role {i}"]}
        ],
    }


def batches() -> list[list[dict[str, Any]]]:
    """Two ingest calls: the second rewrites an article of the first (stale claims and relations go)
    and brings claims that contradict the first call's (inferred relations, flags)."""
    first = [
        article(0, "Ellen Park", "the council agreed to the pier freeze"),
        article(1, "Ida Vos", "the pier budget is balanced"),
    ]
    two = article(2, "Ben Ash", "the pier will not open in May", cue="denied", polarity=-1)
    two["text"] += ' "It will open in May," Ellen Park insisted.'
    quote = "It will open in May"
    at = two["text"].index(quote)
    two["claims"].append(
        {
            "text": quote,
            "kind": "DIRECT",
            "cue": "insisted",
            "speaker": "Ellen Park",
            "speaker_kind": "PERSON",
            "span": {"start": at, "end": at + len(quote)},
        }
    )
    two["entities"].append(
        {"name": "Ellen Park", "kind": "PERSON", "aliases": ["Park"], "roles": ["harbour chair"]}
    )
    two["relations"] = [{"from": 0, "to": 1, "type": "CONTRADICTS"}]
    rewritten = article(1, "Ida Vos", "the pier budget is short by a third")
    return [
        first,
        [two, rewritten, article(3, "Ida Vos", "the council never agreed to the pier freeze", polarity=-1)],
    ]


def run_killer(data: Path, articles: Path, kill_at: int) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("MONGODB_URI", None)
    return subprocess.run(
        [sys.executable, "-c", KILLER, str(data), str(articles), str(kill_at)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def snapshot(store: Store) -> dict[str, dict[str, Any]]:
    return {
        name: {d["_id"]: d for d in await store.find(name, {})}
        for name in COLLECTIONS
        if name not in ("keys", "reviews")
    }


async def check_consistent(data: Path) -> dict[str, dict[str, Any]]:
    store = await open_store(data_dir=data)
    try:
        snap = await snapshot(store)
    finally:
        await store.close()
    claims, articles = snap["claims"], snap["articles"]
    assert not [c for c in claims.values() if c["article_id"] not in articles], "orphan claims"
    dangling = [
        r for r in snap["relations"].values() if r["from_claim"] not in claims or r["to_claim"] not in claims
    ]
    assert not dangling, "relations to a missing claim"
    for cid, claim in claims.items():
        active = any(
            r["to_claim"] == cid and r["type"] == "CONTRADICTS" and r["status"] == "active"
            for r in snap["relations"].values()
        )
        assert claim["contradicted"] == active, f"flag of {cid}"
    settings = Settings(data=str(data))
    query = """query($id: ID!) { entity(id: $id) { name statements(first: 100) { totalCount edges { node {
        text article { title publisher { name } } contradictedBy { text } supportedBy { text }
        sources { name } } } } } }"""
    for eid in snap["entities"]:
        body = await run_query(settings, query, {"id": eid})
        assert "errors" not in body, body
    return snap


async def test_sigkill_at_every_write_step_then_reopen_and_rerun(tmp_path: Path) -> None:
    articles = tmp_path / "articles.json"
    articles.write_text(json.dumps(batches()), encoding="utf-8")
    clean = run_killer(tmp_path / "clean", articles, 0)
    assert clean.returncode == 0, clean.stderr
    steps = int(clean.stdout.split("steps ")[1])
    assert steps >= 12  # writes of two transactions, and each one's commit
    expected = await check_consistent(tmp_path / "clean")
    assert any(r["method"] == "INFERRED" for r in expected["relations"].values())

    async def one_cut(cut: int) -> None:
        data = tmp_path / f"cut{cut}"
        killed = await asyncio.to_thread(run_killer, data, articles, cut)
        assert killed.returncode == -signal.SIGKILL, (cut, killed.stdout, killed.stderr)
        where = killed.stdout.strip()
        await check_consistent(data)
        again = await asyncio.to_thread(run_killer, data, articles, 0)
        assert again.returncode == 0, (where, again.stderr)
        assert await check_consistent(data) == expected, where

    for cut in range(1, steps + 1):
        await one_cut(cut)
