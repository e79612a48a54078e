-- wrk script for bench/run_accounts_bench.sh: signed-in clients mixing reads and submissions.
--
-- Run with as many threads as connections (wrk -tN -cN): each wrk thread then drives exactly one keep-alive
-- connection, so request() and response() alternate on it and the script can time every request itself and keep
-- reads and writes apart (wrk's own latency histogram mixes them). Each thread is one client with its own bearer
-- token; four requests in five are reads, the fifth a submission:
--   reads:  the dashboard's published calls (ECOBARRIER_BENCH_PATHS, as bench/api/dashboard_calls.lua), then what
--           a signed-in dashboard adds: GET /api/v1/auth/me and GET /api/v1/submissions?mine=1, in turn;
--   writes: POST /api/v1/submissions of a project for the token's unit, with a code unique to the run, the thread
--           and the request (ECOBARRIER_BENCH_RUN is the run's prefix), so every 201 is one new submission.
-- ECOBARRIER_BENCH_TOKENS names a file of "TOKEN UNIT_CODE ACCOUNT" lines, one per thread at least.
-- done() prints a RESULT line per kind (read = published + me + mine, write, and each kind of read): count,
-- answers other than 200 / 201, p50/p90/p99/max latency (ms), requests/s over the requesting time; and a STATUS
-- line per kind and status other than 200 / 201.
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } eb_timespec;
  int clock_gettime(int clock_id, eb_timespec* tp);
]]
local ts = ffi.new("eb_timespec")
local function now_us()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1e6 + tonumber(ts.tv_nsec) / 1e3
end

local function lines(path)
  local out = {}
  local f = assert(io.open(path, "r"))
  for line in f:lines() do
    if #line > 0 then out[#out + 1] = line end
  end
  f:close()
  return out
end

-- Main state: hands every thread its index, keeps the threads for done().
local threads = {}
local next_index = 0
function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
  threads[#threads + 1] = thread
end

-- Thread state. Latencies (microseconds) and answers per kind of request: "published", "me", "mine" (the reads)
-- and "write".
local reads, kinds, token, unit, run, deadline
local counter, started, kind = 0, 0, nil
local interval, next_at = 0, 0 -- the pause between requests (us), when the next one is due
-- Globals, read by done() through thread:get(), which copies only flat tables safely: one list per kind, and the
-- answers' statuses as one list of "kind status" strings, each counted once (what is not 2xx is rare).
lat_published, lat_me, lat_mine, lat_write = {}, {}, {}, {}
statuses = {}
slow = {} -- when (whole seconds into the run) answers over 100 ms came, one entry each
local began = 0

function init(args)
  local tokens = lines(os.getenv("ECOBARRIER_BENCH_TOKENS"))
  local line = tokens[(index % #tokens) + 1]
  token, unit = line:match("^(%S+)%s+(%S+)")
  run = os.getenv("ECOBARRIER_BENCH_RUN") or "run"
  -- Requests are made for ECOBARRIER_BENCH_SECONDS only; wrk runs longer, so that every request made has its
  -- answer counted (a submission cut off by wrk's end would be stored without its 201 being seen).
  deadline = now_us() + tonumber(os.getenv("ECOBARRIER_BENCH_SECONDS")) * 1e6
  reads, kinds = {}, {}
  for _, p in ipairs(lines(os.getenv("ECOBARRIER_BENCH_PATHS"))) do
    reads[#reads + 1], kinds[#kinds + 1] = p, "published"
  end
  reads[#reads + 1], kinds[#kinds + 1] = "/api/v1/auth/me", "me"
  reads[#reads + 1], kinds[#kinds + 1] = "/api/v1/submissions?mine=1", "mine"
  counter = index * 7 -- the clients do not walk through the calls in step
  -- wrk sends each connection's first request as soon as it connects, all clients at once: make it a read.
  if (counter + 1) % 5 == 0 then counter = counter + 1 end
  local rate = tonumber(os.getenv("ECOBARRIER_BENCH_RATE") or "0")
  began = now_us()
  next_at = began
  if rate > 0 then
    interval = 1e6 / rate
    -- Paced clients start at spread-out moments of the first interval, as independent clients would, not in step.
    math.randomseed(index + 1)
    next_at = began + math.random() * interval
  end
end

-- ECOBARRIER_BENCH_RATE > 0: each client starts a request every 1/RATE s (on a schedule, not after a pause:
-- a late answer is followed at once by the next request); 0: as fast as the answers come.
function delay()
  local now = now_us()
  if now >= deadline then return 3600 * 1000 end
  if interval <= 0 then return 0 end
  next_at = next_at + interval
  if next_at <= now then return 0 end
  return (next_at - now) / 1000
end

local read_headers, write_headers
function request()
  counter = counter + 1
  if not read_headers then
    read_headers = {["Accept-Encoding"] = "gzip, deflate, br", ["Authorization"] = "Bearer " .. token}
    write_headers = {["Authorization"] = "Bearer " .. token, ["Content-Type"] = "application/json"}
  end
  started = now_us()
  if started >= deadline then
    kind = nil
    return wrk.format("GET", reads[1], read_headers)
  end
  if counter % 5 == 0 then
    kind = "write"
    local code = string.format("%s-%d-%d", run, index, counter)
    local body = string.format(
      '{"kind":"project","record":{"code":"%s","name":"负载 %s","type":"afforestation","unit_code":"%s",' ..
      '"year":2023,"completed":"12.5","completed_unit":"mu"}}', code, code, unit)
    return wrk.format("POST", "/api/v1/submissions", write_headers, body)
  end
  local i = (counter % #reads) + 1
  kind = kinds[i]
  return wrk.format("GET", reads[i], read_headers)
end

function response(status, headers, body)
  if not kind then return end
  local list = kind == "write" and lat_write or kind == "published" and lat_published or kind == "me" and lat_me
      or lat_mine
  local took = now_us() - started
  list[#list + 1] = took
  if took > 100000 then slow[#slow + 1] = math.floor((started - began) / 1e6) end
  if status ~= 200 and status ~= 201 then statuses[#statuses + 1] = kind .. " " .. status end
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  local i = math.ceil(#sorted * p / 100)
  if i < 1 then i = 1 end
  return sorted[i]
end

function done(summary, latency, requests)
  local all = {published = {}, me = {}, mine = {}, write = {}, read = {}}
  local counts = {}
  local slow_at = {}
  for _, t in ipairs(threads) do
    for _, k in ipairs({"published", "me", "mine", "write"}) do
      local list = t:get("lat_" .. k)
      for _, v in ipairs(list) do
        all[k][#all[k] + 1] = v
        if k ~= "write" then all.read[#all.read + 1] = v end
      end
    end
    for _, key in ipairs(t:get("statuses")) do counts[key] = (counts[key] or 0) + 1 end
    for _, second in ipairs(t:get("slow")) do slow_at[second] = (slow_at[second] or 0) + 1 end
  end
  local seconds = tonumber(os.getenv("ECOBARRIER_BENCH_SECONDS"))
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  for _, k in ipairs({"read", "write", "published", "me", "mine"}) do
    local s = all[k]
    table.sort(s)
    local bad = 0
    for key, n in pairs(counts) do
      local kk = key:match("^(%S+)")
      if kk == k or (k == "read" and kk ~= "write") then bad = bad + n end
    end
    -- Writes answer 201, reads 200; anything else is in `statuses`.
    local ok = #s - bad
    local created = k == "write" and ok or 0
    io.write(string.format(
      "RESULT kind=%s count=%d ok=%d bad_status=%d created=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
      "rps=%.1f socket_errors=%d seconds=%.2f\n",
      k, #s, ok, bad, created, percentile(s, 50) / 1000, percentile(s, 90) / 1000, percentile(s, 99) / 1000,
      (s[#s] or 0) / 1000, #s / seconds, socket, seconds))
  end
  local seconds_list = {}
  for second, n in pairs(slow_at) do seconds_list[#seconds_list + 1] = string.format("%d:%d", second, n) end
  table.sort(seconds_list)
  io.write("SLOW over 100 ms, second:count " .. table.concat(seconds_list, " ") .. "\n")
  io.write(string.format("SOCKET connect=%d read=%d write=%d timeout=%d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.timeout))
  for key, n in pairs(counts) do io.write(string.format("STATUS %s=%d\n", (key:gsub(" ", "_")), n)) end
end
