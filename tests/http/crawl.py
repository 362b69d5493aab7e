#!/usr/bin/env python3
"""tests/http/crawl.py CONFIG.json - the confidentiality crawl behind t0002.

Every route of `s3pm routes` x every role x HTML, JSON (Accept:
application/json) and HEAD for GET routes, and an empty POST or PUT (the
user's CSRF token and nothing else) for the others. The JSON API v1
(/api/v1) knows no cookies: each role calls it with a read-only token it
made on /account (writes answer 403 with it, so the empty POSTs and PUTs
change nothing). Checks:

  canary      no answer (status line, headers, body) carries a canary the
              role may not read; every role that may read one does see it
  draft       for a role outside partnership A, each request about the
              draft period P2 answers like the same request about P3, where
              A has no report (or about P4, where nobody has one, when the
              path names P3 already: a comparison of two periods; status,
              headers, body, modulo the period and per-request tokens);
              /p/A's rows and options for P2 look like P3's
  head        HEAD answers the status and headers of GET (Content-Length
              may be absent)
  status      no 5xx
  nochange    the empty POSTs change no stored data

A POST to a partnership's path is sent only by roles that cannot write to
it (everyone but its coordinator and members), so that the matrix changes
nothing. Prints "ok - ..." (aggregated) and "not ok - ..." (one per failing
check) lines, then "crawl: N passed, N failed". Standard library only.
"""
import hashlib
import http.client
import json
import re
import io
import dbconn
import subprocess
import sys
import urllib.parse
import zipfile

cfg = json.load(open(sys.argv[1]))
HOST, PORT = cfg["host"], cfg["port"]
A, B = cfg["slug_a"], cfg["slug_b"]
P1, P2, P3 = cfg["p1"], cfg["p2"], cfg["p3"]
SA, DRAFT = cfg["canary_sa"], cfg["canary_draft"]
ROLES = cfg["roles"]  # [{"name", "email", "slug"}]; email null: anonymous
PASSWORD = cfg["password"]

# Who may read each canary (role names as in the config).
MAY_SEE = {
    SA: {"coordinator-A", "member-A", "committee", "commission"},
    DRAFT: {"coordinator-A", "member-A"},
}
CANARY_NAME = {SA: "CANARY-SA", DRAFT: "CANARY-DRAFT"}
OUTSIDE_A = [r["name"] for r in ROLES if r.get("slug") != A]

passed = 0
failed = 0
ok_counts = {}  # (check, role) -> n


def ok(check, role):
    global passed
    passed += 1
    ok_counts[(check, role)] = ok_counts.get((check, role), 0) + 1


def no(msg):
    global failed
    failed += 1
    print("not ok - " + msg, flush=True)


# ---- HTTP -------------------------------------------------------------------

def readable(ctype, data):
    """The text a canary would show in: a PDF's text (pdftotext), a
    workbook's XML parts, anything else as UTF-8."""
    ctype = ctype.split(";")[0].strip().lower()
    if ctype == "application/pdf" and data:
        p = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data,
                           capture_output=True)
        if p.returncode != 0:
            no("a PDF answer that pdftotext cannot read: %s" % p.stderr.decode()[:200])
        return p.stdout.decode("utf-8", "replace")
    if ctype.startswith("application/vnd.openxmlformats") and data:
        try:
            z = zipfile.ZipFile(io.BytesIO(data))
            return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
        except zipfile.BadZipFile as e:
            no("a workbook answer that is no zip file: %s" % e)
    return data.decode("utf-8", "replace")


class Answer:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers  # [(name, value)] in order
        self.body = body        # str

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None


class Client:
    def __init__(self, role):
        self.role = role
        self.jar = {}
        self.csrf = None
        self.token = None  # the role's read-only API token
        self.conn = None

    def _conn(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(HOST, PORT, timeout=20)
        return self.conn

    def request(self, method, path, headers=None, body=None):
        h = dict(headers or {})
        if self.token and path.startswith("/api/v1"):
            h["Authorization"] = "Bearer " + self.token
        if self.jar:
            h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.jar.items())
        for attempt in (0, 1):
            try:
                c = self._conn()
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                break
            except (http.client.HTTPException, OSError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                if attempt:
                    raise
        hdrs = r.getheaders()
        if r.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        for k, v in hdrs:
            if k.lower() != "set-cookie":
                continue
            nv = v.split(";", 1)[0]
            name, _, value = nv.partition("=")
            if value == "" or re.search(r"(?i)max-age=0\b", v):
                self.jar.pop(name.strip(), None)
            else:
                self.jar[name.strip()] = value.strip()
        return Answer(r.status, hdrs, readable(r.getheader("Content-Type", ""), data))

    def login(self, email):
        a = self.request("GET", "/login")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', a.body)
        if not m:
            raise RuntimeError("no csrf field on /login")
        body = urllib.parse.urlencode({"csrf": m.group(1), "email": email, "password": PASSWORD})
        a = self.request("POST", "/login", {"Content-Type": "application/x-www-form-urlencoded"}, body)
        if "s3pm_session" not in self.jar:
            raise RuntimeError("login of %s failed: %d %s" % (email, a.status, a.body[:200]))
        a = self.request("GET", "/")
        m = re.search(r'name="csrf" value="([0-9a-f]+)"', a.body)
        if not m:
            raise RuntimeError("no session csrf token on / for %s" % email)
        self.csrf = m.group(1)
        body = urllib.parse.urlencode({"csrf": self.csrf, "name": "crawl", "scope": "read"})
        a = self.request("POST", "/account/tokens", {"Content-Type": "application/x-www-form-urlencoded"}, body)
        m = re.search(r'<code id="new-token">(s3pm_[0-9a-f]{64})</code>', a.body)
        if not m:
            raise RuntimeError("%s could not make an API token: %d" % (email, a.status))
        self.token = m.group(1)


# ---- the routes, with their parameters filled in -----------------------------

def expand(pattern):
    """[(path, {param: value})] for every combination of parameter values."""
    out = [("", {})]
    for seg in pattern.strip("/").split("/") if pattern != "/" else []:
        if seg.startswith(":"):
            # A parameter may carry a suffix: ":period.pdf".
            m = re.match(r":(\w+)(.*)$", seg)
            name, suffix = m.group(1), m.group(2)
            if name == "slug":
                vals = [A, B]
            elif name == "period":
                vals = [P1, P2, P3]
            elif name == "file":
                vals = ["app.js"]
            elif pattern.startswith("/account/tokens/"):
                vals = ["999999"]  # no token's: revoking a real one would end a role's crawl
            elif name == "code":
                # A NUTS 2 region the reports name (the seed's leading
                # region), a NUTS 2016 code redirected to its 2021 code,
                # a split one (a list), and no region.
                vals = ["FI1D", "NO05", "HR04", "XX99"]
            else:
                vals = ["1"]
            # A second parameter of a name (two periods: a comparison)
            # is kept as name2.
            key = name
            while out and key in out[0][1]:
                key += "2"
            out = [(p + "/" + v + suffix, dict(d, **{key: v})) for p, d in out for v in vals]
        else:
            out = [(p + "/" + seg, d) for p, d in out]
    return [(p or "/", d) for p, d in out]


routes = []
for line in open(cfg["routes"]):
    line = line.strip()
    if line:
        method, pattern = line.split(None, 1)
        routes.append((method, pattern))
if not routes:
    no("s3pm routes printed no routes")

def periods_of(params):
    return [v for k, v in params.items() if k.startswith("period")]


# ---- checks on one answer ---------------------------------------------------

def where_canary(a, canary):
    """Where in the answer the canary shows: 'body', 'header NAME', or None."""
    for k, v in a.headers:
        if canary in v:
            return "header %s" % k
    if canary in a.body:
        i = a.body.find(canary)
        return "body (...%s...)" % a.body[max(0, i - 60):i + len(canary) + 20].replace("\n", " ")
    return None


seen = {}  # (role, canary) -> first "METHOD path" that showed it


def check_answer(role, label, a):
    if a.status >= 500:
        no("status: %s %s answered %d: %s" % (role, label, a.status, a.body[:200].replace("\n", " ")))
    else:
        ok("status", role)
    leaked = []
    for canary in (SA, DRAFT):
        w = where_canary(a, canary)
        if w and (role, canary) not in seen:
            seen[(role, canary)] = label
        if w and role not in MAY_SEE[canary]:
            leaked.append("%s in the %s" % (CANARY_NAME[canary], w))
    if leaked:
        no("canary: %s %s -> %d shows %s" % (role, label, a.status, "; ".join(leaked)))
    else:
        ok("canary", role)


# ---- normalising answers for comparison ---------------------------------------

MONTHS = {"H1": "January - June", "H2": "July - December"}


def period_label(p):
    return "%s %s" % (MONTHS[p[5:]], p[:4])


TOKEN_RE = re.compile(r"[0-9a-f]{32,}|[A-Za-z0-9_-]{40,}={0,2}")


def norm_text(s, period):
    s = s.replace(period, "{PERIOD}").replace(period_label(period), "{PERIOD-LABEL}")
    return TOKEN_RE.sub("{TOKEN}", s)


# Server-Timing: the server's time on each request (http.c), never the same twice.
SKIP_HEADERS = {"date", "content-length", "connection", "keep-alive", "server-timing"}


def norm_headers(a, period):
    return sorted((k.lower(), norm_text(v, period)) for k, v in a.headers
                  if k.lower() not in SKIP_HEADERS)


def first_diff(x, y):
    i = 0
    while i < min(len(x), len(y)) and x[i] == y[i]:
        i += 1
    s = max(0, i - 50)
    return "at byte %d: %r vs %r" % (i, x[s:i + 70], y[s:i + 70])


# A period without any report, for the paths that name P3 already (a
# comparison of P2 with P3): P2 turned into P3 there would name P3 twice.
P4 = "2039-H1"


def substitute(params):
    """The period that stands in for P2 in the same request."""
    return P4 if P3 in periods_of(params) else P3


def compare_draft(role, label, p2path, p3path, a2, a3, sub=P3):
    """A request about P2 (A's draft) against the same about sub (P3 or P4:
    no report)."""
    why = []
    if a2.status != a3.status:
        why.append("status %d vs %d" % (a2.status, a3.status))
    h2, h3 = norm_headers(a2, P2), norm_headers(a3, sub)
    if h2 != h3:
        d = sorted(set(h2) ^ set(h3))
        why.append("headers differ: %s" % "; ".join("%s: %s" % kv for kv in d[:4]))
    b2, b3 = norm_text(a2.body, P2), norm_text(a3.body, sub)
    if b2 != b3:
        why.append("bodies differ " + first_diff(b2, b3))
    if why:
        no("draft: %s %s %s vs %s reveals the draft: %s" % (role, label, p2path, p3path, "; ".join(why)))
    else:
        ok("draft", role)


def json_rows(body, period):
    """The objects of a JSON answer whose "period" is period."""
    try:
        todo, out = [json.loads(body)], []
    except ValueError:
        return []
    while todo:
        x = todo.pop()
        if isinstance(x, dict):
            if x.get("period") == period:
                out.append(json.dumps(x, sort_keys=True))
            todo.extend(x.values())
        elif isinstance(x, list):
            todo.extend(x)
    return sorted(out)


def period_rows(body, period, other=None):
    """The table rows (<tr>...</tr>), options (<option>...</option>, as
    in the comparison's chooser) and JSON objects that mention the period.
    A row that names the other period too (a header with a column per period,
    as /portfolio's) has both made {PERIOD}: it must read the same either way."""
    rows = [r for r in re.findall(r"<tr\b.*?</tr>|<option\b.*?</option>", body, re.S)
            if period in r or period_label(period) in r]
    rows += json_rows(body, period)
    out = []
    for r in rows:
        r = norm_text(r, period)
        if other is not None and (other in r or period_label(other) in r):
            r = norm_text(r, other)
        # Times differ by when the setup made each period (the audit log's
        # "period.set" rows a second apart): not what tells a draft apart.
        out.append(TIME_RE.sub("{TIME}", r))
    return out


TIME_RE = re.compile(r'<time datetime="[^"]*">[^<]*</time>')


# ---- the crawl --------------------------------------------------------------

def fingerprint(db):
    """A hash per stored table, but the sessions, login failures and audit."""
    con = dbconn.connect(db, readonly=True)
    try:
        names = dbconn.tables(con)
        out = {}
        for n in names:
            if n in ("sessions", "login_failures", "audit", "schema_version", "api_tokens"):
                continue
            h = hashlib.sha256()
            for row in dbconn.query(con, 'SELECT * FROM "%s" ORDER BY 1' % n.replace('"', '""')):
                h.update(repr(row).encode())
            out[n] = h.hexdigest()
        return out
    finally:
        con.close()


MODES = [("html", "GET", {"Accept": "text/html"}),
         ("json", "GET", {"Accept": "application/json"}),
         ("head", "HEAD", {"Accept": "text/html"})]

clients = {}
for r in ROLES:
    c = Client(r["name"])
    if r["email"]:
        c.login(r["email"])
    clients[r["name"]] = c

# GET and HEAD.
for r in ROLES:
    role, c = r["name"], clients[r["name"]]
    for method, pattern in routes:
        if method != "GET":
            continue
        for path, params in expand(pattern):
            got = {}
            jar = dict(c.jar)  # each mode with the same cookies (GET /login sets one)
            for mode, m, hdrs in MODES:
                c.jar = dict(jar)
                a = c.request(m, path, hdrs)
                got[mode] = a
                check_answer(role, "%s(%s) %s" % (m, mode, path), a)
            c.jar = jar
            g, h = got["html"], got["head"]
            why = []
            if g.status != h.status:
                why.append("status GET %d, HEAD %d" % (g.status, h.status))
            hg = sorted((k.lower(), TOKEN_RE.sub("{TOKEN}", v)) for k, v in g.headers if k.lower() not in SKIP_HEADERS)
            hh = sorted((k.lower(), TOKEN_RE.sub("{TOKEN}", v)) for k, v in h.headers if k.lower() not in SKIP_HEADERS)
            if hg != hh:
                why.append("headers differ: %s" % "; ".join("%s: %s" % kv for kv in sorted(set(hg) ^ set(hh))[:4]))
            hl, gl = h.header("Content-Length"), g.header("Content-Length")
            # /metrics counts the requests themselves: its length moves
            # between any two of them (HEAD still must not send a body).
            if hl is not None and gl is not None and hl != gl and pattern != "/metrics":
                why.append("Content-Length GET %s, HEAD %s" % (gl, hl))
            if h.body:
                why.append("HEAD has a body of %d bytes" % len(h.body))
            if why:
                no("head: %s HEAD %s differs from GET: %s" % (role, path, "; ".join(why)))
            else:
                ok("head", role)
            if role in OUTSIDE_A and params.get("slug") == A and P2 in periods_of(params):
                sub = substitute(params)
                p3path = path.replace("/" + P2, "/" + sub)
                for mode, m, hdrs in MODES:
                    c.jar = dict(jar)
                    compare_draft(role, "%s(%s)" % (m, mode), path, p3path, got[mode],
                                  c.request(m, p3path, hdrs), sub)
                c.jar = jar
            if role in OUTSIDE_A and params.get("slug", A) == A and "period" not in params:
                for mode in ("html", "json"):
                    r2, r3 = period_rows(got[mode].body, P2, P3), period_rows(got[mode].body, P3, P2)
                    if r2 != r3:
                        no("draft: %s GET(%s) %s shows a row for %s unlike %s: %s vs %s" % (
                            role, mode, path, P2, P3, [x for x in r2 if x not in r3][:2] or r2[:1] or "(no row)",
                            [x for x in r3 if x not in r2][:2] or r3[:1] or "(no row)"))
                    else:
                        ok("draft", role)

# Search: each role asks /search for each canary (written in lower case, so
# that the query's echo is no canary; the search ignores case), HTML and
# JSON. The snippet marks the canary's words (<mark>CANARY</mark>-...): the
# checks read the page without the marks. Outside a canary's audience the
# answer is that for a word found nowhere, the query's echo aside.
MARK_RE = re.compile(r"</?mark>")
for r in ROLES:
    role, c = r["name"], clients[r["name"]]
    for canary in (SA, DRAFT):
        q = canary.lower()
        head, _, tail = q.rpartition("-")
        nowhere = head + "-" + "z" * len(tail)  # as many words, the last one nowhere
        for mode, m, hdrs in MODES[:2]:
            path = "/search?q=" + urllib.parse.quote(q)
            a = c.request(m, path, hdrs)
            check_answer(role, "%s(%s) %s" % (m, mode, path),
                         Answer(a.status, a.headers, MARK_RE.sub("", a.body)))
            if a.status != 200:
                no("search: %s %s(%s) %s -> %d" % (role, m, mode, path, a.status))
                continue
            if role in MAY_SEE[canary]:
                if canary in MARK_RE.sub("", a.body):
                    ok("search", role)
                else:
                    no("search: %s %s(%s) %s does not find %s" % (role, m, mode, path, CANARY_NAME[canary]))
                continue
            b = c.request(m, "/search?q=" + urllib.parse.quote(nowhere), hdrs)
            x = a.body.replace(q, "{Q}").replace(urllib.parse.quote(q), "{Q}")
            y = b.body.replace(nowhere, "{Q}").replace(urllib.parse.quote(nowhere), "{Q}")
            if a.status != b.status or TOKEN_RE.sub("{TOKEN}", x) != TOKEN_RE.sub("{TOKEN}", y):
                no("search: %s %s(%s) %s differs from a search for a word found nowhere: %s" % (
                    role, m, mode, path, first_diff(x, y)))
            else:
                ok("search", role)

# Empty POSTs and PUTs: outsiders first, so that nothing an insider might do comes
# before a comparison.
order = sorted(ROLES, key=lambda r: r.get("slug") is not None)
db = cfg["db"]
for r in order:
    role, c = r["name"], clients[r["name"]]
    before = fingerprint(db)
    for method, pattern in routes:
        if method not in ("POST", "PUT"):
            continue
        for path, params in expand(pattern):
            if r.get("slug") is not None and params.get("slug") == r["slug"]:
                continue  # its own partnership: an empty POST may be a real action
            api = path.startswith("/api/")
            todo = [(path, params)]
            if role in OUTSIDE_A and params.get("slug") == A and P2 in periods_of(params):
                sub = substitute(params)
                todo.append((path.replace("/" + P2, "/" + sub),
                             {k: (sub if v == P2 else v) for k, v in params.items()}))
            got = {}
            for mode, accept in (("html", "text/html"), ("json", "application/json")):
                for k, (pth, prm) in enumerate(todo):
                    hdrs = {"Accept": accept}
                    if api:
                        hdrs["Content-Type"] = "application/json"
                        body = "{}"
                        if c.csrf:
                            hdrs["X-CSRF-Token"] = c.csrf
                    else:
                        hdrs["Content-Type"] = "application/x-www-form-urlencoded"
                        body = urllib.parse.urlencode({"csrf": c.csrf}) if c.csrf else ""
                    a = c.request(method, pth, hdrs, body)
                    got[(mode, k)] = a
                    check_answer(role, "%s(%s) %s" % (method, mode, pth), a)
                    if r["email"] and "s3pm_session" not in c.jar:
                        c.login(r["email"])  # /logout ended the session
                if len(todo) == 2:
                    compare_draft(role, "%s(%s)" % (method, mode), todo[0][0], todo[1][0],
                                  got[(mode, 0)], got[(mode, 1)], substitute(params))
    after = fingerprint(db)
    changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    if changed:
        no("nochange: %s's empty POSTs changed the stored %s" % (role, ", ".join(changed)))
    else:
        ok("nochange", role)

# Those who may read a canary do see it somewhere (else the test proves nothing).
for canary, roles in MAY_SEE.items():
    for role in sorted(roles):
        if (role, canary) in seen:
            ok("visible", role)
        else:
            no("visible: %s never saw %s (its own audience), in any answer" % (role, CANARY_NAME[canary]))
# And explicitly on the report page.
for canary, period in ((SA, P1), (DRAFT, P2)):
    for role in sorted(MAY_SEE[canary]):
        a = clients[role].request("GET", "/p/%s/%s" % (A, period), {"Accept": "text/html"})
        if canary in a.body:
            ok("visible", role)
        else:
            no("visible: %s GET /p/%s/%s -> %d lacks %s" % (role, A, period, a.status, CANARY_NAME[canary]))

for (check, role), n in sorted(ok_counts.items()):
    print("ok - %s: %s: %d checks" % (check, role, n))
print("crawl: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
