-- +goose Up
-- The first relevance tier of a query of several words is the name holding
-- them as typed, spaces included (技术 安全): few names do, and the index of
-- their words cannot say which, so proving it took reading every name that
-- holds the words apart (thousands of table pages). This index holds, for
-- each run of spaces in a name between two other characters, the two
-- characters before it, one space and the two after (技术 安全), where
-- either character next to the spaces is not ASCII; search.SpacePairs
-- gives those a phrase must find there. English words and numbers are left
-- out: their pairs are in most names and would not narrow the read.
-- +goose StatementBegin
CREATE FUNCTION stdreg_space_pairs(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(DISTINCT pair), '{}') FROM (
    SELECT right(p[i], 2) || ' ' || left(p[i + 1], 2) AS pair,
           ascii(right(p[i], 1)) > 127 OR ascii(left(p[i + 1], 1)) > 127 AS wide
    FROM regexp_split_to_array(t, ' +') AS p, generate_series(1, array_length(p, 1) - 1) AS i
    WHERE p[i] <> '' AND p[i + 1] <> '') s
  WHERE wide
$$;
-- +goose StatementEnd
CREATE INDEX standards_name_space_pairs ON standards USING gin (stdreg_space_pairs(name_text));

-- +goose Down
DROP INDEX standards_name_space_pairs;
DROP FUNCTION stdreg_space_pairs(text);
