package httpapi

import (
	"stdreg/internal/locale"
	"stdreg/internal/registry"
)

// ImportReport is what an import did, row by row.
type ImportReport struct {
	DryRun    bool `json:"dry_run"`   // checked and rolled back
	Written   bool `json:"written"`   // the changes are stored
	Rows      int  `json:"rows"`      // data rows read
	Created   int  `json:"created"`   // records registered (standards, or the projects, pilots or bodies imported)
	Updated   int  `json:"updated"`   // records changed (on_conflict=update)
	Unchanged int  `json:"unchanged"` // registered already and left as they are
	Rejected  int  `json:"rejected"`  // rows refused; see problems
	// OrganizationsCreated counts the organizations registered for the
	// rows (create_organizations=true); in a dry run, those it would register.
	OrganizationsCreated int                `json:"organizations_created"`
	Problems             []ImportRowProblem `json:"problems"` // why, every one of them
	// Truncated is always false: problems lists every problem. (The first
	// version listed 1000 at most and said so here.)
	Truncated bool   `json:"truncated"`
	Format    string `json:"format" enums:"csv,xlsx,ndjson"`
	// IgnoredColumns are the file's headers that name no field (序号, 备注,
	// a platform's own columns), in file order: their cells were not read.
	IgnoredColumns []string `json:"ignored_columns" example:"序号,备注"`
} //	@name	ImportReport

// ImportRowProblem is why one row was refused.
type ImportRowProblem struct {
	Row     int    `json:"row" example:"7"`                     // the row number as the spreadsheet shows it (the header is row 1); for NDJSON the line
	Field   string `json:"field" example:"published_on"`        // the column's API name; empty when about the whole row
	Cell    string `json:"cell,omitempty" example:"2030-01-01"` // the column's cell as the file holds it; left out when empty
	Message string `json:"message" example:"2030-01-01 is in the future"`
} //	@name	ImportRowProblem

// ImportRefused is the problem of an all-or-nothing import that refused
// rows and so wrote nothing, with its report.
type ImportRefused struct {
	Problem
	Report ImportReport `json:"report"`
} //	@name	ImportRefused

// toImportReport is r as the client sees it, its problems said in lang.
func toImportReport(r registry.ImportReport, dryRun bool, format string, ignored []string, lang locale.Language) ImportReport {
	out := ImportReport{
		DryRun: dryRun, Written: r.Written, Rows: r.Rows, Created: r.Created, Updated: r.Updated,
		Unchanged: r.Unchanged, Rejected: r.Rejected, OrganizationsCreated: r.OrganizationsCreated,
		Problems: make([]ImportRowProblem, len(r.Problems)), Format: format, IgnoredColumns: ignored,
	}
	if out.IgnoredColumns == nil {
		out.IgnoredColumns = []string{}
	}
	for i, p := range r.Problems {
		out.Problems[i] = ImportRowProblem{Row: p.Row, Field: p.Field, Cell: p.Cell, Message: lang.Say(p.Message)}
	}
	return out
}
