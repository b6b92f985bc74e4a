package main

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// languages documents Accept-Language, which chooses the language of every
// problem and of an import's report, and puts the Content-Language header
// naming the language chosen on every answer said in it. It is done here
// rather than in each handler's annotations so that a new operation gets
// it too.
//
// The parameter is a component, described in the document's introduction,
// and listed only on the operation whose success is said in a language
// (the import, with its report): a header parameter on every operation
// would give each generated Go client method a params argument it lacks
// today (oapi-codegen), breaking every client already written.
func languages(doc *openapi3.T) {
	str := func() *openapi3.SchemaRef {
		return openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}})
	}
	accept := &openapi3.ParameterRef{Ref: "#/components/parameters/AcceptLanguage", Value: &openapi3.Parameter{
		Name: "Accept-Language", In: openapi3.ParameterInHeader, Schema: str(), Example: "zh-CN",
		Description: "The language of a problem's `title`, `detail` and field messages, and of an import report's " +
			"problems: Simplified Chinese for `zh`, `zh-CN`, `zh-Hans` (q-values weigh as usual), English otherwise. " +
			"Names, numbers, field names and enum values are never translated.",
	}}
	contentLanguage := str()
	contentLanguage.Value.Enum = []any{"en", "zh-CN"}
	header := &openapi3.HeaderRef{Ref: "#/components/headers/Content-Language", Value: &openapi3.Header{Parameter: openapi3.Parameter{
		Schema: contentLanguage, Description: "The language the problem or report is said in, as chosen from Accept-Language; answers that carry it also say `Vary: Accept-Language`.",
	}}}
	if doc.Components.Parameters == nil {
		doc.Components.Parameters = openapi3.ParametersMap{}
	}
	if doc.Components.Headers == nil {
		doc.Components.Headers = openapi3.Headers{}
	}
	doc.Components.Parameters["AcceptLanguage"] = &openapi3.ParameterRef{Value: accept.Value}
	doc.Components.Headers["Content-Language"] = &openapi3.HeaderRef{Value: header.Value}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				if resp.Value == nil || !saidInALanguage(resp.Value) {
					continue
				}
				if code == "200" { // a report
					op.Parameters = append(op.Parameters, accept)
				}
				if resp.Value.Headers == nil {
					resp.Value.Headers = openapi3.Headers{}
				}
				resp.Value.Headers["Content-Language"] = header
			}
		}
	}
}

// saidInALanguage reports whether a response's words follow
// Accept-Language: a problem, or an import's report.
func saidInALanguage(resp *openapi3.Response) bool {
	if resp.Content.Get("application/problem+json") != nil {
		return true
	}
	media := resp.Content.Get("application/json")
	return media != nil && media.Schema != nil && strings.HasSuffix(media.Schema.Ref, "/ImportReport")
}
