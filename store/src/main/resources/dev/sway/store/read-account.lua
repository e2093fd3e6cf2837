-- Everything the model needs about one account a batch touches, in one call: its record, the
-- pair masses it holds for the given engagers, all its topic masses, and which of the batch's
-- event ids it already received (de-duplication).
-- KEYS[1] account hash, KEYS[2] pairs hash, KEYS[3] topics hash, KEYS[4..] the event-id hashes
-- (one per event-time week) the batch's events for this account fall in.
-- ARGV[1] number n of engagers, ARGV[2..n+1] the engagers, then (index of the event's hash among
-- KEYS[4..], event id) pairs.
-- Returns {account fields and values (flat), pair masses in ARGV order, topics (flat),
-- 1/0 per event id: already received}.
local n = tonumber(ARGV[1])
local masses = {}
local i = 2
while i <= n + 1 do
  local last = math.min(n + 1, i + 499)
  local part = redis.call('HMGET', KEYS[2], unpack(ARGV, i, last))
  for j = 1, #part do
    masses[#masses + 1] = part[j]
  end
  i = last + 1
end
local seen = {}
local e = n + 2
while e < #ARGV do
  seen[#seen + 1] = redis.call('HEXISTS', KEYS[3 + tonumber(ARGV[e])], ARGV[e + 1])
  e = e + 2
end
return {redis.call('HGETALL', KEYS[1]), masses, redis.call('HGETALL', KEYS[3]), seen}
