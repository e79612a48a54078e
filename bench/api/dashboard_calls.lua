-- wrk script: the dashboard's API calls in turn on every connection (the calls made at load, a language
-- switch and a year switch), with the Accept-Encoding a browser sends. Paths come from the file named by
-- the environment variable ECOBARRIER_BENCH_PATHS, one per line.
local paths = {}
local f = assert(io.open(os.getenv("ECOBARRIER_BENCH_PATHS"), "r"))
for line in f:lines() do
  if #line > 0 then paths[#paths + 1] = line end
end
f:close()
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept-Encoding"] = "gzip, deflate, br"})
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d errors_status=%d errors_socket=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f rps=%.0f\n",
    summary.requests, summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.requests / (summary.duration / 1e6)))
end
