-- Environments (registered bridges), the work dispatched to them, and the session ingress tokens each claim issues.
-- Same conventions as 001: TEXT and BIGINT only, unix-millisecond times.
CREATE TABLE environments (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    created_by TEXT,
    machine_name TEXT NOT NULL,
    directory TEXT NOT NULL,
    branch TEXT,
    git_repo_url TEXT,
    max_sessions BIGINT NOT NULL,
    worker_type TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    state TEXT NOT NULL,
    last_poll_at BIGINT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX environments_by_org ON environments (org_id, id);
CREATE INDEX environments_by_state ON environments (state, last_poll_at);

CREATE TABLE work_items (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    environment_id TEXT NOT NULL REFERENCES environments(id),
    session_id TEXT REFERENCES sessions(id),
    type TEXT NOT NULL,
    state TEXT NOT NULL,
    claimed_at BIGINT,
    acked_at BIGINT,
    lease_expires_at BIGINT,
    last_heartbeat_at BIGINT,
    ingress_token_id TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX work_items_by_environment ON work_items (environment_id, state, created_at);
CREATE INDEX work_items_by_session ON work_items (session_id, state);

-- Bound to one session, environment and work item; only the hash is kept.
CREATE TABLE session_ingress_tokens (
    id TEXT PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    session_id TEXT REFERENCES sessions(id),
    environment_id TEXT NOT NULL REFERENCES environments(id),
    work_id TEXT NOT NULL REFERENCES work_items(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX session_ingress_tokens_by_work ON session_ingress_tokens (work_id);
