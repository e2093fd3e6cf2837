-- The records of a batch's accounts, sent only where the caller's copy is not the stored one.
-- KEYS: account records. ARGV[i]: the header (format byte + write version, 9 bytes) of the
-- caller's copy of KEYS[i], "" when it knows the account as absent, "?" when it has no copy.
-- Returns per key: 0 when the caller's copy is current, otherwise the stored record ("" when
-- there is none). Reading 9 bytes per cached account keeps a cache exact at a fraction of the
-- cost of reading every record.
local out = {}
for i = 1, #KEYS do
  local known = ARGV[i]
  if known == '?' then
    out[i] = redis.call('GET', KEYS[i]) or ''
  else
    local head = redis.call('GETRANGE', KEYS[i], 0, 8)
    if head == known then
      out[i] = 0
    else
      out[i] = redis.call('GET', KEYS[i]) or ''
    end
  end
end
return out
