-- Counts reactions an account handed out on one day, and its decayed authored activity.
-- KEYS[1] account hash of the actor; ARGV[1] epoch day, ARGV[2] reactions that day,
-- ARGV[3] scaled authored-activity increment.
-- A day older than the stored one only adds to authored activity: the day counter moves forward.
-- The sum is formatted here with %.17g: HINCRBYFLOAT prints fixed-point and would round the
-- very small scaled values of events long before the decay epoch to zero.
local day = tonumber(redis.call('HGET', KEYS[1], 'od') or '-1')
local d = tonumber(ARGV[1])
if d == day then
  redis.call('HINCRBY', KEYS[1], 'oc', ARGV[2])
elseif d > day then
  redis.call('HSET', KEYS[1], 'od', ARGV[1], 'oc', ARGV[2])
end
local authored = tonumber(redis.call('HGET', KEYS[1], 'aw') or '0') + tonumber(ARGV[3])
redis.call('HSET', KEYS[1], 'aw', string.format('%.17g', authored))
return 1
