#!/usr/bin/env bash
# run.sh - the main job: set up, build, and run s3pm on the bundled sample report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh build
sample=samples/s3-monitoring-report-mining-2020H1.txt
mkdir -p out
echo "== s3pm convert $sample -o out/mining-industry-2020-H1.json"
./build/s3pm convert "$sample" -o out/mining-industry-2020-H1.json
echo "== s3pm validate $sample"
set +e
./build/s3pm validate "$sample"
status=$?
set -e
echo "== validate exited with $status (0 no errors, 1 errors found, 2 unreadable)"
[ "$status" -le 1 ]
