BEGIN;

CREATE TABLE bina_alembic_version (
    version_num VARCHAR(32) NOT NULL, 
    CONSTRAINT bina_alembic_version_pkc PRIMARY KEY (version_num)
);

-- Running upgrade  -> 0001

CREATE TABLE IF NOT EXISTS generation_jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id text UNIQUE NOT NULL,
    status text DEFAULT 'processing',
    progress integer DEFAULT 0,
    html text,
    styles jsonb,
    error text,
    description text,
    language text DEFAULT 'ms',
    user_id text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
);

INSERT INTO bina_alembic_version (version_num) VALUES ('0001') RETURNING bina_alembic_version.version_num;

-- Running upgrade 0001 -> 0002

ALTER TABLE generation_jobs ADD COLUMN stage TEXT DEFAULT 'queued' NOT NULL;

ALTER TABLE generation_jobs ADD COLUMN message TEXT;

ALTER TABLE generation_jobs ADD COLUMN attempts INTEGER DEFAULT '0' NOT NULL;

ALTER TABLE generation_jobs ADD COLUMN max_attempts INTEGER DEFAULT '3' NOT NULL;

ALTER TABLE generation_jobs ADD COLUMN worker_id TEXT;

ALTER TABLE generation_jobs ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE generation_jobs ADD COLUMN available_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE generation_jobs ADD COLUMN started_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE generation_jobs ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE generation_jobs ADD COLUMN idempotency_key TEXT;

ALTER TABLE generation_jobs ADD COLUMN business_type TEXT;

ALTER TABLE generation_jobs ADD COLUMN result JSONB;

ALTER TABLE generation_jobs ADD COLUMN payload JSONB;

ALTER TABLE generation_jobs ADD COLUMN quota_subject TEXT;

ALTER TABLE generation_jobs ADD COLUMN quota_refunded BOOLEAN DEFAULT false NOT NULL;

ALTER TABLE generation_jobs ADD COLUMN version INTEGER DEFAULT '1' NOT NULL;

UPDATE generation_jobs SET status = COALESCE(status, 'failed'), progress = COALESCE(progress, 0), created_at = COALESCE(created_at, now()), updated_at = COALESCE(updated_at, now());

UPDATE generation_jobs SET status = 'failed', error = 'Interrupted before the upgrade to durable jobs; please start again.', finished_at = now() WHERE status = 'processing' AND (updated_at < now() - interval '1 hour' OR description IS NULL);

UPDATE generation_jobs SET status = 'queued' WHERE status = 'processing';

UPDATE generation_jobs SET stage = status, finished_at = COALESCE(finished_at, updated_at) WHERE status IN ('completed', 'failed', 'canceled');

ALTER TABLE generation_jobs ALTER COLUMN status SET NOT NULL;

ALTER TABLE generation_jobs ALTER COLUMN progress SET NOT NULL;

ALTER TABLE generation_jobs ALTER COLUMN created_at SET NOT NULL;

ALTER TABLE generation_jobs ALTER COLUMN updated_at SET NOT NULL;

CREATE UNIQUE INDEX ix_generation_jobs_user_idempotency ON generation_jobs (user_id, idempotency_key);

CREATE INDEX ix_generation_jobs_runnable ON generation_jobs (status, created_at);

CREATE INDEX ix_generation_jobs_quota ON generation_jobs (quota_subject, created_at);

CREATE INDEX ix_generation_jobs_user ON generation_jobs (user_id, created_at);

CREATE INDEX ix_generation_jobs_updated ON generation_jobs (updated_at);

CREATE TABLE job_workers (
    id TEXT NOT NULL, 
    host TEXT NOT NULL, 
    pid INTEGER NOT NULL, 
    concurrency INTEGER NOT NULL, 
    started_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    last_heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    PRIMARY KEY (id)
);

UPDATE bina_alembic_version SET version_num='0002' WHERE bina_alembic_version.version_num = '0001';

-- Running upgrade 0002 -> 0003

CREATE OR REPLACE FUNCTION bina_start_job(
    subjects text[],
    new_job jsonb,
    quota_subject text,
    quota_limit integer,
    quota_since timestamptz
) RETURNS TABLE (outcome text, existing_job_id text, quota_used integer, quota_oldest timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    subject text;
    wanted_key text := new_job->>'idempotency_key';
    wanted_user text := new_job->>'user_id';
    repeat_of text;
    used integer := 0;
    oldest timestamptz;
BEGIN
    -- Sorted by the caller: every start takes its locks in the same order (no deadlock).
    FOREACH subject IN ARRAY subjects LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(subject, 0));
    END LOOP;
    IF wanted_key IS NOT NULL THEN
        IF wanted_user IS NULL THEN
            SELECT j.job_id INTO repeat_of FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id IS NULL;
        ELSE
            SELECT j.job_id INTO repeat_of FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id = wanted_user;
        END IF;
        IF repeat_of IS NOT NULL THEN
            RETURN QUERY SELECT 'existing'::text, repeat_of, 0, NULL::timestamptz;
            RETURN;
        END IF;
    END IF;
    IF quota_limit > 0 THEN
        SELECT count(*)::integer, min(j.created_at) INTO used, oldest FROM generation_jobs j
        WHERE j.quota_subject = bina_start_job.quota_subject
          AND j.created_at > quota_since
          AND NOT j.quota_refunded;
        IF used >= quota_limit THEN
            RETURN QUERY SELECT 'quota'::text, NULL::text, used, oldest;
            RETURN;
        END IF;
    END IF;
    INSERT INTO generation_jobs
    SELECT * FROM jsonb_populate_record(NULL::generation_jobs, new_job);
    PERFORM pg_notify('bina_job_queued', '');
    RETURN QUERY SELECT 'created'::text, NULL::text, used, oldest;
END
$$;

UPDATE bina_alembic_version SET version_num='0003' WHERE bina_alembic_version.version_num = '0002';

-- Running upgrade 0003 -> 0004

CREATE TABLE sites (
    site_id TEXT NOT NULL, 
    user_id TEXT NOT NULL, 
    job_id TEXT, 
    style TEXT NOT NULL, 
    palette TEXT, 
    language TEXT NOT NULL, 
    profile JSONB NOT NULL, 
    copy JSONB, 
    version INTEGER NOT NULL, 
    slug TEXT, 
    published BOOLEAN NOT NULL, 
    published_at TIMESTAMP WITH TIME ZONE, 
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    PRIMARY KEY (site_id)
);

CREATE UNIQUE INDEX ix_sites_slug ON sites (slug);

CREATE INDEX ix_sites_user ON sites (user_id, created_at);

CREATE TABLE site_photos (
    photo_id TEXT NOT NULL, 
    site_id TEXT NOT NULL, 
    role TEXT NOT NULL, 
    alt TEXT, 
    content_type TEXT NOT NULL, 
    width INTEGER NOT NULL, 
    height INTEGER NOT NULL, 
    data BYTEA NOT NULL, 
    thumb BYTEA NOT NULL, 
    thumb_width INTEGER NOT NULL, 
    thumb_height INTEGER NOT NULL, 
    upload_key TEXT, 
    created_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    PRIMARY KEY (photo_id), 
    FOREIGN KEY(site_id) REFERENCES sites (site_id) ON DELETE CASCADE
);

CREATE INDEX ix_site_photos_site ON site_photos (site_id, created_at);

CREATE UNIQUE INDEX ix_site_photos_upload ON site_photos (site_id, upload_key);

CREATE TABLE retired_slugs (
    slug TEXT NOT NULL, 
    retired_at TIMESTAMP WITH TIME ZONE NOT NULL, 
    PRIMARY KEY (slug)
);

UPDATE bina_alembic_version SET version_num='0004' WHERE bina_alembic_version.version_num = '0003';

-- Running upgrade 0004 -> 0005

DROP FUNCTION IF EXISTS bina_start_job(text[], jsonb, text, integer, timestamptz);

CREATE OR REPLACE FUNCTION bina_start_job(
    subjects text[],
    new_job jsonb,
    quota_subject text,
    quota_limit integer,
    quota_since timestamptz,
    join_since timestamptz
) RETURNS TABLE (outcome text, existing_job_id text, quota_used integer, quota_oldest timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    subject text;
    wanted_key text := new_job->>'idempotency_key';
    wanted_user text := new_job->>'user_id';
    repeat_of text;
    repeat_status text;
    repeat_finished timestamptz;
    used integer := 0;
    oldest timestamptz;
BEGIN
    -- Sorted by the caller: every start takes its locks in the same order (no deadlock).
    FOREACH subject IN ARRAY subjects LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(subject, 0));
    END LOOP;
    IF wanted_key IS NOT NULL THEN
        IF wanted_user IS NULL THEN
            SELECT j.job_id, j.status, j.finished_at
            INTO repeat_of, repeat_status, repeat_finished FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id IS NULL;
        ELSE
            SELECT j.job_id, j.status, j.finished_at
            INTO repeat_of, repeat_status, repeat_finished FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id = wanted_user;
        END IF;
        IF repeat_of IS NOT NULL THEN
            IF join_since IS NULL
               OR repeat_status IN ('queued', 'processing')
               OR (repeat_status = 'completed' AND repeat_finished > join_since) THEN
                RETURN QUERY SELECT 'existing'::text, repeat_of, 0, NULL::timestamptz;
                RETURN;
            END IF;
            -- A join key whose job is over joins nothing more.
            UPDATE generation_jobs SET idempotency_key = NULL WHERE job_id = repeat_of;
        END IF;
    END IF;
    IF quota_limit > 0 THEN
        SELECT count(*)::integer, min(j.created_at) INTO used, oldest FROM generation_jobs j
        WHERE j.quota_subject = bina_start_job.quota_subject
          AND j.created_at > quota_since
          AND NOT j.quota_refunded;
        IF used >= quota_limit THEN
            RETURN QUERY SELECT 'quota'::text, NULL::text, used, oldest;
            RETURN;
        END IF;
    END IF;
    INSERT INTO generation_jobs
    SELECT * FROM jsonb_populate_record(NULL::generation_jobs, new_job);
    PERFORM pg_notify('bina_job_queued', '');
    RETURN QUERY SELECT 'created'::text, NULL::text, used, oldest;
END
$$;

UPDATE bina_alembic_version SET version_num='0005' WHERE bina_alembic_version.version_num = '0004';

-- Running upgrade 0005 -> 0006

ALTER TABLE job_workers ADD COLUMN liveness TEXT;

UPDATE bina_alembic_version SET version_num='0006' WHERE bina_alembic_version.version_num = '0005';

-- Running upgrade 0006 -> 0007

ALTER TABLE generation_jobs ADD COLUMN request_id TEXT;

ALTER TABLE generation_jobs ADD COLUMN callback_url TEXT;

ALTER TABLE generation_jobs ADD COLUMN webhook_status TEXT;

ALTER TABLE generation_jobs ADD COLUMN webhook_attempts INTEGER;

ALTER TABLE generation_jobs ADD COLUMN webhook_next_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE generation_jobs ADD COLUMN webhook_error TEXT;

CREATE INDEX ix_generation_jobs_webhooks_due ON generation_jobs (webhook_next_at) WHERE webhook_status = 'pending';

UPDATE bina_alembic_version SET version_num='0007' WHERE bina_alembic_version.version_num = '0006';

-- Running upgrade 0007 -> 0008

DO $bina_lockdown$
DECLARE
    table_name text;
    table_id regclass;
    grantee text;
    sequence_id regclass;
BEGIN
    FOREACH table_name IN ARRAY ARRAY['bina_alembic_version', 'generation_jobs', 'job_workers', 'sites', 'site_photos', 'retired_slugs']::text[] LOOP
        table_id := quote_ident(table_name)::regclass;
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', table_id);
        FOR grantee IN SELECT 'PUBLIC' UNION ALL SELECT quote_ident(rolname)::text FROM pg_roles
            WHERE rolname = ANY (ARRAY['anon', 'authenticated']::text[]) LOOP
            EXECUTE format('REVOKE ALL ON TABLE %s FROM %s', table_id, grantee);
            FOR sequence_id IN
                SELECT d.objid::regclass FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                WHERE d.refobjid = table_id AND d.deptype IN ('a', 'i')
            LOOP
                EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %s', sequence_id, grantee);
            END LOOP;
        END LOOP;
    END LOOP;
END
$bina_lockdown$;

DO $bina_lockdown$
DECLARE
    routine_id regprocedure;
    grantee text;
BEGIN
    FOR routine_id IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'bina\_%' LOOP
        FOR grantee IN SELECT 'PUBLIC' UNION ALL SELECT quote_ident(rolname)::text FROM pg_roles
            WHERE rolname = ANY (ARRAY['anon', 'authenticated']::text[]) LOOP
            EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM %s', routine_id, grantee);
        END LOOP;
    END LOOP;
END
$bina_lockdown$;

UPDATE bina_alembic_version SET version_num='0008' WHERE bina_alembic_version.version_num = '0007';

-- Running upgrade 0008 -> 0009

CREATE OR REPLACE FUNCTION bina_claim_candidates(claim_limit integer, claim_now timestamptz)
RETURNS SETOF uuid
LANGUAGE sql VOLATILE
SET enable_seqscan = off
SET enable_bitmapscan = off
SET jit = off
ROWS 10
AS $$
    WITH queued AS (
        SELECT j.id, j.created_at FROM generation_jobs j
        WHERE j.status = 'queued' AND (j.available_at IS NULL OR j.available_at <= claim_now)
        ORDER BY j.created_at
        LIMIT claim_limit
        FOR UPDATE SKIP LOCKED
    ), expired AS (
        SELECT j.id, j.created_at FROM generation_jobs j
        WHERE j.status = 'processing'
          AND (j.lease_expires_at IS NULL OR j.lease_expires_at < claim_now)
          AND j.attempts < j.max_attempts
        ORDER BY j.created_at
        LIMIT claim_limit
        FOR UPDATE SKIP LOCKED
    )
    SELECT claimable.id FROM (
        SELECT id, created_at FROM queued UNION ALL SELECT id, created_at FROM expired
    ) AS claimable
    ORDER BY claimable.created_at
    LIMIT claim_limit
$$;

DO $bina_lockdown$
DECLARE
    routine_id regprocedure;
    grantee text;
BEGIN
    FOR routine_id IN SELECT p.oid::regprocedure FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'bina\_%' LOOP
        FOR grantee IN SELECT 'PUBLIC' UNION ALL SELECT quote_ident(rolname)::text FROM pg_roles
            WHERE rolname = ANY (ARRAY['anon', 'authenticated']::text[]) LOOP
            EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM %s', routine_id, grantee);
        END LOOP;
    END LOOP;
END
$bina_lockdown$;

UPDATE bina_alembic_version SET version_num='0009' WHERE bina_alembic_version.version_num = '0008';

COMMIT;

