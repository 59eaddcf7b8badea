#!/usr/bin/env bash
# Runs every test: unit, storage (real Azurite), pipeline end-to-end, real-browser (Chromium), infra contract.
# Installs the npm dev tools (Azurite, the reference Azure SDKs) first when they are missing or stale.
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
dotnet test Lookout.sln -c Release --logger "console;verbosity=normal" "$@"
