#!/usr/bin/env bash
# tests/http/t0023-move.sh [BINARY] - a site moved between SQLite and PostgreSQL with s3pm dump
# and s3pm load (docs/internals/dump.md): an SQLite site (demo data, accounts, comments,
# sessions, login failures, mail, an API token; odd text and 64-bit integers) dumped, loaded
# into PostgreSQL and dumped again gives the same lines; so does the way back into a new
# SQLite file. The moved site serves its pages and its search (the index rebuilt), its
# accounts log in, and new rows get new ids (the sequences were set past the loaded ids).
# On PostgreSQL a load into a database that is not empty exits 1 and changes nothing; a bad
# dump exits 2 naming its line and leaves the database as it was (no table made), as does
# --check; an older dump is loaded at its schema and migrated after. Runs on PostgreSQL only
# (S3PM_TEST_PG): on SQLite alone t0020 moves a site.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

postgresql_only "a move to and from PostgreSQL needs one"
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}
pw="correct horse battery"
a=$tmp/a.db

# rows of a dump (its first line says when it was made); its header less "created"
rows_of() { tail -n +2 "$1"; }
header_of() { head -1 "$1" | sed 's/,"created":"[^"]*"//'; }
# the tables of the current schema of $DB
ntables() { sql "$DB" "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"; }

# The SQLite site.
"$bin" demo --partnerships 8 --periods 3 --db "$a" >"$tmp/demo" 2>&1 ||
  { no "demo data" "$(tail -3 "$tmp/demo")"; finish; }
slug=$(sqlite3 "$a" "SELECT slug FROM partnerships ORDER BY id LIMIT 1")
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$a" >/dev/null 2>&1 || no "user add $1"; }
add coord@example.org --role coordinator --partnership "$slug" --name "Çarla “Coordinator”"
add committee@example.org --role committee
add admin@example.org --role admin
# What the demo has none of, with values that test the way through JSON and
# back: text with quotes, backslashes, newlines, tabs, accents and a
# character outside the BMP; 64-bit integers at their limits; NULLs; keys of
# mixed case (ordered by bytes, as SQLite does); rows of a table without a
# key (login_failures) out of any order but the order they were put in.
sqlite3 "$a" "
  INSERT INTO comments (report_id, revision, question, body, user_id, created_at, resolved_at, resolved_by)
    VALUES (1, 1, 'q1', 'Ünïcödé “quotes” \"double\" \\ back' || char(10) || 'line two' || char(9) || 'tab 😀',
            (SELECT id FROM users WHERE email = 'committee@example.org'), '2026-01-02T03:04:05Z', NULL, NULL),
           (1, 1, '', 'resolved one', (SELECT id FROM users WHERE email = 'committee@example.org'),
            '2026-01-03T03:04:05Z', '2026-01-04T00:00:00Z', (SELECT id FROM users WHERE email = 'coord@example.org'));
  INSERT INTO sessions (token_hash, user_id, csrf, expires, created_at) VALUES
    ('b2', 1, 'c1', 9223372036854775807, '2026-01-01T00:00:00Z'),
    ('B1', 1, 'c2', 4102444800, '2026-01-01T00:00:00Z'),
    ('_3', 1, 'c3', -9223372036854775808, '2026-01-01T00:00:00Z'),
    ('Z4', 1, 'c4', 0, '2026-01-01T00:00:00Z');
  INSERT INTO login_failures (key, at) VALUES ('zeta', 30), ('alpha', 10), ('mid', -5), ('alpha', 9007199254740993);
  INSERT INTO mail_outbox (kind, user_id, to_addr, to_name, subject, body, link, object, dedup, status, attempts, next_at, last_error, created_at, sent_at)
    VALUES ('reminder', 1, 'a@example.org', 'Ä', 'Subject', 'Body' || char(10) || 'more', '/me', 'report:1', NULL, 'queued', 0, 1, '', '2026-01-01T00:00:00Z', NULL),
           ('decision', NULL, 'b@example.org', '', 'S2', 'B2', '/p', '', 'dedup-1', 'sent', 2, 5, 'x', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z');
  INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at, last_used_at, revoked_at)
    VALUES (1, '$(printf 'ab%.0s' $(seq 1 32))', 'a token', 'read', '2026-01-01T00:00:00Z', NULL, NULL);" ||
  no "extra rows in the SQLite site"

# SQLite -> PostgreSQL.
"$bin" dump --db "$a" -o "$tmp/a.jsonl" 2>/dev/null
check "the SQLite site dumps, every data table with rows" \
  'for t in partnerships periods users reports report_revisions report_events comments decisions sessions login_failures audit mail_outbox api_tokens; do grep -q "^{\"table\":\"$t\"," "$tmp/a.jsonl" || exit 1; done' \
  "$(grep -o '^{"table":"[a-z_]*"' "$tmp/a.jsonl" | sort | uniq -c)"
out=$("$bin" load --db "$DB" "$tmp/a.jsonl" 2>&1)
check "s3pm load of the SQLite dump into PostgreSQL (exit 0)" '[ $? = 0 ] && grep -q "reports indexed" <<<"$out"' "$out"
out=$("$bin" dump --db "$DB" -o "$tmp/p.jsonl" 2>&1)
check "s3pm dump on PostgreSQL (exit 0)" '[ $? = 0 ]' "$out"
check "PostgreSQL's dump has the same lines as SQLite's" 'cmp -s <(rows_of "$tmp/a.jsonl") <(rows_of "$tmp/p.jsonl")' \
  "$(diff <(rows_of "$tmp/a.jsonl") <(rows_of "$tmp/p.jsonl") | head -c 600)"
check "... and the same header but for its time" '[ "$(header_of "$tmp/a.jsonl")" = "$(header_of "$tmp/p.jsonl")" ]' \
  "$(head -1 "$tmp/a.jsonl") $(head -1 "$tmp/p.jsonl")"
check "the search index and figures are rebuilt on PostgreSQL" \
  '[ "$(sql "$DB" "SELECT count(*) FROM report_text")" = "$(sqlite3 "$a" "SELECT count(*) FROM report_text")" ] && [ "$(sql "$DB" "SELECT count(*) FROM report_facts")" = "$(sqlite3 "$a" "SELECT count(*) FROM report_facts")" ] && [ "$(sql "$DB" "SELECT count(*) FROM report_text")" -gt 0 ]'

# PostgreSQL -> SQLite.
out=$("$bin" load --db "$tmp/b.db" "$tmp/p.jsonl" 2>&1)
check "s3pm load of PostgreSQL's dump into a new SQLite file (exit 0)" '[ $? = 0 ] && grep -q "reports indexed" <<<"$out"' "$out"
"$bin" dump --db "$tmp/b.db" -o "$tmp/b.jsonl" 2>/dev/null
check "... whose dump has the same lines again" 'cmp -s <(rows_of "$tmp/a.jsonl") <(rows_of "$tmp/b.jsonl")' \
  "$(diff <(rows_of "$tmp/a.jsonl") <(rows_of "$tmp/b.jsonl") | head -c 600)"
check "... and which passes SQLite's integrity and reference checks" \
  '[ "$(sqlite3 "$tmp/b.db" "PRAGMA integrity_check")" = ok ] && [ -z "$(sqlite3 "$tmp/b.db" "PRAGMA foreign_key_check")" ]'

# The moved site serves.
start_server "$DB" || { no "server starts on the loaded PostgreSQL database" "$(head -c 300 "$tmp/log")"; finish; }
st=$(curl -s -o "$tmp/home" -w '%{http_code}' "$base/")
check "GET / on the moved site (200)" '[ "$st" = 200 ] && grep -q "$(sqlite3 "$a" "SELECT name FROM partnerships WHERE slug = '"'$slug'"'")" "$tmp/home"' "$st"
st=$(curl -s -o "$tmp/search" -w '%{http_code}' "$base/search?q=partnership")
check "search finds answers on the moved site" \
  '[ "$st" = 200 ] && grep -q "class=\"search-results\"" "$tmp/search" && grep -Eq "[0-9]+ answers? match" "$tmp/search"' \
  "$st $(grep -o '<p role="status">[^<]*' "$tmp/search")"
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
jar=$tmp/coord.jar
curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
r=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' --data-urlencode "email=coord@example.org" \
  --data-urlencode "password=$pw" --data-urlencode "csrf=$(csrf_of "$tmp/lf")" "$base/login")
check "an account made on SQLite logs in on PostgreSQL (its password hash moved)" '[ "$r" = "303 $base/me" ]' "$r"
maxp=$(sql "$DB" "SELECT max(id) FROM partnerships")
maxu=$(sql "$DB" "SELECT max(id) FROM users")
maxa=$(sql "$DB" "SELECT max(id) FROM audit")
out=$("$bin" partnership add after-the-move --name "After the move" --db "$DB" 2>&1)
check "a partnership added after the load gets the next id ($((maxp + 1)))" \
  '[ "$(sql "$DB" "SELECT id FROM partnerships WHERE slug = '"'after-the-move'"'")" = $((maxp + 1)) ]' "$out"
S3PM_PASSWORD=$pw "$bin" user add new@example.org --role committee --db "$DB" >"$tmp/ua" 2>&1
check "... and so does an account ($((maxu + 1)))" \
  '[ "$(sql "$DB" "SELECT id FROM users WHERE email = '"'new@example.org'"'")" = $((maxu + 1)) ]' "$(cat "$tmp/ua")"
check "... and the audit entries they made follow the loaded ones" \
  '[ "$(sql "$DB" "SELECT count(*) FROM audit WHERE id > $maxa")" -ge 1 ]'
st=$(curl -s -o "$tmp/newp" -w '%{http_code}' "$base/p/after-the-move")
check "... and the new partnership's page answers (200)" '[ "$st" = 200 ]' "$st"
kill -TERM "$pid"
wait "$pid" 2>/dev/null
pid=

# Not into a database that has rows.
"$bin" dump --db "$DB" -o "$tmp/before.jsonl" 2>/dev/null
out=$("$bin" load --db "$DB" "$tmp/a.jsonl" 2>&1)
check "s3pm load into a PostgreSQL database that is not empty exits 1" \
  '[ $? = 1 ] && grep -q "is not empty (table partnerships has rows)" <<<"$out"' "$out"
"$bin" dump --db "$DB" -o "$tmp/after.jsonl" 2>/dev/null
check "... and changes nothing" 'cmp -s <(rows_of "$tmp/before.jsonl") <(rows_of "$tmp/after.jsonl")'
sql "$DB" "CREATE TABLE new_things (id BIGINT PRIMARY KEY)"
out=$("$bin" dump --db "$DB" 2>&1 >/dev/null)
check "a table of the database unknown to the dump fails it, named" \
  '[ $? != 0 ] && grep -q "table new_things is not in the dump.s list of tables" <<<"$out"' "$out"
sql "$DB" "DROP TABLE new_things"

# Bad dumps into a new database: exit 2 naming the line, and no table left.
reset_db
nlines=$(wc -l <"$tmp/a.jsonl")
bad() { # bad NAME MESSAGE: loads $tmp/bad.jsonl into $DB, which has no table before or after
  local out st want=$2
  out=$("$bin" load --db "$DB" "$tmp/bad.jsonl" 2>&1)
  st=$?
  check "bad dump, $1: exit 2 naming $2, no table made" \
    '[ $st = 2 ] && grep -qF -- "$want" <<<"$out" && [ "$(ntables)" = 0 ]' "$st: $out; $(ntables) tables"
}
sed '7s/}}$/}/' "$tmp/a.jsonl" >"$tmp/bad.jsonl"
bad "bad JSON" "line 7: bad JSON"
sed '2s/"slug":"[^"]*"/"slug":"Not A Slug"/' "$tmp/a.jsonl" >"$tmp/bad.jsonl"
bad "a value the schema refuses" "line 2: table partnerships: new row for relation \"partnerships\" violates check constraint"
sed '3s/"slug":/"slugg":/' "$tmp/a.jsonl" >"$tmp/bad.jsonl"
bad "an unknown column" 'line 3: table partnerships has no column "slugg"'
sed '4s/"id":\([0-9]*\)/"id":"\1"/' "$tmp/a.jsonl" >"$tmp/bad.jsonl"
bad "a string for an integer" "line 4: table partnerships, column id: a string where an integer belongs"
{ sed -e '2d' -e '$d' "$tmp/a.jsonl"; echo "{\"s3pm_dump_end\":$((nlines - 3))}"; } >"$tmp/bad.jsonl"
line=$(grep -n '"partnership_id":1[,}]' "$tmp/bad.jsonl" | head -1 | cut -d: -f1)
bad "a row whose parent is missing" "line $line: table"
check "... the message says which reference" 'grep -q "is not present in table \"partnerships\"" <<<"$("$bin" load --db "$DB" "$tmp/bad.jsonl" 2>&1)"'
dupe=$(sed -n '3p' "$tmp/a.jsonl")
{ head -n 3 "$tmp/a.jsonl"; echo "$dupe"; tail -n +4 "$tmp/a.jsonl" | sed '$d'; echo "{\"s3pm_dump_end\":$((nlines - 1))}"; } >"$tmp/bad.jsonl"
bad "a row twice" "line 4: table partnerships: duplicate key value violates unique constraint"
head -n $((nlines - 1)) "$tmp/a.jsonl" >"$tmp/bad.jsonl"
bad "its last line missing" "line $nlines: the dump ends before its last line"
{ head -n $((nlines - 1)) "$tmp/a.jsonl"; echo '{"s3pm_dump_end":1}'; } >"$tmp/bad.jsonl"
bad "a wrong row count" "line $nlines: the dump says 1 rows"
out=$("$bin" load --check --db "$DB" "$tmp/a.jsonl" 2>&1)
check "s3pm load --check reads all and writes nothing (no table made)" \
  '[ $? = 0 ] && grep -q "nothing written" <<<"$out" && [ "$(ntables)" = 0 ]' "$out"

# Into an empty database made by s3pm init: a bad dump leaves it empty, a
# good one loads; an empty database of a newer schema than the dump's is refused.
"$bin" init --db "$DB" >/dev/null 2>&1 || no "s3pm init on PostgreSQL"
cur=$(sql "$DB" "SELECT max(version) FROM schema_version")
sed '7s/}}$/}/' "$tmp/a.jsonl" >"$tmp/bad.jsonl"
"$bin" load --db "$DB" "$tmp/bad.jsonl" >/dev/null 2>&1
check "a bad dump into an empty database made by s3pm init leaves it empty (exit 2)" \
  '[ $? = 2 ] && [ "$("$bin" dump --db "$DB" | tail -1)" = "{\"s3pm_dump_end\":0}" ]'
sed "1s/\"schema\":$cur,/\"schema\":$((cur - 1)),/" "$tmp/a.jsonl" >"$tmp/older.jsonl"
out=$("$bin" load --db "$DB" "$tmp/older.jsonl" 2>&1)
check "an empty database of a newer schema than the dump's is refused (exit 1)" \
  '[ $? = 1 ] && grep -q "has schema version $cur, the dump $((cur - 1))" <<<"$out"' "$out"
out=$("$bin" load --db "$DB" "$tmp/a.jsonl" 2>&1)
check "s3pm load into the empty database made by s3pm init" \
  '[ $? = 0 ] && "$bin" dump --db "$DB" | tail -n +2 | cmp -s - <(rows_of "$tmp/a.jsonl")' "$out"
# An older dump (the last migration adds no column to a data table): made at
# its schema, then migrated.
reset_db
out=$("$bin" load --db "$DB" "$tmp/older.jsonl" 2>&1)
check "an older dump loads into a new database and is migrated after" \
  '[ $? = 0 ] && grep -q "(schema $((cur - 1)), now $cur)" <<<"$out" && "$bin" dump --db "$DB" | tail -n +2 | cmp -s - <(rows_of "$tmp/a.jsonl")' "$out"
finish
