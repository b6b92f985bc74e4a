package tabular

import "stdreg/internal/fault"

// FileError is a problem with the file as a whole rather than with the
// fields of one row: content that is not text, a corrupt workbook, a ragged
// CSV row, a header that names an unknown, repeated or missing column, an
// NDJSON line that is not a JSON object. The import stops at a FileError,
// since the rows after it cannot be trusted to line up with the header.
type FileError struct {
	Row    int           // 1-based row (NDJSON: line) where it was found; 0 when not about one row
	Reason fault.Message // a sentence fit to show the person who sent the file
}

func (e *FileError) Error() string { return e.Reason.String() }

// fileErrorf builds a FileError; Reason carries the row itself when it
// matters, so it reads well on its own.
func fileErrorf(row int, format string, args ...any) *FileError {
	return &FileError{Row: row, Reason: fault.Msg(format, args...)}
}
