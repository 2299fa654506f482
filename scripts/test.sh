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
for project in $(find tests -name '*.Tests.csproj' | sort); do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c Release --no-build -nologo --logger "console;verbosity=normal" >"$log_dir/$name.log" 2>&1; then
    status=1
  fi
  grep -E '^\s*(Failed|Skipped) ' "$log_dir/$name.log" | head -50 || true
  summary=$(grep -E '(Passed|Failed)!\s+-\s+Failed:' "$log_dir/$name.log" | tail -1 || true)
  if [ -z "$summary" ]; then
    echo "   no summary from $name; last lines of its log:"
    tail -30 "$log_dir/$name.log"
    status=1
    continue
  fi
  echo "   $summary"
  passed=$((passed + $(sed -E 's/.*Passed:\s+([0-9]+).*/\1/' <<<"$summary")))
  failed=$((failed + $(sed -E 's/.*Failed:\s+([0-9]+),.*/\1/' <<<"$summary")))
  skipped=$((skipped + $(sed -E 's/.*Skipped:\s+([0-9]+).*/\1/' <<<"$summary")))
done

echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$failed" -gt 0 ]; then
  status=1
fi
exit "$status"
