-- CAs replaced by a renewal (docs/operations.md "The CA's end date"). A
-- renewal with the same key keeps the old certificate here for the record; a
-- change to a new key keeps the old CA trusted until trusted_until (Unix
-- seconds), so the certificates it issued keep working while devices
-- install the new root. The key stays sealed as in the ca table.
CREATE TABLE ca_previous (
    id            INTEGER PRIMARY KEY,
    cert_pem      TEXT    NOT NULL,
    key_sealed    BLOB    NOT NULL,
    same_key      INTEGER NOT NULL,
    trusted_until INTEGER NOT NULL,
    replaced_at   INTEGER NOT NULL
);
