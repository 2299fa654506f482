-- Accounts, sessions and the event log. Types are the common subset of SQLite and PostgreSQL:
-- TEXT, BIGINT (unix milliseconds for times, 0/1 for flags), JSON stored as TEXT.
CREATE TABLE orgs (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    allow_remote_control BIGINT NOT NULL DEFAULT 1,
    use_code_sessions BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE memberships (
    org_id TEXT NOT NULL REFERENCES orgs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, user_id)
);

CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    revoked_at BIGINT,
    last_used_at BIGINT
);

CREATE TABLE device_codes (
    device_code_hash TEXT PRIMARY KEY,
    user_code TEXT NOT NULL UNIQUE,
    client_name TEXT,
    scopes TEXT NOT NULL,
    status TEXT NOT NULL,
    org_id TEXT,
    user_id TEXT,
    interval_seconds BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_polled_at BIGINT
);

CREATE TABLE login_links (
    code_hash TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE TABLE web_sessions (
    id_hash TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    created_by TEXT,
    title TEXT,
    status TEXT NOT NULL,
    environment_id TEXT,
    source TEXT,
    permission_mode TEXT,
    session_context TEXT NOT NULL,
    last_seq BIGINT NOT NULL DEFAULT 0,
    worker_epoch BIGINT NOT NULL DEFAULT 0,
    worker_status TEXT,
    external_metadata TEXT,
    internal_metadata TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    archived_at BIGINT
);

CREATE INDEX sessions_by_org ON sessions (org_id, id);

CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq BIGINT NOT NULL,
    event_id TEXT NOT NULL,
    uuid TEXT,
    source TEXT NOT NULL,
    type TEXT NOT NULL,
    payload TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

-- A repeated uuid from the same direction is acknowledged and not stored twice (NULL uuids never collide).
CREATE UNIQUE INDEX events_by_uuid ON events (session_id, source, uuid);
CREATE UNIQUE INDEX events_by_event_id ON events (event_id);

CREATE TABLE pending_actions (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    request_id TEXT NOT NULL,
    tool_name TEXT,
    request_seq BIGINT NOT NULL,
    status TEXT NOT NULL,
    answered_by TEXT,
    answered_at BIGINT,
    decision TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, request_id)
);
