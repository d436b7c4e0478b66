-- wrk script: the realistic /assign mix (issue 19 item 1): each visitor makes 5 requests, a new unit and
-- 4 repeats, 1,000 requests apart (the formula of dev.moments.server.bench.Visitors, per wrk thread).
-- Usage: wrk -t2 -c64 -d20s --latency -s mix.lua http://127.0.0.1:8080 -- <key>
local counter = 0
local key = nil
local PER_UNIT, WINDOW = 5, 1000

function init(args)
  key = args[1]
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

function request()
  local unit = math.floor(counter / (PER_UNIT * WINDOW)) * WINDOW + counter % WINDOW
  counter = counter + 1
  local body = '{"unitId":"mix-' .. prefix .. '-' .. unit .. '","moments":["fmot.landing-hero"],"attributes":{"device":"mobile","channel":"search"}}'
  return wrk.format("POST", "/api/v1/assign",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }, body)
end
