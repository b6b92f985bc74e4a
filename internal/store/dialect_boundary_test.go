package store

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestOnlyTheDialectAsksWhichDatabase keeps every difference between the
// databases a method of the dialect: outside dialect*.go the store may
// print the dialect's name, never compare it. A branch on the name is how
// differences leaked before (issue 13).
func TestOnlyTheDialectAsksWhichDatabase(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, file := range files {
		if strings.HasPrefix(file, "dialect") || strings.HasSuffix(file, "_test.go") {
			continue
		}
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		f, err := parser.ParseFile(fset, file, src, 0)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		ast.Inspect(f, func(n ast.Node) bool {
			cmp, ok := n.(*ast.BinaryExpr)
			if !ok || (cmp.Op != token.EQL && cmp.Op != token.NEQ) {
				return true
			}
			for _, side := range []ast.Expr{cmp.X, cmp.Y} {
				if isNameCall(side) {
					t.Errorf("%s: compares the dialect's name; make the difference a method of the dialect", fset.Position(cmp.Pos()))
				}
			}
			return true
		})
		// A switch on the name is a comparison too.
		ast.Inspect(f, func(n ast.Node) bool {
			if sw, ok := n.(*ast.SwitchStmt); ok && sw.Tag != nil && isNameCall(sw.Tag) {
				t.Errorf("%s: switches on the dialect's name; make the difference a method of the dialect", fset.Position(sw.Pos()))
			}
			return true
		})
	}
	if checked < 20 {
		t.Fatalf("checked %d files; is the test running in the store's folder?", checked)
	}
}

// isNameCall reports whether e is a call of a method called name with no
// arguments (s.dialect.name()).
func isNameCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "name"
}
