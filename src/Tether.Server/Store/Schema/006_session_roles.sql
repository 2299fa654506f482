-- Who besides the creator and the org's owners and admins may see or drive a session, and how far.
CREATE TABLE session_shares (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE INDEX session_shares_by_user ON session_shares (user_id);
