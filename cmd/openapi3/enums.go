package main

import (
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"stdreg/internal/access"
	"stdreg/internal/httpapi"
	"stdreg/internal/region"
	"stdreg/internal/standard"
	"stdreg/internal/tabular"
)

// namedEnum is a set of values the document lists in several places,
// under one schema name, so that a client generator makes one type of it
// (one Stage, not one per field and parameter).
type namedEnum struct {
	name        string
	description string
	values      []string
}

// namedEnums take their values from the code that decides them, so a new
// stage or kind reaches the document with its name.
func namedEnums() []namedEnum {
	return []namedEnum{
		{"Kind", "who issues a standard", strs(standard.Kinds)},
		{"Nature", "whether a standard binds: mandatory (GB, DB33), recommended (/T) or guidance (/Z)", strs(standard.Natures)},
		{"ZhejiangRole", "Zhejiang's part in drafting a national or international standard", strs(standard.ZhejiangRoles)},
		{"DesignationType", "a label granted to a standard: 浙江标准, 浙江制造, 领跑者", strs(standard.DesignationTypes)},
		{"Degree", "how closely a standard adopts an international one (GB/T 1.2)", strs(standard.Degrees)},
		{"Stage", "a stage of the drafting procedure, or of a standard's life after it", strs(standard.Stages)},
		{"OrganizationKind", "what kind of body an organization is", strs(standard.OrgKinds)},
		{"Role", "what an API key may do", strs(access.Roles)},
		{"FileFormat", "a bulk file's format", strs(tabular.Formats)},
		{"CycleEnd", "the move that ends a drafting cycle under the cycle rule", []string{string(standard.EndsWithApproval), string(standard.EndsWithPublication)}},
		{"ResourceType", "the kind of record an audit event is about", []string{"key", "organization", "standard", "plan", "project", "pilot", "technical_body"}},
		{"PilotKind", "what a standardization pilot covers: a city, a county or a domain", strs(standard.PilotKinds)},
		{"PilotLevel", "who approved a standardization pilot", strs(standard.PilotLevels)},
		{"PilotStatus", "where a standardization pilot stands", strs(standard.PilotStatuses)},
		{"BodyLevel", "the level of a standardization technical body: ISO and IEC, SAC, or Zhejiang's own", strs(standard.BodyLevels)},
		{"ProjectCategory", "how a science and technology programme classes a project: key generic technology (共性关键技术), application (应用类), other", strs(standard.ProjectCategories)},
		{"Include", "related records a read of standards may embed", httpapi.Includable},
		{"RegionLevel", "the tier of an administrative division of Zhejiang (GB/T 2260)", strs(region.Levels)},
		{"CycleWithinTarget", "finished drafting cycles that met (true) or missed (false) their target", strs([]standard.CycleWithin{standard.CycleWithinMet, standard.CycleWithinNot})},
		{"DownloadFormat", "the file a figure downloads as; JSON without", []string{"csv", "xlsx"}},
		{"IndicatorKey", "one of the figures a work plan sets a target for", strs(standard.Indicators)},
		{"TargetBound", "whether a figure must reach its target (at_least) or stay under it (at_most)", []string{"at_least", "at_most"}},
		{"ImportMode", "what an import does with a file that has bad rows: write nothing (all_or_nothing) or the good rows (skip_invalid)", []string{"all_or_nothing", "skip_invalid"}},
		{"ImportConflict", "what an import does with a row whose record is registered: leave it (skip) or change it (update)", []string{"skip", "update"}},
		{"StandardSort", "the order of a list of standards: a key, descending with a leading -; relevance only with q", standardSorts()},
	}
}

// standardSorts are the sort keys, each also descending but relevance.
func standardSorts() []string {
	var out []string
	for _, k := range standard.SortKeys {
		out = append(out, string(k))
		if k != standard.SortRelevance {
			out = append(out, "-"+string(k))
		}
	}
	return out
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// nameEnums replaces every inline enum whose values are a named enum's
// with a reference to one schema of that name. An inline enum that occurs
// more than once and has no name is an error: name it in namedEnums.
func nameEnums(doc *openapi3.T) error {
	byValues := map[string]namedEnum{}
	schemas := map[string]*openapi3.Schema{}
	for _, e := range namedEnums() {
		byValues[enumKey(e.values)] = e
		enum := make([]any, len(e.values))
		for i, v := range e.values {
			enum[i] = v
		}
		schemas[e.name] = &openapi3.Schema{Type: &openapi3.Types{"string"}, Enum: enum, Description: e.description}
	}
	unnamed := map[string][]string{}
	used := map[string]bool{}
	visit := func(where string, ref *openapi3.SchemaRef) *openapi3.SchemaRef {
		if ref == nil || ref.Ref != "" || ref.Value == nil || len(ref.Value.Enum) == 0 {
			return ref
		}
		values := make([]string, 0, len(ref.Value.Enum))
		for _, v := range ref.Value.Enum {
			values = append(values, fmt.Sprint(v))
		}
		e, ok := byValues[enumKey(values)]
		if !ok {
			unnamed[enumKey(values)] = append(unnamed[enumKey(values)], where)
			return ref
		}
		used[e.name] = true
		named := openapi3.NewSchemaRef("#/components/schemas/"+e.name, schemas[e.name])
		s := ref.Value
		if s.Description == "" && s.Default == nil && !s.Nullable {
			return named // a field's example of the value adds nothing to the named schema's list
		}
		// OpenAPI 3.0 ignores whatever stands beside a $ref, so a field's
		// own description, default or nullability wraps the reference.
		return openapi3.NewSchemaRef("", &openapi3.Schema{
			AllOf: openapi3.SchemaRefs{named}, Description: s.Description, Default: s.Default, Nullable: s.Nullable,
		})
	}
	var walk func(where string, ref *openapi3.SchemaRef) *openapi3.SchemaRef
	walk = func(where string, ref *openapi3.SchemaRef) *openapi3.SchemaRef {
		if ref == nil || ref.Value == nil || ref.Ref != "" {
			return ref
		}
		for name, p := range ref.Value.Properties {
			ref.Value.Properties[name] = walk(where+"."+name, p)
		}
		if ref.Value.Items != nil {
			ref.Value.Items = walk(where+"[]", ref.Value.Items)
		}
		for i, s := range ref.Value.AllOf {
			ref.Value.AllOf[i] = walk(where, s)
		}
		return visit(where, ref)
	}
	for name, s := range doc.Components.Schemas {
		doc.Components.Schemas[name] = walk(name, s)
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for _, p := range op.Parameters {
				if p.Value != nil && p.Value.Schema != nil {
					p.Value.Schema = walk(method+" "+path+" "+p.Value.Name, p.Value.Schema)
				}
			}
		}
	}
	for name := range used {
		doc.Components.Schemas[name] = openapi3.NewSchemaRef("", schemas[name])
	}
	var problems []string
	for key, places := range unnamed {
		if len(places) > 1 {
			sort.Strings(places)
			problems = append(problems, fmt.Sprintf("the enum [%s] is listed in %s: name it in cmd/openapi3/enums.go", key, strings.Join(places, ", ")))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("%s", strings.Join(problems, "; "))
	}
	return nil
}

func enumKey(values []string) string {
	v := slices.Clone(values)
	slices.Sort(v)
	return strings.Join(v, ",")
}
