# tests/http/lib.sh - what the server tests share; sourced by each
# tests/http/tNNNN-*.sh with the binary as its first argument. Sets $here,
# $root, $bin (absolute), $tmp (removed at exit, with the server $pid
# killed), the counters and their helpers, and free_port.
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${1:-$root/build/s3pm}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null; fi
  if [ -n "${pgname:-}" ]; then bash "$root/scripts/pg.sh" dropdb "$S3PM_TEST_PG" "$pgname" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
# $DB, the database of a test: a file in $tmp; or, when S3PM_TEST_PG names
# the folder of a PostgreSQL server that scripts/pg.sh started, a new
# database on it (dropped at exit). A test that works on files (backups,
# the sqlite3 shell) says so with sqlite_only.
if [ -n "${S3PM_TEST_PG:-}" ]; then
  pgname="t_$(basename "$0" .sh | tr -c 'a-z0-9\n' '_')_$$"
  DB=$(bash "$root/scripts/pg.sh" createdb "$S3PM_TEST_PG" "$pgname") || { echo "not ok - a PostgreSQL database for the test"; echo "http: 0 passed, 1 failed"; exit 1; }
  BACKEND=postgresql
else
  DB=$tmp/t.db
  BACKEND=sqlite
fi
# The tests' own look at the database, whichever the backend: sql DB SQL
# prints the rows, columns joined by | (sqlite3's and psql -A's way);
# Python scripts import dbconn (tests/http/dbconn.py).
sql() {
  case $1 in
  postgresql://* | postgres://*) psql "$1" -Atq -v ON_ERROR_STOP=1 -c "$2" ;;
  *) sqlite3 "$1" "$2" ;;
  esac
}
# reset_db: $DB emptied, as a new database (no tables).
reset_db() {
  case $DB in
  postgresql://* | postgres://*)
    psql "$DB" -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public" ;;
  *) rm -f "$DB" "$DB-wal" "$DB-shm" "$DB-journal" ;;
  esac
}
export PYTHONPATH="$here${PYTHONPATH:+:$PYTHONPATH}"
# PostgreSQL's programs (pg_amcheck is not on PATH in Debian).
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
# Debian's Python, with Debian's modules (psycopg2, openpyxl, aiosmtpd),
# whatever python3 is first on PATH.
pysys=/usr/bin/python3
pass=0
fail=0
# sqlite_only REASON: a test of SQLite's files ends here on PostgreSQL,
# saying why (its count line says 0 run).
sqlite_only() {
  if [ "$BACKEND" != sqlite ]; then echo "skip: on SQLite only: $1"; echo "http: 0 passed, 0 failed"; exit 0; fi
}
# postgresql_only REASON: the same for a test that needs a PostgreSQL
# server (S3PM_TEST_PG), on a run on SQLite.
postgresql_only() {
  if [ "$BACKEND" != postgresql ]; then
    echo "skip: on PostgreSQL only (S3PM_TEST_PG): $1; this run is on SQLite"
    echo "http: 0 passed, 0 failed"
    exit 0
  fi
}
ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && printf '  %s\n' "$2"; }
skip() { echo "skip: $1"; } # counted neither as passed nor as failed
check() { if eval "$2"; then ok "$1"; else no "$1" "${3:-}"; fi; }
# On a failure the server's last words go to the log: a crash under the
# sanitizers is otherwise only seen as the requests after it failing.
finish() {
  if [ "$fail" -ne 0 ] && [ -s "$tmp/log" ]; then
    echo "# the server's log, but for the access lines (last 60 lines):"
    grep -Ev '" [0-9]{3} [0-9]+ [0-9]+us' "$tmp/log" | tail -n 60 | sed 's/^/#   /'
  fi
  echo "http: $pass passed, $fail failed"
  [ "$fail" -eq 0 ]
  exit $?
}
# A port free on 127.0.0.1 now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
# start_server DB [SERVE-ARGS...]: runs `s3pm serve` on DB in the background
# on a free port ($port, $base, $pid; its stderr in $tmp/log) and waits for
# "listening on"; another port when one is taken meanwhile. 1 when it never
# listens.
start_server() {
  local db=$1 tries i
  shift
  for tries in 1 2 3 4 5; do
    port=$(free_port)
    base="http://127.0.0.1:$port"
    : >"$tmp/log"
    "$bin" serve --listen "127.0.0.1:$port" --db "$db" "$@" >"$tmp/out" 2>"$tmp/log" &
    pid=$!
    for i in $(seq 1 200); do
      grep -q "listening on" "$tmp/log" && return 0
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
  done
  return 1
}
# canary_reports SA DRAFT SUB: from the bundled sample, $tmp/a1.txt (mining-industry 2020-H1,
# SA in its confidential self-assessment), $tmp/a2.txt (2020-H2, DRAFT in a public answer and in
# the self-assessment) and $tmp/b1.txt (hydrogen-valleys 2020-H1, SUB in a public answer), for
# the tests of who reads what (t0014, t0016).
canary_reports() {
  local seed=$root/samples/s3-monitoring-report-mining-2020H1.txt
  { cat "$seed"; canary_self_assessment "$1"; } >"$tmp/a1.txt"
  { sed -e 's/January - June 2020/July - December 2020/' \
        -e "s/^ Mining industries partnership could/ $2 Mining industries partnership could/" "$seed"
    canary_self_assessment "$2"; } >"$tmp/a2.txt"
  sed -e 's/^Mining industry$/Hydrogen valleys/' \
      -e "s/^ Mining industries partnership could/ $3 Mining industries partnership could/" "$seed" >"$tmp/b1.txt"
}
canary_self_assessment() {
  printf '\nSelf-assessment\n\nSelf-assessment\n\n'
  printf "Overall, how does the partnership's progress in this period compare with its work plan?\n\nOn plan\n\n"
  printf "Which of the partnership's objectives for this period were achieved, and what shows it?\n\n%s achieved\n\n" "$1"
  printf 'Which obstacles slowed the partnership down, and how were they addressed?\n\n%s obstacles\n' "$1"
}
