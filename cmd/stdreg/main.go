// Command stdreg is the Zhejiang standards registry: `stdreg serve` (also a
// bare `stdreg`) serves the HTTP API, `stdreg migrate` brings the database
// schema up to date.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "stdreg:", err)
		os.Exit(1)
	}
}

// run is the whole program; main only wires the process to it, so tests can
// run the service end to end.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cmd := rootCommand(getenv, stdout, stderr)
	cmd.SetArgs(args)
	return cmd.ExecuteContext(ctx)
}
