#!/usr/bin/env bash
# tests/http/t0002-confidentiality.sh [BINARY] - the confidentiality crawl: every route that
# `s3pm routes` lists x every role x HTML, JSON and HEAD (and an empty POST for POST routes),
# with canaries in a published self-assessment and in a draft. Who may read what:
#   CANARY-SA (A's published self-assessment): A's coordinator and members, committee, Commission
#   CANARY-DRAFT (A's never-submitted draft): A's coordinator and members only
# and for everyone outside A a request about the draft's period answers like the same request
# about a period where A has no report. The crawl itself is tests/http/crawl.py.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

if ! command -v python3 >/dev/null; then no "python3 is installed"; finish; fi
if [ ! -x "$bin" ]; then no "binary $bin exists"; finish; fi


# start: runs the server in the background on a free port ($port, $pid).
start() { start_server "$DB" --threads 2; }

# --- the route table ---------------------------------------------------------
"$bin" routes >"$tmp/routes" 2>"$tmp/err"
st=$?
check "s3pm routes exits 0" '[ "$st" = 0 ]' "exit $st: $(cat "$tmp/err")"
check "s3pm routes prints METHOD PATTERN lines" \
  '[ -s "$tmp/routes" ] && ! grep -Ev "^(GET|POST|PUT) /[^ ]*$" "$tmp/routes" | grep -q .' "$(head -5 "$tmp/routes")"
check "s3pm routes lists the report page" 'grep -qx "GET /p/:slug/:period" "$tmp/routes"'

# --- the data ----------------------------------------------------------------
# A (mining-industry): P1 published with CANARY-SA in its self-assessment; P2 a
# never-submitted draft with CANARY-DRAFT in public and confidential answers;
# P3 a period with no report of A. B (hydrogen-valleys): P1 published.
rnd=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
sa_canary="CANARY-SA-$rnd"
draft_canary="CANARY-DRAFT-$rnd"
A=mining-industry
B=hydrogen-valleys
P1=2020-H1
P2=2020-H2
P3=2021-H1
seed="$root/samples/s3-monitoring-report-mining-2020H1.txt"

# self_assessment TEXT: the self-assessment section of the text export.
self_assessment() {
  printf '\nSelf-assessment\n\nSelf-assessment\n\n'
  printf "Overall, how does the partnership's progress in this period compare with its work plan?\n\nOn plan\n\n"
  printf "Which of the partnership's objectives for this period were achieved, and what shows it?\n\n%s achieved\n\n" "$1"
  printf 'Which obstacles slowed the partnership down, and how were they addressed?\n\n%s obstacles\n' "$1"
}
{ cat "$seed"; self_assessment "$sa_canary"; } >"$tmp/a1.txt"
{ sed -e 's/January - June 2020/July - December 2020/' \
      -e "s/^ Mining industries partnership could/ $draft_canary Mining industries partnership could/" "$seed"
  self_assessment "$draft_canary"; } >"$tmp/a2.txt"
sed -e 's/^Mining industry$/Hydrogen valleys/' "$seed" >"$tmp/b1.txt"
check "the draft has its canary in a public and a confidential answer" \
  '[ "$(grep -c "$draft_canary" "$tmp/a2.txt")" = 3 ]'

setup() {
  "$bin" init --db "$DB" &&
    "$bin" import "$tmp/a1.txt" --status published --db "$DB" &&
    "$bin" import "$tmp/a2.txt" --status draft --db "$DB" &&
    "$bin" import "$tmp/b1.txt" --status published --db "$DB" &&
    # The same deadline for P2 and P3, so that only the draft tells them apart.
    "$bin" period set "$P2" --deadline 2021-08-31 --db "$DB" &&
    "$bin" period set "$P3" --deadline 2021-08-31 --db "$DB"
}
if ! setup >"$tmp/setup" 2>&1; then no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; fi
check "A's report for P1 is published and P2 a draft" \
  'grep -q "$A/$P1 (published)" "$tmp/setup" && grep -q "$A/$P2 (draft)" "$tmp/setup"' "$(cat "$tmp/setup")"

password="crawl-$rnd-Pw9"
users='coordinator-A ca@example.org coordinator mining-industry
member-A ma@example.org member mining-industry
coordinator-B cb@example.org coordinator hydrogen-valleys
member-B mb@example.org member hydrogen-valleys
committee committee@example.org committee -
commission commission@example.org commission -
admin admin@example.org admin -'
roles='[{"name": "anonymous", "email": null, "slug": null}'
while read -r name email role slug; do
  if [ "$slug" = - ]; then
    S3PM_PASSWORD="$password" "$bin" user add "$email" --role "$role" --db "$DB" >/dev/null 2>"$tmp/err"
    roles="$roles, {\"name\": \"$name\", \"email\": \"$email\", \"slug\": null}"
  else
    S3PM_PASSWORD="$password" "$bin" user add "$email" --role "$role" --partnership "$slug" --db "$DB" \
      >/dev/null 2>"$tmp/err"
    roles="$roles, {\"name\": \"$name\", \"email\": \"$email\", \"slug\": \"$slug\"}"
  fi
  st=$?
  [ "$st" = 0 ] || no "user add $email" "exit $st: $(cat "$tmp/err")"
done <<<"$users"
roles="$roles]"

if ! start; then
  no "server starts" "$(head -c 500 "$tmp/log")"
  finish
fi
ok "server starts on 127.0.0.1:$port"

cat >"$tmp/crawl.json" <<EOF
{"host": "127.0.0.1", "port": $port, "db": "$DB", "routes": "$tmp/routes",
 "slug_a": "$A", "slug_b": "$B", "p1": "$P1", "p2": "$P2", "p3": "$P3",
 "canary_sa": "$sa_canary", "canary_draft": "$draft_canary",
 "password": "$password", "roles": $roles}
EOF

# --- the crawl ---------------------------------------------------------------
SECONDS=0
"$pysys" "$here/crawl.py" "$tmp/crawl.json" >"$tmp/crawl.out" 2>"$tmp/crawl.err"
st=$?
echo "# the crawl took ${SECONDS} s ($(grep -c "\" [0-9][0-9][0-9] " "$tmp/log") requests in the access log)"
grep -E '^(ok|not ok) - ' "$tmp/crawl.out"
summary=$(grep -E '^crawl: [0-9]+ passed, [0-9]+ failed$' "$tmp/crawl.out")
if [ -z "$summary" ]; then
  no "the crawl runs to its end" "exit $st: $(tail -5 "$tmp/crawl.err")"
else
  set -- $summary
  pass=$((pass + $2))
  fail=$((fail + $4))
  [ "$st" = 0 ] || [ "$4" != 0 ] || no "the crawl exits 0 when nothing failed" "exit $st"
fi

check "the server is still running after the crawl" 'kill -0 "$pid" 2>/dev/null' "$(tail -5 "$tmp/log")"
kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "the server stops with exit status 0" '[ "$st" = 0 ]' "exit $st; $(tail -3 "$tmp/log")"

finish
