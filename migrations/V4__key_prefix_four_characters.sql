-- Keys are listed and audited by a clear prefix next to their SHA-256. Eight clear characters were half of a
-- 16-character admin key; keep four (the kind marker "ak_" and one random character for generated keys).
UPDATE api_keys SET key_prefix = left(key_prefix, 4) WHERE length(key_prefix) > 4;
UPDATE audit_log SET before = jsonb_set(before, '{keyPrefix}', to_jsonb(left(before ->> 'keyPrefix', 4)))
 WHERE entity_type = 'key' AND before ? 'keyPrefix';
UPDATE audit_log SET after = jsonb_set(after, '{keyPrefix}', to_jsonb(left(after ->> 'keyPrefix', 4)))
 WHERE entity_type = 'key' AND after ? 'keyPrefix';
