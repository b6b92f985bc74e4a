// Package paging holds the shape of a keyset page, shared by every list the
// registry answers: the store fills a Page, the HTTP layer turns its Next
// cursor into an opaque page token (package pagetoken) and back.
package paging

// Cursor is the position of the last record of a page: its value of the sort
// key (Null when it has none) and its id.
type Cursor struct {
	Value string
	Null  bool
	ID    string
}

// Page is one page of a list; Next is nil on the last page.
type Page[T any] struct {
	Items []T
	Next  *Cursor
}
