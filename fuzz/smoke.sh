#!/usr/bin/env bash
# Bounded fuzzing of every target (what CI runs): builds the targets with libFuzzer's coverage
# instrumentation on the nightly toolchain and runs each for SECONDS (default 20) from the
# committed seeds in fuzz/seeds/<target>. A crash, timeout (10 s an input) or OOM (2 GB)
# fails the run and leaves the input in fuzz/artifacts/<target>/.
#   fuzz/smoke.sh [SECONDS] [TARGET...]
# Without a nightly toolchain it says so and exits 0 (the rest of CI does not need one).
# With cargo-fuzz installed, `cargo +nightly fuzz run <target>` runs the same targets.
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text readers extract)
if ! cargo +nightly --version >/dev/null 2>&1; then
  echo "fuzz smoke: SKIPPED: no nightly toolchain (rustup toolchain install nightly)"
  exit 0
fi
# The flags cargo-fuzz passes (sanitizer coverage for libFuzzer), without AddressSanitizer:
# the code under test is safe Rust, and ASan would halve the executions.
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
# An explicit --target keeps the flags off build scripts and proc-macros (as cargo-fuzz does).
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
cargo +nightly build --release --quiet --bins --target "$host"
bin="target/$host/release"
for t in "${targets[@]}"; do
  mkdir -p "artifacts/$t" "corpus/$t" "seeds/$t"
  echo "== fuzz $t (${seconds} s)"
  status=0
  "$bin/$t" "corpus/$t" "seeds/$t" -max_total_time="$seconds" -timeout=10 \
    -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="artifacts/$t/" -print_final_stats=1 \
    > "artifacts/$t.log" 2>&1 || status=$?
  grep -E "stat::number_of_executed_units|stat::peak_rss_mb|ERROR|panicked" "artifacts/$t.log" || true
  if [ "$status" -ne 0 ]; then
    tail -40 "artifacts/$t.log"
    echo "fuzz $t: failed (exit $status); the input is in fuzz/artifacts/$t/"
    exit 1
  fi
done
