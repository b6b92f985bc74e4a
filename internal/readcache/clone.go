package readcache

import (
	"maps"
	"slices"

	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// Cached values are shared by every request that reads them, and a
// standard holds slices: each caller gets its own copy, so appending to or
// sorting what it got cannot change what the next caller gets. Copies keep
// nil slices nil, as the store returned them.

func cloneStandard(s standard.Standard) standard.Standard {
	s.ICS = slices.Clone(s.ICS)
	s.Designations = slices.Clone(s.Designations)
	s.Replaces = slices.Clone(s.Replaces)
	s.ReplacedBy = slices.Clone(s.ReplacedBy)
	s.Adopts = slices.Clone(s.Adopts)
	s.DraftingUnits = slices.Clone(s.DraftingUnits)
	return s
}

func cloneStandards(list []standard.Standard) []standard.Standard {
	out := make([]standard.Standard, len(list))
	for i, s := range list {
		out[i] = cloneStandard(s)
	}
	return out
}

func clonePage(p paging.Page[standard.Standard]) paging.Page[standard.Standard] {
	out := paging.Page[standard.Standard]{Items: slices.Clone(p.Items)}
	for i, s := range out.Items {
		out.Items[i] = cloneStandard(s)
	}
	if p.Next != nil {
		next := *p.Next
		out.Next = &next
	}
	return out
}

func cloneFacets(f map[string][]standard.FacetCount) map[string][]standard.FacetCount {
	out := maps.Clone(f)
	for name, counts := range out {
		out[name] = slices.Clone(counts)
	}
	return out
}

func cloneReplacedBy(m map[string][]string) map[string][]string {
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
