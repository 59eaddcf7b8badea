#!/usr/bin/env bash
# Regenerates Lookout.Tests/Fixtures/chromium/ from real headless Chromium: every case page in
# Lookout.Tests/EndToEnd/Browser/BrowserCases.cs is opened, and each delivery Chromium sends to the capture
# endpoint is written with its exact body as <case>-<n>.json, plus index.json (content type, report
# types, Chromium version, date). Needs Chromium (apt-get install -y chromium, or CHROMIUM_PATH).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$PWD/Lookout.Tests/Fixtures/chromium}"
mkdir -p "$out"
LOOKOUT_CAPTURE_FIXTURES="$out" dotnet test Lookout.Tests ${NO_BUILD:+--no-build} \
  --filter "Category=CaptureFixtures" --logger "console;verbosity=normal"
echo "fixtures written to $out"
