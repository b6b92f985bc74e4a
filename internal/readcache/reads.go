package readcache

import (
	"context"

	"stdreg/internal/paging"
	"stdreg/internal/standard"
)

// GetStandard answers from memory when it can; a private draft is
// remembered like any record, since the registry decides who sees it after
// the read, on every call.
func (c *Store) GetStandard(ctx context.Context, id string) (standard.Standard, error) {
	return read(c, ctx, standardKey(id),
		func() (standard.Standard, error) { return c.inner.GetStandard(ctx, id) },
		cloneStandard, standardSize)
}

// GetStandardByCode answers from memory when it can.
func (c *Store) GetStandardByCode(ctx context.Context, normalized string) (standard.Standard, error) {
	return read(c, ctx, codeKey(normalized),
		func() (standard.Standard, error) { return c.inner.GetStandardByCode(ctx, normalized) },
		cloneStandard, standardSize)
}

// ReplacedBy answers from memory when it can.
func (c *Store) ReplacedBy(ctx context.Context, codes []string) (map[string][]string, error) {
	k := newKey("replaced_by")
	for _, code := range codes {
		k = k.str(code)
	}
	return read(c, ctx, k.String(),
		func() (map[string][]string, error) { return c.inner.ReplacedBy(ctx, codes) },
		cloneReplacedBy, replacedBySize)
}

// GetStandardEditions answers from memory when it can.
func (c *Store) GetStandardEditions(ctx context.Context, undated, editionPrefix string) ([]standard.Standard, error) {
	return read(c, ctx, editionsKey(undated, editionPrefix),
		func() ([]standard.Standard, error) { return c.inner.GetStandardEditions(ctx, undated, editionPrefix) },
		cloneStandards, standardsSize)
}

// ListStandards answers from memory when it can. Who may see drafts is
// part of the query (Filter.Visible), hence of the key.
func (c *Store) ListStandards(ctx context.Context, q standard.ListQuery) (paging.Page[standard.Standard], error) {
	return read(c, ctx, listKey(q),
		func() (paging.Page[standard.Standard], error) { return c.inner.ListStandards(ctx, q) },
		clonePage, pageSize)
}

// Facets answers from memory when it can.
func (c *Store) Facets(ctx context.Context, f standard.Filter, names []string) (map[string][]standard.FacetCount, error) {
	return read(c, ctx, facetsKey(f, names),
		func() (map[string][]standard.FacetCount, error) { return c.inner.Facets(ctx, f, names) },
		cloneFacets, facetsSize)
}
