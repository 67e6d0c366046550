#!/usr/bin/env bash
# Runs clang-tidy with the repository's .clang-tidy over the program's own
# sources (core/, ui/, app/), or with --all over the tests and benchmarks
# too; any finding fails. Needs a configured build tree for its compile
# commands (default build/dev) and the generated headers (build it first).
#   installer/check-tidy.sh [--all] [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."
scope=(core ui app)
if [[ "${1:-}" == "--all" ]]; then
    scope+=(tests bench)
    shift
fi
build="${1:-build/dev}"
[[ -f "${build}/compile_commands.json" ]] || { echo "check-tidy: no ${build}/compile_commands.json: configure and build first" >&2; exit 2; }
files=()
for dir in "${scope[@]}"; do
    while IFS= read -r file; do files+=("$file"); done < <(git ls-files "${dir}/*.cpp" | grep -v '^tests/fuzz/')
done
echo "check-tidy: ${#files[@]} files in ${scope[*]}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
# Two files per clang-tidy, as many at once as there are cores.
if ! printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 2 clang-tidy -p "${build}" --quiet >"$log" 2>/dev/null; then
    grep -E "(warning|error):" "$log" | sort -u >&2 || cat "$log" >&2
    echo "check-tidy: findings above (see .clang-tidy for the checks)" >&2
    exit 1
fi
echo "check-tidy: clean"
