#!/usr/bin/env python3
"""Curation helper: run the actor dictionary over Arabic text with a naive matcher.

Standard library only; NOT the engine's matcher (that one lives in Rust). It exists so that
curators can see which aliases fire on real text and whether annotated actor phrases are covered.

    # which aliases fire, and how often (eyeball false positives):
    python3 tools/actors/check_corpus.py freq FILE.jsonl|FILE.txt ... [--top N]
    # coverage of annotated actors (marsad gold JSON files: events[].actor1/actor2 {name, ar}):
    python3 tools/actors/check_corpus.py gold GOLD.json ...

Matcher: Arabic-letter tokens, the validator's normalization, longest alias match (in tokens),
the first token may carry the proclitics و ف ب ل ك (and لل for ل+ال); country-bound aliases are
resolved with ambiguous.txt; {country} is filled with the English country name.
"""
import json
import os
import re
import sys
from collections import Counter, defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import validate  # noqa: E402

TOKEN_RE = re.compile(r"[\u0621-\u064A\u0660-\u0669\u0670-\u06D3\u0640A-Za-z0-9]+")
COUNTRY_NAMES = {
    "AF": "Afghanistan", "AE": "United Arab Emirates", "BH": "Bahrain", "DZ": "Algeria", "EG": "Egypt",
    "ET": "Ethiopia", "IL": "Israel", "IQ": "Iraq", "IR": "Iran", "JO": "Jordan", "KW": "Kuwait",
    "LB": "Lebanon", "LY": "Libya", "MA": "Morocco", "ML": "Mali", "NG": "Nigeria", "OM": "Oman",
    "PK": "Pakistan", "PS": "Palestine", "QA": "Qatar", "SA": "Saudi Arabia", "SD": "Sudan",
    "SO": "Somalia", "SS": "South Sudan", "SY": "Syria", "TN": "Tunisia", "TR": "Turkey",
    "US": "United States", "YE": "Yemen", "BF": "Burkina Faso", "NE": "Niger", "TD": "Chad",
}


def load(data_dir):
    rep = validate.Report()
    _, entries = validate.load_entries(data_dir, rep)
    validate.check_entries(entries, rep)
    ids = {e["id"]: e for e in entries}
    table = validate.load_ambiguous(os.path.join(data_dir, "ambiguous.txt"), rep, ids)
    index = defaultdict(list)  # tuple(tokens) -> [entry]
    maxlen = 1
    for e in entries:
        for raw, n in e["alias_list"]:
            key = tuple(n.split())
            index[key].append(e)
            maxlen = max(maxlen, len(key))
    return entries, ids, table, index, maxlen


def variants(tok):
    out = [tok]
    if tok.startswith("لل") and len(tok) > 3:
        out.append("ال" + tok[2:])
    if tok[:1] in "وف" and len(tok) > 2:
        rest = tok[1:]
        out.append(rest)
        if rest.startswith("لل") and len(rest) > 3:
            out.append("ال" + rest[2:])
        if rest[:1] in "بلك" and len(rest) > 2:
            out.append(rest[1:])
    if tok[:1] in "بلك" and len(tok) > 2:
        out.append(tok[1:])
    return out


def resolve(alias_norm, cands, table, country, ids):
    if alias_norm in table:
        _, rules, _ = table[alias_norm]
        star = None
        for ccs, eid in rules:
            if ccs == ["*"]:
                star = eid
            elif country in ccs:
                return ids[eid]
        return ids[star] if star else None
    return cands[0]


def match(text, data, country=None):
    entries, ids, table, index, maxlen = data
    toks = [validate.normalize(t) for t in TOKEN_RE.findall(text)]
    i, out = 0, []
    while i < len(toks):
        hit = None
        for n in range(min(maxlen, len(toks) - i), 0, -1):
            for first in variants(toks[i]):
                key = (first,) + tuple(toks[i + 1:i + n])
                if key in index:
                    hit = (n, " ".join(key), index[key])
                    break
            if hit:
                break
        if hit:
            n, alias, cands = hit
            e = resolve(alias, cands, table, country, ids)
            out.append((alias, e))
            i += n
        else:
            i += 1
    return out


def actor_name(e, country):
    if e is None:
        return None
    return e["name"].replace("{country}", COUNTRY_NAMES.get(country, country or "?"))


def read_texts(path):
    if path.endswith(".jsonl"):
        for line in open(path, encoding="utf-8"):
            try:
                d = json.loads(line)
            except ValueError:
                continue
            yield (d.get("title") or "") + "\n" + (d.get("text") or "")
    else:
        yield open(path, encoding="utf-8").read()


def cmd_freq(paths, data, top):
    per_alias = Counter()
    per_entry = Counter()
    for p in paths:
        for t in read_texts(p):
            for alias, e in match(t, data):
                per_alias[(alias, e["id"] if e else "(unresolved)")] += 1
                per_entry[e["id"] if e else "(unresolved)"] += 1
    print(f"{sum(per_alias.values())} matches, {len(per_alias)} distinct aliases")
    for (alias, eid), c in per_alias.most_common(top):
        print(f"{c:6d}  {eid:<24} {alias}")
    entries = data[0]
    never = [e["id"] for e in entries if per_entry[e["id"]] == 0]
    print(f"entries never matched: {len(never)}")


def cmd_gold(paths, data):
    ok = miss = 0
    for p in paths:
        d = json.load(open(p, encoding="utf-8"))
        for ev in d.get("events", []):
            country = ev.get("country")
            for k in ("actor1", "actor2"):
                a = ev.get(k)
                if not a or not a.get("ar"):
                    continue
                names = [actor_name(e, country) for _, e in match(a["ar"], data, country)]
                if a["name"] in names:
                    ok += 1
                else:
                    miss += 1
                    print(f"MISS {os.path.basename(p)} [{country}] {a['name']!r} <- {a['ar']!r} got {names}")
    print(f"gold actor phrases covered: {ok}/{ok + miss}")


def main(argv):
    if len(argv) < 2 or argv[0] not in ("freq", "gold"):
        print(__doc__)
        return 2
    top = 200
    if "--top" in argv:
        i = argv.index("--top")
        top = int(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    data = load(os.path.join(root, "data", "actors"))
    if argv[0] == "freq":
        cmd_freq(argv[1:], data, top)
    else:
        cmd_gold(argv[1:], data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
