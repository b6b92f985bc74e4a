package tabular

import (
	"mime"
	"path"
	"strings"
)

// Format is a file format for import and export.
type Format string

// The formats, named as the API's format parameter names them.
const (
	CSV    Format = "csv"    // comma-separated, UTF-8 or GB18030
	XLSX   Format = "xlsx"   // Office Open XML workbook; the first sheet is read
	NDJSON Format = "ndjson" // one JSON object per line, the API's field names
)

// Formats lists every format, for help texts and tests.
var Formats = []Format{CSV, XLSX, NDJSON}

const xlsxMIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// byMediaType maps the media types clients send for each format; parameters
// such as charset are stripped before the lookup.
var byMediaType = map[string]Format{
	"text/csv":             CSV,
	"application/csv":      CSV,
	xlsxMIME:               XLSX,
	"application/x-ndjson": NDJSON,
	"application/ndjson":   NDJSON,
	"application/jsonl":    NDJSON,
	"application/x-jsonl":  NDJSON,
}

var byExtension = map[string]Format{".csv": CSV, ".xlsx": XLSX, ".ndjson": NDJSON, ".jsonl": NDJSON}

// FormatOf picks the format of a request: an explicit parameter ("csv",
// "xlsx", "ndjson") wins when non-empty; otherwise the Content-Type decides,
// and failing that a file name in it (callers sometimes pass one). For a
// multipart upload prefer FormatOfPath on the file name: browsers on Windows
// label CSV files application/vnd.ms-excel.
func FormatOf(param, contentType string) (Format, error) {
	if p := strings.ToLower(strings.TrimSpace(param)); p != "" {
		f := Format(strings.TrimPrefix(p, "."))
		if f == "jsonl" {
			f = NDJSON
		}
		for _, known := range Formats {
			if f == known {
				return f, nil
			}
		}
		return "", fileErrorf(0, "unknown format %q; use csv, xlsx or ndjson", param)
	}
	if mt, _, err := mime.ParseMediaType(contentType); err == nil {
		if f, ok := byMediaType[mt]; ok {
			return f, nil
		}
		if mt == "application/vnd.ms-excel" {
			return "", fileErrorf(0, "the content type application/vnd.ms-excel is ambiguous (an old .xls workbook, or a CSV file sent from Windows); name the format: csv or xlsx")
		}
	}
	if f, err := FormatOfPath(contentType); err == nil {
		return f, nil
	}
	if strings.TrimSpace(contentType) == "" {
		return "", fileErrorf(0, "the file's format is not given; name it (csv, xlsx or ndjson) or send a Content-Type")
	}
	return "", fileErrorf(0, "unsupported content type %q; send text/csv, %s or application/x-ndjson", contentType, xlsxMIME)
}

// FormatOfPath picks the format from a file name's extension.
func FormatOfPath(name string) (Format, error) {
	ext := strings.ToLower(path.Ext(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/")))
	if f, ok := byExtension[ext]; ok {
		return f, nil
	}
	if ext == ".xls" {
		return "", fileErrorf(0, "old .xls workbooks are not supported; save the file as .xlsx or .csv")
	}
	return "", fileErrorf(0, "cannot tell the format of %q; use a .csv, .xlsx, .ndjson or .jsonl file", name)
}

// ContentType is the media type of an export in this format.
func (f Format) ContentType() string {
	switch f {
	case CSV:
		return "text/csv; charset=utf-8"
	case XLSX:
		return xlsxMIME
	case NDJSON:
		return "application/x-ndjson"
	}
	return "application/octet-stream"
}

// Extension is the file name extension of the format, with its dot.
func (f Format) Extension() string {
	if f == CSV || f == XLSX || f == NDJSON {
		return "." + string(f)
	}
	return ""
}
