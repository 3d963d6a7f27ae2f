-- Message archive (XEP-0313): one row per message per archive that keeps it (the sender's and the
-- recipient's, when both are local). The id is the archive id clients see (formatted by
-- ArchiveIds): unique on the whole server, increasing in commit order, and time-ordered (its high
-- bits are milliseconds), so the primary key serves paging, "newest first" and expiry by age. stamp is when
-- the server received the message, in Unix milliseconds (the XEP-0203 delay stamp).
CREATE TABLE archive (
    id            BIGINT  NOT NULL PRIMARY KEY,
    owner         TEXT    NOT NULL,
    with_bare     TEXT    NOT NULL,
    with_resource TEXT,
    stamp         BIGINT  NOT NULL,
    stanza        BYTEA   NOT NULL
);
-- A user's archive in order (queries without 'with', metadata).
CREATE INDEX archive_owner_id ON archive (owner, id);
-- One conversation in order (the 'with' filter).
CREATE INDEX archive_owner_with_id ON archive (owner, with_bare, id);

-- Archiving preferences (XEP-0441); a user without a row has the server's default.
CREATE TABLE archive_prefs (
    owner        TEXT NOT NULL PRIMARY KEY,
    default_mode TEXT NOT NULL,
    always_jids  TEXT NOT NULL,
    never_jids   TEXT NOT NULL
);

-- Offline messages (XEP-0160): kept until the owner's next available session takes them.
CREATE TABLE offline_messages (
    id        BIGINT  NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner     TEXT    NOT NULL,
    sender    TEXT    NOT NULL,
    stamp     BIGINT  NOT NULL,
    stanza    BYTEA   NOT NULL
);
CREATE INDEX offline_messages_owner_id ON offline_messages (owner, id);
