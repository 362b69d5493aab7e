#!/usr/bin/env bash
# tests/http/t0007-mail.sh [BINARY] - e-mail (issue 8), with a real SMTP
# server on localhost (Debian's python3-aiosmtpd): the events of one cycle
# (submitted -> the committee; returned, accepted and published, decision
# -> the partnership) go to the outbox with the event and out through
# SMTP, also when the server was down at first (retries); deadline
# reminders and overdue notices from `s3pm notify`, once each, not to those
# who turned them off; every mail received is checked: recipient, subject,
# link (also in its HTML part), and no confidential text.
set -uo pipefail
. "$(cd "$(dirname "$0")" && pwd)/lib.sh"

# aiosmtpd is Debian's: the python3 of the system, whatever else is first
# on PATH.
pysys=/usr/bin/python3
if ! "$pysys" -c 'import aiosmtpd' 2>/dev/null; then
  no "python3-aiosmtpd is installed (scripts/setup.sh installs it)"
  finish
fi

sample=$root/samples/s3-monitoring-report-mining-2020H1.txt
db=$DB
P=mining-industry
pw="correct horse battery"
SITE=https://s3pm.example.eu
SECRET_SA="Confidential-achievement-$$"
SECRET_COMMENT="Comment-for-the-partnership-only-$$"
SECRET_RATIONALE="Rationale-of-the-Commission-$$"
soon=$(date -u -d '+10 days' +%F)

# self_assessment TEXT: the self-assessment section of the text export.
self_assessment() {
  printf '\nSelf-assessment\n\nSelf-assessment\n\n'
  printf "Overall, how does the partnership's progress in this period compare with its work plan?\n\nOn plan\n\n"
  printf "Which of the partnership's objectives for this period were achieved, and what shows it?\n\n%s\n" "$1"
}
# Mining industry's 2020-H2 draft, and another partnership's, each with a
# confidential answer that no mail may carry.
# (The regions corrected, so that it can be submitted.)
fix='s/^Kainuu (FI) FI1D3$/Kainuu (FI) FI1D8/; s/^North Karelia (FI) FI1D7$/North Karelia (FI) FI1D3/; s/^Sterea Ellada ( GR) EL24$/Sterea Ellada (EL) EL64/'
{ sed -e 's/January - June 2020/July - December 2020/' -e "$fix" "$sample"; self_assessment "$SECRET_SA"; } >"$tmp/a2.txt"
{ sed -e 's/^Mining industry$/Hydrogen valleys/' -e 's/January - June 2020/July - December 2020/' "$sample"
  self_assessment "Confidential-other-$$"; } >"$tmp/b2.txt"
"$bin" init --db "$db" >/dev/null || { no "init"; finish; }
"$bin" import "$sample" --status published --db "$db" >/dev/null 2>&1 || { no "import 2020-H1"; finish; }
"$bin" import "$tmp/a2.txt" --status draft --db "$db" >/dev/null 2>&1 || { no "import the 2020-H2 draft"; finish; }
"$bin" import "$tmp/b2.txt" --status draft --db "$db" >/dev/null 2>&1 || { no "import the other draft"; finish; }
"$bin" period set 2020-H2 --deadline "$soon" --db "$db" >/dev/null || { no "period 2020-H2"; finish; }
"$bin" period set 2021-H1 --deadline 2099-07-31 --db "$db" >/dev/null || { no "period 2021-H1"; finish; }
add() { S3PM_PASSWORD=$pw "$bin" user add "$@" --db "$db" >/dev/null 2>&1 || no "user add $1"; }
add coord@mining.example --role coordinator --partnership $P --name "Carla Coordinator"
add member@mining.example --role member --partnership $P --name "Maria Member"
add ocoord@other.example --role coordinator --partnership hydrogen-valleys --name "Olle Other"
add omember@other.example --role member --partnership hydrogen-valleys
add committee@example.org --role committee --name "Cem Committee"
add committee2@example.org --role committee --name "Zoë Žemaitė"
add gone@example.org --role committee --name "Gone Committee"
add commission@example.org --role commission
add admin@example.org --role admin
"$bin" user deactivate gone@example.org --db "$db" >/dev/null || no "deactivate"

# The SMTP server's port, kept free for it while it is down: the web
# server gets another.
sport=$(free_port)
smtp=smtp://127.0.0.1:$sport
free_port() {
  local p
  while :; do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    [ "$p" != "$sport" ] && break
  done
  echo "$p"
}
# Reminders 3 days ahead only, so that the worker's own look at start
# (2020-H2 is due in 10 days) queues none: notify's are tested below.
start_server "$db" --threads 2 --smtp "$smtp" --mail-from monitor@s3pm.example.eu --base-url "$SITE" \
  --mail-retry 1 --remind-days 3 --legal-url https://example.eu/legal --privacy-url /privacy \
  --contact-url mailto:s3pm@example.eu || { no "server starts" "$(head -c 300 "$tmp/log")"; finish; }

csrf_of() { sed -n 's/.*name="csrf" value="\([0-9a-f]*\)".*/\1/p' "$1" | head -1; }
login() { # login WHO EMAIL: a session in $tmp/WHO.jar, its /me in $tmp/WHO.me
  local jar=$tmp/$1.jar csrf
  curl -s -c "$jar" -b "$jar" -o "$tmp/lf" "$base/login"
  csrf=$(csrf_of "$tmp/lf")
  curl -s -c "$jar" -b "$jar" -o /dev/null --data-urlencode "email=$2" --data-urlencode "password=$pw" \
    --data-urlencode "csrf=$csrf" "$base/login"
  curl -s -b "$jar" -o "$tmp/$1.me" "$base/me"
}
post() { # post WHO PATH [FIELD=VALUE...]: prints the status
  local who=$1 path=$2 csrf
  shift 2
  csrf=$(csrf_of "$tmp/$who.me")
  local args=()
  for f in "$@"; do args+=(--data-urlencode "$f"); done
  curl -s -b "$tmp/$who.jar" -o "$tmp/$who.post" -w '%{http_code}' --data-urlencode "csrf=$csrf" \
    "${args[@]}" "$base$path"
}
mails() { "$pysys" "$here/mails-received.py" "$tmp/maildir" "$SECRET_SA" "$SECRET_COMMENT" "$SECRET_RATIONALE" \
  "Confidential-other-$$" >"$tmp/mails" 2>"$tmp/mails.err"; }
# wait_mails N: until N mails were received (10 s at most)
wait_mails() {
  local i
  for i in $(seq 1 100); do
    mails
    [ "$(wc -l <"$tmp/mails")" -ge "$1" ] && return 0
    sleep 0.1
  done
  return 1
}

for who in coord:coord@mining.example member:member@mining.example ocoord:ocoord@other.example \
  committee:committee@example.org commission:commission@example.org admin:admin@example.org; do
  login "${who%%:*}" "${who#*:}"
done

# 1. The SMTP server is down: the submission is taken, its mails wait.
st=$(post coord /p/$P/2020-H2/submit confirmed=yes)
check "coordinator: submit while the SMTP server is down" '[ "$st" = 303 ]' "$st $(grep -o "<li>.*</li>" "$tmp/coord.post" | head -5)"
for i in $(seq 1 50); do grep -q "not sent (attempt 2)" "$tmp/log" && break; sleep 0.1; done
check "the worker tried, failed and says so" 'grep -q "s3pm: mail [0-9]* to committee@example.org not sent (attempt 1)" "$tmp/log"' \
  "$(grep "mail" "$tmp/log" | tail -3)"
check "... and tries again (backoff of 1 s, then 2 s)" 'grep -q "not sent (attempt 2)" "$tmp/log"'
curl -s -b "$tmp/admin.jar" -o "$tmp/admin.me" "$base/me"
check "admin: the outbox shows the two mails waiting" 'grep -q "2 waiting to be sent, 0 sent, 0 failed." "$tmp/admin.me"' \
  "$(grep -A3 "h-outbox" "$tmp/admin.me" | head -5)"
curl -s -b "$tmp/coord.jar" -o "$tmp/coord.page" "$base/me"
check "nobody else sees the outbox" '! grep -q "Mail outbox" "$tmp/coord.page"'

# 2. The SMTP server comes up: the mails go out on the next attempt.
# (The Mailbox handler makes the maildir: it must not exist yet.)
"$pysys" -m aiosmtpd -n -l "127.0.0.1:$sport" -c aiosmtpd.handlers.Mailbox "$tmp/maildir" \
  >"$tmp/smtp.log" 2>&1 &
smtp_pid=$!
trap 'kill "$smtp_pid" 2>/dev/null; cleanup' EXIT
check "the submission's two mails arrive once the server is up" 'wait_mails 2' "$(cat "$tmp/mails" "$tmp/mails.err" "$tmp/smtp.log" 2>/dev/null | head -5)"
check "... to the two active committee members, not the deactivated one" \
  '[ "$(cut -d"|" -f1 "$tmp/mails" | sort | tr "\n" " ")" = "committee2@example.org committee@example.org " ]' \
  "$(cut -d"|" -f1 "$tmp/mails")"
check "... subject: the partnership and the report await review" \
  'grep -q "^committee@example.org|Cem Committee <committee@example.org>|Mining industry: the 2020-H2 report awaits your review|ok|$SITE/p/$P/2020-H2|" "$tmp/mails"' \
  "$(cat "$tmp/mails")"
check "... a non-ASCII name is encoded and arrives whole" 'grep -q "^committee2@example.org|Zoë Žemaitė <committee2@example.org>|" "$tmp/mails"' "$(cat "$tmp/mails")"

# 3. Returned with a comment: the partnership hears of it, without the comment.
curl -s -b "$tmp/committee.jar" -o "$tmp/committee.me" "$base/p/$P/2020-H2"
check "committee: return with a comment" \
  '[ "$(post committee /p/$P/2020-H2/return confirmed=yes "body=$SECRET_COMMENT")" = 303 ]'
check "the return's mails arrive" 'wait_mails 4'
sed -n '3,4p' "$tmp/mails" >"$tmp/ret"
check "... to the coordinator and the member" \
  '[ "$(cut -d"|" -f1 "$tmp/ret" | sort | tr "\n" " ")" = "coord@mining.example member@mining.example " ]' "$(cat "$tmp/ret")"
check "... saying it was returned, with the report's link" \
  '[ "$(grep -c "|Mining industry: the 2020-H2 report was returned with comments|ok|$SITE/p/$P/2020-H2|" "$tmp/ret")" = 2 ]' "$(cat "$tmp/ret")"

# 4. Submitted again: the committee hears of a resubmission.
check "coordinator: submit again" '[ "$(post coord /p/$P/2020-H2/submit confirmed=yes)" = 303 ]'
check "the resubmission's mails arrive" 'wait_mails 6'
check "... and say it was submitted again" \
  '[ "$(sed -n "5,6p" "$tmp/mails" | grep -c "|Mining industry submitted again, after it was returned, its monitoring progress report for 2020-H2 (July - December 2020). It awaits")" = 2 ]' \
  "$(sed -n '5,6p' "$tmp/mails")"

# 5. Accepted and published; a decision.
check "committee: accept" '[ "$(post committee /p/$P/2020-H2/accept confirmed=yes)" = 303 ]'
check "the publication's mails arrive" 'wait_mails 8'
check "... to the partnership: accepted and published" \
  '[ "$(sed -n "7,8p" "$tmp/mails" | grep -c "|Mining industry: the 2020-H2 report was accepted and published|ok|$SITE/p/$P/2020-H2|")" = 2 ]' \
  "$(sed -n '7,8p' "$tmp/mails")"
curl -s -b "$tmp/commission.jar" -o "$tmp/commission.me" "$base/p/$P"
check "commission: record a decision" \
  '[ "$(post commission /p/$P/decisions term=2021 outcome=continue "rationale=$SECRET_RATIONALE" confirmed=yes)" = 303 ]'
check "the decision's mails arrive" 'wait_mails 10'
check "... to the partnership, linking its page, without the rationale" \
  '[ "$(sed -n "9,10p" "$tmp/mails" | grep -c "|Mining industry: the Commission recorded a decision for 2021|ok|$SITE/p/$P|")" = 2 ]' \
  "$(sed -n '9,10p' "$tmp/mails")"

# 6. Reminders: the other partnership's coordinator turns them off.
curl -s -b "$tmp/ocoord.jar" -o "$tmp/ocoord.me" "$base/account"
check "the account page offers the reminders switch to a coordinator" 'grep -q "name=\"reminders\" type=\"checkbox\" value=\"on\" checked" "$tmp/ocoord.me"'
check "an empty POST changes nothing (400)" '[ "$(post ocoord /account/reminders)" = 400 ]'
check "a coordinator turns reminders off" '[ "$(post ocoord /account/reminders setting=reminders)" = 303 ]'
curl -s -b "$tmp/ocoord.jar" -o "$tmp/ocoord.me" "$base/account?done=reminders"
check "... and the page says so" 'grep -q "Deadline reminders are off." "$tmp/ocoord.me" && ! grep -q "value=\"on\" checked" "$tmp/ocoord.me"'
curl -s -b "$tmp/member.jar" -o "$tmp/member.acc" "$base/account"
check "a member has no reminders switch" '! grep -q "name=\"reminders\"" "$tmp/member.acc"'
check "... and may not post one (403)" '[ "$(post member /account/reminders setting=reminders reminders=on)" = 403 ]'

n1=$(wc -l <"$tmp/mails")
# 2021-H1 is due on 2099-07-31; its reminders 3 days before.
"$bin" notify --db "$db" --today 2099-07-28 --dry-run --base-url "$SITE" >"$tmp/dry" 2>&1
check "notify --dry-run lists the reminder due" \
  'grep -q "^would queue reminder to coord@mining.example: Mining industry: the 2021-H1 report is due on 31 July 2099 (3 days left)$" "$tmp/dry"' "$(cat "$tmp/dry")"
check "... not to the coordinator who turned them off, nor to members" '! grep -q "ocoord@\|member@" "$tmp/dry"'
check "... and writes nothing" '"$bin" notify --db "$db" --today 2099-07-28 --dry-run | grep -q "^1 reminder due"'
"$bin" notify --db "$db" --today 2099-07-28 --base-url "$SITE" --smtp "$smtp" --mail-from monitor@s3pm.example.eu >"$tmp/n1" 2>&1
# The server's mail worker drains the same outbox: the reminder goes out
# once, sent by notify or by the server, whichever claims it first.
check "notify queues it, and it is sent once (by notify or the serving worker)" \
  'grep -q "^1 reminder queued for 2099-07-28" "$tmp/n1" && grep -q "^[01] mails\? sent, 0 not sent" "$tmp/n1" && wait_mails $((n1 + 1))' "$(cat "$tmp/n1")"
"$bin" notify --db "$db" --today 2099-07-29 --base-url "$SITE" --smtp "$smtp" --mail-from monitor@s3pm.example.eu >"$tmp/n2" 2>&1
check "the next day, nothing again (one reminder per threshold)" 'grep -q "^0 reminders queued" "$tmp/n2"' "$(cat "$tmp/n2")"
"$bin" notify --db "$db" --today 2099-08-02 --base-url "$SITE" --smtp "$smtp" --mail-from monitor@s3pm.example.eu >"$tmp/n3" 2>&1
check "after the deadline, one overdue notice" 'grep -q "^queued overdue to coord@mining.example: Mining industry: the 2021-H1 report is overdue (due 31 July 2099)$" "$tmp/n3"' "$(cat "$tmp/n3")"
"$bin" notify --db "$db" --today 2099-08-03 --smtp "$smtp" --mail-from monitor@s3pm.example.eu >"$tmp/n4" 2>&1
check "... once" 'grep -q "^0 reminders queued" "$tmp/n4"' "$(cat "$tmp/n4")"
check "the reminders arrive" "wait_mails $((n1 + 2))"
check "... each once" '[ "$(wc -l <"$tmp/mails")" = $((n1 + 2)) ]' "$(tail -4 "$tmp/mails")"
check "... each linking the partnership's page and the account page" \
  '[ "$(grep -rl "$SITE/account" "$tmp/maildir/new" | wc -l)" -ge 2 ]'

# 7. Every mail: well formed, nothing confidential, nobody outside.
check "every mail is well formed and carries no confidential text" '! grep -v "|ok|" "$tmp/mails"' "$(grep -v "|ok|" "$tmp/mails")"
check "nothing went to the other partnership, the Commission or the admin" \
  '! cut -d"|" -f1 "$tmp/mails" | grep -q "other.example\|commission@\|admin@\|gone@"'
check "no mail names the other partnership" '! grep -rqi "hydrogen valleys\|hydrogen-valleys" "$tmp/maildir/new"'
curl -s -b "$tmp/admin.jar" -o "$tmp/admin.me" "$base/me"
check "admin: the outbox counts every mail sent" "grep -q \"0 waiting to be sent, $(wc -l <"$tmp/mails") sent, 0 failed.\" \"\$tmp/admin.me\"" \
  "$(grep -A3 "h-outbox" "$tmp/admin.me" | head -5)"

# The operator's footer links (configured), on pages and error pages.
curl -s -o "$tmp/home" "$base/"
curl -s -o "$tmp/404" "$base/p/no-such"
check "the footer links the legal notice, the privacy statement and the contact" \
  'grep -q "<a href=\"https://example.eu/legal\">Legal notice</a>" "$tmp/home" && grep -q "<a href=\"/privacy\">Privacy statement</a>" "$tmp/home" && grep -q "<a href=\"mailto:s3pm@example.eu\">Contact</a>" "$tmp/home"'
check "... error pages too" 'grep -q "Legal notice" "$tmp/404"'
out=$("$bin" serve --db "$db" --legal-url "javascript:alert(1)" 2>&1); st=$?
check "serve --legal-url javascript:...: exit 2, named" '[ "$st" = 2 ] && echo "$out" | grep -q "legal-url"' "$out"

# 8. Bad options are refused with a clear message.
out=$("$bin" notify --db "$db" --smtp "http://x" 2>&1); st=$?
check "notify --smtp http://x: exit 2 and a clear message" '[ "$st" = 2 ] && echo "$out" | grep -q "smtp://HOST:PORT"' "$out"
out=$("$bin" notify --db "$db" --smtp "$smtp" 2>&1); st=$?
check "--smtp without --mail-from: exit 2, naming the missing option" '[ "$st" = 2 ] && echo "$out" | grep -q "needs --mail-from"' "$out"
out=$("$bin" notify --db "$db" --remind-days "14,x" 2>&1); st=$?
check "--remind-days 14,x: exit 2 and a clear message" '[ "$st" = 2 ] && echo "$out" | grep -q "reminder days"' "$out"
out=$("$bin" notify --db "$db" --today 2099-02-30 2>&1); st=$?
check "--today 2099-02-30: exit 2" '[ "$st" = 2 ] && echo "$out" | grep -q "YYYY-MM-DD"' "$out"

kill "$smtp_pid" 2>/dev/null
finish
