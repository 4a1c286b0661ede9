#!/usr/bin/env bash
# Store benchmarks: ingest of the SaudiNewsNet conflict subset (1,949 articles) and of a
# 100,000-article synthetic collection built from it (varied ids, outlets and dates), into
# SQLite, with /usr/bin/time for peak memory. Skips when ../shared is absent.
set -euo pipefail
cd "$(dirname "$0")/../.."
CORPUS="${MARSAD_SHARED:-../shared}/data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl"
if [ ! -f "$CORPUS" ]; then echo "skipped: $CORPUS not found"; exit 0; fi
cargo build --release -p marsad
OUT="${TMPDIR:-/tmp}/marsad-bench-store"; rm -rf "$OUT"; mkdir -p "$OUT"
python3 - "$CORPUS" "$OUT/synthetic-100k.jsonl" <<'PY'
import json, sys, datetime
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(100_000):
        d = dict(docs[i % len(docs)])
        d["doc_id"] = f"syn-{i}"
        d["source"] = f"outlet-{i % 37}"
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=(i * 7) % 3650)
        d["published"] = day.isoformat()
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
for input in "$CORPUS" "$OUT/synthetic-100k.jsonl"; do
  db="$OUT/$(basename "$input").db"
  /usr/bin/time -v ./target/release/marsad ingest --quiet --db "$db" "$input" 2> "$OUT/log.txt" || true
  grep -E "documents read|Maximum resident" "$OUT/log.txt"
  du -h "$db"
done
