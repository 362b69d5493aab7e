#!/usr/bin/python3
"""saver.py BASE EMAIL PASSWORD SLUG PERIOD LOG TAG [MAX] - a client saving drafts.

Logs in as EMAIL, then saves the draft of SLUG/PERIOD through the autosave
(POST /api/p/SLUG/PERIOD/draft) again and again, each time with a new
executive summary "TAG save N", until MAX saves (0: no limit) or until the
server stops answering. Every save answered 2xx is appended to LOG (flushed
at once) as "SLUG PERIOD REVISION SHA256-OF-THE-SUMMARY TOKEN": what the
server acknowledged, for tests/http/t0021-crash.sh and t0020-backup.sh.
Prints how many saves were acknowledged. Exit 0, or 1 when not even the
login worked."""
import hashlib
import http.client
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request


def main():
    base, email, pw, slug, period, log, tag = sys.argv[1:8]
    limit = int(sys.argv[8]) if len(sys.argv) > 8 else 0
    jar = http.cookiejar.CookieJar()
    op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    csrf_re = re.compile(r'name="csrf" value="([0-9a-f]+)"')

    def csrf_of(path):
        page = op.open(base + path, timeout=10).read().decode()
        m = csrf_re.search(page)
        return m.group(1) if m else ""

    try:
        c = csrf_of("/login")
        op.open(base + "/login", urllib.parse.urlencode(
            {"email": email, "password": pw, "csrf": c}).encode(), timeout=10).read()
        token = csrf_of("/me")
        req = urllib.request.Request(base + "/api/p/%s/%s" % (slug, period),
                                     headers={"Accept": "application/json"})
        d = json.loads(op.open(req, timeout=10).read())
        rev = d["revision"]
        answers = d["document"]["answers"]
    except (OSError, KeyError, ValueError) as e:
        print("login or first read failed: %s" % e, file=sys.stderr)
        return 1
    acked = 0
    n = 0
    with open(log, "a") as out:
        while limit == 0 or n < limit:
            n += 1
            text = "%s save %d" % (tag, n)
            answers["executive_summary"] = text
            body = json.dumps({"base_revision": rev, "answers": answers}).encode()
            req = urllib.request.Request(
                base + "/api/p/%s/%s/draft" % (slug, period), data=body,
                headers={"Content-Type": "application/json", "X-CSRF-Token": token})
            try:
                res = op.open(req, timeout=10)
                status = res.status
                reply = json.loads(res.read())
            except urllib.error.HTTPError as e:
                print("save %d: HTTP %d" % (n, e.code), file=sys.stderr)
                break
            except (OSError, http.client.HTTPException, ValueError):
                break  # the server is gone: what was acknowledged is logged
            if 200 <= status < 300:
                rev = reply["revision"]
                sha = hashlib.sha256(text.encode()).hexdigest()
                out.write("%s %s %d %s %s\n" % (slug, period, rev, sha, text.replace(" ", "_")))
                out.flush()
                acked += 1
    print(acked)
    return 0


if __name__ == "__main__":
    sys.exit(main())
