#!/usr/bin/env python3
"""Curation helper: frequencies and keyword-in-context lines for candidate trigger forms in a
JSONL corpus (one {"text": ...} per line). Matching uses the engine's normalization and
proclitic stripping (arnorm.py).

  corpus_freq.py CORPUS --prefix قصف          # proclitic-stripped tokens starting with قصف, by count
  corpus_freq.py CORPUS --kwic "عبوه ناسفه" -n 20   # KWIC lines for a (normalized) token sequence
"""
import argparse
import collections
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from arnorm import norm, tokens, candidates  # noqa: E402


def docs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    yield json.loads(line).get("text", "")
                except json.JSONDecodeError:
                    continue


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--prefix", action="append", default=[])
    ap.add_argument("--kwic")
    ap.add_argument("-n", type=int, default=15)
    ap.add_argument("--top", type=int, default=40)
    a = ap.parse_args()
    if a.prefix:
        pref = [norm(p) for p in a.prefix]
        c = collections.Counter()
        for t in docs(a.corpus):
            for tok in tokens(t):
                for k in candidates(tok)[1:] or [tok]:
                    pass
                stripped = candidates(tok)
                best = None
                for k in stripped:
                    if any(k.startswith(p) for p in pref):
                        best = k
                if best:
                    c[best] += 1
        for w, n in c.most_common(a.top):
            print(n, w)
    if a.kwic:
        seq = [norm(x) for x in a.kwic.split()]
        shown = 0
        for t in docs(a.corpus):
            toks = tokens(t)
            for i in range(len(toks) - len(seq) + 1):
                if all(s in candidates(toks[i + j]) for j, s in enumerate(seq)):
                    print(" ".join(toks[max(0, i - 8):i]), "[[", " ".join(toks[i:i + len(seq)]), "]]",
                          " ".join(toks[i + len(seq):i + len(seq) + 8]))
                    shown += 1
                    if shown >= a.n:
                        return


if __name__ == "__main__":
    main()
