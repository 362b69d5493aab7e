#!/usr/bin/env bash
# run.sh - the main job: set up, build, create s3pm.db with the sample
# partnership and its 2020-H1 report imported as published, one demo user per
# role (passwords printed), and serve the web application on
# http://127.0.0.1:8080 (override with S3PM_LISTEN, S3PM_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
s3pm=./build/s3pm
db=${S3PM_DB:-s3pm.db}
listen=${S3PM_LISTEN:-127.0.0.1:8080}
sample=samples/s3-monitoring-report-mining-2020H1.txt

echo "== s3pm validate $sample (the seed report, as the reader sees it)"
"$s3pm" validate "$sample" || true

if [ ! -e "$db" ]; then
  echo "== creating $db"
  "$s3pm" init --db "$db"
  "$s3pm" import "$sample" --status published --platform "Industrial Modernisation" --db "$db"
  "$s3pm" period set 2020-H2 --deadline 2021-01-31 --db "$db"
  echo "== demo users (passwords are shown once; change them with: $s3pm user passwd EMAIL --db $db)"
  while read -r email role slug name; do
    args=(user add "$email" --role "$role" --name "$name" --db "$db")
    if [ "$slug" != "-" ]; then args+=(--partnership "$slug"); fi
    S3PM_PASSWORD= "$s3pm" "${args[@]}"
  done <<'USERS'
admin@example.eu admin - Ada Administrator
officer@ec.example.eu commission - Carla Commission
committee@example.eu committee - Kim Committee
coordinator@mining.example.eu coordinator mining-industry Lauri Coordinator
member@mining.example.eu member mining-industry Maria Member
USERS
else
  echo "== using the existing $db (delete it to start afresh)"
fi
echo "== serving on http://$listen (Ctrl-C stops)"
exec "$s3pm" serve --listen "$listen" --db "$db"
