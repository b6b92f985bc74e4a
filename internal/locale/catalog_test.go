package locale

import (
	"go/ast"
	"go/constant"
	"go/types"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"stdreg/internal/fault"
	"stdreg/internal/standard"
	"stdreg/internal/stdcode"

	"golang.org/x/tools/go/packages"
)

// formatArg is, for each function that makes a fault.Message, the position
// of its format argument.
var formatArg = map[string]int{
	"Msg":    0, // fault.Msg(format, args...)
	"Errorf": 1, // fault.Errorf(code, format, args...)
	"Field":  1, // fault.Field(field, format, args...)
	"Add":    1, // (*fault.FieldErrors).Add(field, format, args...)
}

const faultPath = "stdreg/internal/fault"

// messageFormats reads the module's source (tests left out) and returns
// every format a fault.Message is made from, with where it is made. A
// function that passes its own format parameter on (tabular.fileErrorf) is
// a maker too, as go vet's printf check infers wrappers. A format that is
// not a constant, or a Message written as a composite literal, is reported
// as a problem: neither could be found in the catalog.
func messageFormats(t *testing.T) (formats map[string]string, problems []string) {
	t.Helper()
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedSyntax | packages.NeedTypes | packages.NeedTypesInfo,
		Dir:  "../..",
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatalf("load the module: %v", err)
	}
	for _, p := range pkgs {
		for _, e := range p.Errors {
			t.Fatalf("load %s: %v", p.PkgPath, e)
		}
	}
	makers := map[string]int{} // a function's full name → its format's position
	for name, i := range formatArg {
		makers[faultPath+"."+name] = i
		makers["(*"+faultPath+".FieldErrors)."+name] = i
	}
	for grew := true; grew; { // wrappers of wrappers
		grew = false
		eachCall(pkgs, makers, func(p *packages.Package, fn *types.Func, call *ast.CallExpr, at int) {
			if i := paramIndex(p.TypesInfo, fn, call.Args[at]); i >= 0 {
				if _, ok := makers[fn.FullName()]; !ok {
					makers[fn.FullName()] = i
					grew = true
				}
			}
		})
	}
	formats = map[string]string{}
	eachCall(pkgs, makers, func(p *packages.Package, fn *types.Func, call *ast.CallExpr, at int) {
		format := call.Args[at]
		where := p.Fset.Position(format.Pos()).String()
		tv := p.TypesInfo.Types[format]
		switch {
		case tv.Value != nil && tv.Value.Kind() == constant.String:
			formats[constant.StringVal(tv.Value)] = where
			if p.PkgPath != faultPath {
				problems = append(problems, untranslatedArgs(p, call.Args[at+1:], constant.StringVal(tv.Value))...)
			}
		case paramIndex(p.TypesInfo, fn, format) < 0:
			problems = append(problems, where+": the format of a message must be a constant")
		}
	})
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			ast.Inspect(file, func(n ast.Node) bool {
				if call, ok := n.(*ast.CallExpr); ok && len(call.Args) > 1 {
					// An Echo error's message becomes a problem's detail,
					// which is said in the client's language only when it
					// is a fault.Message.
					if fn := callee(p.TypesInfo, call); fn != nil && fn.FullName() == "github.com/labstack/echo/v4.NewHTTPError" && !isMessage(p.TypesInfo.TypeOf(call.Args[1])) {
						problems = append(problems, p.Fset.Position(call.Pos()).String()+": give echo.NewHTTPError a fault.Msg")
					}
				}
				if lit, ok := n.(*ast.CompositeLit); ok && isMessage(p.TypesInfo.TypeOf(lit)) && len(lit.Elts) > 0 && p.PkgPath != faultPath {
					problems = append(problems, p.Fset.Position(lit.Pos()).String()+": make a message with fault.Msg, not a literal")
				}
				return true
			})
		}
	}
	return formats, problems
}

// eachCall calls do with every call of a maker in pkgs: the function the
// call is in (nil outside one) and the call's format argument.
func eachCall(pkgs []*packages.Package, makers map[string]int, do func(p *packages.Package, in *types.Func, call *ast.CallExpr, format int)) {
	for _, p := range pkgs {
		for _, file := range p.Syntax {
			for _, decl := range file.Decls {
				var in *types.Func
				if fd, ok := decl.(*ast.FuncDecl); ok {
					in, _ = p.TypesInfo.Defs[fd.Name].(*types.Func)
				}
				ast.Inspect(decl, func(n ast.Node) bool {
					call, ok := n.(*ast.CallExpr)
					if !ok {
						return true
					}
					if fn := callee(p.TypesInfo, call); fn != nil {
						if i, ok := makers[fn.FullName()]; ok && i < len(call.Args) {
							do(p, in, call, i)
						}
					}
					return true
				})
			}
		}
	}
}

// untranslatedArgs finds the arguments of a message that would reach the
// client in English whatever its language: an error's text (err.Error(),
// where the error itself may be a Message), or a string standing alone as
// the whole message ("%s").
func untranslatedArgs(p *packages.Package, args []ast.Expr, format string) []string {
	var out []string
	for _, a := range args {
		where := p.Fset.Position(a.Pos()).String()
		if call, ok := a.(*ast.CallExpr); ok {
			if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Error" && len(call.Args) == 0 {
				out = append(out, where+": pass the error, not its text, so that a Message in it is translated")
				continue
			}
		}
		if t, ok := p.TypesInfo.TypeOf(a).(*types.Basic); ok && t.Info()&types.IsString != 0 && format == "%s" && p.TypesInfo.Types[a].Value == nil {
			out = append(out, where+": a string as the whole message is never translated; make it a fault.Message")
		}
	}
	return out
}

// callee is the function call calls, when it names one.
func callee(info *types.Info, call *ast.CallExpr) *types.Func {
	var id *ast.Ident
	switch f := call.Fun.(type) {
	case *ast.Ident:
		id = f
	case *ast.SelectorExpr:
		id = f.Sel
	default:
		return nil
	}
	fn, _ := info.Uses[id].(*types.Func)
	return fn
}

// paramIndex is the position of e among fn's parameters when e is one of
// them, or -1.
func paramIndex(info *types.Info, fn *types.Func, e ast.Expr) int {
	id, ok := e.(*ast.Ident)
	if !ok || fn == nil {
		return -1
	}
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if params.At(i) == info.Uses[id] {
			return i
		}
	}
	return -1
}

func isMessage(t types.Type) bool {
	n, ok := t.(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == faultPath && n.Obj().Name() == "Message"
}

var verb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*\d*(\.\d+)?[a-zA-Z%]`)

// verbs lists a format's verbs without their explicit argument indexes,
// sorted, so that a translation that reorders its arguments still matches.
func verbs(format string) []string {
	var out []string
	for _, v := range verb.FindAllString(format, -1) {
		out = append(out, regexp.MustCompile(`\[\d+\]`).ReplaceAllString(v, ""))
	}
	slices.Sort(out)
	return out
}

func hasHan(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) >= 0
}

// TestEveryMessageIsTranslated walks every message the code can give a
// client and fails when one has no Chinese text, when a text does not take
// the same arguments, or when the catalog keeps a text no code uses.
func TestEveryMessageIsTranslated(t *testing.T) {
	formats, problems := messageFormats(t)
	for _, p := range problems {
		t.Error(p)
	}
	if len(formats) < 100 {
		t.Fatalf("found only %d message formats; the walk of the source is broken", len(formats))
	}
	if os.Getenv("LOCALE_LIST") != "" {
		for f := range formats {
			t.Logf("%q", f)
		}
	}
	for format, where := range formats {
		zh, ok := zhCN[format]
		switch {
		case !ok:
			t.Errorf("%s: no Chinese text for %q (add it to catalog_zh.go)", where, format)
		case !slices.Equal(verbs(format), verbs(zh)):
			t.Errorf("%q: the Chinese text %q takes other arguments", format, zh)
		case !hasHan(zh) && strings.ContainsFunc(verb.ReplaceAllString(format, ""), unicode.IsLetter):
			t.Errorf("%q: the Chinese text %q is not Chinese", format, zh)
		}
	}
	for format := range zhCN {
		if _, ok := formats[format]; !ok {
			t.Errorf("catalog_zh.go translates %q, which no code says any more", format)
		}
	}
}

// TestEveryTermIsNamed: each stage, kind and nature has its Chinese name,
// so that a message naming one reads whole in Chinese.
func TestEveryTermIsNamed(t *testing.T) {
	t.Parallel()
	for _, v := range standard.Stages {
		if zhStages[v] == "" {
			t.Errorf("stage %s has no Chinese name", v)
		}
	}
	for _, v := range standard.Kinds {
		if zhKinds[v] == "" {
			t.Errorf("kind %s has no Chinese name", v)
		}
	}
	for _, v := range standard.Natures {
		if zhNatures[v] == "" {
			t.Errorf("nature %s has no Chinese name", v)
		}
	}
	if got, want := Chinese.Say(fault.Msg("a standard in %s cannot move to %s; from %s it may move to %s", standard.StageProposal, standard.StagePublished, standard.StageProposal, "drafting, terminated")),
		"处于 proposal（立项申请）阶段的标准不能流转到 published（已发布）；从 proposal（立项申请）阶段只能流转到 drafting, terminated"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if got, want := English.Say(fault.Msg("%s is the number of a %s standard, but kind is %s", "DB33/T 2349—2021", stdcode.KindLocal, standard.KindNational)),
		"DB33/T 2349—2021 is the number of a local standard, but kind is national"; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
