#!/usr/bin/python3
"""two_servers.py A B SLUG PERIOD PASSWORD - two people, one report, two servers.

A and B are the base URLs of two `s3pm serve` on one PostgreSQL database
(tests/http/t0022-servers.sh). The coordinator (coord@example.org) works
through A, the member (member@example.org) through B, on the draft of
SLUG/PERIOD through the autosave (POST /api/p/SLUG/PERIOD/draft), as on
one server: a save on an older revision that changed other questions is
merged; one that changed the same question is a conflict (409); a session
made on one server is known on the other. Then both save at once, many
times, each its own question, and every acknowledged save must be there
at the end: no lost update. Prints TAP-like lines "ok - ..." and
"not ok - ..."; exit status 0."""
import http.cookiejar
import json
import re
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request

CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')


class Client:
    def __init__(self, base, email, pw):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.op.open(base + "/login", timeout=10).read().decode()
        c = CSRF.search(page).group(1)
        self.op.open(base + "/login", urllib.parse.urlencode(
            {"email": email, "password": pw, "csrf": c}).encode(), timeout=10).read()
        self.token = CSRF.search(self.op.open(base + "/me", timeout=10).read().decode()).group(1)

    def on(self, base):
        """The same person (the same cookie) on another server."""
        other = Client.__new__(Client)
        other.base = base
        other.jar = self.jar
        other.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        other.token = self.token
        return other

    def read(self, slug, period):
        req = urllib.request.Request("%s/api/p/%s/%s" % (self.base, slug, period),
                                     headers={"Accept": "application/json"})
        d = json.loads(self.op.open(req, timeout=10).read())
        return d["revision"], d["document"]["answers"]

    def save(self, slug, period, rev, answers):
        body = json.dumps({"base_revision": rev, "answers": answers}).encode()
        req = urllib.request.Request(
            "%s/api/p/%s/%s/draft" % (self.base, slug, period), data=body,
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRF-Token": self.token})
        try:
            res = self.op.open(req, timeout=10)
            return res.status, json.loads(res.read())
        except urllib.error.HTTPError as e:
            try:
                return e.code, json.loads(e.read())
            except ValueError:
                return e.code, {}


results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok - " if cond else "not ok - ") + name)
    if not cond and detail:
        print("  " + str(detail)[:400])


def main():
    a, b, slug, period, pw = sys.argv[1:6]
    coord = Client(a, "coord@example.org", pw)
    member = Client(b, "member@example.org", pw)

    # Sessions and CSRF live in the database: a login on A is known on B.
    me = coord.on(b).op.open(b + "/me", timeout=10).read().decode()
    check("a session made on server A is known on server B", "coord@example.org" in me)
    st, _ = coord.on(b).save(slug, period, coord.read(slug, period)[0],
                             coord.read(slug, period)[1])
    check("... and its CSRF token is taken there (a save through B: %d)" % st, 200 <= st < 300)

    rev, answers = coord.read(slug, period)
    rev_b, answers_b = member.read(slug, period)
    check("both read the same revision through their servers", rev == rev_b, (rev, rev_b))

    # A changes the summary; B, still on the old revision, changes the
    # interested entities: merged, as on one server.
    mine = dict(answers)
    mine["executive_summary"] = "Through A: the summary"
    st, j = coord.save(slug, period, rev, mine)
    check("coordinator saves through A (%d)" % st, 200 <= st < 300, j)
    theirs = dict(answers_b)
    theirs["interested_entities"] = "Through B: the interested entities"
    st, j = member.save(slug, period, rev_b, theirs)
    check("member saves another question through B on the older revision: merged (%d)" % st,
          200 <= st < 300 and j.get("merged") is True, j)
    # The same question from the older revision: a conflict.
    clash = dict(answers_b)
    clash["executive_summary"] = "Through B: another summary"
    st, j = member.save(slug, period, rev_b, clash)
    conflicts = [c.get("question", "") for c in j.get("conflicts", [])]
    check("the same question from the older revision through B: a conflict (%d)" % st,
          st == 409 and any(q.startswith("executive_summary") for q in conflicts), j)
    rev2, final = coord.read(slug, period)
    check("A reads both saves, the conflicting one not taken",
          final.get("executive_summary") == "Through A: the summary"
          and final.get("interested_entities") == "Through B: the interested entities", final.get("executive_summary"))

    # Both at once, many times, each its own question.
    acked = {"executive_summary": [], "interested_entities": []}
    errors = []

    def run(client, question, n):
        r, ans = client.read(slug, period)
        for i in range(n):
            value = "%s %d via %s" % (question, i, client.base)
            ans = dict(ans)
            ans[question] = value
            for _ in range(20):
                st, j = client.save(slug, period, r, ans)
                if 200 <= st < 300:
                    r = j["revision"]
                    if j.get("answers"):
                        ans = j["answers"]
                    acked[question].append((r, value))
                    break
                if st == 409 and not j.get("conflicts"):
                    r, ans = client.read(slug, period)
                    ans[question] = value
                    continue
                errors.append((question, st, j))
                return

    threads = [threading.Thread(target=run, args=(coord, "executive_summary", 40)),
               threading.Thread(target=run, args=(member, "interested_entities", 40))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check("80 saves at once through two servers, no error", not errors, errors[:3])
    check("... every one acknowledged",
          len(acked["executive_summary"]) == 40 and len(acked["interested_entities"]) == 40,
          {k: len(v) for k, v in acked.items()})
    revs = sorted(r for v in acked.values() for r, _ in v)
    check("... each with a revision of its own (no two saves wrote one revision)",
          len(set(revs)) == len(revs), revs[:10])
    rev3, final = member.read(slug, period)
    check("... and the last of each is there: no lost update",
          final.get("executive_summary") == acked["executive_summary"][-1][1]
          and final.get("interested_entities") == acked["interested_entities"][-1][1],
          (final.get("executive_summary"), final.get("interested_entities")))
    check("... the report's revision is the newest acknowledged", rev3 == max(revs), (rev3, max(revs)))
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # a failure to talk to a server is a failed check
        check("the two servers answered", False, repr(e))
    print("two-servers: %d passed, %d failed" % (results.count(True), results.count(False)))
    sys.exit(0)
