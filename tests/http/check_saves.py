#!/usr/bin/python3
"""check_saves.py DB LOG... - every save a client logged as acknowledged
(tests/http/saver.py) is in DB: the revision exists and its executive
summary hashes to the logged SHA-256. Prints "N acknowledged saves, all
present" or the first few missing ones, and exits 0 or 1."""
import hashlib
import json
import sqlite3
import sys


def main():
    db = sqlite3.connect(sys.argv[1], timeout=10)
    q = ("SELECT rr.doc FROM report_revisions rr JOIN reports r ON r.id = rr.report_id"
         " JOIN partnerships p ON p.id = r.partnership_id"
         " WHERE p.slug = ? AND r.period = ? AND rr.revision = ?")
    n = 0
    bad = []
    for log in sys.argv[2:]:
        with open(log) as f:
            for line in f:
                if not line.endswith("\n"):
                    continue
                slug, period, rev, sha, token = line.split()
                n += 1
                row = db.execute(q, (slug, period, int(rev))).fetchone()
                if row is None:
                    bad.append("%s %s revision %s: missing (%s)" % (slug, period, rev, token))
                    continue
                text = json.loads(row[0])["answers"].get("executive_summary", "")
                if hashlib.sha256(text.encode()).hexdigest() != sha:
                    bad.append("%s %s revision %s: holds %r, not %s" % (slug, period, rev, text[:60], token))
    if bad:
        print("%d acknowledged saves, %d not present: %s" % (n, len(bad), "; ".join(bad[:5])))
        return 1
    print("%d acknowledged saves, all present" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
