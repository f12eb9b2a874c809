-- IP allow rules (SPEC section 3): any enabled rule makes an allowlist.
CREATE TABLE ip_rules (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    address     TEXT    NOT NULL,   -- normalized address or prefix
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
);
