#!/usr/bin/env bash
# tests/http/t0013-demo.sh [BINARY] - s3pm demo: the same seed gives the
# same reports; every status is there; validation finds something in some
# reports and nothing in others; the public site shows the published
# reports and not the drafts; a wrong command line exits 2 and writes no
# database.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
sqlite_only "the demo's tests read its SQLite files (the demo on PostgreSQL is exercised by t0021)"

if ! command -v sqlite3 >/dev/null; then no "sqlite3 is installed"; finish; fi
if [ ! -x "$bin" ]; then no "binary $bin exists"; finish; fi

demo() { "$bin" demo --partnerships 30 --periods 6 --seed 1 --today 2025-03-01 "$@"; }

demo --db "$tmp/a.db" >"$tmp/a.out" 2>"$tmp/a.err"
check "demo exits 0" '[ $? -eq 0 ]' "$(cat "$tmp/a.err")"
check "demo prints a one-line summary" \
  'grep -Eq "^s3pm demo: 30 partnerships, [0-9]+ reports 2022-H1..2024-H2 \(.*\), [0-9]+ missing, [0-9]+ decisions into .* in [0-9.]+ s$" "$tmp/a.out" && [ "$(wc -l <"$tmp/a.out")" -eq 1 ]' \
  "$(cat "$tmp/a.out")"
demo --db "$tmp/b.db" >"$tmp/b.out" 2>&1
demo --db "$tmp/c.db" --seed 2 >"$tmp/c.out" 2>&1

# The reports, their partnerships, revisions, moves and decisions without
# the times.
dump() {
  sqlite3 "$1" "select p.slug, p.name, p.platform, p.start_date, r.period, r.status, r.revision, v.doc
    from reports r join partnerships p on p.id = r.partnership_id
    join report_revisions v on v.report_id = r.id and v.revision = r.revision order by p.slug, r.period;
    select p.slug, e.status from report_events e join reports r on r.id = e.report_id
    join partnerships p on p.id = r.partnership_id order by p.slug, r.period, e.rowid;
    select p.slug, d.term, d.outcome, d.conditions, d.rationale from decisions d
    join partnerships p on p.id = d.partnership_id order by p.slug, d.id;
    select period, deadline from periods order by period;"
}
dump "$tmp/a.db" >"$tmp/a.dump"
dump "$tmp/b.db" >"$tmp/b.dump"
dump "$tmp/c.db" >"$tmp/c.dump"
check "the dump is not empty" '[ "$(wc -c <"$tmp/a.dump")" -gt 100000 ]' "$(wc -c <"$tmp/a.dump")"
check "the same seed gives the same reports, moves, decisions and periods" 'cmp -s "$tmp/a.dump" "$tmp/b.dump"' \
  "$(diff "$tmp/a.dump" "$tmp/b.dump" | head -5)"
check "another seed gives other reports" '! cmp -s "$tmp/a.dump" "$tmp/c.dump"'
check "the summaries of the same seed agree but for the time" \
  '[ "$(sed "s/ in [0-9.]* s$//; s/into [^ ]*//" "$tmp/a.out")" = "$(sed "s/ in [0-9.]* s$//; s/into [^ ]*//" "$tmp/b.out")" ]'

for s in draft submitted returned accepted published; do
  n=$(sqlite3 "$tmp/a.db" "select count(*) from reports where status = '$s'")
  check "some reports are $s ($n)" '[ "$n" -gt 0 ]'
done
n=$(sqlite3 "$tmp/a.db" "select count(*) from partnerships")
check "30 partnerships" '[ "$n" -eq 30 ]' "$n"
n=$(sqlite3 "$tmp/a.db" "select count(distinct platform) from partnerships")
check "spread over the four platforms" '[ "$n" -eq 4 ]' "$n"
n=$(sqlite3 "$tmp/a.db" "select count(*) from periods")
check "six periods set with deadlines" \
  '[ "$n" -eq 6 ] && [ "$(sqlite3 "$tmp/a.db" "select deadline from periods where period = '"'"'2024-H2'"'"'")" = 2025-01-31 ]' "$n"
n=$(sqlite3 "$tmp/a.db" "select count(*) from decisions")
check "some decisions recorded ($n)" '[ "$n" -gt 0 ]'
n=$(sqlite3 "$tmp/a.db" "select count(*) from (select p.id from partnerships p, periods e
  where not exists (select 1 from reports r where r.partnership_id = p.id and r.period = e.period)
  and e.period >= (select min(period) from reports r where r.partnership_id = p.id))")
check "some periods have no report ($n)" '[ "$n" -gt 0 ]'
n=$(sqlite3 "$tmp/a.db" "select count(*) from reports where period = '2024-H2' and status = 'draft'")
check "the newest period has drafts ($n)" '[ "$n" -gt 0 ]'
n=$(sqlite3 "$tmp/a.db" "select count(*) from report_revisions where doc like '%self_assessment%'
  and report_id in (select id from reports where status <> 'draft')")
m=$(sqlite3 "$tmp/a.db" "select count(*) from reports where status <> 'draft'")
check "every report past draft has its self-assessment ($n of $m)" '[ "$n" -eq "$m" ]'
check "texts with Greek, Polish and Nordic letters" \
  '[ "$(sqlite3 "$tmp/a.db" "select count(*) from report_revisions where doc like '"'"'%Περιφέρεια%'"'"' or doc like '"'"'%województw%'"'"' or doc like '"'"'%Møre%'"'"'")" -gt 0 ]'
sqlite3 "$tmp/a.db" "select doc from report_revisions" >"$tmp/docs"
check "event dates written as days, months and quarters" \
  'grep -Eq "\"date\": \"Q[1-4] 20[0-9]{2}\"" "$tmp/docs" && grep -Eq "\"date\": \"[0-9]{1,2}\.[0-9]{1,2}\.20[0-9]{2}\"" "$tmp/docs" &&
   grep -Eq "\"date\": \"(January|March|May|October) 20[0-9]{2}\"" "$tmp/docs"'

# Validation: findings in some documents, none in others.
found=0 clean=0
for id in $(sqlite3 "$tmp/a.db" "select id from reports order by id limit 40"); do
  sqlite3 "$tmp/a.db" "select doc from report_revisions where report_id = $id order by revision desc limit 1" >"$tmp/r$id.json"
  "$bin" validate "$tmp/r$id.json" >"$tmp/v.out" 2>&1
  rc=$?
  if [ "$rc" -eq 2 ]; then no "report $id is a valid document" "$(head -3 "$tmp/v.out")"; continue; fi
  if [ -s "$tmp/v.out" ]; then found=$((found + 1)); else clean=$((clean + 1)); fi
done
check "validate finds something in some of 40 reports ($found)" '[ "$found" -gt 0 ]'
check "validate finds nothing in others ($clean)" '[ "$clean" -gt 0 ]'

# The public site: published reports are there, drafts are not.
pub=$(sqlite3 -separator / "$tmp/a.db" "select p.slug, r.period from reports r join partnerships p on p.id = r.partnership_id where r.status = 'published' order by r.id limit 3")
drafts=$(sqlite3 -separator / "$tmp/a.db" "select p.slug, r.period from reports r join partnerships p on p.id = r.partnership_id where r.status = 'draft' order by r.id limit 3")
if ! start_server "$tmp/a.db"; then
  no "server starts" "$(head -c 500 "$tmp/log")"
  finish
fi
for x in $pub; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/p/$x")
  check "GET /p/$x (published) is 200" '[ "$code" = 200 ]' "$code"
done
for x in $drafts; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "$base/p/$x")
  check "GET /p/$x (draft) is 404" '[ "$code" = 404 ]' "$code"
done
kill -TERM "$pid"; wait "$pid" 2>/dev/null; pid=

# Wrong command lines: exit 2, a message, no database.
bad() {
  local what=$1
  shift
  "$bin" demo --db "$tmp/bad.db" "$@" >"$tmp/bad.out" 2>"$tmp/bad.err"
  rc=$?
  check "$what: exit 2, a message, no database" '[ "$rc" -eq 2 ] && [ -s "$tmp/bad.err" ] && [ ! -e "$tmp/bad.db" ]' \
    "rc $rc: $(head -2 "$tmp/bad.err")"
}
bad "--partnerships 0" --partnerships 0 --periods 6
bad "--partnerships abc" --partnerships abc --periods 6
bad "--partnerships -3" --partnerships -3 --periods 6
bad "--partnerships huge" --partnerships 99999999999999999999999 --periods 6
bad "--partnerships past the cap" --partnerships 100001 --periods 6
bad "--periods 61" --partnerships 3 --periods 61
bad "--periods 0" --partnerships 3 --periods 0
bad "--seed x" --partnerships 3 --periods 2 --seed x
bad "--today nonsense" --partnerships 3 --periods 2 --today 2025-13-40
bad "an unknown option" --partnerships 3 --periods 2 --colour
bad "no --periods" --partnerships 3
bad "an option without its value" --partnerships 3 --periods
"$bin" demo --db "$tmp/bad.db" --partnerships 100001 --periods 6 2>"$tmp/bad.err"
check "the cap is named in the message" 'grep -q "from 1 to 100000" "$tmp/bad.err"' "$(cat "$tmp/bad.err")"

finish
