"""Dev harness: entity recall and speaker accuracy on gold cases, straight from the extraction stages.

    .venv/bin/python tools/seed_direct.py ../shared/corpus/dev/*.gold.json [--show]

Reads each case's article files with the project's readers, runs find_entities, find_claims and
find_speakers (its findings applied as the pipeline does), and applies ../shared/eval/score.py's
rules directly: a claim matches a gold statement when it holds >= 80% of the key's words (greedy
one-to-one); the speaker agrees when the speaker entity's name or an alias equals one of the gold
names (compared by words, no leading article); a gold entity is found when exactly one entity
holds any of its aliases and it holds all.
The gold files are read at run time and never copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from loaders.extract.attribution.claims import find_claims  # noqa: E402
from loaders.extract.entities.entities import find_entities  # noqa: E402
from loaders.extract.entities.entity_index import EntityIndex, add_findings  # noqa: E402
from loaders.extract.nlp import load_nlp  # noqa: E402
from loaders.extract.speakers.speakers import find_speakers  # noqa: E402
from loaders.model import Article, Claim  # noqa: E402
from loaders.read import read_file  # noqa: E402


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def norm(name: str) -> str:
    w = words(name)
    if w and w[0] in ("the", "a", "an"):
        w = w[1:]
    return " ".join(w)


def overlap(key: str, text: str) -> float:
    k = words(key)
    pool: dict[str, int] = {}
    for w in words(text):
        pool[w] = pool.get(w, 0) + 1
    hit = 0
    for w in k:
        if pool.get(w):
            pool[w] -= 1
            hit += 1
    return hit / len(k) if k else 0.0


class Merged:
    """The entities of several articles, joined where they share a normalized name (roughly what
    loaders.resolve does across articles), addressed as (article number, local key)."""

    def __init__(self, indexes: list[EntityIndex]) -> None:
        self.indexes = indexes
        parent: dict[tuple[int, str], tuple[int, str]] = {}

        def find(x: tuple[int, str]) -> tuple[int, str]:
            while parent[x] != x:
                x = parent[x]
            return x

        by_name: dict[str, tuple[int, str]] = {}
        own: dict[tuple[int, str], set[str]] = {}
        for n, index in enumerate(indexes):
            for e in index.entities:
                node = (n, e.key)
                parent[node] = node
                own[node] = {norm(e.name)} | {norm(a) for a in e.aliases}
                for x in own[node]:
                    if x in by_name:
                        parent[find(node)] = find(by_name[x])
                    else:
                        by_name[x] = node
        roots = sorted({find(x) for x in parent})
        number = {r: k for k, r in enumerate(roots)}
        self.group = {x: number[find(x)] for x in parent}
        self.names: list[set[str]] = [set() for _ in roots]
        for node, node_names in own.items():
            self.names[self.group[node]] |= node_names

    def names_of(self, n: int, key: str | None) -> set[str]:
        return set() if key is None else self.names[self.group[(n, key)]]

    def name(self, n: int, key: str | None) -> str | None:
        return None if key is None else self.indexes[n].entity(key).name


def score_case(gold_path: Path, show: bool, extras: bool = False) -> dict[str, float]:
    gold = json.loads(gold_path.read_text("utf-8"))
    nlp = load_nlp()
    claims: list[tuple[int, Claim]] = []
    indexes: list[EntityIndex] = []
    publishers: list[str] = []
    for f in gold["files"]:
        for art in read_file(gold_path.parent / f):
            if not isinstance(art, Article):
                raise SystemExit(f"{f}: {art}")
            doc = nlp(art.text)
            index = find_entities(doc, art)
            found = find_claims(doc)
            speakers = find_speakers(doc, found, index)
            add_findings(index, speakers.findings)
            for c, speaker, mentions in zip(found, speakers.speakers, speakers.mentions, strict=True):
                c.speaker, c.mentions = speaker, mentions
            claims.extend((len(indexes), c) for c in found)
            indexes.append(index)
            if index.publisher:
                publishers.append(index.entity(index.publisher).name)
    merged = Merged(indexes)
    pairs = []
    for i, (_, c) in enumerate(claims):
        for g in gold["statements"]:
            s = overlap(g["key"], c.text)
            if s >= 0.8:
                pairs.append((s, not g.get("optional"), -len(words(c.text)), i, g["id"]))
    pairs.sort(reverse=True)
    c2g: dict[int, str] = {}
    g2c: dict[str, int] = {}
    for _, _, _, i, gid in pairs:
        if i not in c2g and gid not in g2c:
            c2g[i], g2c[gid] = gid, i
    by_id = {g["id"]: g for g in gold["statements"]}
    if extras:  # the claims no gold statement holds: what costs statement precision
        for i, (_, c) in enumerate(claims):
            if i not in c2g:
                print(f"  EXTRA [{c.speaker_mention}] [{c.cue}] {c.kind} {c.text[:110]!r}")
    ok = 0
    for gid, i in sorted(g2c.items(), key=lambda x: int(re.sub(r"\D", "", x[0]) or 0)):
        g, (n, c) = by_id[gid], claims[i]
        hit = bool(merged.names_of(n, c.speaker) & {norm(s) for s in g["speaker"]})
        ok += hit
        if show or not hit:
            mark = "ok " if hit else "BAD"
            got = merged.name(n, c.speaker)
            print(f"  {mark} {gid}: mention={c.speaker_mention!r} -> {got!r}; want {g['speaker'][0]!r}")
    ent_ok = 0
    for ge in gold.get("entities", []):
        want = {norm(a) for a in ge["aliases"]}
        holders = [k for k, names in enumerate(merged.names) if names & want]
        if len(holders) == 1 and want <= merged.names[holders[0]]:
            ent_ok += 1
        else:
            spread = [sorted(merged.names[k] & want) for k in holders]
            print(f"  entity {ge['name']!r}: spread as {spread}")
    want_pub = gold.get("publisher")
    print(f"  publisher: {publishers} (want {want_pub!r})")
    if show:
        for index in indexes:
            for e in index.entities:
                print(f"    {e.key} {e.kind} {e.name!r} aliases={sorted(e.aliases)} roles={e.roles}")
    return {
        "claims": len(claims),
        "matched": len(g2c),
        "speakers_ok": ok,
        "entities_ok": ent_ok,
        "entities": len(gold.get("entities", [])),
        "speaker_accuracy": ok / max(1, len(g2c)),
        "entity_recall": ent_ok / max(1, len(gold.get("entities", []))),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--show", action="store_true", help="print every matched speaker and every entity")
    ap.add_argument("--extras", action="store_true", help="print the claims no gold statement matches")
    args = ap.parse_args()
    totals: dict[str, float] = {}
    for path in args.gold:
        print(path.name)
        result = score_case(path, args.show, args.extras)
        print("  " + "  ".join(f"{k}={v:.2f}" if isinstance(v, float) else f"{k}={v}"
                               for k, v in result.items()))
        for k, v in result.items():
            totals[k] = totals.get(k, 0) + v
    n = len(args.gold)
    print(f"ALL {n} cases: speaker accuracy {totals['speakers_ok'] / max(1, totals['matched']):.3f} "
          f"({int(totals['speakers_ok'])}/{int(totals['matched'])} matched claims), entity recall "
          f"{totals['entities_ok'] / max(1, totals['entities']):.3f} ({int(totals['entities_ok'])}/"
          f"{int(totals['entities'])}); per-case means {totals['speaker_accuracy'] / n:.3f} / "
          f"{totals['entity_recall'] / n:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
