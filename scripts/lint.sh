#!/usr/bin/env bash
# lint.sh - banned functions (after curl's list), kept out of the C sources.
set -uo pipefail
cd "$(dirname "$0")/.."
banned='\b(sprintf|vsprintf|strcat|strncat|strcpy|strncpy|strtok|atoi|atol|atoll|atof|strtol|strtoul|strtoll|sscanf|gets|gmtime|localtime)\s*\('
if grep -nE "$banned" src/*/*.c src/*/*.h; then
  echo "lint: banned function used (see STYLE.md)"
  exit 1
fi
echo "lint: clean"
