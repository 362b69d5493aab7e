-- load-mix.lua - wrk script of bench/load-bench.sh: a fixed mix of
-- operations (public reads, draft saves, logins, exports), each request
-- timed on its own so that every kind gets its own latency percentiles.
--
-- One connection per wrk thread (run with -tN -cN): a thread is one
-- client whose requests strictly alternate with the responses, so the time
-- from request() to response() (CLOCK_MONOTONIC through LuaJIT's ffi) is
-- the latency of that request alone. Each client picks its next operation
-- by weight:
--   public  GET a report page, a partnership page, /portfolio or /search
--           (no cookie, as the public reads them);
--   draft   POST /api/p/SLUG/PERIOD/draft, the autosave of the client's
--           own draft (no other client saves it): on the revision the
--           previous save returned, with a changed executive summary;
--   login   GET /login, POST /login (the login proper: argon2id), GET /me
--           (where the browser lands, and the logout form's CSRF token),
--           POST /logout: four requests, with the client's own login-only
--           account (a login ends the account's other sessions);
--   export  GET /p/SLUG/PERIOD.pdf, /portfolio.xlsx or /portfolio.csv with
--           a Commission officer's session (the portfolio's spreadsheets
--           are for the committee, the Commission and administrators;
--           each client has an officer's account of its own).
-- A response whose status is not the one expected (200, or 303 for the
-- login and the logout) is an error, as is a request that got no answer
-- (the connection closed or failed: status 0); an operation stops at its
-- first error.
--
-- Arguments (after --): DIR W_PUBLIC W_DRAFT W_LOGIN W_EXPORT PART (the
-- part of the run, in each save's text: a save never repeats one of an
-- earlier part, which would change nothing).
-- DIR/client-<i> (i from 1): key=value lines cookie, csrf, draft (the
-- autosave's path), rev, email and password (the login account),
-- export_cookie (the Commission officer's session);
-- DIR/draft-<i>.json: the autosave's body, with @REV@ and @SUMMARY@ in
-- place of the base revision and the executive summary;
-- DIR/public.txt and DIR/export.txt: "LABEL PATH" lines (a label's weight
-- is how often it appears).
-- done() adds to DIR/latency.txt a line per response "LABEL STATUS OK
-- US" and to DIR/errors.txt the first errors' bodies (a second run adds
-- to the first's), then prints wrk's socket errors.

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long s3pm_sec; long s3pm_nsec; } s3pm_timespec;
int clock_gettime(int clk, s3pm_timespec *ts);
]]
local ts = ffi.new("s3pm_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.s3pm_sec) * 1e6 + tonumber(ts.s3pm_nsec) / 1e3
end

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

local function slurp(path)
  local f = assert(io.open(path, "r"))
  local s = f:read("*a")
  f:close()
  return s
end

local function lines_of(path)
  local t = {}
  for label, p in slurp(path):gmatch("(%S+) (%S+)\n") do
    table.insert(t, { label = label, path = p })
  end
  assert(#t > 0, path .. " is empty")
  return t
end

local function header(hdrs, name)
  name = name:lower()
  for k, v in pairs(hdrs) do
    if k:lower() == name then return v end
  end
  return nil
end

local function cookie_value(hdrs, name)
  local c = header(hdrs, "Set-Cookie")
  return c and c:match(name .. "=([0-9a-f]+)")
end

local function csrf_of(body)
  return body:match('name="csrf" value="([^"]*)"')
end

function init(args)
  dir = args[1]
  weights = { tonumber(args[2]), tonumber(args[3]), tonumber(args[4]), tonumber(args[5]) }
  wsum = weights[1] + weights[2] + weights[3] + weights[4]
  part = args[6] or "1"
  local cfg = {}
  for k, v in slurp(dir .. "/client-" .. id):gmatch("([%w_]+)=([^\n]*)\n") do cfg[k] = v end
  cookie, csrf, draft_path, rev = cfg.cookie, cfg.csrf, cfg.draft, tonumber(cfg.rev)
  export_headers = { ["Cookie"] = cfg.export_cookie }
  login_body_tail = "&email=" .. cfg.email:gsub("@", "%%40") .. "&password=" .. cfg.password
  local tpl = slurp(dir .. "/draft-" .. id .. ".json")
  d1, d2, d3 = tpl:match("^(.-)@REV@(.-)@SUMMARY@(.*)$")
  assert(d1, "draft-" .. id .. ".json lacks @REV@ or @SUMMARY@")
  public = lines_of(dir .. "/public.txt")
  exports = lines_of(dir .. "/export.txt")
  json_headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Cookie"] = cookie,
    ["X-CSRF-Token"] = csrf,
  }
  form_type = "application/x-www-form-urlencoded"
  math.randomseed(id * 7919 + os.time())
  nsaves = 0
  ops = { public = 0, draft = 0, login = 0, export = 0 }
  cur, log, nerr, errs = {}, {}, 0, {}
  flow, step, pending, calls = nil, 0, nil, 0
end

-- One record per response (or per request that got none: status 0).
local function record(label, status, ok, us, path, body)
  cur[#cur + 1] = string.format("%s %d %d %.0f", label, status, ok and 1 or 0, us)
  if #cur >= 1000 then
    log[#log + 1] = table.concat(cur, "\n")
    cur = {}
  end
  if not ok then
    nerr = nerr + 1
    if nerr <= 3 then
      errs[#errs + 1] = string.format("client %d: %s %s -> %d %s", id, label, path, status,
        (body or ""):sub(1, 160):gsub("%s+", " "))
    end
  end
end

-- The login flow's steps: {label, method, expected status}.
local login_steps = {
  { "login/form", "GET", 200 },
  { "login/post", "POST", 303 },
  { "login/me", "GET", 200 },
  { "login/logout", "POST", 303 },
}

local function pick_op()
  local r = math.random() * wsum
  if r < weights[1] then return "public" end
  r = r - weights[1]
  if r < weights[2] then return "draft" end
  r = r - weights[2]
  if r < weights[3] then return "login" end
  return "export"
end

local function send(label, method, path, expect, hdrs, body)
  pending = { label = label, path = path, expect = expect, t0 = now_us() }
  return wrk.format(method, path, hdrs, body)
end

function request()
  calls = calls + 1
  if pending then
    if id == 1 and calls == 2 then
      -- The first call on the first thread was wrk's check of the
      -- script (script_verify_request), never sent.
      if step == 1 then ops[flow] = ops[flow] - 1 end
    else
      -- The previous request got no answer (wrk reconnected): an error.
      record(pending.label, 0, false, now_us() - pending.t0, pending.path, "no response")
    end
    pending, flow = nil, nil
  end
  if flow == nil then
    flow = pick_op()
    ops[flow] = ops[flow] + 1
    step = 1
  end
  if flow == "public" then
    local t = public[math.random(#public)]
    return send(t.label, "GET", t.path, 200, {})
  elseif flow == "draft" then
    nsaves = nsaves + 1
    local body = d1 .. rev .. d2 .. "Load-bench save " .. part .. "-" .. id .. "-" .. nsaves .. ". " .. d3
    return send("draft", "POST", draft_path, 200, json_headers, body)
  elseif flow == "export" then
    local t = exports[math.random(#exports)]
    return send(t.label, "GET", t.path, 200, export_headers)
  end
  -- login
  local s = login_steps[step]
  if step == 1 then
    return send(s[1], s[2], "/login", s[3], {})
  elseif step == 2 then
    return send(s[1], s[2], "/login", s[3], { ["Cookie"] = "s3pm_login=" .. lf_cookie, ["Content-Type"] = form_type },
      "csrf=" .. lf_csrf .. login_body_tail)
  elseif step == 3 then
    return send(s[1], s[2], "/me", s[3], { ["Cookie"] = "s3pm_session=" .. lf_session })
  end
  return send(s[1], s[2], "/logout", s[3], { ["Cookie"] = "s3pm_session=" .. lf_session, ["Content-Type"] = form_type },
    "csrf=" .. lf_csrf)
end

function response(status, hdrs, body)
  if not pending then return end
  local us = now_us() - pending.t0
  local p = pending
  pending = nil
  local ok = status == p.expect
  if ok and flow == "draft" then
    local r = tonumber(body:match('"revision"%s*:%s*(%d+)'))
    ok = r ~= nil and body:match('"saved"%s*:%s*true') ~= nil
    if r then rev = r end
  elseif ok and flow == "login" then
    if step == 1 then
      lf_cookie, lf_csrf = cookie_value(hdrs, "s3pm_login"), csrf_of(body)
      ok = lf_cookie ~= nil and lf_csrf ~= nil
    elseif step == 2 then
      lf_session = cookie_value(hdrs, "s3pm_session")
      ok = lf_session ~= nil
    elseif step == 3 then
      lf_csrf = csrf_of(body)
      ok = lf_csrf ~= nil
    end
  end
  record(p.label, status, ok, us, p.path, body)
  if ok and flow == "login" and step < #login_steps then
    step = step + 1
  else
    flow = nil
  end
end

function done(summary, latency, requests)
  local dir = threads[1]:get("dir")
  local out = assert(io.open(dir .. "/latency.txt", "a"))
  local eout = assert(io.open(dir .. "/errors.txt", "a"))
  local o = { public = 0, draft = 0, login = 0, export = 0 }
  for _, th in ipairs(threads) do
    for _, chunk in ipairs(th:get("log") or {}) do out:write(chunk, "\n") end
    local c = th:get("cur") or {}
    if #c > 0 then out:write(table.concat(c, "\n"), "\n") end
    for _, e in ipairs(th:get("errs") or {}) do eout:write(e, "\n") end
    local to = th:get("ops") or {}
    for k, _ in pairs(o) do o[k] = o[k] + (to[k] or 0) end
  end
  out:close()
  eout:close()
  local e = summary.errors
  io.write(string.format("load-mix: %d responses in %.1f s; operations begun: %d public, %d draft, %d login, %d export\n",
    summary.requests, summary.duration / 1e6, o.public, o.draft, o.login, o.export))
  io.write(string.format("load-mix: wrk's socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
end
