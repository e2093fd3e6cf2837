-- Sets a person's place on the persons' leaderboard, if what it was computed from still holds.
-- KEYS[1] the person's set of accounts, KEYS[2] the global leaderboard (member -> raw score),
-- KEYS[3] the persons' leaderboard.
-- ARGV[1] the person id, ARGV[2] its combined raw score ('' to remove it), then for each account
-- the writer read: the member and its raw score on the global leaderboard ('' when it had none).
-- Returns 1 when written, 0 when the accounts or their scores moved meanwhile (read again).
local n = (#ARGV - 2) / 2
if redis.call('SCARD', KEYS[1]) ~= n then
  return 0
end
for i = 0, n - 1 do
  local member = ARGV[3 + 2 * i]
  local expected = ARGV[4 + 2 * i]
  if redis.call('SISMEMBER', KEYS[1], member) == 0 then
    return 0
  end
  local raw = redis.call('ZSCORE', KEYS[2], member)
  if expected == '' then
    if raw then
      return 0
    end
  elseif not raw or tonumber(raw) ~= tonumber(expected) then
    return 0
  end
end
if ARGV[2] == '' then
  redis.call('ZREM', KEYS[3], ARGV[1])
else
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
end
return 1
