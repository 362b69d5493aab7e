#!/bin/sh
# t0010-pdf-in.sh - PDFs of a report made by other programs read back:
# Chromium's print of an HTML print view (with and without its margin
# header and footer) and LibreOffice's PDF of a flat ODF text give the
# fixture's answers (tests/pdf/same-answers.py: whitespace inside table
# cells normalised); s3pm's own export (from a file, and the operator's
# and --public exports from a database) reads back with exactly the same
# answers; the seed's text laid out page by page with its "rakhmru" footer
# converts to the same document as the text; Chromium's print of s3pm's
# own report page (the public's, and a member's with the self-assessment)
# gives the same answers; bad PDFs (cut off, random,
# encrypted, a scan printed by Chromium, another document, too large) are
# refused with one line, exit 2, nothing written. Page 1 of each PDF goes
# to build/pdf-pages/ to look at.
. "$(dirname "$0")/lib.sh"
export S3PM_NUTS_DIR="$root/data/nuts" S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data"
py=/usr/bin/python3
fix="$root/tests/pdf/full-report.json"
form="$root/forms/s3-monitoring-2020.json"
pages="$root/build/pdf-pages"
mkdir -p "$pages"

$py "$root/tests/pdf/print-html.py" "$fix" "$form" "$tmp/chrome.pdf" 2>"$tmp/err" || cat "$tmp/err"
$py "$root/tests/pdf/print-html.py" "$fix" "$form" "$tmp/chrome-hf.pdf" --header-footer 2>"$tmp/err" || cat "$tmp/err"
$py "$root/tests/pdf/print-fodt.py" "$fix" "$form" "$tmp/lo.pdf" 2>"$tmp/err" || cat "$tmp/err"
for p in chrome chrome-hf lo; do
  check "$p.pdf made" "[ -s '$tmp/$p.pdf' ]"
  pdftoppm -png -r 60 -f 1 -l 1 "$tmp/$p.pdf" "$pages/$p" 2>/dev/null
  "$bin" convert "$tmp/$p.pdf" -o "$tmp/$p.json" 2>"$tmp/$p.notes"
  check "$p.pdf converts" "[ -s '$tmp/$p.json' ]" "$(cat "$tmp/$p.notes")"
  $py "$root/tests/pdf/same-answers.py" "$fix" "$tmp/$p.json" >"$tmp/$p.diff" 2>&1
  check "$p.pdf gives the fixture's answers" "[ ! -s '$tmp/$p.diff' ]" "$(head -c 2000 "$tmp/$p.diff")"
done
# s3pm's own PDF export read back: the same answers exactly (the whole
# answers object, not normalised), nothing unmapped (the title block is
# left out with a note). From a
# file, and from a database as the operator and --public (which leaves out
# the self-assessment).
"$bin" convert "$fix" -o "$tmp/canon.json" 2>/dev/null
same_exactly() { # A.json B.json [KEY-LEFT-OUT]: the answers equal, nothing unmapped in B
  $py - "$@" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["answers"]
d = json.load(open(sys.argv[2], encoding="utf-8"))
b = d["answers"]
if len(sys.argv) > 3:
    a.pop(sys.argv[3], None)
bad = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k in bad:
    print("%s:\n  %r\n  %r" % (k, a.get(k), b.get(k)))
for u in d.get("unmapped", []):
    print("unmapped: %r" % u["text"])
    bad.append(u)
sys.exit(1 if bad else 0)
EOF
}
"$bin" export --format pdf "$fix" -o "$tmp/own.pdf" 2>"$tmp/err"
check "s3pm export of the fixture made" "[ -s '$tmp/own.pdf' ]" "$(cat "$tmp/err")"
pdftoppm -png -r 60 -f 1 -l 1 "$tmp/own.pdf" "$pages/own-export" 2>/dev/null
"$bin" convert "$tmp/own.pdf" -o "$tmp/own.json" 2>"$tmp/own.notes"
same_exactly "$tmp/canon.json" "$tmp/own.json" >"$tmp/own.diff" 2>&1
check "s3pm's own PDF reads back with exactly the fixture's answers" "[ ! -s '$tmp/own.diff' ]" \
  "$(head -c 2000 "$tmp/own.diff")"
db="$DB"
"$bin" init --db "$db" >/dev/null 2>&1
"$bin" import --db "$db" --status published "$fix" >/dev/null 2>&1
for who in operator public; do
  set -- ; [ $who = public ] && set -- --public
  "$bin" export --format pdf --db "$db" --partnership bezpieczenstwo-zywnosci --period 2021-H2 "$@" \
    -o "$tmp/$who.pdf" 2>"$tmp/err"
  "$bin" convert "$tmp/$who.pdf" -o "$tmp/$who.json" 2>/dev/null
  set -- ; [ $who = public ] && set -- self_assessment
  same_exactly "$tmp/canon.json" "$tmp/$who.json" "$@" >"$tmp/$who.diff" 2>&1
  check "the $who export from the database reads back with the same answers" \
    "[ -s '$tmp/$who.json' ] && [ ! -s '$tmp/$who.diff' ]" "$(cat "$tmp/err") $(head -c 2000 "$tmp/$who.diff")"
done
check "the public export has no self-assessment to read back" \
  "! grep -q self_assessment '$tmp/public.json' && grep -q self_assessment '$tmp/operator.json'"

# A browser's print of s3pm's own report page, what "Save as PDF" on
# /p/{slug}/{period} gives (as bench/pdf-bench.sh makes it): tables without
# row numbers, the SDG matrix as "Goal | Contribution" with labels wrapped
# over lines, the page's title, status and footer around the report. The
# public's page (no self-assessment, which is no error) and a signed-in
# member's (with it: the page as the member's browser has it, printed from
# a file on A4) read back with exactly the report's answers, for the fixture and
# for a report with unanswered questions.
same_answers() { # A.json B.json [KEY-LEFT-OUT]: the answers equal
  $py - "$@" <<'EOF'
import json, sys
a = json.load(open(sys.argv[1], encoding="utf-8"))["answers"]
b = json.load(open(sys.argv[2], encoding="utf-8"))["answers"]
if len(sys.argv) > 3:
    a.pop(sys.argv[3], None)
bad = [k for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)]
for k in bad:
    print("%s:\n  %r\n  %r" % (k, a.get(k), b.get(k)))
sys.exit(1 if bad else 0)
EOF
}
chrome_print() { # URL OUT.pdf [--header-footer]: with it, Chromium's date, title, address and page numbers
  url=$1 out=$2
  shift 2
  if [ "${1:-}" = --header-footer ]; then set --; else set -- --no-pdf-header-footer; fi
  HOME="$tmp" timeout 120 chromium --headless --no-sandbox --disable-gpu --no-first-run \
    --no-default-browser-check --user-data-dir="$tmp/chrome-profile" "$@" --print-to-pdf="$out" "$url" \
    >/dev/null 2>&1
}
S=bezpieczenstwo-zywnosci
pw="correct horse battery"
S3PM_PASSWORD=$pw "$bin" user add member@food.example --role member --partnership $S --db "$db" >/dev/null 2>&1 ||
  no "user add member"
# A second report (2022-H1) with what the fixture lacks: questions, a table,
# SDG rows and a self-assessment field left unanswered ("No answer", "Not
# answered" on the page), a table cell empty and one long enough to wrap,
# a numbered list and a line break inside a long answer.
$py - "$fix" "$tmp/variant.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
a = d["answers"]
a["reporting_period"] = "2022-H1"
del a["interested_entities"], a["planned_events"], a["self_assessment"]["risks"]
for k in ("1", "11", "17"):
    del a["sdg"][k]
a["executive_summary"] += ("\n\nThe steps are:\n1. map the regions' laboratories and their equipment, with a line"
                           " long enough to wrap over two lines of the page\n2. agree on shared methods\n"
                           "3. start the pilots\n\nA line\nbroken by the writer.")
a["past_events"][2]["info"] = ("A long note that wraps over several lines inside its cell: about forty"
                               " participants from six regions, with a visit to two dairies and a laboratory.")
a["working_areas"][1]["area"] = ""
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
"$bin" import --db "$db" --status published "$tmp/variant.json" >/dev/null 2>&1
"$bin" convert "$tmp/variant.json" -o "$tmp/variant-canon.json" 2>/dev/null
if start_server "$db"; then
  jar=$tmp/m.jar
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$tmp/lf" | head -1)
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=member@food.example" \
    --data-urlencode "password=$pw" --data-urlencode "csrf=$csrf" "$base/login"
  for period in 2021-H2 2022-H1; do
    want=$tmp/canon.json; [ $period = 2022-H1 ] && want=$tmp/variant-canon.json
    page=$tmp/page-$period
    chrome_print "$base/p/$S/$period" "$page.pdf"
    check "$period: Chromium printed the public page" "[ -s '$page.pdf' ]"
    pdftoppm -png -r 60 -f 1 -l 1 "$page.pdf" "$pages/public-page-$period" 2>/dev/null
    rm -f "$page.json"
    "$bin" convert "$page.pdf" -o "$page.json" 2>"$page.notes"; rc=$?
    check "$period: the printed public page converts (exit 0)" "[ $rc -eq 0 ] && [ -s '$page.json' ]" \
      "exit $rc: $(cat "$page.notes")"
    same_answers "$want" "$page.json" self_assessment >"$page.diff" 2>&1
    check "$period: the printed public page gives exactly the report's public answers" "[ ! -s '$page.diff' ]" \
      "$(head -c 2000 "$page.diff")"
    check "$period: no self-assessment, the page's footer not read as an answer" \
      "! grep -q self_assessment '$page.json' && ! grep -q 'free software' '$page.json'"
    curl -s -b "$jar" -o "$page-member.html" "$base/p/$S/$period"
    # On A4, as a browser in Europe prints (the public's page above: Letter).
    sed "s|<head>|<head><base href=\"$base/\"><style>@page { size: A4; }</style>|" "$page-member.html" >"$page-m.html"
    chrome_print "file://$page-m.html" "$page-member.pdf"
    check "$period: Chromium printed the member's page, self-assessment and decisions on it" \
      "pdftotext '$page-member.pdf' - | grep -q 'Travel restrictions' &&
       pdftotext '$page-member.pdf' - | grep -q 'No decision has been recorded'"
    "$bin" convert "$page-member.pdf" -o "$page-member.json" 2>"$page-member.notes"; rc=$?
    same_answers "$want" "$page-member.json" >"$page-member.diff" 2>&1
    check "$period: the printed member's page gives exactly the report's answers, self-assessment and all" \
      "[ $rc -eq 0 ] && [ ! -s '$page-member.diff' ]" \
      "exit $rc: $(head -c 300 "$page-member.notes") $(head -c 2000 "$page-member.diff")"
  done
  # With Chromium's margins: the address and "N/10" at the foot of each page
  # (a page number of one digit and of two).
  chrome_print "$base/p/$S/2021-H2" "$tmp/page-hf.pdf" --header-footer
  "$bin" convert "$tmp/page-hf.pdf" -o "$tmp/page-hf.json" 2>"$tmp/page-hf.notes"; rc=$?
  same_answers "$tmp/canon.json" "$tmp/page-hf.json" self_assessment >"$tmp/page-hf.diff" 2>&1
  check "the public page printed with Chromium's margins (10 pages) gives exactly the public answers" \
    "[ $rc -eq 0 ] && pdftotext '$tmp/page-hf.pdf' - | grep -q '^10/10\$' && [ ! -s '$tmp/page-hf.diff' ]" \
    "exit $rc: $(head -c 300 "$tmp/page-hf.notes") $(head -c 2000 "$tmp/page-hf.diff")"
  check "the fixture's page: the SDG matrix's labels wrapped, the level beside the first line" \
    "pdftotext -layout '$tmp/page-2021-H2.pdf' - | grep -q 'Goal 11. Make cities.*Strongly disagree\$' &&
     pdftotext -layout '$tmp/page-2021-H2.pdf' - | grep -q '^ *resilient and sustainable\$'"
  kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; pid=
else
  no "server starts" "$(head -c 300 "$tmp/log")"
fi

# The seed's PDF: the survey tool's text laid out page by page as its PDF
# had it (tests/pdf/print-pages.py: each line in its place, "rakhmru" alone
# at the bottom of the pages where the text has it) converts to the very
# document the text converts to, byte for byte.
seed="$root/samples/s3-monitoring-report-mining-2020H1.txt"
$py "$root/tests/pdf/print-pages.py" "$seed" "$tmp/seed.pdf" --footer rakhmru 2>"$tmp/err"
check "the seed's PDF made, rakhmru at the foot of two pages apart" \
  "[ \$(for p in \$(seq 1 \$(pdfinfo '$tmp/seed.pdf' | sed -n 's/^Pages: *//p')); do pdftotext -f \$p -l \$p '$tmp/seed.pdf' - | grep -q '^rakhmru\$' && echo \$p; done | awk 'NR > 1 && \$1 - last > 1 { apart = 1 } { last = \$1; n++ } END { print (n == 2 && apart) }') = 1 ]" \
  "$(cat "$tmp/err")"
pdftoppm -png -r 60 -f 1 -l 1 "$tmp/seed.pdf" "$pages/seed-text" 2>/dev/null
"$bin" convert "$seed" -o "$tmp/seed-text.json" 2>/dev/null
"$bin" convert "$tmp/seed.pdf" -o "$tmp/seed-pdf.json" 2>"$tmp/seed.notes"
check "the seed's PDF converts to the same document as its text" "cmp -s '$tmp/seed-text.json' '$tmp/seed-pdf.json'" \
  "$($py "$root/tests/pdf/same-answers.py" "$tmp/seed-text.json" "$tmp/seed-pdf.json" 2>&1 | head -c 1500) $(head -c 300 "$tmp/seed.notes")"
check "the seed's PDF: its footer left out, not read as text" "! grep -q rakhmru '$tmp/seed-pdf.json'"

# A scan: Chromium prints a page that holds only a picture of page 1.
pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$tmp/chrome.pdf" "$tmp/page"
printf '<!DOCTYPE html><html><body style="margin:0"><img src="page.png" style="width:100%%"></body></html>\n' >"$tmp/scan.html"
HOME="$tmp" timeout 120 chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
  --print-to-pdf="$tmp/scan.pdf" "file://$tmp/scan.html" >/dev/null 2>&1
check "a scan made by Chromium (a picture, no text)" \
  "[ -s '$tmp/scan.pdf' ] && [ -z \"\$(pdftotext '$tmp/scan.pdf' - | tr -d '[:space:]')\" ] && pdfimages -list '$tmp/scan.pdf' | grep -q image"
rm -f "$tmp/out.json"
"$bin" convert "$tmp/scan.pdf" -o "$tmp/out.json" 2>"$tmp/scan.err"; rc=$?
check "a scan: exit 2, 'needs OCR first', one line, nothing written" \
  "[ $rc -eq 2 ] && grep -q 'needs OCR first' '$tmp/scan.err' && [ \$(wc -l <'$tmp/scan.err') -eq 1 ] && [ ! -e '$tmp/out.json' ]" \
  "exit $rc: $(cat "$tmp/scan.err")"
"$bin" init --db "$tmp/scan.db" >/dev/null 2>&1
"$bin" import "$tmp/scan.pdf" --db "$tmp/scan.db" >/dev/null 2>"$tmp/scan.err"; rc=$?
check "a scan: import exits 2 and stores nothing" \
  "[ $rc -eq 2 ] && grep -q 'needs OCR first' '$tmp/scan.err' && [ \$(sqlite3 '$tmp/scan.db' 'select count(*) from reports') -eq 0 ]" \
  "exit $rc: $(cat "$tmp/scan.err")"

# The kind is known by content: a PDF named .txt.
cp "$tmp/chrome.pdf" "$tmp/report.txt"
check "a PDF named .txt converts" "'$bin' convert '$tmp/report.txt' 2>/dev/null | grep -q '\"working_areas\"'"

# Bad input: exit 2, one line naming the file, nothing written.
bad() { # name file pattern
  rm -f "$tmp/out.json"
  "$bin" convert "$2" -o "$tmp/out.json" 2>"$tmp/bad.err"; rc=$?
  check "$1: exit 2" "[ $rc -eq 2 ]" "exit $rc: $(cat "$tmp/bad.err")"
  check "$1: says what is wrong" "grep -q '$3' '$tmp/bad.err'" "$(cat "$tmp/bad.err")"
  check "$1: one line naming the file" "[ \$(wc -l <'$tmp/bad.err') -eq 1 ] && grep -qF '$2' '$tmp/bad.err'" "$(cat "$tmp/bad.err")"
  check "$1: nothing written" "[ ! -e '$tmp/out.json' ]"
}
head -c 20000 "$tmp/chrome.pdf" >"$tmp/cut.pdf"
bad "a cut-off PDF" "$tmp/cut.pdf" "not a readable PDF"
{ printf '%%PDF-1.7\n'; head -c 30000 /dev/urandom; } >"$tmp/random.pdf"
bad "random bytes after a PDF header" "$tmp/random.pdf" "not a readable PDF"
if command -v qpdf >/dev/null; then
  qpdf --encrypt u o 256 -- "$tmp/chrome.pdf" "$tmp/locked.pdf"
  bad "an encrypted PDF" "$tmp/locked.pdf" "is encrypted: remove the password"
fi
pdftoppm -png -r 50 -f 1 -l 1 "$tmp/chrome.pdf" "$tmp/scan"
(cd "$tmp" && HOME="$tmp" soffice --headless "-env:UserInstallation=file://$tmp/lo-profile" \
  --convert-to pdf scan-1.png >/dev/null 2>&1)
if [ -s "$tmp/scan-1.pdf" ]; then
  bad "a scan" "$tmp/scan-1.pdf" "has no text layer"
fi
printf 'Minutes of the board meeting\n\nThe board met on Monday.\n' >"$tmp/other.txt"
$py "$root/tests/pdf/print-fodt.py" --lines "$tmp/other.txt" "$tmp/other.pdf" 2>/dev/null
bad "a PDF of something else" "$tmp/other.pdf" "other.pdf"
{ printf '%%PDF-1.7\n'; head -c 1000 /dev/zero; } >"$tmp/big.pdf"
truncate -s 100M "$tmp/big.pdf"
bad "a 100 MB file" "$tmp/big.pdf" "larger than the 64 MB a report file may be"
finish
