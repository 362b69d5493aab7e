#!/usr/bin/env bash
# bench.sh [BENCH-ARGS...] - builds the release benchmark (build-bench, -O3) and runs bench_core on one core (make bench).
#
# Arguments go to bench_core: -t SECONDS a round (3), -r ROUNDS a path (5; the median is judged),
# --only text|json|parts, or another export to read.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
dir=build-bench

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ ! -f "$dir/build.ninja" ]; then
  setup=(meson setup "$dir" --buildtype=release -Dtests=disabled)
else
  setup=(meson configure "$dir" -Dbuildtype=release)
fi
if ! "${setup[@]}" >"$log" 2>&1; then
  tail -n 20 "$log" >&2
  echo "bench: ${setup[*]} failed" >&2
  exit 1
fi
if ! meson compile -C "$dir" bench_core >"$dir/bench-build.log" 2>&1; then
  tail -n 40 "$dir/bench-build.log" >&2
  echo "bench: the release build failed (see $dir/bench-build.log)" >&2
  exit 1
fi

export S3PM_FORMS_DIR="$root/forms" S3PM_SAMPLES_DIR="$root/samples"
: "${S3PM_DATA_DIR:=$root/data}"
export S3PM_DATA_DIR
if [ -z "${S3PM_NUTS_DIR:-}" ] && [ -d "$root/data/nuts" ]; then
  S3PM_NUTS_DIR=$(cd "$root/data/nuts" && pwd)
fi
[ -n "${S3PM_NUTS_DIR:-}" ] && export S3PM_NUTS_DIR

echo "== $dir/bench/bench_core $* (buildtype=release)"
exec "$dir/bench/bench_core" "$@"
