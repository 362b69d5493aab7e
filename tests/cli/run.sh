#!/usr/bin/env bash
# tests/cli/run.sh BINARY - black-box tests of the s3pm command line: the
# seed report, and bad input of every kind (clear one-line error naming the
# file, exit status 2, nothing written).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
seed="$root/samples/s3-monitoring-report-mining-2020H1.txt"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok - $1"; }
no() { fail=$((fail + 1)); echo "not ok - $1"; [ -n "${2:-}" ] && printf '  %s\n' "$2"; }

# run NAME EXPECTED-STATUS CMD...: runs, keeps stdout in $tmp/out, stderr in $tmp/err
run() {
  local name=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
  local got=$?
  if [ "$got" -ne "$want" ]; then
    no "$name" "exit status $got, expected $want; stderr: $(head -c 300 "$tmp/err")"
    return 1
  fi
  return 0
}

# bad NAME FILE NEEDLE: convert and validate must both refuse FILE with exit
# 2, one line on stderr naming the file and containing NEEDLE, and print
# nothing on stdout; convert -o must not create its output.
bad() {
  local name=$1 file=$2 needle=$3 cmd
  for cmd in convert validate; do
    run "$name ($cmd)" 2 "$bin" "$cmd" "$file" || continue
    if [ -s "$tmp/out" ]; then no "$name ($cmd)" "wrote to stdout"; continue; fi
    if [ "$(wc -l <"$tmp/err")" -ne 1 ]; then no "$name ($cmd)" "stderr is not one line: $(cat "$tmp/err")"; continue; fi
    if ! grep -qF -- "$file" "$tmp/err"; then no "$name ($cmd)" "error does not name the file: $(cat "$tmp/err")"; continue; fi
    if ! grep -qF -- "$needle" "$tmp/err"; then no "$name ($cmd)" "error lacks '$needle': $(cat "$tmp/err")"; continue; fi
    ok "$name ($cmd)"
  done
  rm -f "$tmp/written.json"
  "$bin" convert "$file" -o "$tmp/written.json" >/dev/null 2>&1
  if [ -e "$tmp/written.json" ] || ls "$tmp"/written.json.tmp.* >/dev/null 2>&1; then
    no "$name (convert -o writes nothing)"
  else
    ok "$name (convert -o writes nothing)"
  fi
}

# expect TEXT WHAT: the findings in $v contain TEXT.
expect() {
  if grep -qF -- "$1" "$v"; then ok "validate: $2"; else no "validate: $2" "missing: $1"; fi
}

# --- the seed report ---------------------------------------------------
if run "convert seed" 0 "$bin" convert "$seed"; then
  cp "$tmp/out" seed.json
  if grep -q '"partnership": "Mining industry"' seed.json && grep -q '"reporting_period": "2020-H1"' seed.json; then
    ok "convert seed"
  else
    no "convert seed" "unexpected document"
  fi
  if grep -q 'page footer "rakhmru" left out' "$tmp/err"; then ok "convert seed notes the footers"; else no "convert seed notes the footers"; fi
fi
if run "convert document again" 0 "$bin" convert seed.json; then
  if cmp -s "$tmp/out" seed.json; then ok "a document converted again is the same document"; else no "a document converted again is the same document"; fi
fi
if run "convert -o" 0 "$bin" convert "$seed" -o written.json && cmp -s written.json seed.json; then
  ok "convert -o writes the same document"
else
  no "convert -o writes the same document"
fi

if run "validate seed" 1 "$bin" validate "$seed"; then
  v="$tmp/out"
  expect "participating_regions row 2: error: FI1D3 is Pohjois-Karjala (North Karelia), not Kainuu; Kainuu is FI1D8" "Kainuu written with FI1D3"
  expect "participating_regions row 3: error: FI1D7 is Lappi (Lapland), not North Karelia; North Karelia is FI1D3" "North Karelia written with FI1D7"
  expect "participating_regions row 9: error:" "EL24"
  expect "EL64" "Sterea Ellada is EL64"
  expect "participating_regions row 9: warning: GR is the ISO 3166 code for Greece" "GR for EL"
  expect "participating_regions row 8: warning:" "Cenrto Portugal"
  expect "Centro" "Centro suggested"
  expect "participating_regions row 5: warning:" "Castilla y'Leon"
  for row in 1 4 6 7; do
    if grep -q "participating_regions row $row:" "$v"; then no "validate seed: no finding for row $row" "$(grep "row $row:" "$v")"; else ok "validate seed: no finding for row $row"; fi
  done
  n=$(wc -l <"$v")
  if [ "$n" -le 9 ]; then ok "validate seed: nothing spurious ($n findings)"; else no "validate seed: nothing spurious" "$(cat "$v")"; fi
fi
if run "validate --json seed" 1 "$bin" validate --json "$seed"; then
  if head -c1 "$tmp/out" | grep -q '\[' && grep -q '"code": "nuts-name-mismatch"' "$tmp/out" && grep -q '"row": 2' "$tmp/out" && grep -q '"suggestion": "FI1D8"' "$tmp/out"; then
    ok "validate --json prints one JSON array of findings"
  else
    no "validate --json prints one JSON array of findings" "$(head -c 400 "$tmp/out")"
  fi
fi
if run "validate --nuts 2024" 1 "$bin" validate --nuts 2024 "$seed" && grep -q "FI1DC" "$tmp/out"; then
  ok "validate --nuts 2024 checks against NUTS 2024"
else
  no "validate --nuts 2024 checks against NUTS 2024"
fi

# --- NUTS data: validate, import and serve need it ----------------------
# nonuts NAME DIR CMD...: with S3PM_NUTS_DIR=DIR, CMD exits 2 within 10 s,
# nothing on stdout, and stderr says what is missing, the folder looked in
# and how to name another one.
nonuts() {
  local name=$1 dir=$2
  shift 2
  S3PM_NUTS_DIR="$dir" run "$name" 2 timeout 10 "$@" || return
  if [ -s "$tmp/out" ]; then no "$name" "wrote to stdout"; return; fi
  if grep -q "no NUTS data, so region codes cannot be checked" "$tmp/err" &&
     grep -qF "looked in $dir (from S3PM_NUTS_DIR); set S3PM_NUTS_DIR to a folder" "$tmp/err"; then
    ok "$name"
  else
    no "$name" "$(cat "$tmp/err")"
  fi
}
mkdir -p "$tmp/nonuts"
"$bin" init --db "$tmp/nuts.db" >/dev/null 2>&1 || no "init for the NUTS tests"
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
nonuts "validate with an empty NUTS folder exits 2" "$tmp/nonuts" "$bin" validate "$seed"
nonuts "validate with a missing NUTS folder exits 2" "$tmp/nowhere" "$bin" validate "$seed"
nonuts "import with an empty NUTS folder exits 2" "$tmp/nonuts" "$bin" import "$seed" --db "$tmp/nuts.db"
nonuts "serve with an empty NUTS folder exits 2" "$tmp/nonuts" \
  "$bin" serve --listen "127.0.0.1:$(free_port)" --db "$tmp/nuts.db"
if S3PM_NUTS_DIR="$tmp/nonuts" run "convert needs no NUTS data" 0 "$bin" convert "$seed"; then
  ok "convert needs no NUTS data"
fi
# A broken code list is an error too, not a skipped check.
mkdir -p "$tmp/badnuts"
printf 'code\tlevel\n' >"$tmp/badnuts/nuts-2021.tsv"
if S3PM_NUTS_DIR="$tmp/badnuts" run "validate with a broken NUTS list exits 2" 2 "$bin" validate "$seed"; then
  if grep -q "the NUTS data cannot be read: .*nuts-2021.tsv" "$tmp/err" && grep -qF "looked in $tmp/badnuts" "$tmp/err"; then
    ok "validate with a broken NUTS list exits 2"
  else
    no "validate with a broken NUTS list exits 2" "$(cat "$tmp/err")"
  fi
fi
# With the data, as before: import works (nothing was imported above) and serve starts.
if run "import with NUTS data" 0 "$bin" import "$seed" --db "$tmp/nuts.db" && grep -q "imported as" "$tmp/out"; then
  ok "import with NUTS data"
fi
port=$(free_port)
"$bin" serve --listen "127.0.0.1:$port" --db "$tmp/nuts.db" >/dev/null 2>"$tmp/serve.log" &
spid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$tmp/serve.log" && break
  kill -0 "$spid" 2>/dev/null || break
  sleep 0.1
done
if grep -q "listening on" "$tmp/serve.log"; then ok "serve with NUTS data starts"; else no "serve with NUTS data starts" "$(cat "$tmp/serve.log")"; fi
kill "$spid" 2>/dev/null
wait "$spid" 2>/dev/null

# s3pm paths: the checkout's folders for a binary in its build folder, the
# environment's where set.
if env -u S3PM_FORMS_DIR -u S3PM_DATA_DIR -u S3PM_STATIC_DIR S3PM_NUTS_DIR="$tmp/nonuts" \
     "$bin" paths >"$tmp/out" 2>"$tmp/err" &&
   grep -qxF "forms   $root/forms (from the checkout: this binary runs from its build folder)" "$tmp/out" &&
   grep -qxF "data    $root/data (from the checkout: this binary runs from its build folder)" "$tmp/out" &&
   grep -qxF "static  $root/static (from the checkout: this binary runs from its build folder)" "$tmp/out" &&
   grep -qxF "nuts    $tmp/nonuts (from S3PM_NUTS_DIR)" "$tmp/out"; then
  ok "paths: checkout folders, environment first"
else
  no "paths: checkout folders, environment first" "$(cat "$tmp/out" "$tmp/err")"
fi
if env -u S3PM_NUTS_DIR "$bin" paths >"$tmp/out" 2>&1 && grep -qxF "nuts    $root/data/nuts (from the checkout: this binary runs from its build folder)" "$tmp/out"; then
  ok "paths: the NUTS data is the project's own data/nuts"
else
  no "paths: the NUTS data is the project's own data/nuts" "$(cat "$tmp/out")"
fi

# --- findings other than regions -----------------------------------------
cat >other.json <<'JSON'
{"form": "s3-monitoring-2020", "answers": {
  "reporting_period": "2020-H1", "partnership": "Mining industry", "webpage": "htp:/nowhere",
  "participating_regions": [{"name": "Lapland", "country": "XX", "nuts": "FI1D7"}],
  "working_areas": [{"area": "a1"}, {"area": "a2"}, {"area": "a3"}, {"area": "a4"}, {"area": "a5"}, {"area": "a6"},
                    {"area": "a7"}, {"area": "a8"}, {"area": "a9"}, {"area": "a10"}, {"area": "a11"}],
  "past_events": [{"event": "Kick-off", "date": "31.2.2020"}],
  "sdg": {"3": "maybe"}
}}
JSON
if run "validate other findings" 1 "$bin" validate other.json; then
  v="$tmp/out"
  expect "executive_summary: error:" "missing mandatory answer"
  expect "working_areas row 11: error:" "more table rows than allowed"
  expect "webpage: error:" "malformed URL"
  expect "past_events row 1: error: \"31.2.2020\" is not a date" "a date that is no date"
  expect "participating_regions row 1: error:" "a country code that is no country"
  expect "sdg row 3: error:" "an SDG answer off the scale"
fi

# --- bad input -------------------------------------------------------------
: >empty.txt
bad "empty file" empty.txt "empty"
printf '   \n\n  \n' >blank.txt
bad "blank file" blank.txt "empty"
head -c 4096 "$bin" >binary.bin
bad "binary file" binary.bin "not a text file"
printf 'Reporting period\n\nJanuary - June 2020 \xff\xfe\n' >latin1.txt
bad "invalid UTF-8" latin1.txt "invalid UTF-8"
head -n 200 "$seed" >truncated.txt
bad "truncated text report" truncated.txt "cut short"
head -c 3000 seed.json >truncated.json
bad "truncated JSON report" truncated.json "not valid JSON"
truncate -s 100M big.txt
bad "100 MB file" big.txt "too large"
echo '{"form": "s3-monitoring-2020", "answers": {"executive_summary": ["not", "text"]}}' >types.json
bad "JSON report with wrong types" types.json "answers.executive_summary: must be a string"
echo '{"form": "s3-monitoring-2020", "answers": {"participating_regions": [{"name": 5}]}}' >types2.json
bad "JSON report with a wrong type in a row" types2.json "answers.participating_regions[0].name"
echo '{"colour": "red"}' >notreport.json
bad "JSON that is not a report" notreport.json "form"
echo '{"form": "no-such-form", "answers": {}}' >unknownform.json
bad "report of an unknown form" unknownform.json "unknown form"
printf 'Dear colleagues,\nthe minutes follow.\n' >letter.txt
bad "text that is not a report" letter.txt "not a monitoring report"
bad "missing file" does-not-exist.txt "no such file"
mkdir -p adir
bad "a folder" adir "folder"

# A faulty form definition: the file, the line, or the member at fault.
mkdir -p forms
cp "$root/forms/s3-monitoring-2020.json" forms/
printf '{"id": "broken",\n "title": "T",\n "sections": [\n' >forms/broken.json
echo '{"form": "broken", "answers": {}}' >usesbroken.json
S3PM_FORMS_DIR="$tmp/forms" run "faulty form definition (syntax)" 2 "$bin" convert usesbroken.json
if grep -q 'forms/broken.json:4:' "$tmp/err" && [ ! -s "$tmp/out" ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
  ok "faulty form definition (syntax): file and line named"
else
  no "faulty form definition (syntax): file and line named" "$(cat "$tmp/err")"
fi
printf '{"id": "broken", "title": "T", "sections": [{"id": "s", "title": "S", "visibility": "public",\n "items": [{"id": "q", "label": "Q", "type": "tabel"}]}]}\n' >forms/broken.json
S3PM_FORMS_DIR="$tmp/forms" run "faulty form definition (type)" 2 "$bin" convert usesbroken.json
if grep -q 'broken.json: sections\[0\].items\[0\].type: unknown type "tabel"' "$tmp/err"; then
  ok "faulty form definition (type): member named"
else
  no "faulty form definition (type): member named" "$(cat "$tmp/err")"
fi

# Command-line mistakes.
run "unknown command" 2 "$bin" frobnicate && ok "unknown command exits 2"
if run "validate --nuts 1999" 2 "$bin" validate --nuts 1999 "$seed"; then
  # A wrong message is a failure too, not silence.
  if grep -q "2013, 2016, 2021 or 2024" "$tmp/err"; then
    ok "validate --nuts 1999 refused, naming the versions"
  else
    no "validate --nuts 1999 refused, naming the versions" "$(head -c 300 "$tmp/err")"
  fi
fi
run "convert without file" 2 "$bin" convert && ok "convert without a file exits 2"

# Reading from standard input.
if "$bin" convert - <"$seed" >stdin.json 2>/dev/null && cmp -s stdin.json seed.json; then
  ok "convert reads standard input"
else
  no "convert reads standard input"
fi
# A 100 MB stream on standard input is refused without reading it all into memory.
if head -c 104857600 /dev/zero | tr '\0' 'a' | "$bin" convert - >/dev/null 2>"$tmp/err"; then
  no "100 MB on standard input refused"
else
  if grep -q "too large" "$tmp/err"; then ok "100 MB on standard input refused"; else no "100 MB on standard input refused" "$(cat "$tmp/err")"; fi
fi

# Partnerships and accounts through the application layer.
adb="$tmp/admin.db"
run "init for the account commands" 0 "$bin" init --db "$adb" && ok "init for the account commands"
run "partnership add" 0 "$bin" partnership add blue-growth --name "Blue growth" --platform "Sustainable Blue Economy" --db "$adb" \
  && ok "partnership add"
if run "partnership add with an unknown platform" 2 "$bin" partnership add x --name X --platform Mining --db "$adb"; then
  if grep -q 'Unknown thematic platform "Mining"' "$tmp/err"; then ok "unknown platform named"; else no "unknown platform named" "$(cat "$tmp/err")"; fi
fi
if run "partnership add twice" 2 "$bin" partnership add blue-growth --name Again --db "$adb"; then
  if grep -q 'exists already' "$tmp/err"; then ok "a second partnership of a slug refused"; else no "a second partnership of a slug refused" "$(cat "$tmp/err")"; fi
fi
run "partnership set" 0 "$bin" partnership set blue-growth --name "Blue growth regions" --db "$adb" && ok "partnership set"
if run "partnership list" 0 "$bin" partnership list --db "$adb"; then
  if grep -q "^blue-growth	Blue growth regions	Sustainable Blue Economy	-$" "$tmp/out"; then ok "partnership list shows the change"; else no "partnership list shows the change" "$(cat "$tmp/out")"; fi
fi
S3PM_PASSWORD=long-enough-password run "user add member" 0 "$bin" user add mia@example.org --role member --partnership blue-growth --db "$adb" \
  && ok "user add member"
run "user role to committee" 0 "$bin" user role mia@example.org committee --db "$adb" && ok "user role"
if run "user role member without a partnership" 2 "$bin" user role mia@example.org member --db "$adb"; then
  if grep -q "belongs to a partnership" "$tmp/err"; then ok "a member without a partnership refused"; else no "a member without a partnership refused" "$(cat "$tmp/err")"; fi
fi
run "user deactivate" 0 "$bin" user deactivate mia@example.org --db "$adb" && ok "user deactivate"
if run "user list" 0 "$bin" user list --db "$adb"; then
  if grep -q "^mia@example.org	committee	inactive$" "$tmp/out"; then ok "user list shows role and state"; else no "user list shows role and state" "$(cat "$tmp/out")"; fi
fi
if run "audit" 0 "$bin" audit --limit 3 --db "$adb"; then
  if [ "$(wc -l <"$tmp/out")" -eq 3 ] && head -1 "$tmp/out" | grep -q "user.deactivate	user:"; then ok "audit lists the newest entries"; else no "audit lists the newest entries" "$(cat "$tmp/out")"; fi
fi
if run "user role of nobody" 2 "$bin" user role nobody@example.org admin --db "$adb"; then
  if grep -q "No account nobody@example.org" "$tmp/err"; then ok "an unknown account named"; else no "an unknown account named" "$(cat "$tmp/err")"; fi
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
