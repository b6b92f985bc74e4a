// Command openapi3 converts the Swagger 2.0 document that swag generates
// into the OpenAPI 3 document the service serves, and checks that the result
// is valid OpenAPI 3. `go generate ./api` runs it.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"

	"stdreg/internal/httpapi"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "openapi3:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("openapi3", flag.ContinueOnError)
	in := fs.String("in", "docs/swagger.json", "Swagger 2.0 input")
	out := fs.String("out", "api/openapi.json", "OpenAPI 3 output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	raw, err := os.ReadFile(*in)
	if err != nil {
		return fmt.Errorf("read %s: %w", *in, err)
	}
	var doc2 openapi2.T
	if err := json.Unmarshal(raw, &doc2); err != nil {
		return fmt.Errorf("decode %s: %w", *in, err)
	}
	doc3, err := openapi2conv.ToV3(&doc2)
	if err != nil {
		return fmt.Errorf("convert %s: %w", *in, err)
	}
	problemsAsProblemJSON(doc3)
	bearerAuth(doc3)
	problemExamples(doc3)
	if err := nameEnums(doc3); err != nil {
		return err
	}
	languages(doc3)
	if err := doc3.Validate(context.Background()); err != nil {
		return fmt.Errorf("the converted document is not valid OpenAPI 3: %w", err)
	}
	b, err := json.MarshalIndent(doc3, "", "  ")
	if err != nil {
		return fmt.Errorf("encode OpenAPI 3: %w", err)
	}
	if err := os.WriteFile(*out, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write %s: %w", *out, err)
	}
	return nil
}

// problemsAsProblemJSON gives each response its true media types: Swagger
// 2.0 lists media types per operation, so the conversion offers every
// response as every type. RFC 9457 problems (and the import's refusal,
// a problem with its report) are application/problem+json; files (a
// binary string: exports, templates) are the operation's file types; and
// everything else is application/json, a success beside the operation's
// file types when it has some (a figure that downloads as CSV or XLSX).
func problemsAsProblemJSON(doc *openapi3.T) {
	problems := map[string]bool{"#/components/schemas/Problem": true, "#/components/schemas/ImportRefused": true}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			fileUpload(op)
			for status, resp := range op.Responses.Map() {
				if resp.Value == nil || len(resp.Value.Content) == 0 {
					continue
				}
				var media *openapi3.MediaType
				for _, m := range resp.Value.Content {
					media = m
					break
				}
				if isFile(media.Schema) {
					files := openapi3.Content{}
					for contentType, m := range resp.Value.Content {
						if !strings.Contains(contentType, "json") || strings.Contains(contentType, "ndjson") {
							files[contentType] = m
						}
					}
					resp.Value.Content = files
					continue
				}
				contentType := "application/json"
				if media.Schema != nil && problems[media.Schema.Ref] {
					contentType = "application/problem+json"
				}
				content := openapi3.Content{contentType: media}
				if contentType == "application/json" && strings.HasPrefix(status, "2") {
					// A figure that also downloads (format=csv|xlsx): its
					// files beside its JSON.
					for other := range resp.Value.Content {
						if !strings.Contains(other, "json") {
							content[other] = openapi3.NewMediaType().WithSchema(&openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "binary"})
						}
					}
				}
				resp.Value.Content = content
			}
		}
	}
}

// fileUpload states that a request body sent as a file (a string in a
// media type other than JSON: an import) is the file's bytes.
func fileUpload(op *openapi3.Operation) {
	if op.RequestBody == nil || op.RequestBody.Value == nil {
		return
	}
	for contentType, m := range op.RequestBody.Value.Content {
		if strings.Contains(contentType, "json") && !strings.Contains(contentType, "ndjson") {
			continue
		}
		if m.Schema != nil && m.Schema.Value != nil && m.Schema.Value.Type.Is("string") {
			m.Schema = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "binary"})
		}
	}
}

// isFile reports whether a schema is a file's content.
func isFile(schema *openapi3.SchemaRef) bool {
	return schema != nil && schema.Value != nil && schema.Value.Type.Is("string") && schema.Value.Format == "binary"
}

// bearerAuth states the API key scheme as what it is in OpenAPI 3, HTTP
// bearer authentication (Swagger 2.0 can only say "an apiKey header"), and
// marks the operations where the key is optional — public reads, where a
// key only widens what the caller sees — with an empty alternative.
func bearerAuth(doc *openapi3.T) {
	const scheme = "BearerAuth"
	if ref, ok := doc.Components.SecuritySchemes[scheme]; ok && ref.Value != nil {
		ref.Value.Type, ref.Value.Scheme, ref.Value.BearerFormat = "http", "bearer", "stdreg API key"
		ref.Value.In, ref.Value.Name = "", ""
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if optional, _ := op.Extensions["x-auth-optional"].(bool); optional {
				delete(op.Extensions, "x-auth-optional")
				sec := openapi3.SecurityRequirements{{}, {scheme: []string{}}}
				op.Security = &sec
			}
		}
	}
}

// problemExamples gives each error response an example problem of its own
// status, with the response's description as the detail (swag can only
// give the Problem schema one example, a 400), and lists the problem types
// with their meaning on the schema's type field.
func problemExamples(doc *openapi3.T) {
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for code, resp := range op.Responses.Map() {
				status, err := strconv.Atoi(code)
				if err != nil || status < 400 || resp.Value == nil {
					continue
				}
				media := resp.Value.Content.Get("application/problem+json")
				if media == nil || media.Schema == nil || media.Schema.Ref != "#/components/schemas/Problem" {
					continue
				}
				detail := ""
				if resp.Value.Description != nil {
					detail = *resp.Value.Description
				}
				media.Example = asJSONValue(httpapi.ExampleProblem(status, detail))
			}
		}
	}
	problem := doc.Components.Schemas["Problem"]
	if problem == nil || problem.Value == nil || problem.Value.Properties["type"] == nil {
		return
	}
	var b strings.Builder
	b.WriteString("The kind of problem, one of:\n\n| status | type | meaning |\n|---|---|---|\n")
	for _, t := range httpapi.ProblemTypes() {
		fmt.Fprintf(&b, "| %d | `%s` | %s |\n", t.Status, t.Type, t.Meaning)
	}
	problem.Value.Properties["type"].Value.Description = b.String()
}

// asJSONValue is v as the document's validator reads an example: maps,
// slices and scalars, as decoded JSON.
func asJSONValue(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // a Problem always encodes
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return out
}
