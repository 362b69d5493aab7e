#!/usr/bin/env bash
# tests/http/t0006-account.sh [BINARY] - /account: everybody changes their
# own password (issue 8). The current password is asked, and wrong guesses
# are throttled as at the login; a refused change changes nothing; after a
# change the old password no longer opens a session, the new one does, and
# the session that made the change stays.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

db=$DB
old="correct horse battery"
new="staple-orbit-lantern-42"

"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
S3PM_PASSWORD=$old "$bin" user add ann@example.org --role committee --name "Ann Committee" --db "$db" >/dev/null ||
  { no "user add"; finish; }
S3PM_PASSWORD=$old "$bin" user add bob@example.org --role commission --db "$db" >/dev/null || no "user add bob"
start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() { # login JAR EMAIL PASSWORD: prints the status
  curl -s -c "$1" -b "$1" -o "$tmp/lf" "$base/login"
  curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' --data-urlencode "email=$2" \
    --data-urlencode "password=$3" --data-urlencode "csrf=$(csrf_of "$tmp/lf")" "$base/login"
}
change() { # change JAR CURRENT NEW AGAIN: prints the status
  curl -s -b "$1" -o "$tmp/acc" "$base/account"
  curl -s -b "$1" -o "$tmp/res" -w '%{http_code}' --data-urlencode "csrf=$(csrf_of "$tmp/acc")" \
    --data-urlencode "current=$2" --data-urlencode "new=$3" --data-urlencode "again=$4" "$base/account"
}
# Whether a password opens a session (in a jar of its own).
opens() { rm -f "$tmp/probe"; [ "$(login "$tmp/probe" ann@example.org "$1")" = 303 ]; }

check "the public is sent to log in from /account" \
  '[ "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$base/account")" = "302 $base/login?next=%2Faccount" ]'
check "ann logs in" '[ "$(login "$tmp/ann" ann@example.org "$old")" = 303 ]'
curl -s -b "$tmp/ann" -o "$tmp/acc" "$base/account"
check "the account page shows the name, the address and the form" \
  'grep -q "Ann Committee" "$tmp/acc" && grep -q "ann@example.org" "$tmp/acc" && grep -q "id=\"password-form\"" "$tmp/acc"'
check "every page links to the account" 'curl -s -b "$tmp/ann" "$base/me" | grep -q "href=\"/account\">Your account"'

check "a wrong current password is refused (400)" '[ "$(change "$tmp/ann" "not it" "$new" "$new")" = 400 ]'
check "... and says so" 'grep -q "The current password is not right" "$tmp/res"'
check "two different new passwords are refused (400)" '[ "$(change "$tmp/ann" "$old" "$new" "${new}x")" = 400 ]'
check "a short new password is refused (400)" '[ "$(change "$tmp/ann" "$old" "short" "short")" = 400 ]'
check "the address as the new password is refused" \
  '[ "$(change "$tmp/ann" "$old" "ann@example.org" "ann@example.org")" = 400 ]'
curl -s -b "$tmp/ann" -o "$tmp/acc" "$base/account"
check "without the CSRF token: 403" \
  '[ "$(curl -s -b "$tmp/ann" -o /dev/null -w "%{http_code}" --data-urlencode "current=$old" --data-urlencode "new=$new" --data-urlencode "again=$new" "$base/account")" = 403 ]'
check "after the refusals the session still works" 'curl -s -b "$tmp/ann" "$base/me" | grep -q "Log out"'

check "the change is accepted (303 to the receipt)" '[ "$(change "$tmp/ann" "$old" "$new" "$new")" = 303 ]'
rcode=$(curl -s -b "$tmp/ann" -o "$tmp/receipt" -w '%{http_code}' "$base/account?done=password")
check "the receipt says so" 'grep -q "Your password was changed" "$tmp/receipt"' \
  "status $rcode: $(grep -o '<h1>[^<]*</h1>\|class="notice[^"]*"' "$tmp/receipt" | head -3 | tr '\n' ' ')"
check "the session that changed it stays" 'curl -s -b "$tmp/ann" "$base/me" | grep -q "Log out"'
check "the old password opens no session" '! opens "$old"'
check "the new password does" 'opens "$new"'
"$bin" audit --db "$db" --limit 20 >"$tmp/audit" 2>&1
check "the change is in the audit log" 'grep -q "user.password" "$tmp/audit"' "$(head -5 "$tmp/audit")"

# Guessing the current password through a session is throttled like the
# login: after five wrong guesses even the right one is refused, and
# nothing changes.
check "bob logs in" '[ "$(login "$tmp/bob" bob@example.org "$old")" = 303 ]'
for i in 1 2 3 4 5; do change "$tmp/bob" "guess-$i" "$new" "$new" >/dev/null; done
check "after five wrong guesses the right one is refused too (429)" \
  '[ "$(change "$tmp/bob" "$old" "$new" "$new")" = 429 ]' "$(grep -o "Too many[^<]*" "$tmp/res")"
# (A login would be throttled as well: the audit log tells instead.)
"$bin" audit --db "$db" --limit 100 >"$tmp/audit" 2>&1
check "bob's password is unchanged: one password change in the log, ann's" \
  '[ "$(grep -c "user.password" "$tmp/audit")" = 1 ]' "$(grep "user.password" "$tmp/audit")"
check "bob's session still works" 'curl -s -b "$tmp/bob" "$base/me" | grep -q "Log out"'

finish
