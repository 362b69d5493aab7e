#!/usr/bin/env bash
# fuzz.sh [SECONDS] - builds the libFuzzer targets (build-fuzz, clang) and runs each for SECONDS (60) on a copy of its seed corpus.
#
# Prints one line per target, "fuzz_<name>: N runs, OK" or "fuzz_<name>: FAILED ...",
# and exits 1 when any target crashed, leaked, timed out or could not be built.
# The seeds in tests/fuzz/corpus are never written to: new inputs go to a
# temporary copy, crashing inputs and logs to build-fuzz/fuzz-artifacts/.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

secs=${1:-60}
if ! [[ "$secs" =~ ^[0-9]+$ ]] || [ "$secs" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS]   (SECONDS per target, a whole number >= 1)" >&2
  exit 2
fi

targets=(text json form http pdf conf dump)
dir=build-fuzz

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail_all() { # fail_all REASON
  local t
  for t in "${targets[@]}"; do
    echo "fuzz_$t: FAILED ($1)"
  done
  exit 1
}

command -v clang >/dev/null 2>&1 || fail_all "clang is not installed; run scripts/setup.sh"

if [ ! -f "$dir/build.ninja" ]; then
  if ! CC=clang meson setup "$dir" -Dfuzz=true -Dtests=disabled >"$tmp/setup.log" 2>&1; then
    cat "$tmp/setup.log" >&2
    fail_all "meson setup failed"
  fi
elif [ -n "$(find meson.build meson_options.txt tests/fuzz/meson.build -newer "$dir/build.ninja" 2>/dev/null)" ]; then
  CC=clang meson setup --reconfigure "$dir" -Dfuzz=true -Dtests=disabled >/dev/null 2>&1 ||
    fail_all "meson setup --reconfigure failed"
fi
if ! meson compile -C "$dir" "${targets[@]/#/fuzz_}" >"$dir/fuzz-build.log" 2>&1; then
  tail -n 40 "$dir/fuzz-build.log" >&2
  fail_all "build failed, see $dir/fuzz-build.log"
fi

# Where the targets find the form, the sample and (when present) NUTS.
export S3PM_FORMS_DIR="$root/forms" S3PM_SAMPLES_DIR="$root/samples"
: "${S3PM_DATA_DIR:=$root/data}"
export S3PM_DATA_DIR
if [ -z "${S3PM_NUTS_DIR:-}" ] && [ -d "$root/data/nuts" ]; then
  S3PM_NUTS_DIR=$(cd "$root/data/nuts" && pwd)
fi
[ -n "${S3PM_NUTS_DIR:-}" ] && export S3PM_NUTS_DIR
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

status=0

for t in "${targets[@]}"; do
  name=fuzz_$t
  bin=$dir/tests/fuzz/$name
  art=$root/$dir/fuzz-artifacts/$name
  log=$tmp/$name.log
  mkdir -p "$art" "$tmp/$name"
  cp -R "tests/fuzz/corpus/$t/." "$tmp/$name/"
  dict=()
  [ -f "tests/fuzz/dict/$t.dict" ] && dict=("-dict=tests/fuzz/dict/$t.dict")

  "$bin" "${dict[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$art/" "$tmp/$name" >"$log" 2>&1
  rc=$?

  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n1)
  if [ -z "$runs" ]; then
    runs=$(sed -n 's/^#\([0-9][0-9]*\)[[:space:]].*/\1/p' "$log" | tail -n1)
  fi
  runs=${runs:-0}
  extra=""
  if [ "$t" != form ] && [ "$t" != conf ] && [ "$t" != dump ]; then
    if grep -q "NUTS not loaded" "$log" || [ -z "${S3PM_NUTS_DIR:-}" ]; then
      extra=" (without NUTS)"
    else
      extra=" (with NUTS)"
    fi
  fi

  if [ "$rc" -eq 0 ] && ! grep -qE '^==[0-9]+==ERROR|^SUMMARY: ' "$log"; then
    echo "$name: $runs runs$extra, OK"
    continue
  fi
  status=1
  cp "$log" "$art/fuzz.log"
  why=$(grep -m1 -E '^SUMMARY: |^round trip: |ERROR: libFuzzer: |^==[0-9]+==ERROR: ' "$log" |
        sed -e 's/^==[0-9]*==//')
  unit=$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n1)
  echo "$name: FAILED after $runs runs: ${why:-exit status $rc}${unit:+ (input: $unit)} (log: $art/fuzz.log)"
done

exit "$status"
