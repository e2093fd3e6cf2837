-- Which names may have a leaderboard: those that have one, and new ones while there is room. The
-- number of per-network and per-topic leaderboards is bounded, so names invented by clients
-- cannot create keys without end.
-- KEYS[1] the registry (SET of the names that have a leaderboard).
-- ARGV[1] the most leaderboards of this kind, ARGV[2..] the names.
-- Returns per name 1 when it has a leaderboard (now), 0 when there was no room.
local limit = tonumber(ARGV[1])
local out = {}
for i = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then
    out[#out + 1] = 1
  elseif redis.call('SCARD', KEYS[1]) < limit then
    redis.call('SADD', KEYS[1], ARGV[i])
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
