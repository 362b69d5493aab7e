#!/usr/bin/env bash
# tests/http/t0001-server.sh [BINARY] - black-box tests of s3pm serve: headers, 404/405, the body cap (413),
# keep-alive, static files, login CSRF, and a clean stop on SIGTERM that lets in-flight requests finish.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
# The servers started here serve the static files made below.
export S3PM_STATIC_DIR="$tmp/static"

if ! command -v curl >/dev/null; then no "curl is installed"; finish; fi
if [ ! -x "$bin" ]; then no "binary $bin exists"; finish; fi


# start [ARGS...]: runs the server in the background on a free port ($port,
# $base, $pid, log in $tmp/log); waits for "listening on".
start() { start_server "$DB" "$@"; }

mkdir -p "$tmp/static"
printf 'console.log("s3pm");\n' >"$tmp/static/app.js"
printf 'body { color: #222; }\n' >"$tmp/static/style.css"
printf 'secret\n' >"$tmp/secret.js"
printf 'x\n' >"$tmp/static/Upper.js"

if ! start --max-body 4096 --threads 2; then
  no "server starts" "$(head -c 500 "$tmp/log")"
  finish
fi
ok "server starts on 127.0.0.1:$port"

# GET / with the security headers.
curl -s -D "$tmp/h" -o "$tmp/b" "$base/" >/dev/null
check "GET / is 200" 'head -1 "$tmp/h" | grep -q " 200"' "$(head -1 "$tmp/h")"
csp="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
check "GET / has the Content-Security-Policy" 'grep -qiF "Content-Security-Policy: $csp" "$tmp/h"' "$(grep -i content-security "$tmp/h")"
check "GET / has X-Content-Type-Options nosniff" 'grep -qi "^X-Content-Type-Options: nosniff" "$tmp/h"'
check "GET / has Referrer-Policy same-origin" 'grep -qi "^Referrer-Policy: same-origin" "$tmp/h"'
check "GET / has Server-Timing: app;dur=MS with decimals" 'tr -d "\r" <"$tmp/h" | grep -qiE "^Server-Timing: app;dur=[0-9]+\.[0-9]{3}$"' "$(grep -i server-timing "$tmp/h")"
check "GET / is HTML" 'grep -qi "^Content-Type: text/html; charset=utf-8" "$tmp/h" && grep -qi "<!doctype html>" "$tmp/b"'

# HEAD: the headers without the body.
curl -s -I -o "$tmp/h" "$base/"
check "HEAD / is 200 with the CSP and no body" 'head -1 "$tmp/h" | grep -q " 200" && grep -qi "^Content-Security-Policy:" "$tmp/h"'

# 404, 405.
code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$base/no/such/page")
check "unknown path is 404" '[ "$code" = 404 ]' "got $code"
check "the 404 page has the CSP too" 'grep -qi "^Content-Security-Policy:" "$tmp/h"'
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/x/2020-H3")
check "a period that is not YYYY-H1/H2 is 404" '[ "$code" = 404 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/api/nothing")
check "an unknown API path answers JSON" '[ "$code" = 404 ] && grep -q "^{\"error\": *\"" "$tmp/b"' "got $code: $(head -c 200 "$tmp/b")"
code=$(curl -s -X PUT -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$base/login")
check "PUT /login is 405 with Allow" '[ "$code" = 405 ] && grep -qi "^Allow: GET, HEAD, POST" "$tmp/h"' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/logout")
check "GET /logout is 405" '[ "$code" = 405 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/api/nuts?q=%FF")
check "invalid UTF-8 in the query is 400" '[ "$code" = 400 ]' "got $code"
code=$(curl -s --path-as-is -o "$tmp/b" -w '%{http_code}' "$base/static/../secret.js")
check "/static/../ is refused" '[ "$code" = 400 ] || [ "$code" = 404 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/static/%2e%2e%2fsecret.js")
check "/static/%2e%2e%2f is refused" '[ "$code" = 400 ] || [ "$code" = 404 ]' "got $code"

# Static files from memory.
code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$base/static/app.js")
check "GET /static/app.js is 200" '[ "$code" = 200 ] && cmp -s "$tmp/b" "$tmp/static/app.js"' "got $code"
check "static JS has its type and a cache lifetime" 'grep -qi "^Content-Type: text/javascript" "$tmp/h" && grep -qi "^Cache-Control: public, max-age=3600" "$tmp/h"'
check "static files carry the CSP" 'grep -qi "^Content-Security-Policy:" "$tmp/h"'
code=$(curl -s -D "$tmp/h" -o "$tmp/b" -w '%{http_code}' "$base/static/style.css")
check "GET /static/style.css is text/css" '[ "$code" = 200 ] && grep -qi "^Content-Type: text/css" "$tmp/h"' "got $code"
printf 'changed\n' >"$tmp/static/app.js"
curl -s -o "$tmp/b" "$base/static/app.js"
check "static files are read once at start-up" 'grep -q "s3pm" "$tmp/b"'
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/static/Upper.js")
check "static names outside [a-z0-9._-] are 404" '[ "$code" = 404 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/static/missing.js")
check "a missing static file is 404" '[ "$code" = 404 ]' "got $code"

# The body cap: 413 with a clear message, never a silent cut.
head -c 5000 /dev/zero | tr '\0' a >"$tmp/big"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' --data-binary @"$tmp/big" "$base/login")
check "a body over --max-body is 413" '[ "$code" = 413 ]' "got $code"
check "the 413 page says what the limit is" 'grep -q "larger than the limit of 4096 bytes" "$tmp/b"' "$(head -c 300 "$tmp/b")"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Transfer-Encoding: chunked" --data-binary @"$tmp/big" "$base/login")
check "a chunked body over the cap is 413" '[ "$code" = 413 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -H "Content-Type: application/json" --data-binary @"$tmp/big" "$base/api/validate")
check "an API body over the cap is 413 in JSON" '[ "$code" = 413 ] && grep -q "\"error\"" "$tmp/b"' "got $code"
head -c 4000 /dev/zero | tr '\0' a >"$tmp/small"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' --data-binary @"$tmp/small" "$base/login")
check "a body under the cap reaches the route (login CSRF: 403)" '[ "$code" = 403 ]' "got $code"

# Keep-alive: two requests on one connection.
curl -sv -o /dev/null -o /dev/null "$base/" "$base/static/app.js" 2>"$tmp/v"
check "keep-alive: curl re-uses the connection" 'grep -q "Re-using existing connection" "$tmp/v"' "$(grep -i "connect\|HTTP/" "$tmp/v" | head -8)"
curl -sv -o /dev/null -o /dev/null -d "a=1" "$base/login" "$base/login" 2>"$tmp/v"
check "keep-alive after a POST with a body" 'grep -q "Re-using existing connection" "$tmp/v"'

# Login form CSRF: the field must match the pre-session cookie.
jar="$tmp/jar"
curl -s -c "$jar" -b "$jar" -o "$tmp/b" "$base/login"
tok=$(grep -o 'name="csrf" value="[0-9a-f]*"' "$tmp/b" | grep -o '[0-9a-f]\{64\}' | head -1)
check "the login form has a csrf field and cookie" '[ -n "$tok" ] && grep -q s3pm_login "$jar"'
code=$(curl -s -c "$jar" -b "$jar" -o "$tmp/b" -w '%{http_code}' -d "csrf=$tok&email=nobody%40example.org&password=x" "$base/login")
check "a login with the right csrf is checked (not 403)" '[ "$code" != 403 ] && [ "$code" != 500 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -d "csrf=$tok&email=nobody%40example.org&password=x" "$base/login")
check "a login without the cookie is 403" '[ "$code" = 403 ]' "got $code"
code=$(curl -s -b "$jar" -H "Sec-Fetch-Site: cross-site" -o "$tmp/b" -w '%{http_code}' -d "csrf=$tok&email=a%40b.c&password=x" "$base/login")
check "a cross-site POST is 403" '[ "$code" = 403 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' -d "x=1" "$base/p/x/2020-H1/edit")
check "a state-changing POST without a session is 403" '[ "$code" = 403 ]' "got $code"
curl -s -D "$tmp/h" -o /dev/null -X POST "$base/logout"
check "logout without a session redirects home with 303" 'head -1 "$tmp/h" | grep -q " 303" && grep -qi "^Location: /" "$tmp/h"'

# The access log: one line per request with status, bytes and µs.
check "access log lines have status, bytes and duration" 'grep -Eq "\"GET /static/app.js HTTP/1.1\" 200 [0-9]+ [0-9]+us" "$tmp/log"' "$(tail -3 "$tmp/log")"

# SIGTERM while a slow upload is under way: it finishes, then exit 0.
head -c 3000 /dev/zero | tr '\0' a >"$tmp/slow"
curl -s -o "$tmp/slowbody" -w '%{http_code}' --limit-rate 2000 --data-binary @"$tmp/slow" "$base/login" >"$tmp/slowcode" &
cpid=$!
# The upload under way (its connection established, a slow machine
# notwithstanding), then the signal.
for _ in $(seq 100); do
  ss -Htn state established "( dport = :$port )" 2>/dev/null | grep -q . && break
  sleep 0.05
done
sleep 0.3
kill -TERM "$pid"
wait "$cpid"
code=$(cat "$tmp/slowcode")
check "an in-flight request finishes during shutdown" '[ "$code" = 403 ]' "got $code"
for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$pid" 2>/dev/null; then
  no "SIGTERM stops the server" "still running after 5 s"
else
  wait "$pid"
  st=$?
  check "SIGTERM stops the server with exit status 0" '[ "$st" = 0 ]' "exit status $st; $(tail -3 "$tmp/log")"
fi
pid=
check "the log says it stopped" 'grep -q "s3pm: stopped" "$tmp/log"'
code=$(curl -s -o /dev/null -w '%{http_code}' "$base/" 2>/dev/null)
check "nothing listens after the stop" '[ "$code" = 000 ]' "got $code"

# SIGINT too, and the [::1]:PORT form where IPv6 loopback exists.
if start; then
  kill -INT "$pid"; wait "$pid"; st=$?; pid=
  check "SIGINT stops the server with exit status 0" '[ "$st" = 0 ]' "exit status $st"
else
  no "server starts again"
fi
if command -v python3 >/dev/null && python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null; then
  port6=$(python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0)); print(s.getsockname()[1])')
  S3PM_STATIC_DIR="$tmp/static" "$bin" serve --listen "[::1]:$port6" --db "$DB" >"$tmp/out" 2>"$tmp/log6" &
  pid=$!
  for i in $(seq 1 100); do grep -q "listening on" "$tmp/log6" && break; sleep 0.05; done
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://[::1]:$port6/")
  check "--listen [::1]:PORT serves over IPv6" '[ "$code" = 200 ]' "got $code; $(head -3 "$tmp/log6")"
  kill -TERM "$pid"; wait "$pid"; pid=
else
  skip "--listen [::1]:PORT: no IPv6 loopback"
fi

# Bad command lines.
"$bin" serve --listen nonsense --db "$DB" >/dev/null 2>"$tmp/err"
st=$?
check "a bad --listen is refused with a message" '[ "$st" != 0 ] && grep -q "nonsense" "$tmp/err"' "exit $st: $(cat "$tmp/err")"
"$bin" serve --threads 0 --db "$DB" >/dev/null 2>"$tmp/err"
st=$?
check "--threads 0 is refused" '[ "$st" = 2 ]' "exit $st"

finish
