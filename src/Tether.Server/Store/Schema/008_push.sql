-- Web Push subscriptions: one row per browser push endpoint, owned by the user who subscribed it last.
CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY,
    org_id TEXT NOT NULL REFERENCES orgs(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    endpoint TEXT NOT NULL UNIQUE,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE INDEX push_subscriptions_by_user ON push_subscriptions (org_id, user_id);
