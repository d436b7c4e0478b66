-- Issue 21: journey holdouts. A holdout keeps `percent` of units (by their own hash, spec/README.md "Holdouts") out of
-- every experiment on its moments (NULL: every moment), so its report measures what the shipped winners did.
-- Ending one takes it out of /sdk/config; the row (and its report) stays.
CREATE TABLE holdouts (
    key         text          PRIMARY KEY,
    name        text          NOT NULL,
    percent     numeric(4, 2) NOT NULL CHECK (percent > 0 AND percent <= 50),
    moments     text[],
    metrics     text[]        NOT NULL DEFAULT '{}',
    created_at  timestamptz   NOT NULL DEFAULT now(),
    ended_at    timestamptz
);

-- Holdout keys share the experiments' namespace: a holdout exposure names its holdout where an exposure names its
-- experiment, and the fold and the SDKs tell them apart by key. An insert into either table whose key the other
-- holds inserts nothing (as ON CONFLICT DO NOTHING would), so both stores answer 409 duplicate_key. The advisory
-- lock on the key serialises concurrent inserts of one key into the two tables; each query of a volatile function
-- takes a fresh snapshot, so the second sees the first once it has the lock.
CREATE FUNCTION moments_shared_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('moments.key:' || NEW.key));
    IF TG_TABLE_NAME = 'experiments' THEN
        IF EXISTS (SELECT 1 FROM holdouts WHERE key = NEW.key) THEN
            RETURN NULL;
        END IF;
    ELSIF EXISTS (SELECT 1 FROM experiments WHERE key = NEW.key) THEN
        RETURN NULL;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER experiments_shared_key BEFORE INSERT ON experiments
    FOR EACH ROW EXECUTE FUNCTION moments_shared_key();
CREATE TRIGGER holdouts_shared_key BEFORE INSERT ON holdouts
    FOR EACH ROW EXECUTE FUNCTION moments_shared_key();
