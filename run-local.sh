#!/usr/bin/env bash
# Runs Lookout locally: Azurite (storage emulator) + Lookout standalone (ingest, queue poller, normalize).
# Prints the report URL and the headers to paste into a site. Ctrl-C stops both.
#   ./run-local.sh            HTTP on 127.0.0.1:7071 (enough for CSP report-uri and curl)
#   ./run-local.sh --https    also HTTPS on 127.0.0.1:7443 with a throwaway certificate (Reporting API, NEL),
#                             and a demo site on https://127.0.0.1:7444 whose pages make a browser report
set -euo pipefail
cd "$(dirname "$0")"

HTTP_URL="http://127.0.0.1:7071"
HTTPS_URL="https://127.0.0.1:7443"
STATE=.lookout
HTTPS=false
[ "${1:-}" = "--https" ] && HTTPS=true

need() { command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required ($2)" >&2; exit 1; }; }
need dotnet "the .NET 10 SDK"
need node "Node.js 20+ (runs Azurite)"
need npm "npm (installs Azurite)"

if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing Azurite (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$STATE/azurite"
pids=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap cleanup INT TERM EXIT

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if port_open 10001 && port_open 10002; then
  echo "Azurite (or another storage emulator) is already listening on 10001/10002: using it."
else
  echo "Starting Azurite (data in $STATE/azurite)..."
  node_modules/.bin/azurite --silent --skipApiVersionCheck --disableProductStyleUrl \
    --location "$STATE/azurite" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    >"$STATE/azurite.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do port_open 10001 && port_open 10002 && break; sleep 0.1; done
  port_open 10002 || { echo "Azurite did not start; see $STATE/azurite.log" >&2; exit 1; }
fi

echo "Building Lookout..."
dotnet build Lookout.Standalone -c Release -nologo -v quiet -o "$STATE/bin" >/dev/null

urls="$HTTP_URL"
export AzureWebJobsStorage="UseDevelopmentStorage=true"
if $HTTPS; then
  need openssl "to make the throwaway certificate"
  if [ ! -f "$STATE/cert.pfx" ]; then
    # A server leaf for 127.0.0.1/localhost; browsers accept it through the SPKI allow-list printed below.
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=localhost" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "extendedKeyUsage=serverAuth" \
      -addext "basicConstraints=critical,CA:FALSE" -addext "keyUsage=critical,digitalSignature" \
      -addext "subjectKeyIdentifier=none" -addext "authorityKeyIdentifier=none" \
      -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>/dev/null
    openssl pkcs12 -export -out "$STATE/cert.pfx" -inkey "$STATE/key.pem" -in "$STATE/cert.pem" -passout pass: 2>/dev/null
  fi
  export Kestrel__Certificates__Default__Path="$PWD/$STATE/cert.pfx"
  export Kestrel__Certificates__Default__Password=""
  urls="$HTTP_URL;$HTTPS_URL"
  spki=$(openssl x509 -in "$STATE/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)
fi

dotnet "$STATE/bin/Lookout.Standalone.dll" --urls "$urls" >"$STATE/lookout.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do
  curl -fsS "$HTTP_URL/api/health" >/dev/null 2>&1 && break
  sleep 0.1
done
curl -fsS "$HTTP_URL/api/health" >/dev/null || { echo "Lookout did not become healthy; see $STATE/lookout.log" >&2; exit 1; }

report_url="$HTTP_URL/api/reports"
$HTTPS && report_url="$HTTPS_URL/api/reports"
cat <<INFO

Lookout is running.  Logs: $STATE/lookout.log, $STATE/azurite.log

Report URL:  $report_url
Dashboard:   $HTTP_URL/api/dashboard   (reports, issues, charts; served to this machine only unless Lookout__ReadKey is set)

Headers to add to your site's responses:
  Reporting-Endpoints: default="$report_url"
  Content-Security-Policy-Report-Only: default-src 'self'; report-uri $report_url; report-to default
  Report-To: {"group":"default","max_age":10886400,"endpoints":[{"url":"$report_url"}]}
  NEL: {"report_to":"default","max_age":2592000,"success_fraction":0.0,"failure_fraction":1.0}

Try it:
  curl -i -H 'Content-Type: application/csp-report' --data '{"csp-report":{"document-uri":"https://example.com/","blocked-uri":"https://evil.example/x.js","violated-directive":"script-src"}}' $HTTP_URL/api/reports
  node scripts/show-reports.mjs          # the newest rows of the reports table
INFO
if $HTTPS; then
  node scripts/demo-site.mjs "$report_url" 7444 >"$STATE/demo.log" 2>&1 &
  pids+=($!)
  cat <<INFO
HTTPS uses a throwaway self-signed certificate ($STATE/cert.pem). Browsers send Reporting API and NEL
reports only to endpoints they trust: start Chromium with
  --ignore-certificate-errors-spki-list=$spki
Demo site (pages that make the browser report to Lookout, rows tagged Site=demo):
  chromium --ignore-certificate-errors-spki-list=$spki --short-reporting-delay https://127.0.0.1:7444/
INFO
fi
echo
echo "Press Ctrl-C to stop."
wait -n "${pids[@]}"
