-- When each account last had a client connected (Unix seconds), for the admin user list and the
-- active-user metrics. Written when a session binds and when it ends; no row means never.
CREATE TABLE account_activity (
    username    TEXT   NOT NULL PRIMARY KEY,
    last_active BIGINT NOT NULL
);
CREATE INDEX account_activity_last_active ON account_activity (last_active);
