#!/usr/bin/env bash
# The whole test suite, from a clean checkout: installs what the tests need (idempotent), builds once, runs every
# test project, and ends with one summary line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-test-deps.sh

dotnet build Tether.slnx -c Release -nologo -v quiet

log_dir="artifacts/test-logs"
mkdir -p "$log_dir"
passed=0 failed=0 skipped=0 status=0
# Reads "Passed: N" (or Failed/Skipped) from the vstest summary of the current project's log; absent means 0.
count() { grep -E "^\s*$1: [0-9]+" "$log_dir/$name.log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
# Every test project on the default store, then the server suite again on PostgreSQL: the same tests prove both stores.
runs=()
for project in $(find tests -name '*.Tests.csproj' | sort); do
  runs+=("$project|$(basename "$project" .csproj)|sqlite")
done
runs+=("tests/Tether.Server.Tests/Tether.Server.Tests.csproj|Tether.Server.Tests.postgres|postgres")

for run in "${runs[@]}"; do
  IFS='|' read -r project name store <<<"$run"
  echo "== $name"
  rc=0
  TETHER_TEST_STORE=$store dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" >"$log_dir/$name.log" 2>&1 || rc=$?
  # Each failure with its message and the top of its stack, so a CI log alone says why (the full log stays on disk).
  awk '/^ *(Passed|Skipped) [A-Za-z]/ || /^Total tests:/ { shown = 0 } /^ *Failed [A-Za-z]/ { shown = 30; failures++ }
       shown > 0 && failures <= 20 { print; shown-- }' "$log_dir/$name.log"
  if ! grep -qE '^Total tests: [0-9]+' "$log_dir/$name.log"; then
    if grep -q 'No test is available' "$log_dir/$name.log"; then
      echo "   (no tests yet)"
      continue
    fi
    echo "   no summary from $name; last lines of its log:"
    tail -30 "$log_dir/$name.log"
    status=1
    continue
  fi
  [ "$rc" -eq 0 ] || status=1
  p=$(count Passed) f=$(count Failed) k=$(count Skipped)
  echo "   $p passed, $f failed, $k skipped"
  passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + k))
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ]; then
  status=1
fi
exit "$status"
