#!/usr/bin/env bash
# t0009-pdf-out.sh - reports as PDF: s3pm export --format pdf from a file,
# from the database (the operator, --public, a folder) and GET
# /p/:slug/:period.pdf; read back with poppler-utils (pdfinfo, pdffonts,
# pdftotext) and qpdf: A4, metadata, embedded fonts, the text in the form's
# order, tables whose header repeats on every page, the SDG rows, the
# outline, the links, and what the public may not read left out. Page 1 of
# each PDF goes to build/pdf-pages/ as PNG for a person to look at.
. "$(dirname "$0")/lib.sh"

for t in pdfinfo pdffonts pdftotext pdftoppm qpdf curl; do
  command -v $t >/dev/null || { no "$t is installed (scripts/setup.sh)"; finish; }
done
py=/usr/bin/python3
[ -x "$py" ] || py=python3
export S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
fixture=$root/tests/pdf/full-report.json
seed=$root/samples/s3-monitoring-report-mining-2020H1.txt
pages_dir=$root/build/pdf-pages
mkdir -p "$pages_dir"

# export FILE OUT: s3pm export of a report file; the exit status in $st.
export_file() {
  "$bin" export --format pdf "$1" -o "$2" >"$tmp/out" 2>"$tmp/err"
  st=$?
}
npages() { pdfinfo "$1" 2>/dev/null | sed -n 's/^Pages: *//p'; }
# The page (1-based) holding the first line that contains text, or 0.
page_of() {
  local f=$1 text=$2 n p
  n=$(npages "$f")
  for p in $(seq 1 "$n"); do
    pdftotext -f "$p" -l "$p" -enc UTF-8 "$f" - 2>/dev/null | grep -qF -- "$text" && { echo "$p"; return; }
  done
  echo 0
}
png() { pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$1" "$pages_dir/$2" 2>/dev/null; }

# --- the fixture from its file -----------------------------------------------
f=$tmp/full.pdf
export_file "$fixture" "$f"
check "the fixture exports (exit 0, no message)" '[ "$st" = 0 ] && [ ! -s "$tmp/err" ] && [ -s "$f" ]' \
  "exit $st: $(head -c 300 "$tmp/err")"
check "it is a PDF" '[ "$(head -c 5 "$f")" = "%PDF-" ]'
qpdf --check "$f" >"$tmp/qc" 2>&1
qst=$?
check "qpdf finds no damage in it" '[ "$qst" = 0 ]' "$(tail -3 "$tmp/qc")"
pdfinfo "$f" >"$tmp/info" 2>&1
n=$(npages "$f")
check "more than one page ($n)" '[ "${n:-0}" -gt 1 ]'
check "A4 pages" 'grep -q "^Page size: *595.276 x 841.89 pts (A4)" "$tmp/info"' "$(grep "Page size" "$tmp/info")"
check "metadata: the title names the form, the partnership and the period" \
  'grep -q "^Title: *Thematic Smart Specialisation Partnership Monitoring Progress Report — Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności — July - December 2021$" "$tmp/info"' \
  "$(grep Title "$tmp/info")"
check "metadata: the partnership is the author" \
  'grep -q "^Author: *Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności$" "$tmp/info"'
check "metadata: creator s3pm and a creation date" \
  'grep -q "^Creator: *s3pm$" "$tmp/info" && grep -q "^CreationDate: *[A-Z]" "$tmp/info"'
pdffonts "$f" >"$tmp/fonts" 2>&1
check "fonts listed" '[ "$(tail -n +3 "$tmp/fonts" | grep -c .)" -ge 1 ]' "$(cat "$tmp/fonts")"
check "every font embedded" \
  '! tail -n +3 "$tmp/fonts" | awk "{ if (\$(NF-4) != \"yes\") bad = 1 } END { exit !bad }"' "$(cat "$tmp/fonts")"
pdftotext -enc UTF-8 "$f" "$tmp/full.txt"
check "Greek text verbatim" 'grep -qF "Η εταιρική σχέση συνδέει περιφέρειες της Ελλάδας" "$tmp/full.txt" && grep -qF "Θεσσαλονίκη" "$tmp/full.txt"'
check "Polish text verbatim" 'grep -qF "łączy uczelnie, klastry i małe przedsiębiorstwa." "$tmp/full.txt" && grep -qF "Świętokrzyskie" "$tmp/full.txt"'
check "Nordic letters verbatim" 'grep -qF "Øresund, Ærø and Åland" "$tmp/full.txt"'
check "the period as the form writes it" 'grep -qx "July - December 2021" "$tmp/full.txt"'
check "\"page 1 of $n\" and \"page $n of $n\"" \
  'grep -qx "page 1 of $n" "$tmp/full.txt" && grep -qx "page $n of $n" "$tmp/full.txt"'
check "the running header on every page" \
  '[ "$(grep -c "Ασφάλεια Τροφίμων – Bezpieczeństwo Żywności · July - December 2021$" "$tmp/full.txt")" = "$n" ]'
# The questions' wording, in the form's order.
order_ok=yes
prev=0
while IFS= read -r label; do
  ln=$(grep -nF -- "$label" "$tmp/full.txt" | head -1 | cut -d: -f1)
  if [ -z "$ln" ] || [ "$ln" -le "$prev" ]; then order_ok="no: \"$label\" at line ${ln:-none} after line $prev"; break; fi
  prev=$ln
done <<'EOF'
Reporting period
Please select the name of your partnership
Start date of your partnership
Partnership's webpage
I. Management report
Please provide the executive summary and the objectives of your partnership
Please provide the list of leading regions
Please provide the list of participating regions.
Please provide an overview of the
II. Progress report
Innovative results
Please describe innovative results and achievements
Inter-regional and inter-partnership collaborative results
New activities
Please indicate to which Sustainable Development Goals
Self-assessment
Overall, how does the partnership's progress in this period compare with its work plan?
What are the partnership's next steps and milestones for the coming six months?
EOF
check "the questions in the form's order" '[ "$order_ok" = yes ]' "$order_ok"
check "a choice prints its option's label (On plan), not its value" \
  'grep -qx "On plan" "$tmp/full.txt" && ! grep -q "on_plan" "$tmp/full.txt"'
check "bullet lines kept" 'grep -qx -- "- a traceability pilot in Łódzkie with five dairies" "$tmp/full.txt" && grep -q "^• to identify joint demonstration projects" "$tmp/full.txt"'
sdg_ok=yes
for g in $(seq 1 17); do grep -q "^Goal $g\. " "$tmp/full.txt" || { sdg_ok="Goal $g missing"; break; }; done
check "the 17 SDG rows" '[ "$sdg_ok" = yes ]' "$sdg_ok"
check "the SDG scale as the matrix's header" 'grep -qx "Strongly" "$tmp/full.txt" || grep -qx "Strongly agree" "$tmp/full.txt"'
check "the chosen SDG levels marked X (17 rows answered)" '[ "$(grep -cx "X" "$tmp/full.txt")" = 17 ]' \
  "$(grep -cx X "$tmp/full.txt") marks"
check "tables numbered 1..10 in a # column" 'grep -qx "#" "$tmp/full.txt" && grep -qx "10" "$tmp/full.txt"'
# A table crossing a page repeats its header row on the next one.
p1=$(page_of "$f" "Goal 1. End poverty")
p17=$(page_of "$f" "Goal 17. Strengthen")
if [ "$p1" != "$p17" ] && [ "$p1" != 0 ]; then
  check "the SDG matrix crosses pages $p1-$p17: its header row on each" \
    'pdftotext -f "$p1" -l "$p1" -enc UTF-8 "$f" - | grep -qx "Disagree" && pdftotext -f "$p17" -l "$p17" -enc UTF-8 "$f" - | grep -qx "Disagree"'
else
  skip "the SDG matrix lies on one page ($p1)"
fi
# A table certainly longer than a page: ten rows of long cells.
"$py" - "$fixture" "$tmp/long.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
rows = d["answers"]["working_areas"]
for i, r in enumerate(rows):
    r["involved_regions"] = ("Row %d: " % (i + 1)) + " ".join(["Łódzkie, Attiki and Lapland"] * 34)
    r["other_actors"] = "Universities, clusters and SMEs. " * 14 + "ROWEND%d" % (i + 1)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
export_file "$tmp/long.json" "$tmp/long.pdf"
check "a report with a long table exports" '[ "$st" = 0 ]' "$(cat "$tmp/err")"
a=$(page_of "$tmp/long.pdf" "Row 1: ")
z=$(page_of "$tmp/long.pdf" "Row 10: ")
heads=yes
if [ "$a" -ge 1 ] && [ "$z" -gt "$a" ]; then
  for p in $(seq "$a" "$z"); do
    pdftotext -f "$p" -l "$p" -enc UTF-8 "$tmp/long.pdf" - | grep -qx "Involved regions" || heads="no header on page $p"
  done
else
  heads="the table does not cross a page ($a-$z)"
fi
check "a table over pages $a-$z has its header row on each" '[ "$heads" = yes ]' "$heads"
rows_whole=yes
for r in $(seq 1 10); do
  pr=$(page_of "$tmp/long.pdf" "Row $r: ")
  pe=$(page_of "$tmp/long.pdf" "ROWEND$r")
  [ "$pr" = "$pe" ] || rows_whole="row $r on pages $pr and $pe"
done
check "no row split across pages" '[ "$rows_whole" = yes ]' "$rows_whole"
qpdf --qdf --object-streams=disable "$f" "$tmp/full.qdf" 2>/dev/null
check "an outline by section" \
  'grep -aq "/Outlines [0-9]* 0 R" "$tmp/full.qdf" && grep -aq "/Title (I. Management report)" "$tmp/full.qdf" && grep -aq "/Title (II. Progress report)" "$tmp/full.qdf" && grep -aq "/Title (Self-assessment)" "$tmp/full.qdf"'
check "the webpage answer is a live link" \
  'grep -aq "/URI (https://s3platform.jrc.ec.europa.eu/food-safety)" "$tmp/full.qdf"'
png "$f" fixture
# Read back by the PDF reader (s3pm convert): the same answers, and nothing
# left unplaced (the title block under the form's title repeats the header's
# answers and is left out).
"$bin" convert "$f" >"$tmp/back.json" 2>"$tmp/back.err"
st=$?
"$bin" convert "$fixture" >"$tmp/canon.json" 2>/dev/null
"$py" "$root/tests/pdf/same-answers.py" "$tmp/canon.json" "$tmp/back.json" >"$tmp/same" 2>&1
same=$?
check "nothing of the PDF is left unplaced" \
  '"$py" -c "import json, sys; sys.exit(len(json.load(open(sys.argv[1])).get(\"unmapped\", [])) != 0)" "$tmp/back.json"' \
  "$(head -c 400 "$tmp/back.json" | tr '\n' ' ') $(cat "$tmp/back.err")"
check "the PDF reads back (s3pm convert) with the same answers" '[ "$st" = 0 ] && [ "$same" = 0 ]' \
  "exit $st: $(head -c 600 "$tmp/same") $(head -c 300 "$tmp/back.err")"

# --- the seed: the survey tool's text, converted, then exported -----------------
"$bin" convert "$seed" >"$tmp/seed.json" 2>/dev/null
export_file "$tmp/seed.json" "$tmp/seed.pdf"
check "the seed exports" '[ "$st" = 0 ] && [ -s "$tmp/seed.pdf" ]' "$(cat "$tmp/err")"
pdftotext -enc UTF-8 "$tmp/seed.pdf" "$tmp/seed.txt"
check "the seed's PDF: the partnership, the period, its text" \
  'grep -qx "January - June 2020" "$tmp/seed.txt" && grep -q "Mining industries partnership could play the core role" "$tmp/seed.txt" && [ "$(npages "$tmp/seed.pdf")" -gt 1 ]'
check "the seed's unanswered questions say (no answer)" 'grep -qx "(no answer)" "$tmp/seed.txt"'
check "the seed's fonts embedded" '! pdffonts "$tmp/seed.pdf" | tail -n +3 | awk "{ if (\$(NF-4) != \"yes\") bad = 1 } END { exit !bad }"'
png "$tmp/seed.pdf" seed

# --- bad input: exit 2, a message, nothing written ------------------------------
export_file "$tmp/no-such.json" "$tmp/bad1.pdf"
check "a missing file: exit 2, a message naming it, no output" \
  '[ "$st" = 2 ] && grep -q "no-such.json" "$tmp/err" && [ ! -e "$tmp/bad1.pdf" ]' "exit $st: $(cat "$tmp/err")"
printf 'this is no report\x00\x01\x02' >"$tmp/junk.bin"
export_file "$tmp/junk.bin" "$tmp/bad2.pdf"
check "a file that is no report: exit 2, a message, no output" \
  '[ "$st" = 2 ] && grep -q "junk.bin" "$tmp/err" && [ ! -e "$tmp/bad2.pdf" ]' "exit $st: $(cat "$tmp/err")"
echo '{"form": "s3-monitoring-2020", "answers": {"sdg": 7}}' >"$tmp/wrong.json"
export_file "$tmp/wrong.json" "$tmp/bad3.pdf"
check "a malformed document: exit 2, no output" '[ "$st" = 2 ] && [ -s "$tmp/err" ] && [ ! -e "$tmp/bad3.pdf" ]' "exit $st"
check "no temporary file left behind" '[ -z "$(ls "$tmp" | grep "\.tmp")" ]' "$(ls "$tmp")"

# --- from the database -------------------------------------------------------------
db=$DB
"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
"$bin" import --db "$db" --status published "$fixture" >/dev/null 2>&1 || { no "import the fixture"; finish; }
"$py" - "$fixture" "$tmp/draft.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["answers"]["reporting_period"] = "2022-H1"
d["answers"]["self_assessment"]["obstacles"] = "A draft's own obstacle, confidential."
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
"$bin" import --db "$db" --status draft "$tmp/draft.json" >/dev/null 2>&1 || { no "import the draft"; finish; }
S=bezpieczenstwo-zywnosci
dbx() { "$bin" export --format pdf --db "$db" "$@" >"$tmp/out" 2>"$tmp/err"; st=$?; }
dbx --partnership $S --period 2021-H2 -o "$tmp/op.pdf"
check "the operator exports a published report" '[ "$st" = 0 ] && [ -s "$tmp/op.pdf" ]' "exit $st: $(cat "$tmp/err")"
pdftotext -enc UTF-8 "$tmp/op.pdf" "$tmp/op.txt"
check "the operator's PDF has the self-assessment and the status" \
  'grep -qF "Travel restrictions; a partner region changed its contact person." "$tmp/op.txt" && grep -qx "Status: Published" "$tmp/op.txt"'
dbx --partnership $S --period 2021-H2 --public -o "$tmp/pub.pdf"
check "--public exports the published report" '[ "$st" = 0 ] && [ -s "$tmp/pub.pdf" ]' "exit $st: $(cat "$tmp/err")"
pdftotext -enc UTF-8 "$tmp/pub.pdf" "$tmp/pub.txt"
check "--public leaves out the self-assessment" \
  '! grep -q "Self-assessment\|Travel restrictions\|Thematic Accelerator Facility\|Ryzyko" "$tmp/pub.txt" && grep -qF "Three joint pilots started in 2021." "$tmp/pub.txt"'
png "$tmp/pub.pdf" public
dbx --partnership $S --period 2022-H1 --public -o "$tmp/pubdraft.pdf"
check "--public gets no draft: exit 2, no output" '[ "$st" = 2 ] && [ ! -e "$tmp/pubdraft.pdf" ] && grep -q "no report" "$tmp/err"' "exit $st: $(cat "$tmp/err")"
dbx --partnership no-such-one --period 2021-H2 -o "$tmp/unknown.pdf"
check "an unknown slug: exit 2, a message, no output" \
  '[ "$st" = 2 ] && grep -q "no-such-one" "$tmp/err" && [ ! -e "$tmp/unknown.pdf" ]' "exit $st: $(cat "$tmp/err")"
dbx --out "$tmp/all"
check "--out DIR: a PDF per report, named SLUG-PERIOD.pdf" \
  '[ "$st" = 0 ] && [ -s "$tmp/all/$S-2021-H2.pdf" ] && [ -s "$tmp/all/$S-2022-H1.pdf" ] && [ "$(ls "$tmp/all" | wc -l)" = 2 ]' \
  "exit $st: $(cat "$tmp/err"); $(ls "$tmp/all" 2>&1)"
check "--out DIR counts its progress on stderr" 'grep -q "2 of 2 reports" "$tmp/err"' "$(cat "$tmp/err")"
dbx --out "$tmp/pubdir" --public
check "--out DIR --public: the published report only" \
  '[ "$st" = 0 ] && [ "$(ls "$tmp/pubdir")" = "$S-2021-H2.pdf" ]' "$(ls "$tmp/pubdir" 2>&1)"
check "the public folder's PDF leaves out the self-assessment" \
  '! pdftotext -enc UTF-8 "$tmp/pubdir/$S-2021-H2.pdf" - | grep -q "Travel restrictions"'

# --- the web route ---------------------------------------------------------------
pw="correct horse battery"
S3PM_PASSWORD=$pw "$bin" user add member@food.example --role member --partnership $S --db "$db" >/dev/null 2>&1 ||
  no "user add member"
start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }
code=$(curl -s -D "$tmp/h" -o "$tmp/web.pdf" -w '%{http_code}' "$base/p/$S/2021-H2.pdf")
check "GET the published report's .pdf as the public: 200" '[ "$code" = 200 ]' "got $code"
check "Content-Type: application/pdf" 'grep -qi "^Content-Type: application/pdf" "$tmp/h"' "$(cat "$tmp/h")"
check "Content-Disposition: inline with the file's name" \
  'grep -qi "^Content-Disposition: inline; filename=\"$S-2021-H2.pdf\"" "$tmp/h"' "$(cat "$tmp/h")"
pdftotext -enc UTF-8 "$tmp/web.pdf" "$tmp/web.txt" 2>/dev/null
check "the public's PDF has the report and no self-assessment" \
  'grep -qF "Three joint pilots started in 2021." "$tmp/web.txt" && ! grep -q "Self-assessment\|Travel restrictions\|Ryzyko" "$tmp/web.txt"'
qpdf --qdf --object-streams=disable "$tmp/web.pdf" "$tmp/web.qdf" 2>/dev/null
check "the public's PDF links to the report's page" \
  'grep -aq "/URI (http://127.0.0.1:$port/p/$S/2021-H2)" "$tmp/web.qdf"'
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/$S/2021-H2.pdf" -I)
check "HEAD of the .pdf: 200" '[ "$code" = 200 ]' "got $code"
hcode=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/$S/2022-H1")
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/$S/2022-H1.pdf")
check "a draft's .pdf as the public: 404, as its page ($hcode)" '[ "$code" = 404 ] && [ "$hcode" = 404 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/no-such-one/2021-H2.pdf")
check "an unknown partnership's .pdf: 404" '[ "$code" = 404 ]' "got $code"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/$S/2021-H3.pdf")
check "a malformed period's .pdf: 404" '[ "$code" = 404 ]' "got $code"
curl -s -o "$tmp/page.html" "$base/p/$S/2021-H2"
check "the report page links to its PDF" \
  'grep -q "<a href=\"/p/$S/2021-H2.pdf\" type=\"application/pdf\">Download as PDF</a>" "$tmp/page.html"'
if command -v tidy >/dev/null; then
  tidy -q -e "$tmp/page.html" >"$tmp/tidy" 2>&1
  check "the report page stays valid HTML (tidy: no errors)" '! grep -q "Error:" "$tmp/tidy"' "$(head -5 "$tmp/tidy")"
fi
# A member of the partnership gets the draft, self-assessment and all.
jar=$tmp/m.jar
curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lf" | head -1)
curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=member@food.example" \
  --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/login"
code=$(curl -s -b "$jar" -D "$tmp/h" -o "$tmp/member.pdf" -w '%{http_code}' "$base/p/$S/2022-H1.pdf")
check "a member GETs the draft's .pdf: 200" '[ "$code" = 200 ]' "got $code"
check "the member's draft PDF has the draft's self-assessment and its status" \
  'pdftotext -enc UTF-8 "$tmp/member.pdf" - | grep -qF "A draft'"'"'s own obstacle, confidential." && pdftotext -enc UTF-8 "$tmp/member.pdf" - | grep -qx "Status: Draft"'
check "a member's PDF is not cached for others" 'grep -qi "^Cache-Control: no-store" "$tmp/h"' "$(cat "$tmp/h")"
code=$(curl -s -o "$tmp/b" -w '%{http_code}' "$base/p/$S/2022-H1.pdf")
check "the public still gets 404 for the draft afterwards" '[ "$code" = 404 ]' "got $code"
png "$tmp/member.pdf" member-draft

check "page 1 of each PDF rendered into build/pdf-pages" \
  '[ -s "$pages_dir/fixture.png" ] && [ -s "$pages_dir/seed.png" ] && [ -s "$pages_dir/public.png" ] && [ -s "$pages_dir/member-draft.png" ]'
finish
