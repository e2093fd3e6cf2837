-- Everything the model needs about one target account, in one call.
-- KEYS[1] account hash, KEYS[2] pairs hash, KEYS[3] topics hash.
-- ARGV[1] number n of engagers, ARGV[2..n+1] the engagers, ARGV[n+2..] the topics.
-- Returns {account fields and values (flat), engagers' pair masses, topics' masses}.
local function hmget(key, from, to)
  local out = {}
  local i = from
  while i <= to do
    local last = math.min(to, i + 499)
    local part = redis.call('HMGET', key, unpack(ARGV, i, last))
    for j = 1, #part do
      out[#out + 1] = part[j]
    end
    i = last + 1
  end
  return out
end
local n = tonumber(ARGV[1])
return {redis.call('HGETALL', KEYS[1]), hmget(KEYS[2], 2, n + 1), hmget(KEYS[3], n + 2, #ARGV)}
