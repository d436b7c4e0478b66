-- People with roles (viewer, editor, admin), each with a personal key, so that the audit log names the person
-- who changed something and not only "the admin key".
CREATE TABLE people (
    id              bigserial   PRIMARY KEY,
    name            text        NOT NULL,
    email           text        NOT NULL,
    role            text        NOT NULL CHECK (role IN ('viewer', 'editor', 'admin')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- a person is deactivated, never deleted: the audit log keeps naming them
    deactivated_at  timestamptz
);
-- One active person per address; someone who left and came back can be added again.
CREATE UNIQUE INDEX people_active_email_idx ON people (lower(email)) WHERE deactivated_at IS NULL;

-- A personal key is an api_keys row of kind 'person'; the person's role decides what it may do.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_kind_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_kind_check CHECK (kind IN ('admin', 'server', 'client', 'person'));
ALTER TABLE api_keys ADD COLUMN person_id bigint REFERENCES people (id);
ALTER TABLE api_keys ADD CONSTRAINT api_keys_person_check CHECK ((kind = 'person') = (person_id IS NOT NULL));
CREATE INDEX api_keys_person_idx ON api_keys (person_id);

-- Who made a change: the key (actor_key_id) and, for a personal key, the person and the role they had then.
ALTER TABLE audit_log ADD COLUMN actor_person_id bigint REFERENCES people (id);
ALTER TABLE audit_log ADD COLUMN actor_role text;
