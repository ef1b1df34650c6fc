-- Users, sessions and machine tokens (issue 8). No default user and no default password: the first admin is added
-- with `wardwatch users add NAME --role admin`.
CREATE TABLE users (
    name             VARCHAR(64)  PRIMARY KEY,
    role             VARCHAR(16)  NOT NULL,
    -- Camera group names, comma-separated; '*' for every camera.
    groups           VARCHAR(2000) NOT NULL,
    -- pbkdf2-sha256$ITERATIONS$SALT$HASH
    password_hash    VARCHAR(200) NOT NULL,
    created_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    disabled         BOOLEAN      NOT NULL DEFAULT FALSE
);

-- Login sessions; only the SHA-256 of the bearer token is kept.
CREATE TABLE sessions (
    token_hash       CHAR(64)     PRIMARY KEY,
    user_name        VARCHAR(64)  NOT NULL REFERENCES users (name),
    created_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_name);

-- Long-lived machine tokens for the operations centre (role ioc); only the SHA-256 of the token is kept.
CREATE TABLE api_tokens (
    token_hash       CHAR(64)     PRIMARY KEY,
    name             VARCHAR(64)  NOT NULL,
    role             VARCHAR(16)  NOT NULL DEFAULT 'ioc',
    groups           VARCHAR(2000) NOT NULL,
    created_at       TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    revoked          BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX api_tokens_name ON api_tokens (name);
