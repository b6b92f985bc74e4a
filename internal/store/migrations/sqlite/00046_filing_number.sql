-- +goose Up
-- The filing number (备案号) a local, group, industry or enterprise
-- standard receives when it is filed; '' when it has none.
ALTER TABLE standards ADD COLUMN filing_number text NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE standards DROP COLUMN filing_number;
