#!/usr/bin/env bash
# run-fuzzer.sh BINARY SEED_CORPUS WORK_DIR SECONDS [DICTIONARY]
# One time-boxed libFuzzer run. New inputs go to WORK_DIR/corpus (never into
# the committed seed corpus); a crashing, leaking or hanging input is saved
# under WORK_DIR/artifacts/ and the run fails. To keep a finding as a
# regression test, copy the artifact into tests/fuzz/corpus/<target>/.
set -euo pipefail
binary=$1 seeds=$2 work=$3 seconds=$4 dict=${5:-}
mkdir -p "$work/corpus" "$work/artifacts"
options=(
  -max_total_time="$seconds"
  -timeout=10            # one input taking 10 s is a hang
  -rss_limit_mb=2048     # a memory blow-up is a finding, not an OOM kill
  -max_len=65536
  -print_final_stats=1
  -artifact_prefix="$work/artifacts/"
)
if [ -n "$dict" ] && [ -f "$dict" ]; then
  options+=(-dict="$dict")
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$binary" "${options[@]}" "$work/corpus" "$seeds"
