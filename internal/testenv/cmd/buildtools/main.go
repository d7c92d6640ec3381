// Command buildtools builds the servers claimdesk's tests run that do not
// come from the system's packages, into the tools cache the tests use, and
// prints their paths. CI runs it once, with the cache kept between runs,
// so that no test waits for a build:
//
//	go run ./internal/testenv/cmd/buildtools
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/claimdesk/claimdesk/internal/testenv"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	path, err := testenv.BuildVersitygw(ctx)
	if err != nil {
		fmt.Fprintf(os.Stderr, "buildtools: %v\n", err)
		os.Exit(1)
	}
	fmt.Println(path)
}
