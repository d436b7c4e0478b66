-- wrk script: POST /api/v1/assign. Without a second argument every request has a new unit id, so every request
-- logs a new exposure. With one (requests per unit, e.g. 5) it is the realistic mix of issue 19 item 1: each
-- visitor makes that many requests, a new unit and repeats, 1,000 requests apart (the formula of
-- dev.moments.server.bench.Visitors, per wrk thread).
-- Usage: wrk -t2 -c64 -d20s --latency -s assign.lua http://127.0.0.1:8080 -- <key> [requests per unit]
local counter = 0
local key = nil
local perUnit = 1
local WINDOW = 1000

function init(args)
  key = args[1]
  perUnit = tonumber(args[2] or "1")
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

function request()
  local unit = counter
  if perUnit > 1 then
    unit = math.floor(counter / (perUnit * WINDOW)) * WINDOW + counter % WINDOW
  end
  counter = counter + 1
  local body = '{"unitId":"bench-' .. prefix .. '-' .. unit .. '","moments":["fmot.landing-hero"],"attributes":{"device":"mobile","channel":"search"}}'
  return wrk.format("POST", "/api/v1/assign",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
