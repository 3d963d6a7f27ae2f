-- Accounts: one row per local user. Credentials are SCRAM keys only, never the password
-- (RFC 5802 §2.2: StoredKey and ServerKey let the server verify without knowing the password).
CREATE TABLE accounts (
    username            TEXT    NOT NULL PRIMARY KEY,
    scram_sha1_salt     BLOB    NOT NULL,
    scram_sha1_iterations INTEGER NOT NULL,
    scram_sha1_stored_key BLOB  NOT NULL,
    scram_sha1_server_key BLOB  NOT NULL,
    scram_sha256_salt   BLOB    NOT NULL,
    scram_sha256_iterations INTEGER NOT NULL,
    scram_sha256_stored_key BLOB NOT NULL,
    scram_sha256_server_key BLOB NOT NULL,
    created_at          INTEGER NOT NULL
);
