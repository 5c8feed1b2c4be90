#!/usr/bin/env python3
"""Score find_claims straight on PolNeAR, without the store or the CLI (a development harness).

Scores exactly as ../shared/eval/score_polnear.py does: a claim matches a gold attribution when
their words overlap by at least half of the shorter, one-to-one, greedy by overlap; the speaker
agrees when the claim's speaker_mention agrees with the gold Source (resolved names are not used
here: resolution is another stage); the cue agrees when it shares a word with the gold Cue;
"strict" = all three. The first annotator of each article is used.

    .venv/bin/python tools/polnear_direct.py ../shared/polnear/train --limit 700 --show 20
    .venv/bin/python tools/polnear_direct.py ../shared/polnear/train --offset 700 --limit 140

--cache FILE keeps the parsed documents (spaCy DocBin) so that rule changes are measured in
seconds; it is keyed by the split, offset and limit and is rebuilt when those change.
PolNeAR text is read at run time only; nothing of it belongs in the repository.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from spacy.tokens import Doc, DocBin  # noqa: E402

from loaders.extract.attribution.claims import find_claims  # noqa: E402
from loaders.extract.cues import cue_mode, is_cue, lemma_candidates  # noqa: E402
from loaders.extract.nlp import load_nlp  # noqa: E402
from loaders.model import Claim  # noqa: E402

PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "us", "his", "their"}


def words(text: str) -> list[str]:
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text)


def shared(a: list[str], b: list[str]) -> int:
    pool: dict[str, int] = defaultdict(int)
    for w in b:
        pool[w] += 1
    hit = 0
    for w in a:
        if pool[w]:
            pool[w] -= 1
            hit += 1
    return hit


def parse_ann(path: Path, text: str) -> list[dict[str, object]]:
    """Gold attributions of one .ann file, as score_polnear.py reads them."""
    spans: dict[str, list[tuple[int, int]]] = {}
    events: list[dict[str, list[str]]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _label, offs = parts[1].split(" ", 1)
            spans[parts[0]] = [(int(a), int(b)) for a, b in (seg.split() for seg in offs.split(";"))]
        elif line.startswith("E") and len(parts) >= 2:
            roles: dict[str, list[str]] = defaultdict(list)
            for arg in parts[1].split():
                role, tid = arg.split(":")
                roles[role].append(tid)
            events.append(roles)

    def text_of(ev: dict[str, list[str]], role: str) -> str:
        return " ".join(text[s:e] for tid in ev.get(role, []) for s, e in spans.get(tid, []))

    out: list[dict[str, object]] = []
    for ev in events:
        content = text_of(ev, "Content")
        if content.strip():
            out.append(
                {
                    "content": content,
                    "source": text_of(ev, "Source"),
                    "cue": text_of(ev, "Cue"),
                    "quoted": any(q in content for q in '"\u201c\u201d'),
                }
            )
    return out


def speaker_agrees(gold: str, claim: Claim) -> bool:
    g = words(gold)
    if not g:
        return not claim.speaker_mention
    mention = words(claim.speaker_mention or "")
    return bool(mention) and shared(mention, g) * 2 >= min(len(mention), len(g))


def cue_stance_known(cue: str) -> bool:
    """Whether any word of a gold cue is in our lexicon (by the same cheap lemma guesses)."""
    return any(is_cue(c) for w in words(cue) for c in lemma_candidates(w))


def f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def load_docs(texts: list[str], cache: Path | None, key: str) -> tuple[list[Doc], float, bool]:
    nlp = load_nlp()
    if (
        cache
        and cache.exists()
        and cache.with_suffix(".key").exists()
        and cache.with_suffix(".key").read_text() == key
    ):
        return list(DocBin().from_bytes(cache.read_bytes()).get_docs(nlp.vocab)), 0.0, True
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_s = time.perf_counter() - t0
    if cache:
        cache.write_bytes(DocBin(store_user_data=False, docs=docs).to_bytes())
        cache.with_suffix(".key").write_text(key)
    return docs, parse_s, False


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", type=Path)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print N missed gold and N false positives")
    ap.add_argument("--seed", type=int, default=0, help="which samples --show draws")
    ap.add_argument("--cache", type=Path, help="keep parsed docs here (DocBin) between runs")
    ap.add_argument("--cues", action="store_true", help="print gold cues most often missed")
    ap.add_argument(
        "--only", choices=["missed", "lexical", "false", "speaker", "cue"], help="--show one class only"
    )
    ap.add_argument(
        "--mode",
        choices=["STATEMENT", "BELIEF", "EVIDENCE"],
        help="score one mode only: claims of that mode against the gold attributions whose cue the "
        "cue lexicon gives that mode (PolNeAR does not annotate modes)",
    )
    args = ap.parse_args()

    anns: dict[str, Path] = {}
    for p in sorted((args.split / "attributions").glob("*.ann")):
        anns.setdefault(p.stem.rsplit("_", 1)[0], p)
    names = sorted(anns)[args.offset :][: args.limit or None]
    texts = [(args.split / "text" / f"{n}.txt").read_text(encoding="utf-8") for n in names]
    golds = [parse_ann(anns[n], t) for n, t in zip(names, texts, strict=True)]

    key = f"{args.split.resolve()}|{args.offset}|{args.limit}"
    docs, parse_s, cached = load_docs(texts, args.cache, key)
    t0 = time.perf_counter()
    preds = [find_claims(d) for d in docs]
    rules_s = time.perf_counter() - t0
    if args.mode:
        preds = [[c for c in cs if c.mode == args.mode] for cs in preds]
        golds = [[g for g in gs if cue_mode(str(g.get("cue") or "")) == args.mode] for gs in golds]

    n_gold = n_quoted = content_hit = strict_hit = strict_quoted = speaker_ok = cue_ok = 0
    missed: list[tuple[str, dict[str, object]]] = []
    false_pos: list[tuple[str, Claim]] = []
    wrong: list[tuple[str, dict[str, object], Claim]] = []
    missed_cues: Counter[str] = Counter()
    for name, gs, cs in zip(names, golds, preds, strict=True):
        pairs = []
        gws = [words(str(g["content"])) for g in gs]
        for i, c in enumerate(cs):
            cw = words(c.text)
            for j, gw in enumerate(gws):
                if cw and gw:
                    s = shared(cw, gw) / min(len(cw), len(gw))
                    if s >= 0.5:
                        pairs.append((s, i, j))
        pairs.sort(reverse=True)
        used_c: set[int] = set()
        used_g: set[int] = set()
        for _s, i, j in pairs:
            if i in used_c or j in used_g:
                continue
            used_c.add(i)
            used_g.add(j)
            g, c = gs[j], cs[i]
            content_hit += 1
            sp = speaker_agrees(str(g["source"]), c)
            cu = bool(set(words(str(g["cue"]))) & set(words(c.cue))) or not words(str(g["cue"]))
            speaker_ok += sp
            cue_ok += cu
            if sp and cu:
                strict_hit += 1
                strict_quoted += bool(g["quoted"])
            else:
                wrong.append((name, g, c))
        n_gold += len(gs)
        n_quoted += sum(bool(g["quoted"]) for g in gs)
        missed += [(name, g) for j, g in enumerate(gs) if j not in used_g]
        missed_cues.update(str(g["cue"]).lower() for j, g in enumerate(gs) if j not in used_g)
        false_pos += [(name, c) for i, c in enumerate(cs) if i not in used_c]

    rng = random.Random(args.seed)
    if args.only == "speaker":  # the cue agrees, so the pair is right and the speaker is wrong
        wrong = [
            w
            for w in wrong
            if not speaker_agrees(str(w[1]["source"]), w[2])
            and (set(words(str(w[1]["cue"]))) & set(words(w[2].cue)) or not words(str(w[1]["cue"])))
        ]
    elif args.only == "cue":
        wrong = [w for w in wrong if speaker_agrees(str(w[1]["source"]), w[2])]
    if args.only in ("speaker", "cue"):
        missed, false_pos = [], []
    elif args.only in ("missed", "lexical"):
        false_pos, wrong = [], []
        if args.only == "lexical":  # misses whose gold cue is in our lexicon: rule gaps, not lexicon gaps
            missed = [m for m in missed if cue_stance_known(str(m[1]["cue"]))]
    elif args.only == "false":
        missed, wrong = [], []
    for name, g in rng.sample(missed, min(args.show, len(missed))):
        print(f"MISSED {name[:30]} [{g['source']}] [{g['cue']}] {str(g['content'])[:150]!r}")
    for name, c in rng.sample(false_pos, min(args.show, len(false_pos))):
        print(f"FALSE+ {name[:30]} [{c.speaker_mention}] [{c.cue}] {c.kind} {c.text[:150]!r}")
    for name, g, c in rng.sample(wrong, min(args.show, len(wrong))):
        print(
            f"WRONG  {name[:30]} gold [{g['source']}] [{g['cue']}] got [{c.speaker_mention}] [{c.cue}] "
            f"{c.text[:80]!r}"
        )
    if args.cues:
        print("missed cues:", missed_cues.most_common(60))
        lexical = sum(k for cue, k in missed_cues.items() if cue_stance_known(cue))
        print(f"missed with a lexicon cue: {lexical} of {len(missed)}")

    n_pred = sum(len(cs) for cs in preds)
    cp, cr = content_hit / max(1, n_pred), content_hit / max(1, n_gold)
    sp_, sr = strict_hit / max(1, n_pred), strict_hit / max(1, n_gold)
    n_words = sum(len(d) for d in docs)
    print(
        json.dumps(
            {
                "articles": len(names),
                "gold": n_gold,
                "gold_quoted": n_quoted,
                "claims": n_pred,
                "content_precision": round(cp, 3),
                "content_recall": round(cr, 3),
                "content_f1": round(f1(cp, cr), 3),
                "speaker_accuracy": round(speaker_ok / max(1, content_hit), 3),
                "cue_accuracy": round(cue_ok / max(1, content_hit), 3),
                "strict_recall_quoted": round(strict_quoted / max(1, n_quoted), 3),
                "parse_seconds": None if cached else round(parse_s, 1),
                "rules_seconds": round(rules_s, 2),
                "tokens": n_words,
            },
            indent=1,
        )
    )
    print(f"summary: strict_precision={sp_:.3f} strict_recall={sr:.3f} strict_f1={f1(sp_, sr):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
