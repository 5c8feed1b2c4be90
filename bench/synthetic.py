"""A synthetic corpus in the partner JSON format, for benchmarks: many articles with claims already
extracted, so that a million claims load in minutes and measure the store and the API, not spaCy.

Speakers follow a Zipf-like distribution, so the first speaker ("Actor 0") is a busy actor with many
thousands of statements — the case where pagination and filters must hold."""
from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

VERBS = ("said", "told reporters", "argued", "warned", "noted", "denied", "confirmed", "claimed")
TOPICS = ("the budget", "the bridge repairs", "the water contract", "the school board vote",
          "the port expansion", "the tariff", "the hospital merger", "the pension fund")
PUBLISHERS = ("The Meridian Post", "Coastal Tribune", "Harbor Daily", "Northfield Courier")


def speaker_name(i: int) -> str:
    return f"Actor {i}"


def zipf_speaker(rng: random.Random, n_speakers: int) -> int:
    # Roughly Zipf: P(i) ~ 1/(i+1). Inverse-CDF over a log scale is close enough for a benchmark.
    return min(n_speakers - 1, int(n_speakers ** rng.random()) - 1)


def articles(n_claims: int, claims_per_article: int = 20, n_speakers: int = 5000,
             seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    n_articles = max(1, n_claims // claims_per_article)
    for a in range(n_articles):
        paragraphs, claims, relations = [], [], []
        offset = 0
        for c in range(claims_per_article):
            sp = zipf_speaker(rng, n_speakers)
            topic = rng.choice(TOPICS)
            verb = rng.choice(VERBS)
            content = f"{topic} would cost {rng.randint(2, 900)} million dollars by {2020 + c % 9}"
            sentence = f"{speaker_name(sp)} {verb} that {content}."
            start = offset + len(speaker_name(sp)) + len(verb) + 7
            claims.append({
                "id": f"c{c}", "text": content, "kind": "REPORTED", "cue": verb,
                "speaker": speaker_name(sp), "speaker_kind": "PERSON",
                "speaker_mention": speaker_name(sp),
                "span": {"start": start, "end": start + len(content)},
            })
            paragraphs.append(sentence)
            offset += len(sentence) + 2
            if verb == "denied" and c > 0:
                relations.append({"from": f"c{c}", "to": f"c{c - 1}", "type": "CONTRADICTS",
                                  "evidence": f"{speaker_name(sp)} denied"})
            elif verb == "confirmed" and c > 0:
                relations.append({"from": f"c{c}", "to": f"c{c - 1}", "type": "SUPPORTS",
                                  "evidence": f"{speaker_name(sp)} confirmed"})
        day = 1 + a % 28
        yield {
            "url": f"https://bench.example/articles/{a}",
            "title": f"Council report {a}",
            "author": "Bench Writer",
            "publisher": PUBLISHERS[a % len(PUBLISHERS)],
            "published_at": f"2026-{1 + a % 12:02d}-{day:02d}",
            "text": "\n\n".join(paragraphs),
            "claims": claims,
            "relations": relations,
        }


def write_jsonl(folder: Path, n_claims: int, per_file: int = 500, **kw: int) -> list[Path]:
    """Write the corpus as JSONL files of `per_file` articles each (about 3.5 MB: under the
    readers' 10 MB per-file limit); returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    out = None
    for i, art in enumerate(articles(n_claims, **kw)):
        if i % per_file == 0:
            if out:
                out.close()
            paths.append(folder / f"bench-{len(paths):04d}.jsonl")
            out = paths[-1].open("w", encoding="utf-8")
        assert out is not None
        out.write(json.dumps(art) + "\n")
    if out:
        out.close()
    return paths
