-- Atomically stores the new state of one account, or refuses.
--
-- KEYS[1] account hash, KEYS[2] pairs hash, KEYS[3] topics hash, KEYS[4] topic raws hash,
-- KEYS[5] history hash, KEYS[6] recent-engagers zset, KEYS[7..] the de-duplication hashes
-- (one per event-time week) the batch's events fall in.
-- ARGV[1] expected write version ("0" for a new account), ARGV[2] marker TTL in seconds,
-- ARGV[3..6] number of field/value pairs for KEYS[1..4], ARGV[7] history field ("" for none),
-- ARGV[8] history value, ARGV[9] number of (time, engager) pairs for KEYS[6], ARGV[10] number
-- n of events, then the field/value pairs for KEYS[1], KEYS[2], KEYS[3], KEYS[4], then the
-- (time, engager) pairs, then n (index of the event's hash among KEYS[7..], event id) pairs.
--
-- Returns {new version} on success, {-1} when another writer changed the account since it was
-- read, or {-2, i, j, ...} with the 1-based indexes of events already applied. Nothing is
-- written unless it succeeds. All keys share the account's hash tag (one cluster slot).
local FIRST_BUCKET = 7
local current = redis.call('HGET', KEYS[1], 'v') or '0'
if current ~= ARGV[1] then
  return {-1}
end
local events = tonumber(ARGV[10])
local first_event = #ARGV - 2 * events + 1
local dups = {-2}
for e = 0, events - 1 do
  local bucket = KEYS[FIRST_BUCKET + tonumber(ARGV[first_event + 2 * e]) - 1]
  if redis.call('HEXISTS', bucket, ARGV[first_event + 2 * e + 1]) == 1 then
    dups[#dups + 1] = e + 1
  end
end
if #dups > 1 then
  return dups
end
for e = 0, events - 1 do
  local bucket = KEYS[FIRST_BUCKET + tonumber(ARGV[first_event + 2 * e]) - 1]
  redis.call('HSET', bucket, ARGV[first_event + 2 * e + 1], '1')
end
-- A week's ids are remembered for the TTL after its latest event was stored.
for i = FIRST_BUCKET, #KEYS do
  redis.call('EXPIRE', KEYS[i], ARGV[2])
end
local pos = 11
for k = 1, 4 do
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
local recent = tonumber(ARGV[9])
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
  -- Only the 32 latest engagers are kept: enough to say who moved a score this week, and small
  -- enough for Redis's compact listpack encoding (a skiplist above 128 entries costs ~10x more).
  redis.call('ZREMRANGEBYRANK', KEYS[6], 0, -33)
end
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[5], ARGV[7], ARGV[8])
  -- History keeps 365 days. Trimmed in bulk once 400 points exist, so the cost is amortised.
  if redis.call('HLEN', KEYS[5]) > 400 then
    local oldest = tonumber(ARGV[7]) - 365
    for _, day in ipairs(redis.call('HKEYS', KEYS[5])) do
      if tonumber(day) < oldest then
        redis.call('HDEL', KEYS[5], day)
      end
    end
  end
end
local version = tonumber(current) + 1
redis.call('HSET', KEYS[1], 'v', version)
return {version}
