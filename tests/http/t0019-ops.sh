#!/usr/bin/env bash
# t0019-ops.sh - operations: the configuration file and its precedence
# (file < environment < flags) and errors; --help of every command;
# /healthz; /metrics (format, counters, route patterns, who may read it);
# X-Forwarded-For ignored from an untrusted peer and used for login
# throttling behind a trusted proxy.
set -u
. "$(dirname "$0")/lib.sh"
sqlite_only "configuration, metrics and unit files: the same on either backend"
py=/usr/bin/python3
unset S3PM_CONFIG S3PM_LISTEN S3PM_DB S3PM_THREADS S3PM_TRUSTED_PROXIES S3PM_METRICS_ALLOW

db=$tmp/ops.db
: >"$tmp/bo"; : >"$tmp/pyout"; : >"$tmp/sa"; mkdir -p "$tmp/ngx"; : >"$tmp/ngx/out"
"$bin" init --db "$db" >/dev/null 2>&1 || { no "init"; finish; }
"$bin" user add ann@example.org --role admin --db "$db" >/dev/null 2>&1

# --- configuration: precedence -------------------------------------------
# serve exits at once when its port is taken: the port it tried is in its
# message, which tells which setting won. A held port: python holds it.
hold() { # hold PORT: keeps 127.0.0.1:PORT bound until killed; its pid in $holder
  $py -c 'import socket,sys,time; s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1); time.sleep(60)' "$1" &
  holder=$!
  sleep 0.3
}
p1=$(free_port); p2=$(free_port); p3=$(free_port)
printf '# test\ndb = %s\nlisten = 127.0.0.1:%s\n' "$db" "$p1" >"$tmp/s3pm.conf"
hold "$p1"; h1=$holder; hold "$p2"; h2=$holder; hold "$p3"; h3=$holder
"$bin" --config "$tmp/s3pm.conf" serve >"$tmp/o1" 2>&1
check "the file's listen is used (port $p1)" 'grep -q "$p1" "$tmp/o1"' "$(cat "$tmp/o1")"
S3PM_LISTEN=127.0.0.1:$p2 "$bin" serve --config "$tmp/s3pm.conf" >"$tmp/o2" 2>&1
check "S3PM_LISTEN overrides the file" 'grep -q "$p2" "$tmp/o2" && ! grep -q "$p1" "$tmp/o2"' "$(cat "$tmp/o2")"
S3PM_LISTEN=127.0.0.1:$p2 S3PM_CONFIG=$tmp/s3pm.conf "$bin" serve --listen "127.0.0.1:$p3" >"$tmp/o3" 2>&1
check "--listen overrides both (S3PM_CONFIG names the file)" \
  'grep -q "$p3" "$tmp/o3" && ! grep -q "$p2\|$p1" "$tmp/o3"' "$(cat "$tmp/o3")"
kill "$h1" "$h2" "$h3" 2>/dev/null; wait "$h1" "$h2" "$h3" 2>/dev/null
S3PM_CONFIG=$tmp/s3pm.conf "$bin" user list >"$tmp/ul" 2>&1
check "the file's db serves the other commands" 'grep -q "ann@example.org" "$tmp/ul"' "$(cat "$tmp/ul")"
S3PM_CONFIG=$tmp/s3pm.conf "$bin" user list --db "$tmp/other.db" >"$tmp/ul2" 2>&1
check "... and --db overrides it" '! grep -q "ann@example.org" "$tmp/ul2"'

bad() { # bad TEXT WORDS: the file is refused with exit 2 and a message holding WORDS
  printf '%b' "$1" >"$tmp/bad.conf"
  "$bin" --config "$tmp/bad.conf" partnership list >"$tmp/bo" 2>&1
  local rc=$?
  [ "$rc" -eq 2 ] && grep -qF -- "$2" "$tmp/bo"
}
check "an unknown key: file, line, key" 'bad "db = x\n# c\nlisten_on = :80\n" "$tmp/bad.conf:3: unknown key \"listen_on\""' "$(cat "$tmp/bo")"
check "a key twice: both lines" 'bad "threads = 2\nthreads = 3\n" "bad.conf:2: threads is set twice (first on line 1)"' "$(cat "$tmp/bo")"
check "a bad value: line and key" 'bad "\n\nmax_body = lots\n" "bad.conf:3: max_body: \"lots\" is not a number"' "$(cat "$tmp/bo")"
check "another database's URL: named" 'bad "db = mysql://h/s3pm\n" "bad.conf:1: db: \"mysql://h/s3pm\": db takes the path of an SQLite database file or a postgresql:// URL"' "$(cat "$tmp/bo")"
check "a PostgreSQL URL is taken; no server there: exit 2, named" 'bad "db = postgresql://nobody@/s3pm?host=/nonexistent\n" "PostgreSQL: cannot connect"' "$(cat "$tmp/bo")"
check "a missing file named by --config" \
  '"$bin" --config "$tmp/none.conf" partnership list >"$tmp/bo" 2>&1; [ $? -eq 2 ] && grep -q "none.conf" "$tmp/bo"'
check "a missing file named by S3PM_CONFIG" \
  'S3PM_CONFIG=$tmp/none.conf "$bin" partnership list >"$tmp/bo" 2>&1; [ $? -eq 2 ] && grep -q "none.conf" "$tmp/bo"'
check "S3PM_THREADS overrides the file (its bad value refused, naming the variable)" \
  'printf "threads = 4\n" >"$tmp/t.conf"; S3PM_THREADS=abc "$bin" --config "$tmp/t.conf" serve --db "$db" >"$tmp/bo" 2>&1; [ $? -eq 2 ] && grep -q "S3PM_THREADS takes a number" "$tmp/bo"'

# --- the example file, the manual page, the unit, the nginx example -------
keys=$(sed -n 's/^#\([a-z_]*\) = .*/\1/p; s/^#\([a-z_]*\) =$/\1/p' "$root/etc/s3pm.conf.example" | sort -u)
sed -n 's/^#\([a-z_]* = ..*\)$/\1/p' "$root/etc/s3pm.conf.example" >"$tmp/example.conf"
check "the example file, its keys uncommented, is accepted" \
  '"$bin" --config "$tmp/example.conf" routes >/dev/null 2>"$tmp/bo"' "$(cat "$tmp/bo")"
kmiss=
for k in db listen threads max_body session_hours search_merge_after search_merge_quiet secure_cookies access_log trusted_proxies metrics_allow \
         http_per_ip_limit http_request_seconds base_url legal_url privacy_url contact_url smtp mail_from \
         smtp_user smtp_password_file remind_days mail_retry forms_dir data_dir nuts_dir static_dir; do
  grep -qx "$k" <<<"$keys" || kmiss="$kmiss example:$k"
  grep -q "^\.BR $k \|, \" $k \| $k \" (\"\|^\.BR.* $k " "$root/man/s3pm.1" || kmiss="$kmiss man:$k"
  printf '%s =\n' "$k" >"$tmp/k.conf"
  "$bin" --config "$tmp/k.conf" routes 2>&1 >/dev/null | grep -q "k.conf:1: $k: no value" || kmiss="$kmiss unknown:$k"
done
check "every key is in the example and the manual page (and known to s3pm)" '[ -z "$kmiss" ]' "$kmiss"
nkeys=$(grep -c '^#[a-z_]* =' "$root/etc/s3pm.conf.example")
check "the example has no key s3pm does not know ($nkeys lines)" '[ "$nkeys" -eq 27 ]'
if command -v groff >/dev/null 2>&1; then
  check "the manual page renders without a warning" \
    '[ -z "$(groff -ww -man -Tutf8 "$root/man/s3pm.1" 2>&1 >/dev/null)" ]' "$(groff -ww -man -Tutf8 "$root/man/s3pm.1" 2>&1 >/dev/null | head -5)"
else
  skip "groff is not installed"
fi
if command -v systemd-analyze >/dev/null 2>&1; then
  mkdir -p "$tmp/man/man1" && cp "$root/man/s3pm.1" "$tmp/man/man1/"
  sed "s|/usr/local/bin/s3pm|$bin|" "$root/etc/s3pm.service" >"$tmp/s3pm.service"
  check "systemd-analyze verify accepts the unit" \
    'MANPATH=$tmp/man systemd-analyze verify "$tmp/s3pm.service" >"$tmp/sa" 2>&1' "$(cat "$tmp/sa")"
else
  skip "systemd-analyze is not installed"
fi
if command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  mkdir -p "$tmp/ngx"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ngx/key.pem" -out "$tmp/ngx/cert.pem" -days 1 \
    -subj /CN=s3pm.example.eu >/dev/null 2>&1
  sed -e "s|/etc/letsencrypt/live/s3pm.example.eu/fullchain.pem|$tmp/ngx/cert.pem|" \
      -e "s|/etc/letsencrypt/live/s3pm.example.eu/privkey.pem|$tmp/ngx/key.pem|" \
      "$root/etc/nginx-s3pm.conf" >"$tmp/ngx/site.conf"
  printf 'pid %s/nginx.pid;\nerror_log %s/error.log;\nevents {}\nhttp {\n include %s/site.conf;\n}\n' \
    "$tmp/ngx" "$tmp/ngx" "$tmp/ngx" >"$tmp/ngx/nginx.conf"
  check "nginx -t accepts the example (a self-signed certificate)" \
    'nginx -t -c "$tmp/ngx/nginx.conf" -p "$tmp/ngx" >"$tmp/ngx/out" 2>&1' "$(cat "$tmp/ngx/out")"
  check "... whose client_max_body_size is the default max_body (1 MiB)" \
    'grep -q "client_max_body_size 1m;" "$root/etc/nginx-s3pm.conf"'
else
  skip "nginx or openssl is not installed"
fi

# --- SMTP login options --------------------------------------------------
check "--smtp-user without a password file is refused" \
  '"$bin" notify --dry-run --db "$db" --smtp smtp://127.0.0.1:1 --mail-from a@example.org --smtp-user u >/dev/null 2>"$tmp/bo"; [ $? -eq 2 ] && grep -q "go together" "$tmp/bo"' "$(cat "$tmp/bo")"
check "an unreadable password file is named" \
  '"$bin" notify --dry-run --db "$db" --smtp smtp://127.0.0.1:1 --mail-from a@example.org --smtp-user u --smtp-password-file "$tmp/nopw" >/dev/null 2>"$tmp/bo"; [ $? -eq 2 ] && grep -q "nopw" "$tmp/bo"' "$(cat "$tmp/bo")"
printf 'smtp_user = u\nsmtp_password_file = %s/pw\n' "$tmp" >"$tmp/pw.conf"; printf 'secret\n' >"$tmp/pw"
check "both from the file: accepted" \
  '"$bin" --config "$tmp/pw.conf" notify --dry-run --db "$db" >/dev/null 2>"$tmp/bo"' "$(cat "$tmp/bo")"

# --- --help ---------------------------------------------------------------
helpok=1 helpbad=
# Every command s3pm help lists (a new command without its --help fails).
cmds=$("$bin" help | sed -n 's/^  \([a-z][a-z]*\)\( .*\)\{0,1\}$/\1/p' | sort -u)
check "s3pm help lists the commands (21 or more)" '[ "$(wc -w <<<"$cmds")" -ge 21 ]' "$cmds"
for c in $cmds; do
  for h in --help -h; do
    out=$("$bin" "$c" $h 2>/dev/null); rc=$?
    if [ "$rc" -ne 0 ] || ! grep -q "^usage: s3pm $c" <<<"$out"; then helpok=0; helpbad="$helpbad $c$h"; fi
  done
done
check "every command's --help and -h: usage on stdout, exit 0" '[ "$helpok" = 1 ]' "$helpbad"
check "s3pm help serve = s3pm serve --help" '[ "$("$bin" help serve)" = "$("$bin" serve --help)" ]'
"$bin" serve --help >"$tmp/h"
hmiss=
for o in --listen --db --threads --max-body --session-hours --access-log --secure-cookies --trusted-proxies \
         --metrics-allow --smtp --mail-from --smtp-user --smtp-password-file --base-url --remind-days \
         --mail-retry --legal-url --privacy-url --contact-url; do
  grep -q -- "$o" "$tmp/h" || hmiss="$hmiss $o"
done
check "serve --help names every option" '[ -z "$hmiss" ]' "missing:$hmiss"
check "export --help names its options" '"$bin" export --help | grep -q -- "--format" && "$bin" export --help | grep -q -- "--sheet"'
check "s3pm help: the list, exit 0" '"$bin" help | grep -q "^usage: s3pm"'
check "help of no such command: exit 2" '"$bin" help nosuch >/dev/null 2>&1; [ $? -eq 2 ]'
check "--help needs no readable configuration" 'S3PM_CONFIG=$tmp/none.conf "$bin" serve --help >/dev/null'

# --- /healthz and /metrics ----------------------------------------------
cp "$db" "$tmp/live.db"
start_server "$tmp/live.db" || { no "the server starts"; finish; }
hz=$(curl -s -D "$tmp/hh" -o "$tmp/hb" -w '%{http_code}' "$base/healthz")
check "/healthz: 200 ok" '[ "$hz" = 200 ] && [ "$(cat "$tmp/hb")" = ok ]'
check "/healthz: text/plain, never stored" 'grep -qi "^Content-Type: text/plain" "$tmp/hh" && grep -qi "^Cache-Control: no-store" "$tmp/hh"'
check "/healthz: no access log line when all is well" '! grep -q "GET /healthz" "$tmp/log"'
check "/healthz: no cookie" '! grep -qi "^Set-Cookie" "$tmp/hh"'

curl -s -o /dev/null "$base/"
curl -s -o /dev/null "$base/p/no-such/2020-H1"
curl -s -o /dev/null "$base/no/such/page"
curl -s -o "$tmp/m1" -D "$tmp/mh" -w '%{http_code}' "$base/metrics" >"$tmp/mcode"
check "/metrics from loopback: 200" '[ "$(cat "$tmp/mcode")" = 200 ]'
check "/metrics: the text format's content type" 'grep -qi "^Content-Type: text/plain; version=0.0.4" "$tmp/mh"'
for i in 1 2 3; do curl -s -o /dev/null "$base/"; done
curl -s -o "$tmp/m2" "$base/metrics"
cat >"$tmp/check.py" <<'PY'
import re, sys
name = r'[a-zA-Z_:][a-zA-Z0-9_:]*'
lab = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
sample = re.compile(r'^(' + name + r')(\{(' + lab + r')(,' + lab + r')*\})? (-?[0-9.e+-]+|\+Inf|-Inf|NaN)$')
def parse(path):
    vals, types = {}, {}
    for line in open(path).read().split('\n'):
        if line == '':
            continue
        if line.startswith('# HELP ') or line.startswith('# TYPE '):
            parts = line.split(' ', 3)
            if line.startswith('# TYPE '):
                if parts[3] not in ('counter', 'gauge', 'histogram', 'summary', 'untyped'):
                    sys.exit('bad type: ' + line)
                types[parts[2]] = parts[3]
            continue
        m = sample.match(line)
        if not m:
            sys.exit('not an exposition line: ' + repr(line))
        vals[m.group(1) + (m.group(2) or '')] = float(m.group(5))
        base = re.sub(r'_(bucket|sum|count)$', '', m.group(1))
        if m.group(1) not in types and base not in types:
            sys.exit('no TYPE for ' + m.group(1))
    return vals
a, b = parse(sys.argv[1]), parse(sys.argv[2])
home = 's3pm_http_requests_total{route="/",method="GET",status="200"}'
if not (b.get(home, 0) >= a.get(home, 0) + 3):
    sys.exit('the counter of / did not rise by 3: %s -> %s' % (a.get(home), b.get(home)))
c = 's3pm_http_request_duration_seconds_count'
if not b[c] > a[c]:
    sys.exit('the histogram did not count')
if b['s3pm_http_request_duration_seconds_bucket{le="+Inf"}'] != b[c]:
    sys.exit('+Inf bucket != count')
for k in b:
    m = re.search(r'route="([^"]*)"', k)
    if m and m.group(1) != 'none' and not m.group(1).startswith('/'):
        sys.exit('not a route: ' + k)
    if 'no-such' in k or 'no/such' in k:
        sys.exit('a raw address as a label: ' + k)
if 's3pm_http_requests_total{route="/p/:slug/:period",method="GET",status="404"}' not in b:
    sys.exit('the pattern of /p/no-such/2020-H1 is missing')
if 's3pm_http_requests_total{route="none",method="GET",status="404"}' not in b:
    sys.exit('an unmatched path is not counted as route="none"')
for k in ('s3pm_report_saves_total', 's3pm_db_errors_total', 's3pm_mail_queued', 'process_start_time_seconds'):
    if k not in b:
        sys.exit('missing ' + k)
PY
check "/metrics: valid exposition lines, counters rise, labels are route patterns" \
  '$py "$tmp/check.py" "$tmp/m1" "$tmp/m2" >"$tmp/pyout" 2>&1' "$(cat "$tmp/pyout")"
check "/metrics with X-Forwarded-For from an untrusted peer: 404" \
  '[ "$(curl -s -o /dev/null -w "%{http_code}" -H "X-Forwarded-For: 127.0.0.1" "$base/metrics")" = 404 ]'

# The database file removed under the running server: 503.
rm -f "$tmp/live.db" "$tmp/live.db-wal" "$tmp/live.db-shm"
hz=$(curl -s -o "$tmp/hb" -w '%{http_code}' "$base/healthz")
check "/healthz: 503 when the database file is gone" '[ "$hz" = 503 ]'
check "... says nothing of why to the client" '[ "$(cat "$tmp/hb")" = unavailable ]'
check "... and the log says why" 'grep -q "healthz: .*gone" "$tmp/log"'
kill -TERM "$pid"; wait "$pid" 2>/dev/null

cp "$db" "$tmp/live.db"
start_server "$tmp/live.db" --metrics-allow 192.0.2.0/24 || { no "the server starts"; finish; }
check "/metrics from an address not allowed: 404" \
  '[ "$(curl -s -o /dev/null -w "%{http_code}" "$base/metrics")" = 404 ]'
kill -TERM "$pid"; wait "$pid" 2>/dev/null

# --- X-Forwarded-For and login throttling --------------------------------
fail_login() { # fail_login JAR XFF EMAIL: one wrong password; prints the status
  curl -s -c "$1" -b "$1" -o "$tmp/lf" "$base/login"
  local csrf
  csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lf" | head -1)
  curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' -H "X-Forwarded-For: $2" \
    --data-urlencode "email=$3" --data-urlencode "password=wrong wrong wrong" \
    --data-urlencode "csrf=$csrf" "$base/login"
}
# Untrusted peer: twenty failures, each claiming another address, block the peer.
cp "$db" "$tmp/t1.db"
start_server "$tmp/t1.db" || { no "the server starts"; finish; }
codes=
for i in $(seq 1 20); do codes="$codes $(fail_login "$tmp/j1" "198.51.100.$i" "u$i@example.org")"; done
c21=$(fail_login "$tmp/j1" "198.51.100.99" "v@example.org")
check "untrusted peer: a spoofed X-Forwarded-For does not change the throttling key (429)" '[ "$c21" = 429 ]' "$codes / $c21"
check "... and the log shows the peer, not the claim" '! grep -q "198.51.100" "$tmp/log"'
kill -TERM "$pid"; wait "$pid" 2>/dev/null

# Trusted peer: the address the proxy wrote is the client.
cp "$db" "$tmp/t2.db"
start_server "$tmp/t2.db" --trusted-proxies "127.0.0.1, ::1" || { no "the server starts"; finish; }
codes=
for i in $(seq 1 20); do codes="$codes $(fail_login "$tmp/j2" "6.6.6.$i, 198.51.100.7" "u$i@example.org")"; done
c_same=$(fail_login "$tmp/j2" "198.51.100.7" "w@example.org")
c_other=$(fail_login "$tmp/j2" "198.51.100.8" "x@example.org")
check "trusted peer: the client it names is throttled (429)" '[ "$c_same" = 429 ]' "$codes / $c_same"
check "... another client behind it is not (401)" '[ "$c_other" = 401 ]' "$c_other"
check "... and the access log shows the client" 'grep -q "^198.51.100.7 " "$tmp/log"'
kill -TERM "$pid"; wait "$pid" 2>/dev/null
finish
