#!/usr/bin/env bash
# Runs every test: unit, storage (real Azurite), pipeline end-to-end, real-browser (Chromium), the published
# app under the real Functions host, infra contract, and the scripts (run-local.sh, show-reports, node unit tests).
# Prints failures and one closing line "Tests: N passed, N failed[, N skipped]"; exits non-zero on failure.
#   ./test.sh [-v|--verbose] [dotnet test options, e.g. --filter Category=Browser]
# -v (or LOOKOUT_TEST_VERBOSE=1) prints a line per test; the TRX files stay in TestResults/latest.
set -euo pipefail
cd "$(dirname "$0")"

verbosity=minimal
[ "${LOOKOUT_TEST_VERBOSE:-}" = 1 ] && verbosity=normal
args=()
for arg in "$@"; do
  case "$arg" in
    -v|--verbose) verbosity=normal;;
    *) args+=("$arg");;
  esac
done

if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The FunctionsHost category needs the real Functions host: the folder beside the clone, unless set already
# (without one those tests skip, and the summary says why in one line).
if [ -z "${LOOKOUT_FUNCTIONS_HOST:-}" ] && [ -f ../shared/functions-host/start-host.sh ]; then
  LOOKOUT_FUNCTIONS_HOST="$(cd ../shared/functions-host && pwd)"
  export LOOKOUT_FUNCTIONS_HOST
fi

results="$PWD/TestResults/latest"
rm -rf "$results"
rc=0
# ${args[@]+...}: bash 3.2 treats an empty array as unset under set -u.
dotnet test Lookout.sln -c Release --logger "console;verbosity=$verbosity" --logger trx \
  --results-directory "$results" ${args[@]+"${args[@]}"} || rc=$?
node scripts/test-summary.mjs "$results" "$rc"
