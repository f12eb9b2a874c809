-- Client certificates (SPEC section 1). The private key is kept only inside
-- the passphrase-encrypted PKCS#12 (p12); the passphrase is never stored.
CREATE TABLE certs (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL,              -- the name folded (width and case), for uniqueness
    kind            TEXT    NOT NULL CHECK (kind IN ('shared', 'personal')),
    user_id         INTEGER REFERENCES users (id) ON DELETE SET NULL,
    user_code       TEXT    NOT NULL DEFAULT '',   -- kept for display after the user is deleted
    serial          TEXT    NOT NULL UNIQUE,       -- lower-case hex
    key_algo        TEXT    NOT NULL,
    x509_not_before INTEGER NOT NULL,
    x509_not_after  INTEGER NOT NULL,
    not_before      INTEGER NOT NULL,              -- allowed window, inside the X.509 dates
    not_after       INTEGER NOT NULL,
    enabled         INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    revoked_at      INTEGER NOT NULL DEFAULT 0,
    revoke_reason   TEXT    NOT NULL DEFAULT '',
    deleted_at      INTEGER NOT NULL DEFAULT 0,
    predecessor_id  INTEGER REFERENCES certs (id) ON DELETE SET NULL,
    cert_der        BLOB    NOT NULL,
    p12             BLOB,                          -- NULL once deleted
    created_at      INTEGER NOT NULL,
    CHECK (not_before >= x509_not_before AND not_after <= x509_not_after + 1 AND not_before < not_after),
    CHECK (kind = 'shared' OR user_code <> '')
);
-- Shared certificate names are unique among certificates that still exist,
-- regardless of letter case and of half-/full-width forms (ＳＡＬＥＳ = Sales).
CREATE UNIQUE INDEX certs_shared_name ON certs (name_key) WHERE kind = 'shared' AND deleted_at = 0;
CREATE INDEX certs_user ON certs (user_id);
CREATE INDEX certs_predecessor ON certs (predecessor_id);

-- The certificate each user last authenticated with (SPEC section 2).
ALTER TABLE users ADD COLUMN last_auth_cert_id INTEGER REFERENCES certs (id) ON DELETE SET NULL;
CREATE INDEX users_last_auth_cert ON users (last_auth_cert_id);

-- Download links (SPEC section 5). Only the token's SHA-256 is stored.
CREATE TABLE links (
    id            INTEGER PRIMARY KEY,
    token_hash    TEXT    NOT NULL UNIQUE,
    cert_id       INTEGER NOT NULL REFERENCES certs (id) ON DELETE CASCADE,
    expires_at    INTEGER NOT NULL,
    max_uses      INTEGER NOT NULL CHECK (max_uses >= 1),
    uses          INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0 AND uses <= max_uses),
    ip_restricted INTEGER NOT NULL DEFAULT 0 CHECK (ip_restricted IN (0, 1)),
    revoked_at    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL
);
CREATE INDEX links_cert ON links (cert_id);

-- The signed CRL, re-signed on every revocation and before it lapses.
CREATE TABLE crl (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    number    INTEGER NOT NULL,
    pem       TEXT    NOT NULL,
    signed_at INTEGER NOT NULL
);
