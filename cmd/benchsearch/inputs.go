package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
)

// number is a standard number as registered and in its normalized form.
type number struct{ Code, Normalized string }

// inputs are the search terms, taken from the database so that every
// scenario asks for something that is there.
type inputs struct {
	Standards, Transitions int64
	PGVersion              string

	Lookups []number // random published numbers
	Phrase  string   // a whole Chinese title
	Word    string   // a lower-case English word of the titles
	Prefix  string   // its first letters
	Number  number   // a local number, to be written another way
	Variant string   // Number as a user might type it
}

// Preferred inputs, used when the database holds them (stdreg generate's
// vocabulary does); otherwise the picks fall back to whatever is there.
const (
	preferredPhrase = "电动自行车安全技术规范"
	preferredNumber = "DB33/T 2349-2021"
)

var englishWords = []string{"bicycle", "battery", "tea", "valves"}

// pickInputs reads the row counts and chooses the inputs.
func pickInputs(ctx context.Context, dsn string, lookups int) (inputs, error) {
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		return inputs{}, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close(ctx)
	var in inputs
	err = conn.QueryRow(ctx, "SELECT (SELECT count(*) FROM standards), (SELECT count(*) FROM standard_transitions), current_setting('server_version')").
		Scan(&in.Standards, &in.Transitions, &in.PGVersion)
	if err != nil {
		return inputs{}, fmt.Errorf("count rows: %w", err)
	}
	if in.Standards == 0 {
		return inputs{}, errors.New("the database holds no standards: fill it with `stdreg generate --standards N` first")
	}

	rows, err := conn.Query(ctx, `SELECT code, normalized_code FROM standards
		WHERE stage = 'published' AND code <> '' ORDER BY random() LIMIT $1`, lookups)
	if err != nil {
		return inputs{}, fmt.Errorf("pick numbers: %w", err)
	}
	in.Lookups, err = pgx.CollectRows(rows, pgx.RowToStructByPos[number])
	if err != nil {
		return inputs{}, fmt.Errorf("pick numbers: %w", err)
	}
	if len(in.Lookups) == 0 {
		return inputs{}, errors.New("no published standard has a number")
	}

	err = conn.QueryRow(ctx, `SELECT title_zh FROM standards
		WHERE stage = 'published' AND char_length(title_zh) >= 8 AND title_zh !~ '[[:space:]]'
		ORDER BY title_zh = $1 DESC, id LIMIT 1`, preferredPhrase).Scan(&in.Phrase)
	if err != nil {
		return inputs{}, fmt.Errorf("pick a title: %w", err)
	}

	for _, w := range englishWords {
		var found bool
		err := conn.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM standards
			WHERE stage = 'published' AND lower(title_en) LIKE '%' || $1 || '%')`, w).Scan(&found)
		if err != nil {
			return inputs{}, fmt.Errorf("pick an English word: %w", err)
		}
		if found {
			in.Word = w
			break
		}
	}
	if in.Word == "" {
		return inputs{}, fmt.Errorf("no published English title holds any of %v", englishWords)
	}
	in.Prefix = in.Word[:min(len(in.Word), 5)]

	err = conn.QueryRow(ctx, `SELECT code, normalized_code FROM standards
		WHERE kind = 'local' AND stage = 'published' AND code LIKE 'DB33/T %'
		ORDER BY normalized_code = $1 DESC, id LIMIT 1`, preferredNumber).Scan(&in.Number.Code, &in.Number.Normalized)
	if err != nil {
		return inputs{}, fmt.Errorf("pick a local number: %w", err)
	}
	in.Variant = typedForm(in.Number.Code)
	return in, nil
}

// typedForm writes a number the way a user might type it: lower case,
// full-width slash, no spaces, a hyphen for the dash (DB33/T 2349—2021
// becomes db33／t2349-2021).
func typedForm(code string) string {
	return strings.NewReplacer(" ", "", "/", "／", "—", "-", "–", "-").Replace(strings.ToLower(code))
}
