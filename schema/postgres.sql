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

COMMIT;

