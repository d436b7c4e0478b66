-- Per-key rates an admin set through PATCH /api/v1/keys/{id}; NULL means the server's default
-- (MOMENTS_QUOTA_ASSIGN_PER_SECOND, MOMENTS_QUOTA_EVENTS_PER_SECOND).
ALTER TABLE api_keys
    ADD COLUMN assign_per_second integer CHECK (assign_per_second > 0),
    ADD COLUMN events_per_second integer CHECK (events_per_second > 0);
