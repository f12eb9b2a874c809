-- Users (SPEC section 2). Codes are unique regardless of letter case, because
-- people type them at sign-in.
CREATE TABLE users (
    id                  INTEGER PRIMARY KEY,
    code                TEXT    NOT NULL UNIQUE COLLATE NOCASE,
    name                TEXT    NOT NULL,
    email               TEXT    NOT NULL DEFAULT '',
    phone               TEXT    NOT NULL DEFAULT '',
    grp                 TEXT    NOT NULL DEFAULT '',
    suspended           INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    require_cert        INTEGER NOT NULL DEFAULT 0 CHECK (require_cert IN (0, 1)),
    require_device      INTEGER NOT NULL DEFAULT 0 CHECK (require_device IN (0, 1)),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    -- 併用することはできません: certificate requirement and device designation exclude each other.
    CHECK (NOT (require_cert = 1 AND require_device = 1))
);
CREATE INDEX users_name ON users (name);
CREATE INDEX users_grp ON users (grp);
