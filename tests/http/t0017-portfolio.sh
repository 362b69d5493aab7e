#!/usr/bin/env bash
# tests/http/t0017-portfolio.sh [BINARY] - the portfolio dashboards (issue 10): GET /portfolio
# over a small made-up portfolio (tests/http/portfolio_check.py writes the reports with known
# regions, events, SDG answers and outreach, and computes every figure the page must show
# from them and the access rules). Every role sees its own view: the public published reports
# only; a member of Alpha its own draft counted, which nobody else sees; the committee the
# submitted report. Filters, bad filter values (400 with the form and a message), JSON, valid
# HTML, and that an unreadable draft changes nothing in what others get.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

py=/usr/bin/python3
chk=$here/portfolio_check.py
db=$DB
pw="correct horse battery"
today=$(date -u +%F)

mkdir -p "$tmp/fx"
setup() {
  "$py" "$chk" fixtures "$root/tests/pdf/full-report.json" "$tmp/fx" &&
    "$bin" init --db "$db" &&
    for f in "$tmp"/fx/r*.json; do
      st=${f##*-}
      st=${st%.json}
      case $(basename "$f") in
        r0-* | r1-*) plat=(--platform Energy) ;;
        r2-* | r3-*) plat=(--platform Agri-Food) ;;
        *) plat=() ;;
      esac
      "$bin" import "$f" --status "$st" "${plat[@]}" --db "$db" || return 1
    done &&
    "$bin" period set 2021-H1 --deadline 2021-07-31 --db "$db" &&
    "$bin" period set 2021-H2 --deadline 2099-01-31 --db "$db" &&
    "$bin" period set 2022-H1 --deadline 2022-07-31 --db "$db"
}
setup >"$tmp/setup" 2>&1 || { no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; }
check "the fixtures made three partnerships" \
  '[ "$(sql "$db" "SELECT slug FROM partnerships ORDER BY slug" | paste -sd,)" = "alpha-partnership,beta-partnership,gamma-partnership" ]'
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add ma@example.org --role member --partnership alpha-partnership
add cb@example.org --role coordinator --partnership beta-partnership
add committee@example.org --role committee
add commission@example.org --role commission
add admin@example.org --role admin

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
for w in ma:ma@example.org cb:cb@example.org committee:committee@example.org \
  commission:commission@example.org admin:admin@example.org; do
  login "${w%%:*}" "${w#*:}"
done

# page WHO [QUERY-ARGS...]: /portfolio into $tmp/WHO.html, prints the status.
page() {
  local who=$1
  shift
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.html" -w '%{http_code}' -G "$@" "$base/portfolio"
}
# verify WHO [FILTER...]: the page's tables against what portfolio_check.py computes.
verify() {
  local who=$1 args=() f line
  shift
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  st=$(page "$who" "${args[@]}")
  check "$who ${*:-}: 200" '[ "$st" = 200 ]' "$st"
  while IFS= read -r line; do
    case $line in
      "ok - "*) ok "${line#ok - }" ;;
      "not ok - "*) no "${line#not ok - }" ;;
      *) no "portfolio_check.py: $line" ;;
    esac
  done < <("$py" "$chk" html "$who" "$today" "$tmp/$who.html" "$@" 2>&1)
}

for who in public ma cb committee commission admin; do
  verify "$who"
done
verify public platform=Energy
verify committee platform=Agri-Food
verify ma partnership=alpha-partnership
verify committee from=2021-H2
verify commission from=2021-H1 to=2021-H1
verify admin platform=none

# What one role may not read is not there at all: the draft of Alpha (its region FI1D, its
# five outreach paragraphs, its September event) shows for its member only; the submitted
# report of Beta for Beta, the committee, the Commission and the administrators only.
page public >/dev/null
check "the public: nothing of Alpha's draft or Beta's submitted report" \
  '! grep -q "/p/alpha-partnership/2021-H2\|/p/beta-partnership/2021-H1\|\">Draft</a>\|\">Submitted</a>" "$tmp/public.html"'
page cb >/dev/null
check "another partnership's coordinator: no sign of Alpha's draft" \
  '! grep -q "/p/alpha-partnership/2021-H2\|\">Draft</a>" "$tmp/cb.html" && grep -q "/p/beta-partnership/2021-H1\">Submitted" "$tmp/cb.html"'
page ma >/dev/null
check "Alpha's member: its draft counted and linked" 'grep -q "/p/alpha-partnership/2021-H2\">Draft" "$tmp/ma.html"'
page committee >/dev/null
check "the committee: Beta's submitted report, not Alpha's draft" \
  'grep -q "/p/beta-partnership/2021-H1\">Submitted" "$tmp/committee.html" && ! grep -q "alpha-partnership/2021-H2\"" "$tmp/committee.html"'
# A page for the public is the same whether or not a draft exists elsewhere: drop the draft
# and compare.
page public >/dev/null
cp "$tmp/public.html" "$tmp/public.before"
page cb >/dev/null
cp "$tmp/cb.html" "$tmp/cb.before"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
pid=
id=$(sql "$db" "SELECT r.id FROM reports r JOIN partnerships p ON p.id = r.partnership_id WHERE p.slug = 'alpha-partnership' AND r.period = '2021-H2'")
sql "$db" "DELETE FROM report_fact_region WHERE report_id = $id; DELETE FROM report_fact_month WHERE report_id = $id;
  DELETE FROM report_facts WHERE report_id = $id; DELETE FROM report_text WHERE report_id = $id;
  DELETE FROM report_text_state WHERE report_id = $id; DELETE FROM report_events WHERE report_id = $id;
  DELETE FROM report_revisions WHERE report_id = $id; DELETE FROM reports WHERE id = $id;" 2>"$tmp/sqlerr"
check "the draft is gone for the comparison" '[ ! -s "$tmp/sqlerr" ] && [ -n "$id" ]' "$(cat "$tmp/sqlerr")"
start_server "$db" || { no "server starts again" "$(head -c 300 "$tmp/log")"; finish; }
for w in cb:cb@example.org; do login "${w%%:*}" "${w#*:}"; done
page public >/dev/null
check "the public's page is byte for byte the same without Alpha's draft" 'cmp -s "$tmp/public.html" "$tmp/public.before"'
page cb >/dev/null
sed 's/name="csrf" value="[0-9a-f]*"/csrf/' "$tmp/cb.html" >"$tmp/cb.after"
sed 's/name="csrf" value="[0-9a-f]*"/csrf/' "$tmp/cb.before" >"$tmp/cb.before2"
check "Beta's page is the same without Alpha's draft" 'cmp -s "$tmp/cb.after" "$tmp/cb.before2"' \
  "$(diff "$tmp/cb.before2" "$tmp/cb.after" | head -5)"

# JSON: the same figures.
curl -s -H "Accept: application/json" -o "$tmp/pub.json" "$base/portfolio"
while IFS= read -r line; do
  case $line in
    "ok - "*) ok "${line#ok - }" ;;
    *) no "${line#not ok - }" ;;
  esac
done < <("$py" "$chk" json public "$today" "$tmp/pub.json" 2>&1)

# Bad filters: 400, the message names what is wrong, the form is there to correct it.
bad() { # bad WHAT QUERY MESSAGE-PART
  want=$3
  st=$(curl -s -o "$tmp/bad.html" -w '%{http_code}' "$base/portfolio?$2")
  check "bad filter ($1): 400 with a message and the form" \
    '[ "$st" = 400 ] && grep -q "$want" "$tmp/bad.html" && grep -q "<form id=\"pf-filter\"" "$tmp/bad.html"' \
    "$st $(grep -o 'class="notice[^<]*<[^<]*' "$tmp/bad.html" | head -2)"
}
bad platform platform=Bogus "is not a thematic platform"
bad period from=2021-H3 "is not a half-year"
bad "to before from" "from=2022-H1&to=2021-H1" "comes after"
bad partnership partnership=no-such-thing "There is no partnership"
bad page page=abc "is not a page number"
st=$(curl -s -o "$tmp/j.json" -w '%{http_code}' -H "Accept: application/json" "$base/portfolio?platform=Bogus")
check "bad filter as JSON: 400 with an error" '[ "$st" = 400 ] && grep -q "\"error\"" "$tmp/j.json"' "$st"
st=$(curl -s -o "$tmp/p.html" -w '%{http_code}' "$base/portfolio?page=99")
check "a page past the last shows the last" '[ "$st" = 200 ] && grep -q "Showing all 3 partnerships" "$tmp/p.html"' "$st"

# Links: the navigation for everybody, the map, the filter form without JavaScript.
check "every page links to /portfolio" 'curl -s "$base/" | grep -q "href=\"/portfolio\""'
check "the page links to the map" 'grep -q "href=\"/portfolio/map\"" "$tmp/public.html"'
check "the charts are SVG images with a title and a description" \
  '[ "$(grep -c "<svg role=\"img\"" "$tmp/public.html")" -ge 9 ] && grep -q "<title id=\"sm-t\">" "$tmp/public.html" && grep -q "<desc id=\"hm-d\">" "$tmp/public.html"'
check "the filter form is a GET form" 'grep -q "<form id=\"pf-filter\" class=\"filters\" method=\"get\" action=\"/portfolio\"" "$tmp/public.html"'

# Valid HTML (when the validator of the browser suite is at hand; S3PM_VNU=PATH names another vnu.jar).
vnu=${S3PM_VNU:-$root/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar}
if [ -f "$vnu" ] && command -v java >/dev/null; then
  page cb >/dev/null
  java -jar "$vnu" --errors-only "$tmp/cb.html" "$tmp/public.html" "$tmp/bad.html" >"$tmp/vnu" 2>&1
  check "the pages are valid HTML" '[ ! -s "$tmp/vnu" ]' "$(head -5 "$tmp/vnu")"
else
  skip "no HTML validator (tests/browser's vnu.jar and java)"
fi

kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "the server stops with exit status 0" '[ "$st" = 0 ]' "exit $st; $(tail -3 "$tmp/log")"
finish
