-- The internal web apps the gateway protects (SPEC section 6).
CREATE TABLE routes (
    id               INTEGER PRIMARY KEY,
    name             TEXT    NOT NULL,
    host             TEXT    NOT NULL DEFAULT '',   -- lower-case host name or address; '' = any
    path_prefix      TEXT    NOT NULL DEFAULT '/',
    upstream         TEXT    NOT NULL,
    require_sign_in  INTEGER NOT NULL DEFAULT 0 CHECK (require_sign_in IN (0, 1)),
    require_cert     INTEGER NOT NULL DEFAULT 0 CHECK (require_cert IN (0, 1)),
    enabled          INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);
CREATE UNIQUE INDEX routes_match ON routes (host, path_prefix);

-- Gateway sign-in sessions; only the token's hash is stored.
CREATE TABLE sessions (
    id         INTEGER PRIMARY KEY,
    token_hash TEXT    NOT NULL UNIQUE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Devices employees asked to use (端末指定, SPEC section 4); only the device
-- token's hash is stored.
CREATE TABLE devices (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash   TEXT    NOT NULL UNIQUE,
    device_name  TEXT    NOT NULL,
    phone        TEXT    NOT NULL DEFAULT '',
    os           TEXT    NOT NULL DEFAULT '',
    status       TEXT    NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
    requested_at INTEGER NOT NULL,
    processed_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX devices_user ON devices (user_id);
CREATE INDEX devices_status ON devices (status, requested_at);

-- Every gateway decision (SPEC section 6), written in batches.
CREATE TABLE access_log (
    id        INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,          -- unix milliseconds
    client_ip TEXT    NOT NULL,
    user_code TEXT    NOT NULL DEFAULT '',
    cert_name TEXT    NOT NULL DEFAULT '',
    device    TEXT    NOT NULL DEFAULT '',
    route     TEXT    NOT NULL DEFAULT '',
    method    TEXT    NOT NULL DEFAULT '',
    path      TEXT    NOT NULL DEFAULT '',
    decision  TEXT    NOT NULL CHECK (decision IN ('allow', 'deny')),
    reason    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_decision ON access_log (decision, at);
