#!/usr/bin/env bash
# pdf-bench.sh - a benchmark, not a test: s3pm's PDF of a report against a
# browser printing the same report's public page to PDF, in one run.
#
#   bash bench/pdf-bench.sh
#
# s3pm: bench_pdf_out renders tests/pdf/full-report.json (every question type
# filled) with pdf_report N times on one CPU, and reports reports per second
# of wall-clock and of CPU time (the CPU figure is what one core does when
# the machine is shared with other work). Chromium: `s3pm serve` on a
# temporary database with the same report imported as published, and
# `chromium --headless --print-to-pdf` of its public page, RUNS times, one
# after another (each run starts the browser, as a PDF job would).
#
# Goals: s3pm >= 200 reports/s on one core; s3pm >= 20x Chromium. The
# figures are printed; the exit status says only whether the benchmark ran.
#
# Last measured (default build, one core of the 2-core development machine,
# shared): bench_pdf_out ~7 ms of CPU a report, 126-145 reports/s of CPU
# time (was 52-66/s before the per-thread cache of the form's layouts, the
# merged rules and the batched glyph runs); the release build the same
# (the time is pango's and cairo's). Where it goes:
# docs/internals/pdf_out.md ("Speed").
#
# Settings (environment): N (400 reports), RUNS (5 browser runs),
# S3PM_BIN (build/s3pm), BENCH_PDF (build/bench/bench_pdf_out), CHROMIUM
# (chromium), BENCH_OUT (a folder: both PDFs are copied there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

N=${N:-400}
RUNS=${RUNS:-5}
S3PM_BIN=${S3PM_BIN:-$root/build/s3pm}
BENCH_PDF=${BENCH_PDF:-$root/build/bench/bench_pdf_out}
CHROMIUM=${CHROMIUM:-chromium}
fixture=$root/tests/pdf/full-report.json
export S3PM_FORMS_DIR=${S3PM_FORMS_DIR:-$root/forms}
export S3PM_DATA_DIR=${S3PM_DATA_DIR:-$root/data}
export S3PM_NUTS_DIR=${S3PM_NUTS_DIR:-$root/data/nuts}

if [ ! -x "$S3PM_BIN" ] || [ ! -x "$BENCH_PDF" ]; then
  echo "pdf-bench: building (release)"
  bash scripts/build.sh build >/dev/null
fi
command -v "$CHROMIUM" >/dev/null || { echo "pdf-bench: $CHROMIUM is not installed (scripts/setup.sh)"; exit 2; }
command -v curl >/dev/null || { echo "pdf-bench: curl is not installed"; exit 2; }

tmp=$(mktemp -d)
pid=
cleanup() {
  if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- s3pm ----------------------------------------------------------------------
out=$("$BENCH_PDF" "$fixture" "$N")
echo "$out"
s3pm_rate=$(echo "$out" | sed -n 's/.*: \([0-9.]*\) reports\/s (\([0-9.]*\)\/s of CPU time.*/\1/p')
s3pm_cpu_rate=$(echo "$out" | sed -n 's/.*(\([0-9.]*\)\/s of CPU time.*/\1/p')

# --- Chromium printing the public page ------------------------------------------
"$S3PM_BIN" init --db "$tmp/b.db" >/dev/null
"$S3PM_BIN" import --db "$tmp/b.db" --status published "$fixture" >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$S3PM_BIN" serve --listen "127.0.0.1:$port" --db "$tmp/b.db" >"$tmp/out" 2>"$tmp/log" &
pid=$!
for _ in $(seq 1 100); do grep -q "listening on" "$tmp/log" && break; sleep 0.05; done
url="http://127.0.0.1:$port/p/bezpieczenstwo-zywnosci/2021-H2"
code=$(curl -s -o /dev/null -w '%{http_code}' "$url")
[ "$code" = 200 ] || { echo "pdf-bench: the report page answers $code"; exit 2; }
curl -s -o "$tmp/s3pm.pdf" "$url.pdf"

print() {
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run --no-default-browser-check \
    --user-data-dir="$tmp/profile" --no-pdf-header-footer --print-to-pdf="$tmp/chromium.pdf" "$url" \
    >/dev/null 2>&1
}
print # warm-up: the profile and the disk cache, not counted
t0=$(date +%s.%N)
for _ in $(seq 1 "$RUNS"); do
  rm -f "$tmp/chromium.pdf"
  print
  [ -s "$tmp/chromium.pdf" ] || { echo "pdf-bench: chromium wrote no PDF"; exit 2; }
done
t1=$(date +%s.%N)
chromium_rate=$(python3 -c "print('%.2f' % ($RUNS / ($t1 - $t0)))")
chromium_pages=$(pdfinfo "$tmp/chromium.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
s3pm_pages=$(pdfinfo "$tmp/s3pm.pdf" 2>/dev/null | sed -n 's/^Pages: *//p')
# make bench (scripts/bench-all.sh) reads both back with bench_pdf.
if [ -n "${BENCH_OUT:-}" ]; then cp "$tmp/chromium.pdf" "$tmp/s3pm.pdf" "$BENCH_OUT/"; fi
echo "chromium --print-to-pdf of the public page: $RUNS runs in $(python3 -c "print('%.2f' % ($t1 - $t0))") s:" \
  "$chromium_rate reports/s (${chromium_pages:-?} pages; s3pm's: ${s3pm_pages:-?} pages)"

python3 - "$s3pm_rate" "$s3pm_cpu_rate" "$chromium_rate" <<'EOF'
import sys
s3pm, cpu, chrom = (float(x) for x in sys.argv[1:4])
print("ratio s3pm / chromium: %.0fx (wall clock; goal >= 20x: %s)" % (s3pm / chrom, "met" if s3pm / chrom >= 20 else "NOT met"))
print("s3pm on one core: %.1f reports/s of wall clock, %.1f/s of CPU time (goal >= 200/s: %s)"
      % (s3pm, cpu, "met" if cpu >= 200 else "NOT met"))
print("bench-row\tPDF export on one core (pdf-bench)\t%.1f reports/s of CPU\t>= 200/s\t%s" % (cpu, "met" if cpu >= 200 else "not met"))
print("bench-row\tPDF export / Chromium printing the page (pdf-bench)\t%.0fx\t>= 20x\t%s" % (s3pm / chrom, "met" if s3pm / chrom >= 20 else "not met"))
EOF
