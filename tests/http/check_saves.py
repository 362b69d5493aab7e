#!/usr/bin/python3
"""check_saves.py DB LOG... - every save a client logged as acknowledged
(tests/http/saver.py) is in DB: the revision exists and its executive
summary hashes to the logged SHA-256; each report is at its newest revision,
which is its last acknowledged one or later; on SQLite, PRAGMA
integrity_check and foreign_key_check pass (PostgreSQL: pg_amcheck, in
t0021-crash.sh; it checks foreign keys itself, never deferred here). Prints "N acknowledged saves, all present" or the
first few problems, and exits 0 or 1."""
import hashlib
import json

import dbconn
import sys


def main():
    con = dbconn.connect(sys.argv[1])
    sqlite = not dbconn.is_pg(sys.argv[1])
    q = ("SELECT rr.doc FROM report_revisions rr JOIN reports r ON r.id = rr.report_id"
         " JOIN partnerships p ON p.id = r.partnership_id"
         " WHERE p.slug = ? AND r.period = ? AND rr.revision = ?")
    n = 0
    bad = []
    last = {}
    for log in sys.argv[2:]:
        with open(log) as f:
            for line in f:
                if not line.endswith("\n"):
                    continue
                slug, period, rev, sha, token = line.split()
                n += 1
                last[(slug, period)] = max(last.get((slug, period), 0), int(rev))
                row = next(iter(dbconn.query(con, q, (slug, period, int(rev)))), None)
                if row is None:
                    bad.append("%s %s revision %s: missing (%s)" % (slug, period, rev, token))
                    continue
                text = json.loads(row[0])["answers"].get("executive_summary", "")
                if hashlib.sha256(text.encode()).hexdigest() != sha:
                    bad.append("%s %s revision %s: holds %r, not %s" % (slug, period, rev, text[:60], token))
    cur = ("SELECT r.revision FROM reports r JOIN partnerships p ON p.id = r.partnership_id"
           " WHERE p.slug = ? AND r.period = ?")
    for (slug, period), rev in sorted(last.items()):
        row = next(iter(dbconn.query(con, cur, (slug, period))), None)
        if row is None or row[0] < rev:
            bad.append("%s %s at revision %s, %d was acknowledged" % (slug, period, row and row[0], rev))
    if sqlite:
        ic = [r[0] for r in dbconn.query(con, "PRAGMA integrity_check")]
        if ic != ["ok"]:
            bad.append("integrity_check: %s" % "; ".join(ic[:3]))
        fk = dbconn.query(con, "PRAGMA foreign_key_check")
        if fk:
            bad.append("foreign_key_check: %r" % fk[:3])
    head = dbconn.query(con, "SELECT count(*) FROM reports r WHERE r.revision <>"
                        " (SELECT max(revision) FROM report_revisions WHERE report_id = r.id)")[0][0]
    if head:
        bad.append("%d reports not at their newest revision" % head)
    if bad:
        print("%d acknowledged saves, %d not present: %s" % (n, len(bad), "; ".join(bad[:5])))
        return 1
    print("%d acknowledged saves, all present" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
