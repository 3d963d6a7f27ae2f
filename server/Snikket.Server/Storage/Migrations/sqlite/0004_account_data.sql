-- Small per-account data of XEP-0054, XEP-0049 and XEP-0012. Rows go with their account.

-- vcard-temp (XEP-0054): one vCard per account, the XML as the client sent it (re-serialised).
CREATE TABLE vcards (
    username    TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (username) ON DELETE CASCADE,
    content     TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL
);

-- Private XML storage (XEP-0049): one fragment per account, namespace and element name.
CREATE TABLE private_xml (
    username    TEXT    NOT NULL REFERENCES accounts (username) ON DELETE CASCADE,
    namespace   TEXT    NOT NULL,
    element     TEXT    NOT NULL,
    content     TEXT    NOT NULL,
    updated_at  INTEGER NOT NULL,
    PRIMARY KEY (username, namespace, element)
);

-- Last activity (XEP-0012): when the account's last session ended, and the status text of its
-- last unavailable presence.
CREATE TABLE last_activity (
    username    TEXT    NOT NULL PRIMARY KEY REFERENCES accounts (username) ON DELETE CASCADE,
    logout_at   INTEGER NOT NULL,
    status      TEXT
);
