#!/usr/bin/env bash
# tests/http/t0021-crash.sh [BINARY] [ROUNDS] - crash safety (issue 11): ROUNDS (20) times,
# four clients save drafts through the autosave (POST /api/p/SLUG/PERIOD/draft) as fast as
# they can, each logging every save answered 2xx with its revision and the hash of what it
# wrote; the server is killed with SIGKILL at a random moment and started again. After each
# restart every acknowledged save (of every round so far) is there with what it wrote,
# PRAGMA integrity_check and foreign_key_check pass (on PostgreSQL: pg_amcheck of every table
# and index), each report points at its newest
# revision (its last acknowledged one or a later one), and the server found no report whose
# search index a crash had lost (it reindexes at start and says so).
#
# What is tested is the guarantee against a process crash: an acknowledged save is
# committed to the write-ahead log (SQLite: synchronous = NORMAL in WAL mode, which the
# kernel keeps when the process dies; PostgreSQL: its own WAL, flushed at each commit).
# With S3PM_TEST_PG the same runs on PostgreSQL. A power cut is not simulated here (docs/internals/
# durability.md says what it may lose).
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

rounds=${2:-20}
py=/usr/bin/python3
db=$DB
pw="correct horse battery"
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}

"$bin" demo --partnerships 20 --periods 4 --db "$db" >"$tmp/demo" 2>&1 ||
  { no "demo data" "$(tail -3 "$tmp/demo")"; finish; }
mapfile -t drafts < <(sql "$db" "SELECT p.slug || ' ' || r.period FROM reports r
  JOIN partnerships p ON p.id = r.partnership_id WHERE r.status = 'draft' ORDER BY r.id LIMIT 4")
check "the demo has four drafts to save" '[ "${#drafts[@]}" = 4 ]'
i=0
for d in "${drafts[@]}"; do
  i=$((i + 1))
  S3PM_PASSWORD=$pw "$bin" user add "c$i@example.org" --role coordinator --partnership "${d%% *}" \
    --db "$db" >/dev/null 2>&1 || no "user add c$i"
done
if [ "$BACKEND" = sqlite ]; then
  check "the database is in WAL mode (a commit is in the log when it returns)" \
    '[ "$(sqlite3 "$db" "PRAGMA journal_mode")" = wal ]'
fi

: >"$tmp/saves"
start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }
total=0
bad_rounds=0
for round in $(seq 1 "$rounds"); do
  savers=()
  i=0
  for d in "${drafts[@]}"; do
    i=$((i + 1))
    $py "$here/saver.py" "$base" "c$i@example.org" "$pw" ${d} "$tmp/saves" "round-$round-client-$i" 0 \
      >"$tmp/saver$i.out" 2>&1 &
    savers+=($!)
  done
  # Some saves first (the clients start, log in), then a moment at random.
  for t in $(seq 1 200); do [ "$(wc -l <"$tmp/saves")" -ge $((total + 2)) ] && break; sleep 0.05; done
  sleep "0.$((RANDOM % 6))$((RANDOM % 10))"
  kill -KILL "$pid"
  wait "$pid" 2>/dev/null
  pid=
  wait "${savers[@]}" 2>/dev/null
  n=$(wc -l <"$tmp/saves")
  acked=$((n - total))
  total=$n
  if ! start_server "$db"; then
    no "round $round: the server starts again after SIGKILL" "$(head -c 300 "$tmp/log")"
    break
  fi
  problems=""
  out=$($py "$here/check_saves.py" "$db" "$tmp/saves") || problems+=" saves: $out;"
  grep -q "search index:" "$tmp/log" && problems+=" $(grep "search index:" "$tmp/log");"
  if [ "$BACKEND" = postgresql ]; then
    "$pgbin/pg_amcheck" --install-missing --heapallindexed "$db" >"$tmp/amcheck" 2>&1 ||
      problems+=" pg_amcheck: $(head -c 300 "$tmp/amcheck");"
  fi
  if [ -n "$problems" ]; then
    bad_rounds=$((bad_rounds + 1))
    no "round $round: $acked saves acknowledged before SIGKILL, all there after the restart" "$problems"
  else
    ok "round $round: $acked saves acknowledged before SIGKILL, all there after the restart"
  fi
done
check "$rounds rounds, $total acknowledged saves in all, none lost" '[ "$bad_rounds" = 0 ] && [ "$total" -ge "$rounds" ]'
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
pid=
out=$("$bin" reindex --db "$db" 2>&1)
check "s3pm reindex: nothing stale after the crashes" '[ "$out" = "0 reports indexed, the index merged" ]' "$out"
finish
