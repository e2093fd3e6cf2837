-- What the model needs about one engager, in one call: its raw score and reactions given
-- today, and how much each of the batch's targets engaged it back (for the pod rule).
-- KEYS[1] engager's account hash, KEYS[2] engager's pairs hash; ARGV the targets.
-- Returns {{raw, given day, given count}, masses target→engager in ARGV order}.
local back = {}
local i = 1
while i <= #ARGV do
  local last = math.min(#ARGV, i + 499)
  local part = redis.call('HMGET', KEYS[2], unpack(ARGV, i, last))
  for j = 1, #part do
    back[#back + 1] = part[j]
  end
  i = last + 1
end
return {redis.call('HMGET', KEYS[1], 'r', 'od', 'oc'), back}
