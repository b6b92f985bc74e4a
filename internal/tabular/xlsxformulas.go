package tabular

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// formulaCells finds the cells of a worksheet that hold formulas, by row
// (1-based) and column (0-based). excelize's streaming Rows iterator drops
// formulas, and GetCellFormula loads the whole worksheet into memory and
// costs a lookup per cell, so the worksheet's XML is read here instead:
// first a byte scan for a formula element, which nearly every import lacks,
// and only when one is found a full XML pass to place them.
func formulaCells(data []byte, sheet string) (map[int][]int, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileErrorf(0, "not a readable XLSX file; it may be truncated or damaged")
	}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/"))] = f
	}
	part, err := sheetPart(files, sheet)
	if err != nil {
		return nil, err
	}
	found, err := withPart(files, part, hasFormulaTag)
	if err != nil || !found {
		return nil, err
	}
	var cells map[int][]int
	_, err = withPart(files, part, func(r io.Reader) (bool, error) {
		var perr error
		cells, perr = placeFormulas(r)
		return true, perr
	})
	return cells, err
}

// hasFormulaTag scans for a formula element, <f> or a prefixed <x:f>, in
// chunks. Text cannot hold "<", so a match is a tag; ":f" may rarely match
// text too, which only costs the exact pass.
func hasFormulaTag(r io.Reader) (bool, error) {
	const overlap = 2 // a tag is 3 bytes: keep 2 so none is cut between chunks
	buf := make([]byte, overlap+64<<10)
	keep := 0
	for {
		n, err := r.Read(buf[keep:])
		chunk := buf[:keep+n]
		for _, tag := range formulaTags {
			if bytes.Contains(chunk, tag) {
				return true, nil
			}
		}
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		keep = copy(buf, chunk[max(0, len(chunk)-overlap):])
	}
}

var formulaTags = [][]byte{[]byte("<f>"), []byte("<f "), []byte("<f/"), []byte(":f>"), []byte(":f "), []byte(":f/")}

// placeFormulas lists the cells that have a formula element. Row and cell
// references may be omitted in the XML, meaning "the next one".
func placeFormulas(r io.Reader) (map[int][]int, error) {
	d := xml.NewDecoder(r)
	cells := map[int][]int{}
	row, col, inCell := 0, 0, false
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			return cells, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row, col = rowNumber(t.Attr, row), 0
			case "c":
				col, inCell = cellColumn(t.Attr, col), true
			case "f":
				if inCell {
					cells[row] = append(cells[row], col-1)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "c" {
				inCell = false
			}
		}
	}
}

// rowNumber reads a row's number, or counts on from prev.
func rowNumber(attrs []xml.Attr, prev int) int {
	for _, a := range attrs {
		if a.Name.Local == "r" && allDigits(a.Value) {
			return atoi(a.Value)
		}
	}
	return prev + 1
}

// cellColumn reads the 1-based column of a cell reference such as "G12",
// or counts on from prev.
func cellColumn(attrs []xml.Attr, prev int) int {
	for _, a := range attrs {
		if a.Name.Local == "r" {
			if col, _, err := excelize.CellNameToCoordinates(a.Value); err == nil {
				return col
			}
		}
	}
	return prev + 1
}
