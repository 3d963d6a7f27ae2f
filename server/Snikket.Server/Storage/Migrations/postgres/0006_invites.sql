-- Roles, locking and deletion with a grace period on accounts (issue 4). 'role' is admin|normal|limited;
-- 'locked' keeps an account from logging in; 'deletion_requested_at'/'delete_after' (unix seconds)
-- are set while a self-deletion waits out its grace period, during which an admin can undo it.
ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'normal';
ALTER TABLE accounts ADD COLUMN locked BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE accounts ADD COLUMN deletion_requested_at BIGINT;
ALTER TABLE accounts ADD COLUMN delete_after BIGINT;

CREATE INDEX accounts_by_delete_after ON accounts (delete_after);

-- Invites (XEP-0401 account creation, XEP-0379 contact invites, password resets). The token itself
-- is never stored: 'token_hash' is its SHA-256. 'kind' is account|group|reset|contact; 'username'
-- binds an account invite to a name, or names the account a reset is for; 'max_uses' NULL means
-- unlimited (until expiry); 'uses' is raised in the transaction that creates the account.
-- 'circles' is a JSON array of circle ids, or NULL for "the default circle".
CREATE TABLE invites (
    id                TEXT    NOT NULL PRIMARY KEY,
    token_hash        BYTEA   NOT NULL UNIQUE,
    kind              TEXT    NOT NULL,
    creator           TEXT,
    username          TEXT,
    role              TEXT    NOT NULL,
    allow_registration BOOLEAN NOT NULL,
    link_creator      BOOLEAN NOT NULL,
    max_uses          INTEGER,
    uses              INTEGER NOT NULL,
    circles           TEXT,
    note              TEXT,
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL
);

CREATE INDEX invites_by_creator ON invites (creator);
CREATE INDEX invites_by_expiry ON invites (expires_at);

-- Circles: named groups whose members see each other in their rosters (roster group = name).
-- The circle 'default' is the one new accounts join unless their invite names others.
CREATE TABLE circles (
    id         TEXT    NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    created_at BIGINT  NOT NULL
);

CREATE TABLE circle_members (
    circle_id TEXT    NOT NULL,
    username  TEXT    NOT NULL,
    added_at  BIGINT  NOT NULL,
    PRIMARY KEY (circle_id, username)
);

CREATE INDEX circle_members_by_username ON circle_members (username);
