#!/usr/bin/env python3
"""Writes data/gazetteer/stopnames.tsv: gazetteer names that are also common Arabic words.

Method (reproducible, standard library only):
  1. Document frequency (DF) of every normalized word and of its proclitic-stripped readings
     in Arabic news text (default: the SaudiNewsNet conflict subset and the PADT documents
     under shared/data/corpora; only the counts are used, no text is copied).
  2. One-word gazetteer keys (shared tables and data/gazetteer/world/) whose places are all minor (villages, neighbourhoods, small towns,
     sub-districts, spots) and whose DF is >= --min-df are "common": in running text they
     become places only with a feature word (قرية، حي، مدينة…).
  3. One-word keys of notable places (countries, provinces, cities, towns of 20,000+ of the
     shared tables, and every place of the curated supplements data/gazetteer/supplement*.tsv;
     towns of data/gazetteer/world/ are notable only through a supplement) are never added
     automatically; a one-word name of a town of data/gazetteer/world/ is "common" from a DF of
     3 of itself or of the word under its proclitic (foreign names are rare in local news); data/gazetteer/stopnames-manual.tsv lists the ones a person
     reviewed (common words such as الخميس، الجزيرة، المدينة, given names such as عدن)
     with their tier, and words to keep out of the automatic list.

Usage: make_stopnames.py SHARED_DIR REPO_DIR [--min-df N]
"""
import gzip, json, re, sys, unicodedata
from collections import Counter
from pathlib import Path

TASHKEEL = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ی": "ي", "ې": "ي",
                      "ة": "ه", "ۀ": "ه", "ؤ": "و", "ئ": "ي", "ء": None, "ک": "ك"})
WORD = re.compile("[\u0620-\u064a\u0671-\u06d3]+")


WORLD_MIN_DF = 3


def norm(s):
    s = unicodedata.normalize("NFKC", s)
    return TASHKEEL.sub("", s).translate(FOLD)


def readings(w):
    out = {w}
    i = 0
    if w[:1] in ("و", "ف") and len(w) >= 4:
        i = 1
        out.add(w[1:])
    if w[i:i + 1] in ("ب", "ك", "ل") and len(w) >= i + 3:
        if w[i:i + 2] == "لل" and len(w) >= i + 4:
            out.add("ا" + w[i + 1:])
        else:
            out.add(w[i + 1:])
    return out


def main():
    args = sys.argv[1:]
    min_df = 8
    if "--min-df" in args:
        k = args.index("--min-df")
        min_df = int(args[k + 1])
        del args[k:k + 2]
    shared, repo = Path(args[0]), Path(args[1])
    df = Counter()
    docs = 0
    for path in [shared / "data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl",
                 shared / "data/corpora/padt-docs.jsonl"]:
        for line in open(path, encoding="utf-8"):
            try:
                text = json.loads(line).get("text") or ""
            except ValueError:
                continue
            docs += 1
            seen = set()
            for w in WORD.findall(norm(text)):
                seen |= readings(w)
            df.update(seen)
    notable, minor, world = set(), set(), set()

    def add(names, big, foreign=False):
        for n in names:
            k = " ".join(WORD.findall(norm(n)))
            if k and " " not in k:
                (notable if big else world if foreign else minor).add(k)

    for places in [shared / "data/gazetteer/places.tsv.gz", repo / "data/gazetteer/world/places.tsv.gz"]:
        with gzip.open(places, "rt", encoding="utf-8") as f:
            head = f.readline().rstrip("\n").split("\t")
            col = {c: i for i, c in enumerate(head)}
            for line in f:
                r = line.rstrip("\n").split("\t")
                names = [r[col["name_ar"]]] + r[col["ar_variants"]].split("|")
                if r[col["country_code"]] in ("IR", "AF", "PK"):
                    names += r[col["ar_script_other"]].split("|")
                cls, code = r[col["feature_class"]], r[col["feature_code"]]
                pop = int(r[col["population"]] or 0)
                # a town of the wider world is notable only through the curated supplements:
                # its GeoNames Arabic names are often common words (كان Cannes, امن Emmen)
                foreign = "world" in places.parts
                add(names, not foreign and
                    ((cls == "A" and (code.startswith("PCL") or code == "ADM1")) or
                     (cls == "P" and (code in ("PPLC", "PPLA", "PPLA2") or pop >= 20000))),
                    foreign)
    # the curated supplements' places were chosen because the press names them: all notable
    for sup in sorted((repo / "data/gazetteer").glob("supplement*.tsv")):
        with open(sup, encoding="utf-8") as f:
            lines = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#") and l.strip()]
        col = {c: i for i, c in enumerate(lines[0])}
        for r in lines[1:]:
            add(r[col["names_ar"]].split("|"), True)
    manual = {}
    for line in open(repo / "data/gazetteer/stopnames-manual.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        w, tier = line.rstrip("\n").split("\t")[:2]
        manual[" ".join(WORD.findall(norm(w)))] = tier
    # a foreign town's name is common as soon as it, or the word under its proclitic, is seen
    # in a few local news documents (بريا "by land", وشقة "and a flat" of Huesca)
    auto = {k for k in minor - notable if df[k] >= min_df}
    auto |= {k for k in world - notable if max(df[r] for r in readings(k)) >= WORLD_MIN_DF}
    auto = sorted(k for k in auto if manual.get(k) != "keep")
    out = repo / "data/gazetteer/stopnames.tsv"
    with open(out, "w", encoding="utf-8") as f:
        f.write("# Gazetteer names that are also common Arabic words or given names: in running text they\n")
        f.write("# need evidence (a feature word; for 'person', a locative cue and no person cue).\n")
        f.write(f"# Generated by tools/gazetteer/make_stopnames.py (min DF {min_df} over {docs} news documents;\n")
        f.write("# only word counts were used) plus data/gazetteer/stopnames-manual.tsv. Columns: word, tier.\n")
        for k, tier in sorted(manual.items()):
            if tier != "keep":
                f.write(f"{k}\t{tier}\n")
        for k in auto:
            if k not in manual:
                f.write(f"{k}\tcommon\n")
    print(f"{docs} docs; {len(auto)} automatic, {sum(t != 'keep' for t in manual.values())} manual -> {out}")
    # for review: notable one-word names by DF
    with open("/tmp/notable_by_df.tsv", "w", encoding="utf-8") as f:
        for k in sorted(notable, key=lambda k: -df[k]):
            if df[k] >= 5:
                f.write(f"{k}\t{df[k]}\n")


if __name__ == "__main__":
    main()
