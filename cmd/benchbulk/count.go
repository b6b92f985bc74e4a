package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"strings"
)

// csvCounter counts the records of a CSV stream as it is written to it:
// line ends outside quoted cells, so a cell spanning lines is one record.
// It does no more than that, so the client takes little of the CPU the
// server needs; blank lines (which the registry never writes) would count.
type csvCounter struct {
	records int64
	quoted  bool // inside a quoted cell
	open    bool // bytes since the last record's end
}

func (c *csvCounter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		if c.quoted {
			// A doubled quote ("") leaves and re-enters at once.
			i := bytes.IndexByte(p, '"')
			if i < 0 {
				return n, nil
			}
			c.quoted, p = false, p[i+1:]
			continue
		}
		line := p
		nl := bytes.IndexByte(p, '\n')
		if nl >= 0 {
			line = p[:nl]
		}
		if q := bytes.IndexByte(line, '"'); q >= 0 {
			c.quoted, c.open, p = true, true, p[q+1:]
			continue
		}
		if nl < 0 {
			c.open = true
			return n, nil
		}
		c.records++
		c.open, p = false, p[nl+1:]
	}
	return n, nil
}

// rows is the number of records, a last one without its line end included.
func (c *csvCounter) rows() int64 {
	if c.open {
		return c.records + 1
	}
	return c.records
}

// lineCounter counts the lines of NDJSON (JSON text has no raw newlines).
type lineCounter struct {
	lines int64
	open  bool
}

func (c *lineCounter) Write(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	c.lines += int64(bytes.Count(p, []byte{'\n'}))
	c.open = p[len(p)-1] != '\n'
	return len(p), nil
}

func (c *lineCounter) rows() int64 {
	if c.open {
		return c.lines + 1
	}
	return c.lines
}

// countXLSXRows counts the <row> elements of a workbook's first worksheet,
// reading it as a stream (a million rows are about a gigabyte of XML).
func countXLSXRows(file string) (int64, error) {
	z, err := zip.OpenReader(file)
	if err != nil {
		return 0, fmt.Errorf("open the XLSX export: %w", err)
	}
	defer z.Close()
	var sheet *zip.File
	for _, f := range z.File {
		if path.Dir(f.Name) == "xl/worksheets" && strings.HasSuffix(f.Name, ".xml") && (sheet == nil || f.Name < sheet.Name) {
			sheet = f
		}
	}
	if sheet == nil {
		return 0, fmt.Errorf("the XLSX export has no worksheet")
	}
	r, err := sheet.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	return countOccurrences(r, "<row ", "<row>")
}

// countOccurrences counts the occurrences of the needles, all of one
// length, in r, however the reads split them.
func countOccurrences(r io.Reader, needles ...string) (int64, error) {
	size := len(needles[0])
	for _, n := range needles {
		if len(n) != size {
			return 0, fmt.Errorf("countOccurrences: needles of different lengths")
		}
	}
	buf := make([]byte, 256<<10)
	var count int64
	kept := 0 // the last size-1 bytes of the previous read, at buf's start
	for {
		n, err := r.Read(buf[kept:])
		if n > 0 {
			window := buf[:kept+n]
			for _, needle := range needles {
				count += int64(bytes.Count(window, []byte(needle)))
			}
			// Keep a tail too short to hold a whole needle, so none is
			// counted twice and none split across reads is missed.
			kept = min(size-1, len(window))
			copy(buf, window[len(window)-kept:])
		}
		if err == io.EOF {
			return count, nil
		}
		if err != nil {
			return count, err
		}
	}
}
