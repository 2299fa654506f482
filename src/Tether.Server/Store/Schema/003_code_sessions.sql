-- Code sessions (v2 worker protocol): signing keys for worker JWTs, worker presence, the worker's internal transcript
-- and delivery reports for client events. Same type subset as 001.

-- Server secrets, one row per purpose (for example 'worker_jwt'); created once, never logged.
CREATE TABLE server_keys (
    id TEXT PRIMARY KEY,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE sessions ADD COLUMN requires_action_details TEXT;
ALTER TABLE sessions ADD COLUMN last_heartbeat_at BIGINT;

CREATE TABLE internal_events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq BIGINT NOT NULL,
    event_id TEXT NOT NULL,
    uuid TEXT,
    event_type TEXT NOT NULL,
    payload TEXT NOT NULL,
    event_metadata TEXT,
    is_compaction BIGINT NOT NULL DEFAULT 0,
    agent_id TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);

CREATE UNIQUE INDEX internal_events_by_uuid ON internal_events (session_id, uuid);

-- How far the worker got with each client event; 'processed' events are never delivered again.
CREATE TABLE deliveries (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    event_id TEXT NOT NULL,
    status TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, event_id)
);
