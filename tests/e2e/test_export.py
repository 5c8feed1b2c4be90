"""`claimgraph export` on the sample corpus, through the console script: the JSONL export loads
back (`claimgraph load`) into a store identical document for document, and every ClaimReview
the claimreview export prints is valid schema.org."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.schema.test_claimreview import expand, problems_of

from .conftest import copy_store, run_cli

pytestmark = pytest.mark.e2e

COLLECTIONS = ("articles", "claims", "entities", "relations", "reviews")


def documents(data: Path) -> dict[str, list[tuple[str, str]]]:
    with sqlite3.connect(data / "claimgraph.sqlite3") as conn:
        return {c: conn.execute(f"SELECT _id, doc FROM {c} ORDER BY _id").fetchall() for c in COLLECTIONS}


def test_export_load_round_trip_is_identical(sample_store: Path, tmp_path: Path) -> None:
    source = copy_store(sample_store, tmp_path / "source")
    dump = tmp_path / "sample.jsonl"
    done = run_cli(source, "export", "--format", "jsonl", "--output", str(dump))
    assert done.returncode == 0, done.stderr
    target = tmp_path / "target"
    loaded = run_cli(target, "load", "--no-progress", str(dump))
    assert loaded.returncode == 0, loaded.stderr
    before, after = documents(source), documents(target)
    assert before["claims"] and before["relations"]
    assert after == before


def test_claimreview_export_is_schema_org(sample_store: Path, tmp_path: Path) -> None:
    source = copy_store(sample_store, tmp_path / "source")
    done = run_cli(source, "export", "--format", "claimreview")
    assert done.returncode == 0, done.stderr
    reviews = [json.loads(line) for line in done.stdout.splitlines()]
    assert reviews and f"exported {len(reviews)} claim review(s)" in done.stderr
    for review in reviews:
        assert problems_of(expand(review)) == [], review["@id"]
    ratings = {r["reviewRating"]["alternateName"] for r in reviews}
    assert {"Contradicted", "Supported"} <= ratings
