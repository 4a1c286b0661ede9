#!/usr/bin/env python3
"""End-to-end measure of event identity (issue 14): extraction plus deduplication.

  measure.py gold    [--bin target/release/marsad] [--shared ../shared] [--rebuild]
  measure.py corpus  [--bin ...] [--shared ...] [--rebuild] [--db PATH]

gold: ingests the SaudiNewsNet articles of dev-gold and train-gold into a temporary SQLite
store with `marsad ingest`, maps each stored record to the gold event of its article that it
matches (shared/tools/score_events.py: `compatible`, then greedy by `similarity`), and
compares the store's grouping of the matched records with dedup-gold/clusters.json: pairwise
precision/recall/F1 over record pairs of different articles (UNSURE pairs left out) and
B-cubed. Records matching no gold event are left out.

corpus: ingests the whole SaudiNewsNet conflict subset (1,949 articles), reports docs/s,
records per event (max, p50, p90), the 10 largest events with their date span, and the events
whose day-precise claims are more than 2 days apart.

--rebuild runs `marsad dedup --rebuild` on the store before measuring.
"""
import argparse, json, os, sqlite3, subprocess, sys, tempfile, time
from datetime import date


def load_scorer(shared):
    sys.path.insert(0, os.path.join(shared, "tools"))
    import score_events
    return score_events


def ingest(binary, db, inputs, rebuild):
    t = time.monotonic()
    r = subprocess.run([binary, "ingest", "--quiet", "--db", db, *inputs], capture_output=True, text=True)
    secs = time.monotonic() - t
    if r.returncode not in (0, 1):
        sys.exit(f"ingest failed ({r.returncode}): {r.stderr[-2000:]}")
    print(r.stderr.strip().splitlines()[-1] if r.stderr.strip() else "", file=sys.stderr)
    if rebuild:
        t2 = time.monotonic()
        r = subprocess.run([binary, "dedup", "--rebuild", "--db", db], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit(f"dedup --rebuild failed ({r.returncode}): {r.stderr[-2000:]}")
        print(f"rebuild: {time.monotonic() - t2:.1f} s", file=sys.stderr)
    return secs


def stored_records(db):
    """(event id, record JSON) of every stored record."""
    con = sqlite3.connect(db)
    rows = con.execute("SELECT e.event_id_cnty, r.record FROM records r JOIN events e ON e.id = r.event").fetchall()
    con.close()
    return [(ev, json.loads(rec)) for ev, rec in rows]


def pair(a, b):
    return (a, b) if a <= b else (b, a)


def cross_pairs(groups):
    out = set()
    for members in groups:
        for a in members:
            for b in members:
                if a[0] != b[0] and a < b:
                    out.add(pair(a, b))
    return out


def prf(p, r):
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def ratio(a, b):
    return a / b if b else 1.0


def gold(args):
    sc = load_scorer(args.shared)
    root = os.path.dirname(os.path.abspath(args.shared))
    golds = []
    for d in ("dev-gold", "train-gold"):
        golds += [g for g in sc.load_gold(os.path.join(args.shared, "data", d), root)
                  if g["doc_id"].startswith("saudinewsnet-")]
    golds.sort(key=lambda g: g["doc_id"])
    with tempfile.TemporaryDirectory() as tmp:
        inp = os.path.join(tmp, "gold.jsonl")
        with open(inp, "w", encoding="utf-8") as f:
            for g in golds:
                f.write(json.dumps({"doc_id": g["doc_id"], "text": g["_text"], "published": g.get("published"),
                                    "source": g.get("source"), "title": g.get("title")}, ensure_ascii=False) + "\n")
        db = os.path.join(tmp, "gold.db")
        ingest(args.bin, db, [inp], args.rebuild)
        stored = stored_records(db)
    by_doc = {}
    for ev, rec in stored:
        by_doc.setdefault(rec["doc_id"], []).append((ev, rec))
    # the scorer's matching, per article
    item_event = {}
    for g in golds:
        gev, pev = g["events"], by_doc.get(g["doc_id"], [])
        cand = sorted(((sc.similarity(x, y[1]), i, j) for i, x in enumerate(gev)
                       for j, y in enumerate(pev) if sc.compatible(x, y[1])), reverse=True)
        used_g, used_p = set(), set()
        for _, i, j in cand:
            if i in used_g or j in used_p:
                continue
            used_g.add(i); used_p.add(j)
            item_event[(g["doc_id"], i)] = pev[j][0]
    pred = {}
    for it, ev in item_event.items():
        pred.setdefault(ev, []).append(it)
    gd = os.path.join(args.shared, "data", "dedup-gold")
    clusters = [[tuple_item(n) for n in c] for c in json.load(open(os.path.join(gd, "clusters.json")))["clusters"]]
    unsure = set()
    for line in open(os.path.join(gd, "judged-pairs.jsonl"), encoding="utf-8"):
        j = json.loads(line)
        if j["verdict"] == "UNSURE":
            unsure.add(pair(tuple_item(j["a"]), tuple_item(j["b"])))
    gold_of = {}
    for c, members in enumerate(clusters):
        for m in members:
            gold_of[m] = c
    for it in item_event:
        gold_of.setdefault(it, ("own", it))
    # pairwise: matched records only; gold pairs whose two events were both matched
    p = cross_pairs(pred.values()) - unsure
    g_all = cross_pairs(clusters)
    g = {x for x in g_all if x[0] in item_event and x[1] in item_event}
    tp = len(p & g)
    pw = prf(ratio(tp, len(p)), ratio(tp, len(g)))
    # B-cubed over matched records
    gold_members = {}
    for it in item_event:
        gold_members.setdefault(gold_of[it], []).append(it)
    bp = br = 0.0
    for members in pred.values():
        for a in members:
            ok = lambda b: b == a or pair(a, b) not in unsure
            own = [b for b in members if ok(b)]
            both = sum(1 for b in own if gold_of[b] == gold_of[a])
            bp += ratio(both, len(own))
            br += ratio(both, len([b for b in gold_members[gold_of[a]] if ok(b)]))
    n = max(len(item_event), 1)
    bc = prf(bp / n, br / n)
    n_gold = sum(len(g["events"]) for g in golds)
    print(f"gold articles {len(golds)}, gold events {n_gold}, stored records {len(stored)}, "
          f"matched {len(item_event)}; gold pairs {len(g_all)} ({len(g)} with both events matched), "
          f"predicted pairs {len(p)}, correct {tp}")
    print("pairwise P %.3f R %.3f F1 %.3f (recall over all %d gold pairs: %.3f)" % (*pw, len(g_all), ratio(tp, len(g_all))))
    print("B-cubed  P %.3f R %.3f F1 %.3f" % bc)
    if args.verbose:
        rec_of = {}
        for g_ in golds:
            for i, x in enumerate(g_["events"]):
                rec_of[(g_["doc_id"], i)] = x
        for kind, pairs_ in (("merged, not gold", p - g), ("gold, not merged", g - p)):
            for a, b in sorted(pairs_):
                print(f"{kind}: {a} {item_event[a]} / {b} {item_event[b]}")


def tuple_item(name):
    doc, _, i = name.rpartition("#")
    return (doc, int(i))


def percentile(sorted_values, q):
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def corpus(args):
    path = os.path.join(args.shared, "data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl")
    n_docs = sum(1 for _ in open(path, encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or os.path.join(tmp, "corpus.db")
        if os.path.exists(db):
            os.unlink(db)
        secs = ingest(args.bin, db, [path], args.rebuild)
        stored = stored_records(db)
    print(f"ingest: {n_docs} documents in {secs:.1f} s = {n_docs / secs:.0f} docs/s (wall, incl. start-up)")
    events = {}
    for ev, rec in stored:
        events.setdefault(ev, []).append(rec)
    sizes = sorted(len(v) for v in events.values())
    print(f"records {len(stored)}, events {len(events)}; records per event: max {sizes[-1]}, "
          f"p50 {percentile(sizes, 0.5)}, p90 {percentile(sizes, 0.9)}, p99 {percentile(sizes, 0.99)}")
    print(f"events with more than one record: {sum(1 for s in sizes if s > 1)}")

    def span(recs, day_only):
        ds = [date.fromisoformat(r["event_date"]) for r in recs
              if r.get("event_date") and (not day_only or r.get("time_precision") == 1)]
        return (min(ds), max(ds), (max(ds) - min(ds)).days) if ds else (None, None, 0)

    print("10 largest events: id, records, articles, date span of claims (days), of day-precise claims")
    for ev, recs in sorted(events.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:10]:
        lo, hi, d = span(recs, False)
        _, _, dd = span(recs, True)
        print(f"  {ev}: {len(recs)} records, {len({r['doc_id'] for r in recs})} articles, "
              f"{lo}..{hi} ({d} d), day-precise {dd} d, {recs[0]['sub_event_type']}, {recs[0].get('admin1')}")
    wide = sum(1 for recs in events.values() if span(recs, True)[2] > 2)
    print(f"events whose day-precise claims are more than 2 days apart: {wide}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["gold", "corpus"])
    ap.add_argument("--bin", default="target/release/marsad")
    ap.add_argument("--shared", default=os.environ.get("MARSAD_SHARED", "../shared"))
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--db", help="corpus: keep the store here")
    ap.add_argument("--verbose", action="store_true", help="gold: list the wrong and missed pairs")
    args = ap.parse_args()
    if not os.path.isdir(os.path.join(args.shared, "data", "dedup-gold")):
        print(f"SKIPPED: {args.shared}/data/dedup-gold not found (set MARSAD_SHARED)")
        return
    gold(args) if args.what == "gold" else corpus(args)


if __name__ == "__main__":
    main()
