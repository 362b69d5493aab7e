#!/usr/bin/python3
"""tests/http/portfolio_check.py - the fixtures of t0017-portfolio.sh and the
figures they must give, computed here from the fixtures (never from the
server's output).

  portfolio_check.py fixtures BASE.json OUTDIR   writes OUTDIR/*.json reports
  portfolio_check.py html ROLE TODAY FILE [FILTER...] checks the tables of a
      /portfolio page as ROLE sees it; prints "ok - what" / "not ok - what"
  portfolio_check.py json ROLE TODAY FILE [FILTER...]  the same for the JSON
FILTER: platform=NAME, partnership=SLUG, from=P, to=P.
"""
import json
import re
import sys
from html.parser import HTMLParser

# The made-up portfolio: partnership -> (name, platform); reports with the
# answers the figures come from. Region codes are NUTS 2 codes of 2021.
PARTNERSHIPS = {
    "alpha-partnership": ("Alpha partnership", "Energy"),
    "beta-partnership": ("Beta partnership", "Agri-Food"),
    "gamma-partnership": ("Gamma partnership", ""),
}
EU13 = {"BG", "CY", "CZ", "EE", "HR", "HU", "LT", "LV", "MT", "PL", "RO", "SI", "SK"}
LEVELS = ["strongly_agree", "agree", "neutral", "disagree", "strongly_disagree", "not_applicable"]
MONTHS = {"January": 1, "February": 2, "March": 3, "April": 4, "May": 5, "June": 6, "July": 7,
          "August": 8, "September": 9, "October": 10, "November": 11, "December": 12}


def sdg(pattern):
    """pattern: 17 characters, a digit the level's index, '-' no answer."""
    return {str(g + 1): LEVELS[int(c)] for g, c in enumerate(pattern) if c != "-"}


REPORTS = [
    dict(slug="alpha-partnership", period="2021-H1", status="published",
         regions=[("Łódzkie", "PL", "PL71"), ("Kentriki Makedonia", "EL", "EL52"),
                  ("Stuttgart", "DE", "DE11"), ("Tees Valley and Durham", "UK", "UKC1")],
         past=["3.2.2021", "15.3.2021", "20.3.2021"], planned=["July 2021", "to be decided"],
         sdg="01234501234501234", outreach="- a talk\n- an article\n* a webinar"),
    dict(slug="alpha-partnership", period="2021-H2", status="draft",
         regions=[("Pohjois- ja Itä-Suomi", "FI", "FI1D"), ("Övre Norrland", "SE", "SE33")],
         past=["5.9.2021"], planned=[], sdg="00000000000000000",
         outreach="One paragraph.\n\nAnother paragraph."),
    dict(slug="beta-partnership", period="2021-H1", status="submitted",
         regions=[("Świętokrzyskie", "PL", "PL72"), ("Budapest", "HU", "HU11")],
         past=["10.4.2021"], planned=[], sdg="11111111111111111", outreach="1. one\n2. two"),
    dict(slug="beta-partnership", period="2021-H2", status="published",
         regions=[("Bucureşti-Ilfov", "RO", "RO32")],
         past=["1.10.2021", "2.10.2021"], planned=["March 2022"], sdg="22222222222222222",
         outreach="- one"),
    dict(slug="gamma-partnership", period="2021-H1", status="accepted",
         regions=[("Comunidad de Madrid", "ES", "ES30")],
         past=["1.6.2021"], planned=[], sdg="3-3-3-3-3-3-3-3-3", outreach=""),
]
# Deadlines set by the test: one past, one far ahead, one past without reports.
DEADLINES = {"2021-H1": "2021-07-31", "2021-H2": "2099-01-31", "2022-H1": "2022-07-31"}


def month_of(date):
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", date)
    if m:
        return "%s-%02d" % (m.group(3), int(m.group(2)))
    m = re.fullmatch(r"([A-Z][a-z]+) (\d{4})", date)
    if m and m.group(1) in MONTHS:
        return "%s-%02d" % (m.group(2), MONTHS[m.group(1)])
    return None


def fixtures(base, outdir):
    doc = json.load(open(base))
    for i, r in enumerate(REPORTS):
        d = json.loads(json.dumps(doc))
        a = d["answers"]
        a["partnership"] = PARTNERSHIPS[r["slug"]][0]
        a["reporting_period"] = r["period"]
        a["participating_regions"] = [{"name": n, "country": c, "nuts": k} for n, c, k in r["regions"]]
        a["leading_regions"] = r["regions"][0][0]
        a["past_events"] = [{"event": "Event %d" % k, "date": t, "place": "", "info": ""}
                            for k, t in enumerate(r["past"])]
        a["planned_events"] = [{"event": "Plan %d" % k, "date": t, "place": "", "info": ""}
                               for k, t in enumerate(r["planned"])]
        a["sdg"] = sdg(r["sdg"])
        a["outreach"] = r["outreach"]
        json.dump(d, open("%s/r%d-%s.json" % (outdir, i, r["status"]), "w"), ensure_ascii=False)


def readable(role, r):
    own = {"ma": "alpha-partnership", "cb": "beta-partnership"}.get(role)
    if r["status"] == "published" or r["slug"] == own:
        return True
    return role in ("committee", "commission", "admin") and r["status"] != "draft"


def outreach_items(s):
    lines = [l.strip() for l in s.split("\n")]
    listed = sum(1 for l in lines if l[:1] in ("-", "*") or re.match(r"\d+[.)] ", l))
    paras = len([p for p in re.split(r"\n\s*\n", s) if p.strip()])
    return listed if listed else paras


def expected(role, today, filters):
    """Everything the page must show, from the fixtures and the rules."""
    ps = sorted((v[0], k) for k, v in PARTNERSHIPS.items()
                if filters.get("partnership") in (None, k)
                and filters.get("platform") in (None, v[1] or "none"))
    slugs = [k for _, k in ps]
    lo, hi = filters.get("from", "0000-H1"), filters.get("to", "9999-H2")
    reps = [r for r in REPORTS if r["slug"] in slugs and lo <= r["period"] <= hi and readable(role, r)]
    periods = sorted(set([p for p in DEADLINES if lo <= p <= hi] + [r["period"] for r in reps]))
    cells, per = {}, {}
    for p in periods:
        dl = DEADLINES.get(p, "")
        st = dict(reports=0, on_time=0, overdue=0, by={}, regions=0, countries=set(), eu13=0, non_eu=0,
                  held=0, planned=0, outreach=0)
        for s in slugs:
            r = next((r for r in reps if r["slug"] == s and r["period"] == p), None)
            status = r["status"] if r else None
            open_ = status in (None, "draft", "returned")
            overdue = open_ and dl != "" and today > dl
            # Every non-draft import is submitted today: on time when today is not past the deadline.
            on_time = (not open_) and dl != "" and today <= dl
            cells[(s, p)] = (status, overdue, on_time)
            st["overdue"] += overdue
            st["on_time"] += on_time
            if r:
                st["reports"] += 1
                st["by"][status] = st["by"].get(status, 0) + 1
                st["regions"] += len(r["regions"])
                # Every code here is a NUTS 2 region of 2021 (which still lists the UK).
                st["countries"] |= {c for _, c, _ in r["regions"]}
                st["eu13"] += sum(1 for _, c, _ in r["regions"] if c in EU13)
                st["non_eu"] += sum(1 for _, c, _ in r["regions"] if c == "UK")
                st["held"] += len(r["past"])
                st["planned"] += len(r["planned"])
                st["outreach"] += outreach_items(r["outreach"])
        per[p] = st
    months = {}
    undated = 0
    for r in reps:
        for kind, dates in (("held", r["past"]), ("planned", r["planned"])):
            for t in dates:
                m = month_of(t)
                if m is None:
                    undated += 1
                    continue
                months.setdefault(m, {"held": 0, "planned": 0})[kind] += 1
    if months:
        first, last = min(months), max(months)
        y, mo = int(first[:4]), int(first[5:])
        while "%04d-%02d" % (y, mo) <= last:
            months.setdefault("%04d-%02d" % (y, mo), {"held": 0, "planned": 0})
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    newest = {}
    for r in sorted(reps, key=lambda r: r["period"]):
        newest[r["slug"]] = r
    totals = []
    for g in range(17):
        t = [0] * 7
        for s in slugs:
            r = newest.get(s)
            c = r["sdg"][g] if r else "-"
            t[int(c) if c != "-" else 6] += 1
        totals.append(t)
    return dict(ps=ps, slugs=slugs, periods=periods, cells=cells, per=per, months=months,
                undated=undated, newest=newest, totals=totals)


class Tables(HTMLParser):
    """The text of every cell of every table, by the table's id."""

    def __init__(self):
        super().__init__()
        self.tables, self.cur, self.row, self.cell = {}, None, None, None
        self.links = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.cur = self.tables.setdefault(a.get("id", ""), [])
        elif tag == "tr" and self.cur is not None:
            self.row = []
            self.cur.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
        elif tag == "a" and self.cell is not None:
            self.links.append(a.get("href"))
            self.cell.append("[%s]" % a.get("href"))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(re.sub(r"\s+", " ", "".join(self.cell)).strip())
            self.cell = None
        elif tag == "table":
            self.cur = self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


LABEL = {"draft": "Draft", "submitted": "Submitted", "returned": "Returned", "accepted": "Accepted",
         "published": "Published"}


def lead(s):
    m = re.match(r"-?\d+", s)
    return int(m.group(0)) if m else None


def check(what, cond, detail=""):
    print(("ok - " if cond else "not ok - ") + what + ("" if cond else "  [%s]" % detail))


def check_html(role, today, path, filters):
    e = expected(role, today, filters)
    t = Tables()
    t.feed(open(path, encoding="utf-8").read())
    tag = "%s %s" % (role, " ".join("%s=%s" % kv for kv in sorted(filters.items())) or "(no filter)")
    st = t.tables.get("status-table", [])
    head = st[0] if st else []
    check(tag + ": status table columns are the periods", head[2:] == e["periods"], "%s vs %s" % (head, e["periods"]))
    rows = st[1:]
    check(tag + ": status table rows are the partnerships", [r[0] for r in rows] ==
          ["[/p/%s]%s" % (s, n) for n, s in e["ps"]], [r[0] for r in rows])
    bad = []
    for r in rows:
        s = re.match(r"\[/p/([^\]]+)\]", r[0]).group(1)
        for p, cell in zip(e["periods"], r[2:]):
            status, overdue, on_time = e["cells"][(s, p)]
            if status:
                want = "[/p/%s/%s]%s" % (s, p, LABEL[status]) + (", on time" if on_time else "") + \
                    (", overdue" if overdue else "")
            else:
                want = "Overdue" if overdue else "– (no report)"
            if cell != want:
                bad.append("%s %s: %r, not %r" % (s, p, cell, want))
    check(tag + ": every status cell (status, link, on time, overdue)", not bad and rows, "; ".join(bad))
    pt = t.tables.get("period-table", [])[1:]
    bad = []
    for r in pt:
        p = r[0]
        x = e["per"].get(p)
        if x is None:
            bad.append("unexpected period " + p)
            continue
        want = [x["reports"], x["by"].get("published", 0), x["by"].get("accepted", 0),
                x["by"].get("submitted", 0), x["by"].get("returned", 0), x["by"].get("draft", 0),
                x["on_time"]]
        got = [lead(c) for c in r[2:9]]
        share = "%d%%" % ((x["on_time"] * 100 + len(e["slugs"]) // 2) // len(e["slugs"])) if e["slugs"] else "0%"
        if got != want or r[9] != share or lead(r[10]) != x["overdue"]:
            bad.append("%s: %s, not %s %s overdue %d" % (p, r[2:], want, share, x["overdue"]))
    check(tag + ": per-period counts, share on time and overdue", not bad and len(pt) == len(e["periods"]),
          "; ".join(bad) or "%d rows" % len(pt))
    it = t.tables.get("indicators-table", [])[1:]
    bad = []
    for r in it:
        x = e["per"].get(r[0])
        eu = (x["eu13"] * 100 + x["regions"] // 2) // x["regions"] if x["regions"] else 0
        want = [x["reports"], x["regions"], len(x["countries"]), eu, x["non_eu"], x["held"], x["outreach"], x["planned"]]
        got = [lead(c) for c in r[1:]]
        if got != want:
            bad.append("%s: %s, not %s" % (r[0], got, want))
    check(tag + ": indicators per period (regions, countries, EU13 %, non-EU, events, outreach)",
          not bad and len(it) == len(e["periods"]), "; ".join(bad) or "%d rows" % len(it))
    ev = t.tables.get("events-table", [])[1:]
    got = {r[0]: {"held": lead(r[1]), "planned": lead(r[2])} for r in ev}
    check(tag + ": events by month, held and planned", got == e["months"], "%s vs %s" % (got, e["months"]))
    sd = t.tables.get("sdg-table", [])[1:]
    bad = []
    for r in sd:
        s = re.match(r"\[/p/([^\]]+)\]", r[0]).group(1)
        rep = e["newest"].get(s)
        want = [rep["period"] if rep else "none"] + [
            str(int(c) + 1) if rep and c != "-" else "–" for c in (rep["sdg"] if rep else "-" * 17)]
        if r[1:] != want:
            bad.append("%s: %s, not %s" % (s, r[1:], want))
    check(tag + ": SDG level per partnership and goal", not bad and len(sd) == len(e["ps"]), "; ".join(bad))
    tt = t.tables.get("sdg-totals", [])[1:]
    got = [[lead(c) for c in r[1:]] for r in tt]
    check(tag + ": SDG totals per goal and level", got == e["totals"], "%s vs %s" % (got[:3], e["totals"][:3]))


def check_json(role, today, path, filters):
    e = expected(role, today, filters)
    j = json.load(open(path))
    tag = "%s json" % role
    check(tag + ": periods", [p["period"] for p in j["periods"]] == e["periods"])
    got = {(p["slug"], c["period"]): (c["status"], c["overdue"], c["on_time"])
           for p in j["partnerships"] for c in p["cells"]}
    check(tag + ": cells", got == e["cells"], "%s vs %s" % (got, e["cells"]))
    check(tag + ": undated events", j["events_undated"] == e["undated"], "%s vs %s" % (j["events_undated"], e["undated"]))


def main():
    if sys.argv[1] == "fixtures":
        fixtures(sys.argv[2], sys.argv[3])
        return
    role, today, path = sys.argv[2:5]
    filters = dict(f.split("=", 1) for f in sys.argv[5:])
    (check_html if sys.argv[1] == "html" else check_json)(role, today, path, filters)


main()
