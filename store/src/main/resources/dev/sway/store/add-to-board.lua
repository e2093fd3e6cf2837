-- Adds members to a per-network or per-topic leaderboard, if that leaderboard exists or there is
-- room for one more: the number of such leaderboards is bounded, so invented names cannot create
-- keys without end.
-- KEYS[1] the registry (SET of the names that have a leaderboard), KEYS[2] the leaderboard,
-- KEYS[3] the topic index (ZSET) or absent.
-- ARGV[1] the name, ARGV[2] the most leaderboards of this kind, ARGV[3] interactions to add to the
-- name's count in the index, ARGV[4..] score, member pairs.
-- Returns 1 when the name has a leaderboard, 0 when there was no room.
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then
  if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then
    return 0
  end
  redis.call('SADD', KEYS[1], ARGV[1])
end
if #ARGV > 3 then
  redis.call('ZADD', KEYS[2], unpack(ARGV, 4))
end
if KEYS[3] and tonumber(ARGV[3]) > 0 then
  redis.call('ZINCRBY', KEYS[3], ARGV[3], ARGV[1])
end
return 1
