#!/usr/bin/env bash
# marsad's text chain beside the Python tools people use today (camel-tools, pyarabic,
# tashaphyne, NLTK ISRI, anltk, Snowball stemmers), on the same input in one run, single thread.
#
#   bash bench/peers/run.sh                 # the peers' 20 MB seed corpus (the two sample articles repeated)
#   RUNS=1 TARGET_MB=5 bash bench/peers/run.sh   # quicker: the Python chains run at ~0.3 MB/s
#   bash bench/peers/run.sh corpus.jsonl    # any .txt (a unit per line) or .jsonl (field "text")
#
# The peers run from ../shared/tools/peers (or $MARSAD_SHARED/tools/peers), which installs its own
# venv from PyPI the first time (/tmp/peers-venv-lite). Prints MB/s for each tool and stage and
# marsad's ratio to the fastest peer of each stage; raw rows go to bench/out/peers/.
set -euo pipefail
cd "$(dirname "$0")/../.."
SHARED="${MARSAD_SHARED:-../shared}"
PEERS="$SHARED/tools/peers"
if [ ! -f "$PEERS/peers.py" ]; then echo "skipped: $PEERS not found"; exit 0; fi
OUT=bench/out/peers; mkdir -p "$OUT"
RUNS="${RUNS:-3}"
TARGET_MB="${TARGET_MB:-20}"   # size of the seed corpus when no input is given
INPUT="${1:-}"
if [ -z "$INPUT" ]; then
  INPUT="/tmp/arabic_peers_seed_corpus_${TARGET_MB}MB.txt"
  bash "$PEERS/run.sh" --runs "$RUNS" --target-mb "$TARGET_MB" --no-samples --corpus-path "$INPUT" --out "$OUT/peers.json" >"$OUT/peers.log" 2>&1 \
    || { echo "the peers failed; see $OUT/peers.log"; tail -20 "$OUT/peers.log"; exit 1; }
else
  bash "$PEERS/run.sh" "$INPUT" --runs "$RUNS" --no-samples --out "$OUT/peers.json" >"$OUT/peers.log" 2>&1 \
    || { echo "the peers failed; see $OUT/peers.log"; tail -20 "$OUT/peers.log"; exit 1; }
fi
cargo build --release --quiet -p marsad-text --example text_chain
./target/release/examples/text_chain "$INPUT" --runs "$RUNS" > "$OUT/marsad.jsonl"
python3 - "$OUT/peers.json" "$OUT/marsad.jsonl" <<'PY'
import json, sys
peers = json.load(open(sys.argv[1]))
ours = [json.loads(l) for l in open(sys.argv[2])]
print(f"input: {peers['input'].get('path')} ({peers['input']['bytes'] / 1e6:.1f} MB), "
      f"{peers['machine'].get('cpu_model')}, {peers['machine'].get('nproc')} cores, single thread, median of {peers['method']['runs']}")
for row in ours:
    stage = row["stage"]
    rows = [r for r in peers["stages"] if r["stage"] == stage and r.get("mb_per_s")]
    if stage == "chain":  # the light-only chain does less than marsad's and the other chains
        rows = [r for r in rows if "light only" not in r["tool"]]
    print(f"\n## {stage}")
    print(f"| tool | MB/s | marsad × |")
    print(f"|---|---:|---:|")
    for r in sorted(rows, key=lambda r: -r["mb_per_s"]):
        print(f"| {r['tool']} | {r['mb_per_s']:.3f} | {row['mb_per_s'] / r['mb_per_s']:.1f} |")
    print(f"| **{row['tool']}** | **{row['mb_per_s']:.1f}** | |")
    if rows:
        best = max(rows, key=lambda r: r["mb_per_s"])
        print(f"marsad / fastest peer ({best['tool']}): {row['mb_per_s'] / best['mb_per_s']:.1f}×")
PY
