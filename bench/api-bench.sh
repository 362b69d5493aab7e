#!/usr/bin/env bash
# api-bench.sh - a benchmark, not a test: a published report read from the
# JSON API (GET /api/v1/partnerships/mining-industry/reports/2020-H1, as
# the public) against its public page (/p/mining-industry/2020-H1), both
# from one s3pm serve, loaded by wrk in the same run, each twice in turn
# (page, API, page, API) so that a change in the machine's load hits both.
#
#   bash bench/api-bench.sh            # wrk -t2 -c64 -d10s --latency per round
#
# Target (issue 10, item 4): the API at least 0.8 of the page's requests
# per second. Both come from the same public-answer cache (pagecache.c,
# emptied by every state-changing request), so the API costs what the page
# costs. The figures are printed; the exit status says only whether the
# benchmark could run.
#
# Settings (environment): DURATION (10s), CONNECTIONS (64), WRK_THREADS (2),
# S3PM_THREADS (2), WARMUP (2s, not reported), S3PM_BIN (build/s3pm).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
S3PM_THREADS=${S3PM_THREADS:-2}
WARMUP=${WARMUP:-2s}
PAGE=/p/mining-industry/2020-H1
API=/api/v1/partnerships/mining-industry/reports/2020-H1

if ! command -v wrk >/dev/null; then
  echo "api-bench: installing wrk"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get install -y -q --no-install-recommends wrk >/dev/null
fi
if [ -z "${S3PM_BIN:-}" ]; then
  bash scripts/build.sh build
  S3PM_BIN=$root/build/s3pm
fi
: "${S3PM_NUTS_DIR:=$root/data/nuts}"
export S3PM_NUTS_DIR S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/s3pm-api-bench.XXXXXX")
spid=
cleanup() {
  [ -n "$spid" ] && kill "$spid" 2>/dev/null && wait "$spid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

port=
for _ in $(seq 50); do
  p=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "api-bench: no free port" >&2; exit 2; }

db=$tmp/s3pm.db
"$S3PM_BIN" init --db "$db" >/dev/null
"$S3PM_BIN" import samples/s3-monitoring-report-mining-2020H1.txt --db "$db" --status published >/dev/null 2>"$tmp/import.err" ||
  { cat "$tmp/import.err" >&2; exit 2; }
"$S3PM_BIN" serve --listen "127.0.0.1:$port" --db "$db" --threads "$S3PM_THREADS" >"$tmp/out" 2>"$tmp/access.log" &
spid=$!
base=http://127.0.0.1:$port
for _ in $(seq 200); do
  curl -fsS -o /dev/null "$base$PAGE" 2>/dev/null && break
  sleep 0.1
done
st=$(curl -s -o "$tmp/api.json" -w '%{http_code}' "$base$API")
[ "$st" = 200 ] || { echo "api-bench: $API answered $st" >&2; exit 2; }
page_bytes=$(curl -fsS "$base$PAGE" | wc -c)
api_bytes=$(wc -c <"$tmp/api.json")

rps() { # rps NAME URL ROUND -> requests/s (wrk's report in $tmp)
  local out=$tmp/wrk-$1-$3.txt
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$2" >/dev/null
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$2" >"$out"
  if grep -q "Non-2xx" "$out"; then echo "api-bench: WARNING: $1 answered errors" >&2; fi
  sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out"
}

echo "api-bench: page GET $PAGE ($page_bytes bytes), API GET $API ($api_bytes bytes)"
echo "api-bench: wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION, s3pm with $S3PM_THREADS threads, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
p1=$(rps page "$base$PAGE" 1)
a1=$(rps api "$base$API" 1)
p2=$(rps page "$base$PAGE" 2)
a2=$(rps api "$base$API" 2)
awk -v p1="$p1" -v p2="$p2" -v a1="$a1" -v a2="$a2" 'BEGIN {
  p = (p1 + p2) / 2; a = (a1 + a2) / 2; r = p > 0 ? a / p : 0
  printf "api-bench: page %10.0f requests/s (rounds: %.0f, %.0f)\n", p, p1, p2
  printf "api-bench: API  %10.0f requests/s (rounds: %.0f, %.0f)\n", a, a1, a2
  printf "api-bench: API/page = %.2f (target >= 0.80: %s)\n", r, (r >= 0.8 ? "met" : "MISSED")
  printf "bench-row\tAPI report / public page, rate (api-bench)\t%.2f (%.0f vs %.0f req/s)\t>= 0.80\t%s\n", r, a, p, (r >= 0.8 ? "met" : "not met")
}'
