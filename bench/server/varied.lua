-- wrk script: every request asks another page (a random end date over ten years and a random
-- page size, about 186,000 URLs), so the server's response reuse rarely helps and the store
-- answers almost every request itself.
math.randomseed(os.time())
request = function()
  local day = math.random(0, 3649)
  local y = 2015 + math.floor(day / 365)
  local d = day % 365
  local m = math.floor(d / 31) + 1
  if m > 12 then m = 12 end
  local dd = (d % 28) + 1
  local limit = math.random(50, 100)
  local path = string.format("/api/events?to=%04d-%02d-%02d&limit=%d", y, m, dd, limit)
  return wrk.format("GET", path)
end
