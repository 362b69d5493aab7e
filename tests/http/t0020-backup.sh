#!/usr/bin/env bash
# tests/http/t0020-backup.sh [BINARY] - backups and moves (issue 11): s3pm backup taken while
# a server saves drafts (the saves go on; every save acknowledged before it is in the copy;
# integrity), never over a file without --force; s3pm restore refused while the server runs,
# then done (the old database kept as DB.before-restore; dumps compare); s3pm dump -> load into
# a new database -> dump gives the same lines (revisions and audit included); bad dumps exit 2
# naming the line with nothing written; a table missing from the dump's list fails the dump.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"
sqlite_only "backup and restore copy SQLite files"

py=/usr/bin/python3
db=$tmp/a.db
pw="correct horse battery"
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}

"$bin" demo --partnerships 20 --periods 4 --db "$db" >"$tmp/demo" 2>&1 ||
  { no "demo data" "$(tail -3 "$tmp/demo")"; finish; }
mapfile -t drafts < <(sqlite3 "$db" "SELECT p.slug || ' ' || r.period FROM reports r
  JOIN partnerships p ON p.id = r.partnership_id WHERE r.status = 'draft' ORDER BY r.id LIMIT 2")
check "the demo has two drafts to save" '[ "${#drafts[@]}" = 2 ]'
i=0
for d in "${drafts[@]}"; do
  i=$((i + 1))
  S3PM_PASSWORD=$pw "$bin" user add "c$i@example.org" --role coordinator --partnership "${d%% *}" \
    --db "$db" >/dev/null 2>&1 || no "user add c$i"
done

# body of the rows of a dump (its first line says when it was made)
rows_of() { tail -n +2 "$1"; }

start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }
savers=()
: >"$tmp/saves"
i=0
for d in "${drafts[@]}"; do
  i=$((i + 1))
  $py "$here/saver.py" "$base" "c$i@example.org" "$pw" ${d} "$tmp/saves" "backup-$i" 0 \
    >"$tmp/saver$i.out" 2>&1 &
  savers+=($!)
done
for t in $(seq 1 100); do [ "$(wc -l <"$tmp/saves" 2>/dev/null || echo 0)" -ge 20 ] && break; sleep 0.1; done
before=$(wc -l <"$tmp/saves")
cp "$tmp/saves" "$tmp/saves-before"
out=$("$bin" backup --db "$db" "$tmp/bk.db" 2>&1)
st=$?
during=$(wc -l <"$tmp/saves")
check "s3pm backup while the server saves drafts (exit 0)" '[ $st = 0 ] && grep -q "integrity ok" <<<"$out"' "$out"
for t in $(seq 1 50); do [ "$(wc -l <"$tmp/saves")" -ge $((during + 10)) ] && break; sleep 0.1; done
after=$(wc -l <"$tmp/saves")
kill "${savers[@]}" 2>/dev/null
wait "${savers[@]}" 2>/dev/null
check "the saves went on during and after the backup ($before before, $after after)" \
  '[ "$before" -ge 20 ] && [ "$after" -ge $((during + 10)) ]' "$(cat "$tmp"/saver*.out)"
check "the backup passes the integrity check and is one file (no log)" \
  '[ "$(sqlite3 "$tmp/bk.db" "PRAGMA integrity_check")" = ok ] && [ "$(sqlite3 "$tmp/bk.db" "PRAGMA journal_mode")" = delete ] && [ ! -e "$tmp/bk.db-wal" ]'
out=$($py "$here/check_saves.py" "$tmp/bk.db" "$tmp/saves-before")
check "every save acknowledged before the backup started is in it" '[ $? = 0 ]' "$out"
check "the backup has the schema version of the database" \
  '[ "$(sqlite3 "$tmp/bk.db" "SELECT max(version) FROM schema_version")" = "$(sqlite3 "$db" "SELECT max(version) FROM schema_version")" ]'
out=$("$bin" backup --db "$db" "$tmp/bk.db" 2>&1)
check "s3pm backup does not overwrite a file (exit 1)" '[ $? = 1 ] && grep -q "exists (--force replaces it)" <<<"$out"' "$out"
cp "$tmp/bk.db" "$tmp/bk-first.db"
check "... but does with --force" '"$bin" backup --force --db "$db" "$tmp/bk.db" >/dev/null 2>&1 && ! cmp -s "$tmp/bk.db" "$tmp/bk-first.db"'
check "s3pm backup of a missing database fails (exit 2)" \
  '"$bin" backup --db "$tmp/none.db" "$tmp/x.db" >/dev/null 2>&1; [ $? = 2 ] && [ ! -e "$tmp/none.db" ] && [ ! -e "$tmp/x.db" ]'
check "no temporary file is left beside the backups" '[ -z "$(ls "$tmp" | grep "\.tmp-")" ]'

# Restore: refused while the server has the database open.
"$bin" dump --db "$db" -o "$tmp/live.jsonl" 2>/dev/null
out=$("$bin" restore --db "$db" "$tmp/bk-first.db" 2>&1)
check "s3pm restore is refused while the server runs (exit 1)" \
  '[ $? = 1 ] && grep -q "open in another s3pm process (a server?): stop it first" <<<"$out" && [ ! -e "$db.before-restore" ]' "$out"
"$bin" dump --db "$db" -o "$tmp/live2.jsonl" 2>/dev/null
check "... and changed nothing" 'cmp -s <(rows_of "$tmp/live.jsonl") <(rows_of "$tmp/live2.jsonl")'
kill -TERM "$pid"
wait "$pid" 2>/dev/null
pid=

"$bin" dump --db "$db" -o "$tmp/old.jsonl" 2>/dev/null
"$bin" dump --db "$tmp/bk-first.db" -o "$tmp/bk.jsonl" 2>/dev/null
out=$("$bin" restore --db "$db" "$tmp/bk-first.db" 2>&1)
check "s3pm restore with the server stopped (exit 0)" \
  '[ $? = 0 ] && grep -q "kept as $db.before-restore" <<<"$out"' "$out"
"$bin" dump --db "$db" -o "$tmp/restored.jsonl" 2>/dev/null
check "the restored database dumps as the backup does" \
  'cmp -s <(rows_of "$tmp/bk.jsonl") <(rows_of "$tmp/restored.jsonl")'
"$bin" dump --db "$db.before-restore" -o "$tmp/kept.jsonl" 2>/dev/null
check "the replaced database is kept whole as DB.before-restore" \
  'cmp -s <(rows_of "$tmp/old.jsonl") <(rows_of "$tmp/kept.jsonl")'
check "the restored database passes the integrity check" '[ "$(sqlite3 "$db" "PRAGMA integrity_check")" = ok ]'
out=$("$bin" restore --db "$db" "$tmp/bk-first.db" 2>&1)
check "a second restore will not overwrite DB.before-restore (exit 1)" '[ $? = 1 ] && grep -q "move it away first" <<<"$out"' "$out"
rm -f "$db.before-restore"
printf 'not a database at all, but longer than a header of one, surely.%.0s' $(seq 1 40) >"$tmp/junk.db"
out=$("$bin" restore --db "$db" "$tmp/junk.db" 2>&1)
check "s3pm restore refuses a file that is no database (exit 2)" '[ $? = 2 ] && grep -q "not an SQLite database" <<<"$out"' "$out"
sqlite3 "$tmp/other.db" "CREATE TABLE t (x); INSERT INTO t VALUES (1);"
out=$("$bin" restore --db "$db" "$tmp/other.db" 2>&1)
check "... and an SQLite database that is not s3pm's (exit 2)" '[ $? = 2 ] && grep -q "not an s3pm database" <<<"$out"' "$out"
cp "$tmp/bk-first.db" "$tmp/newer.db"
sqlite3 "$tmp/newer.db" "INSERT INTO schema_version VALUES (999, '2030-01-01T00:00:00Z')"
out=$("$bin" restore --db "$db" "$tmp/newer.db" 2>&1)
check "... and a backup of a newer schema (exit 2)" '[ $? = 2 ] && grep -q "schema version 999" <<<"$out"' "$out"
check "... leaving the database as it was" '[ ! -e "$db.before-restore" ] && "$bin" dump --db "$db" | tail -n +2 | cmp -s - <(rows_of "$tmp/restored.jsonl")'

# An older backup is migrated after the restore: a copy with the last
# migration undone (its tables dropped, its version removed) comes back up to date.
cp "$tmp/bk-first.db" "$tmp/older.db"
cur=$(sqlite3 "$tmp/older.db" "SELECT max(version) FROM schema_version")
sqlite3 "$tmp/older.db" "DROP TABLE report_fact_month; DROP TABLE report_fact_region; DROP TABLE report_facts; DELETE FROM schema_version WHERE version = $cur" 2>/dev/null
rm -f "$db.before-restore"
out=$("$bin" restore --db "$db" "$tmp/older.db" 2>&1)
check "an older backup is restored and migrated" \
  '[ $? = 0 ] && grep -q "migrated to $cur" <<<"$out" && [ "$(sqlite3 "$db" "SELECT max(version) FROM schema_version")" = "$cur" ]' "$out"

# Dump -> load -> dump.
"$bin" dump --db "$tmp/bk-first.db" -o "$tmp/d1.jsonl" 2>/dev/null
out=$("$bin" load --db "$tmp/moved.db" "$tmp/d1.jsonl" 2>&1)
check "s3pm load into a new database (exit 0)" '[ $? = 0 ] && grep -q "reports indexed" <<<"$out"' "$out"
"$bin" dump --db "$tmp/moved.db" -o "$tmp/d2.jsonl" 2>/dev/null
check "dump -> load -> dump gives the same lines" 'cmp -s <(rows_of "$tmp/d1.jsonl") <(rows_of "$tmp/d2.jsonl")'
check "the dump's header" \
  'head -1 "$tmp/d1.jsonl" | grep -qE "^\{\"s3pm_dump\":1,\"schema\":$cur,\"created\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z\"\}$"'
for t in report_revisions audit report_events users reports; do
  n=$(sqlite3 "$tmp/bk-first.db" "SELECT count(*) FROM $t")
  check "$t: all $n rows dumped and loaded" \
    '[ "$n" -gt 0 ] && [ "$(grep -c "^{\"table\":\"$t\"," "$tmp/d1.jsonl")" = "$n" ] && [ "$(sqlite3 "$tmp/moved.db" "SELECT count(*) FROM $t")" = "$n" ]'
done
check "the search index and figures are rebuilt, not dumped" \
  '! grep -q "\"table\":\"report_text" "$tmp/d1.jsonl" && [ "$(sqlite3 "$tmp/moved.db" "SELECT count(*) FROM report_text")" = "$(sqlite3 "$tmp/bk-first.db" "SELECT count(*) FROM report_text")" ] && [ "$(sqlite3 "$tmp/moved.db" "SELECT count(*) FROM report_facts")" = "$(sqlite3 "$tmp/bk-first.db" "SELECT count(*) FROM report_facts")" ]'
check "the loaded database passes the integrity and reference checks" \
  '[ "$(sqlite3 "$tmp/moved.db" "PRAGMA integrity_check")" = ok ] && [ -z "$(sqlite3 "$tmp/moved.db" "PRAGMA foreign_key_check")" ]'
out=$("$bin" load --db "$tmp/moved.db" "$tmp/d1.jsonl" 2>&1)
check "s3pm load refuses a database that is not empty (exit 1)" \
  '[ $? = 1 ] && grep -q "is not empty (table partnerships has rows)" <<<"$out"' "$out"
"$bin" init --db "$tmp/empty.db" >/dev/null 2>&1
check "s3pm load into an empty database made by s3pm init" \
  '"$bin" load --db "$tmp/empty.db" "$tmp/d1.jsonl" >/dev/null 2>&1 && "$bin" dump --db "$tmp/empty.db" | tail -n +2 | cmp -s - <(rows_of "$tmp/d1.jsonl")'
check "s3pm load --check reads all and writes nothing" \
  '"$bin" load --check --db "$tmp/chk.db" "$tmp/d1.jsonl" | grep -q "nothing written" && [ ! -e "$tmp/chk.db" ]'

# Bad dumps: exit 2, the line named, nothing written.
nlines=$(wc -l <"$tmp/d1.jsonl")
bad() { # bad NAME MESSAGE: loads $tmp/bad.jsonl into a new file
  local out st want=$2
  rm -f "$tmp/bad.db"
  out=$("$bin" load --db "$tmp/bad.db" "$tmp/bad.jsonl" 2>&1)
  st=$?
  check "bad dump, $1: exit 2 naming $2, nothing written" \
    '[ $st = 2 ] && grep -qF -- "$want" <<<"$out" && [ ! -e "$tmp/bad.db" ] && [ ! -e "$tmp/bad.db-wal" ]' "$st: $out"
}
head -n $((nlines - 1)) "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "its last line missing" "line $nlines: the dump ends before its last line"
head -c $(( $(head -n 40 "$tmp/d1.jsonl" | wc -c) + 30 )) "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "cut inside a line" "line 41: bad JSON"
{ echo '{"s3pm_dump":2,"schema":1,"created":"x"}'; tail -n +2 "$tmp/d1.jsonl"; } >"$tmp/bad.jsonl"
bad "another format's header" "line 1: dump format unknown"
{ echo '{"table":"partnerships","row":{}}'; tail -n +2 "$tmp/d1.jsonl"; } >"$tmp/bad.jsonl"
bad "no header" "line 1: not an s3pm dump"
sed '5s/"table":"[a-z_]*"/"table":"nosuch"/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "an unknown table" 'line 5: unknown table "nosuch"'
sed '7s/}}$/}/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "bad JSON" "line 7: bad JSON"
sed '3s/"slug":/"slugg":/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "an unknown column" 'line 3: table partnerships has no column "slugg"'
sed '4s/"id":\([0-9]*\)/"id":"\1"/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "a string for an integer" "line 4: table partnerships, column id: a string where an integer belongs"
sed '2s/,"name":"[^"]*"//' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "a column missing" "line 2: table partnerships: column name is missing"
sed '2s/"slug":"[^"]*"/"slug":"Not A Slug"/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
bad "a value the schema refuses" "line 2: table partnerships: CHECK constraint failed"
{ sed -e '2d' -e '$d' "$tmp/d1.jsonl"; echo "{\"s3pm_dump_end\":$((nlines - 3))}"; } >"$tmp/bad.jsonl"
bad "a row whose parent is missing" "refers to a row of partnerships that is not in the dump"
{ head -n $((nlines - 1)) "$tmp/d1.jsonl"; echo '{"table":"report_text_state","row":{"report_id":1,"revision":1}}'; tail -1 "$tmp/d1.jsonl"; } >"$tmp/bad.jsonl"
bad "a derived table's row" "line $nlines: table report_text_state is derived"
{ head -n $((nlines - 1)) "$tmp/d1.jsonl"; echo '{"s3pm_dump_end":1}'; } >"$tmp/bad.jsonl"
bad "a wrong row count" "line $nlines: the dump says 1 rows"
{ cat "$tmp/d1.jsonl"; echo '{"table":"periods","row":{}}'; } >"$tmp/bad.jsonl"
bad "more after the end" "line $((nlines + 1)): more after the dump's last line"
printf '' >"$tmp/bad.jsonl"
bad "an empty file" "empty input"
"$bin" load --db "$tmp/empty2.db" - <"$tmp/bad.jsonl" >/dev/null 2>&1
check "... also from stdin" '[ $? = 2 ] && [ ! -e "$tmp/empty2.db" ]'
"$bin" init --db "$tmp/empty3.db" >/dev/null 2>&1
sed '5s/"table":"[a-z_]*"/"table":"nosuch"/' "$tmp/d1.jsonl" >"$tmp/bad.jsonl"
"$bin" load --db "$tmp/empty3.db" "$tmp/bad.jsonl" >/dev/null 2>&1
check "a bad dump into an existing empty database leaves it empty" \
  '[ $? = 2 ] && [ "$("$bin" dump --db "$tmp/empty3.db" | tail -1)" = "{\"s3pm_dump_end\":0}" ]'

# The dump's list of tables is checked against the database's: a table a
# migration adds without an entry there fails every dump.
cp "$tmp/bk-first.db" "$tmp/extra.db"
sqlite3 "$tmp/extra.db" "CREATE TABLE new_things (id INTEGER PRIMARY KEY)"
out=$("$bin" dump --db "$tmp/extra.db" 2>&1 >/dev/null)
check "a table unknown to the dump fails it, named" \
  '[ $? != 0 ] && grep -q "table new_things is not in the dump.s list of tables" <<<"$out"' "$out"
check "s3pm dump rejects an unknown argument (exit 2)" '"$bin" dump --bogus >/dev/null 2>&1; [ $? = 2 ]'
finish
