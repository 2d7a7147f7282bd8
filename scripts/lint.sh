#!/usr/bin/env bash
# Lint: zero findings or a non-zero exit.
#   1. clang-format (.clang-format) over every tracked .h/.cc file under src apps tests bench
#      fuzz: reports each file whose layout differs (fix with `clang-format -i FILE`).
#   2. clang-tidy-14 (.clang-tidy) over every source under src/ and apps/ in
#      build/dev/compile_commands.json (the dev preset is configured first if it is missing),
#      LINT_JOBS files at a time (default 2); LINT_BUILD_DIR names another configured build
#      directory to take the compile commands from. Headers are checked through the sources that
#      include them; each finding is printed once.
# Usage: scripts/lint.sh                 (run from anywhere; works on the repository it lives in)
#        scripts/lint.sh --format-only   step 1 alone (seconds; what .ci/run checks)
set -euo pipefail
cd "$(dirname "$0")/.."

format_only=0
case "${1:-}" in
  "") ;;
  --format-only) format_only=1 ;;
  *) echo "usage: scripts/lint.sh [--format-only]" >&2; exit 2 ;;
esac

jobs=${LINT_JOBS:-2}
build_dir=${LINT_BUILD_DIR:-build/dev}
clang_format=$(command -v clang-format-14 || command -v clang-format)
clang_tidy=$(command -v clang-tidy-14 || true)
if [ -z "$clang_tidy" ] && [ "$format_only" -eq 0 ]; then
  echo "lint: clang-tidy-14 is not installed (scripts/install-deps.sh)" >&2
  exit 2
fi

status=0

# 1. Formatting.
mapfile -t format_files < <(git ls-files -- 'src/*.h' 'src/*.cc' 'apps/*.h' 'apps/*.cc' \
  'tests/*.h' 'tests/*.cc' 'bench/*.h' 'bench/*.cc' 'fuzz/*.h' 'fuzz/*.cc')
unformatted=()
for f in "${format_files[@]}"; do
  [ -f "$f" ] || continue  # deleted in the working tree
  if ! "$clang_format" --dry-run -Werror "$f" >/dev/null 2>&1; then unformatted+=("$f"); fi
done
if [ ${#unformatted[@]} -gt 0 ]; then
  status=1
  printf 'lint: clang-format: %s\n' "${unformatted[@]}"
fi
echo "lint: clang-format: ${#format_files[@]} files, ${#unformatted[@]} not formatted"
if [ "$format_only" -eq 1 ]; then exit "$status"; fi

# 2. Static analysis.
if [ ! -f "$build_dir/compile_commands.json" ]; then
  if [ "$build_dir" != build/dev ]; then
    echo "lint: no $build_dir/compile_commands.json" >&2
    exit 2
  fi
  cmake --preset dev >/dev/null
fi
mapfile -t tidy_files < <(LINT_COMPILE_COMMANDS="$build_dir/compile_commands.json" python3 - <<'PY'
import json, os
root = os.getcwd()
seen = set()
for entry in json.load(open(os.environ["LINT_COMPILE_COMMANDS"])):
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if rel.startswith(("src/", "apps/")) and os.path.exists(path) and rel not in seen:
        seen.add(rel)
        print(rel)
PY
)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
tidy_status=0
printf '%s\n' "${tidy_files[@]}" |
  xargs -r -P "$jobs" -n 1 "$clang_tidy" -p "$build_dir" --quiet >"$log" 2>&1 || tidy_status=$?
# One line per finding (a header's finding is reported by every source that includes it).
findings=$(grep -E '^[^ ].*:[0-9]+:[0-9]+: (warning|error):|^error:' "$log" | sort -u || true)
count=0
if [ -n "$findings" ]; then count=$(printf '%s\n' "$findings" | wc -l); fi
if [ "$count" -gt 0 ] || [ "$tidy_status" -ne 0 ]; then
  status=1
  if [ -n "$findings" ]; then printf '%s\n' "$findings" | sed "s|^$PWD/||"; else cat "$log"; fi
fi
echo "lint: clang-tidy: ${#tidy_files[@]} sources, $count findings"
exit "$status"
