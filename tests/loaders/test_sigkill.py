"""A real `claimgraph load` process killed with SIGKILL, then run again, ends in the same store as
one uninterrupted load.

Deterministic by construction: the last input is stdin ("-"), a pipe that nobody writes to, so
the loader blocks reading it, having written the chunks of articles its read-ahead let through,
and is killed there. The rerun reads a regular file in its place.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from loaders.workers import CHUNK
from store import open_store

from .conftest import snapshot

ROOT = Path(__file__).resolve().parents[2]
COUNT = 2 * CHUNK + 8  # the loader reads up to two chunks ahead of what it writes


def article(i: int) -> dict[str, object]:
    text = f'"The ferry to Corran {i} will keep running," harbour master Ida Vos said.'
    return {
        "url": f"https://coastal.example/ferry/{i}",
        "title": f"Ferry {i}",
        "publisher": "Coastal Tribune",
        "published_at": f"2026-01-{1 + i % 28:02d}",
        "text": text,
        "claims": [
            {
                "text": f"The ferry to Corran {i} will keep running",
                "kind": "DIRECT",
                "cue": "said",
                "speaker": "Ida Vos",
                "speaker_mention": "harbour master Ida Vos",
            }
        ],
    }


def run_load(data: Path, *inputs: Path | str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "CLAIMGRAPH_DATA": str(data)}
    env.pop("MONGODB_URI", None)
    return subprocess.Popen(
        [sys.executable, "-m", "api.cli", "load", "--no-progress", *map(str, inputs)],
        cwd=ROOT,
        env=env,
        # Never written: "-" waits on it until the process is killed.
        stdin=subprocess.PIPE if "-" in inputs else subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def count_articles(data: Path) -> int:
    if not data.exists():
        return 0
    store = await open_store(data_dir=data)
    try:
        return await store.count("articles", {})
    finally:
        await store.close()


async def test_sigkill_mid_load_then_rerun(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(COUNT):
        (folder / f"{i:03d}.json").write_text(json.dumps(article(i)), encoding="utf-8")
    (tmp_path / "last").mkdir()
    last = tmp_path / "last" / "zzz.json"

    clean_data = tmp_path / "clean"
    last.write_text(json.dumps(article(COUNT)), encoding="utf-8")
    assert run_load(clean_data, folder, last).wait(timeout=120) == 0

    killed_data = tmp_path / "killed"
    proc = run_load(killed_data, folder, "-")
    try:
        for _ in range(600):  # the loader blocks on stdin once the first chunks are written
            if await count_articles(killed_data) >= CHUNK:
                break
            assert proc.poll() is None, "the loader ended before it was killed"
            await asyncio.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        assert proc.stdin is not None
        proc.stdin.close()
    assert proc.returncode == -signal.SIGKILL
    assert CHUNK <= await count_articles(killed_data) < COUNT  # killed half-way

    assert run_load(killed_data, folder, last).wait(timeout=120) == 0

    stores = []
    for data in (clean_data, killed_data):
        store = await open_store(data_dir=data)
        stores.append(await snapshot(store))
        await store.close()
    assert len(stores[0]["articles"]) == COUNT + 1
    # These articles differ in one word: copies of one story, whose claims share matters; its
    # groups (statement summaries with their detail documents among them) end the same too.
    kinds = {g["kind"] for g in stores[0]["groups"].values()}
    assert kinds == {"story", "matter", "statement", "statement_detail"}, kinds
    for coll in ("claims", "entities", "relations", "groups"):
        assert stores[0][coll] == stores[1][coll], coll
    # The article documents differ only where they were read from: both runs read the same paths.
    assert stores[0]["articles"].keys() == stores[1]["articles"].keys()
    for aid, doc in stores[0]["articles"].items():
        assert doc == stores[1]["articles"][aid]
