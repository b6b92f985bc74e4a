-- +goose Up
-- The change feed (GET /api/v1/changes): every change to standards and
-- organizations, written in the transaction that makes it (an outbox).
-- SQLite runs one writing transaction at a time (each takes the write lock
-- at BEGIN), so ids are given in commit order and the id alone orders the
-- feed; AUTOINCREMENT never gives an id twice.
CREATE TABLE changes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    at            DATETIME NOT NULL,  -- when the write was made
    resource_type TEXT     NOT NULL,  -- standard, organization
    resource_id   TEXT     NOT NULL,
    action        TEXT     NOT NULL,  -- create, update, move, delete
    version       INTEGER  NOT NULL,  -- after the change; a deletion's is one past the last
    public        BOOLEAN  NOT NULL,  -- the record was public before or after the change
    owner_before  TEXT,               -- its organization before the change (editors see their drafts)
    owner_after   TEXT                -- and after
);

-- The records that exist already enter the feed as created, organizations first.
INSERT INTO changes (at, resource_type, resource_id, action, version, public, owner_before, owner_after)
SELECT updated_at, 'organization', id, 'create', version, 1, NULL, NULL
FROM organizations ORDER BY created_at, id;
INSERT INTO changes (at, resource_type, resource_id, action, version, public, owner_before, owner_after)
SELECT updated_at, 'standard', id, 'create', version, stage NOT IN ('preliminary', 'proposal'), NULL, organization_id
FROM standards ORDER BY created_at, id;

-- +goose Down
DROP TABLE changes;
