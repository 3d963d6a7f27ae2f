-- Block lists (XEP-0191): one row per blocked JID of a user, stored canonical; the key also serves
-- loading a user's whole list when their first session binds.
CREATE TABLE blocklist (
    username  TEXT    NOT NULL,
    jid       TEXT    NOT NULL,
    PRIMARY KEY (username, jid)
);

-- Abuse reports sent with a block (XEP-0377), for the administrators; one per reporter and JID.
-- stanza_ids holds the reported messages, one "by id" pair per line.
CREATE TABLE abuse_reports (
    id          INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    reporter    TEXT    NOT NULL,
    jid         TEXT    NOT NULL,
    reason      TEXT    NOT NULL,
    text        TEXT,
    stanza_ids  TEXT,
    created_at  INTEGER NOT NULL
);
CREATE UNIQUE INDEX abuse_reports_reporter_jid ON abuse_reports (reporter, jid);
