#!/usr/bin/env bash
# Runs Lookout locally: Azurite (storage emulator) + Lookout standalone (ingest, queue poller, normalize),
# and prints the report URL and the headers that work in the chosen mode. Ctrl-C stops everything.
# Written for bash 3.2 (macOS) and later: no `wait -n` without a fallback, no associative arrays.
# `./run-local.sh --help` lists the options.
set -euo pipefail
cd "$(dirname "$0")"

# The app project and the DLL its build produces: change these two together when the host project moves.
# (LOOKOUT_APP_PROJECT exists for the script tests, which point it at a project that does not compile.)
APP_PROJECT="${LOOKOUT_APP_PROJECT:-Lookout.Standalone}"
APP_DLL="Lookout.Standalone.dll"

# Azurite's well-known development account (public, documented by Microsoft; not a secret).
DEV_ACCOUNT=devstoreaccount1
DEV_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

usage() {
  cat <<'USAGE'
Usage: ./run-local.sh [options]

Runs Azurite and Lookout on this machine and prints the report URL and the headers to add to a site.
Ctrl-C stops everything. Nothing starts when a port is taken; the message says which and by what.

  --https              also serve HTTPS with a throwaway certificate (browsers send Reporting API and
                       NEL reports only to HTTPS endpoints they trust) and start the demo site
  --port P             Lookout's HTTP port                       (default 7071)
  --https-port P       Lookout's HTTPS port                      (default 7443, or P+1 after --port P)
  --demo-port P        the demo site's HTTPS port                (default 7444, or P+2 after --port P)
  --storage-port P     Azurite's blob port; queue P+1, table P+2 (default 10000, or P+3 after --port P)
  --state-dir DIR      where data, logs, build and certificate live
                       (default .lookout, or .lookout/port-P after --port P)
  --cert FILE --key FILE
                       serve HTTPS with your own certificate and key (PEM) instead of a throwaway one;
                       implies --https, without the demo site. Set Lookout__PublicReportUrl when the
                       certificate names a host other than 127.0.0.1 (the report URL then uses that name)
  --reset              delete the stored reports (DIR/azurite) before starting
  -h, --help           this text

Settings: Lookout__* environment variables reach Lookout, and so do the "Values" of ./local.settings.json
(as `func start` reads them: a variable already set in the environment wins over the file). Lookout prints
the effective settings at start-up (docs/configuration.md).

Examples:
  ./run-local.sh                       HTTP on 127.0.0.1:7071, Azurite on 10000-10002
  ./run-local.sh --https               also https://127.0.0.1:7443 and the demo site on 7444
  ./run-local.sh --port 8071 --https   8071 (HTTP), 8072 (HTTPS), 8073 (demo), 8074-8076 (Azurite)
  ./run-local.sh --cert site.pem --key site-key.pem   HTTPS with your certificate on 127.0.0.1:7443
USAGE
}

die() { echo "error: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 is required ($2)"; }
is_port() { case "$1" in ''|*[!0-9]*) return 1;; esac; [ "$1" -ge 1 ] && [ "$1" -le 65535 ]; }

HTTPS=false
RESET=false
STATE=""
CERT="" KEY=""
HTTP_PORT="" HTTPS_PORT="" DEMO_PORT="" STORAGE_PORT=""
while [ $# -gt 0 ]; do
  opt="$1"
  value=""
  case "$opt" in
    --*=*) value="${opt#*=}"; opt="${opt%%=*}";;
  esac
  case "$opt" in
    -h|--help) usage; exit 0;;
    --https) HTTPS=true;;
    --reset) RESET=true;;
    --port|--https-port|--demo-port|--storage-port|--state-dir|--cert|--key)
      if [ -z "$value" ]; then
        [ $# -ge 2 ] || die "$opt needs a value (see --help)"
        value="$2"; shift
      fi
      case "$opt" in
        --state-dir) STATE="$value";;
        --cert) CERT="$value"; HTTPS=true;;
        --key) KEY="$value"; HTTPS=true;;
        *) is_port "$value" || die "$opt: '$value' is not a port number (1-65535)"
           case "$opt" in
             --port) HTTP_PORT="$value";;
             --https-port) HTTPS_PORT="$value";;
             --demo-port) DEMO_PORT="$value";;
             --storage-port) STORAGE_PORT="$value";;
           esac;;
      esac;;
    *) die "unknown option '$1' (see --help)";;
  esac
  shift
done

OWN_CERT=false
if [ -n "$CERT$KEY" ]; then
  [ -n "$CERT" ] && [ -n "$KEY" ] || die "--cert and --key go together (a PEM certificate and its PEM private key)"
  for f in "$CERT" "$KEY"; do [ -r "$f" ] || die "cannot read '$f'"; done
  CERT="$(cd "$(dirname "$CERT")" && pwd)/$(basename "$CERT")"
  KEY="$(cd "$(dirname "$KEY")" && pwd)/$(basename "$KEY")"
  OWN_CERT=true
fi

# Ports not given follow --port (a block of six), or keep the classic defaults without it.
if [ -n "$HTTP_PORT" ]; then
  HTTPS_PORT="${HTTPS_PORT:-$((HTTP_PORT + 1))}"
  DEMO_PORT="${DEMO_PORT:-$((HTTP_PORT + 2))}"
  STORAGE_PORT="${STORAGE_PORT:-$((HTTP_PORT + 3))}"
  # Its own data and lock, so that it runs beside an instance on the default ports in the same clone.
  STATE="${STATE:-.lookout/port-$HTTP_PORT}"
else
  HTTP_PORT=7071
  HTTPS_PORT="${HTTPS_PORT:-7443}"
  DEMO_PORT="${DEMO_PORT:-7444}"
  STORAGE_PORT="${STORAGE_PORT:-10000}"
  STATE="${STATE:-.lookout}"
fi
BLOB_PORT=$STORAGE_PORT QUEUE_PORT=$((STORAGE_PORT + 1)) TABLE_PORT=$((STORAGE_PORT + 2))
is_port "$TABLE_PORT" || die "--storage-port $STORAGE_PORT leaves no room for the queue and table ports"

# name:port of everything this run listens on.
listeners="lookout-http:$HTTP_PORT azurite-blob:$BLOB_PORT azurite-queue:$QUEUE_PORT azurite-table:$TABLE_PORT"
$HTTPS && listeners="$listeners lookout-https:$HTTPS_PORT"
$HTTPS && ! $OWN_CERT && listeners="$listeners demo-site:$DEMO_PORT"
for l in $listeners; do
  for m in $listeners; do
    [ "$l" != "$m" ] && [ "${l#*:}" = "${m#*:}" ] && die "port ${l#*:} is given twice (${l%%:*} and ${m%%:*}); choose distinct ports"
  done
done

need dotnet "the .NET 10 SDK"
need node "Node.js 20+ (runs Azurite and the helper scripts)"
need npm "npm (installs Azurite)"
need curl "checks that Lookout is healthy"
$HTTPS && need openssl "makes the throwaway certificate and its SPKI hash"

# local.settings.json "Values" become environment variables, as `func start` does it: a variable that is already
# set (non-empty) wins, and the file's value is skipped with a note. AzureWebJobsStorage is always this run's Azurite.
# (LOOKOUT_LOCAL_SETTINGS names another file; the script tests use it so as not to touch a developer's own.)
SETTINGS_FILE="${LOOKOUT_LOCAL_SETTINGS:-local.settings.json}"
from_file="" skipped=""
if [ -f "$SETTINGS_FILE" ]; then
  # NUL-separated name/value pairs (values may hold new lines, e.g. noise rules).
  settings_tmp=$(mktemp)
  node -e '
    const s = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const [k, v] of Object.entries((s && s.Values) || {})) process.stdout.write(k + "\0" + (v === null ? "" : String(v)) + "\0");
  ' "$SETTINGS_FILE" >"$settings_tmp" || die "$SETTINGS_FILE is not valid JSON; fix it or move it away"
  while IFS= read -r -d '' name && IFS= read -r -d '' value; do
    case "$name" in
      AzureWebJobsStorage|AzureWebJobsStorage__*|FUNCTIONS_WORKER_RUNTIME) continue;;
      *[!A-Za-z0-9_]*|[0-9]*|'') echo "warning: $SETTINGS_FILE: '$name' is not a variable name; skipped" >&2; continue;;
    esac
    if [ -n "$(printenv "$name" || true)" ]; then
      skipped="$skipped $name"
    else
      export "$name=$value"
      from_file="$from_file $name"
    fi
  done <"$settings_tmp"
  rm -f "$settings_tmp"
fi

if [ ! -f node_modules/azurite/dist/src/azurite.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing the npm dev tools (npm ci)..."
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$STATE"
STATE="$(cd "$STATE" && pwd)"
PIDS_FILE="$STATE/run.pids"

# One run per state dir. A run that was hard-killed (kill -9, closed terminal) leaves its children
# running; name them instead of failing later on their ports.
if [ -f "$PIDS_FILE" ]; then
  read -r old_script old_children <"$PIDS_FILE" || true
  if [ -n "${old_script:-}" ] && kill -0 "$old_script" 2>/dev/null \
     && ps -ww -o command= -p "$old_script" 2>/dev/null | grep -q "run-local.sh"; then
    die "another ./run-local.sh (pid $old_script) is already using $STATE.
       Stop it (Ctrl-C in its terminal, or: kill $old_script), or start this one with its own
       ports and state (e.g. --port 8071, which keeps its data in .lookout/port-8071)."
  fi
  leftovers=""
  for pid in ${old_children:-}; do
    if kill -0 "$pid" 2>/dev/null && ps -ww -o command= -p "$pid" 2>/dev/null | grep -qF "$STATE"; then
      leftovers="$leftovers $pid"
    fi
  done
  if [ -n "$leftovers" ]; then
    echo "error: processes of an earlier ./run-local.sh that was killed are still running:" >&2
    for pid in $leftovers; do echo "  pid $pid: $(ps -ww -o command= -p "$pid" | cut -c1-120)" >&2; done
    echo "Stop them with: kill$leftovers" >&2
    exit 1
  fi
  rm -f "$PIDS_FILE"
fi

# Who listens on a port: "name (pid N)", from lsof (macOS, most Linux) or ss (Linux).
port_owner() {
  local owner=""
  if command -v lsof >/dev/null 2>&1; then
    owner=$(lsof -nP -iTCP:"$1" -sTCP:LISTEN -Fpc 2>/dev/null \
      | awk '/^p/{p=substr($0,2)} /^c/{printf "%s%s (pid %s)", sep, substr($0,2), p; sep=", "}')
  fi
  if [ -z "$owner" ] && command -v ss >/dev/null 2>&1; then
    owner=$(ss -ltnpH "sport = :$1" 2>/dev/null \
      | sed -n 's/.*users:((\(.*\)))$/\1/p' | sed 's/"\([^"]*\)",pid=\([0-9]*\),fd=[0-9]*/\1 (pid \2)/g; s/),(/, /g' | head -n 1)
  fi
  if [ -z "$owner" ]; then
    owner="a process not visible to this user"
    [ "$(id -u)" -ne 0 ] && owner="$owner (try: sudo lsof -nP -iTCP:$1 -sTCP:LISTEN)"
  fi
  echo "$owner"
}

ports=""
for l in $listeners; do ports="$ports ${l#*:}"; done
# Refuses to go on when a port is taken, naming it and its owner. Run before the build (fail fast) and again
# after it: a build can take minutes, and another program may take a port meanwhile.
check_ports() {
  # shellcheck disable=SC2086 # word splitting of the port list is intended
  if ! taken=$(node scripts/lib/ports.mjs $ports); then
    [ -n "$taken" ] || die "could not check the ports (node scripts/lib/ports.mjs failed)"
    echo "error: nothing was started; these ports are taken:" >&2
    for port in $taken; do
      for l in $listeners; do [ "${l#*:}" = "$port" ] && role="${l%%:*}"; done
      echo "  $port ($role) by $(port_owner "$port")" >&2
    done
    suggestion=$(node scripts/lib/ports.mjs --block $((HTTP_PORT + 1000)) 6 || true)
    echo "Stop that program, or choose other ports (see --help)${suggestion:+, e.g. ./run-local.sh --port $suggestion$($HTTPS && echo ' --https') (free now)}." >&2
    exit 1
  fi
}
check_ports

if $RESET; then
  echo "Deleting the stored reports ($STATE/azurite)..."
  rm -rf "$STATE/azurite"
fi

# One build per clone, shared by every run (a second --port run finds it up to date): built under a lock into
# .lookout/build/<project>, then copied to this run's DIR/bin, so that a later build never rewrites files in use.
BUILD_DIR="$PWD/.lookout/build/$(basename "$APP_PROJECT")"
LOCK="$PWD/.lookout/build.lock"
mkdir -p "$PWD/.lookout"
for try in $(seq 1 3000); do
  if mkdir "$LOCK" 2>/dev/null; then echo $$ >"$LOCK/pid"; break; fi
  holder=$(cat "$LOCK/pid" 2>/dev/null || true)
  # A lock whose holder is gone was left by a killed run.
  if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$LOCK"; continue; fi
  [ "$try" = 1 ] && echo "Waiting for another ./run-local.sh to finish building..."
  sleep 0.1
done
[ -d "$LOCK" ] && [ "$(cat "$LOCK/pid" 2>/dev/null)" = $$ ] || die "could not take the build lock $LOCK (remove it if no build runs)"
echo "Building $APP_PROJECT..."
build_ok=true
dotnet build "$APP_PROJECT" -c Release -nologo -v quiet -o "$BUILD_DIR" >"$STATE/build.log" 2>&1 || build_ok=false
rm -rf "$LOCK"
if ! $build_ok; then
  # -v quiet leaves the compiler's errors and warnings; print them once each.
  echo "error: the build failed; nothing was started. Compiler output ($STATE/build.log):" >&2
  awk '!seen[$0]++' "$STATE/build.log" | sed 's/^/  /' >&2
  exit 1
fi
rm -rf "$STATE/bin"
cp -R "$BUILD_DIR" "$STATE/bin"
check_ports

pids=""
cleanup() {
  local rc=$?
  trap - INT TERM EXIT
  if [ -n "$pids" ]; then
    # shellcheck disable=SC2086
    kill $pids 2>/dev/null || true
    # Azurite flushes its data on SIGTERM; give everything 10 s, then force.
    for _ in $(seq 1 100); do
      alive=""
      for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive="$alive $pid"; done
      [ -z "$alive" ] && break
      sleep 0.1
    done
    # shellcheck disable=SC2086
    [ -n "$alive" ] && kill -9 $alive 2>/dev/null || true
    echo "Stopped."
  fi
  rm -f "$PIDS_FILE"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 0' INT TERM
started() { pids="$pids $1"; echo "$$$pids" >"$PIDS_FILE"; }
echo "$$" >"$PIDS_FILE"

# fail <what> <pid> <log>: a child died or never became ready; show why.
# The exit code comes from `wait` when the child is not reaped yet, else from the `wait -n` below.
child_rc=""
fail() {
  local code
  if ! kill -0 "$2" 2>/dev/null; then
    if wait "$2" 2>/dev/null; then code=0; else code=$?; fi
    [ "$code" -ne 127 ] && child_rc="$code"
  fi
  echo "error: $1${child_rc:+ (exit code $child_rc)}. Last lines of $3:" >&2
  tail -n 25 "$3" | sed 's/^/  /' >&2
  exit 1
}
listening() { curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$1/" ; }

echo "Starting Azurite on $BLOB_PORT-$TABLE_PORT (data in $STATE/azurite)..."
mkdir -p "$STATE/azurite"
# --disableTelemetry: Azurite otherwise phones home, and offline that fills its log and slows shutdown.
node node_modules/azurite/dist/src/azurite.js --silent --disableTelemetry --skipApiVersionCheck \
  --disableProductStyleUrl --location "$STATE/azurite" \
  --blobHost 127.0.0.1 --blobPort "$BLOB_PORT" --queueHost 127.0.0.1 --queuePort "$QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$TABLE_PORT" >"$STATE/azurite.log" 2>&1 &
azurite_pid=$!
started $azurite_pid
for _ in $(seq 1 300); do
  kill -0 $azurite_pid 2>/dev/null || fail "Azurite exited" $azurite_pid "$STATE/azurite.log"
  listening "$QUEUE_PORT" && listening "$TABLE_PORT" && break
  sleep 0.1
done
listening "$TABLE_PORT" || fail "Azurite did not listen within 30 s" $azurite_pid "$STATE/azurite.log"

STORAGE="DefaultEndpointsProtocol=http;AccountName=$DEV_ACCOUNT;AccountKey=$DEV_KEY;\
BlobEndpoint=http://127.0.0.1:$BLOB_PORT/$DEV_ACCOUNT;QueueEndpoint=http://127.0.0.1:$QUEUE_PORT/$DEV_ACCOUNT;\
TableEndpoint=http://127.0.0.1:$TABLE_PORT/$DEV_ACCOUNT;"
TABLE="${Lookout__TableName:-reports}"
# For scripts/show-reports.mjs, which reads the local run from here by default.
printf '{"connectionString":"%s","table":"%s"}\n' "$STORAGE" "$TABLE" >"$STATE/storage.json"

HTTP_URL="http://127.0.0.1:$HTTP_PORT"
HTTPS_URL="https://127.0.0.1:$HTTPS_PORT"
urls="$HTTP_URL"
if $OWN_CERT; then
  export Kestrel__Certificates__Default__Path="$CERT"
  export Kestrel__Certificates__Default__KeyPath="$KEY"
  unset Kestrel__Certificates__Default__Password
  urls="$HTTP_URL;$HTTPS_URL"
elif $HTTPS; then
  # A server leaf for 127.0.0.1/localhost, valid 30 days and renewed here when it has less than a day
  # left; browsers accept it through the SPKI allow-list printed below.
  if [ ! -f "$STATE/cert.pfx" ] || ! openssl x509 -checkend 86400 -noout -in "$STATE/cert.pem" >/dev/null 2>&1; then
    echo "Making a throwaway certificate ($STATE/cert.pem, 30 days)..."
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj "/CN=localhost" \
      -addext "subjectAltName=IP:127.0.0.1,DNS:localhost" -addext "extendedKeyUsage=serverAuth" \
      -addext "basicConstraints=critical,CA:FALSE" -addext "keyUsage=critical,digitalSignature" \
      -addext "subjectKeyIdentifier=none" -addext "authorityKeyIdentifier=none" \
      -keyout "$STATE/key.pem" -out "$STATE/cert.pem" 2>"$STATE/openssl.log" \
      || fail "openssl could not make the certificate" $$ "$STATE/openssl.log"
    openssl pkcs12 -export -out "$STATE/cert.pfx" -inkey "$STATE/key.pem" -in "$STATE/cert.pem" -passout pass: \
      2>>"$STATE/openssl.log" || fail "openssl could not write cert.pfx" $$ "$STATE/openssl.log"
  fi
  export Kestrel__Certificates__Default__Path="$STATE/cert.pfx"
  export Kestrel__Certificates__Default__Password=""
  urls="$HTTP_URL;$HTTPS_URL"
  spki=$(openssl x509 -in "$STATE/cert.pem" -pubkey -noout | openssl pkey -pubin -outform der \
    | openssl dgst -sha256 -binary | base64)
fi

if $HTTPS; then report_url="$HTTPS_URL/api/reports"; else report_url="$HTTP_URL/api/reports"; fi
# The dashboard's set-up page hands out headers for this URL, wherever the page itself was opened.
if [ -n "${Lookout__PublicReportUrl:-}" ]; then report_url="$Lookout__PublicReportUrl"; fi
export Lookout__PublicReportUrl="$report_url"

echo "Starting Lookout on $urls..."
unset ASPNETCORE_URLS
# A 4 MB gen0 budget: workstation GC otherwise sizes gen0 from the L3 cache, 10-20 MB more RSS for a live heap of
# a few MB (docs/performance.md, "Memory"). Only an environment variable sets it; yours wins.
export DOTNET_GCgen0size="${DOTNET_GCgen0size:-0x400000}"
AzureWebJobsStorage="$STORAGE" dotnet "$STATE/bin/$APP_DLL" --urls "$urls" >"$STATE/lookout.log" 2>&1 &
app_pid=$!
started $app_pid
# /api/health answers 200 once the queue and the table exist. The ports were free before the start and
# the process is checked on every try, so the answer is this run's Lookout and no other program's.
for _ in $(seq 1 600); do
  kill -0 $app_pid 2>/dev/null || fail "Lookout exited" $app_pid "$STATE/lookout.log"
  curl -fs -o /dev/null --max-time 2 "$HTTP_URL/api/health" && break
  sleep 0.1
done
health=$(curl -s --max-time 5 "$HTTP_URL/api/health" -w ' (HTTP %{http_code})' || true)
kill -0 $app_pid 2>/dev/null || fail "Lookout exited" $app_pid "$STATE/lookout.log"
case "$health" in
  *"(HTTP 200)") ;;
  *) echo "Health: $health" >&2; fail "Lookout did not become healthy within 60 s" $app_pid "$STATE/lookout.log";;
esac

if $HTTPS && ! $OWN_CERT; then
  AzureWebJobsStorage="$STORAGE" Lookout__TableName="$TABLE" node scripts/demo-site.mjs \
    --report-url "$report_url" --port "$DEMO_PORT" --state-dir "$STATE" >"$STATE/demo.log" 2>&1 &
  demo_pid=$!
  started $demo_pid
  for _ in $(seq 1 100); do
    kill -0 $demo_pid 2>/dev/null || fail "the demo site exited" $demo_pid "$STATE/demo.log"
    curl -fsk -o /dev/null --max-time 1 "https://127.0.0.1:$DEMO_PORT/" && break
    sleep 0.1
  done
  curl -fsk -o /dev/null --max-time 2 "https://127.0.0.1:$DEMO_PORT/" \
    || fail "the demo site did not answer within 10 s" $demo_pid "$STATE/demo.log"
fi

show_reports="node scripts/show-reports.mjs"
[ "$STATE" = "$PWD/.lookout" ] || show_reports="$show_reports --state-dir $STATE"

# The headers and their reason come from Lookout itself (GET /api/read/setup): the dashboard shows the same.
read_key_header=""
[ -n "${Lookout__ReadKey:-}" ] && read_key_header="x-functions-key: $Lookout__ReadKey"
setup=$(curl -fs --max-time 5 -H "${read_key_header:-X-Lookout: run-local}" "$HTTP_URL/api/read/setup") \
  || fail "Lookout did not answer /api/read/setup" $app_pid "$STATE/lookout.log"

if [ -n "${Lookout__ReadKey:-}" ]; then reads="needs Lookout__ReadKey (open it once with #key=<the key>)"; else reads="served to this machine only (Lookout__ReadKey not set)"; fi
cat <<INFO

Lookout is running (pid $app_pid).  Logs: $STATE/lookout.log, $STATE/azurite.log

Report URL:  $report_url
Storage:     Azurite on 127.0.0.1:$BLOB_PORT-$TABLE_PORT, table $TABLE, data in $STATE/azurite
Dashboard:   $HTTP_URL/api/dashboard   (reports, issues, charts; $reads)
INFO
$HTTPS && echo "             $HTTPS_URL/api/dashboard   (the same over HTTPS)"
echo
if [ -n "$from_file" ] || [ -n "$skipped" ]; then
  echo "From $SETTINGS_FILE:${from_file:- nothing}${skipped:+ (already set in the environment, so not from the file:$skipped)}"
fi
# Lookout's own summary of its effective settings (no secrets), from its log.
awk '/^Effective settings/{on=1} on&&/^$/{exit} on' "$STATE/lookout.log"
echo
echo "Headers to add to your site's responses:"
printf '%s' "$setup" | node -e '
  const s = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const h of s.headers) console.log("  " + h.name + ": " + h.value);
  console.log("");
  // The reason, wrapped at 100 columns.
  let line = "";
  for (const word of s.reason.split(" ")) { if (line && (line + " " + word).length > 100) { console.log(line); line = word; } else line = line ? line + " " + word : word; }
  console.log(line);
'
if $HTTPS && ! $OWN_CERT; then
  cat <<INFO

Lookout's certificate is a throwaway self-signed one ($STATE/cert.pem); Chromium trusts it with
  --ignore-certificate-errors-spki-list=$spki

Demo site (each page makes the browser report and shows the rows that arrived; the index runs them all):
  chromium --user-data-dir="\$(mktemp -d)" --ignore-certificate-errors-spki-list=$spki --short-reporting-delay https://127.0.0.1:$DEMO_PORT/
INFO
elif $OWN_CERT; then
  echo
  echo "HTTPS uses your certificate ($CERT): browsers must trust it for the host name in the report URL."
fi
cat <<INFO

Try it:
  curl -i -H 'Content-Type: application/csp-report' --data '{"csp-report":{"document-uri":"https://example.com/","blocked-uri":"https://evil.example/x.js","violated-directive":"script-src"}}' $HTTP_URL/api/reports
  $show_reports --since 1h

Press Ctrl-C to stop.
INFO

# Stop when any child stops. `wait -n` needs bash 4.3; older bash (macOS) polls once a second.
if [ "${BASH_VERSINFO[0]}" -gt 4 ] || { [ "${BASH_VERSINFO[0]}" -eq 4 ] && [ "${BASH_VERSINFO[1]}" -ge 3 ]; }; then
  if wait -n; then child_rc=0; else child_rc=$?; fi
else
  while :; do
    for pid in $pids; do kill -0 "$pid" 2>/dev/null || break 2; done
    sleep 1
  done
fi
for pid in $pids; do
  kill -0 "$pid" 2>/dev/null && continue
  case "$pid" in
    "$azurite_pid") fail "Azurite stopped" "$pid" "$STATE/azurite.log";;
    "$app_pid") fail "Lookout stopped" "$pid" "$STATE/lookout.log";;
    *) fail "the demo site stopped" "$pid" "$STATE/demo.log";;
  esac
done
