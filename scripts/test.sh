#!/usr/bin/env bash
# test.sh - the README's test command: set up, build, and run every suite
# (unit tests, command-line tests, server and browser tests; the store's
# tests and the server tests again on a PostgreSQL server that it starts
# itself (scripts/pg.sh) and stops at the end; unit, command-line and server
# tests again under AddressSanitizer and UndefinedBehaviorSanitizer; the
# fuzzers for a bounded time). Ends with the line "N passed, N failed" over
# all suites.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

bash scripts/setup.sh || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

: "${S3PM_NUTS_DIR:=$root/data/nuts}"
export S3PM_NUTS_DIR
export S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data" S3PM_SAMPLES_DIR="$root/samples"
FUZZ_SECONDS=${FUZZ_SECONDS:-60}

passed=0
failed=0
log=$(mktemp -d)
# The PostgreSQL server of the tests: a socket in a folder of its own, which
# the postgres user must reach (scripts/pg.sh).
pgdir=$(mktemp -d /tmp/s3pm-pg.XXXXXX)
chmod 755 "$pgdir"
trap 'bash scripts/pg.sh stop "$pgdir/pg" --clean >/dev/null 2>&1; rm -rf "$log" "$pgdir"' EXIT

count() { # count SUITE PASSED FAILED
  printf '== %s: %d passed, %d failed\n' "$1" "$2" "$3"
  passed=$((passed + $2))
  failed=$((failed + $3))
}

unit() { # unit BUILDDIR LABEL [NAME]: every unit test program, or test_NAME
  local dir=$1 label=$2 p=0 f=0 t out
  for t in "$dir"/tests/unit/test_${3:-*}; do
    [ -f "$t" ] && [ -x "$t" ] || continue
    out="$log/$(basename "$t").$label"
    CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$out" 2>&1
    local rc=$?
    cat "$out"
    local ok bad
    # A program may run several groups: add up their summaries.
    ok=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {if (NR) print s}')
    bad=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | awk '{s+=$1} END {if (NR) print s}')
    p=$((p + ${ok:-0}))
    f=$((f + ${bad:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$bad" ]; then
      echo "!! $(basename "$t") ($label) exited with $rc before its summary"
      f=$((f + 1))
    fi
  done
  count "unit tests ($label)" "$p" "$f"
}

cli() { # cli BINARY LABEL
  local out="$log/cli.$2"
  bash tests/cli/run.sh "$1" >"$out" 2>&1
  cat "$out"
  local p f
  p=$(sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$out")
  f=$(sed -n 's/^cli: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$out")
  if [ -z "$p" ]; then p=0; f=1; fi
  count "command-line tests ($2)" "$p" "$f"
}

lines() { # lines SUITE-LABEL PREFIX LOGFILE: reads "PREFIX: N passed, N failed"
  local p f
  p=$(sed -n "s/^$2: \([0-9]*\) passed, \([0-9]*\) failed\$/\1/p" "$3" | tail -n1)
  f=$(sed -n "s/^$2: \([0-9]*\) passed, \([0-9]*\) failed\$/\2/p" "$3" | tail -n1)
  if [ -z "$p" ]; then p=0; f=1; fi
  count "$1" "$p" "$f"
}

servertests() { # servertests BINARY LABEL [GLOB]: the black-box server tests (all, or tGLOB)
  local t out
  for t in tests/http/t${3:-*}.sh; do
    out="$log/$(basename "$t").$2"
    bash "$t" "$1" >"$out" 2>&1
    cat "$out"
    lines "server tests $(basename "$t" .sh) ($2)" http "$out"
  done
}

# pgtests BINARY LABEL [GLOB]: the store's unit tests and the server tests
# (all, or tGLOB) on PostgreSQL, each suite on a database of its own.
pgtests() {
  local url
  if [ -z "$pgurl" ]; then
    count "PostgreSQL tests ($2): the server did not start" 0 1
    return
  fi
  url=$(bash scripts/pg.sh createdb "$pgdir/pg" "unit_$2") || { count "a PostgreSQL database ($2)" 0 1; return; }
  S3PM_TEST_PG_URL=$url unit "$(dirname "$1")" "$2, PostgreSQL" store
  S3PM_TEST_PG="$pgdir/pg" servertests "$1" "$2, PostgreSQL" "${3:-*}"
}

if bash scripts/lint.sh; then count "lint" 1 0; else count "lint" 0 1; fi

if pgurl=$(bash scripts/pg.sh start "$pgdir/pg" 2>"$log/pg"); then
  echo "PostgreSQL of the tests: $pgurl"
else
  cat "$log/pg"
  pgurl=
fi

if bash scripts/build.sh build; then
  unit build plain
  cli build/s3pm plain
  servertests build/s3pm plain
  pgtests build/s3pm plain
  out="$log/browser"
  bash scripts/browser-test.sh >"$out" 2>&1
  cat "$out"
  lines "browser tests" browser "$out"
  if [ -n "$pgurl" ] && url=$(bash scripts/pg.sh createdb "$pgdir/pg" browser); then
    S3PM_BROWSER_DB=$url bash scripts/browser-test.sh >"$out.pg" 2>&1
    cat "$out.pg"
    lines "browser tests (PostgreSQL)" browser "$out.pg"
  else
    count "browser tests (PostgreSQL): no database" 0 1
  fi
else
  echo "!! build failed"
  count "build" 0 1
fi

if bash scripts/build.sh build-asan -Db_sanitize=address,undefined -Db_lundef=false; then
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  # Caches of the font libraries under the PDF renderer (tests/lsan.supp).
  export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp:print_suppressions=0
  unit build-asan sanitizers
  cli build-asan/s3pm sanitizers
  servertests build-asan/s3pm sanitizers
  # On PostgreSQL under the sanitizers: the store, two servers at once, a
  # move from SQLite and back.
  pgtests build-asan/s3pm sanitizers '002[23]-*'
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
else
  echo "!! sanitizer build failed"
  count "sanitizer build" 0 1
fi

if [ "$FUZZ_SECONDS" -gt 0 ]; then
  out="$log/fuzz"
  bash scripts/fuzz.sh "$FUZZ_SECONDS" >"$out" 2>&1
  cat "$out"
  p=$(grep -c '^fuzz_[a-z_]*: .* OK$' "$out")
  f=$(grep -c '^fuzz_[a-z_]*: .*FAILED' "$out")
  if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  count "fuzzing (${FUZZ_SECONDS}s per target)" "$p" "$f"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
