#!/usr/bin/env bash
# Runs every test: unit, storage (real Azurite), pipeline end-to-end, real-browser (Chromium), the published
# app under the real Functions host, infra contract, and the scripts (run-local.sh, show-reports, node unit tests). About 8 minutes on 2 cores.
# Prints progress (a line per test class as it starts reporting, every failure as it happens), then the
# failures and one closing line "Tests: N passed, N failed[, N skipped]"; exits non-zero on failure.
#   ./test.sh [--quick] [-v|--verbose] [dotnet test options, e.g. --filter Category=Browser]
# --quick leaves out the slow categories (Browser, Scripts, FunctionsHost, and the few Slow tests that wait out
# timeouts, kill processes or publish the app): the edit-test loop, under 2 minutes.
# -v (or LOOKOUT_TEST_VERBOSE=1) prints a line per test; the TRX files stay in TestResults/latest.
set -euo pipefail
cd "$(dirname "$0")"

QUICK_FILTER="Category!=Browser&Category!=Scripts&Category!=FunctionsHost&Category!=Slow"
verbose=false
[ "${LOOKOUT_TEST_VERBOSE:-}" = 1 ] && verbose=true
quick=false
filter=""
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    -v|--verbose) verbose=true;;
    --quick) quick=true;;
    --filter) [ $# -ge 2 ] || { echo "error: --filter needs a value" >&2; exit 2; }; filter="$2"; shift;;
    --filter=*) filter="${1#--filter=}";;
    *) args+=("$1");;
  esac
  shift
done
if $quick; then filter="${filter:+($filter)&}$QUICK_FILTER"; fi
[ -n "$filter" ] && args+=(--filter "$filter")

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
if $verbose; then
  dotnet test Lookout.sln -c Release --logger "console;verbosity=normal" --logger trx \
    --results-directory "$results" ${args[@]+"${args[@]}"} || rc=$?
else
  # The console logger at normal verbosity names every result; test-progress.mjs turns that into progress lines.
  set +o pipefail
  dotnet test Lookout.sln -c Release --logger "console;verbosity=normal" --logger trx \
    --results-directory "$results" ${args[@]+"${args[@]}"} 2>&1 | node scripts/lib/test-progress.mjs
  rc=${PIPESTATUS[0]}
  set -o pipefail
fi
node scripts/test-summary.mjs "$results" "$rc"
