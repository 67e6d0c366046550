#!/usr/bin/env bash
# sanitized-demo.sh BINARY SECONDS
# The headless demo for SECONDS under the sanitizers the binary was built
# with (the asan preset: ASan + UBSan + LeakSanitizer at exit). Passes when it
# exits 0, printed attempts all along, and no sanitizer said anything.
set -uo pipefail
binary=$1 seconds=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
HOME=$work XDG_CONFIG_HOME=$work/.config XDG_DATA_HOME=$work/.local/share \
  "$binary" --demo --headless --duration "$seconds" --csv "$work/attempts.csv" \
  --transitions-csv "$work/transitions.csv" >"$work/out" 2>"$work/err"
status=$?
attempts=$(grep -c 'Z  ' "$work/out" || true)
echo "exit status $status, $attempts console lines in ${seconds} s"
if grep -E 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:|SUMMARY: ' "$work/err"; then
  echo "a sanitizer reported the above" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  cat "$work/err" >&2
  exit 1
fi
# The demo polls several endpoints a second: far more than one line per second.
if [ "$attempts" -lt "$seconds" ]; then
  echo "too few attempts ($attempts)" >&2
  exit 1
fi
