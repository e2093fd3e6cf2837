-- Moves the score clock forward, never back.
-- KEYS[1] the clock, ARGV[1] the latest event time stored, ms. Returns the clock.
local current = tonumber(redis.call('GET', KEYS[1]) or '-1')
local proposed = tonumber(ARGV[1])
if proposed > current then
  redis.call('SET', KEYS[1], ARGV[1])
  return proposed
end
return current
