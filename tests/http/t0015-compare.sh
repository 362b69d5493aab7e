#!/usr/bin/env bash
# tests/http/t0015-compare.sh [BINARY] - two reports side by side (issue 10):
# GET /p/:slug/compare/:period/:period question by question, as the public,
# the partnership, another partnership, the committee and the Commission:
#   changed words marked (<del>/<ins>), table rows added and removed, SDG
#   matrix rows by their labels, unchanged questions folded, a summary;
#   the self-assessment (canaries SA1, SA2) only for its audience; a draft of
#   the partnership (canary DRAFT) for the partnership only, and for
#   everybody else answered exactly like a period with no report;
#   reports on two versions of the form lined up by question id;
#   the chooser (/p/:slug/compare, a GET form, redirects), the links from the
#   partnership and report pages, bad input (404, 400), escaping.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

seed=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
pw="correct horse battery"
rnd=$(python3 -c 'import secrets; print(secrets.token_hex(6))')
SA1="Saone$rnd"
SA2="Satwo$rnd"
DRAFT="Draftcanary$rnd"
SUB="Subcanary$rnd"
A=mining-industry
B=hydrogen-valleys

# The forms: the current one, and an older version (id s3-monitoring-2019)
# that asks old_question instead of eu13_involvement.
mkdir -p "$tmp/forms"
cp "$root/forms/"*.json "$tmp/forms/"
export S3PM_FORMS_DIR=$tmp/forms
/usr/bin/python3 - "$root/forms/s3-monitoring-2020.json" "$tmp/forms/s3-monitoring-2019.json" <<'EOF'
import json, sys
f = json.load(open(sys.argv[1]))
f["id"] = "s3-monitoring-2019"
for s in f["sections"]:
    for it in s["items"]:
        if it.get("id") == "eu13_involvement":
            it["id"] = "old_question"
            it["label"] = "A question only the 2019 form asks"
json.dump(f, open(sys.argv[2], "w"), ensure_ascii=False, indent=1)
EOF

# The reports, as documents: H1 from the sample; H2 with words, rows and an
# SDG changed.
"$bin" convert "$seed" >"$tmp/base.json" 2>/dev/null || { no "the sample converts"; finish; }
/usr/bin/python3 - "$tmp" "$SA1" "$SA2" "$DRAFT" "$SUB" <<'EOF'
import copy, json, sys
tmp, sa1, sa2, draft, sub = sys.argv[1:]
base = json.load(open(tmp + "/base.json"))
base.pop("unmapped", None)
def doc(period, name, summary, regions, sdg1, sa, extra=None):
    d = copy.deepcopy(base)
    a = d["answers"]
    a["reporting_period"] = period
    a["partnership"] = name
    a["executive_summary"] = summary
    a["participating_regions"] = regions
    a["sdg"] = {"1": sdg1, "2": "neutral"}
    a["self_assessment"] = {"progress_rating": "on_plan", "achievements": sa + " achieved"}
    if extra:
        a.update(extra)
    json.dump(d, open("%s/%s-%s.json" % (tmp, name.split()[0].lower(), period), "w"), ensure_ascii=False)
summary = base["answers"]["executive_summary"]
regions = base["answers"]["participating_regions"]
assert "play the core role" in summary and any(r["name"] == "Asturias" for r in regions)
summary2 = summary.replace("play the core role", "play the central role <b>&</b>")
regions2 = [r for r in regions if r["name"] != "Asturias"] + [{"name": "Cantabria", "country": "ES", "nuts": "ES13"}]
doc("2020-H1", "Mining industry", summary, regions, "agree", sa1)
doc("2020-H2", "Mining industry", summary2, regions2, "strongly_agree", sa2)
doc("2021-H1", "Mining industry", summary2 + " " + draft, regions2, "strongly_agree", draft)
doc("2020-H1", "Hydrogen valleys", summary, regions, "agree", "Hydrogen one")
doc("2020-H2", "Hydrogen valleys", summary + " " + sub, regions, "agree", "Hydrogen two")
EOF
setup() {
  "$bin" init --db "$db" &&
    "$bin" import "$tmp/mining-2020-H1.json" --status published --db "$db" &&
    "$bin" import "$tmp/mining-2020-H2.json" --status published --db "$db" &&
    "$bin" import "$tmp/mining-2021-H1.json" --status draft --db "$db" &&
    "$bin" import "$tmp/hydrogen-2020-H1.json" --status published --db "$db" &&
    "$bin" import "$tmp/hydrogen-2020-H2.json" --status submitted --db "$db"
}
setup >"$tmp/setup" 2>&1 || { no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; }
# A's 2020-H1 report was written on the older form: its stored document
# answers old_question, not eu13_involvement.
/usr/bin/python3 - "$db" <<'EOF'
import json, sys, dbconn
con = dbconn.connect(sys.argv[1])
rid, = dbconn.query(con, "SELECT r.id FROM reports r JOIN partnerships p ON p.id = r.partnership_id "
                    "WHERE p.slug = 'mining-industry' AND r.period = '2020-H1'")[0]
for rev, text in dbconn.query(con, "SELECT revision, doc FROM report_revisions WHERE report_id = ?", (rid,)):
    d = json.loads(text)
    d["form"] = "s3-monitoring-2019"
    d["answers"].pop("eu13_involvement", None)
    d["answers"]["old_question"] = "Asked in 2019 only"
    dbconn.query(con, "UPDATE report_revisions SET doc = ? WHERE report_id = ? AND revision = ?",
                 (json.dumps(d), rid, rev))
dbconn.query(con, "UPDATE reports SET form_id = 's3-monitoring-2019' WHERE id = ?", (rid,))
con.close()
EOF
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add ca@example.org --role coordinator --partnership $A
add ma@example.org --role member --partnership $A
add cb@example.org --role coordinator --partnership $B
add committee@example.org --role committee
add commission@example.org --role commission
add admin@example.org --role admin

"$bin" routes >"$tmp/routes"
check "s3pm routes lists the two compare routes" \
  'grep -qx "GET /p/:slug/compare" "$tmp/routes" && grep -qx "GET /p/:slug/compare/:period/:period" "$tmp/routes"'

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
for w in ca:ca@example.org ma:ma@example.org cb:cb@example.org committee:committee@example.org \
  commission:commission@example.org admin:admin@example.org; do
  login "${w%%:*}" "${w#*:}"
done
roles="public ca ma cb committee commission admin"

# get WHO PATH: the page into $tmp/WHO.html, prints the status.
get() { curl -s -b "$tmp/$1.jar" -o "$tmp/$1.html" -w '%{http_code}' "$base$2"; }
has() { grep -qF -- "$2" "$tmp/$1.html"; }

# --- the public comparison, as everybody ----------------------------------
for who in $roles; do
  st=$(get "$who" "/p/$A/compare/2020-H1/2020-H2")
  check "$who: compare $A 2020-H1 with 2020-H2 -> 200" '[ "$st" = 200 ]' "$st"
  check "$who: the changed word is struck and the new one marked, escaped" \
    'has "$who" "<del>core</del>" && has "$who" "<ins>central</ins>" && has "$who" "role<ins> &lt;b&gt;&amp;&lt;/b&gt;</ins> in" && ! has "$who" "<b>&</b>"'
  check "$who: the removed and the added rows of the regions" \
    'grep -q "<tr class=\"row-del\"><td>Removed</td><td>Asturias</td><td>ES</td><td>ES12</td></tr>" "$tmp/$who.html" &&
     grep -q "<tr class=\"row-ins\"><td>Added</td><td>Cantabria</td><td>ES</td><td>ES13</td></tr>" "$tmp/$who.html" &&
     grep -q "<tr class=\"row-same\"><td>Unchanged</td><td>Lapland</td>" "$tmp/$who.html"'
  check "$who: the SDG matrix row by its label, the scale by its words" \
    'has "$who" "<dt>Goal 1. End poverty in all its forms everywhere</dt><dd><p class=\"diff-text\"><del>Agree</del><ins>Strongly agree</ins>" && ! has "$who" "<dt>Goal 2."'
  check "$who: an unchanged question is folded and marked" \
    'grep -q "<section class=\"cmp-q cmp-same\" id=\"q-leading_regions\">" "$tmp/$who.html" && has "$who" "<details class=\"cmp-same\">"'
  check "$who: questions of one form only are shown as such" \
    'grep -q "id=\"q-old_question\"" "$tmp/$who.html" && has "$who" "Only in the form of the report of January - June 2020" &&
     grep -q "id=\"q-eu13_involvement\"" "$tmp/$who.html" && has "$who" "Only in the form of the report of July - December 2020"'
done
get public "/p/$A/compare/2020-H1/2020-H2" >/dev/null
check "public: the summary counts the changed questions" \
  'has public ">4 of 22 questions changed; " && grep -q "questions changed; [0-9]* unchanged; 2 in the form of one report only." "$tmp/public.html"' \
  "$(grep -o '<p id="compare-counts">[^<]*' "$tmp/public.html")"

# --- the self-assessment: its audience only ---------------------------------
for who in $roles; do
  get "$who" "/p/$A/compare/2020-H1/2020-H2" >/dev/null
  case $who in
    ca | ma | committee | commission)
      check "$who reads the self-assessment's change" \
        'has "$who" "<del>$SA1</del><ins>$SA2</ins>" && has "$who" "id=\"q-self_assessment\""' ;;
    *)
      check "$who does not read the self-assessment" \
        '! has "$who" "$SA1" && ! has "$who" "$SA2" && ! has "$who" "q-self_assessment" && ! has "$who" "Self-assessment"' ;;
  esac
done

# --- A's draft: the partnership only; for the others like no report ---------
for who in $roles; do
  st=$(get "$who" "/p/$A/compare/2020-H2/2021-H1")
  case $who in
    ca | ma)
      check "$who compares with its own draft" \
        '[ "$st" = 200 ] && has "$who" "industries.<ins> $DRAFT</ins>" && has "$who" "<del>$SA2</del><ins>$DRAFT</ins>"' "$st" ;;
    *)
      cp "$tmp/$who.html" "$tmp/$who.draft"
      st2=$(get "$who" "/p/$A/compare/2020-H2/2022-H1")
      check "$who: the draft's comparison is 404, exactly like a period without a report" \
        '[ "$st" = 404 ] && [ "$st2" = 404 ] && ! grep -q "$DRAFT" "$tmp/$who.draft" &&
         sed "s/2021-H1/2022-H1/g" "$tmp/$who.draft" | cmp -s - "$tmp/$who.html"' "$st $st2"
      st=$(get "$who" "/p/$A/compare/2021-H1/2020-H2")
      check "$who: the same the other way round" '[ "$st" = 404 ]' "$st"
      st=$(get "$who" "/p/$A/compare/2021-H1/2021-H1")
      check "$who: the draft twice is 404 too (not the same-period 400)" '[ "$st" = 404 ]' "$st" ;;
  esac
done
st=$(get ma "/p/$A/compare/2021-H1/2021-H1")
check "ma: the same readable period twice -> 400 with a clear message" \
  '[ "$st" = 400 ] && has ma "Choose two different periods to compare (both are 2021-H1)."' "$st"

# --- B's submitted report: the partnership and the overseers ----------------
for who in $roles; do
  st=$(get "$who" "/p/$B/compare/2020-H1/2020-H2")
  case $who in
    cb | committee | commission | admin)
      check "$who compares B's submitted report" '[ "$st" = 200 ] && has "$who" "industries.<ins> $SUB</ins>"' "$st" ;;
    *)
      check "$who: B's submitted report is not found" '[ "$st" = 404 ] && ! has "$who" "$SUB"' "$st" ;;
  esac
done

# --- bad input --------------------------------------------------------------
for p in "/p/$A/compare/2020-H3/2020-H2" "/p/$A/compare/2020-h1/2020-H2" "/p/$A/compare/2020-H1" \
  "/p/$A/compare/2020-H1/2020-H2/x" "/p/nosuch/compare/2020-H1/2020-H2" "/p/nosuch/compare" \
  "/p/$A/compare/2019-H1/2020-H2" "/p/$A/compare/%3Cscript%3E/2020-H2"; do
  st=$(get public "$p")
  check "public: $p -> 404 page" '[ "$st" = 404 ] && has public "<html"' "$st"
done
st=$(get public "/p/$A/compare/2020-H2/2020-H2")
check "public: the same period twice -> 400 naming the problem, with the chooser" \
  '[ "$st" = 400 ] && has public "Choose two different periods" && has public "id=\"compare-form\""' "$st"

# --- the chooser and the links ------------------------------------------------
st=$(get public "/p/$A/compare")
check "public: the chooser lists the published periods only" \
  '[ "$st" = 200 ] && has public "id=\"compare-form\" class=\"inline\" method=\"get\" action=\"/p/$A/compare\"" &&
   [ "$(grep -o "<option value=\"20" "$tmp/public.html" | wc -l)" = 4 ] && ! has public "value=\"2021-H1\""' "$st"
st=$(get ma "/p/$A/compare")
check "ma: the chooser offers the draft too" '[ "$st" = 200 ] && has ma "<option value=\"2021-H1\" selected>"' "$st"
loc=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/p/$A/compare?from=2020-H1&to=2020-H2")
check "the chooser's answer redirects to the comparison" '[ "$loc" = "302 $base/p/$A/compare/2020-H1/2020-H2" ]' "$loc"
st=$(get public "/p/$A/compare?from=2020-H1&to=soon")
check "the chooser with a bad period -> 400 naming the format" \
  '[ "$st" = 400 ] && has public "each written like 2020-H1"' "$st"
st=$(get public "/p/$A")
check "the partnership page links to the comparison with the previous report" \
  '[ "$st" = 200 ] && has public "href=\"/p/$A/compare/2020-H1/2020-H2\">compare with January - June 2020</a>" &&
   has public "href=\"/p/$A/compare\">Compare any two reports</a>"' "$st"
st=$(get ma "/p/$A")
check "the partnership's periods table links each report to the one before" \
  'has ma "href=\"/p/$A/compare/2020-H2/2021-H1\">Compare with 2020-H2</a>"'
st=$(get public "/p/$A/2020-H2")
check "the report page links to the comparison with the previous report" \
  '[ "$st" = 200 ] && has public "href=\"/p/$A/compare/2020-H1/2020-H2\">Compare with the report for 2020-H1</a>"' "$st"
st=$(get public "/p/$A/2020-H1")
check "the oldest report has no such link" '[ "$st" = 200 ] && ! has public "/compare/"' "$st"
st=$(get cb "/p/$A/2020-H2")
check "another partnership is not pointed at A's draft" '! has cb "2021-H1"' "$st"

# A clean stop (under the sanitizers: no leak, no error at exit).
kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "the server stops with exit status 0" '[ "$st" = 0 ]' "exit $st; $(tail -3 "$tmp/log")"

finish
