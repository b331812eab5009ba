-- API keys of the gateway. The key itself is never stored: only its public id and SHA-256 of its secret.
CREATE TABLE api_key (
    id            VARCHAR(32)  PRIMARY KEY,
    name          VARCHAR(200) NOT NULL,
    secret_sha256 BYTEA        NOT NULL,
    -- event type patterns, comma-separated (patterns cannot contain commas)
    event_types   TEXT         NOT NULL,
    created_at    TIMESTAMPTZ  NOT NULL,
    revoked_at    TIMESTAMPTZ
);

CREATE INDEX api_key_created_at ON api_key (created_at);
