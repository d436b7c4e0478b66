-- wrk script: POST /api/v1/events in batches of events (default 100, as the SDKs send), every event a new id:
-- 4 in 5 exposures of one experiment (3 variants, a device attribute), 1 in 5 conversions with a value, units over
-- 200,000 ids, each with the ISO-8601 timestamp of the request's second (the SDKs stamp their events; the JS SDK
-- as Date.toISOString). Each wrk thread numbers its own events.
-- Usage: wrk -t1 -c32 -d20s -s events.lua http://127.0.0.1:8080 -- <key> [events per request, 100]
local counter = 0
local key = nil
local batch = 100
local VARIANTS = { "control", "bold", "calm" }
local DEVICES = { "mobile", "desktop", "tablet" }
local METRICS = { "signup", "purchase" }

function init(args)
  key = args[1]
  batch = tonumber(args[2] or "100")
  math.randomseed(os.time() + (tonumber(tostring({}):sub(8), 16) or 0))
  prefix = string.format("%08x", math.random(0, 0x7fffffff))
end

local function event(i, ts)
  local unit = (i * 7919) % 200000
  if i % 5 == 4 then
    return '{"id":"' .. prefix .. '-' .. i .. '","unitId":"u' .. unit .. '","type":"conversion","metric":"'
      .. METRICS[math.floor(i / 5) % 2 + 1] .. '","value":' .. (i % 50) .. '.5,"timestamp":"' .. ts .. '"}'
  end
  return '{"id":"' .. prefix .. '-' .. i .. '","unitId":"u' .. unit
    .. '","type":"exposure","experiment":"bench-exp","variant":"' .. VARIANTS[unit % 3 + 1]
    .. '","attributes":{"device":"' .. DEVICES[math.floor(unit / 3) % 3 + 1] .. '"},"timestamp":"' .. ts .. '"}'
end

function request()
  local events = {}
  local ts = os.date("!%Y-%m-%dT%H:%M:%S.") .. string.format("%03dZ", counter % 1000)
  for j = 1, batch do
    events[j] = event(counter, ts)
    counter = counter + 1
  end
  return wrk.format("POST", "/api/v1/events",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key },
    '{"events":[' .. table.concat(events, ",") .. ']}')
end
