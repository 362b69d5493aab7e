#!/usr/bin/env python3
"""mails-received.py MAILDIR [SECRET...] - the mails an SMTP server on localhost
(aiosmtpd's Mailbox handler) received, one line per mail, oldest first:

  envelope-recipient|To|Subject|checks

where checks is a space-separated list of what failed ("ok" when nothing
did), then the link of the plain text and its second paragraph (what
happened, after the greeting), on one line. The checks: the To header names the envelope recipient, a Date, a Message-ID and
Auto-Submitted are there, a text/plain and a text/html part (UTF-8), the
link of the plain text is also a link in the HTML, and no SECRET occurs in
any part or header. The link of the plain text follows as a fifth field."""
import email
import email.policy
import mailbox
import re
import sys

box = mailbox.Maildir(sys.argv[1], factory=None, create=False)
secrets = [s for s in sys.argv[2:] if s]
mails = []
for key in box.keys():
    raw = box.get_bytes(key)
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    mails.append((msg.get("X-RcptTo", ""), raw, msg))
def order(m):
    found = re.search(r"mail\.(\d+)\.", str(m[2].get("Message-ID", "")))
    return int(found.group(1)) if found else 0
mails.sort(key=order)
for rcpt, raw, msg in mails:
    bad = []
    to = str(msg.get("To", ""))
    if rcpt.strip().lower() not in to.lower():
        bad.append("to-differs")
    for h in ("Date", "Message-ID", "Auto-Submitted", "From", "Subject"):
        if msg.get(h) is None:
            bad.append("no-" + h.lower())
    text = msg.get_body(preferencelist=("plain",))
    html = msg.get_body(preferencelist=("html",))
    plain = text.get_content() if text is not None else ""
    markup = html.get_content() if html is not None else ""
    if text is None:
        bad.append("no-text")
    if html is None:
        bad.append("no-html")
    links = re.findall(r"^(https?://\S+)$", plain, re.M)
    link = links[0] if links else ""
    if not link:
        bad.append("no-link")
    elif f'href="{link}"' not in markup:
        bad.append("link-not-in-html")
    whole = raw.decode("utf-8", "replace") + plain + markup + str(msg.get("Subject", ""))
    for s in secrets:
        if s in whole:
            bad.append("SECRET:" + s)
    subject = str(msg.get("Subject", "")).replace("|", "/")
    paras = [" ".join(p.split()) for p in plain.split("\n\n") if p.strip()]
    said = paras[1] if len(paras) > 1 else ""
    print(f"{rcpt.strip()}|{to}|{subject}|{' '.join(bad) or 'ok'}|{link}|{said}")
