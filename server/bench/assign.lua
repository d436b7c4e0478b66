-- wrk script: POST /api/v1/assign with a distinct unit id per request, so every request logs a new exposure.
-- Usage: wrk -t2 -c64 -d20s --latency -s assign.lua http://127.0.0.1:8080 -- <key>
local counter = 0
local key = nil

function init(args)
  key = args[1]
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

function request()
  counter = counter + 1
  local body = '{"unitId":"bench-' .. prefix .. '-' .. counter .. '","moments":["fmot.landing-hero"],"attributes":{"device":"mobile","channel":"search"}}'
  return wrk.format("POST", "/api/v1/assign",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
