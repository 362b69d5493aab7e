#!/usr/bin/env bash
# setup.sh - installs what s3pm needs on Debian 12 (apt-get; sudo when not root). Idempotent.
set -euo pipefail

PKGS=(
  # build
  gcc make meson ninja-build pkg-config curl python3
  # the server tests: ss (an upload under way before a signal)
  iproute2
  # libraries
  libjansson-dev libglib2.0-dev libsqlite3-dev sqlite3 libmicrohttpd-dev libsodium-dev libcurl4-openssl-dev
  # PostgreSQL: libpq for the store's second backend; the server itself
  # (initdb, pg_ctl; unaccent from contrib) and psql/psycopg2, for the
  # tests that run on it (scripts/pg.sh)
  libpq-dev postgresql postgresql-contrib postgresql-client python3-psycopg2
  # documents: PDF out (cairo, pango, DejaVu fonts), PDF in (poppler), spreadsheets
  libcairo2-dev libpango1.0-dev fonts-dejavu-core libpoppler-glib-dev libxlsxwriter-dev
  # the allocator (meson.build says why)
  libmimalloc-dev
  # tests: unit tests, sanitizers, fuzzing, the real browser
  libcmocka-dev clang libclang-rt-14-dev chromium
  # the mail tests: a real SMTP server on localhost
  python3-aiosmtpd
  # the document tests: other tools read what s3pm writes (poppler-utils,
  # openpyxl), and other programs write PDFs for s3pm to read (LibreOffice,
  # qpdf for an encrypted one)
  poppler-utils python3-openpyxl libreoffice-writer-nogui qpdf
  # the JSON API's test validates every answer against data/openapi.json
  python3-jsonschema
  # operations: the manual page rendered (groff -ww, man -l), the examples
  # checked (nginx -t against a self-signed certificate from openssl,
  # systemd-analyze verify/security)
  groff-base man-db nginx openssl systemd
)

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js for the browser tests (playwright-core needs 20 or later): the
# machine's own when it has one (NodeSource's nodejs carries npm, and
# Debian's npm package would conflict with it), else Debian's.
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
