#!/usr/bin/env bash
# tests/http/t0022-servers.sh [BINARY] - several servers on one PostgreSQL database
# (issue 11): two `s3pm serve` share the database and nothing that matters in a process.
# Two people edit one report through different servers (tests/http/two_servers.py):
# merged or a conflict as on one server, never a lost update; a session made on one
# server is known on the other; a change made through one server (or by a command) shows
# on the other's public pages at once, before the one second a public page is kept
# (LISTEN/NOTIFY empties the other's cache). Runs on PostgreSQL only (S3PM_TEST_PG):
# SQLite is one machine's database.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

postgresql_only "several servers share a PostgreSQL database"
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}
pw="correct horse battery"
P=mining-industry
sample=$root/samples/s3-monitoring-report-mining-2020H1.txt

"$bin" import "$sample" --status draft --db "$DB" >"$tmp/imp" 2>&1
check "the sample report imported as a draft" '[ $? = 0 ]' "$(cat "$tmp/imp")"
for u in coord@example.org:coordinator member@example.org:member; do
  S3PM_PASSWORD=$pw "$bin" user add "${u%%:*}" --role "${u#*:}" --partnership "$P" --db "$DB" >/dev/null 2>&1 ||
    no "user add ${u%%:*}"
done
S3PM_PASSWORD=$pw "$bin" user add admin@example.org --role admin --db "$DB" >/dev/null 2>&1 || no "user add admin"

# Two servers on the database.
start_server "$DB" || { no "server A starts" "$(head -c 300 "$tmp/log")"; finish; }
A=$base pidA=$pid
portB=$(free_port)
B="http://127.0.0.1:$portB"
"$bin" serve --listen "127.0.0.1:$portB" --db "$DB" >"$tmp/outB" 2>"$tmp/logB" &
pidB=$!
for i in $(seq 1 200); do grep -q "listening on" "$tmp/logB" && break; sleep 0.05; done
check "server B starts on the same database" 'grep -q "listening on" "$tmp/logB"' "$(head -c 300 "$tmp/logB")"
trap 'kill -KILL $pidB 2>/dev/null; cleanup' EXIT

/usr/bin/python3 "$here/two_servers.py" "$A" "$B" "$P" 2020-H1 "$pw" >"$tmp/two" 2>&1
cat "$tmp/two" | grep -v "^two-servers:"
pass=$((pass + $(grep -c "^ok - " "$tmp/two")))
fail=$((fail + $(grep -c "^not ok - " "$tmp/two")))
grep -q "^two-servers: " "$tmp/two" || no "two_servers.py ran to its end" "$(tail -5 "$tmp/two")"

# A change through A shows on B's public pages at once. B's "/" is made
# fresh first (a POST that reaches a handler on B empties B's cache; the
# GET renders the page, Server-Timing says so, and keeps it for a
# second); the rename through A must show on B well within that second.
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
jar=$tmp/admin.jar
curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$A/login"
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=admin@example.org" \
  --data-urlencode "password=$pw" --data-urlencode "csrf=$(csrf_of "$tmp/lf")" "$A/login"
curl -s -b "$jar" -o "$tmp/adm" "$A/me"
token=$(csrf_of "$tmp/adm")
fresh_home() { # fresh_home BASE: BASE's "/" rendered now and kept
  curl -s -o /dev/null -X POST -H "Content-Type: application/json" --data '{}' "$1/api/validate"
  curl -s -D "$tmp/hh" -o "$tmp/home" "$1/"
  grep -qi "^Server-Timing: app" "$tmp/hh"
}
seen_within() { # seen_within BASE TEXT MS: whether BASE/ shows TEXT within MS milliseconds (of the clock)
  local end=$(($(date +%s%3N) + $3))
  while [ "$(date +%s%3N)" -lt "$end" ]; do
    curl -s -o "$tmp/home" "$1/" && grep -q "$2" "$tmp/home" && return 0
    sleep 0.02
  done
  return 1
}
for round in 1 2 3; do
  name="Mining industry round $round"
  check "round $round: B's home page rendered and kept" 'fresh_home "$B"'
  st=$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "csrf=$token" \
    --data-urlencode "name=$name" --data-urlencode "platform=Industrial Modernisation" "$A/admin/partnerships/$P")
  check "round $round: the admin renames the partnership through A ($st)" '[ "$st" = 303 ]'
  check "... and B's public home page shows the new name within 400 ms (a page is kept 1 s)" \
    'seen_within "$B" "$name" 400' "$(grep -o "Mining industry[^<]*" "$tmp/home" | head -2)"
done
# A command's change (here: a new partnership) shows too.
check "B's home page rendered and kept" 'fresh_home "$B"'
"$bin" partnership add hydrogen-valleys --name "Hydrogen valleys" --platform Energy --db "$DB" >/dev/null 2>&1
check "a partnership added by a command shows on B's home page within 400 ms" \
  'seen_within "$B" "Hydrogen valleys" 400'

# A password in the URL is never printed (the test server trusts the socket
# and ignores it).
pwurl=$(sed 's|://\([^@/:]*\)@|://\1:hunter2secret@|' <<<"$DB")
out=$("$bin" init --db "$pwurl" 2>&1; "$bin" import "$sample" --db "$pwurl" 2>&1)
check "a URL's password is not printed (init, import)" \
  '! grep -q hunter2secret <<<"$out" && grep -q ":\*\*\*@" <<<"$out"' "$out"
# backup and restore copy SQLite files: on PostgreSQL they say what to use.
out=$("$bin" backup --db "$DB" "$tmp/b.db" 2>&1); st=$?
check "backup on PostgreSQL: exit 2, pointing to PostgreSQL's tools and nothing written" \
  '[ "$st" = 2 ] && echo "$out" | grep -q "pg_dump" && [ ! -e "$tmp/b.db" ]' "$out"
out=$("$bin" restore --db "$DB" "$tmp/b.db" 2>&1); st=$?
check "restore on PostgreSQL: exit 2, pointing to pg_restore and s3pm load" \
  '[ "$st" = 2 ] && echo "$out" | grep -q "pg_restore"' "$out"
kill -TERM "$pidB" 2>/dev/null
wait "$pidB" 2>/dev/null
check "server B stops cleanly" 'grep -q "s3pm: stopped" "$tmp/logB"' "$(tail -3 "$tmp/logB")"
finish
