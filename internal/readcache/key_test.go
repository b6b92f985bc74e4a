package readcache

import (
	"fmt"
	"reflect"
	"testing"

	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// TestListKeyTellsEveryFieldApart changes one field of a full ListQuery at
// a time, found by reflection, so a field added to the query (or to its
// Filter, Sort, Cursor or Visibility) and forgotten in listKey fails here
// instead of serving one query's answer to another.
func TestListKeyTellsEveryFieldApart(t *testing.T) {
	t.Parallel()
	base := standard.ListQuery{}
	n := 0
	fill(t, reflect.ValueOf(&base).Elem(), "ListQuery", &n)

	keys := map[string]string{listKey(base): "the full query"}
	check := func(name string, q standard.ListQuery) {
		t.Helper()
		k := listKey(q)
		if other, dup := keys[k]; dup {
			t.Errorf("%s has the same key as %s: %q", name, other, k)
		}
		keys[k] = name
	}
	paths := leafPaths(reflect.TypeFor[standard.ListQuery](), nil, "ListQuery")
	if len(paths) < 20 {
		t.Fatalf("found %d fields; the walk is missing some", len(paths))
	}
	for _, p := range paths {
		q := copyQuery(base)
		leaf := at(reflect.ValueOf(&q).Elem(), p.index)
		leaf.Set(reflect.Zero(leaf.Type()))
		check(p.name+" cleared", q)
	}
	q := copyQuery(base)
	q.After = nil
	check("ListQuery.After nil", q)
}

// TestFacetsKeyTellsEveryFieldApart does the same for Facets' filter.
func TestFacetsKeyTellsEveryFieldApart(t *testing.T) {
	t.Parallel()
	base := standard.Filter{}
	n := 0
	fill(t, reflect.ValueOf(&base).Elem(), "Filter", &n)
	names := []string{"kind", "year"}
	keys := map[string]string{facetsKey(base, names): "the full filter"}
	for _, p := range leafPaths(reflect.TypeFor[standard.Filter](), nil, "Filter") {
		f := base
		leaf := at(reflect.ValueOf(&f).Elem(), p.index)
		leaf.Set(reflect.Zero(leaf.Type()))
		k := facetsKey(f, names)
		if other, dup := keys[k]; dup {
			t.Errorf("%s cleared has the same key as %s", p.name, other)
		}
		keys[k] = p.name
	}
}

// TestKeysDoNotRunTogether: values that would read the same if fields
// were simply concatenated get different keys.
func TestKeysDoNotRunTogether(t *testing.T) {
	t.Parallel()
	tea := standard.Filter{Q: "茶叶"}
	for _, tc := range []struct {
		name string
		a, b string
	}{
		{"q or kind", listKey(standard.ListQuery{Filter: tea}), listKey(standard.ListQuery{Filter: standard.Filter{Kind: "茶叶"}})},
		{"q or region", listKey(standard.ListQuery{Filter: standard.Filter{Q: "330100"}}), listKey(standard.ListQuery{Filter: standard.Filter{Region: "330100"}})},
		{"cursor value or id", listKey(standard.ListQuery{After: &paging.Cursor{Value: "DB33/T 1234-2024", ID: "x"}}),
			listKey(standard.ListQuery{After: &paging.Cursor{Value: "DB33/T 1234-2024x"}})},
		{"no cursor or an empty one", listKey(standard.ListQuery{}), listKey(standard.ListQuery{After: &paging.Cursor{}})},
		{"an empty cursor value or a null one", listKey(standard.ListQuery{After: &paging.Cursor{}}), listKey(standard.ListQuery{After: &paging.Cursor{Null: true}})},
		{"drafts of an organization or of all", listKey(standard.ListQuery{Filter: standard.Filter{Visible: standard.Visibility{DraftsOf: "0190"}}}),
			listKey(standard.ListQuery{Filter: standard.Filter{Visible: standard.Visibility{AllDrafts: true}}})},
		{"public or an organization's drafts too", listKey(standard.ListQuery{Filter: tea}),
			listKey(standard.ListQuery{Filter: standard.Filter{Q: "茶叶", Visible: standard.Visibility{DraftsOf: "0190"}}})},
		{"facet names split differently", facetsKey(tea, []string{"kind", "stage"}), facetsKey(tea, []string{"kindstage"})},
		{"facets or a list", facetsKey(tea, nil), listKey(standard.ListQuery{Filter: tea})},
		{"id or number", standardKey("DB33/T 1234-2024"), codeKey("DB33/T 1234-2024")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.a == tc.b {
				t.Errorf("both have the key %q", tc.a)
			}
		})
	}
}

type leafPath struct {
	name  string
	index []int
}

// leafPaths lists the fields of t that hold values, descending into
// structs and pointers to structs.
func leafPaths(t reflect.Type, index []int, name string) []leafPath {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || t == reflect.TypeFor[standard.CycleRules]() {
		return []leafPath{{name: name, index: index}}
	}
	var out []leafPath
	for i := range t.NumField() {
		f := t.Field(i)
		out = append(out, leafPaths(f.Type, append(append([]int(nil), index...), i), name+"."+f.Name)...)
	}
	return out
}

// at follows index from v through structs and pointers.
func at(v reflect.Value, index []int) reflect.Value {
	for _, i := range index {
		if v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		v = v.Field(i)
	}
	return v
}

// fill gives every field of v a distinct value other than its zero value.
// A field of a kind it does not know fails the test: listKey and this test
// both need to learn about it.
func fill(t *testing.T, v reflect.Value, name string, n *int) {
	t.Helper()
	*n++
	if v.Type() == reflect.TypeFor[standard.CycleRules]() { // a value whose fields are its own
		rules, err := standard.ParseCycleRules(fmt.Sprintf("local=%d:published", *n))
		if err != nil {
			t.Fatal(err)
		}
		v.Set(reflect.ValueOf(rules))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(t, v.Field(i), name+"."+v.Type().Field(i).Name, n)
		}
	case reflect.Slice: // one element, itself filled
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(t, v.Index(0), name+"[0]", n)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(t, v.Elem(), name, n)
	case reflect.String:
		v.SetString(fmt.Sprintf("值%d", *n))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(*n))
	case reflect.Bool:
		v.SetBool(true)
	default:
		t.Fatalf("%s is a %s: teach listKey (and this test) about it", name, v.Kind())
	}
}

// copyQuery copies q deeply enough to change any field of the copy.
func copyQuery(q standard.ListQuery) standard.ListQuery {
	if q.After != nil {
		after := *q.After
		q.After = &after
	}
	return q
}
