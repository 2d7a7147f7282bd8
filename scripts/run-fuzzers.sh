#!/usr/bin/env bash
# Runs every libFuzzer harness built in BUILD_DIR (fuzz/*_fuzz) for SECONDS each, one after the
# other, each on a temporary copy of its seed corpus fuzz/corpus/<harness>/ (the committed
# seeds are never modified). Prints one summary line per harness. Exits non-zero if any
# harness crashes, leaks, times out or runs out of memory; the failing input is kept in
# BUILD_DIR/fuzz-artifacts/<harness>/ and the tail of its log is printed.
#
# Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS
set -euo pipefail

if [ $# -ne 2 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: $0 BUILD_DIR SECONDS" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
source_dir=$(cd "$(dirname "$0")/.." && pwd)

shopt -s nullglob
harnesses=("$build_dir"/fuzz/*_fuzz)
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "run-fuzzers: no harnesses in $build_dir/fuzz (configure and build the fuzz preset)" >&2
  exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/vigil-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT

# UBSan findings must stop the run like ASan ones do.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"

failed=0
for harness in "${harnesses[@]}"; do
  [ -x "$harness" ] || continue
  name=$(basename "$harness")
  corpus="$work/$name"
  mkdir -p "$corpus"
  if [ -d "$source_dir/fuzz/corpus/$name" ]; then
    cp -r "$source_dir/fuzz/corpus/$name/." "$corpus/"
  fi
  seeds=$(find "$corpus" -type f | wc -l)
  artifacts="$build_dir/fuzz-artifacts/$name"
  mkdir -p "$artifacts"
  log="$work/$name.log"
  status=0
  "$harness" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "$corpus" >"$log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2 || true)
  units=$(find "$corpus" -type f | wc -l)
  if [ "$status" -eq 0 ]; then
    printf 'run-fuzzers: %-22s ok     %10s execs in %ss, cov %s, corpus %s -> %s, peak %s MB\n' \
      "$name" "${execs:-?}" "$seconds" "${cov:-?}" "$seeds" "$units" "${rss:-?}"
  else
    failed=1
    crash=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
    printf 'run-fuzzers: %-22s FAILED (exit %s) after %s execs; input: %s\n' \
      "$name" "$status" "${execs:-?}" "${crash:+$artifacts/$crash}"
    tail -n 40 "$log" | sed 's/^/    /' >&2
  fi
done
exit "$failed"
