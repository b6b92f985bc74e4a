package readcache

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"stdreg/internal/registry"
)

// TestEveryMethodIsClassified: each method of registry.Store has a kind in
// methods.go, and each entry there is a method of registry.Store. A method
// added to the interface without a decision fails here (and, until Store
// writes it out, does not compile).
func TestEveryMethodIsClassified(t *testing.T) {
	t.Parallel()
	iface := reflect.TypeFor[registry.Store]()
	for i := range iface.NumMethod() {
		name := iface.Method(i).Name
		switch k, ok := methods[name]; {
		case !ok:
			t.Errorf("registry.Store.%s is not in methods (methods.go): decide whether the cache keeps its answers (cached), "+
				"counts it as a write (invalidating), or lets it through (pass-through)", name)
		case k < cached || k > passThrough:
			t.Errorf("methods[%q] is %d, not a kind", name, k)
		}
	}
	for name := range methods {
		if _, ok := iface.MethodByName(name); !ok {
			t.Errorf("methods names %s, which registry.Store does not have", name)
		}
	}
}

// bare is a registry.Store with no methods of its own: a call that reaches
// it panics on the nil interface inside.
type bare struct{ registry.Store }

// askedChanges counts how often the cache asks for the store's generation,
// which it does for every read it may answer from memory.
type askedChanges struct{ asked int }

func (a *askedChanges) Generation(context.Context) (uint64, bool) {
	a.asked++
	return 1, true
}

// TestMethodsDoWhatTheirKindSays calls every method once, with zero
// arguments, on a cache over a store that has none: each must reach the
// store, a cached one having asked for the stamp first (it goes through
// read), an invalidating one having counted a write even though the store
// failed (the count is deferred), and a pass-through one having done
// neither.
func TestMethodsDoWhatTheirKindSays(t *testing.T) {
	t.Parallel()
	for name, kind := range methods {
		t.Run(name, func(t *testing.T) {
			changes := &askedChanges{}
			c := Wrap(bare{}, changes, Options{MaxBytes: 1 << 20}).(*Store)
			method := reflect.ValueOf(c).MethodByName(name)
			if !method.IsValid() {
				t.Fatalf("*Store has no method %s", name)
			}
			if reached := callWithZeros(method); !reached {
				t.Errorf("%s did not reach the inner store", name)
			}
			asked, wrote := changes.asked > 0, c.writes.Load() > 0
			if want := kind == cached; asked != want {
				t.Errorf("%s (%s) asked for the stamp: %v, want %v", name, kind, asked, want)
			}
			if want := kind == invalidating; wrote != want {
				t.Errorf("%s (%s) counted a write: %v, want %v", name, kind, wrote, want)
			}
		})
	}
}

// callWithZeros calls method with a background context and the zero value
// of each other argument, and reports whether it reached a bare store
// (which panics on a nil interface; a cached read's panic comes back from
// singleflight wrapped, with the runtime's message in it).
func callWithZeros(method reflect.Value) (reached bool) {
	typ := method.Type()
	args := make([]reflect.Value, typ.NumIn())
	for i := range args {
		args[i] = reflect.Zero(typ.In(i))
		if typ.In(i) == reflect.TypeFor[context.Context]() {
			args[i] = reflect.ValueOf(context.Background())
		}
	}
	defer func() {
		r := recover()
		reached = r != nil && strings.Contains(fmt.Sprint(r), "nil pointer dereference")
	}()
	method.Call(args)
	return false
}
