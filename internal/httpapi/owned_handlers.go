package httpapi

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"stdreg/internal/registry"
)

// ownedResource is how the API shows one kind of record an organization
// owns (projects, pilots, technical bodies), whose handlers differ only in
// their types and their documentation: In is the request body, Out the
// answer.
type ownedResource[T, In, Out any] struct {
	path     string // the collection's path, with its trailing slash
	toRecord func(In) (T, error)
	toInput  func(T) In
	toOut    func(T) Out
	// marks reads the record's id and version; keep gives a patched
	// record current's id, creation and version.
	marks func(T) (string, int64)
	keep  func(next *T, current T)
}

// createOwned registers the record a POST's body holds: 201 with its
// Location and ETag.
func createOwned[T, In, Out any](c echo.Context, r ownedResource[T, In, Out], create func(context.Context, T) (T, error)) error {
	var in In
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	rec, err := r.toRecord(in)
	if err != nil {
		return err
	}
	created, err := create(c.Request().Context(), rec)
	if err != nil {
		return err
	}
	id, version := r.marks(created)
	c.Response().Header().Set(echo.HeaderLocation, r.path+id)
	setETag(c, version)
	return c.JSON(http.StatusCreated, r.toOut(created))
}

// getOwned answers one record, or 304 while If-None-Match names its
// version.
func getOwned[T, In, Out any](c echo.Context, r ownedResource[T, In, Out], get func(context.Context, string) (T, error)) error {
	rec, err := get(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	_, version := r.marks(rec)
	setETag(c, version)
	if done, err := notModified(c, version); done {
		return err
	}
	return c.JSON(http.StatusOK, r.toOut(rec))
}

// patchOwned applies a JSON merge patch to the record's current state,
// under If-Match.
func patchOwned[T, In, Out any](c echo.Context, r ownedResource[T, In, Out],
	update func(context.Context, string, registry.Precondition, func(T) (T, error)) (T, error)) error {
	patch, err := readBody(c, "application/merge-patch+json", echo.MIMEApplicationJSON)
	if err != nil {
		return err
	}
	updated, err := update(c.Request().Context(), c.Param("id"), ifMatch(c), func(current T) (T, error) {
		in, err := applyMergePatch(r.toInput(current), patch, readOnlyResourceFields)
		if err != nil {
			var zero T
			return zero, err
		}
		next, err := r.toRecord(in)
		if err != nil {
			var zero T
			return zero, err
		}
		r.keep(&next, current)
		return next, nil
	})
	if err != nil {
		return err
	}
	_, version := r.marks(updated)
	setETag(c, version)
	return c.JSON(http.StatusOK, r.toOut(updated))
}

// deleteOwned deletes the record under If-Match: 204.
func deleteOwned(c echo.Context, del func(context.Context, string, registry.Precondition) error) error {
	if err := del(c.Request().Context(), c.Param("id"), ifMatch(c)); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
