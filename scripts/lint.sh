#!/usr/bin/env bash
# lint.sh - banned functions (after curl's list), kept out of the C sources.
set -uo pipefail
cd "$(dirname "$0")/.."
banned='\b(sprintf|vsprintf|strcat|strncat|strcpy|strncpy|strtok|atoi|atol|atoll|atof|strtol|strtoul|strtoll|sscanf|gets|gmtime|localtime)\s*\('
if grep -nE "$banned" src/*/*.c src/*/*.h; then
  echo "lint: banned function used (see STYLE.md)"
  exit 1
fi
# html_raw takes string literals only: data goes through html_text/html_attr/html_url_arg.
# (A choice between literals, cond ? "a" : "b", is still literal: a line
# is flagged when html_raw's argument holds no literal at all.)
if grep -nE 'html_raw\([^,]+,[^"]*\)' $(ls src/web/*.c | grep -v '/html.c$') 2>/dev/null; then
  echo "lint: html_raw with something other than a string literal"
  exit 1
fi
# No raw printf of %s into pages: html_textf/html_attrf escape what they expand.
if grep -nE 'buf_printf\([^;]*%s' src/web/page_*.c src/web/render.c src/web/layout.c 2>/dev/null; then
  echo "lint: buf_printf with %s in a page (use html_textf / html_attrf)"
  exit 1
fi
echo "lint: clean"
