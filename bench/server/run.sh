#!/usr/bin/env bash
# Load test of the observatory API: a store of EVENTS events (default 1,000,000, built once by
# crates/marsad-server/examples/load_store.rs from the demo collection), `marsad serve` on a
# loopback port, and wrk (Debian's package) from a second process: a bounded run per query kind,
# 2 threads, 32 connections, 20 s each. Prints requests/s and latency percentiles. The fixed
# URLs are answered from the response reuse after their first request (the "single request"
# line is that first, computed answer); the last run varies the URL on every request.
#
#   bash bench/server/run.sh            # EVENTS=1000000 DB=/tmp/marsad-load.db PORT=18080
set -euo pipefail
cd "$(dirname "$0")/../.."
EVENTS="${EVENTS:-1000000}"
DB="${DB:-/tmp/marsad-load-${EVENTS}.db}"
PORT="${PORT:-18080}"
DURATION="${DURATION:-20s}"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 1; }
cargo build --release --quiet -p marsad -p marsad-server --example load_store
if [ ! -f "$DB" ]; then
  ./target/release/examples/load_store "$DB" "$EVENTS"
fi
./target/release/marsad serve --db "$DB" --port "$PORT" >/tmp/marsad-load-serve.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$PORT/api/stats" >/dev/null && break; sleep 1; done
BASE="http://127.0.0.1:$PORT"
for path in \
  "/api/events" \
  "/api/events?country=SY&limit=50" \
  "/api/events?from=2018-01-01&to=2018-12-31&event_type=Battles" \
  "/api/events?admin1=Aleppo&min_fatalities=1&sort=-fatalities" \
  "/api/events?bbox=35,32,42,37&limit=100"; do
  echo "== GET $path"
  curl -sf -o /dev/null -w "single request: %{time_total}s, %{size_download} bytes\n" "$BASE$path"
  wrk -t2 -c32 -d"$DURATION" --latency "$BASE$path" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
done
# Every request another URL (random end dates): the server's response reuse rarely applies,
# so this measures the store's own answers.
echo "== GET /api/events?to=<random day>&limit=<50..100> (varied)"
wrk -t2 -c32 -d"$DURATION" --latency -s bench/server/varied.lua "$BASE" | grep -E "Requests/sec|Latency|50%|90%|99%|Non-2xx|Socket errors"
