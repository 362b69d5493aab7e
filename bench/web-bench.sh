#!/usr/bin/env bash
# web-bench.sh - a benchmark, not a test: s3pm's public report page against
# nginx serving the same bytes as a static file, both loaded by wrk in one run.
#
#   bash bench/web-bench.sh            # wrk -t2 -c64 -d10s --latency against each
#
# The database is set up like the main job's: the bundled sample imported
# as the published 2020-H1 report of "Mining industry". s3pm serve and nginx
# each listen on their own loopback port; the page /p/mining-industry/2020-H1
# that s3pm renders is saved and nginx serves exactly those bytes (with the
# same security headers) at the same path, with sendfile and an open-file
# cache. Both servers write an access log to a file, as in production.
#
# Targets (from the spec): s3pm at least 0.8 of nginx's requests per second,
# with p99 latency under 10 ms at 64 connections. The figures are printed;
# the exit status says only whether the benchmark could run.
#
# Settings (environment): DURATION (10s), CONNECTIONS (64), WRK_THREADS (2),
# S3PM_THREADS (2: the machine has 2 cores, and wrk needs some of them too;
# passed as --threads when `s3pm serve` has it, else the server's default of
# one thread per CPU applies), NGINX_WORKERS (2, the same share for nginx),
# WARMUP (2s, not reported), S3PM_BIN (build/s3pm).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-64}
WRK_THREADS=${WRK_THREADS:-2}
S3PM_THREADS=${S3PM_THREADS:-2}
NGINX_WORKERS=${NGINX_WORKERS:-2}
WARMUP=${WARMUP:-2s}
PAGE=/p/mining-industry/2020-H1

need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need_pkgs+=(nginx)
command -v curl >/dev/null || need_pkgs+=(curl)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "web-bench: installing ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

if [ -z "${S3PM_BIN:-}" ]; then
  bash scripts/setup.sh
  bash scripts/build.sh build
  S3PM_BIN=$root/build/s3pm
fi
: "${S3PM_NUTS_DIR:=$root/data/nuts}"
export S3PM_NUTS_DIR S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/s3pm-web-bench.XXXXXX")
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_port() { # a loopback port nobody listens on
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
  echo "web-bench: no free port" >&2; exit 2
}

wait_http() { # wait_http URL SECONDS
  local end=$((SECONDS + $2))
  while [ $SECONDS -lt $end ]; do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "web-bench: $1 did not answer within $2 s" >&2
  return 1
}

db=$tmp/s3pm.db
"$S3PM_BIN" init --db "$db" >/dev/null
"$S3PM_BIN" import samples/s3-monitoring-report-mining-2020H1.txt --db "$db" --status published >/dev/null 2>"$tmp/import.err" ||
  { cat "$tmp/import.err" >&2; exit 2; }

p1=$(free_port)
serve_args=(serve --listen "127.0.0.1:$p1" --db "$db")
serve_help=$("$S3PM_BIN" serve --help 2>&1 || true)
if grep -q -- '--threads' <<<"$serve_help"; then
  serve_args+=(--threads "$S3PM_THREADS")
  threads_note="$S3PM_THREADS threads"
else
  threads_note="its default threads (no --threads option)"
fi
"$S3PM_BIN" "${serve_args[@]}" >"$tmp/s3pm.out" 2>"$tmp/s3pm-access.log" &
pids+=($!)
wait_http "http://127.0.0.1:$p1$PAGE" 20 || { tail -5 "$tmp/s3pm-access.log" >&2; exit 2; }

# The page s3pm serves, body and headers, for nginx to serve as it is.
mkdir -p "$tmp/www" "$tmp/nginx"
curl -fsS -D "$tmp/s3pm.headers" -o "$tmp/www/page.html" "http://127.0.0.1:$p1$PAGE"
bytes=$(wc -c <"$tmp/www/page.html")
# nginx's workers drop root for www-data (or nobody): they must reach the page.
chmod 755 "$tmp" "$tmp/www"
chmod 644 "$tmp/www/page.html"
ctype=$(sed -n 's/^[Cc]ontent-[Tt]ype: *\(.*\)\r$/\1/p' "$tmp/s3pm.headers" | head -n1)
: "${ctype:=text/html; charset=utf-8}"
# The other headers of s3pm's answer (security headers and the like), so
# both answers are about the same size on the wire.
add_headers=$(grep -i -v -E '^(HTTP/|date:|content-length:|content-type:|connection:|keep-alive:|server:|transfer-encoding:|set-cookie:|\r$)' "$tmp/s3pm.headers" |
  tr -d '\r' | sed -n 's/^\([A-Za-z0-9-]*\): *\(.*\)$/\1\t\2/p' |
  while IFS=$'\t' read -r k v; do printf '      add_header %s "%s" always;\n' "$k" "${v//\"/\\\"}"; done)

p2=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  # nginx at its best for one static file: sendfile, cached descriptors,
  # a buffered access log.
  access_log $tmp/nginx/access.log combined buffer=64k flush=1s;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=64 inactive=60s;
  open_file_cache_valid 60s;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  server_tokens off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$p2;
    root $tmp/www;
    location = $PAGE {
      types { }
      default_type "$ctype";
      etag off;
$add_headers
      try_files /page.html =404;
    }
  }
}
EOF
"$NGINX" -t -q -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf"
"$NGINX" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
pids+=($!)
wait_http "http://127.0.0.1:$p2$PAGE" 10 || { cat "$tmp/nginx/error.log" >&2; exit 2; }
curl -fsS -o "$tmp/nginx.html" "http://127.0.0.1:$p2$PAGE"
cmp -s "$tmp/www/page.html" "$tmp/nginx.html" || { echo "web-bench: nginx does not serve the same bytes" >&2; exit 2; }
# The page must be stable for the comparison to mean anything.
curl -fsS -o "$tmp/again.html" "http://127.0.0.1:$p1$PAGE"
cmp -s "$tmp/www/page.html" "$tmp/again.html" || echo "web-bench: note: s3pm's page differs between two requests (the copy served by nginx is one of them)"

to_ms() { # wrk's 850.00us / 1.23ms / 1.02s / 2.00m -> milliseconds
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u);
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000;
    printf "%.2f", n }'
}

results=()
bench() { # bench NAME URL
  local name=$1 url=$2 out=$tmp/wrk-$1.txt
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$url" >/dev/null
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
  sed 's/^/  /' "$out"
  local rps p99 non2xx errors
  rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$out")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p' "$out")
  errors=$(sed -n 's/^ *Socket errors: *\(.*\)/\1/p' "$out")
  [ -n "$non2xx" ] && echo "web-bench: WARNING: $name answered $non2xx requests with an error status"
  [ -n "$errors" ] && echo "web-bench: note: $name socket errors: $errors"
  results+=("$name $rps $p99")
}

echo "web-bench: GET $PAGE ($bytes bytes), wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency, $(nproc) CPUs"
echo "web-bench: s3pm serve with $threads_note on 127.0.0.1:$p1; nginx $("$NGINX" -v 2>&1 | sed 's/.*\///') with $NGINX_WORKERS workers on 127.0.0.1:$p2"
echo "web-bench: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews both figures)"
echo "== s3pm"
bench s3pm "http://127.0.0.1:$p1$PAGE"
echo "== nginx"
bench nginx "http://127.0.0.1:$p2$PAGE"

read -r _ s_rps s_p99 <<<"${results[0]}"
read -r _ n_rps n_p99 <<<"${results[1]}"
awk -v s="$s_rps" -v sp="$s_p99" -v n="$n_rps" -v np="$n_p99" -v c="$CONNECTIONS" 'BEGIN {
  r = (n > 0) ? s / n : 0
  printf "web-bench: s3pm  %10.0f requests/s, p99 %7.2f ms\n", s, sp
  printf "web-bench: nginx %10.0f requests/s, p99 %7.2f ms\n", n, np
  printf "web-bench: s3pm/nginx = %.2f (target >= 0.80: %s); s3pm p99 %.2f ms at %d connections (target < 10 ms: %s)\n",
    r, (r >= 0.8 ? "met" : "MISSED"), sp, c, (sp < 10 ? "met" : "MISSED")
  printf "bench-row\tpublic report page / nginx, rate (web-bench)\t%.2f (%.0f req/s)\t>= 0.80\t%s\n", r, s, (r >= 0.8 ? "met" : "not met")
  printf "bench-row\tpublic report page p99, %d connections (web-bench)\t%.2f ms\t< 10 ms\t%s\n", c, sp, (sp < 10 ? "met" : "not met")
}'
