-- Sign-in and last authentication (SPEC sections 2 and 6).
ALTER TABLE users ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_auth_cert_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN last_auth_at INTEGER NOT NULL DEFAULT 0;

-- The app's certificate authority. The private key is sealed (encrypted)
-- before it reaches this table; see backend/secret and docs/security.md.
CREATE TABLE ca (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    cert_pem   TEXT    NOT NULL,
    key_sealed BLOB    NOT NULL,
    created_at INTEGER NOT NULL
);
