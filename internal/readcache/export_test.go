package readcache

import "slices"

// Invalidating names the methods methods.go classes as invalidating, in
// order, for the tests outside the package.
func Invalidating() []string {
	var names []string
	for name, k := range methods {
		if k == invalidating {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}
