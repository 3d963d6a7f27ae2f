#!/usr/bin/python3
"""Gives every benchmark account a roster and an archive, straight into ours' SQLite file, so the
idle phase can show whether memory per session depends on them (issue 3: it must not).

    bench/seed-account-data.py DB PREFIX USERS ROSTER ARCHIVE

Each account PREFIXi gets ROSTER contacts (the next accounts, subscription both, in one group)
and ARCHIVE archived chat messages with its first contact. Run on a stopped server only.
"""

import sqlite3
import sys
import time


def main():
    db, prefix, users, roster, archive = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    domain = "localhost"
    now = int(time.time() * 1000)
    connection = sqlite3.connect(db)
    with connection:
        for i in range(1, users + 1):
            owner = f"{prefix}{i}"
            contacts = [f"{prefix}{(i + k - 1) % users + 1}@{domain}" for k in range(1, roster + 1)]
            connection.executemany(
                "INSERT OR IGNORE INTO roster_items (username, jid, name, subscription, ask, approved, group_names)"
                " VALUES (?, ?, NULL, 'both', 0, 0, '[\"bench\"]')",
                [(owner, contact) for contact in contacts])
            connection.execute(
                "INSERT OR REPLACE INTO roster_versions (username, version) VALUES (?, 1)", (owner,))
            if archive and contacts:
                peer = contacts[0]
                connection.executemany(
                    "INSERT INTO archive (owner, with_bare, with_resource, stamp, stanza) VALUES (?, ?, 'r', ?, ?)",
                    [(owner, peer, now - n,
                      f"<message xmlns='jabber:client' from='{peer}/r' to='{owner}@{domain}' type='chat'><body>archived {n}</body></message>".encode())
                     for n in range(archive)])
    print(f"seeded {users} accounts with {roster} contacts and {archive} archived messages each")


if __name__ == "__main__":
    main()
