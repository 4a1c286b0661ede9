#!/usr/bin/env python3
"""Counts of word forms in marsad's news corpora, in the segment lexicon's columns.

Prints `form<TAB>count alone<TAB>count after ال` for each form given (alef forms folded to ا, as
the lexicon writes them), counted over every JSONL(.gz) file under the corpora folder. These
counts make crates/marsad-text/data/segment-press.tsv: press words the NER corpora of the main
lexicon saw too rarely for the segmenter to keep them whole.

Usage:
    python3 tools/segment/press_counts.py ../shared/data/corpora/news كمينا,فجرت,واصل
"""
import collections
import glob
import gzip
import json
import re
import sys

FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})


def main(root: str, forms: str) -> None:
    want = {f.translate(FOLD) for f in forms.split(",") if f}
    alone: collections.Counter = collections.Counter()
    after_article: collections.Counter = collections.Counter()
    for path in sorted(glob.glob(f"{root}/*/*.jsonl*")):
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                try:
                    text = json.loads(line).get("text", "")
                except json.JSONDecodeError:
                    continue
                for word in re.findall(r"[\u0621-\u064a]+", text.translate(FOLD)):
                    if word in want:
                        alone[word] += 1
                    elif word.startswith("ال") and word[2:] in want:
                        after_article[word[2:]] += 1
    for form in sorted(want):
        print(f"{form}\t{alone[form]}\t{after_article[form]}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
