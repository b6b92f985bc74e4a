-- +goose Up
-- Work plans registered after the pilot plan (2023–2025), which is built
-- into the binary (standard.PilotPlan): their period and their targets, a
-- JSON array of {"indicator", "target"}. A plan never changes once
-- registered.
CREATE TABLE plans (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL,
    starts_on  date        NOT NULL,
    ends_on    date        NOT NULL,
    targets    text        NOT NULL,
    created_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE plans;
