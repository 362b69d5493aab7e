#!/usr/bin/env bash
# build.sh [DIR [MESON-OPTIONS...]] - configures (once) and builds s3pm with Meson and Ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-build}
shift || true
if [ ! -f "$dir/build.ninja" ]; then
  meson setup "$dir" "$@" >/dev/null
elif [ meson.build -nt "$dir/build.ninja" ] || [ meson_options.txt -nt "$dir/build.ninja" ]; then
  meson setup --reconfigure "$dir" "$@" >/dev/null
fi
ninja -C "$dir" >/dev/null
