-- Atomically stores the new record of one account, or refuses and returns the stored one.
--
-- KEYS[1] the account record, KEYS[2] its history series, KEYS[3] the raw-score histogram,
-- KEYS[4..] the de-duplication sets the stored events' ids go to.
-- ARGV[1] the header (format byte + write version, 9 bytes) of the record the caller read, or ""
-- when it read none; ARGV[2] the new record; ARGV[3] history points to store (15 bytes each, in
-- day order, "" for none); ARGV[4] / ARGV[5] the histogram bucket of the old / new raw score (""
-- for none); ARGV[6] the id TTL in seconds; then, per KEYS[4..]: the number n of ids, n ids.
--
-- Returns {1} when stored, or {0, stored record} when the record is no longer the one the caller
-- read (nothing is written then; the caller retries from the record returned). The histogram key
-- is the one key outside the account's hash tag.
local POINT = 15
local cur = redis.call('GET', KEYS[1])
local head = cur and string.sub(cur, 1, 9) or ''
if head ~= ARGV[1] then
  return {0, cur or ''}
end
redis.call('SET', KEYS[1], ARGV[2])

local points = ARGV[3]
if #points > 0 then
  local len = redis.call('STRLEN', KEYS[2])
  -- The last point stored is of the first new point's day: this write replaces it.
  if len >= POINT and redis.call('GETRANGE', KEYS[2], len - POINT, len - POINT + 2) == string.sub(points, 1, 3) then
    len = redis.call('SETRANGE', KEYS[2], len - POINT, points)
  else
    len = redis.call('APPEND', KEYS[2], points)
  end
  -- Compacted to one point per day over the latest 365 days once it holds 730 points, so the
  -- cost is amortised over hundreds of writes.
  if len > 730 * POINT then
    local s = redis.call('GET', KEYS[2])
    local byday, newest = {}, 0
    for i = 1, #s - POINT + 1, POINT do
      local b1, b2, b3 = string.byte(s, i, i + 2)
      local day = b1 * 65536 + b2 * 256 + b3
      byday[day] = string.sub(s, i, i + POINT - 1)
      if day > newest then
        newest = day
      end
    end
    local days = {}
    for day in pairs(byday) do
      if day > newest - 365 then
        days[#days + 1] = day
      end
    end
    table.sort(days)
    local kept = {}
    for _, day in ipairs(days) do
      kept[#kept + 1] = byday[day]
    end
    redis.call('SET', KEYS[2], table.concat(kept))
  end
end

local pos = 7
for k = 4, #KEYS do
  local n = tonumber(ARGV[pos])
  pos = pos + 1
  local i = 0
  while i < n do
    local last = math.min(n, i + 500)
    redis.call('SADD', KEYS[k], unpack(ARGV, pos + i, pos + last - 1))
    i = last
  end
  pos = pos + n
  -- A bucket's ids are remembered for the TTL after its latest event was stored.
  redis.call('EXPIRE', KEYS[k], ARGV[6])
end

if ARGV[4] ~= ARGV[5] then
  if ARGV[4] ~= '' then
    redis.call('BITFIELD', KEYS[3], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. ARGV[4], -1)
  end
  if ARGV[5] ~= '' then
    redis.call('BITFIELD', KEYS[3], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. ARGV[5], 1)
  end
end
return {1}
