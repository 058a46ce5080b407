#!/usr/bin/env bash
# Runs every test binary given on the command line in TAP mode and prints one summary line:
#   check: N passed, M failed
# A binary that crashes or exits non-zero without reporting a failure counts as one failure.
# Run from the project root (make check does): tests find their data under tests/ and scenarios/.
set -u
passed=0 failed=0 skipped=0
failures=()
log_dir=${BUILD:-build}/test-logs
mkdir -p "$log_dir"
for t in "$@"; do
  name=$(basename "$t")
  log="$log_dir/$name.log"
  # a hung test counts as failed instead of hanging make check (exit status 124)
  timeout "${TEST_TIMEOUT:-900}" "$t" --tap >"$log" 2>&1
  rc=$?
  p=$(grep -cE '^ok [0-9]+' "$log" | tr -d ' ')
  s=$(grep -cE '^ok [0-9]+.*# SKIP' "$log" | tr -d ' ')
  f=$(grep -cE '^not ok [0-9]+' "$log" | tr -d ' ')
  p=$((p - s))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1
    echo "$name: exited with status $rc (see $log)" >&2
    tail -n 15 "$log" >&2
  fi
  if [ "$f" -gt 0 ]; then
    failures+=("$name")
    grep -E '^not ok' "$log" >&2 || true
  fi
  printf '%-28s %4d passed %3d failed %3d skipped\n' "$name" "$p" "$f" "$s"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
done
if [ "${#failures[@]}" -gt 0 ]; then
  echo "failing: ${failures[*]} (logs in $log_dir/)"
fi
if [ "$skipped" -gt 0 ]; then
  echo "skipped: $skipped (a tool such as chromium or valgrind was missing, or the test does not apply to this build; the logs say which)"
fi
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
