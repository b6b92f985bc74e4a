package readcache

import (
	"unsafe"

	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// The cache is bounded by an estimate of the bytes its answers hold: the
// fixed size of each value plus the bytes its strings and slices point to.
// It leaves out allocator rounding and the map's buckets, so it errs low by
// a modest factor; it is a bound to size by, not an exact account.

// entryOverhead is an entry's own bytes and the cache's node for it.
const entryOverhead = int(unsafe.Sizeof(entry{})) + 64

func standardSize(s standard.Standard) int {
	n := int(unsafe.Sizeof(s))
	n += len(s.ID) + len(s.Code) + len(s.NormalizedCode) + len(s.Kind) + len(s.Nature) +
		len(s.TitleZH) + len(s.TitleEN) + len(s.Stage) + len(s.CCS) + len(s.ZhejiangRole) +
		len(s.OrganizationID) + len(s.TechnicalCommittee) + len(s.FilingNumber) + len(s.Region)
	n += stringsSize(s.ICS) + stringsSize(s.Replaces) + stringsSize(s.ReplacedBy) + stringsSize(s.DraftingUnits)
	for _, d := range s.Designations {
		n += int(unsafe.Sizeof(d)) + len(d.Type) + len(d.Reference)
	}
	for _, a := range s.Adopts {
		n += int(unsafe.Sizeof(a)) + len(a.Code) + len(a.Degree)
	}
	return n
}

func standardsSize(list []standard.Standard) int {
	n := 24
	for _, s := range list {
		n += standardSize(s)
	}
	return n
}

func pageSize(p paging.Page[standard.Standard]) int {
	n := int(unsafe.Sizeof(p))
	for _, s := range p.Items {
		n += standardSize(s)
	}
	if p.Next != nil {
		n += int(unsafe.Sizeof(*p.Next)) + len(p.Next.Value) + len(p.Next.ID)
	}
	return n
}

func facetsSize(f map[string][]standard.FacetCount) int {
	n := 48 // the map's header
	for name, counts := range f {
		n += len(name) + 16 + 24 // key bytes, string and slice headers
		for _, c := range counts {
			n += int(unsafe.Sizeof(c)) + len(c.Value)
		}
	}
	return n
}

func stringsSize(ss []string) int {
	n := 0
	for _, s := range ss {
		n += int(unsafe.Sizeof(s)) + len(s)
	}
	return n
}

func replacedBySize(m map[string][]string) int {
	n := 48
	for k, v := range m {
		n += 16 + len(k) + stringsSize(v)
	}
	return n
}
