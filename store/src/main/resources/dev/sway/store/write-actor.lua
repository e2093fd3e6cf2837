-- The engager's side of a stored batch, in one call: reactions given per day and decayed
-- authored activity.
-- KEYS[1] engager's account hash.
-- ARGV[1] number d of days, then d triples (epoch day, reactions, scaled authored increment).
-- The day counter only moves forward; the authored sum is formatted with %.17g because
-- HINCRBYFLOAT prints fixed-point and would round the tiny scaled values of old events to 0.
local d = tonumber(ARGV[1])
local authored = tonumber(redis.call('HGET', KEYS[1], 'aw') or '0')
local pos = 2
for _ = 1, d do
  local day = tonumber(ARGV[pos])
  local current = tonumber(redis.call('HGET', KEYS[1], 'od') or '-1')
  if day == current then
    redis.call('HINCRBY', KEYS[1], 'oc', ARGV[pos + 1])
  elseif day > current then
    redis.call('HSET', KEYS[1], 'od', ARGV[pos], 'oc', ARGV[pos + 1])
  end
  authored = authored + tonumber(ARGV[pos + 2])
  pos = pos + 3
end
redis.call('HSET', KEYS[1], 'aw', string.format('%.17g', authored))
return 1
