-- Folds slots' calibration journal entries into the raw-score histogram (Redis Cluster only),
-- each entry exactly once: per slot, only entries after the last one folded are applied.
-- KEYS[1] the histogram, KEYS[2] the folded hash (slot -> number of the latest entry folded).
-- ARGV: per slot: the slot, the number n of entries, then n pairs (entry number, moves); a slot's
-- entries in order, as its journal lists them. Moves are "+bucket" / "-bucket" separated by
-- spaces.
-- Returns, per slot in order, the latest entry number folded (the writer's next write of the slot
-- drops the entries up to it from the journal).
local function after(id, than)
  return not than or tonumber(id) > tonumber(than)
end

local net = {}
local out = {}
local a = 1
while a <= #ARGV do
  local slot = ARGV[a]
  local n = tonumber(ARGV[a + 1])
  a = a + 2
  local folded = redis.call('HGET', KEYS[2], slot)
  local latest = folded
  for _ = 1, n do
    local id, moves = ARGV[a], ARGV[a + 1]
    a = a + 2
    if after(id, latest) then
      for token in string.gmatch(moves, '%S+') do
        local b = string.sub(token, 2)
        net[b] = (net[b] or 0) + (string.sub(token, 1, 1) == '+' and 1 or -1)
      end
      latest = id
    end
  end
  if latest and latest ~= folded then
    redis.call('HSET', KEYS[2], slot, latest)
  end
  out[#out + 1] = latest or ''
end

-- One BITFIELD per 200 buckets moved (Lua's stack bounds how many arguments one call takes).
local args = {}
for b, d in pairs(net) do
  if d ~= 0 then
    args[#args + 1] = 'INCRBY'
    args[#args + 1] = 'u32'
    args[#args + 1] = '#' .. b
    args[#args + 1] = d
    if #args >= 800 then
      redis.call('BITFIELD', KEYS[1], 'OVERFLOW', 'SAT', unpack(args))
      args = {}
    end
  end
end
if #args > 0 then
  redis.call('BITFIELD', KEYS[1], 'OVERFLOW', 'SAT', unpack(args))
end
return out
