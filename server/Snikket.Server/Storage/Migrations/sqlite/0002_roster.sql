-- Rosters (RFC 6121 §2): one row per contact in a user's roster. 'jid' is the contact's bare JID;
-- 'subscription' is none|to|from|both; 'ask' is a pending outbound request (§3.1.2); 'approved' a
-- pre-approval (§3.4); 'group_names' a JSON array of group names.
CREATE TABLE roster_items (
    username     TEXT    NOT NULL,
    jid          TEXT    NOT NULL,
    name         TEXT,
    subscription TEXT    NOT NULL,
    ask          INTEGER NOT NULL,
    approved     INTEGER NOT NULL,
    group_names  TEXT    NOT NULL,
    PRIMARY KEY (username, jid)
);

-- Who has a contact in their roster, for account deletion.
CREATE INDEX roster_items_by_jid ON roster_items (jid);

-- The roster version (RFC 6121 §2.6): raised on every change of a user's roster. The row outlives
-- an account's deletion so that a re-created account never repeats a version an old client cached.
CREATE TABLE roster_versions (
    username TEXT    NOT NULL PRIMARY KEY,
    version  INTEGER NOT NULL
);

-- Inbound subscription requests not answered yet (RFC 6121 §3.1.3), re-sent on each initial
-- presence. 'stanza' is the request as received (bounded), so extensions such as a nickname survive.
CREATE TABLE roster_pending (
    username   TEXT    NOT NULL,
    jid        TEXT    NOT NULL,
    stanza     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (username, jid)
);

CREATE INDEX roster_pending_by_jid ON roster_pending (jid);
