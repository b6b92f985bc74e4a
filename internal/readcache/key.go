package readcache

import (
	"strconv"
	"strings"

	"stdreg/internal/standard"
)

// Keys name a read and every input that shapes its answer, each field
// written explicitly (key_test.go checks by reflection that no field of the
// queries is left out). Strings are length-prefixed, so no value can run
// into the next field and make two queries share a key.

func standardKey(id string) string { return newKey("standard").str(id).String() }

func codeKey(normalized string) string { return newKey("code").str(normalized).String() }

func editionsKey(undated, editionPrefix string) string {
	return newKey("editions").str(undated).str(editionPrefix).String()
}

func listKey(q standard.ListQuery) string {
	k := newKey("list").filter(q.Filter).str(string(q.Sort.Key)).flag(q.Sort.Desc)
	if q.After == nil {
		k = k.flag(false)
	} else {
		k = k.flag(true).str(q.After.Value).flag(q.After.Null).str(q.After.ID)
	}
	return k.num(q.Limit).String()
}

func facetsKey(f standard.Filter, names []string) string {
	k := newKey("facets").filter(f).num(len(names))
	for _, n := range names {
		k = k.str(n)
	}
	return k.String()
}

type keyBuilder struct{ b *strings.Builder }

func newKey(method string) keyBuilder {
	k := keyBuilder{b: new(strings.Builder)}
	k.b.Grow(96)
	return k.str(method)
}

func (k keyBuilder) String() string { return k.b.String() }

func (k keyBuilder) str(s string) keyBuilder {
	k.b.WriteString(strconv.Itoa(len(s)))
	k.b.WriteByte(':')
	k.b.WriteString(s)
	return k
}

func (k keyBuilder) num(n int) keyBuilder {
	k.b.WriteString(strconv.Itoa(n))
	k.b.WriteByte(';')
	return k
}

func (k keyBuilder) flag(b bool) keyBuilder {
	if b {
		k.b.WriteByte('T')
	} else {
		k.b.WriteByte('F')
	}
	return k
}

func (k keyBuilder) roles(rs []standard.ZhejiangRole) keyBuilder {
	k = k.num(len(rs))
	for _, r := range rs {
		k = k.str(string(r))
	}
	return k
}

func (k keyBuilder) date(d standard.Date) keyBuilder {
	return k.num(d.Year).num(int(d.Month)).num(d.Day)
}

func (k keyBuilder) filter(f standard.Filter) keyBuilder {
	return k.str(f.Q).str(string(f.Kind)).str(string(f.Stage)).str(string(f.Nature)).
		str(string(f.Designation)).roles(f.ZhejiangRoles).str(f.OrganizationID).
		str(f.Region).str(f.ICS).str(f.TechnicalCommittee).
		date(f.PublishedFrom).date(f.PublishedTo).date(f.ApprovedFrom).date(f.ApprovedTo).
		num(f.DesignatedFrom).num(f.DesignatedTo).str(f.City).date(f.CycleEndedFrom).date(f.CycleEndedTo).str(string(f.CycleWithin)).
		flag(f.Visible.AllDrafts).str(f.Visible.DraftsOf).str(f.Rules.String())
}
