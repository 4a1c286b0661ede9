#!/usr/bin/env python3
"""Curation helper: how often each trigger form of data/triggers/triggers.tsv occurs in a JSONL
corpus ({"text": ...} per line), using the engine's lookup model (MATCHING normalization, each
token also tried without proclitics, enclitic pronouns stripped for rows flagged enclitic_ok,
a stem ending in ت also tried with ة). Veto/ctx/needs are NOT applied: the counts show raw
exposure, which is what a curator needs to spot noisy forms.

  corpus_check.py CORPUS [--top 60] [--zero] [--sub "Air/drone strike"]
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arnorm import norm, tokens, candidates, ENCLITICS  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def load(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("form\t") or not line.strip():
                continue
            c = line.rstrip("\n").split("\t")
            rows.append({"form": c[0], "sub": c[2], "role": c[7], "enc": "enclitic_ok" in c[8].split(";")})
    return rows


def keys_of(tok, enclitic):
    ks = set(candidates(tok))
    if enclitic:
        for k in list(ks):
            for e in ENCLITICS:
                if k.endswith(e) and len(k) - len(e) >= 3:
                    stem = k[: -len(e)]
                    ks.add(stem)
                    if stem.endswith("ت"):
                        ks.add(stem[:-1] + "ه")
    return ks


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--triggers", default=os.path.join(ROOT, "data", "triggers", "triggers.tsv"))
    ap.add_argument("--top", type=int, default=60)
    ap.add_argument("--zero", action="store_true", help="list forms never seen")
    ap.add_argument("--sub")
    a = ap.parse_args()
    rows = load(a.triggers)
    if a.sub:
        rows = [r for r in rows if r["sub"] == a.sub]
    first = collections.defaultdict(list)  # first normalized word -> rows
    for r in rows:
        r["seq"] = [norm(w) for w in r["form"].split()]
        first[r["seq"][0]].append(r)
    hits = collections.Counter()
    docs_with = collections.Counter()
    ndocs = 0
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            try:
                text = json.loads(line).get("text", "")
            except json.JSONDecodeError:
                continue
            ndocs += 1
            toks = tokens(text)
            kplain = [keys_of(t, False) for t in toks]
            kenc = [keys_of(t, True) for t in toks]
            seen_doc = collections.Counter()
            for i in range(len(toks)):
                cand = set()
                for k in kenc[i]:
                    cand.update(id(r) for r in first.get(k, ()))
                for r in (r for k in kenc[i] for r in first.get(k, ())):
                    if id(r) not in cand:
                        continue
                    cand.discard(id(r))
                    seq = r["seq"]
                    if i + len(seq) > len(toks):
                        continue
                    ok = True
                    for j, w in enumerate(seq):
                        ks = kenc[i + j] if (r["enc"] and j == len(seq) - 1) else kplain[i + j]
                        if w not in ks:
                            ok = False
                            break
                    if ok:
                        key = (r["form"], r["sub"])
                        hits[key] += 1
                        seen_doc[key] = 1
            docs_with.update(seen_doc)
    print(f"{ndocs} documents; {len(rows)} rows; {sum(1 for r in rows if hits[(r['form'], r['sub'])])} rows seen at least once")
    per_sub = collections.Counter()
    for (form, sub), n in hits.items():
        per_sub[sub] += n
    for sub, n in per_sub.most_common():
        print(f"  {n:6d}  {sub}")
    print(f"top {a.top} forms (hits / documents):")
    for (form, sub), n in hits.most_common(a.top):
        print(f"  {n:6d} {docs_with[(form, sub)]:5d}  {form}  [{sub}]")
    if a.zero:
        print("never seen:")
        print("  " + " ، ".join(r["form"] for r in rows if not hits[(r["form"], r["sub"])]))


if __name__ == "__main__":
    main()
