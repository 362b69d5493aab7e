#!/usr/bin/env bash
# tests/http/t0016-api.sh [BINARY] - the JSON API v1 (issue 10, item 4) on a live server: users
# of every role make tokens on /account, and tests/http/api_check.py calls every operation of
# /api/v1/openapi.json with them, validating every answer against the description (Debian's
# python3-jsonschema) and the rules (confidential answers, another partnership's draft, read-only
# and revoked tokens, If-Match, problem details; /api/v1/portfolio against /portfolio's own JSON and
# page for each role, filters, paging, bad parameters). Then: tokens of an inactive user, the audit log.
# Canaries: SA (A's published self-assessment: its partnership, committee, Commission), DRAFT (A's
# draft: its partnership only), SUB (B's submitted report: B, committee, Commission, admins).
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

py=/usr/bin/python3
if ! $py -c 'import jsonschema' 2>/dev/null; then
  no "python3-jsonschema is installed (scripts/setup.sh)"
  finish
fi
full=$root/tests/pdf/full-report.json
db=$DB
pw="correct horse battery"
rnd=$($py -c 'import secrets; print(secrets.token_hex(6))')
SA="Sacanary$rnd"
DRAFT="Draftcanary$rnd"
SUB="Subcanary$rnd"
A=mining-industry
B=hydrogen-valleys

canary_reports "$SA" "$DRAFT" "$SUB"
# C: the full report (no error), a draft of 2022-H1 to submit and a submitted 2022-H2 to accept.
for per in 2022-H1 2022-H2; do
  $py -c 'import json,sys; d=json.load(open(sys.argv[1])); d["answers"]["reporting_period"]=sys.argv[2]; json.dump(d, open(sys.argv[3], "w"))' \
    "$full" $per "$tmp/c-$per.json"
done
setup() {
  "$bin" init --db "$db" &&
    "$bin" import "$full" --status published --platform Agri-Food --db "$db" &&
    "$bin" import "$tmp/a1.txt" --status published --db "$db" &&
    "$bin" import "$tmp/a2.txt" --status draft --db "$db" &&
    "$bin" import "$tmp/b1.txt" --status submitted --db "$db" &&
    "$bin" import "$tmp/c-2022-H1.json" --status draft --db "$db" &&
    "$bin" import "$tmp/c-2022-H2.json" --status submitted --db "$db" &&
    "$bin" period set 2020-H2 --deadline 2021-01-31 --db "$db"
}
setup >"$tmp/setup" 2>&1 || { no "the test data is set up" "$(tail -5 "$tmp/setup")"; finish; }
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add ca@example.org --role coordinator --partnership $A
add ma@example.org --role member --partnership $A
add cb@example.org --role coordinator --partnership $B
add committee@example.org --role committee
add commission@example.org --role commission
add admin@example.org --role admin
C=$(sql "$db" "SELECT slug FROM partnerships WHERE platform = 'Agri-Food'")
add cc@example.org --role coordinator --partnership "$C"

"$bin" routes >"$tmp/routes"
check "s3pm routes lists the API's routes" \
  'grep -qx "GET /api/v1/partnerships/:slug/reports/:period" "$tmp/routes" && grep -qx "PUT /api/v1/partnerships/:slug/reports/:period" "$tmp/routes"'

start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

cat >"$tmp/cfg.json" <<JSON
{"password": "$pw", "a": "$A", "b": "$B", "c": "$C", "sa": "$SA", "draft": "$DRAFT", "sub": "$SUB",
 "out": "$tmp/api-out.json",
 "users": {"ca": "ca@example.org", "ma": "ma@example.org", "cb": "cb@example.org",
           "committee": "committee@example.org", "commission": "commission@example.org",
           "admin": "admin@example.org", "cc": "cc@example.org"}}
JSON
$py "$here/api_check.py" "$base" "$tmp/cfg.json" >"$tmp/check" 2>&1
rc=$?
while IFS= read -r line; do
  case $line in
    "ok - "*) ok "${line#ok - }" ;;
    "not ok - "*) no "${line#not ok - }" ;;
    *) echo "$line" ;;
  esac
done <"$tmp/check"
check "api_check.py ran to its end" 'grep -qx "api_check: done" "$tmp/check" && { [ $rc = 0 ] || grep -q "^not ok" "$tmp/check"; }' "$(tail -5 "$tmp/check")"

# An inactive user's tokens stop working.
tokn=$($py -c 'import json,sys; print(json.load(open(sys.argv[1]))["inactive_token"])' "$tmp/api-out.json" 2>/dev/null)
st=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $tokn" "$base/api/v1/periods")
check "the admin's token works while the admin is active" '[ "$st" = 200 ]' "$st"
"$bin" user deactivate admin@example.org --db "$db" >/dev/null 2>&1
st=$(curl -s -o "$tmp/inactive" -w '%{http_code}' -H "Authorization: Bearer $tokn" "$base/api/v1/periods")
check "a token of a deactivated user: 401 problem" \
  '[ "$st" = 401 ] && grep -q "\"status\":401" "$tmp/inactive"' "$st $(head -c 200 "$tmp/inactive")"

# The audit log and the store: token actions recorded, only hashes kept.
check "token creations and revocations are in the audit log" \
  '[ "$(sql "$db" "SELECT count(*) FROM audit WHERE action = '"'"'token.create'"'"'")" = 14 ] &&
   [ "$(sql "$db" "SELECT count(*) FROM audit WHERE action = '"'"'token.revoke'"'"'")" = 1 ]'
check "the store keeps no token, only hashes" \
  '[ -n "$tokn" ] && ! sql "$db" "SELECT token_hash FROM api_tokens" | grep -q "${tokn#s3pm_}"'
check "last use is noted" \
  '[ "$(sql "$db" "SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL")" -gt 6 ]'

# Under the sanitizers a leak shows at exit.
kill -TERM "$pid" 2>/dev/null
wait "$pid"
st=$?
pid=
check "the server stops with exit status 0" '[ "$st" = 0 ]' "exit $st; $(tail -3 "$tmp/log")"
finish
