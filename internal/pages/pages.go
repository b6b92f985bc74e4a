// Package pages serves the registry to people, in Chinese: the search page
// (/), one standard with its timeline and drafting cycle
// (/standards/{id}), and the auditors' dashboard (/audit). The pages are
// html/template rendered on the server, so search and reading work without
// JavaScript; the dashboard's charts are Apache ECharts, embedded with
// every other asset, so nothing is loaded from the internet.
//
// Every page shows what an anonymous reader of the API may see: it reads
// through the registry as the anonymous caller, whatever the request
// carries, so unapproved drafts never appear.
package pages

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"stdreg/internal/access"
	"stdreg/internal/fault"
	"stdreg/internal/locale"
	"stdreg/internal/pagetoken"
	"stdreg/internal/registry"
	"stdreg/internal/standard"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed assets
var assetFiles embed.FS

// contentPolicy lets the pages load only their own scripts, styles and
// images. Inline styles are allowed because ECharts' tooltips write them;
// scripts never run inline (chart data travel in application/json blocks).
const contentPolicy = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// Pages renders the pages from the registry.
type Pages struct {
	registry *registry.Service
	tokens   *pagetoken.Codec
	log      *slog.Logger
	views    map[string]*template.Template
}

// New parses the templates; tokens signs the search page's page tokens.
func New(reg *registry.Service, tokens *pagetoken.Codec, log *slog.Logger) (*Pages, error) {
	p := &Pages{registry: reg, tokens: tokens, log: log, views: map[string]*template.Template{}}
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFiles, "templates/layout.html")
	if err != nil {
		return nil, fmt.Errorf("page layout: %w", err)
	}
	for _, name := range []string{"search", "standard", "audit", "error"} {
		view, err := template.Must(base.Clone()).ParseFS(templateFiles, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("page %s: %w", name, err)
		}
		p.views[name] = view
	}
	return p, nil
}

// Paths are the routes Register adds: pages for people, not operations of
// the API, so the OpenAPI document leaves them out.
var Paths = []string{"/", "/standards/:id", "/audit", "/audit/download", "/assets/*"}

// Register adds the pages and their assets to e.
func (p *Pages) Register(e *echo.Echo) {
	assets, err := fs.Sub(assetFiles, "assets")
	if err != nil {
		panic(err) // the embedded directory is part of the binary
	}
	static := http.StripPrefix("/assets/", http.FileServer(http.FS(assets)))
	handlers := map[string]echo.HandlerFunc{
		"/":               p.page(p.search),
		"/standards/:id":  p.page(p.standard),
		"/audit":          p.audit,
		"/audit/download": p.page(p.auditDownload),
		"/assets/*": func(c echo.Context) error {
			c.Response().Header().Set("Cache-Control", "public, max-age=86400")
			static.ServeHTTP(c.Response(), c.Request())
			return nil
		},
	}
	for _, path := range Paths {
		e.GET(path, handlers[path])
	}
}

// view is what a handler renders: a template and its data.
type view struct {
	Name   string
	Status int
	Title  string
	Data   any
}

// page turns a handler into a route: anonymous reads, the pages' own
// content policy, and errors shown as pages rather than problems.
func (p *Pages) page(handler func(c echo.Context) (view, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		c.SetRequest(r.WithContext(access.WithCaller(r.Context(), access.Caller{})))
		v, err := handler(c)
		if err != nil {
			v = p.errorView(c, err)
		} else if v.Name == "" {
			return nil // the handler answered (a download)
		}
		return p.render(c, v)
	}
}

// render answers v, a whole page.
func (p *Pages) render(c echo.Context, v view) error {
	out, err := p.renderString(v.Name, v)
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set("Content-Security-Policy", contentPolicy)
	h.Set("Cache-Control", "no-cache")
	return c.HTMLBlob(cmpStatus(v.Status), []byte(out))
}

// renderString is the page of v.
func (p *Pages) renderString(name string, v view) (string, error) {
	var out bytes.Buffer
	if err := p.views[name].ExecuteTemplate(&out, "layout.html", v); err != nil {
		return "", fmt.Errorf("render %s: %w", name, err)
	}
	return out.String(), nil
}

func cmpStatus(s int) int {
	if s == 0 {
		return http.StatusOK
	}
	return s
}

// errorView explains a refused request in the page's words: a record not
// found, or a bad filter. Anything else is logged and shown as a failure.
func (p *Pages) errorView(c echo.Context, err error) view {
	var fe *fault.Error
	if errors.As(err, &fe) {
		switch fe.Code {
		case fault.CodeNotFound:
			return view{Name: "error", Status: http.StatusNotFound, Title: "未找到", Data: "没有找到这条记录，它可能不存在，或尚未公开。"}
		case fault.CodeInvalid:
			var msgs []string
			for _, f := range fe.Fields {
				msgs = append(msgs, f.Field+"："+locale.Chinese.Say(f.Message))
			}
			if len(msgs) == 0 {
				msgs = append(msgs, locale.Chinese.Say(fe.Message))
			}
			return view{Name: "error", Status: http.StatusBadRequest, Title: "查询条件有误", Data: strings.Join(msgs, "；")}
		case fault.CodeUnavailable:
			return view{Name: "error", Status: http.StatusServiceUnavailable, Title: "暂时无法访问", Data: "数据库暂时没有响应，请稍后再试。"}
		}
	}
	p.log.ErrorContext(c.Request().Context(), "page failed", "path", c.Request().URL.Path, "error", err)
	return view{Name: "error", Status: http.StatusInternalServerError, Title: "出错了", Data: "页面生成失败，请稍后再试。"}
}

// funcs are the templates' helpers.
var funcs = template.FuncMap{
	"kindName":        func(k standard.Kind) string { return kindNames[k] },
	"stageName":       func(s standard.Stage) string { return stageNames[s] },
	"natureName":      func(n standard.Nature) string { return natureNames[n] },
	"roleName":        func(r standard.ZhejiangRole) string { return roleNames[r] },
	"designationName": func(d standard.DesignationType) string { return designationNames[d] },
	"degreeName":      func(d standard.Degree) string { return degreeNames[d] },
	"date": func(d standard.Date) string {
		if d.IsZero() {
			return "—"
		}
		return d.String()
	},
	"days":        daysText,
	"deref":       func(b *bool) bool { return b != nil && *b },
	"derefF":      func(f *float64) float64 { return *f },
	"inc":         func(i int) int { return i + 1 },
	"sectionName": func(s string) string { return sectionNames[s] },
	"dec":         func(i int) int { return i - 1 },
	"number": func(f float64) string {
		if f == float64(int64(f)) {
			return fmt.Sprintf("%d", int64(f))
		}
		return fmt.Sprintf("%.1f", f)
	},
	"months":  func(m float64) string { return fmt.Sprintf("%.1f", m) },
	"percent": func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
}
