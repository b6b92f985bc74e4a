-- +goose Up
-- A relevance tier is read window by window of ids, each window ended at
-- a bound of the histogram of ids (relevance_estimates.go). At the default
-- statistics target (100) a bucket is 1% of the standards, 10,000 of a
-- million: the smallest window, where a two-character word found in 1.5%
-- of the titles has 150 matches, every one a table page read, to fill a
-- page of 21. At 1000 a bucket is 0.1%, and a window is sized to about
-- twice the page. ANALYZE already samples 300,000 rows for the search
-- index's statistics (00061), so the finer histogram costs it nothing more.
ALTER TABLE standards ALTER COLUMN id SET STATISTICS 1000;
ANALYZE standards (id);

-- +goose Down
ALTER TABLE standards ALTER COLUMN id SET STATISTICS -1;
