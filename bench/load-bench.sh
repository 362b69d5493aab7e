#!/usr/bin/env bash
# load-bench.sh - a benchmark, not a test: a bounded mixed load on one
# backend for DURATION (5 minutes): public reads, draft saves, logins and
# exports at once, with the errors, the server's memory over time and the
# p50 and p99 latency of each kind (issue 11).
#
#   bash bench/load-bench.sh                     # SQLite, 300 s, 8 clients
#   DURATION=30s bash bench/load-bench.sh
#   bash bench/load-bench.sh --db sqlite         # the same (the default)
#   bash bench/load-bench.sh --db postgresql     # on a PostgreSQL server of its own (scripts/pg.sh)
#   bash bench/load-bench.sh --db postgresql://USER@HOST/DB   # on an empty database of yours
#
# Set-up: a fresh SQLite database with `s3pm demo --partnerships 50
# --periods 6` (some 230 reports, among them some 30 drafts); per client a
# draft of its own (of a different partnership each: the first client is
# its coordinator, the others alternately members and coordinators) with an
# account that stays signed in, a login-only account of the same
# partnership (a login ends the account's other sessions) and a Commission
# officer's account for the exports, all made with `s3pm user add` and
# S3PM_PASSWORD. `s3pm serve` listens on a free loopback port.
#
# The load (bench/load-mix.lua): wrk with CLIENTS threads of one
# connection each, so at most CLIENTS requests at a time; each client
# picks its next operation by weight, W_PUBLIC/W_DRAFT/W_LOGIN/W_EXPORT =
# 70/15/5/10 by default:
#   public  a published report's page, a partnership's page, /portfolio or
#           /search?q=WORD, without a cookie (the server's page cache
#           answers repeated public pages, as it does for visitors);
#   draft   an autosave of the client's draft (POST /api/p/SLUG/PERIOD/
#           draft, session cookie and CSRF token), each a genuine save on
#           the revision the previous one returned;
#   login   GET /login, POST /login, GET /me, POST /logout (four requests:
#           the latency of "login" is that of POST /login, whose
#           argon2id check takes 64 MiB and hundreds of ms of one core);
#   export  /p/SLUG/PERIOD.pdf, /portfolio.xlsx or /portfolio.csv (50/25/25)
#           as the client's Commission officer (the portfolio's
#           spreadsheets are for the committee, the Commission and
#           administrators).
# Each request is timed alone (one connection per client, request and
# response strictly alternate); an error is a response with another status
# than the one expected (200; 303 after POST /login and /logout: so any
# 5xx or unexpected 4xx) or a request that got no answer. The client is
# closed-loop (the next request as soon as the answer is in): the machine's
# capacity, not a visitor's pace, sets the rate, so logins' argon2id takes
# most of the server's CPU.
#
# Memory: the load runs in two parts, WARM seconds (60, or a third of a
# shorter run) and the rest, and after each the server's VmRSS
# (/proc/PID/status) is read without load: the least of 25 reads over 5 s,
# once the last answers are out. "Flat" means: the RSS at the end minus
# the RSS after WARM seconds is under MEM_BOUND_MB (20) MB. Under load the
# RSS swings by 64 MB per login in flight (argon2id's work area, mapped
# and unmapped by each login), which is why it is judged without load; it
# is still read every 0.2 s throughout, and the least and the most of
# each SAMPLE seconds are printed as a series, with the peak (VmHWM). The
# second part saves the drafts on their revisions after the first.
#
# After the run, /metrics (the server's Prometheus counters, open to
# 127.0.0.1) before and after: its request count and statuses beside the
# client's, its report saves beside the client's draft saves, and its
# database error counter (which should stay 0).
#
# Figures: per kind and per page the requests, errors, p50 and p99; a
# "bench-row" line (scripts/bench-all.sh) for the errors (goal 0), the
# memory growth (goal flat) and each kind's p99 (no goal: "-"). The exit
# status says only whether the benchmark could run.
#
# Backends: --db sqlite (a new file), postgresql (a server of its own,
# started with scripts/pg.sh in the temporary folder and stopped at the
# end) or a postgresql:// URL (an empty database). The set-up uses s3pm's
# commands with --db, and sqlite3 or psql for one listing of reports.
#
# Settings (environment): DURATION (300s; s, m or plain seconds; at least
# 10 s), CLIENTS (8), W_PUBLIC (70), W_DRAFT (15), W_LOGIN (5), W_EXPORT
# (10), SAMPLE (10, or DURATION/10 when shorter), WARM (60, or a third of
# DURATION when shorter), MEM_BOUND_MB (20),
# S3PM_THREADS (the server's default when unset), S3PM_BIN (build/s3pm,
# built when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

DB_KIND=sqlite
while [ $# -gt 0 ]; do
  case $1 in
    --db) DB_KIND=${2:?--db needs sqlite or a postgresql:// address}; shift 2 ;;
    --db=*) DB_KIND=${1#--db=}; shift ;;
    *) echo "load-bench: unknown argument $1 (usage: bash bench/load-bench.sh [--db sqlite|postgresql|URL])" >&2; exit 2 ;;
  esac
done
case $DB_KIND in
  sqlite) backend=SQLite ;;
  postgresql | postgresql://* | postgres://*) backend=PostgreSQL ;;
  *) echo "load-bench: --db $DB_KIND: expected sqlite, postgresql or a postgresql:// address" >&2; exit 2 ;;
esac

DURATION=${DURATION:-300s}
CLIENTS=${CLIENTS:-8}
W_PUBLIC=${W_PUBLIC:-70}
W_DRAFT=${W_DRAFT:-15}
W_LOGIN=${W_LOGIN:-5}
W_EXPORT=${W_EXPORT:-10}
MEM_BOUND_MB=${MEM_BOUND_MB:-20}
PY=/usr/bin/python3

case $DURATION in
  *m) secs=$((${DURATION%m} * 60)) ;;
  *s) secs=${DURATION%s} ;;
  *) secs=$DURATION ;;
esac
[[ $secs =~ ^[0-9]+$ ]] && [ "$secs" -ge 10 ] ||
  { echo "load-bench: DURATION=$DURATION: expected at least 10 seconds (300, 300s or 5m)" >&2; exit 2; }
SAMPLE=${SAMPLE:-$((secs / 10 < 10 ? (secs / 10 > 0 ? secs / 10 : 1) : 10))}
WARM=${WARM:-$((secs / 3 < 60 ? secs / 3 : 60))}

need_pkgs=()
command -v wrk >/dev/null || need_pkgs+=(wrk)
command -v curl >/dev/null || need_pkgs+=(curl)
command -v sqlite3 >/dev/null || need_pkgs+=(sqlite3)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "load-bench: installing ${need_pkgs[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends "${need_pkgs[@]}" >/dev/null
fi

if [ -z "${S3PM_BIN:-}" ]; then
  bash scripts/build.sh build >/dev/null
  S3PM_BIN=$root/build/s3pm
fi
: "${S3PM_NUTS_DIR:=$root/data/nuts}"
: "${S3PM_FORMS_DIR:=$root/forms}"
: "${S3PM_DATA_DIR:=$root/data}"
export S3PM_NUTS_DIR S3PM_FORMS_DIR S3PM_DATA_DIR

tmp=$(mktemp -d "${TMPDIR:-/tmp}/s3pm-load-bench.XXXXXX")
pid=
sampler=
cleanup() {
  if [ -n "$sampler" ]; then kill "$sampler" 2>/dev/null || true; wait "$sampler" 2>/dev/null || true; fi
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  if [ "$DB_KIND" = postgresql ]; then bash "$root/scripts/pg.sh" stop "$tmp/pg" >/dev/null 2>&1 || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# --- the database -------------------------------------------------------------------
case $DB_KIND in
  sqlite) db=$tmp/s3pm.db ;;
  postgresql)
    chmod 755 "$tmp"
    db=$(bash "$root/scripts/pg.sh" start "$tmp/pg") || exit 2 ;;
  *) db=$DB_KIND ;;
esac
"$S3PM_BIN" demo --partnerships 50 --periods 6 --db "$db" >"$tmp/demo.out" 2>&1 ||
  { cat "$tmp/demo.out" >&2; exit 2; }
echo "load-bench: $(tail -n 1 "$tmp/demo.out")"

# db_reports STATUS: "SLUG PERIOD" lines of the reports in STATUS.
db_reports() {
  local q="SELECT p.slug, r.period FROM reports r JOIN partnerships p ON p.id = r.partnership_id
    WHERE r.status = '$1' ORDER BY p.slug, r.period"
  if [ "$backend" = SQLite ]; then sqlite3 -separator ' ' "$db" "$q"; else psql "$db" -Atq -F ' ' -c "$q"; fi
}
db_reports published >"$tmp/published"
# One draft per partnership, the latest period's first.
db_reports draft | sort -k1,1 -k2,2r | sort -u -k1,1 >"$tmp/drafts"
ndrafts=$(wc -l <"$tmp/drafts")
[ "$ndrafts" -ge "$CLIENTS" ] ||
  { echo "load-bench: CLIENTS=$CLIENTS but the demo has drafts of only $ndrafts partnerships" >&2; exit 2; }
[ -s "$tmp/published" ] || { echo "load-bench: no published report in the demo" >&2; exit 2; }

password="Load-bench-$RANDOM$RANDOM$RANDOM"
slugs=()
periods=()
i=0
while read -r slug period; do
  i=$((i + 1))
  [ "$i" -le "$CLIENTS" ] || break
  role=coordinator
  if [ "$i" -gt 1 ] && [ $((i % 2)) -eq 0 ]; then role=member; fi
  slugs+=("$slug")
  periods+=("$period")
  S3PM_PASSWORD=$password "$S3PM_BIN" user add "client$i@load.example" --role "$role" --partnership "$slug" \
    --name "Load client $i" --db "$db" >/dev/null
  S3PM_PASSWORD=$password "$S3PM_BIN" user add "login$i@load.example" --role member --partnership "$slug" \
    --name "Load login $i" --db "$db" >/dev/null
  S3PM_PASSWORD=$password "$S3PM_BIN" user add "officer$i@load.example" --role commission \
    --name "Load officer $i" --db "$db" >/dev/null
done <"$tmp/drafts"

# --- the server -------------------------------------------------------------------
port=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
base=http://127.0.0.1:$port
threads_opt=()
[ -n "${S3PM_THREADS:-}" ] && threads_opt=(--threads "$S3PM_THREADS")
"$S3PM_BIN" serve --listen "127.0.0.1:$port" --db "$db" "${threads_opt[@]}" >"$tmp/serve.out" 2>"$tmp/serve.err" &
pid=$!
for _ in $(seq 300); do
  curl -fsS -o /dev/null "$base/login" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "load-bench: the server stopped:" >&2; cat "$tmp/serve.err" >&2; exit 2; }
  sleep 0.1
done

# --- the clients' sessions, drafts and lists ---------------------------------------------
lua=$tmp/lua
mkdir -p "$lua"
csrf_of() { sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$1" | head -n1; }
session_of() { # session_of EMAIL: "s3pm_session=TOKEN" after logging in
  local jar=$tmp/jar status
  rm -f "$jar"
  curl -fsS -c "$jar" -o "$tmp/login.html" "$base/login"
  status=$(curl -sS -b "$jar" -c "$jar" -o /dev/null -w '%{http_code}' \
    --data-urlencode "csrf=$(csrf_of "$tmp/login.html")" --data-urlencode "email=$1" \
    --data-urlencode "password=$password" "$base/login")
  [ "$status" = 303 ] || { echo "load-bench: $1 could not log in ($status)" >&2; return 1; }
  awk -F'\t' 'NF >= 7 && $6 == "s3pm_session" { print $6 "=" $7 }' "$jar"
}
for i in $(seq "$CLIENTS"); do
  slug=${slugs[$((i - 1))]}
  period=${periods[$((i - 1))]}
  cookie=$(session_of "client$i@load.example")
  officer=$(session_of "officer$i@load.example")
  [ -n "$cookie" ] && [ -n "$officer" ] || { echo "load-bench: client $i has no session" >&2; exit 2; }
  curl -fsS -H "Cookie: $cookie" -o "$tmp/edit.html" "$base/p/$slug/$period/edit" ||
    { echo "load-bench: client $i cannot open the edit page of $slug $period" >&2; exit 2; }
  csrf=$(csrf_of "$tmp/edit.html")
  curl -fsS -H "Cookie: $cookie" -o "$tmp/draft.json" "$base/api/p/$slug/$period"
  # The autosave's body: the draft's answers, with the base revision and
  # the executive summary left to the client.
  rev=$("$PY" - "$tmp/draft.json" "$lua/draft-$i.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
answers = r["document"]["answers"]
answers["executive_summary"] = "@SUMMARY@" + (answers.get("executive_summary") or "")
body = json.dumps({"base_revision": 0, "answers": answers}, ensure_ascii=False)
body = body.replace('"base_revision": 0', '"base_revision": @REV@', 1)
open(sys.argv[2], "w", encoding="utf-8").write(body)
print(r["revision"])
EOF
)
  [ -n "$csrf" ] && [ -n "$rev" ] || { echo "load-bench: client $i: no CSRF token or revision" >&2; exit 2; }
  printf 'cookie=%s\ncsrf=%s\ndraft=/api/p/%s/%s/draft\nrev=%s\nemail=login%s@load.example\npassword=%s\nexport_cookie=%s\n' \
    "$cookie" "$csrf" "$slug" "$period" "$rev" "$i" "$password" "$officer" >"$lua/client-$i"
done

# Public reads: report pages, partnership pages, /portfolio and search, in
# the proportions 45/20/15/20 (a label's weight is how often it is listed).
{
  shuf -n 45 -r "$tmp/published" | awk '{ print "public/report /p/" $1 "/" $2 }'
  cut -d' ' -f1 "$tmp/published" | sort -u | shuf -n 20 -r | awk '{ print "public/partnership /p/" $1 }'
  for _ in $(seq 15); do echo "public/portfolio /portfolio"; done
  for w in innovation region+energy hydrogen textile smart+specialisation aquaculture \
    cooperation pilot+project investment workshop digital batteries sustainable agri-food \
    circular tourism photonics cybersecurity medical mining; do
    echo "public/search /search?q=$w"
  done
} >"$lua/public.txt"
{
  shuf -n 10 -r "$tmp/published" | awk '{ print "export/pdf /p/" $1 "/" $2 ".pdf" }'
  for _ in $(seq 5); do echo "export/xlsx /portfolio.xlsx"; done
  for _ in $(seq 5); do echo "export/csv /portfolio.csv"; done
} >"$lua/export.txt"

# Every listed page answers before the run (the run counts what changes).
bad=$(sort -u -k2,2 "$lua/public.txt" | while read -r _ p; do
  s=$(curl -sS -o /dev/null -w '%{http_code}' "$base$p")
  [ "$s" = 200 ] || echo "$p answered $s"
done)
[ -z "$bad" ] || { echo "load-bench: before the run: $bad" >&2; exit 2; }

# --- memory samples -------------------------------------------------------------------
rss_kb() { # the server's VmRSS in kB, without a fork
  local k v _
  while read -r k v _; do
    if [ "$k" = VmRSS: ]; then echo "$v"; return; fi
  done <"/proc/$pid/status" 2>/dev/null
}
sample_loop() { # "SECONDS LEAST_KB MOST_KB" per SAMPLE seconds, read every 0.2 s
  local t0=${EPOCHREALTIME/[.,]/} lo hi v until
  until=$t0
  while :; do
    lo=; hi=
    until=$((until + SAMPLE * 1000000))
    while [ "${EPOCHREALTIME/[.,]/}" -lt "$until" ]; do
      sleep 0.2
      v=$(rss_kb)
      [ -n "$v" ] || return 0
      if [ -z "$lo" ] || [ "$v" -lt "$lo" ]; then lo=$v; fi
      if [ -z "$hi" ] || [ "$v" -gt "$hi" ]; then hi=$v; fi
    done
    echo "$(((until - t0) / 1000000)) $lo $hi"
  done
}
quiet_rss() { # the least RSS over 5 s without load (the last answers finish first)
  local lo='' v
  for _ in $(seq 25); do
    sleep 0.2
    v=$(rss_kb)
    if [ -n "$v" ] && { [ -z "$lo" ] || [ "$v" -lt "$lo" ]; }; then lo=$v; fi
  done
  echo "${lo:-0}"
}
run_wrk() { # run_wrk PART SECONDS: the load; the Lua script adds to $lua/latency.txt
  wrk -t"$CLIENTS" -c"$CLIENTS" -d"$2s" --timeout 60s -s bench/load-mix.lua "$base/" -- \
    "$lua" "$W_PUBLIC" "$W_DRAFT" "$W_LOGIN" "$W_EXPORT" "$1" >"$tmp/wrk.out" 2>&1 || true
  cat "$tmp/wrk.out" >>"$tmp/wrk.txt"
  grep '^load-mix:' "$tmp/wrk.out" || { echo "load-bench: wrk did not finish:" >&2; cat "$tmp/wrk.out" >&2; exit 2; }
}

curl -fsS -o "$tmp/metrics.before" "$base/metrics"
rss0=$(rss_kb)
echo "load-bench: $backend, $CLIENTS clients (one connection each), mix public/draft/login/export = $W_PUBLIC/$W_DRAFT/$W_LOGIN/$W_EXPORT, ${secs} s, $(nproc) CPUs"
echo "load-bench: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the figures)"
echo "load-bench: server RSS before the run $((rss0 / 1024)) MB; the load runs $WARM s, pauses to read the RSS without load, then runs $((secs - WARM)) s"
: >"$tmp/wrk.txt"
sample_loop >"$tmp/rss.txt" &
sampler=$!
run_wrk 1 "$WARM"
rss_warm=$(quiet_rss)
# The drafts' revisions now (a save still in flight when wrk stopped has
# moved them on), for the second part.
for i in $(seq "$CLIENTS"); do
  sed -n 's/^cookie=//p; s/^draft=\(.*\)\/draft$/\1/p' "$lua/client-$i" | {
    read -r cookie
    read -r path
    rev=$(curl -fsS -H "Cookie: $cookie" "$base$path" | "$PY" -c 'import json, sys; print(json.load(sys.stdin)["revision"])')
    [ -n "$rev" ] || { echo "load-bench: no revision of $path" >&2; exit 2; }
    sed -i "s/^rev=.*/rev=$rev/" "$lua/client-$i"
  }
done
run_wrk 2 $((secs - WARM))
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
sampler=
rss_end=$(quiet_rss)
[ -s "$lua/latency.txt" ] || { echo "load-bench: no responses recorded" >&2; exit 2; }
curl -fsS -o "$tmp/metrics.after" "$base/metrics"
hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")

# --- the figures -------------------------------------------------------------------------
"$PY" - "$lua/latency.txt" "$lua/errors.txt" "$tmp/rss.txt" "$tmp/metrics.before" "$tmp/metrics.after" \
  "$tmp/wrk.txt" "$backend" "$WARM" "$MEM_BOUND_MB" "${hwm:-0}" "$secs" "$rss_warm" "$rss_end" <<'EOF'
import collections, math, re, sys

lat_f, err_f, rss_f, mb_f, ma_f, wrk_f, backend, warm, bound, hwm, secs, rss_warm, rss_end = sys.argv[1:14]
warm, bound, hwm, secs = int(warm), float(bound), int(hwm), int(secs)
rss_warm, rss_end = int(rss_warm), int(rss_end)

def pct(xs, p):  # nearest rank
    return xs[max(0, math.ceil(p / 100 * len(xs)) - 1)] / 1000 if xs else float("nan")

lat = collections.defaultdict(list)
errs = collections.Counter()
statuses = collections.Counter()
for line in open(lat_f):
    label, status, ok, us = line.split()
    lat[label].append(float(us))
    statuses[status[0] + "xx" if status != "0" else "none"] += 1
    if ok != "1":
        errs[label] += 1
sock = sum(sum(map(int, m)) for m in
           re.findall(r"connect (\d+), read (\d+), write (\d+), timeout (\d+)", open(wrk_f).read()))

# Kinds: the login's latency is POST /login's; its other steps are listed.
kinds = [
    ("public", ["public/report", "public/partnership", "public/portfolio", "public/search"], None),
    ("draft", ["draft"], None),
    ("login", ["login/post", "login/form", "login/me", "login/logout"], "login/post"),
    ("export", ["export/pdf", "export/xlsx", "export/csv"], None),
]
print("load-bench: per kind, then per page (latency of each request, from the client)")
print(f"  {'':22} {'requests':>9} {'errors':>7} {'p50 ms':>9} {'p99 ms':>9}")
rows = []
def show(name, labels, indent, timed=None):
    xs = sorted(x for l in (timed or labels) for x in lat.get(l, []))
    n = sum(len(lat.get(l, [])) for l in labels)
    e = sum(errs[l] for l in labels)
    print(f"  {indent}{name:{22 - len(indent)}} {n:9d} {e:7d} {pct(xs, 50):9.2f} {pct(xs, 99):9.2f}")
    return pct(xs, 99)
total_req = sum(len(v) for v in lat.values())
for kind, labels, timed in kinds:
    name = kind + (" (POST /login)" if timed else "")
    p99 = show(name, labels, "", [timed] if timed else None)
    rows.append((kind, p99))
    if len(labels) > 1:
        for l in labels:
            show(l.split("/", 1)[1], [l], "  ")
show("all", list(lat), "")
nerr = sum(errs.values()) + sock
print(f"load-bench: {total_req} responses in {secs} s ({total_req / secs:.0f}/s): "
      + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
      + f"; errors {sum(errs.values())} (unexpected status or no answer) + {sock} socket errors (wrk)")
for line in open(err_f):
    print("  first errors: " + line.rstrip())

# Memory.
samples = [tuple(map(int, l.split())) for l in open(rss_f) if l.strip()]
print("load-bench: server RSS (MB, least..most of the reads every 0.2 s) until " +
      ", ".join(f"{t}s {lo / 1024:.0f}..{hi / 1024:.0f}" for t, lo, hi in samples))
growth = (rss_end - rss_warm) / 1024
flat = rss_warm > 0 and rss_end > 0 and growth < bound
print(f"load-bench: memory without load: {rss_warm / 1024:.1f} MB after {warm} s, {rss_end / 1024:.1f} MB at the end: "
      f"{growth:+.1f} MB (flat if under {bound:g} MB: {'flat' if flat else 'NOT FLAT'}); peak (VmHWM) {hwm / 1024:.0f} MB")

# The server's own counters.
def metrics(path):
    req = collections.Counter()
    other = {}
    for line in open(path):
        m = re.match(r's3pm_http_requests_total\{route="([^"]*)",method="([^"]*)",status="(\d+|other)"\} (\d+)', line)
        if m:
            req[m.group(3)[0] + "xx" if m.group(3) != "other" else "other"] += int(m.group(4))
            continue
        m = re.match(r"(s3pm_db_errors_total|s3pm_report_saves_total) (\d+)", line)
        if m:
            other[m.group(1)] = int(m.group(2))
    return req, other
rb, ob = metrics(mb_f)
ra, oa = metrics(ma_f)
d = {k: ra[k] - rb.get(k, 0) for k in ra}
saves = oa.get("s3pm_report_saves_total", 0) - ob.get("s3pm_report_saves_total", 0)
dberr = oa.get("s3pm_db_errors_total")
print(f"load-bench: /metrics over the run: {sum(d.values())} requests ("
      + ", ".join(f"{k} {v}" for k, v in sorted(d.items()) if v) + f"; the client counted {total_req} answers: the server also counts the first /metrics, "
      + "the revision reads between the parts and the requests in flight when wrk stopped); report saves "
      + f"{saves} (the client: {len(lat.get('draft', [])) - errs['draft']} draft saves); db errors {dberr}")
if dberr:
    nerr += dberr

what = f"mixed load, {backend}, {secs} s (load-bench)"
print(f"bench-row\t{what}: errors\t{nerr}\t0\t{'met' if nerr == 0 else 'not met'}")
print(f"bench-row\t{what}: memory\t{growth:+.1f} MB after {warm} s\tflat (< {bound:g} MB)\t{'met' if flat else 'not met'}")
for kind, p99 in rows:
    print(f"bench-row\t{what}: p99 {kind}\t{p99:.1f} ms\t-\t-")
EOF
