#!/usr/bin/env bash
# tests/http/t0004-findings.sh [BINARY] - the findings of issue 7 that the
# crawl (t0002) does not cover, from outside: a draft import shares nothing
# with the public page (1); a partnership's facts come from its latest
# published report (7); a new login and `s3pm user passwd` end the user's
# other sessions (5).
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

sample=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
start() { start_server "$db"; }

"$bin" init --db "$db" >/dev/null || { no "init"; finish; }

# 1: a draft of a new partnership: the public page shows none of its answers.
"$bin" import "$sample" --status draft --platform "Industrial Modernisation" --db "$db" >/dev/null 2>&1 \
  || { no "import as draft"; finish; }
start || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }
curl -s -o "$tmp/p" "$base/p/mining-industry"
check "draft import: the partnership page is there" 'grep -q "Mining industry" "$tmp/p"'
check "draft import: the public page shows no web page of the draft" '! grep -q "s3platform.jrc.ec.europa.eu/mining-industry" "$tmp/p"'
check "draft import: the public page shows no start date of the draft" '! grep -q "Fall 2019" "$tmp/p"'
check "draft import: the public page shows no region of the draft" '! grep -q "Kainuu" "$tmp/p" && ! grep -q "North Karelia Finland" "$tmp/p"'
kill -TERM "$pid"; wait "$pid" 2>/dev/null; pid=

# 7: 2020-H1 published, then a 2020-H2 with corrected regions published: the
# page shows 2020-H2's.
reset_db
"$bin" init --db "$db" >/dev/null
"$bin" import "$sample" --status published --db "$db" >/dev/null 2>&1 || { no "import 2020-H1"; finish; }
sed -e 's/^January - June 2020/July - December 2020/' -e 's/Kainuu (FI) FI1D3/Kainuu Corrected (FI) FI1D3/' \
  -e 's/^Fall 2019 *$/Autumn 2019/' "$sample" >"$tmp/h2.txt"
"$bin" import "$tmp/h2.txt" --status published --db "$db" >"$tmp/imp" 2>&1
check "import 2020-H2 as published" 'grep -q "2020-H2" "$tmp/imp"' "$(cat "$tmp/imp")"
start || { no "server starts again"; finish; }
curl -s -o "$tmp/p" "$base/p/mining-industry"
# The table of regions at the top of the page (not the report below it).
sed -n '/<section class="partnership-regions"/,/<\/section>/p' "$tmp/p" >"$tmp/regions"
check "facts: the regions table is shown" 'grep -q "Lapland" "$tmp/regions"'
check "facts: the regions of the latest published report (2020-H2)" \
  'grep -q "Kainuu Corrected" "$tmp/regions"' "$(grep -o "Kainuu[^<]*" "$tmp/regions" | head -3)"
check "the partnership page links every published report, newest first" \
  '[ "$(grep -A4 "id=\"h-published\"" "$tmp/p" | grep -o "<li><a href=\"/p/mining-industry/[0-9H-]*\">[^<]*" | tr "\n" "|")" = "<li><a href=\"/p/mining-industry/2020-H2\">July - December 2020|<li><a href=\"/p/mining-industry/2020-H1\">January - June 2020|" ]' \
  "$(grep -A4 "id=\"h-published\"" "$tmp/p")"
check "facts: the start date of the latest published report" \
  'grep -q "Autumn 2019" "$tmp/p" && ! grep -q "Fall 2019" "$tmp/p"'

# 5: sessions end with a new login and with a password change.
S3PM_PASSWORD="correct horse battery" "$bin" user add ann@example.org --role committee --db "$db" >/dev/null
login() { # login JAR: logs in as ann, the session cookie in JAR
  local jar=$1 csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lf" | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "email=ann@example.org" --data-urlencode "password=$2" \
    --data-urlencode "csrf=$csrf" "$base/login"
}
signed_in() { # signed_in JAR: the page header names the user
  curl -s -b "$1" "$base/" | grep -q "ann@example.org\|Log out"
}
check "login one is accepted" '[ "$(login "$tmp/j1" "correct horse battery")" = 303 ]'
check "session one is valid" 'signed_in "$tmp/j1"'
check "login two is accepted" '[ "$(login "$tmp/j2" "correct horse battery")" = 303 ]'
check "session two is valid" 'signed_in "$tmp/j2"'
check "a new login ends the previous session" '! signed_in "$tmp/j1"'
S3PM_PASSWORD="another horse battery" "$bin" user passwd ann@example.org --db "$db" >/dev/null 2>&1
check "s3pm user passwd ends the user's sessions" '! signed_in "$tmp/j2"'
check "the new password logs in" '[ "$(login "$tmp/j3" "another horse battery")" = 303 ] && signed_in "$tmp/j3"'

# Issue 8: a region fixed in one click. The form posted as a browser
# without JavaScript would, with a finding's Apply button pressed.
sed -e 's/^January - June 2020/January - June 2021/' "$sample" >"$tmp/h3.txt"
"$bin" import "$tmp/h3.txt" --status draft --db "$db" >/dev/null 2>&1 || no "import a 2021-H1 draft"
S3PM_PASSWORD="correct horse battery" "$bin" user add carla@example.org --role coordinator \
  --partnership mining-industry --db "$db" >/dev/null
jar=$tmp/carla
curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lf" | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=carla@example.org" \
  --data-urlencode "password=correct horse battery" --data-urlencode "csrf=$csrf" "$base/login"
curl -s -b "$jar" -o "$tmp/edit" "$base/p/mining-industry/2021-H1/edit"
check "the edit page offers to apply a suggested NUTS code" \
  'grep -q "<button type=\"submit\" class=\"secondary small apply\" name=\"apply\" value=\"participating_regions.1.nuts=FI1D8\">Apply<span class=\"visually-hidden\"> FI1D8 to row 2</span></button>" "$tmp/edit"' \
  "$(grep -o "name=\"apply\" value=\"[^\"]*\"" "$tmp/edit" | head -5)"
check "a finding about a row sits on that row, named by its fields" \
  'grep -q "<ul class=\"row-findings\" id=\"rf-participating_regions-1\"><li class=\"error\"><strong>Error:</strong> FI1D3 is Pohjois-Karjala" "$tmp/edit" && grep -q "name=\"a.participating_regions.1.nuts\" aria-describedby=\"rf-participating_regions-1\"" "$tmp/edit"' \
  "$(grep -o "<ul class=\"row-findings\"[^>]*>.\{0,120\}" "$tmp/edit" | head -2)"
check "... and not again under the table" '! sed -n "/id=\"hint-participating_regions\"/,/<\/div>/p" "$tmp/edit" | grep -q "Row 2:"'
check "... and a region name for a misspelt one" 'grep -q "value=\"participating_regions.[0-9]*.name=Centro\"" "$tmp/edit"'
python3 "$here/formpost.py" "$tmp/edit" report-form "apply=participating_regions.8.nuts=EL64" >"$tmp/body"
check "pressing Apply (no JavaScript) saves the form with the code in place (303 back to the question)" \
  '[ "$(curl -s -b "$jar" -o /dev/null -w "%{http_code} %{redirect_url}" --data-binary @"$tmp/body" "$base/p/mining-industry/2021-H1/edit")" = "303 $base/p/mining-industry/2021-H1/edit?saved=1#q-participating_regions" ]'
curl -s -b "$jar" -H "Accept: application/json" -o "$tmp/doc" "$base/api/p/mining-industry/2021-H1"
check "... the code and its country are set, the name kept" \
  'python3 -c "import json,sys; r=json.load(open(sys.argv[1]))[\"document\"][\"answers\"][\"participating_regions\"][8]; sys.exit(0 if r == {\"name\": \"Sterea Ellada\", \"country\": \"EL\", \"nuts\": \"EL64\"} else 1)" "$tmp/doc"' \
  "$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['document']['answers']['participating_regions'][8])" "$tmp/doc" 2>&1)"
python3 "$here/formpost.py" "$tmp/edit" report-form "apply=executive_summary.0.nuts=X" >"$tmp/body"
check "an Apply on anything but a region cell is refused (400)" \
  '[ "$(curl -s -b "$jar" -o /dev/null -w "%{http_code}" --data-binary @"$tmp/body" "$base/p/mining-industry/2021-H1/edit")" = 400 ]'

# The region name field suggests for misspellings too (the validator's
# near names), within the row's country.
curl -s -b "$jar" -o "$tmp/near" "$base/api/nuts?q=Cenrto%20Portugal&version=2016&country=PT"
check "a misspelt region name gets the near name as a suggestion" \
  'grep -q "\"code\": *\"PT16\", *\"name\": *\"Centro\"" "$tmp/near" && grep -q "\"near\": *true" "$tmp/near"' "$(head -c 300 "$tmp/near")"

kill -TERM "$pid"; wait "$pid" 2>/dev/null; pid=
finish
