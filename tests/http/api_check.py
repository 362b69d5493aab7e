#!/usr/bin/python3
"""tests/http/api_check.py - the JSON API v1 against its description, on a
live server (run by t0016-api.sh, with Debian's python3-jsonschema).

Tokens are made the way a person makes them: logged in, through the forms
of /account (with the session's CSRF token). Then every operation of the
served /api/v1/openapi.json is called (the run fails if one was not, or if
an answer's status is not documented for its operation) and every answer
body is validated against the schema documented for its status (problem
details for errors), with the rules checked on the way: confidential
answers only for their audience, another partnership's draft answering 404
exactly like no report, read-only and revoked tokens, If-Match, bodies that
are not JSON, paging.

Usage: api_check.py BASE CONFIG.json   (CONFIG: password, users, canaries,
slugs; see t0016-api.sh). Prints "ok - ..." / "not ok - ..." lines.
"""
import http.client
import http.cookiejar
import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request

import jsonschema

base = sys.argv[1]
cfg = json.load(open(sys.argv[2]))
PW = cfg["password"]
A, B, C = cfg["a"], cfg["b"], cfg["c"]         # slugs: A has a published report with the SA canary and a
SA, DRAFT, SUB = cfg["sa"], cfg["draft"], cfg["sub"]  # draft (DRAFT); B a submitted one (SUB)

results = []


def check(what, cond, detail=""):
    results.append(bool(cond))
    print(("ok - " if cond else "not ok - ") + what)
    if not cond and detail:
        print("  " + str(detail)[:600])
    return cond


# --- plain HTTP ------------------------------------------------------------

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def too_big(method, path, length, headers):
    """Announces a body of length bytes and sends none: the server answers
    at once (413) without reading it. (status, headers, bytes)."""
    c = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    c.putrequest(method, path)
    for k, v in headers.items():
        c.putheader(k, v)
    c.putheader("Content-Length", str(length))
    c.endheaders()
    r = c.getresponse()
    out = r.status, r.headers, r.read()
    c.close()
    return out


def raw(method, url, body=None, headers=None, opener=None):
    """(status, headers, bytes) of one request; never raises on a status."""
    req = urllib.request.Request(url if url.startswith("http") else base + url, data=body,
                                 method=method, headers=headers or {})
    op = opener or urllib.request.build_opener(NoRedirect)
    try:
        with op.open(req, timeout=30) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def csrf_of(html):
    m = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
    return m.group(1) if m else None


class Browser:
    """A logged-in person: a cookie jar, and the forms they send."""

    def __init__(self, email):
        self.jar = http.cookiejar.CookieJar()
        self.op = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        st, _, body = raw("GET", "/login", opener=self.op)
        csrf = csrf_of(body.decode())
        form = urllib.parse.urlencode({"email": email, "password": PW, "csrf": csrf}).encode()
        st, _, _ = raw("POST", "/login", form, {"Content-Type": "application/x-www-form-urlencoded"}, self.op)
        self.ok = st == 303

    def post(self, path, fields):
        st, _, body = raw("GET", "/account", opener=self.op)
        fields = dict(fields, csrf=csrf_of(body.decode()))
        return raw("POST", path, urllib.parse.urlencode(fields).encode(),
                   {"Content-Type": "application/x-www-form-urlencoded"}, self.op)

    def make_token(self, name, scope):
        st, _, body = self.post("/account/tokens", {"name": name, "scope": scope})
        m = re.search(r'<code id="new-token">(s3pm_[0-9a-f]{64})</code>', body.decode())
        return m.group(1) if st == 200 and m else None

    def token_id(self, name):
        st, _, body = raw("GET", "/account", opener=self.op)
        html = body.decode()
        i = html.find("<td>" + name + "</td>")
        m = re.search(r'action="/account/tokens/([0-9]+)/revoke"', html[i:]) if i >= 0 else None
        return m.group(1) if m else None


# --- the description ---------------------------------------------------------

st, hd, body = raw("GET", "/api/v1/openapi.json")
spec = json.loads(body)
check("GET /api/v1/openapi.json: an OpenAPI 3.1 document", st == 200 and spec.get("openapi", "").startswith("3.1"))
resolver = jsonschema.RefResolver.from_schema(spec)
ops = {}     # (METHOD, template) -> operation
for tmpl, item in spec["paths"].items():
    for m, o in item.items():
        if m != "parameters":
            ops[(m.upper(), tmpl)] = o
called = set()
try:
    jsonschema.Draft202012Validator.check_schema({"$defs": spec["components"]["schemas"]})
    check("every schema of the description is valid JSON Schema 2020-12", True)
except jsonschema.SchemaError as e:
    check("every schema of the description is valid JSON Schema 2020-12", False, e.message)


def template_of(method, path):
    path = path.split("?")[0]
    for (m, t) in ops:
        if m != method:
            continue
        rx = "^" + re.sub(r"\\\{[a-z_]+\\\}", "[^/]+", re.escape(t)) + "$"
        if re.match(rx, path):
            return t
    return None


def validate(schema, value):
    v = jsonschema.Draft202012Validator(schema, resolver=resolver)
    errs = sorted(v.iter_errors(value), key=lambda e: e.path)
    return "; ".join("%s: %s" % ("/".join(map(str, e.path)), e.message) for e in errs[:3])


class Answer:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body
        try:
            self.json = json.loads(body) if body else None
        except ValueError:
            self.json = None


def api(method, path, token=None, body=None, headers=None, ctype="application/json", what=None, announce=0):
    """Calls the API, checks the answer against the description; returns it.
    announce: send no body but a Content-Length of that many bytes."""
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    data = None
    if body is not None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        if ctype:
            h["Content-Type"] = ctype
    if announce:
        st, hd, raw_body = too_big(method, path, announce, h)
    else:
        st, hd, raw_body = raw(method, path, data, h)
    a = Answer(st, hd, raw_body)
    t = template_of(method, path)
    label = what or "%s %s" % (method, path)
    ct = (hd.get("Content-Type") or "").split(";")[0]
    if t is None:
        # Not an operation (an unknown path or method): a problem all the same.
        check(label + ": answered %d as problem details" % st,
              st >= 400 and ct == "application/problem+json" and not validate({"$ref": "#/components/schemas/Problem"}, a.json),
              raw_body[:200])
        return a
    called.add((method, t))
    resp = ops[(method, t)]["responses"].get(str(st))
    if not check(label + ": status %d is documented" % st, resp is not None, raw_body[:300]):
        return a
    if "$ref" in resp:
        resp = resolver.resolve(resp["$ref"])[1]
    content = resp.get("content", {})
    if ct not in content:
        check(label + ": Content-Type %s is documented" % ct, False, list(content))
        return a
    err = validate(content[ct]["schema"], a.json)
    check(label + ": the body matches the schema", a.json is not None and not err, err or raw_body[:200])
    return a


a = api("GET", "/api/v1/openapi.json", what="the description through the API")
check("the description is the one shipped in data/", a.json == spec)

# --- people and their tokens -------------------------------------------------

people = {}
for who, email in cfg["users"].items():
    b = Browser(email)
    check("%s logs in" % who, b.ok)
    people[who] = b
tok = {}
for who, b in people.items():
    tok[who] = b.make_token("reader of " + who, "read")
    tok[who + "+w"] = b.make_token("writer of " + who, "write")
    check("%s makes a read-only and a read-write token on /account" % who, tok[who] and tok[who + "+w"])
st, _, body = raw("GET", "/account", opener=people["ca"].op)
html = body.decode()
check("/account lists the tokens by name and scope, never the token itself",
      "reader of ca" in html and "read only" in html and "read and write" in html and tok["ca"] not in html)
st, _, _ = raw("POST", "/account/tokens", urllib.parse.urlencode({"name": "x", "scope": "read"}).encode(),
               {"Content-Type": "application/x-www-form-urlencoded"}, people["ca"].op)
check("a token form without the CSRF token is refused (403)", st == 403)
st, _, body = people["ca"].post("/account/tokens", {"name": "", "scope": "read"})
check("a token without a name is refused (400, said on the page)", st == 400 and "name" in body.decode())
roles = ["public"] + list(cfg["users"])


def t(who, write=False):
    return None if who == "public" else tok[who + ("+w" if write else "")]


# --- reads, as everybody -----------------------------------------------------

REP = "/api/v1/partnerships/%s/reports/%s"
sa_readers = {"ca", "ma", "committee", "commission"}
for who in roles:
    a = api("GET", "/api/v1/partnerships", t(who), what="%s lists partnerships" % who)
    check("%s: the list holds A and B" % who, a.status == 200 and {A, B} <= {i["slug"] for i in a.json["items"]})
    a = api("GET", "/api/v1/partnerships/" + A, t(who), what="%s reads partnership A" % who)
    follows = who in ("ca", "ma", "committee", "commission", "admin")
    check("%s: A's periods and decisions %s" % (who, "shown" if follows else "not shown"),
          a.status == 200 and ("periods" in a.json) == follows and ("decisions" in a.json) == follows, a.json)
    if not follows:
        check("%s: nothing of A's draft period in its partnership's answer" % who, "2020-H2" not in a.body.decode())
    api("GET", "/api/v1/periods", t(who), what="%s lists periods" % who)
    a = api("GET", REP % (A, "2020-H1"), t(who), what="%s reads A's published report" % who)
    text = a.body.decode()
    check("%s: the confidential self-assessment %s" % (who, "is there" if who in sa_readers else "is cut"),
          a.status == 200 and (SA in text) == (who in sa_readers))
    check("%s: the report's ETag is its revision" % who, a.headers.get("ETag") == '"%d"' % a.json["revision"])
    a = api("GET", "/api/v1/search?q=" + SA, t(who), what="%s searches for the confidential canary" % who)
    check("%s: the search finds it only in its audience" % who, (a.json["total"] > 0) == (who in sa_readers), a.json)

# Another partnership's draft is exactly no report.
none = api("GET", REP % (A, "2019-H1"), what="a report that does not exist")
for who in roles:
    a = api("GET", REP % (A, "2020-H2"), t(who), what="%s reads A's draft" % who)
    if who in ("ca", "ma"):
        check("%s reads its own draft" % who, a.status == 200 and DRAFT in a.body.decode())
    else:
        same = a.status == 404 and none.json is not None and a.json is not None and \
            {k: v for k, v in a.json.items() if k != "instance"} == {k: v for k, v in none.json.items() if k != "instance"}
        check("%s: A's draft answers exactly like no report (404)" % who, same, a.body[:200])
    a = api("GET", REP % (A, "2020-H2") + "/findings", t(who), what="%s asks for the findings of A's draft" % who)
    check("%s: findings of A's draft %s" % (who, "given" if who in ("ca", "ma") else "404"),
          a.status == (200 if who in ("ca", "ma") else 404))
    a = api("GET", REP % (B, "2020-H1"), t(who), what="%s reads B's submitted report" % who)
    readers = {"cb", "committee", "commission", "admin"}
    check("%s: B's submitted report %s" % (who, "read" if who in readers else "404"),
          a.status == (200 if who in readers else 404) and (SUB in a.body.decode()) == (who in readers))
a = api("GET", REP % (A, "2020-H1") + "/findings", what="the public asks for findings of a published report")
check("the public gets no findings (403)", a.status == 403)

# Paging.
a = api("GET", "/api/v1/partnerships?per_page=1", what="partnerships, one a page")
check("per_page=1: one item, a next link, the total", a.status == 200 and len(a.json["items"]) == 1
      and a.json["total"] >= 2 and "next" in a.json["links"] and "prev" not in a.json["links"])
b2 = api("GET", a.json["links"]["next"], what="the next page")
check("the next page holds another partnership and a prev link",
      b2.status == 200 and b2.json["items"][0]["slug"] != a.json["items"][0]["slug"] and "prev" in b2.json["links"])
for bad in ("per_page=0", "per_page=201", "page=x", "page=-1"):
    a = api("GET", "/api/v1/partnerships?" + bad, what="partnerships?" + bad)
    check(bad + " is a 400 naming the parameter", a.status == 400 and bad.split("=")[0] in a.json.get("detail", ""))
a = api("GET", "/api/v1/search?q=" + SA + "&page=abc", what="search with a bad page")
check("search: a bad page is a 400", a.status == 400)

# Unknown addresses, methods, tokens.
a = api("GET", "/api/v1/nothing-here", what="an unknown API address")
check("an unknown address under /api/v1 is a 404 problem", a.status == 404)
a = api("DELETE", REP % (A, "2020-H1"), what="DELETE of a report")
check("a method the address does not take is a 405 problem with Allow",
      a.status == 405 and "PUT" in (a.headers.get("Allow") or ""))
a = api("GET", "/api/v1/periods", "s3pm_" + "0" * 64, what="an unknown token")
check("an unknown token is a 401 with WWW-Authenticate", a.status == 401 and "Bearer" in (a.headers.get("WWW-Authenticate") or ""))
a = api("GET", "/api/v1/periods", headers={"Authorization": "Basic eDp5"}, what="a non-bearer Authorization")
check("a non-bearer Authorization is a 401", a.status == 401)
st, hd, body = raw("GET", "/api/v1/periods", headers={"Cookie": "s3pm_session=whatever"})
check("a cookie means nothing under /api/v1 (the public)", st == 200)

# --- the portfolio ---------------------------------------------------------------
# /api/v1/portfolio against /portfolio's own JSON (Accept: application/json) and
# page for the same caller: the same figures, filters and rules; the API pages
# the partnerships only.

PF = "/api/v1/portfolio"
PAGING = ("page", "per_page", "total", "links")
PF_QUERIES = ("", "?platform=Agri-Food", "?platform=none", "?partnership=" + A, "?from=2020-H1&to=2020-H2",
              "?period=2020-H2", "?from=2021-H1")


def portfolio_page(who, query="", accept="application/json"):
    """(status, body) of /portfolio for who: their session, or none."""
    st, _, body = raw("GET", "/portfolio" + query, headers={"Accept": accept},
                      opener=None if who == "public" else people[who].op)
    return st, body.decode()


def pf_cell(pf, slug, period):
    """The cell of slug in period ("absent": no such partnership or period)."""
    for p in pf["partnerships"]:
        if p["slug"] == slug:
            return next((c for c in p["cells"] if c["period"] == period), "absent")
    return "absent"


def pf_period(pf, period):
    return next((x for x in pf["periods"] if x["period"] == period), None)


def portfolio_checks(when, queries, rules=True):
    """The API against /portfolio for every role; rules: also the draft and
    submitted reports of the setup (before the writes change them)."""
    for who in roles:
        for q in queries:
            a = api("GET", PF + q, t(who), what="%s reads the portfolio%s (%s)" % (who, q, when))
            st, body = portfolio_page(who, q)
            page = json.loads(body) if st == 200 else None
            api_part = {k: v for k, v in (a.json or {}).items() if k not in PAGING}
            check("%s: %s%s has the figures of /portfolio%s as JSON (%s)" % (who, PF, q, q, when),
                  a.status == 200 and page is not None and api_part == page,
                  "api %d, page %d: %s" % (a.status, st, [k for k in page or {} if api_part.get(k) != page[k]]))
            if a.status != 200:
                continue
            check("%s: %s%s counts every partnership selected (total %d, one page)" % (who, PF, q, a.json["total"]),
                  a.json["total"] == len(a.json["partnerships"]) and a.json["page"] == 1 and a.json["per_page"] == 50)
        a = api("GET", PF, t(who))
        st, html = portfolio_page(who, "", "text/html")
        m = re.search(r"([0-9]+) partnerships, ([0-9]+) periods, ([0-9]+) reports counted\.", html)
        check("%s: the numbers of the HTML page agree (%s)" % (who, when),
              a.status == 200 and m is not None and
              (int(m.group(1)), int(m.group(2)), int(m.group(3))) == (a.json["total"], len(a.json["periods"]), a.json["reports"]),
              m and m.group(0))
        if not rules or a.status != 200:
            continue
        # A's draft (2020-H2) is exactly no report outside A: its cell reads
        # like B's (no report in 2020-H2), and it is in no count.
        pf = a.json
        if who in ("ca", "ma"):
            check("%s: its own draft is in its portfolio" % who, pf_cell(pf, A, "2020-H2")["status"] == "draft"
                  and pf_period(pf, "2020-H2")["by_status"]["draft"] == 1)
        else:
            per = pf_period(pf, "2020-H2")
            check("%s: A's draft counts like no report in the portfolio (%s)" % (who, when),
                  pf_cell(pf, A, "2020-H2") == pf_cell(pf, B, "2020-H2") and
                  pf_cell(pf, A, "2020-H2")["status"] is None and per is not None and
                  per["by_status"]["draft"] == 0 and per["reports"] == 0, (pf_cell(pf, A, "2020-H2"), per))
        sub = pf_cell(pf, B, "2020-H1")
        check("%s: B's submitted report %s (%s)" % (who, "counts" if who in readers else "is no report", when),
              sub != "absent" and (sub["status"] is not None) == (who in readers), sub)


readers = {"cb", "committee", "commission", "admin"}
portfolio_checks("before the writes", PF_QUERIES)

for who in ("public", "committee"):
    st, body = portfolio_page(who)
    whole = json.loads(body)
    n = len(whole["partnerships"])
    a = api("GET", PF + "?per_page=1&page=2", t(who), what="%s: the portfolio, one partnership a page" % who)
    check("%s: per_page=1&page=2 holds the second partnership, the rest counts them all" % who,
          a.status == 200 and n >= 3 and a.json["partnerships"] == whole["partnerships"][1:2] and a.json["total"] == n
          and a.json["periods"] == whole["periods"] and a.json["sdg_totals"] == whole["sdg_totals"]
          and "prev" in a.json["links"] and "next" in a.json["links"], (n, a.json and a.json.get("links")))
    b2 = api("GET", a.json["links"]["next"], t(who), what="%s: the portfolio's next page" % who)
    check("%s: the next link gives the third partnership" % who,
          b2.status == 200 and b2.json["partnerships"] == whole["partnerships"][2:3])
    a = api("GET", PF + "?page=999", t(who), what="%s: the portfolio past its last page" % who)
    check("%s: a page past the last holds no partnership, the figures still count them all" % who,
          a.status == 200 and a.json["partnerships"] == [] and a.json["total"] == n and a.json["periods"] == whole["periods"])

for param, q in (("platform", "platform=Bogus"), ("partnership", "partnership=no-such-thing"),
                 ("from", "from=2020-H3"), ("to", "to=soon"), ("from", "from=2022-H1&to=2021-H1"),
                 ("period", "period=2020-H1&from=2019-H1"), ("period", "period=2020"), ("page", "page=0"),
                 ("page", "page=abc"), ("per_page", "per_page=0"), ("per_page", "per_page=201")):
    a = api("GET", PF + "?" + q, t("commission"), what="the portfolio with " + q)
    check("the portfolio with %s: a 400 naming %s" % (q, param),
          a.status == 400 and a.json["errors"][0]["parameter"] == param and param in a.json["detail"], a.json)
a = api("GET", PF + "?partnership=" + A + "&platform=Energy", what="a partnership outside the platform chosen")
check("a partnership outside the platform chosen selects nothing (no error)",
      a.status == 200 and a.json["partnerships"] == [] and a.json["total"] == 0)

# --- findings of a posted document ----------------------------------------

a = api("GET", REP % (A, "2020-H1"), t("ca"))
doc = a.json["document"]
a = api("POST", "/api/v1/findings", body=doc, what="findings of a posted document")
check("findings of a posted document: counted", a.status == 200 and a.json["errors"] + a.json["warnings"] == len(a.json["findings"]))
a = api("POST", "/api/v1/findings", body=b"{\"form\": ", what="findings of broken JSON")
check("broken JSON: a 400 naming the line and column", a.status == 400 and re.search(r":1:9: ", a.json["detail"]), a.json)
a = api("POST", "/api/v1/findings", body=b"form=x", ctype="application/x-www-form-urlencoded", what="findings of a form body")
check("a body that is not JSON: 415", a.status == 415)
a = api("POST", "/api/v1/findings", body=[1, 2], what="findings of a JSON array")
check("a JSON array where an object is expected: 400", a.status == 400)
a = api("POST", "/api/v1/findings", body={"form": "no-such-form", "answers": {}}, what="findings of an unknown form")
check("a document of an unknown form: 400", a.status == 400)

# --- saving a draft ------------------------------------------------------------

a = api("GET", REP % (A, "2020-H2"), t("ca"))
rev, answers = a.json["revision"], a.json["document"]["answers"]
etag = a.headers.get("ETag")


def revision_now():
    return api("GET", REP % (A, "2020-H2"), t("ca")).json["revision"]


new = dict(answers, executive_summary="Saved through the API")
a = api("PUT", REP % (A, "2020-H2"), body={"answers": new}, headers={"If-Match": etag}, what="a save without a token")
check("a save without a token: 401, nothing saved", a.status == 401 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca"), {"answers": new}, {"If-Match": etag}, what="a save with a read-only token")
check("a save with a read-only token: 403, nothing saved", a.status == 403 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("cb", True), {"answers": new}, {"If-Match": etag}, what="another partnership saves A's draft")
check("another partnership's coordinator saving A's draft: 404, nothing saved", a.status == 404 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"answers": new}, what="a save without If-Match")
check("a save without If-Match: 428, nothing saved", a.status == 428 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"answers": new}, {"If-Match": '"%d"' % (rev + 5)}, what="a stale save")
check("a save with a stale If-Match: 412, nothing saved", a.status == 412 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"nothing": 1}, {"If-Match": etag}, what="a save without answers")
check("a save without answers: 400 pointing at /answers, nothing saved",
      a.status == 400 and a.json["errors"][0]["pointer"] == "/answers" and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), b'{"answers": {', {"If-Match": etag}, what="a save of broken JSON")
check("a save of broken JSON: 400, nothing saved", a.status == 400 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), b"", {"If-Match": etag}, what="a save too large", announce=2 << 20)
check("a save larger than the limit: 413, nothing saved", a.status == 413 and revision_now() == rev)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"answers": dict(new, no_such_question="x")}, {"If-Match": etag},
        what="a save with an unknown question")
check("a save with an unknown question: 400 naming it, nothing saved",
      a.status == 400 and "no_such_question" in a.json["detail"] and revision_now() == rev, a.json)
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"answers": new}, {"If-Match": etag}, what="the coordinator saves")
check("the coordinator saves: a new revision and its ETag",
      a.status == 200 and a.json["revision"] == rev + 1 and a.headers.get("ETag") == '"%d"' % (rev + 1), a.json)
check("the save is there", "Saved through the API" in api("GET", REP % (A, "2020-H2"), t("ma")).body.decode())
a = api("PUT", REP % (A, "2020-H2"), t("ca", True), {"answers": new}, {"If-Match": etag}, what="a second save on the old revision")
check("a save on the old revision now: 412", a.status == 412 and revision_now() == rev + 1)
a = api("PUT", REP % (A, "2020-H1"), t("ca", True), {"answers": new}, {"If-Match": '"1"'}, what="a save of a published report")
check("a published report cannot be saved (403)", a.status == 403)

# --- review and decisions --------------------------------------------------------

bp = REP % (B, "2020-H1")
a = api("POST", bp + "/comments", t("committee"), {"body": "x"}, what="a comment with a read-only token")
check("a comment with a read-only token: 403", a.status == 403)
a = api("POST", bp + "/comments", t("ca", True), {"body": "x"}, what="A's coordinator comments on B")
check("a partnership that may not read B's submitted report: 404", a.status == 404)
a = api("POST", bp + "/comments", t("committee", True), {"body": ""}, what="an empty comment")
check("an empty comment: 400", a.status == 400)
a = api("POST", bp + "/comments", t("committee", True), {"body": 5}, what="a comment that is no string")
check("a comment body that is no string: 400 pointing at /body", a.status == 400 and a.json["errors"][0]["pointer"] == "/body")
a = api("POST", bp + "/comments", t("committee", True), {"body": "Please say more about the regions."},
        what="the committee comments")
check("the committee comments (201)", a.status == 201 and a.json["status"] == "submitted")
a = api("POST", bp + "/accept", t("cb", True), what="B's coordinator accepts their own report")
check("a coordinator may not accept (403)", a.status == 403)
brev = api("GET", bp, t("committee")).json["revision"]
a = api("POST", bp + "/return", t("committee", True), {"reason": "x"}, {"If-Match": '"%d"' % (brev + 3)}, what="a stale return")
check("a return with a stale If-Match: 412, still submitted", a.status == 412 and api("GET", bp, t("committee")).json["status"] == "submitted")
a = api("POST", bp + "/return", t("committee", True), {"reason": "Add the regions, please."}, {"If-Match": '"%d"' % brev},
        what="the committee returns B")
check("the committee returns B", a.status == 200 and a.json["status"] == "returned")
a = api("POST", bp + "/accept", t("committee", True), what="accepting a returned report")
check("a returned report cannot be accepted (403/409)", a.status in (403, 409) and api("GET", bp, t("cb")).json["status"] == "returned")
a = api("POST", bp + "/submit", t("cb"), what="a submit with a read-only token")
check("a submit with a read-only token: 403, still returned", a.status == 403 and api("GET", bp, t("cb")).json["status"] == "returned")
a = api("POST", bp + "/submit", t("cb", True), what="B's coordinator submits again")
check("B's coordinator submits again (or is told what stops it)", a.status in (200, 422), a.json)
if a.status == 422:
    check("a blocked submission lists its errors and changes nothing",
          len(a.json.get("errors", [])) > 0 and api("GET", bp, t("cb")).json["status"] == "returned")
else:
    a = api("POST", bp + "/accept", t("committee", True), body=b"", ctype=None, what="the committee accepts B")
    check("the committee accepts B: published", a.status == 200 and a.json["status"] == "published")
    check("the public now reads B", api("GET", bp).status == 200)
cp = REP % (C, "2022-H1")
a = api("POST", cp + "/submit", t("cc", True), body=b"", ctype=None, headers={"If-Match": '"1"'}, what="C's coordinator submits")
check("C's coordinator submits a report without errors", a.status == 200 and a.json["status"] == "submitted", a.json)
check("the public still does not read it", api("GET", cp).status == 404)
a = api("POST", cp + "/accept", t("committee", True), body={}, what="the committee accepts C's report")
check("the committee accepts it: published", a.status == 200 and a.json["status"] == "published", a.json)
check("the public reads it now", api("GET", cp).status == 200)
a = api("POST", REP % (C, "2022-H2") + "/accept", t("committee", True), body=b"", ctype=None,
        what="the committee accepts C's submitted 2022-H2")
check("an accepted report is published at once", a.status == 200 and a.json["status"] == "published", a.json)
a = api("POST", REP % (A, "2020-H2") + "/submit", t("ma", True), what="a member submits")
check("a member may not submit (403), the draft stays", a.status == 403 and
      api("GET", REP % (A, "2020-H2"), t("ca")).json["status"] == "draft")
a = api("POST", REP % (A, "2020-H2") + "/submit", t("ca", True), {"x": 1}, what="the coordinator submits A's draft")
check("the coordinator submits A's draft (or is told what stops it)", a.status in (200, 422))
a = api("POST", REP % (A, "2020-H2") + "/accept", t("committee", True), body=b"x", ctype="text/plain", what="accept with a text body")
check("an action with a body that is not JSON: 415", a.status == 415)

dec = {"term": "2021-H1", "outcome": "continue", "rationale": "Good progress."}
a = api("POST", "/api/v1/partnerships/%s/decisions" % A, t("committee", True), dec, what="the committee decides")
check("the committee may not decide (403)", a.status == 403)
a = api("POST", "/api/v1/partnerships/%s/decisions" % A, t("commission", True), dict(dec, outcome="maybe"), what="a bad outcome")
check("a decision with an unknown outcome: 400 with errors", a.status == 400 and len(a.json.get("errors", [])) > 0)
a = api("POST", "/api/v1/partnerships/%s/decisions" % A, t("commission", True), dec, what="the Commission decides")
check("the Commission records a decision (201)", a.status == 201 and a.json["outcome"] == "continue")
a = api("POST", "/api/v1/partnerships/no-such/decisions", t("commission", True), dec, what="a decision on no partnership")
check("a decision on an unknown partnership: 404", a.status == 404)
a = api("GET", "/api/v1/partnerships/" + A, t("commission"))
check("the decision is listed for the Commission", any(d["term"] == "2021-H1" for d in a.json.get("decisions", [])))
check("the public does not see decisions", "decisions" not in api("GET", "/api/v1/partnerships/" + A).json)

# The portfolio after the writes: C's reports published, B's returned or published.
portfolio_checks("after the writes", ("", "?platform=Agri-Food"), rules=False)
a = api("GET", PF + "?partnership=" + C, what="the public reads C's portfolio")
check("the public's portfolio counts C's reports published through the API",
      a.status == 200 and pf_cell(a.json, C, "2022-H1")["status"] == "published"
      and pf_cell(a.json, C, "2022-H2")["status"] == "published", a.json and a.json["partnerships"])

# --- revoked tokens, inactive users ---------------------------------------------

tid = people["ma"].token_id("reader of ma")
st, hd, _ = people["ma"].post("/account/tokens/%s/revoke" % tid, {}) if tid else (0, {}, b"")
check("ma revokes a token on /account", st == 303)
a = api("GET", "/api/v1/periods", t("ma"), what="a revoked token")
check("a revoked token: 401", a.status == 401)
st, _, _ = people["ca"].post("/account/tokens/%s/revoke" % tid, {}) if tid else (0, {}, b"")
check("nobody revokes another user's token (404)", st == 404)
check("the other tokens of ma still work", api("GET", "/api/v1/periods", t("ma", True)).status == 200)

print(json.dumps({"inactive_token": tok["admin"]}), file=open(cfg["out"], "w"))

# --- every operation called ---------------------------------------------------
missing = sorted("%s %s" % k for k in ops if k not in called)
check("every operation of the description was called", not missing, ", ".join(missing))
print("api_check: done")
sys.exit(0 if all(results) else 1)
