-- Which of the given event ids the accounts already stored (de-duplication), for many
-- (account, bucket) sets in one call: one call instead of one SMISMEMBER each.
-- KEYS: the id sets; ARGV: per key, the number n of ids, then the n ids.
-- Returns, per key in order, a string of n characters: "1" already stored, "0" new.
local out = {}
local a = 1
for k = 1, #KEYS do
  local n = tonumber(ARGV[a])
  local seen = redis.call('SMISMEMBER', KEYS[k], unpack(ARGV, a + 1, a + n))
  local flags = {}
  for i = 1, n do
    flags[i] = seen[i] == 1 and '1' or '0'
  end
  out[k] = table.concat(flags)
  a = a + 1 + n
end
return out
