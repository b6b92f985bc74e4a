package main

import (
	"errors"
	"net"
	"net/http"
)

const nameFloor = "floor: net/http alone, the lookup's answer"

// startFloor serves body (as JSON) to every request with net/http alone:
// no Echo, no middleware, no registry, no database. Sent the lookup
// scenario's requests by the same wrk, it measures the floor that the
// sockets, HTTP parsing and the load generator set on this machine, under
// the server's own per-request work.
func startFloor(body []byte) (base string, stop func() error, err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body)
	})}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			panic(err) // the measured run would fail with connection errors anyway
		}
	}()
	return "http://" + ln.Addr().String(), srv.Close, nil
}
