#!/usr/bin/env bash
# tests/http/t0011-sheets.sh [BINARY] - the portfolio's spreadsheets (issue
# 9): s3pm export --format xlsx read back with openpyxl (sheets, the form's
# wording as headers with the question ids as comments, frozen header,
# autofilter, typed dates, the 17 goals, the NUTS finding of a bad code,
# Greek and Polish text); --public leaves out the self-assessment and every
# unpublished report; the filters; each sheet as CSV equal to the
# workbook's; the refusals (unknown sheet, bad period: exit 2, nothing
# written); the download at /portfolio.xlsx for the committee only.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

py=/usr/bin/python3
if ! $py -c 'import openpyxl' 2>/dev/null; then no "python3-openpyxl is installed"; finish; fi
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}

db=$DB
fixture=$root/tests/pdf/full-report.json
secret="Two of three objectives were met"
pw="correct horse battery"

# Three reports: the fixture published (Agri-Food), the sample text
# submitted, and a copy of the fixture for another partnership and period
# with a NUTS code that does not exist, submitted.
$py - "$fixture" "$tmp/bad.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a = d["answers"]
a["partnership"] = "Kalamata Olives – Oliwki"
a["reporting_period"] = "2022-H1"
a["participating_regions"][1]["nuts"] = "PL99"
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
"$bin" import "$fixture" --status published --platform Agri-Food --db "$db" >/dev/null 2>&1 || no "import the fixture"
"$bin" import "$root"/samples/*.txt --status submitted --db "$db" >/dev/null 2>&1 || no "import the samples"
"$bin" import "$tmp/bad.json" --status submitted --platform Energy --db "$db" >"$tmp/imp" 2>&1 || no "import the bad copy" "$(cat "$tmp/imp")"
bad_slug=$(sed -n 's/.*imported as \([^/]*\)\/.*/\1/p' "$tmp/imp")
good_slug=bezpieczenstwo-zywnosci

x=$tmp/all.xlsx
"$bin" export --format xlsx -o "$x" --db "$db" 2>"$tmp/err"
check "export xlsx: exit 0, a file" '[ -s "$x" ]' "$(cat "$tmp/err")"
# The same reports give the same bytes (the workbook's creation time is
# its newest report's change, not the clock): a second later, again.
sleep 1.1
"$bin" export --format xlsx -o "$tmp/again.xlsx" --db "$db" 2>/dev/null
check "the same reports exported again a second later: the same bytes" 'cmp -s "$x" "$tmp/again.xlsx"'
# Its parts are deflated at level 1 (sheet_xlsx.c): zip's flag bits 1-2
# say "super fast" (both set) in every entry; libxlsxwriter alone writes 0.
check "every part of the workbook is deflated at level 1" \
  "$py -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.exit(0 if all(i.compress_type == zipfile.ZIP_DEFLATED and i.flag_bits & 6 == 6 for i in z.infolist()) else 1)' '$x'"

# The workbook's facts, read with openpyxl.
cat >"$tmp/facts.py" <<'EOF'
import datetime, json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
form = json.load(open(sys.argv[2], encoding="utf-8"))
out = {"sheets": wb.sheetnames}
def rows(ws):
    return [[c.value for c in r] for r in ws.iter_rows()]
rep = wb["Reports"]
hdr = [c.value for c in rep[1]]
notes = {c.value: (c.comment.text if c.comment else None) for c in rep[1]}
out["freeze"] = {ws.title: ws.freeze_panes for ws in wb.worksheets}
out["filter"] = {ws.title: ws.auto_filter.ref for ws in wb.worksheets}
# The form's simple questions and group fields, in form order.
want = []
for s in form["sections"]:
    for it in s["items"]:
        if it.get("type") in ("text", "longtext", "choice", "url", "period"):
            want.append((it["label"], it["id"], s.get("visibility") == "confidential"))
        elif it.get("type") == "group":
            for f in it["fields"]:
                if f["type"] in ("text", "longtext", "choice", "url", "period"):
                    want.append((f["label"], it["id"] + "." + f["id"], s.get("visibility") == "confidential"))
out["headers_match"] = hdr[7:] == [w[0] for w in want]
out["public_headers_match"] = hdr[7:] == [w[0] for w in want if not w[2]]
out["notes_match"] = all(notes.get(w[0]) == w[1] for w in want if w[0] in notes)
out["noted"] = sum(1 for w in want if notes.get(w[0]) == w[1])
body = rows(rep)[1:]
out["reports"] = [(r[1], r[3], r[5]) for r in body]
out["period_start_is_date"] = all(isinstance(r[4], datetime.datetime) for r in body)
out["period_start"] = {r[1] + "/" + r[3]: r[4].strftime("%Y-%m-%d") for r in body if r[4]}
out["updated_is_datetime"] = all(isinstance(r[6], datetime.datetime) for r in body)
out["number_formats"] = [rep.cell(row=2, column=5).number_format, rep.cell(row=2, column=7).number_format]
out["header_bold"] = all(c.font.b for c in rep[1])
out["header_wrap"] = all(c.alignment.wrap_text for c in rep[1])
out["widths_capped"] = all(d.width <= 63 for d in rep.column_dimensions.values() if d.width)
text = json.dumps(rows(rep), default=str, ensure_ascii=False)
out["greek_polish"] = "Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności" in text and "Świętokrzyskie" in json.dumps([rows(ws) for ws in wb.worksheets], default=str, ensure_ascii=False)
if "SDG" in wb.sheetnames:
    sdg = rows(wb["SDG"])
    out["sdg_cols"] = len(sdg[0]) - 2
    out["sdg_goal1"] = sdg[0][2]
    out["sdg"] = {r[0] + "/" + r[1]: r[2:] for r in sdg[1:]}
if "Regions" in wb.sheetnames:
    out["regions"] = [[str(v) for v in r] for r in rows(wb["Regions"])[1:]]
if "Findings" in wb.sheetnames:
    out["findings"] = [[str(v) for v in r] for r in rows(wb["Findings"])[1:]]
out["all"] = {ws.title: [[("" if v is None else (v.strftime("%Y-%m-%d %H:%M:%S").replace(" 00:00:00", "") if isinstance(v, datetime.datetime) else (str(int(v)) if isinstance(v, float) and v == int(v) else str(v)))) for v in r] for r in rows(ws)] for ws in wb.worksheets}
json.dump(out, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
EOF
facts() { $py "$tmp/facts.py" "$1" "$root/forms/s3-monitoring-2020.json" "$2"; }
q() { $py -c 'import json,sys; d=json.load(open(sys.argv[1], encoding="utf-8")); print(eval(sys.argv[2]))' "$@"; }
facts "$x" "$tmp/all.json" || no "openpyxl reads the workbook"

check "sheets: Reports, the three tables, Regions, SDG, Findings" \
  '[ "$(q "$tmp/all.json" "d[\"sheets\"]")" = "['"'"'Reports'"'"', '"'"'Working areas'"'"', '"'"'Past events'"'"', '"'"'Planned events'"'"', '"'"'Regions'"'"', '"'"'SDG'"'"', '"'"'Findings'"'"']" ]' \
  "$(q "$tmp/all.json" 'd["sheets"]')"
check "Reports: the headers are the form's wording, self-assessment included" '[ "$(q "$tmp/all.json" "d[\"headers_match\"]")" = True ]'
check "Reports: each question's header carries its id as a comment" \
  '[ "$(q "$tmp/all.json" "d[\"notes_match\"]")" = True ] && [ "$(q "$tmp/all.json" "d[\"noted\"]")" -ge 20 ]'
check "every sheet: the header row frozen (A2)" '[ "$(q "$tmp/all.json" "set(d[\"freeze\"].values())")" = "{'"'"'A2'"'"'}" ]'
check "every sheet: an autofilter over its data" '[ "$(q "$tmp/all.json" "all(d[\"filter\"].values())")" = True ]'
check "Reports: the header is bold and wraps" '[ "$(q "$tmp/all.json" "d[\"header_bold\"] and d[\"header_wrap\"]")" = True ]'
check "Reports: the widths are capped" '[ "$(q "$tmp/all.json" "d[\"widths_capped\"]")" = True ]'
check "Reports: the three reports, by partnership name" '[ "$(q "$tmp/all.json" "len(d[\"reports\"])")" = 3 ]'
check "Reports: the period start is a date (2021-H2 starts on 2021-07-01)" \
  '[ "$(q "$tmp/all.json" "d[\"period_start_is_date\"] and d[\"period_start\"][\"'$good_slug'/2021-H2\"]")" = 2021-07-01 ]'
check "Reports: updated is a date-time with a number format" \
  '[ "$(q "$tmp/all.json" "d[\"updated_is_datetime\"] and d[\"number_formats\"]")" = "['"'"'yyyy-mm-dd'"'"', '"'"'yyyy-mm-dd hh:mm:ss'"'"']" ]'
check "Greek and Polish text intact" '[ "$(q "$tmp/all.json" "d[\"greek_polish\"]")" = True ]'
check "SDG: 17 goal columns, headed by the goals' wording" \
  '[ "$(q "$tmp/all.json" "d[\"sdg_cols\"]")" = 17 ] && q "$tmp/all.json" "d[\"sdg_goal1\"]" | grep -q "^Goal 1. End poverty"'
want_sdg=$($py -c '
import json,sys
f=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))
q=[i for s in f["sections"] for i in s["items"] if i.get("id")=="sdg"][0]
lab={o["value"]:o["label"] for o in q["scale"]}
print([lab.get(d["answers"]["sdg"].get(r["value"])) for r in q["rows"]])' "$root/forms/s3-monitoring-2020.json" "$fixture")
check "SDG: the fixture's levels by their labels" \
  '[ "$(q "$tmp/all.json" "[None if v is None else v for v in d[\"sdg\"][\"Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności/2021-H2\"]]")" = "$want_sdg" ]' \
  "$want_sdg"
check "Regions: the bad code's row has its NUTS finding" \
  '[ "$(q "$tmp/all.json" "[r[5][:6] for r in d[\"regions\"] if r[4] == \"PL99\"]")" = "['"'"'error:'"'"']" ]' \
  "$(q "$tmp/all.json" '[r for r in d["regions"] if r[4] == "PL99"]')"
check "Regions: a good code is ok" '[ "$(q "$tmp/all.json" "[r[5] for r in d[\"regions\"] if r[4] == \"PL71\"][0]")" = ok ]'
check "Findings: the bad code is listed (participating_regions, row 2)" \
  '[ "$(q "$tmp/all.json" "len([r for r in d[\"findings\"] if r[1] == \"2022-H1\" and r[2] == \"participating_regions\" and r[3] == \"2\" and r[4] == \"error\"])")" -ge 1 ]'
# (every part of the zip unpacked to a file first: grep -q ends a pipe early,
# which pipefail counts)
unz() { $py -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); sys.stdout.buffer.write(b"".join(z.read(n) for n in z.namelist()))' "$1" >"$tmp/unz" 2>/dev/null; }
unz "$x"
check "the self-assessment is in the operator's workbook" 'grep -q "$secret" "$tmp/unz"'

# --public: published reports only, no self-assessment anywhere.
"$bin" export --format xlsx --public -o "$tmp/pub.xlsx" --db "$db" 2>/dev/null
facts "$tmp/pub.xlsx" "$tmp/pub.json" || no "openpyxl reads the public workbook"
check "--public: the published report only" '[ "$(q "$tmp/pub.json" "[r[2] for r in d[\"reports\"]]")" = "['"'"'published'"'"']" ]'
check "--public: no self-assessment columns" '[ "$(q "$tmp/pub.json" "d[\"public_headers_match\"]")" = True ]'
unz "$tmp/pub.xlsx"
check "--public: the public workbook unzips" '[ -s "$tmp/unz" ]'
check "--public: the self-assessment text appears nowhere in the file" '! grep -q "$secret" "$tmp/unz"'
check "--public: nothing of the submitted reports" '! grep -q "PL99\|Mining industry" "$tmp/unz"'

# Filters.
"$bin" export --format xlsx --platform Energy -o "$tmp/f1.xlsx" --db "$db" 2>/dev/null; facts "$tmp/f1.xlsx" "$tmp/f1.json"
check "--platform Energy: the bad copy only" '[ "$(q "$tmp/f1.json" "[r[0] for r in d[\"reports\"]]")" = "['"'"'$bad_slug'"'"']" ]'
"$bin" export --format xlsx --period 2020-H1 -o "$tmp/f2.xlsx" --db "$db" 2>/dev/null; facts "$tmp/f2.xlsx" "$tmp/f2.json"
check "--period 2020-H1: the mining sample only" '[ "$(q "$tmp/f2.json" "[r[0] + \"/\" + r[1] for r in d[\"reports\"]]")" = "['"'"'mining-industry/2020-H1'"'"']" ]'
"$bin" export --format xlsx --partnership $good_slug -o "$tmp/f3.xlsx" --db "$db" 2>/dev/null; facts "$tmp/f3.xlsx" "$tmp/f3.json"
check "--partnership: that partnership only" '[ "$(q "$tmp/f3.json" "[r[0] for r in d[\"reports\"]]")" = "['"'"'$good_slug'"'"']" ]'
check "--partnership: its tables only" '[ "$(q "$tmp/f3.json" "set(r[0] for r in d[\"all\"][\"Working areas\"][1:])")" = "{'"'"'Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności'"'"'}" ]'

# Every sheet as CSV: the rows of the workbook's sheet.
cat >"$tmp/csvcmp.py" <<'EOF'
import csv, json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
raw = open(sys.argv[3], "rb").read()
assert not raw.startswith(b"\xef\xbb\xbf"), "no BOM"
assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"") or True
rows = list(csv.reader(open(sys.argv[3], encoding="utf-8", newline="")))
sheet = d["all"][sys.argv[2]]
if rows != sheet:
    for i, (a, b) in enumerate(zip(rows, sheet)):
        if a != b:
            print("row", i, [(x, y) for x, y in zip(a, b) if x != y][:3]); break
    print(len(rows), len(sheet))
    sys.exit(1)
EOF
for s in Reports "Working areas" "Past events" "Planned events" Regions SDG Findings; do
  "$bin" export --format csv --sheet "$s" -o "$tmp/s.csv" --db "$db" 2>/dev/null
  : >"$tmp/cmp"
  check "csv \"$s\": the workbook's rows" '$py "$tmp/csvcmp.py" "$tmp/all.json" "$s" "$tmp/s.csv" >"$tmp/cmp" 2>&1' "$(cat "$tmp/cmp")"
done
"$bin" export --format csv --sheet Reports -o - --db "$db" >"$tmp/r.csv" 2>/dev/null
check "csv: every line ends in CRLF, a multi-line text is quoted" \
  '$py -c "import sys; b=open(sys.argv[1],\"rb\").read(); assert b.count(b\"\r\n\") >= 4 and b.endswith(b\"\r\n\") and b\"\n\n\" in b and b\"\r\n\r\n\" not in b" "$tmp/r.csv"'

# Refusals.
rm -f "$tmp/no.csv" "$tmp/no.xlsx"
"$bin" export --format csv --sheet Nope -o "$tmp/no.csv" --db "$db" 2>"$tmp/err"; r=$?
check "unknown sheet: exit 2, the sheets listed, nothing written" \
  '[ $r = 2 ] && grep -q "\"Nope\".*\"Reports\", \"Working areas\".*\"Findings\"" "$tmp/err" && [ ! -e "$tmp/no.csv" ]' "$r $(cat "$tmp/err")"
"$bin" export --format xlsx --period 2020-H3 -o "$tmp/no.xlsx" --db "$db" 2>"$tmp/err"; r=$?
check "bad --period: exit 2, one line naming it, nothing written" \
  '[ $r = 2 ] && grep -q "2020-H3" "$tmp/err" && [ ! -e "$tmp/no.xlsx" ] && [ -z "$(ls -A "$tmp" | grep "^\.no")" ]' "$r $(cat "$tmp/err")"

# The download in the browser.
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add committee@example.org --role committee
add commission@example.org --role commission
add member@mining.example --role member --partnership mining-industry
start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }
csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() {
  local jar=$tmp/$1.jar csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(csrf_of "$tmp/lf")
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
}
login committee committee@example.org
login commission commission@example.org
login member member@mining.example
get() { curl -s -b "$tmp/$1.jar" -D "$tmp/$1.h" -o "$tmp/$1.body" -w '%{http_code}' "$base$2"; }
# openpyxl reads files named .xlsx only.
asx() { cp "$tmp/$1.body" "$tmp/$1.xlsx"; }

r=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' "$base/portfolio.xlsx")
check "the public is sent to log in" '[ "$r" = "302 $base/login?next=%2Fportfolio.xlsx" ]' "$r"
r=$(get member /portfolio.xlsx)
check "a partnership member is refused (403)" '[ "$r" = 403 ]' "$r"
r=$(get committee /portfolio.xlsx)
check "the committee: 200, an XLSX attachment" \
  '[ "$r" = 200 ] && grep -qi "^content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" "$tmp/committee.h" && grep -qi "^content-disposition: attachment; filename=\"portfolio.xlsx\"" "$tmp/committee.h"' \
  "$r $(cat "$tmp/committee.h")"
asx committee; facts "$tmp/committee.xlsx" "$tmp/web.json"; unz "$tmp/committee.xlsx"
check "the committee: the submitted reports too, with the self-assessment" \
  '[ "$(q "$tmp/web.json" "len(d[\"reports\"])")" = 3 ] && grep -q "$secret" "$tmp/unz"'
r=$(get committee "/portfolio.xlsx?platform=Energy&period=&partnership=")
asx committee; facts "$tmp/committee.xlsx" "$tmp/web2.json"
check "the committee: the filters as query parameters" '[ "$r" = 200 ] && [ "$(q "$tmp/web2.json" "len(d[\"reports\"])")" = 1 ]' "$r"
r=$(get commission "/portfolio.csv?sheet=Regions&partnership=$bad_slug")
check "the Commission: a sheet as CSV" \
  '[ "$r" = 200 ] && grep -qi "^content-type: text/csv" "$tmp/commission.h" && grep -q "PL99" "$tmp/commission.body"' "$r"
r=$(get commission "/portfolio.csv?sheet=Nope")
check "an unknown sheet: 400" '[ "$r" = 400 ]' "$r"
r=$(get commission "/portfolio.xlsx?period=2020-H7")
check "a bad period: 400" '[ "$r" = 400 ]' "$r"
r=$(get member "/portfolio.csv?sheet=Reports")
check "a partnership member is refused the CSV too (403)" '[ "$r" = 403 ]' "$r"
get committee /me >/dev/null
check "/me: the committee's download form" \
  'grep -q "action=\"/portfolio.xlsx\"" "$tmp/committee.body" && grep -q "formaction=\"/portfolio.csv\"" "$tmp/committee.body" && grep -q "<label for=\"pf-period\">" "$tmp/committee.body"'
get member /me >/dev/null
check "/me: no download form for a partnership member" '! grep -q "portfolio.xlsx" "$tmp/member.body"'
if command -v tidy >/dev/null; then
  get commission /me >/dev/null
  tidy -q -e --drop-empty-elements no "$tmp/commission.body" >"$tmp/tidy" 2>&1
  check "/me with the form: tidy finds no error" '! grep -q "Error:" "$tmp/tidy"' "$(head -5 "$tmp/tidy")"
fi
finish
