package store_test

import (
	"os"
	"testing"

	"stdreg/internal/store/storetest"
)

// TestMain lends the tests pooled PostgreSQL databases (storetest.Main).
func TestMain(m *testing.M) { os.Exit(storetest.Main(m)) }
