#!/usr/bin/env bash
# tests/http/t0008-admin.sh [BINARY] - administration in the browser under
# /admin (issue 8 item 6): accounts (add with a generated password shown
# once, role, deactivate and activate, password reset), partnerships
# (create, rename, platform), periods and deadlines, the audit log with
# filters and pages, the mail outbox with "Send again". Every action goes
# through the pages' own forms and lands in the audit log; the other roles
# get 403 on every page and POST and change nothing; the public is sent to
# log in; a POST without the CSRF token is 403 and changes nothing; bad
# input is 400 with a message that names the problem.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

sample=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
P=mining-industry
pw="correct horse battery"

"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
"$bin" import "$sample" --status published --db "$db" >/dev/null 2>&1 || { no "import 2020-H1"; finish; }
# A draft of 2020-H2: nobody outside the partnership may learn it exists,
# the audit log included.
sed -e 's/January - June 2020/July - December 2020/' "$sample" >"$tmp/draft.txt"
"$bin" import "$tmp/draft.txt" --status draft --db "$db" >/dev/null 2>&1 || { no "import the 2020-H2 draft"; finish; }
"$bin" period set 2099-H1 --deadline 2099-07-31 --db "$db" >/dev/null || { no "period 2099-H1"; finish; }
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add admin@example.org --role admin --name "Ada Admin"
add coord@mining.example --role coordinator --partnership $P --name "Carla Coordinator"
add committee@example.org --role committee
add commission@example.org --role commission
# One mail in the outbox (a reminder), failed for good, as if the SMTP
# server had refused it ten times.
"$bin" notify --db "$db" --today 2099-07-28 >/dev/null 2>&1
"$pysys" - "$db" <<'PY' || no "a failed mail is set up"
import sys, dbconn
c = dbconn.connect(sys.argv[1])
n = dbconn.rowcount(c, "UPDATE mail_outbox SET status = 'failed', attempts = 10, last_error = 'refused <by> the server'")
sys.exit(0 if n == 1 else 1)
PY

start_server "$db" || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() { # login JAR EMAIL PASSWORD: prints the status
  rm -f "$1"
  curl -s -c "$1" -b "$1" -o "$tmp/lf" "$base/login"
  curl -s -c "$1" -b "$1" -o /dev/null -w '%{http_code}' --data-urlencode "email=$2" \
    --data-urlencode "password=$3" --data-urlencode "csrf=$(csrf_of "$tmp/lf")" "$base/login"
}
get() { # get WHO PATH: the page in $tmp/WHO.page; prints the status
  curl -s -b "$tmp/$1.jar" -o "$tmp/$1.page" -w '%{http_code}' "$base$2"
}
post() { # post WHO PATH [FIELD=VALUE...]: with WHO's CSRF token; the answer in $tmp/WHO.post
  local who=$1 path=$2 csrf
  shift 2
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.me" "$base/me"
  csrf=$(csrf_of "$tmp/$who.me")
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.post" -w '%{http_code} %{redirect_url}' \
    --data-urlencode "csrf=$csrf" "${args[@]}" "$base$path"
}
audit() { "$bin" audit --db "$db" --limit 200 2>&1; }
# The stored data but for sessions, logins and the audit log, to tell that
# nothing changed.
fingerprint() {
  "$pysys" - "$db" <<'PY'
import hashlib, sys, dbconn
c = dbconn.connect(sys.argv[1], readonly=True)
h = hashlib.sha256()
for t in dbconn.tables(c):
    if t in ("sessions", "login_failures", "audit", "schema_version"):
        continue
    for row in dbconn.query(c, 'SELECT * FROM "%s" ORDER BY 1' % t):
        h.update(repr(row).encode())
print(h.hexdigest())
PY
}

for who in admin:admin@example.org coord:coord@mining.example committee:committee@example.org \
  commission:commission@example.org; do
  check "${who%%:*} logs in" '[ "$(login "$tmp/${who%%:*}.jar" "${who#*:}" "$pw")" = 303 ]'
done
coord_id=$("$pysys" -c 'import sys, dbconn; print(dbconn.one(sys.argv[1], "SELECT id FROM users WHERE email = ?", ("coord@mining.example",)))' "$db")
mail_id=$("$pysys" -c 'import sys, dbconn; print(dbconn.one(sys.argv[1], "SELECT id FROM mail_outbox"))' "$db")

pages="/admin /admin/accounts /admin/accounts/$coord_id /admin/partnerships /admin/partnerships/$P
/admin/periods /admin/audit /admin/mail"

# --- who may come in ------------------------------------------------------------
for pg in $pages; do
  check "the public is sent to log in from $pg" \
    '[ "$(curl -s -o /dev/null -w "%{http_code} %{redirect_url}" "$base$pg")" = "302 $base/login?next=$(python3 -c "import urllib.parse,sys; print(urllib.parse.quote(sys.argv[1], safe=\"\"))" "$pg")" ]'
  check "admin: $pg answers 200" '[ "$(get admin "$pg")" = 200 ]'
  check "admin: $pg is in the site's frame, its header links to /admin" \
    'grep -Eq "<a aria-current=\"(page|true)\" href=\"/admin\">Administration</a>" "$tmp/admin.page"'
  for who in coord committee commission; do
    check "$who: $pg is 403 in the site's frame" \
      '[ "$(get $who "$pg")" = 403 ] && grep -q "class=\"site-header\"" "$tmp/$who.page"'
  done
done
check "the admin's header links to the administration" \
  'curl -s -b "$tmp/admin.jar" "$base/me" | grep -q "<a href=\"/admin\">Administration</a>"'
check "no other role's header does" \
  '! curl -s -b "$tmp/coord.jar" "$base/me" | grep -q "/admin" && ! curl -s -b "$tmp/committee.jar" "$base/me" | grep -q "/admin"'
check "an unknown account is 404" '[ "$(get admin /admin/accounts/999999)" = 404 ]'
check "an unknown partnership is 404" '[ "$(get admin /admin/partnerships/no-such-one)" = 404 ]'

# Every POST, as each other role, with its own CSRF token: 403, nothing changes.
before=$(fingerprint)
for who in coord committee commission; do
  for p in "/admin/accounts email=x@example.org name=X role=member partnership=$P" \
    "/admin/accounts/$coord_id/role role=admin partnership=" \
    "/admin/accounts/$coord_id/active active=no" \
    "/admin/accounts/$coord_id/password reset=password" \
    "/admin/partnerships slug=new-one name=New platform=Energy" \
    "/admin/partnerships/$P name=Renamed platform=Energy" \
    "/admin/periods period=2030-H1 deadline=2030-07-31" \
    "/admin/mail/retry id=$mail_id"; do
    set -- $p
    r=$(post $who "$@")
    check "$who: POST $1 is 403" '[ "${r%% *}" = 403 ]' "$r"
  done
done
check "the refused POSTs changed nothing" '[ "$(fingerprint)" = "$before" ]'
check "the coordinator's password still works" '[ "$(login "$tmp/probe" coord@mining.example "$pw")" = 303 ]'
login "$tmp/coord.jar" coord@mining.example "$pw" >/dev/null

# Without the token (or with a wrong one): 403, nothing changes.
nocsrf() { curl -s -b "$tmp/admin.jar" -o /dev/null -w '%{http_code}' "$@"; }
check "adding an account without the CSRF token is 403" \
  '[ "$(nocsrf -d email=y@example.org -d name=Y -d role=committee "$base/admin/accounts")" = 403 ]'
check "a password reset with a wrong token is 403" \
  '[ "$(nocsrf -d csrf=00112233 -d reset=password "$base/admin/accounts/$coord_id/password")" = 403 ]'
check "deactivating without the token is 403" \
  '[ "$(nocsrf -d active=no "$base/admin/accounts/$coord_id/active")" = 403 ]'
check "a new period without the token is 403" \
  '[ "$(nocsrf -d period=2031-H1 "$base/admin/periods")" = 403 ]'
check "... and nothing changed" '[ "$(fingerprint)" = "$before" ]'
check "the public's POST is 403" \
  '[ "$(curl -s -o /dev/null -w "%{http_code}" -d period=2031-H1 "$base/admin/periods")" = 403 ]'

# --- accounts ---------------------------------------------------------------------
get admin /admin/accounts >/dev/null
check "the accounts list names every account with role, partnership and state" \
  'grep -q "Carla Coordinator" "$tmp/admin.page" && grep -q "commission@example.org" "$tmp/admin.page" &&
   grep -q "<td>Partnership coordinator</td><td>Mining industry</td><td>Active</td>" "$tmp/admin.page"' \
  "$(grep -o "<tr>.*Carla.*</tr>" "$tmp/admin.page")"
get admin "/admin/accounts?role=committee" >/dev/null
check "the filter by role" \
  'grep -q "committee@example.org" "$tmp/admin.page" && ! grep -q "coord@mining.example" "$tmp/admin.page"'

r=$(post admin /admin/accounts "email=dora@example.org" "name=Dora <Member>" "role=member" "partnership=$P")
check "admin adds a member (200, the receipt)" '[ "${r%% *}" = 200 ]' "$r"
newpw=$(sed -n 's/.*<p class="password"><code>\([a-z0-9]*\)<\/code>.*/\1/p' "$tmp/admin.post")
check "the receipt shows a generated password once, the name escaped" \
  '[ ${#newpw} = 16 ] && grep -q "Dora &lt;Member&gt;" "$tmp/admin.post"' "$(grep -o "notice.*" "$tmp/admin.post" | head -2)"
check "the generated password logs in" '[ "$(login "$tmp/dora.jar" dora@example.org "$newpw")" = 303 ]'
check "the account list does not show it again" '! curl -s -b "$tmp/admin.jar" "$base/admin/accounts" | grep -q "$newpw"'
dora_id=$("$pysys" -c 'import sys, dbconn; print(dbconn.one(sys.argv[1], "SELECT id FROM users WHERE email = ?", ("dora@example.org",)))' "$db")

r=$(post admin /admin/accounts "email=not-an-address" "name=X" "role=member" "partnership=$P")
check "a bad address is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "Enter a valid e-mail address" "$tmp/admin.post"' "$r"
check "... keeping what was typed" 'grep -q "value=\"not-an-address\"" "$tmp/admin.post"'
r=$(post admin /admin/accounts "email=eve@example.org" "name=Eve" "role=member" "partnership=")
check "a member without a partnership is 400 and says so" \
  '[ "${r%% *}" = 400 ] && grep -q "A coordinator or member belongs to a partnership" "$tmp/admin.post"' "$r"
r=$(post admin /admin/accounts "email=eve@example.org" "name=Eve" "role=committee" "partnership=$P")
check "a committee member with a partnership is 400 and says so" \
  '[ "${r%% *}" = 400 ] && grep -q "Only coordinators and members belong to a partnership" "$tmp/admin.post"' "$r"
r=$(post admin /admin/accounts "email=eve@example.org" "name=Eve" "role=king")
check "an unknown role is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "Choose the role" "$tmp/admin.post"' "$r"
r=$(post admin /admin/accounts "email=dora@example.org" "name=Dora" "role=committee")
check "an address that has an account is 409 and says so" \
  '[ "${r%% *}" = 409 ] && grep -q "An account with this e-mail address exists already" "$tmp/admin.post"' "$r"
check "no eve was added" '! audit | grep -q "eve@"; ! "$bin" user list --db "$db" | grep -q eve@'

# Role and partnership.
r=$(post admin "/admin/accounts/$dora_id/role" "role=committee" "partnership=")
check "admin makes dora a committee member (303 to the receipt)" \
  '[ "$r" = "303 $base/admin/accounts/$dora_id?done=role" ]' "$r"
check "the receipt says so" \
  '[ "$(get admin "/admin/accounts/$dora_id?done=role")" = 200 ] && grep -q "The role was changed" "$tmp/admin.page" &&
   grep -q "<dd>Committee member</dd>" "$tmp/admin.page"'
check "dora's session ended with the change" '[ "$(get dora /me)" = 302 ]'
r=$(post admin "/admin/accounts/$dora_id/role" "role=member" "partnership=")
check "a member without a partnership is 400 and says so" \
  '[ "${r%% *}" = 400 ] && grep -q "A coordinator or member belongs to a partnership" "$tmp/admin.post"' "$r"
r=$(post admin "/admin/accounts/$dora_id/role" "role=member" "partnership=no-such-one")
check "an unknown partnership is 400 and says so" \
  '[ "${r%% *}" = 400 ] && grep -q "Choose the partnership from the list" "$tmp/admin.post"' "$r"
r=$(post admin "/admin/accounts/$dora_id/role")
check "a role change without a role is 400" '[ "${r%% *}" = 400 ] && grep -q "Choose the role" "$tmp/admin.post"' "$r"

# Deactivate and activate.
check "dora logs in again" '[ "$(login "$tmp/dora.jar" dora@example.org "$newpw")" = 303 ]'
r=$(post admin "/admin/accounts/$dora_id/active" "active=no")
check "admin deactivates dora (303 to the receipt)" '[ "$r" = "303 $base/admin/accounts/$dora_id?done=deactivated" ]' "$r"
check "the receipt says so" \
  'get admin "/admin/accounts/$dora_id?done=deactivated" >/dev/null && grep -q "The account was deactivated" "$tmp/admin.page"'
check "dora's session has ended" '[ "$(get dora /me)" = 302 ]'
check "dora cannot log in" '[ "$(login "$tmp/dora.jar" dora@example.org "$newpw")" != 303 ]'
check "the list shows dora deactivated" \
  'get admin "/admin/accounts?state=deactivated" >/dev/null && grep -q "dora@example.org" "$tmp/admin.page" && ! grep -q "coord@mining.example" "$tmp/admin.page"'
r=$(post admin "/admin/accounts/$dora_id/active" "active=maybe")
check "active=maybe is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "active (yes or no)" "$tmp/admin.post"' "$r"
admin_id=$("$pysys" -c 'import sys, dbconn; print(dbconn.one(sys.argv[1], "SELECT id FROM users WHERE email = ?", ("admin@example.org",)))' "$db")
r=$(post admin "/admin/accounts/$admin_id/active" "active=no")
check "an admin cannot deactivate their own account (400, says so)" \
  '[ "${r%% *}" = 400 ] && grep -q "You cannot deactivate your own account" "$tmp/admin.post"' "$r"
r=$(post admin "/admin/accounts/$dora_id/active" "active=yes")
check "admin activates dora again" '[ "$r" = "303 $base/admin/accounts/$dora_id?done=activated" ]' "$r"
check "dora logs in again with her password" '[ "$(login "$tmp/dora.jar" dora@example.org "$newpw")" = 303 ]'

# Password reset.
r=$(post admin "/admin/accounts/$dora_id/password")
check "a reset without its field is 400" '[ "${r%% *}" = 400 ]' "$r"
r=$(post admin "/admin/accounts/$dora_id/password" "reset=password")
check "admin resets dora's password (200, the receipt)" '[ "${r%% *}" = 200 ]' "$r"
pw2=$(sed -n 's/.*<p class="password"><code>\([a-z0-9]*\)<\/code>.*/\1/p' "$tmp/admin.post")
check "the receipt shows a new generated password" '[ ${#pw2} = 16 ] && [ "$pw2" != "$newpw" ]'
check "dora's session has ended" '[ "$(get dora /me)" = 302 ]'
check "the old password no longer works" '[ "$(login "$tmp/probe" dora@example.org "$newpw")" != 303 ]'
check "the new one does" '[ "$(login "$tmp/dora.jar" dora@example.org "$pw2")" = 303 ]'
check "the admin's own session stays" '[ "$(get admin /admin)" = 200 ]'

# --- partnerships -------------------------------------------------------------------
r=$(post admin /admin/partnerships "slug=hydrogen-valleys" "name=Hydrogen valleys" "platform=Energy")
check "admin creates a partnership (303 to the receipt)" '[ "$r" = "303 $base/admin/partnerships?done=created" ]' "$r"
get admin "/admin/partnerships?done=created" >/dev/null
check "the list shows it with its platform and a link to its members" \
  'grep -q "The partnership was created" "$tmp/admin.page" && grep -q "Hydrogen valleys" "$tmp/admin.page" &&
   grep -q "href=\"/p/hydrogen-valleys/members\"" "$tmp/admin.page" && grep -q "<td>Energy</td>" "$tmp/admin.page"'
check "it is on the public home page" 'curl -s "$base/" | grep -q "Hydrogen valleys"'
r=$(post admin /admin/partnerships "slug=Bad Slug!" "name=Bad" "platform=")
check "a bad address is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "small letters, digits and hyphens" "$tmp/admin.post"' "$r"
r=$(post admin /admin/partnerships "slug=hydrogen-valleys" "name=Again" "platform=")
check "an address taken is 409 and says so" '[ "${r%% *}" = 409 ] && grep -q "exists already" "$tmp/admin.post"' "$r"
r=$(post admin /admin/partnerships "slug=x-y" "name=X" "platform=Moon")
check "an unknown platform is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "Unknown thematic platform" "$tmp/admin.post"' "$r"
r=$(post admin /admin/partnerships "slug=x-y" "name=")
check "no name is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "Enter the partnership" "$tmp/admin.post"' "$r"
r=$(post admin /admin/partnerships/hydrogen-valleys "name=Hydrogen valleys & co" "platform=Industrial Modernisation")
check "admin renames it and changes its platform" \
  '[ "$r" = "303 $base/admin/partnerships/hydrogen-valleys?done=updated" ]' "$r"
check "the change shows" \
  'get admin "/admin/partnerships/hydrogen-valleys?done=updated" >/dev/null && grep -q "The partnership was changed" "$tmp/admin.page" &&
   grep -q "value=\"Hydrogen valleys &amp; co\"" "$tmp/admin.page" && grep -q "selected>Industrial Modernisation" "$tmp/admin.page"' \
  "$(grep -o "<option[^>]*selected[^<]*" "$tmp/admin.page")"
r=$(post admin /admin/partnerships/hydrogen-valleys "platform=Energy")
check "a change without a name is 400" '[ "${r%% *}" = 400 ]' "$r"

# --- periods ------------------------------------------------------------------------------
r=$(post admin /admin/periods "period=2030-H1" "deadline=2030-08-15")
check "admin adds a period with its deadline" '[ "$r" = "303 $base/admin/periods?done=set" ]' "$r"
r=$(post admin /admin/periods "period=2030-H2" "deadline=")
check "admin adds a period with the default deadline" '[ "${r%% *}" = 303 ]' "$r"
get admin "/admin/periods?done=set" >/dev/null
check "the periods list shows them in words" \
  'grep -q "The period was saved" "$tmp/admin.page" && grep -q "15 August 2030" "$tmp/admin.page" &&
   grep -q "31 January 2031" "$tmp/admin.page"'
r=$(post admin /admin/periods "period=2030-H1" "deadline=2030-09-01")
check "admin changes a deadline" '[ "${r%% *}" = 303 ] && "$bin" period list --db "$db" | grep -q "2030-H1.*2030-09-01"' \
  "$("$bin" period list --db "$db")"
r=$(post admin /admin/periods "period=2030-H3" "deadline=2030-09-01")
check "a bad period is 400 and says so" '[ "${r%% *}" = 400 ] && grep -q "like 2025-H1" "$tmp/admin.post"' "$r"
r=$(post admin /admin/periods "period=2030-H1" "deadline=2030-02-30")
check "a deadline that is no day is 400 and says so" \
  '[ "${r%% *}" = 400 ] && grep -q "is not a deadline like 2021-07-31" "$tmp/admin.post"' "$r"

# --- the mail outbox --------------------------------------------------------------------
get admin /admin/mail >/dev/null
check "the outbox counts and lists the failed mail with its error, escaped" \
  'grep -q "<dt>Failed</dt><dd>1</dd>" "$tmp/admin.page" && grep -q "coord@mining.example" "$tmp/admin.page" &&
   grep -q "refused &lt;by&gt; the server" "$tmp/admin.page" && grep -q ">Send again<" "$tmp/admin.page"'
get admin "/admin/mail?status=sent" >/dev/null
check "the filter by status" '! grep -q "coord@mining.example" "$tmp/admin.page"'
r=$(post admin /admin/mail/retry "id=$mail_id")
check "Send again queues it (303 to the receipt)" '[ "$r" = "303 $base/admin/mail?done=retry" ]' "$r"
get admin "/admin/mail?done=retry" >/dev/null
check "the receipt says so and the mail waits" \
  'grep -q "The mail is queued again" "$tmp/admin.page" && grep -q "<dt>Waiting</dt><dd>1</dd>" "$tmp/admin.page"'
r=$(post admin /admin/mail/retry "id=$mail_id")
check "sending again a mail that is not failed is 404 and says so" \
  '[ "${r%% *}" = 404 ] && grep -q "not a failed one" "$tmp/admin.post"' "$r"
r=$(post admin /admin/mail/retry)
check "Send again without a mail is 400" '[ "${r%% *}" = 400 ]' "$r"

# --- the audit log ------------------------------------------------------------------------
audit >"$tmp/audit"
for a in "user.create.*user:$dora_id" "user.role.*user:$dora_id" "user.deactivate.*user:$dora_id" \
  "user.activate.*user:$dora_id" "user.password.*user:$dora_id" "partnership.create" "partnership.update" \
  "period.set" "mail.retry.*mail:$mail_id"; do
  check "the audit log has $a by the admin" 'grep "admin@example.org" "$tmp/audit" | grep -q "$a"' "$(head -3 "$tmp/audit")"
done
get admin /admin/audit >/dev/null
check "/admin/audit lists the entries, times in words" \
  'grep -q "<code>mail.retry</code>" "$tmp/admin.page" && grep -Eq "<time datetime=\"[0-9T:-]+Z\">[0-9]+ [A-Z][a-z]+ [0-9]{4}, [0-9]{2}:[0-9]{2} UTC</time>" "$tmp/admin.page"'
get admin "/admin/audit?object=user%3A$dora_id" >/dev/null
check "the filter by object" \
  'grep -q "<code>user.password</code>" "$tmp/admin.page" && ! grep -q "<code>partnership.create</code>" "$tmp/admin.page"'
get admin "/admin/audit?action=partnership." >/dev/null
check "the filter by action" \
  'grep -q "<code>partnership.update</code>" "$tmp/admin.page" && ! grep -q "<code>user.create</code>" "$tmp/admin.page"'
get admin "/admin/audit?limit=20" >/dev/null
check "a page of 20 entries, with a link to older ones" \
  '[ "$(grep -c "<code>[a-z_]*\.[a-z_.]*</code></td>" "$tmp/admin.page")" = 20 ] && grep -q ">Older entries</a>" "$tmp/admin.page"'
older=$(sed -n 's/.*<a href="\([^"]*\)">Older entries<\/a>.*/\1/p' "$tmp/admin.page" | sed 's/&amp;/\&/g')
check "the older page answers and goes back to the newest" \
  '[ "$(get admin "$older")" = 200 ] && grep -q ">Newest entries</a>" "$tmp/admin.page"' "$older"
check "a bad object is 400 and says so" \
  '[ "$(get admin "/admin/audit?object=report%3Babc")" = 400 ] && grep -q "a kind and a number" "$tmp/admin.page"'
check "a bad limit is 400 and says so" \
  '[ "$(get admin "/admin/audit?limit=100000")" = 400 ] && grep -q "Show 1 to 500 entries" "$tmp/admin.page"'
check "the operator's log has both imports" '[ "$(audit | grep -c "report.import")" = 2 ]'
get admin "/admin/audit?action=report." >/dev/null
check "the admin's shows the published report's only, not the draft's" \
  '[ "$(grep -c "<code>report.import</code>" "$tmp/admin.page")" = 1 ] && ! grep -q "draft.txt" "$tmp/admin.page"'

finish
