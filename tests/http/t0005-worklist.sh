#!/usr/bin/env bash
# tests/http/t0005-worklist.sh [BINARY] - the work list at /me (issue 8),
# from outside, through one cycle: everybody lands on /me after logging in;
# the partnership sees its reports due (overdue, days left) and what was
# returned to it; the committee the submitted reports, oldest first, a
# resubmission marked; the Commission the accepted reports without a
# decision since; the administrator the overdue partnerships and the
# accounts. A draft changes nobody else's /me by a byte. Also the icon and
# the error pages in the site's frame.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

sample=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
P=mining-industry
pw="correct horse battery"

"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
"$bin" import "$sample" --status published --db "$db" >/dev/null 2>&1 || { no "import 2020-H1"; finish; }
"$bin" period set 2020-H2 --deadline 2021-01-31 --db "$db" >/dev/null || { no "period 2020-H2"; finish; }
"$bin" period set 2021-H1 --deadline 2099-07-31 --db "$db" >/dev/null || { no "period 2021-H1"; finish; }
"$bin" partnership add other-one --name "Other partnership" --db "$db" >/dev/null || { no "partnership add"; finish; }
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add coord@mining.example --role coordinator --partnership $P --name "Carla Coordinator"
add member@mining.example --role member --partnership $P
add ocoord@other.example --role coordinator --partnership other-one
add committee@example.org --role committee --name "Cem Committee"
add commission@example.org --role commission
add admin@example.org --role admin

start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() { # login WHO: a session in $tmp/WHO.jar; prints where the login sends
  local jar=$tmp/$1.jar csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(csrf_of "$tmp/lf")
  curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code} %{redirect_url}' \
    --data-urlencode "email=$2" --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/login"
}
me() { curl -s -b "$tmp/$1.jar" -o "$tmp/$1.me" -w '%{http_code}' "$base/me"; }
post() { # post WHO PATH [FIELD=VALUE...]: prints the status
  local who=$1 path=$2 csrf
  shift 2
  csrf=$(csrf_of "$tmp/$who.me")
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.post" -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    "${args[@]}" "$base$path"
}

# Everybody lands on /me.
for who in coord:coord@mining.example member:member@mining.example ocoord:ocoord@other.example \
  committee:committee@example.org commission:commission@example.org admin:admin@example.org; do
  r=$(login "${who%%:*}" "${who#*:}")
  check "${who%%:*}: the login sends to /me" '[ "$r" = "303 $base/me" ]' "$r"
done
check "the public is sent to log in from /me" \
  '[ "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$base/me")" = "302 $base/login?next=%2Fme" ]'

# The partnership: 2020-H2 overdue, 2021-H1 due in the future.
check "coordinator: /me answers 200" '[ "$(me coord)" = 200 ]'
sed -n '/<table id="due"/,/<\/table>/p' "$tmp/coord.me" >"$tmp/due"
check "coordinator: 2020-H2 is due and overdue" \
  'grep -q "Mining industry, <span class=\"period\">2020-H2" "$tmp/due" && grep -A3 "2020-H2</span></a>" "$tmp/due" | grep -q "Overdue"' \
  "$(head -c 600 "$tmp/due")"
check "coordinator: 2021-H1 is due in some days" 'grep -A4 "2021-H1</span></a>" "$tmp/due" | grep -q "Due in [0-9]* days"'
check "coordinator: the deadline is written for people" 'grep -q "31 January 2021" "$tmp/due"'
check "coordinator: each due period can be started from /me" \
  'grep -q "action=\"/p/mining-industry/2020-H2/new\"" "$tmp/due" && grep -q "action=\"/p/mining-industry/2021-H1/new\"" "$tmp/due"'
check "coordinator: the header counts what awaits (2)" \
  'grep -q "My work <span class=\"badge\">2<span class=\"visually-hidden\"> waiting" "$tmp/coord.me"'
check "coordinator: the published 2020-H1 is not due" '! grep -q "2020-H1" "$tmp/due"'
me member >/dev/null
check "member: the same reports due" 'grep -q "Mining industry, <span class=\"period\">2020-H2" "$tmp/member.me"'

# Nobody outside the partnership learns of a draft: their /me stays the
# same, byte for byte.
for who in ocoord committee commission admin; do me $who >/dev/null; cp "$tmp/$who.me" "$tmp/$who.before"; done
sed -e 's/^January - June 2020/July - December 2020/' -e 's/^Kainuu (FI) FI1D3/Kainuu (FI) FI1D8/' \
  -e 's/^North Karelia (FI) FI1D7/North Karelia (FI) FI1D3/' -e 's/^Sterea Ellada ( GR) EL24/Sterea Ellada (EL) EL64/' \
  "$sample" >"$tmp/h2.txt"
"$bin" import "$tmp/h2.txt" --status draft --db "$db" >/dev/null 2>&1 || no "import the 2020-H2 draft"
for who in ocoord committee commission admin; do
  me $who >/dev/null
  check "$who: /me is the same with a draft of 2020-H2 as without" 'cmp -s "$tmp/$who.before" "$tmp/$who.me"' \
    "$(diff "$tmp/$who.before" "$tmp/$who.me" | head -5)"
done
check "admin: 2020-H2 of Mining industry is overdue" \
  'sed -n "/<table id=\"overdue\"/,/<\/table>/p" "$tmp/admin.me" | grep -q "Mining industry, <span class=\"period\">2020-H2"'
check "admin: the overdue draft links to the partnership, not to the report" \
  '! grep -q "href=\"/p/mining-industry/2020-H2\"" "$tmp/admin.me"'
check "admin: the accounts are counted" 'grep -q "6 accounts, 0 of them deactivated" "$tmp/admin.me"'
check "committee: nothing to review yet" 'grep -q "No submitted report awaits review" "$tmp/committee.me"'
check "commission: the published 2020-H1 awaits a decision" \
  'sed -n "/<table id=\"decide\"/,/<\/table>/p" "$tmp/commission.me" | grep -q "Mining industry, <span class=\"period\">2020-H1"'
me coord >/dev/null
check "coordinator: the draft is listed with its status and an edit link" \
  'grep -A3 "2020-H2</span></a>" "$tmp/coord.me" | grep -q "Draft" && grep -q "href=\"/p/mining-industry/2020-H2/edit\"" "$tmp/coord.me"'

# Submitted: the committee's to review.
# Without confirmed=yes a submission asks first (the page a browser
# without JavaScript shows) and changes nothing.
check "coordinator: an unconfirmed submission asks (200) with a form that confirms" \
  '[ "$(post coord /p/$P/2020-H2/submit)" = 200 ] && grep -q "<h1>Submit the 2020-H2 report of Mining industry?</h1>" "$tmp/coord.post" && grep -q "name=\"confirmed\" value=\"yes\"" "$tmp/coord.post" && grep -q "action=\"/p/mining-industry/2020-H2/submit\"" "$tmp/coord.post"' \
  "$(grep -o "<h1>.*</h1>" "$tmp/coord.post" 2>/dev/null)"
me committee >/dev/null
check "... and the report is not submitted" 'grep -q "No submitted report awaits review" "$tmp/committee.me"'
check "coordinator: submit 2020-H2" '[ "$(post coord /p/$P/2020-H2/submit confirmed=yes)" = 303 ]'
me committee >/dev/null
sed -n '/<table id="review"/,/<\/table>/p' "$tmp/committee.me" >"$tmp/review"
check "committee: 2020-H2 awaits review" 'grep -q "href=\"/p/mining-industry/2020-H2\">Mining industry, <span class=\"period\">2020-H2" "$tmp/review"'
check "committee: not marked as a resubmission" '! grep -q "Resubmitted" "$tmp/review"'
check "committee: the header counts it" 'grep -q "My work <span class=\"badge\">1<" "$tmp/committee.me"'
me ocoord >/dev/null
check "another partnership's coordinator: still nothing of Mining industry" '! grep -q "Mining industry" "$tmp/ocoord.me"'

# Returned with a comment: back on the partnership's list.
check "committee: return 2020-H2" \
  '[ "$(post committee /p/$P/2020-H2/return confirmed=yes "body=Please give the budget of each action.")" = 303 ]'
me coord >/dev/null
sed -n '/<table id="returned"/,/<\/table>/p' "$tmp/coord.me" >"$tmp/ret"
check "coordinator: 2020-H2 returned, with one comment and an edit link" \
  'grep -q "Mining industry, <span class=\"period\">2020-H2" "$tmp/ret" && grep -q "<td>1</td>" "$tmp/ret" && grep -q "2020-H2/edit" "$tmp/ret"' \
  "$(head -c 600 "$tmp/ret")"
# The partnership marks the comment resolved: no open comment left on
# its list; reopened, it counts again.
curl -s -b "$tmp/coord.jar" -o "$tmp/coord.rep" "$base/p/$P/2020-H2"
rcid=$(sed -n 's|.*action="/p/mining-industry/2020-H2/comments/\([0-9]*\)/resolve".*|\1|p' "$tmp/coord.rep" | head -1)
check "coordinator: the returned report's comment can be marked resolved" \
  '[ -n "$rcid" ] && [ "$(post coord /p/$P/2020-H2/comments/$rcid/resolve state=resolved)" = 303 ]'
me coord >/dev/null
check "... and the list counts no open comment" \
  'sed -n "/<table id=\"returned\"/,/<\/table>/p" "$tmp/coord.me" | grep -q "<td>0</td>"'
check "coordinator: reopen it" '[ "$(post coord /p/$P/2020-H2/comments/$rcid/resolve state=open)" = 303 ]'
me coord >/dev/null
check "... one open comment again" 'sed -n "/<table id=\"returned\"/,/<\/table>/p" "$tmp/coord.me" | grep -q "<td>1</td>"'
me committee >/dev/null
check "committee: a returned report is off the review list" 'grep -q "No submitted report awaits review" "$tmp/committee.me"'

# The partnership changes a sentence and drops a region (the autosave's
# JSON), then submits again.
curl -s -b "$tmp/coord.jar" -H "Accept: application/json" -o "$tmp/doc2" "$base/api/p/$P/2020-H2"
python3 - "$tmp/doc2" "$tmp/draft2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
a = d["document"]["answers"]
a["executive_summary"] = a["executive_summary"].replace("Mining industries partnership", "The mining partnership", 1)
a["participating_regions"] = [r for r in a["participating_regions"] if r.get("name") != "Kainuu"]
json.dump({"base_revision": d.get("revision"), "answers": a}, open(sys.argv[2], "w"))
PY
csrf=$(csrf_of "$tmp/coord.me")
check "coordinator: the changed draft is saved" \
  '[ "$(curl -s -b "$tmp/coord.jar" -o "$tmp/saved2" -w "%{http_code}" -H "Content-Type: application/json" -H "X-CSRF-Token: $csrf" --data-binary @"$tmp/draft2" "$base/api/p/$P/2020-H2/draft")" = 200 ]' \
  "$(head -c 300 "$tmp/saved2" 2>/dev/null)"

# Resubmitted: marked so.
check "coordinator: submit 2020-H2 again" '[ "$(post coord /p/$P/2020-H2/submit confirmed=yes)" = 303 ]'
me committee >/dev/null
check "committee: 2020-H2 marked as resubmitted" \
  'sed -n "/<table id=\"review\"/,/<\/table>/p" "$tmp/committee.me" | grep -q "Resubmitted"'
curl -s -b "$tmp/committee.jar" -o "$tmp/resub" "$base/p/$P/2020-H2"
check "committee: the report shows the changes since it was returned" 'grep -q "<h2 id=\"h-changes\">Changes since the report was returned</h2>" "$tmp/resub"'
check "... a word diff inside the long answer" \
  'grep -q "<del>Mining industries</del>" "$tmp/resub" && grep -q "<ins>The mining</ins>" "$tmp/resub"' \
  "$(grep -o "<p class=\"diff-text\">.\{0,200\}" "$tmp/resub" | head -2)"
check "... a row diff in the regions table" 'grep -q "<tr class=\"row-del\"><td>Removed</td><td>Kainuu</td>" "$tmp/resub"'
check "... and only what changed (two questions)" '[ "$(grep -c "<div class=\"change\">" "$tmp/resub")" = 2 ]'
curl -s -o "$tmp/pub2" "$base/p/$P/2020-H2"
check "the public sees no changes section (nor the report)" '! grep -q "h-changes" "$tmp/pub2"'

# Review: a comment link at each question, a thread per question whose
# comments are marked resolved.
check "committee: each question links to the comment form with itself chosen" \
  'grep -q "<a href=\"/p/mining-industry/2020-H2?question=executive_summary#comment-form\">Comment on this question" "$tmp/resub"'
curl -s -b "$tmp/committee.jar" -o "$tmp/chosen" "$base/p/$P/2020-H2?question=executive_summary"
check "... and the form has it chosen" 'grep -q "<option value=\"executive_summary\" selected>" "$tmp/chosen"'
cid=$(sed -n 's|.*action="/p/mining-industry/2020-H2/comments/\([0-9]*\)/resolve".*|\1|p' "$tmp/resub" | head -1)
check "committee: the return's comment can be marked resolved" '[ -n "$cid" ] && grep -q "Mark resolved" "$tmp/resub"'
cp "$tmp/resub" "$tmp/committee.me"
check "... an empty post is refused (400)" '[ "$(post committee /p/$P/2020-H2/comments/$cid/resolve)" = 400 ]'
me ocoord >/dev/null
check "... another partnership may not (404, as for no report)" '[ "$(post ocoord /p/$P/2020-H2/comments/$cid/resolve state=resolved)" = 404 ]'
check "... nor a comment of another report (404)" '[ "$(post committee /p/$P/2020-H2/comments/99999/resolve state=resolved)" = 404 ]'
check "committee: mark it resolved" '[ "$(post committee /p/$P/2020-H2/comments/$cid/resolve state=resolved)" = 303 ]'
curl -s -b "$tmp/committee.jar" -o "$tmp/resolved" "$base/p/$P/2020-H2?done=resolved"
check "... shown as resolved, by whom, with a button to reopen" \
  'grep -q "class=\"comment resolved\"" "$tmp/resolved" && grep -q "Resolved by Cem Committee" "$tmp/resolved" && grep -q ">Reopen</button>" "$tmp/resolved"'
check "... and in the audit log" '"$bin" audit --db "$db" --limit 5 | grep -q "comment.resolve"'
me coord >/dev/null
check "coordinator: nothing returned any more" '! grep -q "id=\"returned\"" "$tmp/coord.me"'

# Accepted: the Commission's to decide, the newest report of the partnership.
check "committee: an unconfirmed accept asks first" \
  '[ "$(post committee /p/$P/2020-H2/accept)" = 200 ] && grep -q "<h1>Accept and publish the 2020-H2 report of Mining industry?</h1>" "$tmp/committee.post"'
check "committee: accept 2020-H2" '[ "$(post committee /p/$P/2020-H2/accept confirmed=yes)" = 303 ]'
me commission >/dev/null
sed -n '/<table id="decide"/,/<\/table>/p' "$tmp/commission.me" >"$tmp/dec"
check "commission: 2020-H2 awaits a decision" 'grep -q "Mining industry, <span class=\"period\">2020-H2" "$tmp/dec"' "$(head -c 600 "$tmp/dec")"
check "commission: one entry per partnership (not 2020-H1 as well)" '! grep -q "2020-H1" "$tmp/dec"'
check "commission: the header counts it (1)" 'grep -q "My work <span class=\"badge\">1<" "$tmp/commission.me"'
check "commission: an unconfirmed decision is shown back to be confirmed" \
  '[ "$(post commission /p/$P/decisions term=2021 outcome=continue "rationale=Good <progress>.")" = 200 ] && grep -q "<dt>Rationale</dt><dd>.*Good &lt;progress&gt;\." "$tmp/commission.post" && grep -q "name=\"rationale\" value=\"Good &lt;progress&gt;.\"" "$tmp/commission.post"' \
  "$(grep -o "<dl.*" "$tmp/commission.post" 2>/dev/null | head -3)"
check "commission: record a decision" \
  '[ "$(post commission /p/$P/decisions term=2021 outcome=continue "rationale=Good progress." confirmed=yes)" = 303 ]'
me commission >/dev/null
check "commission: nothing awaits a decision after it" 'grep -q "Every accepted report has a decision" "$tmp/commission.me"'
check "commission: no count in the header" '! grep -q "class=\"badge\"" "$tmp/commission.me"'

# A report's period is its address's: shown in the form, not edited, and a
# posted one is ignored.
check "coordinator: start 2021-H1" '[ "$(post coord /p/$P/2021-H1/new)" = 303 ]'
curl -s -b "$tmp/coord.jar" -o "$tmp/edit" "$base/p/$P/2021-H1/edit"
check "the edit form shows the period, with no field for it" \
  'grep -q "<output class=\"fixed-answer\" id=\"f-reporting_period\">2021-H1 (January - June 2021)</output>" "$tmp/edit" && ! grep -q "name=\"a.reporting_period\"" "$tmp/edit"'
rev=$(sed -n 's/.*name="base_revision" value="\([0-9]*\)".*/\1/p' "$tmp/edit" | head -1)
cp "$tmp/edit" "$tmp/coord.me" # post() takes the CSRF token from there
check "a save posting another period is taken" \
  '[ "$(post coord /p/$P/2021-H1/edit base_revision=$rev action=save a.reporting_period=2019-H1 "a.executive_summary=Moved?")" = 303 ]'
curl -s -b "$tmp/coord.jar" -H "Accept: application/json" -o "$tmp/doc" "$base/api/p/$P/2021-H1"
check "... but the report keeps its own period" \
  'grep -q "\"reporting_period\": *\"2021-H1\"" "$tmp/doc" && grep -q "Moved?" "$tmp/doc"' "$(head -c 300 "$tmp/doc")"

# The icon browsers ask for, and error pages in the site's frame (issue 8).
check "GET /favicon.ico is an icon" \
  '[ "$(curl -s -o "$tmp/ico" -w "%{http_code} %{content_type}" "$base/favicon.ico")" = "200 image/x-icon" ] && [ "$(head -c 4 "$tmp/ico" | od -An -tx1 | tr -d " ")" = 00000100 ]'
check "pages name the icons" 'grep -q "<link rel=\"icon\" href=\"/favicon.ico\"" "$tmp/coord.me"'
curl -s -o "$tmp/404" -w '%{http_code}' "$base/p/no-such-partnership" >"$tmp/404.code"
check "a 404 page has the site's header, heading and way home" \
  '[ "$(cat "$tmp/404.code")" = 404 ] && grep -q "class=\"site-header\"" "$tmp/404" && grep -q "<h1>Not found</h1>" "$tmp/404" && grep -q "Back to the partnerships" "$tmp/404"' \
  "$(head -c 400 "$tmp/404")"
curl -s -b "$tmp/coord.jar" -o "$tmp/404u" "$base/p/no-such-partnership"
check "a logged-in user's 404 page keeps their header" 'grep -q "Log out" "$tmp/404u" && grep -q "My work" "$tmp/404u"'

finish
