// Package standard is the registry's domain: what a standard is and the rules
// it obeys, with no storage, HTTP or configuration in it.
//
//   - Standard (standard.go) and Organization (organization.go) are the two
//     records. Prepare and Validate (validate.go, organization_validate.go)
//     normalize a record and check it field by field.
//   - Kind and Nature (kind.go) say who issues a standard and whether it binds.
//     The number itself is parsed by package stdcode.
//   - Stage and the procedure (stage.go, procedure.go) are the drafting stages
//     and the moves allowed between them (CanMove). Standard.Move
//     (transition.go) applies one move and records it as a Transition.
//   - Date and months (date.go, months.go) count calendar days and months
//     with no time zone. The drafting cycle and its targets (cycle.go,
//     cycle_rules.go, metrics.go) are measured with them.
//   - Filters, sorts and visibility of unapproved drafts are in query.go.
//     Text rules for every field a person types are in text.go.
//
// Errors are fault.Error values (package fault). Lists return paging.Page
// values (package paging). docs/domain.md explains the rules in prose.
package standard
