-- Issue 20 item 3. A client key may name the web origins allowed to use it (NULL: any origin); a
-- request from a browser on another origin is refused. last_used_at is when the key was last
-- accepted, written at most once a minute per key and server.
ALTER TABLE api_keys
    ADD COLUMN allowed_origins text[],
    ADD COLUMN last_used_at    timestamptz;
