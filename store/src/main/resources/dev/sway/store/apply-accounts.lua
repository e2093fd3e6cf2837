-- Atomically stores the new records of several accounts, each one only if it is still the record
-- its writer read (optimistic concurrency per account).
--
-- KEYS[1] the raw-score histogram (one Redis) or the calibration journal of the accounts' slot
-- (Redis Cluster); then, per account: its record, its history series and the de-duplication sets
-- its stored events' ids go to.
-- ARGV[1] the id TTL in seconds, ARGV[2] the number of accounts, ARGV[3] "h" when KEYS[1] is the
-- histogram, or "j" followed by the number of the latest journal entry known to be folded ("j"
-- alone when unknown); then, per account, 7 values:
--   the header (format byte + write version, 9 bytes) of the record the writer read ("" when it
--   read none), the new record, history points to store (15 bytes each, "" for none), "o" when
--   the first point replaces the last one stored (same day) or "a" to append, the histogram
--   bucket of the old and of the new raw score ("" for none), the number m of de-duplication
--   sets; then, per set: the number n of ids and the n ids.
--
-- The arguments are built by dev.sway.store.ApplyAccountsCall, for the service and the tests.
--
-- Returns one element per account: 1 when stored, or the stored record ("" when there is none)
-- when it is no longer the one the writer read; nothing of that account is written then. With a
-- journal, one more element: the journal's entries (LRANGE: "number moves…"), which the writer
-- folds.
--
-- One call carries many accounts because most of the cost of a script is per call and per
-- redis.call, not per byte: each account costs 2 calls (record read and write), plus 2 for
-- history and 2 per set of ids when it received events, and the histogram moves of all of them
-- are one BITFIELD. The histogram key is the one key outside the accounts' hash tags.
--
-- What crosses into Lua is also kept small, since a string handed to Lua is copied and hashed:
-- the version check reads the record's 9-byte header, not the record (the whole record only when
-- it moved, to return it), and a write of the day the series already ends with, the common case,
-- overwrites the last point in place instead of reading and rewriting the series.
local POINT = 15

-- One point per day for the latest 365 days, once the series holds more than 730 points or
-- spans more than 730 days (retention: no point is kept longer than that; the cost is amortised
-- over hundreds of writes).
local function compact(key)
  local s = redis.call('GET', key)
  local byday, newest = {}, 0
  -- The last point stored is the one a writer may replace next ("o"): it stays last.
  local last = string.sub(s, #s - POINT + 1)
  local lb1, lb2, lb3 = string.byte(last, 1, 3)
  local last_day = lb1 * 65536 + lb2 * 256 + lb3
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
  if last_day ~= newest then
    kept[#kept + 1] = last
  end
  redis.call('SET', key, table.concat(kept))
end

local ttl = ARGV[1]
local journal = string.sub(ARGV[3], 1, 1) == 'j'
local results = {}
local moves = {}
local k = 2
local a = 4
for acc = 1, tonumber(ARGV[2]) do
  local record, history = KEYS[k], KEYS[k + 1]
  k = k + 2
  local header, new, points, mode, old_bucket, new_bucket = ARGV[a], ARGV[a + 1], ARGV[a + 2],
      ARGV[a + 3], ARGV[a + 4], ARGV[a + 5]
  local sets = tonumber(ARGV[a + 6])
  a = a + 7
  -- GETRANGE of a missing key is "", the header of "no record".
  if redis.call('GETRANGE', record, 0, 8) ~= header then
    results[acc] = redis.call('GET', record) or ''
    for _ = 1, sets do
      a = a + 1 + tonumber(ARGV[a])
      k = k + 1
    end
  else
    redis.call('SET', record, new)
    local stored = 0
    if mode == 'o' and #points == POINT then
      stored = redis.call('STRLEN', history)
    end
    if stored >= POINT then
      -- The day the series ends with, again: its last point overwritten in place. The length and
      -- the days spanned stay as they were, so no compaction can be due.
      redis.call('SETRANGE', history, stored - POINT, points)
    elseif #points > 0 then
      -- A new day (or repaired ones): rewritten whole rather than appended to, since APPEND leaves
      -- Redis's string with up to twice its length allocated, and a series is a few kilobytes at
      -- most. It happens once per account and day, the overwrite above on every other write.
      local s = redis.call('GET', history) or ''
      if mode == 'o' and #s >= POINT then
        s = string.sub(s, 1, #s - POINT) .. points
      else
        s = s .. points
      end
      redis.call('SET', history, s)
      local f1, f2, f3 = string.byte(s, 1, 3)
      local l1, l2, l3 = string.byte(s, #s - POINT + 1, #s - POINT + 3)
      if #s > 730 * POINT or (l1 * 65536 + l2 * 256 + l3) - (f1 * 65536 + f2 * 256 + f3) > 730 then
        compact(history)
      end
    end
    for _ = 1, sets do
      local n = tonumber(ARGV[a])
      a = a + 1
      local i = 0
      while i < n do
        local last = math.min(n, i + 500)
        redis.call('SADD', KEYS[k], unpack(ARGV, a + i, a + last - 1))
        i = last
      end
      a = a + n
      -- A set's ids are remembered for the TTL after its latest event was stored.
      redis.call('EXPIRE', KEYS[k], ttl)
      k = k + 1
    end
    if old_bucket ~= new_bucket then
      if old_bucket ~= '' then
        moves[#moves + 1] = 'INCRBY'
        moves[#moves + 1] = 'u32'
        moves[#moves + 1] = '#' .. old_bucket
        moves[#moves + 1] = -1
      end
      if new_bucket ~= '' then
        moves[#moves + 1] = 'INCRBY'
        moves[#moves + 1] = 'u32'
        moves[#moves + 1] = '#' .. new_bucket
        moves[#moves + 1] = 1
      end
    end
    results[acc] = 1
  end
end
if journal then
  local folded = tonumber(string.sub(ARGV[3], 2))
  if folded then
    -- Drop the entries folded already, but never the last one: it holds the latest number.
    while redis.call('LLEN', KEYS[1]) > 1 do
      local head = redis.call('LINDEX', KEYS[1], 0)
      if tonumber(string.match(head, '^%d+')) > folded then
        break
      end
      redis.call('LPOP', KEYS[1])
    end
  end
  if #moves > 0 then
    local tokens = {}
    for i = 1, #moves, 4 do
      tokens[#tokens + 1] = (moves[i + 3] > 0 and '+' or '-') .. string.sub(moves[i + 2], 2)
    end
    -- Entry numbers only grow: the server's time in microseconds, or one more than the last.
    local last = redis.call('LINDEX', KEYS[1], -1)
    local t = redis.call('TIME')
    local seq = tonumber(t[1]) * 1000000 + tonumber(t[2])
    if last and tonumber(string.match(last, '^%d+')) >= seq then
      seq = tonumber(string.match(last, '^%d+')) + 1
    end
    redis.call('RPUSH', KEYS[1], string.format('%d', seq) .. ' ' .. table.concat(tokens, ' '))
  end
  results[#results + 1] = redis.call('LRANGE', KEYS[1], 0, -1)
elseif #moves > 0 then
  redis.call('BITFIELD', KEYS[1], 'OVERFLOW', 'SAT', unpack(moves))
end
return results
