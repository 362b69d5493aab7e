#!/usr/bin/env bash
# pg.sh - a PostgreSQL server of its own for the tests: Debian's PostgreSQL (15),
# initdb and pg_ctl as the postgres user when run as root, listening only on a
# Unix socket in DIR (no TCP port, so that several runs never collide).
#   bash scripts/pg.sh start DIR          starts it (DIR is made); prints its URL
#   bash scripts/pg.sh url DIR            prints the URL of its database s3pm
#   bash scripts/pg.sh createdb DIR NAME  a new database NAME; prints its URL
#   bash scripts/pg.sh dropdb DIR NAME    drops it
#   bash scripts/pg.sh stop DIR [--clean] stops it (--clean: removes DIR too)
# The URLs are libpq's: postgresql://s3pm@/NAME?host=DIR (DIR encoded).
# Only the URL goes to stdout; progress and errors go to stderr. start on a
# DIR that holds a cluster already starts it again (its data kept), and does
# nothing more when it is running. DIR's parents must be searchable by the
# postgres user when run as root (mktemp -d under /tmp; pg.sh makes DIR 755).
set -euo pipefail

cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: pg.sh start|url|createdb|dropdb|stop DIR [NAME|--clean]" >&2
  exit 2
fi
bindir=/usr/lib/postgresql/15/bin
if [ ! -x "$bindir/pg_ctl" ]; then
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/pg_ctl" ]; then
  echo "pg.sh: no PostgreSQL server found (apt-get install postgresql; scripts/setup.sh does)" >&2
  exit 1
fi
# As root the server runs as postgres (it refuses root); else as the caller.
as() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
running() { as "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; }
url_of() { # url_of NAME
  printf 'postgresql://s3pm@/%s?host=%s\n' "$1" "$(printf '%s' "$dir" | sed 's|%|%25|g; s|/|%2F|g; s| |%20|g')"
}
absdir() { # DIR made absolute, for url, createdb and dropdb: it must exist
  [ -d "$dir" ] || { echo "pg.sh: no folder $dir (bash scripts/pg.sh start $dir first)" >&2; exit 1; }
  dir=$(cd "$dir" && pwd)
}
name_ok() {
  [[ "$1" =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "pg.sh: not a database name: $1" >&2; exit 2; }
}

case $cmd in
start)
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    echo "pg.sh: running as root, but there is no postgres user to run the server (apt-get install postgresql)" >&2
    exit 1
  fi
  mkdir -p "$dir" || { echo "pg.sh: cannot make $dir" >&2; exit 1; }
  dir=$(cd "$dir" && pwd)
  # The socket's path must fit in sun_path (107 bytes and a NUL).
  if [ $(( ${#dir} + 17 )) -gt 107 ]; then
    echo "pg.sh: $dir is too long for a Unix socket path (at most 90 characters)" >&2
    exit 1
  fi
  if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
  chmod 755 "$dir"
  as test -w "$dir" ||
    { echo "pg.sh: the postgres user cannot write in $dir: make its parent folders searchable (chmod o+x)" >&2; exit 1; }
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    # Locale C: text sorts and lower() folds byte by byte, as in SQLite
    # (the encoding is UTF-8 all the same).
    locale=C
    echo "pg.sh: initdb $dir/data ($("$bindir/initdb" --version), locale $locale)" >&2
    as "$bindir/initdb" -D "$dir/data" -A trust -U s3pm --encoding=UTF8 --locale="$locale" \
      >"$dir/initdb.log" 2>&1 || { echo "pg.sh: initdb failed, see $dir/initdb.log" >&2; exit 1; }
  fi
  if running; then
    echo "pg.sh: the server of $dir is running already" >&2
  else
    # pg_ctl hands -o to the server through sh: DIR quoted. No TCP:
    # listen_addresses is empty, the socket is DIR/.s.PGSQL.5432.
    as "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 \
      -o "-k '$dir' -c listen_addresses='' -c fsync=on -c max_connections=200 -c shared_buffers=64MB" \
      start >/dev/null 2>&1 || {
      echo "pg.sh: the server did not start, see $dir/log; its last lines:" >&2
      tail -n 5 "$dir/log" >&2 2>/dev/null || true
      exit 1
    }
    echo "pg.sh: server started on the socket in $dir (no TCP port)" >&2
  fi
  if ! "$bindir/psql" -X -h "$dir" -U s3pm -d postgres -Atqc "SELECT 1 FROM pg_database WHERE datname = 's3pm'" | grep -q 1; then
    "$bindir/createdb" -h "$dir" -U s3pm s3pm || { echo "pg.sh: createdb s3pm failed" >&2; exit 1; }
  fi
  url_of s3pm
  ;;
url)
  absdir
  url_of s3pm
  ;;
createdb)
  absdir
  name_ok "${3:-}"
  "$bindir/createdb" -h "$dir" -U s3pm "$3" || { echo "pg.sh: createdb $3 failed" >&2; exit 1; }
  url_of "$3"
  ;;
dropdb)
  absdir
  name_ok "${3:-}"
  "$bindir/dropdb" -h "$dir" -U s3pm --if-exists --force "$3"
  ;;
stop)
  [ -d "$dir" ] || exit 0
  if [ -f "$dir/data/postmaster.pid" ]; then
    as "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [ "${3:-}" = --clean ]; then rm -rf "$dir"; fi
  ;;
*)
  echo "pg.sh: unknown command $cmd (start, url, createdb, dropdb, stop)" >&2
  exit 2
  ;;
esac
