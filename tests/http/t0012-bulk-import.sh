#!/bin/sh
# t0012-bulk-import.sh - s3pm import of a folder: walked recursively
# (hidden files and folders skipped), 20 good files of every kind (text
# exports, report documents, PDFs printed by Chromium and LibreOffice)
# imported, 3 bad ones (a cut-off PDF, random bytes, an encrypted PDF)
# listed at the end with their reasons while the rest go on, exit 1; a
# single bad file exits 2 and leaves the database as it was; a wrong
# command line exits 2 and imports nothing.
. "$(dirname "$0")/lib.sh"
export S3PM_NUTS_DIR="$root/data/nuts" S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data"
py=/usr/bin/python3
seed="$root/samples/s3-monitoring-report-mining-2020H1.txt"
fix="$root/tests/pdf/full-report.json"
form="$root/forms/s3-monitoring-2020.json"
in="$tmp/in"
db="$DB"
mkdir -p "$in/text/more" "$in/json" "$in/pdf" "$in/.hidden"

# 12 text exports: 6 partnerships, 2 periods, some a folder deeper.
for n in 1 2 3 4 5 6; do
  sed -e "s/^Mining industry\$/Text partnership $n/" "$seed" >"$in/text/t$n-h1.txt"
  sed -e "s/^Mining industry\$/Text partnership $n/" -e 's/January - June 2020/July - December 2020/' \
    "$seed" >"$in/text/more/t$n-h2.txt"
done
# 4 report documents.
"$bin" convert "$seed" -o "$tmp/seed.json" 2>/dev/null
for n in 1 2 3 4; do
  $py -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["answers"]["partnership"] = "Json partnership " + sys.argv[2]
d["answers"]["reporting_period"] = "2021-H1"
json.dump(d, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)' "$tmp/seed.json" "$n" "$in/json/j$n.json"
done
# 4 PDFs: the full report under other names, printed two ways.
for n in 1 2 3 4; do
  $py -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["answers"]["partnership"] = "Pdf partnership " + sys.argv[2]
json.dump(d, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)' "$fix" "$n" "$tmp/p$n.json"
done
$py "$root/tests/pdf/print-html.py" "$tmp/p1.json" "$form" "$in/pdf/p1.pdf" 2>/dev/null
$py "$root/tests/pdf/print-html.py" "$tmp/p2.json" "$form" "$in/pdf/p2.pdf" --header-footer 2>/dev/null
$py "$root/tests/pdf/print-fodt.py" "$tmp/p3.json" "$form" "$in/pdf/p3.pdf" 2>/dev/null
$py "$root/tests/pdf/print-fodt.py" "$tmp/p4.json" "$form" "$in/pdf/p4.pdf" 2>/dev/null
# Hidden: never read.
cp "$in/text/t1-h1.txt" "$in/.hidden/x.txt"
sed -e 's/^Mining industry$/Hidden partnership/' "$seed" >"$in/text/.hidden.txt"
check "20 good files made" "[ \$(find '$in' -path '*/.*' -prune -o -type f -size +0 -print | wc -l) -eq 20 ]" \
  "$(find "$in" -type f | sort)"
# 3 bad ones.
head -c 20000 "$in/pdf/p1.pdf" >"$in/pdf/z-cut.pdf"
head -c 30000 /dev/urandom >"$in/noise.bin"
qpdf --encrypt u o 256 -- "$in/pdf/p3.pdf" "$in/pdf/z-locked.pdf"

count() { sql "$db" "select count(*) from $1"; }
"$bin" init --db "$db" >/dev/null 2>&1
"$bin" import "$in" --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a folder with bad files: exit 1" "[ $rc -eq 1 ]" "exit $rc: $(cat "$tmp/err")"
check "the 20 good files imported" "[ \$(count reports) -eq 20 ] && [ \$(grep -c 'imported as' '$tmp/out') -eq 20 ]" \
  "$(count reports) reports; $(cat "$tmp/out" "$tmp/err")"
check "each good file one revision" "[ \$(count report_revisions) -eq 20 ]"
check "hidden files and folders skipped" "! grep -q -i hidden '$tmp/out' && [ \$(sql '$db' \"select count(*) from partnerships where name like 'Hidden%'\") -eq 0 ]"
check "PDFs of both printers imported" "[ \$(sql '$db' \"select count(*) from partnerships where name like 'Pdf partnership %'\") -eq 4 ]"
check "files taken in path order" "[ \"\$(sed 's/:.*//' '$tmp/out')\" = \"\$(sed 's/:.*//' '$tmp/out' | LC_ALL=C sort)\" ]" "$(cat "$tmp/out")"
check "the summary counts" "grep -q '20 of 23 files imported' '$tmp/err'" "$(cat "$tmp/err")"
check "the cut-off PDF listed with its reason" "grep -q 'z-cut.pdf: is not a readable PDF' '$tmp/err'" "$(cat "$tmp/err")"
check "the random bytes listed with their reason" "grep -q 'noise.bin:1: not a text file' '$tmp/err'" "$(cat "$tmp/err")"
check "the encrypted PDF listed with its reason" "grep -q 'z-locked.pdf: is encrypted' '$tmp/err'" "$(cat "$tmp/err")"
check "the failures listed after the work, one line each" "[ \$(sed -n '/these failed:/,\$p' '$tmp/err' | wc -l) -eq 4 ]" \
  "$(cat "$tmp/err")"

# Several files given, one bad: exit 1, the good one imported.
sed -e 's/^Mining industry$/Mixed partnership/' "$seed" >"$tmp/mixed.txt"
"$bin" import "$tmp/mixed.txt" "$in/noise.bin" --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "two files, one bad: exit 1" "[ $rc -eq 1 ]" "exit $rc: $(cat "$tmp/err")"
check "two files, one bad: the good one imported" "[ \$(count reports) -eq 21 ]"

# One bad file: exit 2, one line, the database as it was.
before="$(count reports) $(count report_revisions) $(count partnerships) $(count audit)"
for f in "$in/pdf/z-cut.pdf" "$in/noise.bin" "$in/pdf/z-locked.pdf"; do
  "$bin" import "$f" --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
  check "one bad file ($(basename "$f")): exit 2" "[ $rc -eq 2 ]" "exit $rc: $(cat "$tmp/err")"
  check "one bad file ($(basename "$f")): one line naming it" \
    "[ \$(wc -l <'$tmp/err') -eq 1 ] && grep -qF '$f' '$tmp/err'" "$(cat "$tmp/err")"
done
after="$(count reports) $(count report_revisions) $(count partnerships) $(count audit)"
check "bad single files: the database unchanged" "[ '$before' = '$after' ]" "$before / $after"
# A wrong command line: exit 2, nothing walked or imported.
"$bin" import "$in" --status nonsense --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "a wrong option: exit 2, nothing imported" "[ $rc -eq 2 ] && [ ! -s '$tmp/out' ] && [ '$(count reports)' = \$(count reports) ]" \
  "exit $rc: $(cat "$tmp/err")"
mkdir -p "$tmp/empty"
"$bin" import "$tmp/empty" --db "$db" >"$tmp/out" 2>"$tmp/err"; rc=$?
check "an empty folder: exit 2, says so" "[ $rc -eq 2 ] && grep -q 'no files to import' '$tmp/err'" "exit $rc: $(cat "$tmp/err")"
finish
