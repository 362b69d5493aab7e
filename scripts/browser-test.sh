#!/usr/bin/env bash
# browser-test.sh - the real-browser tests (tests/browser/run.mjs): Debian's
# Chromium driven by playwright-core against a `s3pm serve` of a temporary
# database, axe-core for accessibility, and the W3C Nu Html Checker (npm
# vnu-jar, on Debian's Java) for the HTML of every page type.
#
# Installs what is missing: Debian's chromium (and nodejs + npm when there is
# no node at all) with apt-get, and the npm packages of tests/browser with
# `npm ci` from its lockfile (playwright-core, axe-core and vnu-jar: no
# browser download; once node_modules is there nothing is fetched again). Builds
# s3pm, runs the scenarios and ends with the line `browser: N passed, N
# failed`; exits non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

give_up() {
  echo "browser-test: $1"
  echo "browser: 0 passed, 1 failed"
  exit 1
}

bash scripts/setup.sh || give_up "scripts/setup.sh failed"

# What the browser tests need beyond setup.sh (a no-op once setup.sh has them).
pkgs=()
[ -x /usr/bin/chromium ] || pkgs+=(chromium)
# Java for the W3C Nu Html Checker (npm vnu-jar).
command -v java >/dev/null || pkgs+=(default-jre-headless)
# node and npm: the machine's own when present (NodeSource's nodejs carries
# npm; Debian's npm package would fight it), else Debian's.
if ! command -v node >/dev/null; then
  pkgs+=(nodejs npm)
elif ! command -v npm >/dev/null; then
  pkgs+=(npm)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
  echo "browser-test: installing ${pkgs[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  export DEBIAN_FRONTEND=noninteractive
  { $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${pkgs[@]}"; } >/dev/null ||
    give_up "apt-get install ${pkgs[*]} failed"
fi
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || echo "browser-test: warning: node $(node --version) is older than playwright-core's minimum (20)"

# npm packages, from the lockfile; skipped when what is installed matches it.
(
  cd tests/browser || exit 1
  if [ -f node_modules/.package-lock.json ] && [ -d node_modules/playwright-core ] && [ -d node_modules/axe-core ] &&
    [ -f node_modules/vnu-jar/build/dist/vnu.jar ] &&
    [ node_modules/.package-lock.json -nt package-lock.json ]; then
    exit 0
  fi
  # No install scripts: vnu-jar's would fetch a Java runtime (Debian's is used).
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --prefer-offline --ignore-scripts
) || give_up "npm ci in tests/browser failed"

bash scripts/build.sh build || give_up "the build failed"

: "${S3PM_NUTS_DIR:=$root/data/nuts}"
export S3PM_NUTS_DIR S3PM_FORMS_DIR="$root/forms" S3PM_DATA_DIR="$root/data"
export S3PM_BIN="$root/build/s3pm" CHROMIUM=/usr/bin/chromium

# A hard bound on the whole run (the scenarios have their own timeouts).
timeout -k 10 "${BROWSER_TEST_TIMEOUT:-900}" node tests/browser/run.mjs
rc=$?
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
  echo "browser-test: timed out"
  echo "browser: 0 passed, 1 failed"
fi
exit "$rc"
