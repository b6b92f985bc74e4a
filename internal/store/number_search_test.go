package store_test

import (
	"context"
	"slices"
	"testing"

	"github.com/google/uuid"

	"stdreg/internal/generate"
	"stdreg/internal/search"
	"stdreg/internal/standard"
	"stdreg/internal/store/storetest"
)

// TestNumberPrefixIsLike: the numbers a typed number begins select the
// same standards as LIKE 'prefix%' did, on SQLite now a range that its
// index serves: every stored normalized number is upper-case ASCII, as
// every prefix asked is.
func TestNumberPrefixIsLike(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 600, Organizations: 40, Seed: 21, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		for _, prefix := range []string{
			"DB33/T", "DB33/T 1", "DB33/T 12", "DB3301/T", "GB/T 1.1", "GB/T", "GB", "T/ZZB", "T/ZZB 0", "Q/",
			"ISO 4210-2", "ISO", "IEC 60335-1:", "JB/T 10000-2018", "Z", "DB33/T 9", "DB33/T 99999",
		} {
			want, err := db.Store.NumberPrefixIDs(ctx, prefix, true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.Store.NumberPrefixIDs(ctx, prefix, false)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q: %d standards, LIKE finds %d", prefix, len(got), len(want))
			}
		}
	})
}

// TestWordPrefixesRowByRow: the prefix words of a number tested on each
// row select the standards the index finds for them, in the name and in
// the whole text, Latin words with a diacritic included. On the same
// registry, the dialect's test that a folded text holds a literal selects
// what LIKE selects (containsIsLike).
func TestWordPrefixesRowByRow(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db storetest.Database) {
		if _, err := generate.Run(ctx, db.Config, generate.Config{Standards: 600, Organizations: 40, Seed: 21, Until: standard.Date{Year: 2026, Month: 6, Day: 30}}); err != nil {
			t.Fatal(err)
		}
		for i, title := range []string{"Téa café — évaluation", "Ťea processing, GB/T 20000.1 part", "Tea 10% moisture_max \\ path"} {
			st := teaStandard()
			st.ID, st.TitleEN = uuid.Must(uuid.NewV7()).String(), title
			st.Code, st.NormalizedCode = []string{"DB33/T 8501—2024", "DB33/T 8502—2024", "DB33/T 8503—2024"}[i], []string{"DB33/T 8501-2024", "DB33/T 8502-2024", "DB33/T 8503-2024"}[i]
			register(t, db, st)
		}
		containsIsLike(t, db)
		for _, prefixes := range [][]string{
			{"db33", "t"}, {"t"}, {"q"}, {"gb", "t"}, {"20000.1"}, {"1"}, {"tea"}, {"cafe"}, {"eval"},
			{"iso"}, {"iec", "60335"}, {"zzb"}, {"2024"}, {"db3301"}, {"nothing"},
		} {
			for _, inName := range []bool{true, false} {
				want, err := db.Store.PrefixMatchIDs(ctx, prefixes, inName, false)
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.Store.PrefixMatchIDs(ctx, prefixes, inName, true)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%q, name only %v: %d standards row by row, the index finds %d", prefixes, inName, len(got), len(want))
				}
			}
		}
	})
}

// containsIsLike: the dialect's test that a folded text holds a literal
// (instr on SQLite) selects the standards LIKE selects, for words,
// phrases, LIKE's own characters and Latin text, in the name and in the
// whole text.
func containsIsLike(t *testing.T, db storetest.Database) {
	t.Helper()
	ctx := context.Background()
	nonEmpty := 0
	for _, literal := range []string{
		"茶叶", "技术", "规范", "技术规范", "电动自行", "鬣鼋", "茶 叶", "db33/t", "t/zzb", "db33", "gb/t 1",
		"%", "_", "%_", "茶%", "10%", "moisture_max", "\\", "tea", "téa", "te", "e", " ", "\n", "",
	} {
		for _, inName := range []bool{true, false} {
			want, err := db.Store.ContainsIDs(ctx, search.Fold(literal), inName, true)
			if err != nil {
				t.Fatal(err)
			}
			got, err := db.Store.ContainsIDs(ctx, search.Fold(literal), inName, false)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Errorf("%q (in the name %v): %d standards, LIKE finds %d", literal, inName, len(got), len(want))
			}
			if len(want) > 0 {
				nonEmpty++
			}
		}
	}
	if nonEmpty < 20 {
		t.Errorf("only %d of the literals found anything: the test compares empty sets", nonEmpty)
	}
}
