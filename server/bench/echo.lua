-- wrk script for the ceiling: the same request shape against a bare Vert.x route that echoes JSON.
local counter = 0
function request()
  counter = counter + 1
  local body = '{"unitId":"bench-' .. counter .. '","attributes":{"device":"mobile","channel":"search"}}'
  return wrk.format("POST", "/echo", { ["Content-Type"] = "application/json" }, body)
end
