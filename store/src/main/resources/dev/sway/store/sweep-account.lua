-- Stores an idle account's score re-evaluated by the decay sweep, or refuses.
--
-- KEYS[1] account hash, KEYS[2] topic raws hash, KEYS[3] the raw-score histogram.
-- ARGV[1] the write version the sweep read the account at, ARGV[2] the bucket of the new raw
-- score, ARGV[3] number n of account field/value pairs, then the n pairs, then topic/raw pairs.
--
-- Only what is evaluated from the state changes (score, components, evaluation time, swept day),
-- never the state itself, so the version is left as it is: a batch that read the account before
-- stays valid and simply evaluates it again. Returns 1, or 0 when a batch wrote the account since
-- the sweep read it (the sweep then reads it again).
if (redis.call('HGET', KEYS[1], 'v') or '0') ~= ARGV[1] then
  return 0
end
local raw = redis.call('HGET', KEYS[1], 'r')
if raw then
  local x = tonumber(raw)
  local b = 0
  if x > 0 then
    b = math.min(100000, math.floor(x * 1000))
  end
  redis.call('BITFIELD', KEYS[3], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. b, -1)
end
redis.call('BITFIELD', KEYS[3], 'OVERFLOW', 'SAT', 'INCRBY', 'u32', '#' .. ARGV[2], 1)
local n = tonumber(ARGV[3])
local fields = {}
for i = 4, 3 + 2 * n do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[1], unpack(fields))
if #ARGV > 3 + 2 * n then
  local topics = {}
  for i = 4 + 2 * n, #ARGV do
    topics[#topics + 1] = ARGV[i]
  end
  redis.call('HSET', KEYS[2], unpack(topics))
end
return 1
