-- +goose Up
-- Secrets every instance serving this database shares, made once here so
-- that several instances agree without configuration: page_token signs
-- page tokens when STDREG_PAGE_TOKEN_KEY is not set (a token one instance
-- gives, another accepts, and tokens survive restarts). 256 random bits
-- from gen_random_uuid (pg_strong_random), as hex.
CREATE TABLE service_secrets (
    name  text PRIMARY KEY,
    value text NOT NULL
);
INSERT INTO service_secrets (name, value)
VALUES ('page_token', replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
                   || replace(gen_random_uuid()::text, '-', ''));

-- +goose Down
DROP TABLE service_secrets;
