-- +goose Up
-- Work plans registered after the pilot plan (2023–2025), which is built
-- into the binary (standard.PilotPlan): their period and their targets, a
-- JSON array of {"indicator", "target"}. A plan never changes once
-- registered.
CREATE TABLE plans (
    id         TEXT PRIMARY KEY,
    name       TEXT     NOT NULL,
    starts_on  TEXT     NOT NULL,
    ends_on    TEXT     NOT NULL,
    targets    TEXT     NOT NULL,
    created_at DATETIME NOT NULL
);

-- +goose Down
DROP TABLE plans;
