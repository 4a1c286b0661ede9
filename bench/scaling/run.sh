#!/usr/bin/env bash
# Scaling of the hostile-input paths: time for 1x, 2x, 4x and 8x input, which should grow
# about as the input (linear), not as its square.
#   - extraction of one long article (news texts of the SaudiNewsNet subset, or the samples,
#     joined into one text of 0.5 MB x 1, 2, 4, 8): `marsad extract --format txt`
#   - an HTML page of N nested <div> (N = 2,000 x 1, 2, 4, 8): `marsad ingest`
# Usage: bench/scaling/run.sh [path/to/marsad]   (default: builds target/release/marsad)
# Prints one TSV line per run: case, scale, input bytes, seconds, seconds per scale unit.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${1:-}
if [ -z "$bin" ]; then
  cargo build --release -q -p marsad
  bin=target/release/marsad
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
shared=${MARSAD_SHARED:-../shared}
news="$shared/data/corpora/news/saudinewsnet/saudinewsnet-conflict-subset.jsonl"
[ -f "$news" ] || news=examples/hasakah-prison.jsonl
base_bytes=${BASE_BYTES:-500000}
base_divs=${BASE_DIVS:-2000}
python3 - "$news" "$work" "$base_bytes" "$base_divs" <<'PY'
import json, sys
news, work, base, divs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
texts = [json.loads(l)["text"] for l in open(news, encoding="utf-8") if l.strip()]
joined = "\n".join(texts)
while len(joined.encode()) < 8 * base:
    joined += "\n" + joined
data = joined.encode()
para = "<p>قتل 11 جنديا في هجوم على مقر للجيش في ديالى أمس، وقال مسؤول إن الهجوم وقع ليلا.</p>" * 3
for k in (1, 2, 4, 8):
    cut = data[: k * base].decode("utf-8", "ignore")
    open(f"{work}/article-{k}.txt", "w", encoding="utf-8").write(cut)
    n = k * divs
    html = "<html><head><title>t</title></head><body>" + "<div>" * n + para + "</div>" * n + "</body></html>"
    open(f"{work}/nested-{k}.html", "w", encoding="utf-8").write(html)
PY
# Loading the dictionaries and gazetteer: measured once and subtracted.
start=$(date +%s.%N)
printf 'x' > "$work/empty.txt"
"$bin" extract --format txt --published 2020-01-01 --input "$work/empty.txt" > /dev/null 2>&1 || true
load=$(echo "$(date +%s.%N) - $start" | bc)
printf 'case\tscale\tbytes\tseconds\tseconds/scale\n'
for k in 1 2 4 8; do
  f="$work/article-$k.txt"
  start=$(date +%s.%N)
  "$bin" extract --format txt --published 2020-01-01 --input "$f" > /dev/null
  s=$(echo "$(date +%s.%N) - $start - $load" | bc)
  printf 'extract-article\t%d\t%d\t%.2f\t%.2f\n' "$k" "$(stat -c %s "$f")" "$s" "$(echo "$s / $k" | bc -l)"
done
for k in 1 2 4 8; do
  f="$work/nested-$k.html"
  start=$(date +%s.%N)
  "$bin" ingest --db "$work/nested-$k.db" "$f" > /dev/null 2>&1
  s=$(echo "$(date +%s.%N) - $start - $load" | bc)
  printf 'ingest-nested-div\t%d\t%d\t%.2f\t%.2f\n' "$k" "$(stat -c %s "$f")" "$s" "$(echo "$s / $k" | bc -l)"
done
