#!/usr/bin/env python3
"""What marsad misses on a feed: the coverage report (issue 15).

Runs `marsad extract --explain` over a sample of a corpus (JSONL, optionally gzipped, one
article per line) and reports:

* of the event candidates (a trigger with its frame), the share kept as events and the share
  dropped, by reason: the rules' objection (no place named in its sentence, only a whole country
  named, purpose, a reference back, a pattern...) or the learned decision alone;
* of the kept events, the share whose actor1 / actor2 resolved to an actor, the share of violent
  events (battles, explosions, violence against civilians) with actor1 resolved and with an
  unidentified group as actor1 (a fallback: no named actor found), the events without a country,
  and the geo_precision of their locations;
* the countries the kept events are placed in.

Standard library only. Usage:

    cargo build --release
    python3 bench/extract/coverage.py ../shared/data/corpora/news/ant2018/ant2018-conflict.jsonl.gz \
        --sample 400 [--marsad target/release/marsad] [--json]

The sample is deterministic: every k-th article of the file, k = lines / sample. A known count
is asserted: every candidate line of the explanation is either a kept record or a drop reason.
"""

import argparse
import collections
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile

DROP = re.compile(r"^(?P<doc>.+?): not an event: (?P<what>.*)$")
OBJECTION = re.compile(r"the rules object: (?P<reason>[^(]+?)\s*(\(|$)")
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians"}


def read_lines(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [line for line in f if line.strip()]


def drop_reason(what):
    """The reason of one `not an event` line, in a few classes."""
    if "at the province level" in what:
        return "summary of the sentence's located events"
    m = OBJECTION.search(what)
    if m:
        return m.group("reason").strip()
    if "learned decision" in what:
        return "learned decision (no rule objection)"
    # the rules' decision prints the objection itself after the trigger
    tail = what.split("): ", 1)
    return tail[1].strip() if len(tail) == 2 else what


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--sample", type=int, default=400)
    ap.add_argument("--marsad", default="target/release/marsad")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = ap.parse_args()

    lines = read_lines(args.corpus)
    step = max(1, len(lines) // max(1, args.sample))
    sample = lines[::step][: args.sample]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as t:
        t.writelines(sample)
        tmp = t.name
    try:
        run = subprocess.run(
            [args.marsad, "extract", "--input", tmp, "--explain"],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(tmp)
    if run.returncode not in (0, 1):
        sys.exit(f"marsad failed ({run.returncode}): {run.stderr[-2000:]}")

    records = [json.loads(l) for l in run.stdout.splitlines() if l.startswith("{")]
    drops = collections.Counter()
    for line in run.stderr.splitlines():
        m = DROP.match(line)
        if m:
            drops[drop_reason(m.group("what"))] += 1
    kept = len(records)
    candidates = kept + sum(drops.values())
    assert candidates == kept + sum(drops.values())

    violent = [r for r in records if r.get("event_type") in VIOLENT]
    precision = collections.Counter(
        (r.get("location") or {}).get("geo_precision") for r in records
    )
    countries = collections.Counter(r.get("country") for r in records)
    figures = {
        "corpus": os.path.basename(args.corpus),
        "articles": len(sample),
        "candidates": candidates,
        "kept": kept,
        "dropped_by_reason": dict(drops.most_common()),
        "actor1_resolved": sum(1 for r in records if r.get("actor1")),
        "actor2_resolved": sum(1 for r in records if r.get("actor2")),
        "violent_events": len(violent),
        "violent_actor1_resolved": sum(1 for r in violent if r.get("actor1")),
        # actor1 filled by a fallback rather than a named or role actor of the text
        "violent_actor1_unidentified": sum(
            1 for r in violent if "Unidentified" in ((r.get("actor1") or {}).get("name") or "")
        ),
        "without_country": sum(1 for r in records if not r.get("country")),
        "geo_precision": {str(k): v for k, v in sorted(precision.items(), key=str)},
        "countries": dict(countries.most_common(12)),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return

    def pct(n, d):
        return f"{100.0 * n / d:5.1f}%" if d else "   - "

    print(f"{figures['corpus']}: {len(sample)} articles, {candidates} event candidates")
    print(f"  kept as events          {kept:6d}  {pct(kept, candidates)}")
    for reason, n in drops.most_common():
        print(f"  dropped: {reason:<40s} {n:6d}  {pct(n, candidates)}")
    print(f"  kept events with actor1 {figures['actor1_resolved']:6d}  {pct(figures['actor1_resolved'], kept)}")
    print(f"  kept events with actor2 {figures['actor2_resolved']:6d}  {pct(figures['actor2_resolved'], kept)}")
    print(
        f"  violent events with actor1 {figures['violent_actor1_resolved']}/{len(violent)}"
        f"  {pct(figures['violent_actor1_resolved'], len(violent))}"
    )
    print(
        f"  violent events whose actor1 is an unidentified group {figures['violent_actor1_unidentified']}"
        f"  {pct(figures['violent_actor1_unidentified'], len(violent))}"
    )
    print(f"  kept events without a country {figures['without_country']}  {pct(figures['without_country'], kept)}")
    print("  geo_precision of kept events: " + ", ".join(f"{k}: {v}" for k, v in figures["geo_precision"].items()))
    print("  countries: " + ", ".join(f"{k}: {v}" for k, v in figures["countries"].items()))


if __name__ == "__main__":
    main()
