-- Atomically stores the new state of one account, or refuses.
--
-- KEYS[1] account hash, KEYS[2] pairs hash, KEYS[3] topics hash, KEYS[4] topic raws hash,
-- KEYS[5] history hash, KEYS[6] recent-engagers zset, KEYS[7] the raw-score histogram,
-- KEYS[8..] the event-id hashes (one per event-time week) of the events stored.
-- ARGV[1] expected write version ("0" for a new account), ARGV[2] event-id TTL in seconds,
-- ARGV[3..8] number of field/value pairs for KEYS[1..5] and of (time, engager) pairs for
-- KEYS[6], ARGV[9] number n of events, ARGV[10] "1" to bump the write version or "0" to keep it
-- (the decay sweep, which changes only what is evaluated from the state), ARGV[11] the histogram
-- bucket of the new raw score ("" for none; the old one is read from the stored raw score), then
-- the pairs for KEYS[1..6] in that order, then n (index of the event's hash among KEYS[8..],
-- event id) pairs.
--
-- The caller read the account (and which event ids it already holds) at version ARGV[1]; the
-- version check makes that read still true, so the events given are new. Returns {version} on
-- success or {-1} when another writer changed the account since it was read; nothing is written
-- then. A write that keeps the version leaves a batch that read the account before valid: it
-- re-evaluates the same state. The histogram key is the only key outside the account's hash tag.
local FIRST_BUCKET = 8
local current = redis.call('HGET', KEYS[1], 'v') or '0'
if current ~= ARGV[1] then
  return {-1}
end
-- The histogram bucket the account is counted in now, from the raw score stored now (the decay
-- sweep may have moved it since the caller read it, without changing the version).
local function bucket(raw)
  if not raw then
    return ''
  end
  local x = tonumber(raw)
  if not (x > 0) then
    return '0'
  end
  return tostring(math.min(100000, math.floor(x * 1000)))
end
local old_bucket = bucket(redis.call('HGET', KEYS[1], 'r'))
local pos = 12
for k = 1, 5 do
  local n = tonumber(ARGV[2 + k])
  local i = 0
  while i < n do
    local chunk = math.min(200, n - i)
    local args = {}
    for j = 0, chunk - 1 do
      args[#args + 1] = ARGV[pos + 2 * (i + j)]
      args[#args + 1] = ARGV[pos + 2 * (i + j) + 1]
    end
    redis.call('HSET', KEYS[k], unpack(args))
    i = i + chunk
  end
  pos = pos + 2 * n
end
local recent = tonumber(ARGV[8])
if recent > 0 then
  local i = 0
  while i < recent do
    local chunk = math.min(200, recent - i)
    local args = {'GT'}
    for j = 0, chunk - 1 do
      args[#args + 1] = ARGV[pos + 2 * (i + j)]
      args[#args + 1] = ARGV[pos + 2 * (i + j) + 1]
    end
    redis.call('ZADD', KEYS[6], unpack(args))
    i = i + chunk
  end
  pos = pos + 2 * recent
  -- Only the 32 latest engagers are kept: enough to say who moved a score this week, and small
  -- enough for Redis's compact listpack encoding (a skiplist above 128 entries costs ~10x more).
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -33)
end
local events = tonumber(ARGV[9])
for e = 0, events - 1 do
  local bucket = KEYS[FIRST_BUCKET + tonumber(ARGV[pos + 2 * e]) - 1]
  redis.call('HSET', bucket, ARGV[pos + 2 * e + 1], '1')
end
-- A week's ids are remembered for the TTL after its latest event was stored.
for i = FIRST_BUCKET, #KEYS do
  redis.call('EXPIRE', KEYS[i], ARGV[2])
end
if old_bucket ~= ARGV[11] then
  if old_bucket ~= '' then
    redis.call('BITFIELD', KEYS[7], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. old_bucket, -1)
  end
  if ARGV[11] ~= '' then
    redis.call('BITFIELD', KEYS[7], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. ARGV[11], 1)
  end
end
-- History keeps 365 days. Trimmed in bulk once 400 points exist, so the cost is amortised.
if tonumber(ARGV[7]) > 0 and redis.call('HLEN', KEYS[5]) > 400 then
  local newest = 0
  for _, day in ipairs(redis.call('HKEYS', KEYS[5])) do
    newest = math.max(newest, tonumber(day))
  end
  for _, day in ipairs(redis.call('HKEYS', KEYS[5])) do
    if tonumber(day) < newest - 365 then
      redis.call('HDEL', KEYS[5], day)
    end
  end
end
if ARGV[10] == '0' then
  return {tonumber(current)}
end
local version = tonumber(current) + 1
redis.call('HSET', KEYS[1], 'v', version)
return {version}
