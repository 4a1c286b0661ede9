#!/usr/bin/env python3
"""The largest death tolls marsad codes over a corpus, with the words they came from, so that a
reader can check the figures users will add up (issue 13).

  tolls.py RECORDS.jsonl [--top 20]         (records from `marsad extract --input CORPUS.jsonl`)

Prints the total of `fatalities` over all records, then the largest tolls with their record id,
date, type, place, the Arabic phrase of the count and the start of the evidence sentence.
"""
import argparse
import json
import sys


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("records")
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    rows, bad = [], 0
    with open(a.records, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                bad += 1
                print(f"{a.records}:{n}: not JSON ({e}); skipped", file=sys.stderr)
    tolls = [r for r in rows if r.get("fatalities")]
    print(f"{len(rows)} records, {len(tolls)} with a death toll, total {sum(r['fatalities'] for r in tolls):,}")
    for r in sorted(tolls, key=lambda r: -r["fatalities"])[: a.top]:
        place = (r.get("location") or {}).get("name")
        sentence = ((r.get("evidence") or [{}])[0].get("sentence") or "")[:100]
        print(f"{r['fatalities']:>7,}  {r['event_id']}  {r.get('event_date')}  {r['sub_event_type']}  {place}")
        print(f"         «{r.get('fatalities_text')}» in «{sentence}»")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
