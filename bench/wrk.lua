-- wrk script of `make bench` (bench/run.py): counts answers by status class in every thread and prints
-- one line, "BENCH {json}", with the totals and latency percentiles that bench/report.py parses.
-- With BENCH_REQUESTS naming a file (one request a line: method, path, session token, Idempotency-Key
-- and JSON body, tab-separated), each of the BENCH_THREADS threads sends its share of the lines in turn.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  ok, client_errors, server_errors = 0, 0, 0
  lines, position = {}, 0
  local file, count = os.getenv("BENCH_REQUESTS"), tonumber(os.getenv("BENCH_THREADS") or "1")
  if file and file ~= "" then
    local number = 0
    for line in io.lines(file) do
      if number % count == id then
        table.insert(lines, line)
      end
      number = number + 1
    end
  end
end

function request()
  if #lines == 0 then
    return wrk.request()
  end
  position = position % #lines + 1
  local method, path, token, key, body = lines[position]:match("^(%S+)\t(%S+)\t(%S*)\t(%S*)\t(.*)$")
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end  -- those given with --header
  if token ~= "" then headers["X-Session-Token"] = token end
  if key ~= "" then headers["Idempotency-Key"] = key end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  elseif status >= 400 then
    client_errors = client_errors + 1
  else
    ok = ok + 1
  end
end

function done(summary, latency, requests)
  local totals = {ok = 0, client_errors = 0, server_errors = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      totals[name] = totals[name] + thread:get(name)
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'BENCH {"duration_us": %d, "requests": %d, "bytes": %d, "ok": %d, "client_errors": %d, ' ..
    '"server_errors": %d, "connect_errors": %d, "read_errors": %d, "write_errors": %d, ' ..
    '"timeouts": %d, "p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d}\n',
    summary.duration, summary.requests, summary.bytes, totals.ok, totals.client_errors,
    totals.server_errors, errors.connect, errors.read, errors.write, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
