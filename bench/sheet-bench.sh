#!/usr/bin/env bash
# sheet-bench.sh - a benchmark, not a test: the portfolio workbook end to
# end, `s3pm export --format xlsx` over a database of REPORTS reports
# (10,000 by default), against the goal of issue 9 (under 5 seconds); then
# bench_sheet, the same through sheet_xlsx alone with the documents in
# memory.
#
#   bash bench/sheet-bench.sh
#
# The database: copies of tests/pdf/full-report.json (every question type
# filled, Greek and Polish text, 10-row tables, 17 goals, the
# self-assessment), REPORTS / 20 partnerships of 20 half-years each
# (2015-H1 to 2024-H2), every seventh with a NUTS code that does not exist,
# half published and half submitted, imported with `s3pm import` (its time
# is printed too, but it is not what is measured). The database is kept in
# $BENCH_DIR (a temporary folder by default) and reused when it exists.
#
# Settings (environment): REPORTS (10000), S3PM_BIN (build/s3pm),
# BENCH_DIR. The exit status says only whether the benchmark could run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=${S3PM_BIN:-$root/build/s3pm}
reports=${REPORTS:-10000}
dir=${BENCH_DIR:-$(mktemp -d)}
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts} S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}
db=$dir/sheets-$reports.db

if [ ! -s "$db" ]; then
  mkdir -p "$dir/docs"
  /usr/bin/python3 - "$root/tests/pdf/full-report.json" "$dir/docs" "$reports" <<'PY'
import json, sys
src, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = json.load(open(src, encoding="utf-8"))
levels = ["strongly_agree", "agree", "neutral", "disagree", "strongly_disagree", "not_applicable"]
for i in range(n):
    d = json.loads(json.dumps(base))
    a = d["answers"]
    p, k = divmod(i, 20)
    a["partnership"] = "Partnership %d – Συνεργασία %d" % (p, p)
    a["reporting_period"] = "%d-H%d" % (2015 + k // 2, k % 2 + 1)
    a["interested_entities"] = "Report %d: clusters in Skåne and Małopolska." % i
    a["executive_summary"] = ("Copy %d. " % i) + a["executive_summary"]
    if i % 7 == 0:
        a["participating_regions"][1]["nuts"] = "PL99"
    a["sdg"]["3"] = levels[i % 6]
    a["sdg"]["9"] = levels[(i // 6) % 6]
    a["self_assessment"]["risks"] = "Copy %d: the risks are managed by the steering group." % i
    st = "published" if i % 2 else "submitted"
    json.dump(d, open("%s/%s-%05d.json" % (out, st, i), "w", encoding="utf-8"), ensure_ascii=False)
PY
  "$bin" init --db "$db.tmp" >/dev/null
  t0=$(date +%s.%N)
  (cd "$dir/docs" && ls published-*.json | xargs "$bin" import --status published --db "$db.tmp" >/dev/null 2>&1)
  (cd "$dir/docs" && ls submitted-*.json | xargs "$bin" import --status submitted --db "$db.tmp" >/dev/null 2>&1)
  t1=$(date +%s.%N)
  mv "$db.tmp" "$db"
  rm -rf "$dir/docs"
  echo "sheet-bench: $reports reports imported in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s (set-up, not measured)"
fi

out=$dir/portfolio.xlsx
/usr/bin/time -f '%e %U %S %M' -o "$dir/time" "$bin" export --format xlsx -o "$out" --db "$db" 2>"$dir/err" ||
  { cat "$dir/err"; exit 2; }
read -r wall user sys rss <"$dir/time"
size=$(stat -c %s "$out")
met=$(awk -v w="$wall" 'BEGIN { print (w < 5) ? 1 : 0 }')
echo "sheet-bench: s3pm export --format xlsx of $(sed -n 's/.*: \([0-9]*\) reports* into.*/\1/p' "$dir/err") reports:" \
  "$wall s wall ($user s user, $sys s system), $((rss / 1024)) MB peak, $((size / 1000000)) MB file;" \
  "goal < 5 s: $([ "$met" = 1 ] && echo met || echo NOT met)"
printf 'bench-row\tXLSX of %s reports, end to end (sheet-bench)\t%s s wall, %s MB peak\t< 5 s\t%s\n' \
  "$reports" "$wall" "$((rss / 1024))" "$([ "$met" = 1 ] && echo met || echo "not met")"
echo "sheet-bench: load average $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
"$root/build/bench/bench_sheet" "$reports" "$dir/bench.xlsx" || true
[ -z "${BENCH_DIR:-}" ] && rm -rf "$dir"
exit 0
