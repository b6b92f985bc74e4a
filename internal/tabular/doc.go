// Package tabular reads and writes records as files for bulk import and
// export: CSV (UTF-8 or GB18030, as Chinese Excel saves it), XLSX and NDJSON.
// Standards are its main kind (Reader, Writer); projects, pilots and
// technical bodies have their own column tables (a schema each: see
// records.go) and go through the same readers and writers.
//
// It only translates between files and the domain's values: it touches
// no database and no HTTP, and it does not validate the domain rules. A row
// read from a file is handed to the registry exactly as a POST body would be,
// and the registry prepares and validates it. What this package reports are
// the problems only it can see: a file it cannot read (FileError) and cells it
// cannot turn into a field (Row.Err, naming the field as the API does).
//
// Every column is named by the record's JSON field name; readers also
// accept the Chinese names people use and the bilingual headers of the
// import template. Writers write exactly what readers read back, so an export
// can be edited and re-imported.
package tabular
