#!/usr/bin/env python3
"""Compare marsad's ISRI root extractor with NLTK's ISRIStemmer, output for output.

Tokens: every Arabic word token of data/samples/*.txt (in the shared folder) plus the first
N distinct Arabic tokens (default 5000) of the SaudiNewsNet conflict subset, in document order.
Both sides get the same token strings; agreement is reported over token occurrences and over
distinct tokens, and the disagreements are grouped by cause.

Usage (NLTK in a venv, see README.md):
    /tmp/isri-venv/bin/python bench/isri/compare.py [--shared ../shared] [--distinct 5000] [--show 5]
"""
import argparse
import collections
import glob
import json
import os
import re
import subprocess
import sys

from nltk.stem.isri import ISRIStemmer

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
# Arabic letters with their diacritics and tatweel (what the tokenizer keeps in one word)
WORD = re.compile(r"[\u0621-\u063A\u0641-\u064A\u0671\u064B-\u065F\u0670\u0640]+")
DIAC = re.compile(r"[\u064B-\u065F\u0670\u0640]")


def tokens(shared, distinct):
    occ = []
    for path in sorted(glob.glob(os.path.join(shared, "data", "samples", "*.txt"))):
        with open(path, encoding="utf-8") as f:
            occ.extend(WORD.findall(f.read()))
    seen = set(occ)
    extra = []
    path = os.path.join(shared, "data", "corpora", "news", "saudinewsnet", "saudinewsnet-conflict-subset.jsonl")
    with open(path, encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            for t in WORD.findall(doc["title"] + "\n" + doc["text"]):
                if t not in seen:
                    seen.add(t)
                    extra.append(t)
                    if len(extra) >= distinct:
                        return occ, extra
    return occ, extra


def ours(words):
    cmd = ["cargo", "run", "--quiet", "--release", "-p", "marsad-text", "--example", "isri_roots"]
    out = subprocess.run(cmd, input="\n".join(words) + "\n", capture_output=True, text=True, cwd=os.environ.get("MARSAD_CARGO_DIR", ROOT), check=True)
    roots = out.stdout.split("\n")[: len(words)]
    assert len(roots) == len(words), (len(roots), len(words))
    return roots


def cause(word, nltk_root, our_root, stemmer):
    """Why the two outputs differ (first matching reason)."""
    bare = re.sub(r"[\u064B-\u0652]", "", word)
    if bare in stemmer.stop_words:
        return "NLTK stop word (its list, not ours)"
    if DIAC.sub("", word) != bare:
        return "tatweel / dagger alef / marks beyond U+0652: we remove them, NLTK keeps them"
    if our_root == DIAC.sub("", word) and nltk_root != our_root:
        return "our stop word (function word kept whole)"
    # the only rule we changed: length-3 suffixes تما/هما/كما (NLTK lists تمل/همل/كمل)
    if len(bare) >= 6 and bare[-3:] in ("تما", "هما", "كما"):
        return "length-3 suffix تما/هما/كما (NLTK's list has تمل/همل/كمل)"
    return "other"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.environ.get("MARSAD_SHARED", os.path.join(ROOT, "..", "shared")))
    ap.add_argument("--distinct", type=int, default=5000)
    ap.add_argument("--show", type=int, default=5)
    args = ap.parse_args()
    occ, extra = tokens(args.shared, args.distinct)
    words = occ + extra
    stemmer = ISRIStemmer()
    theirs = [stemmer.stem(w) for w in words]
    mine = ours(words)
    n_occ = len(occ)
    agree_occ = sum(a == b for a, b in zip(theirs[:n_occ], mine[:n_occ]))
    distinct = {}
    for w, a, b in zip(words, theirs, mine):
        distinct[w] = (a, b)
    agree_types = sum(a == b for a, b in distinct.values())
    agree_all = sum(a == b for a, b in zip(theirs, mine))
    print(f"nltk {__import__('nltk').__version__}")
    print(f"samples: {n_occ} token occurrences, agreement {agree_occ / max(n_occ, 1):.4f}")
    print(f"samples + SaudiNewsNet: {len(words)} tokens, agreement {agree_all / len(words):.4f}")
    print(f"distinct tokens: {len(distinct)}, agreement {agree_types / len(distinct):.4f}")
    groups = collections.defaultdict(list)
    for w, (a, b) in distinct.items():
        if a != b:
            groups[cause(w, a, b, stemmer)].append((w, a, b))
    print("disagreements on distinct tokens, by cause:")
    for c, items in sorted(groups.items(), key=lambda x: -len(x[1])):
        print(f"  {len(items):5d}  {c}")
        for w, a, b in items[: args.show]:
            print(f"         {w}: nltk {a}  ours {b}")


if __name__ == "__main__":
    sys.exit(main())
