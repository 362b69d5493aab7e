-- draft-save.lua - wrk script of bench/draft-bench.sh: autosaves of report
-- drafts, POST /api/p/:slug/:period/draft, each one a genuine save.
--
-- One connection per wrk thread (run with -tN -cN) and one report per
-- thread: a thread's requests strictly alternate with its responses, so
-- every save is made on the revision the previous save returned (never on
-- a stale base: no merge, no conflict) and every save changes the
-- executive summary (never "nothing changed"). The body is the whole
-- report document, as an autosave of the whole form would send it.
--
-- Arguments (after --): DIR COOKIE CSRF SLUG. DIR/report-<i> (i from 1)
-- holds the period on its first line, the base revision on its second;
-- DIR/draft-<period>.json the report document to send.

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

function init(args)
  local dir, cookie, csrf, slug = args[1], args[2], args[3], args[4]
  local meta = slurp(dir .. "/report-" .. id)
  period, rev = meta:match("^(%S+)\n(%d+)")
  rev = tonumber(rev)
  local doc = slurp(dir .. "/draft-" .. period .. ".json")
  doc = doc:gsub("^%s*{", "", 1)
  local key = '"executive_summary": "'
  local at = doc:find(key, 1, true)
  assert(at, "the document has no executive summary")
  head = doc:sub(1, at + #key - 1)
  tail = doc:sub(at + #key)
  path = "/api/p/" .. slug .. "/" .. period .. "/draft"
  headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json",
    ["Cookie"] = cookie,
    ["X-CSRF-Token"] = csrf,
  }
  n, saved, merged, unchanged, conflicts, errors = 0, 0, 0, 0, 0, 0
  first_error = ""
end

function request()
  n = n + 1
  local body = '{"base_revision": ' .. rev .. ',' .. head .. "Save " .. id .. "-" .. n .. ". " .. tail
  return wrk.format("POST", path, headers, body)
end

function response(status, hdrs, body)
  local r = tonumber(body:match('"revision"%s*:%s*(%d+)'))
  if status == 200 then
    if r then rev = r end
    if body:match('"merged"%s*:%s*true') then
      merged = merged + 1
    elseif body:match('"saved"%s*:%s*true') then
      saved = saved + 1
    else
      unchanged = unchanged + 1
    end
  elseif status == 409 then
    conflicts = conflicts + 1
    if r then rev = r end
  else
    errors = errors + 1
    if first_error == "" then first_error = status .. " " .. body:sub(1, 200) end
  end
end

function done(summary, latency, requests)
  local t = { saved = 0, merged = 0, unchanged = 0, conflicts = 0, errors = 0 }
  local err = ""
  for _, th in ipairs(threads) do
    for k, _ in pairs(t) do t[k] = t[k] + (th:get(k) or 0) end
    local e = th:get("first_error")
    if err == "" and e and e ~= "" then err = e end
  end
  local secs = summary.duration / 1e6
  io.write(string.format("draft-save: %d responses in %.2f s: %d saves, %d merged, %d unchanged, %d conflicts, %d errors\n",
    summary.requests, secs, t.saved, t.merged, t.unchanged, t.conflicts, t.errors))
  io.write(string.format("draft-save: %.0f genuine saves/s; latency p50 %.2f ms, p99 %.2f ms\n",
    t.saved / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  if err ~= "" then io.write("draft-save: first error: " .. err .. "\n") end
end
