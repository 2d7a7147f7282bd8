#!/usr/bin/env bash
# Runs every libFuzzer harness built in BUILD_DIR (fuzz/*_fuzz) for SECONDS each, JOBS at a
# time (default: the number of cores; a harness is one single-threaded process), each on a
# temporary copy of its seed corpus fuzz/corpus/<harness>/ (the committed seeds are never
# modified). Prints one summary line per harness, in name order. Exits non-zero if any
# harness crashes, leaks, times out or runs out of memory; the failing input is kept in
# BUILD_DIR/fuzz-artifacts/<harness>/ and the tail of its log is printed.
#
# Usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS [JOBS]
set -euo pipefail

if [ $# -lt 2 ] || [ $# -gt 3 ] || ! [[ $2 =~ ^[1-9][0-9]*$ ]] ||
  { [ $# -eq 3 ] && ! [[ $3 =~ ^[1-9][0-9]*$ ]]; }; then
  echo "usage: $0 BUILD_DIR SECONDS [JOBS]" >&2
  exit 2
fi
build_dir=$(cd "$1" && pwd)
seconds=$2
jobs=${3:-$(nproc)}
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

# Runs one harness; its summary line goes to $work/<name>.summary, and the exit status (0 when
# clean) to $work/<name>.status.
run_one() {
  local harness=$1 name corpus seeds artifacts log status execs rss cov units crash
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
      "$name" "${execs:-?}" "$seconds" "${cov:-?}" "$seeds" "$units" "${rss:-?}" \
      >"$work/$name.summary"
  else
    crash=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
    {
      printf 'run-fuzzers: %-22s FAILED (exit %s) after %s execs; input: %s\n' \
        "$name" "$status" "${execs:-?}" "${crash:+$artifacts/$crash}"
      tail -n 40 "$log" | sed 's/^/    /'
    } >"$work/$name.summary"
  fi
  echo "$status" >"$work/$name.status"
}

names=()
for harness in "${harnesses[@]}"; do
  [ -x "$harness" ] || continue
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || true; done
  run_one "$harness" &
  names+=("$(basename "$harness")")
done
wait

failed=0
for name in "${names[@]}"; do
  cat "$work/$name.summary"
  if [ "$(cat "$work/$name.status" 2>/dev/null || echo 1)" != 0 ]; then failed=1; fi
done
exit "$failed"
