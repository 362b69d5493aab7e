#!/usr/bin/env bash
# t0018-map.sh - where the partnerships work: /portfolio/map counts each
# partnership's latest report the caller may read by NUTS 2 region (a 2016
# code recoded in 2021 counted under its 2021 code) and by country, in the
# SVG map and the tables; filters; /regions/CODE lists the partnerships,
# roles and periods; old codes are redirected or listed; unknown ones 404.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

seed=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
pw="correct horse battery"
A=mining-industry
B=hydrogen-valleys

# A's published 2020-H1 report also names Vestlandet by its NUTS 2016 code
# NO05 (NO0A in 2021); A's 2020-H2 draft names Malopolskie (PL21) instead;
# B's 2020-H1 report (submitted) names the seed's regions.
sed -e 's/^Asturias (ES) ES12$/Asturias (ES) ES12\nVestlandet (NO) NO05/' "$seed" >"$tmp/a1.txt"
sed -e 's/January - June 2020/July - December 2020/' \
    -e 's/^Asturias (ES) ES12$/Asturias (ES) ES12\nMalopolskie (PL) PL21/' "$seed" >"$tmp/a2.txt"
sed -e 's/^Mining industry$/Hydrogen valleys/' "$seed" >"$tmp/b1.txt"
check "the fixtures name their regions" \
  'grep -q "^Vestlandet (NO) NO05$" "$tmp/a1.txt" && grep -q "^Malopolskie (PL) PL21$" "$tmp/a2.txt" && ! grep -q NO05 "$tmp/b1.txt"'

setup() {
  "$bin" init --db "$db" &&
    "$bin" import "$tmp/a1.txt" --status published --db "$db" &&
    "$bin" import "$tmp/a2.txt" --status draft --db "$db" &&
    "$bin" import "$tmp/b1.txt" --status submitted --db "$db"
}
setup >"$tmp/setup" 2>&1 || { no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; }
check "the import placed NO05 under its 2021 code NO0A" \
  '[ "$(sql "$db" "SELECT code FROM report_fact_region WHERE code LIKE '"'NO%'"' ORDER BY code" | paste -sd,)" = NO0A ]' \
  "$(sql "$db" "SELECT * FROM report_fact_region")"
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add ma@example.org --role member --partnership $A
add cb@example.org --role coordinator --partnership $B
add committee@example.org --role committee

"$bin" routes >"$tmp/routes"
check "s3pm routes lists the map and the region pages" \
  'grep -qx "GET /portfolio/map" "$tmp/routes" && grep -qx "GET /regions/:code" "$tmp/routes"'

start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() {
  local jar=$tmp/$1.jar csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(csrf_of "$tmp/lf")
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
}
: >"$tmp/public.jar"
login ma ma@example.org
login cb cb@example.org
login committee committee@example.org

# get WHO PATH [CURL-ARGS]: the page into $tmp/WHO.html; prints the status.
get() {
  local who=$1 path=$2
  shift 2
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.html" -w '%{http_code}' "$@" "$base$path"
}
# count FILE CODE: the region's count in the table of regions ("" when not listed).
count() {
  python3 - "$1" "$2" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<a href="/regions/%s">[^<]*</a></th><td>[^<]*</td><td class="num">(\d+)</td>' % sys.argv[2], s)
print(m.group(1) if m else "")
PY
}
# ccount FILE CC: the country's count in the table of countries.
ccount() {
  python3 - "$1" "$2" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<tr><th scope="row">[^<]*</th><td>%s</td><td class="num">(\d+)</td>' % sys.argv[2], s)
print(m.group(1) if m else "")
PY
}

# --- the public: A's published report only --------------------------------
st=$(get public /portfolio/map)
f=$tmp/public.html
check "public /portfolio/map: 200" '[ "$st" = 200 ]' "$st"
check "public: 1 report counted" 'grep -q "1 report counted" "$f"' "$(grep -o '<p role="status">[^<]*' "$f")"
check "public: FI1D counts 1 (B's submitted report is not public)" '[ "$(count "$f" FI1D)" = 1 ]' "$(count "$f" FI1D)"
check "public: the 2016 code NO05 counts under NO0A" '[ "$(count "$f" NO0A)" = 1 ] && [ -z "$(count "$f" NO05)" ]'
check "public: A's draft region PL21 is not counted" '[ -z "$(count "$f" PL21)" ]'
check "public: countries FI 1, NO 1, ES 1; PL none" \
  '[ "$(ccount "$f" FI)" = 1 ] && [ "$(ccount "$f" NO)" = 1 ] && [ "$(ccount "$f" ES)" = 1 ] && [ -z "$(ccount "$f" PL)" ]'
check "public: a leading region is counted as leading" \
  'grep -q "<a href=\"/regions/FI1D\">[^<]*</a></th><td>Finland</td><td class=\"num\">1</td><td class=\"num\">1</td>" "$f"'
check "the map: an SVG with a link per region (334), each with a title" \
  '[ "$(grep -o "<a href=\"/regions/[A-Z0-9]*\"><title>" "$f" | wc -l)" = 334 ]'
check "the map: FI1D's title names it and its count" \
  'grep -q "<a href=\"/regions/FI1D\"><title>Northern and Eastern Finland (FI1D): 1 partnership</title>" "$f"'
check "the map: a region without partnership is light grey (class m0) and says so" \
  'grep -q "<title>[^<]*(PL21): no partnership</title><path id=\"r-PL21\" class=\"m0\"" "$f"'
check "the map: FI1D is shaded (not m0)" 'grep -q "id=\"r-FI1D\" class=\"m[1-5]\"" "$f"'
check "the map: EU13 regions are hatched (PL21 yes, FI1D no)" \
  'grep -q "<use href=\"#r-PL21\"/>" "$f" && ! grep -q "<use href=\"#r-FI1D\"/>" "$f"'
check "the map: title, description and the attribution" \
  'grep -q "<title id=\"map-title\">" "$f" && grep -q "<desc id=\"map-desc\">" "$f" && grep -q "© EuroGeographics for the administrative boundaries" "$f"'
check "the map: the legend" 'grep -q "class=\"map-legend\"" "$f"'

# --- a member of A: A's draft is A's latest -------------------------------
get ma /portfolio/map >/dev/null
f=$tmp/ma.html
check "member of A: A's draft counts (PL21 1), its older report not (NO0A none)" \
  '[ "$(count "$f" PL21)" = 1 ] && [ -z "$(count "$f" NO0A)" ]' "PL21=$(count "$f" PL21) NO0A=$(count "$f" NO0A)"
check "member of A: B's submitted report is not counted (FI1D 1)" '[ "$(count "$f" FI1D)" = 1 ]'
get ma "/portfolio/map?period=2020-H1" >/dev/null
check "member of A, period 2020-H1: A's published report (NO0A 1, PL21 none)" \
  '[ "$(count "$f" NO0A)" = 1 ] && [ -z "$(count "$f" PL21)" ]'

# --- the committee: submitted and published, no draft ---------------------
get committee /portfolio/map >/dev/null
f=$tmp/committee.html
check "committee: 2 reports counted, FI1D 2, NO0A 1, PL21 none" \
  'grep -q "2 reports counted" "$f" && [ "$(count "$f" FI1D)" = 2 ] && [ "$(count "$f" NO0A)" = 1 ] && [ -z "$(count "$f" PL21)" ]'
check "committee: countries FI 2, NO 1" '[ "$(ccount "$f" FI)" = 2 ] && [ "$(ccount "$f" NO)" = 1 ]'
get committee "/portfolio/map?partnership=$B" >/dev/null
check "committee, partnership B: FI1D 1, NO0A none" '[ "$(count "$f" FI1D)" = 1 ] && [ -z "$(count "$f" NO0A)" ]'
get committee "/portfolio/map?platform=Energy" >/dev/null
check "committee, a platform without partnerships: 0 reports" 'grep -q "0 reports counted" "$f" && [ -z "$(count "$f" FI1D)" ]'
# B's coordinator: B's own submitted report and A's published one.
get cb /portfolio/map >/dev/null
check "coordinator of B: FI1D 2" '[ "$(count "$tmp/cb.html" FI1D)" = 2 ]'

# --- bad filters ---------------------------------------------------------------
st=$(get public "/portfolio/map?period=2020-H3")
check "a malformed period: 400 naming it" '[ "$st" = 400 ] && grep -q "2020-H3” is not a period" "$tmp/public.html"' "$st"
st=$(get public "/portfolio/map?platform=Nowhere")
check "an unknown platform: 400 naming it" '[ "$st" = 400 ] && grep -q "Nowhere” is not a thematic platform" "$tmp/public.html"' "$st"
st=$(get public "/portfolio/map?partnership=%3Cb%3E")
check "a malformed partnership: 400, escaped" '[ "$st" = 400 ] && grep -q "&lt;b&gt;” is not" "$tmp/public.html"' "$st"
st=$(get public "/portfolio/map?partnership=no-such-one")
check "an unknown partnership: 200, nothing counted" '[ "$st" = 200 ] && grep -q "0 reports counted" "$tmp/public.html"' "$st"

# --- /regions/CODE --------------------------------------------------------
st=$(get public /regions/FI1D)
f=$tmp/public.html
check "public /regions/FI1D: 200, its names and country" \
  '[ "$st" = 200 ] && grep -q "<h1>Northern and Eastern Finland (FI1D)</h1>" "$f" && grep -q "Pohjois- ja Itä-Suomi" "$f" && grep -q "Finland (FI)" "$f"' "$st"
check "public /regions/FI1D: A leading in 2020-H1, not B" \
  'grep -q "<a href=\"/p/$A\">Mining industry</a></th><td>[^<]*</td><td>leading</td><td><ul class=\"plain\"><li><a href=\"/p/$A/2020-H1\">2020-H1</a> (leading)</li></ul>" "$f" && ! grep -q "/p/$B" "$f"'
get committee /regions/FI1D >/dev/null
check "committee /regions/FI1D: A and B (submitted)" \
  'grep -q "/p/$A/2020-H1" "$tmp/committee.html" && grep -q "<a href=\"/p/$B/2020-H1\">2020-H1</a> (leading), Submitted" "$tmp/committee.html"' \
  "$(grep -o '<li>.*</li>' "$tmp/committee.html" | head -3)"
get public /regions/NO0A >/dev/null
check "public /regions/NO0A: A participating in 2020-H1" \
  'grep -q "<td>participating</td><td><ul class=\"plain\"><li><a href=\"/p/$A/2020-H1\">2020-H1</a> (participating)" "$tmp/public.html"'
get public /regions/PL21 >/dev/null
check "public /regions/PL21: no published report names it (A's draft stays hidden)" \
  'grep -q "No published report names this region" "$tmp/public.html" && ! grep -q "2020-H2" "$tmp/public.html"'
get ma /regions/PL21 >/dev/null
check "member of A /regions/PL21: A's draft, 2020-H2" \
  'grep -q "<a href=\"/p/$A/2020-H2\">2020-H2</a> (participating), Draft" "$tmp/ma.html"' "$(grep -o '<li>.*</li>' "$tmp/ma.html" | head -3)"
get committee /regions/PL21 >/dev/null
check "committee /regions/PL21: the draft is not there" '! grep -q "2020-H2" "$tmp/committee.html" && grep -q "No report you may read names this region" "$tmp/committee.html"'
st=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/regions/NO05")
check "/regions/NO05 (NUTS 2016): 308 to /regions/NO0A" '[ "$st" = "308 $base/regions/NO0A" ]' "$st"
st=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/regions/NL35")
check "/regions/NL35 (NUTS 2024): 308 to /regions/NL31" '[ "$st" = "308 $base/regions/NL31" ]' "$st"
st=$(get public /regions/HR04)
check "/regions/HR04 (NUTS 2016, split): the three 2021 regions listed" \
  '[ "$st" = 200 ] && grep -q "href=\"/regions/HR02\"" "$tmp/public.html" && grep -q "href=\"/regions/HR05\"" "$tmp/public.html" && grep -q "href=\"/regions/HR06\"" "$tmp/public.html"' "$st"
for c in XX99 FI1 FI1D7 fi1d FI1DZZ; do
  st=$(get public "/regions/$c")
  check "/regions/$c: 404" '[ "$st" = 404 ]' "$st"
done

# --- without the map file: the tables still work --------------------------
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
mkdir -p "$tmp/data"
cp "$root/data/region-names.tsv" "$tmp/data/"
S3PM_DATA_DIR=$tmp/data start_server "$db" || { no "server starts without the map" "$(head -c 300 "$tmp/log")"; finish; }
st=$(get public /portfolio/map)
check "without the map file: 200, says so, the tables remain" \
  '[ "$st" = 200 ] && grep -q "The map is not installed" "$tmp/public.html" && ! grep -q "<svg" "$tmp/public.html" && [ "$(count "$tmp/public.html" FI1D)" = 1 ]' "$st"
check "the server says at start that the map is missing" 'grep -q "no map at" "$tmp/log"'
kill -TERM "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
mkdir -p "$tmp/data/map"
printf 'map 1 100 100\nregion AB12 M1 2l3 4z\nregion AB12 M1 2l3 4z\n' >"$tmp/data/map/nuts2-2021.txt"
out=$(S3PM_DATA_DIR=$tmp/data "$bin" serve --listen 127.0.0.1:1 --db "$db" 2>&1)
check "a damaged map file stops the start, naming the file and line" \
  'echo "$out" | grep -q "data/map/nuts2-2021.txt, line 3: regions out of order or twice"' "$out"
pid=
finish
