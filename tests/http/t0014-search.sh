#!/usr/bin/env bash
# tests/http/t0014-search.sh [BINARY] - search (issue 10): GET /search over the answers of
# the reports' latest revisions, as every role, with canaries:
#   SA (mining-industry's published self-assessment): its partnership, committee, Commission
#   DRAFT (mining-industry's draft, public and confidential answers): its partnership only
#   SUB (hydrogen-valleys' submitted report): its partnership, committee, Commission, admins
# For everybody else a search for a canary answers exactly as a search for a word that is
# nowhere (no hit, count or page). Also: case, diacritics ("Lodz" finds "Łódź"), stemming,
# filters, pages, a draft save changing the results, hostile queries, s3pm reindex.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

full=$root/tests/pdf/full-report.json
db=$DB
pw="correct horse battery"
rnd=$(python3 -c 'import secrets; print(secrets.token_hex(6))')
SA="Sacanary$rnd"
DRAFT="Draftcanary$rnd"
SUB="Subcanary$rnd"
NEW="Newword$rnd"
NONE="Nowhere$rnd"
A=mining-industry
B=hydrogen-valleys

canary_reports "$SA" "$DRAFT" "$SUB"
check "the fixtures carry their canaries" \
  '[ "$(grep -c "$DRAFT" "$tmp/a2.txt")" = 3 ] && grep -q "$SUB" "$tmp/b1.txt" && grep -q "$SA" "$tmp/a1.txt"'

setup() {
  "$bin" init --db "$db" &&
    "$bin" import "$full" --status published --platform Agri-Food --db "$db" &&
    "$bin" import "$tmp/a1.txt" --status published --db "$db" &&
    "$bin" import "$tmp/a2.txt" --status draft --db "$db" &&
    "$bin" import "$tmp/b1.txt" --status submitted --db "$db"
}
setup >"$tmp/setup" 2>&1 || { no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; }
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add ca@example.org --role coordinator --partnership $A
add ma@example.org --role member --partnership $A
add cb@example.org --role coordinator --partnership $B
add committee@example.org --role committee
add commission@example.org --role commission
add admin@example.org --role admin

# s3pm reindex: everything was indexed by the imports; an emptied index
# comes back whole.
out=$("$bin" reindex --db "$db" 2>&1)
check "s3pm reindex: nothing stale after the imports" '[ "$out" = "0 reports indexed, the index merged" ]' "$out"
rows=$(sql "$db" "SELECT count(*) FROM report_text")
sql "$db" "DELETE FROM report_text; DELETE FROM report_text_state"
out=$("$bin" reindex --db "$db" 2>&1)
check "s3pm reindex: an emptied index is rebuilt" \
  '[ "$out" = "4 reports indexed, the index merged" ] && [ "$(sql "$db" "SELECT count(*) FROM report_text")" = "$rows" ] && [ "$rows" -gt 40 ]' \
  "$out; $rows rows before"
# FTS5 keeps its index as segments (rows of report_text_idx by segid);
# reindex leaves one. (PostgreSQL keeps its GIN index itself.)
if [ "$BACKEND" = sqlite ]; then
  check "s3pm reindex leaves the index in one segment" \
    '[ "$(sqlite3 "$db" "SELECT count(DISTINCT segid) FROM report_text_idx")" = 1 ]' \
    "$(sqlite3 "$db" "SELECT count(DISTINCT segid) FROM report_text_idx") segments"
fi
check "s3pm reindex rejects an unknown argument (exit 2)" \
  '"$bin" reindex --bogus --db "$db" >/dev/null 2>&1; [ $? = 2 ]'
"$bin" routes >"$tmp/routes"
check "s3pm routes lists GET /search" 'grep -qx "GET /search" "$tmp/routes"'

# The housekeeping merges the index after one indexed save and a second
# without one (the defaults: 200 and 60 s).
start_server "$db" --search-merge-after 1 --search-merge-quiet 1 ||
  { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() {
  local jar=$tmp/$1.jar csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(csrf_of "$tmp/lf")
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
}
: >"$tmp/public.jar"
for w in ca:ca@example.org ma:ma@example.org cb:cb@example.org committee:committee@example.org \
  commission:commission@example.org admin:admin@example.org; do
  login "${w%%:*}" "${w#*:}"
done
roles="public ca ma cb committee commission admin"

# search WHO QUERY [MORE-ARGS]: the HTML page into $tmp/WHO.html, prints the status.
search() {
  local who=$1 q=$2
  shift 2
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.html" -w '%{http_code}' -G --data-urlencode "q=$q" "$@" "$base/search"
}
# jsearch WHO QUERY [MORE-ARGS]: the JSON answer into $tmp/WHO.json, prints "STATUS TOTAL".
jsearch() {
  local who=$1 q=$2 st
  shift 2
  st=$(curl -s -b "$tmp/$who.jar" -H "Accept: application/json" -o "$tmp/$who.json" -w '%{http_code}' -G \
    --data-urlencode "q=$q" "$@" "$base/search")
  echo "$st $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$tmp/$who.json" 2>/dev/null)"
}
may() { # may CANARY ROLE: 0 when ROLE may read the canary's answers
  case "$1:$2" in
    SA:ca | SA:ma | SA:committee | SA:commission) return 0 ;;
    DRAFT:ca | DRAFT:ma) return 0 ;;
    SUB:cb | SUB:committee | SUB:commission | SUB:admin) return 0 ;;
  esac
  return 1
}
# The same page for a word that is nowhere, the query's echo made the same.
same_as_none() { # same_as_none WHO CANARYWORD
  search "$1" "$NONE" >/dev/null
  cp "$tmp/$1.html" "$tmp/$1.none"
  search "$1" "$2" >/dev/null
  sed "s/$2/$NONE/g" "$tmp/$1.html" | cmp -s - "$tmp/$1.none"
}

for c in SA DRAFT SUB; do
  word=${!c}
  for who in $roles; do
    r=$(jsearch "$who" "$word")
    if may "$c" "$who"; then
      check "$who finds the $c canary" '[ "${r%% *}" = 200 ] && [ "${r#* }" -ge 1 ]' "$r"
      search "$who" "$word" >/dev/null
      check "$who: the $c canary's page marks it and links the answer" \
        'grep -q "<mark>$word</mark>" "$tmp/$who.html" && grep -q "href=\"/p/[a-z-]*/20[0-9-]*H[12]#q-[a-z_]*\"" "$tmp/$who.html"'
    else
      check "$who does not find the $c canary" \
        '[ "$r" = "200 0" ] && python3 -c "import json,sys; sys.exit(json.load(open(sys.argv[1]))[\"results\"] != [])" "$tmp/$who.json"' "$r"
      check "$who: the $c canary's page is that of a word found nowhere" 'same_as_none "$who" "$word"'

      r=$(jsearch "$who" "$(echo "$word" | cut -c1-12)*")
      check "$who does not find the $c canary by its prefix" '[ "$r" = "200 0" ]' "$r"
    fi
  done
done
r=$(jsearch ca "$DRAFT")
check "the draft's partnership finds both its answers (a public one, the self-assessment)" '[ "$r" = "200 2" ]' "$r"
r=$(jsearch admin "$SA")
check "an administrator does not find a self-assessment (no audience of it)" '[ "$r" = "200 0" ]' "$r"

# Case, diacritics, stemming.
r=$(jsearch public "Lodz")
check "public: \"Lodz\" finds \"Łódź\"" '[ "${r%% *}" = 200 ] && [ "${r#* }" -ge 3 ]' "$r"
r2=$(jsearch public "ŁÓDŹ")
check "public: \"ŁÓDŹ\" finds as many" '[ "$r2" = "$r" ]' "$r2 vs $r"
search public "łódź" >/dev/null
check "public: the snippet shows \"Łódź\" as written, marked" 'grep -q "<mark>Łódź</mark>" "$tmp/public.html"'
r=$(jsearch public "TRACEABILITY")
check "public: the case does not matter" '[ "${r%% *}" = 200 ] && [ "${r#* }" -ge 1 ]' "$r"
search public "partnerships" >/dev/null
check "public: \"partnerships\" finds \"partnership\"" 'grep -q "<mark>partnership</mark>" "$tmp/public.html"'
r=$(jsearch public "Θεσσαλονίκη")
check "public: Greek words are found" '[ "${r%% *}" = 200 ] && [ "${r#* }" -ge 1 ]' "$r"

# Filters.
jsearch committee "partnership" --data-urlencode "platform=Agri-Food" >/dev/null
check "the platform filter keeps that platform's reports only" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"results\"]; sys.exit(not r or any(x[\"platform\"] != \"Agri-Food\" for x in r))" "$tmp/committee.json"'
jsearch committee "partnership" --data-urlencode "period=2020-H1" >/dev/null
check "the period filter keeps that period's reports only" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"results\"]; sys.exit(not r or any(x[\"period\"] != \"2020-H1\" for x in r))" "$tmp/committee.json"'
jsearch committee "partnership" --data-urlencode "question=executive_summary" >/dev/null
check "the question filter keeps that question's answers only" \
  'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); r=d[\"results\"]; sys.exit(not r or any(x[\"question\"] != \"executive_summary\" for x in r))" "$tmp/committee.json"'
search committee "partnership" --data-urlencode "platform=Energy" >/dev/null
check "a filter's choice stays selected" 'grep -q "<option value=\"Energy\" selected>" "$tmp/committee.html"'

# Pages: 20 a page, over what the caller may read.
r=$(jsearch committee "the")
n=${r#* }
check "a common word finds more than a page" '[ "${r%% *}" = 200 ] && [ "$n" -gt 20 ]' "$r"
search committee "the" >/dev/null
check "page 1 shows 20 results and a link to the next page" \
  '[ "$(grep -c "<li class=\"search-hit\">" "$tmp/committee.html")" = 20 ] && grep -q "rel=\"next\"" "$tmp/committee.html"'
search committee "the" --data-urlencode "page=2" >/dev/null
check "page 2 shows the rest (up to 20) and a link back" \
  'k=$(grep -c "<li class=\"search-hit\">" "$tmp/committee.html"); [ "$k" -ge 1 ] && [ "$k" -le 20 ] && grep -q "rel=\"prev\"" "$tmp/committee.html"'
rp=$(jsearch public "the"); rc_=$(jsearch ca "the")
check "the counts are of what each may read (public < partnership A < committee)" \
  '[ "${rp#* }" -lt "${rc_#* }" ] && [ "${rp#* }" -lt "$n" ]' "public $rp, ca $rc_, committee $r"

# A draft save changes what the partnership finds, and nobody else's.
curl -s -b "$tmp/ca.jar" -o "$tmp/ca.me" "$base/me"
curl -s -b "$tmp/ca.jar" -H "Accept: application/json" -o "$tmp/doc" "$base/api/p/$A/2020-H2"
python3 - "$tmp/doc" "$tmp/draft" "$NEW" "$DRAFT" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["document"]["answers"]
a["executive_summary"] = a["executive_summary"].replace(sys.argv[4], sys.argv[3])
json.dump({"base_revision": d.get("revision"), "answers": a}, open(sys.argv[2], "w"))
PY
csrf=$(csrf_of "$tmp/ca.me")
st=$(curl -s -b "$tmp/ca.jar" -o "$tmp/saved" -w "%{http_code}" -H "Content-Type: application/json" \
  -H "X-CSRF-Token: $csrf" --data-binary @"$tmp/draft" "$base/api/p/$A/2020-H2/draft")
check "the coordinator saves the draft with a new word" '[ "$st" = 200 ]' "$st $(head -c 200 "$tmp/saved")"
r=$(jsearch ma "$NEW")
check "the partnership finds the saved word at once" '[ "$r" = "200 1" ]' "$r"
r=$(jsearch ma "$DRAFT")
check "the replaced word is found only where it is left (the self-assessment)" '[ "$r" = "200 1" ]' "$r"
for who in public cb committee commission admin; do
  r=$(jsearch "$who" "$NEW")
  check "$who does not find the saved draft's word" '[ "$r" = "200 0" ]' "$r"
done
# The save split the index; the server merges it again once saves pause
# (FTS5's segments: SQLite only).
if [ "$BACKEND" = sqlite ]; then
  for _ in $(seq 1 100); do grep -q "search index merged after" "$tmp/log" && break; sleep 0.1; done
  check "the server merged the index after the save (its log says so)" \
    'grep -q "search index merged after [1-9][0-9]* reports indexed" "$tmp/log"' "$(tail -3 "$tmp/log")"
  check "... into one segment" '[ "$(sqlite3 "$db" "SELECT count(DISTINCT segid) FROM report_text_idx")" = 1 ]'
fi
r=$(jsearch ma "$NEW")
check "... and the saved word is still found" '[ "$r" = "200 1" ]' "$r"

# Hostile queries: never an error, never FTS5 syntax.
i=0
while IFS= read -r q; do
  i=$((i + 1))
  st=$(search committee "$q")
  js=$(jsearch committee "$q")
  check "hostile query $i answers 200 (HTML and JSON): $q" \
    '[ "$st" = 200 ] && [ "${js%% *}" = 200 ] && ! grep -qi "fts5\|syntax error\|malformed" "$tmp/committee.html"' \
    "$st / $js"
done <<'EOF'
"
""
"unterminated
partnership"
NEAR(partnership traceability)
partnership NEAR/2 traceability
partnership AND OR NOT
(((
)))
body:partnership
folded:lodz
report_id:1
{body folded}:x
^partnership
*
partnership***
-partnership
+ - * / ( ) : ^ { } [ ]
'; DROP TABLE reports; --
<script>alert(1)</script>
—«»…
🚀 emoji
EOF
search committee '<script>"'"'"'&' >/dev/null
check "the query is escaped where it is shown" \
  'grep -q "value=\"&lt;script&gt;&quot;&#39;&amp;\"" "$tmp/committee.html" || grep -q "value=\"&lt;script&gt;&quot;&#x27;&amp;\"" "$tmp/committee.html"' \
  "$(grep -o 'value="[^"]*script[^"]*"' "$tmp/committee.html" | head -2)"
r=$(jsearch committee "partnership OR $NONE")
check "operators are words: \"partnership OR $NONE\" finds nothing (every word is required)" '[ "$r" = "200 0" ]' "$r"
r=$(jsearch committee "partnership NOT traceability")
r2=$(jsearch committee "partnership not traceability")
check "NOT is the word \"not\", as written in lower case" '[ "$r" = "$r2" ]' "$r vs $r2"
r=$(jsearch committee "")
check "an empty query finds nothing, without error" '[ "$r" = "200 0" ]' "$r"
search public "" >/dev/null
check "an empty query shows the form" 'grep -q "<label for=\"s-q\">" "$tmp/public.html" && grep -q "role=\"search\"" "$tmp/public.html"'
check "every page links to the search" 'curl -s "$base/" | grep -q "href=\"/search\""'
st=$(curl -s -o /dev/null -w '%{http_code}' "$base/search?q=partnership&page=abc")
check "a malformed page number is page 1" '[ "$st" = 200 ]' "$st"

# Valid HTML (when the validator of the browser suite is at hand; S3PM_VNU=PATH names another vnu.jar).
vnu=${S3PM_VNU:-$root/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar}
if [ -f "$vnu" ] && command -v java >/dev/null; then
  search committee "Lodz partnership" >/dev/null
  java -jar "$vnu" --errors-only "$tmp/committee.html" >"$tmp/vnu" 2>&1
  check "the results page is valid HTML" '[ ! -s "$tmp/vnu" ]' "$(head -5 "$tmp/vnu")"
else
  skip "no HTML validator (tests/browser's vnu.jar and java)"
fi

kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "the server stops with exit status 0" '[ "$st" = 0 ]' "exit $st; $(tail -3 "$tmp/log")"
finish
