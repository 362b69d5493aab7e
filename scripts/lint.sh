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
if grep -nE 'html_raw\([^,]+,[^"]*\)' src/web/*.c src/mail/*.c 2>/dev/null; then
  echo "lint: html_raw with something other than a string literal"
  exit 1
fi
# No raw printf of %s into what the web edge writes (pages, forms, error
# pages): html_textf/html_attrf escape what they expand.
if grep -nE 'buf_printf\([^;]*%s' src/web/*.c src/mail/mail_html.c 2>/dev/null; then
  echo "lint: buf_printf with %s in the web edge (use html_textf / html_attrf)"
  exit 1
fi
# HTML is written by the edges that show it only (the web pages, the
# mails' HTML part): no markup in the other rings, but for the escaping
# functions themselves (src/core/html.c).
if grep -nE '"[^"]*<(p|div|a|ul|li|table|tr|td|th|h[1-6]|span|form|input|section)[ >]' $(ls src/core/*.c | grep -v '/html.c$') src/doc/*.c src/store/*.c src/app/*.c src/cli/*.c 2>/dev/null; then
  echo "lint: HTML outside src/web and src/mail"
  exit 1
fi

# The rings' include directions: core <- store <- app <- edges (web, mail, cli),
# and core <- doc (documents: PDF, spreadsheets) <- app, cli.
# Each folder may include its own headers and those listed for it; the
# edges never see a store header.
ring_of() { # ring_of HEADER: the folder under src/ that holds it, or ""
  local f
  for f in src/core src/doc src/store src/app src/web src/mail src/cli; do
    [ -f "$f/$1" ] && { basename "$f"; return; }
  done
}
allowed() { # allowed FROM TO
  case "$1:$2" in
    core:core) return 0 ;;
    store:core|store:store) return 0 ;;
    doc:core|doc:doc) return 0 ;;
    app:core|app:doc|app:store|app:app) return 0 ;;
    web:core|web:app|web:web) return 0 ;;
    mail:core|mail:app|mail:mail) return 0 ;;
    cli:core|cli:doc|cli:app|cli:cli) return 0 ;;
  esac
  return 1
}
bad_include=0
for file in src/*/*.c src/*/*.h; do
  from=$(basename "$(dirname "$file")")
  while IFS= read -r inc; do
    to=$(ring_of "$inc")
    [ -z "$to" ] && continue
    # The commands that start the web edge or print its routes.
    if [ "$from:$to" = cli:web ]; then
      case "$file" in src/cli/cmd_serve.c|src/cli/cmd_routes.c) continue ;; esac
    fi
    # The commands that send mail.
    if [ "$from:$to" = cli:mail ]; then
      case "$file" in src/cli/cmd_serve.c|src/cli/cmd_notify.c|src/cli/mailopts.[ch]) continue ;; esac
    fi
    if ! allowed "$from" "$to"; then
      echo "$file: includes $inc ($to), which $from may not"
      bad_include=1
    fi
  done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
done
if [ "$bad_include" -ne 0 ]; then
  echo "lint: include across the rings (see docs/ARCHITECTURE.md)"
  exit 1
fi
echo "lint: clean"
