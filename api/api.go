// Package api holds the service's OpenAPI 3 document, generated from the
// handlers' swag annotations and embedded in the binary.
//
// Regenerate it after changing a handler or an API type:
//
//	go generate ./api
package api

import _ "embed"

//go:generate go tool swag init --quiet --generalInfo doc.go --dir ../internal/httpapi --output ../docs --outputTypes json,yaml --parseDependencyLevel 0 --requiredByDefault
//go:generate go run ../cmd/openapi3 -in ../docs/swagger.json -out openapi.json

// OpenAPI is the OpenAPI 3 document, served at /openapi.json.
//
//go:embed openapi.json
var OpenAPI []byte
