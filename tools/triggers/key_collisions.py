#!/usr/bin/env python3
"""Curation helper: trigger tokens whose engine matching key equals the key of an unrelated
common word of a corpus. The engine's interim key function (crates/marsad-extract/src/keys.rs,
"interim rules until the segmenter") strips و/ف from any word longer than three letters and
ب/ل/ك only before ال, the same way for dictionary and text, so a form such as فجرا gets the
key جرا, which is also the key of جراء. This script mirrors those rules: update strip() if
keys.rs changes.

  key_collisions.py CORPUS.jsonl [--triggers data/triggers/triggers.tsv] [--top 40]
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arnorm import norm, tokens  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def strip(w):
    """Port of strip_proclitics() in keys.rs (counts letters, not bytes)."""
    cut = 0
    rest = lambda c: len(w) - c  # noqa: E731
    if (w.startswith("و") or w.startswith("ف")) and len(w) > 3:
        cut += 1
    if w[cut:].startswith("لل") and rest(cut) > 3:
        return w[cut + 2:]
    if w[cut:cut + 1] in ("ب", "ل", "ك") and w[cut + 1:].startswith("ال") and rest(cut) > 4:
        cut += 1
    if w[cut:].startswith("ال") and rest(cut) > 3:
        cut += 2
    return w[cut:]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--triggers", default=os.path.join(ROOT, "data", "triggers", "triggers.tsv"))
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    by_key = collections.defaultdict(set)
    with open(a.triggers, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or line.startswith("form\t") or not line.strip():
                continue
            form = line.split("\t")[0]
            single = " " not in form
            for t in form.split():
                n = norm(t)
                k = strip(n)
                if k != n:
                    by_key[k].add((n, single))
    freq = collections.Counter()
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            try:
                text = json.loads(line).get("text", "")
            except json.JSONDecodeError:
                continue
            for t in tokens(text):
                k = strip(t)
                if k not in by_key:
                    continue
                own = {n for n, _ in by_key[k]}
                if t in own or any(t == p + n for n in own for p in ("و", "ف")):
                    continue
                freq[(k, t)] += 1
    print("count  key  corpus-word  <- trigger tokens (* = the token is a whole single-word form)")
    for (k, t), n in freq.most_common(a.top):
        toks = ", ".join(sorted(("*" if s else "") + x for x, s in by_key[k]))
        print(f"{n:6d}  {k}  {t}  <- {toks}")


if __name__ == "__main__":
    main()
