package tabular

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
)

// spillSize is excelize's UnzipXMLSizeLimit as this package sets it: a
// worksheet or the shared strings over this size are inflated to a
// temporary file and read from there as a stream; every other part, and
// those two when smaller, excelize holds in memory whole. excelize's
// default is 16 MiB; the shared strings it holds are decoded whole into
// structures many times their size, so this is smaller.
const spillSize = 1 << 20

// workbookCheck is what checkWorkbook learnt of a workbook: its parts by
// lower-cased name, and the formulas of each worksheet part.
type workbookCheck struct {
	files    map[string]*zip.File
	formulas map[string]map[int][]int // by lower-cased part name
	lim      *Limits
}

// partClass is how a part is read: what it costs and what is checked.
type partClass int

const (
	partOther   partClass = iota // not XML (pictures…): only its size
	partXML                      // XML that excelize may decode whole
	partSheet                    // a worksheet, which excelize streams
	partStrings                  // the shared strings
)

// classify tells a part's class from its name, as excelize does: it
// spills parts named xl/worksheets/sheet* and xl/sharedStrings.xml (in any
// case) to temporary files.
func classify(name string) partClass {
	switch {
	case name == "xl/sharedstrings.xml":
		return partStrings
	case strings.HasPrefix(name, "xl/worksheets/sheet"):
		return partSheet
	case strings.HasSuffix(name, ".xml"), strings.HasSuffix(name, ".rels"), strings.HasSuffix(name, ".vml"):
		return partXML
	}
	return partOther
}

// centralHeader starts each entry of a zip's central directory.
var centralHeader = []byte("PK\x01\x02")

// checkWorkbook refuses a workbook over lim before excelize opens it, in
// two steps. First, from the zip's directory and without inflating
// anything: the number of parts, and each part's size and compression
// ratio. Those sizes come from the file, but archive/zip, which excelize
// uses too, refuses to inflate an entry past its stated size (ErrFormat),
// so they bound what any reader of the file inflates. Second, it inflates
// the XML parts that get decoded (the worksheets, the shared strings, the
// styles, workbook and relationship parts…) and scans them (xmlScanner),
// counting the bytes that actually come out, so that no decoder meets a
// stretch of text, a cell, a shared string or a count of things over the
// limits. Pictures and the like are not inflated: only their size counts.
func checkWorkbook(data []byte, lim *Limits) (*workbookCheck, error) {
	// archive/zip builds a record for every entry of the directory before
	// anyone can count them; every entry starts with this signature, so
	// counting it bounds them first.
	if n := bytes.Count(data, centralHeader); n > lim.Parts {
		return nil, limitErrorf(LimitParts, int64(lim.Parts), 0, "the workbook has more than %s parts", count(int64(lim.Parts)))
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileErrorf(0, "not a readable XLSX file; it may be truncated or damaged, or not a workbook at all")
	}
	c := &workbookCheck{files: map[string]*zip.File{}, formulas: map[string]map[int][]int{}, lim: lim}
	var total, inMemory uint64
	for _, f := range zr.File {
		name := partName(f)
		if _, ok := c.files[name]; ok {
			// Readers differ on which one they take (excelize keeps the
			// last, of names that differ in case both): the part checked
			// must be the part read.
			return nil, fileErrorf(0, "not a readable XLSX file: the part %s appears twice", f.Name)
		}
		c.files[name] = f
		u, z := f.UncompressedSize64, f.CompressedSize64
		if total += u; u > uint64(lim.Unzipped) || total > uint64(lim.Unzipped) {
			return nil, limitErrorf(LimitUnzipped, lim.Unzipped, 0, "the workbook is over %s once decompressed", size(lim.Unzipped))
		}
		if u > uint64(lim.RatioFloor) && u/uint64(lim.Ratio) > z {
			return nil, limitErrorf(LimitRatio, lim.Ratio, 0, "the part %s of the workbook decompresses to %s, more than %d times its %s in the file; no real workbook compresses that well",
				f.Name, size(int64(u)), lim.Ratio, size(int64(z)))
		}
		class := classify(name)
		switch {
		case class == partSheet && u > uint64(lim.Worksheet):
			return nil, limitErrorf(LimitWorksheet, lim.Worksheet, 0, "the worksheet %s is over %s once decompressed", f.Name, size(lim.Worksheet))
		case class == partStrings && u > uint64(lim.SharedStringsSize):
			return nil, limitErrorf(LimitSharedStringsSize, lim.SharedStringsSize, 0, "the workbook's shared strings are over %s once decompressed", size(lim.SharedStringsSize))
		}
		if (class != partSheet && class != partStrings) || u <= spillSize {
			if inMemory += u; inMemory > uint64(lim.InMemory) {
				return nil, limitErrorf(LimitInMemory, lim.InMemory, 0,
					"the workbook's styles, pictures, small sheets and other parts are over %s together once decompressed (%s is one)", size(lim.InMemory), f.Name)
			}
		}
	}
	if total > uint64(lim.RatioFloor) && total/uint64(lim.Ratio) > uint64(len(data)) {
		// Parts may share their compressed bytes (an entry of the
		// directory can point into another's data), so the whole counts
		// too.
		return nil, limitErrorf(LimitRatio, lim.Ratio, 0, "the workbook decompresses to %s, more than %d times its %s; no real workbook compresses that well",
			size(int64(total)), lim.Ratio, size(int64(len(data))))
	}
	return c, c.scanParts(zr.File)
}

// scanParts scans the parts that get decoded, in the zip's order: the
// small XML parts first (they are cheap, and say which worksheet is the
// first), then the shared strings, then the worksheets.
func (c *workbookCheck) scanParts(entries []*zip.File) error {
	elements := 0
	first := ""
	for _, class := range []partClass{partXML, partStrings, partSheet} {
		if class == partSheet {
			// A workbook whose first sheet cannot be found is refused
			// with a reason once excelize has opened it (newXLSXSource).
			if part, err := firstSheetPart(c.files); err == nil {
				first = strings.ToLower(part)
			}
		}
		for _, f := range entries {
			name := partName(f)
			if classify(name) != class {
				continue
			}
			var s *xmlScanner
			switch class {
			case partXML:
				var counted *int
				if !strings.HasPrefix(name, "xl/worksheets/") {
					counted = &elements // not a worksheet's own relationships
				}
				s = newXMLScanner(scanXML, f.Name, c.lim, counted)
			case partStrings:
				s = newXMLScanner(scanStrings, f.Name, c.lim, nil)
			case partSheet:
				// Every worksheet is scanned for what would cost memory
				// to decode, in case excelize finds another one first
				// than this package does; the first is also checked for
				// its rows and columns, which only the imported sheet
				// must keep to.
				mode := scanSheet
				if name == first {
					mode = scanFirstSheet
				}
				s = newXMLScanner(mode, f.Name, c.lim, nil)
			}
			if err := c.scan(f, s); err != nil {
				return err
			}
			if s.formulas != nil {
				c.formulas[name] = s.formulas
			}
		}
	}
	return nil
}

// partName is the name a part is known by here: lower-cased, with "/".
func partName(f *zip.File) string { return strings.ToLower(strings.ReplaceAll(f.Name, `\`, "/")) }

// scan inflates one part into its scanner, counting what comes out: the
// part's stated size bounds it already (archive/zip refuses more), and the
// count makes that bound this package's own.
func (c *workbookCheck) scan(f *zip.File, s *xmlScanner) error {
	rc, err := f.Open()
	if err != nil {
		return fileErrorf(0, "not a readable XLSX file: the part %s cannot be opened", f.Name)
	}
	defer rc.Close()
	limit := f.UncompressedSize64
	buf := make([]byte, 64<<10)
	var n uint64
	for {
		m, err := rc.Read(buf)
		if n += uint64(m); n > limit {
			return fileErrorf(0, "not a readable XLSX file: the part %s is larger than the workbook says", f.Name)
		}
		if serr := s.write(buf[:m]); serr != nil {
			return serr
		}
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fileErrorf(0, "not a readable XLSX file: the part %s is damaged", f.Name)
		}
	}
}

// formulasOf returns the formulas of the named worksheet; sheetPart finds
// its part as excelize does.
func (c *workbookCheck) formulasOf(sheet string) (map[int][]int, error) {
	part, err := sheetPart(c.files, sheet)
	if err != nil {
		return nil, err
	}
	name := strings.ToLower(part)
	if f, ok := c.formulas[name]; ok {
		return f, nil
	}
	// A worksheet stored under another name: small (partXML and
	// partOther parts are held in memory, within Limits.InMemory), and
	// scanned now for its formulas.
	f, ok := c.files[name]
	if !ok {
		return nil, fileErrorf(0, "not a readable XLSX file: the part %s is missing", part)
	}
	s := newXMLScanner(scanFirstSheet, f.Name, c.lim, nil)
	if err := c.scan(f, s); err != nil {
		return nil, err
	}
	return s.formulas, nil
}
