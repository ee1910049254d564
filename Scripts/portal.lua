-- wrk script for Scripts/bench-portal.sh: signed-in users (one session cookie each, from the
-- file COOKIES) browse the dashboard and the lists; every answer other than 200 is an error.
local cookies = {}
for line in io.lines(os.getenv("COOKIES")) do cookies[#cookies + 1] = line end
local paths = { "/", "/locaux", "/inventaires", "/locaux?statut=disponible", "/locaux?apres=40&page=2" }
local threads = {}
local n = 0
local bad = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  bad = 0
end

function request()
  n = n + 1
  local cookie = cookies[(n % #cookies) + 1]
  local path = paths[(n % #paths) + 1]
  return wrk.format("GET", path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + summary.errors.status
  for _, thread in ipairs(threads) do errors = errors + (tonumber(thread:get("bad")) or 0) end
  io.write(string.format('{"requêtes": %d, "durée_s": %.1f, "requêtes_par_s": %.1f, "p50_ms": %.1f, "p95_ms": %.1f, "p99_ms": %.1f, "max_ms": %.1f, "erreurs": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000, errors))
end
