package tabular

import (
	"archive/zip"
	"encoding/xml"
	"io"
	"path"
	"strings"
)

// An XLSX file is a zip package of XML parts linked by relationship
// parts. These helpers find a worksheet's part the way excelize does, for
// the workbook check, which reads the worksheet's XML itself.

// withPart runs read on one decompressed part of the package.
func withPart(files map[string]*zip.File, name string, read func(io.Reader) (bool, error)) (bool, error) {
	f, ok := files[strings.ToLower(name)]
	if !ok {
		return false, fileErrorf(0, "not a readable XLSX file: the part %s is missing", name)
	}
	rc, err := f.Open()
	if err != nil {
		return false, fileErrorf(0, "not a readable XLSX file: the part %s cannot be opened", name)
	}
	defer rc.Close()
	ok, err = read(rc)
	if err != nil && !isFileError(err) {
		return false, fileErrorf(0, "not a readable XLSX file: the part %s is damaged", name)
	}
	return ok, err
}

// sheetPart follows the package's relationships from the workbook to the
// named worksheet's part, as excelize does.
func sheetPart(files map[string]*zip.File, sheet string) (string, error) {
	sheets, err := workbookSheets(files)
	if err != nil {
		return "", err
	}
	for _, s := range sheets {
		if s.name == sheet && s.part != "" {
			return s.part, nil
		}
	}
	return "", fileErrorf(0, "not a readable XLSX file: the worksheet %q has no part", sheet)
}

// firstSheetPart is the part of the workbook's first worksheet, the one
// excelize lists first and this package imports.
func firstSheetPart(files map[string]*zip.File) (string, error) {
	sheets, err := workbookSheets(files)
	if err != nil {
		return "", err
	}
	if len(sheets) == 0 || sheets[0].part == "" {
		return "", fileErrorf(0, "not a readable XLSX file: its first worksheet has no part")
	}
	return sheets[0].part, nil
}

type sheetEntry struct{ name, part string }

// workbookSheets lists the workbook's worksheets in order, each with its
// part ("" when its relationship is missing).
func workbookSheets(files map[string]*zip.File) ([]sheetEntry, error) {
	workbook := "xl/workbook.xml"
	var root relationships
	if _, err := withPart(files, "_rels/.rels", root.decode); err == nil {
		if t := root.target("/officeDocument", ""); t != "" {
			workbook = strings.TrimPrefix(t, "/")
		}
	}
	var wb struct {
		Sheets []struct {
			Name  string     `xml:"name,attr"`
			Attrs []xml.Attr `xml:",any,attr"`
		} `xml:"sheets>sheet"`
	}
	if _, err := withPart(files, workbook, decodeXML(&wb)); err != nil {
		return nil, err
	}
	var rels relationships
	if _, err := withPart(files, path.Join(path.Dir(workbook), "_rels", path.Base(workbook)+".rels"), rels.decode); err != nil {
		return nil, err
	}
	var sheets []sheetEntry
	for _, s := range wb.Sheets {
		e := sheetEntry{name: s.Name}
		for _, a := range s.Attrs {
			if a.Name.Local == "id" && a.Name.Space != "" {
				if t := rels.target("", a.Value); t != "" {
					e.part = resolvePart(workbook, t)
				}
			}
		}
		sheets = append(sheets, e)
	}
	return sheets, nil
}

type relationships struct {
	Rels []struct {
		ID     string `xml:"Id,attr"`
		Type   string `xml:"Type,attr"`
		Target string `xml:"Target,attr"`
	} `xml:"Relationship"`
}

func (r *relationships) decode(rd io.Reader) (bool, error) { return decodeXML(r)(rd) }

// target returns the target of the first relationship whose type ends
// with typeSuffix, or of the last whose id is id: excelize maps a sheet
// through every relationship of its id, so the last one stands.
func (r *relationships) target(typeSuffix, id string) string {
	target := ""
	for _, rel := range r.Rels {
		if typeSuffix != "" && strings.HasSuffix(rel.Type, typeSuffix) {
			return rel.Target
		}
		if id != "" && rel.ID == id {
			target = rel.Target
		}
	}
	return target
}

// resolvePart turns a relationship target, absolute ("/xl/…") or relative
// to the workbook's folder, into a package path.
func resolvePart(workbook, target string) string {
	if strings.HasPrefix(target, "/") {
		return target[1:]
	}
	return path.Join(path.Dir(workbook), target)
}

func decodeXML(v any) func(io.Reader) (bool, error) {
	return func(r io.Reader) (bool, error) { return true, xml.NewDecoder(r).Decode(v) }
}
